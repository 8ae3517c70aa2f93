//! Slash paths (spec 1.9, 17.1–17.3): reads `a/0/name`, `m/<key>`, `g/.type`, `m/k/!`, and
//! assignment through them, `(a/<i> = v)`, `(m/a/b += 1)`. A path whose steps include a
//! stream mode (`*`, `**`, `@`, `@@`) is the selector it spells, applied to its root.

use gene_syntax::{Datum, DatumKind, Span};

use super::infix::{binary_instr, Assign};
use super::{CompileError, Compiler, Result};
use crate::isa::Instr;
use crate::isa::Reg;

/// One step of a slash path or of a selector shorthand, after the root.
#[derive(Clone, Debug)]
pub(super) enum Step {
    Index(i64),
    Key(String),
    /// `/.name`: a method called with no arguments (plain paths only).
    Method(String),
    /// `*`, `**`, `@`, `@@` or `!`.
    Mode(&'static str),
    /// `<expr>`: one step whose key is computed when the path runs.
    Dynamic(Datum),
}

/// The mode a step spells, if it spells one.
pub(super) fn mode(text: &str) -> Option<&'static str> {
    ["*", "**", "@", "@@", "!"].into_iter().find(|&m| m == text)
}

/// The steps `parts` spell. A `<…>` segment may span parts (`x/<a/b>` computes `a/b`).
pub(super) fn parse_steps(parts: &[String], span: Span) -> Result<Vec<Step>> {
    let mut steps = Vec::with_capacity(parts.len());
    let mut at = 0;
    while at < parts.len() {
        let part = parts[at].as_str();
        at += 1;
        if let Some(first) = part.strip_prefix('<') {
            let mut pieces = vec![first];
            while !pieces.last().expect("one piece").ends_with('>') {
                let Some(next) = parts.get(at) else {
                    return Err(CompileError::new(
                        format!("the dynamic segment `{part}` has no closing `>`"),
                        span,
                    ));
                };
                pieces.push(next);
                at += 1;
            }
            let last = pieces.last_mut().expect("one piece");
            *last = &last[..last.len() - 1];
            if pieces.iter().any(|p| p.is_empty()) {
                return Err(CompileError::new(
                    "a dynamic segment `<…>` needs a name or path inside",
                    span,
                ));
            }
            steps.push(Step::Dynamic(dynamic_datum(&pieces, span)));
            continue;
        }
        if part.is_empty() {
            return Err(CompileError::new("a path has an empty segment", span));
        }
        steps.push(if let Some(m) = mode(part) {
            Step::Mode(m)
        } else if let Some(method) = part.strip_prefix('.') {
            Step::Method(method.to_string())
        } else if let Ok(index) = part.parse::<i64>() {
            Step::Index(index)
        } else {
            Step::Key(part.to_string())
        });
    }
    Ok(steps)
}

/// What the inside of `<…>` reads as: an int, a keyword, a name or a path.
fn dynamic_datum(pieces: &[&str], span: Span) -> Datum {
    let kind = match pieces {
        [one] => match (*one, one.parse::<i64>()) {
            (_, Ok(n)) => DatumKind::Int(n),
            ("nil", _) => DatumKind::Nil,
            ("void", _) => DatumKind::Void,
            ("true", _) => DatumKind::Bool(true),
            ("false", _) => DatumKind::Bool(false),
            _ => DatumKind::Symbol(one.to_string()),
        },
        _ => DatumKind::ComplexSymbol(pieces.iter().map(|p| p.to_string()).collect()),
    };
    Datum { kind, span }
}

/// Where an assignment through a path writes.
enum Place<'s> {
    Prop(&'s str),
    Item(Reg),
}

