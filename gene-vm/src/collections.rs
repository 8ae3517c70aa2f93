//! Collections as the instructions see them: making arrays, maps, genes and ranges, and
//! iterating them in `for`. Reading and writing them by index and by key (`a/0`, `m/k`) is
//! selection, in `runtime/selector.rs`.

use crate::heap::{Array, Gene, Map, ObjectKind, PropMap, Range, Str};
use crate::print::type_name;
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

/// Where `index` falls in a sequence of `len` items; negative indexes count from the end.
pub(crate) fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let index = if index < 0 { index + len } else { index };
    (0..len).contains(&index).then_some(index as usize)
}

/// Where a possibly negative position falls in a sequence of `len` items, clamped to
/// `0..=len` (the ends of slices and substrings).
pub(crate) fn clamp_position(position: i64, len: usize) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let position = if position < 0 {
        position.saturating_add(len_i)
    } else {
        position
    };
    position.clamp(0, len_i) as usize
}

impl Vm {
    pub(crate) fn new_array(&mut self, items: Vec<Value>) -> Result<Value, VmError> {
        Ok(self
            .heap
            .alloc(Array(items))
            .map_err(out_of_memory)?
            .value())
    }

    pub(crate) fn new_map(&mut self, map: PropMap) -> Result<Value, VmError> {
        Ok(self.heap.alloc(Map(map)).map_err(out_of_memory)?.value())
    }

    pub(crate) fn new_gene(&mut self, head: Value) -> Result<Value, VmError> {
        let gene = Gene {
            head,
            props: PropMap::default(),
            children: Vec::new(),
        };
        Ok(self.heap.alloc(gene).map_err(out_of_memory)?.value())
    }

    pub(crate) fn new_range(
        &mut self,
        start: Value,
        end: Value,
        step: Value,
    ) -> Result<Value, VmError> {
        for bound in [start, end, step] {
            if self.as_int(bound).is_none() && bound.as_float().is_none() {
                return Err(VmError::type_error(format!(
                    "a range's bounds and step are numbers, not {}",
                    type_name(self, bound)
                )));
            }
        }
        if self.as_int(step) == Some(0) || step.as_float() == Some(0.0) {
            return Err(VmError::new("a range's step cannot be zero"));
        }
        let range = Range { start, end, step };
        Ok(self.heap.alloc(range).map_err(out_of_memory)?.value())
    }

    /// Appends registers `from..from + count` to the array, or the gene's children, in
    /// `target` (long literals and templates build them in pieces).
    pub(crate) fn append_registers(
        &mut self,
        target: Value,
        from: usize,
        count: usize,
    ) -> Result<(), VmError> {
        let Vm {
            heap, registers, ..
        } = self;
        let items = &registers[from..from + count];
        if let Some(array) = heap.downcast::<Array>(target) {
            array.get_mut(heap).0.extend_from_slice(items);
        } else if let Some(gene) = heap.downcast::<Gene>(target) {
            gene.get_mut(heap).children.extend_from_slice(items);
        } else {
            return Err(VmError::type_error(format!(
                "only arrays and genes take items, not {}",
                type_name(self, target)
            )));
        }
        Ok(())
    }

    /// The values an item written `x...` stands for: an Array's items, a Range's numbers, a
    /// HashSet's members; nil stands for none (as the reference has it).
    pub(crate) fn spread_values(&mut self, source: Value) -> Result<Vec<Value>, VmError> {
        match self.heap.kind_of(source) {
            Some(ObjectKind::Array) => Ok(self.array_items(source).expect("kind").clone()),
            Some(ObjectKind::Range | ObjectKind::HashSet) => {
                let mut values = Vec::new();
                let mut cursor = 0;
                while let Some((_, value)) = self.iteration_item(source, cursor)? {
                    values.push(value);
                    cursor += 1;
                }
                Ok(values)
            }
            _ if source.is_nil() => Ok(Vec::new()),
            _ => Err(VmError::type_error(format!(
                "`...` spreads an Array, a Range or a HashSet, not {}",
                type_name(self, source)
            ))),
        }
    }

    /// `x...` among the items of a literal being built: appends what `source` spreads to
    /// the array, or the gene's children, in `target`.
    pub(crate) fn spread_items(&mut self, target: Value, source: Value) -> Result<(), VmError> {
        let values = self.spread_values(source)?;
        let grown = if let Some(array) = self.heap.downcast::<Array>(target) {
            let items = &mut array.get_mut(&mut self.heap).0;
            let capacity = items.capacity();
            items.extend(values);
            items.capacity() - capacity
        } else if let Some(gene) = self.heap.downcast::<Gene>(target) {
            let children = &mut gene.get_mut(&mut self.heap).children;
            let capacity = children.capacity();
            children.extend(values);
            children.capacity() - capacity
        } else {
            return Err(VmError::type_error(format!(
                "only arrays and genes take items, not {}",
                type_name(self, target)
            )));
        };
        self.heap.grew(grown * std::mem::size_of::<Value>());
        Ok(())
    }

