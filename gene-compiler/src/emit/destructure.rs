//! Destructuring patterns (spec 12): what `(var [a b] xs)`, `(let …)` and `for` loop
//! variables bind.
//!
//! A pattern is a name (`_` binds nothing), an array pattern or a map pattern:
//!
//! - `[a b = 5 rest... last ^p ^q = 1 ^more...]`: positional elements take the items of an
//!   array or the children of a gene, as a parameter list takes arguments: a default (`= v`)
//!   makes one optional (the leftmost optional ones get items first), and one named rest
//!   (`name...` or `name ...`) takes what the others leave, wherever it stands. `^p` binds
//!   property `p` of a gene or map (`^p = v` when it may be missing), and `^more...` the
//!   other properties as a map; without it, a property the pattern does not name is a
//!   mismatch, as in the reference's argument matcher.
//! - `{^x a ^y [b c]}`: the named properties of a gene, map or instance, each taken apart by
//!   its own pattern; other properties are ignored.
//!
//! Elements may be patterns themselves (`[k [a b]]`). Each level compiles to one
//! `Destructure`, which checks the value against the level's shape (raising an error that
//! says what was expected) and writes its parts into consecutive registers; defaults are
//! computed where a part came back undefined, and the parts are then bound like `var`s. So
//! no pattern is interpreted at run time beyond one level's item count and property names.

use gene_syntax::{Datum, DatumKind, Span};

use super::reserved::Binding;
use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};
use crate::proto::Constant;

/// A pattern, read from its datum.
pub(super) enum Pattern<'a> {
    /// Binds the whole value to a name; `_` binds nothing.
    Name(&'a str, Span),
    Items(ItemsPattern<'a>),
    /// `{^key pattern …}`.
    Props(Vec<(&'a str, Pattern<'a>)>, Span),
}

pub(super) struct ItemsPattern<'a> {
    elements: Vec<Element<'a>>,
    props: Vec<PropElement<'a>>,
    /// `^name...`: the properties no element names, as a map.
    prop_rest: Option<(&'a str, Span)>,
    span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Required,
    Optional,
    Rest,
}

struct Element<'a> {
    kind: Kind,
    pattern: Pattern<'a>,
    default: Option<&'a Datum>,
}

struct PropElement<'a> {
    key: &'a str,
    default: Option<&'a Datum>,
    span: Span,
}

/// How a level treats the properties it does not name; the VM reads the same numbers.
const OTHERS_REFUSED: i64 = 0;
const OTHERS_IGNORED: i64 = 1;
const OTHERS_COLLECTED: i64 = 2;

