//! `gene repl`: read an entry, evaluate it in one long-lived VM, print its value, repeat.
//!
//! At a terminal the lines are edited with rustyline (history in memory and in
//! `~/.gene_history`, written entry by entry); from a pipe they are read plainly, without prompts, so a session can be
//! scripted: `printf '(var x 2)\n(x + 3)\n' | gene repl` prints `=> 2` and `=> 5`.

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::rc::Rc;

use crate::completion::{GeneHelper, Names};

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
Tab completes the names defined so far, the special forms, and method names after a `.`.

  :help           show this help
  :doc NAME       the built-ins named NAME: who has them, signature, summary
                  (`:doc split`, `:doc String.split`, `:doc println`)
  :time EXPR      evaluate EXPR and print how long it took
  :disasm EXPR    print the bytecode EXPR compiles to
  :load FILE      run FILE in this session (its definitions stay)
  :quit           leave (so does Ctrl-D)

Ctrl-C clears the entry being typed, and stops code that is running (the session and its
definitions stay); a second Ctrl-C before the code stops ends the session.
";

/// Runs the session until end of input or `:quit`; Gene errors never end it, so it exits 0.
pub fn run(max_call_depth: usize, heap_limit: usize, contracts: bool, color: Color) -> u8 {
    let mut session = Session::new(max_call_depth, heap_limit, color);
    session.vm.set_contracts(contracts);
    crate::interrupt::route_ctrl_c(session.vm.interrupt_handle());
    let names = Rc::new(RefCell::new(Names::default()));
    names.borrow_mut().refresh(&session.vm);
    let mut input = Input::open(Rc::clone(&names));
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
                "" => continue,
                command if command.starts_with(':') => {
                    input.add_history(command);
                    session.command(command);
                    names.borrow_mut().refresh(&session.vm);
                    continue;
                }
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
        names.borrow_mut().refresh(&session.vm);
        entry.clear();
    }
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
        crate::report_warnings(&mut vm, color);
        Session {
            vm,
            color,
            text: String::new(),
        }
    }

    /// Runs a `:command` line (see `HELP`).
    fn command(&mut self, line: &str) {
        let (command, argument) = match line.split_once(char::is_whitespace) {
            Some((command, argument)) => (command, argument.trim()),
            None => (line, ""),
        };
        let mut stdout = std::io::stdout().lock();
        match (command, argument) {
            (":help", _) => {
                let _ = stdout.write_all(HELP.as_bytes());
            }
            (":doc", name) if !name.is_empty() => {
                let lines = doc_lines(&self.vm, name);
                if lines.is_empty() {
                    let _ = writeln!(stdout, "no built-in is named `{name}`");
                }
                for line in lines {
                    let _ = writeln!(stdout, "{line}");
                }
            }
            (":time", code) if !code.is_empty() => {
                drop(stdout);
                let started = std::time::Instant::now();
                self.eval(code);
                println!("({:.3} ms)", started.elapsed().as_secs_f64() * 1e3);
            }
            (":disasm", code) if !code.is_empty() => {
                if let Ok(text) =
                    crate::disassemble(&SourceFile::new(SOURCE_NAME, code), self.color)
                {
                    let _ = stdout.write_all(text.as_bytes());
                }
            }
            (":load", path) if !path.is_empty() => {
                drop(stdout);
                self.load(path);
            }
            (":doc" | ":time" | ":disasm" | ":load", _) => {
                let _ = writeln!(stdout, "{command} needs an argument (see :help)");
            }
            _ => {
                let _ = writeln!(stdout, "unknown command {command} (see :help)");
            }
        }
        let _ = std::io::stdout().flush();
    }

    /// `:load FILE`: runs the file's code in the session as if it had been typed, so what
    /// it defines reports its errors with its text later too. An error while it loads is
    /// reported at the file's own lines, under its name.
    fn load(&mut self, path: &str) {
        let file = match crate::source_input::load_source(path) {
            Ok(source) => source,
            Err(
                crate::source_input::InputError::Unreadable(message)
                | crate::source_input::InputError::NotUtf8(message),
            ) => {
                stderr_line!("{message}");
                return;
            }
        };
        let start = self.text.len();
        let (result, session) = self.run_entry(file.text());
        let exits =
            matches!(&result, Err(gene_vm::EvalError::Runtime(e)) if e.exit_code().is_some());
        match result {
            Err(error) if !exits => {
                let _ = match in_file(error, start, file.text().len()) {
                    Ok(error) => crate::report_eval_error(&file, &error, self.color),
                    Err(error) => crate::report_eval_error(&session, &error, self.color),
                };
            }
            result => self.show(result, &session),
        }
    }

    /// Evaluates one entry: prints its value unless it is nil, or reports its error.
    fn eval(&mut self, entry: &str) {
        let (result, source) = self.run_entry(entry);
        self.show(result, &source);
    }

    /// Runs one entry, which joins the session's text: its result and the text so far.
    fn run_entry(
        &mut self,
        entry: &str,
    ) -> (Result<gene_vm::Handle, gene_vm::EvalError>, SourceFile) {
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
        // A Ctrl-C typed while no code ran is not meant for this entry.
        self.vm.interrupt_handle().clear();
        let result = self.vm.eval_source(&SourceFile::new(SOURCE_NAME, padded));
        self.vm.flush_output();
        (result, SourceFile::new(SOURCE_NAME, self.text.clone()))
    }

    /// Prints a value unless it is nil, or reports an error in `source`.
    fn show(&mut self, result: Result<gene_vm::Handle, gene_vm::EvalError>, source: &SourceFile) {
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
                crate::report_eval_error(source, &error, self.color);
            }
        }
    }
}

