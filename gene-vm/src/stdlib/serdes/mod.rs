//! The Gene text serialization (spec 15.4): `gene/serdes/serialize` writes a value as Gene
//! text, `(gene/serialization …)`, that `gene/serdes/deserialize` reads back as an equal
//! value.
//!
//! Data is written as its literal: nil, void, booleans, numbers, characters, strings,
//! symbols, arrays, maps, genes, hash maps, bytes, dates, times and regexes, frozen ones
//! with their `#`. What has no literal is a gene the reader knows:
//! - a class, function, namespace or enum is a reference by the name a module or the
//!   program gives it, `(ClassRef ^path "Point")`, with `^module "lib.gene"` when a loaded
//!   module exports or defines it; a unit enum member is `(EnumRef ^path "Status/ok")`
//!   and a constructed one `(EnumValue (EnumRef ^path "Shape/Circle") [2.5])`;
//! - an instance a loaded module exports is `(InstanceRef ^path "DEFAULT" ^module …)` and
//!   reads back as that same instance; any other is `(Instance (ClassRef …) state)`, the
//!   state its class's `serialize` method answers (its `deserialize` method, called on the
//!   class, makes the instance again), or else a map of its properties;
//! - `(gene/float "nan")`, `(gene/range 1 10 1)`, `(gene/set …)` for the floats Gene has
//!   no literal of, ranges and hash sets; `(gene/map "key" value …)` for a map with an empty
//!   key, which a `^name` cannot spell.
//!
//! Anything else (an anonymous function, a future, a generator) is an error naming its type.
//! A serialization hook calls back into Gene, so the values being written or made are
//! rooted (`temp_roots`) until the call ends.

mod names;
mod tree;

use gene_syntax::{Datum, DatumKind, Gene as GeneDatum, Props, Span};

use super::args;
use super::declare::builtins;
use crate::heap::{
    Array, Bytes, EnumValue, Gene, HashMapObject, HashSetObject, Map, ObjectKind, PropMap, Range,
    Regex, Str, Variant,
};
use crate::methods::Method;
use crate::print::type_name;
use crate::runtime::class::{Class, Instance};
use crate::runtime::errors::ErrorKind;
use crate::value::{Value, ValueView};
use crate::vm::{Vm, VmError};
use names::{find_origin, reference, resolve};

builtins! {
    /// A value as Gene text that gene/serdes/deserialize reads back.
    global "gene/serdes/serialize" (value: Any) => serialize;
    /// The value the Gene text of gene/serdes/serialize stands for.
    global "gene/serdes/deserialize" (text: String) => deserialize;
    /// Writes a value as serialized files, exploding the nodes the selectors name into folders.
    global "gene/serdes/write_tree" (path: String, value: Any, ?separate: Array) => tree::write_tree;
    /// Reads back what gene/serdes/write_tree wrote at the path.
    global "gene/serdes/read_tree" (path: String) => tree::read_tree;
}

/// How deeply a value may nest to be written: the reader takes text nested up to
/// `gene_syntax::lexer::DEFAULT_MAX_DEPTH` (1000), and the wrapping gene, references and
/// instances add levels of their own.
const MAX_DEPTH: usize = 900;

const WRAPPER: &str = "gene/serialization";

fn serialize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = to_text(vm, args[0])?;
    vm.string(text)
}

/// The serialized text of `value`.
pub(super) fn to_text(vm: &mut Vm, value: Value) -> Result<String, VmError> {
    let base = vm.temp_roots.len();
    vm.push_root(value);
    let mut writer = Writer { path: Vec::new() };
    let result = writer.datum(vm, value);
    vm.temp_roots.truncate(base);
    let payload = result?;
    let wrapped = gene(symbol(WRAPPER), Props::default(), vec![payload], false);
    if wrapped.depth() >= gene_syntax::lexer::DEFAULT_MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(gene_syntax::print(&wrapped))
}

fn deserialize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).to_string();
    from_text(vm, &text)
}

