//! How the VM explains problems to a host: the hints errors carry ("did you mean `greet`?"),
//! the compiler's warnings, and the rendering of both with file, line, column and the
//! source line, so a host shows errors as `gene` does without copying its code.

use std::rc::Rc;

use gene_syntax::{Color, SourceFile, Span};

use crate::runtime::errors::ErrorKind;
use crate::vm::{EvalError, Thrown, TraceEntry, Vm, VmError};

/// Code that compiles and runs but most likely does not do what its writer meant (an `if`
/// whose two branches are both the true one, a path segment that names a variable).
/// The program still runs; [`Vm::set_warning_handler`] decides what the host does with it.
#[derive(Clone, Debug)]
pub struct Warning {
    /// What is suspicious, in a sentence without a trailing period.
    pub message: String,
    /// Where, in [`Warning::file`].
    pub span: Span,
    /// How to write what was probably meant.
    pub help: Option<String>,
    /// The source the span is in.
    pub file: Rc<SourceFile>,
}

/// What [`Vm::set_warning_handler`] installs.
pub(crate) type WarningHandler = Box<dyn FnMut(&Warning)>;

impl Warning {
    /// `warning: message`, the place, the source line with a caret, and the help.
    pub fn render(&self, color: Color) -> String {
        let notes: Vec<String> = self.help.iter().map(|h| format!("help: {h}")).collect();
        gene_syntax::render_warning(&self.file, &self.message, self.span, &notes, color)
    }
}

impl std::fmt::Display for Warning {
    /// `file:line:column: warning: message`, for logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = self.file.location(self.span);
        write!(f, "{place}: warning: {}", self.message)
    }
}

impl VmError {
    /// Adds a line on how to fix the error, shown under the source line.
    pub fn with_help(mut self, help: impl Into<String>) -> VmError {
        self.help = Some(help.into());
        self
    }

    /// The error a compile error becomes, raised where the compiler found it.
    pub(crate) fn from_compile(
        error: gene_compiler::CompileError,
        function: &str,
        file: Option<Rc<SourceFile>>,
    ) -> VmError {
        VmError {
            message: error.message,
            trace: vec![TraceEntry {
                function: function.into(),
                span: error.span,
                repeated: 1,
                file,
            }],
            thrown: Thrown::None,
            kind: ErrorKind::Parse,
            help: error.help,
        }
    }

    /// The error rendered as `gene` shows it: `error: message`, `┌─ file:line:column`, the
    /// source line with a caret under the place, the help if any, and the Gene stack trace.
    /// `source` is the code the host ran; frames in imported modules carry their own file.
    ///
    /// ```
    /// use gene_vm::{EvalError, Vm};
    /// use gene_syntax::{Color, SourceFile};
    ///
    /// let mut vm = Vm::new();
    /// let source = SourceFile::new("demo.gene", "(fn f [a b] a)\n(f 1)");
    /// let Err(EvalError::Runtime(error)) = vm.eval_source(&source) else { panic!() };
    /// let report = error.render(&source, Color::Never);
    /// assert!(report.starts_with("error: Expected 2 arguments, got 1\n"));
    /// assert!(report.contains("┌─ demo.gene:2:1"));
    /// assert!(report.contains("= help: `f` takes 2 arguments"));
    /// ```
    pub fn render(&self, source: &SourceFile, color: Color) -> String {
        fn file_of<'a>(entry: &'a TraceEntry, main: &'a SourceFile) -> &'a SourceFile {
            entry.file.as_deref().unwrap_or(main)
        }
        let first = self
            .trace
            .first()
            .map_or(source, |entry| file_of(entry, source));
        let help = self.help.iter().map(|help| format!("help: {help}"));
        let frames = self.trace.iter().map(|entry| {
            let place = format!(
                "in {} at {}",
                entry.function,
                file_of(entry, source).location(entry.span)
            );
            match entry.repeated {
                1 => place,
                n => format!("{place} ({n} times)"),
            }
        });
        let notes: Vec<String> = help.chain(frames).collect();
        let span = self.span().unwrap_or_default();
        gene_syntax::render_error(first, &self.message, span, &notes, color)
    }
}

