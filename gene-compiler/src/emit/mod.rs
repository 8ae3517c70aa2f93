//! The emitter: walks data and writes register bytecode. This module holds the per-function
//! state (registers, jumps, blocks); `resolve.rs` names (scopes, locals, upvalues, globals),
//! `constants.rs` the constant pool, `forms.rs` the special forms and calls, `case.rs`,
//! `loops.rs`, `exceptions.rs`, `function.rs`, `class.rs`, `namespace.rs`, `import.rs` and
//! `patterns.rs` the forms they are named for, `returns.rs` every way out of a function (`return`, `?`),
//! `contracts.rs` `^pre`/`^post`, `reserved.rs` the names no binding may take, `types.rs`
//! type aliases, `infix.rs` operator expressions, `data.rs` literals, quotes and method
//! calls, `path.rs` slash paths and `selector.rs` selector values, `./` and `$set`.

mod async_forms;
mod case;
mod class;
mod constants;
mod contracts;
mod data;
mod destructure;
mod exceptions;
mod forms;
mod function;
mod hoist;
mod import;
pub(crate) mod infix;
mod lint;
mod loops;
mod namespace;
mod path;
mod patterns;
mod private_top;
pub(crate) mod reserved;
mod resolve;
mod returns;
mod scratch;
mod selector;
mod spread;
mod types;

use bumpalo::collections::Vec as BVec;
use bumpalo::Bump;
use gene_syntax::{Datum, Span};

use crate::isa::{Instr, Reg, ShortJump};
use crate::proto::{FunctionProto, Globals};
pub use lint::Warning;
pub use private_top::compile_module;
use resolve::{Local, Resolved};

/// A program that cannot be compiled, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    pub span: Span,
    /// How to write what was probably meant, when the compiler can tell.
    pub help: Option<String>,
}

impl CompileError {
    pub fn new(message: impl Into<String>, span: Span) -> CompileError {
        CompileError {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> CompileError {
        self.help = Some(help.into());
        self
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
    scratch::with_arena(|arena| compile_eval_in(data, env, globals, span, arena))
}

fn compile_eval_in(
    data: &[Datum],
    env: &[String],
    globals: &mut Globals,
    span: Span,
    arena: &Bump,
) -> Result<FunctionProto> {
    let mut caller = FunctionState::new("<caller>", None, span, arena);
    caller.scope_depth = 1;
    for (index, name) in env.iter().enumerate() {
        let reg = u8::try_from(index)
            .map_err(|_| CompileError::new("too many variables to evaluate in", span))?;
        caller.locals.push(Local {
            name: arena.alloc_str(name),
            reg: Reg(reg),
            depth: 1,
            captured: false,
            immutable: false,
            top_level: false,
            loop_variable: false,
        });
    }
    let mut compiler = Compiler::new(
        globals,
        arena,
        vec![caller, FunctionState::new("<eval>", None, span, arena)],
    );
    compiler.begin_scope();
    let result = compiler.alloc_reg(span)?;
    compiler.block(data, result, false, span)?;
    compiler.emit(Instr::Return { a: result }, span);
    let mut proto = compiler.functions.pop().expect("eval is open").proto;
    proto.warnings = std::mem::take(&mut compiler.warnings);
    Ok(proto)
}

/// Compiles a whole program (its top-level data) into the `<main>` function. Its top-level
/// variables are globals, which code compiled later against `globals` (the REPL's next
/// line) reads; [`compile_module`] compiles a file nothing reads but its exports.
pub fn compile_program(data: &[Datum], globals: &mut Globals) -> Result<FunctionProto> {
    compile_main(data, globals, None).map(|(proto, _)| proto)
}

/// Compiles `<main>`, with the top-level variables `private` allows in registers; also
/// returns the names it kept in registers that turned out to be needed as globals.
fn compile_main(
    data: &[Datum],
    globals: &mut Globals,
    private: Option<private_top::PrivateTopLevel>,
) -> Result<(FunctionProto, Vec<String>)> {
    let span = match (data.first(), data.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    scratch::with_arena(|arena| {
        let main = FunctionState::new("<main>", None, span, arena);
        let mut compiler = Compiler::new(globals, arena, vec![main]);
        compiler.private_top = private;
        let result = compiler.alloc_reg(span)?;
        compiler.block(data, result, true, span)?;
        compiler.emit(Instr::Return { a: result }, span);
        let conflicts = compiler
            .private_top
            .take()
            .map_or_else(Vec::new, private_top::PrivateTopLevel::into_conflicts);
        let mut proto = compiler.functions.pop().expect("main is open").proto;
        proto.warnings = std::mem::take(&mut compiler.warnings);
        Ok((proto, conflicts))
    })
}

/// What is being compiled for one function. Its scratch tables live in the compilation's
/// arena (see `scratch.rs`); only the proto outlives the compilation.
struct FunctionState<'b> {
    proto: FunctionProto,
    locals: BVec<'b, Local<'b>>,
    scope_depth: u32,
    /// The first free register; everything below holds locals or live temporaries.
    next_reg: u16,
    /// The name the function can call itself by (for `CallSelf`).
    self_name: Option<String>,
    /// Loops being compiled, innermost last.
    loops: BVec<'b, loops::LoopContext<'b>>,
    /// Where the last instruction emitted starts.
    last_pc: usize,
    /// The `try` levels enclosing the code being compiled, innermost last.
    tries: BVec<'b, exceptions::TryLevel>,
    /// Where each constant sits in `proto.constants`.
    constant_index: constants::ConstantIndex<'b>,
    /// What kind of function: a method's receiver is `self`, and a constructor returns it.
    receiver: function::Receiver,
    /// The postconditions every return checks (`^post`).
    contracts: Option<contracts::Contracts>,
    /// Numbers the loops being compiled keep in registers (`hoist.rs`).
    hoisted: BVec<'b, (hoist::Number, Reg)>,
}

impl<'b> FunctionState<'b> {
    fn new(
        name: &str,
        self_name: Option<String>,
        span: Span,
        arena: &'b Bump,
    ) -> FunctionState<'b> {
        FunctionState {
            proto: FunctionProto {
                name: name.to_string(),
                span,
                ..FunctionProto::default()
            },
            locals: BVec::new_in(arena),
            scope_depth: 0,
            next_reg: 0,
            self_name,
            loops: BVec::new_in(arena),
            last_pc: 0,
            tries: BVec::new_in(arena),
            constant_index: constants::ConstantIndex::new_in(arena),
            receiver: function::Receiver::None,
            contracts: None,
            hoisted: BVec::new_in(arena),
        }
    }
}

struct Compiler<'g, 'b> {
    globals: &'g mut Globals,
    /// Where the scratch data of this compilation lives.
    arena: &'b Bump,
    /// The function being compiled is last; those enclosing it come before.
    functions: Vec<FunctionState<'b>>,
    /// Set by a block for a statement whose value nothing uses; `expr` takes it.
    discard: bool,
    /// Whether the form `expr` is compiling has its value used; forms that can skip work
    /// when it is not take this first thing.
    unused: bool,
    /// The `^name` of the loop about to be compiled.
    loop_label: Option<&'b str>,
    /// The props of the `fn` form about to be compiled (its metadata).
    fn_meta: Option<gene_syntax::Props>,
    /// The namespaces whose bodies enclose the code being compiled, innermost last.
    namespaces: BVec<'b, namespace::NamespaceScope<'b>>,
    /// Which top-level variables may live in registers (`private_top.rs`); `None` keeps
    /// them all global.
    private_top: Option<private_top::PrivateTopLevel>,
    /// What the compilation warns of (`lint.rs`), handed to the outermost proto at the end.
    warnings: Vec<Warning>,
}

impl<'g, 'b> Compiler<'g, 'b> {
    fn new(
        globals: &'g mut Globals,
        arena: &'b Bump,
        functions: Vec<FunctionState<'b>>,
    ) -> Compiler<'g, 'b> {
        Compiler {
            globals,
            arena,
            functions,
            discard: false,
            unused: false,
            loop_label: None,
            fn_meta: None,
            namespaces: BVec::new_in(arena),
            private_top: None,
            warnings: Vec::new(),
        }
    }
}

impl<'b> Compiler<'_, 'b> {
    fn func(&mut self) -> &mut FunctionState<'b> {
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
        overwrite(code, at, patched);
        Ok(())
    }

