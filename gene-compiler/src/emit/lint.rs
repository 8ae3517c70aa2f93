//! Warnings, and the hints kept for errors that only running can find. A warning marks code
//! that compiles and runs but most likely does not do what its writer meant; it never stops
//! the program. Each check is here, called from the form it looks at.

use gene_syntax::{Datum, DatumKind, Span};

use super::path::Step;
use super::Compiler;
use crate::isa::GlobalSlot;

/// Code that compiles but is probably a mistake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What is suspicious, in a sentence without a trailing period.
    pub message: String,
    pub span: Span,
    /// How to write what was probably meant.
    pub help: Option<String>,
}

impl Compiler<'_, '_> {
    fn warn(&mut self, message: String, span: Span, help: String) {
        self.warnings.push(Warning {
            message,
            span,
            help: Some(help),
        });
    }

    /// `(if c a b)`: without `else`, `a` and `b` are both the true branch. When `a` is a
    /// plain value, computing it does nothing, so the writer meant `a` for true and `b` for
    /// false.
    pub(super) fn lint_if_without_else(&mut self, branch: &[Datum], has_else: bool) {
        let [first, _] = branch else { return };
        if has_else || !has_no_effect(first) {
            return;
        }
        let shown = gene_syntax::print(first);
        self.warn(
            format!("this `if` has no `else`, so `{shown}` is computed and thrown away"),
            first.span,
            "for one value when true and another when false, write `(if c a else b)`".into(),
        );
    }

    /// `m/k` where `k` is a loop variable in scope: the segment is the key `"k"`, but a
    /// variable that changes each turn is what one indexes by, with `m/<k>`. Only loop
    /// variables: warning for any visible local fired on 4 of the 682 conformance
    /// programs, all of which meant the key (`t/root/value` beside a local `root`).
    pub(super) fn lint_key_naming_loop_variable(
        &mut self,
        parts: &[String],
        steps: &[Step],
        span: Span,
    ) {
        let loop_variable = steps.iter().find_map(|step| match step {
            Step::Key(key) => self
                .functions
                .iter()
                .rev()
                .flat_map(|f| f.locals.iter().rev())
                .find(|local| local.name == key)
                .filter(|local| local.loop_variable)
                .map(|local| local.name),
            _ => None,
        });
        let Some(name) = loop_variable else { return };
        let written = parts.join("/");
        let meant = parts
            .iter()
            .enumerate()
            .map(|(at, part)| match at > 0 && part == name {
                true => format!("<{part}>"),
                false => part.clone(),
            })
            .collect::<Vec<_>>()
            .join("/");
        self.warn(
            format!(
                "`{written}` reads the key \"{name}\", not the value of the loop variable `{name}`"
            ),
            span,
            format!("to look up the variable's value, write `{meant}`"),
        );
    }

    /// A read of the global `name` where a local with a near-miss name is visible: should
    /// the read fail when the code runs, the error suggests that local.
    pub(super) fn note_near_miss_local(&mut self, name: &str, slot: GlobalSlot) {
        let visible = self
            .functions
            .iter()
            .flat_map(|f| f.locals.iter())
            .map(|local| local.name)
            // Hidden locals (`self`, a namespace's holder) are not names a user writes.
            .filter(|local| !local.starts_with(['$', '<']));
        if let Some(near) = crate::near_miss::closest(name, visible) {
            let near = near.to_string();
            let hints = &mut self.func().proto.name_hints;
            if !hints.iter().any(|(s, _)| *s == slot) {
                hints.push((slot, near));
            }
        }
    }
}

/// Whether evaluating `datum` can do nothing but produce a value.
fn has_no_effect(datum: &Datum) -> bool {
    matches!(
        datum.kind,
        DatumKind::Nil
            | DatumKind::Void
            | DatumKind::Bool(_)
            | DatumKind::Int(_)
            | DatumKind::Float(_)
            | DatumKind::Char(_)
            | DatumKind::Str(_)
    ) || datum
        .as_symbol()
        .is_some_and(|name| !super::reserved::RESERVED.contains(&name))
}
