//! Built-ins declared once. Each stdlib module lists its natives in one `builtins!` table:
//! who has it (a global function, or a method of a built-in class or of every value), every
//! name it answers to, its parameters with their types, a one-line summary, and the Rust
//! function that does the work:
//!
//! ```text
//! builtins! {
//!     /// The characters from start through end, both included.
//!     String "substr" (start: Int, ?end: Int) => substr;
//!     /// The smallest of the numbers.
//!     global "min" (a: Number, b: Number, ..more: Number) => min;
//! }
//! ```
//!
//! A parameter is required, optional (`?name: Type`, after the required ones) or a rest
//! (`..name: Type`, last); `(...)` says the body checks a signature no table can state.
//! A method that takes keyword arguments lists them after its parameters
//! (`Process "wait" (?timeout: Number) ^timeout => wait;`) and reads them with
//! `args::keywords`; a call with keywords to any other built-in is an error.
//! Arity follows from the parameters, so it cannot disagree with them.
//!
//! The table is data (a `static` slice of [`Builtin`]), and everything else comes from it:
//! [`install`] registers every name, the call paths run [`Builtin::accepts`] before the body,
//! and [`Builtin::mismatch`] writes the error. Methods and global natives hold a
//! `&'static Builtin`, and the error names what the user called: the name comes from the
//! call site (a method's name symbol) or the `Native` object (which records the name it was
//! registered under), so `([1] .length 5)` says `Array.length`, never the name of the Rust
//! function or of another alias. Bodies assume the declared types (see `args`).
//!
//! The check is on the method call path, so it is a length comparison plus, for typed
//! parameters only, one type test per argument; the message is built on the cold path.

use crate::function::NativeBody;
use crate::methods::TypeKey;
use crate::print::type_name;
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

/// What an argument may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Any,
    Int,
    /// An Int or a Float.
    Number,
    String,
    /// A map key: a String or a Symbol, by name.
    Key,
    Array,
    Map,
    /// Anything callable: a closure, a native, a variant constructor.
    Function,
    // Used as the text, bytes and system tables grow (issue 10).
    #[allow(dead_code)]
    Bool,
    Regex,
    /// What a string method searches for: a String or a Regex.
    Pattern,
    Bytes,
    /// What replaces a match: a String (a template, for a regex) or a Function of the match.
    Replacement,
}

impl Ty {
    #[inline(always)]
    fn accepts(self, vm: &Vm, value: Value) -> bool {
        match self {
            Ty::Any => true,
            Ty::Int => vm.as_int(value).is_some(),
            Ty::Number => value.is_float() || vm.as_int(value).is_some(),
            Ty::String => vm.as_str(value).is_some(),
            Ty::Key => vm.key_name(value).is_some(),
            Ty::Array => vm.array_items(value).is_some(),
            Ty::Map => vm.map_entries(value).is_some(),
            Ty::Function => {
                vm.type_key(value) == TypeKey::Function || vm.is_callable_instance(value)
            }
            Ty::Bool => value.as_bool().is_some(),
            Ty::Regex => vm.type_key(value) == TypeKey::Regex,
            Ty::Pattern => vm.as_str(value).is_some() || vm.type_key(value) == TypeKey::Regex,
            Ty::Bytes => vm.type_key(value) == TypeKey::Bytes,
            Ty::Replacement => vm.as_str(value).is_some() || Ty::Function.accepts(vm, value),
        }
    }
}

impl std::fmt::Display for Ty {
    /// The type as signatures in messages and documentation name it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Ty::Key => "String|Symbol",
            Ty::Pattern => "String|Regex",
            Ty::Replacement => "String|Function",
            other => return write!(f, "{other:?}"),
        })
    }
}

/// A declared parameter; the name is for messages and documentation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
}

/// The arguments a built-in takes (after the receiver, for a method).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Signature {
    /// The required parameters, then the optional ones.
    params: &'static [Param],
    min: usize,
    /// `usize::MAX` with a rest parameter.
    max: usize,
    rest: Option<Param>,
    /// Whether any argument has a type to check; most methods' have none.
    typed: bool,
}

