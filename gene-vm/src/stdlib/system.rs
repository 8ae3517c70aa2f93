//! The system (spec 14.15) and the environment (14.6): `exit`, the current directory
//! (`cwd`, `cd`), running programs (`system/exec`, `system/shell`; `system/Process` is in
//! `subprocess.rs`), what the program runs on (`system/os`, `system/arch`, `system/args`),
//! and the environment variables (`get_env`, `set_env`, `has_env`, `unset_env`).
//!
//! The `system/…` members are `gene/system/…` members too; the `system` namespace is made
//! when code first names it, from the library's `gene/system/` paths.

use std::process::{Command, Stdio};

use super::args;
use super::declare::builtins;
use crate::print::{display, Style};
use crate::runtime::errors::ErrorKind;
use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// Ends the program with the exit code (0 by default), after writing out what it printed.
    global "exit" | "gene/system/exit" (?code: Int) => exit;
    /// The current directory.
    global "cwd" | "gene/system/cwd" () => cwd;
    /// Makes the path the current directory.
    global "cd" | "gene/system/cd" (path: String) => cd;
    /// Runs the program with the arguments and gives its standard output; failing is an error.
    global "gene/system/exec" (program: String, ..args: Any) => exec;
    /// Runs the command line with `sh -c`; gives `{^output ^exit_code}`, stderr in the output.
    global "gene/system/shell" (command: String) => shell;
    /// The operating system: linux, macos, windows, freebsd, ….
    global "gene/system/os" () => os;
    /// The processor architecture: amd64, arm64, i386, arm, ….
    global "gene/system/arch" () => arch;
    /// The program's command-line arguments, as `$args`.
    global "gene/system/args" () => program_args;
    /// The environment variable's value, or the default (nil) when it is not set.
    global "get_env" | "gene/get_env" (name: String, ?default: Any) => get_env;
    /// Sets the environment variable (a value not a string is set as it prints).
    global "set_env" | "gene/set_env" (name: String, value: Any) => set_env;
    /// Whether the environment variable is set.
    global "has_env" | "gene/has_env" (name: String) => has_env;
    /// Removes the environment variable.
    global "unset_env" | "gene/unset_env" (name: String) => unset_env;
}

fn exit(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let code = args.first().map_or(0, |&code| args::int(vm, code));
    let Ok(code) = u8::try_from(code) else {
        return Err(VmError::argument_error(format!(
            "exit code must be from 0 to 255, got {code}"
        )));
    };
    vm.flush_output();
    Err(VmError::exit(code))
}

fn cwd(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    let dir = std::env::current_dir().map_err(|e| {
        VmError::of(
            ErrorKind::Io,
            format!("cannot read the current directory: {e}"),
        )
    })?;
    vm.string(dir.display().to_string())
}

fn cd(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    std::env::set_current_dir(path).map_err(|e| super::io::io_error("cd to", path, &e))?;
    // `$cwd`, once made, follows (in the main program and code compiled after this).
    if vm.builtins.get(&vm.heap).get("$cwd").is_some() {
        let now = cwd(vm, &[])?;
        vm.set_global_value("$cwd", now);
    }
    Ok(Value::NIL)
}

/// The arguments of a program to run: strings as they are, other values as they print.
fn program_arguments(vm: &Vm, args: &[Value]) -> Vec<String> {
    args.iter()
        .map(|&arg| display(vm, arg, Style::Top))
        .collect()
}

fn exec(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let program = args::text(vm, args[0]).to_string();
    vm.flush_output();
    let output = Command::new(&program)
        .args(program_arguments(vm, &args[1..]))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| super::io::io_error("run", &program, &e))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(VmError::new(format!(
            "{program} failed with exit code {}: {}",
            exit_code(output.status),
            stderr.trim_end()
        )));
    }
    vm.string(stdout)
}

/// A finished program's exit code; one a signal ended is 128 plus the signal, as shells say.
pub(super) fn exit_code(status: std::process::ExitStatus) -> i64 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + i64::from(signal);
        }
    }
    status.code().map_or(-1, i64::from)
}

fn shell(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let command = args::text(vm, args[0]).to_string();
    vm.flush_output();
    // `exec 2>&1` first: the command's standard error joins its output, in order.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| super::io::io_error("run", "sh", &e))?;
    let text = vm.string(String::from_utf8_lossy(&output.stdout))?;
    let code = vm.int(exit_code(output.status))?;
    let mut map = crate::heap::PropMap::default();
    map.insert(vm.symbols.intern("output"), text);
    map.insert(vm.symbols.intern("exit_code"), code);
    vm.new_map(map)
}

fn os(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    vm.string(std::env::consts::OS)
}

fn arch(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    // The reference's names (Nim's), not Rust's.
    let name = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "i386",
        other => other,
    };
    vm.string(name)
}

fn program_args(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    let args = vm.global_value("$args").unwrap_or(Value::NIL);
    let items = vm
        .array_items(args)
        .map(|items| items.to_vec())
        .unwrap_or_default();
    vm.new_array(items)
}

/// An environment variable's name, which the system cannot take if empty or holding `=`
/// or NUL.
fn env_name(vm: &Vm, value: Value) -> Result<&str, VmError> {
    let name = args::text(vm, value);
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(VmError::argument_error(format!(
            "not an environment variable name: {name:?}"
        )));
    }
    Ok(name)
}

fn get_env(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = env_name(vm, args[0])?;
    match std::env::var(name) {
        Ok(value) => vm.string(value),
        Err(_) => Ok(args.get(1).copied().unwrap_or(Value::NIL)),
    }
}

fn has_env(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = env_name(vm, args[0])?;
    Ok(Value::bool(std::env::var_os(name).is_some()))
}

fn set_env(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = env_name(vm, args[0])?.to_string();
    let value = match vm.as_str(args[1]) {
        Some(text) => text.to_string(),
        None => display(vm, args[1], Style::Top),
    };
    if value.contains('\0') {
        return Err(VmError::argument_error(format!(
            "an environment variable's value cannot hold NUL: {name}"
        )));
    }
    std::env::set_var(&name, &value);
    let value = vm.string(value)?;
    vm.update_env(&name, Some(value));
    Ok(Value::NIL)
}

fn unset_env(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = env_name(vm, args[0])?.to_string();
    std::env::remove_var(&name);
    vm.update_env(&name, None);
    Ok(Value::NIL)
}

/// Makes `system`: the library's `gene/system/…` members.
pub(super) fn make_system(vm: &mut Vm) -> Result<Value, VmError> {
    let name = vm.symbols.intern("system");
    let system = vm
        .heap
        .alloc(Namespace {
            name,
            members: Default::default(),
        })
        .map_err(out_of_memory)?;
    let paths: Vec<(&'static str, Value)> = vm.stdlib_paths.clone();
    for (path, value) in paths {
        if let Some(rest) = path.strip_prefix("gene/system/") {
            vm.put_member_path(system, rest, value);
        }
    }
    Ok(system.value())
}
