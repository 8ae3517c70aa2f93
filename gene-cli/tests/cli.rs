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
        out.stdout.contains("Usage: gene [OPTIONS] FILE [ARGS]..."),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("gene <COMMAND>"), "{}", out.stdout);
    for command in ["run", "eval", "repl", "parse", "compile", "pipe", "help"] {
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
fn every_command_takes_help_and_describes_itself_in_one_line() {
    for command in ["run", "eval", "repl", "parse", "compile"] {
        let out = gene(&[command, "--help"]);
        assert_eq!(out.code, 0, "gene {command} --help: {}", out.stderr);
        let first = out.stdout.lines().next().unwrap_or_default();
        assert!(
            !first.is_empty() && out.stdout.lines().nth(1) == Some(""),
            "gene {command} --help starts with one line of description: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains(&format!("Usage: gene {command}")),
            "gene {command} --help: {}",
            out.stdout
        );
    }
}

#[test]
fn bare_gene_runs_the_program_piped_to_it() {
    let out = gene_with_stdin(&[], b"(println (1 + 2) $args)");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "3 []\n", "")
    );
}

#[test]
fn a_file_first_is_run_with_the_rest_as_its_arguments() {
    let file = temp_file("file_first.gene", b"(println $args)");
    let file = file.to_str().expect("UTF-8 path");
    let out = gene(&[file, "a", "--help"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "[a --help]\n"));
    // Options before FILE are `run`'s.
    let out = gene(&["--max-heap-mb", "1", file, "b"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "[b]\n"));
}

