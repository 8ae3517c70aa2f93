//! The emitter: walks data and writes register bytecode. This module holds the per-function
//! state (registers, scopes, locals, constants, jumps); `forms.rs` compiles the special
//! forms and calls, `infix.rs` operator expressions.

mod constants;
mod data;
mod exceptions;
mod forms;
mod function;
mod infix;
mod loops;

use gene_syntax::{Datum, Span};

use crate::isa::{Instr, Reg, ShortJump, UpvalIdx};
use crate::proto::{FunctionProto, Globals, UpvalSource};

/// A program that cannot be compiled, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    pub span: Span,
}

impl CompileError {
    pub fn new(message: impl Into<String>, span: Span) -> CompileError {
        CompileError {
            message: message.into(),
            span,
        }
    }
}

pub type Result<T> = std::result::Result<T, CompileError>;

/// Compiles code to run in a macro caller's environment (`$caller_eval`): `env` names the
/// caller's variables, and the result's upvalue `UpvalSource::Local(i)` means `env[i]`.
pub fn compile_eval(
    data: &[Datum],
    env: &[String],
    globals: &mut Globals,
) -> Result<FunctionProto> {
    let span = match (data.first(), data.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    let mut caller = FunctionState::new("<caller>", None, span);
    caller.scope_depth = 1;
    for (index, name) in env.iter().enumerate() {
        let reg = u8::try_from(index)
            .map_err(|_| CompileError::new("too many variables to evaluate in", span))?;
        caller.locals.push(Local {
            name: name.clone(),
            reg: Reg(reg),
            depth: 1,
            captured: false,
        });
    }
    let mut compiler = Compiler::new(
        globals,
        vec![caller, FunctionState::new("<eval>", None, span)],
    );
    compiler.begin_scope();
    let result = compiler.alloc_reg(span)?;
    compiler.block(data, result, false, span)?;
    compiler.emit(Instr::Return { a: result }, span);
    Ok(compiler.functions.pop().expect("eval is open").proto)
}

/// Compiles a whole program (its top-level data) into the `<main>` function.
pub fn compile_program(data: &[Datum], globals: &mut Globals) -> Result<FunctionProto> {
    let span = match (data.first(), data.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    let mut compiler = Compiler::new(globals, vec![FunctionState::new("<main>", None, span)]);
    let result = compiler.alloc_reg(span)?;
    compiler.block(data, result, true, span)?;
    compiler.emit(Instr::Return { a: result }, span);
    Ok(compiler.functions.pop().expect("main is open").proto)
}

struct Local {
    name: String,
    reg: Reg,
    depth: u32,
    /// A closure captures it, so its register must be closed over when its scope ends.
    captured: bool,
}

/// What is being compiled for one function.
struct FunctionState {
    proto: FunctionProto,
    locals: Vec<Local>,
    scope_depth: u32,
    /// The first free register; everything below holds locals or live temporaries.
    next_reg: u16,
    /// The name the function can call itself by (for `CallSelf`).
    self_name: Option<String>,
    /// Loops being compiled, innermost last.
    loops: Vec<loops::LoopContext>,
    /// Where the last instruction emitted starts.
    last_pc: usize,
    /// The `try` levels enclosing the code being compiled, innermost last.
    tries: Vec<exceptions::TryLevel>,
    /// Where each constant sits in `proto.constants`.
    constant_index: constants::ConstantIndex,
}

impl FunctionState {
    /// The innermost local named `name`.
    fn find_local(&self, name: &str) -> Option<usize> {
        self.locals.iter().rposition(|l| l.name == name)
    }

    fn new(name: &str, self_name: Option<String>, span: Span) -> FunctionState {
        FunctionState {
            proto: FunctionProto {
                name: name.to_string(),
                span,
                ..FunctionProto::default()
            },
            locals: Vec::new(),
            scope_depth: 0,
            next_reg: 0,
            self_name,
            loops: Vec::new(),
            last_pc: 0,
            tries: Vec::new(),
            constant_index: constants::ConstantIndex::default(),
        }
    }
}

/// Where a name refers to.
#[derive(Clone, Copy)]
enum Resolved {
    Local(Reg),
    Upval(crate::isa::UpvalIdx),
    Global(crate::isa::GlobalSlot),
}

struct Compiler<'g> {
    globals: &'g mut Globals,
    /// The function being compiled is last; those enclosing it come before.
    functions: Vec<FunctionState>,
    /// Set by a block for a statement whose value nothing uses; `expr` takes it.
    discard: bool,
    /// Whether the form `expr` is compiling has its value used; forms that can skip work
    /// when it is not take this first thing.
    unused: bool,
    /// The `^name` of the loop about to be compiled.
    loop_label: Option<String>,
    /// The props of the `fn` form about to be compiled (its metadata).
    fn_meta: Option<gene_syntax::Props>,
}

impl<'g> Compiler<'g> {
    fn new(globals: &'g mut Globals, functions: Vec<FunctionState>) -> Compiler<'g> {
        Compiler {
            globals,
            functions,
            discard: false,
            unused: false,
            loop_label: None,
            fn_meta: None,
        }
    }
}

impl Compiler<'_> {
    fn func(&mut self) -> &mut FunctionState {
        self.functions.last_mut().expect("a function is open")
    }

    fn pc(&mut self) -> usize {
        self.func().proto.code.len()
    }

    /// Appends an instruction, remembering the source it came from.
    fn emit(&mut self, instr: Instr, span: Span) -> usize {
        let func = self.func();
        func.last_pc = func.proto.code.len();
        let proto = &mut func.proto;
        let pc = proto.code.len();
        if proto.spans.last().is_none_or(|&(_, last)| last != span) {
            proto.spans.push((pc as u32, span));
        }
        instr.encode(&mut proto.code);
        pc
    }

    /// Emits a forward jump to be patched with [`Compiler::patch_jump`].
    fn emit_jump(&mut self, make: impl FnOnce(ShortJump) -> Instr, span: Span) -> usize {
        self.emit(make(ShortJump(0)), span)
    }

    /// Emits an unconditional forward jump to be patched.
    fn emit_forward_jump(&mut self, span: Span) -> usize {
        self.emit_jump(
            |to| Instr::Jump {
                to: crate::isa::Jump(to.0.into()),
            },
            span,
        )
    }

    /// Points the jump at `at` to the current end of code.
    fn patch_jump(&mut self, at: usize, span: Span) -> Result<()> {
        let target = self.pc();
        self.patch_jump_to(at, target, span)
    }

    fn patch_jump_to(&mut self, at: usize, target: usize, span: Span) -> Result<()> {
        let code = &mut self.func().proto.code;
        let (instr, next) = Instr::decode(code, at).expect("the jump was emitted here");
        let distance = i16::try_from(target as i64 - next as i64)
            .map_err(|_| CompileError::new("this body is too long to jump over", span))?;
        let patched = instr
            .retarget(distance)
            .unwrap_or_else(|| unreachable!("{instr:?} is not a patchable jump"));
        let mut words = Vec::with_capacity(2);
        patched.encode(&mut words);
        code[at..at + words.len()].copy_from_slice(&words);
        Ok(())
    }

    /// Returns `value` from the function, after code that just computed it into `value`:
    /// when that code ended by moving a local into `value`, the move becomes the return.
    fn emit_return(&mut self, value: Reg, span: Span) {
        let last = self.func().last_pc;
        if last < self.pc() {
            if let Ok((Instr::Move { a, b }, next)) = Instr::decode(&self.func().proto.code, last) {
                if a == value && next == self.pc() {
                    let mut word = Vec::with_capacity(1);
                    Instr::Return { a: b }.encode(&mut word);
                    self.func().proto.code[last] = word[0];
                }
            }
        }
        // Jumps to the end of that code land here.
        self.emit(Instr::Return { a: value }, span);
    }

    /// A jump back to `target`.
    fn emit_loop(&mut self, target: usize, span: Span) -> Result<()> {
        let next = self.pc() + crate::isa::Op::Jump.words();
        let distance = target as i64 - next as i64;
        let to = i32::try_from(distance)
            .ok()
            .filter(|d| (crate::isa::Jump::MIN..=crate::isa::Jump::MAX).contains(d))
            .ok_or_else(|| CompileError::new("this loop body is too long", span))?;
        self.emit(
            Instr::Jump {
                to: crate::isa::Jump(to),
            },
            span,
        );
        Ok(())
    }

    fn alloc_reg(&mut self, span: Span) -> Result<Reg> {
        let func = self.func();
        if func.next_reg >= 255 {
            return Err(CompileError::new(
                "this function needs more than 255 registers; split it into smaller functions",
                span,
            ));
        }
        let reg = Reg(func.next_reg as u8);
        func.next_reg += 1;
        func.proto.registers = func.proto.registers.max(func.next_reg as u8);
        Ok(reg)
    }

    /// Frees every register from `mark` up (temporaries of a finished expression).
    fn free_to(&mut self, mark: u16) {
        self.func().next_reg = mark;
    }

    fn reg_mark(&mut self) -> u16 {
        self.func().next_reg
    }

    fn begin_scope(&mut self) {
        self.func().scope_depth += 1;
    }

    /// Ends a scope; if a closure captured one of its locals, their upvalues are closed so
    /// the next run of the scope (a loop's next iteration) gets fresh variables.
    fn end_scope(&mut self, span: Span) {
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
    fn declare_local(&mut self, name: &str, span: Span) -> Result<Reg> {
        let reg = self.alloc_reg(span)?;
        self.name_register(name, reg);
        Ok(reg)
    }

    /// Makes `name` a local living in `reg`, from here to the end of the scope.
    fn name_register(&mut self, name: &str, reg: Reg) {
        let func = self.func();
        let depth = func.scope_depth;
        func.locals.push(Local {
            name: name.to_string(),
            reg,
            depth,
            captured: false,
        });
    }

    /// Emits `MakeEnv` capturing every variable visible here (innermost first wins).
    fn make_env(&mut self, dest: Reg, span: Span) -> Result<()> {
        let level = self.functions.len() - 1;
        let mut names: Vec<String> = Vec::new();
        for function in self.functions[..=level].iter().rev() {
            for local in function.locals.iter().rev() {
                if !names.contains(&local.name) {
                    names.push(local.name.clone());
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
            let source = match self.resolve(&name, span)? {
                Resolved::Local(reg) => {
                    let func = self.func();
                    if let Some(index) = func.find_local(&name) {
                        func.locals[index].captured = true;
                    }
                    UpvalSource::Local(reg.0)
                }
                Resolved::Upval(index) => UpvalSource::Upval(index.0),
                Resolved::Global(_) => continue,
            };
            layout.push((name, source));
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

    /// Whether the value of the form being compiled goes unused (see `Compiler::unused`).
    fn take_unused(&mut self) -> bool {
        std::mem::take(&mut self.unused)
    }

    /// Whether a `var` here makes a global: at the top level of the program only.
    fn at_top_level(&self) -> bool {
        self.functions.len() == 1 && self.functions[0].scope_depth == 0
    }

    fn resolve(&mut self, name: &str, span: Span) -> Result<Resolved> {
        let level = self.functions.len() - 1;
        if let Some(index) = self.functions[level].find_local(name) {
            return Ok(Resolved::Local(self.functions[level].locals[index].reg));
        }
        if let Some(upval) = self.resolve_upvalue(level, name, span)? {
            return Ok(Resolved::Upval(upval));
        }
        Ok(Resolved::Global(self.global_slot(name, span)?))
    }

    fn global_slot(&mut self, name: &str, span: Span) -> Result<crate::isa::GlobalSlot> {
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
    fn resolve_upvalue(
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

    /// Compiles a body: each datum in order, the last one's value into `dest`.
    fn block(&mut self, body: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        self.block_with(body, dest, tail, span, true)
    }

    /// A block whose value, with `keep_last` false, nothing uses (a loop body, a statement).
    fn block_with(
        &mut self,
        body: &[Datum],
        dest: Reg,
        tail: bool,
        span: Span,
        keep_last: bool,
    ) -> Result<()> {
        if body.is_empty() {
            if keep_last {
                self.emit(Instr::LoadNil { a: dest }, span);
            }
            return Ok(());
        }
        for (index, datum) in body.iter().enumerate() {
            let last = index + 1 == body.len();
            let mark = self.reg_mark();
            self.discard = !(last && keep_last);
            self.expr(datum, dest, tail && last)?;
            // Temporaries die with the statement; locals it declared stay.
            let top_local = self
                .func()
                .locals
                .last()
                .map_or(0, |l| u16::from(l.reg.0) + 1);
            self.free_to(mark.max(top_local));
        }
        Ok(())
    }

    /// A body in its own scope (the bodies of `do`, `if`, loops and functions are blocks).
    fn scoped_block(&mut self, body: &[Datum], dest: Reg, tail: bool, span: Span) -> Result<()> {
        self.scoped_block_with(body, dest, tail, span, true)
    }

    fn scoped_block_with(
        &mut self,
        body: &[Datum],
        dest: Reg,
        tail: bool,
        span: Span,
        keep_last: bool,
    ) -> Result<()> {
        let mark = self.reg_mark();
        self.begin_scope();
        let result = self.block_with(body, dest, tail, span, keep_last);
        self.end_scope(span);
        self.free_to(mark);
        result
    }

    /// The register holding `datum`'s value: a local's own register, or `dest` after
    /// compiling into it.
    fn operand(&mut self, datum: &Datum) -> Result<Reg> {
        if let Some(name) = datum.as_symbol() {
            if let Resolved::Local(reg) = self.resolve(name, datum.span)? {
                return Ok(reg);
            }
        }
        let reg = self.alloc_reg(datum.span)?;
        self.expr(datum, reg, false)?;
        Ok(reg)
    }
}
