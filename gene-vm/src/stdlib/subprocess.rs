//! `system/Process` (spec 14.15): a program started to run beside this one, talked to
//! through its standard input and output. `(system/Process/start "cat")` gives a `Process`
//! with `.write`, `.write_line`, `.close_stdin`, `.read_line`, `.read_stderr`, `.wait`,
//! `.kill`, `.alive?`, `.pid` and `.exit_code`. `start` takes `^cwd` (the child's
//! directory), `^env` (variables added to those it inherits) and `^stderr_to_stdout`.
//!
//! The VM is single-threaded; the child's output is read by two helper threads that only
//! move bytes into channels, so `.read_line ^timeout 5` can wait with a deadline and a child
//! writing much to stderr never blocks on a full pipe. `^timeout` is in seconds; without it
//! a read or wait takes as long as it takes. Timing out raises a `TimeoutException`.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::args;
use super::declare::builtins;
use crate::heap::{Object, Tracer};
use crate::print::{display, Show, Style};
use crate::runtime::errors::ErrorKind;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// A started program.
pub struct Process {
    child: Child,
    pid: u32,
    stdin: Option<ChildStdin>,
    /// Chunks of the child's standard output; closed at its end.
    stdout: Receiver<Vec<u8>>,
    /// Output received and not yet read.
    buffer: Vec<u8>,
    stdout_done: bool,
    /// All the standard error not yet read, filled by its thread.
    stderr: Arc<Mutex<Vec<u8>>>,
    /// That thread, which ends at the end of the child's standard error.
    stderr_reader: Option<std::thread::JoinHandle<()>>,
    exit_code: Option<i64>,
}

impl Object for Process {
    fn trace(&self, _: &mut Tracer) {}

    fn extra_bytes(&self) -> usize {
        self.buffer.capacity()
    }
}

impl Show for Process {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&format!("<Process {}>", self.pid));
    }
}

builtins! {
    /// Writes the text to the process's standard input.
    Process "write" (text: Any) => write;
    /// Writes the text and a newline to the process's standard input.
    Process "write_line" (text: Any) => write_line;
    /// Closes the process's standard input, so it sees the end of its input.
    Process "close_stdin" () => close_stdin;
    /// The next line the process writes, without its line end; nil at the end of its output.
    Process "read_line" (?timeout: Number) ^timeout => read_line;
    /// What the process wrote to standard error and was not yet read.
    Process "read_stderr" () => read_stderr;
    /// Waits for the process to end and gives its exit code.
    Process "wait" (?timeout: Number) ^timeout => wait;
    /// Ends the process at once (SIGKILL); nothing if it has ended.
    Process "kill" () => kill;
    /// Whether the process is still running.
    Process "alive?" () => alive;
    /// The process id.
    Process "pid" () => pid;
    /// The exit code once the process has ended (seen by `.wait` or `.alive?`), else nil.
    Process "exit_code" () => exit_code;
}

mod start {
    use super::super::declare::builtins;
    builtins! {
        /// Starts the program with the arguments (`^cwd`, `^env` map, `^stderr_to_stdout`).
        global "system/Process/start" (program: String, ..args: Any)
            ^cwd ^env ^stderr_to_stdout => super::start;
    }
}

pub(super) fn install(vm: &mut Vm) {
    let class = vm.builtin_classes.by_name["Process"];
    let start = vm.new_builtin_native("system/Process/start", &start::BUILTINS[0]);
    let key = vm.symbols.intern("start");
    class.get_mut(&mut vm.heap).members.insert(key, start);
    vm.define_member_path("gene/system/Process", class.value());
}

/// Moves what `from` gives into the channel, chunk by chunk, until its end.
fn forward(mut from: impl Read + Send + 'static, to: std::sync::mpsc::Sender<Vec<u8>>) {
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n @ 1..) = from.read(&mut chunk) {
            if to.send(chunk[..n].to_vec()).is_err() {
                break;
            }
        }
    });
}

