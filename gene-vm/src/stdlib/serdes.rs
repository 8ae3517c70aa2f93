//! The Gene text serialization (spec 15.4): `gene/serdes/serialize` and `deserialize`.

use super::declare::builtins;

builtins! {}
