//! Futures (spec 10): a value that is pending until something settles it — a task of the
//! event loop (`runtime/event_loop.rs`), `.complete`, `.fail`, `.cancel`, or `async` — and
//! then stays `success`, `failure` or `cancelled` for good.
//!
//! **Callbacks** run as soon as their future settles, or at once when they are added to a
//! future already settled (decisions.md, "Async"). They go through one queue: a callback
//! that settles another future queues that one's callbacks behind itself instead of
//! running them inside, so a chain of ten thousand futures completing each other does not
//! nest ten thousand native calls deep.
//!
//! **Failures nobody sees.** A future that fails while nothing awaits it and it has no
//! failure callback is remembered; if the program ends and still nothing awaited it or gave
//! it a failure callback, its error is the program's (so it is not lost silently).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::heap::{Gc, Object, Tracer};
use crate::runtime::class::Instance;
use crate::runtime::event_loop::{Completion, EventLoop, Outcome};
use crate::value::Value;
use crate::vm::{out_of_memory, TraceEntry, Vm, VmError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutureState {
    Pending,
    Success,
    Failure,
    Cancelled,
}

impl FutureState {
    /// The name `.state` gives.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FutureState::Pending => "pending",
            FutureState::Success => "success",
            FutureState::Failure => "failure",
            FutureState::Cancelled => "cancelled",
        }
    }
}

pub struct Future {
    pub state: FutureState,
    /// The value once it succeeded; the exception once it failed or was cancelled.
    pub value: Value,
    pub on_success: Vec<Value>,
    pub on_failure: Vec<Value>,
    /// Whether the program has seen its failure: it awaited it, or gave it a failure
    /// callback.
    pub handled: bool,
    /// The event-loop task that will settle it, if one is running.
    pub(crate) task: Option<u64>,
}

impl Object for Future {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.value);
        tracer.mark_all(&self.on_success);
        tracer.mark_all(&self.on_failure);
    }

    fn extra_bytes(&self) -> usize {
        (self.on_success.capacity() + self.on_failure.capacity()) * std::mem::size_of::<Value>()
    }
}

/// The VM's async state: the event loop, the callbacks waiting to run, and the failed
/// futures nobody has seen yet. All of it is a root.
#[derive(Default)]
pub(crate) struct AsyncState {
    pub(crate) event_loop: EventLoop,
    /// Callbacks to run, each with its argument, in order.
    ready: VecDeque<(Value, Value)>,
    /// Whether the queue is being run, further down the Rust stack.
    running: bool,
    /// Futures that failed unseen, each with where it failed (if a Gene frame was running).
    unhandled: Vec<(Gc<Future>, Vec<TraceEntry>)>,
}

impl AsyncState {
    pub(crate) fn trace(&self, tracer: &mut Tracer) {
        for value in self.event_loop.held() {
            tracer.mark(value);
        }
        for &(callback, argument) in &self.ready {
            tracer.mark(callback);
            tracer.mark(argument);
        }
        for (future, _) in &self.unhandled {
            tracer.mark(future.value());
        }
    }
}

impl Vm {
    /// A new pending future.
    pub(crate) fn new_future(&mut self) -> Result<Gc<Future>, VmError> {
        self.heap
            .alloc(Future {
                state: FutureState::Pending,
                value: Value::NIL,
                on_success: Vec::new(),
                on_failure: Vec::new(),
                handled: false,
                task: None,
            })
            .map_err(out_of_memory)
    }

    /// A new future settled as `state` with `value` (for `Failure`, an exception).
    pub(crate) fn settled_future(
        &mut self,
        state: FutureState,
        value: Value,
    ) -> Result<Value, VmError> {
        let future = self.new_future()?;
        self.settle(future, state, value)?;
        Ok(future.value())
    }

    /// A pending future that `work`, run by the event loop, will settle.
    pub(crate) fn future_of_task<W>(&mut self, work: W) -> Result<Value, VmError>
    where
        W: std::future::Future<Output = Outcome> + Send + 'static,
    {
        let future = self.new_future()?;
        let task = self.async_state.event_loop.spawn(future.value(), work);
        future.get_mut(&mut self.heap).task = Some(task);
        Ok(future.value())
    }

