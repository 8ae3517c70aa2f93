//! Enums (spec 2.5, 2.6): `(enum Shape (Circle radius) (Rect w h) Point)` makes `Shape`,
//! whose members are constructors (`(Shape/Circle 2.5)`) and unit values (`Shape/Point`);
//! `Result` (`Ok`, `Err`) and `Option` (`Some`, `None`) are built in.

use super::declare::builtins;
use crate::heap::{Enum, EnumValue, PropMap, Variant};
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// Makes an enum from its name, props and members; what `(enum …)` compiles to.
    global "$define_enum" (...) => define_enum;
}

/// Defines the built-in enums.
pub(super) fn install(vm: &mut Vm) {
    for (name, members) in [
        ("Result", &["(Ok value)", "(Err error)"][..]),
        ("Option", &["(Some value)", "None"][..]),
    ] {
        let mut values = Vec::new();
        for member in members {
            let datum = gene_syntax::parse_str(member).expect("built-in members read")[0].clone();
            values.push(vm.datum_to_value(&datum).expect("room for the built-ins"));
        }
        let head = vm.symbol(name);
        let enum_value = make_enum(vm, head, &values).expect("built-in enums are well formed");
        vm.set_global_value(name, enum_value);
        let members = vm
            .heap
            .downcast::<Enum>(enum_value)
            .expect("made above")
            .get(&vm.heap)
            .members
            .clone();
        for (member, value) in members {
            let member = vm.symbols.name(member).to_string();
            vm.set_global_value(&member, value);
        }
    }
}

/// `($define_enum head props member…)`, what `(enum …)` compiles to: the head and members
/// arrive as data.
fn define_enum(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let [head, props, members @ ..] = args else {
        return Err(VmError::new("`enum` needs a name"));
    };
    let mut members = members.to_vec();
    // `(enum Status ^values [ready done])` lists unit members in a prop.
    if let Some(listed) = vm
        .map_entries(*props)
        .and_then(|map| map.get(&vm.symbols.lookup("values")?).copied())
    {
        match vm.array_items(listed) {
            Some(items) => members.extend(items.iter().copied()),
            None => return Err(VmError::new("`^values` lists the members in an array")),
        }
    }
    make_enum(vm, *head, &members)
}

fn make_enum(vm: &mut Vm, head: Value, members: &[Value]) -> Result<Value, VmError> {
    let Some(head) = head.as_symbol() else {
        return Err(VmError::new("an enum's name is a symbol"));
    };
    // `Result:T:E` declares generic parameters; the enum is `Result`.
    let name = vm.symbols.name(head);
    let name = name.split(':').next().unwrap_or(name).to_string();
    let enum_name = vm.symbols.intern(&name);
    let mut table = PropMap::default();
    for &member in members {
        let (member_name, value) = if let Some(id) = member.as_symbol() {
            let value = EnumValue {
                enum_name,
                name: id,
                variant: Value::NIL,
                payload: Vec::new(),
            };
            (id, vm.heap.alloc(value).map_err(out_of_memory)?.value())
        } else if let Some(gene) = vm.heap.downcast::<crate::heap::Gene>(member) {
            let gene = gene.get(&vm.heap);
            let Some(id) = gene.head.as_symbol() else {
                return Err(VmError::new("a variant's name is a symbol"));
            };
            let children = gene.children.clone();
            let mut fields = Vec::with_capacity(children.len());
            for field in children {
                let field = field_name(vm, field)?;
                if fields.contains(&field) {
                    return Err(VmError::new(format!(
                        "field `{}` appears twice",
                        vm.symbols.name(field)
                    )));
                }
                fields.push(field);
            }
            let variant = Variant {
                enum_name,
                name: id,
                fields,
            };
            (id, vm.heap.alloc(variant).map_err(out_of_memory)?.value())
        } else {
            return Err(VmError::new(
                "an enum member is a name or `(Variant field…)`",
            ));
        };
        if table.insert(member_name, value).is_some() {
            return Err(VmError::new(format!(
                "`{}` is declared twice in enum {name}",
                vm.symbols.name(member_name)
            )));
        }
    }
    let value = Enum {
        name: enum_name,
        members: table,
    };
    Ok(vm.heap.alloc(value).map_err(out_of_memory)?.value())
}

/// A field written `radius` or `radius: Float` (the annotation is ignored).
fn field_name(vm: &mut Vm, field: Value) -> Result<SymbolId, VmError> {
    let Some(id) = field.as_symbol() else {
        return Err(VmError::new("a variant's fields are names"));
    };
    let name = vm.symbols.name(id);
    match name.strip_suffix(':') {
        Some(base) => {
            let base = base.to_string();
            Ok(vm.symbols.intern(&base))
        }
        None => Ok(id),
    }
}

impl Vm {
    /// `(Variant args…)`, positional or all keywords (then `keywords` holds them).
    pub(crate) fn construct_variant(
        &mut self,
        variant: Value,
        args: &[Value],
        keywords: Option<Value>,
    ) -> Result<Value, VmError> {
        let v = self
            .heap
            .downcast::<Variant>(variant)
            .expect("called on a variant")
            .get(&self.heap);
        let (enum_name, name, fields) = (v.enum_name, v.name, v.fields.clone());
        let qualified = || {
            format!(
                "{}/{}",
                self.symbols.name(enum_name),
                self.symbols.name(name)
            )
        };
        let payload = match keywords.and_then(|k| self.map_entries(k)) {
            Some(given) => {
                if !args.is_empty() {
                    return Err(VmError::new(format!(
                        "{} takes its fields either by position or by keyword",
                        qualified()
                    )));
                }
                let mut payload = Vec::with_capacity(fields.len());
                for field in &fields {
                    match given.get(field) {
                        Some(&value) => payload.push(value),
                        None => {
                            return Err(VmError::new(format!(
                                "{} needs the field ^{}",
                                qualified(),
                                self.symbols.name(*field)
                            )))
                        }
                    }
                }
                if let Some(unknown) = given.keys().find(|k| !fields.contains(k)) {
                    return Err(VmError::new(format!(
                        "{} has no field ^{}",
                        qualified(),
                        self.symbols.name(*unknown)
                    )));
                }
                payload
            }
            None => {
                if args.len() != fields.len() {
                    return Err(VmError::new(format!(
                        "{} expects {} arguments, got {}",
                        qualified(),
                        fields.len(),
                        args.len()
                    )));
                }
                args.to_vec()
            }
        };
        let value = EnumValue {
            enum_name,
            name,
            variant,
            payload,
        };
        Ok(self.heap.alloc(value).map_err(out_of_memory)?.value())
    }

    /// The field `name` of an enum value, if it has one.
    pub(crate) fn enum_field(&self, value: Value, name: SymbolId) -> Option<Value> {
        let value = self.heap.downcast::<EnumValue>(value)?.get(&self.heap);
        let variant = self
            .heap
            .downcast::<Variant>(value.variant)?
            .get(&self.heap);
        let index = variant.fields.iter().position(|&f| f == name)?;
        value.payload.get(index).copied()
    }

    /// Whether `value` was made by the variant constructor `variant`.
    pub(crate) fn made_by(&self, value: Value, variant: Value) -> bool {
        self.heap
            .downcast::<EnumValue>(value)
            .is_some_and(|v| v.get(&self.heap).variant == variant && !variant.is_nil())
    }

    /// The name of the enum an enum value belongs to (what `typeof` says).
    pub(crate) fn enum_type_name(&self, value: Value) -> Option<&str> {
        let value = self.heap.downcast::<EnumValue>(value)?.get(&self.heap);
        Some(self.symbols.name(value.enum_name))
    }
}
