//! Selectors (spec 17): every read and write through `/` and every selector value goes
//! through the entry points here, which dispatch on the receiver's kind. A new kind of
//! receiver (instances, classes, namespaces) is one arm in each of [`Vm::select_member`],
//! [`Vm::set_member`] and [`Vm::select_entries`].
//!
//! The rules of 17.9: a member or index that is not there is `void`; a `nil` receiver gives
//! `nil`; a `void` receiver stays `void`, so a miss anywhere in `a/b/c` is void at the end;
//! a receiver that has no members at all (a number, a string, a function) has none to find,
//! so that is void too. Writes are stricter: they raise where there is nothing to write to.

use crate::collections::resolve_index;
use crate::heap::{Array, Gene, ObjectKind, PropMap, Tracer};
use crate::print::{type_name, write_value, Show, Style};
use crate::runtime::class::{Class, Instance};
use crate::runtime::namespace::Namespace;
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

fn entries_of(
    members: &indexmap::IndexMap<SymbolId, Value, foldhash::fast::RandomState>,
) -> Vec<(SymbolId, Value)> {
    members.iter().map(|(&k, &v)| (k, v)).collect()
}

/// One step of a selector value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Segment {
    /// A key of a map, a gene's prop (strings and names).
    Key(SymbolId),
    /// An index into an array or a gene's children (negative from the end).
    Index(i64),
    /// `*`: the items of arrays and the children of genes, as a stream of values.
    Values,
    /// `**`: the entries of keyed containers, as a stream of key/value pairs.
    Entries,
    /// `@`: the stream so far, collected into an array.
    Collect,
    /// `@@`: the entry stream so far, collected into a map.
    CollectMap,
    /// `!`: raises when what was selected is missing (void) or nil.
    Assert,
    /// A function applied to each match (to the key and value of each entry).
    Call(Value),
}

/// A selector value, `(@ "users" 0 "name")` or `@users/*/name`: immutable once made.
pub struct Selector {
    pub segments: Vec<Segment>,
}

impl crate::heap::Object for Selector {
    fn trace(&self, tracer: &mut Tracer) {
        for segment in &self.segments {
            if let Segment::Call(callee) = segment {
                tracer.mark(*callee);
            }
        }
    }

    fn extra_bytes(&self) -> usize {
        self.segments.capacity() * std::mem::size_of::<Segment>()
    }
}

impl Show for Selector {
    fn show(&self, vm: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("(@");
        for segment in &self.segments {
            out.push(' ');
            match *segment {
                Segment::Key(key) => {
                    let _ = gene_syntax::print::write_string_literal(out, vm.symbols.name(key));
                }
                Segment::Index(index) => out.push_str(&index.to_string()),
                Segment::Call(callee) => write_value(vm, callee, Style::Nested, out),
                mode => out.push_str(mode_name(mode)),
            }
        }
        out.push(')');
    }
}

fn mode_name(segment: Segment) -> &'static str {
    match segment {
        Segment::Values => "*",
        Segment::Entries => "**",
        Segment::Collect => "@",
        Segment::CollectMap => "@@",
        _ => "!",
    }
}

/// The mode a selector segment written as a symbol names, if it names one.
pub(crate) fn mode(name: &str) -> Option<Segment> {
    Some(match name {
        "*" => Segment::Values,
        "**" => Segment::Entries,
        "@" => Segment::Collect,
        "@@" => Segment::CollectMap,
        "!" => Segment::Assert,
        _ => return None,
    })
}

/// What a selector holds while it runs.
enum Matches {
    One(Value),
    Values(Vec<Value>),
    Entries(Vec<(SymbolId, Value)>),
}

impl Vm {
    /// `obj/key` where the member may have to be made: a regex match's fields are made
    /// when read (`stdlib/regex.rs`); any other member is [`Vm::select_member`]'s.
    pub(crate) fn read_member(&mut self, obj: Value, key: SymbolId) -> Result<Value, VmError> {
        match crate::stdlib::regex::match_member(self, obj, key) {
            Some(field) => field,
            None => self.select_member(obj, key),
        }
    }

