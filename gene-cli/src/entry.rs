//! The process entry point on glibc Linux: the binary defines the C `main` itself
//! (`#![no_main]`) rather than have the standard library's `lang_start` call `fn main`.
//!
//! Before `fn main`, `lang_start` records the main thread's stack bounds for its
//! stack-overflow message, and glibc finds the main thread's stack by reading and parsing
//! `/proc/self/maps`: 120,000 instructions and five system calls, about a tenth of an empty
//! program's wall time (docs/performance.md, "Start-up"). The main thread runs no Gene code
//! (the interpreter has its own thread), so the message is not worth that. The rest of what
//! `lang_start` does is done here:
//! - standard input, output and error are opened on `/dev/null` if the parent closed them,
//!   so that no file the program opens takes their place;
//! - `SIGPIPE` is ignored, so writing to a closed pipe is an error the program sees rather
//!   than a silent death;
//! - a panic ends the process with status 101, and standard output is flushed at the end.
//!
//! The arguments need nothing: on glibc the standard library reads them from the
//! arguments glibc passes to `.init_array` functions, before any `main` runs.

use std::ffi::{c_char, c_int};
use std::io::Write;

// SAFETY: `main` is the symbol the C runtime calls once, with the signature it expects; no
// other `main` is defined, since `#![no_main]` keeps the standard library from emitting one.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    reopen_closed_standard_streams();
    // SAFETY: installing `SIG_IGN` runs no handler code; nothing else has touched signal
    // dispositions yet (no thread exists).
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let code = std::panic::catch_unwind(crate::run_cli).unwrap_or(crate::EXIT_PANIC);
    let _ = std::io::stdout().flush();
    c_int::from(code)
}

/// Opens `/dev/null` on each of the descriptors 0, 1 and 2 that is closed.
fn reopen_closed_standard_streams() {
    let mut streams = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: `streams` is a valid array of three `pollfd`s for the duration of the call,
    // and a zero timeout makes it return at once.
    if unsafe { libc::poll(streams.as_mut_ptr(), 3, 0) } == -1 {
        return;
    }
    for stream in streams {
        if stream.revents & libc::POLLNVAL != 0 {
            // SAFETY: the path is a NUL-terminated string literal; the lowest free
            // descriptor is the closed one, since the lower ones are open.
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        }
    }
}
