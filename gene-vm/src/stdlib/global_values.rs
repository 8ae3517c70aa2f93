//! The standard library's global values that are not functions (classes, enums,
//! namespaces, the `$` variables), each with the summary the book's reference shows. The
//! functions' summaries live in their `builtins!` declarations; these have no declaration
//! to carry one, so they are listed here, and a test fails when a global is in neither.

/// What kind of value a global is, for the reference's grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GlobalKind {
    /// A class of values or objects (`String`, `Object`).
    Class,
    /// A class of exception, raised by the runtime or for programs to throw.
    Exception,
    /// An enum or one of its members (`Result`, `Ok`).
    Enum,
    /// A namespace of library members (`math`, `File`).
    Namespace,
    /// A value the program reads (`$args`, `stdout`).
    Value,
}

/// One global value of the standard library, as the reference documents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalValueEntry {
    /// Its name.
    pub name: &'static str,
    /// What it is.
    pub kind: GlobalKind,
    /// Its one-line summary.
    pub summary: &'static str,
}

use GlobalKind::{Class, Enum, Exception, Namespace, Value};

const GLOBAL_VALUES: &[(&str, GlobalKind, &str)] = &[
    (
        "Any",
        Class,
        "The class every value belongs to; its methods work on all values.",
    ),
    (
        "Array",
        Class,
        "Arrays, `[1 2 3]`: growable, ordered, indexed from 0.",
    ),
    ("Bool", Class, "`true` and `false`."),
    (
        "Bytes",
        Class,
        "Immutable byte strings, as file reads in binary give.",
    ),
    ("Char", Class, "Unicode characters, `\\a`."),
    (
        "Class",
        Class,
        "Classes themselves: `(class …)` makes one, `.name` names it.",
    ),
    ("Date", Class, "Calendar dates, `2024-01-02`."),
    (
        "DateTime",
        Class,
        "Dates with a time of day and an optional zone, `2024-01-02T10:20:30Z`.",
    ),
    ("Duration", Class, "Spans of time."),
    ("Float", Class, "64-bit floating-point numbers."),
    (
        "Function",
        Class,
        "Functions and closures, `(fn …)`, and built-in functions.",
    ),
    (
        "Future",
        Class,
        "The result of `async` work, which `await` waits for.",
    ),
    (
        "Gene",
        Class,
        "Gene data `(type ^prop value child…)`, as quoting gives.",
    ),
    (
        "Generator",
        Class,
        "Generators, made by calling a `fn name*` function.",
    ),
    (
        "HashMap",
        Class,
        "Maps keyed by any value, `{{1 \"one\"}}`.",
    ),
    ("HashSet", Class, "Sets of any values, without duplicates."),
    ("IOHandle", Class, "Open standard streams and files."),
    ("Int", Class, "Integers of 64 bits."),
    (
        "Iterator",
        Class,
        "Lazy sequences of values, as `.iter` and the lazy adapters give.",
    ),
    (
        "Map",
        Class,
        "Maps keyed by symbols and strings, `{^a 1}`, in insertion order.",
    ),
    ("Nil", Class, "The class of `nil`, the absent value."),
    (
        "Object",
        Class,
        "The root of user-defined classes: `(class Point …)` extends it.",
    ),
    (
        "Process",
        Class,
        "Child processes, started with `(system/Process/start \"cmd\" args…)`.",
    ),
    ("Range", Class, "Ranges of integers, `(0 .. 10)`."),
    ("Regex", Class, "Regular expressions, `#/a+b/i`."),
    ("Regexp", Class, "Another name for `Regex`."),
    (
        "RegexMatch",
        Class,
        "What a successful regex match gives: the text and its groups.",
    ),
    ("RegexpMatch", Class, "Another name for `RegexMatch`."),
    ("String", Class, "Immutable Unicode text, `\"…\"`."),
    (
        "Symbol",
        Class,
        "Symbols: names as values, as quoting a name gives.",
    ),
    ("Time", Class, "Times of day, `10:20:30`."),
    (
        "Void",
        Class,
        "The class of `void`, what a missing member or key reads as.",
    ),
    (
        "Exception",
        Exception,
        "The root of every exception class; `(throw \"text\")` raises one.",
    ),
    (
        "RuntimeException",
        Exception,
        "An error the runtime raises that has no more precise class.",
    ),
    (
        "TypeException",
        Exception,
        "A value of the wrong type for an operation.",
    ),
    (
        "ArgumentException",
        Exception,
        "Arguments that do not fit what was called (count, type).",
    ),
    (
        "NameException",
        Exception,
        "A name that is not defined (a `RuntimeException`).",
    ),
    (
        "IndexException",
        Exception,
        "An index or key out of range where that is an error.",
    ),
    (
        "StackOverflowException",
        Exception,
        "Calls nested deeper than `--max-call-depth`.",
    ),
    (
        "OutOfMemoryException",
        Exception,
        "The heap grew past `--max-heap-mb`.",
    ),
    (
        "AssertionException",
        Exception,
        "A failed `assert`, `^pre` or `^post` condition.",
    ),
    (
        "IOError",
        Exception,
        "A file, directory or stream operation failed.",
    ),
    (
        "ParseException",
        Exception,
        "Text that does not read or parse: code evaluated at run time, JSON, dates, base64, UTF-8.",
    ),
    (
        "ImportException",
        Exception,
        "A module that cannot be found or loaded.",
    ),
    (
        "ConcurrencyException",
        Exception,
        "The parent of the timeout, cancellation and thread exceptions.",
    ),
    (
        "TimeoutException",
        Exception,
        "A wait (on a future, or a read from a child process) that did not finish in time.",
    ),
    (
        "CancellationException",
        Exception,
        "A future that was cancelled.",
    ),
    (
        "ThreadException",
        Exception,
        "For programs to throw; gene has no threads, so it raises none.",
    ),
    (
        "NetworkException",
        Exception,
        "For programs to throw; gene has no network library, so it raises none.",
    ),
    (
        "ProviderException",
        Exception,
        "For programs to throw; gene has no providers, so it raises none.",
    ),
    (
        "Result",
        Enum,
        "The enum of `(Ok value)` and `(Err error)`, for results that may fail.",
    ),
    (
        "Ok",
        Enum,
        "The `Result` member holding a success: `(Ok value)`.",
    ),
    (
        "Err",
        Enum,
        "The `Result` member holding a failure: `(Err error)`.",
    ),
    (
        "Option",
        Enum,
        "The enum of `(Some value)` and `None`, for values that may be absent.",
    ),
    (
        "Some",
        Enum,
        "The `Option` member holding a value: `(Some value)`.",
    ),
    ("None", Enum, "The `Option` member for no value."),
    (
        "gene",
        Namespace,
        "The standard library's namespace: `gene/fs/read`, `gene/math/sqrt`, …",
    ),
    (
        "genex",
        Namespace,
        "The namespace of extensions; empty, as no extension exists yet.",
    ),
    (
        "math",
        Namespace,
        "`gene/math` under a short name: `math/trunc`, `math/clamp`, …",
    ),
    (
        "time",
        Namespace,
        "`gene/time` under a short name: `time/now`, `time/parse`, …",
    ),
    (
        "system",
        Namespace,
        "`gene/system`: the process, its environment and child processes.",
    ),
    (
        "File",
        Namespace,
        "The reference's names for file functions: `File/read`, `File/write`, …",
    ),
    (
        "Dir",
        Namespace,
        "The reference's names for directory functions: `Dir/list`, `Dir/create`, …",
    ),
    (
        "$args",
        Value,
        "The program's command-line arguments, an array of strings.",
    ),
    (
        "$program",
        Value,
        "The path of the running program, or `nil` for code not from a file.",
    ),
    (
        "$env",
        Value,
        "The environment variables, a map from name to string.",
    ),
    ("$cwd", Value, "The current working directory, a string."),
    ("$stdin", Value, "Standard input, an `IOHandle`."),
    ("$stdout", Value, "Standard output, an `IOHandle`."),
    ("$stderr", Value, "Standard error, an `IOHandle`."),
    ("stdin", Value, "Another name for `$stdin`."),
    ("stdout", Value, "Another name for `$stdout`."),
    ("stderr", Value, "Another name for `$stderr`."),
];

