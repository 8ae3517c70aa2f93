//! The bytecode verifier: what a VM checks once, when it loads a function, so that running
//! it needs no checks of operands.
//!
//! A function passes when every word decodes to an instruction; every jump (and every
//! `TryBegin` target) lands on the start of an instruction; the code cannot run past its
//! end; every register an instruction names, explicitly or as the start of a range (a
//! call's arguments, an array literal's items, a loop's counters), lies in the frame; every
//! constant, inline-cache slot, global slot, upvalue, child function and environment
//! layout it names exists; property and method names are symbol constants, module paths
//! and imported names string constants; and its
//! children pass too. The compiler's output always passes; a VM that reads bytecode from
//! anywhere else (a cache on disk) must not run what does not.

use std::fmt;

use crate::isa::{AnyOperand, Count, DecodeError, Instr, Reg};
use crate::proto::{Constant, FunctionProto, UpvalSource};

/// Why a function's bytecode was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The function the error is in.
    pub function: String,
    /// The address of the offending instruction, when there is one.
    pub pc: Option<usize>,
    pub reason: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pc {
            Some(pc) => write!(f, "in {} at {pc}: {}", self.function, self.reason),
            None => write!(f, "in {}: {}", self.function, self.reason),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Checks `proto` and its children; `globals` is how many global slots the module they run
/// in has.
pub fn verify(proto: &FunctionProto, globals: usize) -> Result<(), VerifyError> {
    verify_function(proto, globals, None)
}

/// What the enclosing function offers a closure's upvalues: its registers and upvalues.
#[derive(Clone, Copy)]
struct Enclosing {
    registers: usize,
    upvalues: usize,
}

fn verify_function(
    proto: &FunctionProto,
    globals: usize,
    enclosing: Option<Enclosing>,
) -> Result<(), VerifyError> {
    let fail = |pc: Option<usize>, reason: String| VerifyError {
        function: proto.name.clone(),
        pc,
        reason,
    };
    let registers = usize::from(proto.registers);
    let params = usize::from(proto.arity)
        + usize::from(proto.optional)
        + usize::from(proto.rest)
        + proto.keywords.len();
    if params > registers {
        return Err(fail(
            None,
            format!("{params} parameters do not fit in {registers} registers"),
        ));
    }
    check_sources(&proto.upvalues, enclosing).map_err(|reason| fail(None, reason))?;
    let own = Enclosing {
        registers,
        upvalues: proto.upvalues.len(),
    };
    for layout in &proto.env_layouts {
        let sources: Vec<UpvalSource> = layout.iter().map(|&(_, source)| source).collect();
        check_sources(&sources, Some(own)).map_err(|reason| fail(None, reason))?;
    }
    for &(ref name, k) in &proto.meta {
        if usize::from(k) >= proto.constants.len() {
            return Err(fail(
                None,
                format!("metadata `{name}` names a missing constant"),
            ));
        }
    }

    let instructions = decode_all(&proto.code).map_err(|error| {
        let pc = match error {
            DecodeError::UnknownOpcode { pc, .. } | DecodeError::Truncated { pc } => pc,
        };
        fail(Some(pc), error.to_string())
    })?;
    let mut starts = vec![false; proto.code.len()];
    for &(pc, _, _) in &instructions {
        starts[pc] = true;
    }
    match instructions.last() {
        None => return Err(fail(None, "the function has no code".into())),
        Some(&(pc, instr, _)) if !ends_flow(instr) => {
            return Err(fail(
                Some(pc),
                format!("the code runs past its end after {}", instr.op()),
            ))
        }
        Some(_) => {}
    }
    let context = Context {
        proto,
        globals,
        starts: &starts,
    };
    for &(pc, instr, next) in &instructions {
        context
            .check(instr, next)
            .map_err(|reason| fail(Some(pc), format!("{}: {reason}", instr.op())))?;
    }
    for child in &proto.protos {
        verify_function(child, globals, Some(own))?;
    }
    Ok(())
}

/// Each instruction with its address and the address of the next one.
fn decode_all(code: &[u32]) -> Result<Vec<(usize, Instr, usize)>, DecodeError> {
    let mut all = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        let (instr, next) = Instr::decode(code, pc)?;
        all.push((pc, instr, next));
        pc = next;
    }
    Ok(all)
}

/// Whether execution never goes on to the next instruction.
fn ends_flow(instr: Instr) -> bool {
    matches!(
        instr,
        Instr::Return { .. }
            | Instr::Jump { .. }
            | Instr::Throw { .. }
            | Instr::TailCall { .. }
            | Instr::TailCallSelf { .. }
    )
}

fn check_sources(sources: &[UpvalSource], enclosing: Option<Enclosing>) -> Result<(), String> {
    for source in sources {
        // What a top-level function captures (the caller's variables, for `$caller_eval`)
        // the VM supplies when it runs it, and checks then.
        let Some(enclosing) = enclosing else {
            return Ok(());
        };
        let (index, limit, what) = match source {
            UpvalSource::Local(r) => (usize::from(*r), enclosing.registers, "register"),
            UpvalSource::Upval(u) => (usize::from(*u), enclosing.upvalues, "upvalue"),
        };
        if index >= limit {
            return Err(format!(
                "a captured {what} {index} is past the enclosing function's {limit}"
            ));
        }
    }
    Ok(())
}

struct Context<'a> {
    proto: &'a FunctionProto,
    globals: usize,
    starts: &'a [bool],
}

