//! Selector values (spec 17.4–17.7): the constructor `(@ "a" 0 *)`, the shorthand
//! `@a/0/*`, the selector call `(x ./ key default)` and the method `(x .@a/0)`. A selector
//! with literal segments only is one constant, made when the code is loaded.

use gene_syntax::{Datum, DatumKind, Span};

use super::path::{mode, parse_steps, Step};
use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};
use crate::proto::{Constant, SelectorPart};

impl Compiler<'_, '_> {
    /// `@name`, `@a/0/*`: the selector the shorthand spells.
    pub(super) fn selector_shorthand(
        &mut self,
        parts: &[String],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let steps = shorthand_steps(parts, span)?;
        self.selector_from(&steps, dest, span)
    }

    /// `(@ seg…)`: strings, ints and names are literal segments (a name is a key, or a mode
    /// such as `*`), `<expr>` and any other form are computed.
    pub(super) fn selector_form(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let steps = form_steps(args)?;
        if steps.is_empty() {
            return Err(CompileError::new(
                "a selector needs at least one segment: `(@ \"key\")`",
                span,
            ));
        }
        self.selector_from(&steps, dest, span)
    }

    /// The steps of a selector written in place (`@a`, `(@ "a")`), or `None` for an
    /// expression whose value is only known when it runs.
    pub(super) fn literal_selector_steps(&mut self, datum: &Datum) -> Result<Option<Vec<Step>>> {
        Ok(match &datum.kind {
            DatumKind::Symbol(name) if is_shorthand(name) => {
                Some(shorthand_steps(std::slice::from_ref(name), datum.span)?)
            }
            DatumKind::ComplexSymbol(parts) if parts[0].starts_with('@') => {
                Some(shorthand_steps(parts, datum.span)?)
            }
            DatumKind::Gene(gene) if gene.head.as_symbol() == Some("@") => {
                Some(form_steps(&gene.children)?)
            }
            _ => None,
        })
    }

    /// Makes the selector of `steps` into `dest`: a constant when every step is literal.
    pub(super) fn selector_from(&mut self, steps: &[Step], dest: Reg, span: Span) -> Result<()> {
        if let Some(Step::Method(name)) = steps.iter().find(|s| matches!(s, Step::Method(_))) {
            return Err(CompileError::new(
                format!(
                    "a selector has no method steps (`.{name}`); a function segment can call it"
                ),
                span,
            ));
        }
        if !steps.iter().any(|s| matches!(s, Step::Dynamic(_))) {
            let parts = steps
                .iter()
                .map(|step| match step {
                    Step::Key(key) => SelectorPart::Key(key.clone()),
                    Step::Index(index) => SelectorPart::Index(*index),
                    Step::Mode(mode) => SelectorPart::Mode(mode),
                    Step::Method(_) | Step::Dynamic(_) => unreachable!("checked above"),
                })
                .collect();
            let k = self.constant(Constant::Selector(parts), span)?;
            self.emit(Instr::LoadConst { a: dest, k }, span);
            return Ok(());
        }
        let count = u8::try_from(steps.len())
            .map_err(|_| CompileError::new("too many segments in one selector", span))?;
        let mark = self.reg_mark();
        let mut start = None;
        for step in steps {
            let reg = self.alloc_reg(span)?;
            start.get_or_insert(reg);
            match step {
                // At run time a string is a key and a name a mode.
                Step::Key(key) => {
                    let k = self.constant(Constant::Str(key.clone()), span)?;
                    self.emit(Instr::LoadConst { a: reg, k }, span);
                }
                Step::Index(index) => self.load_int(*index, reg, span)?,
                Step::Mode(mode) => {
                    let k = self.constant(Constant::Symbol(mode.to_string()), span)?;
                    self.emit(Instr::LoadConst { a: reg, k }, span);
                }
                Step::Dynamic(datum) => self.expr(datum, reg, false)?,
                Step::Method(_) => unreachable!("checked above"),
            }
        }
        self.emit(
            Instr::NewSelector {
                a: dest,
                start: start.expect("a dynamic step"),
                count: Count(count),
            },
            span,
        );
        self.free_to(mark);
        Ok(())
    }

