//! `(case v when pattern body… else body…)`: the first `when` whose pattern matches `v`
//! (`patterns.rs`) runs its body.

use gene_syntax::{Datum, Span};

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
                    let binders = self.pattern_test(pattern, value, test)?;
                    let skip =
                        self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, pattern.span);
                    self.free_to(test_mark);
                    let body_mark = self.reg_mark();
                    self.begin_scope();
                    self.bind_fields(binders, value)?;
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
