//! The roots: everything the collector starts marking from, in one place. A value the VM
//! will use again must be reachable from here at every safepoint (a call, a loop's
//! back edge):
//!
//! - the register arena up to the highest window end of any frame (frames overlap, so the
//!   last frame's window is not enough) and past the arguments of native calls in progress;
//!   the rest of the arena is cleared at each collection, so every register always holds a
//!   live value, whatever window later covers it;
//! - each frame's closure (which holds its function, whose constants and children follow);
//! - open upvalues, macro environments, the globals (the main module, the builtins and
//!   every file module loaded);
//! - values native code holds across a call back into Gene (`Vm::push_root`), and the
//!   generators whose frames are running;
//! - the host's handles (`embed.rs`), the built-in classes, the method table's callables
//!   and the `$caller_eval` cache;
//! - the futures of running event-loop tasks, callbacks waiting to run and failed futures
//!   nobody has seen yet (`runtime/future.rs`).
//!
//! Collection happens only at safepoints (allocation never collects), so a native function
//! that does not call back into Gene needs no rooting at all.

use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

impl Vm {
    /// Frees what nothing reachable uses; called at safepoints only. When what is still
    /// reachable is more than the heap limit allows, the program gets an out-of-memory error.
    pub(crate) fn collect_garbage(&mut self) -> Result<(), VmError> {
        // Frames overlap (a callee's window starts inside its caller's), so the last frame's
        // window does not cover the ones below it: the live part of the arena ends at the
        // highest window end of any frame.
        let top = self
            .frames
            .iter()
            .map(|f| f.base.index() + usize::from(f.function.get(&self.heap).proto.registers))
            .max()
            .unwrap_or(0)
            .max(self.native_top)
            .min(self.registers.len());
        #[cfg(feature = "gc-verify")]
        let temp_roots_seen = if self.skip_temp_roots {
            0
        } else {
            self.temp_roots.len()
        };
        #[cfg(not(feature = "gc-verify"))]
        let temp_roots_seen = self.temp_roots.len();
        let Vm {
            heap,
            main_module,
            builtins,
            modules,
            eval_cache,
            registers,
            frames,
            open_upvalues,
            temp_roots,
            macro_envs,
            host_roots,
            builtin_classes,
            running_generators,
            stdlib_paths,
            async_state,
            last_caught,
            ..
        } = self;
        let stats = heap.collect(|tracer| {
            tracer.mark_all(&temp_roots[..temp_roots_seen]);
            for &(_, value) in stdlib_paths.iter() {
                tracer.mark(value);
            }
            for generator in running_generators.iter() {
                tracer.mark(generator.value());
            }
            host_roots.mark(tracer);
            // The VM makes values of these classes whatever the program did to the globals
            // that name them.
            for class in builtin_classes.by_name.values() {
                tracer.mark(class.value());
            }
            for &(_, env) in macro_envs.iter() {
                tracer.mark(env);
            }
            for &(_, upvalue) in open_upvalues.iter() {
                tracer.mark(upvalue.value());
            }
            tracer.mark(main_module.value());
            tracer.mark(builtins.value());
            modules.mark(tracer);
            tracer.mark_all(&registers[..top]);
            for frame in frames.iter() {
                tracer.mark(frame.closure);
            }
            for function in eval_cache.values() {
                tracer.mark(function.value());
            }
            async_state.trace(tracer);
            last_caught.trace(tracer);
        });
        // What lies above the live part are values of frames that have returned; some were
        // just freed. Clearing them keeps the arena's invariant: every register holds a live
        // value, whatever window later covers it.
        registers[top..].fill(Value::NIL);
        if stats.live_bytes > heap.soft_limit() {
            return Err(out_of_memory(crate::heap::HeapExhausted {
                limit: heap.soft_limit(),
            }));
        }
        Ok(())
    }
}
