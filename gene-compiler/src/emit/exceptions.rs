//! `(throw value)` and `(try body… catch Pattern body… … finally body…)`.
//!
//! A `try` pushes a handler (`TryBegin`) naming where to go and which register receives the
//! exception; `TryEnd` pops it on the normal path. The catch clauses test the exception in
//! order; with none matching it is thrown on. A `finally` body runs on every path: after the
//! body, after a catch clause, and before an exception leaves (a second handler around the
//! clauses catches one raised inside them).
//!
//! A `return`, `break` or `continue` that leaves a `try` does not raise, so no handler sees
//! it: the jump itself pops the handlers it leaves and runs their `finally` bodies, compiled
//! again in place ([`Compiler::leave_tries`]).

use std::rc::Rc;

use bumpalo::collections::Vec as BVec;
use gene_syntax::{Datum, DatumKind, Span};

use super::reserved::Binding;
use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Jump, Reg};

/// What a `catch` clause matches.
enum CatchPattern<'a> {
    /// `catch *` or `catch _`.
    Any,
    /// `catch name`: any exception, bound to `name`.
    Bind(&'a str),
    /// `catch ClassName` (or a path to a class, `geo/ParseError`).
    Class(&'a Datum),
    /// `catch {^message m ^cause c}`: any exception, its properties bound to names.
    Props(&'a gene_syntax::Props),
}

/// A `try` whose protected code (its body, or its catch clauses when it has a `finally`)
/// encloses the code being compiled.
pub(super) struct TryLevel {
    /// Compiled again at every `return`, `break` or `continue` that leaves through here.
    finally: Option<Rc<[Datum]>>,
    /// How many locals and loops were open where the `try` stands: a `finally` compiled at
    /// a jump sees only those, as it does where it is written.
    locals: usize,
    loops: usize,
}

struct CatchClause<'a> {
    pattern: CatchPattern<'a>,
    body: &'a [Datum],
    span: Span,
}

/// What a `catch` clause's pattern datum says.
fn catch_pattern(pattern: &Datum) -> Result<CatchPattern<'_>> {
    Ok(match &pattern.kind {
        DatumKind::Symbol(name) if name == "*" || name == "_" => CatchPattern::Any,
        DatumKind::Symbol(name) if name.starts_with(|c: char| c.is_uppercase()) => {
            CatchPattern::Class(pattern)
        }
        DatumKind::Symbol(name) => CatchPattern::Bind(name),
        DatumKind::ComplexSymbol(_) => CatchPattern::Class(pattern),
        DatumKind::Map { props, .. } => CatchPattern::Props(props),
        DatumKind::Array { .. } => {
            return Err(CompileError::new(
                "an exception has no items to take apart with `[…]`; bind its properties with `{^message m}`",
                pattern.span,
            ))
        }
        _ => {
            return Err(CompileError::new(
                "a catch pattern is `*`, a name, a class or `{^message m}`",
                pattern.span,
            ))
        }
    })
}

impl Compiler<'_, '_> {
    pub(super) fn throw(&mut self, args: &[Datum], span: Span) -> Result<()> {
        self.with_optional_value(args, "throw", span, |a| Instr::Throw { a })
    }