impl EvalError {
    /// What went wrong, as the class a Gene `catch` would see it as: unreadable source is
    /// `Parse`, as code that does not compile is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EvalError::Read(_) => ErrorKind::Parse,
            EvalError::Runtime(error) => error.kind,
        }
    }

    /// The error rendered as `gene` shows it (see [`VmError::render`]); read errors show
    /// each problem with its snippet.
    pub fn render(&self, source: &SourceFile, color: Color) -> String {
        match self {
            EvalError::Read(errors) => gene_syntax::render_errors(source, errors, color),
            EvalError::Runtime(error) => error.render(source, color),
        }
    }
}

impl Vm {
    /// What is done with the compiler's warnings: each is passed to `handler` as the code
    /// that has it is compiled, before it runs. Without a handler they are dropped.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let mut vm = gene_vm::Vm::new();
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let sink = seen.clone();
    /// vm.set_warning_handler(move |warning| sink.borrow_mut().push(warning.to_string()));
    /// vm.eval("(var c true) (if c 1 2)").unwrap();
    /// assert_eq!(
    ///     seen.borrow().as_slice(),
    ///     ["<eval>:1:20: warning: this `if` has no `else`, so `1` is computed and thrown away"]
    /// );
    /// ```
    pub fn set_warning_handler(&mut self, handler: impl FnMut(&Warning) + 'static) {
        self.warning_handler = Some(Box::new(handler));
    }

    /// Hands the compiler's warnings about code of `file` to the host.
    pub(crate) fn deliver_warnings(
        &mut self,
        warnings: Vec<gene_compiler::Warning>,
        file: impl FnOnce() -> Rc<SourceFile>,
    ) {
        if warnings.is_empty() {
            return;
        }
        let Some(handler) = self.warning_handler.as_mut() else {
            return;
        };
        let file = file();
        for warning in warnings {
            handler(&Warning {
                message: warning.message,
                span: warning.span,
                help: warning.help,
                file: file.clone(),
            });
        }
    }

    /// The error reading an undefined global raises: what the user may have meant (a local
    /// or global with a near-miss name), or, for an operator, how operators are written.
    #[cold]
    #[inline(never)]
    pub(crate) fn undefined_global(
        &self,
        function: crate::heap::Gc<crate::function::Function>,
        slot: gene_compiler::isa::GlobalSlot,
    ) -> VmError {
        let function = function.get(&self.heap);
        let module = function.module;
        let names = &module.get(&self.heap).names;
        let name = names.name(slot);
        let error = VmError::of(ErrorKind::Name, format!("{name} is not defined"));
        if gene_compiler::is_operator(name) {
            return error.with_help(format!(
                "`{name}` is an operator, not a value: it goes between two values, as in `(a {name} b)`"
            ));
        }
        if name.chars().all(|c| "+-*/%<>=!&|".contains(c)) {
            let operators = gene_compiler::OPERATORS;
            return error.with_help(match name {
                "**" | "^" => "for a power, call `(pow a b)`".to_string(),
                _ => format!(
                    "`{name}` is not an operator or a defined name; the operators are {operators}"
                ),
            });
        }
        let local = (function.proto.name_hints.iter())
            .find(|(hinted, _)| *hinted == slot)
            .map(|(_, local)| local.as_str());
        let suggestion = local.or_else(|| {
            let candidates = [module, self.builtins]
                .into_iter()
                .flat_map(|m| m.get(&self.heap).defined_names())
                .chain(crate::stdlib::lazy_builtin_names().map(|name| name as &str));
            gene_compiler::near_miss::closest(name, candidates)
        });
        match suggestion {
            Some(near) => error.with_help(format!("did you mean `{near}`?")),
            None => error,
        }
    }
}