#[cfg(unix)]
#[test]
fn a_script_with_an_env_gene_shebang_runs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shebang");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    // `env` finds `gene` on the PATH, as it would an installed one.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gene"));
    let script = dir.join("hello");
    std::fs::write(&script, "#!/usr/bin/env gene\n(println \"hi\" $args)\n").expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.parent().expect("the binary's folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new(&script)
        .arg("x")
        .env("PATH", path)
        .output()
        .expect("the script runs");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hi [x]\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let out = gene(&["frobnicate"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("gene: cannot read frobnicate:"),
        "{}",
        out.stderr
    );
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

const CONTRACTS: &str = "(fn positive [x] ^pre [(x > 0)] x) \
    (fn grows [x] ^post [(result > x)] x) \
    (println (positive -1) (grows 2))";

#[test]
fn contracts_are_checked_by_default_and_with_contracts_on() {
    for args in [
        &["eval", CONTRACTS][..],
        &["eval", "--contracts", "on", CONTRACTS],
    ] {
        let out = gene(args);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{args:?}");
        assert!(
            out.stderr.contains(
                "ContractViolation: positive precondition #1 failed: (x > 0) | args=[x=-1]"
            ),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn contracts_off_skips_pre_and_postconditions() {
    for switch in [
        &["--contracts", "off"][..],
        &["--contracts=off"],
        &["--contracts=0"],
    ] {
        let mut args = vec!["eval"];
        args.extend_from_slice(switch);
        args.push(CONTRACTS);
        let out = gene(&args);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (0, "-1 2\n", ""),
            "{switch:?}"
        );
    }
    let out = gene_with_stdin(
        &["repl", "--contracts", "off", "--color", "never"],
        b"(fn f [x] ^pre [false] x)\n(f 3)\n",
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, "=> <fn f>\n=> 3\n"));
}

#[test]
fn contracts_takes_on_or_off_only() {
    let out = gene(&["eval", "--contracts", "maybe", "1"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("expected on or off, not `maybe`"),
        "{}",
        out.stderr
    );
    let help = gene(&["run", "--help"]);
    assert!(
        help.stdout.contains("--contracts <on|off>"),
        "{}",
        help.stdout
    );
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

// ---- program arguments ------------------------------------------------------------------------

#[test]
fn run_passes_the_arguments_after_the_file_as_args() {
    let path = temp_file("args.gene", b"(println $args)\n");
    let out = gene(&["run", path.to_str().unwrap(), "a", "-b", "c"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "[a -b c]\n", "")
    );
}

#[test]
fn everything_after_the_file_is_the_programs_even_gene_options() {
    let path = temp_file("args_options.gene", b"(println $args)\n");
    let file = path.to_str().unwrap();
    let out = gene(&[
        "run", "--color", "never", file, "--color", "x", "--help", "--",
    ]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "[--color x --help --]\n", "")
    );
}

#[test]
fn run_without_arguments_has_empty_args() {
    let path = temp_file("no_args.gene", b"(println $args)\n");
    let out = gene(&["run", path.to_str().unwrap()]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn eval_passes_the_arguments_after_the_code_as_args() {
    let out = gene(&["eval", "(println $args)", "x", "--y"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "[x --y]\n", "")
    );
}

// ---- gene compile -----------------------------------------------------------------------------

#[test]
fn compile_disasm_prints_each_functions_bytecode() {
    let path = temp_file(
        "compile.gene",
        b"(fn add [a b] (a + b))\n(println (add 1 2))\n",
    );
    let out = gene(&["compile", "--disasm", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout.starts_with("function <main> (arity 0, "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\nfunction add (arity 2, "),
        "{}",
        out.stdout
    );
    for opcode in ["Closure", "Call", "Add", "Return"] {
        assert!(out.stdout.contains(opcode), "no {opcode}: {}", out.stdout);
    }
}

#[test]
fn compile_without_disasm_and_with_expr_prints_the_same_listing() {
    let out = gene(&["compile", "-e", "(1 + 2)"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stdout.starts_with("function <main>"), "{}", out.stdout);
    assert!(out.stdout.contains("Return"), "{}", out.stdout);
    let disasm = gene(&["compile", "--disasm", "-e", "(1 + 2)"]);
    assert_eq!(disasm.stdout, out.stdout);
}

#[test]
fn compile_error_shows_file_position_and_source_line() {
    let path = temp_file("compile_error.gene", b"(println 1)\n(break)\n");
    let name = path.to_str().unwrap();
    let out = gene(&["compile", "--disasm", name]);
    assert_eq!(out.code, 1, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("error: compile error: `break` outside a loop\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("{name}:2:1")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 │ (break)"), "{}", out.stderr);
    assert!(out.stderr.contains("│ ^^^^^^^"), "{}", out.stderr);
}

#[test]
fn compile_of_a_read_error_reports_it_like_parse() {
    let out = gene(&["compile", "-e", "(println 1"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("error: read error: unclosed `(`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<expr>:1:1"), "{}", out.stderr);
    assert!(out.stderr.ends_with("1 read error in <expr>\n"));
}

#[test]
fn compile_of_a_missing_file_is_a_usage_error() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no_such_compile.gene");
    let out = gene(&["compile", path.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("gene: cannot read "),
        "{}",
        out.stderr
    );
}

// ---- gene repl (piped: no prompts, values after `=> `) ---------------------------------------

fn repl(input: &str) -> Outcome {
    gene_with_stdin(&["repl", "--color", "never"], input.as_bytes())
}

#[test]
fn repl_prints_each_value_and_definitions_persist() {
    let out = repl("(var x 2)\n(x + 3)\n(fn double [n] (n * 2))\n(double x)\n");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "=> 2\n=> 5\n=> <fn double>\n=> 4\n", "")
    );
}

#[test]
fn repl_prints_output_but_not_nil_values() {
    let out = repl("(println \"hi\" 1)\n(if false 1)\n\"s\"\n\n   \n1.5\n");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "hi 1\n=> \"s\"\n=> 1.5\n", "")
    );
}

#[test]
fn repl_reports_an_error_and_goes_on() {
    let out = repl("(var x 1)\n(undefined_name)\n(x + 1)\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "=> 1\n=> 2\n");
    assert_eq!(
        out.stderr,
        "error: undefined_name is not defined\n  ┌─ <repl>:2:2\n  │\n2 │ (undefined_name)\n  \
         │  ^^^^^^^^^^^^^^\n  │\n  = in <main> at <repl>:2:2\n\n"
    );
}

#[test]
fn repl_error_in_an_earlier_entrys_function_shows_that_entry() {
    let out = repl("(fn f [] (g))\n(f)\n");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "=> <fn f>\n");
    assert!(
        out.stderr.starts_with("error: g is not defined\n"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("1 │ (fn f [] (g))"), "{}", out.stderr);
    assert!(out.stderr.contains("in f at <repl>:1:11"), "{}", out.stderr);
    assert!(
        out.stderr.contains("in <main> at <repl>:2:1"),
        "{}",
        out.stderr
    );
}

#[test]
fn repl_continues_an_entry_with_unclosed_brackets_or_strings() {
    let out = repl("(do\n1)\n(do\n  (var y 4)\n\n  (y * 2))\n(println \"a\nb\")\n(+ 1 2)\n");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "=> 1\n=> 8\na\nb\n=> 3\n", "")
    );
}

#[test]
fn repl_reports_a_stray_closer_at_once_and_goes_on() {
    let out = repl("(1 + 1))\n(2 + 2)\n");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "=> 4\n", "the bad entry is not run");
    assert!(
        out.stderr
            .starts_with("error: read error: unexpected `)`\n  ┌─ <repl>:1:8\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn repl_reports_an_entry_left_unfinished_at_the_end_of_input() {
    let out = repl("(var x 1)\n(println x\n");
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "=> 1\n");
    assert!(
        out.stderr
            .starts_with("error: read error: unclosed `(`\n  ┌─ <repl>:2:1\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn repl_meta_commands_help_and_quit() {
    let out = repl(":help\n(var x 1)\n:quit\n(println \"not run\")\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(out.stdout.contains("  :quit"), "{}", out.stdout);
    assert!(out.stdout.ends_with("\n=> 1\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("not run"), "{}", out.stdout);
}

#[test]
fn repl_on_empty_input_prints_nothing() {
    let out = repl("");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
}

/// Every program in `examples/` runs and prints exactly its `.out` file. Each runs from
/// `examples/` as `gene run NAME.gene`, with the arguments of its `.args` file if it has
/// one (whitespace-separated), as a reader trying the examples would run them.
#[test]
fn examples_print_what_their_out_files_say() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/ exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|ext| ext != "gene") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("out"))
            .unwrap_or_else(|e| panic!("{} has no .out file: {e}", path.display()));
        let args = std::fs::read_to_string(path.with_extension("args")).unwrap_or_default();
        let output = Command::new(env!("CARGO_BIN_EXE_gene"))
            .current_dir(&dir)
            .arg("run")
            .arg(path.file_name().expect("a file name"))
            .args(args.split_whitespace())
            .output()
            .expect("gene runs");
        assert!(output.status.success(), "{}: {output:?}", path.display());
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} examples found");
}

/// Recursion through built-ins that call back into Gene (`.map`, `$caller_eval`) nests Rust
/// frames; it must end in a catchable stack-overflow error, never a crash, even in a debug
/// build.
#[test]
fn recursion_through_built_ins_is_a_gene_error() {
    for program in [
        "(fn f [x] ([1] .map f)) (try (f 1) catch * (println ($ex .message)))",
        "(fn g! [x] ($caller_eval x)) (fn f [n] (g! (f n))) (try (f 1) catch * (println ($ex .message)))",
    ] {
        let out = gene(&["eval", program]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                0,
                "stack overflow: calls through built-in functions nested more than 2000 deep\n",
                ""
            ),
            "{program}"
        );
    }
}

// ---- modules: where imports resolve from -------------------------------------------------------

/// `gene run dir/main.gene` resolves the program's imports from `dir`, wherever it runs;
/// `gene eval` resolves them from the current directory. Errors in an imported file report
/// that file's line.
#[test]
fn imports_resolve_from_the_program_file_or_the_current_directory() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-imports");
    std::fs::create_dir_all(&dir).expect("the scratch folder is writable");
    std::fs::write(
        dir.join("lib.gene"),
        "(fn /twice [x] (x * 2))\n(var /bad (fn [] (1 + nil)))\n",
    )
    .expect("writable");
    std::fs::write(
        dir.join("main.gene"),
        "(import twice from \"lib\")\n(println (twice 21))\n",
    )
    .expect("writable");
    let run = gene(&["run", dir.join("main.gene").to_str().expect("UTF-8 path")]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "42\n"),
        "{}",
        run.stderr
    );

    let eval = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args([
            "eval",
            "--color",
            "never",
            "(import bad from \"lib\") (bad)",
        ])
        .current_dir(&dir)
        .output()
        .expect("gene runs");
    let stderr = String::from_utf8_lossy(&eval.stderr);
    assert_eq!(eval.status.code(), Some(1));
    assert!(stderr.contains("lib.gene:2:21"), "{stderr}");
    assert!(stderr.contains("in <main> at <eval>:1:"), "{stderr}");
}

#[test]
fn a_filter_program_reads_standard_input_and_exit_flushes_its_output() {
    let program = temp_file(
        "filter.gene",
        b"(var n 0)\n\
          (for line in ($stdin .lines)\n\
            (if (line == \"quit\") (exit 3))\n\
            (n += 1)\n\
            (print n (line .to_upper))\n\
            (eprintln \"seen\" n)\n\
            (println))\n\
          (println \"not reached\")\n",
    );
    let out = gene_with_stdin(
        &["run", program.to_str().unwrap()],
        b"alpha\nbeta\r\nquit\nnever\n",
    );
    assert_eq!(out.code, 3, "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "1 ALPHA\n2 BETA\n");
    assert_eq!(out.stderr, "seen 1\nseen 2\n");
}

#[test]
fn pipe_runs_the_code_once_per_line_and_prints_what_is_not_nil() {
    let out = gene_with_stdin(
        &["pipe", "(if ($line != \"skip\") #\"<#{$line}>\")"],
        b"a\nskip\n\nb\n",
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, "<a>\n<>\n<b>\n"));
    let out = gene_with_stdin(&["pipe", "--filter", "($line/.size > 1)"], b"a\nbb\nccc\n");
    assert_eq!((out.code, out.stdout.as_str()), (0, "bb\nccc\n"));
    let out = gene_with_stdin(
        &["pipe", "(if ($line == \"2\") (throw \"bad\") else $line)"],
        b"1\n2\n3\n",
    );
    assert_eq!((out.code, out.stdout.as_str()), (1, "1\n"));
    assert!(out.stderr.contains("at input line 2"), "{}", out.stderr);
}

/// `--profile-ops` counts instructions in a build made for it, and says how to make one in
/// any other, rather than running without the table it promised.
#[test]
fn profile_ops_counts_instructions_or_says_which_build_does() {
    let dir = std::env::temp_dir().join(format!("gene-cli-profile-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let program = dir.join("count.gene");
    std::fs::write(
        &program,
        "(var i 0) (while (i < 10) (i += 1)) (println i)\n",
    )
    .expect("written");
    let out = gene(&["run", "--profile-ops", program.to_str().expect("utf-8")]);
    if cfg!(feature = "profile-ops") {
        assert_eq!((out.code, out.stdout.as_str()), (0, "10\n"));
        assert!(
            out.stderr.starts_with("instructions run: "),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("AddI"), "{}", out.stderr);
    } else {
        assert_eq!((out.code, out.stdout.as_str()), (2, ""));
        assert!(
            out.stderr.contains("--features profile-ops"),
            "{}",
            out.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- the process around the program ------------------------------------------------------

#[test]
fn writing_to_a_closed_pipe_is_an_error_the_program_sees_not_a_signal() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args([
            "eval",
            "(try (while true (println \"line\")) catch * (eprintln \"caught\") (exit 3))",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the gene binary starts");
    // Closing the only reader makes every later write fail with EPIPE, and raise SIGPIPE
    // unless the process ignores it.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("gene finishes");
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "caught\n");
}

#[cfg(target_os = "linux")]
#[test]
fn a_program_started_with_standard_output_closed_finds_it_on_dev_null() {
    // The shell closes descriptor 1 before starting gene. Left closed, the next file the
    // program opened would take its place and receive its output.
    let status = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" eval \"$1\" >&-")
        .arg(env!("CARGO_BIN_EXE_gene"))
        .arg("(println \"lost\") (exit (if ((gene/io/read \"/proc/self/fd/1\") == \"\") 4 else 5))")
        .status()
        .expect("sh starts");
    assert_eq!(status.code(), Some(4));
}

#[test]
fn an_error_reported_to_a_closed_pipe_still_ends_with_its_exit_code() {
    // `gene run FILE 2>&1 | head -1`: output and errors share a pipe whose reader is gone,
    // so the report of the write error cannot be written either.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(["eval", "(while true (println \"line\"))"])
        .stdout(writer.try_clone().expect("a second writer"))
        .stderr(writer)
        .output()
        .expect("gene finishes");
    assert_eq!(output.status.code(), Some(1));
}

/// Ctrl-C (SIGINT) stops a running program at its next loop turn: it says so, with where,
/// keeps what it printed, and exits 130.
#[cfg(unix)]
#[test]
fn sigint_stops_a_run_and_keeps_its_output() {
    let file = temp_file(
        "sigint.gene",
        b"(println \"started\")\n(var n 0)\n(while true (n += 1))\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(["run", "--color", "never"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("gene starts");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().expect("waits").is_none() {
        assert!(std::time::Instant::now() < deadline, "gene did not stop");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "started\n");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(stderr.contains("sigint.gene:3:"), "{stderr}");
    assert_eq!(out.status.code(), Some(130));
}

#[test]
fn repl_load_reports_an_error_while_loading_at_the_files_own_lines() {
    let dir = std::env::temp_dir().join(format!("gene-repl-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("defs.gene");
    std::fs::write(&file, "(fn half [x] (x / 2))\n(println (nope 3))\n").unwrap();
    let out = repl(&format!("(var a 1)\n:load {}\n(half 4)\n", file.display()));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // What loaded before the error stays defined.
    assert_eq!(out.stdout, "=> 1\n=> 2.0\n");
    let place = file.display();
    assert_eq!(
        out.stderr,
        format!(
            "error: nope is not defined\n  ┌─ {place}:2:11\n  │\n2 │ (println (nope 3))\n  \
             │           ^^^^\n  │\n  = in <main> at {place}:2:11\n\n"
        )
    );
}
