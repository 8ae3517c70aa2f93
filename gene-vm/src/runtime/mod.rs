//! The runtime's building blocks that the interpreter and the standard library share.

pub(crate) mod class;
pub(crate) mod destructure;
pub mod errors;
pub(crate) mod event_loop;
pub(crate) mod future;
pub(crate) mod generator;
pub(crate) mod hash_table;
pub(crate) mod hashing;
pub(crate) mod import;
pub(crate) mod module;
pub(crate) mod namespace;
pub(crate) mod props;
pub(crate) mod selector;
pub(crate) mod shape;
pub(crate) mod upvalue;
