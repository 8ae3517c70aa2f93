//! Data in code: array and map literals, quoted data, string interpolation, slash paths
//! (`a/0/name`, `g/.type`, `m/k/!`) and method calls `(x .m args)`.

use gene_syntax::{Datum, DatumKind, InterpPart, Props, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{ConstIdx, Count, IcSlot, Imm16, Instr, Reg};
use crate::proto::Constant;

/// How many element registers an array literal fills before handing them to the array.
const CHUNK: usize = 32;

/// One step of a slash path after its root.
enum PathStep<'a> {
    Index(i64),
    Key(&'a str),
    Method(&'a str),
    AssertPresent,
}

fn path_step(part: &str) -> PathStep<'_> {
    if part == "!" {
        return PathStep::AssertPresent;
    }
    if let Some(method) = part.strip_prefix('.') {
        return PathStep::Method(method);
    }
    match part.parse::<i64>() {
        Ok(index) => PathStep::Index(index),
        Err(_) => PathStep::Key(part),
    }
}

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
    fn named_site(&mut self, name: &str, span: Span) -> Result<(ConstIdx, IcSlot)> {
        let name = self.constant(Constant::Symbol(name.to_string()), span)?;
        Ok((name, self.ic_slot(span)?))
    }

    /// Whether `reg` holds a named local (so writing it early would be visible).
    fn is_local_reg(&mut self, reg: Reg) -> bool {
        self.func().locals.iter().any(|l| l.reg == reg)
    }

    /// A register to build a collection in: `dest` itself unless it is a local the
    /// collection's own elements might still read.
    fn build_target(&mut self, dest: Reg, span: Span) -> Result<Reg> {
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
        for (key, value) in props {
            let value_mark = self.reg_mark();
            let reg = self.operand(value)?;
            self.set_prop(target, key, reg, value.span)?;
            self.free_to(value_mark);
        }
        if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    fn set_prop(&mut self, obj: Reg, key: &str, value: Reg, span: Span) -> Result<()> {
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

    /// A slash path read: `a/0/name`, `g/.type`, `m/k/!`.
    pub(super) fn path(&mut self, parts: &[String], dest: Reg, span: Span) -> Result<()> {
        let Some((root, steps)) = parts.split_first() else {
            return Err(CompileError::new("an empty path", span));
        };
        if root.is_empty() {
            return Err(CompileError::new(
                "`/name` (a property of self) is only meaningful in methods, which are not compiled yet",
                span,
            ));
        }
        let mark = self.reg_mark();
        let mut current = self.operand(&Datum {
            kind: DatumKind::Symbol(root.clone()),
            span,
        })?;
        for (index, part) in steps.iter().enumerate() {
            let last = index + 1 == steps.len();
            let target = if last { dest } else { self.alloc_reg(span)? };
            self.path_step(current, part, target, span)?;
            current = target;
        }
        self.free_to(mark);
        Ok(())
    }

    fn path_step(&mut self, obj: Reg, part: &str, target: Reg, span: Span) -> Result<()> {
        match path_step(part) {
            PathStep::AssertPresent => {
                self.emit(Instr::AssertPresent { a: obj }, span);
                if obj != target {
                    self.emit(Instr::Move { a: target, b: obj }, span);
                }
            }
            PathStep::Index(index) => {
                let mark = self.reg_mark();
                let key = self.alloc_reg(span)?;
                self.load_int(index, key, span)?;
                self.emit(
                    Instr::GetIndex {
                        a: target,
                        b: obj,
                        c: key,
                    },
                    span,
                );
                self.free_to(mark);
            }
            PathStep::Key(name) => {
                let (key, ic) = self.named_site(name, span)?;
                self.emit(
                    Instr::GetProp {
                        a: target,
                        obj,
                        key,
                        ic,
                    },
                    span,
                );
            }
            PathStep::Method(name) => {
                let mark = self.reg_mark();
                let base = self.alloc_reg(span)?;
                self.emit(Instr::Move { a: base, b: obj }, span);
                self.emit_method_call(base, name, 0, span)?;
                if base != target {
                    self.emit(Instr::Move { a: target, b: base }, span);
                }
                self.free_to(mark);
            }
        }
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

    /// `(a/0 = v)`, `(m/k = v)`: writes through a path; the value goes to `dest` too.
    pub(super) fn path_assign(
        &mut self,
        parts: &[String],
        value: Reg,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let Some((last, init)) = parts.split_last() else {
            return Err(CompileError::new("an empty path", span));
        };
        if init.is_empty() || init[0].is_empty() {
            return Err(CompileError::new(
                "`/name` (a property of self) is only meaningful in methods, which are not compiled yet",
                span,
            ));
        }
        let mark = self.reg_mark();
        let obj = if init.len() == 1 {
            self.operand(&Datum {
                kind: DatumKind::Symbol(init[0].clone()),
                span,
            })?
        } else {
            let reg = self.alloc_reg(span)?;
            self.path(init, reg, span)?;
            reg
        };
        match path_step(last) {
            PathStep::Index(index) => {
                let key = self.alloc_reg(span)?;
                self.load_int(index, key, span)?;
                self.emit(
                    Instr::SetIndex {
                        a: obj,
                        b: key,
                        c: value,
                    },
                    span,
                );
            }
            PathStep::Key(name) => self.set_prop(obj, name, value, span)?,
            PathStep::Method(_) | PathStep::AssertPresent => {
                return Err(CompileError::new("this path cannot be assigned to", span))
            }
        }
        if value != dest {
            self.emit(Instr::Move { a: dest, b: value }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// `(receiver .name args…)`.
    pub(super) fn method_call(
        &mut self,
        receiver: &Datum,
        name: &str,
        args: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let argc =
            u8::try_from(args.len()).map_err(|_| CompileError::new("too many arguments", span))?;
        let unused = self.take_unused();
        let mark = self.reg_mark();
        let base = self.call_base(dest, span)?;
        self.expr(receiver, base, false)?;
        for arg in args {
            let reg = self.alloc_reg(arg.span)?;
            self.expr(arg, reg, false)?;
        }
        self.emit_method_call(base, name, argc, span)?;
        if base != dest && !unused {
            self.emit(Instr::Move { a: dest, b: base }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    fn emit_method_call(&mut self, base: Reg, name: &str, argc: u8, span: Span) -> Result<()> {
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
                    let (start, count) = (reg, Count(1));
                    self.emit(
                        if gene {
                            Instr::AppendChildren {
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
                        },
                        item.span,
                    );
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
