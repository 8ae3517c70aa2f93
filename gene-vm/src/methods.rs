//! Method calls: `("a,b" .split ",")`, `(arr .push x)`, `(point .norm)`. Each class has its
//! own method table (`runtime/class.rs`); a method is a built-in native or any callable
//! value (a Gene closure runs in the interpreter's own loop). A call site's inline cache
//! remembers the receiver class it saw and the method found for it, under the methods'
//! version, which every definition and every new class bumps, so redefining a method
//! reaches every call site at once.

use std::cell::Cell;

use crate::function::{Function, NativeFn};
use crate::heap::Gc;
use crate::stdlib::Called;
use crate::value::{SymbolId, Value, ValueView};
use crate::vm::{Vm, VmError};

/// The receiver types methods are defined on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKey {
    Nil,
    Void,
    Bool,
    Int,
    Float,
    Char,
    Symbol,
    String,
    Array,
    Map,
    Gene,
    Range,
    Function,
    Exception,
    Bytes,
    Date,
    Time,
    DateTime,
    Duration,
    Regex,
    RegexMatch,
    Class,
    Generator,
    Iterator,
    /// Instances of classes, whose class each instance names.
    Instance,
    HashMap,
    HashSet,
    Future,
    /// `$stdin`, `$stdout` and `$stderr`.
    Stream,
    /// A child process (`system/Process/start`).
    Process,
    Other,
}

impl TypeKey {
    /// How many keys there are.
    pub(crate) const COUNT: usize = TypeKey::Other as usize + 1;
}

impl TypeKey {
    /// The key of the built-in class named `name`, for classes that have methods of their
    /// own (`Any` has the methods every value has, and no key).
    pub(crate) fn of_class(name: &str) -> Option<TypeKey> {
        Some(match name {
            "Nil" => TypeKey::Nil,
            "Void" => TypeKey::Void,
            "Bool" => TypeKey::Bool,
            "Int" => TypeKey::Int,
            "Float" => TypeKey::Float,
            "Char" => TypeKey::Char,
            "Symbol" => TypeKey::Symbol,
            "String" => TypeKey::String,
            "Array" => TypeKey::Array,
            "Map" => TypeKey::Map,
            "Gene" => TypeKey::Gene,
            "Range" => TypeKey::Range,
            "Function" => TypeKey::Function,
            "Exception" => TypeKey::Exception,
            "Bytes" => TypeKey::Bytes,
            "Date" => TypeKey::Date,
            "Time" => TypeKey::Time,
            "DateTime" => TypeKey::DateTime,
            "Duration" => TypeKey::Duration,
            "Regex" => TypeKey::Regex,
            "RegexMatch" => TypeKey::RegexMatch,
            "Class" => TypeKey::Class,
            "Generator" => TypeKey::Generator,
            "Iterator" => TypeKey::Iterator,
            "HashMap" => TypeKey::HashMap,
            "HashSet" => TypeKey::HashSet,
            "Future" => TypeKey::Future,
            "IOHandle" => TypeKey::Stream,
            "Process" => TypeKey::Process,
            _ => return None,
        })
    }
}

/// How many arguments a native method gets without a heap-allocated argument list.
pub(crate) const INLINE_ARGS: usize = 8;

/// What a method is: the receiver comes first among its arguments.
#[derive(Clone, Copy)]
pub(crate) enum Method {
    /// A built-in, by its declaration, called directly with the registers as its
    /// arguments once they fit the declared signature.
    Builtin(NativeFn),
    /// Any callable value (a closure, a host function), called like a function.
    Callable(Value),
}

/// How many receiver classes one method call site remembers.
const METHOD_WAYS: usize = 2;

/// What a method call site found for one receiver class (by address, 0 for none), under
/// the methods' version then.
#[derive(Clone, Copy, Default)]
struct MethodEntry {
    class: usize,
    version: u32,
    method: Option<Method>,
}

/// One call or property site's inline cache. A site is of one kind, so it uses either the
/// method entries or the property ones (`runtime/props.rs`); each entry is its own cell, so
/// a lookup reads only what it compares.
#[derive(Default)]
pub struct InlineCache {
    methods: [Cell<MethodEntry>; METHOD_WAYS],
    pub(crate) props: crate::runtime::props::PropCache,
}

impl InlineCache {
    /// The callable values the cache holds, which the collector must keep.
    pub(crate) fn held(&self) -> impl Iterator<Item = Value> + '_ {
        self.methods
            .iter()
            .filter_map(|entry| match entry.get().method {
                Some(Method::Callable(value)) => Some(value),
                _ => None,
            })
    }

    #[inline(always)]
    fn method_for(&self, class: usize, version: u32) -> Option<Method> {
        for entry in &self.methods {
            let entry = entry.get();
            if entry.class == class && entry.version == version {
                return entry.method;
            }
        }
        None
    }

    /// Remembers `method` for `class`, in place of the entry used least recently.
    fn remember_method(&self, class: usize, version: u32, method: Method) {
        for way in (1..METHOD_WAYS).rev() {
            self.methods[way].set(self.methods[way - 1].get());
        }
        self.methods[0].set(MethodEntry {
            class,
            version,
            method: Some(method),
        });
    }
}

