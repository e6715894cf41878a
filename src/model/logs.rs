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

/// What `secrets[].value` and the like become once stripped (the mask 2024 Auth0 events carry).
pub const STRIPPED: &str = "*****";

/// Removes every secret value from a log event (or any JSON), in place: any field named `value`
/// inside a `secrets` array (wherever it sits: `details.request.body.secrets`,
/// `details.response.body.secrets`, …) becomes [`STRIPPED`]. Auth0 masks them already in the
/// events seen (`*****`, `REDACTED` in older ones), but does not document it.
pub fn strip_secret_values(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if key == "secrets" {
                    mask_secret_list(field);
                }
                strip_secret_values(field);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_secret_values),
        _ => {}
    }
}

/// The `value` of every entry of a `secrets` list (an array of objects, or one object).
fn mask_secret_list(list: &mut serde_json::Value) {
    use serde_json::Value;
    let mask = |entry: &mut Value| {
        if let Some(value) = entry.as_object_mut().and_then(|e| e.get_mut("value")) {
            *value = Value::String(STRIPPED.to_string());
        }
    };
    match list {
        Value::Array(entries) => entries.iter_mut().for_each(mask),
        entry @ Value::Object(_) => mask(entry),
        _ => {}
    }
}

/// The `details.request` of an admin change (`sapi`), when the event has one.
fn request(event: &serde_json::Value) -> Option<&serde_json::Value> {
    event.get("details")?.get("request")
}

impl LogEvent {
    /// Whether it is an action's failed execution (`actions_execution_failed`).
    pub fn is_failure(&self) -> bool {
        self.kind == "actions_execution_failed"
    }

    /// `details.request.method`, upper case (the log sends it lower case: `post`, `patch`).
    pub fn request_method(&self) -> Option<String> {
        request(&self.event)?
            .get("method")?
            .as_str()
            .map(str::to_ascii_uppercase)
    }

    /// `details.request.path` (`/api/v2/actions/actions/{id}/deploy`; not searchable at Auth0).
    pub fn request_path(&self) -> Option<&str> {
        request(&self.event)?.get("path")?.as_str()
    }

    /// Whether it is an admin change (`sapi`) under `/api/v2/actions/`.
    pub fn is_action_change(&self) -> bool {
        self.kind == "sapi"
            && self
                .request_path()
                .is_some_and(|path| path.starts_with("/api/v2/actions/"))
    }

    /// Whether it belongs in `class` (view 6's and `codedeck logs --type`'s filter).
    pub fn is_in(&self, class: LogClass) -> bool {
        match class {
            LogClass::Failures => self.is_failure(),
            LogClass::Changes => self.is_action_change(),
            LogClass::All => true,
        }
    }

    /// Who made an admin change: a Dashboard user (`channel` = `https://manage.auth0.com/`, named
    /// by `auth.user` email or name) or a machine client (`client_name`, else `client_id`).
    /// `None` when the event names nobody.
    pub fn author(&self) -> Option<Author> {
        let request = request(&self.event);
        let channel = request.and_then(|r| r.get("channel")?.as_str());
        if channel == Some(DASHBOARD_CHANNEL) {
            let user = request.and_then(|r| r.get("auth")?.get("user"));
            let field = |name: &str| {
                user.and_then(|u| u.get(name)?.as_str())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let user = field("email")
                .or_else(|| field("name"))
                .or_else(|| self.user_name.clone().filter(|s| !s.is_empty()))?;
            return Some(Author::Dashboard { user });
        }
        let client = self
            .client_name
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| self.client_id.clone().filter(|s| !s.is_empty()))?;
        Some(Author::Machine { client })
    }

    /// The execution ids the event carries (`details.actions.executions`; unverified, optional).
    pub fn execution_ids(&self) -> Vec<String> {
        self.event
            .get("details")
            .and_then(|d| d.get("actions"))
            .and_then(|a| a.get("executions"))
            .and_then(serde_json::Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The action a failure names: `details.action_name` or `details.actions[].name`… as far as
    /// the event says (unverified: see docs/LOGS.md).
    pub fn failed_action_name(&self) -> Option<&str> {
        let details = self.event.get("details")?;
        details
            .get("action_name")
            .and_then(serde_json::Value::as_str)
            .or_else(|| details.get("actions")?.get("action_name")?.as_str())
    }
}

/// Whether `logs_from` was refused because the service no longer knows the checkpoint (older than
/// the tenant's retention, or never one of its ids): a 400 naming `from`. The tail then starts
/// again from the newest event (a search, page 0) and says so. The emulator answers `invalid_from`;
/// Auth0's exact answer is unverified (docs/LOGS.md).
pub fn is_unknown_checkpoint(error: &super::error::BackendError) -> bool {
    match error {
        super::error::BackendError::Api {
            status: 400,
            message,
            error_code,
            ..
        } => error_code.as_deref() == Some("invalid_from") || message.contains("'from'"),
        _ => false,
    }
}

/// `details.request.channel` of a change made in the Dashboard.
pub const DASHBOARD_CHANNEL: &str = "https://manage.auth0.com/";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, body: serde_json::Value) -> LogEvent {
        LogEvent {
            log_id: "1".into(),
            date: chrono::Utc::now(),
            kind: kind.into(),
            description: None,
            client_id: Some("cid".into()),
            client_name: Some(String::new()),
            user_name: None,
            event: body,
        }
    }

    #[test]
    fn secret_values_are_stripped_wherever_a_secrets_list_sits() {
        let mut value = json!({"details": {
            "request": {"body": {"secrets": [{"name": "K", "value": "planted-1"}]}},
            "response": {"body": {"secrets": [{"name": "K", "value": "planted-2"}], "code": "x"}},
            "deep": [{"secrets": {"name": "L", "value": "planted-3"}}],
            "value": "kept"
        }});
        strip_secret_values(&mut value);
        let text = value.to_string();
        assert!(!text.contains("planted"), "{text}");
        assert!(
            text.contains("\"kept\"") && text.contains("\"K\""),
            "{text}"
        );
    }

    #[test]
    fn authors_come_from_the_channel() {
        let dashboard = event(
            "sapi",
            json!({"details": {"request": {"channel": DASHBOARD_CHANNEL, "path": "/api/v2/actions/actions/a1/deploy",
                "auth": {"user": {"name": "Alice", "email": "alice@acme.test"}}}}}),
        );
        assert_eq!(
            dashboard.author(),
            Some(Author::Dashboard {
                user: "alice@acme.test".into()
            })
        );
        assert!(dashboard.is_action_change() && dashboard.is_in(LogClass::Changes));
        let mut machine = event("sapi", json!({"details": {"request": {"channel": "api"}}}));
        machine.client_name = Some("deploy-cli".into());
        assert_eq!(
            machine.author(),
            Some(Author::Machine {
                client: "deploy-cli".into()
            })
        );
        assert!(!machine.is_action_change());
    }

    #[test]
    fn execution_ids_are_optional() {
        assert!(event("s", json!({})).execution_ids().is_empty());
        let run = event(
            "s",
            json!({"details": {"actions": {"executions": ["e1", 7, "e2"]}}}),
        );
        assert_eq!(run.execution_ids(), vec!["e1", "e2"]);
    }
}
