//! FairCom's JSON Action ADMIN API on the emulator: `POST /api` with the envelope
//! `{"api":"admin","action":…,"params":{…},"authToken":…,"requestId"?,"debug"?}`, sessions
//! (`createSession`, `deleteSession`, `pingSession`) and the eight code-package actions over one
//! in-memory [`store::PackageStore`].
//!
//! Every answer is HTTP 200 with `{"errorCode","errorMessage","result"?,"authToken"?,"requestId"?,
//! "debugInfo"?}`; errors are a non-zero `errorCode`. Docs silent on the HTTP status of application
//! errors: the JSON API reports them in the body, so the transport says 200 (a malformed body too).
//!
//! Error codes: 12031 (no such session) and 101 (code package not found) are documented or seen on a
//! live server; the others are undocumented and chosen here (see each constant).

pub mod seed;
pub mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{generate_token, lock, Shared};
use crate::model::secret::Secret;
use store::{Actor, Failure, PackageStore};

/// The authToken is not a live session (documented, with [`NO_SESSION_MESSAGE`]).
pub const NO_SESSION: i32 = 12031;
pub const NO_SESSION_MESSAGE: &str = "'authToken' does not match any existing session. Use a valid 'authToken' or use 'createSession' to create a valid 'authToken'.";
/// The shorter words of the newer deleteSession page's warning.
pub const NO_SESSION_WARNING: &str =
    "'authToken' does not match any existing session. Use a valid 'authToken'.";
/// Code package not found (seen on a live FairCom Edge; FairCom DB's INOT_ERR).
pub const NOT_FOUND: i32 = 101;
/// Docs silent: a code package with that identity already exists. c-tree's duplicate-key error
/// (KDUP_ERR) is what a server storing packages under a unique key plausibly reports.
pub const ALREADY_EXISTS: i32 = 2;
/// Docs silent: wrong username or password. c-tree's "invalid password" (LPWD_ERR); one code for
/// both, so the answer does not tell which of the two was wrong.
pub const BAD_CREDENTIALS: i32 = 451;
/// Docs silent: the body is not a JSON object, or `action` is missing.
pub const MALFORMED_REQUEST: i32 = 12001;
/// Docs silent: `api` is missing or not `admin` (the only API the emulator serves).
pub const UNKNOWN_API: i32 = 12002;
/// Docs silent: the action is not one the admin API has (here).
pub const UNKNOWN_ACTION: i32 = 12003;
/// Docs silent: a param is missing, of the wrong type or out of range, or the request cannot be
/// carried out as given (e.g. reverting to a version that is not in the history).
pub const INVALID_PARAMS: i32 = 12004;

/// What `createSession` answers in `defaultDatabaseName` (the documented default).
pub const DEFAULT_DATABASE: &str = "faircom";
/// `idleConnectionTimeoutSeconds` when createSession does not set it (newer docs' example).
pub const DEFAULT_IDLE_SECONDS: i64 = 3600;
const IDLE_CURSOR_SECONDS: i64 = 600;
const SERVER_VERSION: &str = "FairCom EDGE Server (codedeck emulator)";

/// One request as the emulator received it, for tests to assert what a client sent. Never holds
/// the authToken; createSession's password is masked.
#[derive(Debug, Clone, PartialEq)]
pub struct FaircomCall {
    pub action: String,
    pub api: Option<String>,
    pub params: Value,
    pub debug: Option<String>,
}

#[derive(Debug, Clone)]
struct Session {
    username: String,
    database: String,
    owner: String,
    default_api: Option<String>,
    default_debug: Option<String>,
    description: Option<String>,
    idle_seconds: i64,
    started: DateTime<Utc>,
    last_access: DateTime<Utc>,
}

impl Session {
    fn actor(&self, now: DateTime<Utc>) -> Actor {
        Actor {
            user: self.username.to_uppercase(),
            database: self.database.clone(),
            owner: self.owner.clone(),
            now: now.naive_utc(),
        }
    }
}

/// The actions the emulator answers (names are matched case-insensitively, as jsonaction.org says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Action {
    CreateSession,
    DeleteSession,
    PingSession,
    List,
    Describe,
    ListHistory,
    DescribeHistory,
    Create,
    Alter,
    Clone,
    Revert,
}

