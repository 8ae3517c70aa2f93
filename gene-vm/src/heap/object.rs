//! The kinds of heap object and the one table that maps each kind to its Rust type, so
//! tracing, sizing and freeing dispatch on the header's kind in one place.

use std::ptr::NonNull;

use super::{GcBox, Header, Tracer};
use crate::value::Value;

/// A Rust type that lives on the Gene heap. Its kind comes from the `objects!` table below,
/// the only place kinds are assigned, so two types can never share one.
pub trait Object: Kinded + Sized + 'static {
    /// Marks every value this object holds.
    fn trace(&self, tracer: &mut Tracer);

    /// Whether `trace` marks nothing, ever (strings, big ints, bytes): the collector then
    /// marks such an object without queueing it to be visited, which spares a second cache
    /// miss on its header for each of the many strings a program holds. `gc-verify` checks
    /// the promise by visiting these objects anyway and failing if one marks a value.
    const LEAF: bool = false;

    /// Memory the object owns outside its box (a string's bytes, an array's buffer), for
    /// deciding when to collect. An estimate is fine.
    fn extra_bytes(&self) -> usize {
        0
    }

    /// Bytes the object keeps in its own allocation, right after it (a string's text): the
    /// heap allocates, accounts for and frees them with the object. Only objects the heap
    /// builds itself have any ([`Heap::alloc_str`](super::Heap::alloc_str)).
    fn inline_bytes(&self) -> usize {
        0
    }
}

/// A Gene string: its text is immutable UTF-8 kept in the object's own allocation, right
/// after this header, so a string is one allocation (a six-letter word takes 24 bytes,
/// where a box and a separate buffer took 48 and two cache misses). The heap makes strings
/// ([`Heap::alloc_str`](super::Heap::alloc_str)) and reads their text
/// ([`Gc::text`](super::Gc::text)), since only it can reach past the header.
///
/// The first use of a string as a key (of a map, a gene's props, a selector) remembers the
/// symbol its text interns to, and later uses skip hashing and comparing the text: a word
/// counted with `(m .has w)`, `m/<w>` and `(m/<w> = …)` is looked up once.
#[repr(C)]
pub struct Str {
    len: u32,
    symbol: std::cell::Cell<u32>,
}

/// `Str::symbol` when no symbol is remembered (no symbol table grows that large).
const NO_SYMBOL: u32 = u32::MAX;

impl Str {
    /// The header of a string of `len` bytes, not yet used as a key.
    pub(super) fn header(len: u32) -> Str {
        Str {
            len,
            symbol: std::cell::Cell::new(NO_SYMBOL),
        }
    }

    /// The length of the text, in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// The symbol the text interns to, if a use as a key remembered it.
    pub(crate) fn remembered_symbol(&self) -> Option<crate::value::SymbolId> {
        let id = self.symbol.get();
        (id != NO_SYMBOL).then_some(crate::value::SymbolId(id))
    }

    pub(crate) fn remember_symbol(&self, id: crate::value::SymbolId) {
        if id.0 != NO_SYMBOL {
            self.symbol.set(id.0);
        }
    }
}

/// A 64-bit integer outside the inline small-int range.
pub struct BigInt(pub i64);

/// A Gene array.
pub struct Array(pub Vec<Value>);

impl Object for Str {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;

    fn inline_bytes(&self) -> usize {
        self.len()
    }
}

impl Object for BigInt {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

impl Object for Array {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_all(&self.0);
    }

    fn extra_bytes(&self) -> usize {
        self.0.capacity() * std::mem::size_of::<Value>()
    }
}

/// Property maps of maps and genes: keys are interned names, kept in insertion order.
pub type PropMap = indexmap::IndexMap<crate::value::SymbolId, Value, foldhash::fast::FixedState>;

/// A Gene map, `{^a 1 ^b 2}`.
pub struct Map(pub PropMap);

impl Object for Map {
    fn trace(&self, tracer: &mut Tracer) {
        self.0.values().for_each(|&v| tracer.mark(v));
    }

    fn extra_bytes(&self) -> usize {
        self.0.capacity() * (std::mem::size_of::<Value>() + 16)
    }
}

/// The storage of a `HashMap` or `HashSet`: entries in insertion order, and for each key's
/// hash (`runtime/hashing.rs`) the positions of the entries with that hash. Operations are in
/// `runtime/hash_table.rs`, since finding a key compares values, which needs the VM.
#[derive(Default)]
pub struct HashTable {
    /// Key and value; a set's values are nil.
    pub entries: Vec<(Value, Value)>,
    pub index: std::collections::HashMap<u64, Vec<u32>, foldhash::fast::FixedState>,
}