fn start(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let [cwd, env, merge] = args::keywords(
        vm,
        "system/Process/start",
        ["cwd", "env", "stderr_to_stdout"],
    )?;
    let program = args::text(vm, args[0]).to_string();
    let merge = merge.is_some_and(|merge| merge.is_truthy());
    // Merged, the child's stderr is its stdout's pipe (a shell's `2>&1` before it becomes
    // the program), so their order is the child's own.
    let mut command = match merge {
        true => {
            let mut shell = Command::new("sh");
            shell.args(["-c", "exec \"$0\" \"$@\" 2>&1", &program]);
            shell
        }
        false => Command::new(&program),
    };
    for &arg in &args[1..] {
        command.arg(display(vm, arg, Style::Top));
    }
    if let Some(cwd) = cwd.filter(|cwd| !cwd.is_nil()) {
        let Some(dir) = vm.as_str(cwd) else {
            return Err(VmError::type_error(format!(
                "system/Process/start expects ^cwd to be a String, got {}",
                crate::print::type_name(vm, cwd)
            )));
        };
        command.current_dir(dir);
    }
    if let Some(env) = env.filter(|env| !env.is_nil()) {
        let Some(entries) = vm.map_entries(env) else {
            return Err(VmError::type_error(format!(
                "system/Process/start expects ^env to be a Map, got {}",
                crate::print::type_name(vm, env)
            )));
        };
        // Added to (or replacing in) the environment the child inherits.
        for (&key, &value) in entries {
            command.env(vm.symbols.name(key), display(vm, value, Style::Top));
        }
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(match merge {
            true => Stdio::inherit(),
            false => Stdio::piped(),
        })
        .spawn()
        .map_err(|e| super::io::io_error("start", &program, &e))?;
    let (sender, stdout) = std::sync::mpsc::channel();
    forward(child.stdout.take().expect("piped"), sender);
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let mut stderr_reader = None;
    if !merge {
        let err = child.stderr.take().expect("piped");
        let sink = Arc::clone(&stderr);
        stderr_reader = Some(std::thread::spawn(move || {
            let mut err = err;
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = err.read(&mut chunk) {
                match sink.lock() {
                    Ok(mut sink) => sink.extend_from_slice(&chunk[..n]),
                    Err(_) => break,
                }
            }
        }));
    }
    let process = Process {
        pid: child.id(),
        stdin: child.stdin.take(),
        child,
        stdout,
        buffer: Vec::new(),
        stdout_done: false,
        stderr,
        stderr_reader,
        exit_code: None,
    };
    Ok(vm.heap.alloc(process).map_err(out_of_memory)?.value())
}

fn process(vm: &mut Vm, value: Value) -> &mut Process {
    vm.heap
        .downcast::<Process>(value)
        .expect("declared on Process")
        .get_mut(&mut vm.heap)
}

fn io_failure(what: &str, error: std::io::Error) -> VmError {
    VmError::of(ErrorKind::Io, format!("cannot {what}: {error}"))
}

fn send(vm: &mut Vm, args: &[Value], newline: bool) -> Result<Value, VmError> {
    let mut text = display(vm, args[1], Style::Top);
    if newline {
        text.push('\n');
    }
    let process = process(vm, args[0]);
    let Some(stdin) = process.stdin.as_mut() else {
        return Err(VmError::of(
            ErrorKind::Io,
            "cannot write to the process: its stdin is closed",
        ));
    };
    stdin
        .write_all(text.as_bytes())
        .and_then(|()| stdin.flush())
        .map_err(|e| io_failure("write to the process", e))?;
    Ok(Value::NIL)
}

fn write(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    send(vm, args, false)
}

fn write_line(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    send(vm, args, true)
}

fn close_stdin(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    process(vm, args[0]).stdin = None;
    Ok(Value::NIL)
}

/// The timeout of `method`, given positionally or as `^timeout` (seconds); `None`: none.
fn timeout(vm: &mut Vm, method: &str, args: &[Value]) -> Result<Option<Duration>, VmError> {
    let [keyword] = args::keywords(vm, method, ["timeout"])?;
    let Some(seconds) = keyword.or(args.get(1).copied()) else {
        return Ok(None);
    };
    if seconds.is_nil() {
        return Ok(None);
    }
    if !seconds.is_float() && vm.as_int(seconds).is_none() {
        return Err(VmError::type_error(format!(
            "{method} expects ^timeout to be a number of seconds, got {}",
            crate::print::type_name(vm, seconds)
        )));
    }
    let seconds = args::number(vm, seconds);
    if seconds.is_nan() || seconds < 0.0 {
        return Err(VmError::argument_error(format!(
            "{method} expects a timeout of 0 seconds or more, got {seconds}"
        )));
    }
    Ok(Some(
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX),
    ))
}

