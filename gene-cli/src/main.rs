//! `gene`: the command-line front end. It reads arguments, loads sources and prints results;
//! the language lives in the library crates.

mod source_input;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use gene_syntax::{render_errors, Color, SourceFile};

use source_input::{load_source, InputError};

// Reading makes many small, short-lived allocations (strings, symbols, vectors of children);
// mimalloc serves them about twice as fast as glibc's malloc, whose consolidation dominated
// the reader's profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code for an uncaught Gene error, including read (parse) errors.
const EXIT_GENE_ERROR: u8 = 1;
/// Exit code for a command-line usage error: bad arguments, unreadable files, commands not
/// available yet.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "gene",
    version,
    about = "The Gene programming language",
    long_about = "The Gene programming language: a homoiconic Lisp built around the gene \
                  `(type ^prop value child…)`.\n\n\
                  Exit codes: 0 success, 1 an uncaught Gene error (read errors included), \
                  2 a command-line usage error.",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a Gene program: `gene run FILE [ARGS…]` (the core language is still being
    /// built: functions, arithmetic, variables, if and loops run today)
    Run {
        /// The program to run
        file: String,
        /// Arguments passed to the program as `$args`
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
        #[command(flatten)]
        limits: Limits,
    },
    /// Evaluate Gene code given on the command line or, with `-`, on standard input
    Eval {
        /// The code to evaluate, or `-` for standard input
        code: String,
        #[command(flatten)]
        limits: Limits,
    },
    /// Start an interactive session (not available yet: it arrives with the compiler and VM)
    Repl,
    /// Read Gene source and print the data read, one top-level datum per line, in
    /// canonical form
    Parse(ParseArgs),
    /// Compile Gene source to bytecode and print its disassembly (not available yet: it
    /// arrives with the compiler)
    Compile {
        /// The source file to compile
        file: String,
        /// Print the bytecode in readable form
        #[arg(long)]
        disasm: bool,
    },
}

#[derive(Args)]
struct Limits {
    /// How deep Gene calls may nest before a stack-overflow error
    #[arg(long, value_name = "N", default_value_t = gene_vm::DEFAULT_MAX_CALL_DEPTH)]
    max_call_depth: usize,
    /// When to colour error reports
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Args)]
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

#[derive(Clone, Copy, ValueEnum)]
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse_command(args),
        Command::Run { file, limits, .. } => match load_source(&file) {
            Ok(source) => run_source(&source, &limits),
            Err(InputError::Unreadable(message)) => {
                eprintln!("gene: {message}");
                ExitCode::from(EXIT_USAGE)
            }
            Err(InputError::NotUtf8(message)) => {
                eprintln!("{message}");
                ExitCode::from(EXIT_GENE_ERROR)
            }
        },
        Command::Eval { code, limits } => {
            let source = if code == "-" {
                match load_source("-") {
                    Ok(source) => source,
                    Err(InputError::Unreadable(message) | InputError::NotUtf8(message)) => {
                        eprintln!("gene: {message}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
            } else {
                SourceFile::new("<eval>", code)
            };
            run_source(&source, &limits)
        }
        Command::Repl => not_yet("repl", "the compiler and VM"),
        Command::Compile { .. } => not_yet("compile", "the compiler"),
    }
}

/// Runs a program; an uncaught error is reported on stderr with its place, the source line,
/// a caret and a Gene stack trace.
fn run_source(source: &SourceFile, limits: &Limits) -> ExitCode {
    let mut vm = gene_vm::Vm::new();
    vm.set_max_call_depth(limits.max_call_depth);
    vm.set_output(Box::new(std::io::BufWriter::new(std::io::stdout())));
    let result = vm.eval_source(source);
    vm.flush_output();
    let color = limits.color.resolve();
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(gene_vm::EvalError::Read(errors)) => report(source, &errors, color),
        Err(gene_vm::EvalError::Runtime(error)) => {
            let span = error.span().unwrap_or_default();
            let notes: Vec<String> = error
                .trace
                .iter()
                .map(|entry| {
                    let place = format!("in {} at {}", entry.function, source.location(entry.span));
                    match entry.repeated {
                        1 => place,
                        n => format!("{place} ({n} times)"),
                    }
                })
                .collect();
            eprint!(
                "{}",
                gene_syntax::render_error(source, &error.message, span, &notes, color)
            );
            ExitCode::from(EXIT_GENE_ERROR)
        }
    }
}

fn not_yet(command: &str, needs: &str) -> ExitCode {
    eprintln!(
        "gene: `gene {command}` is not available yet: it arrives with {needs}, still being \
         built. `gene parse` works today."
    );
    ExitCode::from(EXIT_USAGE)
}

fn parse_command(args: ParseArgs) -> ExitCode {
    let source = match (&args.expr, &args.file) {
        (Some(code), _) => SourceFile::new("<expr>", code.clone()),
        (None, Some(path)) => match load_source(path) {
            Ok(source) => source,
            Err(InputError::Unreadable(message)) => {
                eprintln!("gene: {message}");
                return ExitCode::from(EXIT_USAGE);
            }
            Err(InputError::NotUtf8(message)) => {
                eprintln!("{message}");
                return ExitCode::from(EXIT_GENE_ERROR);
            }
        },
        (None, None) => unreachable!("clap requires a file or -e"),
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
                    return ExitCode::SUCCESS;
                }
            }
            ExitCode::SUCCESS
        }
        Err(errors) => report(&source, &errors, color),
    }
}

fn report(source: &SourceFile, errors: &[gene_syntax::SyntaxError], color: Color) -> ExitCode {
    if errors.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprint!("{}", render_errors(source, errors, color));
    let count = errors.len();
    eprintln!(
        "{count} read error{} in {}",
        if count == 1 { "" } else { "s" },
        source.name()
    );
    ExitCode::from(EXIT_GENE_ERROR)
}
