//! An Auth0 Management API (Actions) emulator: an axum server with the real service's rules and wire
//! quirks, over one in-memory tenant. It backs `codedeck --demo`, `codedeck emulator`, and the tests.
//!
//! Reads: `GET /api/v2/actions/{actions,triggers,executions,modules}…`; writes (same store, same rules,
//! see `writes`): action create, PATCH (starts a build), delete, test, deploy, version deploy (roll
//! back), bindings PATCH, module create, PATCH, delete, publish and rollback; tokens:
//! `POST /oauth/token`. Secret values never reach the store: writes carry names and value lengths.
//! Auth0's limits are the emulator's own copy, from the service's docs (`limits`), never the client's.
//!
//! Time: builds run `pending` → `building` → `built` over `build_duration` and deploys go live
//! `deploy_duration` after they answer; both are derived from the emulator's clock when a response is
//! rendered (no background tasks). Tests can move that clock with [`EmulatorHandle::advance_clock`]. Test hooks: `POST /__emulator/faults` with the bearer token and
//! `{"path_prefix": "/api/v2/…", "fault": "non_json" | "truncated" | "html500" | {"status": 503, "body": {…}}}`
//! and optionally `"method": "PATCH"` (otherwise any method).
//!
//! FairCom: the same server answers FairCom's JSON Action ADMIN API at `POST /api` (sessions and code
//! packages, see [`faircom`]), with its own credentials (`faircom_username`/`faircom_password`).
//!
//! Choices where Auth0 leaves room: `per_page` defaults to 50 when absent (what the SDKs send), and is
//! capped at `max_per_page`; without a configured rate limit the `x-ratelimit-*` headers report a full
//! bucket of [`UNLIMITED_BUCKET`].

pub mod faircom;
pub mod limits;
pub mod logs;
mod routes;
pub mod seed;
pub mod server;
pub mod store;
pub mod writes;

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::distributions::Alphanumeric;
use rand::Rng;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use chrono::{DateTime, Utc};

use crate::model::secret::Secret;
use store::{Settings, Store};

/// What the tenant starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Realistic actions, versions, modules, bindings and executions, and FairCom code packages.
    Demo,
    /// The demo's production stage (`demo-prod`): the demo tenant and FairCom server with the drift a
    /// real production stage has against its development stage (`demo-dev` is [`Seed::Demo`]),
    /// listed on [`seed::demo_prod`] and [`faircom::seed::demo_prod`]. Its FairCom packages are in
    /// the databases `faircom_prod` and `orders_prod` (dev's: `faircom` and `orders`).
    DemoProd,
    /// Only the triggers; no FairCom code packages.
    Empty,
}

/// A token bucket like Auth0's: `burst` requests at once, refilled at `per_second`.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimit {
    pub burst: u32,
    pub per_second: f64,
    /// Also send `Retry-After` on 429 (custom rate-limit policies do).
    pub send_retry_after: bool,
}