impl Action {
    fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "createsession" => Self::CreateSession,
            "deletesession" => Self::DeleteSession,
            "pingsession" => Self::PingSession,
            "listcodepackages" => Self::List,
            "describecodepackages" => Self::Describe,
            "listcodepackagehistory" => Self::ListHistory,
            "describecodepackagehistory" => Self::DescribeHistory,
            "createcodepackage" => Self::Create,
            "altercodepackage" => Self::Alter,
            "clonecodepackage" => Self::Clone,
            "revertcodepackage" => Self::Revert,
            _ => return None,
        })
    }
}

/// Most FairCom calls remembered for tests, and most bytes of their params: the oldest go first.
pub const MAX_LOGGED_CALLS: usize = 1_000;
pub const MAX_LOGGED_BYTES: usize = 16 * 1024 * 1024;
/// Live sessions kept at most; a login past it ends the least recently used one.
pub const MAX_SESSIONS: usize = 1_000;

/// The recent FairCom calls: a ring bounded in calls and in bytes.
#[derive(Default)]
struct CallLog {
    calls: std::collections::VecDeque<FaircomCall>,
    bytes: usize,
}

impl CallLog {
    fn push(&mut self, call: FaircomCall) {
        self.bytes += call.size();
        self.calls.push_back(call);
        while self.calls.len() > MAX_LOGGED_CALLS || self.bytes > MAX_LOGGED_BYTES {
            let Some(oldest) = self.calls.pop_front() else {
                break;
            };
            self.bytes -= oldest.size();
        }
    }
}

impl FaircomCall {
    /// About how many bytes the call holds (its params as JSON text, and the names).
    fn size(&self) -> usize {
        self.params.to_string().len()
            + self.action.len()
            + self.api.as_ref().map_or(0, String::len)
            + self.debug.as_ref().map_or(0, String::len)
    }
}

/// The FairCom side of one emulator: credentials, sessions, packages and the test hooks.
pub struct Service {
    username: String,
    password: Secret,
    sessions: Mutex<HashMap<String, Session>>,
    store: Mutex<PackageStore>,
    calls: Mutex<CallLog>,
    /// Requests refused for want of a live session or the right password, counted per known
    /// action: a fixed set of counters, so a stranger grows nothing, and tests still see a retry.
    refused: Mutex<HashMap<Action, usize>>,
    /// One-shot errors armed by tests: (action, lowercase; errorCode; errorMessage).
    errors: Mutex<Vec<(String, i32, String)>>,
}

/// What an action produced, before it is wrapped in the envelope.
#[derive(Default)]
struct Outcome {
    result: Option<Value>,
    /// The session token to answer with when it is not the request's (createSession).
    token: Option<String>,
    warnings: Vec<Value>,
}

type Answer = Result<Outcome, Failure>;

fn with_result(result: Value) -> Outcome {
    Outcome {
        result: Some(result),
        ..Outcome::default()
    }
}

/// A write's answer: the envelope only.
fn done<T>(written: Result<T, Failure>) -> Answer {
    written.map(|_| Outcome::default())
}

fn data(items: Vec<Value>) -> Outcome {
    let result = Map::from_iter([("data".to_string(), Value::Array(items))]);
    with_result(Value::Object(result))
}

