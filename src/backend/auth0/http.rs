//! The request core: one `request` every endpoint method is a thin call on, with the token,
//! the in-flight bound, retries for reads (GET only), waits said aloud, error mapping and tracing.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use url::Url;

use super::token::TokenSource;
use super::wire::{ErrorBody, Page};
use crate::backend::net::{in_flight_slot, join_segments, sanitize_snippet, send_and_read, Answer};
use crate::backend::pace::{Bucket, Pacer};
use crate::backend::waits::Waits;
use crate::model::{BackendError, BackendResult};
use crate::strings::transport as text;

/// Page size asked for on every list. 100 is the largest size seen working in real traffic
/// (deploy-cli, terraform); the server may still return fewer per page.
pub const PER_PAGE: u32 = 100;
/// Never follow more pages than this, whatever the server says.
pub const MAX_PAGES: u32 = 1000;

/// When and how long to wait before trying a read (GET) again. Mutations are never retried, and
/// neither is a read that timed out (the timeout is the whole budget of a stalled server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after a 429.
    pub rate_limit_retries: u32,
    /// Retries after a connection error (refused, reset) or 502/503/504.
    pub transient_retries: u32,
    /// Backoff for attempt n is `backoff_base · 2^n`, capped at `backoff_cap`, with jitter.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Upper bound on a wait taken when the server asks for one (`Retry-After`,
    /// `x-ratelimit-reset`). A server asking for more than `LONGEST_WAIT` is not waited for.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            rate_limit_retries: 3,
            transient_retries: 2,
            backoff_base: Duration::from_millis(250),
            backoff_cap: Duration::from_secs(10),
            max_server_wait: LONGEST_WAIT,
        }
    }
}

/// What one attempt came back with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    Status(StatusCode, &'a HeaderMap),
    ConnectionError,
}

/// Retries used so far by one request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RetryCount {
    pub rate_limited: u32,
    pub transient: u32,
}

impl RetryPolicy {
    /// `Some(wait)` when the attempt should be repeated after `wait` (and counts it), else `None`.
    pub fn next_delay(
        &self,
        idempotent: bool,
        outcome: Outcome<'_>,
        count: &mut RetryCount,
        now: SystemTime,
    ) -> Option<Duration> {
        if !idempotent {
            return None;
        }
        match outcome {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS, headers) => {
                if count.rate_limited >= self.rate_limit_retries {
                    return None;
                }
                let asked = requested_wait(headers, now);
                if asked.is_some_and(|asked| asked > LONGEST_WAIT) {
                    return None;
                }
                let attempt = count.rate_limited;
                count.rate_limited += 1;
                Some(
                    self.server_wait(headers, now)
                        .unwrap_or_else(|| self.backoff(attempt)),
                )
            }
            Outcome::Status(
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT,
                _,
            )
            | Outcome::ConnectionError => {
                if count.transient >= self.transient_retries {
                    return None;
                }
                let attempt = count.transient;
                count.transient += 1;
                Some(self.backoff(attempt))
            }
            Outcome::Status(..) => None,
        }
    }

    /// The wait before retrying: what the server asked for (`requested_wait`), at most
    /// `max_server_wait`.
    pub fn server_wait(&self, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        requested_wait(headers, now).map(|wait| wait.min(self.max_server_wait))
    }

    /// Capped exponential backoff with "equal jitter": half fixed, half random.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .backoff_base
            .saturating_mul(1u32 << attempt.min(20))
            .min(self.backoff_cap);
        let half = full / 2;
        half + half.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    }
}

/// The longest single wait codedeck takes when a server asks it to wait (429). A longer request
/// is an error at once that says how long the service asks for.
pub const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// The wait a 429 asks for: `Retry-After` seconds, else `x-ratelimit-reset` (epoch seconds) minus
/// now (never negative). `None` when neither header is usable.
pub fn requested_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    let wait = if let Some(seconds) = number("retry-after") {
        Duration::from_secs(seconds)
    } else {
        let reset = UNIX_EPOCH + Duration::from_secs(number("x-ratelimit-reset")?);
        reset.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait)
}

/// The transport shared by every clone of the client.
pub(crate) struct Http {
    pub(crate) client: reqwest::Client,
    pub(crate) api_base: Url,
    pub(crate) token: TokenSource,
    pub(crate) retry: RetryPolicy,
    pub(crate) in_flight: Semaphore,
    /// Per attempt, connect to last byte.
    pub(crate) timeout: Duration,
    pub(crate) waits: Waits,
    /// Spaces requests to the tenant's rate limit (see [`crate::backend::pace`]).
    pub(crate) pacer: Mutex<Pacer>,
    /// The logs endpoints' own, lower limit (self-service: burst 10, 100/minute): paced apart, so
    /// a log tail waiting out its limit never holds the actions calls back.
    pub(crate) logs_pacer: Mutex<Pacer>,
}

