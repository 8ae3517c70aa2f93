//! The REPL as a user at a terminal drives it: through a pseudo-terminal, with line editing,
//! Ctrl-C and the `:` commands.
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

use rexpect::session::{spawn_command, PtySession};

/// A session of the built `gene repl`, with a home folder of its own (for the history file).
fn session(name: &str) -> (PtySession, PathBuf) {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("repl-home-{name}"));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("scratch folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_gene"));
    command
        .arg("repl")
        .env("HOME", &home)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut session = spawn_command(command, Some(20_000)).expect("gene repl starts");
    session.exp_string("Gene ").expect("the banner");
    session.exp_string("gene> ").expect("the first prompt");
    (session, home)
}

/// Types `line`, waits for `expected` in what follows, then for the next prompt: the line
/// editor drops what is typed before it is ready for the next line.
fn enter(session: &mut PtySession, line: &str, expected: &str) {
    session.send_line(line).expect("the terminal takes input");
    session
        .exp_string(expected)
        .unwrap_or_else(|error| panic!("after {line:?}, expected {expected:?}: {error}"));
    session
        .exp_string("gene> ")
        .unwrap_or_else(|error| panic!("no prompt after {line:?}: {error}"));
}

#[test]
fn ctrl_c_stops_running_code_and_the_session_goes_on() {
    let (mut repl, _) = session("ctrl-c");
    enter(&mut repl, "(var kept 41)", "=> 41");
    repl.send_line("(while true)").expect("input");
    // Give the loop time to start: the interrupt must stop code that runs, not the read.
    std::thread::sleep(std::time::Duration::from_millis(300));
    repl.send_control('c').expect("Ctrl-C");
    repl.exp_string("interrupted")
        .expect("the loop stops with `interrupted`");
    repl.exp_string("gene> ").expect("a new prompt");
    enter(&mut repl, "(kept + 1)", "=> 42");
    // `finally` and `catch` do not see an interrupt either.
    repl.send_line("(try (while true) catch * 1 finally (println \"cleanup\"))")
        .expect("input");
    std::thread::sleep(std::time::Duration::from_millis(300));
    repl.send_control('c').expect("Ctrl-C");
    repl.exp_string("interrupted").expect("stops");
    repl.exp_string("gene> ").expect("a new prompt");
    enter(&mut repl, "(kept - 1)", "=> 40");
    repl.send_line(":quit").expect("input");
    repl.exp_eof().expect("the session ends");
}

#[test]
fn ctrl_c_at_the_prompt_clears_the_entry() {
    let (mut repl, _) = session("clear");
    repl.send_line("(1 +").expect("input");
    repl.exp_string("  ... ").expect("the entry goes on");
    repl.send_control('c').expect("Ctrl-C");
    repl.exp_string("gene> ").expect("a fresh prompt");
    // Had the entry been kept, this would only continue it (`(1 + (2 + 3)` is open).
    enter(&mut repl, "(2 + 3)", "=> 5");
}

#[test]
fn commands_document_time_disassemble_and_load() {
    let (mut repl, home) = session("commands");
    enter(
        &mut repl,
        ":doc String.pad_left",
        "String.pad_left (width: Int, fill?: String)",
    );
    enter(
        &mut repl,
        ":doc no_such_thing",
        "no built-in is named `no_such_thing`",
    );
    repl.send_line(":time (1 + 1)").expect("input");
    repl.exp_string("=> 2").expect("the value");
    repl.exp_regex(r"\(\d+\.\d{3} ms\)")
        .expect("the time taken");
    repl.exp_string("gene> ").expect("a prompt");
    enter(&mut repl, ":disasm (1 + 2)", "<main> (arity 0");
    let file = home.join("defs.gene");
    std::fs::write(&file, "(fn twice [x] (x * 2))\n").expect("write");
    enter(
        &mut repl,
        &format!(":load {}", file.display()),
        "=> <fn twice>",
    );
    enter(&mut repl, "(twice 21)", "=> 42");
    enter(&mut repl, ":nope", "unknown command :nope (see :help)");
    enter(&mut repl, ":help", ":doc NAME");
}

#[test]
fn history_is_written_as_it_goes() {
    let (mut repl, home) = session("history");
    enter(&mut repl, "(var h 7)", "=> 7");
    enter(&mut repl, "(h * 6)", "=> 42");
    // Still running: the entries are in the file already.
    let history = std::fs::read_to_string(home.join(".gene_history")).expect("history file");
    assert!(history.contains("(var h 7)"), "{history:?}");
    assert!(history.contains("(h * 6)"), "{history:?}");
}
