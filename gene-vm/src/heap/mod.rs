//! The garbage-collected heap: precise, non-moving mark-sweep over objects that share a
//! [`Header`].
//!
//! All `unsafe` of the heap is in this module. The invariants it relies on:
//!
//! 1. Every object is allocated here as a `GcBox<T>`, `#[repr(C)]` with the header first,
//!    followed in the same allocation by the object's inline bytes (a string's text), with
//!    the layout `layout_of` gives; it is freed only by [`Heap::collect`] (or when the heap
//!    is dropped), with that layout. Its address never changes while it lives.
//! 2. A [`Gc<T>`] or an object [`Value`] is only dereferenced while its object is alive. The
//!    VM keeps that true by collecting only at safepoints, when every value it will use again
//!    is reachable from the roots it passes to `collect` (registers, globals, constants,
//!    open upvalues, handler stack, suspended frames). Between safepoints nothing is freed.
//! 3. A header's `kind` always names the `T` its `GcBox` was allocated with, so code that
//!    dispatches on the kind may cast the header pointer back to that `GcBox<T>`.
//!
//! A value stores its object's address as an integer (NaN boxing), so addresses leave and
//! re-enter pointer form through `expose_provenance` and `with_exposed_provenance`, the
//! standard library's model for exactly this; Miri runs with permissive provenance.
//!
//! Two modes find rooting mistakes. Stress ([`Heap::set_stress`], on by default under the
//! `gc-stress` feature) collects at every safepoint, so a value the VM forgot to root is freed
//! at once. Verification (the `gc-verify` feature) makes that freeing observable, as Lua's
//! `ltests` heap checks do: a freed object is poisoned (its contents dropped, its memory kept
//! and never reused), every collection checks that each value it reaches is a live object
//! of this heap, and reading a poisoned object panics, naming the mistake, instead of
//! silently reading freed memory.

mod object;
mod roots;

use std::cell::Cell;
use std::ptr::NonNull;

pub(crate) use object::show_object;
pub use object::{
    Array, BigInt, Bytes, Closure, Enum, EnumValue, Env, Gene, HashMapObject, HashSetObject,
    HashTable, Kinded, Map, Native, NativeCode, Object, ObjectKind, Outcome, PropMap, Range, Regex,
    Str, Unquote, Upvalue, Variant,
};

use crate::value::Value;

/// The part every heap object starts with.
#[repr(C)]
pub struct Header {
    kind: ObjectKind,
    marked: Cell<bool>,
    /// Set for frozen literals (`#[…]`, `#{…}`, `#(…)`), which refuse changes.
    frozen: Cell<bool>,
    /// Set on objects a collection freed, under `gc-verify` (which keeps their memory).
    #[cfg(feature = "gc-verify")]
    poisoned: Cell<bool>,
}

impl Header {
    /// The header of a new object of `kind`: unmarked, not frozen.
    fn new(kind: ObjectKind) -> Header {
        Header {
            kind,
            marked: Cell::new(false),
            frozen: Cell::new(false),
            #[cfg(feature = "gc-verify")]
            poisoned: Cell::new(false),
        }
    }

    /// Panics if the object was freed: under `gc-verify` that is a use after free caught.
    #[inline(always)]
    fn check_live(&self) {
        #[cfg(feature = "gc-verify")]
        if self.poisoned.get() {
            poisoned_object_used(self.kind);
        }
    }
}

#[cfg(feature = "gc-verify")]
#[cold]
#[inline(never)]
fn poisoned_object_used(kind: ObjectKind) -> ! {
    panic!(
        "gc-verify: a freed {kind:?} object was used: something held a value the collector \
         could not see (an unrooted value)"
    )
}

#[repr(C)]
struct GcBox<T> {
    header: Header,
    value: T,
}

