//! Spreads and genes built from evaluated parts. `x...` (or `expr ...`) among the items of
//! an array literal, a built gene or a call's arguments puts the items of `x` there;
//! `^... m` (also `^...1 m`, `^...rest m`: the reader wants each key once) among props puts
//! the entries of map `m` there, in the order written. A gene whose head is quoted,
//! `` (`div ^class c "text") ``, and a frozen gene `#(…)` are built, not called: their
//! props and children are evaluated, and the built gene takes them.

use std::borrow::Cow;

use gene_syntax::{Datum, DatumKind, Gene, Props, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};

/// How many plain items go into one append, as array literals fill their registers.
const CHUNK: usize = 32;

/// One item of a literal or of a call's arguments, as written.
pub(super) enum Item<'d> {
    One(&'d Datum),
    /// The collection whose items go in its place.
    Spread(Cow<'d, Datum>),
}

/// The name `x` of an item written `x...`, or the path `a/b` of `a/b...`.
fn spread_base(datum: &Datum) -> Option<Datum> {
    let kind = match &datum.kind {
        DatumKind::Symbol(name) if name.len() > 3 => {
            DatumKind::Symbol(name.strip_suffix("...")?.to_string())
        }
        DatumKind::ComplexSymbol(parts) => {
            let (last, init) = parts.split_last()?;
            let base = last.strip_suffix("...").filter(|base| !base.is_empty())?;
            let mut parts = init.to_vec();
            parts.push(base.to_string());
            DatumKind::ComplexSymbol(parts)
        }
        _ => return None,
    };
    Some(Datum::new(kind, datum.span))
}

/// Whether any of the items spreads.
pub(super) fn has_spread(data: &[Datum]) -> bool {
    data.iter()
        .any(|datum| datum.as_symbol() == Some("...") || spread_base(datum).is_some())
}

/// Whether a prop key spreads a map: `^...`, `^...1`.
pub(super) fn is_spread_key(key: &str) -> bool {
    key.starts_with("...")
}

/// The items as written, spreads told apart.
pub(super) fn items(data: &[Datum]) -> Result<Vec<Item<'_>>> {
    let mut items: Vec<Item> = Vec::with_capacity(data.len());
    for datum in data {
        if datum.as_symbol() == Some("...") {
            match items.pop() {
                Some(Item::One(previous)) => items.push(Item::Spread(Cow::Borrowed(previous))),
                _ => {
                    return Err(CompileError::new(
                        "`...` spreads the value written before it, and there is none",
                        datum.span,
                    ))
                }
            }
            continue;
        }
        items.push(match spread_base(datum) {
            Some(base) => Item::Spread(Cow::Owned(base)),
            None => Item::One(datum),
        });
    }
    Ok(items)
}

/// A call with spreads among its arguments, as written.
pub(super) struct SpreadCall<'d> {
    /// The function called, the receiver of the method, or the class made.
    pub(super) callee: &'d Datum,
    pub(super) kind: CallKind<'d>,
    pub(super) args: &'d [Datum],
    pub(super) keywords: &'d Props,
}

/// What a spread call does with its callee.
pub(super) enum CallKind<'d> {
    /// `(f args…)`.
    Function,
    /// `(receiver .name args…)`.
    Method(&'d str),
    /// `(new Class args…)`.
    New,
}

