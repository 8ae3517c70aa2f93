//! Pre- and postconditions (spec 9.3–9.6): `(fn f [x] ^pre [(x > 0)] ^post [(result > x)] …)`.
//! The checks are compiled into the function's own code — the preconditions after the
//! arguments are bound, the postconditions at every way out (the end of the body, `return`,
//! `?`), with the value leaving bound to `result` — so anything compiled as a function
//! (methods too, once classes compile through `compile_function`) gets them, and a function
//! without conditions pays nothing. Each group starts with `SkipContracts`, which jumps over
//! it when checking is off (`gene run --contracts off`, `Vm::set_contracts`).
//!
//! A failed condition calls the built-in `$contract_violation` with the message, the
//! parameters' names and their values (and the result), which raises
//! `ContractViolation: f precondition #1 failed: (x > 0) | args=[x=-2]`.

use gene_syntax::{Datum, DatumKind, Span};

use super::{CompileError, Compiler, Result};
use crate::isa::{Count, Instr, Reg};
use crate::proto::Constant;

/// The conditions of the function being compiled, and what their failures report.
#[derive(Clone)]
pub(super) struct Contracts {
    pub(super) post: Vec<Datum>,
    /// The function's name, for the message.
    name: String,
    /// The parameters in declaration order, with their registers.
    params: Vec<(String, Reg)>,
}

/// The conditions listed under `^pre` or `^post`, if any.
fn conditions<'p>(meta: Option<&'p gene_syntax::Props>, key: &str) -> Result<&'p [Datum]> {
    let Some(listed) = meta.and_then(|props| props.get(key)) else {
        return Ok(&[]);
    };
    match &listed.kind {
        DatumKind::Array { items, .. } => Ok(items),
        _ => Err(CompileError::new(
            format!("`^{key}` lists its conditions in an array: `^{key} [(x > 0)]`"),
            listed.span,
        )),
    }
}

impl Compiler<'_, '_> {
    /// Emits the preconditions of a function whose parameters are bound, and returns what
    /// its returns need to check its postconditions, if it has any.
    pub(super) fn emit_preconditions(
        &mut self,
        meta: Option<&gene_syntax::Props>,
        name: &str,
        params: Vec<(String, Reg)>,
        span: Span,
    ) -> Result<Option<Contracts>> {
        let pre = conditions(meta, "pre")?;
        let post = conditions(meta, "post")?;
        if pre.is_empty() && post.is_empty() {
            return Ok(None);
        }
        let contracts = Contracts {
            post: post.to_vec(),
            name: name.to_string(),
            params,
        };
        self.emit_checks(&contracts, pre, None, span)?;
        Ok((!post.is_empty()).then_some(contracts))
    }

    /// Emits the postconditions, with `value` (the value being returned) as `result`.
    pub(super) fn emit_postconditions(&mut self, value: Reg, span: Span) -> Result<()> {
        let Some(contracts) = self.func().contracts.clone() else {
            return Ok(());
        };
        // The conditions see the parameters (and `result`), not the body's locals; a
        // method's receiver, `self`, comes before its parameters.
        let receiver = usize::from(self.func().receiver != super::function::Receiver::None);
        let params = contracts.params.len() + receiver;
        let hidden = self.func().locals.split_off(params);
        self.begin_scope();
        let mark = self.reg_mark();
        let result = self.declare_local("result", span)?;
        self.emit(
            Instr::Move {
                a: result,
                b: value,
            },
            span,
        );
        let checked = self.emit_checks(&contracts, &contracts.post, Some(result), span);
        self.free_to(mark);
        self.end_scope(span);
        self.func().locals.extend(hidden);
        checked
    }

    /// One group of checks: skipped when contracts are off; each condition that fails jumps
    /// to its own report, after the group.
    fn emit_checks(
        &mut self,
        contracts: &Contracts,
        conditions: &[Datum],
        result: Option<Reg>,
        span: Span,
    ) -> Result<()> {
        if conditions.is_empty() {
            return Ok(());
        }
        let skip = self.emit_jump(|to| Instr::SkipContracts { to }, span);
        let mut failures = Vec::with_capacity(conditions.len());
        for condition in conditions {
            failures.push(self.jump_unless(condition)?);
        }
        let passed = self.emit_forward_jump(span);
        let phase = if result.is_some() { "post" } else { "pre" };
        for (index, (condition, failure)) in conditions.iter().zip(failures).enumerate() {
            self.patch_exits(&failure, condition.span)?;
            let message = format!(
                "ContractViolation: {} {phase}condition #{} failed: {}",
                contracts.name,
                index + 1,
                gene_syntax::print(condition)
            );
            self.emit_violation(contracts, message, result, condition.span)?;
        }
        self.patch_jump(passed, span)?;
        self.patch_jump(skip, span)
    }

    /// `($contract_violation message names param… [result])`, which raises.
    fn emit_violation(
        &mut self,
        contracts: &Contracts,
        message: String,
        result: Option<Reg>,
        span: Span,
    ) -> Result<()> {
        let mark = self.reg_mark();
        let base = self.alloc_reg(span)?;
        let slot = self.global_slot("$contract_violation", span)?;
        self.emit(Instr::GetGlobal { a: base, slot }, span);
        let text = self.alloc_reg(span)?;
        let k = self.constant(Constant::Str(message), span)?;
        self.emit(Instr::LoadConst { a: text, k }, span);
        let names = contracts
            .params
            .iter()
            .map(|(name, _)| Datum::new(DatumKind::Symbol(name.clone()), span))
            .collect();
        let names = Datum::new(
            DatumKind::Array {
                items: names,
                frozen: false,
            },
            span,
        );
        let names_reg = self.alloc_reg(span)?;
        let k = self.constant(Constant::Quoted(names), span)?;
        self.emit(Instr::LoadConst { a: names_reg, k }, span);
        for &(_, reg) in contracts.params.iter() {
            let arg = self.alloc_reg(span)?;
            self.emit(Instr::Move { a: arg, b: reg }, span);
        }
        if let Some(result) = result {
            let arg = self.alloc_reg(span)?;
            self.emit(Instr::Move { a: arg, b: result }, span);
        }
        let argc = u8::try_from(contracts.params.len() + 2 + usize::from(result.is_some()))
            .map_err(|_| CompileError::new("too many parameters for a contract", span))?;
        self.emit(
            Instr::Call {
                func: base,
                argc: Count(argc),
            },
            span,
        );
        self.free_to(mark);
        Ok(())
    }
}
