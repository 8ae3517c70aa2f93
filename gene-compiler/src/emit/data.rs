//! Data in code: array and map literals, quoted data, string interpolation and method calls
//! `(x .m args)`. Slash paths are in `path.rs`, selectors in `selector.rs`.

use gene_syntax::{Datum, DatumKind, InterpPart, Props, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{ConstIdx, Count, IcSlot, Imm16, Instr, Reg};
use crate::proto::Constant;

/// How many element registers an array literal fills before handing them to the array.
const CHUNK: usize = 32;

impl Compiler<'_, '_> {
    fn ic_slot(&mut self, span: Span) -> Result<IcSlot> {
        let proto = &mut self.func().proto;
        let slot = proto.ic_slots;
        proto.ic_slots = slot
            .checked_add(1)
            .ok_or_else(|| CompileError::new("too many property sites in one function", span))?;
        Ok(IcSlot(slot))
    }

    /// Where a call's callee goes (its result replaces it): `dest` itself when it is the
    /// newest temporary, so the result needs no move, else a fresh register.
    pub(super) fn call_base(&mut self, dest: Reg, span: Span) -> Result<Reg> {
        if u16::from(dest.0) + 1 == self.reg_mark() && !self.is_local_reg(dest) {
            Ok(dest)
        } else {
            self.alloc_reg(span)
        }
    }

    /// A property or method site: its name as a symbol constant and its own inline cache.
    pub(super) fn named_site(&mut self, name: &str, span: Span) -> Result<(ConstIdx, IcSlot)> {
        let name = self.constant(Constant::Symbol(name.to_string()), span)?;
        Ok((name, self.ic_slot(span)?))
    }

    /// Whether `reg` holds a named local (so writing it early would be visible).
    fn is_local_reg(&mut self, reg: Reg) -> bool {
        self.func().locals.iter().any(|l| l.reg == reg)
    }

    /// A register to build a collection in: `dest` itself unless it is a local the
    /// collection's own elements might still read.
    pub(super) fn build_target(&mut self, dest: Reg, span: Span) -> Result<Reg> {
        if self.is_local_reg(dest) {
            self.alloc_reg(span)
        } else {
            Ok(dest)
        }
    }

    pub(super) fn array_literal(&mut self, items: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let target = if items.len() > CHUNK {
            self.build_target(dest, span)?
        } else {
            dest
        };
        if items.is_empty() {
            self.emit(
                Instr::NewArray {
                    a: target,
                    start: target,
                    count: Count(0),
                },
                span,
            );
        }
        for (index, chunk) in items.chunks(CHUNK).enumerate() {
            let chunk_mark = self.reg_mark();
            let start = self.fill_registers(chunk)?;
            let count = Count(chunk.len() as u8);
            let instr = if index == 0 {
                Instr::NewArray {
                    a: target,
                    start,
                    count,
                }
            } else {
                Instr::AppendArray {
                    a: target,
                    start,
                    count,
                }
            };
            self.emit(instr, span);
            self.free_to(chunk_mark);
        }
        if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// Compiles each datum into its own fresh register, consecutive; returns the first.
    fn fill_registers(&mut self, data: &[Datum]) -> Result<Reg> {
        let mut start = None;
        for datum in data {
            let reg = self.alloc_reg(datum.span)?;
            start.get_or_insert(reg);
            self.expr(datum, reg, false)?;
        }
        Ok(start.unwrap_or(Reg(self.reg_mark() as u8)))
    }

    /// `{{k v …}}`: a call of the built-in `$hash_map` with the keys and values in order,
    /// since building one hashes its keys, which is the VM's business.
    pub(super) fn hash_map_literal(
        &mut self,
        entries: &[(Datum, Datum)],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let argc = u8::try_from(entries.len() * 2).map_err(|_| {
            CompileError::new(
                "a {{…}} literal holds at most 127 entries; add more with `.set`",
                span,
            )
        })?;
        let mark = self.reg_mark();
        let base = self.call_base(dest, span)?;
        let slot = self.global_slot("$hash_map", span)?;
        self.emit(Instr::GetGlobal { a: base, slot }, span);
        for (key, value) in entries {
            let reg = self.alloc_reg(key.span)?;
            self.expr(key, reg, false)?;
            let reg = self.alloc_reg(value.span)?;
            self.expr(value, reg, false)?;
        }
        self.emit(
            Instr::Call {
                func: base,
                argc: Count(argc),
            },
            span,
        );
        if base != dest {
            self.emit(Instr::Move { a: dest, b: base }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    pub(super) fn map_literal(&mut self, props: &Props, dest: Reg, span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let target = self.build_target(dest, span)?;
        self.emit(Instr::NewMap { a: target }, span);
        self.add_props(props, target)?;
        if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    pub(super) fn set_prop(&mut self, obj: Reg, key: &str, value: Reg, span: Span) -> Result<()> {
        let (key, ic) = self.named_site(key, span)?;
        self.emit(
            Instr::SetProp {
                obj,
                value,
                key,
                ic,
            },
            span,
        );
        Ok(())
    }

    /// `` `datum ``: quoted data is a constant, made once when the code is loaded.
    pub(super) fn quote(&mut self, datum: &Datum, dest: Reg, span: Span) -> Result<()> {
        let constant = match &datum.kind {
            DatumKind::Symbol(name) => Constant::Symbol(name.clone()),
            _ => Constant::Quoted(datum.clone()),
        };
        let k = self.constant(constant, span)?;
        self.emit(Instr::LoadConst { a: dest, k }, span);
        Ok(())
    }

    /// `#"…#{x}…"`: each part printed as `print` would and joined.
    pub(super) fn interpolation(
        &mut self,
        parts: &[InterpPart],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let mark = self.reg_mark();
        let count = u8::try_from(parts.len())
            .map_err(|_| CompileError::new("too many parts in one interpolated string", span))?;
        let mut start = None;
        for part in parts {
            let reg = self.alloc_reg(span)?;
            start.get_or_insert(reg);
            match part {
                InterpPart::Str(text) => {
                    let k = self.constant(Constant::Str(text.clone()), span)?;
                    self.emit(Instr::LoadConst { a: reg, k }, span);
                }
                InterpPart::Expr(datum) => self.expr(datum, reg, false)?,
            }
        }
        let start = start.unwrap_or(dest);
        self.emit(
            Instr::Concat {
                a: dest,
                start,
                count: Count(count),
            },
            span,
        );
        self.free_to(mark);
        Ok(())
    }

    pub(super) fn load_int(&mut self, n: i64, dest: Reg, span: Span) -> Result<()> {
        match i16::try_from(n) {
            Ok(small) => {
                self.emit(
                    Instr::LoadInt {
                        a: dest,
                        value: Imm16(small),
                    },
                    span,
                );
            }
            Err(_) => {
                let k = self.constant(Constant::Int(n), span)?;
                self.emit(Instr::LoadConst { a: dest, k }, span);
            }
        }
        Ok(())
    }

    /// `(receiver .name args…)`.
    pub(super) fn method_call(
        &mut self,
        receiver: &Datum,
        name: &str,
        args: &[Datum],
        keywords: &gene_syntax::Props,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let argc =
            u8::try_from(args.len()).map_err(|_| CompileError::new("too many arguments", span))?;
        let unused = self.take_unused();
        if super::spread::has_spread(args) {
            let call = super::spread::SpreadCall {
                callee: receiver,
                kind: super::spread::CallKind::Method(name),
                args,
                keywords,
            };
            return self.spread_call(call, dest, unused, span);
        }
        let mark = self.reg_mark();
        let base = self.call_base(dest, span)?;
        // A receiver variable is read when the call runs, after its argument: only an
        // argument that cannot assign it (a local variable or a literal) keeps the order.
        // Any other receiver is computed first, into the call's window, as always.
        let argument = match args {
            [] => Some(None),
            [arg] => self.in_place(arg)?.map(Some),
            _ => None,
        };
        let instr = match argument {
            Some(argument) if keywords.is_empty() => {
                let recv = match self.local_register(receiver)? {
                    Some(reg) => reg,
                    None => {
                        self.expr(receiver, base, false)?;
                        base
                    }
                };
                // The argument's place in the window, where entering a method moves it.
                let arg = match (argument, args.first()) {
                    (Some(argument), Some(datum)) => {
                        let slot = self.alloc_reg(datum.span)?;
                        Some(self.place_argument(argument, datum, slot)?)
                    }
                    _ => None,
                };
                let (name, ic) = self.named_site(name, span)?;
                let func = base;
                match arg {
                    None => Instr::CallMethod0 {
                        func,
                        recv,
                        name,
                        ic,
                    },
                    Some(arg) => Instr::CallMethod1 {
                        func,
                        recv,
                        arg,
                        name,
                        ic,
                    },
                }
            }
            _ => {
                self.expr(receiver, base, false)?;
                for arg in args {
                    let reg = self.alloc_reg(arg.span)?;
                    self.expr(arg, reg, false)?;
                }
                if !keywords.is_empty() {
                    // Props are keyword arguments, passed as one map after the positional
                    // ones.
                    let map = self.alloc_reg(span)?;
                    self.map_literal(keywords, map, span)?;
                }
                let (name, ic) = self.named_site(name, span)?;
                let (func, argc) = (base, Count(argc));
                match keywords.is_empty() {
                    true => Instr::CallMethod {
                        func,
                        argc,
                        name,
                        ic,
                    },
                    false => Instr::CallMethodKw {
                        func,
                        argc,
                        name,
                        ic,
                    },
                }
            }
        };
        self.emit(instr, span);
        self.finish_call(base, dest, unused, mark, span);
        Ok(())
    }

    /// Ends a call whose result is in `base`: copies it to `dest` unless nothing uses it,
    /// and frees the call's window from `mark`.
    pub(super) fn finish_call(
        &mut self,
        base: Reg,
        dest: Reg,
        unused: bool,
        mark: u16,
        span: Span,
    ) {
        if base != dest && !unused {
            self.emit(Instr::Move { a: dest, b: base }, span);
        }
        self.free_to(mark);
    }

    /// How an instruction that names its operands' registers can take `arg` without
    /// changing the order of evaluation: a variable where it lives, a literal evaluated
    /// into the window; `None` for anything else, which must be evaluated in its turn.
    pub(super) fn in_place(&mut self, arg: &Datum) -> Result<Option<InPlace>> {
        if let Some(reg) = self.local_register(arg)? {
            return Ok(Some(InPlace::Variable(reg)));
        }
        Ok(is_literal(arg).then_some(InPlace::Literal))
    }

    /// The register an instruction reads the argument `datum` (taken `how`) from: the
    /// variable's, or `slot` with the literal in it.
    pub(super) fn place_argument(&mut self, how: InPlace, datum: &Datum, slot: Reg) -> Result<Reg> {
        match how {
            InPlace::Variable(reg) => Ok(reg),
            InPlace::Literal => {
                self.expr(datum, slot, false)?;
                Ok(slot)
            }
        }
    }

    /// The register of `datum` when it names a local variable.
    pub(super) fn local_register(&mut self, datum: &Datum) -> Result<Option<Reg>> {
        match datum.as_symbol() {
            Some(name) => match self.resolve(name, datum.span)? {
                super::resolve::Resolved::Local(reg) => Ok(Some(reg)),
                _ => Ok(None),
            },
            None => Ok(None),
        }
    }

    pub(super) fn emit_method_call(
        &mut self,
        base: Reg,
        name: &str,
        argc: u8,
        span: Span,
    ) -> Result<()> {
        let (name, ic) = self.named_site(name, span)?;
        self.emit(
            Instr::CallMethod {
                func: base,
                argc: Count(argc),
                name,
                ic,
            },
            span,
        );
        Ok(())
    }

    /// `($render `template)` with the template written in place: the unquotes are compiled
    /// as expressions of this scope, so they see its locals.
    pub(super) fn render(&mut self, template: &Datum, dest: Reg, span: Span) -> Result<()> {
        if !has_unquote(template) {
            return self.quote(template, dest, span);
        }
        let span = template.span;
        match &template.kind {
            DatumKind::Unquote {
                datum,
                discard: false,
            } => self.expr(datum, dest, false),
            DatumKind::Unquote { discard: true, .. } => Err(CompileError::new(
                "`%_` discards its value, so it can only stand among an array's or a gene's items",
                span,
            )),
            DatumKind::Array { items, .. } => {
                let mark = self.reg_mark();
                let target = self.build_target(dest, span)?;
                self.emit(
                    Instr::NewArray {
                        a: target,
                        start: target,
                        count: Count(0),
                    },
                    span,
                );
                self.render_items(items, target, false)?;
                if target != dest {
                    self.emit(Instr::Move { a: dest, b: target }, span);
                }
                self.free_to(mark);
                Ok(())
            }
            DatumKind::Map { props, .. } => {
                let mark = self.reg_mark();
                let target = self.build_target(dest, span)?;
                self.emit(Instr::NewMap { a: target }, span);
                self.render_props(props, target)?;
                if target != dest {
                    self.emit(Instr::Move { a: dest, b: target }, span);
                }
                self.free_to(mark);
                Ok(())
            }
            DatumKind::Gene(gene) => {
                let mark = self.reg_mark();
                let target = self.build_target(dest, span)?;
                let head = self.alloc_reg(span)?;
                self.render(&gene.head, head, span)?;
                self.emit(Instr::NewGene { a: target, b: head }, span);
                self.render_props(&gene.props, target)?;
                self.render_items(&gene.children, target, true)?;
                if target != dest {
                    self.emit(Instr::Move { a: dest, b: target }, span);
                }
                self.free_to(mark);
                Ok(())
            }
            _ => self.quote(template, dest, span),
        }
    }

    fn render_items(&mut self, items: &[Datum], target: Reg, gene: bool) -> Result<()> {
        for item in items {
            let mark = self.reg_mark();
            let reg = self.alloc_reg(item.span)?;
            match &item.kind {
                DatumKind::Unquote {
                    datum,
                    discard: true,
                } => {
                    self.expr(datum, reg, false)?;
                }
                _ => {
                    self.render(item, reg, item.span)?;
                    self.emit(append_instr(gene, target, reg, Count(1)), item.span);
                }
            }
            self.free_to(mark);
        }
        Ok(())
    }

    fn render_props(&mut self, props: &Props, target: Reg) -> Result<()> {
        for (key, value) in props {
            let mark = self.reg_mark();
            let reg = self.alloc_reg(value.span)?;
            self.render(value, reg, value.span)?;
            self.set_prop(target, key, reg, value.span)?;
            self.free_to(mark);
        }
        Ok(())
    }
}

/// Whether a template has anything to substitute.
pub(super) fn has_unquote(datum: &Datum) -> bool {
    match &datum.kind {
        DatumKind::Unquote { .. } => true,
        DatumKind::Quote(_) => false,
        _ => datum.children().into_iter().any(has_unquote),
    }
}

/// Appends registers `start..start+count` to the array in `target`, or to the children of
/// the gene there.
pub(super) fn append_instr(gene: bool, target: Reg, start: Reg, count: Count) -> Instr {
    match gene {
        true => Instr::AppendChildren {
            a: target,
            start,
            count,
        },
        false => Instr::AppendArray {
            a: target,
            start,
            count,
        },
    }
}

/// An argument an instruction can read where it is (`Compiler::in_place`).
#[derive(Clone, Copy)]
pub(super) enum InPlace {
    Variable(Reg),
    Literal,
}

/// Whether `datum` is a literal, whose evaluation runs no code.
fn is_literal(datum: &Datum) -> bool {
    matches!(
        datum.kind,
        DatumKind::Int(_)
            | DatumKind::Float(_)
            | DatumKind::Str(_)
            | DatumKind::Char(_)
            | DatumKind::Bool(_)
            | DatumKind::Nil
    )
}
