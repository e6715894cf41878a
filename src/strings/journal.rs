//! Words for outcomes that are not known at once — lost answers, read-backs, interruptions — and for
//! the journal that records them.

/// The deploy flow's line while it reads the action back after a lost answer.
pub fn deploy_answer_lost(lost: &str) -> String {
    format!("the deploy's answer was lost ({lost}); reading the action back to see whether it was made…")
}

/// A read-back after a lost answer found no new version.
pub fn deploy_not_made(lost: &str, before: Option<u32>) -> String {
    let newest = before.map_or_else(
        || "it has no version".to_string(),
        |n| format!("v{n} is still the newest"),
    );
    format!(
        "the server answered {lost}, and reading the action back shows no new version ({newest}): \
         nothing was deployed"
    )
}

/// A lost answer whose read-back failed too.
pub fn deploy_unknown(lost: &str, read: &str) -> String {
    format!(
        "OUTCOME UNKNOWN: the deploy's answer was lost ({lost}) and reading the action back failed \
         too ({read}); a new version may or may not be live"
    )
}

/// A version deploy started without knowing the newest version before it.
pub const NO_WATERMARK: &str =
    "the newest version before the deploy is not known, so a new one cannot be told apart";

pub const ORDER_CHANGED_SINCE: &str =
    "the order is neither the one before the change nor the one it asked for (changed since)";
pub const OBJECT_GONE: &str = "it no longer exists, so the change cannot be seen";
pub const NOT_CHECKABLE: &str = "this kind of change cannot be checked by reading it back";

pub fn read_back_failed(err: &str) -> String {
    format!("reading it back failed: {err}")
}

/// Said on stderr when a change's answer was lost, before reading it back.
pub fn reading_back(what: &str, err: &str) -> String {
    format!("codedeck: {what}: the server's answer was lost ({err}); reading it back to see what happened…")
}

/// The answer was lost, but the read-back shows the change was made.
pub fn was_made(what: &str, now: &str, err: &str) -> String {
    format!(
        "{what} WAS MADE: {now}. The request itself failed ({err}), but the server made the change; \
         it is recorded in `codedeck journal`."
    )
}

/// The answer was lost, and the read-back shows nothing changed.
pub fn was_not_made(what: &str, err: &str) -> String {
    format!("{what} was NOT made: the server answered {err}, and reading it back shows nothing changed.")
}

/// The answer was lost and the read-back could not tell.
pub fn outcome_unknown(what: &str, err: &str, why: &str) -> String {
    format!(
        "OUTCOME UNKNOWN: {what} may or may not have been made: the answer was lost ({err}) and {why}. \
         Check before trying again; codedeck checks it on the next command against this tenant and \
         records what it finds in `codedeck journal`."
    )
}

/// An earlier change whose outcome was open, checked now.
pub fn reconciled(what: &str, found: &str) -> String {
    format!("codedeck: checked an earlier change whose outcome was unknown — {what}: {found}")
}

pub const FOUND_MADE: &str = "it was made";
pub const FOUND_NOT_MADE: &str = "it was not made";

pub fn found_still_unknown(why: &str) -> String {
    format!("still unknown ({why})")
}

/// What the journal table says of a change's outcome.
pub fn outcome_label(outcome: crate::model::Outcome) -> &'static str {
    use crate::model::Outcome;
    match outcome {
        Outcome::Done => "done",
        Outcome::NotDone => "not done",
        Outcome::Intent => "UNKNOWN (sent, no outcome recorded)",
        Outcome::Unknown => "UNKNOWN",
        Outcome::Interrupted => "UNKNOWN (interrupted)",
    }
}

/// `codedeck journal`: lines that are not entries, named by number.
pub fn unreadable_lines(path: &str, lines: &[usize]) -> String {
    let numbers: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let (count, word) = match lines.len() {
        1 => ("1 line".to_string(), "it is"),
        n => (format!("{n} lines"), "they are"),
    };
    format!(
        "codedeck: warning: {count} of the journal {path} could not be read (line {}): {word} not \
         shown. A line cut short by a process that was killed while writing it looks like this.",
        numbers.join(", ")
    )
}