    /// Returns `value` from the function, after code that just computed it into `value`:
    /// when that code ended by moving a local into `value`, the move becomes the return.
    /// A function with postconditions checks them first.
    fn emit_return(&mut self, value: Reg, span: Span) -> Result<()> {
        if self.func().contracts.is_some() {
            self.emit_postconditions(value, span)?;
            self.emit(Instr::Return { a: value }, span);
            return Ok(());
        }
        let last = self.func().last_pc;
        if last < self.pc() {
            if let Ok((Instr::Move { a, b }, next)) = Instr::decode(&self.func().proto.code, last) {
                if a == value && next == self.pc() {
                    overwrite(&mut self.func().proto.code, last, Instr::Return { a: b });
                }
            }
        }
        // Jumps to the end of that code land here.
        self.emit(Instr::Return { a: value }, span);
        Ok(())
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

    /// Frees the temporaries above `mark`, keeping the locals declared since (a statement's
    /// `var` outlives it).
    fn free_temporaries(&mut self, mark: u16) {
        let top_local = self
            .func()
            .locals
            .last()
            .map_or(0, |l| u16::from(l.reg.0) + 1);
        self.free_to(mark.max(top_local));
    }

    fn reg_mark(&mut self) -> u16 {
        self.func().next_reg
    }

    /// Whether the value of the form being compiled goes unused (see `Compiler::unused`).
    fn take_unused(&mut self) -> bool {
        std::mem::take(&mut self.unused)
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
            self.free_temporaries(mark);
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
        if let Some(reg) = self.hoisted_number(datum) {
            return Ok(reg);
        }
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

/// Writes `instr` over the instruction of the same length at `at`. It is encoded at the end
/// of the code and moved into place, so patching a jump allocates nothing.
fn overwrite(code: &mut Vec<u32>, at: usize, instr: Instr) {
    let end = code.len();
    instr.encode(code);
    code.copy_within(end.., at);
    code.truncate(end);
}