/// The allocation of an object: its box, then its inline bytes. For an object without inline
/// bytes this is `Layout::new::<GcBox<T>>()`, the layout `Box` allocates.
fn layout_of<T: Object>(value: &T) -> std::alloc::Layout {
    let inline = std::alloc::Layout::array::<u8>(value.inline_bytes())
        .expect("inline bytes are checked against MAX_STR_BYTES when allocated");
    std::alloc::Layout::new::<GcBox<T>>()
        .extend(inline)
        .expect("inline bytes are checked against MAX_STR_BYTES when allocated")
        .0
        .pad_to_align()
}

/// The longest text a string can hold, in bytes.
pub const MAX_STR_BYTES: usize = u32::MAX as usize;

/// A typed handle to a heap object. Copying it does not keep the object alive: only being
/// reachable from the roots at a collection does.
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Gc<T> {
        *self
    }
}

impl<T> Copy for Gc<T> {}

impl<T> PartialEq for Gc<T> {
    fn eq(&self, other: &Gc<T>) -> bool {
        self.ptr == other.ptr
    }
}

impl<T> Gc<T> {
    /// The object's address, as an identity to compare (caches keyed by object). It says
    /// nothing about whether the object is still alive.
    pub fn address(self) -> usize {
        self.ptr.as_ptr().addr()
    }
}

impl<T: Object> Gc<T> {
    /// The object as a value.
    pub fn value(self) -> Value {
        Value::object_address(self.ptr.as_ptr().expose_provenance())
    }

    /// The object. Sound while the object is alive (invariant 2): the heap cannot collect
    /// while the returned borrow of it lives, because collecting needs `&mut Heap`.
    pub fn get(self, _heap: &Heap) -> &T {
        // SAFETY: by invariant 2 the object is alive, and by invariant 1 `ptr` points at the
        // `GcBox<T>` it was allocated as. The borrow of `_heap` keeps `collect` from running
        // while the reference exists.
        let boxed = unsafe { self.ptr.as_ref() };
        boxed.header.check_live();
        &boxed.value
    }

    /// The object, mutably. The borrow of the heap is exclusive, so no other reference to
    /// any object can exist at the same time.
    pub fn get_mut(self, _heap: &mut Heap) -> &mut T {
        // SAFETY: as for `get`; the exclusive borrow of the heap rules out aliasing, since
        // every other reference to a heap object borrows the heap.
        let boxed = unsafe { &mut *self.ptr.as_ptr() };
        boxed.header.check_live();
        &mut boxed.value
    }
}

/// Collects the values a collection must keep alive.
pub struct Tracer<'h> {
    gray: &'h mut Vec<NonNull<Header>>,
    /// Under `gc-verify`, what every value reached is checked against.
    #[cfg(feature = "gc-verify")]
    verify: &'h Verification,
    /// Under `gc-verify`, how many object values this tracer was given: a leaf's must be 0.
    #[cfg(feature = "gc-verify")]
    marked_values: usize,
}

/// The addresses of a heap's live and of its poisoned objects, kept up to date by each
/// allocation and each sweep (rebuilding them at every collection, which gc-stress makes
/// every safepoint, was most of a verified run's time).
#[cfg(feature = "gc-verify")]
#[derive(Default)]
struct Verification {
    // foldhash, not SipHash: the sets are rebuilt at every collection, which gc-stress
    // makes every safepoint, and hashing was most of a verified run's time.
    live: std::collections::HashSet<usize, foldhash::fast::FixedState>,
    poisoned: std::collections::HashSet<usize, foldhash::fast::FixedState>,
}