impl Signature {
    pub(crate) const fn new(
        params: &'static [Param],
        required: usize,
        rest: Option<Param>,
    ) -> Signature {
        let mut typed = match rest {
            Some(param) => !matches!(param.ty, Ty::Any),
            None => false,
        };
        let mut i = 0;
        while i < params.len() {
            typed |= !matches!(params[i].ty, Ty::Any);
            i += 1;
        }
        Signature {
            params,
            min: required,
            max: if rest.is_some() {
                usize::MAX
            } else {
                params.len()
            },
            rest,
            typed,
        }
    }

    /// A signature the body checks itself: any number of arguments of any type.
    pub(crate) const VARIABLE: Signature = Signature {
        params: &[],
        min: 0,
        max: usize::MAX,
        rest: None,
        typed: false,
    };

    /// The parameter argument `index` (from 0) binds to.
    fn param(&self, index: usize) -> Option<Param> {
        self.params.get(index).copied().or(self.rest)
    }
}

/// Who has a built-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Receiver {
    /// A global function.
    Global,
    /// A method of one built-in class.
    Class(TypeKey),
    /// A method every value has.
    Any,
}

/// One built-in, as declared.
#[derive(Debug)]
pub(crate) struct Builtin {
    pub(crate) receiver: Receiver,
    /// Every name it is registered under; the first is its own, the rest are aliases.
    pub(crate) names: &'static [&'static str],
    pub(crate) signature: Signature,
    /// One line, for `:doc`, as the doc comment gave it (see [`Builtin::summary`]).
    pub(crate) summary: &'static str,
    /// Runs once the arguments fit the signature; a method gets the receiver first.
    pub(crate) body: NativeBody,
    /// The keyword arguments a method takes (`^timeout`), which it reads with
    /// `args::keyword`; a call with keywords to a method declaring none is an error.
    pub(crate) keywords: &'static [&'static str],
}

/// What the user called, for the message when the arguments do not fit.
#[derive(Clone, Copy)]
pub(crate) enum Called {
    /// A global native: the `Native` object, which knows the name it was registered under.
    Function(Value),
    /// A method, by the name at the call site; its arguments start with the receiver.
    Method(SymbolId),
}

impl Builtin {
    /// Whether `args` (a method's receiver left out) fit the signature.
    #[inline(always)]
    pub(crate) fn accepts(&self, vm: &Vm, args: &[Value]) -> bool {
        let signature = &self.signature;
        if args.len() < signature.min || args.len() > signature.max {
            return false;
        }
        !signature.typed
            || args.iter().enumerate().all(|(index, &arg)| {
                signature
                    .param(index)
                    .is_none_or(|param| param.ty.accepts(vm, arg))
            })
    }

    /// The error for `args` (a method's receiver left out), which `accepts` refused, when
    /// the user called the built-in `name`: one form for every misfit, the declaration beside
    /// what was passed (`String.pad_left expects (width: Int, fill?: String), got (Float)`).
    #[cold]
    #[inline(never)]
    pub(crate) fn mismatch(&self, vm: &Vm, name: &str, args: &[Value]) -> VmError {
        let signature = &self.signature;
        let got: Vec<&str> = args.iter().map(|&arg| type_name(vm, arg)).collect();
        let message = format!("{name} expects {signature}, got ({})", got.join(", "));
        if args.len() < signature.min || args.len() > signature.max {
            VmError::argument_error(message)
        } else {
            VmError::type_error(message)
        }
    }

    /// Whether argument `index` (a method's receiver left out) is declared as text, which a
    /// Char may stand for (`("abc" .contains 'b')`).
    pub(crate) fn takes_text(&self, index: usize) -> bool {
        self.signature
            .param(index)
            .is_some_and(|param| matches!(param.ty, Ty::String | Ty::Pattern | Ty::Key))
    }