/// `error` with its places moved from the session's text to a file's that starts at byte
/// `start` and is `len` bytes long, if every place is in it (else `error` as it was: a
/// function of an earlier entry failed, which only the session's text shows).
fn in_file(
    error: gene_vm::EvalError,
    start: usize,
    len: usize,
) -> Result<gene_vm::EvalError, gene_vm::EvalError> {
    use gene_syntax::Span;
    let (start, end) = (start as u32, (start + len) as u32);
    let inside = |span: &Span| span.start >= start && span.end <= end;
    let moved = |span: Span| Span {
        start: span.start - start,
        end: span.end - start,
    };
    match error {
        gene_vm::EvalError::Read(errors)
            if errors
                .iter()
                .all(|e| inside(&e.span) && e.related.iter().all(|(span, _)| inside(span))) =>
        {
            let errors = errors
                .into_iter()
                .map(|mut e| {
                    e.span = moved(e.span);
                    for (span, _) in &mut e.related {
                        *span = moved(*span);
                    }
                    e
                })
                .collect();
            Ok(gene_vm::EvalError::Read(errors))
        }
        gene_vm::EvalError::Runtime(mut error)
            if error
                .trace
                .iter()
                .all(|entry| entry.file.is_some() || inside(&entry.span)) =>
        {
            for entry in error.trace.iter_mut().filter(|entry| entry.file.is_none()) {
                entry.span = moved(entry.span);
            }
            Ok(gene_vm::EvalError::Runtime(error))
        }
        other => Err(other),
    }
}

/// `:doc`'s lines for `name`: a built-in's name (`split`, `.split`), or `Owner.name` for
/// one owner's (`String.split`).
fn doc_lines(vm: &gene_vm::Vm, name: &str) -> Vec<String> {
    let name = name.strip_prefix('.').unwrap_or(name);
    match name.rsplit_once('.') {
        Some((owner, method)) if !owner.is_empty() && !method.is_empty() => vm
            .builtin_doc(method)
            .into_iter()
            .filter(|line| line.starts_with(&format!("{owner}.")))
            .collect(),
        _ => vm.builtin_doc(name),
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
        editor: Box<rustyline::Editor<GeneHelper, rustyline::history::FileHistory>>,
        history: Option<PathBuf>,
    },
    Piped(std::io::StdinLock<'static>),
}

impl Input {
    fn open(names: Rc<RefCell<Names>>) -> Input {
        if std::io::stdin().is_terminal() {
            let config = rustyline::Config::builder()
                .max_history_size(HISTORY_SIZE)
                .and_then(|builder| builder.history_ignore_dups(true))
                .map(|builder| builder.auto_add_history(false).build());
            if let Ok(mut editor) = config.and_then(rustyline::Editor::with_config) {
                editor.set_helper(Some(GeneHelper { names }));
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

    /// Remembers `entry`, and writes it to the history file at once, so a session that
    /// ends badly (a killed terminal) keeps what was typed; failures are ignored (a
    /// read-only home must not spoil the session).
    fn add_history(&mut self, entry: &str) {
        if let Input::Editor { editor, history } = self {
            if matches!(editor.add_history_entry(entry), Ok(true)) {
                if let Some(path) = history {
                    let _ = editor.append_history(path);
                }
            }
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
