//! The runtime's building blocks that the interpreter and the standard library share.

pub(crate) mod module;
pub(crate) mod selector;
pub(crate) mod upvalue;