/// A request the pacer let through: its answer (or its absence, when dropped) goes back to it.
struct Admitted<'a> {
    pacer: &'a Mutex<Pacer>,
    done: bool,
}

impl Admitted<'_> {
    fn answered(mut self, answer: &Answer) {
        self.done = true;
        let granted = answer.status != StatusCode::TOO_MANY_REQUESTS;
        lock(self.pacer).answered(
            Instant::now(),
            SystemTime::now(),
            Bucket::read(&answer.headers),
            granted,
        );
    }
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        if !self.done {
            lock(self.pacer).abandoned();
        }
    }
}

fn lock(pacer: &Mutex<Pacer>) -> std::sync::MutexGuard<'_, Pacer> {
    // The pacer holds only arithmetic: a panic elsewhere leaves it usable.
    pacer.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Who answers, in the words of a wait.
const SERVICE: &str = text::TENANT;

impl Http {
    /// Sends `method {api_base}/{path…}?{query}` with an optional JSON body and decodes a 2xx body
    /// into `T` (an empty body decodes as JSON `null`, so `()` works for 204s). Only GETs marked
    /// `idempotent` are retried (on 429, connection errors and 502/503/504, per the retry policy);
    /// every other method is sent exactly once.
    pub(crate) async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
        idempotent: bool,
    ) -> BackendResult<T> {
        let endpoint = join_segments(&self.api_base, path).path().to_string();
        let answer = self.exchange(method, path, query, body, idempotent).await?;
        Self::decode(&answer, &endpoint)
    }

    /// A 2xx body into `T` (an empty body reads as JSON `null`).
    pub(crate) fn decode<T: DeserializeOwned>(answer: &Answer, endpoint: &str) -> BackendResult<T> {
        let body: &[u8] = if answer.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &answer.body
        };
        decode_json(body, endpoint)
    }

    /// The pacer of the limit a path falls under: the logs endpoints have their own.
    fn pacer_for(&self, path: &[&str]) -> &Mutex<Pacer> {
        if path.first() == Some(&"logs") {
            &self.logs_pacer
        } else {
            &self.pacer
        }
    }

    /// [`Http::request`] up to the decoding: the 2xx answer whole (its headers too), or the error.
    pub(crate) async fn exchange(
        &self,
        method: Method,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
        idempotent: bool,
    ) -> BackendResult<Answer> {
        let pacer = self.pacer_for(path);
        let mut url = join_segments(&self.api_base, path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let endpoint = url.path().to_string();
        let retryable = idempotent && method == Method::GET;
        let mut count = RetryCount::default();
        loop {
            let admitted = self.pace(pacer, &method, &endpoint).await;
            let attempt = self.send_once(&method, &url, &endpoint, body).await;
            if let Ok(answer) = &attempt {
                admitted.answered(answer);
            }
            let outcome = match &attempt {
                Ok(raw) => Some(Outcome::Status(raw.status, &raw.headers)),
                Err(BackendError::Network(_) | BackendError::Unreachable(_)) => {
                    Some(Outcome::ConnectionError)
                }
                // Timeouts (the budget is spent), redirects, oversized answers, and token failures
                // (mapped on their own) are not retried.
                Err(_) => None,
            };
            let why = match &outcome {
                Some(Outcome::Status(StatusCode::TOO_MANY_REQUESTS, _)) => text::RATE_LIMIT_TO_PASS,
                Some(Outcome::Status(..)) => text::SERVICE_TO_RECOVER,
                _ => text::CONNECTION_TO_RECOVER,
            };
            let paced = matches!(
                outcome,
                Some(Outcome::Status(StatusCode::TOO_MANY_REQUESTS, headers))
                    if !headers.contains_key("retry-after") && lock(pacer).knows_rate()
            );
            let wait = outcome.and_then(|o| {
                self.retry
                    .next_delay(retryable, o, &mut count, SystemTime::now())
                    // Once the refill rate is known the pacer spaces the retry; the whole-second
                    // reset would wait longer than the bucket needs.
                    .map(|wait| if paced { Duration::ZERO } else { wait })
            });
            match wait {
                Some(wait) => {
                    tracing::debug!(path = %endpoint, wait_ms = wait.as_millis() as u64, "auth0 retrying");
                    let what = text::pause_before_retry(&format!("GET {endpoint}"), why);
                    self.waits.sleep(what, wait).await;
                }
                None => return self.finish(attempt?).await,
            }
        }
    }

    /// Waits until the rate limit lets the next request through, as the pacer reckons it.
    async fn pace<'a>(
        &self,
        pacer: &'a Mutex<Pacer>,
        method: &Method,
        endpoint: &str,
    ) -> Admitted<'a> {
        let wait = lock(pacer).admit(Instant::now());
        let admitted = Admitted { pacer, done: false };
        // A wait longer than codedeck ever takes is not taken here: the request goes, and the
        // service's refusal says in words how long it asks for.
        if !wait.is_zero() && wait <= LONGEST_WAIT {
            let what = || {
                text::pause_before_retry(&format!("{method} {endpoint}"), text::RATE_LIMIT_TO_PASS)
            };
            self.waits.watch(what, wait, tokio::time::sleep(wait)).await;
        }
        admitted
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        endpoint: &str,
        body: Option<&serde_json::Value>,
    ) -> BackendResult<Answer> {
        // Token first: its exchange takes a slot of its own.
        let token = self
            .token
            .bearer(&self.client, &self.in_flight, self.timeout, &self.waits)
            .await?;
        let _permit = in_flight_slot(&self.in_flight).await;
        let started = Instant::now();
        let mut builder = self
            .client
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose());
        if let Some(body) = body {
            builder = builder.json(body);
        }
        let shown = format!("{method} {endpoint}");
        let result = send_and_read(builder, &shown, self.timeout, SERVICE, &self.waits).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(raw) => {
                tracing::debug!(%method, path = %endpoint, status = raw.status.as_u16(), elapsed_ms, "auth0 request");
            }
            Err(e) => {
                tracing::debug!(%method, path = %endpoint, error = %e, elapsed_ms, "auth0 request failed");
            }
        }
        result
    }

    async fn finish(&self, raw: Answer) -> BackendResult<Answer> {
        if raw.status.is_success() {
            return Ok(raw);
        }
        if raw.status == StatusCode::UNAUTHORIZED {
            self.token.invalidate().await;
        }
        Err(error_from_body(raw.status, &raw.headers, &raw.body))
    }

    /// Every item of a paginated list, found under the key its path ends with (`…/actions` →
    /// `actions`). Stops at an empty page, or once `total` items are in (a missing or zero `total`
    /// means "unknown": keep going). Short pages are legal; a page without its list is not.
    pub(crate) async fn get_all<T: DeserializeOwned>(
        &self,
        path: &[&str],
        filter: &[(&str, String)],
    ) -> BackendResult<Vec<T>> {
        let endpoint = || join_segments(&self.api_base, path).path().to_string();
        let key = path.last().copied().unwrap_or_default();
        let mut items = Vec::new();
        for page in 0..MAX_PAGES {
            let mut query = filter.to_vec();
            query.push(("page", page.to_string()));
            query.push(("per_page", PER_PAGE.to_string()));
            let batch: Page<T> = self.request(Method::GET, path, &query, None, true).await?;
            let total = batch.total;
            let batch = batch.take(key).map_err(|detail| BackendError::Decode {
                endpoint: endpoint(),
                detail,
            })?;
            if batch.is_empty() {
                return Ok(items);
            }
            items.extend(batch);
            if total.is_some_and(|total| total > 0 && items.len() as u64 >= total) {
                return Ok(items);
            }
        }
        Err(BackendError::Decode {
            endpoint: endpoint(),
            detail: text::too_many_pages(MAX_PAGES),
        })
    }
}

