//! The one way a command changes the tenant: a [`Change`] says what it is in words (and shows its
//! diff or order), and [`Change::send`] runs it: show → confirm [y/N] (or `--yes`) → check → save
//! the draft it replaces → journal the intent → send → journal the outcome (a refusal is not done;
//! a lost answer is read back: done, not done or unknown) → hand the answer back for the command's
//! last words. Deploys that must be followed go through [`Change::follow`] (see `follow.rs`), the same
//! shape with the deploy flow as the request.

use std::future::Future;
use std::path::PathBuf;

use chrono::Utc;
use futures::future::LocalBoxFuture;

use super::follow::{drive, FlowEnd};
use super::interrupt;
use super::journaling::journal_of;
use super::output::{confirm, say};
use super::{CliError, Connected};
use crate::flow::{DeployFlow, Step};
use crate::journal::{
    new_change_id, Entry, JournalError, ObjectKind, Operation, Outcome, Snapshot,
};
use crate::model::BackendError;
use crate::outcome::{self, Known};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// One change to the tenant, described before anything is sent.
pub(super) struct Change<'a> {
    kind: ObjectKind,
    /// Empty for a create: its id is known once it is made (a lost answer is read back by name).
    id: &'a str,
    name: &'a str,
    operation: Operation,
    before: Snapshot,
    /// What the change asks for (the intent's after-state).
    after: Snapshot,
    /// How to name it to the user ("the deploy of 'Login'").
    what: String,
    /// Shown on stderr before the question (a diff, an order now → new), already terminal-safe.
    preview: Option<String>,
    /// The question, and whether `--yes` answered it; `None`: nothing is asked (a create).
    ask: Option<(String, bool)>,
    /// Checked once the question is answered, right before anything is saved or sent.
    check: Option<LocalBoxFuture<'a, Result<(), CliError>>>,
    /// The draft the change replaces or deletes: saved first, so no draft is ever lost.
    keeps: Option<KeptDraft<'a>>,
    /// A promote: the profile the object came from.
    promoted_from: Option<String>,
}

struct KeptDraft<'a> {
    code: &'a str,
    /// A delete the service refused (4xx) changed nothing: the copy saved for it is not needed.
    only_if_made: bool,
}

/// What a change's request answered when it did not succeed.
pub(super) enum Failure {
    /// The service's error: a refusal is journaled as not done, a lost answer is read back.
    Service(BackendError),
    /// A refusal the command words itself (nothing was made): journaled as not done with `note`.
    Refused {
        note: String,
        status: Option<u16>,
        error: CliError,
    },
}

impl From<BackendError> for Failure {
    fn from(e: BackendError) -> Self {
        Self::Service(e)
    }
}

impl Failure {
    /// The service refused `e`; the user is told `why`.
    pub(super) fn refused_by_service(e: &BackendError, why: String) -> Self {
        Self::Refused {
            note: e.to_string(),
            status: e.status(),
            error: super::output::failed(why),
        }
    }

    /// Refused before anything was sent, for `why`.
    pub(super) fn refused_here(why: String) -> Self {
        Self::Refused {
            note: why.clone(),
            status: None,
            error: super::output::failed(why),
        }
    }

    fn status(&self) -> Option<u16> {
        match self {
            Self::Service(e) => e.status(),
            Self::Refused { status, .. } => *status,
        }
    }
}

/// A change the service made: its answer, its still-open intent (the command journals the
/// after-state with [`Intent::done`]) and where the draft it replaced was saved.
pub(super) struct Sent<T> {
    pub value: T,
    pub intent: Intent,
    pub saved: Option<PathBuf>,
}

impl<T> Sent<T> {
    /// Where the replaced draft was saved, as the user is told.
    pub(super) fn saved_at(&self) -> String {
        self.saved
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }
}

impl<'a> Change<'a> {
    pub(super) fn new(
        kind: ObjectKind,
        id: &'a str,
        name: &'a str,
        operation: Operation,
        what: String,
    ) -> Self {
        Self {
            kind,
            id,
            name,
            operation,
            before: Snapshot::default(),
            after: Snapshot::default(),
            what,
            preview: None,
            ask: None,
            check: None,
            keeps: None,
            promoted_from: None,
        }
    }

    /// A promote from the profile `from` (when given): its journal entry names both stages.
    pub(super) fn promoted_from(mut self, from: Option<&str>) -> Self {
        self.promoted_from = from.map(str::to_string);
        self
    }

    /// What the object held before (the live version, the order …).
    pub(super) fn before(mut self, before: Snapshot) -> Self {
        self.before = before;
        self
    }

