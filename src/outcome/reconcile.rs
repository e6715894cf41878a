//! The changes a journal left open (answers lost, processes interrupted or killed), checked again by
//! reading their objects back, with what was found journaled as a settlement of the same change.
//! One loop for both: the CLI runs it before every command (and prints the findings on stderr), the
//! dashboard in the background after its first frame (and says them in its status line).

use crate::backend::Backend;
use crate::journal::{open_changes, Entry, Journal, JournalError, ObjectKind, Outcome, Snapshot};
use crate::outcome::{settle, Known};
use crate::strings::journal as words;

/// One open change, checked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciled {
    /// The change as the journal left it open (its intent, or an unknown/interrupted outcome).
    pub open: Entry,
    /// What the read-back found. A change still unknown is not journaled again (it stays open).
    pub known: Known,
    /// Why the settlement could not be journaled (it stays open, to be checked again next time).
    pub unrecorded: Option<String>,
}

/// Checks this backend's open changes in `journal`, oldest first, and appends a settlement for
/// each one found made or not made. Changes of another tenant or server are left alone, and so are
/// changes of the session `own` (ids `own.N`: the running dashboard's own, still under way).
pub async fn reconcile(
    backend: &dyn Backend,
    journal: &Journal,
    own: Option<&str>,
) -> Result<Vec<Reconciled>, JournalError> {
    let entries = journal.read()?;
    let connection = backend.connection();
    let ours = |e: &Entry| match e.kind {
        ObjectKind::Package => {
            connection.services.faircom && e.tenant == connection.faircom_tenant()
        }
        _ => connection.services.auth0 && e.tenant == connection.label,
    };
    let under_way = |e: &Entry| {
        own.is_some_and(|session| {
            e.change.as_deref().is_some_and(|id| {
                id.strip_prefix(session)
                    .is_some_and(|sequence| sequence.starts_with('.'))
            })
        })
    };
    let mut found = Vec::new();
    for open in open_changes(&entries)
        .into_iter()
        .filter(|e| ours(e) && !under_way(e))
    {
        let known = settle(backend, &open).await;
        let settlement = match &known {
            Known::Done(after) => Some((Outcome::Done, after.clone(), words::FOUND_MADE)),
            Known::NotDone => Some((Outcome::NotDone, Snapshot::default(), words::FOUND_NOT_MADE)),
            Known::Unknown(_) => None,
        };
        let unrecorded = settlement.and_then(|(outcome, after, said)| {
            let entry = open.ended(outcome, after, Some(words::reconciled_note(said)));
            journal.append(&entry).err().map(|e| e.to_string())
        });
        found.push(Reconciled {
            open,
            known,
            unrecorded,
        });
    }
    Ok(found)
}

impl Reconciled {
    /// What was found, in the CLI's words (`it was made`, `still unknown (…)`).
    pub fn found(&self) -> String {
        match &self.known {
            Known::Done(_) => words::FOUND_MADE.to_string(),
            Known::NotDone => words::FOUND_NOT_MADE.to_string(),
            Known::Unknown(why) => words::found_still_unknown(why),
        }
    }
}