/// The value serialized `text` stands for.
pub(super) fn from_text(vm: &mut Vm, text: &str) -> Result<Value, VmError> {
    let data = gene_syntax::parse_str(text).map_err(|errors| {
        let detail = errors
            .first()
            .map_or_else(String::new, |e| e.message.clone());
        VmError::of(
            ErrorKind::Parse,
            format!("gene/serdes/deserialize: the text does not read: {detail}"),
        )
    })?;
    let [datum] = data.as_slice() else {
        return Err(VmError::of(
            ErrorKind::Parse,
            format!(
                "gene/serdes/deserialize: the text must hold one value, not {}",
                data.len()
            ),
        ));
    };
    let payload = match &datum.kind {
        DatumKind::Gene(gene) if head_name(&gene.head).as_deref() == Some(WRAPPER) => {
            match gene.children.as_slice() {
                [payload] => payload,
                _ => return Err(malformed("(gene/serialization …) holds one value")),
            }
        }
        _ => datum,
    };
    let base = vm.temp_roots.len();
    let result = read(vm, payload);
    vm.temp_roots.truncate(base);
    result
}

fn too_deep() -> VmError {
    VmError::new(format!(
        "gene/serdes/serialize: data nested more than {MAX_DEPTH} deep"
    ))
}

pub(super) fn malformed(detail: &str) -> VmError {
    VmError::of(
        ErrorKind::Parse,
        format!("gene/serdes/deserialize: {detail}"),
    )
}

fn not_serializable(vm: &Vm, value: Value, why: &str) -> VmError {
    VmError::type_error(format!(
        "gene/serdes/serialize: a {} is not serializable{why}",
        type_name(vm, value)
    ))
}

// ---------------------------------------------------------------------------------------
// Data

pub(super) fn datum(kind: DatumKind) -> Datum {
    Datum::new(kind, Span::default())
}

pub(super) fn symbol(name: &str) -> Datum {
    if name.len() > 1 && name.contains('/') {
        datum(DatumKind::ComplexSymbol(
            name.split('/').map(str::to_string).collect(),
        ))
    } else {
        datum(DatumKind::Symbol(name.to_string()))
    }
}

pub(super) fn string(text: &str) -> Datum {
    datum(DatumKind::Str(text.to_string()))
}

pub(super) fn gene(head: Datum, props: Props, children: Vec<Datum>, frozen: bool) -> Datum {
    datum(DatumKind::Gene(Box::new(GeneDatum {
        head,
        props,
        children,
        frozen,
    })))
}

