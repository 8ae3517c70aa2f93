//! The arena a compilation's scratch data lives in: scopes and locals, loop contexts and
//! their jump lists, try levels, the constant index. Nothing in it outlives the compilation,
//! so it is allocated by bumping a pointer and freed all at once.
//!
//! One arena per thread is kept between compilations and reset, not freed: `compile_eval`
//! runs for every `$caller_eval`, often in a loop, and then finds its memory ready. A
//! compilation cannot reset the arena after each function, because the enclosing
//! functions' tables are still in it; it resets when the whole compilation ends.

use std::cell::RefCell;

use bumpalo::Bump;

/// Past this an arena is dropped rather than kept: a huge program should not pin its
/// scratch memory for the rest of the process.
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static ARENA: RefCell<Bump> = RefCell::new(Bump::new());
}

/// Runs `compile` with an empty arena.
pub(super) fn with_arena<R>(compile: impl FnOnce(&Bump) -> R) -> R {
    ARENA.with(|cell| match cell.try_borrow_mut() {
        Ok(mut arena) => {
            let result = compile(&arena);
            if arena.allocated_bytes() > KEEP_BYTES {
                *arena = Bump::new();
            } else {
                arena.reset();
            }
            result
        }
        // A compilation started from inside one (none does today) gets an arena of its own.
        Err(_) => compile(&Bump::new()),
    })
}
