//! The tenant's logs (issue 18). View `6` (and `:logs`): a live tail polled by checkpoint only
//! while the view is open (the first page the newest, by search), its connection state, `Space`
//! to pause, `t`/`a`/`/` to filter by type, action and text, `Enter` to show an event whole with
//! its executions read one by one. On an action's timeline: what the logs say of each version
//! (failures while live, the "started right after it went live" mark, the deploy's author), read
//! beside the versions and never before them, and `f` listing a version's failures here. No I/O:
//! the polls and reads are `Cmd`s the shell runs.

use crate::activity::{self, matching};
use crate::app::common::new_moved;
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{
    ActivityRead, FlashKind, Menu, MenuPurpose, OpenEvent, Overlay, Pinned, Remote, State,
    TailState, TimelineActivity, View, TAIL_KEEP, TICKS_PER_SECOND,
};
use crate::app::timeline::{RowKey, Versioned, When};
use crate::model::logs::{LogClass, LogEvent, LogPage};
use crate::model::{BackendError, Execution};
use crate::strings::logs as words;

/// Seconds between polls while the tail is connected.
pub const POLL_SECONDS: u64 = 3;
/// The longest wait between polls after failures.
pub const MAX_BACKOFF_SECONDS: u64 = 30;
/// Executions read for one event at most (each is a request).
pub const EXECUTIONS_READ: usize = 10;

/// `6`, `:logs`: the view on screen; its first poll goes at once.
pub fn open(state: &mut State) -> Vec<Cmd> {
    let logs = &mut state.logs;
    logs.shown = true;
    logs.pinned = None;
    logs.open = None;
    if let Some(search) = state.search.as_mut() {
        search.shown = false;
    }
    if state.logs.tail == TailState::Paused || state.logs.polling.is_some() {
        return vec![];
    }
    poll(state)
}

/// Off screen: no more polls until it opens again.
fn close(state: &mut State) {
    let logs = &mut state.logs;
    logs.shown = false;
    logs.open = None;
    logs.pinned = None;
    logs.editing_text = false;
}

/// A poll goes out when its time has come, only while the tail is on screen and not paused.
pub fn on_tick(state: &mut State) -> Vec<Cmd> {
    let logs = &state.logs;
    let due = logs.shown
        && logs.pinned.is_none()
        && logs.tail != TailState::Paused
        && logs.polling.is_none()
        && state.tick >= logs.next_poll;
    if due {
        poll(state)
    } else {
        vec![]
    }
}

fn poll(state: &mut State) -> Vec<Cmd> {
    let generation = state.new_generation();
    state.logs.polling = Some(generation);
    vec![Cmd::PollLogs {
        generation,
        from: state.logs.checkpoint.clone(),
    }]
}

/// A poll's answer: new events appended (each once), the checkpoint moved on; a failure says
/// why in the connection state and waits longer before the next.
pub fn on_polled(state: &mut State, generation: Generation, result: Result<LogPage, BackendError>) {
    if state.logs.polling != Some(generation) {
        return;
    }
    state.logs.polling = None;
    let tick = state.tick;
    match result {
        Ok(page) => {
            let logs = &mut state.logs;
            let full = page.events.len() >= 100;
            let newest = page.events.last().map(|e| e.log_id.clone());
            append(&mut logs.events, page.events);
            logs.checkpoint = page.next.or(newest).or(logs.checkpoint.take());
            logs.failures_in_row = 0;
            if logs.tail != TailState::Paused {
                logs.tail = TailState::Connected;
            }
            // A full page: more are waiting, read on at the next tick.
            logs.next_poll = tick
                + if full {
                    1
                } else {
                    POLL_SECONDS * TICKS_PER_SECOND
                };
        }
        Err(err) if state.logs.checkpoint.is_some() && checkpoint_lost(&err) => {
            state.logs.checkpoint = None;
            state.logs.next_poll = tick;
            state.flash(FlashKind::Info, words::CHECKPOINT_LOST.to_string());
        }
        Err(err) => {
            let logs = &mut state.logs;
            logs.failures_in_row = logs.failures_in_row.saturating_add(1);
            let doubled = POLL_SECONDS << logs.failures_in_row.min(4);
            let mut wait = doubled.min(MAX_BACKOFF_SECONDS);
            if let BackendError::RateLimited {
                retry_after: Some(after),
                ..
            } = &err
            {
                wait = wait.max(after.as_secs());
            }
            logs.next_poll = tick + wait * TICKS_PER_SECOND;
            if logs.tail != TailState::Paused {
                logs.tail = TailState::Reconnecting(err.to_string());
            }
        }
    }
}

