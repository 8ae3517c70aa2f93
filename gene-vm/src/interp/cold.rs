//! The instructions the interpreter runs out of line: those that neither call, jump nor
//! leave the frame, and are rare in inner loops (patterns, class and module definitions,
//! collection literals, `await`, loop set-up). Out of `execute`, their code does not
//! compete with the hot arms for the loop's machine registers (`docs/performance.md`).

use gene_compiler::isa::Instr;

use crate::function::Function;
use crate::heap::Gc;
use crate::ops;
use crate::print;
use crate::registers::Base;
use crate::runtime::future::FutureState;
use crate::value::Value;
use crate::vm::{Vm, VmError};

impl Vm {
    /// Runs `instr`, one of the instructions `execute` leaves to this function, in the
    /// frame of `frame` at `base`; `pc` is the address after it (where the frame resumes).
    #[inline(never)]
    pub(super) fn run_cold(
        &mut self,
        instr: Instr,
        frame: Gc<Function>,
        base: Base,
        pc: usize,
    ) -> Result<(), VmError> {
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
        macro_rules! constant {
            ($k:expr) => {
                frame.get(&self.heap).constants[usize::from($k.0)]
            };
        }
        macro_rules! module {
            () => {
                frame.get(&self.heap).module
            };
        }
        macro_rules! save_pc {
            () => {
                self.frames.last_mut().expect("running").pc = pc as u32
            };
        }
        macro_rules! check {
            ($result:expr) => {
                $result?
            };
        }
        match instr {
            Instr::Neg { a, b } => {
                let x = reg!(b);
                set!(a, check!(ops::negate(self, x)));
            }
            Instr::Xor { a, b, c } => {
                set!(a, Value::bool(reg!(b).is_truthy() != reg!(c).is_truthy()))
            }
            Instr::StrCat { a, b, c } => {
                set!(a, check!(ops::join_strings(self, reg!(b), reg!(c))));
            }
            Instr::MatchVariant { a, b, c, binders } => {
                let binders = usize::from(binders.0);
                set!(
                    a,
                    Value::bool(check!(self.match_pattern(reg!(b), reg!(c), binders)))
                );
            }
            Instr::MatchBare {
                a,
                b,
                slot,
                binders,
            } => {
                let pattern = module!().get(&self.heap).values[usize::from(slot.0)];
                let binders = usize::from(binders.0);
                let matched = if pattern == Value::UNDEFINED {
                    check!(self.match_bare(reg!(b), module!(), slot, binders))
                } else {
                    check!(self.match_pattern(reg!(b), pattern, binders))
                };
                set!(a, Value::bool(matched));
            }
            Instr::Destructure { a, b, count, k } => {
                let (value, shape) = (reg!(b), constant!(k));
                let out = base.index() + usize::from(a.0);
                check!(self.destructure(value, shape, out, usize::from(count.0)));
            }
            Instr::IsA { a, b, c } => {
                let (value, class) = (reg!(b), reg!(c));
                set!(a, Value::bool(check!(self.is_instance(value, class))));
            }
            Instr::Catches { a, b, c } => {
                let (value, class) = (reg!(b), reg!(c));
                set!(a, Value::bool(check!(self.catches(value, class))));
            }
            Instr::MakeEnv { a, layout } => {
                let layout = usize::from(layout.0);
                set!(a, check!(self.make_env(frame, layout, base.index())));
            }
            Instr::Await { a, b } => {
                save_pc!();
                set!(a, check!(self.await_value(reg!(b), None)));
            }
            Instr::AwaitFor { a, b, c } => {
                save_pc!();
                set!(a, check!(self.await_value(reg!(b), Some(reg!(c)))));
            }
            Instr::Completed { a, b } | Instr::Failed { a, b } => {
                let state = match instr {
                    Instr::Completed { .. } => FutureState::Success,
                    _ => FutureState::Failure,
                };
                // Recorded for the report of a failure nobody awaits.
                save_pc!();
                set!(a, check!(self.settled_future(state, reg!(b))));
            }
            Instr::NewArray { a, start, count } => {
                let from = base.index() + usize::from(start.0);
                let items = self.registers[from..from + usize::from(count.0)].to_vec();
                set!(a, check!(self.new_array(items)));
            }
            Instr::AppendArray { a, start, count } | Instr::AppendChildren { a, start, count } => {
                let from = base.index() + usize::from(start.0);
                let target = reg!(a);
                check!(self.append_registers(target, from, usize::from(count.0)));
            }
            Instr::Freeze { a } => self.heap.freeze(reg!(a)),
            Instr::SpreadItems { a, b } => {
                check!(self.spread_items(reg!(a), reg!(b)));
            }
            Instr::SpreadProps { a, b } => {
                check!(self.spread_props(reg!(a), reg!(b)));
            }
            Instr::NewMap { a } => {
                set!(a, check!(self.new_map(Default::default())));
            }
            Instr::NewGene { a, b } => {
                let head = reg!(b);
                set!(a, check!(self.new_gene(head)));
            }
            Instr::NewRange { a, b, c } => {
                let (start, end) = (reg!(b), reg!(c));
                let step = Value::small_int(1).expect("fits");
                set!(a, check!(self.new_range(start, end, step)));
            }
            Instr::Concat { a, start, count } => {
                let from = base.index() + usize::from(start.0);
                let parts = &self.registers[from..from + usize::from(count.0)];
                let text = print::join_display(self, parts, "");
                set!(a, check!(self.string(text)));
            }
            Instr::NewSelector { a, start, count } => {
                let from = base.index() + usize::from(start.0);
                let parts = self.registers[from..from + usize::from(count.0)].to_vec();
                set!(a, check!(self.new_selector(&parts)));
            }
            Instr::Select { a, b, c, d } => {
                let (obj, key, default) = (reg!(b), reg!(c), reg!(d));
                save_pc!();
                set!(a, check!(self.select_with_default(obj, key, default)));
            }
            Instr::NewClass { a, name, parent } => {
                let name = constant!(name)
                    .as_symbol()
                    .expect("class names are symbols");
                set!(a, check!(self.class_from(name, reg!(parent))));
            }
            Instr::NewNamespace { a, name } => {
                let name = constant!(name).as_symbol().expect("names are symbols");
                set!(a, check!(self.new_namespace(name)));
            }
            Instr::Import { a, path } => {
                // Loading runs the module's code in frames above this one.
                save_pc!();
                let spec = constant!(path);
                let spec = self.as_str(spec).expect("paths are strings").to_string();
                set!(a, check!(self.import_module(module!(), &spec)));
            }
            Instr::ImportName { a, from, name } => {
                let name = constant!(name);
                let name = self.as_str(name).expect("names are strings").to_string();
                set!(a, check!(self.import_name(reg!(from), &name)));
            }
            Instr::ImportAll { from } => {
                check!(self.import_all(module!(), reg!(from)));
            }
            Instr::ModuleNs { a } => {
                set!(a, check!(self.module_namespace(module!())).value());
            }
            Instr::DefMethod {
                class,
                name,
                method,
            } => {
                let name = constant!(name)
                    .as_symbol()
                    .expect("method names are symbols");
                check!(self.define_method_on(reg!(class), name, reg!(method)));
            }
            Instr::AssertPresent { a } => {
                let value = reg!(a);
                if value == Value::VOID || value.is_nil() {
                    return Err(VmError::new(format!(
                        "the path gives {}, where a value must be present",
                        crate::print::display(self, value, crate::print::Style::Nested)
                    )));
                }
            }
            Instr::ForPrep { a } => {
                let (from, to) = (reg!(a), reg!(a, 1));
                for bound in [from, to] {
                    if self.as_int(bound).is_none() && !bound.is_float() {
                        return Err(VmError::type_error(format!(
                            "a range's bounds are numbers, not {}",
                            crate::print::type_name(self, bound)
                        )));
                    }
                }
                let one = Value::small_int(1).expect("fits");
                set!(a, check!(ops::arith(self, ops::Arith::Sub, from, one)));
            }
            Instr::IterPrep { a } => {
                let value = reg!(a);
                set!(a, check!(self.iterable(value)));
                set_after!(a, 1, Value::small_int(0).expect("fits"));
            }
            Instr::IterPairs { a } => {
                set_after!(a, 1, Value::small_int(-1).expect("fits"));
            }
            // `execute` sends only the instructions above here.
            _ => {
                return Err(VmError::new(format!(
                    "internal error: {instr:?} ran out of line"
                )))
            }
        }
        Ok(())
    }
}