impl HashTable {
    fn trace(&self, tracer: &mut Tracer) {
        for &(key, value) in &self.entries {
            tracer.mark(key);
            tracer.mark(value);
        }
    }

    fn extra_bytes(&self) -> usize {
        self.entries.capacity() * 2 * std::mem::size_of::<Value>() + self.index.capacity() * 40
    }
}

/// A map whose keys are any values, compared by `==`: `{{1 "one" [1 2] "pair"}}`.
#[derive(Default)]
pub struct HashMapObject(pub HashTable);

/// A set of any values, compared by `==`: `(new HashSet 1 2)`.
#[derive(Default)]
pub struct HashSetObject(pub HashTable);

impl Object for HashMapObject {
    fn trace(&self, tracer: &mut Tracer) {
        self.0.trace(tracer);
    }

    fn extra_bytes(&self) -> usize {
        self.0.extra_bytes()
    }
}

impl Object for HashSetObject {
    fn trace(&self, tracer: &mut Tracer) {
        self.0.trace(tracer);
    }

    fn extra_bytes(&self) -> usize {
        self.0.extra_bytes()
    }
}

/// A gene as data, `(head ^prop value child…)`.
pub struct Gene {
    pub head: Value,
    pub props: PropMap,
    pub children: Vec<Value>,
}

impl Object for Gene {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.head);
        self.props.values().for_each(|&v| tracer.mark(v));
        tracer.mark_all(&self.children);
    }

    fn extra_bytes(&self) -> usize {
        self.props.capacity() * (std::mem::size_of::<Value>() + 16)
            + self.children.capacity() * std::mem::size_of::<Value>()
    }
}

/// An inclusive range of numbers, `(1 .. 3)` or `(range 0 10 2)`.
#[derive(Clone, Copy)]
pub struct Range {
    pub start: Value,
    pub end: Value,
    pub step: Value,
}

impl Object for Range {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.start);
        tracer.mark(self.end);
        tracer.mark(self.step);
    }
}

/// `%x` inside quoted data: what `$render` replaces with the value of `x`.
#[derive(Clone, Copy)]
pub struct Unquote {
    pub value: Value,
    /// `%_x`: evaluated for its effect, and left out of the rendered result.
    pub discard: bool,
}

impl Object for Unquote {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.value);
    }
}

/// A bytes value, `0#a0ff`.
pub struct Bytes(pub Vec<u8>);

impl Object for Bytes {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;

    fn extra_bytes(&self) -> usize {
        self.0.capacity()
    }
}

/// A regex literal, `#/ab+c/i`: as written, and compiled.
pub struct Regex {
    pub literal: gene_syntax::Datum,
    pub compiled: regex::Regex,
}

impl Object for Regex {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

/// An enum (`(enum Shape (Circle radius) Point)`): its name and members, each a variant
/// constructor or a unit value, in the order declared.
pub struct Enum {
    pub name: crate::value::SymbolId,
    pub members: PropMap,
}

impl Object for Enum {
    fn trace(&self, tracer: &mut Tracer) {
        self.members.values().for_each(|&v| tracer.mark(v));
    }
}

/// What `?` does with an enum value (spec 2.5): only the built-in `Result` and `Option`
/// variants take part, by identity, so a user enum's own `Ok` is an ordinary value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not a built-in `Result` or `Option` variant: `?` leaves it alone.
    Plain,
    /// `Ok`, `Some`: `?` unwraps it.
    Success,
    /// `Err`, `None`: `?` returns it from the function.
    Failure,
}

/// A variant of an enum with fields: calling it makes an [`EnumValue`].
pub struct Variant {
    pub enum_name: crate::value::SymbolId,
    pub name: crate::value::SymbolId,
    pub fields: Vec<crate::value::SymbolId>,
    /// The fields as a shape, so a payload is read through the same property caches as an
    /// instance's slots (`ShapeId::NONE` past `MAX_SHAPED` fields).
    pub shape: crate::runtime::shape::ShapeId,
    pub outcome: Outcome,
}

impl Object for Variant {
    fn trace(&self, _: &mut Tracer) {}
}

/// A value of an enum: a unit member (`Color/red`, no payload, `variant` its own name) or a
/// constructed one (`(Shape/Circle 2.5)`, `variant` the constructor).
pub struct EnumValue {
    pub enum_name: crate::value::SymbolId,
    pub name: crate::value::SymbolId,
    /// The constructor, for constructed values; nil for unit members.
    pub variant: Value,
    pub payload: Vec<Value>,
    /// Its variant's, for `?`.
    pub outcome: Outcome,
}

