//! Tenant log events kept past the service's retention (issue 18). CONTRACT STUB: the wire helper
//! replaces these bodies with a real table (migration, dedupe by log id).

use super::{Place, Store, StoreError};
use crate::model::logs::LogEvent;
use crate::model::Timestamp;

impl Store {
    /// Keeps `events` for `place`; an event already kept (same log id) is kept once.
    pub fn record_log_events(
        &mut self,
        _place: &Place,
        _events: &[LogEvent],
    ) -> Result<(), StoreError> {
        Ok(())
    }

    /// The kept events of `place` at or after `since` (all when `None`), newest first, at most
    /// `limit`.
    pub fn log_events(
        &self,
        _place: &Place,
        _since: Option<Timestamp>,
        _limit: usize,
    ) -> Result<Vec<LogEvent>, StoreError> {
        Ok(Vec::new())
    }

    /// The newest kept log id of `place`: where a checkpoint tail resumes.
    pub fn newest_log_id(&self, _place: &Place) -> Result<Option<String>, StoreError> {
        Ok(None)
    }
}
