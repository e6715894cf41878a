//! Which journal a command writes (the demo's own, or the real one), and what happens to it before a
//! command runs: the demo's starts empty, a real target's open changes are settled first.

use super::interrupt;
use super::output::say;
use super::Connected;
use crate::journal::{Journal, JournalError};
use crate::outcome;
use crate::strings::cli as text;
use crate::strings::journal as words;

/// The journal of the connected target: the demo's own, or the real one.
pub(super) fn journal_of(conn: &Connected) -> Result<Journal, JournalError> {
    if conn.is_demo() {
        Journal::open_demo()
    } else {
        Journal::open_default()
    }
}

/// Checks the changes this target's journal left open (answers lost, processes interrupted or
/// killed) by reading their objects back, journals what is found, and says it on stderr. Run before
/// every command that connects, so an open outcome is settled by the next command against its tenant.
async fn reconcile(conn: &Connected) {
    let Ok(journal) = journal_of(conn) else {
        return;
    };
    let Ok(found) = outcome::reconcile(&*conn.backend, &journal, None).await else {
        return;
    };
    for checked in found {
        match &checked.unrecorded {
            Some(e) => say(&text::journal_not_written(e)),
            None => say(&words::reconciled(
                &outcome::what_of(&checked.open),
                &checked.found(),
            )),
        }
    }
}

/// Before a command or the dashboard runs: the demo's journal starts empty (each demo run is a
/// fresh tenant, so an earlier run's changes are not its own); before a command, a real target's
/// changes left open are checked. Commands record signals from here on.
pub(super) async fn start_journal(conn: &Connected, command: bool) {
    if conn.is_demo() {
        if let Err(e) = Journal::open_demo().and_then(|j| j.start_empty()) {
            say(&words::demo_journal_not_emptied(&e.to_string()));
        }
    } else if command {
        // The dashboard checks them itself, after its first frame (its status line says what it found).
        reconcile(conn).await;
    }
    if command {
        interrupt::watch();
    }
}
