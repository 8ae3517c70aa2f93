//! Special forms (`var`, `if`, `do`, loops, `fn`, `return`) and calls.

use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::{CompileError, Compiler, FunctionState, Resolved, Result};
use crate::isa::{Count, Imm16, Instr, ProtoIdx, Reg};
use crate::proto::Constant;

/// A loop being compiled: where `break` jumps from and where `continue` goes.
pub(super) struct LoopContext {
    pub(super) breaks: Vec<usize>,
    pub(super) continue_target: usize,
    pub(super) result: Reg,
}

impl Compiler<'_> {
    /// Compiles `datum`, leaving its value in `dest`. `tail` says the value is the enclosing
    /// function's result, so a call there can be a tail call.
    pub(super) fn expr(&mut self, datum: &Datum, dest: Reg, tail: bool) -> Result<()> {
        let span = datum.span;
        match &datum.kind {
            DatumKind::Nil => self.emit(Instr::LoadNil { a: dest }, span),
            DatumKind::Void => self.emit(Instr::LoadVoid { a: dest }, span),
            DatumKind::Bool(true) => self.emit(Instr::LoadTrue { a: dest }, span),
            DatumKind::Bool(false) => self.emit(Instr::LoadFalse { a: dest }, span),
            DatumKind::Int(n) => match i16::try_from(*n) {
                Ok(small) => self.emit(
                    Instr::LoadInt {
                        a: dest,
                        value: Imm16(small),
                    },
                    span,
                ),
                Err(_) => {
                    let k = self.constant(Constant::Int(*n), span)?;
                    self.emit(Instr::LoadConst { a: dest, k }, span)
                }
            },
            DatumKind::Float(x) => {
                let k = self.constant(Constant::Float(*x), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span)
            }
            DatumKind::Str(text) => {
                let k = self.constant(Constant::Str(text.clone()), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span)
            }
            DatumKind::Symbol(name) => return self.symbol(name, dest, span),
            DatumKind::Gene(gene) => return self.gene(gene, dest, tail, span),
            other => {
                return Err(CompileError::new(
                    format!("{} is not compiled yet", describe(other)),
                    span,
                ))
            }
        };
        Ok(())
    }

    fn symbol(&mut self, name: &str, dest: Reg, span: Span) -> Result<()> {
        match self.resolve(name, span)? {
            Resolved::Local(reg) => {
                if reg != dest {
                    self.emit(Instr::Move { a: dest, b: reg }, span);
                }
            }
            Resolved::Global(slot) => {
                self.emit(Instr::GetGlobal { a: dest, slot }, span);
            }
        }
        Ok(())
    }

    fn gene(&mut self, gene: &Gene, dest: Reg, tail: bool, span: Span) -> Result<()> {
        if let Some(op) = super::infix::infix_operator(gene) {
            return self.infix(gene, op, dest, span);
        }
        if let Some(head) = gene.head.as_symbol() {
            let args = &gene.children;
            match head {
                "var" => return self.var(args, dest, span),
                "do" => return self.scoped_block(args, dest, tail, span),
                "if" => return self.if_form(args, dest, tail, span),
                "ifel" => return self.ifel(args, dest, tail, span),
                "while" => return self.while_loop(args, dest, span),
                "loop" => return self.loop_form(args, dest, span),
                "break" => return self.break_form(args, span),
                "continue" => return self.continue_form(span),
                "fn" | "fnx" => return self.function(args, dest, span),
                "return" => return self.return_form(args, span),
                _ => {
                    if let Some(op) = super::infix::prefix_operator(head) {
                        return self.prefix(op, args, dest, span);
                    }
                }
            }
        }
        self.call(gene, dest, tail, span)
    }

    /// `(var name)` or `(var name value)`; `(var name: Type value)` ignores the type.
    fn var(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some(name) = args.first().and_then(Datum::as_symbol) else {
            return Err(CompileError::new("`var` needs a name", span));
        };
        let (name, rest) = match name.strip_suffix(':') {
            Some(name) => (name, args.get(2..).unwrap_or(&[])),
            None => (name, &args[1..]),
        };
        if rest.len() > 1 {
            return Err(CompileError::new("`var` takes a name and one value", span));
        }
        if self.at_top_level() {
            match rest.first() {
                Some(value) => self.expr(value, dest, false)?,
                None => {
                    self.emit(Instr::LoadNil { a: dest }, span);
                }
            }
            let slot = self.globals.slot(name);
            self.emit(Instr::SetGlobal { a: dest, slot }, span);
            return Ok(());
        }
        // The value is compiled before the name exists, so `(var x (x + 1))` reads the outer x.
        let reg = self.alloc_reg(span)?;
        match rest.first() {
            Some(value) => self.expr(value, reg, false)?,
            None => {
                self.emit(Instr::LoadNil { a: reg }, span);
            }
        }
        let func = self.func();
        let depth = func.scope_depth;
        func.locals.push(super::Local {
            name: name.to_string(),
            reg,
            depth,
        });
        self.emit(Instr::Move { a: dest, b: reg }, span);
        Ok(())
    }

    /// `(if c [then] a… [elif c2 [then] b…]… [else d…])`.
    fn if_form(&mut self, args: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        let Some((condition, rest)) = args.split_first() else {
            return Err(CompileError::new("`if` needs a condition", span));
        };
        let rest = match rest.first().and_then(Datum::as_symbol) {
            Some("then") => &rest[1..],
            _ => rest,
        };
        let branch_end = rest
            .iter()
            .position(|d| matches!(d.as_symbol(), Some("elif" | "else")))
            .unwrap_or(rest.len());
        let mark = self.reg_mark();
        let test = self.operand(condition)?;
        let skip = self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, condition.span);
        self.free_to(mark);
        self.scoped_block(&rest[..branch_end], dest, tail, span)?;
        let after = &rest[branch_end..];
        let done = self.emit_forward_jump(span);
        self.patch_jump(skip, span)?;
        match after.first().and_then(Datum::as_symbol) {
            None => {
                self.emit(Instr::LoadNil { a: dest }, span);
            }
            Some("elif") => self.if_form(&after[1..], dest, tail, span)?,
            Some(_) => self.scoped_block(&after[1..], dest, tail, span)?,
        }
        self.patch_jump(done, span)
    }

    /// `(ifel c a b)`.
    fn ifel(&mut self, args: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        let [condition, yes, no] = args else {
            return Err(CompileError::new(
                "`ifel` takes a condition and two values",
                span,
            ));
        };
        let mark = self.reg_mark();
        let test = self.operand(condition)?;
        let skip = self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, condition.span);
        self.free_to(mark);
        self.expr(yes, dest, tail)?;
        let done = self.emit_forward_jump(span);
        self.patch_jump(skip, span)?;
        self.expr(no, dest, tail)?;
        self.patch_jump(done, span)
    }

    /// `(while cond body…)`: its value is nil, or what a `break` gives.
    fn while_loop(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some((condition, body)) = args.split_first() else {
            return Err(CompileError::new("`while` needs a condition", span));
        };
        self.emit(Instr::LoadNil { a: dest }, span);
        let start = self.pc();
        let mark = self.reg_mark();
        let test = self.operand(condition)?;
        let exit = self.emit_jump(|to| Instr::JumpIfFalse { a: test, to }, condition.span);
        self.free_to(mark);
        self.loop_body(body, start, dest, span)?;
        self.emit_loop(start, span)?;
        self.patch_jump(exit, span)?;
        self.finish_loop(span)
    }

    /// `(loop body…)`: runs until a `break`.
    fn loop_form(&mut self, body: &[Datum], dest: Reg, span: Span) -> Result<()> {
        self.emit(Instr::LoadNil { a: dest }, span);
        let start = self.pc();
        self.loop_body(body, start, dest, span)?;
        self.emit_loop(start, span)?;
        self.finish_loop(span)
    }

    fn loop_body(&mut self, body: &[Datum], start: usize, result: Reg, span: Span) -> Result<()> {
        self.func().loops.push(LoopContext {
            breaks: Vec::new(),
            continue_target: start,
            result,
        });
        let mark = self.reg_mark();
        let scratch = self.alloc_reg(span)?;
        self.scoped_block(body, scratch, false, span)?;
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

    /// `(break)` or `(break value)`.
    fn break_form(&mut self, args: &[Datum], span: Span) -> Result<()> {
        let Some(result) = self.func().loops.last().map(|l| l.result) else {
            return Err(CompileError::new("`break` outside a loop", span));
        };
        match args {
            [] => {
                self.emit(Instr::LoadNil { a: result }, span);
            }
            [value] => self.expr(value, result, false)?,
            _ => return Err(CompileError::new("`break` takes at most one value", span)),
        }
        let jump = self.emit_forward_jump(span);
        self.func()
            .loops
            .last_mut()
            .expect("checked")
            .breaks
            .push(jump);
        Ok(())
    }

    fn continue_form(&mut self, span: Span) -> Result<()> {
        let Some(target) = self.func().loops.last().map(|l| l.continue_target) else {
            return Err(CompileError::new("`continue` outside a loop", span));
        };
        self.emit_loop(target, span)
    }

    /// `(fn name [params] body…)`, `(fn [params] body…)`, and the older `(fn name a body…)`
    /// and `_` forms.
    fn function(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let (name, rest) = match args.first() {
            Some(d) if d.as_symbol().is_some_and(|n| n != "_") && args.len() >= 2 => {
                (d.as_symbol().map(str::to_string), &args[1..])
            }
            _ => (None, args),
        };
        let Some((params, body)) = rest.split_first() else {
            return Err(CompileError::new("`fn` needs a parameter list", span));
        };
        let params: Vec<&Datum> = match &params.kind {
            DatumKind::Array { items, .. } => items.iter().collect(),
            DatumKind::Symbol(s) if s == "_" => Vec::new(),
            DatumKind::Symbol(_) => vec![params],
            _ => {
                return Err(CompileError::new(
                    "parameters are written `[a b]`",
                    params.span,
                ))
            }
        };
        let display_name = name.clone().unwrap_or_else(|| "<anonymous>".to_string());
        self.functions
            .push(FunctionState::new(&display_name, name.clone(), span));
        self.begin_scope();
        for param in &params {
            let Some(param_name) = param.as_symbol() else {
                return Err(CompileError::new(
                    "only plain parameter names are compiled yet",
                    param.span,
                ));
            };
            self.declare_local(param_name, param.span)?;
        }
        let arity = u8::try_from(params.len())
            .map_err(|_| CompileError::new("too many parameters", span))?;
        self.func().proto.arity = arity;
        let result = self.alloc_reg(span)?;
        self.block(body, result, true, span)?;
        self.emit(Instr::Return { a: result }, span);
        let finished = self.functions.pop().expect("pushed above");
        let protos = &mut self.func().proto.protos;
        protos.push(finished.proto);
        let index = u16::try_from(protos.len() - 1)
            .map_err(|_| CompileError::new("too many functions in one function", span))?;
        self.emit(
            Instr::Closure {
                a: dest,
                proto: ProtoIdx(index),
            },
            span,
        );
        if let Some(name) = name {
            if self.at_top_level() {
                let slot = self.globals.slot(&name);
                self.emit(Instr::SetGlobal { a: dest, slot }, span);
            } else {
                let reg = self.declare_local(&name, span)?;
                self.emit(Instr::Move { a: reg, b: dest }, span);
            }
        }
        Ok(())
    }

    fn return_form(&mut self, args: &[Datum], span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let value = match args {
            [] => {
                let reg = self.alloc_reg(span)?;
                self.emit(Instr::LoadNil { a: reg }, span);
                reg
            }
            [value] => self.operand(value)?,
            _ => return Err(CompileError::new("`return` takes at most one value", span)),
        };
        self.emit(Instr::Return { a: value }, span);
        self.free_to(mark);
        Ok(())
    }

    /// `(f args…)`: the callee and its arguments go in consecutive registers.
    fn call(&mut self, gene: &Gene, dest: Reg, tail: bool, span: Span) -> Result<()> {
        if !gene.props.is_empty() {
            return Err(CompileError::new(
                "keyword arguments are not compiled yet",
                span,
            ));
        }
        let argc = u8::try_from(gene.children.len())
            .map_err(|_| CompileError::new("too many arguments", span))?;
        let mark = self.reg_mark();
        let base = self.alloc_reg(span)?;
        let calls_itself = gene.head.as_symbol().is_some_and(|name| {
            let func = self.functions.last().expect("open");
            func.self_name.as_deref() == Some(name) && !func.locals.iter().any(|l| l.name == name)
        });
        if !calls_itself {
            self.expr(&gene.head, base, false)?;
        }
        for arg in &gene.children {
            let reg = self.alloc_reg(arg.span)?;
            self.expr(arg, reg, false)?;
        }
        let in_function = self.functions.len() > 1;
        let (func, argc) = (base, Count(argc));
        let instr = match (calls_itself, tail && in_function) {
            (true, true) => Instr::TailCallSelf { func, argc },
            (false, true) => Instr::TailCall { func, argc },
            (true, false) => Instr::CallSelf { func, argc },
            (false, false) => Instr::Call { func, argc },
        };
        self.emit(instr, span);
        if base != dest {
            self.emit(Instr::Move { a: dest, b: base }, span);
        }
        self.free_to(mark);
        Ok(())
    }
}

fn describe(kind: &DatumKind) -> &'static str {
    match kind {
        DatumKind::NotFound => "`not_found`",
        DatumKind::Char(_) => "a character literal",
        DatumKind::Interp(_) => "string interpolation",
        DatumKind::ComplexSymbol(_) => "a path such as `a/b`",
        DatumKind::Array { .. } => "an array literal",
        DatumKind::Map { .. } | DatumKind::HashMap { .. } => "a map literal",
        DatumKind::Quote(_) => "quoting",
        DatumKind::Unquote { .. } => "unquoting",
        DatumKind::Regex(_) => "a regex literal",
        DatumKind::Bytes(_) => "a bytes literal",
        DatumKind::Date(_) | DatumKind::Time(_) | DatumKind::DateTime(_) => "a date or time",
        _ => "this form",
    }
}
