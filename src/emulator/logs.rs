//! The tenant's logs as the emulator writes them (issue 18): a `sapi` event for every write it
//! accepts, logins that run the post-login flow on a schedule of the emulator's clock (their `s`
//! or `actions_execution_failed` events carry `details.actions.executions`, and each has an
//! execution record), searched (`q`, `sort=date:-1`, paging, the 1 000 cap, 414) or read from a
//! checkpoint (`from`/`take`, the `Link` header). Shapes follow the real events in
//! ../shared/reference/environments-and-logs.md § 5; docs/LOGS.md says which parts are unverified.
//!
//! Choices where Auth0 leaves room (docs/LOGS.md):
//! - log ids are 56 digits, `900…` then a sequence number: text order is the order written;
//! - `from` is exclusive; a `from` the tenant does not hold (never written, or dropped past
//!   [`MAX_KEPT_EVENTS`]) is refused with 400 `invalid_from` — the client starts again from the
//!   newest and says so;
//! - nothing is dropped for retention (the plan's 1–30 days): only past [`MAX_KEPT_EVENTS`].

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::limits::EXECUTION_KEPT_DAYS;
use super::store::{BuildErr, ExecutionRec, ExecutionResultRec, Store};

/// How often a simulated user logs in (on the emulator's clock).
pub const LOGIN_EVERY: Duration = Duration::from_secs(20);
/// Logins simulated at most in one catch-up (a clock moved days ahead makes only the newest).
pub const MAX_CATCH_UP: u64 = 100;
/// Events kept at most; past it the oldest go (and their ids stop being checkpoints).
pub const MAX_KEPT_EVENTS: usize = 20_000;
/// The client the simulated users log in to.
pub const LOGIN_CLIENT: (&str, &str) = ("dEmOwEbApPcLiEnT00000000000000ab", "Acme Web");
/// The connection they log in with.
pub const LOGIN_CONNECTION: &str = "Username-Password-Authentication";
/// `details.request.channel` of a Dashboard user's change.
pub const DASHBOARD_CHANNEL: &str = "https://manage.auth0.com/";
/// What a secret value in a logged body becomes (as in 2024 Auth0 events).
pub const MASK: &str = "*****";

/// Who made a request, as the log names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A machine client's token (`channel` `api`).
    Machine { client_id: String, name: String },
    /// A Dashboard user's session (`channel` `https://manage.auth0.com/`).
    Dashboard {
        user_id: String,
        name: String,
        email: String,
    },
}

/// One kept event.
#[derive(Debug, Clone)]
pub struct LogRec {
    pub log_id: String,
    pub date: DateTime<Utc>,
    /// The whole event as the API returns it (`log_id`, `_id` and `date` included).
    pub event: Value,
}

/// The tenant's log, oldest first.
#[derive(Debug, Clone, Default)]
pub struct TenantLog {
    events: VecDeque<LogRec>,
    written: u64,
    /// The last login slot simulated (slots are multiples of [`LOGIN_EVERY`] since the epoch).
    last_slot: Option<u64>,
    /// Version id → the error its code throws: logins that run it fail (the demo's bad deploy).
    pub failing_versions: BTreeMap<String, String>,
}

/// Log dates: milliseconds, `Z` (as Auth0 sends them).
pub fn log_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn slot_of(t: DateTime<Utc>) -> u64 {
    u64::try_from(t.timestamp()).unwrap_or(0) / LOGIN_EVERY.as_secs()
}