    /// `obj/key` for a key known when compiling: the one entry point for reading a member
    /// by name (`GetProp` and every keyed selector step come here, through
    /// [`Vm::read_member`]).
    pub(crate) fn select_member(&self, obj: Value, key: SymbolId) -> Result<Value, VmError> {
        match self.heap.kind_of(obj) {
            Some(ObjectKind::Map) => Ok(self
                .map_entries(obj)
                .and_then(|map| map.get(&key).copied())
                .unwrap_or(Value::VOID)),
            Some(ObjectKind::Gene) => {
                let gene = self.heap.downcast::<Gene>(obj).expect("kind");
                Ok(gene
                    .get(&self.heap)
                    .props
                    .get(&key)
                    .copied()
                    .unwrap_or(Value::VOID))
            }
            Some(ObjectKind::Instance) => {
                let instance = self.heap.downcast::<Instance>(obj).expect("kind");
                Ok(self.instance_prop(instance, key).unwrap_or(Value::VOID))
            }
            Some(ObjectKind::Class) => {
                let class = self.heap.downcast::<Class>(obj).expect("kind");
                let members = &class.get(&self.heap).members;
                Ok(members.get(&key).copied().unwrap_or(Value::VOID))
            }
            Some(ObjectKind::Namespace) => {
                let namespace = self.heap.downcast::<Namespace>(obj).expect("kind");
                let members = &namespace.get(&self.heap).members;
                Ok(members.get(&key).copied().unwrap_or(Value::VOID))
            }
            Some(ObjectKind::Enum) => {
                let members = &self
                    .heap
                    .downcast::<crate::heap::Enum>(obj)
                    .expect("kind")
                    .get(&self.heap);
                members.members.get(&key).copied().ok_or_else(|| {
                    VmError::of(
                        crate::runtime::errors::ErrorKind::Name,
                        format!(
                            "enum {} has no member `{}`",
                            self.symbols.name(members.name),
                            self.symbols.name(key)
                        ),
                    )
                })
            }
            Some(ObjectKind::EnumValue) => Ok(self.enum_field(obj, key).unwrap_or(Value::VOID)),
            _ if obj.is_nil() => Ok(Value::NIL),
            _ => Ok(Value::VOID),
        }
    }

    /// `obj/<key>` and `obj/0`: the entry point for a step whose key is a value. Ints index
    /// arrays, gene children and enum payloads (and name a key by their digits elsewhere);
    /// strings and symbols name members; a selector value is applied. Anything else as a
    /// key is an error, whatever the receiver.
    pub(crate) fn select_index(&mut self, obj: Value, key: Value) -> Result<Value, VmError> {
        // A name, the usual key (`m/<word>`), first: no int or selector test for it.
        if let Some(id) = self.lookup_key(key) {
            return self.read_member(obj, id);
        }
        if let Some(index) = self.as_int(key) {
            if let Some(items) = self.array_items(obj) {
                return Ok(resolve_index(index, items.len()).map_or(Value::VOID, |i| items[i]));
            }
            if let Some(gene) = self.heap.downcast::<Gene>(obj) {
                let children = &gene.get(&self.heap).children;
                return Ok(
                    resolve_index(index, children.len()).map_or(Value::VOID, |i| children[i])
                );
            }
            if let Some(value) = self.heap.downcast::<crate::heap::EnumValue>(obj) {
                let payload = &value.get(&self.heap).payload;
                return Ok(resolve_index(index, payload.len()).map_or(Value::VOID, |i| payload[i]));
            }
            return match self.symbols.lookup(&index.to_string()) {
                Some(id) => self.read_member(obj, id),
                None => Ok(self.missing(obj)),
            };
        }
        if self.heap.kind_of(key) == Some(ObjectKind::Selector) {
            return self.apply_selector(key, obj, None);
        }
        if self.key_name(key).is_none() {
            return Err(bad_segment(self, key));
        }
        // A name never interned is the key of nothing.
        Ok(self.missing(obj))
    }

    /// What a lookup that finds nothing gives: nil on a nil receiver, else void.
    fn missing(&self, obj: Value) -> Value {
        if obj.is_nil() {
            Value::NIL
        } else {
            Value::VOID
        }
    }

