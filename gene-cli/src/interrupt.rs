//! Ctrl-C (SIGINT) while Gene code runs: the first stops the program at its next safepoint
//! (the REPL then keeps its session; `gene run` reports where it stopped, with everything
//! printed so far written out), a second before the first is acted on — code blocked in a
//! system call, say — ends the process at once.

/// The exit code of a program ended by Ctrl-C: 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Routes SIGINT to `interrupt`. Only the first call in a process installs the handler
/// (there is one VM per process in the CLI); a later one reports false.
pub fn route_ctrl_c(interrupt: gene_vm::Interrupt) -> bool {
    ctrlc::set_handler(move || {
        if interrupt.is_triggered() {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        interrupt.trigger();
    })
    .is_ok()
}
