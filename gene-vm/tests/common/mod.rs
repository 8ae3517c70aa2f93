//! What the test programs share: running Gene code through the embedding API and checking
//! exactly what it printed or raised.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use gene_vm::{EvalError, Vm};

/// Output a VM writes, kept for the test to read.
#[derive(Clone, Default)]
pub struct Captured(pub Rc<RefCell<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.borrow().clone()).expect("Gene prints UTF-8")
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether every safepoint collects (`--features gc-stress`): tests that churn the heap
/// scale down, since each collection then walks the whole heap.
pub const STRESSED: bool = cfg!(feature = "gc-stress");

/// How deep the deep-recursion tests go: under gc-stress every call collects and marks the
/// whole register stack, which makes deep recursion quadratic, so those runs go shallower.
pub const DEEP: usize = if cfg!(feature = "gc-stress") {
    2_000
} else {
    100_000
};

/// What `code` prints, and the message of the error it raises, if any.
pub fn run(code: &str) -> (String, Option<String>) {
    let captured = Captured::default();
    let mut vm = Vm::new();
    if cfg!(feature = "gc-stress") {
        vm.set_max_call_depth(5 * DEEP);
    }
    vm.set_output(Box::new(captured.clone()));
    let error = match vm.eval(code) {
        Ok(_) => None,
        Err(EvalError::Runtime(error)) => Some(error.message),
        Err(EvalError::Read(errors)) => Some(format!("read error: {}", errors[0].message)),
    };
    (captured.text(), error)
}

pub fn prints(code: &str, expected: &str) {
    assert_eq!(run(code), (expected.to_string(), None), "{code}");
}

pub fn raises(code: &str, printed: &str, message: &str) {
    assert_eq!(
        run(code),
        (printed.to_string(), Some(message.to_string())),
        "{code}"
    );
}
