//! `(async expr)` and `(await future…)` (spec 10.1, 10.4).
//!
//! `async` runs its expression at once, as the spec says, so it is a `try` around the
//! expression whose two ends make a settled future: `Completed` with the value, `Failed`
//! with the exception. A `return` or `break` inside leaves through the try level like any
//! other, so it is not captured. `await` is one instruction, since waiting runs the event
//! loop in the VM (decisions.md, "Built-ins that wait").

use gene_syntax::{Datum, Props, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};

impl Compiler<'_, '_> {
    /// `(async expr)`: a future completed with the value of `expr`, or failed with what it
    /// raised.
    pub(super) fn async_form(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        self.take_unused();
        let [expr] = args else {
            return Err(CompileError::new(
                "`async` takes exactly one expression",
                span,
            ));
        };
        let mark = self.reg_mark();
        let exception = self.alloc_reg(span)?;
        let handler = self.emit_try_begin(exception, span);
        self.enter_try(None);
        self.expr(expr, dest, false)?;
        self.func().tries.pop();
        self.emit(Instr::TryEnd {}, span);
        self.emit(Instr::Completed { a: dest, b: dest }, span);
        let done = self.emit_forward_jump(span);
        self.patch_try(handler, span)?;
        self.emit(
            Instr::Failed {
                a: dest,
                b: exception,
            },
            span,
        );
        self.patch_jump(done, span)?;
        self.free_to(mark);
        Ok(())
    }

    /// `(await f)`, `(await ^timeout t f)`; with several futures, an array of their values,
    /// each awaited in turn (as the reference does).
    pub(super) fn await_form(
        &mut self,
        args: &[Datum],
        props: &Props,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        self.take_unused();
        if args.is_empty() {
            return Err(CompileError::new("`await` needs a future", span));
        }
        let mut timeout = None;
        for (key, value) in props {
            if key.as_str() != "timeout" {
                return Err(CompileError::new(
                    format!("`await` takes only `^timeout`, not `^{key}`"),
                    value.span,
                ));
            }
            timeout = Some(value);
        }
        let mark = self.reg_mark();
        let timeout = match timeout {
            Some(value) => Some(self.operand(value)?),
            None => None,
        };
        let wait = |a: Reg, b: Reg| match timeout {
            Some(c) => Instr::AwaitFor { a, b, c },
            None => Instr::Await { a, b },
        };
        if let [future] = args {
            let future = self.operand(future)?;
            self.emit(wait(dest, future), span);
            self.free_to(mark);
            return Ok(());
        }
        let count = u8::try_from(args.len())
            .ok()
            .filter(|&n| n < u8::MAX)
            .ok_or_else(|| CompileError::new("`await` takes at most 254 futures", span))?;
        let mut first = None;
        for future in args {
            let reg = self.alloc_reg(future.span)?;
            first.get_or_insert(reg);
            self.expr(future, reg, false)?;
        }
        let first = first.expect("at least two futures");
        for index in 0..count {
            let reg = Reg(first.0 + index);
            self.emit(wait(reg, reg), span);
        }
        self.emit(
            Instr::NewArray {
                a: dest,
                start: first,
                count: Count(count),
            },
            span,
        );
        self.free_to(mark);
        Ok(())
    }
}
