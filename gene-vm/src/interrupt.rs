//! Stopping a running program from outside it: a host (or the CLI's Ctrl-C handler) holds an
//! [`Interrupt`] and triggers it from any thread; the interpreter notices at its next
//! safepoint (a loop's jump back, a function's entry) and ends the run with an error of kind
//! [`ErrorKind::Interrupted`](crate::ErrorKind::Interrupted), which no `catch` or `finally`
//! sees. The VM stays usable: the next `eval` runs normally.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// What a safepoint compares the heap's size with: the heap's collection trigger, or 0
/// while an interrupt waits, so the interpreter's one existing test (`bytes >= trigger`)
/// notices both. A second test for the interrupt alone cost 2–8% of every program's
/// instructions (docs/performance.md, "Interrupts at no cost").
#[derive(Debug, Default)]
pub(crate) struct SafepointPoll {
    requested: AtomicBool,
    trigger: AtomicUsize,
}

impl SafepointPoll {
    /// The size at which the next safepoint acts.
    #[inline(always)]
    pub(crate) fn trigger(&self) -> usize {
        self.trigger.load(Ordering::Relaxed)
    }

    /// Sets the collection trigger, unless an interrupt waits. The flag is read after the
    /// store, and `request` stores the flag before its 0 (all four in one total order), so
    /// either this sees the request or the request's 0 lands after this store: no
    /// interrupt is lost.
    pub(crate) fn set_trigger(&self, bytes: usize) {
        self.trigger.store(bytes, Ordering::SeqCst);
        if self.requested.load(Ordering::SeqCst) {
            self.trigger.store(0, Ordering::SeqCst);
        }
    }

    fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
        self.trigger.store(0, Ordering::SeqCst);
    }

    /// Acts on a request: true (and the request withdrawn) if there was one. The caller
    /// sets the trigger again.
    pub(crate) fn take_request(&self) -> bool {
        self.requested.swap(false, Ordering::SeqCst)
    }
}

/// A handle that interrupts the program its VM is running (see the module docs).
///
/// ```
/// let mut vm = gene_vm::Vm::new();
/// let interrupt = vm.interrupt_handle();
/// let stopper = std::thread::spawn(move || {
///     std::thread::sleep(std::time::Duration::from_millis(20));
///     interrupt.trigger();
/// });
/// let error = vm.eval("(while true)").unwrap_err();
/// assert_eq!(error.to_string(), "interrupted");
/// stopper.join().unwrap();
/// assert_eq!(vm.eval("(1 + 2)").map(|v| vm.inspect(&v)).unwrap(), "3");
/// ```
#[derive(Clone, Debug)]
pub struct Interrupt {
    poll: Arc<SafepointPoll>,
}

impl Interrupt {
    /// Asks the running program to stop at its next safepoint. A trigger while nothing
    /// runs stops the next run at its first safepoint, unless [`Interrupt::clear`] comes
    /// first.
    pub fn trigger(&self) {
        self.poll.request();
    }

    /// Withdraws a trigger not yet acted on (the next safepoint then only collects, if
    /// that is due).
    pub fn clear(&self) {
        self.poll.requested.store(false, Ordering::SeqCst);
    }

    /// Whether a trigger waits to be acted on.
    pub fn is_triggered(&self) -> bool {
        self.poll.requested.load(Ordering::Relaxed)
    }
}

impl crate::Vm {
    /// A handle that stops this VM's running program from any thread (see [`Interrupt`]).
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt {
            poll: self.heap.safepoint_poll(),
        }
    }

    /// What a safepoint does once `Heap::safepoint_due` says so: an interrupt ends
    /// the run, else the heap is collected if that is due.
    #[cold]
    #[inline(never)]
    pub(crate) fn safepoint(&mut self) -> Result<(), crate::VmError> {
        let interrupted = self.heap.take_interrupt();
        if interrupted {
            return Err(crate::VmError::interrupted());
        }
        if self.heap.wants_collection() {
            self.collect_garbage()?;
        }
        Ok(())
    }
}
