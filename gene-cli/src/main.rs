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
    /// Run a Gene program: `gene run FILE [ARGS…]` (not available yet: it arrives with the
    /// compiler and VM)
    Run {
        /// The program to run
        file: String,
        /// Arguments passed to the program as `$args`
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Evaluate Gene code given on the command line or, with `-`, on standard input (not
    /// available yet: it arrives with the compiler and VM)
    Eval {
        /// The code to evaluate, or `-` for standard input
        code: String,
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
        Command::Run { .. } => not_yet("run", "the compiler and VM"),
        Command::Eval { .. } => not_yet("eval", "the compiler and VM"),
        Command::Repl => not_yet("repl", "the compiler and VM"),
        Command::Compile { .. } => not_yet("compile", "the compiler"),
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
