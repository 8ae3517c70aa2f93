//! `gene`: the command-line front end. It reads arguments, loads sources and prints results;
//! the language lives in the library crates.

// Unsafe code here: the global allocator (`allocator.rs`), the process entry point
// (`entry.rs`) and two system calls (turning off transparent huge pages, and `_exit`).
#![deny(unsafe_code)]
// The C `main` is `entry.rs`'s, on the platform where that saves start-up time (the test
// harness brings its own).
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

/// `eprint!` that ignores a failed write: with standard error closed (`2>&1 | head`) a
/// reported error must still end the process with its exit code, not a panic.
macro_rules! stderr_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a failed write (see `stderr_text!`).
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[allow(unsafe_code)]
mod allocator;
mod cache;
mod completion;
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[allow(unsafe_code)]
mod entry;
mod interrupt;
mod pipe;
mod repl;
mod source_input;

use std::io::{IsTerminal, Write};

use clap::{Args, Parser, Subcommand, ValueEnum};
use gene_syntax::{render_errors, Color, SourceFile};

use source_input::{load_program, load_source, InputError, Program};

// Reading makes many small, short-lived allocations (strings, symbols, vectors of children);
// mimalloc serves them about twice as fast as glibc's malloc, whose consolidation dominated
// the reader's profile.
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

/// Exit code for success.
pub(crate) const EXIT_SUCCESS: u8 = 0;
/// Exit code for an uncaught Gene error, including read (parse) errors.
pub(crate) const EXIT_GENE_ERROR: u8 = 1;
/// Exit code for a command-line usage error: bad arguments, unreadable files.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code for a panic (a bug in gene), as the standard library's `lang_start` gives it.
pub(crate) const EXIT_PANIC: u8 = 101;

#[derive(Parser, Debug, PartialEq)]
#[command(
    name = "gene",
    version,
    about = "The Gene programming language",
    override_usage = "gene [OPTIONS] FILE [ARGS]...   run a program (as `gene run`)\n       \
                      gene                            the REPL on a terminal, else the \
                      program on standard input\n       \
                      gene <COMMAND> ...",
    long_about = "The Gene programming language: a homoiconic Lisp built around the gene \
                  `(type ^prop value child…)`.\n\n\
                  `gene FILE [ARGS…]` runs FILE, as `gene run FILE [ARGS…]` does, with \
                  the same options before FILE; a script can start with \
                  `#!/usr/bin/env gene`. Bare `gene` starts the REPL when standard input is \
                  a terminal and runs the program piped to it otherwise.\n\n\
                  Exit codes: 0 success, 1 an uncaught Gene error (read errors included), \
                  2 a command-line usage error; `(exit N)` ends a program with N."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands' names, which a first argument must not be to be taken for a FILE to
/// run (a unit test checks this against clap's list).
const COMMAND_NAMES: [&str; 7] = ["run", "eval", "repl", "parse", "compile", "pipe", "help"];

/// The options that belong to `gene` itself rather than to the `run` it stands for.
const OWN_OPTIONS: [&str; 4] = ["-h", "--help", "-V", "--version"];

impl Cli {
    /// The command line `args` means: `gene FILE …` and `gene --option … FILE …` are
    /// `gene run …`, and bare `gene` is the REPL on a terminal or runs standard input
    /// when it is piped (as `python3` and `lua` do).
    fn from_args(mut args: Vec<String>, stdin_is_terminal: bool) -> Cli {
        match args.get(1) {
            None if stdin_is_terminal => args.push("repl".into()),
            None => args.extend(["run".into(), "-".into()]),
            Some(first)
                if !COMMAND_NAMES.contains(&first.as_str())
                    && !OWN_OPTIONS.contains(&first.as_str()) =>
            {
                args.insert(1, "run".into())
            }
            Some(_) => {}
        }
        Cli::plain_run(&args).unwrap_or_else(|| Cli::parse_from(args))
    }

    /// `gene run FILE [ARGS…]` with FILE not an option and no options before it, the usual
    /// command, as clap would parse it (every limit at its default; everything after FILE
    /// is the program's), without building clap's command tree: that took a tenth of an
    /// empty program's start-up and a sixth of its page faults. `None` for anything else,
    /// which clap parses. A unit test checks the two agree.
    fn plain_run(args: &[String]) -> Option<Cli> {
        let [_, command, file, ..] = args else {
            return None;
        };
        if command != "run" || file.starts_with('-') {
            return None;
        }
        Some(Cli {
            command: Command::Run {
                limits: Limits {
                    max_call_depth: gene_vm::DEFAULT_MAX_CALL_DEPTH,
                    max_heap_mb: DEFAULT_MAX_HEAP_MB,
                    color: ColorChoice::Auto,
                    contracts: true,
                },
                profile_ops: false,
                no_cache: false,
                program: args[2..].to_vec(),
            },
        })
    }
}