    /// The one-line summary.
    pub(crate) fn summary(&self) -> &'static str {
        self.summary.trim()
    }
}

impl std::fmt::Display for Signature {
    /// `(start: Int, end?: Int)`, as declared; `(...)` for a body that checks its own.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == 0 && self.max == usize::MAX && self.rest.is_none() {
            return f.write_str("(...)");
        }
        let required = self.params[..self.min].iter().map(|p| (p, ""));
        let optional = self.params[self.min..].iter().map(|p| (p, "?"));
        let rest = self.rest.iter().map(|p| (p, "..."));
        let parts: Vec<String> = required
            .chain(optional)
            .chain(rest)
            .map(|(p, mark)| format!("{}{mark}: {}", p.name, p.ty))
            .collect();
        write!(f, "({})", parts.join(", "))
    }
}

impl Vm {
    /// What the built-ins answering to `name` are, one line each: who has it, every name,
    /// the signature and the summary (`Array.size | length () — The number of items.`).
    /// Empty when no built-in has that name.
    pub fn builtin_doc(&self, name: &str) -> Vec<String> {
        super::TABLES
            .iter()
            .flat_map(|table| table.iter())
            .filter(|builtin| builtin.names.contains(&name))
            .map(|builtin| {
                let owner = match builtin.receiver {
                    Receiver::Global => String::new(),
                    Receiver::Class(ty) => format!("{ty:?}."),
                    Receiver::Any => "Any.".to_string(),
                };
                let keywords: String = builtin.keywords.iter().map(|k| format!(" ^{k}")).collect();
                format!(
                    "{owner}{} {}{keywords} \u{2014} {}",
                    builtin.names.join(" | "),
                    builtin.signature,
                    builtin.summary()
                )
            })
            .collect()
    }
}

/// One built-in as the reference documents it: see [`builtin_reference`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltinEntry {
    /// Who has it: `""` for a global function, else the class (`"String"`), or `"Any"` for
    /// a method every value has.
    pub owner: String,
    /// Every name it answers to; the first is its own, the rest are aliases.
    pub names: Vec<&'static str>,
    /// Its parameters as declared, `(start: Int, end?: Int)`; `(...)` when the body checks
    /// its own.
    pub signature: String,
    /// The keyword arguments it takes, without the `^`.
    pub keywords: Vec<&'static str>,
    /// Its one-line summary (may be empty only if a declaration lacks one; a test forbids it).
    pub summary: &'static str,
}

/// Every built-in declared in the standard library's `builtins!` tables, in declaration
/// order: what the generated stdlib reference (`cargo xtask docs`) is written from.
pub fn builtin_reference() -> Vec<BuiltinEntry> {
    super::TABLES
        .iter()
        .flat_map(|table| table.iter())
        .map(|builtin| BuiltinEntry {
            owner: match builtin.receiver {
                Receiver::Global => String::new(),
                Receiver::Class(ty) => format!("{ty:?}"),
                Receiver::Any => "Any".to_string(),
            },
            names: builtin.names.to_vec(),
            signature: builtin.signature.to_string(),
            keywords: builtin.keywords.to_vec(),
            summary: builtin.summary(),
        })
        .collect()
}

impl Vm {
    /// Every name a built-in method answers to, sorted and each once: what a REPL offers
    /// to complete after a `.`.
    pub fn builtin_method_names(&self) -> Vec<&'static str> {
        let names: std::collections::BTreeSet<&'static str> = super::TABLES
            .iter()
            .flat_map(|table| table.iter())
            .filter(|builtin| builtin.receiver != Receiver::Global)
            .flat_map(|builtin| builtin.names.iter().copied())
            .collect();
        names.into_iter().collect()
    }
}

