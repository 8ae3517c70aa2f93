//! Benchmark programs for gene and their twins in Lua, Python and Ruby.
//!
//! The programs live in `programs/`: `NAME.gene` beside `NAME.lua` (Lua 5.4 and LuaJIT),
//! `NAME.py` and `NAME.rb`, which compute the same thing, and `NAME.expected`, the exact
//! output every one of them must print. `cargo xtask bench` checks each answer, runs them all
//! interleaved and reports the medians and gene's ratio to each peer. This crate has no code
//! of its own; it is the programs' home in the workspace.

#![forbid(unsafe_code)]