impl<'a> Pattern<'a> {
    /// Reads `datum` as a pattern: a name, `[…]` or `{^key …}`.
    pub(super) fn read(datum: &'a Datum) -> Result<Pattern<'a>> {
        match &datum.kind {
            DatumKind::Symbol(name) if is_plain_name(name) => Ok(Pattern::Name(name, datum.span)),
            DatumKind::Array { items, .. } => Ok(Pattern::Items(read_items(items, datum.span)?)),
            DatumKind::Map { props, .. } => {
                let mut entries = Vec::with_capacity(props.len());
                for (key, value) in props.iter() {
                    entries.push((key.as_str(), Pattern::read(value)?));
                }
                Ok(Pattern::Props(entries, datum.span))
            }
            _ => Err(CompileError::new(
                "a pattern is a name, an array pattern `[a b]` or a map pattern `{^key name}`",
                datum.span,
            )),
        }
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('^') && !name.ends_with("...") && name != "="
}

fn read_items(items: &[Datum], span: Span) -> Result<ItemsPattern<'_>> {
    let mut pattern = ItemsPattern {
        elements: Vec::new(),
        props: Vec::new(),
        prop_rest: None,
        span,
    };
    // Which list the last element went to, for a following `=` or `...`.
    #[derive(Clone, Copy)]
    enum Last {
        None,
        Element,
        Prop,
    }
    let mut last = Last::None;
    let mut at = 0;
    while at < items.len() {
        let item = &items[at];
        at += 1;
        let text = item.as_symbol();
        match text {
            Some("...") => {
                let element = match last {
                    Last::Element => pattern.elements.last_mut(),
                    _ => None,
                };
                let Some(element) = element.filter(|e| {
                    e.kind == Kind::Required && matches!(e.pattern, Pattern::Name(n, _) if n != "_")
                }) else {
                    return Err(CompileError::new(
                        "`...` must follow the name it makes a rest (`items ...`)",
                        item.span,
                    ));
                };
                element.kind = Kind::Rest;
                check_one_rest(&pattern.elements, item.span)?;
                last = Last::None;
            }
            Some("=") => {
                let Some(default) = items.get(at) else {
                    return Err(CompileError::new(
                        "`=` needs a default value after it",
                        item.span,
                    ));
                };
                at += 1;
                let given = match last {
                    Last::Element => match pattern.elements.last_mut() {
                        Some(e) if e.kind == Kind::Required => {
                            e.kind = Kind::Optional;
                            e.default = Some(default);
                            true
                        }
                        _ => false,
                    },
                    Last::Prop => match pattern.props.last_mut() {
                        Some(p) if p.default.is_none() => {
                            p.default = Some(default);
                            true
                        }
                        _ => false,
                    },
                    Last::None => false,
                };
                if !given {
                    return Err(CompileError::new(
                        "`=` gives a default to the name before it (`a = 1`)",
                        item.span,
                    ));
                }
                last = Last::None;
            }
            Some(text) if text.starts_with('^') => {
                let key = &text[1..];
                if let Some(name) = key.strip_suffix("...") {
                    if name.is_empty() || pattern.prop_rest.is_some() {
                        return Err(CompileError::new(
                            "a pattern takes the other properties once, into a name (`^rest...`)",
                            item.span,
                        ));
                    }
                    pattern.prop_rest = Some((name, item.span));
                    last = Last::None;
                } else {
                    if key.is_empty() {
                        return Err(CompileError::new("`^` needs a property name", item.span));
                    }
                    pattern.props.push(PropElement {
                        key,
                        default: None,
                        span: item.span,
                    });
                    last = Last::Prop;
                }
            }
            Some(text) if text.len() > 3 && text.ends_with("...") => {
                let name = &text[..text.len() - 3];
                if name == "_" {
                    return Err(CompileError::new(
                        "a rest needs a name (`items...`)",
                        item.span,
                    ));
                }
                pattern.elements.push(Element {
                    kind: Kind::Rest,
                    pattern: Pattern::Name(name, item.span),
                    default: None,
                });
                check_one_rest(&pattern.elements, item.span)?;
                last = Last::None;
            }
            Some(text) if text.len() > 1 && text.ends_with(':') => {
                // `a: Int`: the type is read and ignored, as in parameter lists.
                at += 1;
                pattern.elements.push(Element {
                    kind: Kind::Required,
                    pattern: Pattern::Name(&text[..text.len() - 1], item.span),
                    default: None,
                });
                last = Last::Element;
            }
            _ => {
                pattern.elements.push(Element {
                    kind: Kind::Required,
                    pattern: Pattern::read(item)?,
                    default: None,
                });
                last = Last::Element;
            }
        }
    }
    Ok(pattern)
}

fn check_one_rest(elements: &[Element], span: Span) -> Result<()> {
    if elements.iter().filter(|e| e.kind == Kind::Rest).count() > 1 {
        return Err(CompileError::new(
            "a pattern has at most one rest (`name...`)",
            span,
        ));
    }
    Ok(())
}

/// How the names a pattern binds are bound.
#[derive(Clone, Copy)]
pub(super) struct BindMode {
    /// `let`: nothing may assign them.
    pub(super) immutable: bool,
    /// A `var` at the top level: globals; else locals of the current scope.
    pub(super) global: bool,
}

impl Compiler<'_, '_> {
    /// `(var [a b] value)`, `(var {^x a} value)`, `(let [a b] value)`: the value's parts
    /// bound as `var` (or `let`) would bind each name; the form's value is the whole value.
    pub(super) fn var_pattern(
        &mut self,
        pattern: &Datum,
        rest: &[Datum],
        dest: Reg,
        span: Span,
        immutable: bool,
        unused: bool,
    ) -> Result<()> {
        let form = if immutable { "let" } else { "var" };
        let [value] = rest else {
            return Err(CompileError::new(
                format!("`{form}` with a pattern takes one value to take apart"),
                span,
            ));
        };
        let read = Pattern::read(pattern)?;
        let global = self.at_top_level();
        let mark = self.reg_mark();
        // The value is computed before any name exists, as for a plain `var`.
        let reg = self.alloc_reg(span)?;
        self.expr(value, reg, false)?;
        self.bind_destructured(&read, reg, BindMode { immutable, global })?;
        if !unused {
            self.emit(Instr::Move { a: dest, b: reg }, span);
        }
        if global {
            self.free_to(mark);
        }
        Ok(())
    }

    /// Binds `pattern` to the value in `value`. Locals stay in registers allocated here (the
    /// caller keeps them allocated); globals are set as they are bound, so a default can use
    /// a name bound before it.
    pub(super) fn bind_destructured(
        &mut self,
        pattern: &Pattern,
        value: Reg,
        mode: BindMode,
    ) -> Result<()> {
        match pattern {
            Pattern::Name(name, span) => self.bind_name(name, value, mode, *span),
            Pattern::Items(items) => self.bind_items(items, value, mode),
            Pattern::Props(entries, span) => {
                let names: Vec<&str> = entries.iter().map(|(key, _)| *key).collect();
                let optional = vec![false; names.len()];
                let base =
                    self.emit_destructure(&[], &names, &optional, OTHERS_IGNORED, value, *span)?;
                for (index, (_, pattern)) in entries.iter().enumerate() {
                    self.bind_destructured(pattern, Reg(base.0 + index as u8), mode)?;
                }
                Ok(())
            }
        }
    }

