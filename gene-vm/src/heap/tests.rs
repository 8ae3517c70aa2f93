//! Heap tests, small enough to run under Miri (`cargo +nightly miri test -p gene-vm heap`),
//! which checks the unsafe code's pointer use, frees and leaks.

use super::*;

fn int(n: i64) -> Value {
    Value::small_int(n).unwrap()
}

#[test]
fn unreachable_objects_are_freed_and_roots_survive() {
    let mut heap = Heap::new();
    let kept = heap.alloc(Str::new("kept".into())).unwrap();
    let dropped = heap.alloc(Str::new("dropped".into())).unwrap();
    let _ = dropped;
    assert_eq!(heap.object_count(), 2);
    let stats = heap.collect(|t| t.mark(kept.value()));
    assert_eq!(stats.freed_objects, 1);
    assert_eq!(stats.live_objects, 1);
    assert_eq!(kept.get(&heap).0, "kept");
}

#[test]
fn arrays_keep_their_elements_alive() {
    let mut heap = Heap::new();
    let inner = heap.alloc(Str::new("inner".into())).unwrap();
    let array = heap
        .alloc(Array(vec![int(1), inner.value(), Value::NIL]))
        .unwrap();
    heap.collect(|t| t.mark(array.value()));
    assert_eq!(heap.object_count(), 2);
    let element = array.get(&heap).0[1];
    let inner_again = heap.downcast::<Str>(element).unwrap();
    assert_eq!(inner_again.get(&heap).0, "inner");
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
    let s = heap.alloc(Str::new("s".into())).unwrap();
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
        match heap.alloc(Str::new("x".repeat(40))) {
            Ok(s) => kept.push(s.value()),
            Err(error) => break error,
        }
    };
    assert_eq!(error, HeapExhausted { limit: 256 });
    assert!(heap.bytes() <= 256);
    // Freeing what is unreachable makes room again.
    heap.collect(|_| {});
    assert!(heap.alloc(Str::new("x".repeat(40))).is_ok());
}

#[test]
fn marks_are_cleared_between_collections() {
    let mut heap = Heap::new();
    let s = heap.alloc(Str::new("s".into())).unwrap();
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
