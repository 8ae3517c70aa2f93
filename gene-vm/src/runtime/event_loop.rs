//! The single-threaded event loop of spec 10: the Rust side of waiting.
//!
//! Work that waits (a timer, a file read) runs as a task on a tokio current-thread runtime,
//! made the first time a program starts such work, so programs that never wait pay
//! nothing. Tasks are pure Rust: they hold no Gene value, only the number of the task,
//! and report what they found through a channel. The VM keeps each task's future in
//! [`EventLoop::tasks`] (a root, so a future only a task refers to stays alive) and settles
//! it when the report is taken in; Gene callbacks then run in the VM, never inside the
//! runtime, so a callback may itself wait.
//!
//! Tasks make progress only while the VM waits here: in `await`, and when the program
//! has ended and the loop drains (as in any single-threaded event loop, Gene code that
//! runs never yields to it). A timer's deadline is fixed when it starts, so the time the
//! program spends before it waits counts.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::runtime::errors::ErrorKind;
use crate::value::Value;

/// What a task found: plain Rust data, made into Gene values by the VM.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome {
    /// Done, with nothing to give (a timer, a write): the future completes with nil.
    Done,
    /// Done, with text (a file's contents).
    Text(String),
    /// Failed: the future fails with an exception of the kind's class.
    Failed(ErrorKind, String),
}

/// A task's report.
pub(crate) struct Completion {
    pub(crate) task: u64,
    pub(crate) outcome: Outcome,
}

/// A task in progress: the future it settles, and how to stop it.
struct Task {
    future: Value,
    abort: tokio::task::AbortHandle,
}

pub(crate) struct EventLoop {
    runtime: Option<tokio::runtime::Runtime>,
    sender: mpsc::UnboundedSender<Completion>,
    receiver: mpsc::UnboundedReceiver<Completion>,
    tasks: HashMap<u64, Task>,
    next_task: u64,
    /// Reports taken from the channel and not yet delivered (delivering one runs callbacks,
    /// which may raise and leave the rest for later).
    pub(crate) arrived: VecDeque<Completion>,
}

impl Default for EventLoop {
    fn default() -> EventLoop {
        let (sender, receiver) = mpsc::unbounded_channel();
        EventLoop {
            runtime: None,
            sender,
            receiver,
            tasks: HashMap::new(),
            next_task: 1,
            arrived: VecDeque::new(),
        }
    }
}

impl EventLoop {
    /// Starts `work` for `future`; returns the task's number, which the future records so
    /// that settling it another way (a timeout, `.cancel`) stops the task.
    pub(crate) fn spawn<W>(&mut self, future: Value, work: W) -> u64
    where
        W: std::future::Future<Output = Outcome> + Send + 'static,
    {
        let task = self.next_task;
        self.next_task += 1;
        let sender = self.sender.clone();
        let handle = self.runtime().spawn(async move {
            let outcome = work.await;
            // The receiver lives as long as the VM; a VM dropped with tasks running has
            // nobody left to tell.
            let _ = sender.send(Completion { task, outcome });
        });
        self.tasks.insert(
            task,
            Task {
                future,
                abort: handle.abort_handle(),
            },
        );
        task
    }

    /// Forgets task `task` and stops it, returning its future (none if it had reported or
    /// was stopped already).
    pub(crate) fn finish(&mut self, task: u64) -> Option<Value> {
        let task = self.tasks.remove(&task)?;
        task.abort.abort();
        Some(task.future)
    }

    /// Whether any task is still running, or has reported and waits to be delivered.
    pub(crate) fn busy(&self) -> bool {
        !self.tasks.is_empty() || !self.arrived.is_empty()
    }

    /// Waits until a task reports or `deadline` passes, running the tasks meanwhile, and
    /// moves every report there is into `arrived`.
    pub(crate) fn wait(&mut self, deadline: Option<Instant>) {
        if self.arrived.is_empty() && !self.tasks.is_empty() {
            let runtime = self.runtime.get_or_insert_with(new_runtime);
            let receiver = &mut self.receiver;
            let first = runtime.block_on(async {
                match deadline {
                    Some(at) => tokio::time::timeout_at(at.into(), receiver.recv())
                        .await
                        .ok()
                        .flatten(),
                    None => receiver.recv().await,
                }
            });
            self.arrived.extend(first);
        }
        while let Ok(completion) = self.receiver.try_recv() {
            self.arrived.push_back(completion);
        }
    }