pub struct EmulatorOptions {
    pub seed: Seed,
    /// Static bearer token accepted by the API; `None` → a random one.
    pub token: Option<Secret>,
    /// Accepted by `/oauth/token`.
    pub client_id: String,
    /// The machine client's name, as its writes are logged (`client_name` of `sapi` events made
    /// with `token` or a token from `/oauth/token`).
    pub client_name: String,
    /// A second bearer token, a Dashboard user's: writes made with it are logged as hers
    /// (`channel` `https://manage.auth0.com/`, `auth.user`); `None` → a random one.
    pub dashboard_token: Option<Secret>,
    /// The logs endpoints' own limit (self-service: burst 10, 100/minute, [`limits`]); `None`:
    /// unlimited. Separate from `rate_limit`.
    pub logs_rate_limit: Option<RateLimit>,
    pub client_secret: Secret,
    /// `expires_in` of tokens issued by `/oauth/token`.
    pub token_ttl: Duration,
    pub rate_limit: Option<RateLimit>,
    /// Added to every request.
    pub latency: Option<Duration>,
    /// The largest page the server returns, whatever `per_page` asks for.
    pub max_per_page: u32,
    /// How long a draft build takes after an action PATCH: 30% `pending`, then `building`, then
    /// `built` (or `failed`). Default 1 s. The demo's seeded build runs [`seed::DEMO_BUILD`] instead.
    pub build_duration: Duration,
    /// How long a deploy (or roll back) takes to go live after it answered. Default 0.5 s.
    pub deploy_duration: Duration,
    /// Versions kept per action; a deploy past it deletes the oldest (Auth0: 50). Default 50.
    pub max_action_versions: usize,
    /// Published versions per module; a publish past it is refused with 412. Default 50.
    pub max_module_versions: usize,
    /// The account FairCom's `createSession` accepts. Default `ADMIN`.
    pub faircom_username: String,
    /// Its password; a random one by default.
    pub faircom_password: Secret,
    /// When a connection that sends headers too slowly, or moves no byte, is closed.
    pub timeouts: server::Timeouts,
    /// The moment the emulator's clock starts at, and its demo is seeded for (`None`: now).
    /// Screenshots and snapshot tests that draw a fixed clock start it there, so every relative
    /// time they show is the same on every run.
    pub started_at: Option<DateTime<Utc>>,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        let defaults = Settings::default();
        Self {
            seed: Seed::Demo,
            token: None,
            client_id: "codedeck-demo".to_string(),
            client_name: DEMO_CLIENT_NAME.to_string(),
            dashboard_token: None,
            logs_rate_limit: Some(logs_rate_limit()),
            client_secret: Secret::new(generate_token()),
            token_ttl: Duration::from_hours(24),
            rate_limit: None,
            latency: None,
            max_per_page: 100,
            build_duration: defaults.build_duration,
            deploy_duration: defaults.deploy_duration,
            max_action_versions: defaults.max_action_versions,
            max_module_versions: defaults.max_module_versions,
            faircom_username: "ADMIN".to_string(),
            faircom_password: Secret::new(generate_token()),
            timeouts: server::Timeouts::default(),
            started_at: None,
        }
    }
}

impl fmt::Debug for EmulatorOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorOptions")
            .field("seed", &self.seed)
            .field("token", &self.token)
            .field("client_id", &self.client_id)
            .field("client_name", &self.client_name)
            .field("dashboard_token", &self.dashboard_token)
            .field("logs_rate_limit", &self.logs_rate_limit)
            .field("client_secret", &self.client_secret)
            .field("token_ttl", &self.token_ttl)
            .field("rate_limit", &self.rate_limit)
            .field("latency", &self.latency)
            .field("max_per_page", &self.max_per_page)
            .field("build_duration", &self.build_duration)
            .field("deploy_duration", &self.deploy_duration)
            .field("max_action_versions", &self.max_action_versions)
            .field("max_module_versions", &self.max_module_versions)
            .field("faircom_username", &self.faircom_username)
            .field("faircom_password", &self.faircom_password)
            .field("timeouts", &self.timeouts)
            .field("started_at", &self.started_at)
            .finish()
    }
}

/// A one-shot misbehaviour for the next request whose path starts with a prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 200 with a `text/plain` body that is not JSON.
    NonJson,
    /// 200 with the real JSON body cut in the middle.
    Truncated,
    /// 500 with an HTML error page (what a proxy in front of the API sends).
    Html500,
    /// This status with this JSON body.
    Status(u16, serde_json::Value),
}

/// The machine client's name in the log, by default.
pub const DEMO_CLIENT_NAME: &str = "codedeck demo client";

/// The logs endpoints' limit on a self-service tenant, from the emulator's own copy ([`limits`]).
pub fn logs_rate_limit() -> RateLimit {
    RateLimit {
        burst: limits::LOGS_BURST,
        per_second: f64::from(limits::LOGS_PER_MINUTE) / 60.0,
        send_retry_after: false,
    }
}

/// Header values reported when no rate limit is configured.
pub const UNLIMITED_BUCKET: u32 = 1000;

/// Distinct (method, path) pairs the request counters hold at most.
pub const MAX_COUNTED_PATHS: usize = 10_000;
/// Tokens issued by `/oauth/token` that are remembered at most.
pub const MAX_ISSUED_TOKENS: usize = 1_000;

/// A random token or secret: 40 alphanumeric characters.
pub fn generate_token() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// What the `x-ratelimit-*` headers say for one request.
pub(crate) struct RateStatus {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// UNIX seconds when a token is next added.
    pub reset: u64,
    /// Whole seconds until then (at least 1), when `Retry-After` is configured.
    pub retry_after: Option<u64>,
}