    /// An error unless `value` may be changed (frozen literals may not).
    pub(crate) fn check_mutable(&self, value: Value) -> Result<(), VmError> {
        if self.heap.is_frozen(value) {
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::Type,
                format!("cannot change a frozen {}", type_name(self, value)),
            ));
        }
        Ok(())
    }

    /// `(obj/key = value)`: the one entry point for writing a member by name.
    pub(crate) fn set_member(
        &mut self,
        obj: Value,
        key: SymbolId,
        value: Value,
    ) -> Result<(), VmError> {
        self.check_mutable(obj)?;
        match self.heap.kind_of(obj) {
            Some(ObjectKind::Map) => {
                self.map_entries_mut(obj).expect("kind").insert(key, value);
                Ok(())
            }
            Some(ObjectKind::Gene) => {
                let gene = self.heap.downcast::<Gene>(obj).expect("kind");
                gene.get_mut(&mut self.heap).props.insert(key, value);
                Ok(())
            }
            Some(ObjectKind::Instance) => {
                let instance = self.heap.downcast::<Instance>(obj).expect("kind");
                self.set_instance_prop(instance, key, value);
                Ok(())
            }
            Some(ObjectKind::Class) => {
                let class = self.heap.downcast::<Class>(obj).expect("kind");
                class.get_mut(&mut self.heap).members.insert(key, value);
                Ok(())
            }
            Some(ObjectKind::Namespace) => {
                let namespace = self.heap.downcast::<Namespace>(obj).expect("kind");
                namespace.get_mut(&mut self.heap).members.insert(key, value);
                Ok(())
            }
            _ => Err(VmError::type_error(format!(
                "cannot set `{}` on {}",
                self.symbols.name(key),
                described(self, obj)
            ))),
        }
    }

    /// `(obj/<key> = value)`, `(obj/0 = value)`, `($set obj @key value)`: ints write array
    /// items and gene children (which must exist), names write members; a selector of one
    /// key or index writes through it.
    pub(crate) fn set_index(
        &mut self,
        obj: Value,
        key: Value,
        value: Value,
    ) -> Result<(), VmError> {
        if let Some(selector) = self.heap.downcast::<Selector>(key) {
            return match selector.get(&self.heap).segments.as_slice() {
                [Segment::Key(id)] => self.set_member(obj, *id, value),
                &[Segment::Index(index)] => self.set_at(obj, index, value),
                _ => Err(VmError::new(
                    "only a selector of one key or index can be written through",
                )),
            };
        }
        if let Some(index) = self.as_int(key) {
            return self.set_at(obj, index, value);
        }
        let Some(id) = self.intern_key(key) else {
            return Err(bad_segment(self, key));
        };
        self.set_member(obj, id, value)
    }

    fn set_at(&mut self, obj: Value, index: i64, value: Value) -> Result<(), VmError> {
        self.check_mutable(obj)?;
        let (items, what) = match self.heap.kind_of(obj) {
            Some(ObjectKind::Array) => (
                &mut self
                    .heap
                    .downcast::<Array>(obj)
                    .expect("kind")
                    .get_mut(&mut self.heap)
                    .0,
                "an array of",
            ),
            Some(ObjectKind::Gene) => (
                &mut self
                    .heap
                    .downcast::<Gene>(obj)
                    .expect("kind")
                    .get_mut(&mut self.heap)
                    .children,
                "a gene of",
            ),
            Some(ObjectKind::Map) => {
                let id = self.symbols.intern(&index.to_string());
                return self.set_member(obj, id, value);
            }
            _ => {
                return Err(VmError::of(
                    crate::runtime::errors::ErrorKind::Type,
                    format!("cannot set item {index} of {}", described(self, obj)),
                ))
            }
        };
        let len = items.len();
        let Some(at) = resolve_index(index, len) else {
            let unit = if what == "a gene of" {
                "children"
            } else {
                "items"
            };
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::Index,
                format!("index {index} is out of range for {what} {len} {unit}"),
            ));
        };
        items[at] = value;
        Ok(())
    }

    /// `*`: the values a receiver expands into, void ones left out; nothing for what has
    /// no items.
    pub(crate) fn select_values(&self, obj: Value) -> Vec<Value> {
        let items: &[Value] = match self.heap.kind_of(obj) {
            Some(ObjectKind::Array) => self.array_items(obj).expect("kind"),
            Some(ObjectKind::Gene) => {
                &self
                    .heap
                    .downcast::<Gene>(obj)
                    .expect("kind")
                    .get(&self.heap)
                    .children
            }
            _ => &[],
        };
        items
            .iter()
            .copied()
            .filter(|&v| v != Value::VOID)
            .collect()
    }

    /// `**`: the entries a keyed receiver expands into (a map's, a gene's props), void ones
    /// left out; nothing for what has no keys.
    pub(crate) fn select_entries(&self, obj: Value) -> Vec<(SymbolId, Value)> {
        let members = match self.heap.kind_of(obj) {
            Some(ObjectKind::Instance) => {
                let instance = self.heap.downcast::<Instance>(obj).expect("kind");
                Some(self.instance_props(instance))
            }
            Some(ObjectKind::Class) => {
                let class = self.heap.downcast::<Class>(obj).expect("kind");
                Some(entries_of(&class.get(&self.heap).members))
            }
            Some(ObjectKind::Namespace) => {
                let namespace = self.heap.downcast::<Namespace>(obj).expect("kind");
                Some(entries_of(&namespace.get(&self.heap).members))
            }
            _ => None,
        };
        if let Some(members) = members {
            return members
                .into_iter()
                .filter(|&(_, v)| v != Value::VOID)
                .collect();
        }
        let props: Option<&PropMap> = match self.heap.kind_of(obj) {
            Some(ObjectKind::Map) => self.map_entries(obj),
            Some(ObjectKind::Gene) => Some(
                &self
                    .heap
                    .downcast::<Gene>(obj)
                    .expect("kind")
                    .get(&self.heap)
                    .props,
            ),
            _ => None,
        };
        props.map_or_else(Vec::new, |props| {
            props
                .iter()
                .filter(|(_, &v)| v != Value::VOID)
                .map(|(&k, &v)| (k, v))
                .collect()
        })
    }

    /// The segments a value stands for in a selector built at run time: strings and names
    /// are keys (names of modes are modes), ints indexes, functions callable segments, and
    /// a selector its own segments.
    pub(crate) fn segments_of(
        &mut self,
        value: Value,
        out: &mut Vec<Segment>,
    ) -> Result<(), VmError> {
        if let Some(index) = self.as_int(value) {
            out.push(Segment::Index(index));
        } else if let Some(id) = value.as_symbol() {
            out.push(mode(self.symbols.name(id)).unwrap_or(Segment::Key(id)));
        } else if let Some(text) = self.as_str(value) {
            let text = text.to_string();
            out.push(Segment::Key(self.symbols.intern(&text)));
        } else if let Some(selector) = self.heap.downcast::<Selector>(value) {
            out.extend_from_slice(&selector.get(&self.heap).segments);
        } else if self.type_key(value) == crate::methods::TypeKey::Function {
            out.push(Segment::Call(value));
        } else {
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::Type,
                format!(
                    "a selector segment is a string, a name, an int or a function, not {}",
                    described(self, value)
                ),
            ));
        }
        Ok(())
    }

    /// A selector of the segments the values stand for (`(@ …)` with evaluated parts).
    pub(crate) fn new_selector(&mut self, values: &[Value]) -> Result<Value, VmError> {
        let mut segments = Vec::with_capacity(values.len());
        for &value in values {
            self.segments_of(value, &mut segments)?;
        }
        self.selector_of(segments)
    }

    /// A selector constant of the compiled code, as it is loaded.
    pub(crate) fn selector_constant(
        &mut self,
        parts: &[gene_compiler::proto::SelectorPart],
    ) -> Result<Value, VmError> {
        use gene_compiler::proto::SelectorPart;
        let segments = parts
            .iter()
            .map(|part| match part {
                SelectorPart::Key(key) => Segment::Key(self.symbols.intern(key)),
                SelectorPart::Index(index) => Segment::Index(*index),
                SelectorPart::Mode(name) => mode(name).expect("the compiler writes only modes"),
            })
            .collect();
        self.selector_of(segments)
    }

    /// `(obj ./ key default)`: one step, or a whole selector, with a default that replaces
    /// only a miss; `default` void means none was given.
    pub(crate) fn select_with_default(
        &mut self,
        obj: Value,
        key: Value,
        default: Value,
    ) -> Result<Value, VmError> {
        let default = (default != Value::VOID).then_some(default);
        if self.heap.kind_of(key) == Some(ObjectKind::Selector) {
            return self.apply_selector(key, obj, default);
        }
        let found = self.select_index(obj, key)?;
        Ok(match default {
            Some(default) if found == Value::VOID => default,
            _ => found,
        })
    }

    pub(crate) fn selector_of(&mut self, segments: Vec<Segment>) -> Result<Value, VmError> {
        if segments.is_empty() {
            return Err(VmError::new("a selector needs at least one segment"));
        }
        Ok(self
            .heap
            .alloc(Selector { segments })
            .map_err(out_of_memory)?
            .value())
    }

    /// `(selector data)`, `(selector data default)`, `(data ./ selector default)`: runs the
    /// selector over `data`. A default replaces only a miss (void, or a stream with no
    /// matches). Callable segments call back into Gene, so everything the run holds stays
    /// rooted until it ends.
    pub(crate) fn apply_selector(
        &mut self,
        selector: Value,
        data: Value,
        default: Option<Value>,
    ) -> Result<Value, VmError> {
        let roots = self.temp_roots.len();
        self.push_root(selector);
        self.push_root(data);
        let result = self.run_selector(selector, data, default);
        self.temp_roots.truncate(roots);
        result
    }

    fn run_selector(
        &mut self,
        selector: Value,
        data: Value,
        default: Option<Value>,
    ) -> Result<Value, VmError> {
        let segments = self
            .heap
            .downcast::<Selector>(selector)
            .ok_or_else(|| VmError::new("not a selector"))?
            .get(&self.heap)
            .segments
            .clone();
        let mut matches = Matches::One(data);
        for segment in segments {
            matches = self.step(matches, segment)?;
        }
        let result = match matches {
            Matches::One(value) if value == Value::VOID => default.unwrap_or(value),
            Matches::One(value) => value,
            Matches::Values(values) if values.is_empty() && default.is_some() => {
                default.expect("checked")
            }
            Matches::Entries(entries) if entries.is_empty() && default.is_some() => {
                default.expect("checked")
            }
            Matches::Values(values) => self.new_array(values)?,
            Matches::Entries(entries) => self.entry_pairs(entries)?,
        };
        Ok(result)
    }

    fn step(&mut self, matches: Matches, segment: Segment) -> Result<Matches, VmError> {
        Ok(match segment {
            Segment::Key(_) | Segment::Index(_) => match matches {
                Matches::One(value) => Matches::One(self.lookup(value, segment)?),
                Matches::Values(values) => {
                    let mut found = Vec::with_capacity(values.len());
                    for value in values {
                        let next = self.lookup(value, segment)?;
                        if next != Value::VOID {
                            found.push(next);
                        }
                    }
                    Matches::Values(found)
                }
                Matches::Entries(entries) => {
                    let mut found = Vec::with_capacity(entries.len());
                    for (key, value) in entries {
                        let next = self.lookup(value, segment)?;
                        if next != Value::VOID {
                            found.push((key, next));
                        }
                    }
                    Matches::Entries(found)
                }
            },
            Segment::Values => Matches::Values(match matches {
                Matches::One(value) => self.select_values(value),
                Matches::Values(values) => values
                    .into_iter()
                    .flat_map(|v| self.select_values(v))
                    .collect(),
                Matches::Entries(entries) => entries
                    .into_iter()
                    .flat_map(|(_, v)| self.select_values(v))
                    .collect(),
            }),
            Segment::Entries => Matches::Entries(match matches {
                Matches::One(value) => self.select_entries(value),
                Matches::Values(values) => values
                    .into_iter()
                    .flat_map(|v| self.select_entries(v))
                    .collect(),
                Matches::Entries(entries) => entries
                    .into_iter()
                    .flat_map(|(_, v)| self.select_entries(v))
                    .collect(),
            }),
            Segment::Collect => Matches::One(match matches {
                Matches::One(value) if value == Value::VOID => self.new_array(Vec::new())?,
                Matches::One(value) => self.new_array(vec![value])?,
                Matches::Values(values) => self.new_array(values)?,
                Matches::Entries(entries) => self.entry_pairs(entries)?,
            }),
            Segment::CollectMap => match matches {
                Matches::Entries(entries) => {
                    Matches::One(self.new_map(entries.into_iter().collect())?)
                }
                _ => {
                    return Err(VmError::new(
                        "`@@` collects entries: expand them with `**` first",
                    ))
                }
            },
            Segment::Assert => {
                self.assert_matched(&matches)?;
                matches
            }
            Segment::Call(callee) => self.call_segment(matches, callee)?,
        })
    }

    /// One keyed or indexed step from `value`.
    fn lookup(&mut self, value: Value, segment: Segment) -> Result<Value, VmError> {
        match segment {
            Segment::Key(key) => self.read_member(value, key),
            Segment::Index(index) => {
                let index = self.int(index)?;
                self.select_index(value, index)
            }
            _ => unreachable!("only keys and indexes are looked up"),
        }
    }

    fn assert_matched(&self, matches: &Matches) -> Result<(), VmError> {
        let values: Vec<Value> = match matches {
            Matches::One(value) => vec![*value],
            Matches::Values(values) => values.clone(),
            Matches::Entries(entries) => entries.iter().map(|&(_, v)| v).collect(),
        };
        if values.is_empty() {
            return Err(VmError::new(
                "the selector matched nothing, where `!` needs a match",
            ));
        }
        if values.contains(&Value::VOID) {
            return Err(VmError::new(
                "the selector gives void, where `!` needs a value",
            ));
        }
        if values.iter().any(|v| v.is_nil()) {
            return Err(VmError::new(
                "the selector gives nil, where `!` needs a value",
            ));
        }
        Ok(())
    }

    /// A callable segment: the function gets each match (an entry's key and value) and
    /// gives the next one; void drops a match from a stream, and in an entry stream an
    /// answer `[key value]` replaces the entry. A single void match is not passed on.
    fn call_segment(&mut self, matches: Matches, callee: Value) -> Result<Matches, VmError> {
        Ok(match matches {
            Matches::One(value) if value == Value::VOID => Matches::One(value),
            Matches::One(value) => Matches::One(self.call_value(callee, &[value])?),
            Matches::Values(values) => {
                values.iter().for_each(|&v| self.push_root(v));
                let mut next = Vec::with_capacity(values.len());
                for value in values {
                    let result = self.call_value(callee, &[value])?;
                    if result != Value::VOID {
                        self.push_root(result);
                        next.push(result);
                    }
                }
                Matches::Values(next)
            }
            Matches::Entries(entries) => {
                entries.iter().for_each(|&(_, v)| self.push_root(v));
                let mut next = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    let name = self.symbol_string(key)?;
                    self.push_root(name);
                    let result = self.call_value(callee, &[name, value])?;
                    if result == Value::VOID {
                        continue;
                    }
                    self.push_root(result);
                    match self.entry_of(result)? {
                        Some((_, value)) if value == Value::VOID => {}
                        Some(entry) => next.push(entry),
                        None => next.push((key, result)),
                    }
                }
                Matches::Entries(next)
            }
        })
    }

    /// An entry a callable segment gave as `[key value]`, or `None` for any other value
    /// (which replaces the entry's value).
    fn entry_of(&mut self, value: Value) -> Result<Option<(SymbolId, Value)>, VmError> {
        let Some(items) = self.array_items(value) else {
            return Ok(None);
        };
        let &[key, value] = items.as_slice() else {
            return Err(VmError::new(
                "a function over entries gives a value or a [key value] pair",
            ));
        };
        let name = match self.as_int(key) {
            Some(index) => index.to_string(),
            None => match self.key_name(key) {
                Some(name) => name.to_string(),
                None => return Err(bad_segment(self, key)),
            },
        };
        Ok(Some((self.symbols.intern(&name), value)))
    }

    /// Entries as an array of `[key value]` pairs, the keys strings (as `.keys` gives them).
    fn entry_pairs(&mut self, entries: Vec<(SymbolId, Value)>) -> Result<Value, VmError> {
        let mut pairs = Vec::with_capacity(entries.len());
        // Allocation never collects, so the pairs need no rooting while they are made.
        for (key, value) in entries {
            let key = self.symbol_string(key)?;
            pairs.push(self.new_array(vec![key, value])?);
        }
        self.new_array(pairs)
    }
}

