//! Methods on built-in values (`("a,b" .split ",")`, `(arr .push x)`): a table from
//! (receiver class, method name) to a method — a built-in native, or any callable value
//! (a Gene closure runs in the interpreter's own loop) — consulted through each call site's
//! inline cache. A cache entry is keyed by the receiver's class and the table's version,
//! which every definition bumps, so redefining a method reaches every call site at once.

use std::collections::HashMap;

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
    /// Dates, times and date-times.
    Temporal,
    Regex,
    HashMap,
    HashSet,
    Other,
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
            "Regex" => TypeKey::Regex,
            "HashMap" => TypeKey::HashMap,
            "HashSet" => TypeKey::HashSet,
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

/// One method call site's cache: the receiver class it saw last, the table version then,
/// and the method it found.
#[derive(Clone, Copy, Default)]
pub struct MethodCache {
    entry: Option<(TypeKey, u32, Method)>,
}

impl MethodCache {
    /// The callable value the cache holds, which the collector must keep.
    pub(crate) fn held(&self) -> Option<Value> {
        match self.entry {
            Some((_, _, Method::Callable(value))) => Some(value),
            _ => None,
        }
    }
}

/// The methods of every built-in class. `TypeKey` names the built-in classes, whose
/// identity it is: one key, one class.
#[derive(Default)]
pub struct MethodTable {
    by_type: HashMap<(TypeKey, SymbolId), Method>,
    /// Methods every value has (`.to_s`, `.is`), found when the type has none of the name.
    any: HashMap<SymbolId, Method>,
    /// Bumped by every definition: caches filled under an older version are stale.
    version: u32,
}

impl MethodTable {
    /// The callable methods, which the collector must keep.
    pub(crate) fn held(&self) -> impl Iterator<Item = Value> + '_ {
        self.by_type
            .values()
            .chain(self.any.values())
            .filter_map(|m| match m {
                Method::Callable(value) => Some(*value),
                Method::Builtin(_) => None,
            })
    }
}

/// Why a method call site found no method: the error to raise, unless the receiver has a
/// field of the name.
pub(crate) enum Resolved {
    Method(Method),
    /// An enum value's field read like a method: `(c .radius)`.
    Field(Value),
}

impl Vm {
    /// Defines `name` as a method of values of type `ty`; the built-in gets the receiver as
    /// its first argument.
    pub(crate) fn define_builtin_method(&mut self, ty: TypeKey, name: &str, builtin: NativeFn) {
        self.define_method_as(ty, name, Method::Builtin(builtin));
    }

    pub(crate) fn define_method_as(&mut self, ty: TypeKey, name: &str, method: Method) {
        let id = self.symbols.intern(name);
        self.methods.by_type.insert((ty, id), method);
        self.methods.version = self.methods.version.wrapping_add(1);
    }

    /// Defines a method every value has.
    pub(crate) fn define_any_method(&mut self, name: &str, builtin: NativeFn) {
        let id = self.symbols.intern(name);
        self.methods.any.insert(id, Method::Builtin(builtin));
        self.methods.version = self.methods.version.wrapping_add(1);
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

    pub(crate) fn find_method(&self, ty: TypeKey, name: SymbolId) -> Option<Method> {
        self.methods
            .by_type
            .get(&(ty, name))
            .or_else(|| self.methods.any.get(&name))
            .copied()
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
        let cache = &function.get(&self.heap).ics[ic];
        let ty = self.type_key(receiver);
        let version = self.methods.version;
        if let Some((cached, cached_version, method)) = cache.get().entry {
            if cached == ty && cached_version == version {
                return Ok(Resolved::Method(method));
            }
        }
        let Some(method) = self.find_method(ty, name) else {
            return match self.enum_field(receiver, name) {
                Some(value) => Ok(Resolved::Field(value)),
                None => Err(self.no_such_method(receiver, name)),
            };
        };
        cache.set(MethodCache {
            entry: Some((ty, version, method)),
        });
        Ok(Resolved::Method(method))
    }

    #[cold]
    pub(crate) fn no_such_method(&self, receiver: Value, name: SymbolId) -> VmError {
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
    fn run_builtin(
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
            return Err(self.builtin_mismatch(builtin, called, args));
        }
        (builtin.body)(self, args)
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
