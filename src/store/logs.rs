//! Tenant log events kept past the service's retention (issue 18): one row per (place, log id),
//! the event whole as JSON with every secret value stripped again here (the client strips them
//! first; a store outlives a bug in one client) and any secret this process holds masked.

use rusqlite::{params, OptionalExtension};

use super::{from_json, json, place_row, Place, Store, StoreError};
use crate::model::logs::{strip_secret_values, LogEvent};
use crate::model::Timestamp;

/// Dates as stored: fixed width, so text order is time order.
fn stored_date(date: &Timestamp) -> String {
    date.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Keeps `events` for `place`; an event already kept (same log id) is kept once (the first
    /// copy stays: a log event never changes).
    pub fn record_log_events(
        &mut self,
        place: &Place,
        events: &[LogEvent],
    ) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            let place_id = place_row(tx, place)?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO log_events (place, log_id, date, kind, event)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (place, log_id) DO NOTHING",
            )?;
            for event in events {
                let mut clean = event.clone();
                strip_secret_values(&mut clean.event);
                insert.execute(params![
                    place_id,
                    clean.log_id,
                    stored_date(&clean.date),
                    clean.kind,
                    json(&clean, "a log event")?,
                ])?;
            }
            Ok(())
        })
    }

    /// The kept events of `place` at or after `since` (all when `None`), newest first, at most
    /// `limit`.
    pub fn log_events(
        &self,
        place: &Place,
        since: Option<Timestamp>,
        limit: usize,
    ) -> Result<Vec<LogEvent>, StoreError> {
        let query = || -> Result<Vec<LogEvent>, rusqlite::Error> {
            let since = since.map_or_else(String::new, |t| stored_date(&t));
            self.conn
                .prepare_cached(
                    "SELECT l.event FROM log_events l JOIN places p ON p.id = l.place
                     WHERE p.service = ?1 AND p.name = ?2 AND l.date >= ?3
                     ORDER BY l.date DESC, l.log_id DESC LIMIT ?4",
                )?
                .query_map(
                    params![
                        place.service.as_str(),
                        place.name,
                        since,
                        i64::try_from(limit).unwrap_or(i64::MAX)
                    ],
                    |row| row.get::<_, String>(0),
                )?
                .map(|text| from_json::<LogEvent>(&text?))
                .collect()
        };
        query().map_err(|e| self.fail(&e))
    }

    /// The newest kept log id of `place`: where a checkpoint tail resumes.
    pub fn newest_log_id(&self, place: &Place) -> Result<Option<String>, StoreError> {
        let query = || -> Result<Option<String>, rusqlite::Error> {
            self.conn
                .query_row(
                    "SELECT l.log_id FROM log_events l JOIN places p ON p.id = l.place
                     WHERE p.service = ?1 AND p.name = ?2
                     ORDER BY l.date DESC, l.log_id DESC LIMIT 1",
                    params![place.service.as_str(), place.name],
                    |row| row.get(0),
                )
                .optional()
        };
        query().map_err(|e| self.fail(&e))
    }

    /// How many log events are kept for `place`.
    pub fn log_event_count(&self, place: &Place) -> Result<u64, StoreError> {
        let query = || -> Result<i64, rusqlite::Error> {
            self.conn.query_row(
                "SELECT count(*) FROM log_events l JOIN places p ON p.id = l.place
                 WHERE p.service = ?1 AND p.name = ?2",
                params![place.service.as_str(), place.name],
                |row| row.get(0),
            )
        };
        query()
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.fail(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};
    use serde_json::json;

    fn event(id: &str, minutes: i64, kind: &str) -> LogEvent {
        let date =
            Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap() + Duration::minutes(minutes);
        LogEvent {
            log_id: id.into(),
            date,
            kind: kind.into(),
            description: None,
            client_id: None,
            client_name: Some("deploy-cli".into()),
            user_name: None,
            event: json!({"log_id": id, "type": kind, "details": {"request": {"body": {
                "secrets": [{"name": "API_KEY", "value": "store-planted-value-77"}]}}}}),
        }
    }

    #[test]
    fn events_are_kept_once_newest_first_without_secret_values() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        let place = Place::auth0("acme.eu.auth0.com");
        let other = Place::auth0("other.eu.auth0.com");
        assert_eq!(store.newest_log_id(&place).unwrap(), None);
        store
            .record_log_events(&place, &[event("a", 1, "sapi"), event("b", 3, "s")])
            .unwrap();
        store
            .record_log_events(&place, &[event("b", 3, "s"), event("c", 2, "f")])
            .unwrap();
        store
            .record_log_events(&other, &[event("z", 9, "s")])
            .unwrap();
        let ids = |events: Vec<LogEvent>| events.into_iter().map(|e| e.log_id).collect::<Vec<_>>();
        assert_eq!(
            ids(store.log_events(&place, None, 10).unwrap()),
            ["b", "c", "a"]
        );
        assert_eq!(ids(store.log_events(&place, None, 2).unwrap()), ["b", "c"]);
        let since = Utc.with_ymd_and_hms(2026, 11, 1, 12, 2, 0).unwrap();
        assert_eq!(
            ids(store.log_events(&place, Some(since), 10).unwrap()),
            ["b", "c"]
        );
        assert_eq!(store.newest_log_id(&place).unwrap().as_deref(), Some("b"));
        assert_eq!(store.log_event_count(&place).unwrap(), 3);
        let stats = store.stats().unwrap();
        let counted = |p: &Place| {
            stats
                .places
                .iter()
                .find(|s| &s.place == p)
                .map(|s| s.log_events)
        };
        assert_eq!((counted(&place), counted(&other)), (Some(3), Some(1)));
        let raw: String = store
            .conn
            .query_row("SELECT group_concat(event) FROM log_events", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(!raw.contains("store-planted-value-77"), "{raw}");
        assert!(raw.contains("API_KEY"));
        store.forget(&place).unwrap();
        assert_eq!(store.log_event_count(&place).unwrap(), 0);
        assert_eq!(store.log_event_count(&other).unwrap(), 1);
    }
}