/// What a value is, for messages: `nil`, `void` or its type.
fn described(vm: &Vm, value: Value) -> String {
    if value.is_nil() {
        "nil".to_string()
    } else if value == Value::VOID {
        "void".to_string()
    } else {
        format!("a value of type {}", type_name(vm, value))
    }
}

#[cold]
fn bad_segment(vm: &Vm, key: Value) -> VmError {
    let what = if key.is_nil() {
        "nil".to_string()
    } else if key == Value::VOID {
        "void".to_string()
    } else {
        type_name(vm, key).to_string()
    };
    VmError::of(
        crate::runtime::errors::ErrorKind::Type,
        format!("a selector segment is a string, a name or an int, not {what}"),
    )
}

#[cfg(test)]
mod tests {
    use crate::print::{display, Style};
    use crate::value::Value;
    use crate::vm::Vm;
    use gene_syntax::SourceFile;

    fn value(vm: &mut Vm, code: &str) -> Value {
        let main = vm.main_module;
        vm.run_source_in(&SourceFile::new("<test>", code), main)
            .unwrap_or_else(|_| panic!("{code} runs"))
    }

    fn shown(vm: &Vm, value: Value) -> String {
        display(vm, value, Style::Nested)
    }

    #[test]
    fn members_of_every_receiver_kind() {
        let mut vm = Vm::new();
        let map = value(&mut vm, "(var m {^a 1 ^7 \"seven\"}) m");
        let gene = value(&mut vm, "(var g `(f ^a 2 \"c\")) g");
        let a = vm.symbols.intern("a");
        let cases = [
            (map, "1"),
            (gene, "2"),
            (Value::NIL, "nil"),
            (Value::VOID, "void"),
            (Value::small_int(3).expect("small"), "void"),
        ];
        for (receiver, expected) in cases {
            let found = vm.select_member(receiver, a).expect("reads");
            assert_eq!(shown(&vm, found), expected);
        }
        // Ints index sequences and name keys by their digits elsewhere.
        let seven = Value::small_int(7).expect("small");
        let zero = Value::small_int(0).expect("small");
        let (by_digits, child) = (
            vm.select_index(map, seven).expect("reads"),
            vm.select_index(gene, zero).expect("reads"),
        );
        assert_eq!(shown(&vm, by_digits), "\"seven\"");
        assert_eq!(shown(&vm, child), "\"c\"");
        let error = vm.select_index(map, Value::NIL).expect_err("nil is no key");
        assert_eq!(
            error.message,
            "a selector segment is a string, a name or an int, not nil"
        );
    }