/// Docs' session timestamps have whole seconds and no zone: `2026-05-07T22:36:42`.
fn session_time(t: &DateTime<Utc>) -> String {
    t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Service {
    pub fn new(username: String, password: Secret, store: PackageStore) -> Self {
        Self {
            username,
            password,
            sessions: Mutex::new(HashMap::new()),
            store: Mutex::new(store),
            calls: Mutex::new(CallLog::default()),
            refused: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        }
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn password(&self) -> &Secret {
        &self.password
    }

    /// Forgets every session: each token answers 12031 from now on.
    pub fn expire_sessions(&self) {
        lock(&self.sessions).clear();
    }

    /// How many requests for `action` (any case) were refused unauthenticated (nothing else of
    /// them is kept).
    pub fn refused(&self, action: &str) -> usize {
        Action::parse(action).map_or(0, |action| {
            lock(&self.refused).get(&action).copied().unwrap_or(0)
        })
    }

    pub fn calls(&self) -> Vec<FaircomCall> {
        lock(&self.calls).calls.iter().cloned().collect()
    }

    /// The next request for `action` (any case) answers this error and changes nothing.
    pub fn inject_error(&self, action: &str, code: i32, message: &str) {
        lock(&self.errors).push((action.to_ascii_lowercase(), code, message.to_string()));
    }

    pub fn with_store<R>(&self, read: impl FnOnce(&PackageStore) -> R) -> R {
        read(&lock(&self.store))
    }

    /// Answers one request body at `now`: the response document, and whether to pretty-print it
    /// (the server does whenever `debug` is not `none`).
    pub fn respond(&self, body: &[u8], now: DateTime<Utc>) -> (Value, bool) {
        let request = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(request)) => request,
            Ok(_) => {
                let failure = Failure::new(MALFORMED_REQUEST, "The request must be a JSON object");
                return (envelope(&Map::new(), Err(failure), false), false);
            }
            Err(e) => {
                let failure = Failure::new(
                    MALFORMED_REQUEST,
                    format!("The request is not valid JSON: {e}"),
                );
                return (envelope(&Map::new(), Err(failure), false), false);
            }
        };
        let text = |key: &str| request.get(key).and_then(Value::as_str);
        let session = text("authToken").and_then(|token| self.session(token, now));
        // A request without `debug` takes the session's `defaultDebug`.
        let debug = text("debug")
            .map(str::to_string)
            .or_else(|| session.as_ref().and_then(|s| s.default_debug.clone()))
            .unwrap_or_else(|| "none".to_string())
            .to_ascii_lowercase();
        let answer = self.run(&request, session.as_ref(), now);
        // Only an authenticated request (a live session, or a login that succeeded) is kept:
        // a stranger's requests must not grow the emulator's memory.
        let logged_in =
            text("action").and_then(Action::parse) == Some(Action::CreateSession) && answer.is_ok();
        if session.is_some() || logged_in {
            self.log(&request);
        } else if let Some(action) = text("action").and_then(Action::parse) {
            *lock(&self.refused).entry(action).or_default() += 1;
        }
        let echo = debug == "max" || (debug == "maxonerror" && answer.is_err());
        (envelope(&request, answer, echo), debug != "none")
    }

    fn log(&self, request: &Map<String, Value>) {
        let text = |key: &str| request.get(key).and_then(Value::as_str).map(str::to_string);
        let mut params = request.get("params").cloned().unwrap_or(json!({}));
        if let Some(password) = params.get_mut("password") {
            *password = json!("***");
        }
        lock(&self.calls).push(FaircomCall {
            action: text("action").unwrap_or_default(),
            api: text("api"),
            params,
            debug: text("debug"),
        });
    }

    /// The live session of `token`, touched; an idle one past its timeout is ended.
    // Docs: sessions time out after idleConnectionTimeoutSeconds of inactivity. The emulator
    // measures it on its movable clock, so tests can let a session lapse.
    fn session(&self, token: &str, now: DateTime<Utc>) -> Option<Session> {
        let mut sessions = lock(&self.sessions);
        let session = sessions.get_mut(token)?;
        if (now - session.last_access).num_seconds() > session.idle_seconds {
            sessions.remove(token);
            return None;
        }
        session.last_access = now;
        Some(session.clone())
    }

    fn run(
        &self,
        request: &Map<String, Value>,
        session: Option<&Session>,
        now: DateTime<Utc>,
    ) -> Answer {
        let Some(name) = request.get("action").and_then(Value::as_str) else {
            return Err(Failure::new(
                MALFORMED_REQUEST,
                "'action' is required (a string)",
            ));
        };
        if let Some(armed) = self.take_error(name) {
            return Err(armed);
        }
        // Docs: a missing `api` falls back to the session's `defaultApi`. Without one it is an
        // error here (the emulator serves the admin API only).
        let api = request
            .get("api")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| session.and_then(|s| s.default_api.clone()));
        match api.as_deref() {
            Some(api) if api.eq_ignore_ascii_case("admin") => {}
            Some(other) => {
                return Err(Failure::new(
                    UNKNOWN_API,
                    format!("'api' '{other}' is not served here; code packages and sessions are in the 'admin' API"),
                ))
            }
            None => {
                return Err(Failure::new(
                    UNKNOWN_API,
                    "'api' is required: use \"admin\" for sessions and code packages",
                ))
            }
        }
        let Some(action) = Action::parse(name) else {
            return Err(Failure::new(
                UNKNOWN_ACTION,
                format!("Unknown action '{name}' in the 'admin' API"),
            ));
        };
        let params = match request.get("params") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(params)) => params.clone(),
            Some(_) => {
                return Err(Failure::new(
                    INVALID_PARAMS,
                    "'params' must be a JSON object",
                ))
            }
        };
        match action {
            Action::CreateSession => return self.create_session(&params, now),
            Action::DeleteSession => return Ok(self.delete_session(request)),
            _ => {}
        }
        let Some(session) = session else {
            return Err(Failure::new(NO_SESSION, NO_SESSION_MESSAGE));
        };
        let actor = session.actor(now);
        let mut store = lock(&self.store);
        match action {
            Action::CreateSession | Action::DeleteSession => unreachable!("answered above"),
            Action::PingSession => Ok(with_result(json!({}))),
            Action::List => Ok(data(store.list(&store::parse(&params)?)?)),
            Action::Describe => Ok(data(store.describe(&store::parse(&params)?, &actor)?)),
            Action::ListHistory => Ok(data(store.list_history(&store::parse(&params)?)?)),
            Action::DescribeHistory => Ok(data(
                store.describe_history(&store::parse(&params)?, &actor)?,
            )),
            // Docs have no answer of create or alter; like clone and revert (whose answers are
            // documented) they answer the envelope only, without `result`.
            Action::Create => done(store.create(&store::parse(&params)?, &actor)),
            Action::Alter => done(store.alter(&store::parse(&params)?, &actor)),
            Action::Clone => done(store.clone_package(&store::parse(&params)?, &actor)),
            Action::Revert => done(store.revert(&store::parse(&params)?, &actor)),
        }
    }

    fn take_error(&self, action: &str) -> Option<Failure> {
        let mut errors = lock(&self.errors);
        let at = errors
            .iter()
            .position(|(armed, _, _)| armed.eq_ignore_ascii_case(action))?;
        let (_, code, message) = errors.remove(at);
        Some(Failure::new(code, message))
    }

    fn create_session(&self, params: &Map<String, Value>, now: DateTime<Utc>) -> Answer {
        let text = |key: &str| -> Result<Option<String>, Failure> {
            match params.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(Failure::new(
                    INVALID_PARAMS,
                    format!("'{key}' must be a string"),
                )),
            }
        };
        let (Some(username), Some(password)) = (text("username")?, text("password")?) else {
            return Err(Failure::new(
                INVALID_PARAMS,
                "'username' and 'password' are required",
            ));
        };
        // Docs silent: account names are matched ignoring case (FairCom shows them upper-cased);
        // passwords exactly.
        if !username.eq_ignore_ascii_case(&self.username) || password != self.password.expose() {
            return Err(Failure::new(
                BAD_CREDENTIALS,
                "Invalid username or password: createSession was refused",
            ));
        }
        let idle_seconds = match params.get("idleConnectionTimeoutSeconds") {
            None | Some(Value::Null) => DEFAULT_IDLE_SECONDS,
            Some(v) => v.as_i64().filter(|s| *s > 0).ok_or_else(|| {
                Failure::new(
                    INVALID_PARAMS,
                    "'idleConnectionTimeoutSeconds' must be a positive integer",
                )
            })?,
        };
        let session = Session {
            username: self.username.clone(),
            database: text("defaultDatabaseName")?.unwrap_or_else(|| DEFAULT_DATABASE.to_string()),
            // Docs: the default owner is the account that created the session; examples show
            // owner `admin` for account `ADMIN`.
            owner: text("defaultOwnerName")?.unwrap_or_else(|| self.username.to_lowercase()),
            default_api: text("defaultApi")?,
            default_debug: text("defaultDebug")?,
            description: text("description")?,
            idle_seconds,
            started: now,
            last_access: now,
        };
        let token = generate_token();
        let result = json!({
            "authToken": token,
            "username": session.username,
            "description": session.description.clone().unwrap_or_default(),
            "defaultApi": session.default_api.clone().unwrap_or_else(|| "admin".to_string()),
            "defaultDebug": session.default_debug.clone().unwrap_or_else(|| "none".to_string()),
            "defaultDatabaseName": session.database,
            "defaultOwnerName": session.owner,
            "idleConnectionTimeoutSeconds": session.idle_seconds,
            "idleCursorTimeoutSeconds": IDLE_CURSOR_SECONDS,
            "permanentSession": false,
            "sessionStartTimestamp": session_time(&session.started),
            "sessionLastAccessedTimestamp": session_time(&session.last_access),
            "serverVersion": SERVER_VERSION,
        });
        let mut sessions = lock(&self.sessions);
        // Idle sessions past their timeout are gone anyway; past the cap the least recently used go.
        sessions.retain(|_, s| (now - s.last_access).num_seconds() <= s.idle_seconds);
        while sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .min_by_key(|(_, s)| s.last_access)
                .map(|(t, _)| t.clone());
            match oldest {
                Some(oldest) => sessions.remove(&oldest),
                None => break,
            };
        }
        sessions.insert(token.clone(), session);
        drop(sessions);
        Ok(Outcome {
            result: Some(result),
            token: Some(token),
            warnings: vec![],
        })
    }

    /// Ends the session. An unknown token is not an error (newer docs): errorCode 0 with a
    /// 12031 warning.
    fn delete_session(&self, request: &Map<String, Value>) -> Outcome {
        let token = request.get("authToken").and_then(Value::as_str);
        let ended = token.is_some_and(|t| lock(&self.sessions).remove(t).is_some());
        Outcome {
            result: Some(json!({})),
            token: None,
            warnings: if ended {
                vec![]
            } else {
                vec![json!({"code": NO_SESSION, "message": NO_SESSION_WARNING})]
            },
        }
    }
}

