//! Files, standard input and output (spec 14.1): `gene/io/read`, `write`, `append`,
//! `read_lines` and their `_async` forms; standard error (`eprint`, `eprintln`); standard
//! input (`readline`); and the three streams as values, `$stdin`, `$stdout` and `$stderr`
//! (also `stdin`, `stdout`, `stderr`, the reference's names), of class `IOHandle`.
//!
//! What Gene prints goes through the VM's output, which the CLI buffers; anything that
//! another reader could see interleaved with it — writing to standard error, reading
//! standard input (a prompt must show first), ending the program — flushes it first, so the
//! order is the order a terminal would show.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::sync::Mutex;

use super::args;
use super::declare::builtins;
use crate::heap::{Gc, Object, Tracer};
use crate::print::{display, Show, Style};
use crate::runtime::errors::ErrorKind;
use crate::runtime::event_loop;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// Which standard stream an `IOHandle` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Stdin,
    Stdout,
    Stderr,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Stdin => "stdin",
            Which::Stdout => "stdout",
            Which::Stderr => "stderr",
        }
    }
}

/// A standard stream as a value.
pub struct Stream {
    pub which: Which,
}

impl Object for Stream {
    fn trace(&self, _: &mut Tracer) {}
}

impl Show for Stream {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str("<IOHandle ");
        out.push_str(self.which.name());
        out.push('>');
    }
}

builtins! {
    /// The text of the file at the path.
    global "gene/io/read" (path: String) => read;
    /// Writes the text to the file at the path, replacing what it held.
    global "gene/io/write" (path: String, text: String) => write;
    /// Adds the text to the end of the file at the path, making the file if needed.
    global "gene/io/append" (path: String, text: String) => append;
    /// The lines of the file at the path, without their line ends.
    global "gene/io/read_lines" (path: String) => read_lines;
    /// A future of the text of the file at the path.
    global "gene/io/read_async" (path: String) => read_async;
    /// A future completed with nil once the text is written to the file at the path.
    global "gene/io/write_async" (path: String, text: String) => write_async;
    /// Writes the values to standard error as `print` does.
    global "eprint" | "gene/eprint" (..values: Any) => eprint;
    /// Writes the values to standard error as `println` does.
    global "eprintln" | "gene/eprintln" (..values: Any) => eprintln;
    /// Writes out what was printed and not yet shown (to standard output, or the stream).
    global "flush" | "gene/flush" (?stream: Any) => flush;
    /// The next line of standard input without its line end; nil at the end of input.
    global "readline" | "gene/readline" () => readline;
    /// Writes the values as `print` does.
    Stream "print" | "write" (..values: Any) => stream_print;
    /// Writes the values as `println` does.
    Stream "println" | "write_line" (..values: Any) => stream_println;
    /// Writes out what was written and not yet shown.
    Stream "flush" () => stream_flush;
    /// The next line without its line end; nil at the end of input.
    Stream "read_line" () => stream_read_line;
    /// All the rest of the input.
    Stream "read_all" | "read" () => stream_read_all;
    /// An iterator over the rest of the input's lines, read as they are asked for.
    Stream "lines" () => stream_lines;
    /// Whether the stream is a terminal.
    Stream "isatty?" | "tty?" () => stream_isatty;
}

pub(super) fn install(vm: &mut Vm) {
    for (which, names) in [
        (Which::Stdin, ["$stdin", "stdin"]),
        (Which::Stdout, ["$stdout", "stdout"]),
        (Which::Stderr, ["$stderr", "stderr"]),
    ] {
        let stream = vm
            .heap
            .alloc(Stream { which })
            .expect("an empty heap has room")
            .value();
        for name in names {
            vm.set_global_value(name, stream);
        }
    }
}

/// The error for a failed file operation: what was done, the path and the system's reason
/// (`cannot read x.txt: No such file or directory`), as the async reads and writes say it.
pub(super) fn io_error(what: &str, path: &str, error: &std::io::Error) -> VmError {
    let reason = error.to_string();
    // Rust's `(os error N)` suffix says nothing more to a Gene user.
    let reason = match reason.find(" (os error") {
        Some(at) => &reason[..at],
        None => &reason,
    };
    VmError::of(ErrorKind::Io, format!("cannot {what} {path}: {reason}"))
}

fn read(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| io_error("read", &path, &e))?;
    vm.string(text)
}

fn write(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    std::fs::write(path, args::text(vm, args[1])).map_err(|e| io_error("write", path, &e))?;
    Ok(Value::NIL)
}

fn append(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(args::text(vm, args[1]).as_bytes()))
        .map_err(|e| io_error("append to", path, &e))?;
    Ok(Value::NIL)
}

fn read_lines(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| io_error("read", &path, &e))?;
    let mut lines = Vec::new();
    for line in text.lines() {
        lines.push(vm.string(line)?);
    }
    vm.new_array(lines)
}

fn read_async(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    vm.future_of_task(event_loop::read_file(path))
}

fn write_async(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]).to_string();
    let text = args::text(vm, args[1]).to_string();
    vm.future_of_task(event_loop::write_file(path, text))
}