#[derive(Subcommand, Debug, PartialEq)]
enum Command {
    /// Run a Gene program: `gene run FILE [ARGS…]` (the language and standard library of the
    /// Gene spec, without its type checker, comptime, actors, threads, HTTP and databases)
    Run {
        #[command(flatten)]
        limits: Limits,
        /// Count every instruction run, and each pair in a row, and print the table on
        /// standard error at the end (to choose super-instructions from evidence); needs a
        /// build with `--features profile-ops`
        #[arg(long)]
        profile_ops: bool,
        /// Compile every file afresh and keep no compiled copy (as `GENE_NO_CACHE=1`);
        /// otherwise compiled files are kept in `$GENE_CACHE_DIR`, else
        /// `$XDG_CACHE_HOME/gene/bytecode`, else `~/.cache/gene/bytecode`
        #[arg(long)]
        no_cache: bool,
        /// The program to run (`-` reads standard input; a file `gene compile -o` wrote
        /// runs as its source would), then the arguments it gets as
        /// `$args`: everything after FILE is the program's, options included
        #[arg(
            value_names = ["FILE", "ARGS"],
            required = true,
            num_args = 1..,
            trailing_var_arg = true
        )]
        program: Vec<String>,
    },
    /// Evaluate Gene code given on the command line or, with `-`, on standard input
    Eval {
        #[command(flatten)]
        limits: Limits,
        /// The code to evaluate (`-` reads standard input), then the arguments it gets as
        /// `$args`: everything after CODE is the program's, options included
        #[arg(
            value_names = ["CODE", "ARGS"],
            required = true,
            num_args = 1..,
            trailing_var_arg = true
        )]
        program: Vec<String>,
    },
    /// Start an interactive session: read an expression, evaluate it, print its value
    Repl {
        #[command(flatten)]
        limits: Limits,
    },
    /// Read Gene source and print the data read, one top-level datum per line, in
    /// canonical form
    Parse(ParseArgs),
    /// Compile Gene source to bytecode, as `gene run` compiles a file, and print its
    /// disassembly, or write it to a file with `-o`
    Compile(CompileArgs),
    /// Filter standard input: run CODE (or the file CODE names) once per line, with the
    /// line as `$line`, and print each value that is not nil
    Pipe {
        #[command(flatten)]
        limits: Limits,
        /// Treat the code as a test: print the line itself when it is true
        #[arg(long)]
        filter: bool,
        /// Print string values quoted, as Gene reads them
        #[arg(long)]
        quote_str: bool,
        /// The code, or the path of a file holding it
        code: String,
    },
}

/// How many of the most frequent instruction pairs `--profile-ops` lists.
const OP_PAIRS_SHOWN: usize = 30;

/// A runaway program gets a clean error long before it exhausts the machine.
const DEFAULT_MAX_HEAP_MB: usize = 4096;

#[derive(Args, Debug, PartialEq)]
pub(crate) struct Limits {
    /// How deep Gene calls may nest before a stack-overflow error
    #[arg(long, value_name = "N", default_value_t = gene_vm::DEFAULT_MAX_CALL_DEPTH)]
    max_call_depth: usize,
    /// How many megabytes of objects the program may keep before an out-of-memory error
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_HEAP_MB)]
    max_heap_mb: usize,
    /// When to colour error reports
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Whether functions check their `^pre` and `^post` conditions (off skips them)
    #[arg(long, value_name = "on|off", default_value = "on", value_parser = parse_switch,
          action = clap::ArgAction::Set, num_args = 1)]
    contracts: bool,
}

/// `on`/`off` (also `true`/`false`, `1`/`0`), as the reference's `--contracts` takes.
fn parse_switch(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(format!("expected on or off, not `{text}`")),
    }
}

