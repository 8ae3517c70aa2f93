//! `gene repl`: read an entry, evaluate it in one long-lived VM, print its value, repeat.
//!
//! At a terminal the lines are edited with rustyline (history in memory and in
//! `~/.gene_history`); from a pipe they are read plainly, without prompts, so a session can be
//! scripted: `printf '(var x 2)\n(x + 3)\n' | gene repl` prints `=> 2` and `=> 5`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use gene_syntax::{Color, SourceFile, SyntaxError};
use rustyline::error::ReadlineError;

const PROMPT: &str = "gene> ";
const CONTINUATION_PROMPT: &str = "  ... ";
/// Every entry's source is named this; line numbers count from the session's first line.
const SOURCE_NAME: &str = "<repl>";
const HISTORY_FILE: &str = ".gene_history";
const HISTORY_SIZE: usize = 1000;

const HELP: &str = "\
Type Gene code and press Enter to evaluate it; its value is printed after `=> ` (nil values
are not). An entry with unclosed brackets or strings continues on the next line (`  ... `).
Definitions stay for the rest of the session; an error is reported and the session goes on.

  :help    show this help
  :quit    leave (so does Ctrl-D; Ctrl-C clears the current entry)

Other lines starting with `:` are Gene code (`:name` is a quoted symbol).
";

/// Runs the session until end of input or `:quit`; Gene errors never end it, so it exits 0.
pub fn run(max_call_depth: usize, heap_limit: usize, contracts: bool, color: Color) -> u8 {
    let mut session = Session::new(max_call_depth, heap_limit, color);
    session.vm.set_contracts(contracts);
    let mut input = Input::open();
    if input.is_interactive() {
        println!(
            "Gene {} — :help for help, Ctrl-D to leave",
            env!("CARGO_PKG_VERSION")
        );
    }
    let mut entry = String::new();
    loop {
        let prompt = if entry.is_empty() {
            PROMPT
        } else {
            CONTINUATION_PROMPT
        };
        let line = match input.read_line(prompt) {
            Line::Text(line) => line,
            Line::Interrupted => {
                entry.clear();
                continue;
            }
            Line::Eof => {
                // From a pipe, an unfinished last entry is still evaluated so its read error
                // (an unclosed bracket, say) is reported rather than silently dropped.
                if !entry.trim().is_empty() && !input.is_interactive() {
                    session.eval(&entry);
                }
                break;
            }
        };
        if entry.is_empty() {
            match line.trim() {
                ":quit" => break,
                ":help" => {
                    print!("{HELP}");
                    let _ = std::io::stdout().flush();
                    continue;
                }
                "" => continue,
                _ => {}
            }
        } else {
            entry.push('\n');
        }
        entry.push_str(&line);
        if is_incomplete(&entry) {
            continue;
        }
        input.add_history(&entry);
        session.eval(&entry);
        entry.clear();
    }
    input.close();
    crate::EXIT_SUCCESS
}

/// Whether `text` stops inside a bracket, string or block comment, so the entry goes on
/// on the next line. Only the lexer is asked: it reports what is still open at the end of
/// input, and an entry whose every problem is of that kind may yet be completed. Any other
/// error (a stray `)`, say) ends the entry at once so it is reported without waiting.
pub fn is_incomplete(text: &str) -> bool {
    let (_, errors) = gene_syntax::lexer::tokenize(text);
    !errors.is_empty() && errors.iter().all(|error| open_at_end(error, text.len()))
}

fn open_at_end(error: &SyntaxError, end: usize) -> bool {
    const OPEN: [&str; 5] = [
        "unclosed `",
        "unterminated string",
        "unterminated interpolated string",
        "unterminated block comment",
        "`\\` at the end of input",
    ];
    OPEN.iter().any(|prefix| error.message.starts_with(prefix))
        // e.g. "`%` needs a datum after it" when nothing follows yet
        || error
            .related
            .iter()
            .any(|(span, _)| span.is_empty() && span.start as usize == end)
}

/// One VM for the whole session, and the session's text so far.
struct Session {
    vm: gene_vm::Vm,
    color: Color,
    /// Every entry evaluated, each ending in a newline. The VM's spans are byte offsets into
    /// this text, so an error inside a function defined entries ago still shows its line.
    text: String,
}

impl Session {
    fn new(max_call_depth: usize, heap_limit: usize, color: Color) -> Session {
        let mut vm = gene_vm::Vm::new();
        vm.set_max_call_depth(max_call_depth);
        vm.set_heap_limit(heap_limit);
        Session {
            vm,
            color,
            text: String::new(),
        }
    }

