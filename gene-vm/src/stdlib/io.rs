//! Files, standard input and output (spec 14.1).

use super::declare::builtins;

builtins! {}