/// The name a gene's head spells, when it is a symbol or a path.
fn head_name(head: &Datum) -> Option<String> {
    match &head.kind {
        DatumKind::Symbol(name) => Some(name.clone()),
        DatumKind::ComplexSymbol(parts) => Some(parts.join("/")),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Writing

struct Writer {
    /// The containers being written, outermost first.
    path: Vec<Value>,
}

impl Writer {
    fn datum(&mut self, vm: &mut Vm, value: Value) -> Result<Datum, VmError> {
        Ok(datum(match value.view() {
            ValueView::Nil => DatumKind::Nil,
            ValueView::Void => DatumKind::Void,
            ValueView::NotFound => DatumKind::NotFound,
            ValueView::Bool(b) => DatumKind::Bool(b),
            ValueView::Int(n) => DatumKind::Int(n),
            ValueView::Float(x) if x.is_finite() => DatumKind::Float(x),
            ValueView::Float(x) => {
                let name = gene_syntax::format_float(x);
                return Ok(gene(
                    symbol("gene/float"),
                    Props::default(),
                    vec![string(&name)],
                    false,
                ));
            }
            ValueView::Char(c) => DatumKind::Char(c),
            ValueView::Symbol(id) => return Ok(symbol(vm.symbols.name(id))),
            ValueView::Invalid(_) => return Err(not_serializable(vm, value, "")),
            ValueView::Object(_) => return self.object(vm, value),
        }))
    }

    fn object(&mut self, vm: &mut Vm, value: Value) -> Result<Datum, VmError> {
        let frozen = vm.heap.is_frozen(value);
        let kind = vm.heap.kind_of(value).expect("an object value");
        let heap = &vm.heap;
        Ok(match kind {
            ObjectKind::Str => string(heap.downcast::<Str>(value).expect("kind").text(heap)),
            ObjectKind::BigInt => datum(DatumKind::Int(vm.as_int(value).expect("kind"))),
            ObjectKind::Bytes => datum(DatumKind::Bytes(
                heap.downcast::<Bytes>(value)
                    .expect("kind")
                    .get(heap)
                    .0
                    .clone(),
            )),
            ObjectKind::Date | ObjectKind::Time | ObjectKind::DateTime => {
                datum(vm.temporal_datum(value).expect("a date or time"))
            }
            // A duration has no literal: its ISO 8601 text, which `gene/duration` reads.
            ObjectKind::Duration => gene(
                symbol("gene/duration"),
                Props::default(),
                vec![string(
                    &heap
                        .downcast::<crate::stdlib::time::Duration>(value)
                        .expect("kind")
                        .get(heap)
                        .0
                        .to_string(),
                )],
                false,
            ),
            ObjectKind::Regex => heap
                .downcast::<Regex>(value)
                .expect("kind")
                .get(heap)
                .literal
                .clone(),
            ObjectKind::Array => {
                let items = heap
                    .downcast::<Array>(value)
                    .expect("kind")
                    .get(heap)
                    .0
                    .clone();
                self.enter(vm, value)?;
                let items = self.all(vm, &items)?;
                self.path.pop();
                datum(DatumKind::Array { items, frozen })
            }
            ObjectKind::Map => {
                let entries = heap
                    .downcast::<Map>(value)
                    .expect("kind")
                    .get(heap)
                    .0
                    .clone();
                self.enter(vm, value)?;
                if entries.keys().any(|&key| vm.symbols.name(key).is_empty()) {
                    let mut pairs = Vec::with_capacity(entries.len() * 2);
                    for (&key, &item) in &entries {
                        pairs.push(string(vm.symbols.name(key)));
                        pairs.push(self.datum(vm, item)?);
                    }
                    self.path.pop();
                    return Ok(gene(symbol("gene/map"), Props::default(), pairs, frozen));
                }
                let props = self.props(vm, &entries)?;
                self.path.pop();
                datum(DatumKind::Map {
                    props: Box::new(props),
                    frozen,
                })
            }
            ObjectKind::Gene => {
                let g = heap.downcast::<Gene>(value).expect("kind").get(heap);
                let (head, entries, children) = (g.head, g.props.clone(), g.children.clone());
                self.enter(vm, value)?;
                let head = self.datum(vm, head)?;
                let props = self.props(vm, &entries)?;
                let children = self.all(vm, &children)?;
                self.path.pop();
                gene(head, props, children, frozen)
            }
            ObjectKind::HashMap => {
                let entries = heap
                    .downcast::<HashMapObject>(value)
                    .expect("kind")
                    .get(heap)
                    .0
                    .entries
                    .clone();
                self.enter(vm, value)?;
                let mut pairs = Vec::with_capacity(entries.len());
                for (key, item) in entries {
                    pairs.push((self.datum(vm, key)?, self.datum(vm, item)?));
                }
                self.path.pop();
                datum(DatumKind::HashMap {
                    entries: pairs,
                    frozen,
                })
            }
            ObjectKind::HashSet => {
                let items: Vec<Value> = heap
                    .downcast::<HashSetObject>(value)
                    .expect("kind")
                    .get(heap)
                    .0
                    .entries
                    .iter()
                    .map(|&(key, _)| key)
                    .collect();
                self.enter(vm, value)?;
                let items = self.all(vm, &items)?;
                self.path.pop();
                gene(symbol("gene/set"), Props::default(), items, frozen)
            }
            ObjectKind::Range => {
                let range = *heap.downcast::<Range>(value).expect("kind").get(heap);
                let parts = [range.start, range.end, range.step]
                    .into_iter()
                    .map(|bound| self.datum(vm, bound))
                    .collect::<Result<_, _>>()?;
                gene(symbol("gene/range"), Props::default(), parts, false)
            }
            ObjectKind::EnumValue => {
                let e = heap.downcast::<EnumValue>(value).expect("kind").get(heap);
                let (variant, payload) = (e.variant, e.payload.clone());
                if variant.is_nil() {
                    return self.named(vm, value, "EnumRef");
                }
                let member = self.named(vm, variant, "EnumRef")?;
                self.enter(vm, value)?;
                let items = self.all(vm, &payload)?;
                self.path.pop();
                gene(
                    symbol("EnumValue"),
                    Props::default(),
                    vec![
                        member,
                        datum(DatumKind::Array {
                            items,
                            frozen: false,
                        }),
                    ],
                    false,
                )
            }
            ObjectKind::Class => self.named(vm, value, "ClassRef")?,
            ObjectKind::Namespace => self.named(vm, value, "NamespaceRef")?,
            ObjectKind::Enum | ObjectKind::Variant => self.named(vm, value, "EnumRef")?,
            ObjectKind::Closure | ObjectKind::Native => self.named(vm, value, "FunctionRef")?,
            ObjectKind::Instance => self.instance(vm, value)?,
            _ => return Err(not_serializable(vm, value, "")),
        })
    }

    /// A reference to what a module or the program names.
    fn named(&mut self, vm: &Vm, value: Value, kind: &str) -> Result<Datum, VmError> {
        match find_origin(vm, value, false) {
            Some(origin) => Ok(reference(kind, origin)),
            None => Err(not_serializable(
                vm,
                value,
                ": only one a global or a module's export names is",
            )),
        }
    }

    fn instance(&mut self, vm: &mut Vm, value: Value) -> Result<Datum, VmError> {
        if let Some(origin) = find_origin(vm, value, true) {
            return Ok(reference("InstanceRef", origin));
        }
        let instance = vm.heap.downcast::<Instance>(value).expect("kind");
        let class = instance.get(&vm.heap).class;
        let class_ref = self.named(vm, class.value(), "ClassRef")?;
        let hooks = hooks(vm, class);
        self.enter(vm, value)?;
        let state = match hooks {
            (Some(_), Some(_)) => {
                let state = vm
                    .call_method_named(value, "serialize", &[])?
                    .expect("the class has the method");
                vm.push_root(state);
                self.datum(vm, state)?
            }
            (None, None) => {
                let props = vm.instance_props(instance);
                let mut map = Props::default();
                for (key, item) in props {
                    vm.push_root(item);
                    let item = self.datum(vm, item)?;
                    map.insert(vm.symbols.name(key).to_string(), item);
                }
                datum(DatumKind::Map {
                    props: Box::new(map),
                    frozen: false,
                })
            }
            (has_serialize, _) => {
                let (has, lacks) = match has_serialize {
                    Some(_) => ("serialize", "deserialize"),
                    None => ("deserialize", "serialize"),
                };
                return Err(VmError::type_error(format!(
                    "gene/serdes/serialize: class {} defines `{has}` but not `{lacks}`; a class \
                     that customises its serialization needs both",
                    vm.symbols.name(class.get(&vm.heap).name)
                )));
            }
        };
        self.path.pop();
        Ok(gene(
            symbol("Instance"),
            Props::default(),
            vec![class_ref, state],
            false,
        ))
    }

    fn all(&mut self, vm: &mut Vm, items: &[Value]) -> Result<Vec<Datum>, VmError> {
        items.iter().map(|&item| self.datum(vm, item)).collect()
    }

    fn props(&mut self, vm: &mut Vm, entries: &PropMap) -> Result<Props, VmError> {
        let mut props = Props::default();
        for (&key, &item) in entries {
            let item = self.datum(vm, item)?;
            props.insert(vm.symbols.name(key).to_string(), item);
        }
        Ok(props)
    }

    /// Steps into a container, rooting it (a hook may change what holds it); past the
    /// depth limit it nests too deep or contains itself.
    fn enter(&mut self, vm: &mut Vm, value: Value) -> Result<(), VmError> {
        if self.path.contains(&value) {
            return Err(VmError::new(format!(
                "gene/serdes/serialize: the {} contains itself, which the text cannot write",
                type_name(vm, value)
            )));
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(too_deep());
        }
        vm.push_root(value);
        self.path.push(value);
        Ok(())
    }
}

/// A class's `serialize` and `deserialize` methods, its own or inherited.
fn hooks(vm: &mut Vm, class: crate::heap::Gc<Class>) -> (Option<Method>, Option<Method>) {
    let serialize = vm.symbols.intern("serialize");
    let deserialize = vm.symbols.intern("deserialize");
    (
        vm.find_method_in(class, serialize),
        vm.find_method_in(class, deserialize),
    )
}

// ---------------------------------------------------------------------------------------
// Reading

/// The value of `datum`, every value made rooted until the caller truncates the roots.
fn read(vm: &mut Vm, d: &Datum) -> Result<Value, VmError> {
    let value = match &d.kind {
        DatumKind::Array { items, frozen } => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                values.push(read(vm, item)?);
            }
            let array = vm.new_array(values)?;
            freeze_if(vm, array, *frozen)
        }
        DatumKind::Map { props, frozen } => {
            let entries = read_props(vm, props)?;
            let map = vm.new_map(entries)?;
            freeze_if(vm, map, *frozen)
        }
        DatumKind::HashMap { entries, frozen } => {
            let map = vm.new_hash_map()?;
            vm.push_root(map);
            for (key, item) in entries {
                let key = read(vm, key)?;
                let item = read(vm, item)?;
                vm.table_insert(map, key, item)?;
            }
            freeze_if(vm, map, *frozen)
        }
        DatumKind::Gene(g) => read_gene(vm, g)?,
        _ => vm.datum_to_value(d)?,
    };
    vm.push_root(value);
    Ok(value)
}

