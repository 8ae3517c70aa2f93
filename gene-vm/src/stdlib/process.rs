//! The process globals of spec 8.5: `$env` (the environment variables, a read-only map),
//! `$cwd` (the current directory) and `$program` (the main program's path, nil for code
//! from no file). `$args` is set by `Vm::set_program_args`, `$ex` is a `catch` local, and
//! `$app` is left out: there is no application object to give.
//!
//! All are taken once: `$program` when the host names the program, `$env` and `$cwd` when
//! code first names them (so making a VM asks the system nothing). `set_env`, `unset_env`
//! and `cd` (`system.rs`) bring them up to date, so they stay exact.

use crate::heap::PropMap;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.set_global_value("$program", Value::NIL);
}

/// Makes `$cwd`: the current directory, as text.
pub(super) fn make_cwd(vm: &mut Vm) -> Result<Value, VmError> {
    let cwd = std::env::current_dir()
        .map(|dir| dir.display().to_string())
        .unwrap_or_default();
    vm.string(cwd)
}

/// Makes `$env`: a frozen map with a string per variable. Every collection would mark
/// them, so it is made only when code first names it. Programs cannot change it, but
/// `set_env` and `unset_env` do (`Vm::update_env`).
pub(super) fn make_env(vm: &mut Vm) -> Result<Value, VmError> {
    let mut env = PropMap::default();
    for (key, value) in std::env::vars_os() {
        // A variable whose name or value is not text cannot be a Gene key or string.
        let (Some(key), Some(value)) = (key.to_str(), value.to_str()) else {
            continue;
        };
        let key = vm.symbols.intern(key);
        let value = vm.string(value)?;
        env.insert(key, value);
    }
    let env = vm.new_map(env)?;
    vm.heap.freeze(env);
    Ok(env)
}

impl Vm {
    /// Brings `$env`, if it was made, in line with the variable `name` just set to `value`
    /// (`None`: removed). The map is frozen to programs, not to the library.
    pub(crate) fn update_env(&mut self, name: &str, value: Option<Value>) {
        let Some(env) = self.builtins.get(&self.heap).get("$env") else {
            return;
        };
        let key = self.symbols.intern(name);
        let Some(map) = self.heap.downcast::<crate::heap::Map>(env) else {
            return;
        };
        let entries = &mut map.get_mut(&mut self.heap).0;
        match value {
            Some(value) => {
                entries.insert(key, value);
            }
            None => {
                entries.shift_remove(&key);
            }
        }
    }

    /// Sets `$program` to `path` as the host gave it.
    pub(crate) fn set_program_global(&mut self, path: &str) -> Result<(), VmError> {
        let path = self.string(path)?;
        self.set_global_value("$program", path);
        Ok(())
    }
}
