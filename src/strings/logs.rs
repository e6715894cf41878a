//! Words of the tenant's logs (issue 18): view `6`, the timeline's failures and authors, the
//! Flows view's last order change, `codedeck logs`.

use crate::model::logs::{Author, LogClass};

pub const TAB_LOGS: &str = "6 Logs";
pub const HELP_VIEW_LOGS: &str = "the tenant's logs: failures and admin changes, live";
pub const HELP_SECTION_LOGS: &str = "Logs";
pub const HELP_PAUSE: &str = "pause or resume the live tail";
pub const HELP_CYCLE_TYPE: &str = "show failures, admin changes, or all";
pub const HELP_PICK_ACTION: &str = "show one action's events only";
pub const HELP_FILTER_TEXT: &str = "filter by text";
pub const HELP_OPEN_EVENT: &str = "show the event whole, with its executions";
pub const HELP_BACK_LOGS: &str = "back (close the event, else leave the logs)";
pub const HELP_VERSION_FAILURES: &str = "this version's failures (inferred: live at their time)";

/// The tail's connection state, as the Dashboard says its own.
pub const TAIL_CONNECTING: &str = "connecting…";
pub const TAIL_CONNECTED: &str = "● live";
/// `--offline`: the events shown are the ones the history store kept.
pub const TAIL_OFFLINE: &str = "offline: stored events";
pub const TAIL_PAUSED: &str = "⏸ paused (Space resumes)";

pub fn tail_reconnecting(why: &str) -> String {
    format!("↻ reconnecting: {why}")
}

pub fn class_label(class: LogClass) -> &'static str {
    match class {
        LogClass::Failures => "failures",
        LogClass::Changes => "admin changes",
        LogClass::All => "all",
    }
}

/// The Logs pane's title: what is shown and how it is filtered.
pub fn logs_title(class: LogClass, action: Option<&str>, text: &str, shown: usize) -> String {
    let mut title = format!(" Logs · {}", class_label(class));
    if let Some(action) = action {
        title.push_str(&format!(" · action {action}"));
    }
    if !text.is_empty() {
        title.push_str(&format!(" · /{text}"));
    }
    title.push_str(&format!(" ({shown}) "));
    title
}

pub const LOGS_EMPTY: &str =
    "no events yet (failures and admin changes appear here as the service logs them; indexing can lag)";
pub const LOGS_NONE_MATCH: &str = "no event matches the filters (t, a, / change them)";
pub const LOGS_HINT: &str =
    "Space pause · t type · a action · / text · Enter show whole · Esc back";
pub const COL_WHEN: &str = "When";
pub const COL_TYPE: &str = "Type";
pub const COL_WHO: &str = "Who";
pub const COL_WHAT: &str = "What";

/// An event's type code in words (the code itself for any other).
pub fn kind_label(kind: &str) -> String {
    match kind {
        "actions_execution_failed" => "failure".to_string(),
        "sapi" => "change".to_string(),
        "fapi" => "failed change".to_string(),
        "s" => "login".to_string(),
        "f" => "failed login".to_string(),
        other => other.to_string(),
    }
}

/// Who made a change, as the timeline and the logs say it.
pub fn author(author: &Author) -> String {
    match author {
        Author::Dashboard { user } => format!("{user} via Dashboard"),
        Author::Machine { client } => format!("{client} (M2M)"),
        Author::Codedeck => "codedeck (you)".to_string(),
        Author::FairCom { user } => user.clone(),
    }
}

pub const ACTION_MENU_TITLE: &str = " Show the events of ";
pub const ACTION_MENU_ALL: &str = "every action";
pub const NO_ACTIONS_LOADED: &str = "the actions are not loaded yet: press 1 first";

/// `▲ 12 failures` on a timeline row.
pub fn failures_mark(count: usize) -> String {
    if count == 1 {
        "▲ 1 failure".to_string()
    } else {
        format!("▲ {count} failures")
    }
}
/// `▲ 12`: a timeline row's failures where the words do not fit.
pub fn failures_mark_short(count: usize) -> String {
    format!("▲ {count}")
}
/// Who, where a timeline row has little room: `alice@acme` for `alice@acme.example via
/// Dashboard`, a machine client's name alone (the row's facts say it whole).
pub fn author_short(author: &Author) -> String {
    match author {
        Author::Dashboard { user } => match user.split_once('@') {
            Some((local, domain)) => {
                let first = domain.split('.').next().unwrap_or(domain);
                format!("{local}@{first}")
            }
            None => user.clone(),
        },
        Author::Machine { client } => client.clone(),
        Author::Codedeck => "codedeck".to_string(),
        Author::FairCom { user } => user.clone(),
    }
}
pub const STARTED_AFTER_LIVE: &str = "started right after it went live";
/// The hint on a version whose failures started when it went live.
pub const ROLL_BACK_HINT: &str = "d then r rolls it back";
pub const LABEL_FAILURES: &str = "Failures ";
pub const LABEL_AUTHOR: &str = "Deployed by ";
/// A FairCom version's `updatedBy` / `createdBy`.
pub const LABEL_CHANGED_BY: &str = "By ";
pub const INFERRED: &str = "(inferred: the version live at their time)";
pub const ACTIVITY_LOADING: &str = "reading the logs…";

pub fn activity_failed(why: &str) -> String {
    format!("logs not read: {why}")
}

pub fn version_failures_title(object: &str, version: &str, count: usize) -> String {
    format!(" {object} · {version}: {count} failures (inferred) · Esc back ")
}
pub const NO_VERSION_FAILURES: &str = "no failure was logged while this version was live";
pub const ONLY_ACTIONS_HAVE_FAILURES: &str = "failures are logged for actions only";

/// The detail of one event.
pub fn event_title(kind: &str, id: &str) -> String {
    format!(" {} · {id} · Esc back ", kind_label(kind))
}
pub const EXECUTIONS_HEADING: &str = "Executions";
pub const EXECUTION_LOADING: &str = "reading…";
pub const NO_EXECUTIONS: &str = "this event names no execution";
/// `GET /actions/executions/{id}` answered 404.
pub const EXECUTION_GONE: &str =
    "no longer kept: Auth0 keeps executions 10 days (or the id is unknown)";
pub const RESULT_OK: &str = "ok";

pub fn execution_failed(why: &str) -> String {
    format!("not read: {why}")
}

/// `t` asked the service for one type's newest events and it did not answer them.
pub fn backfill_failed(why: &str) -> String {
    format!("could not read the older events of this type (the live tail goes on): {why}")
}
/// The checkpoint the tail resumed from is no longer known to the service.
pub const CHECKPOINT_LOST: &str =
    "the service no longer knows where the tail was: starting again from the newest events";

/// Who last changed a trigger's order (Flows view).
pub fn last_order_change(who: &str, when: &str) -> String {
    format!("order last changed by {who}, {when}")
}

// The CLI.
pub fn bad_type(typed: &str) -> String {
    format!("--type {typed}: expected failures, changes or all")
}
pub fn bad_since(typed: &str) -> String {
    format!(
        "--since {typed}: expected a duration like 30m, 1h, 2d, or a date (2026-01-31T10:00:00Z)"
    )
}
pub const NO_EVENTS: &str = "no events match";
pub const FOLLOWING: &str = "following the logs (Ctrl-C stops)…";
pub fn unknown_action(name: &str) -> String {
    format!("no action is named {name}")
}
