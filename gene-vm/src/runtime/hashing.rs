//! Hashing and comparing values as keys of `HashMap` and `HashSet`: the one place that
//! decides when two keys are the same. Keys are compared by `==` (`ops::equal`), so the
//! hash follows it: equal values hash alike (`1` and a boxed `1`, `0.0` and `-0.0`, two
//! arrays with equal items, two maps with the same entries in any order), and values `==`
//! compares by identity (functions, classes) hash by address.
//!
//! The hook for user classes: [`Vm::hash_value`] and [`Vm::keys_equal`] take `&mut Vm` so
//! that an instance whose class defines `hash` (and `==`) can be asked through
//! `Vm::call_value`, rooting what it holds; the class system adds that case here, and every
//! hash collection follows it.
//!
//! A key changed after it went into a collection keeps the hash it had then, so it is found
//! by its old contents only (as in the reference and in Python, which forbids such keys).

use std::hash::{Hash, Hasher};

use crate::heap::{
    Array, Bytes, EnumValue, Gene, HashMapObject, HashSetObject, HashTable, Map, ObjectKind,
    PropMap, Range, Str,
};
use crate::value::{Value, ValueView};
use crate::vm::{Vm, VmError};

/// How deep hashing follows nested collections; below, a collection hashes by its kind
/// alone, which equal values share, so data containing itself hashes too.
const MAX_HASH_DEPTH: usize = 16;

impl Vm {
    /// The hash of `value` as a key: equal keys (`Vm::keys_equal`) hash alike. An instance
    /// whose class defines `hash` hashes as the Int that gives; one whose class defines `==`
    /// but no `hash` hashes by its class alone (equal instances then always meet, at the
    /// price of sharing a bucket with the class's other instances); any other instance by
    /// its identity.
    pub(crate) fn hash_value(&mut self, value: Value) -> Result<u64, VmError> {
        if let Some(instance) = self.heap.downcast::<crate::runtime::class::Instance>(value) {
            let class = instance.get(&self.heap).class;
            let hash = self.symbols.intern("hash");
            match self.find_method_in(class, hash) {
                Some(crate::methods::Method::Callable(method)) => {
                    let result = self.call_value(method, &[value])?;
                    let Some(n) = self.as_int(result) else {
                        return Err(VmError::type_error(format!(
                            "a `hash` method gives an Int, not {}",
                            crate::print::type_name(self, result)
                        )));
                    };
                    let mut h = hasher();
                    (0xc2u8, n).hash(&mut h);
                    return Ok(h.finish());
                }
                _ if self.find_method_in(class, self.fast_names.eq).is_some() => {
                    let mut h = hasher();
                    (0xc1u8, class.address()).hash(&mut h);
                    return Ok(h.finish());
                }
                _ => {}
            }
        }
        Ok(hash_of(self, value, 0))
    }

    /// Whether two keys are the same key: `==`, an instance's own `==` method included.
    pub(crate) fn keys_equal(&mut self, a: Value, b: Value) -> Result<bool, VmError> {
        self.equal_values(a, b)
    }
}

fn hasher() -> impl Hasher {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6765_6e65).build_hasher()
}

fn hash_of(vm: &Vm, value: Value, depth: usize) -> u64 {
    let mut h = hasher();
    write_value(vm, value, depth, &mut h);
    h.finish()
}