/// State shared by every request.
pub(crate) struct Shared {
    store: Mutex<Store>,
    token: Secret,
    dashboard_token: Secret,
    client_id: String,
    client_name: String,
    client_secret: Secret,
    token_ttl: Duration,
    issued: Mutex<HashMap<String, Instant>>,
    /// (method or any, path prefix, fault), oldest first.
    faults: Mutex<Vec<(Option<String>, String, Fault)>>,
    counts: Mutex<HashMap<(String, String), usize>>,
    rate_limit: Option<RateLimit>,
    bucket: Mutex<Bucket>,
    logs_rate_limit: Option<RateLimit>,
    logs_bucket: Mutex<Bucket>,
    latency: Option<Duration>,
    max_per_page: u32,
    /// Added to the wall clock: where `started_at` put it, then moved forward by tests
    /// (`EmulatorHandle::advance_clock`).
    clock_offset: Mutex<chrono::TimeDelta>,
    faircom: faircom::Service,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not take the whole emulator down with a poisoned lock.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl Shared {
    fn new(opts: EmulatorOptions) -> Self {
        let wall = Utc::now();
        let started = opts.started_at.unwrap_or(wall);
        let mut store = match opts.seed {
            Seed::Demo => seed::demo(started),
            Seed::DemoProd => seed::demo_prod(started),
            Seed::Empty => seed::empty(),
        };
        store.settings = Settings {
            build_duration: opts.build_duration,
            deploy_duration: opts.deploy_duration,
            max_action_versions: opts.max_action_versions,
            max_module_versions: opts.max_module_versions,
        };
        let packages = match opts.seed {
            Seed::Demo => faircom::seed::demo(),
            Seed::DemoProd => faircom::seed::demo_prod(),
            Seed::Empty => faircom::store::PackageStore::default(),
        };
        let full = |limit: &Option<RateLimit>| {
            Mutex::new(Bucket {
                tokens: limit.as_ref().map_or(0.0, |r| f64::from(r.burst)),
                last: Instant::now(),
            })
        };
        Self {
            store: Mutex::new(store),
            token: opts.token.unwrap_or_else(|| Secret::new(generate_token())),
            dashboard_token: opts
                .dashboard_token
                .unwrap_or_else(|| Secret::new(generate_token())),
            client_id: opts.client_id,
            client_name: opts.client_name,
            client_secret: opts.client_secret,
            token_ttl: opts.token_ttl,
            issued: Mutex::new(HashMap::new()),
            faults: Mutex::new(Vec::new()),
            counts: Mutex::new(HashMap::new()),
            bucket: full(&opts.rate_limit),
            rate_limit: opts.rate_limit,
            logs_bucket: full(&opts.logs_rate_limit),
            logs_rate_limit: opts.logs_rate_limit,
            latency: opts.latency,
            max_per_page: opts.max_per_page,
            clock_offset: Mutex::new(started - wall),
            faircom: faircom::Service::new(opts.faircom_username, opts.faircom_password, packages),
        }
    }

    /// The emulator's clock: what builds, deploys and new timestamps are measured against.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + *lock(&self.clock_offset)
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub(crate) fn faircom(&self) -> &faircom::Service {
        &self.faircom
    }

    pub(crate) fn max_per_page(&self) -> u32 {
        self.max_per_page
    }

    pub(crate) fn latency(&self) -> Option<Duration> {
        self.latency
    }

    /// Counts an authenticated request (or one to a fixed path such as `/oauth/token`): the
    /// caller decides, so a stranger's random paths grow nothing. Past [`MAX_COUNTED_PATHS`]
    /// distinct paths, new ones go uncounted (the known ones keep counting).
    pub(crate) fn count(&self, method: &str, path: &str) {
        let mut counts = lock(&self.counts);
        let key = (method.to_string(), path.to_string());
        if let Some(count) = counts.get_mut(&key) {
            *count += 1;
        } else if counts.len() < MAX_COUNTED_PATHS {
            counts.insert(key, 1);
        }
    }

    #[cfg(test)]
    pub(crate) fn token_accepted(&self, token: &str) -> bool {
        self.caller(token).is_some()
    }

    /// Whose token this is, as the log names callers; `None` for a token not accepted.
    pub(crate) fn caller(&self, token: &str) -> Option<logs::Caller> {
        if token == self.dashboard_token.expose() {
            return Some(seed::dashboard_user());
        }
        let issued = || {
            lock(&self.issued)
                .get(token)
                .is_some_and(|expiry| *expiry > Instant::now())
        };
        (token == self.token.expose() || issued()).then(|| logs::Caller::Machine {
            client_id: self.client_id.clone(),
            name: self.client_name.clone(),
        })
    }

    pub(crate) fn client_matches(&self, client_id: &str, client_secret: &str) -> bool {
        client_id == self.client_id && client_secret == self.client_secret.expose()
    }

    /// Issues a token for `/oauth/token`; returns it with its lifetime. Expired tokens are
    /// forgotten, and past [`MAX_ISSUED_TOKENS`] live ones the one expiring first goes.
    pub(crate) fn issue_token(&self) -> (String, Duration) {
        let token = generate_token();
        let now = Instant::now();
        let mut issued = lock(&self.issued);
        issued.retain(|_, expiry| *expiry > now);
        if issued.len() >= MAX_ISSUED_TOKENS {
            let first = issued
                .iter()
                .min_by_key(|(_, expiry)| **expiry)
                .map(|(t, _)| t.clone());
            if let Some(first) = first {
                issued.remove(&first);
            }
        }
        issued.insert(token.clone(), now + self.token_ttl);
        (token, self.token_ttl)
    }

    /// Arms `fault` for requests under `path_prefix`, of any method or only of `method`.
    pub(crate) fn add_fault(&self, method: Option<&str>, path_prefix: &str, fault: Fault) {
        let method = method.map(str::to_ascii_uppercase);
        lock(&self.faults).push((method, path_prefix.to_string(), fault));
    }

    /// Removes and returns the oldest fault armed for this request.
    pub(crate) fn take_fault(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let at = faults.iter().position(|(only, prefix, _)| {
            only.as_deref().is_none_or(|m| m == method) && path.starts_with(prefix.as_str())
        })?;
        Some(faults.remove(at).2)
    }

    /// Takes one token from the bucket (when `consume`) and reports the header values.
    pub(crate) fn rate(&self, consume: bool) -> RateStatus {
        take_token(self.rate_limit.as_ref(), &self.bucket, consume)
    }

    /// The logs endpoints' bucket, apart from the rest of the API's.
    pub(crate) fn logs_rate(&self) -> RateStatus {
        take_token(self.logs_rate_limit.as_ref(), &self.logs_bucket, true)
    }
}

/// Takes one token from `bucket` under `limit` (when `consume`) and reports the header values.
fn take_token(limit: Option<&RateLimit>, bucket: &Mutex<Bucket>, consume: bool) -> RateStatus {
    let now_unix = unix_now();
    let Some(limit) = limit else {
        return RateStatus {
            allowed: true,
            limit: UNLIMITED_BUCKET,
            remaining: UNLIMITED_BUCKET,
            reset: now_unix.ceil() as u64,
            retry_after: None,
        };
    };
    let burst = f64::from(limit.burst);
    let mut bucket = lock(bucket);
    let now = Instant::now();
    let refill = now.duration_since(bucket.last).as_secs_f64() * limit.per_second;
    bucket.tokens = (bucket.tokens + refill).min(burst);
    bucket.last = now;
    let allowed = bucket.tokens >= 1.0;
    if allowed && consume {
        bucket.tokens -= 1.0;
    }
    let until_next = if bucket.tokens >= burst {
        0.0
    } else if limit.per_second > 0.0 {
        (bucket.tokens.floor() + 1.0 - bucket.tokens) / limit.per_second
    } else {
        3600.0
    };
    RateStatus {
        allowed,
        limit: limit.burst,
        remaining: bucket.tokens.floor() as u32,
        reset: (now_unix + until_next).ceil() as u64,
        retry_after: limit
            .send_retry_after
            .then(|| (until_next.ceil() as u64).max(1)),
    }
}

/// A running emulator. Dropping it (or `shutdown`) stops the server.
pub struct EmulatorHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT` (no trailing slash, no `/api/v2`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn token(&self) -> String {
        self.shared.token.expose().to_string()
    }
    pub fn client_id(&self) -> String {
        self.shared.client_id.clone()
    }
    /// The second token: a Dashboard user's (her writes are logged with `auth.user`).
    pub fn dashboard_token(&self) -> Secret {
        self.shared.dashboard_token.clone()
    }
    /// The machine client's name as its writes are logged.
    pub fn client_name(&self) -> String {
        self.shared.client_name.clone()
    }
    /// The tenant's log events, oldest first, as the API returns them (logins due by the
    /// emulator's clock are run first).
    pub fn log_events(&self) -> Vec<serde_json::Value> {
        let now = self.shared.now();
        let mut store = self.shared.store();
        store.simulate_logins(now);
        store.logs.events().map(|e| e.event.clone()).collect()
    }
    pub fn client_secret(&self) -> Secret {
        self.shared.client_secret.clone()
    }
    /// Arms a one-shot fault for the next request whose path (as the server sees it,
    /// e.g. `/api/v2/actions/actions`) starts with `path_prefix`. Faults fire in the order armed.
    pub fn inject_fault(&self, path_prefix: &str, fault: Fault) {
        self.shared.add_fault(None, path_prefix, fault);
    }
    /// Like [`inject_fault`](Self::inject_fault), for requests with this method only (`PATCH` on a
    /// path whose `GET` must keep working, …).
    pub fn inject_fault_on(&self, method: &str, path_prefix: &str, fault: Fault) {
        self.shared.add_fault(Some(method), path_prefix, fault);
    }
    /// How many distinct (method, path) pairs the request counters hold: what unauthenticated
    /// requests must not grow.
    pub fn counted_paths(&self) -> usize {
        lock(&self.shared.counts).len()
    }
    /// How many authenticated requests with this method reached this exact path (query ignored).
    pub fn request_count(&self, method: &str, path: &str) -> usize {
        lock(&self.shared.counts)
            .get(&(method.to_ascii_uppercase(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }
    /// Every counted request so far, by `METHOD path` (query ignored), sorted: what a request-count
    /// test asserts in one go, and prints whole when it fails.
    pub fn requests(&self) -> Vec<(String, usize)> {
        let mut seen: Vec<(String, usize)> = lock(&self.shared.counts)
            .iter()
            .map(|((method, path), count)| (format!("{method} {path}"), *count))
            .collect();
        seen.sort();
        seen
    }
    /// Moves the emulator's clock forward: builds and deploys in flight progress as if `by` had
    /// passed (and later writes are stamped later). Lets tests reach "built" or "live" without
    /// sleeping.
    pub fn advance_clock(&self, by: Duration) {
        *lock(&self.shared.clock_offset) +=
            chrono::TimeDelta::from_std(by).unwrap_or(chrono::TimeDelta::MAX);
    }
    /// Reads the tenant, e.g. to compare what the API returned with what is stored.
    pub fn with_store<R>(&self, read: impl FnOnce(&Store) -> R) -> R {
        read(&self.shared.store())
    }
    /// FairCom's JSON Action endpoint: `http://127.0.0.1:PORT/api`.
    pub fn faircom_url(&self) -> String {
        format!("{}/api", self.base_url())
    }
    /// The account `createSession` accepts (`ADMIN` unless configured).
    pub fn faircom_username(&self) -> String {
        self.shared.faircom.username().to_string()
    }
    pub fn faircom_password(&self) -> Secret {
        self.shared.faircom.password().clone()
    }
    /// Ends every FairCom session: each token answers 12031 from its next request on.
    pub fn expire_faircom_sessions(&self) {
        self.shared.faircom.expire_sessions();
    }
    /// How many FairCom requests for `action` were refused for want of a live session or the
    /// right password: of those only this count is kept.
    pub fn faircom_refused(&self, action: &str) -> usize {
        self.shared.faircom.refused(action)
    }
    /// The recent authenticated FairCom requests (a live session, or a login that succeeded),
    /// oldest first, at most [`faircom::MAX_LOGGED_CALLS`]: action, api, params (password masked)
    /// and `debug` as sent. Never the authToken.
    pub fn faircom_calls(&self) -> Vec<faircom::FaircomCall> {
        self.shared.faircom.calls()
    }
    /// The next FairCom request for `action` (any case) answers `errorCode`/`errorMessage` and
    /// changes nothing; errors fire in the order armed. Transport faults: [`inject_fault`]
    /// with the prefix `/api` (which also matches `/api/v2/…`).
    ///
    /// [`inject_fault`]: Self::inject_fault
    pub fn inject_faircom_error(&self, action: &str, error_code: i32, error_message: &str) {
        self.shared
            .faircom
            .inject_error(action, error_code, error_message);
    }
    /// Reads the FairCom code packages.
    pub fn with_faircom_store<R>(
        &self,
        read: impl FnOnce(&faircom::store::PackageStore) -> R,
    ) -> R {
        self.shared.faircom.with_store(read)
    }
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds 127.0.0.1 on an ephemeral port and serves in a tokio task.
pub async fn spawn(opts: EmulatorOptions) -> std::io::Result<EmulatorHandle> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let timeouts = opts.timeouts;
    let shared = Arc::new(Shared::new(opts));
    let app = routes::router(shared.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let stop = async {
            let _ = stopped.await;
        };
        if let Err(e) = server::serve(listener, app, timeouts, stop).await {
            tracing::warn!("emulator stopped: {e}");
        }
    });
    Ok(EmulatorHandle {
        shared,
        addr,
        stop: Some(stop),
    })
}

