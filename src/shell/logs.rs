//! The dashboard's log reads (issue 18): the tail's polls (`Cmd::PollLogs`: the newest page by
//! search first, then checkpoint pages), what a timeline's action needs (`Cmd::ReadActivity`: the
//! stored events, one page of the newest failures and changes, the journal's entries), each
//! event kept in the history store on a blocking thread. Events arrive from the client with
//! secret values already stripped.

use crate::activity;
use crate::app::msg::{Generation, Msg};
use crate::app::state::ActivityRead;
use crate::backend::Backend;
use crate::journal::Journal;
use crate::model::logs::{LogClass, LogEvent, LogPage};
use crate::model::{BackendError, ConnectionInfo};
use crate::store::{place_of, Service, SharedStore};

/// The first page of the tail: the newest events, by search.
pub const FIRST_PAGE: u32 = 100;
/// A checkpoint page.
pub const TAKE: u32 = 100;
/// The one page of newest failures and changes a timeline asks for.
pub const ACTIVITY_PAGE: u32 = 100;
/// Stored events read for a timeline at most.
pub const STORED_READ: usize = 5_000;

/// One poll: from the checkpoint, or (none yet) the newest page, reversed to oldest first.
pub async fn poll(
    backend: &dyn Backend,
    store: Option<&SharedStore>,
    generation: Generation,
    from: Option<String>,
) -> Msg {
    let result = match &from {
        Some(from) => super::runtime::guarded(backend.logs_from(from, TAKE)).await,
        None => super::runtime::guarded(backend.search_logs(None, 0, FIRST_PAGE))
            .await
            .map(|mut newest_first| {
                newest_first.reverse();
                let next = newest_first.last().map(|e| e.log_id.clone());
                LogPage {
                    events: newest_first,
                    next,
                }
            }),
    };
    if let Ok(page) = &result {
        keep(store, &backend.connection(), page.events.clone()).await;
    }
    Msg::LogsPolled { generation, result }
}

/// The newest page of one type, oldest first (kept in the store like the tail's pages).
pub async fn backfill(backend: &dyn Backend, store: Option<&SharedStore>, class: LogClass) -> Msg {
    let result = newest_of(backend, class).await.map(|mut newest_first| {
        newest_first.reverse();
        newest_first
    });
    if let Ok(events) = &result {
        keep(store, &backend.connection(), events.clone()).await;
    }
    Msg::LogsBackfilled(result)
}

/// Events kept in the store (past the service's retention); a store that fails is not the
/// tail's concern: the events are shown all the same.
async fn keep(store: Option<&SharedStore>, connection: &ConnectionInfo, events: Vec<LogEvent>) {
    let (Some(store), Some(place)) = (store.cloned(), place_of(connection, Service::Auth0)) else {
        return;
    };
    if events.is_empty() {
        return;
    }
    let _ = tokio::task::spawn_blocking(move || {
        if let Ok(mut store) = store.lock() {
            let _ = store.record_log_events(&place, &events);
        }
    })
    .await;
}

/// The logs and journal entries a timeline's failures and authors are counted from: one page
/// of the newest failures and changes from the service (kept in the store), and every event the
/// store has of the place.
pub async fn read_activity(
    backend: &dyn Backend,
    journal: Option<&Journal>,
    store: Option<&SharedStore>,
    generation: Generation,
    object_id: &str,
) -> Msg {
    // Two pages, not one of both types: logins fail far more often than anyone deploys, so a
    // page of both would hold failures only and no deploy's author.
    let (failures, changes) = tokio::join!(
        newest_of(backend, LogClass::Failures),
        newest_of(backend, LogClass::Changes)
    );
    let connection = backend.connection();
    let stored = stored_events(store, &connection).await;
    let result = match (failures, stored) {
        (Err(err), None) => Err(err.to_string()),
        (failures, stored) => {
            let failures = failures.unwrap_or_default();
            // How far back the failures reach decides the ⚑ mark; the changes are extra.
            let full = failures.len() >= ACTIVITY_PAGE as usize;
            let oldest_fetched = failures.iter().map(|e| e.date).min();
            let mut fetched = failures;
            fetched.extend(changes.unwrap_or_default());
            keep(store, &connection, fetched.clone()).await;
            let stored_any = stored.as_ref().is_some_and(|s| !s.is_empty());
            let events = merged(fetched, stored.unwrap_or_default());
            // A full page may not reach back as far as the versions; the store may.
            let known_since = if full && !stored_any {
                oldest_fetched
            } else {
                None
            };
            Ok(ActivityRead {
                events,
                journal: journal_of(journal, object_id).await,
                known_since,
            })
        }
    };
    Msg::ActivityRead { generation, result }
}