/// Registers every name of every built-in in `tables`.
pub(super) fn install(vm: &mut Vm, tables: &[&'static [Builtin]]) {
    for builtin in tables.iter().flat_map(|table| table.iter()) {
        for &name in builtin.names {
            match builtin.receiver {
                // `gene/io/read_async`: a member of the namespaces the path names.
                Receiver::Global if name.contains('/') => {
                    let native = vm.new_builtin_native(name, builtin);
                    vm.define_member_path(name, native);
                }
                Receiver::Global => vm.define_builtin(name, builtin),
                Receiver::Class(ty) => vm.define_builtin_method(ty, name, builtin),
                Receiver::Any => vm.define_any_method(name, builtin),
            }
        }
    }
}

/// Declares a module's built-ins as `pub(super) static BUILTINS: &[Builtin]`; the syntax is
/// in the module documentation. A `static`, not a `const`: every registration of a built-in
/// then points at the one declaration (a `const` may be copied at each use).
/// A required parameter after an optional one matches no rule, so it does not compile.
macro_rules! builtins {
    ($(
        $(#[doc = $summary:literal])+
        $receiver:ident $($name:literal)|+ ($($params:tt)*) $(^$keyword:ident)* => $body:path;
    )*) => {
        pub(super) static BUILTINS: &[$crate::stdlib::declare::Builtin] = &[$(
            $crate::stdlib::declare::Builtin {
                receiver: $crate::stdlib::declare::receiver!($receiver),
                names: &[$($name),+],
                signature: $crate::stdlib::declare::signature!([] [] $($params)*),
                summary: concat!($($summary),+),
                body: $body,
                keywords: &[$(stringify!($keyword)),*],
            }
        ),*];
    };
}

macro_rules! receiver {
    (global) => {
        $crate::stdlib::declare::Receiver::Global
    };
    (Any) => {
        $crate::stdlib::declare::Receiver::Any
    };
    ($class:ident) => {
        $crate::stdlib::declare::Receiver::Class($crate::methods::TypeKey::$class)
    };
}

/// Sorts the parameters into required (first list) and optional (second list), then builds
/// the signature.
macro_rules! signature {
    ([] [] ...) => {
        $crate::stdlib::declare::Signature::VARIABLE
    };
    ([$($req:tt)*] [$($opt:tt)*]) => {
        $crate::stdlib::declare::signature!(@build [$($req)*] [$($opt)*] None)
    };
    ([$($req:tt)*] [$($opt:tt)*] .. $name:ident : $ty:ident) => {
        $crate::stdlib::declare::signature!(@build [$($req)*] [$($opt)*]
            Some($crate::stdlib::declare::param!($name $ty)))
    };
    ([$($req:tt)*] [$($opt:tt)*] ? $name:ident : $ty:ident $(, $($more:tt)*)?) => {
        $crate::stdlib::declare::signature!([$($req)*] [$($opt)* ($name $ty)] $($($more)*)?)
    };
    ([$($req:tt)*] [] $name:ident : $ty:ident $(, $($more:tt)*)?) => {
        $crate::stdlib::declare::signature!([$($req)* ($name $ty)] [] $($($more)*)?)
    };
    (@build [$(($rname:ident $rty:ident))*] [$(($oname:ident $oty:ident))*] $rest:expr) => {
        $crate::stdlib::declare::Signature::new(
            &[
                $($crate::stdlib::declare::param!($rname $rty),)*
                $($crate::stdlib::declare::param!($oname $oty),)*
            ],
            <[&str]>::len(&[$(stringify!($rname)),*]),
            $rest,
        )
    };
}

macro_rules! param {
    ($name:ident $ty:ident) => {
        $crate::stdlib::declare::Param {
            name: stringify!($name),
            ty: $crate::stdlib::declare::Ty::$ty,
        }
    };
}

pub(super) use {builtins, param, receiver, signature};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::heap::{Native, NativeCode};
    use crate::methods::Method;

    fn all() -> impl Iterator<Item = &'static Builtin> {
        super::super::TABLES.iter().flat_map(|table| table.iter())
    }

    #[test]
    fn every_declared_name_is_registered_as_its_declaration() {
        let mut vm = Vm::new();
        for builtin in all() {
            for &name in builtin.names {
                let registered = match builtin.receiver {
                    Receiver::Global => {
                        let value = match name.contains('/') {
                            true => vm.member_path_value(name).expect("a member"),
                            false => vm.global_value(name).expect("a global"),
                        };
                        let native = vm.heap.downcast::<Native>(value).expect("a native");
                        let native = native.get(&vm.heap);
                        assert_eq!(native.name, name);
                        match native.code {
                            NativeCode::Builtin(found) => found,
                            NativeCode::Host(_) => panic!("{name} is a host function"),
                        }
                    }
                    Receiver::Class(ty) => {
                        let id = vm.symbols.intern(name);
                        match vm.find_method(ty, id) {
                            Some(Method::Builtin(found)) => found,
                            _ => panic!("{ty:?}.{name} is not a built-in"),
                        }
                    }
                    Receiver::Any => {
                        let id = vm.symbols.intern(name);
                        match vm.find_method(TypeKey::Other, id) {
                            Some(Method::Builtin(found)) => found,
                            _ => panic!("Any.{name} is not a built-in"),
                        }
                    }
                };
                assert!(std::ptr::eq(registered, builtin), "{name}");
            }
        }
    }

    #[test]
    fn no_two_declarations_claim_the_same_name() {
        let mut seen = HashSet::new();
        for builtin in all() {
            for &name in builtin.names {
                assert!(
                    seen.insert((builtin.receiver, name)),
                    "{:?} {name} is declared twice",
                    builtin.receiver
                );
            }
        }
    }

    #[test]
    fn summaries_are_one_line() {
        for builtin in all() {
            let summary = builtin.summary();
            assert!(
                !summary.is_empty() && !summary.contains('\n') && summary.ends_with('.'),
                "{}: {summary:?}",
                builtin.names[0]
            );
        }
    }

    #[test]
    fn every_builtin_is_documented_under_each_of_its_names() {
        let vm = Vm::new();
        assert_eq!(
            vm.builtin_doc("length"),
            [
                "String.length | size () \u{2014} The number of characters.",
                "Array.size | length () \u{2014} The number of items.",
                "Range.size | length () \u{2014} How many numbers the range has.",
            ]
        );
        assert_eq!(
            vm.builtin_doc("min")[0],
            "min (a: Number, b: Number, more...: Number) \u{2014} The smallest of the numbers (the first of equals)."
        );
        assert_eq!(
            vm.builtin_doc("$define_enum")[0],
            "$define_enum (...) \u{2014} Makes an enum from its name, props and members; what `(enum …)` compiles to."
        );
        assert!(vm.builtin_doc("no_such_builtin").is_empty());
        for builtin in all() {
            for name in builtin.names {
                assert!(!vm.builtin_doc(name).is_empty(), "{name}");
            }
        }
    }

    #[test]
    fn signatures_follow_from_the_parameters() {
        let [substr] = STRING_SUBSTR else {
            unreachable!()
        };
        assert_eq!((substr.signature.min, substr.signature.max), (1, 2));
        assert_eq!(substr.signature.to_string(), "(start: Int, end?: Int)");
        assert!(substr.signature.typed);
        let [min] = MIN else { unreachable!() };
        assert_eq!((min.signature.min, min.signature.max), (2, usize::MAX));
        assert_eq!(min.signature.param(7).map(|p| p.name), Some("more"));
    }

    fn unused(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
        Ok(Value::NIL)
    }

    mod substr {
        builtins! {
            /// A test declaration.
            String "substr" (start: Int, ?end: Int) => super::unused;
        }
    }
    mod min {
        builtins! {
            /// A test declaration.
            global "min" (a: Number, b: Number, ..more: Number) => super::unused;
        }
    }
    static STRING_SUBSTR: &[Builtin] = substr::BUILTINS;
    static MIN: &[Builtin] = min::BUILTINS;
}