    /// Evaluates one entry: prints its value unless it is nil, or reports its error.
    fn eval(&mut self, entry: &str) {
        let start = self.text.len();
        self.text.push_str(entry);
        self.text.push('\n');
        // The VM reads only the new entry, at its offset in the session: earlier entries are
        // blanked (newlines kept), so spans are session-wide and the text is read once.
        let mut padded = String::with_capacity(self.text.len());
        padded.extend(self.text.as_bytes()[..start].iter().map(|&b| {
            if b == b'\n' {
                '\n'
            } else {
                ' '
            }
        }));
        padded.push_str(&self.text[start..]);
        let result = self.vm.eval_source(&SourceFile::new(SOURCE_NAME, padded));
        self.vm.flush_output();
        match result {
            Ok(value) if self.vm.is_nil(&value) => {}
            Ok(value) => {
                let shown = self.vm.inspect(&value);
                let mut stdout = std::io::stdout().lock();
                let _ = writeln!(stdout, "=> {shown}");
                let _ = stdout.flush();
            }
            // `(exit code)` ends the session, and the process, with its code.
            Err(gene_vm::EvalError::Runtime(error)) if error.exit_code().is_some() => {
                std::process::exit(i32::from(error.exit_code().expect("checked")));
            }
            Err(error) => {
                let source = SourceFile::new(SOURCE_NAME, self.text.clone());
                crate::report_eval_error(&source, &error, self.color);
            }
        }
    }
}

enum Line {
    Text(String),
    /// Ctrl-C: drop the entry being typed.
    Interrupted,
    /// Ctrl-D or the end of piped input.
    Eof,
}

/// Where lines come from: rustyline at a terminal, plain reads from a pipe.
enum Input {
    Editor {
        editor: Box<rustyline::DefaultEditor>,
        history: Option<PathBuf>,
    },
    Piped(std::io::StdinLock<'static>),
}

impl Input {
    fn open() -> Input {
        if std::io::stdin().is_terminal() {
            let config = rustyline::Config::builder()
                .max_history_size(HISTORY_SIZE)
                .and_then(|builder| builder.history_ignore_dups(true))
                .map(|builder| builder.auto_add_history(false).build());
            if let Ok(mut editor) = config.and_then(rustyline::DefaultEditor::with_config) {
                let history = std::env::var_os("HOME")
                    .filter(|home| !home.is_empty())
                    .map(|home| PathBuf::from(home).join(HISTORY_FILE));
                if let Some(path) = &history {
                    // A missing or unreadable history file just means no earlier history.
                    let _ = editor.load_history(path);
                }
                return Input::Editor {
                    editor: Box::new(editor),
                    history,
                };
            }
        }
        Input::Piped(std::io::stdin().lock())
    }

    fn is_interactive(&self) -> bool {
        matches!(self, Input::Editor { .. })
    }

    fn read_line(&mut self, prompt: &str) -> Line {
        match self {
            Input::Editor { editor, .. } => match editor.readline(prompt) {
                Ok(line) => Line::Text(line),
                Err(ReadlineError::Interrupted) => Line::Interrupted,
                Err(ReadlineError::Eof) => Line::Eof,
                Err(error) => {
                    stderr_line!("gene: cannot read input: {error}");
                    Line::Eof
                }
            },
            Input::Piped(stdin) => {
                let mut line = String::new();
                match stdin.read_line(&mut line) {
                    Ok(0) => Line::Eof,
                    Ok(_) => {
                        if line.ends_with('\n') {
                            line.pop();
                            if line.ends_with('\r') {
                                line.pop();
                            }
                        }
                        Line::Text(line)
                    }
                    Err(error) => {
                        stderr_line!("gene: cannot read standard input: {error}");
                        Line::Eof
                    }
                }
            }
        }
    }

    fn add_history(&mut self, entry: &str) {
        if let Input::Editor { editor, .. } = self {
            let _ = editor.add_history_entry(entry);
        }
    }

    /// Saves the history file, ignoring failures (a read-only home must not spoil the exit).
    fn close(&mut self) {
        if let Input::Editor {
            editor,
            history: Some(path),
        } = self
        {
            let _ = editor.save_history(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_incomplete;

    #[test]
    fn open_brackets_strings_and_comments_continue_the_entry() {
        for text in [
            "(do",
            "(a ^k",
            "[1 2\n3",
            "{^a",
            "\"abc",
            "(a \"x",
            "#< note",
            "(a `",
            "(f (g 1)\n  ",
        ] {
            assert!(is_incomplete(text), "{text:?} should continue");
        }
    }

    #[test]
    fn complete_or_hopeless_entries_end_at_once() {
        for text in ["", "1", "(do 1)", "(a))", "(a)) (b", "(a ]", "'a", "(a ^)"] {
            assert!(!is_incomplete(text), "{text:?} should not continue");
        }
    }
}
