//! The tenant's logs (issue 18): view `6`'s live tail (events, checkpoint, connection state,
//! filters, the event opened whole with its executions), and what the logs say of the open
//! action's timeline (failures and authors per version).

use std::collections::BTreeMap;

use crate::activity::matching::VersionActivity;
use crate::app::msg::Generation;
use crate::app::state::Remote;
use crate::journal::Entry;
use crate::model::logs::{Author, LogClass, LogEvent};
use crate::model::Execution;
use crate::model::Timestamp;

/// How many events the tail keeps on screen (the store keeps them all).
pub const TAIL_KEEP: usize = 2_000;

/// The tail's connection, as the Dashboard shows its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TailState {
    /// The first page is being read.
    #[default]
    Connecting,
    /// The last poll answered.
    Connected,
    /// The last poll failed: why, in words; polls go on, further apart.
    Reconnecting(String),
    /// Space: no polls until Space again.
    Paused,
}

/// A version's failures listed from its timeline (`f`): shown in the Logs view instead of the
/// tail, until `Esc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pinned {
    pub title: String,
    /// Newest first.
    pub events: Vec<LogEvent>,
}

/// One event shown whole.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenEvent {
    pub event: LogEvent,
    /// The event as pretty JSON (what the pane shows, highlighted).
    pub pretty: String,
    /// Each execution the event names, in its order, as read.
    pub executions: Vec<(String, Remote<Execution>)>,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogsView {
    /// The view is on screen (`6`, `:logs`, or `f` in a timeline).
    pub shown: bool,
    /// Oldest first, at most [`TAIL_KEEP`].
    pub events: Vec<LogEvent>,
    /// Where the next checkpoint poll starts (`None`: read the newest page first).
    pub checkpoint: Option<String>,
    pub tail: TailState,
    /// The poll in flight, if any (its answer is dropped unless it is this one).
    pub polling: Option<Generation>,
    /// The tick at which the next poll goes out.
    pub next_poll: u64,
    /// Polls failed in a row (the wait doubles with each, to a bound).
    pub failures_in_row: u32,
    pub class: LogClass,
    /// The types whose newest page was read (`t`): once each while the dashboard runs.
    pub backfilled: Vec<LogClass>,
    /// The action whose events only are shown: its name, and id when known.
    pub action: Option<(String, Option<String>)>,
    pub text: String,
    pub editing_text: bool,
    /// Index into the visible events (newest first).
    pub selected: usize,
    pub open: Option<OpenEvent>,
    pub pinned: Option<Pinned>,
    /// Per trigger: who last changed its order and when (the Flows view), as read from the logs
    /// and the journal; `Ready(None)`: nobody the logs still know.
    pub order_changes: BTreeMap<String, Remote<Option<(Author, Timestamp)>>>,
}

/// What the logs say of the open action's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineActivity {
    pub object_id: String,
    pub object_name: String,
    pub generation: Generation,
    pub read: Remote<ActivityRead>,
    /// Per version number: failures while live, the mark, the author.
    pub per_version: BTreeMap<u32, VersionActivity>,
}

/// The events and journal entries read for a timeline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActivityRead {
    /// Stored and fetched, deduplicated, newest first.
    pub events: Vec<LogEvent>,
    /// Codedeck's own changes of the object (its journal).
    pub journal: Vec<Entry>,
    /// The oldest time the events are known to cover (`None`: as far as the service keeps).
    pub known_since: Option<crate::model::Timestamp>,
}

impl LogsView {
    /// The events shown, newest first: a version's failures when listed from its timeline, else
    /// the tail through the type, action and text filters.
    pub fn visible(&self) -> Vec<&LogEvent> {
        if let Some(pinned) = &self.pinned {
            return pinned.events.iter().collect();
        }
        self.events
            .iter()
            .rev()
            .filter(|e| crate::activity::in_class(e, self.class))
            .filter(|e| match &self.action {
                Some((name, id)) => crate::activity::names_action(e, name, id.as_deref()),
                None => true,
            })
            .filter(|e| crate::activity::mentions(e, &self.text))
            .collect()
    }
}
