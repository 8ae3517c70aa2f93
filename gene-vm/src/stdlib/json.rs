//! JSON (spec 15.1 plain, 15.2 tagged).

use super::declare::builtins;

builtins! {}
