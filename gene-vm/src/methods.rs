//! Methods on built-in values (`("a,b" .split ",")`, `(arr .push x)`): a table from
//! (receiver type, method name) to a native function, consulted through each call site's
//! inline cache, and `call_value`, through which native code calls back into Gene.

use std::collections::HashMap;

use crate::function::{Function, NativeFn};
use crate::heap::{Gc, ObjectKind};
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
    /// Dates, times and date-times.
    Temporal,
    Regex,
    Other,
}

/// How many arguments a native method gets without a heap-allocated argument list.
pub(crate) const INLINE_ARGS: usize = 8;

/// One method call site's cache: the receiver type it saw last and the method it found.
#[derive(Clone, Copy, Default)]
pub struct MethodCache {
    entry: Option<(TypeKey, NativeFn)>,
}

/// The methods of every built-in type.
#[derive(Default)]
pub struct MethodTable {
    by_type: HashMap<(TypeKey, SymbolId), NativeFn>,
    /// Methods every value has (`.to_s`, `.is`), found when the type has none of the name.
    any: HashMap<SymbolId, NativeFn>,
}

impl Vm {
    /// Defines `name` as a method of values of type `ty`; the native gets the receiver as
    /// its first argument.
    pub(crate) fn define_method(&mut self, ty: TypeKey, name: &str, function: NativeFn) {
        let id = self.symbols.intern(name);
        self.methods.by_type.insert((ty, id), function);
    }

    /// Defines a method every value has.
    pub(crate) fn define_any_method(&mut self, name: &str, function: NativeFn) {
        let id = self.symbols.intern(name);
        self.methods.any.insert(id, function);
    }

    #[inline(always)]
    pub(crate) fn type_key(&self, value: Value) -> TypeKey {
        if let Some(kind) = self.heap.kind_of(value) {
            return match kind {
                ObjectKind::Str => TypeKey::String,
                ObjectKind::BigInt => TypeKey::Int,
                ObjectKind::Array => TypeKey::Array,
                ObjectKind::Map => TypeKey::Map,
                ObjectKind::Gene => TypeKey::Gene,
                ObjectKind::Range => TypeKey::Range,
                ObjectKind::Closure | ObjectKind::Native => TypeKey::Function,
                ObjectKind::Exception => TypeKey::Exception,
                ObjectKind::Bytes => TypeKey::Bytes,
                ObjectKind::Temporal => TypeKey::Temporal,
                ObjectKind::Regex => TypeKey::Regex,
                ObjectKind::Variant => TypeKey::Function,
                _ => TypeKey::Other,
            };
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

    fn find_method(&self, ty: TypeKey, name: SymbolId) -> Option<NativeFn> {
        self.methods
            .by_type
            .get(&(ty, name))
            .or_else(|| self.methods.any.get(&name))
            .copied()
    }

    /// The method `name` of values like `receiver`, through a call site's `cache`.
    #[inline(always)]
    fn method_for(
        &self,
        function: Gc<Function>,
        ic: usize,
        name: SymbolId,
        receiver: Value,
    ) -> Result<NativeFn, VmError> {
        let cache = &function.get(&self.heap).ics[ic];
        let ty = self.type_key(receiver);
        if let Some((cached, method)) = cache.get().entry {
            if cached == ty {
                return Ok(method);
            }
        }
        let Some(method) = self.find_method(ty, name) else {
            return Err(self.no_such_method(receiver, name));
        };
        cache.set(MethodCache {
            entry: Some((ty, method)),
        });
        Ok(method)
    }

    #[cold]
    fn no_such_method(&self, receiver: Value, name: SymbolId) -> VmError {
        VmError::new(format!(
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

    /// Runs a native function with the arguments in registers `start..start+count`, without
    /// allocating for short argument lists. The arena always has `INLINE_ARGS` registers
    /// of slack past any frame, so the copy has a fixed size.
    #[inline(always)]
    pub(crate) fn call_native_in_registers(
        &mut self,
        function: NativeFn,
        start: usize,
        count: usize,
    ) -> Result<Value, VmError> {
        if count <= INLINE_ARGS {
            let mut args = [Value::NIL; INLINE_ARGS];
            args.copy_from_slice(&self.registers[start..start + INLINE_ARGS]);
            function(self, &args[..count])
        } else {
            let args = self.registers[start..start + count].to_vec();
            function(self, &args)
        }
    }

    /// As [`Vm::call_method`], with the receiver and arguments in registers.
    #[inline(always)]
    pub(crate) fn call_method_in_registers(
        &mut self,
        function: Gc<Function>,
        ic: usize,
        name: SymbolId,
        start: usize,
        count: usize,
    ) -> Result<Value, VmError> {
        let receiver = self.registers[start];
        match self.method_for(function, ic, name, receiver) {
            Ok(method) => self.call_native_in_registers(method, start, count),
            // An enum value's fields read like methods: `(c .radius)`.
            Err(error) => match self.enum_field(receiver, name) {
                Some(value) if count == 1 => Ok(value),
                _ => Err(error),
            },
        }
    }
}
