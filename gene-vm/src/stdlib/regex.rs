//! Regular expressions (spec 13): `Regex` and match methods.

use super::declare::builtins;

builtins! {}