fn joined(vm: &Vm, values: &[Value]) -> String {
    values
        .iter()
        .map(|&value| display(vm, value, Style::Top))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Vm {
    /// Writes `text` to standard error, after what was printed before it.
    pub(crate) fn write_error_output(&mut self, text: &str) -> Result<(), VmError> {
        self.flush_output();
        let mut stderr = std::io::stderr().lock();
        stderr
            .write_all(text.as_bytes())
            .and_then(|()| stderr.flush())
            .map_err(|e| VmError::of(ErrorKind::Io, format!("cannot write to stderr: {e}")))
    }

    /// Writes `text` to `which` (an output stream).
    fn write_stream(&mut self, which: Which, text: &str) -> Result<(), VmError> {
        match which {
            Which::Stdout => self.write_output(text),
            Which::Stderr => self.write_error_output(text),
            Which::Stdin => Err(VmError::of(ErrorKind::Io, "stdin is not writable")),
        }
    }
}

fn eprint(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = joined(vm, args);
    vm.write_error_output(&text)?;
    Ok(Value::NIL)
}

fn eprintln(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut text = joined(vm, args);
    text.push('\n');
    vm.write_error_output(&text)?;
    Ok(Value::NIL)
}

fn stream_of(vm: &Vm, value: Value) -> Option<Which> {
    vm.heap
        .downcast::<Stream>(value)
        .map(|stream| stream.get(&vm.heap).which)
}

fn flush(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match args.first() {
        None => vm.flush_output(),
        Some(&stream) => match stream_of(vm, stream) {
            Some(_) => vm.flush_output(),
            None => {
                return Err(VmError::type_error(format!(
                    "flush expects an IOHandle, got {}",
                    crate::print::type_name(vm, stream)
                )))
            }
        },
    }
    Ok(Value::NIL)
}

/// A line read ahead of its turn (by `has_next` on a lines iterator), which the next read
/// takes first. Standard input is one per process, so its look-ahead is too.
static STDIN_PEEKED: Mutex<Option<String>> = Mutex::new(None);

fn stdin_error(error: std::io::Error) -> VmError {
    VmError::of(ErrorKind::Io, format!("cannot read stdin: {error}"))
}

impl Vm {
    /// The next line of standard input without its line end (`\n` or `\r\n`); `None` at
    /// the end of input. What was printed is shown first, so a prompt comes before the wait.
    pub(crate) fn read_stdin_line(&mut self) -> Result<Option<String>, VmError> {
        if let Some(line) = STDIN_PEEKED.lock().map_or(None, |mut p| p.take()) {
            return Ok(Some(line));
        }
        self.flush_output();
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(stdin_error)?;
        if read == 0 {
            return Ok(None);
        }
        if line.ends_with('\n') {
            line.pop();
            if line.ends_with('\r') {
                line.pop();
            }
        }
        Ok(Some(line))
    }

    /// Whether standard input has another line, reading it ahead if need be.
    pub(crate) fn stdin_has_line(&mut self) -> Result<bool, VmError> {
        let line = self.read_stdin_line()?;
        let more = line.is_some();
        if let Ok(mut peeked) = STDIN_PEEKED.lock() {
            *peeked = line;
        }
        Ok(more)
    }

    /// The next line of the stream `stream` as a value: a string, or nil at the end.
    pub(crate) fn stream_line(&mut self, stream: Value) -> Result<Option<Value>, VmError> {
        match stream_of(self, stream) {
            Some(Which::Stdin) => match self.read_stdin_line()? {
                Some(line) => Ok(Some(self.string(line)?)),
                None => Ok(None),
            },
            Some(which) => Err(VmError::of(
                ErrorKind::Io,
                format!("{} is not readable", which.name()),
            )),
            None => Err(VmError::type_error("not an IOHandle")),
        }
    }
}

fn readline(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    match vm.read_stdin_line()? {
        Some(line) => vm.string(line),
        None => Ok(Value::NIL),
    }
}

fn which(vm: &Vm, value: Value) -> Which {
    stream_of(vm, value).expect("declared on IOHandle")
}

fn stream_print(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = joined(vm, &args[1..]);
    vm.write_stream(which(vm, args[0]), &text)?;
    Ok(Value::NIL)
}

fn stream_println(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut text = joined(vm, &args[1..]);
    text.push('\n');
    vm.write_stream(which(vm, args[0]), &text)?;
    Ok(Value::NIL)
}

fn stream_flush(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    // Standard error is written through at once; only standard output is buffered.
    vm.flush_output();
    Ok(Value::NIL)
}

fn stream_read_line(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(vm.stream_line(args[0])?.unwrap_or(Value::NIL))
}

fn readable(vm: &Vm, value: Value) -> Result<(), VmError> {
    match which(vm, value) {
        Which::Stdin => Ok(()),
        other => Err(VmError::of(
            ErrorKind::Io,
            format!("{} is not readable", other.name()),
        )),
    }
}

fn stream_read_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    readable(vm, args[0])?;
    vm.flush_output();
    let mut text = STDIN_PEEKED
        .lock()
        .map_or(None, |mut p| p.take())
        .map(|line| line + "\n")
        .unwrap_or_default();
    std::io::stdin()
        .lock()
        .read_to_string(&mut text)
        .map_err(stdin_error)?;
    vm.string(text)
}

fn stream_lines(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    readable(vm, args[0])?;
    let iterator = super::iterator::Iterator {
        source: args[0],
        cursor: 0,
    };
    let iterator: Gc<super::iterator::Iterator> = vm.heap.alloc(iterator).map_err(out_of_memory)?;
    Ok(iterator.value())
}

fn stream_isatty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(match which(vm, args[0]) {
        Which::Stdin => std::io::stdin().is_terminal(),
        Which::Stdout => std::io::stdout().is_terminal(),
        Which::Stderr => std::io::stderr().is_terminal(),
    }))
}