/// What call sites' caches are checked against.
#[derive(Default)]
pub struct MethodTable {
    /// Bumped by every definition and every new class: caches filled under an older
    /// version are stale.
    version: u32,
}

impl MethodTable {
    pub(crate) fn bump_version(&mut self) {
        self.version = self.version.wrapping_add(1);
    }
}

/// Why a method call site found no method: the error to raise, unless the receiver has a
/// field of the name.
pub(crate) enum Resolved {
    Method(Method),
    /// An enum value's field read like a method: `(c .radius)`.
    Field(Value),
    /// The class lacks the method but has `on_method_missing`, which gets the name first.
    Missing(Method),
}

impl Vm {
    /// Defines `name` as a method of values of type `ty`; the built-in gets the receiver as
    /// its first argument.
    pub(crate) fn define_builtin_method(&mut self, ty: TypeKey, name: &str, builtin: NativeFn) {
        self.define_method_as(ty, name, Method::Builtin(builtin));
    }

    pub(crate) fn define_method_as(&mut self, ty: TypeKey, name: &str, method: Method) {
        let id = self.symbols.intern(name);
        let class = self.builtin_classes.of_key(ty);
        self.define_class_method(class, id, method);
    }

    /// Defines a method every value has: a method of `Any`.
    pub(crate) fn define_any_method(&mut self, name: &str, builtin: NativeFn) {
        let id = self.symbols.intern(name);
        let any = self.builtin_classes.any;
        self.define_class_method(any, id, Method::Builtin(builtin));
    }

    #[inline(always)]
    pub(crate) fn type_key(&self, value: Value) -> TypeKey {
        if let Some(kind) = self.heap.kind_of(value) {
            return kind.type_key();
        }
        if value.is_small_int() {
            return TypeKey::Int;
        }
        if value.is_float() {
            return TypeKey::Float;
        }
        match value.view() {
            ValueView::Nil => TypeKey::Nil,
            ValueView::Void => TypeKey::Void,
            ValueView::Bool(_) => TypeKey::Bool,
            ValueView::Char(_) => TypeKey::Char,
            ValueView::Symbol(_) => TypeKey::Symbol,
            _ => TypeKey::Other,
        }
    }

    /// The method `name` of values of type `ty`.
    #[cfg(test)]
    pub(crate) fn find_method(&self, ty: TypeKey, name: SymbolId) -> Option<Method> {
        self.find_method_in(self.builtin_classes.of_key(ty), name)
    }

    /// The method `name` of values like `receiver`, through call site `ic` of `function`.
    #[inline(always)]
    pub(crate) fn resolve_method(
        &self,
        function: Gc<Function>,
        ic: usize,
        name: SymbolId,
        receiver: Value,
    ) -> Result<Resolved, VmError> {
        let class = self.class_of(receiver);
        if let Some(method) = self.cached_method(function, ic, class, name) {
            return Ok(Resolved::Method(method));
        }
        if let Some(value) = self.enum_field(receiver, name) {
            return Ok(Resolved::Field(value));
        }
        let missing = self.fast_names.on_method_missing;
        match self.find_method_in(class, missing) {
            Some(handler) if name != missing => Ok(Resolved::Missing(handler)),
            _ => Err(self.no_such_method(receiver, name)),
        }
    }

    /// Calls `handler`, the `on_method_missing` of `receiver`'s class, for the call of its
    /// missing method `name` with `args`: the name comes first, as a symbol.
    #[cold]
    pub(crate) fn call_method_missing(
        &mut self,
        handler: Method,
        receiver: Value,
        name: SymbolId,
        args: &[Value],
    ) -> Result<Value, VmError> {
        let mut all = Vec::with_capacity(args.len() + 2);
        all.extend([receiver, Value::symbol(name)]);
        all.extend_from_slice(args);
        let missing = self.fast_names.on_method_missing;
        self.call_method_value(handler, missing, &all)
    }

    /// Runs `method` (named `name`, for a built-in's error) from native code with `args`,
    /// the receiver first.
    pub(crate) fn call_method_value(
        &mut self,
        method: Method,
        name: SymbolId,
        args: &[Value],
    ) -> Result<Value, VmError> {
        match method {
            Method::Callable(callable) => self.call_value(callable, args),
            Method::Builtin(builtin) => {
                self.run_builtin(builtin, crate::stdlib::Called::Method(name), args)
            }
        }
    }

