//! What the tenant's logs say about actions, pure (no I/O, no clock): which events are failures and
//! which are admin changes to actions (`sapi` writes under `/api/v2/actions/`, filtered here since
//! the path is not searchable), who made a change ([`author`]), which deploy a change was, the
//! executions an event names, and (in [`matching`]) which version was live when a failure happened.
//! The fields read and their sources are in docs/LOGS.md; every one is optional here.

pub mod matching;

use serde_json::Value;

use crate::model::logs::{Author, LogClass, LogEvent};

/// The type of an action execution that failed.
pub const FAILURE: &str = "actions_execution_failed";
/// The type of a successful Management API write.
pub const ADMIN_WRITE: &str = "sapi";
/// The Management API paths of actions, triggers and bindings.
pub const ACTIONS_PATH: &str = "/api/v2/actions/";
/// `details.request.channel` of a Dashboard user's change.
pub const DASHBOARD_CHANNEL: &str = "https://manage.auth0.com/";

/// The request a `sapi` event logged (`details.request`), as far as it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// Upper case (the log sends `post`, `patch`).
    pub method: String,
    pub path: &'a str,
    pub channel: Option<&'a str>,
}

/// `details.request` of an event, when it has a path.
pub fn request(event: &LogEvent) -> Option<Request<'_>> {
    let request = event.event.pointer("/details/request")?;
    Some(Request {
        method: request
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_uppercase(),
        path: request.get("path").and_then(Value::as_str)?,
        channel: request.get("channel").and_then(Value::as_str),
    })
}

pub fn is_failure(event: &LogEvent) -> bool {
    event.kind == FAILURE
}

/// A successful write to actions, triggers or bindings.
pub fn is_action_change(event: &LogEvent) -> bool {
    event.kind == ADMIN_WRITE && request(event).is_some_and(|r| r.path.starts_with(ACTIONS_PATH))
}

/// True when `event` belongs to `class` (every event belongs to `All`).
pub fn in_class(event: &LogEvent, class: LogClass) -> bool {
    match class {
        LogClass::Failures => is_failure(event),
        LogClass::Changes => is_action_change(event),
        LogClass::All => true,
    }
}

/// The search query (`q`) that asks the service for a class; `None`: everything. Changes are
/// asked as every `sapi` (the path is filtered here).
pub fn class_query(class: LogClass) -> Option<String> {
    match class {
        LogClass::Failures => Some(format!("type:{FAILURE}")),
        LogClass::Changes => Some(format!("type:{ADMIN_WRITE}")),
        LogClass::All => None,
    }
}

/// Who made an admin change: a Dashboard user (`auth.user` email, else name, else the event's
/// `user_name`), else the machine client (`client_name`, else `client_id`). `None` when the event
/// names nobody.
pub fn author(event: &LogEvent) -> Option<Author> {
    let request = event.event.pointer("/details/request");
    let channel = request
        .and_then(|r| r.get("channel"))
        .and_then(Value::as_str);
    let user = request.and_then(|r| r.pointer("/auth/user"));
    let field = |name: &str| {
        user.and_then(|u| u.get(name))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    if channel == Some(DASHBOARD_CHANNEL) || user.is_some() {
        if let Some(user) = field("email")
            .or_else(|| field("name"))
            .or_else(|| nonempty(&event.user_name))
        {
            return Some(Author::Dashboard { user });
        }
    }
    nonempty(&event.client_name)
        .or_else(|| nonempty(&event.client_id))
        .map(|client| Author::Machine { client })
}

/// What an admin change did to actions, read from its method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminChange {
    /// `POST /api/v2/actions/actions/{id}/deploy`: the draft became a new version.
    Deploy {
        action_id: String,
        /// The version made, when the logged response says (`details.response.body`).
        version: Option<VersionNamed>,
    },
    /// `POST /api/v2/actions/actions/{id}/versions/{version_id}/deploy`: an earlier version
    /// deployed again (as a new version).
    Rollback {
        action_id: String,
        from_version_id: String,
        version: Option<VersionNamed>,
    },
    /// `PATCH /api/v2/actions/triggers/{id}/bindings`: a trigger's order replaced.
    Bindings { trigger_id: String },
    /// Any other write under `/api/v2/actions/` (a draft saved, an action created or deleted).
    Other { action_id: Option<String> },
}

