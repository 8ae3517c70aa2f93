//! Bytes values and the byte helpers of strings (spec 14.8), and base64 (14.10).

use super::declare::builtins;

builtins! {}
