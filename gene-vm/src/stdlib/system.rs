//! The system and processes (spec 14.15): `system/…`, environment (14.6), exit.

use super::declare::builtins;

builtins! {}
