//! What compilation produces: a tree of [`FunctionProto`]s, one per function, with its code,
//! constants, children and the table that maps code back to source.

use gene_syntax::Span;

use crate::isa::{disassemble, GlobalSlot};

/// A constant a function's code loads with `LoadConst`.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Int(i64),
    Float(f64),
    Str(String),
    /// An interned name: a quoted symbol, a property key or a method name.
    Symbol(String),
    /// Quoted data (`` `(a b) ``, `` `[1 2] ``), turned into a value when the code is loaded.
    Quoted(gene_syntax::Datum),
    /// A selector written with literal segments only (`@users/0/name`, `(@ "a" *)`), made
    /// once when the code is loaded (selectors never change).
    Selector(Vec<SelectorPart>),
}

/// One literal segment of a selector constant.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectorPart {
    /// A key: a string or a name.
    Key(String),
    Index(i64),
    /// A mode: `*`, `**`, `@`, `@@` or `!`.
    Mode(&'static str),
}

impl std::fmt::Display for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Constant::Int(n) => write!(f, "{n}"),
            Constant::Float(x) => f.write_str(&gene_syntax::format_float(*x)),
            Constant::Str(s) => gene_syntax::print::write_string_literal(f, s),
            Constant::Symbol(name) => write!(f, "`{name}"),
            Constant::Quoted(datum) => write!(f, "`{}", gene_syntax::print(datum)),
            Constant::Selector(parts) => {
                f.write_str("(@")?;
                for part in parts {
                    f.write_str(" ")?;
                    match part {
                        SelectorPart::Key(key) => gene_syntax::print::write_string_literal(f, key)?,
                        SelectorPart::Index(index) => write!(f, "{index}")?,
                        SelectorPart::Mode(mode) => f.write_str(mode)?,
                    }
                }
                f.write_str(")")
            }
        }
    }
}

/// Where a closure's upvalue comes from when the closure is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpvalSource {
    /// A register of the enclosing function (captured while it runs).
    Local(u8),
    /// An upvalue of the enclosing closure.
    Upval(u8),
}

/// A `^name` parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeywordParam {
    pub name: String,
    /// Without a default, leaving the keyword out of a call is an error.
    pub has_default: bool,
}

/// One compiled function.
#[derive(Clone, Debug, Default)]
pub struct FunctionProto {
    /// The function's name, or `<main>` / `<anonymous>`.
    pub name: String,
    /// Required positional parameters; they arrive in registers `0..arity`.
    pub arity: u8,
    /// Positional parameters with defaults, after the required ones.
    pub optional: u8,
    /// Whether a rest parameter collects further positional arguments (into the register
    /// after the positional ones).
    pub rest: bool,
    /// Keyword parameters, in the registers after the positional and rest ones.
    pub keywords: Vec<KeywordParam>,
    /// Whether the first required parameter is a method's receiver (`self`), which callers
    /// do not count among the arguments they pass.
    pub receiver: bool,
    /// A generator function (`fn name* …`, `^^generator`): calling it makes a generator,
    /// which runs the body up to each `yield` when asked for its next value.
    pub generator: bool,
    /// Registers the function's frame needs.
    pub registers: u8,
    pub code: Vec<u32>,
    pub constants: Vec<Constant>,
    pub protos: Vec<FunctionProto>,
    pub upvalues: Vec<UpvalSource>,
    /// Metadata written as props of the `fn` form (`^intent "…"`, `^examples […]`): each
    /// name with the constant holding its value, as written.
    pub meta: Vec<(String, u16)>,
    /// The variables each `MakeEnv` captures: names and where they live.
    pub env_layouts: Vec<Vec<(String, UpvalSource)>>,
    /// Inline-cache slots the code uses.
    pub ic_slots: u16,
    /// `(pc, span)` pairs sorted by pc: the source of the instruction at each pc, read only
    /// when an error is raised.
    pub spans: Vec<(u32, Span)>,
    /// The span of the whole function.
    pub span: Span,
    /// For globals this function reads, the visible local whose name is a near miss of the
    /// global's: what an error suggests if the global turns out not to be defined.
    pub name_hints: Vec<(GlobalSlot, String)>,
    /// What the compiler warns of in the whole compilation; only the outermost function
    /// (`<main>`, `<eval>`) has any.
    pub warnings: Vec<crate::emit::Warning>,
}

impl FunctionProto {
    /// Whether calls just pass `arity` positional arguments (no defaults, rest or keywords).
    pub fn has_simple_params(&self) -> bool {
        self.optional == 0 && !self.rest && self.keywords.is_empty()
    }

    /// The source span of the instruction at `pc` (the nearest recorded one before it).
    pub fn span_at(&self, pc: usize) -> Span {
        match self.spans.binary_search_by_key(&(pc as u32), |&(p, _)| p) {
            Ok(i) => self.spans[i].1,
            Err(0) => self.span,
            Err(i) => self.spans[i - 1].1,
        }
    }

