//! Functions: `(fn name [params] body…)` with every parameter form (plain, `a = default`,
//! `rest...`, `^keyword`, `^keyword = default`, `a: Type` annotations), the older spellings
//! (`fnx`, a bare-symbol parameter, `_`, `macro`, `->` blocks), and closure creation.

use gene_syntax::{Datum, DatumKind, Span};

use super::namespace::Target;
use super::reserved::Binding;
use super::{CompileError, Compiler, FunctionState, Result};
use crate::isa::{Instr, ProtoIdx, Reg};
use crate::proto::KeywordParam;

#[derive(Clone, Copy, PartialEq, Eq)]
enum ParamKind {
    Positional,
    Rest,
    Keyword,
    /// A positional parameter after the rest (`[items... last]`): the rest gives it up.
    Tail,
}

pub(super) struct Param<'a> {
    name: &'a str,
    kind: ParamKind,
    default: Option<&'a Datum>,
    span: Span,
}

/// Whether a function has a receiver: a method's and a constructor's is `self`, in the first
/// register (a method call's frame starts at its receiver), and a constructor returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Receiver {
    None,
    Method,
    Constructor,
}

/// Reads a parameter list such as `[a b = 1 ^k ^j = 2 more...]`, skipping type annotations
/// (`a: Int`), which are not checked at run time.
fn parse_params(items: &[Datum]) -> Result<Vec<Param<'_>>> {
    let mut params: Vec<Param> = Vec::new();
    let mut at = 0;
    while at < items.len() {
        let item = &items[at];
        at += 1;
        let Some(text) = item.as_symbol() else {
            return Err(CompileError::new(
                "a parameter is a name (`a`, `a = default`, `rest...` or `^keyword`)",
                item.span,
            ));
        };
        if text == "..." {
            // `items ...`, the spaced spelling of `items...`.
            match params.last_mut() {
                Some(last) if last.kind == ParamKind::Positional && last.default.is_none() => {
                    last.kind = ParamKind::Rest;
                }
                _ => {
                    return Err(CompileError::new(
                        "`...` must follow the name it makes a rest (`items ...`)",
                        item.span,
                    ))
                }
            }
            continue;
        }
        if text == "=" {
            let Some(last) = params.last_mut() else {
                return Err(CompileError::new(
                    "`=` needs a parameter before it",
                    item.span,
                ));
            };
            let Some(default) = items.get(at) else {
                return Err(CompileError::new(
                    "`=` needs a default value after it",
                    item.span,
                ));
            };
            if last.kind == ParamKind::Rest {
                return Err(CompileError::new(
                    "a rest parameter cannot have a default",
                    item.span,
                ));
            }
            last.default = Some(default);
            at += 1;
            continue;
        }
        let (text, annotated) = match text.strip_suffix(':') {
            Some(name) => (name, true),
            None => (text, false),
        };
        if annotated {
            // The type after `name:` is read and ignored.
            at += 1;
        }
        let (name, kind) = if let Some(name) = text.strip_prefix('^') {
            (name, ParamKind::Keyword)
        } else if let Some(name) = text.strip_suffix("...") {
            (name, ParamKind::Rest)
        } else {
            (text, ParamKind::Positional)
        };
        if name.is_empty() {
            return Err(CompileError::new("a parameter needs a name", item.span));
        }
        if super::reserved::RESERVED.contains(&name) {
            return Err(CompileError::new(
                format!("`{name}` is a reserved word and cannot name a parameter"),
                item.span,
            ));
        }
        params.push(Param {
            name,
            kind,
            default: None,
            span: item.span,
        });
    }
    let mut seen_optional = false;
    let mut seen_rest = false;
    for param in &mut params {
        if seen_rest && param.kind == ParamKind::Positional && param.default.is_none() {
            param.kind = ParamKind::Tail;
        }
        match param.kind {
            ParamKind::Positional if seen_rest && param.default.is_some() => {
                return Err(CompileError::new(
                    "a parameter after the rest parameter cannot have a default",
                    param.span,
                ))
            }
            ParamKind::Positional if param.default.is_some() => seen_optional = true,
            ParamKind::Positional if seen_optional => {
                return Err(CompileError::new(
                    "a parameter without a default cannot follow one with a default",
                    param.span,
                ))
            }
            ParamKind::Rest if seen_rest => {
                return Err(CompileError::new(
                    "only one rest parameter is allowed",
                    param.span,
                ))
            }
            ParamKind::Rest => seen_rest = true,
            _ => {}
        }
    }
    Ok(params)
}

