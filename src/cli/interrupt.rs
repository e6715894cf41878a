//! SIGINT, SIGTERM and SIGHUP while a command runs: the change under way (its intent is already in
//! the journal) gets an `interrupted` entry with what is known of it, the user is told, and the
//! process exits with 128 + the signal's number: 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP).
//!
//! Every journal write of a command happens under [`hold`]'s lock, and the handler exits while it
//! holds that lock: an outcome and an interruption are never both written, nor one half-written.

use std::sync::{Mutex, MutexGuard};

use crate::journal::{Entry, Journal, Outcome, Snapshot};
use crate::strings::journal as words;

/// The change under way: its intent entry, where it is journaled, and how to name it.
pub(super) struct Pending {
    pub journal: Journal,
    pub entry: Entry,
    /// What is known of the after-state so far (a deploy's new version, once answered).
    pub after: Snapshot,
    pub what: String,
}

static PENDING: Mutex<Option<Pending>> = Mutex::new(None);

/// Set by a command that runs until interrupted (`codedeck logs --follow`): Ctrl-C with no
/// change under way is how it ends, so it exits 0.
static ENDS_ON_INTERRUPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, SIGINT with no change under way ends the command with status 0.
pub(super) fn interrupt_ends_quietly() {
    ENDS_ON_INTERRUPT.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The lock every journal write of a command takes.
pub(super) fn hold() -> MutexGuard<'static, Option<Pending>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts listening for the signals (commands only: the dashboard restores its terminal itself).
pub(super) fn watch() {
    use tokio::signal::unix::{signal, SignalKind};
    let kinds = [
        (SignalKind::interrupt(), "SIGINT", 130),
        (SignalKind::terminate(), "SIGTERM", 143),
        (SignalKind::hangup(), "SIGHUP", 129),
    ];
    for (kind, name, code) in kinds {
        // Without a handler the signal keeps its default (the process ends): nothing better to do.
        let Ok(mut stream) = signal(kind) else {
            continue;
        };
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                stop(name, code);
            }
        });
    }
}

/// Records the interruption of the change under way, says so, and exits (still holding the lock).
fn stop(signal: &str, code: i32) -> ! {
    let mut pending = hold();
    if code == 130
        && pending.is_none()
        && ENDS_ON_INTERRUPT.load(std::sync::atomic::Ordering::SeqCst)
    {
        std::process::exit(0);
    }
    match pending.take() {
        Some(Pending {
            journal,
            entry,
            after,
            what,
        }) => {
            let note = Some(words::interrupted_note(signal));
            if let Err(e) = journal.append(&entry.ended(Outcome::Interrupted, after, note)) {
                eprintln!(
                    "{}",
                    crate::strings::cli::journal_not_written(&e.to_string())
                );
            }
            // The object's name came from the service: no control characters reach the terminal.
            eprintln!(
                "{}",
                crate::model::terminal_safe(&words::interrupted_during(signal, &what))
            );
        }
        None => eprintln!("{}", words::interrupted_idle(signal)),
    }
    std::process::exit(code)
}