pub(crate) fn slot_time(slot: u64) -> DateTime<Utc> {
    let seconds = i64::try_from(slot * LOGIN_EVERY.as_secs()).unwrap_or(i64::MAX);
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Deterministic jitter from a number.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const USERS: [(&str, &str); 4] = [
    ("auth0|64f1c0a1b2c3d4e5f6a7b801", "maria.lopez@example.com"),
    ("auth0|64f1c0a1b2c3d4e5f6a7b802", "sam.okafor@example.com"),
    ("google-oauth2|109876543210987654321", "li.wei@example.com"),
    ("auth0|64f1c0a1b2c3d4e5f6a7b804", "jonas.berg@example.com"),
];

impl TenantLog {
    /// Keeps `event` (its `log_id`, `_id` and `date` set here) and returns its id.
    pub fn write(&mut self, date: DateTime<Utc>, mut event: Value) -> String {
        self.written += 1;
        let log_id = format!("90020{:051}", self.written);
        if let Some(fields) = event.as_object_mut() {
            fields.insert("log_id".into(), json!(log_id));
            fields.insert("_id".into(), json!(log_id));
            fields.insert("date".into(), json!(log_time(&date)));
        }
        self.events.push_back(LogRec {
            log_id: log_id.clone(),
            date,
            event,
        });
        while self.events.len() > MAX_KEPT_EVENTS {
            self.events.pop_front();
        }
        log_id
    }

    pub fn events(&self) -> impl DoubleEndedIterator<Item = &LogRec> {
        self.events.iter()
    }

    /// The events after `from` (exclusive), oldest first, at most `take`; `None` when `from` is
    /// not an id this log holds.
    pub fn after(&self, from: &str, take: usize) -> Option<Vec<&LogRec>> {
        let at = self.events.iter().position(|e| e.log_id == from)?;
        Some(self.events.iter().skip(at + 1).take(take).collect())
    }
}

/// A `secrets` list's values masked, wherever one sits in a logged body.
pub fn mask_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if key == "secrets" {
                    if let Some(entries) = field.as_array_mut() {
                        for entry in entries {
                            if let Some(v) = entry.as_object_mut().and_then(|e| e.get_mut("value"))
                            {
                                *v = json!(MASK);
                            }
                        }
                    }
                }
                mask_secrets(field);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

/// What one accepted Management API write logs.
pub struct Write<'a> {
    pub caller: &'a Caller,
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub body: Option<Value>,
    pub status: u16,
    pub response: Option<Value>,
}