impl Compiler<'_, '_> {
    /// A slash path read.
    pub(super) fn path(&mut self, parts: &[String], dest: Reg, span: Span) -> Result<()> {
        let Some((root, rest)) = parts.split_first() else {
            return Err(CompileError::new("an empty path", span));
        };
        if root.starts_with('@') {
            return self.selector_shorthand(parts, dest, span);
        }
        if let [name] = rest {
            if root == "$ns" && self.namespaces.is_empty() && !name.is_empty() {
                // The file's own `/name` (namespace.rs).
                let global = Datum::new(DatumKind::Symbol(name.clone()), span);
                return self.expr(&global, dest, false);
            }
        }
        self.check_root(root, span)?;
        let steps = parse_steps(rest, span)?;
        self.lint_key_naming_loop_variable(parts, &steps, span);
        let mark = self.reg_mark();
        let current = self.path_root(root, span)?;
        if steps
            .iter()
            .any(|s| matches!(s, Step::Mode(m) if *m != "!"))
        {
            let selector = self.alloc_reg(span)?;
            self.selector_from(&steps, selector, span)?;
            let default = self.alloc_reg(span)?;
            self.emit(Instr::LoadVoid { a: default }, span);
            self.emit(
                Instr::Select {
                    a: dest,
                    b: current,
                    c: selector,
                    d: default,
                },
                span,
            );
        } else {
            self.path_steps(current, &steps, dest, span)?;
        }
        self.free_to(mark);
        Ok(())
    }

    /// The register holding a path's root: `self` for `/name`, else the named value.
    fn path_root(&mut self, root: &str, span: Span) -> Result<Reg> {
        if root.is_empty() {
            if let Some(super::resolve::Holder::Local(reg)) = self.holder("self", span)? {
                return Ok(reg);
            }
            let scratch = self.alloc_reg(span)?;
            return self.self_register(scratch, span);
        }
        self.operand(&Datum {
            kind: DatumKind::Symbol(root.to_string()),
            span,
        })
    }

    fn check_root(&mut self, root: &str, span: Span) -> Result<()> {
        if root == "." {
            return Err(CompileError::new(
                "`./name` selects from the value written before it: `(x ./name)`",
                span,
            ));
        }
        if root.starts_with('<') {
            return Err(CompileError::new(
                "a path starts with a name; `<…>` computes a later segment",
                span,
            ));
        }
        Ok(())
    }

    /// Runs `steps` from the value in `current`, leaving the result in `dest`.
    fn path_steps(
        &mut self,
        mut current: Reg,
        steps: &[Step],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let mark = self.reg_mark();
        for (index, step) in steps.iter().enumerate() {
            let last = index + 1 == steps.len();
            let target = if last { dest } else { self.alloc_reg(span)? };
            self.path_step(current, step, target, span)?;
            current = target;
        }
        self.free_to(mark);
        Ok(())
    }