    pub(super) fn try_form(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let is_keyword = |d: &Datum| matches!(d.as_symbol(), Some("catch" | "finally"));
        let body_end = args.iter().position(is_keyword).unwrap_or(args.len());
        let body = &args[..body_end];
        let mut clauses = BVec::new_in(self.arena);
        let mut finally: Option<&[Datum]> = None;
        let mut at = body_end;
        while at < args.len() {
            let end = args[at + 1..]
                .iter()
                .position(is_keyword)
                .map_or(args.len(), |p| at + 1 + p);
            match args[at].as_symbol() {
                Some("catch") => {
                    if finally.is_some() {
                        return Err(CompileError::new(
                            "`catch` must come before `finally`",
                            args[at].span,
                        ));
                    }
                    let Some(pattern) = args.get(at + 1).filter(|_| at + 1 < end) else {
                        return Err(CompileError::new(
                            "`catch` needs a pattern: `*`, a name or a class",
                            args[at].span,
                        ));
                    };
                    let pattern = catch_pattern(pattern)?;
                    if let CatchPattern::Bind(name) = pattern {
                        self.check_bindable(name, Binding::Variable, args[at + 1].span)?;
                    }
                    clauses.push(CatchClause {
                        pattern,
                        body: &args[at + 2..end],
                        span: args[at].span,
                    });
                }
                _ => {
                    if finally.is_some() {
                        return Err(CompileError::new(
                            "only one `finally` is allowed",
                            args[at].span,
                        ));
                    }
                    finally = Some(&args[at + 1..end]);
                }
            }
            at = end;
        }
        if clauses.is_empty() && finally.is_none() {
            return Err(CompileError::new(
                "`try` needs a `catch` or a `finally`",
                span,
            ));
        }

        // Cloned once, so jumps out of the body can compile it again after this borrow ends.
        let finally: Option<Rc<[Datum]>> = finally.map(Rc::from);
        let mark = self.reg_mark();
        let exception = self.alloc_reg(span)?;
        let handler = self.emit_try_begin(exception, span);
        self.enter_try(finally.clone());
        self.scoped_block(body, dest, false, span)?;
        self.func().tries.pop();
        self.emit(Instr::TryEnd {}, span);
        if let Some(finally) = &finally {
            self.run_finally(finally, span)?;
        }
        let mut ends = BVec::new_in(self.arena);
        ends.push(self.emit_forward_jump(span));

        self.patch_try(handler, span)?;
        if let (true, Some(finally)) = (clauses.is_empty(), &finally) {
            // Only a `finally`: it runs, and the exception goes on.
            self.run_finally(finally, span)?;
            self.emit(Instr::Throw { a: exception }, span);
            for end in ends {
                self.patch_jump(end, span)?;
            }
            self.free_to(mark);
            return Ok(());
        }
        // Inside the clauses a second handler makes sure `finally` runs if they raise.
        let inner = match &finally {
            Some(_) => {
                let inner = self.emit_try_begin(exception, span);
                self.enter_try(finally.clone());
                Some(inner)
            }
            None => None,
        };
        let mut handled = BVec::new_in(self.arena);
        for clause in &clauses {
            let skip = match clause.pattern {
                CatchPattern::Class(class) => {
                    let test_mark = self.reg_mark();
                    let test = self.alloc_reg(clause.span)?;
                    // The class is a value like any other (a global, a namespace member), so
                    // the test is by identity and covers the class's subclasses.
                    let class = self.operand(class)?;
                    self.emit(
                        Instr::Catches {
                            a: test,
                            b: exception,
                            c: class,
                        },
                        clause.span,
                    );
                    let skip = self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, clause.span);
                    self.free_to(test_mark);
                    Some(skip)
                }
                _ => None,
            };
            self.begin_scope();
            self.name_register("$ex", exception);
            match clause.pattern {
                CatchPattern::Bind(name) => self.name_register(name, exception),
                CatchPattern::Props(props) => self.bind_exception_props(props, exception)?,
                CatchPattern::Any | CatchPattern::Class(_) => {}
            }
            let scratch_mark = self.reg_mark();
            self.block(clause.body, dest, false, clause.span)?;
            self.free_to(scratch_mark);
            self.end_scope(clause.span);
            handled.push(self.emit_forward_jump(clause.span));
            if let Some(skip) = skip {
                self.patch_jump(skip, clause.span)?;
            }
        }
        // No clause matched: the exception goes on (through `finally` if there is one).
        self.emit(Instr::Throw { a: exception }, span);
        for jump in handled {
            self.patch_jump(jump, span)?;
        }
        if let (Some(inner), Some(finally)) = (inner, &finally) {
            self.func().tries.pop();
            self.emit(Instr::TryEnd {}, span);
            self.run_finally(finally, span)?;
            ends.push(self.emit_forward_jump(span));
            self.patch_try(inner, span)?;
            self.run_finally(finally, span)?;
            self.emit(Instr::Throw { a: exception }, span);
        }
        for end in ends {
            self.patch_jump(end, span)?;
        }
        self.free_to(mark);
        Ok(())
    }

    /// `{^message m …}`: each name a local holding that property of the exception.
    fn bind_exception_props(&mut self, props: &gene_syntax::Props, exception: Reg) -> Result<()> {
        for (key, target) in props {
            let Some(name) = target.as_symbol() else {
                return Err(CompileError::new(
                    "in `catch {^key name}` each property is bound to a name",
                    target.span,
                ));
            };
            self.check_bindable(name, Binding::Variable, target.span)?;
            let reg = self.declare_local(name, target.span)?;
            let (key, ic) = self.named_site(key, target.span)?;
            self.emit(
                Instr::GetProp {
                    a: reg,
                    obj: exception,
                    key,
                    ic,
                },
                target.span,
            );
        }
        Ok(())
    }

    /// Opens a try level for the code about to be compiled.
    pub(super) fn enter_try(&mut self, finally: Option<Rc<[Datum]>>) {
        let func = self.func();
        let level = TryLevel {
            finally,
            locals: func.locals.len(),
            loops: func.loops.len(),
        };
        func.tries.push(level);
    }

    /// The outermost of the open try levels with a `finally`, if any.
    pub(super) fn outermost_finally(&mut self) -> Option<usize> {
        self.func().tries.iter().position(|t| t.finally.is_some())
    }

    /// Whether leaving the try levels from `outer` up runs a `finally`.
    pub(super) fn finally_from(&mut self, outer: usize) -> bool {
        self.func().tries[outer..]
            .iter()
            .any(|t| t.finally.is_some())
    }

    /// Leaves the try levels from `outer` up, innermost first, for a `return`, `break` or
    /// `continue`: pops each one's handler, then runs its `finally` (after the pop, so an
    /// exception the `finally` raises goes to the handlers outside it).
    pub(super) fn leave_tries(&mut self, outer: usize, span: Span) -> Result<()> {
        for level in (outer..self.func().tries.len()).rev() {
            self.emit(Instr::TryEnd {}, span);
            let func = self.func();
            let Some(body) = func.tries[level].finally.clone() else {
                continue;
            };
            // The body sees what it sees where it is written: the locals, loops and try
            // levels outside its `try`, so its own `return` or `break` leaves from there.
            let (locals, loops) = (func.tries[level].locals, func.tries[level].loops);
            let hidden_tries = func.tries.split_off(level);
            let hidden_locals = func.locals.split_off(locals);
            let hidden_loops = func.loops.split_off(loops);
            let result = self.run_finally(&body, span);
            let func = self.func();
            func.tries.extend(hidden_tries);
            func.locals.extend(hidden_locals);
            func.loops.extend(hidden_loops);
            result?;
        }
        Ok(())
    }

    fn run_finally(&mut self, body: &[Datum], span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let scratch = self.alloc_reg(span)?;
        // Its value is never used.
        self.scoped_block_with(body, scratch, false, span, false)?;
        self.free_to(mark);
        Ok(())
    }

    pub(super) fn emit_try_begin(&mut self, exception: Reg, span: Span) -> usize {
        self.emit(
            Instr::TryBegin {
                a: exception,
                to: Jump(0),
            },
            span,
        )
    }

    /// Points the `TryBegin` at `at` to the current end of code.
    pub(super) fn patch_try(&mut self, at: usize, span: Span) -> Result<()> {
        let target = self.pc();
        let code = &mut self.func().proto.code;
        let (instr, next) = Instr::decode(code, at).expect("emitted here");
        let Instr::TryBegin { a, .. } = instr else {
            unreachable!("{instr:?} is not a TryBegin")
        };
        let distance = i32::try_from(target as i64 - next as i64)
            .ok()
            .filter(|d| (Jump::MIN..=Jump::MAX).contains(d))
            .ok_or_else(|| {
                CompileError::new("this `try` is too long; split it into functions", span)
            })?;
        let patched = Instr::TryBegin {
            a,
            to: Jump(distance),
        };
        super::overwrite(code, at, patched);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use gene_syntax::Span;

    use super::super::{Compiler, FunctionState};
    use crate::isa::{Jump, Reg};
    use crate::Globals;

    // Bodies this long take millions of statements to write, so the code is padded instead.
    fn padded(compiler: &mut Compiler, words: usize) {
        let code = &mut compiler.func().proto.code;
        code.resize(code.len() + words, 0);
    }

    #[test]
    fn a_try_longer_than_a_jump_is_an_error() {
        let mut globals = Globals::new();
        let span = Span::new(3, 9);
        let arena = bumpalo::Bump::new();
        let main = FunctionState::new("<main>", None, span, &arena);
        let mut compiler = Compiler::new(&mut globals, &arena, vec![main]);
        let at = compiler.emit_try_begin(Reg(0), span);
        padded(&mut compiler, Jump::MAX as usize);
        assert_eq!(compiler.patch_try(at, span), Ok(()));
        padded(&mut compiler, 1);
        let error = compiler.patch_try(at, span).expect_err("past the limit");
        assert_eq!(
            (error.message.as_str(), error.span),
            ("this `try` is too long; split it into functions", span)
        );
    }

    #[test]
    fn a_loop_longer_than_a_jump_is_an_error() {
        let mut globals = Globals::new();
        let span = Span::new(1, 2);
        let arena = bumpalo::Bump::new();
        let main = FunctionState::new("<main>", None, span, &arena);
        let mut compiler = Compiler::new(&mut globals, &arena, vec![main]);
        // A jump back reaches one word further than a jump forward.
        padded(&mut compiler, Jump::MAX as usize);
        assert_eq!(compiler.emit_loop(0, span), Ok(()));
        let error = compiler.emit_loop(0, span).expect_err("past the limit");
        assert_eq!(error.message, "this loop body is too long");
    }
}