fn timed_out(vm: &mut Vm, what: &str, timeout: Duration) -> VmError {
    let class = vm.builtin_classes.by_name["TimeoutException"];
    let message = format!("{what} timed out after {}s", timeout.as_secs_f64());
    let exception = vm.new_exception_of(class, &message, Value::NIL);
    vm.thrown(exception)
}

fn read_line(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let limit = timeout(vm, "Process.read_line", args)?;
    let deadline = limit.and_then(|t| Instant::now().checked_add(t));
    let line = loop {
        let process = process(vm, args[0]);
        if let Some(end) = process.buffer.iter().position(|&b| b == b'\n') {
            let mut line: Vec<u8> = process.buffer.drain(..=end).collect();
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            break Some(line);
        }
        if process.stdout_done {
            break (!process.buffer.is_empty()).then(|| std::mem::take(&mut process.buffer));
        }
        let received = match deadline {
            Some(deadline) => process
                .stdout
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => process
                .stdout
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(chunk) => process.buffer.extend_from_slice(&chunk),
            Err(RecvTimeoutError::Disconnected) => process.stdout_done = true,
            Err(RecvTimeoutError::Timeout) => {
                let limit = limit.expect("a deadline has a timeout");
                return Err(timed_out(vm, "Process.read_line", limit));
            }
        }
    };
    match line {
        Some(line) => vm.string(String::from_utf8_lossy(&line)),
        None => Ok(Value::NIL),
    }
}

/// How long reading the standard error of a process that has ended waits for the rest of
/// it: the pipe may still hold what the child wrote last, but a grandchild may keep it open.
const STDERR_DRAIN: Duration = Duration::from_millis(500);

fn read_stderr(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let process = process(vm, args[0]);
    if poll(process)?.is_some() {
        let started = Instant::now();
        while process
            .stderr_reader
            .as_ref()
            .is_some_and(|reader| !reader.is_finished())
            && started.elapsed() < STDERR_DRAIN
        {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let bytes = match process.stderr.lock() {
        Ok(mut stderr) => std::mem::take(&mut *stderr),
        Err(_) => Vec::new(),
    };
    vm.string(String::from_utf8_lossy(&bytes))
}

/// Records the exit code if the process has ended.
fn poll(process: &mut Process) -> Result<Option<i64>, VmError> {
    if process.exit_code.is_none() {
        if let Some(status) = process
            .child
            .try_wait()
            .map_err(|e| io_failure("wait for the process", e))?
        {
            process.exit_code = Some(super::system::exit_code(status));
        }
    }
    Ok(process.exit_code)
}

fn wait(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let limit = timeout(vm, "Process.wait", args)?;
    let started = Instant::now();
    let process = process(vm, args[0]);
    let code = loop {
        if let Some(code) = poll(process)? {
            break code;
        }
        if limit.is_some_and(|limit| started.elapsed() >= limit) {
            let limit = limit.expect("checked");
            return Err(timed_out(vm, "Process.wait", limit));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    vm.int(code)
}

fn kill(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let process = process(vm, args[0]);
    if poll(process)?.is_none() {
        // It may end between the look and the signal; that is not an error.
        let _ = process.child.kill();
        let status = process
            .child
            .wait()
            .map_err(|e| io_failure("wait for the process", e))?;
        process.exit_code = Some(super::system::exit_code(status));
    }
    Ok(Value::NIL)
}

fn alive(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(poll(process(vm, args[0]))?.is_none()))
}

fn pid(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let pid = process(vm, args[0]).pid;
    vm.int(i64::from(pid))
}

fn exit_code(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match process(vm, args[0]).exit_code {
        Some(code) => vm.int(code),
        None => Ok(Value::NIL),
    }
}