    /// What the change asks for.
    pub(super) fn asking(mut self, after: Snapshot) -> Self {
        self.after = after;
        self
    }

    /// Shown on stderr before the question (terminal-safe already).
    pub(super) fn showing(mut self, preview: String) -> Self {
        self.preview = Some(preview);
        self
    }

    /// Asks `question` first (default No); `yes` goes ahead without asking.
    pub(super) fn confirming(mut self, question: String, yes: bool) -> Self {
        self.ask = Some((question, yes));
        self
    }

    /// Checked after the answer, right before anything is saved or sent.
    pub(super) fn checking(mut self, check: LocalBoxFuture<'a, Result<(), CliError>>) -> Self {
        self.check = Some(check);
        self
    }

    /// Saves `code` (the draft the change replaces) before anything is sent.
    pub(super) fn keeping_draft(mut self, code: &'a str) -> Self {
        self.keeps = Some(KeptDraft {
            code,
            only_if_made: false,
        });
        self
    }

    /// As [`Self::keeping_draft`], for a delete: a refusal drops the copy again.
    pub(super) fn keeping_draft_if_made(mut self, code: &'a str) -> Self {
        self.keeps = Some(KeptDraft {
            code,
            only_if_made: true,
        });
        self
    }

    /// Show, ask, check and save the draft: everything before the intent is journaled.
    async fn prepare(&mut self, conn: &Connected) -> Result<Option<PathBuf>, CliError> {
        if let Some(preview) = self.preview.take() {
            eprint!("{preview}");
        }
        if let Some((question, yes)) = &self.ask {
            confirm(question, *yes)?;
        }
        if let Some(check) = self.check.take() {
            check.await?;
        }
        let Some(keeps) = &self.keeps else {
            return Ok(None);
        };
        let saved = save_draft(conn, self.id, keeps.code)?;
        self.before.saved_draft = Some(saved.clone());
        Ok(Some(saved))
    }

    /// Runs the change with `request` as its one request (see the module's comment). Any failure is
    /// journaled and returned in words (exit 1, or the service error's own code).
    pub(super) async fn send<T>(
        mut self,
        conn: &Connected,
        request: impl Future<Output = Result<T, Failure>>,
    ) -> Result<Sent<T>, CliError> {
        let saved = self.prepare(conn).await?;
        let only_if_made = self.keeps.as_ref().is_some_and(|k| k.only_if_made);
        let intent = intend(conn, self)?;
        let result = request.await;
        if let (Err(failure), Some(saved), true) = (&result, &saved, only_if_made) {
            if failure.status().is_some_and(|s| (400..500).contains(&s)) {
                let _ = std::fs::remove_file(saved);
            }
        }
        let result = match result {
            Ok(value) => Ok(value),
            Err(Failure::Service(e)) => Err(e),
            Err(Failure::Refused { note, error, .. }) => {
                intent.finish(Outcome::NotDone, Snapshot::default(), Some(note));
                return Err(error);
            }
        };
        let (value, intent) = answered(conn, intent, result).await?;
        Ok(Sent {
            value,
            intent,
            saved,
        })
    }

    /// Runs a deploy that is followed: show, ask, then the flow to its end; the intent is journaled
    /// right before its deploy request goes out, and [`super::follow::conclude`] journals how it ended.
    pub(super) async fn follow(
        mut self,
        conn: &Connected,
        (flow, step): (DeployFlow, Step),
    ) -> Result<FlowEnd, CliError> {
        self.prepare(conn).await?;
        Ok(drive(conn, flow, step, Some(self)).await)
    }
}

/// Saves a draft about to be replaced or deleted and says where. No draft is ever lost: without a
/// saved copy, nothing changes.
fn save_draft(conn: &Connected, id: &str, code: &str) -> Result<PathBuf, CliError> {
    journal_of(conn)
        .and_then(|j| j.save_draft(id, code, Utc::now()))
        .map_err(|e| CliError::Other(anyhow::anyhow!(text::draft_not_saved(&e.to_string()))))
}

fn entry_of(conn: &Connected, change: &Change<'_>) -> Entry {
    let connection = conn.backend.connection();
    Entry {
        at: Utc::now(),
        profile: conn.target.profile_name(),
        tenant: match change.kind {
            ObjectKind::Package => connection.faircom_tenant().to_string(),
            _ => connection.label,
        },
        kind: change.kind,
        object_id: change.id.to_string(),
        object_name: change.name.to_string(),
        operation: change.operation,
        before: change.before.clone(),
        after: change.after.clone(),
        undo: false,
        change: None,
        outcome: Outcome::Done,
        note: None,
        promoted_from: change.promoted_from.clone(),
        undoes: None,
    }
}

