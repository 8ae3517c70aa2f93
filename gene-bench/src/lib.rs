//! Benchmark programs for gene and their twins in Lua, Python and Ruby.
//!
//! Each program will live in `programs/NAME.gene` beside `NAME.lua`, `NAME.py` and `NAME.rb`
//! computing the same answer; `cargo xtask bench` runs them all interleaved and reports the
//! ratios. The programs arrive with the interpreter that runs them.