    /// Settles a pending future and runs its callbacks; false (and nothing done) when it is
    /// settled already.
    pub(crate) fn settle(
        &mut self,
        future: Gc<Future>,
        state: FutureState,
        value: Value,
    ) -> Result<bool, VmError> {
        let f = future.get_mut(&mut self.heap);
        if f.state != FutureState::Pending {
            return Ok(false);
        }
        f.state = state;
        f.value = value;
        let on_success = std::mem::take(&mut f.on_success);
        let on_failure = std::mem::take(&mut f.on_failure);
        let callbacks = if state == FutureState::Success {
            on_success
        } else {
            on_failure
        };
        if state != FutureState::Success && !callbacks.is_empty() {
            f.handled = true;
        }
        let unseen = state == FutureState::Failure && !f.handled;
        if let Some(task) = f.task.take() {
            self.async_state.event_loop.finish(task);
        }
        if unseen {
            self.remember_unhandled(future);
        }
        self.async_state
            .ready
            .extend(callbacks.into_iter().map(|callback| (callback, value)));
        self.run_callbacks(false)?;
        Ok(true)
    }

    /// Adds a callback for success (`failure` false) or failure; one for the way the
    /// future already settled is queued at once.
    pub(crate) fn add_callback(
        &mut self,
        future: Gc<Future>,
        callback: Value,
        failure: bool,
    ) -> Result<(), VmError> {
        let f = future.get_mut(&mut self.heap);
        match (f.state, failure) {
            (FutureState::Pending, false) => f.on_success.push(callback),
            (FutureState::Pending, true) => {
                f.handled = true;
                f.on_failure.push(callback);
            }
            (FutureState::Success, false) => {
                let value = f.value;
                self.async_state.ready.push_back((callback, value));
                self.run_callbacks(false)?;
            }
            (FutureState::Failure | FutureState::Cancelled, true) => {
                f.handled = true;
                let value = f.value;
                self.async_state.ready.push_back((callback, value));
                self.run_callbacks(false)?;
            }
            // Settled the other way: this callback never runs.
            _ => {}
        }
        Ok(())
    }

    /// Runs the queued callbacks, unless they are being run further down (then they run
    /// when that call gets to them) and `nested` is false. `await` runs them nested,
    /// since what it waits for may depend on them.
    fn run_callbacks(&mut self, nested: bool) -> Result<(), VmError> {
        if self.async_state.running && !nested {
            return Ok(());
        }
        let outer = std::mem::replace(&mut self.async_state.running, true);
        let mut result = Ok(());
        while let Some((callback, argument)) = self.async_state.ready.pop_front() {
            if let Err(error) = self.call_value(callback, &[argument]) {
                result = Err(error);
                break;
            }
        }
        self.async_state.running = outer;
        result
    }

    /// `(await value)`: runs the event loop until the future is settled, then gives its
    /// value or raises its failure. With a `timeout`, a future still pending then fails
    /// with a `TimeoutException`. The future is in a register of the running frame, so it
    /// stays rooted while callbacks run.
    pub(crate) fn await_value(
        &mut self,
        value: Value,
        timeout: Option<Value>,
    ) -> Result<Value, VmError> {
        let Some(future) = self.heap.downcast::<Future>(value) else {
            return Err(VmError::type_error(format!(
                "await expects a Future, got {}",
                crate::print::type_name(self, value)
            )));
        };
        let timeout = timeout.map(|t| self.timeout_of(t)).transpose()?;
        let deadline = timeout.map(|t| Instant::now() + t.min(crate::runtime::event_loop::FOREVER));
        loop {
            self.run_callbacks(true)?;
            let f = future.get_mut(&mut self.heap);
            match f.state {
                FutureState::Success => return Ok(f.value),
                FutureState::Failure | FutureState::Cancelled => {
                    f.handled = true;
                    let exception = f.value;
                    return Err(self.thrown(exception));
                }
                FutureState::Pending => {}
            }
            if let Some((deadline, timeout)) = deadline.zip(timeout) {
                if Instant::now() >= deadline {
                    let message = format!("await timed out after {}", describe(timeout));
                    let class = self.builtin_classes.by_name["TimeoutException"];
                    let exception = self.new_exception_of(class, &message, Value::NIL);
                    future.get_mut(&mut self.heap).handled = true;
                    self.settle(future, FutureState::Failure, exception)?;
                    return Err(self.thrown(exception));
                }
            }
            if !self.async_state.event_loop.busy() {
                let Some(deadline) = deadline else {
                    return Err(VmError::new(
                        "await on a future that nothing is left to settle: it would wait for ever",
                    ));
                };
                std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                continue;
            }
            self.async_state.event_loop.wait(deadline);
            self.deliver_completions()?;
        }
    }