/// A version as a logged response names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionNamed {
    pub id: Option<String>,
    pub number: Option<u32>,
}

impl AdminChange {
    /// The action it changed, if it changed one.
    pub fn action_id(&self) -> Option<&str> {
        match self {
            AdminChange::Deploy { action_id, .. } | AdminChange::Rollback { action_id, .. } => {
                Some(action_id)
            }
            AdminChange::Other { action_id } => action_id.as_deref(),
            AdminChange::Bindings { .. } => None,
        }
    }

    /// The version a deploy or rollback made, when logged.
    pub fn version(&self) -> Option<&VersionNamed> {
        match self {
            AdminChange::Deploy { version, .. } | AdminChange::Rollback { version, .. } => {
                version.as_ref()
            }
            _ => None,
        }
    }
}

/// The admin change an event is, when it is a write under `/api/v2/actions/`.
pub fn admin_change(event: &LogEvent) -> Option<AdminChange> {
    if !is_action_change(event) {
        return None;
    }
    let request = request(event)?;
    let rest = request.path.strip_prefix(ACTIONS_PATH)?;
    let rest = rest.split('?').next().unwrap_or(rest);
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let post = request.method == "POST";
    Some(match parts.as_slice() {
        ["actions", id, "deploy"] if post => AdminChange::Deploy {
            action_id: (*id).to_string(),
            version: version_in_response(event),
        },
        ["actions", id, "versions", version_id, "deploy"] if post => AdminChange::Rollback {
            action_id: (*id).to_string(),
            from_version_id: (*version_id).to_string(),
            version: version_in_response(event),
        },
        ["triggers", id, "bindings"] if matches!(request.method.as_str(), "PATCH" | "PUT") => {
            AdminChange::Bindings {
                trigger_id: (*id).to_string(),
            }
        }
        ["actions", id, ..] => AdminChange::Other {
            action_id: Some((*id).to_string()),
        },
        _ => AdminChange::Other { action_id: None },
    })
}

/// `details.response.body`'s `id` and `number` (a deploy answers with the version made).
fn version_in_response(event: &LogEvent) -> Option<VersionNamed> {
    let body = event.event.pointer("/details/response/body")?;
    let id = body.get("id").and_then(Value::as_str).map(str::to_string);
    let number = body
        .get("number")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    (id.is_some() || number.is_some()).then_some(VersionNamed { id, number })
}

/// The execution ids an event carries (`details.actions.executions`: ids, or objects with an
/// `id`; unverified, so absent is normal).
pub fn execution_ids(event: &LogEvent) -> Vec<String> {
    let Some(Value::Array(items)) = event.event.pointer("/details/actions/executions") else {
        return vec![];
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::String(id) => Some(id.clone()),
            other => other.get("id").and_then(Value::as_str).map(str::to_string),
        })
        .collect()
}

/// The action a failure names, from the fields a failure may carry (`details.action_name`,
/// `details.action.name`, `details.error.action_name`); `None` when none is there (then the
/// description is searched for the name, see [`names_action`]).
pub fn failed_action_name(event: &LogEvent) -> Option<&str> {
    [
        "/details/action_name",
        "/details/actionName",
        "/details/action/name",
        "/details/error/action_name",
    ]
    .iter()
    .find_map(|p| event.event.pointer(p).and_then(Value::as_str))
}

/// True when `event` is about the action named `name` (id `id` when known): a failure naming it
/// (or, naming none, with the name in its description), a change under its path.
pub fn names_action(event: &LogEvent, name: &str, id: Option<&str>) -> bool {
    if let Some(change) = admin_change(event) {
        return id.is_some() && change.action_id() == id;
    }
    if let Some(named) = failed_action_name(event) {
        return named == name;
    }
    event
        .description
        .as_deref()
        .is_some_and(|d| contains_word(d, name))
}

