//! The file system beyond reading and writing: existence, metadata, directories, paths.

use super::declare::builtins;

builtins! {}