impl Object for EnumValue {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.variant);
        tracer.mark_all(&self.payload);
    }
}

/// A macro caller's variables, captured at the call for `$caller_eval`.
pub struct Env {
    pub names: std::rc::Rc<[String]>,
    pub upvalues: Box<[super::Gc<Upvalue>]>,
}

impl Object for Env {
    fn trace(&self, tracer: &mut Tracer) {
        for upvalue in self.upvalues.iter() {
            tracer.mark(upvalue.value());
        }
    }
}

/// Sealed: only the `objects!` table implements it.
mod kinded {
    pub trait Kinded {
        const KIND: super::ObjectKind;
    }
}

pub use kinded::Kinded;

/// A closure: a compiled function and the variables it captured.
pub struct Closure {
    pub function: super::Gc<crate::function::Function>,
    pub upvalues: Box<[super::Gc<Upvalue>]>,
}

impl Object for Closure {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.function.value());
        for upvalue in self.upvalues.iter() {
            tracer.mark(upvalue.value());
        }
    }

    fn extra_bytes(&self) -> usize {
        self.upvalues.len() * std::mem::size_of::<super::Gc<Upvalue>>()
    }
}

/// A captured variable. While the function that declared it runs, the variable lives in
/// its register (`Open`, an absolute index into the register arena); when that scope ends
/// the value moves in here (`Closed`), so every closure sharing it sees the same variable.
pub enum Upvalue {
    Open(usize),
    Closed(Value),
}

impl Object for Upvalue {
    fn trace(&self, tracer: &mut Tracer) {
        if let Upvalue::Closed(value) = self {
            tracer.mark(*value);
        }
    }
}

/// A function written in Rust, callable from Gene.
pub struct Native {
    pub name: std::borrow::Cow<'static, str>,
    pub code: NativeCode,
}

/// What runs when a native function is called.
#[derive(Clone)]
pub enum NativeCode {
    /// A built-in of the standard library, by its declaration: it works on raw values and
    /// follows the VM's rooting rules. The `Native`'s name is the one it was registered
    /// under, which its errors use.
    Builtin(crate::function::NativeFn),
    /// A host's function (`Vm::define_native`), which may hold state; it sees handles.
    Host(std::rc::Rc<crate::embed::HostFn>),
}

impl Object for Native {
    fn trace(&self, _: &mut Tracer) {}
}