impl Compiler<'_, '_> {
    /// `(fn name [params] body…)`, `(fn [params] body…)`, and the older `(fn name a body…)`
    /// and `_` forms.
    pub(super) fn function(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let meta = self.fn_meta.take();
        if let [first, params, body @ ..] = args {
            if let Some(target @ (Target::Member(_) | Target::Path(..))) = Target::of(first) {
                return self.member_function(target, params, body, meta.as_ref(), dest, span);
            }
        }
        let (name, rest) = match args.first() {
            Some(d) if d.as_symbol().is_some_and(|n| n != "_") && args.len() >= 2 => {
                // `name:T` is a generic function, called by its base name.
                let name = d
                    .as_symbol()
                    .map(|n| n.split_once(':').map_or(n, |(base, _)| base));
                if let Some(name) = name {
                    self.check_bindable(name, Binding::Function, d.span)?;
                }
                (name, &args[1..])
            }
            _ => (None, args),
        };
        let Some((params, body)) = rest.split_first() else {
            return Err(CompileError::new("`fn` needs a parameter list", span));
        };
        let params = parameter_list(params)?;
        self.compile_function(name, &params, result_body(body), meta.as_ref(), dest, span)
    }

    /// `(fn /name [params] body…)` in a namespace's body, `(fn geo/name [params] body…)`
    /// anywhere: a function defined as a namespace member.
    fn member_function(
        &mut self,
        target: Target,
        params: &Datum,
        body: &[Datum],
        meta: Option<&gene_syntax::Props>,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let params = parameter_list(params)?;
        let (display_name, self_name) = match target {
            // The file's own `$ns/name` is its global `name` (namespace.rs).
            Target::Path([root], name) if root == "$ns" && self.namespaces.is_empty() => {
                (name.to_string(), None)
            }
            Target::Path(owner, name) => (format!("{}/{name}", owner.join("/")), None),
            _ => (target.name().to_string(), Some(target.name())),
        };
        let shape = FunctionShape {
            display_name: &display_name,
            self_name,
            receiver: Receiver::None,
        };
        self.closure(shape, &params, result_body(body), meta, dest, span)?;
        self.define(target, dest, span)
    }

    /// `(macro m [a b] body…)`, the older spelling of `(fn m! [a b] body…)`.
    pub(super) fn macro_alias(&mut self, args: &[Datum], dest: Reg, span: Span) -> Result<()> {
        let Some(name) = args.first().and_then(Datum::as_symbol) else {
            return Err(CompileError::new("`macro` needs a name", span));
        };
        let mut renamed = args.to_vec();
        let bang = if name.ends_with('!') {
            name.to_string()
        } else {
            format!("{name}!")
        };
        renamed[0] = Datum::new(DatumKind::Symbol(bang), args[0].span);
        self.function(&renamed, dest, span)
    }

    /// `(-> body…)` (no parameters) and `(x -> body…)` (one): blocks, the older spelling of
    /// anonymous functions.
    pub(super) fn block_function(
        &mut self,
        param: Option<(&str, Span)>,
        body: &[Datum],
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        if let Some((name, span)) = param {
            self.check_bindable(name, Binding::Parameter, span)?;
        }
        let params: Vec<Param> = param
            .into_iter()
            .map(|(name, span)| Param {
                name,
                kind: ParamKind::Positional,
                default: None,
                span,
            })
            .collect();
        self.compile_function(None, &params, body, None, dest, span)
    }

