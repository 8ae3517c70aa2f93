//! Leaving a function early: `(return [value])` and `(expr ?)`, the operator that unwraps a
//! built-in `Ok`/`Some` and returns a built-in `Err`/`None` from the function (spec 2.5).
//! Both leave through [`Compiler::leave_function`], which runs the `finally` blocks the
//! exit crosses.

use gene_syntax::{Datum, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};

impl Compiler<'_, '_> {
    pub(super) fn return_form(&mut self, args: &[Datum], span: Span) -> Result<()> {
        if args.len() > 1 {
            return Err(CompileError::new("`return` takes at most one value", span));
        }
        let mark = self.reg_mark();
        let value = match args.first() {
            None => {
                let reg = self.alloc_reg(span)?;
                self.emit(Instr::LoadNil { a: reg }, span);
                reg
            }
            Some(datum) => self.operand(datum)?,
        };
        self.leave_function(value, span)?;
        self.free_to(mark);
        Ok(())
    }

    /// `(yield value)`: hands the value to whoever asked the generator for its next one; the
    /// form's own value is nil (generators are pull-only).
    pub(super) fn yield_form(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        if !self.func().proto.generator {
            return Err(CompileError::new(
                "`yield` is only meaningful in a generator function (`fn name* […] …` or \
                 `fn ^^generator […] …`)",
                span,
            ));
        }
        self.with_optional_value(args, "yield", span, |a| Instr::Yield { a })?;
        self.emit(Instr::LoadNil { a: dest }, span);
        Ok(())
    }

    /// `(expr ?)`: the value inside a built-in `Ok` or `Some`, any value but a built-in
    /// `Err` or `None` as it is, and for those two an early return of them.
    pub(super) fn try_unwrap(
        &mut self,
        operand: &Datum,
        rest: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        if !rest.is_empty() {
            return Err(CompileError::new(
                "`?` comes last, after the value it unwraps: `(value ?)`",
                rest[0].span,
            ));
        }
        if self.functions.len() == 1 {
            return Err(CompileError::new(
                "`?` returns early from a function, and this is not inside one; use `case` \
                 to look inside a Result or Option here",
                span,
            ));
        }
        let mark = self.reg_mark();
        let value = self.operand(operand)?;
        let unwrapped = self.emit_jump(
            |to| Instr::TryUnwrap {
                a: dest,
                b: value,
                to,
            },
            span,
        );
        self.leave_function(value, span)?;
        self.patch_jump(unwrapped, span)?;
        self.free_to(mark);
        Ok(())
    }

    /// Returns the value in `value` from the running function, through every `finally`
    /// the exit crosses, checking the function's postconditions last.
    pub(super) fn leave_function(&mut self, value: Reg, span: Span) -> Result<()> {
        // A constructor returns its instance, whatever `return` (or `?`) was given.
        let value = if self.func().receiver == super::function::Receiver::Constructor {
            Reg(0)
        } else {
            value
        };
        let checks_result = self.func().contracts.is_some();
        // Handlers of the frame go with it, so only a `finally` needs work before returning
        // (and postconditions, whose failure no `catch` of the function may see).
        let outermost = if checks_result && !self.func().tries.is_empty() {
            Some(0)
        } else {
            self.outermost_finally()
        };
        let Some(outermost) = outermost else {
            self.emit_postconditions(value, span)?;
            self.emit(Instr::Return { a: value }, span);
            return Ok(());
        };
        // The value is copied first, a local's too: a `finally` that assigns the variable
        // does not change what is returned.
        let mark = self.reg_mark();
        let copy = self.alloc_reg(span)?;
        self.emit(Instr::Move { a: copy, b: value }, span);
        self.leave_tries(outermost, span)?;
        self.emit_postconditions(copy, span)?;
        self.emit(Instr::Return { a: copy }, span);
        self.free_to(mark);
        Ok(())
    }
}