    #[test]
    fn writes_through_a_selector_of_one_segment_only() {
        let mut vm = Vm::new();
        let map = value(&mut vm, "(var m {}) m");
        let one = value(&mut vm, "@k");
        let two = value(&mut vm, "@k/j");
        let five = Value::small_int(5).expect("small");
        vm.set_index(map, one, five).expect("writes");
        assert_eq!(shown(&vm, map), "{^k 5}");
        let error = vm.set_index(map, two, five).expect_err("two segments");
        assert_eq!(
            error.message,
            "only a selector of one key or index can be written through"
        );
    }

    /// Callable segments allocate and collect while a stream is held in Rust: every match
    /// must survive (`gc-verify` turns a lost one into a panic).
    #[test]
    fn streams_stay_rooted_across_callable_segments() {
        let mut vm = Vm::new();
        vm.set_gc_stress(true);
        let result = value(
            &mut vm,
            "(var wrap (fn [x] [x #\"#{x}\"])) \
             ((@ * <wrap> * (fn [v] [v]) @) [1 2 3])",
        );
        assert_eq!(shown(&vm, result), "[[1] [\"1\"] [2] [\"2\"] [3] [\"3\"]]");
        let entries = value(
            &mut vm,
            "((@ ** (fn [k v] [#\"#{k}!\" [v]]) @@) {^a 1 ^b 2})",
        );
        assert_eq!(shown(&vm, entries), "{^a! [1] ^b! [2]}");
    }
}
