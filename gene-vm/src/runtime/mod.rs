//! The runtime's building blocks that the interpreter and the standard library share.

pub(crate) mod hash_table;
pub(crate) mod hashing;
pub(crate) mod module;
pub(crate) mod upvalue;