/// One page of the newest events of `class`; a service that refuses its query (400: a `type:`
/// term it does not take) is asked for the newest events of every type instead (classed here).
async fn newest_of(backend: &dyn Backend, class: LogClass) -> Result<Vec<LogEvent>, BackendError> {
    let query = activity::class_query(class);
    match super::runtime::guarded(backend.search_logs(query.as_deref(), 0, ACTIVITY_PAGE)).await {
        Err(BackendError::Api { status: 400, .. }) if query.is_some() => {
            super::runtime::guarded(backend.search_logs(None, 0, ACTIVITY_PAGE)).await
        }
        other => other,
    }
}

async fn stored_events(
    store: Option<&SharedStore>,
    connection: &ConnectionInfo,
) -> Option<Vec<LogEvent>> {
    let store = store.cloned()?;
    let place = place_of(connection, Service::Auth0)?;
    tokio::task::spawn_blocking(move || {
        let store = store.lock().ok()?;
        store.log_events(&place, None, STORED_READ).ok()
    })
    .await
    .ok()
    .flatten()
}

/// Both lists as one, each event once, newest first.
fn merged(fetched: Vec<LogEvent>, stored: Vec<LogEvent>) -> Vec<LogEvent> {
    let mut seen = std::collections::HashSet::new();
    let mut all: Vec<LogEvent> = fetched
        .into_iter()
        .chain(stored)
        .filter(|e| seen.insert(e.log_id.clone()))
        .collect();
    all.sort_by_key(|e| std::cmp::Reverse(e.date));
    all
}

/// The journal's entries of one object (codedeck's own changes), on a blocking thread.
async fn journal_of(journal: Option<&Journal>, object_id: &str) -> Vec<crate::journal::Entry> {
    let Some(journal) = journal.cloned() else {
        return vec![];
    };
    let object_id = object_id.to_string();
    tokio::task::spawn_blocking(move || {
        journal
            .read()
            .map(|entries| {
                entries
                    .into_iter()
                    .filter(|e| e.object_id == object_id)
                    .collect()
            })
            .unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}

/// Who last changed a trigger's order: one page of the newest admin writes (kept in the store),
/// the stored ones, and the journal's bindings changes of the trigger.
pub async fn read_order_change(
    backend: &dyn Backend,
    journal: Option<&Journal>,
    store: Option<&SharedStore>,
    trigger_id: String,
) -> Msg {
    let query = activity::class_query(LogClass::Changes);
    let fetched =
        super::runtime::guarded(backend.search_logs(query.as_deref(), 0, ACTIVITY_PAGE)).await;
    let connection = backend.connection();
    let stored = stored_events(store, &connection).await;
    let result = match (fetched, stored) {
        (Err(err), None) => Err(err.to_string()),
        (fetched, stored) => {
            let fetched = fetched.unwrap_or_default();
            keep(store, &connection, fetched.clone()).await;
            let events = merged(fetched, stored.unwrap_or_default());
            let entries = journal_of(journal, &trigger_id).await;
            Ok(activity::matching::last_order_change(
                &trigger_id,
                &events,
                &entries,
            ))
        }
    };
    Msg::OrderChangeRead { trigger_id, result }
}

/// One execution an opened event names.
pub async fn load_execution(backend: &dyn Backend, id: String) -> Msg {
    let result: Result<_, BackendError> = super::runtime::guarded(backend.get_execution(&id)).await;
    Msg::LogExecutionLoaded { id, result }
}