    /// A readable listing of this function and its children, for `gene compile --disasm`.
    pub fn disassembly(&self) -> String {
        let mut out = String::new();
        self.write_disassembly(&mut out);
        out
    }

    fn signature_extras(&self) -> String {
        let mut extras = String::new();
        if self.optional > 0 {
            extras.push_str(&format!(" +{} optional", self.optional));
        }
        if self.rest {
            extras.push_str(" +rest");
        }
        for keyword in &self.keywords {
            extras.push_str(&format!(" ^{}", keyword.name));
            if keyword.has_default {
                extras.push('=');
            }
        }
        extras
    }

    fn write_disassembly(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = writeln!(
            out,
            "function {} (arity {}{}, {} registers, {} upvalues)",
            self.name,
            self.arity,
            self.signature_extras(),
            self.registers,
            self.upvalues.len()
        );
        for (index, constant) in self.constants.iter().enumerate() {
            let _ = writeln!(out, "  k{index} = {constant}");
        }
        for (index, layout) in self.env_layouts.iter().enumerate() {
            let names: Vec<&str> = layout.iter().map(|(name, _)| name.as_str()).collect();
            let _ = writeln!(out, "  env{index} = [{}]", names.join(" "));
        }
        for line in disassemble(&self.code).lines() {
            let _ = writeln!(out, "  {line}");
        }
        for child in &self.protos {
            out.push('\n');
            child.write_disassembly(out);
        }
    }
}

/// The global (namespace) slots of one VM: names in the order they were first seen. A slot's
/// index never changes, so compiled code refers to globals by index.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    names: indexmap::IndexSet<String>,
    /// The slots a top-level `let` bound: no code may assign or declare them again.
    immutable: std::collections::HashSet<GlobalSlot>,
    /// The slots the file's top level defined with `/name` (or `$ns/name`): what the module
    /// exports, in the order first defined.
    exported: indexmap::IndexSet<GlobalSlot>,
}

impl Globals {
    pub fn new() -> Globals {
        Globals::default()
    }

    /// How many slots there can be: a slot is a 16-bit operand.
    pub const MAX: usize = 1 << 16;

    /// The slot of `name`, created on first use; `None` when it is new and all
    /// [`Globals::MAX`] slots are taken.
    pub fn try_slot(&mut self, name: &str) -> Option<GlobalSlot> {
        if let Some(index) = self.names.get_index_of(name) {
            return u16::try_from(index).ok().map(GlobalSlot);
        }
        let index = u16::try_from(self.names.len()).ok()?;
        self.names.insert(name.to_string());
        Some(GlobalSlot(index))
    }

    /// The slot of `name`, if some code or definition has named it.
    pub fn lookup(&self, name: &str) -> Option<GlobalSlot> {
        let index = self.names.get_index_of(name)?;
        u16::try_from(index).ok().map(GlobalSlot)
    }

    /// Marks `slot` as bound by a top-level `let`.
    pub fn make_immutable(&mut self, slot: GlobalSlot) {
        self.immutable.insert(slot);
    }

    /// Whether a top-level `let` bound `slot`.
    pub fn is_immutable(&self, slot: GlobalSlot) -> bool {
        self.immutable.contains(&slot)
    }

    /// Marks `slot` as exported: a top-level `/name` definition.
    pub fn export(&mut self, slot: GlobalSlot) {
        self.exported.insert(slot);
    }

    /// The exported slots, in the order they were first defined.
    pub fn exports(&self) -> impl Iterator<Item = GlobalSlot> + '_ {
        self.exported.iter().copied()
    }

    /// The names in slot order, the slots a top-level `let` bound (in slot order) and the
    /// exported slots (in the order first defined): everything a compile leaves here, as
    /// the bytecode cache (`cache.rs`) saves it.
    pub(crate) fn parts(&self) -> (Vec<&str>, Vec<GlobalSlot>, Vec<GlobalSlot>) {
        let mut immutable: Vec<GlobalSlot> = self.immutable.iter().copied().collect();
        immutable.sort_by_key(|slot| slot.0);
        let names = self.names.iter().map(String::as_str).collect();
        (names, immutable, self.exports().collect())
    }

    /// The globals [`Globals::parts`] describes; `None` when a name repeats or a slot is
    /// past the names.
    pub(crate) fn from_parts(
        names: Vec<String>,
        immutable: Vec<GlobalSlot>,
        exported: Vec<GlobalSlot>,
    ) -> Option<Globals> {
        let count = names.len();
        if count > Globals::MAX {
            return None;
        }
        let names: indexmap::IndexSet<String> = names.into_iter().collect();
        if names.len() != count
            || immutable
                .iter()
                .chain(&exported)
                .any(|slot| usize::from(slot.0) >= count)
        {
            return None;
        }
        Some(Globals {
            names,
            immutable: immutable.into_iter().collect(),
            exported: exported.into_iter().collect(),
        })
    }

    pub fn name(&self, slot: GlobalSlot) -> &str {
        &self.names[usize::from(slot.0)]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