/// A 2xx body straight into its typed wire struct (no `serde_json::Value` in between: a hostile
/// body cannot grow many times its size in memory); a failure in words.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8], endpoint: &str) -> BackendResult<T> {
    // serde reads a struct from a JSON array too; no answer of this API is an array.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(BackendError::Decode {
            endpoint: endpoint.to_string(),
            detail: text::undecodable(text::LIST_FOR_OBJECT),
        });
    }
    serde_json::from_slice(body).map_err(|e| BackendError::Decode {
        endpoint: endpoint.to_string(),
        detail: decode_detail(&e),
    })
}

/// Why a body did not decode, in words: broke off, not JSON, or not the documented shape (serde
/// names the missing field or the wrong type).
pub(crate) fn decode_detail(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => text::broke_off(&e.to_string()),
        Category::Syntax | Category::Io => text::not_json(&e.to_string()),
        Category::Data => text::undecodable(&e.to_string()),
    }
}

/// An error status into a `BackendError`: the Management API JSON shape, the OAuth shape, or
/// (non-JSON, truncated) the status text plus a short sanitised snippet of the body.
pub(crate) fn error_from_body(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> BackendError {
    let reason = status.canonical_reason().unwrap_or("Error").to_string();
    let parsed = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .filter(|b| b.error.is_some() || b.message.is_some() || b.error_description.is_some());
    let (error, message, error_code) = match parsed {
        // OAuth shape: `error` is a machine code, `error_description` the words.
        Some(b) if b.message.is_none() && b.error_description.is_some() => (
            reason.clone(),
            b.error_description.unwrap_or_default(),
            b.error,
        ),
        Some(b) => {
            let message = b
                .description()
                .map_or_else(|| reason.clone(), str::to_string);
            (
                b.error.unwrap_or_else(|| reason.clone()),
                message,
                b.error_code,
            )
        }
        None => {
            let snippet = sanitize_snippet(body);
            (
                reason.clone(),
                if snippet.is_empty() {
                    reason.clone()
                } else {
                    snippet
                },
                None,
            )
        }
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = requested_wait(headers, SystemTime::now());
        return BackendError::RateLimited {
            message,
            retry_after,
        };
    }
    BackendError::Api {
        status: status.as_u16(),
        error,
        message,
        error_code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::net::SNIPPET_CHARS;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn retry_after_wins_then_reset_then_backoff() {
        let policy = RetryPolicy::default();
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let both = headers(&[("retry-after", "7"), ("x-ratelimit-reset", "1003")]);
        assert_eq!(policy.server_wait(&both, now), Some(Duration::from_secs(7)));
        let reset = headers(&[("x-ratelimit-reset", "1003")]);
        assert_eq!(
            policy.server_wait(&reset, now),
            Some(Duration::from_secs(3))
        );
        let past = headers(&[("x-ratelimit-reset", "900")]);
        assert_eq!(policy.server_wait(&past, now), Some(Duration::ZERO));
        let far = headers(&[("x-ratelimit-reset", "999999")]);
        assert_eq!(policy.server_wait(&far, now), Some(LONGEST_WAIT));
        assert_eq!(policy.server_wait(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 0..8 {
            let full =
                (Duration::from_millis(250) * 2u32.pow(attempt)).min(Duration::from_secs(10));
            let wait = policy.backoff(attempt);
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: {wait:?} vs {full:?}"
            );
        }
    }

    #[test]
    fn only_idempotent_requests_are_retried_and_only_so_often() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        let now = SystemTime::now();
        let limited = Outcome::Status(StatusCode::TOO_MANY_REQUESTS, &none);
        let mut count = RetryCount::default();
        assert_eq!(policy.next_delay(false, limited, &mut count, now), None);
        assert_eq!(
            policy.next_delay(false, Outcome::ConnectionError, &mut count, now),
            None
        );
        let retried = (0..10)
            .filter(|_| policy.next_delay(true, limited, &mut count, now).is_some())
            .count();
        assert_eq!(retried, 3);
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &none);
        let retried = (0..10)
            .filter(|_| {
                policy
                    .next_delay(true, unavailable, &mut count, now)
                    .is_some()
            })
            .count();
        assert_eq!(retried, 2);
        let not_found = Outcome::Status(StatusCode::NOT_FOUND, &none);
        assert_eq!(
            policy.next_delay(true, not_found, &mut RetryCount::default(), now),
            None
        );
    }

    #[test]
    fn error_bodies_of_every_shape() {
        let api = error_from_body(
            StatusCode::NOT_FOUND,
            &HeaderMap::new(),
            br#"{"statusCode":404,"error":"Not Found","message":"That action does not exist."}"#,
        );
        assert_eq!(
            api.to_string(),
            "404 Not Found: That action does not exist."
        );
        let oauth = error_from_body(
            StatusCode::FORBIDDEN,
            &HeaderMap::new(),
            br#"{"error":"access_denied","error_description":"Client has not been granted scopes"}"#,
        );
        assert!(
            matches!(&oauth, BackendError::Api { error_code: Some(c), message, .. }
            if c == "access_denied" && message == "Client has not been granted scopes")
        );
        let html = error_from_body(
            StatusCode::INTERNAL_SERVER_ERROR,
            &HeaderMap::new(),
            format!("<html><body><h1>Oops</h1>{}</body></html>", "x".repeat(500)).as_bytes(),
        );
        let BackendError::Api { message, error, .. } = html else {
            panic!("{html:?}")
        };
        assert_eq!(error, "Internal Server Error");
        assert!(message.starts_with("Oops x") && !message.contains('<'));
        assert!(message.chars().count() <= SNIPPET_CHARS + 1);
    }
}