    fn compile_function(
        &mut self,
        name: Option<&str>,
        params: &[Param],
        body: &[Datum],
        meta: Option<&gene_syntax::Props>,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let display_name = name.unwrap_or("<anonymous>");
        // A named local function exists before its body is compiled, so the body (and
        // closures in it) can refer to it.
        let own_reg = match name {
            Some(name) if !self.at_top_level() => Some(self.declare_local(name, span)?),
            _ => None,
        };
        let target = own_reg.unwrap_or(dest);
        let shape = FunctionShape {
            display_name,
            self_name: name,
            receiver: Receiver::None,
        };
        self.closure(shape, params, body, meta, target, span)?;
        match (name, own_reg) {
            (Some(_), Some(reg)) if reg != dest => {
                self.emit(Instr::Move { a: dest, b: reg }, span);
            }
            (Some(name), None) => {
                let slot = self.define_global(name, span)?;
                self.emit(Instr::SetGlobal { a: dest, slot }, span);
            }
            _ => {}
        }
        Ok(())
    }

    /// Compiles a function and makes a closure of it into `target`.
    pub(super) fn closure(
        &mut self,
        shape: FunctionShape,
        params: &[Param],
        body: &[Datum],
        meta: Option<&gene_syntax::Props>,
        target: Reg,
        span: Span,
    ) -> Result<()> {
        let FunctionShape {
            display_name,
            self_name,
            receiver,
        } = shape;
        // `fn name* …` and `fn ^^generator …` make generator functions. Calling one makes a
        // generator, so it never calls itself directly (no `CallSelf`).
        let generator = display_name.ends_with('*')
            || meta.is_some_and(|m| {
                m.get("generator")
                    .is_some_and(|v| matches!(v.kind, DatumKind::Bool(true)))
            });
        let self_name = if generator { None } else { self_name };
        let mut state = FunctionState::new(
            display_name,
            self_name.map(str::to_string),
            span,
            self.arena,
        );
        state.receiver = receiver;
        state.proto.generator = generator;
        self.functions.push(state);
        self.begin_scope();
        if receiver != Receiver::None {
            self.declare_local("self", span)?;
        }
        // Registers: positional parameters, then the rest array, then keywords.
        let order = [ParamKind::Positional, ParamKind::Rest, ParamKind::Keyword];
        let mut defaults = Vec::new();
        let mut registers = Vec::with_capacity(params.len());
        for kind in order {
            for param in params.iter().filter(|p| p.kind == kind) {
                let reg = self.declare_local(param.name, param.span)?;
                registers.push((param.name, reg));
                if let Some(default) = param.default {
                    defaults.push((reg, default));
                }
            }
        }
        // Parameters after the rest take its last items (`destructure.rs`).
        let tails: Vec<&Param> = params
            .iter()
            .filter(|p| p.kind == ParamKind::Tail)
            .collect();
        if let (false, Some(&(_, rest))) = (
            tails.is_empty(),
            registers.iter().find(|(name, _)| {
                params
                    .iter()
                    .any(|p| p.kind == ParamKind::Rest && p.name == *name)
            }),
        ) {
            let first = self.split_rest(rest, tails.len(), span)?;
            for (index, param) in tails.iter().enumerate() {
                let reg = Reg(first.0 + index as u8);
                self.name_register(param.name, reg);
                registers.push((param.name, reg));
            }
        }
        // In declaration order, as a contract's report lists them.
        let declared = params
            .iter()
            .map(|p| {
                let &(_, reg) = registers
                    .iter()
                    .find(|(name, _)| *name == p.name)
                    .expect("declared above");
                (p.name.to_string(), reg)
            })
            .collect();
        let count = |kind| params.iter().filter(|p| p.kind == kind).count();
        let too_many = |_| CompileError::new("too many parameters", span);
        let positional = count(ParamKind::Positional);
        let required = params
            .iter()
            .filter(|p| p.kind == ParamKind::Positional && p.default.is_none())
            .count();
        let optional = positional - required;
        // The receiver is the first required parameter.
        let required = required + usize::from(receiver != Receiver::None);
        let proto = &mut self.func().proto;
        proto.arity = u8::try_from(required).map_err(too_many)?;
        proto.receiver = receiver != Receiver::None;
        proto.optional = u8::try_from(optional).map_err(too_many)?;
        proto.rest = count(ParamKind::Rest) == 1;
        proto.keywords = params
            .iter()
            .filter(|p| p.kind == ParamKind::Keyword)
            .map(|p| KeywordParam {
                name: p.name.to_string(),
                has_default: p.default.is_some(),
            })
            .collect();
        for (key, value) in meta.into_iter().flatten() {
            let constant = match &value.kind {
                DatumKind::Symbol(name) => crate::proto::Constant::Symbol(name.clone()),
                _ => crate::proto::Constant::Quoted(value.clone()),
            };
            let k = self.constant(constant, value.span)?;
            self.func().proto.meta.push((key.clone(), k.0));
        }
        // Missing optional arguments arrive undefined; each default is computed at the call.
        for (reg, default) in defaults {
            let skip = self.emit_jump(|to| Instr::JumpIfDefined { a: reg, to }, default.span);
            self.expr(default, reg, false)?;
            self.patch_jump(skip, default.span)?;
        }
        let contracts = self.emit_preconditions(meta, display_name, declared, span)?;
        // Postconditions check the value a call returns, so no call can be a tail call; nor
        // in a generator, whose frame is its own until it finishes.
        let tail = contracts.is_none() && !generator;
        self.func().contracts = contracts;
        let result = self.alloc_reg(span)?;
        if receiver == Receiver::Constructor {
            // A constructor's value is the instance it set up, whatever its body ends with.
            self.block_with(body, result, false, span, false)?;
            self.emit_return(Reg(0), span)?;
        } else {
            self.block(body, result, tail, span)?;
            self.emit_return(result, span)?;
        }
        let finished = self.functions.pop().expect("pushed above");
        let protos = &mut self.func().proto.protos;
        protos.push(finished.proto);
        let index = u16::try_from(protos.len() - 1)
            .map_err(|_| CompileError::new("too many functions in one function", span))?;
        self.emit(
            Instr::Closure {
                a: target,
                proto: ProtoIdx(index),
            },
            span,
        );
        Ok(())
    }
}