/// A change whose intent is in the journal (flushed to disk) and whose request may now be sent.
/// Until one of its outcomes is journaled, a signal records it as interrupted.
pub(super) struct Intent {
    entry: Entry,
    what: String,
}

/// Journals the intent of a change before its request is sent. A change that cannot be recorded
/// is not sent.
pub(super) fn intend(conn: &Connected, change: Change<'_>) -> Result<Intent, CliError> {
    let mut entry = entry_of(conn, &change);
    entry.change = Some(new_change_id(entry.at));
    entry.outcome = Outcome::Intent;
    let not_recorded = |e: JournalError| {
        CliError::Other(anyhow::anyhow!(words::intent_not_written(&e.to_string())))
    };
    let journal = journal_of(conn).map_err(not_recorded)?;
    let mut pending = interrupt::hold();
    journal.append(&entry).map_err(not_recorded)?;
    *pending = Some(interrupt::Pending {
        journal,
        entry: entry.clone(),
        after: Snapshot::default(),
        what: change.what.clone(),
    });
    Ok(Intent {
        entry,
        what: change.what,
    })
}

impl Intent {
    fn entry(&self) -> &Entry {
        &self.entry
    }

    /// Journals how the change ended. It already happened (or not): a failed write is a warning
    /// naming the journal, never an error that would hide it.
    pub(super) fn finish(self, outcome: Outcome, after: Snapshot, note: Option<String>) {
        let mut pending = interrupt::hold();
        let journal = pending.take().map(|p| p.journal);
        let written = journal
            .ok_or(JournalError::NoDataDir)
            .and_then(|j| j.append(&self.entry.ended(outcome, after, note)));
        if let Err(e) = written {
            say(&text::journal_not_written(&e.to_string()));
        }
    }

    pub(super) fn done(self, after: Snapshot) {
        self.finish(Outcome::Done, after, None);
    }

    /// What the change is journaled as, when it turned out smaller than asked (a promote whose
    /// deploy did not happen changed B's draft only).
    pub(super) fn journal_as(&mut self, operation: Operation) {
        self.entry.operation = operation;
        if let Some(pending) = interrupt::hold().as_mut() {
            pending.entry.operation = operation;
        }
    }

    /// A create's object, once its id is known (its intent names it by name only).
    pub(super) fn identify(&mut self, id: &str) {
        self.entry.object_id = id.to_string();
        if let Some(pending) = interrupt::hold().as_mut() {
            pending.entry.object_id = id.to_string();
        }
    }
}

/// The request of `intent` answered `result`. A refusal is journaled as not done and returned as it
/// is; a lost answer (5xx, reset, timeout, unreadable success) is settled by reading the object
/// back: journaled as found and said in words (exit 1 whatever was found).
async fn answered<T>(
    conn: &Connected,
    intent: Intent,
    result: Result<T, BackendError>,
) -> Result<(T, Intent), CliError> {
    match result {
        Ok(value) => Ok((value, intent)),
        Err(e) if !e.outcome_unknown() => {
            intent.finish(Outcome::NotDone, Snapshot::default(), Some(e.to_string()));
            Err(e.into())
        }
        Err(e) => Err(settle_lost(conn, intent, &e.to_string()).await),
    }
}

/// After a lost answer: reads the object back, journals what was found, and says it.
pub(super) async fn settle_lost(conn: &Connected, mut intent: Intent, err: &str) -> CliError {
    let what = intent.what.clone();
    say(&words::reading_back(&what, err));
    let note = Some(words::lost_note(err));
    let (known, found) = outcome::settle_seeing(&*conn.backend, intent.entry()).await;
    if let Some(outcome::Found::Named(Some(id))) = found {
        intent.identify(&id);
    }
    let said = match known {
        Known::Done(after) => {
            let now = outcome::holds_now(intent.entry(), &after);
            intent.finish(Outcome::Done, after, note);
            words::was_made(&what, &now, err)
        }
        Known::NotDone => {
            intent.finish(Outcome::NotDone, Snapshot::default(), note);
            words::was_not_made(&what, err)
        }
        Known::Unknown(why) => {
            let note = Some(format!("{}; {why}", words::lost_note(err)));
            intent.finish(Outcome::Unknown, Snapshot::default(), note);
            words::outcome_unknown(&what, err, &why)
        }
    };
    CliError::Other(anyhow::anyhow!(said))
}

/// A version of an object as the journal records it.
pub(super) fn snapshot(id: Option<&str>, number: Option<u32>) -> Snapshot {
    Snapshot {
        version_id: id.map(str::to_string),
        version_number: number,
        ..Snapshot::default()
    }
}