#[derive(Args, Debug, PartialEq)]
struct ParseArgs {
    /// The file to read, or `-` for standard input
    #[arg(required_unless_present = "expr", conflicts_with = "expr")]
    file: Option<String>,
    /// Read this code instead of a file
    #[arg(short = 'e', long = "expr", value_name = "CODE")]
    expr: Option<String>,
    /// Print the lexer's tokens, one per line with their positions, instead of the data
    #[arg(long)]
    tokens: bool,
    /// When to colour error reports
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Args, Debug, PartialEq)]
struct CompileArgs {
    /// The file to compile, or `-` for standard input
    #[arg(required_unless_present = "expr", conflicts_with = "expr")]
    file: Option<String>,
    /// Compile this code instead of a file
    #[arg(short = 'e', long = "expr", value_name = "CODE")]
    expr: Option<String>,
    /// Write the compiled program to OUT (conventionally `FILE.gbc`) instead of printing
    /// it: `gene run OUT` and `gene OUT` run it without compiling, on this build of gene
    /// (another build refuses the file). It carries the source, for error reports
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<String>,
    /// Print the bytecode in readable form (the default without `-o`; with it, as well)
    #[arg(long)]
    disasm: bool,
    /// When to colour error reports
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn resolve(self) -> Color {
        match self {
            ColorChoice::Always => Color::Always,
            ColorChoice::Never => Color::Never,
            ColorChoice::Auto => {
                if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                    Color::Always
                } else {
                    Color::Never
                }
            }
        }
    }
}

/// The stack the interpreter runs on. Gene-to-Gene calls use none of it, but built-ins that
/// call back into Gene (`.map`, `$caller_eval`) nest Rust frames, up to the VM's limit of
/// such nesting, and unoptimised builds use large frames; address space is cheap, and
/// only the pages touched are ever used.
const INTERPRETER_STACK: usize = 512 << 20;

/// Where the process's entry point is not `entry.rs`'s, the standard library's.
#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run_cli())
}

/// Runs the command line and returns the exit code.
fn run_cli() -> u8 {
    avoid_huge_pages();
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.into_string())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let cli = Cli::from_args(args, std::io::stdin().is_terminal());
    let interpreter = std::thread::Builder::new()
        .name("gene".into())
        .stack_size(INTERPRETER_STACK)
        .spawn(move || run_command(cli));
    match interpreter.map(|thread| thread.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => EXIT_PANIC,
        Err(error) => {
            stderr_line!("error: cannot start the interpreter thread: {error}");
            1
        }
    }
}

/// Turns off transparent huge pages for this process. The allocator asks for them on its
/// arenas, and a program that touches a little of much memory (many small strings) then
/// faults in and zeroes whole 2 MiB pages — when memory is fragmented the kernel compacts
/// it first, which made runs of the same program take up to twice as long.
#[allow(unsafe_code)]
fn avoid_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `PR_SET_THP_DISABLE` takes plain integers, no pointers, and only changes
        // how the kernel backs this process's future page faults; failure is harmless.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

fn run_command(cli: Cli) -> u8 {
    match cli.command {
        Command::Parse(args) => parse_command(args),
        Command::Compile(args) => compile_command(args),
        Command::Run {
            program,
            limits,
            profile_ops,
            no_cache,
        } => {
            let (file, args) = program.split_first().expect("clap requires FILE");
            let options = RunOptions {
                profile_ops,
                cache: !no_cache,
            };
            // Imports resolve from the program's own directory.
            let path = (file != "-").then_some(file.as_str());
            match load_program(file) {
                Ok(Program::Source(source)) => run_source(&source, path, args, &limits, &options),
                Ok(Program::Bytecode(bytes)) => {
                    run_bytecode(&bytes, file, path, args, &limits, &options)
                }
                Err(error) => input_error(error),
            }
        }
        Command::Eval { program, limits } => {
            let (code, args) = program.split_first().expect("clap requires CODE");
            let source = if code == "-" {
                match load_source("-") {
                    Ok(source) => source,
                    Err(InputError::Unreadable(message) | InputError::NotUtf8(message)) => {
                        stderr_line!("gene: {message}");
                        return EXIT_USAGE;
                    }
                }
            } else {
                SourceFile::new("<eval>", code.clone())
            };
            run_source(&source, None, args, &limits, &RunOptions::default())
        }
        Command::Pipe {
            limits,
            filter,
            quote_str,
            code,
        } => pipe::run(
            pipe::PipeOptions {
                code,
                filter,
                quote_str,
            },
            &limits,
        ),
        Command::Repl { limits } => repl::run(
            limits.max_call_depth,
            limits.max_heap_mb.saturating_mul(1 << 20),
            limits.contracts,
            limits.color.resolve(),
        ),
    }
}

