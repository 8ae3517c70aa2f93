//! The 8-byte NaN-boxed [`Value`].
//!
//! Every Gene value is one `u64`. A float is stored as its own bits. Everything else lives in
//! the negative NaN space, above every bit pattern a float can take once NaNs are canonical,
//! with a tag in the high bits:
//!
//! ```text
//!   0x0000_…  ..= 0xFFF0_0000_0000_0000   float (the last one is -inf; the only NaN is
//!                                          0x7FF8_0000_0000_0000)
//!   0xFFF1_00pp_pppp_pppp                  constants: nil, void, false, true, not_found
//!   0xFFF1_01pp_pppp_pppp                  char (Unicode scalar value)
//!   0xFFF1_02pp_pppp_pppp                  symbol (interned id)
//!   0xFFF2_pppp_pppp_pppp                  heap object (48-bit address)
//!   0xFFF3_… ..= 0xFFFF_…                  small int n, stored as INT_ZERO + n: the 13 top
//!                                          tags give ±1.8 × 10^15
//! ```
//!
//! So "is this a float" and "is this a small int" are one unsigned compare each, and
//! truthiness one subtract and compare (the three falsy constants are adjacent). Tags sit in
//! fixed high bits so no type test has to decode the payload.
//!
//! Small ints take every code above the objects rather than an aligned power of two, because
//! the range is what decides when arithmetic starts allocating boxed ints: a sum of the first
//! 50 million integers (1.25 × 10^15) still fits, where a 50-bit payload (±5.6 × 10^14) did
//! not. The bias costs nothing: decoding is a subtract where it was a sign-extending shift.
//!
//! Every NaN is stored as the one canonical pattern: [`Value::float`] canonicalises NaNs from
//! outside, and [`Value::float_from_arithmetic`] the ones hardware computes (x86 makes
//! negative NaNs, which would otherwise land among the tags).

use std::fmt;

/// An interned symbol's index in the VM's symbol table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SymbolId(pub u32);

#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value(u64);

const _: () = assert!(std::mem::size_of::<Value>() == 8);

const TAG_SHIFT: u32 = 48;
const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
/// The largest bit pattern that is a float: negative infinity.
const LAST_FLOAT: u64 = 0xFFF0_0000_0000_0000;
const TAG_IMMEDIATE: u64 = 0xFFF1;
const TAG_OBJECT: u64 = 0xFFF2;
/// The code of the smallest small int; every code from here to `u64::MAX` is one.
const FIRST_INT: u64 = 0xFFF3 << TAG_SHIFT;
/// Half the small-int codes: `INT_ZERO - FIRST_INT == u64::MAX - INT_ZERO + 1`.
const INT_HALF_RANGE: u64 = 13 << (TAG_SHIFT - 1);
/// The code of the small int 0.
const INT_ZERO: u64 = FIRST_INT + INT_HALF_RANGE;

/// Immediates carry a sub-kind in bits 40–47 under the `TAG_IMMEDIATE` tag.
const SUB_SHIFT: u32 = 40;
const SUB_PAYLOAD_MASK: u64 = (1 << SUB_SHIFT) - 1;
const SUB_CONSTANT: u64 = 0;
const SUB_CHAR: u64 = 1;
const SUB_SYMBOL: u64 = 2;

const fn immediate(sub: u64, payload: u64) -> u64 {
    (TAG_IMMEDIATE << TAG_SHIFT) | (sub << SUB_SHIFT) | payload
}

/// The canonical NaN every NaN from outside becomes.
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

impl Value {
    pub const NIL: Value = Value(immediate(SUB_CONSTANT, 0));
    pub const VOID: Value = Value(immediate(SUB_CONSTANT, 1));
    pub const FALSE: Value = Value(immediate(SUB_CONSTANT, 2));
    pub const TRUE: Value = Value(immediate(SUB_CONSTANT, 3));
    pub const NOT_FOUND: Value = Value(immediate(SUB_CONSTANT, 4));
    /// Marks a global slot no definition has filled yet; programs never see it.
    pub const UNDEFINED: Value = Value(immediate(SUB_CONSTANT, 5));

    /// The smallest and largest integers stored inline; others live boxed on the heap.
    pub const MIN_SMALL_INT: i64 = -(INT_HALF_RANGE as i64);
    pub const MAX_SMALL_INT: i64 = INT_HALF_RANGE as i64 - 1;