    fn path_step(&mut self, obj: Reg, step: &Step, target: Reg, span: Span) -> Result<()> {
        let mark = self.reg_mark();
        match step {
            Step::Mode(_) => {
                self.emit(Instr::AssertPresent { a: obj }, span);
                if obj != target {
                    self.emit(Instr::Move { a: target, b: obj }, span);
                }
            }
            Step::Index(index) => {
                let key = self.alloc_reg(span)?;
                self.load_int(*index, key, span)?;
                self.emit(
                    Instr::GetIndex {
                        a: target,
                        b: obj,
                        c: key,
                    },
                    span,
                );
            }
            Step::Dynamic(datum) => {
                let key = self.operand(datum)?;
                self.emit(
                    Instr::GetIndex {
                        a: target,
                        b: obj,
                        c: key,
                    },
                    span,
                );
            }
            Step::Key(name) => {
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
            Step::Method(name) => {
                let base = self.alloc_reg(span)?;
                self.emit(Instr::Move { a: base, b: obj }, span);
                self.emit_method_call(base, name, 0, span)?;
                if base != target {
                    self.emit(Instr::Move { a: target, b: base }, span);
                }
            }
        }
        self.free_to(mark);
        Ok(())
    }

    /// `(a/0 = v)`, `(m/<k> = v)`, `(m/a/b += v)`: the container and the key are computed
    /// once, then the value; the value is also the result, in `dest`.
    /// `(path = value)` and `(path += value)`: the value written goes to `dest`, unless
    /// nothing uses it (`None`).
    pub(super) fn assign_path(
        &mut self,
        parts: &[String],
        assign: Assign,
        values: &[&Datum],
        dest: Option<Reg>,
        span: Span,
    ) -> Result<()> {
        let Some((root, rest)) = parts.split_first() else {
            return Err(CompileError::new("an empty path", span));
        };
        if root.starts_with('@') {
            return Err(CompileError::new(
                "a selector cannot be assigned to; `($set x @key value)` writes through one",
                span,
            ));
        }
        self.check_root(root, span)?;
        let steps = parse_steps(rest, span)?;
        self.lint_key_naming_loop_variable(parts, &steps, span);
        let Some((last, init)) = steps.split_last() else {
            return Err(CompileError::new("an empty path", span));
        };
        if init.iter().any(|s| matches!(s, Step::Mode(m) if *m != "!")) {
            return Err(CompileError::new(
                "a path through `*`, `**`, `@` or `@@` selects many values and cannot be assigned to",
                span,
            ));
        }
        let mark = self.reg_mark();
        let root = self.path_root(root, span)?;
        let container = if init.is_empty() {
            root
        } else {
            let reg = self.alloc_reg(span)?;
            self.path_steps(root, init, reg, span)?;
            reg
        };
        let place = self.place(last, span)?;
        self.write_place(container, place, assign, values, dest, span)?;
        self.free_to(mark);
        Ok(())
    }

    /// The key of an assignment's last step, computed into a register when it is not a
    /// name known now.
    fn place<'s>(&mut self, step: &'s Step, span: Span) -> Result<Place<'s>> {
        Ok(match step {
            Step::Key(name) => Place::Prop(name),
            Step::Index(index) => {
                let key = self.alloc_reg(span)?;
                self.load_int(*index, key, span)?;
                Place::Item(key)
            }
            Step::Dynamic(datum) => Place::Item(self.operand(datum)?),
            Step::Method(_) | Step::Mode(_) => {
                return Err(CompileError::new("this path cannot be assigned to", span))
            }
        })
    }

    fn write_place(
        &mut self,
        container: Reg,
        place: Place,
        assign: Assign,
        values: &[&Datum],
        dest: Option<Reg>,
        span: Span,
    ) -> Result<()> {
        // A variable written as it is needs no copy first.
        let local = match (assign, values) {
            (Assign::Set, [value]) => self.local_register(value)?,
            _ => None,
        };
        let result = match local {
            Some(reg) => reg,
            None => self.alloc_reg(span)?,
        };
        match assign {
            Assign::Set if local.is_some() => {}
            Assign::Set => self.right_side(values, result, span)?,
            Assign::Update(op) => {
                let current = self.alloc_reg(span)?;
                match place {
                    Place::Prop(name) => {
                        let (key, ic) = self.named_site(name, span)?;
                        self.emit(
                            Instr::GetProp {
                                a: current,
                                obj: container,
                                key,
                                ic,
                            },
                            span,
                        );
                    }
                    Place::Item(key) => {
                        self.emit(
                            Instr::GetIndex {
                                a: current,
                                b: container,
                                c: key,
                            },
                            span,
                        );
                    }
                }
                let operand = self.right_operand(values, span)?;
                self.emit(binary_instr(op, result, current, operand), span);
            }
        }
        match place {
            Place::Prop(name) => self.set_prop(container, name, result, span)?,
            Place::Item(key) => {
                self.emit(
                    Instr::SetIndex {
                        a: container,
                        b: key,
                        c: result,
                    },
                    span,
                );
            }
        }
        if let Some(dest) = dest {
            self.emit(Instr::Move { a: dest, b: result }, span);
        }
        Ok(())
    }

    /// `($set target selector value)`: writes through a selector of one key or index
    /// (spec 17.8); a selector computed at run time is checked then.
    pub(super) fn set_form(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let [target, selector, value] = args else {
            return Err(CompileError::new(
                "`$set` takes the target, a selector and the value: `($set x @key v)`",
                span,
            ));
        };
        let mark = self.reg_mark();
        let container = self.operand(target)?;
        let steps = self.literal_selector_steps(selector)?;
        let place = match &steps {
            Some(steps) => match steps.as_slice() {
                [step @ (Step::Key(_) | Step::Index(_) | Step::Dynamic(_))] => {
                    self.place(step, selector.span)?
                }
                _ => {
                    return Err(CompileError::new(
                        "`$set` writes through a selector of exactly one key or index",
                        selector.span,
                    ))
                }
            },
            None => Place::Item(self.operand(selector)?),
        };
        self.write_place(container, place, Assign::Set, &[value], Some(dest), span)?;
        self.free_to(mark);
        Ok(())
    }
}