/// One type's newest page: its events join the tail's, each once, in date order; a failure is
/// said (the tail goes on).
pub fn on_backfilled(state: &mut State, result: Result<Vec<LogEvent>, BackendError>) {
    match result {
        Ok(events) => append(&mut state.logs.events, events),
        Err(err) => state.flash(FlashKind::Error, words::backfill_failed(&err.to_string())),
    }
}

/// The service answers a checkpoint it no longer keeps with a 400 or 404.
fn checkpoint_lost(err: &BackendError) -> bool {
    matches!(err, BackendError::Api { status, .. } if matches!(status, 400 | 404))
}

/// Appends `new` (oldest first) to `events`, leaving out ids already there, keeping the newest
/// [`TAIL_KEEP`].
fn append(events: &mut Vec<LogEvent>, new: Vec<LogEvent>) {
    let known: std::collections::HashSet<String> =
        events.iter().map(|e| e.log_id.clone()).collect();
    let fresh: Vec<LogEvent> = new
        .into_iter()
        .filter(|e| !known.contains(&e.log_id))
        .collect();
    // Checkpoint pages come oldest first; a search page was reversed by the shell; a type's
    // newest page reaches back before the tail. Keep order by date whatever arrived.
    events.extend(fresh);
    events.sort_by_key(|e| e.date);
    if events.len() > TAIL_KEEP {
        events.drain(..events.len() - TAIL_KEEP);
    }
}

/// Keys of the Logs view (and its text filter). `None`: not the view's.
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if intent == Intent::ViewLogs {
        return Some(open(state));
    }
    if !state.logs.shown {
        return None;
    }
    if mode == Mode::Filter && state.logs.editing_text {
        match intent {
            Intent::FilterKeep => state.logs.editing_text = false,
            Intent::FilterClear => {
                state.logs.editing_text = false;
                state.logs.text.clear();
            }
            Intent::FilterErase => {
                state.logs.text.pop();
            }
            Intent::Quit => return None,
            _ => {}
        }
        state.logs.selected = 0;
        return Some(vec![]);
    }
    if mode != Mode::Logs {
        return None;
    }
    // An event open covers the list: the list's own keys wait until it closes.
    if state.logs.open.is_some() && crate::app::keymap::available::acts_on_logs_list(intent) {
        return Some(vec![]);
    }
    Some(match intent {
        // Another view: the tail stops.
        Intent::ViewActions
        | Intent::ViewModules
        | Intent::ViewFlows
        | Intent::ViewPackages
        | Intent::ViewCompare => {
            close(state);
            return None;
        }
        Intent::PauseTail => {
            toggle_pause(state);
            vec![]
        }
        Intent::TypeFilter => {
            let logs = &mut state.logs;
            logs.class = match logs.class {
                LogClass::All => LogClass::Failures,
                LogClass::Failures => LogClass::Changes,
                LogClass::Changes => LogClass::All,
            };
            logs.selected = 0;
            // The tail holds the latest of every type; one type's older events come by search.
            let class = logs.class;
            if class == LogClass::All || logs.backfilled.contains(&class) {
                vec![]
            } else {
                logs.backfilled.push(class);
                vec![Cmd::BackfillLogs { class }]
            }
        }
        Intent::PickLogAction => {
            pick_action(state);
            vec![]
        }
        Intent::Filter => {
            state.logs.editing_text = true;
            vec![]
        }
        Intent::Open => open_event(state),
        Intent::Back => {
            back(state);
            vec![]
        }
        movement if movement.is_movement() => {
            move_in(state, movement);
            vec![]
        }
        _ => return None,
    })
}

fn toggle_pause(state: &mut State) {
    let logs = &mut state.logs;
    if logs.tail == TailState::Paused {
        logs.tail = if logs.events.is_empty() {
            TailState::Connecting
        } else {
            TailState::Connected
        };
        logs.next_poll = state.tick;
    } else {
        logs.tail = TailState::Paused;
    }
}

/// `Esc`: the event closes; else a version's failures go back to its timeline; else the view
/// closes.
fn back(state: &mut State) {
    if state.logs.open.take().is_some() {
        return;
    }
    close(state);
}

fn move_in(state: &mut State, movement: Intent) {
    let page = layout::list_rows(state);
    let len = state.logs.visible().len();
    let logs = &mut state.logs;
    match logs.open.as_mut() {
        Some(open) => {
            let lines = open.pretty.lines().count();
            open.scroll = new_moved(open.scroll, lines, movement, page);
        }
        None => logs.selected = new_moved(logs.selected, len, movement, page),
    }
}