    /// The raw bits, for hashing, tracing and the interpreter's fast paths.
    #[inline(always)]
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// A value from raw bits produced by [`Value::to_bits`]; only tests forge values.
    #[cfg(test)]
    pub(crate) const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }

    #[inline(always)]
    pub(crate) fn float(x: f64) -> Value {
        if x.is_nan() {
            Value(CANONICAL_NAN)
        } else {
            Value(x.to_bits())
        }
    }

    /// A float known not to be a foreign NaN: the result of arithmetic on values.
    #[inline(always)]
    pub(crate) fn float_from_arithmetic(x: f64) -> Value {
        // Inputs are canonical, so a NaN result is one the hardware made or a canonical one
        // negated; neither may keep its sign bit.
        Value::float(x)
    }

    /// A small integer, or `None` if `n` needs a heap box.
    #[inline(always)]
    pub(crate) fn small_int(n: i64) -> Option<Value> {
        if (Value::MIN_SMALL_INT..=Value::MAX_SMALL_INT).contains(&n) {
            Some(Value(INT_ZERO.wrapping_add(n as u64)))
        } else {
            None
        }
    }

    #[inline(always)]
    pub(crate) fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    #[inline(always)]
    pub(crate) fn char(c: char) -> Value {
        Value(immediate(SUB_CHAR, c as u64))
    }

    #[inline(always)]
    pub(crate) fn symbol(id: SymbolId) -> Value {
        Value(immediate(SUB_SYMBOL, u64::from(id.0)))
    }

    /// A heap object's address as a value. The heap module owns what the address means.
    #[inline(always)]
    pub(crate) fn object_address(address: usize) -> Value {
        debug_assert!(
            address as u64 & !PAYLOAD_MASK == 0,
            "heap addresses fit in 48 bits"
        );
        Value((TAG_OBJECT << TAG_SHIFT) | address as u64)
    }

    #[inline(always)]
    fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }

    #[inline(always)]
    pub(crate) fn is_float(self) -> bool {
        self.0 <= LAST_FLOAT
    }

    #[inline(always)]
    pub(crate) fn is_small_int(self) -> bool {
        self.0 >= FIRST_INT
    }

    #[inline(always)]
    pub(crate) fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }

    #[inline(always)]
    pub(crate) fn is_nil(self) -> bool {
        self == Value::NIL
    }

    /// Gene truthiness: only `nil`, `void` and `false` are falsy.
    #[inline(always)]
    pub(crate) fn is_truthy(self) -> bool {
        self.0.wrapping_sub(Value::NIL.0) > 2
    }

    #[inline(always)]
    pub(crate) fn as_float(self) -> Option<f64> {
        self.is_float().then(|| f64::from_bits(self.0))
    }

    #[inline(always)]
    pub(crate) fn as_small_int(self) -> Option<i64> {
        self.is_small_int().then_some(self.small_int_unchecked())
    }

    /// The payload of a small int the caller has already checked with `is_small_int`.
    #[inline(always)]
    pub(crate) fn small_int_unchecked(self) -> i64 {
        self.0.wrapping_sub(INT_ZERO) as i64
    }

    pub(crate) fn as_bool(self) -> Option<bool> {
        match self {
            Value::TRUE => Some(true),
            Value::FALSE => Some(false),
            _ => None,
        }
    }

    #[inline(always)]
    fn immediate_sub(self) -> Option<(u64, u64)> {
        (self.tag() == TAG_IMMEDIATE)
            .then_some(((self.0 >> SUB_SHIFT) & 0xFF, self.0 & SUB_PAYLOAD_MASK))
    }

    #[inline(always)]
    pub(crate) fn as_char(self) -> Option<char> {
        match self.immediate_sub()? {
            (SUB_CHAR, code) => char::from_u32(code as u32),
            _ => None,
        }
    }

    #[inline(always)]
    pub(crate) fn as_symbol(self) -> Option<SymbolId> {
        match self.immediate_sub()? {
            (SUB_SYMBOL, id) => Some(SymbolId(id as u32)),
            _ => None,
        }
    }

    /// The heap address of an object value.
    #[inline(always)]
    pub(crate) fn object_address_of(self) -> Option<usize> {
        self.is_object().then_some((self.0 & PAYLOAD_MASK) as usize)
    }

    /// A safe, exhaustive view for code off the hot path.
    pub(crate) fn view(self) -> ValueView {
        if let Some(x) = self.as_float() {
            return ValueView::Float(x);
        }
        if let Some(n) = self.as_small_int() {
            return ValueView::Int(n);
        }
        if let Some(address) = self.object_address_of() {
            return ValueView::Object(address);
        }
        match self {
            Value::NIL => ValueView::Nil,
            Value::VOID => ValueView::Void,
            Value::TRUE => ValueView::Bool(true),
            Value::FALSE => ValueView::Bool(false),
            Value::NOT_FOUND => ValueView::NotFound,
            _ => {
                if let Some(c) = self.as_char() {
                    ValueView::Char(c)
                } else if let Some(id) = self.as_symbol() {
                    ValueView::Symbol(id)
                } else {
                    ValueView::Invalid(self.0)
                }
            }
        }
    }
}