impl Context<'_> {
    fn check(&self, instr: Instr, next: usize) -> Result<(), String> {
        for operand in instr.operands() {
            self.check_operand(operand, next)?;
        }
        if let Some((first, len)) = register_range(instr) {
            let end = usize::from(first.0) + len;
            if end > usize::from(self.proto.registers) {
                return Err(format!(
                    "registers r{}..r{end} run past the frame's {}",
                    first.0, self.proto.registers
                ));
            }
        }
        let name = match instr {
            Instr::GetProp { key, .. } | Instr::SetProp { key, .. } => Some(key),
            Instr::CallMethod { name, .. }
            | Instr::CallMethod0 { name, .. }
            | Instr::CallMethod1 { name, .. }
            | Instr::CallMethodKw { name, .. }
            | Instr::CallMethodSpread { name, .. }
            | Instr::CallSuper { name, .. }
            | Instr::DefMethod { name, .. }
            | Instr::NewClass { name, .. }
            | Instr::NewNamespace { name, .. } => Some(name),
            _ => None,
        };
        if let Instr::Destructure { k, .. } = instr {
            if !matches!(self.proto.constants[usize::from(k.0)], Constant::Quoted(_)) {
                return Err(format!("constant k{} is not a pattern shape", k.0));
            }
        }
        if let Some(k) = name {
            if !matches!(self.proto.constants[usize::from(k.0)], Constant::Symbol(_)) {
                return Err(format!("constant k{} is not a name", k.0));
            }
        }
        // Module paths and imported names are strings: a path such as `n/f` is not one
        // interned name.
        let text = match instr {
            Instr::Import { path, .. } => Some(path),
            Instr::ImportName { name, .. } => Some(name),
            _ => None,
        };
        if let Some(k) = text {
            if !matches!(self.proto.constants[usize::from(k.0)], Constant::Str(_)) {
                return Err(format!("constant k{} is not a string", k.0));
            }
        }
        Ok(())
    }

    fn check_operand(&self, operand: AnyOperand, next: usize) -> Result<(), String> {
        let proto = self.proto;
        let (index, limit, what) = match operand {
            AnyOperand::Reg(r) => (usize::from(r.0), usize::from(proto.registers), "register"),
            AnyOperand::Const(k) => (usize::from(k.0), proto.constants.len(), "constant"),
            AnyOperand::Ic(ic) => (usize::from(ic.0), usize::from(proto.ic_slots), "cache slot"),
            AnyOperand::Global(g) => (usize::from(g.0), self.globals, "global slot"),
            AnyOperand::Upval(u) => (usize::from(u.0), proto.upvalues.len(), "upvalue"),
            AnyOperand::Proto(p) => (usize::from(p.0), proto.protos.len(), "child function"),
            AnyOperand::Env(e) => (usize::from(e.0), proto.env_layouts.len(), "environment"),
            AnyOperand::Jump(distance) => {
                let target = next as i64 + i64::from(distance);
                let lands = usize::try_from(target)
                    .ok()
                    .and_then(|t| self.starts.get(t))
                    .copied()
                    .unwrap_or(false);
                if !lands {
                    return Err(format!(
                        "the jump to {target} does not land on an instruction"
                    ));
                }
                return Ok(());
            }
            AnyOperand::Count(_) | AnyOperand::Imm(_) => return Ok(()),
        };
        if index >= limit {
            return Err(format!("{what} {index} is past the function's {limit}"));
        }
        Ok(())
    }
}

/// The registers an instruction uses beyond the ones it names: its first and how many.
fn register_range(instr: Instr) -> Option<(Reg, usize)> {
    let count = |c: Count| usize::from(c.0);
    Some(match instr {
        // The callee (or the receiver) and its arguments.
        Instr::Call { func, argc }
        | Instr::CallSelf { func, argc }
        | Instr::TailCall { func, argc }
        | Instr::TailCallSelf { func, argc }
        | Instr::CallMethod { func, argc, .. }
        | Instr::New { func, argc } => (func, 1 + count(argc)),
        // The callee and where its arguments are copied to.
        Instr::CallWith { func, argc, .. } | Instr::CallSelfWith { func, argc, .. } => {
            (func, 1 + count(argc))
        }
        // Where the receiver and its argument go when a method is entered.
        Instr::CallMethod0 { func, .. } => (func, 1),
        Instr::CallMethod1 { func, .. } => (func, 2),
        // The defining class, the receiver and the arguments.
        Instr::CallSuper { func, argc, .. } => (func, 2 + count(argc)),
        // …and the keyword map or the caller's environment after them.
        Instr::CallKw { func, argc }
        | Instr::CallMacro { func, argc }
        | Instr::NewKw { func, argc }
        | Instr::CallMethodKw { func, argc, .. } => (func, 2 + count(argc)),
        Instr::NewArray {
            start, count: n, ..
        }
        | Instr::AppendArray {
            start, count: n, ..
        }
        | Instr::AppendChildren {
            start, count: n, ..
        }
        | Instr::Concat {
            start, count: n, ..
        }
        | Instr::NewSelector {
            start, count: n, ..
        } => (start, count(n)),
        // The parts of a destructured value.
        Instr::Destructure { a, count: n, .. } => (a, count(n)),
        // The callee (or receiver), the array of arguments and the keyword map.
        Instr::CallSpread { func }
        | Instr::NewSpread { func }
        | Instr::CallMethodSpread { func, .. } => (func, 3),
        Instr::ForPrep { a } | Instr::IterPrep { a } | Instr::IterPairs { a } => (a, 2),
        Instr::ForNext { a, .. } | Instr::IterNext { a, .. } => (a, 4),
        _ => return None,
    })
}