impl Tracer<'_> {
    /// Marks `value` reachable (non-objects are ignored).
    pub fn mark(&mut self, value: Value) {
        if let Some(address) = value.object_address_of() {
            #[cfg(feature = "gc-verify")]
            {
                self.verify(address);
                self.marked_values += 1;
            }
            let header = std::ptr::with_exposed_provenance_mut::<Header>(address);
            // SAFETY: an object value is the address of a live object's header (invariants 1
            // and 2: the roots and live objects only hold live values).
            let header = unsafe { NonNull::new_unchecked(header) };
            // SAFETY: as above, the header is alive.
            let marked = unsafe { &header.as_ref().marked };
            if !marked.replace(true) {
                // SAFETY: as above, the header is alive.
                let kind = unsafe { header.as_ref().kind };
                if !object::is_leaf(kind) || cfg!(feature = "gc-verify") {
                    self.gray.push(header);
                }
            }
        }
    }

    pub fn mark_all(&mut self, values: &[Value]) {
        values.iter().for_each(|&v| self.mark(v));
    }

    /// Checks, before the header is read, that `address` is a live object of this heap.
    #[cfg(feature = "gc-verify")]
    fn verify(&self, address: usize) {
        if self.verify.live.contains(&address) {
            return;
        }
        let header = std::ptr::with_exposed_provenance::<Header>(address);
        // SAFETY: not a live object, so either one this heap poisoned (whose memory
        // `gc-verify` keeps) or a corrupt value; only a poisoned object's header is read.
        let kind = (self.verify.poisoned.contains(&address)).then(|| unsafe { (*header).kind });
        match kind {
            Some(kind) => panic!(
                "gc-verify: a reachable value points to a freed {kind:?} object: it was not \
                 rooted at an earlier collection"
            ),
            None => panic!("gc-verify: a reachable value points to no object of this heap"),
        }
    }
}

/// How much was collected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CollectStats {
    pub freed_objects: usize,
    pub live_objects: usize,
    pub live_bytes: usize,
}

impl Gc<Str> {
    /// The string's text. Sound while the object is alive (invariant 2), like [`Gc::get`].
    pub fn text(self, _heap: &Heap) -> &str {
        // SAFETY: by invariant 2 the object is alive; by invariant 1 it is a `GcBox<Str>`
        // followed by `len` bytes in the same allocation, which `alloc_str` copied from a
        // `&str` (so they are UTF-8) and nothing ever changes. The pointer to them derives
        // from `ptr`, which carries the provenance of the whole allocation (it comes from
        // the allocator, or from an exposed address of it), not from a reference to the
        // header. The borrow of `_heap` keeps `collect` from freeing them meanwhile.
        unsafe {
            let boxed = self.ptr.as_ref();
            boxed.header.check_live();
            let bytes = self
                .ptr
                .as_ptr()
                .cast::<u8>()
                .add(std::mem::size_of::<GcBox<Str>>());
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(bytes, boxed.value.len()))
        }
    }
}

/// The heap of one VM.
pub struct Heap {
    objects: Vec<NonNull<Header>>,
    bytes: usize,
    /// A collection is due once `bytes` passes this.
    threshold: usize,
    /// Refuse allocations that would take the heap past this many bytes.
    limit: usize,
    /// Collect at the next safepoint once past this many bytes.
    soft_limit: usize,
    /// Collect at every safepoint (see the module docs).
    stress: bool,
    /// `bytes` at which the next safepoint collects: 0 under stress.
    trigger: usize,
    /// `trigger`, or 0 while an interrupt waits: what safepoints test (`interrupt.rs`).
    poll: std::sync::Arc<crate::interrupt::SafepointPoll>,
    /// How many collections have run.
    collections: usize,
    /// Freed objects, kept allocated and never reused, with the layout to free them with
    /// when the heap goes.
    #[cfg(feature = "gc-verify")]
    poisoned: Vec<(NonNull<Header>, std::alloc::Layout)>,
    /// What each value a collection reaches is checked against.
    #[cfg(feature = "gc-verify")]
    verification: Verification,
}

/// The heap grew past its configured limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapExhausted {
    pub limit: usize,
}