/// How a function is named and called.
pub(super) struct FunctionShape<'a> {
    /// What stack traces and printing call it.
    pub(super) display_name: &'a str,
    /// The name its body calls it by, for self-calls.
    pub(super) self_name: Option<&'a str>,
    pub(super) receiver: Receiver,
}

/// A parameter list: `[a b]`, the older bare `a`, or `_` for none.
pub(super) fn parameter_list(params: &Datum) -> Result<Vec<Param<'_>>> {
    match &params.kind {
        DatumKind::Array { items, .. } => parse_params(items),
        DatumKind::Symbol(s) if s == "_" => Ok(Vec::new()),
        DatumKind::Symbol(_) => parse_params(std::slice::from_ref(params)),
        _ => Err(CompileError::new(
            "parameters are written `[a b]`",
            params.span,
        )),
    }
}

/// Whether `gene` makes a function whose body runs in a frame of its own (`fn`, `fnx`,
/// `macro`, a block `(-> …)` or `(x -> …)`, a class's methods): code inside it may capture
/// the variables around it, and does not run where it is written.
pub(super) fn defines_function(gene: &gene_syntax::Gene) -> bool {
    matches!(
        gene.head.as_symbol(),
        Some("fn" | "fnx" | "macro" | "->" | "class")
    ) || gene.children.iter().any(|c| c.as_symbol() == Some("->"))
}

/// A body without the `-> Type` after the parameters, which annotates the result and is
/// not checked.
pub(super) fn result_body(body: &[Datum]) -> &[Datum] {
    match body {
        [arrow, _, rest @ ..] if arrow.as_symbol() == Some("->") && !rest.is_empty() => rest,
        _ => body,
    }
}