/// Serves on `listener` until ctrl-c.
pub async fn serve(listener: TcpListener, opts: EmulatorOptions) -> std::io::Result<()> {
    let timeouts = opts.timeouts;
    let app = routes::router(Arc::new(Shared::new(opts)));
    server::serve(listener, app, timeouts, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_token_and_secret() {
        let opts = EmulatorOptions {
            token: Some(Secret::new("tok-visible-nowhere")),
            client_secret: Secret::new("sec-visible-nowhere"),
            faircom_password: Secret::new("pw-visible-nowhere"),
            ..EmulatorOptions::default()
        };
        let shown = format!("{opts:?}");
        assert!(!shown.contains("visible-nowhere"), "{shown}");
    }

    #[test]
    fn bucket_refuses_after_burst_and_reports_zero_remaining() {
        let shared = Shared::new(EmulatorOptions {
            seed: Seed::Empty,
            rate_limit: Some(RateLimit {
                burst: 2,
                per_second: 0.0,
                send_retry_after: true,
            }),
            ..EmulatorOptions::default()
        });
        assert!(shared.rate(true).allowed);
        let second = shared.rate(true);
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);
        let third = shared.rate(true);
        assert!(!third.allowed);
        assert_eq!(third.retry_after, Some(3600));
    }

    #[test]
    fn counters_and_issued_tokens_stop_growing_at_their_caps() {
        let shared = Shared::new(EmulatorOptions {
            seed: Seed::Empty,
            ..EmulatorOptions::default()
        });
        for i in 0..MAX_COUNTED_PATHS + 5 {
            shared.count("GET", &format!("/p/{i}"));
        }
        shared.count("GET", "/p/0");
        let counts = lock(&shared.counts);
        assert_eq!(counts.len(), MAX_COUNTED_PATHS);
        assert_eq!(counts[&("GET".to_string(), "/p/0".to_string())], 2);
        drop(counts);
        let tokens: Vec<String> = (0..MAX_ISSUED_TOKENS + 5)
            .map(|_| shared.issue_token().0)
            .collect();
        assert_eq!(lock(&shared.issued).len(), MAX_ISSUED_TOKENS);
        assert!(
            shared.token_accepted(tokens.last().unwrap()),
            "the newest works"
        );
    }

    #[test]
    fn faults_fire_once_by_prefix() {
        let shared = Shared::new(EmulatorOptions {
            seed: Seed::Empty,
            ..EmulatorOptions::default()
        });
        shared.add_fault(None, "/api/v2/actions", Fault::NonJson);
        assert_eq!(shared.take_fault("GET", "/api/v2/triggers"), None);
        assert_eq!(
            shared.take_fault("GET", "/api/v2/actions/actions"),
            Some(Fault::NonJson)
        );
        assert_eq!(shared.take_fault("GET", "/api/v2/actions/actions"), None);
    }

    #[test]
    fn a_fault_for_one_method_lets_the_others_through() {
        let shared = Shared::new(EmulatorOptions {
            seed: Seed::Empty,
            ..EmulatorOptions::default()
        });
        let path = "/api/v2/actions/triggers/post-login/bindings";
        shared.add_fault(Some("patch"), path, Fault::Html500);
        assert_eq!(shared.take_fault("GET", path), None);
        assert_eq!(shared.take_fault("PATCH", path), Some(Fault::Html500));
        assert_eq!(shared.take_fault("PATCH", path), None);
    }
}