    /// `(x ./ key)`, `(x ./ key default)` and `(./ x key default)`: one step (or a selector
    /// value) applied to `x`; the default replaces only a miss.
    pub(super) fn select_call(
        &mut self,
        target: &Datum,
        args: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let (key, default) = match args {
            [key] => (key, None),
            [key, default] => (key, Some(default)),
            _ => {
                return Err(CompileError::new(
                    "`./` takes a key or selector and an optional default: `(x ./ \"k\" 0)`",
                    span,
                ))
            }
        };
        let mark = self.reg_mark();
        let obj = self.operand(target)?;
        let key = self.operand(key)?;
        self.select_with(obj, key, default, dest, span)?;
        self.free_to(mark);
        Ok(())
    }

    /// `(x ./a/b)`, `(x ./a/b default)`: the path after `./` as a selector.
    pub(super) fn select_path(
        &mut self,
        target: &Datum,
        parts: &[String],
        args: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let default = match args {
            [] => None,
            [default] => Some(default),
            _ => {
                return Err(CompileError::new(
                    "`./path` takes an optional default: `(x ./a/b 0)`",
                    span,
                ))
            }
        };
        let steps = parse_steps(&parts[1..], span)?;
        if steps.is_empty() {
            return Err(CompileError::new("`./` needs a key after it", span));
        }
        let mark = self.reg_mark();
        let obj = self.operand(target)?;
        let selector = self.alloc_reg(span)?;
        self.selector_from(&steps, selector, span)?;
        self.select_with(obj, selector, default, dest, span)?;
        self.free_to(mark);
        Ok(())
    }

    fn select_with(
        &mut self,
        obj: Reg,
        key: Reg,
        default: Option<&Datum>,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let default = match default {
            Some(default) => self.operand(default)?,
            None => {
                let reg = self.alloc_reg(span)?;
                self.emit(Instr::LoadVoid { a: reg }, span);
                reg
            }
        };
        self.emit(
            Instr::Select {
                a: dest,
                b: obj,
                c: key,
                d: default,
            },
            span,
        );
        Ok(())
    }

    /// `(x .@a/0 more…)`: the method `@` with the shorthand's selector (`@a/0`) as its first
    /// segment.
    pub(super) fn selector_method(
        &mut self,
        receiver: &Datum,
        shorthand: &[String],
        args: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let mut parts = shorthand.to_vec();
        let first = Datum {
            kind: if parts.len() == 1 {
                DatumKind::Symbol(parts.pop().expect("one part"))
            } else {
                DatumKind::ComplexSymbol(parts)
            },
            span,
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(first);
        all.extend_from_slice(args);
        self.method_call(receiver, "@", &all, &Default::default(), dest, span)
    }
}

/// Whether a symbol is a selector shorthand (`@name`; `@` alone is the constructor).
pub(super) fn is_shorthand(name: &str) -> bool {
    name.len() > 1 && name.starts_with('@')
}

fn shorthand_steps(parts: &[String], span: Span) -> Result<Vec<Step>> {
    let mut parts = parts.to_vec();
    parts[0] = parts[0][1..].to_string();
    let steps = parse_steps(&parts, span)?;
    if let Some(Step::Method(name)) = steps.iter().find(|s| matches!(s, Step::Method(_))) {
        return Err(CompileError::new(
            format!("a selector has no method steps (`.{name}`); a function segment can call it"),
            span,
        ));
    }
    Ok(steps)
}

fn form_steps(args: &[Datum]) -> Result<Vec<Step>> {
    let mut steps = Vec::with_capacity(args.len());
    for arg in args {
        steps.push(match &arg.kind {
            DatumKind::Str(key) => Step::Key(key.clone()),
            DatumKind::Int(index) => Step::Index(*index),
            DatumKind::Symbol(name) if name.starts_with('<') && name.len() > 1 => {
                dynamic_step(std::slice::from_ref(name), arg.span)?
            }
            DatumKind::ComplexSymbol(parts) if parts[0].starts_with('<') => {
                dynamic_step(parts, arg.span)?
            }
            DatumKind::Symbol(name) => match mode(name) {
                Some(mode) => Step::Mode(mode),
                None => Step::Key(name.clone()),
            },
            _ => Step::Dynamic(arg.clone()),
        });
    }
    Ok(steps)
}

/// `<expr>` written as one argument of `(@ …)`.
fn dynamic_step(parts: &[String], span: Span) -> Result<Step> {
    match parse_steps(parts, span)?.as_slice() {
        [step @ Step::Dynamic(_)] => Ok(step.clone()),
        _ => Err(CompileError::new(
            format!("`{}` is not one dynamic segment `<expr>`", parts.join("/")),
            span,
        )),
    }
}