/// Reports a source that could not be loaded: an unreadable file is a usage error, text that
/// is not UTF-8 a read error.
fn input_error(error: InputError) -> u8 {
    match error {
        InputError::Unreadable(message) => {
            stderr_line!("gene: {message}");
            EXIT_USAGE
        }
        InputError::NotUtf8(message) => {
            stderr_line!("{message}");
            EXIT_GENE_ERROR
        }
    }
}

/// The source named by `gene parse` / `gene compile`: `-e CODE` (named `<expr>`), a file or
/// `-` for standard input.
fn input_source(expr: &Option<String>, file: &Option<String>) -> Result<SourceFile, u8> {
    match (expr, file) {
        (Some(code), _) => Ok(SourceFile::new("<expr>", code.clone())),
        (None, Some(path)) => load_source(path).map_err(input_error),
        (None, None) => unreachable!("clap requires a file or -e"),
    }
}

/// How `gene run` runs a program, beyond its limits.
#[derive(Default)]
struct RunOptions {
    profile_ops: bool,
    /// Keep and reuse compiled files in the cache directory (unless `GENE_NO_CACHE` is set).
    cache: bool,
}

/// Runs a program (the file at `path`, if it came from one) with `args` as its `$args`; an
/// uncaught error is reported on stderr with its place, the source line, a caret and a
/// Gene stack trace.
fn run_source(
    source: &SourceFile,
    path: Option<&str>,
    args: &[String],
    limits: &Limits,
    options: &RunOptions,
) -> u8 {
    let mut vm = match program_vm(path, args, limits, options) {
        Ok(vm) => vm,
        Err(code) => return code,
    };
    if let Some(dir) = path.and_then(|_| cache::directory(!options.cache)) {
        vm.set_code_store(Some(Box::new(cache::DirStore::new(dir))));
    }
    report_warnings(&mut vm, limits.color.resolve());
    let result = vm.run_program(source);
    finish_program(vm, result, source, limits)
}

/// Runs the program `gene compile -o` wrote to `file`, as [`run_source`] runs its source;
/// errors show the source it carries. Bytes that are damaged, or were written by another
/// build of gene, are refused with the reason: they are never trusted.
fn run_bytecode(
    bytes: &[u8],
    file: &str,
    path: Option<&str>,
    args: &[String],
    limits: &Limits,
    options: &RunOptions,
) -> u8 {
    let compiled = match gene_compiler::cache::decode_program(bytes) {
        Ok(compiled) => compiled,
        Err(error) => {
            stderr_line!(
                "gene: {file} is not bytecode this gene can run: {error} \
                 (compile its source again with `gene compile FILE -o OUT`)"
            );
            return EXIT_GENE_ERROR;
        }
    };
    let source = match &compiled.source {
        Some(embedded) => SourceFile::new(embedded.name.clone(), embedded.text.clone()),
        None => SourceFile::new(file, String::new()),
    };
    let mut vm = match program_vm(path, args, limits, options) {
        Ok(vm) => vm,
        Err(code) => return code,
    };
    // Its imports are source files, cached as a source program's are.
    if let Some(dir) = path.and_then(|_| cache::directory(!options.cache)) {
        vm.set_code_store(Some(Box::new(cache::DirStore::new(dir))));
    }
    report_warnings(&mut vm, limits.color.resolve());
    let result = vm.run_compiled_program(compiled);
    finish_program(vm, result, &source, limits)
}

/// A VM set up to run a program: its limits, arguments, path and Ctrl-C.
fn program_vm(
    path: Option<&str>,
    args: &[String],
    limits: &Limits,
    options: &RunOptions,
) -> Result<gene_vm::Vm, u8> {
    let mut vm = gene_vm::Vm::new();
    if let Err(error) = vm.set_op_profiling(options.profile_ops) {
        stderr_line!("gene: --profile-ops: {}", error.message);
        return Err(EXIT_USAGE);
    }
    vm.set_max_call_depth(limits.max_call_depth);
    vm.set_contracts(limits.contracts);
    vm.set_heap_limit(limits.max_heap_mb.saturating_mul(1 << 20));
    vm.set_output(Box::new(std::io::BufWriter::new(std::io::stdout())));
    if let Err(error) = vm.set_program_args(args) {
        stderr_line!(
            "gene: cannot pass the arguments to the program: {}",
            error.message
        );
        return Err(EXIT_GENE_ERROR);
    }
    if let Some(path) = path {
        if let Err(error) = vm.set_program_path(path) {
            stderr_line!("gene: {}", error.message);
            return Err(EXIT_USAGE);
        }
    }
    interrupt::route_ctrl_c(vm.interrupt_handle());
    Ok(vm)
}