fn freeze_if(vm: &Vm, value: Value, frozen: bool) -> Value {
    if frozen {
        vm.heap.freeze(value);
    }
    value
}

fn read_props(vm: &mut Vm, props: &Props) -> Result<PropMap, VmError> {
    let mut entries = PropMap::default();
    for (key, item) in props {
        let item = read(vm, item)?;
        entries.insert(vm.symbols.intern(key), item);
    }
    Ok(entries)
}

fn read_gene(vm: &mut Vm, g: &GeneDatum) -> Result<Value, VmError> {
    let name = head_name(&g.head);
    match name.as_deref() {
        Some(kind @ ("ClassRef" | "FunctionRef" | "EnumRef" | "InstanceRef" | "NamespaceRef")) => {
            resolve(vm, &g.props, kind)
        }
        Some("EnumValue") => {
            let [member, fields] = g.children.as_slice() else {
                return Err(malformed(
                    "EnumValue holds an EnumRef and an array of fields",
                ));
            };
            let variant = read(vm, member)?;
            let DatumKind::Array { items, .. } = &fields.kind else {
                return Err(malformed("EnumValue's fields are an array"));
            };
            let mut payload = Vec::with_capacity(items.len());
            for item in items {
                payload.push(read(vm, item)?);
            }
            if vm.heap.downcast::<Variant>(variant).is_none() {
                return Err(malformed(
                    "EnumValue's EnumRef must name a variant with fields",
                ));
            }
            vm.construct_variant(variant, &payload, None)
        }
        Some("Instance") => read_instance(vm, g),
        Some("gene/float") => match g.children.as_slice() {
            [Datum {
                kind: DatumKind::Str(name),
                ..
            }] => match name.as_str() {
                "nan" => Ok(Value::float(f64::NAN)),
                "inf" => Ok(Value::float(f64::INFINITY)),
                "-inf" => Ok(Value::float(f64::NEG_INFINITY)),
                _ => Err(malformed("(gene/float …) is \"nan\", \"inf\" or \"-inf\"")),
            },
            _ => Err(malformed("(gene/float …) is \"nan\", \"inf\" or \"-inf\"")),
        },
        Some("gene/duration") => match g.children.as_slice() {
            [Datum {
                kind: DatumKind::Str(text),
                ..
            }] => match text.parse::<jiff::Span>() {
                Ok(span) => vm.alloc_object(crate::stdlib::time::Duration(span)),
                Err(_) => Err(malformed("(gene/duration …) holds an ISO 8601 duration")),
            },
            _ => Err(malformed("(gene/duration …) holds an ISO 8601 duration")),
        },
        Some("gene/range") => {
            let [start, end, step] = g.children.as_slice() else {
                return Err(malformed("(gene/range …) holds start, end and step"));
            };
            let (start, end, step) = (read(vm, start)?, read(vm, end)?, read(vm, step)?);
            vm.new_range(start, end, step)
        }
        Some("gene/map") => {
            let mut entries = PropMap::default();
            for pair in g.children.chunks(2) {
                let [key, item] = pair else {
                    return Err(malformed("(gene/map …) holds keys and values in pairs"));
                };
                let DatumKind::Str(key) = &key.kind else {
                    return Err(malformed("(gene/map …) has string keys"));
                };
                let item = read(vm, item)?;
                entries.insert(vm.symbols.intern(key), item);
            }
            let map = vm.new_map(entries)?;
            Ok(freeze_if(vm, map, g.frozen))
        }
        Some("gene/set") => {
            let set = vm.new_hash_set()?;
            vm.push_root(set);
            for child in &g.children {
                let item = read(vm, child)?;
                vm.table_insert(set, item, Value::NIL)?;
            }
            Ok(freeze_if(vm, set, g.frozen))
        }
        _ => {
            let head = read(vm, &g.head)?;
            let props = read_props(vm, &g.props)?;
            let mut children = Vec::with_capacity(g.children.len());
            for child in &g.children {
                children.push(read(vm, child)?);
            }
            let value = vm.new_gene(head)?;
            let made = vm.heap.downcast::<Gene>(value).expect("made above");
            let made = made.get_mut(&mut vm.heap);
            made.props = props;
            made.children = children;
            Ok(freeze_if(vm, value, g.frozen))
        }
    }
}

