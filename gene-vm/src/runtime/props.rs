//! Instance properties through inline caches: each `GetProp`/`SetProp` site remembers, for
//! up to [`WAYS`] shapes it met, the slot its name has there (and, for a write that adds
//! the property, the shape the instance moves to). A site that meets more shapes goes
//! megamorphic and looks names up in the shape table from then on.

use std::cell::Cell;

use super::class::{Instance, Props};
use super::namespace::Namespace;
use super::shape::ShapeId;
use crate::function::Function;
use crate::heap::{EnumValue, Gc, Variant};
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

/// How many shapes one site remembers.
const WAYS: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    /// The shape of the instance the site saw (`ShapeId::NONE` in an unused entry).
    before: ShapeId,
    /// The shape it has after the site ran: `before` for a read or an overwrite, the child
    /// shape for a write that added the property.
    after: ShapeId,
    slot: u16,
}

const UNUSED: Entry = Entry {
    before: ShapeId::NONE,
    after: ShapeId::NONE,
    slot: 0,
};

/// A property site's entries, filled in order; once full, the site is megamorphic.
pub struct PropCache {
    entries: [Cell<Entry>; WAYS],
    megamorphic: Cell<bool>,
}

impl Default for PropCache {
    fn default() -> Self {
        PropCache {
            entries: [const { Cell::new(UNUSED) }; WAYS],
            megamorphic: Cell::new(false),
        }
    }
}

impl PropCache {
    #[inline(always)]
    fn find(&self, shape: ShapeId) -> Option<Entry> {
        for entry in &self.entries {
            let entry = entry.get();
            if entry.before == shape {
                return Some(entry);
            }
        }
        None
    }

    fn remember(&self, entry: Entry) {
        if self.megamorphic.get() || self.find(entry.before).is_some() {
            return;
        }
        match self
            .entries
            .iter()
            .find(|e| e.get().before == ShapeId::NONE)
        {
            Some(free) => free.set(entry),
            None => self.megamorphic.set(true),
        }
    }
}

fn cache_of(function: &Function, ic: usize) -> &PropCache {
    &function.ics[ic].props
}

impl Vm {
    /// `obj/key` at site `ic` of `function`: from an instance's slot when the site knows
    /// its shape, else looked up (and remembered).
    #[inline(always)]
    pub(crate) fn read_prop(
        &mut self,
        function: Gc<Function>,
        ic: usize,
        obj: Value,
        key: SymbolId,
    ) -> Result<Value, VmError> {
        let Some(instance) = self.heap.downcast::<Instance>(obj) else {
            if let Some(namespace) = self.heap.downcast::<Namespace>(obj) {
                return self.namespace_member(namespace, key);
            }
            if let Some(value) = self.heap.downcast::<EnumValue>(obj) {
                return Ok(self.payload_field(function, ic, value, key));
            }
            return self.read_member(obj, key);
        };
        let Props::Shaped { shape, slots } = &instance.get(&self.heap).props else {
            return self.select_member(obj, key);
        };
        let cache = cache_of(function.get(&self.heap), ic);
        if let Some(entry) = cache.find(*shape) {
            return Ok(slots[usize::from(entry.slot)]);
        }
        match self.shapes.slot(*shape, key) {
            Some(slot) => {
                cache.remember(Entry {
                    before: *shape,
                    after: *shape,
                    slot: slot as u16,
                });
                Ok(slots[slot])
            }
            None => Ok(Value::VOID),
        }
    }

    /// Field `key` of an enum value's payload, through the site's cache (its variant's
    /// fields are a shape); void for a unit value or a field it lacks.
    fn payload_field(
        &self,
        function: Gc<Function>,
        ic: usize,
        value: Gc<EnumValue>,
        key: SymbolId,
    ) -> Value {
        let value = value.get(&self.heap);
        let Some(variant) = self.heap.downcast::<Variant>(value.variant) else {
            return Value::VOID;
        };
        let shape = variant.get(&self.heap).shape;
        if shape == ShapeId::NONE {
            return self.enum_field_or_void(value, key);
        }
        let cache = cache_of(function.get(&self.heap), ic);
        if let Some(entry) = cache.find(shape) {
            return value.payload[usize::from(entry.slot)];
        }
        match self.shapes.slot(shape, key) {
            Some(slot) => {
                cache.remember(Entry {
                    before: shape,
                    after: shape,
                    slot: slot as u16,
                });
                value.payload[slot]
            }
            None => Value::VOID,
        }
    }

    fn enum_field_or_void(&self, value: &EnumValue, key: SymbolId) -> Value {
        let Some(variant) = self.heap.downcast::<Variant>(value.variant) else {
            return Value::VOID;
        };
        let fields = &variant.get(&self.heap).fields;
        fields
            .iter()
            .position(|&f| f == key)
            .and_then(|i| value.payload.get(i).copied())
            .unwrap_or(Value::VOID)
    }

    /// `obj/key = value` at site `ic` of `function`.
    #[inline(always)]
    pub(crate) fn write_prop(
        &mut self,
        function: Gc<Function>,
        ic: usize,
        obj: Value,
        key: SymbolId,
        value: Value,
    ) -> Result<(), VmError> {
        let Some(instance) = self.heap.downcast::<Instance>(obj) else {
            return self.set_member(obj, key, value);
        };
        if self.heap.is_frozen(obj) {
            return self.set_member(obj, key, value);
        }
        let cached = match &instance.get(&self.heap).props {
            Props::Shaped { shape, .. } => cache_of(function.get(&self.heap), ic).find(*shape),
            Props::Dict(_) => None,
        };
        if let Some(entry) = cached {
            let Vm { heap, .. } = self;
            if let Props::Shaped { shape, slots } = &mut instance.get_mut(heap).props {
                let slot = usize::from(entry.slot);
                if entry.after == entry.before {
                    slots[slot] = value;
                    return Ok(());
                }
                if slots.len() == slot {
                    let capacity = slots.capacity();
                    slots.push(value);
                    *shape = entry.after;
                    let grown = slots.capacity() - capacity;
                    heap.grew(grown * std::mem::size_of::<Value>());
                    return Ok(());
                }
            }
        }
        if let Some((before, after, slot)) = self.set_instance_prop(instance, key, value) {
            cache_of(function.get(&self.heap), ic).remember(Entry {
                before,
                after,
                slot: slot as u16,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(before: u32, slot: u16) -> Entry {
        Entry {
            before: ShapeId::for_tests(before),
            after: ShapeId::for_tests(before),
            slot,
        }
    }

    #[test]
    fn a_site_remembers_four_shapes_then_goes_megamorphic() {
        let cache = PropCache::default();
        assert_eq!(cache.find(ShapeId::for_tests(0)), None);
        for n in 0..4 {
            cache.remember(entry(n, n as u16));
        }
        assert_eq!(cache.find(ShapeId::for_tests(2)).map(|e| e.slot), Some(2));
        assert!(!cache.megamorphic.get());
        cache.remember(entry(9, 0));
        assert!(cache.megamorphic.get());
        assert_eq!(cache.find(ShapeId::for_tests(9)), None);
        // What it knew it still knows.
        assert_eq!(cache.find(ShapeId::for_tests(3)).map(|e| e.slot), Some(3));
    }
}
