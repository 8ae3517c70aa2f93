//! Heap tests, small enough to run under Miri (`cargo +nightly miri test -p gene-vm heap`),
//! which checks the unsafe code's pointer use, frees and leaks.

use super::*;

fn int(n: i64) -> Value {
    Value::small_int(n).unwrap()
}

#[test]
fn unreachable_objects_are_freed_and_roots_survive() {
    let mut heap = Heap::new();
    let kept = heap.alloc_str("kept").unwrap();
    let dropped = heap.alloc_str("dropped").unwrap();
    let _ = dropped;
    assert_eq!(heap.object_count(), 2);
    let stats = heap.collect(|t| t.mark(kept.value()));
    assert_eq!(stats.freed_objects, 1);
    assert_eq!(stats.live_objects, 1);
    assert_eq!(kept.text(&heap), "kept");
}

#[test]
fn arrays_keep_their_elements_alive() {
    let mut heap = Heap::new();
    let inner = heap.alloc_str("inner").unwrap();
    let array = heap
        .alloc(Array(vec![int(1), inner.value(), Value::NIL]))
        .unwrap();
    heap.collect(|t| t.mark(array.value()));
    assert_eq!(heap.object_count(), 2);
    let element = array.get(&heap).0[1];
    let inner_again = heap.downcast::<Str>(element).unwrap();
    assert_eq!(inner_again.text(&heap), "inner");
}

#[test]
fn cycles_are_collected() {
    let mut heap = Heap::new();
    let a = heap.alloc(Array(Vec::new())).unwrap();
    let b = heap.alloc(Array(vec![a.value()])).unwrap();
    a.get_mut(&mut heap).0.push(b.value());
    a.get_mut(&mut heap).0.push(a.value());
    heap.collect(|t| t.mark(a.value()));
    assert_eq!(heap.object_count(), 2, "reachable cycle survives");
    let stats = heap.collect(|_| {});
    assert_eq!(stats.freed_objects, 2, "unreachable cycle is freed");
    assert_eq!(heap.object_count(), 0);
    assert_eq!(heap.bytes(), 0);
}

#[test]
fn downcast_checks_the_kind() {
    let mut heap = Heap::new();
    let s = heap.alloc_str("s").unwrap();
    let big = heap.alloc(BigInt(i64::MAX)).unwrap();
    assert!(heap.downcast::<Str>(s.value()).is_some());
    assert!(heap.downcast::<BigInt>(s.value()).is_none());
    assert_eq!(
        heap.downcast::<BigInt>(big.value()).unwrap().get(&heap).0,
        i64::MAX
    );
    assert!(heap.downcast::<Str>(int(3)).is_none());
    assert_eq!(heap.kind_of(big.value()), Some(ObjectKind::BigInt));
    assert_eq!(heap.kind_of(Value::NIL), None);
}

#[test]
fn the_byte_limit_refuses_allocation() {
    let mut heap = Heap::with_limit(256);
    let mut kept = Vec::new();
    let error = loop {
        match heap.alloc_str(&"x".repeat(40)) {
            Ok(s) => kept.push(s.value()),
            Err(error) => break error,
        }
    };
    assert_eq!(error, HeapExhausted { limit: 256 });
    assert!(heap.bytes() <= 256);
    // Freeing what is unreachable makes room again.
    heap.collect(|_| {});
    assert!(heap.alloc_str(&"x".repeat(40)).is_ok());
}

#[test]
fn marks_are_cleared_between_collections() {
    let mut heap = Heap::new();
    let s = heap.alloc_str("s").unwrap();
    heap.collect(|t| t.mark(s.value()));
    let stats = heap.collect(|_| {});
    assert_eq!(
        stats.freed_objects, 1,
        "a stale mark must not keep it alive"
    );
}

#[test]
fn frozen_objects_stay_frozen_and_others_are_untouched() {
    let mut heap = Heap::new();
    let a = heap.alloc(Array(vec![Value::NIL])).unwrap().value();
    let b = heap.alloc(Array(Vec::new())).unwrap().value();
    assert!(!heap.is_frozen(a));
    heap.freeze(a);
    heap.freeze(Value::TRUE);
    assert!(heap.is_frozen(a));
    assert!(!heap.is_frozen(b));
    assert!(!heap.is_frozen(Value::TRUE));
    heap.collect(|t| t.mark_all(&[a, b]));
    assert!(heap.is_frozen(a), "a collection keeps the flag");
}

#[test]
fn strings_keep_their_text_in_the_object_and_account_for_it() {
    let mut heap = Heap::new();
    let empty = heap.alloc_str("").unwrap();
    let word = heap.alloc_str("kalomi").unwrap();
    let long = heap.alloc_str(&"é".repeat(300)).unwrap();
    assert_eq!(empty.text(&heap), "");
    assert_eq!(word.text(&heap), "kalomi");
    assert_eq!(long.text(&heap), "é".repeat(300));
    let piece = heap.alloc_substring(long, 2, 8).unwrap();
    assert_eq!(piece.text(&heap), "ééé");
    // The box, then the text, padded to the box's alignment.
    let size = |text: usize| {
        (std::mem::size_of::<GcBox<Str>>() + text)
            .next_multiple_of(std::mem::align_of::<GcBox<Str>>())
    };
    assert_eq!(heap.bytes(), size(0) + size(6) + size(600) + size(6));
    let stats = heap.collect(|t| t.mark_all(&[word.value(), piece.value()]));
    assert_eq!(stats.freed_objects, 2);
    assert_eq!(stats.live_bytes, size(6) * 2);
    assert_eq!(word.text(&heap), "kalomi");
    assert_eq!(piece.text(&heap), "ééé");
}

#[test]
fn a_string_remembers_the_symbol_of_its_text() {
    let mut heap = Heap::new();
    let s = heap.alloc_str("key").unwrap();
    assert_eq!(s.get(&heap).remembered_symbol(), None);
    s.get(&heap).remember_symbol(crate::value::SymbolId(7));
    assert_eq!(
        s.get(&heap).remembered_symbol(),
        Some(crate::value::SymbolId(7))
    );
    assert_eq!(s.text(&heap), "key");
}