/// The response document: `errorCode`, `errorMessage`, `result` when there is one, the session
/// token echoed at top level (newer docs), `requestId` echoed, and `debugInfo` with the request
/// as received — authToken included, as the real server does, the password masked — when `echo`.
fn envelope(request: &Map<String, Value>, answer: Answer, echo: bool) -> Value {
    let mut out = Map::new();
    let (code, message, outcome) = match answer {
        Ok(outcome) => (0, String::new(), outcome),
        Err(failure) => (failure.code, failure.message, Outcome::default()),
    };
    out.insert("errorCode".into(), json!(code));
    out.insert("errorMessage".into(), json!(message));
    if let Some(result) = outcome.result {
        out.insert("result".into(), result);
    }
    let token = outcome.token.or_else(|| {
        request
            .get("authToken")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    if let Some(token) = token {
        out.insert("authToken".into(), json!(token));
    }
    if let Some(id) = request.get("requestId") {
        out.insert("requestId".into(), id.clone());
    }
    let mut debug_info = Map::new();
    if echo {
        // The echo never repeats createSession's password (a proxy or log would keep it).
        let mut echoed = request.clone();
        if let Some(password) = echoed
            .get_mut("params")
            .and_then(Value::as_object_mut)
            .and_then(|params| params.get_mut("password"))
        {
            *password = json!("********");
        }
        debug_info.insert("request".into(), Value::Object(echoed));
    }
    // Docs' example also echoes the request beside a warning; here the echo follows `debug` alone.
    if !outcome.warnings.is_empty() {
        debug_info.insert("warnings".into(), Value::Array(outcome.warnings));
    }
    if !debug_info.is_empty() {
        out.insert("debugInfo".into(), Value::Object(debug_info));
    }
    Value::Object(out)
}

/// `POST /api`.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let (document, pretty) = shared.faircom().respond(&body, shared.now());
    let text = if pretty {
        serde_json::to_string_pretty(&document)
    } else {
        serde_json::to_string(&document)
    }
    .unwrap_or_default();
    (StatusCode::OK, [(CONTENT_TYPE, "application/json")], text).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Service {
        Service::new("ADMIN".into(), Secret::new("pw"), PackageStore::default())
    }

    #[allow(clippy::needless_pass_by_value)] // every test passes a `json!` built for the call
    fn call(s: &Service, request: Value, now: DateTime<Utc>) -> Value {
        s.respond(request.to_string().as_bytes(), now).0
    }

    fn login(s: &Service, now: DateTime<Utc>) -> String {
        let r = call(
            s,
            json!({"api": "admin", "action": "createSession",
                "params": {"username": "admin", "password": "pw"}}),
            now,
        );
        assert_eq!(r["errorCode"], 0, "{r}");
        assert_eq!(r["authToken"], r["result"]["authToken"]);
        r["authToken"].as_str().unwrap().to_string()
    }

    #[test]
    fn idle_sessions_lapse_on_the_clock() {
        let s = service();
        let t0 = Utc::now();
        let token = login(&s, t0);
        let ping = |at| {
            call(
                &s,
                json!({"api": "admin", "action": "pingSession", "authToken": token}),
                at,
            )
        };
        assert_eq!(ping(t0 + chrono::Duration::seconds(3000))["errorCode"], 0);
        // Touched at 3000 s: still live 3600 s later, gone past that.
        assert_eq!(ping(t0 + chrono::Duration::seconds(6600))["errorCode"], 0);
        assert_eq!(
            ping(t0 + chrono::Duration::seconds(10_201))["errorCode"],
            NO_SESSION
        );
    }

    #[test]
    fn the_call_log_keeps_the_newest_within_its_byte_budget() {
        let mut log = CallLog::default();
        let big = "x".repeat(MAX_LOGGED_BYTES / 4);
        for i in 0..6 {
            log.push(FaircomCall {
                action: format!("a{i}"),
                api: None,
                params: json!({ "code": big }),
                debug: None,
            });
        }
        assert!(log.bytes <= MAX_LOGGED_BYTES, "{}", log.bytes);
        assert_eq!(log.calls.len(), 3);
        assert_eq!(log.calls.back().unwrap().action, "a5");
    }

    #[test]
    fn session_default_debug_and_api_apply_when_the_request_omits_them() {
        let s = service();
        let now = Utc::now();
        let r = call(
            &s,
            json!({"api": "admin", "action": "createSession", "params": {"username": "ADMIN",
                "password": "pw", "defaultDebug": "max", "defaultApi": "admin",
                "defaultOwnerName": "ops"}}),
            now,
        );
        let token = r["authToken"].as_str().unwrap();
        assert_eq!(r["result"]["defaultOwnerName"], "ops");
        let (listed, pretty) = s.respond(
            json!({"action": "listCodePackages", "authToken": token})
                .to_string()
                .as_bytes(),
            now,
        );
        assert_eq!(listed["errorCode"], 0, "{listed}");
        assert_eq!(listed["debugInfo"]["request"]["authToken"], token);
        assert!(pretty);
    }

    #[test]
    fn the_call_log_masks_the_password_and_never_keeps_the_token() {
        let s = service();
        let token = login(&s, Utc::now());
        call(
            &s,
            json!({"api": "admin", "action": "listCodePackages", "authToken": token,
            "params": {"partialName": "x"}, "debug": "none"}),
            Utc::now(),
        );
        let calls = s.calls();
        assert_eq!(calls[0].params["password"], "***");
        assert_eq!(calls[1].action, "listCodePackages");
        assert_eq!(calls[1].params, json!({"partialName": "x"}));
        assert_eq!(calls[1].debug.as_deref(), Some("none"));
        assert!(!format!("{calls:?}").contains(&token));
    }

    #[test]
    fn an_injected_error_answers_once_and_changes_nothing() {
        let s = service();
        let token = login(&s, Utc::now());
        s.inject_error("ALTERCODEPACKAGE", 12345, "boom");
        let alter = json!({"api": "admin", "action": "alterCodePackage", "authToken": token,
            "params": {"codeName": "x"}});
        let first = call(&s, alter.clone(), Utc::now());
        assert_eq!(
            (first["errorCode"].clone(), first["errorMessage"].clone()),
            (json!(12345), json!("boom"))
        );
        assert_eq!(call(&s, alter, Utc::now())["errorCode"], NOT_FOUND);
    }
}
