//! A function's constant pool: each constant once, found through a hash table.
//!
//! Equal means the same value exactly: floats by their bits (so `0.0` and `-0.0` stay two
//! constants, as do NaNs with different payloads), ints, strings and symbols by value.
//! Quoted data is never shared: each quote in the source is its own object when the code is
//! loaded, and the program may change it (`` (var a `[1 2]) (a .push 3) ``).

use std::hash::BuildHasher;

use gene_syntax::Span;

use super::{CompileError, Compiler, Result};
use crate::isa::ConstIdx;
use crate::proto::Constant;

/// Where each shareable constant of one function sits in its pool. The table holds indices
/// only; the constants stay in the proto, so strings are not stored twice.
pub(super) struct ConstantIndex<'b> {
    table: hashbrown::HashTable<u16, &'b bumpalo::Bump>,
}

impl<'b> ConstantIndex<'b> {
    pub(super) fn new_in(arena: &'b bumpalo::Bump) -> ConstantIndex<'b> {
        ConstantIndex {
            table: hashbrown::HashTable::new_in(arena),
        }
    }
}

/// A fixed seed: compile output must not depend on a random one (the table's order never
/// shows, but a deterministic compiler is easier to profile and debug).
const HASHER: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x6e6e);

/// The hash of a constant that may be shared; `None` for quoted data, which never is.
fn shared_hash(constant: &Constant) -> Option<u64> {
    Some(match constant {
        Constant::Int(n) => HASHER.hash_one((0u8, n)),
        Constant::Float(x) => HASHER.hash_one((1u8, x.to_bits())),
        Constant::Str(s) => HASHER.hash_one((2u8, s.as_str())),
        Constant::Symbol(s) => HASHER.hash_one((3u8, s.as_str())),
        Constant::Quoted(_) | Constant::Selector(_) => return None,
    })
}

fn same(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Str(x), Constant::Str(y)) | (Constant::Symbol(x), Constant::Symbol(y)) => x == y,
        _ => false,
    }
}

impl Compiler<'_, '_> {
    /// The index of `constant` in the function's pool, added if it is not there yet.
    pub(super) fn constant(&mut self, constant: Constant, span: Span) -> Result<ConstIdx> {
        let func = self.func();
        let constants = &mut func.proto.constants;
        let index = &mut func.constant_index.table;
        let hash = shared_hash(&constant);
        if let Some(hash) = hash {
            let found = index.find(hash, |&at| same(&constants[usize::from(at)], &constant));
            if let Some(&at) = found {
                return Ok(ConstIdx(at));
            }
        }
        let at = u16::try_from(constants.len()).map_err(|_| {
            CompileError::new(
                "a function may have at most 65,536 constants; split it into smaller functions",
                span,
            )
        })?;
        constants.push(constant);
        if let Some(hash) = hash {
            index.insert_unique(hash, at, |&i| {
                shared_hash(&constants[usize::from(i)]).unwrap_or_default()
            });
        }
        Ok(ConstIdx(at))
    }
}

#[cfg(test)]
mod tests {
    use crate::proto::Constant;
    use crate::{compile_program, Globals};

    fn constants(source: &str) -> Vec<Constant> {
        let data = gene_syntax::parse_str(source).expect("test programs read");
        let proto = compile_program(&data, &mut Globals::new()).expect("test programs compile");
        proto.constants
    }

    #[test]
    fn equal_values_share_a_constant_and_signed_zeros_do_not() {
        let pool = constants(r#"(println 0.5 0.5 0.0 -0.0 0.0 "a" "a" `a `a 70000 70000)"#);
        let shown: Vec<String> = pool.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["0.5", "0.0", "-0.0", "\"a\"", "`a", "70000"]);
    }

    #[test]
    fn quoted_data_is_never_shared() {
        let pool = constants("(var a `[1 2]) (var b `[1 2]) (println `(x) `(x))");
        let shown: Vec<String> = pool.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["`[1 2]", "`[1 2]", "`(x)", "`(x)"]);
    }

    #[test]
    fn a_string_and_a_symbol_with_one_spelling_are_two_constants() {
        let pool = constants(r#"(println "x" `x "x")"#);
        let shown: Vec<String> = pool.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["\"x\"", "`x"]);
    }
}