/// Declares every object kind with its type, and the functions that dispatch on a kind.
macro_rules! objects {
    ($($kind:ident => $ty:ty, $name:literal, $key:ident),* $(,)?) => {
        /// What a heap object is; stored in its header.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum ObjectKind {
            $($kind),*
        }

        impl ObjectKind {
            /// The type name programs and messages see for objects of this kind (`typeof`
            /// refines it for dates, times and enum values).
            pub fn type_name(self) -> &'static str {
                match self {
                    $(ObjectKind::$kind => $name),*
                }
            }

            /// The built-in class whose methods objects of this kind have.
            #[inline(always)]
            pub fn type_key(self) -> crate::methods::TypeKey {
                match self {
                    $(ObjectKind::$kind => crate::methods::TypeKey::$key),*
                }
            }
        }

        $(impl kinded::Kinded for $ty {
            const KIND: ObjectKind = ObjectKind::$kind;
        })*

        /// Writes the object `value` as its kind prints (`print.rs`).
        pub(crate) fn show_object(
            vm: &crate::vm::Vm,
            value: Value,
            style: crate::print::Style,
            out: &mut String,
        ) {
            use crate::print::Show;
            let heap = &vm.heap;
            match heap.kind_of(value) {
                $(Some(ObjectKind::$kind) => heap
                    .downcast::<$ty>(value)
                    .expect("the kind was just read")
                    .get(heap)
                    .show(vm, value, style, out),)*
                None => out.push_str("<invalid>"),
            }
        }

        /// Whether objects of `kind` hold no values (`Object::LEAF`).
        #[inline(always)]
        pub(super) fn is_leaf(kind: ObjectKind) -> bool {
            const LEAVES: [bool; [$(ObjectKind::$kind),*].len()] = [$(<$ty as Object>::LEAF),*];
            LEAVES[kind as usize]
        }

        /// Marks the children of the object at `header`.
        ///
        /// # Safety
        /// `header` must point at a live object allocated by the heap.
        pub(super) unsafe fn trace(header: NonNull<Header>, tracer: &mut Tracer) {
            // SAFETY: the caller guarantees a live object, and its kind names its type
            // (heap invariant 3), so the cast matches the allocation.
            unsafe {
                match header.as_ref().kind {
                    $(ObjectKind::$kind => header.cast::<GcBox<$ty>>().as_ref().value.trace(tracer),)*
                }
            }
        }

        /// The bytes the object at `header` accounts for.
        ///
        /// # Safety
        /// As for [`trace`].
        pub(super) unsafe fn size_of(header: NonNull<Header>) -> usize {
            // SAFETY: as in `trace`.
            unsafe {
                match header.as_ref().kind {
                    $(ObjectKind::$kind => {
                        let value = &header.cast::<GcBox<$ty>>().as_ref().value;
                        super::layout_of(value).size() + value.extra_bytes()
                    })*
                }
            }
        }

        /// Frees the object at `header`.
        ///
        /// # Safety
        /// As for [`trace`], and the object must not be used or freed again.
        pub(super) unsafe fn free(header: NonNull<Header>) {
            // SAFETY: the object was allocated as a `GcBox<T>` of the type its kind names,
            // with `layout_of` its value (heap invariants 1 and 3), and the caller frees it
            // only once; the layout is read before the value is dropped.
            unsafe {
                match header.as_ref().kind {
                    $(ObjectKind::$kind => {
                        let boxed = header.cast::<GcBox<$ty>>().as_ptr();
                        let layout = super::layout_of(&(*boxed).value);
                        std::ptr::drop_in_place(boxed);
                        std::alloc::dealloc(boxed.cast::<u8>(), layout);
                    })*
                }
            }
        }

        /// Drops the contents of the object at `header` but keeps its memory, marked
        /// poisoned, and returns the layout to free it with later (`gc-verify`).
        ///
        /// # Safety
        /// As for [`free`].
        #[cfg(feature = "gc-verify")]
        pub(super) unsafe fn poison(header: NonNull<Header>) -> std::alloc::Layout {
            // SAFETY: as in `free`; the contents are dropped exactly once and the header,
            // which stays valid, records that they are gone.
            unsafe {
                header.as_ref().poisoned.set(true);
                match header.as_ref().kind {
                    $(ObjectKind::$kind => {
                        let boxed = header.cast::<GcBox<$ty>>().as_ptr();
                        let layout = super::layout_of(&(*boxed).value);
                        std::ptr::drop_in_place(&raw mut (*boxed).value);
                        layout
                    })*
                }
            }
        }
    };
}

// Each kind: its Rust type, the type name programs see, and the built-in class (`TypeKey`)
// whose methods it has.
objects! {
    Str => Str, "String", String,
    BigInt => BigInt, "Int", Int,
    Array => Array, "Array", Array,
    Map => Map, "Map", Map,
    Gene => Gene, "Gene", Gene,
    Range => Range, "Range", Range,
    Unquote => Unquote, "Unquote", Other,
    Env => Env, "Env", Other,
    Class => crate::runtime::class::Class, "Class", Class,
    Instance => crate::runtime::class::Instance, "Instance", Instance,
    Namespace => crate::runtime::namespace::Namespace, "Namespace", Other,
    Generator => crate::runtime::generator::Generator, "Generator", Generator,
    Iterator => crate::stdlib::iterator::Iterator, "Iterator", Iterator,
    Bytes => Bytes, "Bytes", Bytes,
    Date => crate::stdlib::time::Date, "Date", Date,
    Time => crate::stdlib::time::Time, "Time", Time,
    DateTime => crate::stdlib::time::DateTime, "DateTime", DateTime,
    Duration => crate::stdlib::time::Duration, "Duration", Duration,
    Regex => Regex, "Regex", Regex,
    RegexMatch => crate::stdlib::regex::RegexMatch, "RegexMatch", RegexMatch,
    Enum => Enum, "Enum", Other,
    Variant => Variant, "Function", Function,
    EnumValue => EnumValue, "EnumValue", Other,
    Closure => Closure, "Function", Function,
    // Programs see closures, never the compiled functions inside them.
    Function => crate::function::Function, "FunctionProto", Other,
    Upvalue => Upvalue, "Upvalue", Other,
    Native => Native, "Function", Function,
    Module => crate::runtime::module::Module, "Module", Other,
    // A selector is called like a function, and has a function's methods (`.call`).
    Selector => crate::runtime::selector::Selector, "Selector", Function,
    HashMap => HashMapObject, "HashMap", HashMap,
    HashSet => HashSetObject, "HashSet", HashSet,
    Future => crate::runtime::future::Future, "Future", Future,
    Stream => crate::stdlib::io::Stream, "IOHandle", Stream,
    Process => crate::stdlib::subprocess::Process, "Process", Process,
}