/// `name` in `text` not as part of a longer name (`login` is not in `login-audit`).
fn contains_word(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let part_of_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

/// True when any of the event's own words contains `needle` (case ignored): type, description,
/// client, user, the request's path.
pub fn mentions(event: &LogEvent, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let path = request(event).map(|r| r.path);
    [
        Some(event.kind.as_str()),
        event.description.as_deref(),
        event.client_name.as_deref(),
        event.user_name.as_deref(),
        path,
        failed_action_name(event),
    ]
    .into_iter()
    .flatten()
    .any(|field| field.to_lowercase().contains(&needle))
}

/// Who an event names, as the view shows it: an admin change's author, else the user or client.
pub fn who(event: &LogEvent) -> String {
    who_in(event, false)
}

/// [`who`], an author said in short (`alice@acme` for `alice@acme.example via Dashboard`).
pub fn who_in(event: &LogEvent, short: bool) -> String {
    if let Some(author) = author(event).filter(|_| event.kind == ADMIN_WRITE) {
        return if short {
            crate::strings::logs::author_short(&author)
        } else {
            crate::strings::logs::author(&author)
        };
    }
    event
        .user_name
        .clone()
        .or_else(|| event.client_name.clone())
        .unwrap_or_default()
}

/// What an event is about in a few words: a change's method and path, a failure's action and
/// description, else its description.
pub fn what(event: &LogEvent) -> String {
    if let Some(request) = request(event) {
        return format!("{} {}", request.method, request.path);
    }
    let description = event.description.clone().unwrap_or_default();
    match failed_action_name(event) {
        Some(name) if !description.contains(name) => format!("{name}: {description}"),
        _ => description,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// An event as the client gives it, `event` holding `details`.
    #[allow(clippy::needless_pass_by_value)] // the tests hand it `json!` values
    pub fn event(id: &str, kind: &str, at: &str, details: Value) -> LogEvent {
        LogEvent {
            log_id: id.to_string(),
            date: at.parse().unwrap(),
            kind: kind.to_string(),
            description: None,
            client_id: None,
            client_name: None,
            user_name: None,
            event: json!({ "type": kind, "details": details }),
        }
    }

    pub fn sapi(id: &str, at: &str, method: &str, path: &str, channel: &str) -> LogEvent {
        event(
            id,
            ADMIN_WRITE,
            at,
            json!({ "request": { "method": method, "path": path, "channel": channel } }),
        )
    }

    #[test]
    fn classes_keep_failures_and_only_the_writes_to_actions() {
        let failure = event("1", FAILURE, "2026-01-01T00:00:00Z", json!({}));
        let deploy = sapi(
            "2",
            "2026-01-01T00:00:00Z",
            "post",
            "/api/v2/actions/actions/act_1/deploy",
            "api",
        );
        let client = sapi(
            "3",
            "2026-01-01T00:00:00Z",
            "patch",
            "/api/v2/clients/abc",
            "api",
        );
        let login = event("4", "s", "2026-01-01T00:00:00Z", json!({}));
        for (e, failures, changes) in [
            (&failure, true, false),
            (&deploy, false, true),
            (&client, false, false),
            (&login, false, false),
        ] {
            assert_eq!(in_class(e, LogClass::Failures), failures, "{}", e.log_id);
            assert_eq!(in_class(e, LogClass::Changes), changes, "{}", e.log_id);
            assert!(in_class(e, LogClass::All));
        }
    }

    /// A deploy made in the Dashboard by the user with this email.
    fn dashboard_deploy(email: &str) -> LogEvent {
        let mut dashboard = sapi(
            "1",
            "2026-01-01T00:00:00Z",
            "post",
            "/api/v2/actions/actions/a/deploy",
            DASHBOARD_CHANNEL,
        );
        dashboard.event["details"]["request"]["auth"] =
            json!({ "user": { "name": "Alice", "email": email } });
        dashboard
    }

    #[test]
    fn a_dashboard_user_is_named_by_email_and_a_machine_by_its_client() {
        let dashboard = dashboard_deploy("alice@acme");
        assert_eq!(
            author(&dashboard),
            Some(Author::Dashboard {
                user: "alice@acme".into()
            })
        );
        let mut machine = sapi(
            "2",
            "2026-01-01T00:00:00Z",
            "post",
            "/api/v2/actions/actions/a/deploy",
            "api",
        );
        machine.client_id = Some("cid".into());
        assert_eq!(
            author(&machine),
            Some(Author::Machine {
                client: "cid".into()
            })
        );
        machine.client_name = Some("deploy-cli (M2M)".into());
        assert_eq!(
            author(&machine),
            Some(Author::Machine {
                client: "deploy-cli (M2M)".into()
            })
        );
        let nobody = event("3", ADMIN_WRITE, "2026-01-01T00:00:00Z", json!({}));
        assert_eq!(author(&nobody), None, "lacking every optional field");
    }

    #[test]
    fn deploys_rollbacks_and_orders_are_read_from_method_and_path() {
        let mut deploy = sapi(
            "1",
            "2026-01-01T00:00:00Z",
            "post",
            "/api/v2/actions/actions/act_1/deploy",
            "api",
        );
        deploy.event["details"]["response"] = json!({ "body": { "id": "ver_3", "number": 3 } });
        assert_eq!(
            admin_change(&deploy),
            Some(AdminChange::Deploy {
                action_id: "act_1".into(),
                version: Some(VersionNamed {
                    id: Some("ver_3".into()),
                    number: Some(3)
                })
            })
        );
        let rollback = sapi(
            "2",
            "2026-01-01T00:00:00Z",
            "post",
            "/api/v2/actions/actions/act_1/versions/ver_1/deploy",
            "api",
        );
        assert!(matches!(
            admin_change(&rollback),
            Some(AdminChange::Rollback { ref from_version_id, version: None, .. }) if from_version_id == "ver_1"
        ));
        let order = sapi(
            "3",
            "2026-01-01T00:00:00Z",
            "patch",
            "/api/v2/actions/triggers/post-login/bindings",
            "api",
        );
        assert_eq!(
            admin_change(&order),
            Some(AdminChange::Bindings {
                trigger_id: "post-login".into()
            })
        );
        let edit = sapi(
            "4",
            "2026-01-01T00:00:00Z",
            "patch",
            "/api/v2/actions/actions/act_1",
            "api",
        );
        let edited = admin_change(&edit);
        assert_eq!(
            edited.as_ref().and_then(AdminChange::action_id),
            Some("act_1")
        );
    }

    #[test]
    fn executions_are_ids_or_objects_and_may_be_missing() {
        let ids = event(
            "1",
            "s",
            "2026-01-01T00:00:00Z",
            json!({ "actions": { "executions": ["e1", { "id": "e2" }, 3] } }),
        );
        assert_eq!(execution_ids(&ids), vec!["e1", "e2"]);
        let none = event("2", "s", "2026-01-01T00:00:00Z", json!(null));
        assert!(execution_ids(&none).is_empty());
    }

    #[test]
    fn a_failure_names_its_action_by_field_or_in_its_description() {
        let by_field = event(
            "1",
            FAILURE,
            "2026-01-01T00:00:00Z",
            json!({ "action_name": "login-audit" }),
        );
        assert!(names_action(&by_field, "login-audit", None));
        assert!(!names_action(&by_field, "login", None));
        let mut by_words = event("2", FAILURE, "2026-01-01T00:00:00Z", json!({}));
        by_words.description = Some("Action 'login-audit' failed: boom".into());
        assert!(names_action(&by_words, "login-audit", None));
        assert!(
            !names_action(&by_words, "login", None),
            "not part of a name"
        );
        assert!(mentions(&by_words, "BOOM"));
        assert!(!mentions(&by_words, "nothing"));
    }

    #[test]
    fn who_in_short_keeps_the_user_and_the_first_part_of_the_domain() {
        let dashboard = dashboard_deploy("alice@acme.example");
        assert_eq!(who(&dashboard), "alice@acme.example via Dashboard");
        assert_eq!(who_in(&dashboard, true), "alice@acme");
        let mut machine = sapi("2", "2026-01-01T00:00:00Z", "post", "/x", "api");
        machine.client_name = Some("deploy-cli".into());
        assert_eq!(who(&machine), "deploy-cli (M2M)");
        assert_eq!(who_in(&machine, true), "deploy-cli");
    }
}
