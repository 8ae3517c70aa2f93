//! Spec 10's library: the methods of `Future` (also `gene/Future`), `new` for it, and the
//! built-ins that wait — timers (file I/O's are in `io.rs`) — which return a pending future at once and
//! leave the waiting to the event loop (`runtime/event_loop.rs`).

use std::time::Duration;

use super::declare::builtins;
use crate::heap::Gc;
use crate::runtime::event_loop;
use crate::runtime::future::{Future, FutureState};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Completes the pending future with the value and runs its success callbacks.
    Future "complete" (value: Any) => complete;
    /// Fails the pending future with the error (a string becomes an Exception's message).
    Future "fail" (error: Any) => fail;
    /// Cancels the pending future: awaiting it raises a CancellationException.
    Future "cancel" (?reason: Any) => cancel;
    /// Runs the function with the value once the future succeeds; answers the future.
    Future "on_success" (callback: Function) => on_success;
    /// Runs the function with the exception once the future fails or is cancelled.
    Future "on_failure" (callback: Function) => on_failure;
    /// The state as a symbol: pending, success, failure or cancelled.
    Future "state" () => state;
    /// The value (or exception) once settled; nil while pending.
    Future "value" () => value;
    /// A future completed with nil after the number of milliseconds.
    global "gene/sleep_async" | "sleep_async" (ms: Number) => sleep_async;
    /// Waits the number of milliseconds, running nothing else meanwhile.
    global "gene/sleep" | "sleep" (ms: Number) => sleep;
}

pub(super) fn install(vm: &mut Vm) {
    let class = vm.builtin_classes.by_name["Future"];
    vm.define_member_path("gene/Future", class.value());
}

impl Vm {
    /// `(new Future)`, a pending future; `(new Future value)`, one completed with it (as
    /// the reference's constructor).
    pub(crate) fn construct_future(&mut self, args: &[Value]) -> Result<Value, VmError> {
        match args {
            [] => Ok(self.new_future()?.value()),
            [value] => self.settled_future(FutureState::Success, *value),
            _ => Err(VmError::argument_error(format!(
                "new Future takes at most 1 argument, got {}",
                args.len()
            ))),
        }
    }

    /// A pending future's settling, or the error for one already settled.
    fn settle_pending(
        &mut self,
        future: Gc<Future>,
        state: FutureState,
        value: Value,
        what: &str,
    ) -> Result<(), VmError> {
        let now = future.get(&self.heap).state;
        if now != FutureState::Pending {
            return Err(VmError::new(format!(
                "cannot {what} a future that is already settled ({})",
                now.name()
            )));
        }
        // Callbacks may collect; the value is an argument of this call, in registers.
        self.settle(future, state, value)?;
        Ok(())
    }
}

fn future(vm: &Vm, value: Value) -> Gc<Future> {
    vm.heap
        .downcast::<Future>(value)
        .expect("declared on Future")
}

fn complete(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.settle_pending(
        future(vm, args[0]),
        FutureState::Success,
        args[1],
        "complete",
    )?;
    Ok(Value::NIL)
}

fn fail(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    // Normalised as `throw` does: an exception as it is, a string as a message.
    let exception = vm
        .thrown(args[1])
        .exception_value()
        .expect("throwing makes an exception");
    vm.settle_pending(future(vm, args[0]), FutureState::Failure, exception, "fail")?;
    Ok(args[0])
}

fn cancel(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let message = match args.get(1) {
        Some(&reason) => crate::print::display(vm, reason, crate::print::Style::Top),
        None => "Future cancelled".to_string(),
    };
    let class = vm.builtin_classes.by_name["CancellationException"];
    let cause = args.get(1).copied().filter(|&r| vm.as_str(r).is_none());
    let exception = vm.new_exception_of(class, &message, cause.unwrap_or(Value::NIL));
    vm.settle_pending(
        future(vm, args[0]),
        FutureState::Cancelled,
        exception,
        "cancel",
    )?;
    Ok(args[0])
}

fn on_success(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.add_callback(future(vm, args[0]), args[1], false)?;
    Ok(args[0])
}

fn on_failure(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.add_callback(future(vm, args[0]), args[1], true)?;
    Ok(args[0])
}

fn state(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = future(vm, args[0]).get(&vm.heap).state.name();
    Ok(vm.symbol(name))
}

fn value(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let f = future(vm, args[0]).get(&vm.heap);
    Ok(match f.state {
        FutureState::Pending => Value::NIL,
        _ => f.value,
    })
}

/// Milliseconds as a duration; a negative or nan count is no time at all, one too long to
/// hold the longest there is.
fn millis(vm: &Vm, value: Value) -> Duration {
    match vm.as_int(value) {
        Some(ms) => Duration::from_millis(ms.max(0) as u64),
        None => {
            let ms = f64::from_bits(value.to_bits());
            if ms.is_nan() {
                return Duration::ZERO;
            }
            Duration::try_from_secs_f64(ms.max(0.0) / 1000.0).unwrap_or(Duration::MAX)
        }
    }
}

fn sleep_async(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let delay = millis(vm, args[0]);
    vm.future_of_task(event_loop::timer(delay))
}

fn sleep(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    std::thread::sleep(millis(vm, args[0]).min(event_loop::FOREVER));
    Ok(Value::NIL)
}
