//! The file system beyond reading and writing files (`io.rs`): existence and metadata,
//! directories, moving and copying, and paths — `gene/fs/…`. The reference has little of
//! this (its `File/exists`, `Dir/list`, `io/path_join`); the names here are in
//! `docs/decisions.md`. Every failure is an `IOError` naming the path and the system's reason.

use std::path::Path;
use std::time::UNIX_EPOCH;

use super::args;
use super::declare::builtins;
use super::io::io_error;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Whether something (a file, a directory, …) is at the path.
    global "gene/fs/exists?" | "gene/fs/exists" (path: String) => exists;
    /// Whether the path is a file (following links).
    global "gene/fs/file?" (path: String) => is_file;
    /// Whether the path is a directory (following links).
    global "gene/fs/dir?" (path: String) => is_dir;
    /// The size of the file in bytes.
    global "gene/fs/size" (path: String) => size;
    /// When the file was last changed, in seconds since 1970 (a Float).
    global "gene/fs/modified" (path: String) => modified;
    /// The names in the directory, sorted, without `.` and `..`.
    global "gene/fs/list" (path: String) => list;
    /// Makes the directory and any parents it lacks; nothing if it exists.
    global "gene/fs/mkdir" (path: String) => mkdir;
    /// Removes the file (or empty directory).
    global "gene/fs/remove" (path: String) => remove;
    /// Removes the directory and everything in it.
    global "gene/fs/remove_dir" (path: String) => remove_dir;
    /// Moves (renames) the file or directory.
    global "gene/fs/rename" | "gene/fs/move" (from: String, to: String) => rename;
    /// Copies the file; gives the number of bytes copied.
    global "gene/fs/copy" (from: String, to: String) => copy;
    /// The parts joined into one path (a part that is absolute starts afresh).
    global "gene/fs/join" (part: String, ..more: String) => join;
    /// The last part of the path (`c.txt` of `a/b/c.txt`); "" if none.
    global "gene/fs/basename" (path: String) => basename;
    /// The path without its last part (`a/b` of `a/b/c.txt`); "" if none.
    global "gene/fs/dirname" (path: String) => dirname;
    /// The extension with its dot (`.txt` of `a/b/c.txt`); "" if none.
    global "gene/fs/extension" (path: String) => extension;
    /// The path made absolute from the current directory (not resolving links).
    global "gene/fs/absolute" (path: String) => absolute;
}

fn exists(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = Path::new(args::text(vm, args[0]));
    Ok(Value::bool(path.symlink_metadata().is_ok()))
}

fn is_file(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(Path::new(args::text(vm, args[0])).is_file()))
}

fn is_dir(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(Path::new(args::text(vm, args[0])).is_dir()))
}

fn metadata(vm: &Vm, value: Value) -> Result<std::fs::Metadata, VmError> {
    let path = args::text(vm, value);
    std::fs::metadata(path).map_err(|e| io_error("read the metadata of", path, &e))
}

fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let size = metadata(vm, args[0])?.len();
    vm.int(i64::try_from(size).unwrap_or(i64::MAX))
}

fn modified(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    let time = metadata(vm, args[0])?
        .modified()
        .map_err(|e| io_error("read the modification time of", path, &e))?;
    let seconds = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    };
    Ok(Value::float(seconds))
}

fn list(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io_error("list", path, &e))? {
        let entry = entry.map_err(|e| io_error("list", path, &e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    let mut items = Vec::with_capacity(names.len());
    for name in names {
        items.push(vm.string(name)?);
    }
    vm.new_array(items)
}

fn mkdir(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    std::fs::create_dir_all(path).map_err(|e| io_error("make the directory", path, &e))?;
    Ok(Value::NIL)
}

fn remove(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    let result = match Path::new(path).is_dir() {
        true => std::fs::remove_dir(path),
        false => std::fs::remove_file(path),
    };
    result.map_err(|e| io_error("remove", path, &e))?;
    Ok(Value::NIL)
}

fn remove_dir(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    std::fs::remove_dir_all(path).map_err(|e| io_error("remove the directory", path, &e))?;
    Ok(Value::NIL)
}

fn rename(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (from, to) = (args::text(vm, args[0]), args::text(vm, args[1]));
    std::fs::rename(from, to).map_err(|e| io_error(&format!("move {from} to"), to, &e))?;
    Ok(Value::NIL)
}

fn copy(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (from, to) = (args::text(vm, args[0]), args::text(vm, args[1]));
    let bytes =
        std::fs::copy(from, to).map_err(|e| io_error(&format!("copy {from} to"), to, &e))?;
    vm.int(i64::try_from(bytes).unwrap_or(i64::MAX))
}

fn join(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut path = std::path::PathBuf::new();
    for &part in args {
        path.push(args::text(vm, part));
    }
    vm.string(path.to_string_lossy())
}

fn part(vm: &mut Vm, text: Option<&std::ffi::OsStr>) -> Result<Value, VmError> {
    vm.string(
        text.map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

fn basename(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = Path::new(args::text(vm, args[0]))
        .file_name()
        .map(ToOwned::to_owned);
    part(vm, name.as_deref())
}

fn dirname(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let parent = Path::new(args::text(vm, args[0]))
        .parent()
        .map(|p| p.as_os_str().to_owned());
    part(vm, parent.as_deref())
}

fn extension(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let extension = Path::new(args::text(vm, args[0]))
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()));
    vm.string(extension.unwrap_or_default())
}

fn absolute(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let path = args::text(vm, args[0]);
    let absolute = std::path::absolute(path).map_err(|e| io_error("make absolute", path, &e))?;
    vm.string(absolute.to_string_lossy())
}