/// `a`: a menu of the loaded actions (every action first).
fn pick_action(state: &mut State) {
    let Some(actions) = state.actions.list.data.ready() else {
        state.flash(FlashKind::Info, words::NO_ACTIONS_LOADED.to_string());
        return;
    };
    let mut choices: Vec<Option<(String, String)>> = vec![None];
    choices.extend(actions.iter().map(|a| Some((a.name.clone(), a.id.clone()))));
    let items = choices
        .iter()
        .map(|c| match c {
            None => (words::ACTION_MENU_ALL.to_string(), String::new()),
            Some((name, _)) => (name.clone(), String::new()),
        })
        .collect();
    let selected = state
        .logs
        .action
        .as_ref()
        .and_then(|(name, _)| {
            choices
                .iter()
                .position(|c| c.as_ref().is_some_and(|(n, _)| n == name))
        })
        .unwrap_or(0);
    state.overlay = Overlay::Menu(Menu {
        title: words::ACTION_MENU_TITLE.to_string(),
        items,
        selected,
        purpose: MenuPurpose::LogsAction(choices),
    });
}

/// The action chosen in `a`'s menu (`None`: every action).
pub fn on_action_chosen(state: &mut State, choices: &[Option<(String, String)>], index: usize) {
    if let Some(choice) = choices.get(index) {
        state.logs.action = choice
            .as_ref()
            .map(|(name, id)| (name.clone(), Some(id.clone())));
        state.logs.selected = 0;
    }
}

/// `Enter`: the selected event whole, its executions asked for.
fn open_event(state: &mut State) -> Vec<Cmd> {
    let Some(event) = state
        .logs
        .visible()
        .get(state.logs.selected)
        .map(|e| (*e).clone())
    else {
        return vec![];
    };
    let executions: Vec<String> = activity::execution_ids(&event)
        .into_iter()
        .take(EXECUTIONS_READ)
        .collect();
    let pretty = serde_json::to_string_pretty(&event.event).unwrap_or_default();
    state.logs.open = Some(OpenEvent {
        event,
        pretty,
        executions: executions
            .iter()
            .map(|id| (id.clone(), Remote::Loading))
            .collect(),
        scroll: 0,
    });
    executions
        .into_iter()
        .map(|id| Cmd::LoadLogExecution { id })
        .collect()
}

/// An execution read for the open event (a 404 says in words that it is no longer kept).
pub fn on_execution_loaded(state: &mut State, id: &str, result: &Result<Execution, BackendError>) {
    let Some(open) = state.logs.open.as_mut() else {
        return;
    };
    for (known, slot) in &mut open.executions {
        if known == id {
            *slot = match result {
                Ok(execution) => Remote::Ready(execution.clone()),
                Err(BackendError::Api { status: 404, .. }) => {
                    Remote::Failed(words::EXECUTION_GONE.to_string())
                }
                Err(err) => Remote::Failed(words::execution_failed(&err.to_string())),
            };
        }
    }
}

/// An action's timeline has loaded: what the logs say of it is read beside it (the versions
/// are already on screen; this never delays them).
pub fn on_timeline_loaded(state: &mut State) -> Vec<Cmd> {
    let Some(versions) = state.actions.versions.as_ref() else {
        return vec![];
    };
    if versions.kind != Versioned::Action || versions.timeline.data.ready().is_none() {
        return vec![];
    }
    let (object_id, object_name) = (versions.object_id.clone(), versions.object_name.clone());
    let generation = state.new_generation();
    state.activity = Some(Box::new(TimelineActivity {
        object_id: object_id.clone(),
        object_name: object_name.clone(),
        generation,
        read: Remote::Loading,
        per_version: Default::default(),
    }));
    vec![Cmd::ReadActivity {
        generation,
        object_id,
        object_name,
    }]
}

/// The logs and journal read for a timeline: counted per version.
pub fn on_activity_read(
    state: &mut State,
    generation: Generation,
    result: Result<ActivityRead, String>,
) {
    let Some(activity) = state
        .activity
        .as_mut()
        .filter(|a| a.generation == generation)
    else {
        return;
    };
    activity.read = match result {
        Ok(read) => Remote::Ready(read),
        Err(why) => Remote::Failed(words::activity_failed(&why)),
    };
    recount(state);
}

/// Each version's failures, mark and author from the read logs and the loaded versions.
fn recount(state: &mut State) {
    let Some(versions) = state.actions.versions.as_ref() else {
        return;
    };
    let Some(timeline) = versions.timeline.data.ready() else {
        return;
    };
    let Some(activity) = state
        .activity
        .as_mut()
        .filter(|a| a.object_id == timeline.object_id)
    else {
        return;
    };
    let Some(read) = activity.read.ready() else {
        return;
    };
    let went = went_live(timeline);
    // Without the clock (fixed renders), the newest thing known closes the live window.
    let now = state
        .now
        .or_else(|| read.events.iter().map(|e| e.date).max())
        .or_else(|| went.iter().map(|w| w.live_from).max())
        .unwrap_or_default();
    activity.per_version = matching::version_activity(
        (&timeline.object_id, &timeline.object_name),
        &went,
        &read.events,
        &read.journal,
        now,
        read.known_since,
    );
}