/// What a [`Value`] holds, for exhaustive matching. Heap objects are named by address; the
/// heap turns an address into the object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueView {
    Nil,
    Void,
    NotFound,
    Bool(bool),
    Int(i64),
    Float(f64),
    Char(char),
    Symbol(SymbolId),
    Object(usize),
    /// A bit pattern no constructor makes; seeing one is a VM bug.
    Invalid(u64),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Value({:?})", self.view())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 8);
        assert_eq!(std::mem::size_of::<Option<SymbolId>>(), 8);
    }

    #[test]
    fn floats_round_trip_including_edges() {
        for x in [
            0.0,
            -0.0,
            1.5,
            -2.25,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
        ] {
            let v = Value::float(x);
            assert!(v.is_float(), "{x}");
            assert_eq!(v.as_float().unwrap().to_bits(), x.to_bits());
            assert_eq!(v.view(), ValueView::Float(x));
        }
    }

    #[test]
    fn every_nan_reads_as_a_float() {
        let foreign = f64::from_bits(0xFFFF_1234_5678_9ABC);
        assert!(foreign.is_nan());
        assert!(Value::float(foreign).as_float().unwrap().is_nan());
        // What hardware produces for 0/0 on x86 (negative default NaN), and a negated
        // canonical NaN, are stored canonical: with the sign bit they would be small ints.
        let zero = Value::float(0.0).as_float().unwrap();
        let computed = std::hint::black_box(zero) / zero;
        for nan in [computed, -computed, -f64::NAN, f64::NAN] {
            let v = Value::float_from_arithmetic(nan);
            assert!(v.is_float() && !v.is_small_int(), "{:#x}", nan.to_bits());
            assert_eq!(v.to_bits(), CANONICAL_NAN);
        }
        assert!(Value::from_bits(CANONICAL_NAN).is_float());
    }

    #[test]
    fn the_tags_partition_the_codes() {
        let neg_inf = Value::float(f64::NEG_INFINITY);
        assert_eq!(neg_inf.to_bits(), LAST_FLOAT);
        assert!(neg_inf.is_float() && !neg_inf.is_small_int() && !neg_inf.is_object());
        assert_eq!(neg_inf.as_char(), None);
        let min = Value::small_int(Value::MIN_SMALL_INT).unwrap();
        let max = Value::small_int(Value::MAX_SMALL_INT).unwrap();
        assert_eq!((min.to_bits(), max.to_bits()), (FIRST_INT, u64::MAX));
        assert!(!Value::from_bits(FIRST_INT - 1).is_small_int());
        assert_eq!(Value::MIN_SMALL_INT, -Value::MAX_SMALL_INT - 1);
        let object = Value::object_address(PAYLOAD_MASK as usize);
        assert!(object.to_bits() < FIRST_INT && !object.is_float());
    }

    #[test]
    fn small_ints_sign_extend_across_the_whole_range() {
        for n in [
            0,
            1,
            -1,
            42,
            -7,
            Value::MAX_SMALL_INT,
            Value::MIN_SMALL_INT,
            140_737_488_355_327,
            140_737_488_355_328,
            -140_737_488_355_329,
            // The sum of 0..50,000,000, which a loop benchmark reaches.
            1_249_999_975_000_000,
            -1_249_999_975_000_000,
        ] {
            let v = Value::small_int(n).unwrap();
            assert!(v.is_small_int() && !v.is_float() && !v.is_object());
            assert_eq!(v.as_small_int(), Some(n));
            assert_eq!(v.small_int_unchecked(), n);
            assert_eq!(v.view(), ValueView::Int(n));
        }
        assert_eq!(Value::small_int(Value::MAX_SMALL_INT + 1), None);
        assert_eq!(Value::small_int(Value::MIN_SMALL_INT - 1), None);
        assert_eq!(Value::small_int(i64::MAX), None);
    }

    #[test]
    fn truthiness_is_gene_truthiness() {
        for falsy in [Value::NIL, Value::VOID, Value::FALSE] {
            assert!(!falsy.is_truthy(), "{falsy:?}");
        }
        for truthy in [
            Value::TRUE,
            Value::NOT_FOUND,
            Value::small_int(0).unwrap(),
            Value::float(0.0),
            Value::float(f64::NAN),
            Value::char('\0'),
            Value::symbol(SymbolId(0)),
        ] {
            assert!(truthy.is_truthy(), "{truthy:?}");
        }
    }

    #[test]
    fn immediates_are_distinct_and_decode() {
        assert_eq!(Value::char('é').as_char(), Some('é'));
        assert_eq!(Value::char(char::MAX).view(), ValueView::Char(char::MAX));
        assert_eq!(
            Value::symbol(SymbolId(u32::MAX)).as_symbol(),
            Some(SymbolId(u32::MAX))
        );
        assert_eq!(Value::char('a').as_symbol(), None);
        assert_eq!(Value::symbol(SymbolId(97)).as_char(), None);
        let constants = [
            Value::NIL,
            Value::VOID,
            Value::FALSE,
            Value::TRUE,
            Value::NOT_FOUND,
        ];
        for (i, a) in constants.iter().enumerate() {
            assert!(!a.is_float() && !a.is_small_int() && !a.is_object());
            for b in &constants[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(Value::bool(true).as_bool(), Some(true));
        assert_eq!(Value::NIL.as_bool(), None);
    }

    #[test]
    fn object_addresses_round_trip() {
        let address = 0x7FFF_DEAD_BEE8usize;
        let v = Value::object_address(address);
        assert!(v.is_object() && !v.is_float() && v.is_truthy());
        assert_eq!(v.object_address_of(), Some(address));
        assert_eq!(v.view(), ValueView::Object(address));
    }
}
