//! `when` patterns of `case` (spec 12): a value compared with `==`, `_` (anything), an enum
//! variant qualified or bare (`(Shape/Circle r)`, `(Circle r)`, `Shape/Point`, `Point`)
//! binding its fields in declaration order (`_` skips one).
//!
//! A bare name is resolved where the name is visible: a variable of that name (the built-in
//! `Ok`, `Err`, `Some` and `None` are globals) is the variant it holds, so a user enum's own
//! `Ok` never matches the built-in's pattern; a name defined nowhere matches the scrutinee's
//! member of that name, which is how `(when (Circle r) …)` finds `Shape/Circle` without a
//! global `Circle`.

use gene_syntax::{Datum, DatumKind};

use super::reserved::Binding;
use super::{Compiler, Resolved, Result};
use crate::isa::{Count, Instr, Reg};

impl Compiler<'_, '_> {
    /// Emits the test of `pattern` against `value`, leaving a bool in `test`; returns the
    /// names to bind to the matched value's fields, in order.
    pub(super) fn pattern_test<'p>(
        &mut self,
        pattern: &'p Datum,
        value: Reg,
        test: Reg,
    ) -> Result<&'p [Datum]> {
        let span = pattern.span;
        if pattern.as_symbol() == Some("_") {
            self.emit(Instr::LoadTrue { a: test }, span);
            return Ok(&[]);
        }
        if let Some((head, binders)) = variant_pattern(pattern) {
            let count = u8::try_from(binders.len())
                .map_err(|_| super::CompileError::new("too many fields to bind", span))?;
            self.variant_test(head, value, test, Count(count))?;
            return Ok(binders);
        }
        if let Some(name) = pattern.as_symbol() {
            self.needs_global(name);
            if let Resolved::Global(slot) = self.resolve(name, span)? {
                self.emit(
                    Instr::MatchBare {
                        a: test,
                        b: value,
                        slot,
                        binders: Count(0),
                    },
                    span,
                );
                return Ok(&[]);
            }
        }
        let expected = self.operand(pattern)?;
        self.emit(
            Instr::Eq {
                a: test,
                b: value,
                c: expected,
            },
            span,
        );
        Ok(&[])
    }

    fn variant_test(&mut self, head: &Datum, value: Reg, test: Reg, binders: Count) -> Result<()> {
        let span = head.span;
        if let Some(name) = head.as_symbol() {
            self.needs_global(name);
            if let Resolved::Global(slot) = self.resolve(name, span)? {
                self.emit(
                    Instr::MatchBare {
                        a: test,
                        b: value,
                        slot,
                        binders,
                    },
                    span,
                );
                return Ok(());
            }
        }
        let variant = self.operand(head)?;
        self.emit(
            Instr::MatchVariant {
                a: test,
                b: value,
                c: variant,
                binders,
            },
            span,
        );
        Ok(())
    }

    /// Binds the pattern's names (already declared in the clause's scope) to the fields of
    /// the matched `value`.
    pub(super) fn bind_fields(&mut self, binders: &[Datum], value: Reg) -> Result<()> {
        for (index, binder) in binders.iter().enumerate() {
            let name = binder.as_symbol().expect("checked by variant_pattern");
            if name == "_" {
                continue;
            }
            self.check_bindable(name, Binding::Variable, binder.span)?;
            let field = self.declare_local(name, binder.span)?;
            let key = self.alloc_reg(binder.span)?;
            self.load_int(index as i64, key, binder.span)?;
            self.emit(
                Instr::GetIndex {
                    a: field,
                    b: value,
                    c: key,
                },
                binder.span,
            );
        }
        Ok(())
    }
}

/// `(Variant a b)` in a `when`: a capitalised variant, bare or qualified, and plain names to
/// bind. Anything else (`(f 1)`, `(x + 1)`) is a value to compare.
fn variant_pattern(pattern: &Datum) -> Option<(&Datum, &[Datum])> {
    let DatumKind::Gene(gene) = &pattern.kind else {
        return None;
    };
    let first = match &gene.head.kind {
        DatumKind::Symbol(name) => name.chars().next(),
        DatumKind::ComplexSymbol(parts) => parts.first().and_then(|p| p.chars().next()),
        _ => None,
    }?;
    let plain = |d: &Datum| {
        d.as_symbol()
            .is_some_and(|n| n != "..." && !n.starts_with('.') && !is_operator(n))
    };
    (first.is_uppercase() && gene.props.is_empty() && gene.children.iter().all(plain))
        .then_some((&gene.head, gene.children.as_slice()))
}

fn is_operator(name: &str) -> bool {
    name.chars().all(|c| "+-*/%<>=!&|?.".contains(c))
}