    fn bind_items(&mut self, items: &ItemsPattern, value: Reg, mode: BindMode) -> Result<()> {
        let kinds: Vec<Kind> = items.elements.iter().map(|e| e.kind).collect();
        let names: Vec<&str> = items.props.iter().map(|p| p.key).collect();
        let optional: Vec<bool> = items.props.iter().map(|p| p.default.is_some()).collect();
        let others = if items.prop_rest.is_some() {
            OTHERS_COLLECTED
        } else {
            OTHERS_REFUSED
        };
        let base = self.emit_destructure(&kinds, &names, &optional, others, value, items.span)?;
        let mut part = base.0;
        for element in &items.elements {
            let reg = Reg(part);
            part += 1;
            if let Some(default) = element.default {
                self.default_for(reg, default)?;
            }
            self.bind_destructured(&element.pattern, reg, mode)?;
        }
        for prop in &items.props {
            let reg = Reg(part);
            part += 1;
            if let Some(default) = prop.default {
                self.default_for(reg, default)?;
            }
            self.bind_name(prop.key, reg, mode, prop.span)?;
        }
        if let Some((name, span)) = items.prop_rest {
            self.bind_name(name, Reg(part), mode, span)?;
        }
        Ok(())
    }

    /// Splits the rest array in `rest` into the array without its last `tails` items (back
    /// into `rest`) and those items, in fresh registers; returns the first of them.
    pub(super) fn split_rest(&mut self, rest: Reg, tails: usize, span: Span) -> Result<Reg> {
        let mut kinds = vec![Kind::Rest];
        kinds.extend(std::iter::repeat_n(Kind::Required, tails));
        let base = self.emit_destructure(&kinds, &[], &[], OTHERS_REFUSED, rest, span)?;
        self.emit(Instr::Move { a: rest, b: base }, span);
        Ok(Reg(base.0 + 1))
    }

    /// Emits the `Destructure` of one level, its parts in fresh registers; returns the first.
    fn emit_destructure(
        &mut self,
        kinds: &[Kind],
        names: &[&str],
        optional: &[bool],
        others: i64,
        value: Reg,
        span: Span,
    ) -> Result<Reg> {
        let count = kinds.len() + names.len() + usize::from(others == OTHERS_COLLECTED);
        let count = u8::try_from(count)
            .ok()
            .filter(|&c| c < 255)
            .ok_or_else(|| CompileError::new("this pattern has too many parts", span))?;
        let base = Reg(self.reg_mark() as u8);
        for _ in 0..count.max(1) {
            self.alloc_reg(span)?;
        }
        let int = |n: i64| Datum::new(DatumKind::Int(n), span);
        let array = |items: Vec<Datum>| {
            Datum::new(
                DatumKind::Array {
                    items,
                    frozen: false,
                },
                span,
            )
        };
        let shape = array(vec![
            array(
                kinds
                    .iter()
                    .map(|k| {
                        int(match k {
                            Kind::Required => 0,
                            Kind::Optional => 1,
                            Kind::Rest => 2,
                        })
                    })
                    .collect(),
            ),
            array(
                names
                    .iter()
                    .map(|n| Datum::new(DatumKind::Symbol((*n).to_string()), span))
                    .collect(),
            ),
            array(optional.iter().map(|&o| int(i64::from(o))).collect()),
            int(others),
        ]);
        let k = self.constant(Constant::Quoted(shape), span)?;
        self.emit(
            Instr::Destructure {
                a: base,
                b: value,
                count: Count(count),
                k,
            },
            span,
        );
        Ok(base)
    }

    /// Computes `default` into `reg` when the part there came back undefined.
    fn default_for(&mut self, reg: Reg, default: &Datum) -> Result<()> {
        let skip = self.emit_jump(|to| Instr::JumpIfDefined { a: reg, to }, default.span);
        self.expr(default, reg, false)?;
        self.patch_jump(skip, default.span)
    }

    /// Binds `name` to the value in `reg` (`_` binds nothing).
    fn bind_name(&mut self, name: &str, reg: Reg, mode: BindMode, span: Span) -> Result<()> {
        if name == "_" {
            return Ok(());
        }
        self.check_bindable(name, Binding::Variable, span)?;
        if mode.global {
            let slot = self.define_global(name, span)?;
            if mode.immutable {
                self.globals.make_immutable(slot);
            }
            self.emit(Instr::SetGlobal { a: reg, slot }, span);
        } else {
            self.name_register(name, reg);
            if mode.immutable {
                self.make_last_local_immutable();
            }
        }
        Ok(())
    }
}