    /// Method `name` of instances of `class`, through call site `ic` of `function`: the
    /// cached one while the class and the methods' version are those it was found under.
    #[inline(always)]
    pub(crate) fn cached_method(
        &self,
        function: Gc<Function>,
        ic: usize,
        class: Gc<crate::runtime::class::Class>,
        name: SymbolId,
    ) -> Option<Method> {
        let cache = &function.get(&self.heap).ics[ic];
        let version = self.methods.version;
        if let Some(method) = cache.method_for(class.address(), version) {
            return Some(method);
        }
        let method = self.find_method_in(class, name)?;
        cache.remember_method(class.address(), version, method);
        Some(method)
    }

    #[cold]
    pub(crate) fn no_such_method(&self, receiver: Value, name: SymbolId) -> VmError {
        VmError::type_error(format!(
            "{} has no method `.{}`",
            crate::print::type_name(self, receiver),
            self.symbols.name(name)
        ))
    }

    /// Keeps `value` alive until the matching [`Vm::pop_roots`], for native code that holds
    /// it across a call back into Gene.
    pub(crate) fn push_root(&mut self, value: Value) {
        self.temp_roots.push(value);
    }

    /// Drops the last `count` roots pushed.
    pub(crate) fn pop_roots(&mut self, count: usize) {
        let len = self.temp_roots.len().saturating_sub(count);
        self.temp_roots.truncate(len);
    }

    /// Runs a built-in with the arguments in registers `start..start+count` (a method's
    /// receiver first), once they fit its signature, without allocating for short argument
    /// lists. The arena always has `INLINE_ARGS` registers of slack past any frame, so the
    /// copy has a fixed size. `called` is what the user called, for the error.
    #[inline(always)]
    pub(crate) fn call_native_in_registers(
        &mut self,
        builtin: NativeFn,
        called: Called,
        start: usize,
        count: usize,
    ) -> Result<Value, VmError> {
        if count <= INLINE_ARGS {
            let mut args = [Value::NIL; INLINE_ARGS];
            args.copy_from_slice(&self.registers[start..start + INLINE_ARGS]);
            self.run_builtin(builtin, called, &args[..count])
        } else {
            let args = self.registers[start..start + count].to_vec();
            self.run_builtin(builtin, called, &args)
        }
    }

    #[inline(always)]
    pub(crate) fn run_builtin(
        &mut self,
        builtin: NativeFn,
        called: Called,
        args: &[Value],
    ) -> Result<Value, VmError> {
        let checked = match called {
            Called::Method(_) => &args[1..],
            Called::Function(_) => args,
        };
        if !builtin.accepts(self, checked) {
            if let Some(result) = self.run_with_chars_as_text(builtin, called, args) {
                return result;
            }
            return Err(self.builtin_mismatch(builtin, called, args));
        }
        (builtin.body)(self, args)
    }

    /// Runs a built-in whose arguments fit once each Char given where text is declared is
    /// made a one-character String; `None` when they still do not fit.
    #[cold]
    #[inline(never)]
    fn run_with_chars_as_text(
        &mut self,
        builtin: NativeFn,
        called: Called,
        args: &[Value],
    ) -> Option<Result<Value, VmError>> {
        let skip = usize::from(matches!(called, Called::Method(_)));
        let mut converted = args.to_vec();
        let mut changed = false;
        for (index, value) in converted.iter_mut().enumerate().skip(skip) {
            if let ValueView::Char(c) = value.view() {
                if builtin.takes_text(index - skip) {
                    match self.string(c.to_string()) {
                        Ok(text) => *value = text,
                        Err(error) => return Some(Err(error)),
                    }
                    changed = true;
                }
            }
        }
        if !changed || !builtin.accepts(self, &converted[skip..]) {
            return None;
        }
        // The new strings live only here while the body may call back into Gene.
        for &value in &converted {
            self.push_root(value);
        }
        let result = (builtin.body)(self, &converted);
        self.pop_roots(converted.len());
        Some(result)
    }

    #[cold]
    #[inline(never)]
    fn builtin_mismatch(&self, builtin: NativeFn, called: Called, args: &[Value]) -> VmError {
        let name = match called {
            Called::Method(name) => {
                let class = crate::print::type_name(self, args[0]);
                format!("{class}.{}", self.symbols.name(name))
            }
            Called::Function(native) => self
                .heap
                .downcast::<crate::heap::Native>(native)
                .map_or_else(|| "?".to_string(), |n| n.get(&self.heap).name.to_string()),
        };
        let checked = match called {
            Called::Method(_) => &args[1..],
            Called::Function(_) => args,
        };
        builtin.mismatch(self, &name, checked)
    }
}