/// `codedeck journal`: how many changes still wait for their outcome to be checked.
pub fn open_changes(count: usize) -> String {
    format!(
        "codedeck: {count} change(s) above have an UNKNOWN outcome; the next codedeck command against \
         their tenant reads them back and records what it finds."
    )
}

/// A signal stopped a command while a change was under way.
pub fn interrupted_during(signal: &str, what: &str) -> String {
    format!(
        "codedeck: interrupted by {signal} while {what} was under way: the request was sent, so its \
         outcome is UNKNOWN. Recorded in `codedeck journal` as interrupted; the next codedeck command \
         against this tenant reads it back and records what it finds."
    )
}

/// A signal stopped a command before any change was sent.
pub fn interrupted_idle(signal: &str) -> String {
    format!("codedeck: interrupted by {signal}; no change was under way")
}

pub fn interrupted_note(signal: &str) -> String {
    format!("interrupted by {signal}")
}

/// The journal note when the answer was lost.
pub fn lost_note(err: &str) -> String {
    format!("answer lost: {err}")
}

/// The journal note for a reconciliation.
pub fn reconciled_note(found: &str) -> String {
    format!("read back later: {found}")
}

/// The intent could not be journaled, so the request was not sent.
pub fn intent_not_written(err: &str) -> String {
    format!("nothing was sent: the change could not be recorded in the journal first ({err})")
}

pub fn deploy_named(name: &str) -> String {
    format!("the deploy of '{name}'")
}

pub fn rollback_named(name: &str, to: u32) -> String {
    format!("the rollback of '{name}' to version {to}")
}

pub fn publish_named(name: &str) -> String {
    format!("the publish of module '{name}'")
}

pub fn draft_rollback_named(name: &str, to: u32) -> String {
    format!("the rollback of the draft of module '{name}' to version {to}")
}

pub fn revert_named(name: &str, to: u32) -> String {
    format!("the revert of package '{name}' to version {to}")
}

pub fn status_named(name: &str, status: &str) -> String {
    format!("setting package '{name}' to {status}")
}

pub fn order_named(trigger: &str) -> String {
    format!("the new order of {trigger}")
}

/// A journaled change, named for a reconciliation line: `deploy of 'Login'`.
pub fn change_named(operation: &str, name: &str) -> String {
    format!("{operation} of '{name}'")
}

/// `'Login': …` for flow words that do not name the action.
pub fn named(name: &str, why: &str) -> String {
    format!("'{name}': {why}")
}

pub fn version_now(number: Option<u32>) -> String {
    number.map_or_else(
        || "no version".to_string(),
        |n| format!("version {n} is the newest"),
    )
}

pub fn version_live(number: u32) -> String {
    format!("version {number} is live")
}

pub fn package_now(number: Option<u32>, status: &str) -> String {
    match number {
        Some(n) => format!("the current version is {n}, {status}"),
        None => format!("it is {status}"),
    }
}

pub fn order_now(order: &str) -> String {
    format!("the order is now {order}")
}

pub const GONE_NOW: &str = "it no longer exists";

pub fn demo_journal_not_emptied(err: &str) -> String {
    format!("codedeck: warning: the demo's journal could not be started empty ({err}); undo may offer an earlier demo run's change")
}

pub fn delete_named(kind: &str, name: &str) -> String {
    format!("the delete of {kind} '{name}'")
}

/// How the dashboard names the signal that stopped it, in the journal.
pub const A_SIGNAL: &str = "a signal";

/// No data directory: neither the platform's nor `$CODEDECK_DATA_DIR`.
pub fn no_data_dir(variable: &str) -> String {
    format!("no data directory (set {variable})")
}
pub fn journal_unwritable(path: &std::path::Path, why: &std::io::Error) -> String {
    format!("cannot write the journal {}: {why}", path.display())
}
pub fn journal_unreadable(path: &std::path::Path, why: &std::io::Error) -> String {
    format!("cannot read the journal {}: {why}", path.display())
}

/// A journal entry's object id that names no code package (a read-back cannot ask for it).
pub fn not_a_package(id: &str) -> String {
    format!("not a package: {id}")
}
/// A journal entry's object kind that codedeck never creates (a read-back cannot look it up).
pub fn not_created_here(name: &str) -> String {
    format!("not created here: {name}")
}
