//! The resolver: what a name refers to where it is used. Locals live in registers and
//! come and go with scopes; a local of an enclosing function is reached through an upvalue
//! (each function in between passes it down); any other name is a global slot, fixed at
//! compile time.

use gene_syntax::Span;

use bumpalo::collections::Vec as BVec;

use super::{CompileError, Compiler, FunctionState, Result};
use crate::isa::{ConstIdx, GlobalSlot, IcSlot, Instr, Reg, UpvalIdx};
use crate::proto::UpvalSource;

pub(super) struct Local<'b> {
    pub(super) name: &'b str,
    pub(super) reg: Reg,
    pub(super) depth: u32,
    /// A closure captures it, so its register must be closed over when its scope ends.
    pub(super) captured: bool,
    /// Bound by `let`: nothing may assign it.
    pub(super) immutable: bool,
    /// A top-level `var` of the file kept in a register (`private_top.rs`).
    pub(super) top_level: bool,
    /// Bound by `for`: it takes a new value each turn, so a path segment of its name
    /// probably meant its value (`lint.rs`).
    pub(super) loop_variable: bool,
}

/// Where a name refers to.
#[derive(Clone, Copy)]
pub(super) enum Resolved {
    Local(Reg),
    Upval(UpvalIdx),
    Global(GlobalSlot),
    /// A member of an enclosing namespace (`namespace.rs`), read through its own
    /// property site.
    Member {
        ns: Holder,
        key: ConstIdx,
        ic: IcSlot,
    },
}

/// Where a hidden local (a namespace, `self`) is: in a register of this function, or
/// captured from an enclosing one.
#[derive(Clone, Copy)]
pub(super) enum Holder {
    Local(Reg),
    Upval(UpvalIdx),
}

impl FunctionState<'_> {
    /// The innermost local named `name`.
    pub(super) fn find_local(&self, name: &str) -> Option<usize> {
        self.locals.iter().rposition(|l| l.name == name)
    }
}

