//! Words of the warm start (lists shown as stored until the service answers) and of `--offline`.

use crate::model::Timestamp;

/// The header's badge while the dashboard runs with no network.
pub const OFFLINE_BADGE: &str = " OFFLINE ";

/// The header's mark on a list shown as stored: `cached 3 min ago` (`ago` as the timeline says it).
pub fn cached_ago(ago: &str) -> String {
    format!("cached {ago}")
}

/// The same when no clock has been read yet (a fixed render): the time itself.
pub fn cached_at(at: Timestamp) -> String {
    format!("cached {}", at.format("%Y-%m-%d %H:%M UTC"))
}

/// A change key pressed offline; `what` is the key's help (`deploy the draft`).
pub fn needs_connection(what: &str) -> String {
    format!("offline: “{what}” needs a connection (start codedeck without --offline)")
}

pub const OFFLINE_NO_REFRESH: &str =
    "offline: nothing is refreshed — the lists are as last stored (start codedeck without --offline to read the service)";

/// The history store could not be opened: said once at start.
pub fn store_unavailable(why: &str) -> String {
    format!("history store not used — {why}; the dashboard works live without it")
}

/// The store opened but its lists could not be read.
pub fn stored_lists_unreadable(why: &str) -> String {
    format!("the stored lists could not be read — {why}; waiting for the service")
}

pub const STORE_BUSY: &str = "another task failed while holding the history store";

/// Offline, a list the store never got.
pub const NOTHING_STORED: &str =
    "nothing stored of this list yet — run codedeck once with a connection to keep it";
