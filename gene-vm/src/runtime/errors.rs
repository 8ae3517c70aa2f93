//! The exception classes the VM raises its own errors as (spec 9.2's hierarchy, with a few
//! subclasses where the spec names none): a program catches a division by zero with
//! `catch RuntimeException`, a wrong argument type with `catch TypeException`, and so on.
//! An error knows its kind from where it is raised; it becomes an instance of the kind's
//! class when a handler catches it.

/// What went wrong, as the class of the exception a caught error becomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorKind {
    /// A runtime failure: division by zero, integer overflow, and what has no kind of
    /// its own.
    #[default]
    Runtime,
    /// A value of the wrong type for the operation.
    Type,
    /// Arguments that do not fit what was called.
    Argument,
    /// A name that is not defined.
    Name,
    /// An index or key out of range where that is an error.
    Index,
    /// Calls nested deeper than the limit ([`Vm::set_max_call_depth`](crate::Vm::set_max_call_depth)).
    StackOverflow,
    /// The heap outgrew its limit ([`Vm::set_heap_limit`](crate::Vm::set_heap_limit)).
    OutOfMemory,
    /// A failed `assert` or contract.
    Assertion,
    /// Input or output failed.
    Io,
    /// Text that does not parse.
    Parse,
    /// A module that cannot be found, imports itself in a circle, or lacks a name asked
    /// of it.
    Import,
    /// Not a failure: `(exit code)` ends the program. No `catch` or `finally` sees it; it
    /// reaches the host, which ends the process with the code (the CLI does).
    Exit(u8),
    /// Not a failure of the program: the host interrupted it (`Interrupt::trigger`, Ctrl-C
    /// in the CLI). As with `Exit`, no `catch` or `finally` sees it.
    Interrupted,
}

impl ErrorKind {
    /// Whether an error of this kind ends the run past every handler, `finally` included.
    pub fn ends_the_run(self) -> bool {
        matches!(self, ErrorKind::Exit(_) | ErrorKind::Interrupted)
    }
}

/// The built-in exception classes: name and parent. Every one derives from `Exception`.
pub(crate) const EXCEPTION_CLASSES: &[(&str, &str)] = &[
    ("RuntimeException", "Exception"),
    ("TypeException", "Exception"),
    ("ArgumentException", "Exception"),
    ("IOError", "Exception"),
    ("ParseException", "Exception"),
    ("AssertionException", "Exception"),
    ("ConcurrencyException", "Exception"),
    ("TimeoutException", "ConcurrencyException"),
    ("CancellationException", "ConcurrencyException"),
    ("ThreadException", "ConcurrencyException"),
    ("NetworkException", "Exception"),
    ("ProviderException", "Exception"),
    ("NameException", "RuntimeException"),
    ("IndexException", "RuntimeException"),
    ("StackOverflowException", "RuntimeException"),
    ("OutOfMemoryException", "RuntimeException"),
    ("ImportException", "RuntimeException"),
];

impl ErrorKind {
    /// The name of the class an error of this kind is an instance of.
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::Runtime => "RuntimeException",
            ErrorKind::Type => "TypeException",
            ErrorKind::Argument => "ArgumentException",
            ErrorKind::Name => "NameException",
            ErrorKind::Index => "IndexException",
            ErrorKind::StackOverflow => "StackOverflowException",
            ErrorKind::OutOfMemory => "OutOfMemoryException",
            ErrorKind::Assertion => "AssertionException",
            ErrorKind::Io => "IOError",
            ErrorKind::Parse => "ParseException",
            ErrorKind::Import => "ImportException",
            // Never caught, so never made an exception; named for completeness.
            ErrorKind::Exit(_) | ErrorKind::Interrupted => "RuntimeException",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_names_a_listed_class() {
        let kinds = [
            ErrorKind::Runtime,
            ErrorKind::Type,
            ErrorKind::Argument,
            ErrorKind::Name,
            ErrorKind::Index,
            ErrorKind::StackOverflow,
            ErrorKind::OutOfMemory,
            ErrorKind::Assertion,
            ErrorKind::Io,
            ErrorKind::Parse,
            ErrorKind::Import,
        ];
        for kind in kinds {
            assert!(
                EXCEPTION_CLASSES
                    .iter()
                    .any(|&(name, _)| name == kind.class_name()),
                "{kind:?}"
            );
        }
    }
}