/// Ends a program's run: output flushed, an uncaught error reported, the exit code.
fn finish_program(
    mut vm: gene_vm::Vm,
    result: Result<gene_vm::Handle, gene_vm::EvalError>,
    source: &SourceFile,
    limits: &Limits,
) -> u8 {
    vm.flush_output();
    if let Some(report) = vm.op_profile_report(OP_PAIRS_SHOWN) {
        stderr_text!("{report}");
    }
    let code = match result {
        Ok(_) => 0,
        // `(exit code)`: not an error to report.
        Err(gene_vm::EvalError::Runtime(error)) if error.exit_code().is_some() => {
            error.exit_code().expect("checked")
        }
        Err(error) => {
            report_eval_error(source, &error, limits.color.resolve());
            match error {
                gene_vm::EvalError::Runtime(error) if error.is_interrupt() => {
                    interrupt::EXIT_INTERRUPTED
                }
                _ => EXIT_GENE_ERROR,
            }
        }
    };
    end_without_teardown(code)
}

/// Ends the process once the program has run and everything it printed is written: the VM,
/// the interpreter thread's stack and the allocator's arenas are the kernel's to reclaim,
/// and taking them apart first (freeing every object, returning each page to the system)
/// was a tenth of an empty program's wall time.
#[allow(unsafe_code)]
fn end_without_teardown(code: u8) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `_exit` takes an integer and does not return; it skips the `atexit`
        // handlers and destructors, which is the point: the only state they would save is
        // the output, flushed above (the VM's own buffer was flushed by `flush_output`).
        unsafe { libc::_exit(i32::from(code)) }
    }
    #[cfg(not(target_os = "linux"))]
    std::process::exit(i32::from(code))
}

/// Prints a read or run-time error from evaluating `source` and returns the exit code for it.
fn report_eval_error(source: &SourceFile, error: &gene_vm::EvalError, color: Color) -> u8 {
    match error {
        gene_vm::EvalError::Read(errors) => report(source, errors, color),
        gene_vm::EvalError::Runtime(error) => {
            stderr_text!("{}", error.render(source, color));
            EXIT_GENE_ERROR
        }
    }
}

/// Shows the compiler's warnings on standard error as the code that has them is compiled.
pub(crate) fn report_warnings(vm: &mut gene_vm::Vm, color: Color) {
    vm.set_warning_handler(move |warning| stderr_text!("{}", warning.render(color)));
}

/// `gene compile`: reads and compiles the source and prints the bytecode of each function,
/// or with `-o` writes it to a file `gene run` runs.
fn compile_command(args: CompileArgs) -> u8 {
    let source = match input_source(&args.expr, &args.file) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let color = args.color.resolve();
    let (proto, globals) = match compile_program(&source, color) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    if let Some(output) = &args.output {
        // The source goes in too: errors raised by the compiled program show its lines.
        let bytes =
            gene_compiler::cache::encode(&proto, &globals, source.text(), Some(source.name()));
        if let Err(error) = std::fs::write(output, bytes) {
            stderr_line!("gene: cannot write {output}: {error}");
            return EXIT_USAGE;
        }
        if !args.disasm {
            return EXIT_SUCCESS;
        }
    }
    // A closed output (e.g. piped into `head`) is not an error.
    let _ = std::io::stdout()
        .lock()
        .write_all(proto.disassembly().as_bytes());
    EXIT_SUCCESS
}

/// The bytecode of `source`, compiled as `gene run` compiles a file, in readable form; a
/// read or compile error is reported and its exit code returned.
pub(crate) fn disassemble(source: &SourceFile, color: Color) -> Result<String, u8> {
    compile_program(source, color).map(|(proto, _)| proto.disassembly())
}