/// Every global value of the standard library that is not a function, grouped by kind.
pub fn global_value_reference() -> Vec<GlobalValueEntry> {
    let mut entries: Vec<GlobalValueEntry> = GLOBAL_VALUES
        .iter()
        .map(|&(name, kind, summary)| GlobalValueEntry {
            name,
            kind,
            summary,
        })
        .collect();
    entries.sort_by_key(|entry| entry.kind);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_is_a_documented_function_or_value_and_each_entry_exists() {
        let vm = crate::Vm::new();
        let functions: std::collections::HashSet<&str> = super::super::declare::builtin_reference()
            .into_iter()
            .filter(|entry| entry.owner.is_empty())
            .flat_map(|entry| entry.names)
            .collect();
        let values: std::collections::HashSet<&str> =
            GLOBAL_VALUES.iter().map(|&(name, _, _)| name).collect();
        let globals = vm.global_names();
        let undocumented: Vec<&String> = globals
            .iter()
            .filter(|name| !functions.contains(name.as_str()) && !values.contains(name.as_str()))
            .collect();
        assert!(
            undocumented.is_empty(),
            "globals with no summary (add them to GLOBAL_VALUES): {undocumented:?}"
        );
        let missing: Vec<&&str> = values
            .iter()
            .filter(|name| !globals.iter().any(|global| global == *name))
            .collect();
        assert!(
            missing.is_empty(),
            "documented but not defined: {missing:?}"
        );
    }
}
