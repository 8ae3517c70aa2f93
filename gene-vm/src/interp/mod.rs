//! The interpreter loop: one `loop { match }` over decoded instructions. Gene-to-Gene calls
//! push a frame and stay in this loop, so Gene recursion never recurses in Rust; its depth is
//! bounded by `max_call_depth`.

mod calls;
mod cold;
mod objects;
pub(crate) mod op_profile;
pub(crate) mod unwind;

use gene_compiler::isa::Instr;

pub(crate) use calls::{frame_index, CallSite, Entered, MAX_NATIVE_DEPTH};

use crate::collections::resolve_index;
use crate::function::Function;
use crate::heap::Gc;
use crate::methods::{Method, Resolved};
use crate::ops::{self, fast_arith, Compare};
use crate::value::{SymbolId, Value};
use crate::vm::{CallFrame, Vm, VmError};

impl Vm {
    /// Runs a loaded `<main>` function to completion.
    pub(crate) fn run_main(&mut self, function: Gc<Function>) -> Result<Value, VmError> {
        let closure = self.make_closure(function, 0)?;
        // Past every live register (this may run inside a native call of a running
        // program), with one register below the frame for its result, as for every call.
        let ret = self.free_registers_start();
        let base = self.registers.frame(ret + 1)?;
        let depth = self.frames.len();
        self.frames.push(CallFrame {
            function,
            closure,
            pc: 0,
            base,
            ret: frame_index(ret)?,
        });
        let result = self.execute(depth);
        if result.is_err() {
            self.unwind_to(depth);
        }
        result
    }