    /// Settles the futures of the tasks that reported.
    fn deliver_completions(&mut self) -> Result<(), VmError> {
        while let Some(Completion { task, outcome }) =
            self.async_state.event_loop.arrived.pop_front()
        {
            // A task whose future was settled another way was stopped and forgotten.
            let Some(future) = self.async_state.event_loop.finish(task) else {
                continue;
            };
            let future = self.heap.downcast::<Future>(future).expect("a future");
            future.get_mut(&mut self.heap).task = None;
            let (state, value) = match outcome {
                Outcome::Done => (FutureState::Success, Value::NIL),
                Outcome::Text(text) => (FutureState::Success, self.string(text)?),
                Outcome::Failed(kind, message) => {
                    let class = self.builtin_classes.of_error(kind);
                    let exception = self.new_exception_of(class, &message, Value::NIL);
                    mark_bare(self, exception);
                    (FutureState::Failure, exception)
                }
            };
            // Out of every root now, but callbacks may collect.
            self.push_root(future.value());
            let result = self.settle(future, state, value);
            self.pop_roots(1);
            result?;
        }
        Ok(())
    }

    /// Runs the event loop until nothing is left to run: what a program does when its
    /// last expression is done. Then a failure nobody saw becomes the program's error.
    pub(crate) fn drain_event_loop(&mut self) -> Result<(), VmError> {
        loop {
            self.run_callbacks(true)?;
            self.deliver_completions()?;
            if !self.async_state.event_loop.busy() && self.async_state.ready.is_empty() {
                break;
            }
            self.async_state.event_loop.wait(None);
        }
        let unhandled = std::mem::take(&mut self.async_state.unhandled);
        let mut unseen = unhandled
            .into_iter()
            .filter(|(future, _)| !future.get(&self.heap).handled);
        let Some((future, trace)) = unseen.next() else {
            return Ok(());
        };
        let more = unseen.count();
        let exception = future.get(&self.heap).value;
        let mut error = self.thrown(exception);
        error.message = format!(
            "a future failed and nothing awaited it: {}{}",
            error.message,
            match more {
                0 => String::new(),
                1 => " (and 1 more)".to_string(),
                n => format!(" (and {n} more)"),
            }
        );
        error.trace = trace;
        Err(error)
    }

    fn remember_unhandled(&mut self, future: Gc<Future>) {
        // Where it failed: the running Gene frame, if any (a task's failure is taken in
        // while waiting, where no frame of its own is running).
        let trace = match self.frames.last() {
            Some(frame) => {
                let pc = (frame.pc as usize).saturating_sub(1);
                self.raise(VmError::new(""), pc).trace
            }
            None => Vec::new(),
        };
        let unhandled = &mut self.async_state.unhandled;
        // Failures seen since are dropped now and then, so a long program that awaits
        // its failures late does not keep them all.
        if unhandled.len() >= 64 && unhandled.len().is_power_of_two() {
            let heap = &self.heap;
            unhandled.retain(|(f, _)| !f.get(heap).handled);
        }
        unhandled.push((future, trace));
    }

    /// A timeout: an Int of milliseconds or a Float of seconds (as the reference reads
    /// `^timeout`), never negative.
    fn timeout_of(&self, value: Value) -> Result<Duration, VmError> {
        if let Some(ms) = self.as_int(value) {
            return Ok(Duration::from_millis(ms.max(0) as u64));
        }
        if value.is_float() {
            let seconds = f64::from_bits(value.to_bits());
            if seconds.is_nan() {
                return Err(VmError::argument_error(
                    "await ^timeout is not a number (nan)",
                ));
            }
            return Ok(Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::MAX));
        }
        Err(VmError::type_error(format!(
            "await ^timeout is an Int of milliseconds or a Float of seconds, not {}",
            crate::print::type_name(self, value)
        )))
    }
}

/// `500 ms`, `1.5 s`.
fn describe(timeout: Duration) -> String {
    if timeout < Duration::from_secs(1) {
        format!("{} ms", timeout.as_millis())
    } else {
        format!("{} s", timeout.as_secs_f64())
    }
}

