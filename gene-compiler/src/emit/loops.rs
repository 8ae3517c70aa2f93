//! Loops: `while`, `loop`, `for … in`, `repeat`, and `break`/`continue` with values.

use bumpalo::collections::Vec as BVec;
use gene_syntax::{Datum, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};

/// A loop being compiled: where `break` jumps from and where `continue` goes.
///
/// A loop with a test runs it at its bottom, where one instruction both tests and jumps
/// back to the body (`JumpIfLt`, `ForNext`, …); the loop is entered by a jump to the test.
/// Each turn so runs one jump instead of two (a test at the top that may leave, and a jump
/// back to it).
pub(super) struct LoopContext<'b> {
    pub(super) breaks: BVec<'b, usize>,
    /// Where `continue` jumps back to; `None` when it goes forward to the loop's test, which
    /// is compiled after the body: its jumps are in `continues`.
    pub(super) continue_target: Option<usize>,
    pub(super) continues: BVec<'b, usize>,
    pub(super) result: Reg,
    /// The first register of the body: leaving the body early closes upvalues from here.
    /// `None` when the body makes no closures, so leaving it early has nothing to close.
    pub(super) body_start: Option<Reg>,
    /// How many try levels enclosed the loop: leaving it early leaves those entered since
    /// (popping their handlers and running their `finally` bodies).
    pub(super) tries: usize,
    /// The loop's `^name`, which `(break ^from name)` and `(continue ^from name)` use.
    pub(super) label: Option<&'b str>,
}

/// Whether `body` has a function inside it that could capture its variables.
fn makes_closures(body: &[Datum]) -> bool {
    fn walk(datum: &Datum) -> bool {
        if let gene_syntax::DatumKind::Gene(gene) = &datum.kind {
            if super::function::defines_function(gene) {
                return true;
            }
        }
        if matches!(datum.kind, gene_syntax::DatumKind::Quote(_)) {
            return false;
        }
        datum.children().into_iter().any(walk)
    }
    body.iter().any(walk)
}