/// `(Instance (ClassRef …) state)`: the class's `deserialize` method makes the instance
/// from the state, or the state's entries become the properties of a new one.
fn read_instance(vm: &mut Vm, g: &GeneDatum) -> Result<Value, VmError> {
    let [class_ref, state] = g.children.as_slice() else {
        return Err(malformed("Instance holds a ClassRef and a state"));
    };
    let class_value = read(vm, class_ref)?;
    let Some(class) = vm.heap.downcast::<Class>(class_value) else {
        return Err(malformed("Instance's first child must name a class"));
    };
    let state = read(vm, state)?;
    match hooks(vm, class).1 {
        Some(Method::Callable(hook)) => vm.call_value(hook, &[class_value, state]),
        Some(Method::Builtin(builtin)) => {
            let name = vm.symbols.intern("deserialize");
            vm.run_builtin(
                builtin,
                crate::stdlib::Called::Method(name),
                &[class_value, state],
            )
        }
        None => {
            let Some(entries) = vm.map_entries(state).cloned() else {
                return Err(malformed(
                    "an Instance's state must be a map of its properties",
                ));
            };
            let instance = vm.new_instance(class)?;
            let made = vm.heap.downcast::<Instance>(instance).expect("made above");
            for (key, item) in entries {
                vm.set_instance_prop(made, key, item);
            }
            Ok(instance)
        }
    }
}
