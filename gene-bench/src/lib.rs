//! Benchmark programs for gene and their twins in Lua, Python and Ruby.
//!
//! The programs live in `programs/`: `NAME.gene` beside `NAME.lua` (Lua 5.4 and LuaJIT),
//! `NAME.py` and `NAME.rb`, which compute the same thing, and `NAME.expected`, the exact
//! output every one of them must print. `cargo xtask bench` checks each answer, runs them all
//! interleaved and reports the medians and gene's ratio to each peer. This crate has no code
//! of its own; it is the programs' home in the workspace.
//!
//! # Sizes
//!
//! A program whose work grows linearly with one number (`sieve`, `strings`, `loop`) takes
//! that number, its size, as its first command-line argument, and uses its default without
//! one; `NAME.expected` is the answer at the default. Its `.gene` header says so on a line
//! `# size: DEFAULT`, which is how `cargo xtask bench --scaling NAME` knows that it can run
//! it at DEFAULT/8, /4, /2 and DEFAULT (or `--size N`: N, 2N, 4N, 8N) and check the answer
//! at DEFAULT, and how `--count` picks DEFAULT/8 under callgrind. Each twin reads the size
//! in its own language's way, with the same default:
//!
//! - Gene: `(if (($args .size) > 0) (n = (($args .get 0) .to_i)))`
//! - Python: `n = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT`
//! - Lua: `local n = tonumber(arg[1]) or DEFAULT`
//! - Ruby: `n = ARGV.empty? ? DEFAULT : Integer(ARGV[0])`
//!
//! Programs such as `fib` (whose work is exponential in its n) declare no size and always
//! run as they are.

#![forbid(unsafe_code)]
