//! The `gene` binary seen from outside: arguments in, stdout, stderr and exit code out.
//! Exit codes are part of the interface (0 success, 1 Gene error, 2 usage error), so every
//! test checks one.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gene_with_stdin(args: &[&str], stdin: &[u8]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(args)
        // Error reports must be plain when piped even if the developer's shell sets colours.
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the gene binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("gene accepts its input");
    let output = child.wait_with_output().expect("gene finishes");
    Outcome {
        code: output
            .status
            .code()
            .expect("gene exits normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn gene(args: &[&str]) -> Outcome {
    gene_with_stdin(args, b"")
}

/// A file in cargo's per-test scratch folder; `name` must be unique across tests because
/// they run in parallel.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("the scratch folder is writable");
    path
}

// ---- gene parse: success ---------------------------------------------------------------------

#[test]
fn parse_expr_prints_each_datum_in_canonical_form() {
    let out = gene(&[
        "parse",
        "-e",
        "(a ^b 1 [c  d])  {^x \"y\"} nil 1.50 ,, # comment\n 0xff",
    ]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "(a ^b 1 [c d])\n{^x \"y\"}\nnil\n1.5\n255\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn parse_expr_of_nothing_prints_nothing() {
    let out = gene(&["parse", "-e", "  # only a comment\n#< and a block >#"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn parse_file_reads_the_file() {
    let path = temp_file("parse_file.gene", b"(x\n  ^y 2)\n\"s\\n\"\n");
    let out = gene(&["parse", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "(x ^y 2)\n\"s\\n\"\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn parse_dash_reads_standard_input() {
    let out = gene_with_stdin(&["parse", "-"], b"[1 2] (f)\n");
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "[1 2]\n(f)\n");
}

// ---- gene parse: errors ----------------------------------------------------------------------

#[test]
fn read_error_shows_file_position_source_line_and_caret() {
    let path = temp_file("read_error.gene", b"(ok)\n(bad ^k)\n");
    let name = path.to_str().unwrap();
    let out = gene(&["parse", name]);
    assert_eq!(out.code, 1, "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout, "",
        "nothing is printed when the file does not read"
    );
    assert!(
        out.stderr.starts_with("error: read error: "),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("{name}:2:6")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 │ (bad ^k)"), "{}", out.stderr);
    assert!(out.stderr.contains("│      ^^"), "{}", out.stderr);
    assert!(
        out.stderr.ends_with(&format!("1 read error in {name}\n")),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains('\x1b'),
        "piped errors are not coloured"
    );
}

#[test]
fn several_read_errors_are_reported_at_once() {
    let path = temp_file("several_errors.gene", b"(a ^x)\n[b 1x]\n(c))\n");
    let name = path.to_str().unwrap();
    let out = gene(&["parse", name]);
    assert_eq!(out.code, 1, "stderr: {}", out.stderr);
    assert_eq!(
        out.stderr.matches("error: read error:").count(),
        3,
        "{}",
        out.stderr
    );
    for position in ["1:4", "2:4", "3:4"] {
        assert!(
            out.stderr.contains(&format!("{name}:{position}")),
            "no error at {position}: {}",
            out.stderr
        );
    }
    assert!(out.stderr.ends_with(&format!("3 read errors in {name}\n")));
}

#[test]
fn read_error_in_expr_names_expr() {
    let out = gene(&["parse", "-e", "(a ^b"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("read error:"), "{}", out.stderr);
    assert!(out.stderr.contains("<expr>:1:1"), "{}", out.stderr);
    assert!(out.stderr.contains("1 │ (a ^b"), "{}", out.stderr);
}

#[test]
fn read_error_from_stdin_names_stdin() {
    let out = gene_with_stdin(&["parse", "-"], b"\n  ]\n");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("<stdin>:2:3"), "{}", out.stderr);
}

#[test]
fn color_always_colours_error_reports() {
    let out = gene(&["parse", "--color", "always", "-e", "]"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains('\x1b'), "{}", out.stderr);
}

#[test]
fn invalid_utf8_is_a_read_error_with_its_position() {
    let path = temp_file("not_utf8.gene", b"a\n\"\xff\"\n");
    let name = path.to_str().unwrap();
    let out = gene(&["parse", name]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!("error: read error: {name}:2:2: the source is not valid UTF-8 (byte 3)\n")
    );
}

#[test]
fn missing_file_is_a_usage_error() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no_such_file.gene");
    let name = path.to_str().unwrap();
    let out = gene(&["parse", name]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with(&format!("gene: cannot read {name}: ")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("No such file"), "{}", out.stderr);
}

#[test]
fn parse_without_input_is_a_usage_error() {
    let out = gene(&["parse"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("Usage: gene parse"), "{}", out.stderr);
}

// ---- help --------------------------------------------------------------------------------------

#[test]
fn help_lists_every_command_and_the_exit_codes() {
    let out = gene(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("Usage: gene <COMMAND>"),
        "{}",
        out.stdout
    );
    for command in ["run", "eval", "repl", "parse", "compile", "help"] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "`{command}` is not listed: {}",
            out.stdout
        );
    }
    assert!(
        out.stdout.contains("Exit codes: 0 success"),
        "{}",
        out.stdout
    );
}

#[test]
fn help_describes_each_command() {
    let cases = [
        ("parse", "Read Gene source and print the data read"),
        ("run", "Run a Gene program"),
        ("eval", "Evaluate Gene code"),
        ("repl", "Start an interactive session"),
        ("compile", "Compile Gene source to bytecode"),
    ];
    for (command, description) in cases {
        let out = gene(&["help", command]);
        assert_eq!(out.code, 0, "gene help {command}: {}", out.stderr);
        assert!(
            out.stdout.starts_with(description),
            "gene help {command}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains(&format!("Usage: gene {command}")),
            "gene help {command}: {}",
            out.stdout
        );
    }
}

#[test]
fn no_arguments_prints_help_and_is_a_usage_error() {
    let out = gene(&[]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("Usage: gene <COMMAND>"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("parse"), "{}", out.stderr);
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = gene(&["frobnicate"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("'frobnicate'"), "{}", out.stderr);
}

// ---- commands that arrive with the VM ------------------------------------------------------

#[test]
fn commands_not_built_yet_say_so_and_are_usage_errors() {
    let cases: [&[&str]; 2] = [&["repl"], &["compile", "x.gene"]];
    for args in cases {
        let out = gene(args);
        assert_eq!(out.code, 2, "gene {args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "gene {args:?}");
        assert!(
            out.stderr
                .starts_with(&format!("gene: `gene {}` is not available yet", args[0])),
            "gene {args:?}: {}",
            out.stderr
        );
    }
}

// ---- running programs ---------------------------------------------------------------------

#[test]
fn eval_runs_code_and_prints() {
    let out = gene(&[
        "eval",
        "(fn fib [n] (if (n < 2) n else ((fib (n - 1)) + (fib (n - 2))))) (println (fib 15) \"x\" 2.5)",
    ]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "610 x 2.5\n", "")
    );
}

#[test]
fn run_reports_an_uncaught_error_with_place_and_trace() {
    let path = temp_file("undefined.gene", b"(println 1)\n(fn f [] (g))\n(f)\n");
    let out = gene(&["run", "--color", "never", path.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "1\n", "output before the error is kept");
    let file = path.to_str().unwrap();
    assert!(
        out.stderr.starts_with("error: g is not defined\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("{file}:2:11")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 │ (fn f [] (g))"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("in f at {file}:2:11")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("in <main> at {file}:3:1")),
        "{}",
        out.stderr
    );
}

#[test]
fn unbounded_recursion_is_a_clean_stack_overflow_error() {
    let out = gene(&[
        "eval",
        "--max-call-depth",
        "1000",
        "(fn g [n] (+ 1 (g n))) (g 1)",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("stack overflow: calls nested more than 1000 deep"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("(999 times)"), "{}", out.stderr);
}

#[test]
fn run_of_a_read_error_is_a_gene_error() {
    let path = temp_file("broken.gene", b"(println 1\n");
    let out = gene(&["run", "--color", "never", path.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("read error: unclosed `(`"),
        "{}",
        out.stderr
    );
}
