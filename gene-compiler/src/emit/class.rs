//! Classes: `(class Name [< Parent] [^fields {…}] items…)` with `ctor`, `method` and nested
//! `class` items (and the older `.ctor` and `.fn`), `(new Class args…)`, `self` and `/name`
//! in methods, and `(super .name args…)`.
//!
//! A class is made at run time by `NewClass`, and each method is a closure defined on it by
//! `DefMethod`. Methods take their receiver as `self` in their first register, where a method
//! call's frame starts. The class being defined is a hidden local of the class body, `$class`,
//! so a method that calls `super` captures it as an upvalue: `CallSuper` looks the method up
//! from that class's parent, whatever the receiver's own class is.

use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::function::{parameter_list, result_body, FunctionShape, Receiver};
use super::namespace::Target;
use super::resolve::Holder;
use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};
use crate::proto::Constant;

/// The hidden local holding the class a class body defines. No program can write the name:
/// the reader never makes a symbol that starts with `$` and contains `#`.
const CLASS_LOCAL: &str = "$class#";

/// Where a class definition puts the class besides the form's value.
#[derive(Clone, Copy)]
enum Binding<'a> {
    /// Under its name, as a `var` there would: a global at the top level, else a local.
    Named,
    /// As a member of the enclosing class (a nested class).
    MemberOf(Reg),
    /// Into a namespace: `(class /Name …)`, `(class geo/Name …)`.
    Into(Target<'a>),
}

impl Compiler<'_, '_> {
    /// `(class Name …)`.
    pub(super) fn class_form(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        self.take_unused();
        self.class_definition(gene, Binding::Named, dest, span)
    }

    fn class_definition(
        &mut self,
        gene: &Gene,
        binding: Binding,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        let (target, parent, items) = class_header(&gene.children, span)?;
        let name = target.name();
        if let Target::Name(bound) = target {
            // A member's name is a key, not a variable, so any name will do.
            self.check_bindable(
                bound,
                super::reserved::Binding::Class,
                gene.children[0].span,
            )?;
        }
        let binding = match (binding, target) {
            (Binding::Named, Target::Member(_) | Target::Path(..)) => Binding::Into(target),
            (binding, _) => binding,
        };
        let global = matches!(binding, Binding::Named) && self.at_top_level();
        let mark = self.reg_mark();
        // A local class is named before its body, so its methods can refer to it.
        let class = match binding {
            Binding::Named if !global => self.declare_local(name, span)?,
            _ => self.alloc_reg(span)?,
        };
        let after_class = self.reg_mark();
        let parent_reg = self.alloc_reg(span)?;
        match parent {
            Some(parent) => self.expr(parent, parent_reg, false)?,
            None => {
                self.emit(Instr::LoadNil { a: parent_reg }, span);
            }
        }
        let name_k = self.constant(Constant::Symbol(name.to_string()), span)?;
        self.emit(
            Instr::NewClass {
                a: class,
                name: name_k,
                parent: parent_reg,
            },
            span,
        );
        self.free_to(after_class);
        self.begin_scope();
        self.name_register(CLASS_LOCAL, class);
        for (key, value) in &gene.props {
            // `^fields {…}` and other metadata: members of the class, as written.
            let value_reg = self.alloc_reg(value.span)?;
            self.quote(value, value_reg, value.span)?;
            self.set_prop(class, key, value_reg, value.span)?;
            self.free_to(after_class);
        }
        for item in items {
            self.class_item(name, class, item)?;
            self.free_to(after_class);
        }
        self.end_scope(span);
        match binding {
            Binding::Named if global => {
                let slot = self.define_global(name, span)?;
                self.emit(Instr::SetGlobal { a: class, slot }, span);
            }
            Binding::Named => {}
            Binding::MemberOf(outer) => self.set_prop(outer, name, class, span)?,
            Binding::Into(target) => self.define(target, class, span)?,
        }
        if class != dest {
            self.emit(Instr::Move { a: dest, b: class }, span);
        }
        if global || !matches!(binding, Binding::Named) {
            self.free_to(mark);
        }
        Ok(())
    }

    /// One item of a class body.
    fn class_item(&mut self, class_name: &str, class: Reg, item: &Datum) -> Result<()> {
        let span = item.span;
        let DatumKind::Gene(gene) = &item.kind else {
            return Err(not_an_item(span));
        };
        let (kind, rest) = match gene.head.as_symbol() {
            Some("ctor" | ".ctor") => ("ctor", gene.children.as_slice()),
            // `(on_method_missing [name args…] body…)`: the method calls of missing methods
            // reach, with the name first.
            Some("on_method_missing") => ("on_method_missing", gene.children.as_slice()),
            Some("method" | ".fn") => {
                let Some((name, rest)) = gene.children.split_first() else {
                    return Err(CompileError::new("`method` needs a name", span));
                };
                // Operator methods are named by strings: `(method "==" [other] …)`.
                let name = match &name.kind {
                    // `echo:T` is a generic method, called by its base name (as functions).
                    DatumKind::Symbol(name) => {
                        name.split_once(':').map_or(name.as_str(), |(base, _)| base)
                    }
                    DatumKind::Str(name) => name.as_str(),
                    _ => {
                        return Err(CompileError::new(
                            "a method's name is a symbol (or a string, for `\"==\"`)",
                            name.span,
                        ))
                    }
                };
                (name, rest)
            }
            Some("class") => {
                let scratch = self.alloc_reg(span)?;
                return self.class_definition(gene, Binding::MemberOf(class), scratch, span);
            }
            _ => return Err(not_an_item(span)),
        };
        let Some((params, body)) = rest.split_first() else {
            return Err(CompileError::new(
                format!("`{kind}` needs a parameter list"),
                span,
            ));
        };
        let params = parameter_list(params)?;
        let receiver = if kind == "ctor" {
            Receiver::Constructor
        } else {
            Receiver::Method
        };
        let display_name = format!("{class_name}.{kind}");
        let shape = FunctionShape {
            display_name: &display_name,
            self_name: None,
            receiver,
        };
        let method = self.alloc_reg(span)?;
        let meta = (!gene.props.is_empty()).then_some(&gene.props);
        self.closure(shape, &params, result_body(body), meta, method, span)?;
        let name = self.constant(Constant::Symbol(kind.to_string()), span)?;
        self.emit(
            Instr::DefMethod {
                class,
                name,
                method,
            },
            span,
        );
        Ok(())
    }