const INITIAL_THRESHOLD: usize = 1 << 20;

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap::with_limit(usize::MAX)
    }

    /// A heap that refuses to grow past `limit` bytes of objects.
    pub fn with_limit(limit: usize) -> Heap {
        let mut heap = Heap {
            objects: Vec::new(),
            bytes: 0,
            threshold: INITIAL_THRESHOLD,
            limit,
            soft_limit: limit,
            stress: cfg!(feature = "gc-stress"),
            trigger: 0,
            poll: Default::default(),
            collections: 0,
            #[cfg(feature = "gc-verify")]
            poisoned: Vec::new(),
            #[cfg(feature = "gc-verify")]
            verification: Verification::default(),
        };
        heap.update_trigger();
        heap
    }

    fn update_trigger(&mut self) {
        self.trigger = if self.stress {
            0
        } else {
            self.threshold.min(self.soft_limit)
        };
        self.poll.set_trigger(self.trigger);
    }

    /// Makes every safepoint collect (or not): slow, for finding values that native code
    /// forgot to root. On by default under the `gc-stress` feature.
    pub fn set_stress(&mut self, stress: bool) {
        self.stress = stress;
        self.update_trigger();
    }

    /// How many collections have run.
    pub fn collections(&self) -> usize {
        self.collections
    }

    pub fn object_count(&self) -> usize {
        self.objects.len()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The most live bytes a collection may leave (see [`Heap::set_soft_limit`]).
    pub fn soft_limit(&self) -> usize {
        self.soft_limit
    }

    /// Makes the VM collect whenever the heap passes `limit` bytes, and fail when a
    /// collection leaves more than that; allocation itself is refused only past twice the
    /// limit, so that code between safepoints (which cannot collect) has room.
    pub fn set_soft_limit(&mut self, limit: usize) {
        self.soft_limit = limit;
        self.limit = limit.saturating_mul(2);
        self.update_trigger();
    }

    /// Notes that an object's own buffers grew by `bytes` (an array pushed past its
    /// capacity), so collections and the limit see memory that no allocation reported.
    pub fn grew(&mut self, bytes: usize) {
        self.bytes = self.bytes.saturating_add(bytes);
    }

    /// Whether the VM should collect at its next safepoint.
    pub fn wants_collection(&self) -> bool {
        self.bytes >= self.trigger
    }

    /// Whether the next safepoint has work: a collection or an interrupt.
    #[inline(always)]
    pub(crate) fn safepoint_due(&self) -> bool {
        self.bytes >= self.poll.trigger()
    }

    /// The cell an [`Interrupt`](crate::Interrupt) triggers.
    pub(crate) fn safepoint_poll(&self) -> std::sync::Arc<crate::interrupt::SafepointPoll> {
        std::sync::Arc::clone(&self.poll)
    }

    /// Acts on a waiting interrupt (true if there was one) and sets the safepoints' trigger
    /// back to the collection trigger.
    pub(crate) fn take_interrupt(&mut self) -> bool {
        let interrupted = self.poll.take_request();
        self.poll.set_trigger(self.trigger);
        interrupted
    }

    /// Moves `value` to the heap. The caller collects at safepoints; allocation never
    /// collects by itself, so handles in the caller's hands stay valid across it.
    pub fn alloc<T: Object>(&mut self, value: T) -> Result<Gc<T>, HeapExhausted> {
        // Inline bytes are written by the allocator that knows them (`alloc_str`); a `Box`
        // has no room for them.
        assert_eq!(
            value.inline_bytes(),
            0,
            "objects with inline bytes have their own alloc"
        );
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        if self.bytes.saturating_add(size) > self.limit {
            return Err(HeapExhausted { limit: self.limit });
        }
        let boxed = Box::new(GcBox {
            header: Header::new(T::KIND),
            value,
        });
        let ptr = NonNull::from(Box::leak(boxed));
        self.adopt(ptr.cast::<Header>(), size);
        Ok(Gc { ptr })
    }

    /// Makes a freshly allocated object of `size` bytes one of this heap's.
    fn adopt(&mut self, header: NonNull<Header>, size: usize) {
        self.objects.push(header);
        #[cfg(feature = "gc-verify")]
        self.verification.live.insert(header.as_ptr() as usize);
        self.bytes += size;
    }

    /// A string of a copy of `text`, in one allocation. Text past [`MAX_STR_BYTES`] is
    /// refused like an allocation past the limit (callers check the length first, to say
    /// why).
    pub fn alloc_str(&mut self, text: &str) -> Result<Gc<Str>, HeapExhausted> {
        let Ok(len) = u32::try_from(text.len()) else {
            return Err(HeapExhausted { limit: self.limit });
        };
        let value = Str::header(len);
        let layout = layout_of(&value);
        if self.bytes.saturating_add(layout.size()) > self.limit {
            return Err(HeapExhausted { limit: self.limit });
        }
        // SAFETY: the layout's size is non-zero (it holds at least the header).
        let raw = unsafe { std::alloc::alloc(layout) }.cast::<GcBox<Str>>();
        let Some(ptr) = NonNull::new(raw) else {
            std::alloc::handle_alloc_error(layout)
        };
        // SAFETY: `raw` is a fresh allocation of `layout`, which holds a `GcBox<Str>`
        // (aligned for it) followed by `len` bytes; both are written before any use, and
        // the bytes from a `&str` of exactly that length, which cannot overlap it.
        unsafe {
            raw.write(GcBox {
                header: Header::new(Str::KIND),
                value,
            });
            let bytes = raw.cast::<u8>().add(std::mem::size_of::<GcBox<Str>>());
            std::ptr::copy_nonoverlapping(text.as_ptr(), bytes, text.len());
        }
        self.adopt(ptr.cast::<Header>(), layout.size());
        Ok(Gc { ptr })
    }

    /// A string of the bytes `from..to` of `source`'s text, copied from object to object.
    ///
    /// # Panics
    /// If the range is not within the text on char boundaries.
    pub fn alloc_substring(
        &mut self,
        source: Gc<Str>,
        from: usize,
        to: usize,
    ) -> Result<Gc<Str>, HeapExhausted> {
        let piece: *const str = &source.text(self)[from..to];
        // SAFETY: `piece` points into `source`'s text, which is alive (invariant 2) and
        // stays so: allocating never frees or moves an object (invariant 1), and the text
        // is only read, by the copy in `alloc_str`, before this returns.
        self.alloc_str(unsafe { &*piece })
    }

    /// As [`Heap::alloc_str`], but past the limit: for the message of the exception that
    /// reports the limit.
    pub fn alloc_str_over_limit(&mut self, text: &str) -> Gc<Str> {
        let limit = std::mem::replace(&mut self.limit, usize::MAX);
        let result = self.alloc_str(text);
        self.limit = limit;
        result.expect("no limit, and messages are short")
    }

    /// As [`Heap::alloc`], but past the limit: for the exception that reports the limit.
    pub fn alloc_over_limit<T: Object>(&mut self, value: T) -> Gc<T> {
        let limit = std::mem::replace(&mut self.limit, usize::MAX);
        let result = self.alloc(value);
        self.limit = limit;
        result.expect("no limit")
    }

    /// The typed handle of an object value of kind `T`, if it is one.
    pub fn downcast<T: Object>(&self, value: Value) -> Option<Gc<T>> {
        let address = value.object_address_of()?;
        let header = std::ptr::with_exposed_provenance::<Header>(address);
        // SAFETY: an object value names a live object (invariant 2), whose header we read.
        let kind = unsafe {
            (*header).check_live();
            (*header).kind
        };
        (kind == T::KIND).then(|| Gc {
            // SAFETY: the address is non-null (it came from a Box) and by invariant 3 the
            // kind check proves it is a `GcBox<T>`.
            ptr: unsafe {
                NonNull::new_unchecked(std::ptr::with_exposed_provenance_mut::<GcBox<T>>(address))
            },
        })
    }

    /// The kind of an object value.
    pub fn kind_of(&self, value: Value) -> Option<ObjectKind> {
        let address = value.object_address_of()?;
        let header = std::ptr::with_exposed_provenance::<Header>(address);
        // SAFETY: an object value names a live object (invariant 2).
        unsafe {
            (*header).check_live();
            Some((*header).kind)
        }
    }

    /// Makes an object refuse changes from now on (non-objects are left alone).
    pub fn freeze(&self, value: Value) {
        if let Some(address) = value.object_address_of() {
            // SAFETY: an object value names a live object (invariant 2).
            unsafe {
                (*std::ptr::with_exposed_provenance::<Header>(address))
                    .frozen
                    .set(true)
            };
        }
    }

    /// Whether an object is frozen.
    pub fn is_frozen(&self, value: Value) -> bool {
        // SAFETY: an object value names a live object (invariant 2).
        value.object_address_of().is_some_and(|address| unsafe {
            (*std::ptr::with_exposed_provenance::<Header>(address))
                .frozen
                .get()
        })
    }

    /// Frees every object not reachable from what `roots` marks.
    pub fn collect(&mut self, roots: impl FnOnce(&mut Tracer)) -> CollectStats {
        let mut gray = Vec::new();
        #[cfg(feature = "gc-verify")]
        let verify = &self.verification;
        roots(&mut Tracer {
            gray: &mut gray,
            #[cfg(feature = "gc-verify")]
            verify,
            #[cfg(feature = "gc-verify")]
            marked_values: 0,
        });
        while let Some(header) = gray.pop() {
            let mut tracer = Tracer {
                gray: &mut gray,
                #[cfg(feature = "gc-verify")]
                verify,
                #[cfg(feature = "gc-verify")]
                marked_values: 0,
            };
            // SAFETY: gray objects are marked live objects (invariants 1–3).
            unsafe { object::trace(header, &mut tracer) };
            #[cfg(feature = "gc-verify")]
            {
                // SAFETY: as above.
                let kind = unsafe { header.as_ref().kind };
                assert!(
                    !object::is_leaf(kind) || tracer.marked_values == 0,
                    "gc-verify: a {kind:?} object, declared a leaf, holds values the \
                     collector would not have marked"
                );
            }
        }
        self.collections += 1;
        let before = self.objects.len();
        let mut live_bytes = 0;
        #[cfg(feature = "gc-verify")]
        let (poisoned, verification) = (&mut self.poisoned, &mut self.verification);
        self.objects.retain(|&header| {
            // SAFETY: every entry of `objects` is a live object until freed right here.
            let marked = unsafe { header.as_ref().marked.replace(false) };
            if marked {
                // SAFETY: as above.
                live_bytes += unsafe { object::size_of(header) };
            } else {
                #[cfg(not(feature = "gc-verify"))]
                // SAFETY: unreachable from the roots, so by invariant 2 nothing will use it
                // again; it is removed from `objects`, so it is freed exactly once.
                unsafe {
                    object::free(header)
                };
                #[cfg(feature = "gc-verify")]
                // SAFETY: as above; poisoning drops the contents once and keeps the memory,
                // which `Drop for Heap` frees with the layout returned.
                unsafe {
                    poisoned.push((header, object::poison(header)))
                };
                #[cfg(feature = "gc-verify")]
                {
                    let address = header.as_ptr() as usize;
                    verification.live.remove(&address);
                    verification.poisoned.insert(address);
                }
            }
            marked
        });
        self.bytes = live_bytes;
        self.threshold = (live_bytes * 2).max(INITIAL_THRESHOLD);
        self.update_trigger();
        CollectStats {
            freed_objects: before - self.objects.len(),
            live_objects: self.objects.len(),
            live_bytes,
        }
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for &header in &self.objects {
            // SAFETY: the heap owns every object; it is going away and so are they, each
            // freed once.
            unsafe { object::free(header) };
        }
        #[cfg(feature = "gc-verify")]
        for &(header, layout) in &self.poisoned {
            // SAFETY: poisoned objects had their contents dropped and nothing else; the
            // memory was allocated by `Box` with this layout, and is freed once, here.
            unsafe { std::alloc::dealloc(header.as_ptr().cast::<u8>(), layout) };
        }
    }
}

#[cfg(test)]
mod tests;
