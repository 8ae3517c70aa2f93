//! Enums (spec 2.5, 2.6): `(enum Shape (Circle radius) (Rect w h) Point)` makes `Shape`,
//! whose members are constructors (`(Shape/Circle 2.5)`) and unit values (`Shape/Point`);
//! `Result` (`Ok`, `Err`) and `Option` (`Some`, `None`) are built in.

use super::declare::builtins;
use crate::heap::{Enum, EnumValue, Outcome, PropMap, Variant};
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
            let outcome = match member.as_str() {
                "Ok" | "Some" => Outcome::Success,
                _ => Outcome::Failure,
            };
            if let Some(variant) = vm.heap.downcast::<Variant>(value) {
                variant.get_mut(&mut vm.heap).outcome = outcome;
            } else if let Some(unit) = vm.heap.downcast::<EnumValue>(value) {
                unit.get_mut(&mut vm.heap).outcome = outcome;
            }
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
                outcome: Outcome::Plain,
            };
            (id, vm.heap.alloc(value).map_err(out_of_memory)?.value())
        } else if let Some(gene) = vm.heap.downcast::<crate::heap::Gene>(member) {
            let gene = gene.get(&vm.heap);
            let Some(id) = gene.head.as_symbol() else {
                return Err(VmError::new("a variant's name is a symbol"));
            };
            let children = gene.children.clone();
            let mut fields = Vec::with_capacity(children.len());
            let mut rest = children.as_slice();
            while let Some((&field, after)) = rest.split_first() {
                let (field, annotated) = field_name(vm, field)?;
                rest = after;
                if annotated {
                    // `radius: Float`: the type that follows is read and not checked.
                    match rest.split_first() {
                        Some((_, after)) => rest = after,
                        None => {
                            return Err(VmError::new(format!(
                                "field `{}:` needs a type after it",
                                vm.symbols.name(field)
                            )))
                        }
                    }
                }
                if fields.contains(&field) {
                    return Err(VmError::new(format!(
                        "field `{}` appears twice in {}/{}",
                        vm.symbols.name(field),
                        name,
                        vm.symbols.name(id)
                    )));
                }
                fields.push(field);
            }
            let shape = vm.shapes.of_keys(&fields);
            let variant = Variant {
                enum_name,
                name: id,
                fields,
                shape,
                outcome: Outcome::Plain,
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

/// A field written `radius`, or `radius:` before its type (`radius: Float`); says which.
fn field_name(vm: &mut Vm, field: Value) -> Result<(SymbolId, bool), VmError> {
    let Some(id) = field.as_symbol() else {
        return Err(VmError::new(format!(
            "a variant's fields are names (`radius` or `radius: Float`), not {}",
            crate::print::display(vm, field, crate::print::Style::Nested)
        )));
    };
    let name = vm.symbols.name(id);
    let (base, annotated) = match name.strip_suffix(':') {
        Some(base) => (base, true),
        None => (name, false),
    };
    if base.is_empty() || base.contains(':') {
        return Err(VmError::new(format!(
            "`{name}` is not a field name; a field's type follows it after a space: \
             `radius: Float`"
        )));
    }
    let base = base.to_string();
    Ok((vm.symbols.intern(&base), annotated))
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
        let (enum_name, name, fields, outcome) = (v.enum_name, v.name, v.fields.clone(), v.outcome);
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
            outcome,
        };
        Ok(self.heap.alloc(value).map_err(out_of_memory)?.value())
    }

    /// `(Shape/Point)`: a unit member called with nothing is itself (spec 2.5); a
    /// constructed value is not callable.
    pub(crate) fn call_unit_variant(
        &mut self,
        value: Value,
        argc: usize,
        keywords: bool,
    ) -> Result<Value, VmError> {
        let member = self
            .heap
            .downcast::<EnumValue>(value)
            .expect("called on an enum value")
            .get(&self.heap);
        let shown = crate::print::display(self, value, crate::print::Style::Nested);
        if !member.variant.is_nil() {
            return Err(VmError::new(format!("{shown} is not callable")));
        }
        if argc > 0 || keywords {
            return Err(VmError::new(format!(
                "{shown} is a unit variant: it takes no arguments"
            )));
        }
        Ok(value)
    }

    /// The field `name` of an enum value, if it has one.
    pub(crate) fn enum_field(&self, value: Value, name: SymbolId) -> Option<Value> {
        let value = self.heap.downcast::<EnumValue>(value)?.get(&self.heap);
        let variant = self
            .heap
            .downcast::<Variant>(value.variant)?
            .get(&self.heap);
        let index = if variant.shape == crate::runtime::shape::ShapeId::NONE {
            variant.fields.iter().position(|&f| f == name)?
        } else {
            self.shapes.slot(variant.shape, name)?
        };
        value.payload.get(index).copied()
    }

    /// Whether `value` matches the pattern value `pattern` of a `when` that binds
    /// `binders` fields: made by it when it is a variant constructor, else equal to it.
    pub(crate) fn match_pattern(
        &self,
        value: Value,
        pattern: Value,
        binders: usize,
    ) -> Result<bool, VmError> {
        if let Some(variant) = self.heap.downcast::<Variant>(pattern) {
            if !self.made_by(value, pattern) {
                return Ok(false);
            }
            let fields = variant.get(&self.heap).fields.len();
            self.check_binders(value, fields, binders)?;
            return Ok(true);
        }
        if binders > 0 {
            let shown = crate::print::display(self, pattern, crate::print::Style::Nested);
            return Err(VmError::new(match self.heap.kind_of(pattern) {
                Some(crate::heap::ObjectKind::EnumValue) => {
                    format!("{shown} is a unit variant: a pattern binds no fields of it")
                }
                _ => format!(
                    "a `when` pattern `({shown} …)` needs an enum variant, not {}",
                    crate::print::type_name(self, pattern)
                ),
            }));
        }
        Ok(crate::ops::equal(self, value, pattern))
    }

    /// A bare variant name that no variable holds (`when (Circle r)` with no `Circle`
    /// defined): whether `value` is an enum value of the member named like global `slot`.
    /// A scrutinee that is not an enum value makes the name an unknown one.
    pub(crate) fn match_bare(
        &self,
        value: Value,
        module: crate::heap::Gc<crate::runtime::module::Module>,
        slot: gene_compiler::isa::GlobalSlot,
        binders: usize,
    ) -> Result<bool, VmError> {
        let name = module.get(&self.heap).names.name(slot);
        let Some(member) = self.heap.downcast::<EnumValue>(value) else {
            return Err(VmError::new(format!("{name} is not defined")));
        };
        let member = member.get(&self.heap);
        if self.symbols.lookup(name) != Some(member.name) {
            return Ok(false);
        }
        self.check_binders(value, member.payload.len(), binders)?;
        Ok(true)
    }

    /// A pattern must name every field of the variant it matches, in order.
    fn check_binders(&self, value: Value, fields: usize, binders: usize) -> Result<(), VmError> {
        if fields == binders {
            return Ok(());
        }
        let member = self
            .heap
            .downcast::<EnumValue>(value)
            .expect("matched an enum value")
            .get(&self.heap);
        let qualified = format!(
            "{}/{}",
            self.symbols.name(member.enum_name),
            self.symbols.name(member.name)
        );
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        Err(VmError::new(format!(
            "the pattern for {qualified} binds {binders} name{}, but it has {fields} field{} \
             (use `_` for a field to skip)",
            plural(binders),
            plural(fields)
        )))
    }

    /// `(v ?)`: `None` when `v` is a built-in `Err` or `None` (the function returns it);
    /// else what the expression gives: the value inside an `Ok` or `Some`, or `v` itself.
    #[inline]
    pub(crate) fn try_unwrap(&self, value: Value) -> Option<Value> {
        let Some(member) = self.heap.downcast::<EnumValue>(value) else {
            return Some(value);
        };
        let member = member.get(&self.heap);
        match member.outcome {
            Outcome::Plain => Some(value),
            Outcome::Success => Some(member.payload.first().copied().unwrap_or(Value::NIL)),
            Outcome::Failure => None,
        }
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