    /// `^... m` among the props of a literal being built: copies the entries of the map in
    /// `source` (nil has none) into the map, or the gene's props, in `target`, later
    /// entries replacing earlier ones.
    pub(crate) fn spread_props(&mut self, target: Value, source: Value) -> Result<(), VmError> {
        let entries: Vec<(SymbolId, Value)> = match self.map_entries(source) {
            Some(entries) => entries.iter().map(|(&k, &v)| (k, v)).collect(),
            None if source.is_nil() => return Ok(()),
            None => {
                return Err(VmError::type_error(format!(
                    "`^...` spreads a Map, not {}",
                    type_name(self, source)
                )))
            }
        };
        if let Some(map) = self.map_entries_mut(target) {
            map.extend(entries);
        } else if let Some(gene) = self.heap.downcast::<Gene>(target) {
            gene.get_mut(&mut self.heap).props.extend(entries);
        } else {
            return Err(VmError::type_error(format!(
                "only maps and genes take props, not {}",
                type_name(self, target)
            )));
        }
        Ok(())
    }

    /// The items of an array value.
    pub(crate) fn array_items(&self, value: Value) -> Option<&Vec<Value>> {
        self.heap
            .downcast::<Array>(value)
            .map(|array| &array.get(&self.heap).0)
    }

    /// The items of an array value, to change.
    pub(crate) fn array_items_mut(&mut self, value: Value) -> Option<&mut Vec<Value>> {
        self.heap
            .downcast::<Array>(value)
            .map(|array| &mut array.get_mut(&mut self.heap).0)
    }

    /// The entries of a map value.
    pub(crate) fn map_entries(&self, value: Value) -> Option<&PropMap> {
        self.heap
            .downcast::<Map>(value)
            .map(|map| &map.get(&self.heap).0)
    }

    pub(crate) fn map_entries_mut(&mut self, value: Value) -> Option<&mut PropMap> {
        self.heap
            .downcast::<Map>(value)
            .map(|map| &mut map.get_mut(&mut self.heap).0)
    }

    /// The name a key value stands for: a string's text or a symbol's name.
    pub(crate) fn key_name(&self, key: Value) -> Option<&str> {
        if let Some(id) = key.as_symbol() {
            return Some(self.symbols.name(id));
        }
        self.as_str(key)
    }

    /// The symbol of the name `key` stands for (see [`Vm::key_name`]) if that name was ever
    /// interned; `None` for a name never interned, which is the key of nothing, and for a
    /// value that is not a name.
    pub(crate) fn lookup_key(&self, key: Value) -> Option<SymbolId> {
        let symbols = &self.symbols;
        key_symbol(&self.heap, key, |text| symbols.lookup(text))
    }

    /// The symbol of the name `key` stands for, interned if new; `None` when `key` is not a
    /// string or symbol.
    pub(crate) fn intern_key(&mut self, key: Value) -> Option<SymbolId> {
        let symbols = &mut self.symbols;
        key_symbol(&self.heap, key, |text| Some(symbols.intern(text)))
    }

    /// Prepares `value` for a `for` loop: returns what to iterate (strings become arrays of
    /// their characters) or an error for what cannot be iterated.
    pub(crate) fn iterable(&mut self, value: Value) -> Result<Value, VmError> {
        match self.heap.kind_of(value) {
            Some(
                ObjectKind::Array
                | ObjectKind::Map
                | ObjectKind::Gene
                | ObjectKind::Range
                | ObjectKind::HashMap
                | ObjectKind::HashSet
                | ObjectKind::Generator
                | ObjectKind::Iterator
                | ObjectKind::Stream,
            ) => Ok(value),
            Some(ObjectKind::Str) => {
                let chars = self
                    .heap
                    .downcast::<Str>(value)
                    .expect("kind")
                    .text(&self.heap)
                    .chars()
                    .map(Value::char)
                    .collect();
                self.new_array(chars)
            }
            // The iterator protocol (spec 11.4): an object with `.iter` gives its iterator;
            // one with `.next` is its own, giving values until `not_found`.
            Some(ObjectKind::Instance) => {
                let class = self.class_of(value);
                let next = self.symbols.intern("next");
                if let Some(iterator) = self.call_method_named(value, "iter", &[])? {
                    if iterator == value {
                        return Ok(value);
                    }
                    return self.iterable(iterator);
                }
                if self.find_method_in(class, next).is_some() {
                    return Ok(value);
                }
                Err(VmError::type_error(format!(
                    "cannot iterate over {}: its class has no `iter` or `next` method",
                    type_name(self, value)
                )))
            }
            _ if value.is_nil() => self.new_array(Vec::new()),
            _ => Err(VmError::type_error(format!(
                "cannot iterate over {}",
                type_name(self, value)
            ))),
        }
    }