/// Every version of an action went live when it was made (a rollback makes a new version).
fn went_live(timeline: &crate::app::timeline::Timeline) -> Vec<matching::Went> {
    timeline
        .rows
        .iter()
        .filter_map(|row| match (row.key, row.created) {
            (RowKey::Version(number), Some(When::Utc(at))) => Some(matching::Went {
                number,
                version_id: row.version_id.clone(),
                live_from: at,
            }),
            _ => None,
        })
        .collect()
}

/// `f` on a timeline row: the version's failures, listed in the Logs view (`Esc` comes back).
pub fn version_failures(state: &mut State) -> Vec<Cmd> {
    if state.view != View::Actions {
        state.flash(
            FlashKind::Info,
            words::ONLY_ACTIONS_HAVE_FAILURES.to_string(),
        );
        return vec![];
    }
    let Some(versions) = state.actions.versions.as_ref() else {
        return vec![];
    };
    let Some(timeline) = versions.timeline.data.ready() else {
        return vec![];
    };
    let Some(row) = timeline.rows.get(versions.selected) else {
        return vec![];
    };
    let Some(number) = row.number() else {
        state.flash(FlashKind::Info, words::NO_VERSION_FAILURES.to_string());
        return vec![];
    };
    let read = state
        .activity
        .as_ref()
        .filter(|a| a.object_id == timeline.object_id)
        .and_then(|a| a.read.ready());
    let Some(read) = read else {
        state.flash(FlashKind::Info, words::ACTIVITY_LOADING.to_string());
        return vec![];
    };
    let windows = matching::windows(&went_live(timeline));
    let events: Vec<LogEvent> = matching::failures_by_version(
        &windows,
        &read.events,
        &timeline.object_name,
        &timeline.object_id,
    )
    .into_iter()
    .filter(|(live, _)| *live == Some(number))
    .map(|(_, e)| e.clone())
    .collect();
    if events.is_empty() {
        state.flash(FlashKind::Info, words::NO_VERSION_FAILURES.to_string());
        return vec![];
    }
    let title = words::version_failures_title(&timeline.object_name, &row.label(), events.len());
    let logs = &mut state.logs;
    logs.shown = true;
    logs.open = None;
    logs.selected = 0;
    logs.pinned = Some(Pinned { title, events });
    vec![]
}

/// A trigger's bindings loaded: who last changed its order is read once (again after codedeck
/// changes it), beside the flow already drawn.
pub fn on_bindings_loaded(state: &mut State, trigger_id: &str) -> Vec<Cmd> {
    if state.opts.offline
        || !state.connection.services.auth0
        || state.logs.order_changes.contains_key(trigger_id)
    {
        return vec![];
    }
    state
        .logs
        .order_changes
        .insert(trigger_id.to_string(), Remote::Loading);
    vec![Cmd::ReadOrderChange {
        trigger_id: trigger_id.to_string(),
    }]
}

pub fn on_order_change_read(
    state: &mut State,
    trigger_id: String,
    result: Result<Option<(crate::model::logs::Author, crate::model::Timestamp)>, String>,
) {
    let read = match result {
        Ok(found) => Remote::Ready(found),
        Err(why) => Remote::Failed(why),
    };
    state.logs.order_changes.insert(trigger_id, read);
}

/// A character typed into the text filter.
pub fn on_filter_char(state: &mut State, c: char) {
    state.logs.text.push(c);
    state.logs.selected = 0;
}

/// How the view and `codedeck logs` name an event's author and subject.
pub use crate::activity::{what, who, who_in};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(id: &str, kind: &str, second: u32) -> LogEvent {
        LogEvent {
            log_id: id.into(),
            date: format!("2026-01-01T10:00:{second:02}Z").parse().unwrap(),
            kind: kind.into(),
            description: Some(format!("event {id}")),
            client_id: None,
            client_name: None,
            user_name: None,
            event: json!({ "type": kind }),
        }
    }

    #[test]
    fn pages_append_each_event_once_in_date_order() {
        let mut events = vec![event("1", "s", 1)];
        append(
            &mut events,
            vec![event("3", "s", 3), event("1", "s", 1), event("2", "s", 2)],
        );
        let ids: Vec<&str> = events.iter().map(|e| e.log_id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
    }

    #[test]
    fn a_lost_checkpoint_is_a_400_or_404() {
        let api = |status| BackendError::Api {
            status,
            error: String::new(),
            message: String::new(),
            error_code: None,
        };
        assert!(checkpoint_lost(&api(400)));
        assert!(checkpoint_lost(&api(404)));
        assert!(!checkpoint_lost(&api(500)));
    }
}