    /// `(new Class args…)`: the instance, after its constructor ran.
    pub(super) fn new_form(
        &mut self,
        args: &[Datum],
        keywords: &gene_syntax::Props,
        dest: Reg,
        span: Span,
    ) -> Result<()> {
        self.take_unused();
        let Some((class, args)) = args.split_first() else {
            return Err(CompileError::new("`new` needs a class", span));
        };
        if super::spread::has_spread(args) {
            let call = super::spread::SpreadCall {
                callee: class,
                kind: super::spread::CallKind::New,
                args,
                keywords,
            };
            return self.spread_call(call, dest, false, span);
        }
        let mark = self.reg_mark();
        let func = self.call_base(dest, span)?;
        self.expr(class, func, false)?;
        let argc = Count(self.push_arguments(args, span)?);
        if keywords.is_empty() {
            self.emit(Instr::New { func, argc }, span);
        } else {
            // Props are keyword arguments of the constructor, one map after the others.
            let map = self.alloc_reg(span)?;
            self.map_literal(keywords, map, span)?;
            self.emit(Instr::NewKw { func, argc }, span);
        }
        if func != dest {
            self.emit(Instr::Move { a: dest, b: func }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// `(super .name args…)`, also `(super .ctor args…)`: the parent class's method, on
    /// this method's receiver.
    pub(super) fn super_call(&mut self, items: &[Datum], dest: Reg, span: Span) -> Result<()> {
        self.take_unused();
        let method = items
            .first()
            .and_then(Datum::as_symbol)
            .and_then(|m| m.strip_prefix('.'))
            .filter(|m| !m.is_empty());
        let Some(method) = method else {
            return Err(CompileError::new(
                "`super` calls a method of the parent class: `(super .name args…)`",
                span,
            ));
        };
        let (Some(class), Some(receiver)) =
            (self.holder(CLASS_LOCAL, span)?, self.holder("self", span)?)
        else {
            return Err(CompileError::new(
                "`super` is only meaningful in a method or constructor",
                span,
            ));
        };
        let mark = self.reg_mark();
        let func = self.call_base(dest, span)?;
        self.load_holder(class, func, span);
        let self_reg = self.alloc_reg(span)?;
        self.load_holder(receiver, self_reg, span);
        let argc = self.push_arguments(&items[1..], span)?;
        let (name, ic) = self.named_site(method, span)?;
        self.emit(
            Instr::CallSuper {
                func,
                argc: Count(argc),
                name,
                ic,
            },
            span,
        );
        if func != dest {
            self.emit(Instr::Move { a: dest, b: func }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    /// The register holding `self`, for `/name`: only inside methods and constructors.
    pub(super) fn self_register(&mut self, dest: Reg, span: Span) -> Result<Reg> {
        match self.hidden_register_opt("self", dest, span)? {
            Some(reg) => Ok(reg),
            None => Err(CompileError::new(
                "`/name` is a property of `self`, so it is only meaningful in a method or constructor",
                span,
            )),
        }
    }

    fn load_holder(&mut self, holder: Holder, dest: Reg, span: Span) {
        match holder {
            Holder::Local(reg) => {
                if reg != dest {
                    self.emit(Instr::Move { a: dest, b: reg }, span);
                }
            }
            Holder::Upval(u) => {
                self.emit(Instr::GetUpval { a: dest, u }, span);
            }
        }
    }

    /// Compiles `args` into the registers after the newest one; returns how many.
    fn push_arguments(&mut self, args: &[Datum], span: Span) -> Result<u8> {
        let argc = u8::try_from(args.len())
            .map_err(|_| CompileError::new("too many arguments (at most 255)", span))?;
        for arg in args {
            let reg = self.alloc_reg(arg.span)?;
            self.expr(arg, reg, false)?;
        }
        Ok(argc)
    }
}

/// The name, the parent class expression (`< Parent`) and the items of a class form.
fn class_header(children: &[Datum], span: Span) -> Result<(Target<'_>, Option<&Datum>, &[Datum])> {
    let Some((name, rest)) = children.split_first() else {
        return Err(CompileError::new("`class` needs a name", span));
    };
    let Some(name) = Target::of(name) else {
        return Err(CompileError::new(
            "a class's name is a name or a path (`Point`, `/Point`, `geo/Point`)",
            name.span,
        ));
    };
    match rest {
        [less, parent, items @ ..] if less.as_symbol() == Some("<") => {
            Ok((name, Some(parent), items))
        }
        [less] if less.as_symbol() == Some("<") => Err(CompileError::new(
            "`<` needs the parent class after it",
            less.span,
        )),
        items => Ok((name, None, items)),
    }
}

fn not_an_item(span: Span) -> CompileError {
    CompileError::new(
        "a class body holds `(ctor [params] …)`, `(method name [params] …)`, `(on_method_missing [name args…] …)` and nested `(class …)` forms",
        span,
    )
}