    /// The two loop variables of a two-variable `for` over `iterable` for the item
    /// `(key, value)`: a generator's (or a user iterator's) item is a `[key value]` pair it
    /// splits (spec 11.5); collections and their iterators give their index or key and
    /// item as they are.
    pub(crate) fn loop_pair(
        &self,
        iterable: Value,
        key: Value,
        value: Value,
    ) -> Result<(Value, Value), VmError> {
        if !matches!(
            self.heap.kind_of(iterable),
            Some(ObjectKind::Generator | ObjectKind::Instance)
        ) {
            return Ok((key, value));
        }
        match self.array_items(value).map(Vec::as_slice) {
            Some(&[k, v]) => Ok((k, v)),
            _ => Err(VmError::type_error(format!(
                "a two-variable `for` over {} takes [key value] pairs, not {}",
                type_name(self, iterable),
                crate::print::display(self, value, crate::print::Style::Nested)
            ))),
        }
    }

    /// Item `cursor` of an iteration over `iterable`: its key or index and its value, or
    /// `None` when the iteration is over.
    pub(crate) fn iteration_item(
        &mut self,
        iterable: Value,
        cursor: i64,
    ) -> Result<Option<(Value, Value)>, VmError> {
        let index = Value::small_int(cursor).expect("cursors stay small");
        let at = cursor as usize;
        match self.heap.kind_of(iterable) {
            Some(ObjectKind::Instance) => {
                let value = self
                    .call_method_named(iterable, "next", &[])?
                    .unwrap_or(Value::NOT_FOUND);
                Ok((value != Value::NOT_FOUND).then_some((index, value)))
            }
            // Standard input gives its lines as they are read (`stdlib/io.rs`).
            Some(ObjectKind::Stream) => {
                let line = self.stream_line(iterable)?;
                Ok(line.map(|line| (index, line)))
            }
            // An iterator goes on from where it is, whatever `for` counts.
            Some(ObjectKind::Iterator) => {
                let iterator = self
                    .heap
                    .downcast::<crate::stdlib::iterator::Iterator>(iterable)
                    .expect("kind");
                crate::stdlib::iterator::advance(self, iterator)
            }
            Some(ObjectKind::Generator) => {
                let generator = self
                    .heap
                    .downcast::<crate::runtime::generator::Generator>(iterable)
                    .expect("kind");
                let value = self.generator_next(generator)?;
                Ok((value != Value::NOT_FOUND).then_some((index, value)))
            }
            Some(ObjectKind::Array) => Ok(self
                .array_items(iterable)
                .expect("kind")
                .get(at)
                .map(|&v| (index, v))),
            Some(ObjectKind::Gene) => {
                let gene = self.heap.downcast::<Gene>(iterable).expect("kind");
                Ok(gene.get(&self.heap).children.get(at).map(|&v| (index, v)))
            }
            Some(ObjectKind::Map) => {
                let entry = self
                    .map_entries(iterable)
                    .expect("kind")
                    .get_index(at)
                    .map(|(&k, &v)| (k, v));
                match entry {
                    Some((key, value)) => {
                        let name = self.symbols.name(key).to_string();
                        Ok(Some((self.string(name)?, value)))
                    }
                    None => Ok(None),
                }
            }
            // A HashMap gives its keys and values, a HashSet its index and members, as an
            // Array does.
            Some(ObjectKind::HashMap) => Ok(self
                .hash_table(iterable)
                .expect("kind")
                .entries
                .get(at)
                .copied()),
            Some(ObjectKind::HashSet) => Ok(self
                .hash_table(iterable)
                .expect("kind")
                .entries
                .get(at)
                .map(|&(member, _)| (index, member))),
            Some(ObjectKind::Range) => {
                let range = self.heap.downcast::<Range>(iterable).expect("kind");
                let Range { start, end, step } = *range.get(&self.heap);
                if let (Some(start), Some(end), Some(step)) =
                    (self.as_int(start), self.as_int(end), self.as_int(step))
                {
                    let value = cursor
                        .checked_mul(step)
                        .and_then(|offset| start.checked_add(offset));
                    return match value {
                        Some(v) if (step > 0 && v <= end) || (step < 0 && v >= end) => {
                            Ok(Some((index, self.int(v)?)))
                        }
                        _ => Ok(None),
                    };
                }
                let float = |v: Value| v.as_float().or_else(|| self.as_int(v).map(|n| n as f64));
                let (start, end, step) = (
                    float(start).expect("numbers"),
                    float(end).expect("numbers"),
                    float(step).expect("numbers"),
                );
                let value = start + cursor as f64 * step;
                Ok(
                    ((step > 0.0 && value <= end) || (step < 0.0 && value >= end))
                        .then(|| (index, Value::float(value))),
                )
            }
            _ => Err(VmError::type_error(format!(
                "cannot iterate over {}",
                type_name(self, iterable)
            ))),
        }
    }
}

/// A symbol key as it is, a string's remembered symbol, or else what `find` gives for its
/// text (remembered when found).
fn key_symbol(
    heap: &crate::heap::Heap,
    key: Value,
    find: impl FnOnce(&str) -> Option<SymbolId>,
) -> Option<SymbolId> {
    if let Some(id) = key.as_symbol() {
        return Some(id);
    }
    let string = heap.downcast::<Str>(key)?;
    if let Some(id) = string.get(heap).remembered_symbol() {
        return Some(id);
    }
    let id = find(string.text(heap))?;
    string.get(heap).remember_symbol(id);
    Some(id)
}