impl Compiler<'_, '_> {
    /// An array literal with spreads among its items.
    pub(super) fn spread_array(&mut self, data: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let items = items(data)?;
        let mark = self.reg_mark();
        let target = self.build_target(dest, span)?;
        // The plain items before the first spread make the array.
        let leading = items
            .iter()
            .take(CHUNK)
            .take_while(|item| matches!(item, Item::One(_)))
            .count();
        let fill_mark = self.reg_mark();
        let mut start = None;
        for item in &items[..leading] {
            let Item::One(datum) = item else {
                unreachable!("leading items are plain")
            };
            let reg = self.alloc_reg(datum.span)?;
            start.get_or_insert(reg);
            self.expr(datum, reg, false)?;
        }
        self.emit(
            Instr::NewArray {
                a: target,
                start: start.unwrap_or(target),
                count: Count(leading as u8),
            },
            span,
        );
        self.free_to(fill_mark);
        self.add_items(&items[leading..], target, false)?;
        if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// Appends the items to the array, or the gene's children, in `target`: runs of plain
    /// items together, each spread on its own.
    fn add_items(&mut self, items: &[Item], target: Reg, gene: bool) -> Result<()> {
        let mut rest = items;
        while let Some(first) = rest.first() {
            let mark = self.reg_mark();
            if let Item::Spread(datum) = first {
                let source = self.operand(datum)?;
                self.emit(
                    Instr::SpreadItems {
                        a: target,
                        b: source,
                    },
                    datum.span,
                );
                self.free_to(mark);
                rest = &rest[1..];
                continue;
            }
            let run = rest
                .iter()
                .take(CHUNK)
                .take_while(|item| matches!(item, Item::One(_)))
                .count();
            let mut start = None;
            for item in &rest[..run] {
                let Item::One(datum) = item else {
                    unreachable!("a run holds plain items")
                };
                let reg = self.alloc_reg(datum.span)?;
                start.get_or_insert(reg);
                self.expr(datum, reg, false)?;
            }
            let (start, count) = (start.expect("a run is not empty"), Count(run as u8));
            let span = match first {
                Item::One(datum) => datum.span,
                Item::Spread(datum) => datum.span,
            };
            self.emit(super::data::append_instr(gene, target, start, count), span);
            self.free_to(mark);
            rest = &rest[run..];
        }
        Ok(())
    }

    /// Sets the props on the map or gene in `target` in the order written, `^...` keys
    /// spreading maps.
    pub(super) fn add_props(&mut self, props: &Props, target: Reg) -> Result<()> {
        for (key, value) in props {
            let mark = self.reg_mark();
            let reg = self.operand(value)?;
            if is_spread_key(key) {
                self.emit(Instr::SpreadProps { a: target, b: reg }, value.span);
            } else {
                self.set_prop(target, key, reg, value.span)?;
            }
            self.free_to(mark);
        }
        Ok(())
    }

    /// Whether `gene` is built rather than called: a frozen gene `#(…)`, or one whose head
    /// is quoted (`` (`a .m) `` and `` (`(f 1) .m) `` stay method calls on the quoted
    /// value).
    pub(super) fn is_built_gene(gene: &Gene) -> bool {
        if gene.frozen {
            return true;
        }
        let method_call = gene
            .children
            .first()
            .and_then(Datum::as_symbol)
            .is_some_and(|name| name.starts_with('.'));
        matches!(gene.head.kind, DatumKind::Quote(_)) && !method_call
    }

    /// `` (`head ^k v child…) `` or `#(head …)`: a new gene of the quoted head (the head of
    /// `#(…)` is evaluated), the evaluated props and children, frozen for `#(…)`.
    pub(super) fn build_gene(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        let mark = self.reg_mark();
        let target = self.build_target(dest, span)?;
        let head = self.alloc_reg(gene.head.span)?;
        match &gene.head.kind {
            DatumKind::Quote(inner) => self.quote(inner, head, gene.head.span)?,
            _ => self.expr(&gene.head, head, false)?,
        }
        self.emit(Instr::NewGene { a: target, b: head }, span);
        self.add_props(&gene.props, target)?;
        let children = items(&gene.children)?;
        self.add_items(&children, target, true)?;
        if gene.frozen {
            self.emit(Instr::Freeze { a: target }, span);
        }
        if target != dest {
            self.emit(Instr::Move { a: dest, b: target }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// `(f a xs... b)`, `(obj .m xs...)` or `(new C xs...)`: the arguments are built into an array, the
    /// keyword props into a map, and the call unpacks them.
    pub(super) fn spread_call(
        &mut self,
        call: SpreadCall,
        dest: Reg,
        unused: bool,
        span: Span,
    ) -> Result<()> {
        let SpreadCall {
            callee,
            kind,
            args,
            keywords,
        } = call;
        let mark = self.reg_mark();
        let base = self.call_base(dest, span)?;
        self.expr(callee, base, false)?;
        let array = self.alloc_reg(span)?;
        self.spread_array(args, array, span)?;
        let map = self.alloc_reg(span)?;
        if keywords.is_empty() {
            self.emit(Instr::LoadNil { a: map }, span);
        } else {
            self.map_literal(keywords, map, span)?;
        }
        let call = match kind {
            CallKind::Function => Instr::CallSpread { func: base },
            CallKind::New => Instr::NewSpread { func: base },
            CallKind::Method(name) => {
                let (name, ic) = self.named_site(name, span)?;
                Instr::CallMethodSpread {
                    func: base,
                    name,
                    ic,
                }
            }
        };
        self.emit(call, span);
        if base != dest && !unused {
            self.emit(Instr::Move { a: dest, b: base }, span);
        }
        self.free_to(mark);
        Ok(())
    }
}
