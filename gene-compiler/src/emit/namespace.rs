//! Namespaces: `(ns name body…)`, `(ns /a/b)`, and definitions into a namespace, both
//! inside its body (`(fn /area …)`, `(class /Shape …)`, `(var /pi 3.14)`) and from outside
//! through a path (`(fn geo/area …)`, `(class geo/Shape …)`).
//!
//! A namespace is an object made at run time (`NewNamespace`) whose members are its
//! properties. Inside its body it is a hidden local, so the body's functions capture it like
//! any variable; a bare name the body defines as a member (`/name`) resolves to that member
//! there (after locals, before globals), read from the namespace when it runs. Names the body
//! defines without a `/` are locals of the body, not members: `/` is what makes a name part
//! of the namespace, as the spec says.

use gene_syntax::{Datum, DatumKind, Gene, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Instr, Reg};
use crate::proto::Constant;

/// A namespace whose body encloses the code being compiled.
pub(super) struct NamespaceScope<'b> {
    /// The hidden local holding the namespace.
    pub(super) local: &'b str,
    /// The names its body defines as members.
    pub(super) members: bumpalo::collections::Vec<'b, &'b str>,
}

/// Where a definition (`fn`, `class`, `var`, `ns`) puts what it defines.
#[derive(Clone, Copy)]
pub(super) enum Target<'a> {
    /// A plain name: a global at the top level, else a local.
    Name(&'a str),
    /// `/name`: a member of the namespace whose body this is; at a file's top level, a
    /// global the file exports.
    Member(&'a str),
    /// `a/b/name`: a member of what the path `a/b` gives.
    Path(&'a [String], &'a str),
}

impl<'a> Target<'a> {
    /// What a definition's name datum says, if it is a name or a path.
    pub(super) fn of(datum: &'a Datum) -> Option<Target<'a>> {
        match &datum.kind {
            DatumKind::Symbol(name) => Some(Target::Name(name)),
            DatumKind::ComplexSymbol(parts) => match parts.as_slice() {
                [root, name] if root.is_empty() && !name.is_empty() => Some(Target::Member(name)),
                // `/a/b`: the leading `/` marks the definition as the file's (or the
                // namespace's) own, and the path says where it goes.
                [root, init @ .., name] if root.is_empty() && !name.is_empty() => {
                    Some(Target::Path(init, name))
                }
                [init @ .., name] if !init.is_empty() && !name.is_empty() => {
                    Some(Target::Path(init, name))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The defined thing's own name (its last segment).
    pub(super) fn name(self) -> &'a str {
        match self {
            Target::Name(name) | Target::Member(name) | Target::Path(_, name) => name,
        }
    }
}

impl<'b> Compiler<'_, 'b> {
    /// `(ns name body…)`: makes the namespace, binds it, and runs its body inside it.
    pub(super) fn ns_form(&mut self, gene: &Gene, dest: Reg, span: Span) -> Result<()> {
        self.take_unused();
        let Some((name, body)) = gene.children.split_first() else {
            return Err(CompileError::new("`ns` needs a name", span));
        };
        let Some(target) = Target::of(name) else {
            return Err(CompileError::new(
                "a namespace's name is a name or a path (`geo`, `/geo`, `math/geo`)",
                name.span,
            ));
        };
        if let Target::Name(bound) = target {
            // A member's name is a key, not a variable, so any name will do.
            self.check_bindable(bound, super::reserved::Binding::Namespace, name.span)?;
        }
        let mark = self.reg_mark();
        let ns = self.alloc_reg(span)?;
        let name_k = self.constant(Constant::Symbol(target.name().to_string()), span)?;
        self.emit(
            Instr::NewNamespace {
                a: ns,
                name: name_k,
            },
            span,
        );
        self.define(target, ns, span)?;
        self.begin_scope();
        let local = self
            .arena
            .alloc_str(&format!("$ns#{}", self.namespaces.len()));
        self.name_register(local, ns);
        let mut members = bumpalo::collections::Vec::new_in(self.arena);
        for item in body {
            if let Some(member) = defined_member(item) {
                members.push(&*self.arena.alloc_str(member));
            }
        }
        self.namespaces.push(NamespaceScope { local, members });
        let result = self.ns_body(body, ns, span);
        self.namespaces.pop();
        result?;
        self.end_scope(span);
        if ns != dest {
            self.emit(Instr::Move { a: dest, b: ns }, span);
        }
        self.free_to(mark);
        Ok(())
    }

    fn ns_body(&mut self, body: &[Datum], ns: Reg, span: Span) -> Result<()> {
        let scratch = self.alloc_reg(span)?;
        for item in body {
            // `(.on_member_missing handler)`: what reading a missing member calls.
            if let DatumKind::Gene(gene) = &item.kind {
                if gene.head.as_symbol() == Some(".on_member_missing") {
                    let [handler] = gene.children.as_slice() else {
                        return Err(CompileError::new(
                            "`.on_member_missing` takes one function",
                            item.span,
                        ));
                    };
                    self.expr(handler, scratch, false)?;
                    self.set_prop(ns, "on_member_missing", scratch, item.span)?;
                    continue;
                }
            }
            let mark = self.reg_mark();
            self.discard = true;
            self.expr(item, scratch, false)?;
            self.free_temporaries(mark);
        }
        Ok(())
    }

    /// Puts the value in `value` where `target` says, as a definition does.
    pub(super) fn define(&mut self, target: Target, value: Reg, span: Span) -> Result<()> {
        match target {
            Target::Name(name) => {
                if self.at_top_level() {
                    let slot = self.define_global(name, span)?;
                    self.emit(Instr::SetGlobal { a: value, slot }, span);
                } else {
                    let reg = self.declare_local(name, span)?;
                    self.emit(Instr::Move { a: reg, b: value }, span);
                }
            }
            Target::Member(name) => {
                let Some(scope) = self.namespaces.last() else {
                    // At the top level of a file, `/name` is the file's own: a global, which
                    // the module exports.
                    self.define(Target::Name(name), value, span)?;
                    if self.at_top_level() {
                        let slot = self.define_global(name, span)?;
                        self.globals.export(slot);
                    }
                    return Ok(());
                };
                let local = scope.local;
                let mark = self.reg_mark();
                let scratch = self.alloc_reg(span)?;
                let ns = self.hidden_register(local, scratch, span)?;
                self.set_prop(ns, name, value, span)?;
                self.free_to(mark);
            }
            // `$ns/name` outside any `(ns …)` body: the file's own `/name`.
            Target::Path([root], name) if root == "$ns" && self.namespaces.is_empty() => {
                self.define(Target::Member(name), value, span)?;
            }
            Target::Path(owner, name) => {
                let mark = self.reg_mark();
                let scratch = self.alloc_reg(span)?;
                match owner {
                    [root] => {
                        let root = Datum::new(DatumKind::Symbol(root.clone()), span);
                        self.expr(&root, scratch, false)?;
                    }
                    _ => self.path(owner, scratch, span)?,
                }
                self.set_prop(scratch, name, value, span)?;
                self.free_to(mark);
            }
        }
        Ok(())
    }

    /// `$ns`: the namespace whose body this is; outside any `(ns …)` body, the file's own
    /// namespace, which holds its exports.
    pub(super) fn current_namespace(&mut self, dest: Reg, span: Span) -> Result<()> {
        let Some(scope) = self.namespaces.last() else {
            self.emit(Instr::ModuleNs { a: dest }, span);
            return Ok(());
        };
        let local = scope.local;
        let ns = self.hidden_register(local, dest, span)?;
        if ns != dest {
            self.emit(Instr::Move { a: dest, b: ns }, span);
        }
        Ok(())
    }

    /// The name in `$ns/name` written outside any `(ns …)` body, where `$ns` is the file's
    /// own namespace and `$ns/name` its global `name`.
    pub(super) fn file_member<'d>(&self, datum: &'d Datum) -> Option<&'d str> {
        match &datum.kind {
            DatumKind::ComplexSymbol(parts) if self.namespaces.is_empty() => match parts.as_slice()
            {
                [root, name] if root == "$ns" && !name.is_empty() => Some(name),
                _ => None,
            },
            _ => None,
        }
    }

    /// The namespace member a bare name refers to here, if the body of an enclosing
    /// namespace defines one of that name: its namespace's hidden local.
    pub(super) fn member_namespace(&self, name: &str) -> Option<&'b str> {
        self.namespaces
            .iter()
            .rev()
            .find(|scope| scope.members.contains(&name))
            .map(|scope| scope.local)
    }
}

/// The member name an item of a namespace body defines with `/name`, if any.
fn defined_member(item: &Datum) -> Option<&str> {
    let DatumKind::Gene(gene) = &item.kind else {
        return None;
    };
    match gene.head.as_symbol()? {
        "fn" | "class" | "var" | "ns" | "macro" | "enum" => {}
        _ => return None,
    }
    match Target::of(gene.children.first()?)? {
        Target::Member(name) => Some(name),
        _ => None,
    }
}