    /// The futures of the running tasks, which the collector keeps.
    pub(crate) fn held(&self) -> impl Iterator<Item = Value> + '_ {
        self.tasks.values().map(|task| task.future)
    }

    fn runtime(&mut self) -> &tokio::runtime::Runtime {
        self.runtime.get_or_insert_with(new_runtime)
    }
}

fn new_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime needs no resources that can run out")
}

/// The longest wait a timer or a timeout has: longer ones (`(sleep_async 1e300)`) are this
/// long, which is for ever to a program, rather than past what an `Instant` can hold.
pub(crate) const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A timer: done `delay` after now (not after the loop first runs it).
pub(crate) fn timer(delay: Duration) -> impl std::future::Future<Output = Outcome> {
    let deadline = tokio::time::Instant::now() + delay.min(FOREVER);
    async move {
        tokio::time::sleep_until(deadline).await;
        Outcome::Done
    }
}

/// Reads the file at `path` as text; a failure names the path and the system's reason.
pub(crate) async fn read_file(path: String) -> Outcome {
    match tokio::fs::read_to_string(&path).await {
        Ok(text) => Outcome::Text(text),
        Err(error) => Outcome::Failed(
            ErrorKind::Io,
            format!("cannot read {path}: {}", io_reason(&error)),
        ),
    }
}

/// Writes `text` to the file at `path`, replacing what it held.
pub(crate) async fn write_file(path: String, text: String) -> Outcome {
    match tokio::fs::write(&path, text).await {
        Ok(()) => Outcome::Done,
        Err(error) => Outcome::Failed(
            ErrorKind::Io,
            format!("cannot write {path}: {}", io_reason(&error)),
        ),
    }
}

/// The system's reason, without Rust's `(os error N)` suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // The event loop runs on tokio, whose system calls Miri does not emulate.
    #[cfg_attr(miri, ignore)]
    fn a_timer_reports_after_its_delay_and_not_before() {
        let mut event_loop = EventLoop::default();
        let start = Instant::now();
        let task = event_loop.spawn(Value::NIL, timer(Duration::from_millis(20)));
        event_loop.wait(Some(start + Duration::from_millis(1)));
        assert!(event_loop.arrived.is_empty(), "reported too early");
        event_loop.wait(None);
        assert!(start.elapsed() >= Duration::from_millis(20));
        let completion = event_loop.arrived.pop_front().expect("a report");
        assert_eq!((completion.task, completion.outcome), (task, Outcome::Done));
    }

    #[test]
    // The event loop runs on tokio, whose system calls Miri does not emulate.
    #[cfg_attr(miri, ignore)]
    fn a_finished_task_is_stopped_and_forgotten() {
        let mut event_loop = EventLoop::default();
        let task = event_loop.spawn(Value::TRUE, timer(Duration::from_secs(60)));
        assert!(event_loop.busy());
        assert_eq!(event_loop.finish(task), Some(Value::TRUE));
        assert_eq!(event_loop.finish(task), None);
        assert!(!event_loop.busy());
    }

    #[test]
    // The event loop runs on tokio, whose system calls Miri does not emulate.
    #[cfg_attr(miri, ignore)]
    fn reading_a_missing_file_names_the_path_and_the_reason() {
        let mut event_loop = EventLoop::default();
        event_loop.spawn(Value::NIL, read_file("/no/such/dir/file.txt".into()));
        event_loop.wait(None);
        let completion = event_loop.arrived.pop_front().expect("a report");
        assert_eq!(
            completion.outcome,
            Outcome::Failed(
                ErrorKind::Io,
                "cannot read /no/such/dir/file.txt: No such file or directory".into()
            )
        );
    }
}