/// `source` compiled as `gene run` compiles a main program, with the globals it named; its
/// warnings are printed, and a read or compile error is reported and its exit code returned.
fn compile_program(
    source: &SourceFile,
    color: Color,
) -> Result<(gene_compiler::FunctionProto, gene_compiler::Globals), u8> {
    let data = gene_syntax::parse(source).map_err(|errors| report(source, &errors, color))?;
    let mut globals = gene_compiler::Globals::new();
    match gene_compiler::compile_module(&data, &mut globals) {
        Ok(proto) => {
            for warning in &proto.warnings {
                let notes: Vec<String> =
                    warning.help.iter().map(|h| format!("help: {h}")).collect();
                stderr_text!(
                    "{}",
                    gene_syntax::render_warning(
                        source,
                        &warning.message,
                        warning.span,
                        &notes,
                        color
                    )
                );
            }
            Ok((proto, globals))
        }
        Err(error) => {
            let message = format!("compile error: {}", error.message);
            let notes: Vec<String> = error.help.iter().map(|h| format!("help: {h}")).collect();
            stderr_text!(
                "{}",
                gene_syntax::render_error(source, &message, error.span, &notes, color)
            );
            Err(EXIT_GENE_ERROR)
        }
    }
}

fn parse_command(args: ParseArgs) -> u8 {
    let source = match input_source(&args.expr, &args.file) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let color = args.color.resolve();
    let mut stdout = std::io::stdout().lock();
    if args.tokens {
        let (tokens, errors) = gene_syntax::lexer::tokenize(source.text());
        for (start, token, end) in tokens {
            let at = source.line_col(start);
            let _ = writeln!(stdout, "{at} {token} ({start}..{end})");
        }
        return report(&source, &errors, color);
    }
    match gene_syntax::parse(&source) {
        Ok(data) => {
            for datum in data {
                if writeln!(stdout, "{datum}").is_err() {
                    // Output closed (e.g. piped into `head`): nothing more to do.
                    return EXIT_SUCCESS;
                }
            }
            EXIT_SUCCESS
        }
        Err(errors) => report(&source, &errors, color),
    }
}

fn report(source: &SourceFile, errors: &[gene_syntax::SyntaxError], color: Color) -> u8 {
    if errors.is_empty() {
        return EXIT_SUCCESS;
    }
    stderr_text!("{}", render_errors(source, errors, color));
    let count = errors.len();
    stderr_line!(
        "{count} read error{} in {}",
        if count == 1 { "" } else { "s" },
        source.name()
    );
    EXIT_GENE_ERROR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn a_plain_run_is_parsed_as_clap_parses_it() {
        for args in [
            &["gene", "run", "prog.gene"][..],
            &["gene", "run", "prog.gene", "a", "--max-heap-mb", "1", "-"],
            &["gene", "run", "dir/prog", "--help"],
        ] {
            let args = strings(args);
            let clap = Cli::try_parse_from(&args).expect("clap parses it");
            assert_eq!(Cli::plain_run(&args), Some(clap), "{args:?}");
        }
    }

    #[test]
    fn the_command_names_are_claps() {
        use clap::CommandFactory;
        let mut names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|command| command.get_name().to_string())
            .collect();
        names.push("help".into());
        names.sort();
        let mut ours = COMMAND_NAMES.map(String::from).to_vec();
        ours.sort();
        assert_eq!(names, ours);
    }

    #[test]
    fn a_file_or_an_option_first_means_run() {
        let run = |args: &[&str]| Cli::from_args(strings(args), true);
        assert_eq!(
            run(&["gene", "prog.gene", "x"]),
            run(&["gene", "run", "prog.gene", "x"])
        );
        assert_eq!(
            run(&["gene", "--max-heap-mb", "16", "prog.gene"]),
            run(&["gene", "run", "--max-heap-mb", "16", "prog.gene"])
        );
        // A file named like a command is reached by its path.
        assert_eq!(run(&["gene", "./eval"]), run(&["gene", "run", "./eval"]));
        assert_eq!(
            run(&["gene", "eval", "1"]).command,
            Cli::parse_from(["gene", "eval", "1"]).command
        );
    }

    #[test]
    fn bare_gene_is_the_repl_on_a_terminal_and_runs_standard_input_otherwise() {
        assert!(matches!(
            Cli::from_args(strings(&["gene"]), true).command,
            Command::Repl { .. }
        ));
        assert_eq!(
            Cli::from_args(strings(&["gene"]), false),
            Cli::parse_from(["gene", "run", "-"])
        );
    }

    #[test]
    fn anything_but_a_plain_run_is_left_to_clap() {
        for args in [
            &["gene"][..],
            &["gene", "run"],
            &["gene", "run", "-"],
            &["gene", "run", "--color", "never", "prog.gene"],
            &["gene", "run", "--help"],
            &["gene", "eval", "(+ 1 2)"],
            &["gene", "runx", "prog.gene"],
        ] {
            assert_eq!(Cli::plain_run(&strings(args)), None, "{args:?}");
        }
    }
}
