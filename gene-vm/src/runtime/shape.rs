//! Shapes (hidden classes): an instance's property names in slot order, shared by every
//! instance that got the same properties in the same order. Adding a property moves an
//! instance to a child shape along a transition tree, so instances made by one constructor
//! share one shape, and a property site's inline cache can remember (shape → slot) instead
//! of looking the name up.
//!
//! Shapes live in a table of the VM and are never freed: a program makes as many as it has
//! distinct property orders, and an instance with more than [`MAX_SHAPED`] properties
//! leaves the tree for a map of its own (`Props::Dict`), so no program grows the table
//! faster than it adds properties to instances.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::value::SymbolId;

/// A shape's index in the table. The empty shape, where every instance starts, is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub(crate) struct ShapeId(u32);

impl ShapeId {
    pub(crate) const EMPTY: ShapeId = ShapeId(0);
    /// No shape: what an unused cache entry holds.
    pub(crate) const NONE: ShapeId = ShapeId(u32::MAX);

    #[cfg(test)]
    pub(crate) fn for_tests(index: u32) -> ShapeId {
        ShapeId(index)
    }
}

/// The most properties an instance keeps in a shape; past it, it keeps them in a map.
pub(crate) const MAX_SHAPED: usize = 64;

/// Shapes with at most this many names find a name by scanning them, faster than hashing.
const SCANNED: usize = 8;

struct Shape {
    /// The property names, in slot order.
    keys: Vec<SymbolId>,
    /// Each name's slot, for shapes too long to scan.
    index: HashMap<SymbolId, u16, FixedState>,
    /// The shape an instance of this one moves to when it gets each new name.
    transitions: HashMap<SymbolId, ShapeId, FixedState>,
}

pub(crate) struct ShapeTable {
    shapes: Vec<Shape>,
}

impl Default for ShapeTable {
    fn default() -> Self {
        ShapeTable {
            shapes: vec![Shape {
                keys: Vec::new(),
                index: HashMap::default(),
                transitions: HashMap::default(),
            }],
        }
    }
}

impl ShapeTable {
    /// The slot of `key` in instances of `shape`.
    #[inline]
    pub(crate) fn slot(&self, shape: ShapeId, key: SymbolId) -> Option<usize> {
        let shape = &self.shapes[shape.0 as usize];
        if shape.keys.len() <= SCANNED {
            shape.keys.iter().position(|&k| k == key)
        } else {
            shape.index.get(&key).map(|&slot| usize::from(slot))
        }
    }

    /// The names of `shape`, in slot order.
    pub(crate) fn keys(&self, shape: ShapeId) -> &[SymbolId] {
        &self.shapes[shape.0 as usize].keys
    }

    /// The shape of exactly `keys`, in order (`ShapeId::NONE` past [`MAX_SHAPED`]).
    pub(crate) fn of_keys(&mut self, keys: &[SymbolId]) -> ShapeId {
        let mut shape = ShapeId::EMPTY;
        for &key in keys {
            match self.with_key(shape, key) {
                Some(next) => shape = next,
                None => return ShapeId::NONE,
            }
        }
        shape
    }

    /// The shape an instance of `shape` has once it gets property `key` (which it lacks),
    /// whose slot is the last; `None` past [`MAX_SHAPED`] properties.
    pub(crate) fn with_key(&mut self, shape: ShapeId, key: SymbolId) -> Option<ShapeId> {
        let from = &self.shapes[shape.0 as usize];
        if let Some(&next) = from.transitions.get(&key) {
            return Some(next);
        }
        if from.keys.len() >= MAX_SHAPED {
            return None;
        }
        let mut keys = from.keys.clone();
        keys.push(key);
        let index = if keys.len() > SCANNED {
            keys.iter()
                .enumerate()
                .map(|(slot, &k)| (k, slot as u16))
                .collect()
        } else {
            HashMap::default()
        };
        let next = ShapeId(
            u32::try_from(self.shapes.len())
                .ok()
                .filter(|&n| n != u32::MAX)?,
        );
        self.shapes.push(Shape {
            keys,
            index,
            transitions: HashMap::default(),
        });
        self.shapes[shape.0 as usize].transitions.insert(key, next);
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> SymbolId {
        SymbolId(n)
    }

    #[test]
    fn the_same_properties_in_the_same_order_share_a_shape() {
        let mut table = ShapeTable::default();
        let xy = table
            .with_key(ShapeId::EMPTY, key(1))
            .and_then(|s| table.with_key(s, key(2)))
            .expect("room");
        let again = table
            .with_key(ShapeId::EMPTY, key(1))
            .and_then(|s| table.with_key(s, key(2)))
            .expect("room");
        assert_eq!(xy, again);
        assert_eq!(table.slot(xy, key(1)), Some(0));
        assert_eq!(table.slot(xy, key(2)), Some(1));
        assert_eq!(table.slot(xy, key(3)), None);
        let yx = table
            .with_key(ShapeId::EMPTY, key(2))
            .and_then(|s| table.with_key(s, key(1)))
            .expect("room");
        assert_ne!(xy, yx);
        assert_eq!(table.slot(yx, key(1)), Some(1));
    }

    #[test]
    fn long_shapes_index_their_names_and_end_at_the_limit() {
        let mut table = ShapeTable::default();
        let mut shape = ShapeId::EMPTY;
        for n in 0..MAX_SHAPED as u32 {
            shape = table.with_key(shape, key(n)).expect("within the limit");
        }
        for n in 0..MAX_SHAPED as u32 {
            assert_eq!(table.slot(shape, key(n)), Some(n as usize));
        }
        assert_eq!(table.keys(shape).len(), MAX_SHAPED);
        assert_eq!(table.with_key(shape, key(1000)), None);
    }
}