impl<'b> Compiler<'_, 'b> {
    pub(super) fn begin_scope(&mut self) {
        self.func().scope_depth += 1;
    }

    /// Ends a scope; if a closure captured one of its locals, their upvalues are closed so
    /// the next run of the scope (a loop's next iteration) gets fresh variables.
    pub(super) fn end_scope(&mut self, span: Span) {
        let func = self.func();
        func.scope_depth -= 1;
        let depth = func.scope_depth;
        let mut lowest_captured = None;
        while func.locals.last().is_some_and(|l| l.depth > depth) {
            let local = func.locals.pop().expect("checked");
            if local.captured {
                lowest_captured = Some(local.reg);
            }
        }
        if let Some(from) = lowest_captured {
            self.emit(Instr::CloseUpvals { from }, span);
        }
    }

    /// Declares a local in a fresh register.
    pub(super) fn declare_local(&mut self, name: &str, span: Span) -> Result<Reg> {
        let reg = self.alloc_reg(span)?;
        self.name_register(name, reg);
        Ok(reg)
    }

    /// Makes `name` a local living in `reg`, from here to the end of the scope.
    pub(super) fn name_register(&mut self, name: &str, reg: Reg) {
        let name = self.arena.alloc_str(name);
        let func = self.func();
        let depth = func.scope_depth;
        func.locals.push(Local {
            name,
            reg,
            depth,
            captured: false,
            immutable: false,
            top_level: false,
            loop_variable: false,
        });
    }

    /// Makes the local just declared immutable (`let`).
    pub(super) fn make_last_local_immutable(&mut self) {
        if let Some(local) = self.func().locals.last_mut() {
            local.immutable = true;
        }
    }

    /// Whether the variable `name` resolves to here was bound by `let`: the innermost local
    /// of that name in this function or an enclosing one, else the global.
    pub(super) fn is_immutable(&self, name: &str) -> bool {
        for function in self.functions.iter().rev() {
            if let Some(index) = function.find_local(name) {
                return function.locals[index].immutable;
            }
        }
        self.globals
            .lookup(name)
            .is_some_and(|slot| self.globals.is_immutable(slot))
    }

    /// The slot a top-level declaration (`var`, `let`, `fn`, `enum`) of `name` defines,
    /// refused when a top-level `let` bound the name already.
    pub(super) fn define_global(&mut self, name: &str, span: Span) -> Result<GlobalSlot> {
        self.needs_global(name);
        let slot = self.global_slot(name, span)?;
        if self.globals.is_immutable(slot) {
            return Err(CompileError::new(
                format!("`{name}` is bound by `let` and cannot be declared again"),
                span,
            ));
        }
        Ok(slot)
    }

    /// Whether a `var` here makes a global: at the top level of the program only.
    pub(super) fn at_top_level(&self) -> bool {
        self.functions.len() == 1 && self.functions[0].scope_depth == 0
    }

    pub(super) fn resolve(&mut self, name: &str, span: Span) -> Result<Resolved> {
        let level = self.functions.len() - 1;
        if let Some(index) = self.functions[level].find_local(name) {
            return Ok(Resolved::Local(self.functions[level].locals[index].reg));
        }
        if let Some(upval) = self.resolve_upvalue(level, name, span)? {
            return Ok(Resolved::Upval(upval));
        }
        if let Some(local) = self.member_namespace(name) {
            let ns = self
                .holder(local, span)?
                .expect("the namespace's body encloses this");
            let (key, ic) = self.named_site(name, span)?;
            return Ok(Resolved::Member { ns, key, ic });
        }
        if level > 0 {
            self.needs_global(name);
        }
        let slot = self.global_slot(name, span)?;
        self.note_near_miss_local(name, slot);
        Ok(Resolved::Global(slot))
    }

    /// Where the hidden local `name` is, if it is visible here (never a global).
    pub(super) fn holder(&mut self, name: &str, span: Span) -> Result<Option<Holder>> {
        let level = self.functions.len() - 1;
        if let Some(index) = self.functions[level].find_local(name) {
            return Ok(Some(Holder::Local(self.functions[level].locals[index].reg)));
        }
        Ok(self.resolve_upvalue(level, name, span)?.map(Holder::Upval))
    }

    /// The register holding the hidden local `name`: its own, or `scratch` loaded from its
    /// upvalue; `None` if it is not visible here.
    pub(super) fn hidden_register_opt(
        &mut self,
        name: &str,
        scratch: Reg,
        span: Span,
    ) -> Result<Option<Reg>> {
        Ok(match self.holder(name, span)? {
            Some(Holder::Local(reg)) => Some(reg),
            Some(Holder::Upval(u)) => {
                self.emit(Instr::GetUpval { a: scratch, u }, span);
                Some(scratch)
            }
            None => None,
        })
    }

    pub(super) fn hidden_register(&mut self, name: &str, scratch: Reg, span: Span) -> Result<Reg> {
        self.hidden_register_opt(name, scratch, span)?
            .ok_or_else(|| CompileError::new(format!("`{name}` is not visible here"), span))
    }

    /// Loads what a name resolved to into `dest`.
    pub(super) fn load_resolved(&mut self, resolved: Resolved, dest: Reg, span: Span) {
        match resolved {
            Resolved::Local(reg) => {
                if reg != dest {
                    self.emit(Instr::Move { a: dest, b: reg }, span);
                }
            }
            Resolved::Upval(u) => {
                self.emit(Instr::GetUpval { a: dest, u }, span);
            }
            Resolved::Global(slot) => {
                self.emit(Instr::GetGlobal { a: dest, slot }, span);
            }
            Resolved::Member { ns, key, ic } => {
                let obj = match ns {
                    Holder::Local(reg) => reg,
                    Holder::Upval(u) => {
                        self.emit(Instr::GetUpval { a: dest, u }, span);
                        dest
                    }
                };
                self.emit(
                    Instr::GetProp {
                        a: dest,
                        obj,
                        key,
                        ic,
                    },
                    span,
                );
            }
        }
    }

    pub(super) fn global_slot(&mut self, name: &str, span: Span) -> Result<GlobalSlot> {
        self.globals.try_slot(name).ok_or_else(|| {
            CompileError::new(
                "a program may define at most 65,536 global names (top-level variables, \
                 functions and names it reads)",
                span,
            )
        })
    }

    /// The upvalue through which the function at `level` reaches `name`, a local of some
    /// enclosing function; each function between gets an upvalue passing it down.
    pub(super) fn resolve_upvalue(
        &mut self,
        level: usize,
        name: &str,
        span: Span,
    ) -> Result<Option<UpvalIdx>> {
        if level == 0 {
            return Ok(None);
        }
        let parent = level - 1;
        let source = if let Some(index) = self.functions[parent].find_local(name) {
            if self.functions[parent].locals[index].top_level {
                self.needs_global(name);
            }
            let local = &mut self.functions[parent].locals[index];
            local.captured = true;
            UpvalSource::Local(local.reg.0)
        } else if let Some(upval) = self.resolve_upvalue(parent, name, span)? {
            UpvalSource::Upval(upval.0)
        } else {
            return Ok(None);
        };
        let upvalues = &mut self.functions[level].proto.upvalues;
        let index = match upvalues.iter().position(|&u| u == source) {
            Some(index) => index,
            None => {
                upvalues.push(source);
                upvalues.len() - 1
            }
        };
        u8::try_from(index)
            .map(|i| Some(UpvalIdx(i)))
            .map_err(|_| CompileError::new("a function may capture at most 256 variables", span))
    }

    /// Emits `MakeEnv` capturing every variable visible here (innermost first wins).
    pub(super) fn make_env(&mut self, dest: Reg, span: Span) -> Result<()> {
        let level = self.functions.len() - 1;
        let mut names: BVec<&'b str> = BVec::new_in(self.arena);
        for function in self.functions[..=level].iter().rev() {
            for local in function.locals.iter().rev() {
                if !names.contains(&local.name) {
                    names.push(local.name);
                }
            }
        }
        // The top level of the program has no locals worth capturing there: its
        // variables are globals, which evaluated code reaches by name anyway.
        if level == 0 && self.functions[0].locals.is_empty() {
            names.clear();
        }
        let mut layout = Vec::with_capacity(names.len());
        for name in names {
            let source = match self.resolve(name, span)? {
                Resolved::Member { .. } => continue,
                Resolved::Local(reg) => {
                    let func = self.func();
                    if let Some(index) = func.find_local(name) {
                        func.locals[index].captured = true;
                    }
                    UpvalSource::Local(reg.0)
                }
                Resolved::Upval(index) => UpvalSource::Upval(index.0),
                Resolved::Global(_) => continue,
            };
            layout.push((name.to_string(), source));
        }
        let layouts = &mut self.func().proto.env_layouts;
        layouts.push(layout);
        let index = u16::try_from(layouts.len() - 1)
            .map_err(|_| CompileError::new("too many macro calls in one function", span))?;
        self.emit(
            Instr::MakeEnv {
                a: dest,
                layout: crate::isa::EnvIdx(index),
            },
            span,
        );
        Ok(())
    }
}
