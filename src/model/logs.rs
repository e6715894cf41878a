//! Tenant log events (`GET /api/v2/logs`) as codedeck reads them, and the parts of one it relies on.
//! Field sources and which are unverified: docs/LOGS.md. Every event is kept whole (`event`) for the
//! detail view, with any secret value already stripped by the client before it gets here.

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// One tenant log event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEvent {
    /// `log_id` (the same as `_id`): the checkpoint for `from=`.
    pub log_id: String,
    pub date: Timestamp,
    /// The event type code as the service sends it (`sapi`, `actions_execution_failed`, `s`, …).
    pub kind: String,
    pub description: Option<String>,
    pub client_id: Option<String>,
    pub client_name: Option<String>,
    pub user_name: Option<String>,
    /// The whole event as received, secret values stripped (`secrets[].value` and the like).
    pub event: serde_json::Value,
}

/// What the user filters by (view 6, `codedeck logs --type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogClass {
    /// `actions_execution_failed`.
    Failures,
    /// `sapi` writes under `/api/v2/actions/`.
    Changes,
    #[default]
    All,
}

/// One page read in checkpoint mode (`from=<log_id>&take=N`), oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    /// The `from` of the next page, from the `Link: …; rel="next"` header; `None` when it had none.
    pub next: Option<String>,
}

/// Who made an admin change, as far as the log says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Author {
    /// A Dashboard user (`channel` = `https://manage.auth0.com/`): name or email.
    Dashboard { user: String },
    /// A machine client (`channel` = `api`): its `client_name` (or id).
    Machine { client: String },
    /// This codedeck, from its own journal.
    Codedeck,
    /// FairCom's `createdBy` / `updatedBy`.
    FairCom { user: String },
}