/// The `sapi` event of an accepted write.
pub fn sapi_event(write: Write<'_>) -> Value {
    let mut body = write.body.unwrap_or_else(|| json!({}));
    mask_secrets(&mut body);
    let mut response = write.response.unwrap_or_else(|| json!({}));
    mask_secrets(&mut response);
    let ip = "203.0.113.24";
    let mut request = json!({
        "method": write.method.to_ascii_lowercase(),
        "path": write.path,
        "query": write.query.map_or_else(|| json!({}), |q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .map(|(k, v)| (k, Value::String(v)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        }),
        "body": body,
        "ip": ip,
    });
    let mut event = json!({
        "type": "sapi",
        "description": describe(write.method, write.path),
        "ip": ip,
        "isMobile": false,
        "details": {"request": {}, "response": {"statusCode": write.status, "body": response}},
    });
    match write.caller {
        Caller::Machine { client_id, name } => {
            request["channel"] = json!("api");
            request["userAgent"] = json!("codedeck");
            request["auth"] = json!({"strategy": "jwt", "credentials": {"jti": "e1d5a0c2f3b4"}});
            event["client_id"] = json!(client_id);
            event["client_name"] = json!(name);
            event["user_agent"] = json!("codedeck");
        }
        Caller::Dashboard {
            user_id,
            name,
            email,
        } => {
            request["channel"] = json!(DASHBOARD_CHANNEL);
            request["userAgent"] = json!("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)");
            request["auth"] = json!({"strategy": "jwt", "user": {
                "user_id": user_id, "name": name, "email": email}});
            event["client_id"] = json!("dashboard-client-id-0000000000000");
            event["client_name"] = json!("");
            event["user_id"] = json!(user_id);
            event["user_name"] = json!(email);
            event["user_agent"] = json!("Chrome 131.0.0 / Mac OS X 14.5.0");
        }
    }
    event["details"]["request"] = request;
    event
}

/// The Dashboard's words for a write, roughly ("Deploy an Action", "Update an Action", …).
fn describe(method: &str, path: &str) -> String {
    let what = if path.contains("/modules") {
        "Action Module"
    } else if path.contains("/bindings") {
        "Trigger Bindings"
    } else {
        "Action"
    };
    let verb = match method.to_ascii_uppercase().as_str() {
        "POST" if path.ends_with("/deploy") => "Deploy",
        "POST" if path.ends_with("/rollback") => "Roll back",
        "POST" if path.ends_with("/test") => "Test",
        "POST" => "Create",
        "DELETE" => "Delete",
        _ => "Update",
    };
    format!("{verb} an {what}").replace("an Trigger", "the Trigger")
}

/// The login slots of the hour before `now`: a fresh demo has them run already, as if the
/// emulator had been running, so it has recent events (and executions still kept) at once.
pub fn past_hour_slots(now: DateTime<Utc>) -> std::ops::RangeInclusive<u64> {
    let due = slot_of(now).saturating_sub(1);
    let hour = 3600 / LOGIN_EVERY.as_secs();
    due.saturating_sub(hour)..=due
}

impl Store {
    /// Runs the logins due since the last one up to `now` (at most [`MAX_CATCH_UP`], the newest),
    /// each through the post-login flow live at its time.
    pub fn simulate_logins(&mut self, now: DateTime<Utc>) {
        // The slot before the current one: its whole window (and any login in it) is past.
        let due = slot_of(now).saturating_sub(1);
        let first = match self.logs.last_slot {
            Some(last) if last >= due => return,
            Some(last) => (last + 1).max(due.saturating_sub(MAX_CATCH_UP - 1)),
            // A fresh emulator starts with its own last hour already run (see `past_hour_slots`).
            None => due,
        };
        for slot in first..=due {
            self.login(slot);
        }
        self.logs.last_slot = Some(due);
    }

    /// The login of schedule slot `slot`, the newest run so far: catching up starts after it.
    pub fn login_in_slot(&mut self, slot: u64) {
        self.login(slot);
        self.logs.last_slot = Some(slot);
    }

    /// The login of schedule slot `slot`.
    fn login(&mut self, slot: u64) {
        self.login_at(slot_time(slot), slot);
    }

    /// One login near `at` (the `n`th: who logs in, how long each action takes and whether a
    /// failing version fails this time derive from it): an execution of the post-login flow live
    /// then, and its log event.
    pub fn login_at(&mut self, at: DateTime<Utc>, n: u64) {
        let slot = n;
        let jitter = mix(slot);
        // Within the slot: a login never lands after the moment it is simulated at.
        let window = u64::try_from(LOGIN_EVERY.as_millis()).unwrap_or(1) * 3 / 4;
        let at = at + chrono::Duration::milliseconds(i64::try_from(jitter % window).unwrap_or(0));
        let (user_id, user_name) = USERS[usize::try_from(jitter % 4).unwrap_or(0)];
        // Two logins in three fail while a failing version is live.
        let may_fail = !slot.is_multiple_of(3);
        let execution_id = format!("{:064x}", u128::from(slot) << 8 | 0x1d);
        let mut results = Vec::new();
        let mut failed: Option<(String, String)> = None;
        let mut started = at + chrono::Duration::milliseconds(3);
        let bound: Vec<String> = self
            .bindings
            .get("post-login")
            .map(|list| list.iter().map(|b| b.action_id.clone()).collect())
            .unwrap_or_default();
        for action_id in bound {
            let Some(action) = self.action(&action_id) else {
                continue;
            };
            let Some(live) = action.live(at) else {
                continue;
            };
            let took = chrono::Duration::milliseconds(
                4 + i64::try_from(mix(slot ^ u64::from(live.number)) % 20).unwrap_or(0),
            );
            let error = self
                .logs
                .failing_versions
                .get(&live.id)
                .filter(|_| may_fail)
                .map(|msg| BuildErr {
                    id: "action_error".into(),
                    msg: msg.clone(),
                    url: None,
                });
            if let Some(error) = &error {
                failed = Some((action.name.clone(), error.msg.clone()));
            }
            results.push(ExecutionResultRec {
                action_name: action.name.clone(),
                error,
                started_at: started,
                ended_at: started + took,
            });
            started = started + took + chrono::Duration::milliseconds(1);
            if failed.is_some() {
                break;
            }
        }
        if results.is_empty() {
            // Nothing bound: a login runs no action and names no execution.
            self.logs
                .write(at, login_event(user_id, user_name, None, None));
            return;
        }
        self.keep_execution(ExecutionRec {
            id: execution_id.clone(),
            trigger_id: "post-login".into(),
            status: if failed.is_some() { "partial" } else { "final" }.into(),
            updated_at: results.last().map_or(at, |r| r.ended_at),
            created_at: at,
            results,
            kept_until: Some(at + chrono::Duration::days(EXECUTION_KEPT_DAYS)),
        });
        let event = login_event(user_id, user_name, Some(&execution_id), failed);
        self.logs.write(at, event);
    }

    /// Keeps an execution record; those past their days are forgotten on the way.
    pub fn keep_execution(&mut self, execution: ExecutionRec) {
        let now = execution.created_at;
        self.executions
            .retain(|e| e.kept_until.is_none_or(|until| until > now));
        self.executions.push(execution);
    }
}

/// A login's event: `s` (success) or, when an action threw, `actions_execution_failed` naming it.
fn login_event(
    user_id: &str,
    user_name: &str,
    execution: Option<&str>,
    failed: Option<(String, String)>,
) -> Value {
    let mut event = json!({
        "type": "s",
        "description": "Successful login",
        "client_id": LOGIN_CLIENT.0,
        "client_name": LOGIN_CLIENT.1,
        "connection": LOGIN_CONNECTION,
        "connection_id": "con_9XqQ2mZ1aB3cD4eF",
        "ip": "198.51.100.7",
        "user_agent": "Chrome 131.0.0 / Windows 10.0.0",
        "user_id": user_id,
        "user_name": user_name,
        "hostname": "acme-demo.eu.auth0.com",
        "strategy": "auth0",
        "strategy_type": "database",
        "isMobile": false,
        "details": {},
    });
    if let Some(id) = execution {
        event["details"]["actions"] = json!({"executions": [id]});
    }
    if let Some((action, msg)) = failed {
        event["type"] = json!("actions_execution_failed");
        event["description"] = json!(msg);
        event["details"]["action_name"] = json!(action);
        event["details"]["error"] = json!({"id": "action_error", "message": msg});
    }
    event
}

/// `date:[from TO to]`: either end open (`*`).
type DateRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A parsed `q`: every term must match (Lucene's default AND; `AND` is accepted, `OR` joins the
/// values of one field: `type:s OR type:f`).
#[derive(Debug, Default)]
pub struct LogQuery {
    /// field → any of these values (a trailing `*` is a prefix).
    fields: BTreeMap<String, Vec<String>>,
    /// `date:[from TO to]` (`*` open).
    dates: Option<DateRange>,
    /// Free words, found in the description (any case).
    words: Vec<String>,
}

/// `q` split into terms; a `[… TO …]` range and a quoted value stay one term.
fn terms(q: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut term = String::new();
    let (mut bracket, mut quoted) = (false, false);
    for c in q.chars() {
        match c {
            '[' | '{' if !quoted => bracket = true,
            ']' | '}' if !quoted => bracket = false,
            '"' => quoted = !quoted,
            _ => {}
        }
        if c.is_whitespace() && !bracket && !quoted {
            if !term.is_empty() {
                terms.push(std::mem::take(&mut term));
            }
        } else {
            term.push(c);
        }
    }
    if !term.is_empty() {
        terms.push(term);
    }
    terms
}

fn range_end(text: &str) -> Result<Option<DateTime<Utc>>, String> {
    let text = text.trim().trim_matches('"');
    if text == "*" {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Some(t.and_utc()))
        .ok_or_else(|| format!("cannot parse date '{text}'"))
}

impl LogQuery {
    /// Reads `q`; a malformed range is an error in words.
    pub fn parse(q: &str) -> Result<Self, String> {
        let mut query = Self::default();
        for term in terms(q) {
            if matches!(term.as_str(), "AND" | "OR") {
                continue;
            }
            let Some((field, value)) = term.split_once(':') else {
                query.words.push(term.trim_matches('"').to_lowercase());
                continue;
            };
            if field == "date" {
                let inner = value
                    .trim_start_matches(['[', '{'])
                    .trim_end_matches([']', '}']);
                let (from, to) = inner
                    .split_once(" TO ")
                    .ok_or_else(|| format!("date needs a range [from TO to]: '{value}'"))?;
                query.dates = Some((range_end(from)?, range_end(to)?));
                continue;
            }
            let value = value.trim_matches(['(', ')']).trim_matches('"').to_string();
            query
                .fields
                .entry(field.to_string())
                .or_default()
                .push(value);
        }
        Ok(query)
    }

    pub fn matches(&self, rec: &LogRec) -> bool {
        let field_ok = self.fields.iter().all(|(field, values)| {
            let actual = rec
                .event
                .get(field)
                .and_then(Value::as_str)
                .unwrap_or_default();
            values.iter().any(|v| match v.strip_suffix('*') {
                Some(prefix) => actual.starts_with(prefix),
                None => actual == v,
            })
        });
        let date_ok = self.dates.is_none_or(|(from, to)| {
            from.is_none_or(|f| rec.date >= f) && to.is_none_or(|t| rec.date <= t)
        });
        let description = rec
            .event
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase();
        field_ok && date_ok && self.words.iter().all(|w| description.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_masked_in_logged_bodies() {
        let caller = Caller::Machine {
            client_id: "c".into(),
            name: "n".into(),
        };
        let event = sapi_event(Write {
            caller: &caller,
            method: "PATCH",
            path: "/api/v2/actions/actions/a1",
            query: None,
            body: Some(json!({"secrets": [{"name": "K", "value": "emu-planted"}]})),
            status: 200,
            response: None,
        });
        let text = event.to_string();
        assert!(
            !text.contains("emu-planted") && text.contains(MASK),
            "{text}"
        );
        assert_eq!(event["details"]["request"]["method"], "patch");
        assert_eq!(event["description"], "Update an Action");
    }

    #[test]
    fn queries_match_types_fields_words_and_dates() {
        let rec = |kind: &str, description: &str, minute: u32| LogRec {
            log_id: "1".into(),
            date: DateTime::parse_from_rfc3339(&format!("2026-12-01T10:{minute:02}:00Z"))
                .unwrap()
                .with_timezone(&Utc),
            event: json!({"type": kind, "description": description, "client_name": "deploy-cli"}),
        };
        let failure = rec("actions_execution_failed", "Boom in MFA", 5);
        let q = |text: &str| LogQuery::parse(text).unwrap();
        assert!(q("type:actions_execution_failed").matches(&failure));
        assert!(!q("type:sapi").matches(&failure));
        assert!(q("type:sapi OR type:actions_execution_failed").matches(&failure));
        assert!(q("client_name:deploy*").matches(&failure));
        assert!(q("boom mfa").matches(&failure));
        assert!(!q("boom other").matches(&failure));
        assert!(q("date:[2026-12-01T10:00:00Z TO *]").matches(&failure));
        assert!(!q("date:[2026-12-01T10:06:00Z TO *]").matches(&failure));
        assert!(LogQuery::parse("date:nonsense").is_err());
    }
}
