//! Reserved words (spec 1.7): the names of special forms and of the words inside them, which
//! no variable, parameter, function or enum may take. A binding of one would be unreachable
//! (`(if …)` is always the `if` form) or would change what a form means, so it is refused
//! where it is written.

use gene_syntax::Span;

use super::{CompileError, Compiler, Result};

/// Spec 1.7's list (control, exception, module, OOP and special words) and the other words
/// this compiler treats specially: `let`, `case`/`when`, `fnx`. `nil`, `void`, `true` and
/// `false` are listed too, though the reader never makes them symbols, so the list can be
/// read as the whole set.
pub const RESERVED: &[&str] = &[
    // Control.
    "if", "ifel", "elif", "else", "then", "fn", "fnx", "class", "var", "let", "loop", "break",
    "continue", "return", "for", "in", "while", "do", "repeat", "case", "when",
    // Exceptions.
    "try", "catch", "finally", "throw", // Modules.
    "import", "from", "ns", // Objects.
    "new", "method", "ctor", "super", // Special.
    "nil", "void", "true", "false", "macro", "async", "await", "yield", "enum", "type",
];

/// What a name being bound names, for the message.
#[derive(Clone, Copy)]
pub(super) enum Binding {
    Variable,
    Parameter,
    Function,
    Enum,
    Class,
    Namespace,
}

impl Compiler<'_, '_> {
    /// Refuses to bind `name` when it is a reserved word.
    pub(super) fn check_bindable(&self, name: &str, what: Binding, span: Span) -> Result<()> {
        if !RESERVED.contains(&name) {
            return Ok(());
        }
        let what = match what {
            Binding::Variable => "a variable",
            Binding::Parameter => "a parameter",
            Binding::Function => "a function",
            Binding::Enum => "an enum",
            Binding::Class => "a class",
            Binding::Namespace => "a namespace",
        };
        Err(CompileError::new(
            format!("`{name}` is a reserved word and cannot name {what}"),
            span,
        ))
    }
}