    /// Runs frames until the frame at `depth` returns.
    pub(crate) fn execute(&mut self, depth: usize) -> Result<Value, VmError> {
        let mut frame = self.frames.last().expect("a frame to run").function;
        let mut base = self.frames.last().expect("a frame to run").base;
        let mut pc = self.frames.last().expect("a frame to run").pc as usize;
        // Registers of the running frame: in bounds whatever the operand
        // (`registers.rs`).
        macro_rules! reg {
            ($r:expr) => {
                self.registers.get(base, $r)
            };
            ($r:expr, $after:literal) => {
                self.registers.get_after::<$after>(base, $r)
            };
        }
        macro_rules! set {
            ($r:expr, $value:expr) => {{
                let value = $value;
                self.registers.set(base, $r, value)
            }};
        }
        macro_rules! set_after {
            ($r:expr, $after:literal, $value:expr) => {{
                let value = $value;
                self.registers.set_after::<$after>(base, $r, value)
            }};
        }
        // Continues with the frame now on top of the stack: a callee just entered, the
        // caller a return went back to, or the frame whose handler caught an error.
        macro_rules! resume_top {
            () => {{
                let top = self.frames.last().expect("a frame to run");
                frame = top.function;
                base = top.base;
                pc = top.pc as usize;
            }};
        }
        // The running function's module, whose globals `GetGlobal` and `SetGlobal` use: read
        // from the function when needed rather than kept in a local the whole loop carries.
        macro_rules! module {
            () => {
                frame.get(&self.heap).module
            };
        }
        // The running function's constant `k`.
        macro_rules! constant {
            ($k:expr) => {
                frame.get(&self.heap).constants[usize::from($k.0)]
            };
        }
        // Records where the running frame is, for the stack trace and for returning to it:
        // before anything that may push a frame or raise from deeper down.
        macro_rules! save_pc {
            () => {
                self.frames.last_mut().expect("running").pc = pc as u32
            };
        }
        loop {
            let error: VmError = 'dispatch: loop {
                // Raises an error at the instruction being run, the one before `pc` (no
                // handler moves `pc` before it may fail): a handler of this run catches it
                // (execution goes on at its catch code), else it leaves `execute`.
                macro_rules! fail {
                    ($error:expr) => {{
                        pc -= 1;
                        break 'dispatch $error;
                    }};
                }
                macro_rules! check {
                    ($result:expr) => {
                        match $result {
                            Ok(value) => value,
                            Err(error) => fail!(error),
                        }
                    };
                }
                // Jumps by `to`; a jump back (a loop's next turn) is a safepoint, so every
                // loop collects and notices an interrupt.
                macro_rules! jump {
                    ($to:expr) => {{
                        let to = i32::from($to);
                        if to < 0 && self.heap.safepoint_due() {
                            save_pc!();
                            check!(self.safepoint());
                        }
                        pc = offset(pc, to);
                    }};
                }
                // Goes on in a frame a call just pushed (or a tail call replaced): entering
                // a function is a safepoint, so loops written as recursion collect (and
                // notice an interrupt) too. An
                // error there is raised at the callee's entry.
                macro_rules! enter_frame {
                    ($function:expr, $base:expr) => {{
                        frame = $function;
                        enter_frame!($base)
                    }};
                    // The running function again.
                    ($base:expr) => {{
                        base = $base;
                        pc = 0;
                        if self.heap.safepoint_due() {
                            if let Err(error) = self.safepoint() {
                                // Raised at the callee's first instruction.
                                break 'dispatch error;
                            }
                        }
                    }};
                }
                // Finishes a call: goes on in the frame it entered, or runs `$done` with the
                // result of a callee that ran at once, or raises its error.
                macro_rules! entered {
                    ($entered:expr, |$value:ident| $done:expr) => {
                        match $entered {
                            Ok(Entered::Frame(function, at_base)) => {
                                enter_frame!(function, at_base)
                            }
                            Ok(Entered::Done($value)) => $done,
                            Err(error) => fail!(error),
                        }
                    };
                }
                // Calls `method` with the receiver and arguments in the `count` registers from
                // `start`, its result going to register `ret`.
                macro_rules! invoke_method {
                    ($method:expr, $name:expr, $start:expr, $count:expr, $ret:expr) => {
                        invoke_method!($method, $name, $start, $count, $ret, false)
                    };
                    ($method:expr, $name:expr, $start:expr, $count:expr, $ret:expr, $keywords:expr) => {
                        match $method {
                            Method::Builtin(builtin)
                                if $keywords && builtin.keywords.is_empty() =>
                            {
                                fail!(VmError::argument_error(format!(
                                    "`.{}` takes no keyword arguments",
                                    self.symbols.name($name)
                                )))
                            }
                            Method::Builtin(builtin) => {
                                let called = crate::stdlib::Called::Method($name);
                                // The keyword map follows the arguments (`CallSite`).
                                self.call_keywords =
                                    $keywords.then(|| self.registers[$start + $count]);
                                let value =
                                    self.call_native_in_registers(builtin, called, $start, $count);
                                self.call_keywords = None;
                                self.registers[$ret] = check!(value);
                            }
                            Method::Callable(callee) => {
                                let site = CallSite {
                                    base: $start,
                                    argc: $count,
                                    ret: $ret,
                                    keywords: $keywords,
                                };
                                entered!(self.precall(callee, site), |value| {
                                    self.registers[$ret] = value
                                });
                            }
                        }
                    };
                }
                // Calls method `name` on `receiver`, which is in register `start` with the
                // `argc` arguments after it, through inline-cache slot `ic`; the result
                // replaces the receiver.
                macro_rules! call_method {
                    ($start:expr, $argc:expr, $name:expr, $ic:expr, $keywords:expr, $receiver:expr) => {{
                        let (start, argc, name, receiver) = ($start, $argc, $name, $receiver);
                        save_pc!();
                        match self.resolve_method(frame, usize::from($ic.0), name, receiver) {
                            // A Gene method enters the same loop as any call: its frame
                            // starts at the receiver, and its result replaces it.
                            Ok(Resolved::Method(method)) => {
                                invoke_method!(method, name, start, argc + 1, start, $keywords)
                            }
                            Ok(Resolved::Field(value)) if argc == 0 => {
                                self.registers[start] = value
                            }
                            Ok(Resolved::Field(_)) => fail!(self.no_such_method(receiver, name)),
                            Ok(Resolved::Missing(handler)) => {
                                let args = self.registers[start + 1..start + 1 + argc].to_vec();
                                self.registers[start] = check!(
                                    self.call_method_missing(handler, receiver, name, &args)
                                );
                            }
                            Err(error) => fail!(error),
                        }
                    }};
                }
                // `a = b op c`. One arm per operator, each with its operator known: one
                // arm for all five dispatched a second time on the operator, an indirect
                // jump on every arithmetic instruction.
                macro_rules! arith {
                    ($op:expr, $a:expr, $b:expr, $c:expr) => {{
                        let (x, y) = (reg!($b), reg!($c));
                        set!(
                            $a,
                            match fast_arith($op, x, y) {
                                Some(Ok(value)) => value,
                                Some(Err(wide)) => check!(self.int(wide)),
                                None => check!(ops::arith(self, $op, x, y)),
                            }
                        );
                    }};
                }
                // Jumps to `to` when `x test y` is `when`. One arm per instruction, the test
                // and the sense constants in it: arms shared by several instructions matched
                // the instruction a second time (see `arith!`).
                macro_rules! compare_jump {
                    ($test:expr, $x:expr, $y:expr, $when:expr, $to:expr) => {{
                        let (x, y) = ($x, $y);
                        if check!(self.compare($test, x, y)) == $when {
                            jump!($to.0);
                        }
                    }};
                }
                // Loading decoded the code (`function::decode_code`): one load fetches an
                // instruction, and a pc past the end (which verified code never reaches)
                // is an error, not a wild read.
                let Some(instr) = frame.get(&self.heap).code.get(pc) else {
                    fail!(VmError::new("corrupt bytecode: ran past the end"))
                };
                pc += 1;
                // Only builds made to profile count: a second copy of this loop, chosen at
                // run time, cost the others 2–4% of their instructions (op_profile.rs).
                #[cfg(feature = "profile-ops")]
                if let Some(profile) = self.op_profile.as_mut() {
                    profile.count(instr.op());
                }
                // On the instruction in place, not a copy: each arm loads only its own
                // operands (a copy loaded every operand layout at the dispatch, into
                // registers the arms then had to shuffle and spill).
                match *instr {
                    Instr::Move { a, b } => set!(a, reg!(b)),
                    Instr::LoadNil { a } => set!(a, Value::NIL),
                    Instr::LoadVoid { a } => set!(a, Value::VOID),
                    Instr::LoadTrue { a } => set!(a, Value::TRUE),
                    Instr::LoadFalse { a } => set!(a, Value::FALSE),
                    Instr::LoadInt { a, value } => {
                        set!(
                            a,
                            Value::small_int(i64::from(value.0)).expect("16 bits fit")
                        )
                    }
                    Instr::LoadConst { a, k } => set!(a, constant!(k)),
                    Instr::GetGlobal { a, slot } => {
                        let value = module!().get(&self.heap).values[usize::from(slot.0)];
                        if value == Value::UNDEFINED {
                            fail!(self.undefined_global(frame, slot));
                        }
                        set!(a, value);
                    }
                    Instr::SetGlobal { a, slot } => {
                        let value = reg!(a);
                        module!().get_mut(&mut self.heap).values[usize::from(slot.0)] = value;
                    }
                    Instr::AddI { a, b, imm } => {
                        set!(
                            a,
                            check!(self.with_immediate(ops::Arith::Add, reg!(b), imm.0))
                        );
                    }
                    Instr::SubI { a, b, imm } => {
                        set!(
                            a,
                            check!(self.with_immediate(ops::Arith::Sub, reg!(b), imm.0))
                        );
                    }
                    Instr::MulI { a, b, imm } => {
                        set!(
                            a,
                            check!(self.with_immediate(ops::Arith::Mul, reg!(b), imm.0))
                        );
                    }
                    Instr::ModI { a, b, imm } => {
                        set!(
                            a,
                            check!(self.with_immediate(ops::Arith::Mod, reg!(b), imm.0))
                        );
                    }
                    Instr::Add { a, b, c } => arith!(ops::Arith::Add, a, b, c),
                    Instr::Sub { a, b, c } => arith!(ops::Arith::Sub, a, b, c),
                    Instr::Mul { a, b, c } => arith!(ops::Arith::Mul, a, b, c),
                    Instr::Div { a, b, c } => arith!(ops::Arith::Div, a, b, c),
                    Instr::Mod { a, b, c } => arith!(ops::Arith::Mod, a, b, c),
                    Instr::TryUnwrap { a, b, to } => {
                        let value = reg!(b);
                        if let Some(inner) = self.try_unwrap(value) {
                            set!(a, inner);
                            pc = offset(pc, i32::from(to.0));
                        }
                    }
                    Instr::SkipContracts { to } => {
                        if !self.contracts {
                            pc = offset(pc, i32::from(to.0));
                        }
                    }
                    Instr::Not { a, b } => set!(a, Value::bool(!reg!(b).is_truthy())),
                    Instr::Eq { a, b, c } => {
                        let (x, y) = (reg!(b), reg!(c));
                        set!(a, Value::bool(check!(self.equal_values(x, y))))
                    }
                    Instr::Ne { a, b, c } => {
                        let (x, y) = (reg!(b), reg!(c));
                        set!(a, Value::bool(!check!(self.equal_values(x, y))))
                    }
                    Instr::Lt { a, b, c } => {
                        let (x, y) = (reg!(b), reg!(c));
                        let less = match (x.as_small_int(), y.as_small_int()) {
                            (Some(m), Some(n)) => m < n,
                            _ => check!(ops::less(self, x, y, false)),
                        };
                        set!(a, Value::bool(less));
                    }
                    Instr::Le { a, b, c } => {
                        let (x, y) = (reg!(b), reg!(c));
                        set!(a, Value::bool(check!(ops::less(self, x, y, true))));
                    }
                    Instr::JumpUnlessLt { a, b, to } => {
                        compare_jump!(Compare::Lt, reg!(a), reg!(b), false, to)
                    }
                    Instr::JumpUnlessLe { a, b, to } => {
                        compare_jump!(Compare::Le, reg!(a), reg!(b), false, to)
                    }
                    Instr::JumpUnlessEq { a, b, to } => {
                        compare_jump!(Compare::Eq, reg!(a), reg!(b), false, to)
                    }
                    Instr::JumpUnlessNe { a, b, to } => {
                        compare_jump!(Compare::Ne, reg!(a), reg!(b), false, to)
                    }
                    Instr::JumpUnlessLtI { a, imm, to } => {
                        compare_jump!(Compare::Lt, reg!(a), immediate(imm.0), false, to)
                    }
                    Instr::JumpUnlessLeI { a, imm, to } => {
                        compare_jump!(Compare::Le, reg!(a), immediate(imm.0), false, to)
                    }
                    Instr::JumpUnlessGtI { a, imm, to } => {
                        compare_jump!(Compare::Lt, immediate(imm.0), reg!(a), false, to)
                    }
                    Instr::JumpUnlessGeI { a, imm, to } => {
                        compare_jump!(Compare::Le, immediate(imm.0), reg!(a), false, to)
                    }
                    Instr::JumpUnlessEqI { a, imm, to } => {
                        compare_jump!(Compare::Eq, reg!(a), immediate(imm.0), false, to)
                    }
                    Instr::JumpUnlessNeI { a, imm, to } => {
                        compare_jump!(Compare::Ne, reg!(a), immediate(imm.0), false, to)
                    }
                    Instr::JumpIfLt { a, b, to } => {
                        compare_jump!(Compare::Lt, reg!(a), reg!(b), true, to)
                    }
                    Instr::JumpIfLe { a, b, to } => {
                        compare_jump!(Compare::Le, reg!(a), reg!(b), true, to)
                    }
                    Instr::JumpIfLtI { a, imm, to } => {
                        compare_jump!(Compare::Lt, reg!(a), immediate(imm.0), true, to)
                    }
                    Instr::JumpIfLeI { a, imm, to } => {
                        compare_jump!(Compare::Le, reg!(a), immediate(imm.0), true, to)
                    }
                    Instr::JumpIfGtI { a, imm, to } => {
                        compare_jump!(Compare::Lt, immediate(imm.0), reg!(a), true, to)
                    }
                    Instr::JumpIfGeI { a, imm, to } => {
                        compare_jump!(Compare::Le, immediate(imm.0), reg!(a), true, to)
                    }
                    Instr::Jump { to } => jump!(to.0),
                    Instr::JumpIfFalse { a, to } => {
                        if !reg!(a).is_truthy() {
                            jump!(to.0);
                        }
                    }
                    Instr::JumpIfDefined { a, to } => {
                        if reg!(a) != Value::UNDEFINED {
                            pc = offset(pc, i32::from(to.0));
                        }
                    }
                    Instr::JumpIfTrue { a, to } => {
                        if reg!(a).is_truthy() {
                            jump!(to.0);
                        }
                    }
                    Instr::Closure { a, proto } => {
                        let child = frame.get(&self.heap).children[usize::from(proto.0)];
                        set!(a, check!(self.make_closure(child, base.index())));
                    }
                    Instr::GetUpval { a, u } => set!(a, self.read_upvalue(u.0)),
                    Instr::SetUpval { a, u } => {
                        let value = reg!(a);
                        self.write_upvalue(u.0, value);
                    }
                    Instr::CloseUpvals { from } => {
                        self.close_upvalues_from(base.index() + usize::from(from.0))
                    }
                    Instr::CallMacro { func, argc } => {
                        let callee = reg!(func);
                        let env = reg!(crate::isa_reg(func, argc.0 + 1));
                        save_pc!();
                        // The environment is rooted before the call: the callee's frame
                        // reuses its register, and entering may collect.
                        let depth = self.frames.len();
                        self.macro_envs.retain(|&(d, _)| d < depth);
                        self.macro_envs.push((depth, env));
                        let site = CallSite::after(
                            base.index() + usize::from(func.0),
                            usize::from(argc.0),
                            false,
                        );
                        let entered = self.precall(callee, site);
                        if !matches!(entered, Ok(Entered::Frame(..))) {
                            // No frame took the environment: the call is over.
                            self.macro_envs.pop();
                        }
                        entered!(entered, |value| set!(func, value));
                    }
                    instr @ (Instr::Call { func, argc } | Instr::CallKw { func, argc }) => {
                        let callee = reg!(func);
                        save_pc!();
                        let keywords = matches!(instr, Instr::CallKw { .. });
                        let site = CallSite::after(
                            base.index() + usize::from(func.0),
                            usize::from(argc.0),
                            keywords,
                        );
                        entered!(self.precall(callee, site), |value| set!(func, value));
                    }
                    instr @ (Instr::CallWith {
                        func,
                        argc,
                        a,
                        b,
                        c,
                    }
                    | Instr::CallSelfWith {
                        func,
                        argc,
                        a,
                        b,
                        c,
                    }) => {
                        // All are read before any is written: a source may be a slot.
                        let (x, y, z) = (reg!(a), reg!(b), reg!(c));
                        set_after!(func, 1, x);
                        if argc.0 > 1 {
                            set_after!(func, 2, y);
                        }
                        if argc.0 > 2 {
                            set_after!(func, 3, z);
                        }
                        save_pc!();
                        let site = CallSite::after(
                            base.index() + usize::from(func.0),
                            usize::from(argc.0),
                            false,
                        );
                        if matches!(instr, Instr::CallSelfWith { .. }) {
                            let callee = self.frames.last().expect("running").closure;
                            match self.precall_function(frame, callee, site) {
                                Ok(at_base) => enter_frame!(at_base),
                                Err(error) => fail!(error),
                            }
                        } else {
                            let callee = reg!(func);
                            entered!(self.precall(callee, site), |value| set!(func, value));
                        }
                    }
                    // The running function calling itself by name: the callee register
                    // does not hold it, and it is known to be a closure of `frame`.
                    Instr::CallSelf { func, argc } => {
                        let callee = self.frames.last().expect("running").closure;
                        save_pc!();
                        let site = CallSite::after(
                            base.index() + usize::from(func.0),
                            usize::from(argc.0),
                            false,
                        );
                        match self.precall_function(frame, callee, site) {
                            Ok(at_base) => enter_frame!(at_base),
                            Err(error) => fail!(error),
                        }
                    }
                    instr @ (Instr::TailCall { func, argc }
                    | Instr::TailCallSelf { func, argc }) => {
                        let callee = match instr {
                            Instr::TailCallSelf { .. } => {
                                self.frames.last().expect("running").closure
                            }
                            _ => reg!(func),
                        };
                        save_pc!();
                        // A native callee that ran at once gave this frame's result.
                        entered!(
                            self.pretailcall(callee, func, usize::from(argc.0)),
                            |value| {
                                self.close_upvalues_from(base.index());
                                if let Some(done) = self.leave(value, depth) {
                                    return Ok(done);
                                }
                                resume_top!();
                            }
                        );
                    }
                    Instr::Throw { a } => {
                        let value = reg!(a);
                        let error = self.thrown_here(value);
                        fail!(error)
                    }
                    Instr::TryBegin { a, to } => {
                        self.handlers.push(crate::vm::Handler {
                            frame: self.frames.len() - 1,
                            reg: a.0,
                            target: offset(pc, to.0) as u32,
                        });
                    }
                    Instr::TryEnd {} => {
                        self.handlers.pop();
                    }
                    Instr::Return { a } => {
                        let value = reg!(a);
                        self.close_upvalues_from(base.index());
                        if let Some(done) = self.leave(value, depth) {
                            return Ok(done);
                        }
                        resume_top!();
                    }
                    Instr::Yield { a } => {
                        let value = reg!(a);
                        check!(self.suspend_generator(base.index(), pc as u32));
                        // The resumer gets the value as a return would give it.
                        if let Some(done) = self.leave(value, depth) {
                            return Ok(done);
                        }
                        resume_top!();
                    }
                    Instr::NewSpread { func } => {
                        save_pc!();
                        let start = base.index() + usize::from(func.0);
                        let (argc, keywords, end) = check!(self.unpack_arguments(start));
                        let entered =
                            self.spread_call(end, |vm| vm.construct_at(start, argc, keywords));
                        entered!(entered, |value| self.registers[start] = value);
                    }
                    Instr::CallSpread { func } => {
                        let callee = reg!(func);
                        save_pc!();
                        let start = base.index() + usize::from(func.0);
                        let (argc, keywords, end) = check!(self.unpack_arguments(start));
                        let site = CallSite::after(start, argc, keywords);
                        let entered = self.spread_call(end, |vm| vm.precall(callee, site));
                        entered!(entered, |value| set!(func, value));
                    }
                    Instr::CallMethodSpread { func, name, ic } => {
                        let name = constant!(name)
                            .as_symbol()
                            .expect("method names are symbols");
                        save_pc!();
                        let start = base.index() + usize::from(func.0);
                        let (argc, keywords, end) = check!(self.unpack_arguments(start));
                        let ic = usize::from(ic.0);
                        let entered = self.spread_call(end, |vm| {
                            vm.call_method_at(frame, ic, name, start, argc, keywords)
                        });
                        entered!(entered, |value| self.registers[start] = value);
                    }
                    Instr::GetIndex { a, b, c } => {
                        let (obj, key) = (reg!(b), reg!(c));
                        // `xs/<i>` in a loop: no slower than `(xs .get i)`'s fast path.
                        if let (Some(array), Some(index)) = (
                            self.heap.downcast::<crate::heap::Array>(obj),
                            key.as_small_int(),
                        ) {
                            let items = &array.get(&self.heap).0;
                            set!(
                                a,
                                resolve_index(index, items.len()).map_or(Value::VOID, |i| items[i])
                            );
                            continue;
                        }
                        save_pc!();
                        set!(a, check!(self.select_index(obj, key)));
                    }
                    Instr::SetIndex { a, b, c } => {
                        let (obj, key, value) = (reg!(a), reg!(b), reg!(c));
                        check!(self.set_index(obj, key, value));
                    }
                    Instr::GetProp { a, obj, key, ic } => {
                        // A namespace's `on_member_missing` may run.
                        save_pc!();
                        let key = constant!(key)
                            .as_symbol()
                            .expect("property keys are symbols");
                        let obj = reg!(obj);
                        set!(
                            a,
                            check!(self.read_prop(frame, usize::from(ic.0), obj, key))
                        );
                    }
                    Instr::SetProp {
                        obj,
                        value,
                        key,
                        ic,
                    } => {
                        let key = constant!(key)
                            .as_symbol()
                            .expect("property keys are symbols");
                        let (obj, value) = (reg!(obj), reg!(value));
                        check!(self.write_prop(frame, usize::from(ic.0), obj, key, value));
                    }
                    instr @ (Instr::CallMethod {
                        func,
                        argc,
                        name,
                        ic,
                    }
                    | Instr::CallMethodKw {
                        func,
                        argc,
                        name,
                        ic,
                    }) => {
                        let keywords = matches!(instr, Instr::CallMethodKw { .. });
                        let name = constant!(name)
                            .as_symbol()
                            .expect("method names are symbols");
                        let start = base.index() + usize::from(func.0);
                        let receiver = reg!(func);
                        if !keywords {
                            let (first, second) = (reg!(func, 1), reg!(func, 2));
                            if let Some(value) =
                                self.array_fast_path(name, receiver, first, second, argc.0)
                            {
                                set!(func, value);
                                continue;
                            }
                        }
                        call_method!(start, usize::from(argc.0), name, ic, keywords, receiver);
                    }
                    // The receiver (and argument) stay where they are unless a method is
                    // entered: an array's `.get`, `.size`, `.push` copy nothing.
                    Instr::CallMethod0 {
                        func,
                        recv,
                        name,
                        ic,
                    } => {
                        let name = constant!(name)
                            .as_symbol()
                            .expect("method names are symbols");
                        let receiver = reg!(recv);
                        if let Some(value) =
                            self.array_fast_path(name, receiver, receiver, receiver, 0)
                        {
                            set!(func, value);
                            continue;
                        }
                        set!(func, receiver);
                        let start = base.index() + usize::from(func.0);
                        call_method!(start, 0, name, ic, false, receiver);
                    }
                    Instr::CallMethod1 {
                        func,
                        recv,
                        arg,
                        name,
                        ic,
                    } => {
                        let name = constant!(name)
                            .as_symbol()
                            .expect("method names are symbols");
                        let (receiver, argument) = (reg!(recv), reg!(arg));
                        if let Some(value) =
                            self.array_fast_path(name, receiver, argument, argument, 1)
                        {
                            set!(func, value);
                            continue;
                        }
                        set!(func, receiver);
                        set_after!(func, 1, argument);
                        let start = base.index() + usize::from(func.0);
                        call_method!(start, 1, name, ic, false, receiver);
                    }
                    instr @ (Instr::New { func, argc } | Instr::NewKw { func, argc }) => {
                        save_pc!();
                        let keywords = matches!(instr, Instr::NewKw { .. });
                        let start = base.index() + usize::from(func.0);
                        let argc = usize::from(argc.0);
                        if let Some(ctor) = check!(self.prepare_new(start, argc, keywords)) {
                            let name = self.fast_names.ctor;
                            invoke_method!(ctor, name, start, argc + 1, start, keywords);
                        }
                    }
                    Instr::CallSuper {
                        func,
                        argc,
                        name,
                        ic,
                    } => {
                        save_pc!();
                        let name = constant!(name)
                            .as_symbol()
                            .expect("method names are symbols");
                        let start = base.index() + usize::from(func.0);
                        let method =
                            check!(self.super_method(frame, usize::from(ic.0), reg!(func), name));
                        // The receiver and its arguments follow the class; the result
                        // replaces the class.
                        invoke_method!(method, name, start + 1, usize::from(argc.0) + 1, start);
                    }
                    Instr::ForNext { a, to } => {
                        let (current, end) = (reg!(a), reg!(a, 1));
                        let next = if current.is_small_int() {
                            Value::small_int(current.small_int_unchecked() + 1)
                        } else {
                            None
                        };
                        let one = Value::small_int(1).expect("fits");
                        let next = match next {
                            Some(next) => next,
                            None => check!(ops::arith(self, ops::Arith::Add, current, one)),
                        };
                        if check!(self.compare(Compare::Le, next, end)) {
                            set!(a, next);
                            set_after!(a, 3, next);
                            jump!(to.0);
                        }
                    }
                    Instr::IterNext { a, to } => {
                        let iterable = reg!(a);
                        // A negative cursor marks a two-variable loop (`IterPairs`).
                        let raw = reg!(a, 1).small_int_unchecked();
                        let cursor = if raw < 0 { -raw - 1 } else { raw };
                        if let Some((key, value)) = check!(self.iteration_item(iterable, cursor)) {
                            let next = if raw < 0 { raw - 1 } else { raw + 1 };
                            set_after!(a, 1, Value::small_int(next).expect("cursors stay small"));
                            let (key, value) = if raw < 0 {
                                check!(self.loop_pair(iterable, key, value))
                            } else {
                                (key, value)
                            };
                            set_after!(a, 2, key);
                            set_after!(a, 3, value);
                            jump!(to.0);
                        }
                    }
                    // Rare in inner loops, and none calls, jumps or leaves the frame: out of
                    // line (`cold.rs`), so the loop's hot arms have the machine registers.
                    instr @ (Instr::Neg { .. }
                    | Instr::Xor { .. }
                    | Instr::StrCat { .. }
                    | Instr::MatchVariant { .. }
                    | Instr::MatchBare { .. }
                    | Instr::Destructure { .. }
                    | Instr::IsA { .. }
                    | Instr::Catches { .. }
                    | Instr::MakeEnv { .. }
                    | Instr::Await { .. }
                    | Instr::AwaitFor { .. }
                    | Instr::Completed { .. }
                    | Instr::Failed { .. }
                    | Instr::NewArray { .. }
                    | Instr::AppendArray { .. }
                    | Instr::AppendChildren { .. }
                    | Instr::Freeze { .. }
                    | Instr::SpreadItems { .. }
                    | Instr::SpreadProps { .. }
                    | Instr::NewMap { .. }
                    | Instr::NewGene { .. }
                    | Instr::NewRange { .. }
                    | Instr::Concat { .. }
                    | Instr::NewSelector { .. }
                    | Instr::Select { .. }
                    | Instr::NewClass { .. }
                    | Instr::NewNamespace { .. }
                    | Instr::Import { .. }
                    | Instr::ImportName { .. }
                    | Instr::ImportAll { .. }
                    | Instr::ModuleNs { .. }
                    | Instr::DefMethod { .. }
                    | Instr::AssertPresent { .. }
                    | Instr::ForPrep { .. }
                    | Instr::IterPrep { .. }
                    | Instr::IterPairs { .. }) => {
                        check!(self.run_cold(instr, frame, base, pc))
                    }
                }
            };
            // Errors leave the dispatch loop with `pc` at the failing instruction.
            match self.catch(error, pc, depth) {
                Ok(()) => {
                    resume_top!();
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// The commonest array methods done in place, with exactly the results of their native
    /// versions in `stdlib/array.rs` (which handle every other case, and every error):
    /// `argc` arguments, the first two `first` and `second` (the others are not read).
    #[inline(always)]
    fn array_fast_path(
        &mut self,
        name: SymbolId,
        receiver: Value,
        first: Value,
        second: Value,
        argc: u8,
    ) -> Option<Value> {
        let array = self.heap.downcast::<crate::heap::Array>(receiver)?;
        let names = &self.fast_names;
        // Frozen arrays go to the natives, which refuse changes.
        if (name == names.push || name == names.set) && self.heap.is_frozen(receiver) {
            return None;
        }
        match argc {
            0 if name == names.size || name == names.length => {
                Value::small_int(array.get(&self.heap).0.len() as i64)
            }
            1 if name == names.get => {
                let index = first.as_small_int()?;
                let items = &array.get(&self.heap).0;
                Some(resolve_index(index, items.len()).map_or(Value::VOID, |i| items[i]))
            }
            1 if name == names.push => {
                let items = &mut array.get_mut(&mut self.heap).0;
                let capacity = items.capacity();
                items.push(first);
                let (len, grown) = (items.len(), items.capacity() - capacity);
                self.heap.grew(grown * std::mem::size_of::<Value>());
                Value::small_int(len as i64)
            }
            2 if name == names.set => {
                let index = first.as_small_int()?;
                let items = &mut array.get_mut(&mut self.heap).0;
                let at = resolve_index(index, items.len())?;
                items[at] = second;
                Some(receiver)
            }
            _ => None,
        }
    }
}

/// The value of an instruction's 8-bit immediate operand.
#[inline(always)]
fn immediate(imm: i8) -> Value {
    Value::small_int(i64::from(imm)).expect("8 bits fit")
}

fn offset(pc: usize, distance: i32) -> usize {
    (pc as i64 + i64::from(distance)) as usize
}