/// Entries combined so that their order does not matter (maps, sets).
fn unordered(hashes: impl Iterator<Item = u64>) -> u64 {
    hashes.fold(0u64, |sum, h| {
        sum.wrapping_add(h.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    })
}

fn write_value(vm: &Vm, value: Value, depth: usize, h: &mut impl Hasher) {
    if let Some(n) = vm.as_int(value) {
        (1u8, n).hash(h);
        return;
    }
    if let Some(x) = value.as_float() {
        // `0.0 == -0.0`.
        let x = if x == 0.0 { 0.0 } else { x };
        (2u8, x.to_bits()).hash(h);
        return;
    }
    let ValueView::Object(_) = value.view() else {
        // Nil, void, bools, characters and symbols are equal exactly when their bits are.
        (3u8, value.to_bits()).hash(h);
        return;
    };
    let heap = &vm.heap;
    let Some(kind) = heap.kind_of(value) else {
        return;
    };
    (kind as u8).hash(h);
    if depth >= MAX_HASH_DEPTH {
        return;
    }
    let items = |items: &[Value], h: &mut dyn Hasher| {
        h.write_usize(items.len());
        for &item in items {
            h.write_u64(hash_of(vm, item, depth + 1));
        }
    };
    let props = |props: &PropMap| {
        unordered(props.iter().map(|(key, &v)| {
            let mut entry = hasher();
            key.hash(&mut entry);
            entry.write_u64(hash_of(vm, v, depth + 1));
            entry.finish()
        }))
    };
    let table = |table: &HashTable| {
        unordered(table.entries.iter().map(|&(key, v)| {
            hash_of(vm, key, depth + 1) ^ hash_of(vm, v, depth + 1).rotate_left(17)
        }))
    };
    match kind {
        ObjectKind::Str => heap
            .downcast::<Str>(value)
            .expect("kind")
            .text(heap)
            .hash(h),
        ObjectKind::Bytes => heap
            .downcast::<Bytes>(value)
            .expect("kind")
            .get(heap)
            .0
            .hash(h),
        ObjectKind::Array => items(&heap.downcast::<Array>(value).expect("kind").get(heap).0, h),
        ObjectKind::Map => h.write_u64(props(
            &heap.downcast::<Map>(value).expect("kind").get(heap).0,
        )),
        ObjectKind::Gene => {
            let gene = heap.downcast::<Gene>(value).expect("kind").get(heap);
            h.write_u64(hash_of(vm, gene.head, depth + 1));
            h.write_u64(props(&gene.props));
            items(&gene.children, h);
        }
        ObjectKind::EnumValue => {
            let member = heap.downcast::<EnumValue>(value).expect("kind").get(heap);
            (member.enum_name, member.name).hash(h);
            items(&member.payload, h);
        }
        ObjectKind::Range => {
            let range = heap.downcast::<Range>(value).expect("kind").get(heap);
            items(&[range.start, range.end, range.step], h);
        }
        ObjectKind::HashMap => h.write_u64(table(
            &heap
                .downcast::<HashMapObject>(value)
                .expect("kind")
                .get(heap)
                .0,
        )),
        ObjectKind::HashSet => h.write_u64(table(
            &heap
                .downcast::<HashSetObject>(value)
                .expect("kind")
                .get(heap)
                .0,
        )),
        ObjectKind::Date | ObjectKind::Time | ObjectKind::DateTime | ObjectKind::Duration => {
            crate::stdlib::time::hash(vm, value, h)
        }
        // Regexes compare by what they denote; their kind is hash enough.
        ObjectKind::Regex => {}
        // Everything else is equal only to itself.
        _ => value.to_bits().hash(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that are `==` hash alike; the others here hash apart.
    #[test]
    fn equal_keys_hash_alike() {
        let mut vm = Vm::new();
        let big = vm.int(1 << 60).expect("room");
        let also_big = vm.int(1 << 60).expect("room");
        let text = vm.string("key").expect("room");
        let same_text = vm.string("key").expect("room");
        let one = Value::small_int(1).expect("small");
        let two = Value::small_int(2).expect("small");
        let array = vm.new_array(vec![one, text]).expect("room");
        let same_array = vm.new_array(vec![one, same_text]).expect("room");
        let (a, b) = (vm.symbols.intern("a"), vm.symbols.intern("b"));
        let ab = vm
            .new_map([(a, one), (b, two)].into_iter().collect())
            .expect("room");
        let ba = vm
            .new_map([(b, two), (a, one)].into_iter().collect())
            .expect("room");
        let pairs = [
            (big, also_big),
            (text, same_text),
            (Value::float(0.0), Value::float(-0.0)),
            (array, same_array),
            (ab, ba),
        ];
        for (x, y) in pairs {
            assert!(vm.keys_equal(x, y).expect("compares"));
            assert_eq!(vm.hash_value(x).unwrap(), vm.hash_value(y).unwrap());
        }
        // `3 == 3.0` is false, and so are these: their hashes differ.
        let three = Value::small_int(3).expect("small");
        assert!(!vm.keys_equal(three, Value::float(3.0)).unwrap());
        assert_ne!(
            vm.hash_value(three).unwrap(),
            vm.hash_value(Value::float(3.0)).unwrap()
        );
        assert_ne!(vm.hash_value(one).unwrap(), vm.hash_value(two).unwrap());
        assert_ne!(vm.hash_value(text).unwrap(), vm.hash_value(array).unwrap());
    }

    /// Data containing itself hashes (the depth limit ends the walk).
    #[test]
    fn cyclic_data_hashes() {
        let mut vm = Vm::new();
        let array = vm.new_array(Vec::new()).expect("room");
        vm.array_items_mut(array).expect("an array").push(array);
        let first = vm.hash_value(array).expect("hashes");
        assert_eq!(vm.hash_value(array).expect("hashes"), first);
    }
}