impl Compiler<'_, '_> {
    /// `(while cond body…)`: its value is nil, or what a `break` gives.
    pub(super) fn while_loop(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some((condition, body)) = args.split_first() else {
            return Err(CompileError::new("`while` needs a condition", span));
        };
        if !self.take_unused() {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        let mark = self.reg_mark();
        let code: Vec<&Datum> = std::iter::once(condition).chain(body).collect();
        let hoisted = self.hoist_numbers(&code)?;
        let entry = self.emit_forward_jump(span);
        let body_start = self.pc();
        self.loop_body(body, None, dest, span)?;
        self.loop_test(entry, span)?;
        let back = self.jump_if(condition)?;
        self.patch_exits_to(&back, body_start, span)?;
        self.finish_loop(span)?;
        self.unhoist(hoisted);
        self.free_to(mark);
        Ok(())
    }

    /// Where a loop's test starts: its entry jump and its `continue`s go here.
    fn loop_test(&mut self, entry: usize, span: Span) -> Result<()> {
        self.patch_jump(entry, span)?;
        let arena = self.arena;
        let continues = std::mem::replace(
            &mut self
                .func()
                .loops
                .last_mut()
                .expect("a loop is open")
                .continues,
            BVec::new_in(arena),
        );
        self.patch_exits(&continues, span)
    }

    /// Points every jump in `jumps` (a loop's jumps back to its body) at `target`, or past
    /// the jump there when the body starts with one (an inner loop's entry): the jump back
    /// lands where that one would go, as long as that is still back (so it stays the
    /// loop's safepoint).
    fn patch_exits_to(&mut self, jumps: &[usize], target: usize, span: Span) -> Result<()> {
        let code = &self.func().proto.code;
        let threaded = match Instr::decode(code, target) {
            Ok((Instr::Jump { to }, next)) => usize::try_from(next as i64 + i64::from(to.0)).ok(),
            _ => None,
        };
        for &jump in jumps {
            let to = threaded.filter(|&t| t < jump).unwrap_or(target);
            self.patch_jump_to(jump, to, span)?;
        }
        Ok(())
    }

    /// `(loop body…)`: runs until a `break`.
    pub(super) fn loop_form(&mut self, body: &[Datum], dest: Reg, span: Span) -> Result<()> {
        if !self.take_unused() {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        let start = self.pc();
        self.loop_body(body, Some(start), dest, span)?;
        self.emit_loop(start, span)?;
        self.finish_loop(span)
    }

    fn loop_body(
        &mut self,
        body: &[Datum],
        continue_target: Option<usize>,
        result: Reg,
        span: Span,
    ) -> Result<()> {
        let mark = self.reg_mark();
        let tries = self.func().tries.len();
        let label = self.loop_label.take();
        let breaks = BVec::new_in(self.arena);
        let continues = BVec::new_in(self.arena);
        self.func().loops.push(LoopContext {
            breaks,
            continue_target,
            continues,
            result,
            body_start: makes_closures(body).then_some(Reg(mark as u8)),
            tries,
            label,
        });
        let scratch = self.alloc_reg(span)?;
        self.scoped_block_with(body, scratch, false, span, false)?;
        self.free_to(mark);
        Ok(())
    }

    fn finish_loop(&mut self, span: Span) -> Result<()> {
        let context = self.func().loops.pop().expect("a loop is open");
        for jump in context.breaks {
            self.patch_jump(jump, span)?;
        }
        Ok(())
    }

    /// The loop a `break` or `continue` leaves: the innermost, or the one named `label`.
    fn target_loop(&mut self, label: Option<&str>, what: &str, span: Span) -> Result<usize> {
        let loops = &self.func().loops;
        let found = match label {
            None => loops.len().checked_sub(1),
            Some(name) => loops.iter().rposition(|l| l.label == Some(name)),
        };
        found.ok_or_else(|| match label {
            None => CompileError::new(format!("`{what}` outside a loop"), span),
            Some(name) => CompileError::new(format!("no enclosing loop is named `{name}`"), span),
        })
    }

    /// Leaves the try levels a jump out to loop `index` crosses, then closes the upvalues of
    /// what it leaves (after the `finally` bodies, which may still write those variables).
    fn leave_to_loop(&mut self, index: usize, span: Span) -> Result<()> {
        let target = &self.func().loops[index];
        let (body_start, tries) = (target.body_start, target.tries);
        self.leave_tries(tries, span)?;
        // A nested loop that made closures has its own start; close from the outermost.
        let from = self.func().loops[index..]
            .iter()
            .filter_map(|l| l.body_start)
            .min_by_key(|r| r.0)
            .or(body_start);
        if let Some(from) = from {
            self.emit(Instr::CloseUpvals { from }, span);
        }
        Ok(())
    }

    /// `(break)`, `(break value)`, `(break ^from name [value])`.
    pub(super) fn break_form(
        &mut self,
        args: &[Datum],
        label: Option<&str>,
        span: Span,
    ) -> Result<()> {
        let index = self.target_loop(label, "break", span)?;
        let result = self.func().loops[index].result;
        if args.len() > 1 {
            return Err(CompileError::new("`break` takes at most one value", span));
        }
        // A `finally` on the way out runs after the value is computed and may assign the
        // variable the loop's value goes to; the value waits in a register of its own.
        let mark = self.reg_mark();
        let tries = self.func().loops[index].tries;
        let value = if self.finally_from(tries) {
            self.alloc_reg(span)?
        } else {
            result
        };
        match args.first() {
            None => {
                self.emit(Instr::LoadNil { a: value }, span);
            }
            Some(datum) => self.expr(datum, value, false)?,
        }
        self.leave_to_loop(index, span)?;
        if value != result {
            self.emit(
                Instr::Move {
                    a: result,
                    b: value,
                },
                span,
            );
        }
        self.free_to(mark);
        let jump = self.emit_forward_jump(span);
        self.func().loops[index].breaks.push(jump);
        Ok(())
    }

    /// `(continue)` or `(continue ^from name)`.
    pub(super) fn continue_form(&mut self, label: Option<&str>, span: Span) -> Result<()> {
        let index = self.target_loop(label, "continue", span)?;
        let target = self.func().loops[index].continue_target;
        self.leave_to_loop(index, span)?;
        match target {
            Some(target) => self.emit_loop(target, span),
            None => {
                let jump = self.emit_forward_jump(span);
                self.func().loops[index].continues.push(jump);
                Ok(())
            }
        }
    }

    /// `(for x in coll body…)`, `(for i x in array body…)`, `(for k v in map body…)`.
    pub(super) fn for_loop(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some(in_at) = args.iter().position(|d| d.as_symbol() == Some("in")) else {
            return Err(CompileError::new(
                "`for` is written `(for x in collection body…)`",
                span,
            ));
        };
        let names = &args[..in_at];
        let Some((iterable, body)) = args[in_at + 1..].split_first() else {
            return Err(CompileError::new(
                "`for` needs a collection after `in`",
                span,
            ));
        };
        for name in names {
            check_loop_pattern(name)?;
        }
        if names.is_empty() || names.len() > 2 {
            return Err(CompileError::new(
                "`for` takes one or two loop variables",
                span,
            ));
        }
        let mark = self.reg_mark();
        if !self.take_unused() {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        let base = self.alloc_reg(span)?;
        for _ in 0..3 {
            self.alloc_reg(span)?;
        }
        // A range written in place, `(x .. y)`, counts in registers without making a range.
        let counted = match &iterable.kind {
            gene_syntax::DatumKind::Gene(gene)
                if gene.props.is_empty()
                    && gene.children.len() == 2
                    && gene.children[0].as_symbol() == Some("..") =>
            {
                Some((&gene.head, &gene.children[1]))
            }
            _ => None,
        };
        match counted {
            Some((from, to)) => {
                self.expr(from, base, false)?;
                self.expr(to, Reg(base.0 + 1), false)?;
                self.emit(Instr::ForPrep { a: base }, iterable.span);
            }
            None => {
                self.expr(iterable, base, false)?;
                self.emit(Instr::IterPrep { a: base }, iterable.span);
                if names.len() == 2 {
                    self.emit(Instr::IterPairs { a: base }, iterable.span);
                }
            }
        }
        let code: Vec<&Datum> = body.iter().collect();
        let hoisted = self.hoist_numbers(&code)?;
        let entry = self.emit_forward_jump(span);
        let body_start = self.pc();
        let key = Reg(base.0 + 2);
        let value = Reg(base.0 + 3);
        let tries = self.func().tries.len();
        let label = self.loop_label.take();
        let breaks = BVec::new_in(self.arena);
        let continues = BVec::new_in(self.arena);
        self.func().loops.push(LoopContext {
            breaks,
            continue_target: None,
            continues,
            result: dest,
            body_start: makes_closures(body).then_some(key),
            tries,
            label,
        });
        self.begin_scope();
        let bindings: [(&Datum, Reg); 2] = match names {
            [x] => [(x, value), (x, value)],
            [k, v] => [(k, key), (v, value)],
            _ => unreachable!("checked above"),
        };
        let first_bound = self.func().locals.len();
        for &(pattern, reg) in &bindings[2 - names.len()..] {
            self.bind_pattern(pattern, reg)?;
        }
        for local in &mut self.func().locals[first_bound..] {
            local.loop_variable = true;
        }
        let scratch = self.alloc_reg(span)?;
        self.block_with(body, scratch, false, span, false)?;
        self.end_scope(span);
        self.loop_test(entry, span)?;
        let next = match counted {
            Some(_) => self.emit_jump(|to| Instr::ForNext { a: base, to }, span),
            None => self.emit_jump(|to| Instr::IterNext { a: base, to }, span),
        };
        self.patch_jump_to(next, body_start, span)?;
        self.finish_loop(span)?;
        self.unhoist(hoisted);
        self.free_to(mark);
        Ok(())
    }

    /// `(repeat n body…)`: runs the body `n` times.
    pub(super) fn repeat(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some((count, body)) = args.split_first() else {
            return Err(CompileError::new("`repeat` needs a count", span));
        };
        let mark = self.reg_mark();
        if !self.take_unused() {
            self.emit(Instr::LoadNil { a: dest }, span);
        }
        let counter = self.alloc_reg(span)?;
        let limit = self.alloc_reg(span)?;
        self.emit(
            Instr::LoadInt {
                a: counter,
                value: crate::isa::Imm16(-1),
            },
            span,
        );
        self.expr(count, limit, false)?;
        let entry = self.emit_forward_jump(span);
        let body_start = self.pc();
        self.loop_body(body, None, dest, span)?;
        self.loop_test(entry, span)?;
        self.emit(
            Instr::AddI {
                a: counter,
                b: counter,
                imm: crate::isa::Imm8(1),
            },
            span,
        );
        let back = self.emit_jump(
            |to| Instr::JumpIfLt {
                a: counter,
                b: limit,
                to,
            },
            count.span,
        );
        self.patch_jump_to(back, body_start, span)?;
        self.finish_loop(span)?;
        self.free_to(mark);
        Ok(())
    }

    /// Binds a loop variable: a name names the register; a pattern (`[a b]`, `{^k v}`)
    /// takes the value in it apart (`destructure.rs`).
    fn bind_pattern(&mut self, pattern: &Datum, reg: Reg) -> Result<()> {
        let read = super::destructure::Pattern::read(pattern)?;
        let mode = super::destructure::BindMode {
            immutable: false,
            global: false,
        };
        self.bind_destructured(&read, reg, mode)
    }
}

/// A loop variable is a name or a pattern.
fn check_loop_pattern(pattern: &Datum) -> Result<()> {
    match &pattern.kind {
        gene_syntax::DatumKind::Symbol(_)
        | gene_syntax::DatumKind::Array { .. }
        | gene_syntax::DatumKind::Map { .. } => Ok(()),
        _ => Err(CompileError::new(
            "a loop variable is a name or a pattern such as `[a b]`",
            pattern.span,
        )),
    }
}
