//! Types as values: the built-in classes (`Int`, `String`, …) as globals, `is` (the
//! operator, the function and the method) and `not`.

use super::declare::builtins;
use crate::heap::Gc;
use crate::methods::TypeKey;
use crate::print::type_name;
use crate::runtime::class::{Class, Instance};
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// The built-in classes, each with the type key of the values that are its instances (none
/// for the abstract ones); a value is an instance of its class and of the classes above
/// it. `Any` is the root and `Object` derives from it; every other class, built-in or
/// defined by a program (unless it names a parent), derives from `Object`, so every value
/// `is Object`, as in the reference.
const BUILT_IN: &[(&str, &str, Option<TypeKey>)] = &[
    ("Object", "Any", None),
    ("Nil", "Object", Some(TypeKey::Nil)),
    ("Void", "Object", Some(TypeKey::Void)),
    ("Bool", "Object", Some(TypeKey::Bool)),
    ("Int", "Object", Some(TypeKey::Int)),
    ("Float", "Object", Some(TypeKey::Float)),
    ("Char", "Object", Some(TypeKey::Char)),
    ("String", "Object", Some(TypeKey::String)),
    ("Symbol", "Object", Some(TypeKey::Symbol)),
    ("Array", "Object", Some(TypeKey::Array)),
    ("Map", "Object", Some(TypeKey::Map)),
    ("Gene", "Object", Some(TypeKey::Gene)),
    ("Range", "Object", Some(TypeKey::Range)),
    ("Function", "Object", Some(TypeKey::Function)),
    ("Bytes", "Object", Some(TypeKey::Bytes)),
    ("Date", "Object", Some(TypeKey::Date)),
    ("Time", "Object", Some(TypeKey::Time)),
    ("DateTime", "Object", Some(TypeKey::DateTime)),
    ("Duration", "Object", Some(TypeKey::Duration)),
    ("Regex", "Object", Some(TypeKey::Regex)),
    ("RegexMatch", "Object", Some(TypeKey::RegexMatch)),
    ("Class", "Object", Some(TypeKey::Class)),
    ("Generator", "Object", Some(TypeKey::Generator)),
    ("Iterator", "Object", Some(TypeKey::Iterator)),
    ("Exception", "Object", Some(TypeKey::Exception)),
    ("HashMap", "Object", Some(TypeKey::HashMap)),
    ("HashSet", "Object", Some(TypeKey::HashSet)),
    ("Future", "Object", Some(TypeKey::Future)),
    ("IOHandle", "Object", Some(TypeKey::Stream)),
    ("Process", "Object", Some(TypeKey::Process)),
];

/// The built-in classes the VM itself needs, by identity.
pub(crate) struct BuiltinClasses {
    /// Every built-in class by its name, which is what `typeof` gives for its instances.
    pub(crate) by_name:
        std::collections::HashMap<&'static str, Gc<Class>, foldhash::fast::FixedState>,
    /// The class of the values of each type key (`Any` for keys without a class).
    by_key: Vec<Gc<Class>>,
    pub(crate) any: Gc<Class>,
    pub(crate) object: Gc<Class>,
    pub(crate) exception: Gc<Class>,
}

impl BuiltinClasses {
    /// The class of the exceptions runtime errors of `kind` become.
    pub(crate) fn of_error(&self, kind: crate::runtime::errors::ErrorKind) -> Gc<Class> {
        self.by_name[kind.class_name()]
    }

    /// Whether `class` is the class of built-in values (`Int`, `Array`, …, and `Any`),
    /// which literals and operations make, not `new`.
    pub(crate) fn makes_values(&self, class: Gc<Class>) -> bool {
        class != self.exception && (class == self.any || self.by_key.contains(&class))
    }

    /// The class of values of type `key`.
    #[inline(always)]
    pub(crate) fn of_key(&self, key: TypeKey) -> Gc<Class> {
        self.by_key[key as usize]
    }
}

/// Makes the built-in classes; `Any` is the root every other one derives from.
pub(crate) fn builtin_classes(
    heap: &mut crate::heap::Heap,
    symbols: &mut crate::symbol::SymbolTable,
) -> BuiltinClasses {
    let mut make = |name: &str, parent: Option<Gc<Class>>| {
        heap.alloc(Class::new(symbols.intern(name), parent))
            .map_err(out_of_memory)
            .expect("the heap has room for the standard library")
    };
    let any = make("Any", None);
    let mut by_name = std::collections::HashMap::default();
    by_name.insert("Any", any);
    let mut by_key = vec![any; TypeKey::COUNT];
    for &(name, parent, key) in BUILT_IN {
        let class = make(name, Some(by_name[parent]));
        by_name.insert(name, class);
        if let Some(key) = key {
            by_key[key as usize] = class;
        }
    }
    for &(name, parent) in crate::runtime::errors::EXCEPTION_CLASSES {
        let class = make(name, Some(by_name[parent]));
        by_name.insert(name, class);
    }
    BuiltinClasses {
        any,
        object: by_name["Object"],
        exception: by_name["Exception"],
        by_key,
        by_name,
    }
}

pub(super) fn install(vm: &mut Vm) {
    let classes: Vec<(&'static str, Gc<Class>)> = vm
        .builtin_classes
        .by_name
        .iter()
        .map(|(&name, &class)| (name, class))
        .collect();
    for (name, class) in classes {
        vm.set_global_value(name, class.value());
    }
}

builtins! {
    /// Whether the value is an instance of the class (or of a class derived from it).
    global "is" (value: Any, class: Any) => is;
    /// True for a falsy value (nil, false, void), false for any other.
    global "not" (value: Any) => not;
    /// Whether the receiver is an instance of the class (or of a class derived from it).
    Any "is" (class: Any) => is;
}

impl Vm {
    /// Whether `value` is an instance of `class`.
    pub(crate) fn is_instance(&self, value: Value, class: Value) -> Result<bool, VmError> {
        let Some(class) = self.heap.downcast::<Class>(class) else {
            return Err(VmError::new(format!(
                "`is` needs a class on its right, not {}",
                type_name(self, class)
            )));
        };
        Ok(self.derives_from(self.class_of(value), class))
    }

    /// Whether a `catch` clause naming `class` takes the exception `value`.
    pub(crate) fn catches(&self, value: Value, class: Value) -> Result<bool, VmError> {
        let exception = self.builtin_classes.exception;
        match self.heap.downcast::<Class>(class) {
            Some(class) if self.derives_from(class, exception) => {
                Ok(self.derives_from(self.class_of(value), class))
            }
            _ => Err(VmError::type_error(format!(
                "`catch` names an exception class, and {} is not one",
                crate::print::display(self, class, crate::print::Style::Nested)
            ))),
        }
    }

    /// Whether `class` is `ancestor` or derives from it.
    pub(crate) fn derives_from(&self, class: Gc<Class>, ancestor: Gc<Class>) -> bool {
        let mut current = Some(class);
        while let Some(candidate) = current {
            if candidate == ancestor {
                return true;
            }
            current = candidate.get(&self.heap).parent;
        }
        false
    }

    /// The class of `value`: an instance's own, else the built-in class of its type.
    #[inline(always)]
    pub(crate) fn class_of(&self, value: Value) -> Gc<Class> {
        if let Some(instance) = self.heap.downcast::<Instance>(value) {
            return instance.get(&self.heap).class;
        }
        self.builtin_classes.of_key(self.type_key(value))
    }
}

fn is(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.is_instance(args[0], args[1]).map(Value::bool)
}

fn not(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(!args[0].is_truthy()))
}