/// Makes an exception the VM made report its bare message if uncaught, as runtime errors do.
pub(crate) fn mark_bare(vm: &mut Vm, exception: Value) {
    if let Some(instance) = vm.heap.downcast::<Instance>(exception) {
        instance.get_mut(&mut vm.heap).bare_report = true;
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use crate::vm::{EvalError, Vm};

    #[derive(Clone, Default)]
    struct Captured(Rc<RefCell<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `code` prints, and the message of its error.
    fn run(code: &str) -> (String, Option<String>) {
        let captured = Captured::default();
        let mut vm = Vm::new();
        vm.set_output(Box::new(captured.clone()));
        let error = match vm.eval(code) {
            Ok(_) => None,
            Err(EvalError::Runtime(error)) => Some(error.message),
            Err(EvalError::Read(errors)) => Some(errors[0].message.clone()),
        };
        let text = String::from_utf8(captured.0.borrow().clone()).expect("UTF-8");
        (text, error)
    }

    #[test]
    fn callbacks_run_in_the_order_added_when_the_future_settles() {
        let (out, error) = run(r#"
            (var f (new Future))
            (f .on_success (fn [v] (println "first" v)))
            (f .on_success (fn [v] (println "second" v)))
            (f .on_failure (fn [e] (println "never")))
            (println "before")
            (f .complete 7)
            (println "after")
        "#);
        assert_eq!(
            (out.as_str(), error),
            ("before\nfirst 7\nsecond 7\nafter\n", None)
        );
    }

    #[test]
    fn a_callback_added_to_a_settled_future_runs_at_once() {
        let (out, error) = run(r#"
            (var f (async 5))
            (f .on_success (fn [v] (println "late" v)))
            (println "next")
        "#);
        assert_eq!((out.as_str(), error), ("late 5\nnext\n", None));
    }

    /// Each callback completes the next future: queued, not nested, so the chain is longer
    /// than calls through natives may nest.
    #[test]
    fn a_long_chain_of_callbacks_does_not_nest() {
        let (out, error) = run(r#"
            (var futures [])
            (repeat 5000 (futures .push (new Future)))
            (var i 0)
            (while (i < 4999)
              (var next (futures .get (i + 1)))
              ((futures .get i) .on_success (fn [v] (next .complete (v + 1))))
              (i += 1))
            ((futures .get 0) .complete 0)
            (println (await (futures .get 4999)))
        "#);
        assert_eq!((out.as_str(), error), ("4999\n", None));
    }

    #[test]
    fn a_failure_nobody_awaits_is_the_programs_error_at_the_end() {
        let (out, error) = run(r#"
            (var seen (async (throw "seen")))
            (try (await seen) catch * nil)
            (var handled (new Future))
            (handled .on_failure (fn [e] (println "handled" e/message)))
            (handled .fail "by a callback")
            (async (throw "lost"))
            (println "end")
        "#);
        assert_eq!(out, "handled by a callback\nend\n");
        assert_eq!(
            error.as_deref(),
            Some("a future failed and nothing awaited it: lost")
        );
    }

    #[test]
    fn settling_twice_is_an_error_and_changes_nothing() {
        let (out, error) = run(r#"
            (var f (new Future))
            (f .complete 1)
            (try (f .fail "no") catch * (println $ex/message))
            (try (f .cancel) catch * (println $ex/message))
            (println f/.state (await f))
        "#);
        assert_eq!(
            (out.as_str(), error),
            (
                "cannot fail a future that is already settled (success)\n\
                 cannot cancel a future that is already settled (success)\nsuccess 1\n",
                None
            )
        );
    }

    #[test]
    // The event loop runs on tokio, whose system calls Miri does not emulate.
    #[cfg_attr(miri, ignore)]
    fn a_host_runs_the_loop_its_calls_started() {
        let captured = Captured::default();
        let mut vm = Vm::new();
        vm.set_output(Box::new(captured.clone()));
        let start = vm
            .eval(
                r#"(fn []
                     ((sleep_async 5) .on_success (fn [_] (println "fired")))
                     (gene/sleep_async 1e300))"#,
            )
            .expect("defines");
        let cancel = vm.eval("(fn [f] (f .cancel))").expect("defines");
        let forever = vm.call(&start, &[]).expect("starts two timers");
        // Cancelled, the endless timer is stopped, so the loop has only the short one left.
        vm.call(&cancel, &[forever]).expect("cancels");
        vm.run_event_loop().expect("runs");
        let text = String::from_utf8(captured.0.borrow().clone()).expect("UTF-8");
        assert_eq!(text, "fired\n");
    }

    #[test]
    // The event loop runs on tokio, whose system calls Miri does not emulate.
    #[cfg_attr(miri, ignore)]
    fn a_timeout_fails_the_future_and_stops_its_timer() {
        let start = std::time::Instant::now();
        let (out, error) = run(r#"
            (var f (gene/sleep_async 5000))
            (f .on_failure (fn [e] (println "callback" (typeof e))))
            (try (await ^timeout 10 f) catch TimeoutException (println $ex/message))
            (println f/.state)
        "#);
        assert_eq!(
            (out.as_str(), error),
            (
                "callback TimeoutException\nawait timed out after 10 ms\nfailure\n",
                None
            )
        );
        // The drain at the end did not wait for the stopped timer.
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
