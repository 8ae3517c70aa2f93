//! `(case v when a body… when (Ctor x y) body… else body…)`: the first `when` whose value
//! equals `v`, or whose enum constructor made it (binding its fields), runs its body.

use gene_syntax::{Datum, DatumKind, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};

impl Compiler<'_, '_> {
    /// `(case v when a body… when b body… else body…)`: the first `when` whose value equals
    /// `v` runs; with none and no `else`, the value is nil.
    pub(super) fn case(&mut self, args: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        let Some((subject, rest)) = args.split_first() else {
            return Err(CompileError::new("`case` needs a value", span));
        };
        let is_keyword = |d: &Datum| matches!(d.as_symbol(), Some("when" | "else"));
        let mark = self.reg_mark();
        let value = self.alloc_reg(span)?;
        self.expr(subject, value, false)?;
        let mut ends = bumpalo::collections::Vec::new_in(self.arena);
        let mut at = 0;
        let mut has_else = false;
        while at < rest.len() {
            let keyword = rest[at].as_symbol();
            let clause_end = rest[at + 1..]
                .iter()
                .position(is_keyword)
                .map_or(rest.len(), |p| at + 1 + p);
            match keyword {
                Some("when") => {
                    let Some((pattern, body)) = rest[at + 1..clause_end].split_first() else {
                        return Err(CompileError::new(
                            "`when` needs a value to match",
                            rest[at].span,
                        ));
                    };
                    let test_mark = self.reg_mark();
                    let test = self.alloc_reg(pattern.span)?;
                    let binders = variant_pattern(pattern);
                    match binders {
                        // `(Ok v)`: made by that constructor; `v` names its first field.
                        Some((constructor, _)) => {
                            let ctor = self.operand(constructor)?;
                            self.emit(
                                Instr::MatchVariant {
                                    a: test,
                                    b: value,
                                    c: ctor,
                                },
                                pattern.span,
                            );
                        }
                        None => {
                            let expected = self.operand(pattern)?;
                            self.emit(
                                Instr::Eq {
                                    a: test,
                                    b: value,
                                    c: expected,
                                },
                                pattern.span,
                            );
                        }
                    }
                    let skip =
                        self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, pattern.span);
                    self.free_to(test_mark);
                    let body_mark = self.reg_mark();
                    self.begin_scope();
                    for (index, binder) in binders.map_or(&[][..], |(_, b)| b).iter().enumerate() {
                        let name = binder.as_symbol().expect("checked by variant_pattern");
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
                    self.scoped_block(body, dest, tail, span)?;
                    self.end_scope(span);
                    self.free_to(body_mark);
                    ends.push(self.emit_forward_jump(span));
                    self.patch_jump(skip, span)?;
                }
                Some("else") => {
                    self.scoped_block(&rest[at + 1..clause_end], dest, tail, span)?;
                    has_else = true;
                }
                _ => {
                    return Err(CompileError::new(
                        "`case` clauses start with `when` or `else`",
                        rest[at].span,
                    ))
                }
            }
            at = clause_end;
        }
        if !has_else {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        for end in ends {
            self.patch_jump(end, span)?;
        }
        self.free_to(mark);
        Ok(())
    }
}

/// `(Constructor a b)` in a `when`: a capitalised constructor and plain names to bind.
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
            .is_some_and(|n| n != "..." && !n.starts_with('.'))
    };
    (first.is_uppercase() && gene.props.is_empty() && gene.children.iter().all(plain))
        .then_some((&gene.head, gene.children.as_slice()))
}
