//! Words of the HTTP clients: redirects refused, answers past the size cap, waits said aloud, the
//! backend error.

use std::time::Duration;

use crate::model::connection::{
    ENV_API_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_DOMAIN, ENV_FAIRCOM_PASSWORD,
    ENV_FAIRCOM_URL, ENV_FAIRCOM_USERNAME,
};
use crate::model::error::BackendError;
use crate::model::wait::WaitEvent;

/// What a secret is replaced with wherever text is shown, logged or journaled.
pub const SCRUBBED: &str = "***";

/// A 3xx answer: codedeck follows no redirects (the request and its credentials would go along).
pub fn redirected(endpoint: &str, status: u16, location: Option<&str>) -> String {
    let to = match location {
        Some(location) => format!("to {location}"),
        None => "without saying where".to_string(),
    };
    format!(
        "{endpoint} answered {status}, a redirect {to}; codedeck follows no redirects (the \
         request carries credentials): check the configured URL"
    )
}

/// An answer longer than the cap; the rest was not read.
pub fn too_large(endpoint: &str, limit: u64) -> String {
    format!(
        "the server sent more than {} MB for {endpoint}; codedeck stops reading there",
        limit / (1024 * 1024)
    )
}

/// A duration as a user reads it: whole seconds, or milliseconds below one second.
pub fn duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs())
    }
}

/// A wait said aloud (stderr in the CLI, the footer in the dashboard).
pub fn waiting(what: &str, up_to: Duration) -> String {
    format!("waiting up to {} for {what}…", duration(up_to))
}

/// A wait in the dashboard's footer, with how long it has lasted.
pub fn waited_so_far(what: &str, up_to: Duration, seconds: u64) -> String {
    format!("{} {seconds} s so far", waiting(what, up_to))
}

/// What a slow answer is waited for.
pub fn answer_from(service: &str, endpoint: &str) -> String {
    format!("{service} to answer {endpoint}")
}

/// What a pause before asking again is waited for.
pub fn pause_before_retry(endpoint: &str, why: &str) -> String {
    format!("{why} before asking {endpoint} again")
}

/// No answer within the timeout; nothing more is waited for.
pub fn timed_out(endpoint: &str, after: Duration) -> String {
    format!(
        "no answer from {endpoint} within {}; codedeck stopped waiting (not asked again)",
        duration(after)
    )
}

/// A 429 asking for a longer wait than codedeck takes.
pub fn wait_refused(asked: Duration, longest: Duration) -> String {
    format!(
        " (the service asks to wait {} s; codedeck waits at most {} s — try again later)",
        asked.as_secs(),
        longest.as_secs()
    )
}

/// A list answer without its list.
pub fn no_list(key: &str) -> String {
    format!("the answer has no {key:?} list")
}

/// A 2xx body that does not decode into what the API documents.
pub fn undecodable(why: &str) -> String {
    format!("the answer does not have the documented shape ({why})")
}

/// A bindings answer naming one action twice: codedeck refuses to reorder from it.
pub fn duplicate_binding(trigger: &str, action: &str) -> String {
    format!(
        "the {trigger} flow lists action {action:?} more than once, which the service does not \
         allow; codedeck will not work from this answer (reload, or fix the flow elsewhere)"
    )
}

/// Stands in for FairCom metadata too large to show.
pub fn metadata_too_large(bytes: usize) -> String {
    format!(
        "(metadata of {} KB, too large to show)",
        bytes.div_ceil(1024)
    )
}

/// A backend error in words, before scrubbing (`backend` scrubs them). `longest_wait`: the longest
/// wait codedeck takes when a service asks it to come back later.
pub fn backend_error(error: &BackendError, longest_wait: Duration) -> String {
    match error {
        BackendError::Api {
            status,
            error,
            message,
            ..
        } => format!("{status} {error}: {message}"),
        BackendError::RateLimited {
            message,
            retry_after,
        } => format!(
            "rate limited by the service: {message}{}",
            retry_hint(*retry_after, longest_wait)
        ),
        BackendError::Auth(why) => format!("authentication failed: {why}"),
        BackendError::Network(why) | BackendError::Unreachable(why) => {
            format!("network error: {why}")
        }
        BackendError::TimedOut { endpoint, after } => {
            format!("network error: {}", timed_out(endpoint, *after))
        }
        BackendError::Decode { endpoint, detail } => {
            format!("unexpected response from {endpoint}: {detail}")
        }
        BackendError::Redirected {
            endpoint,
            status,
            location,
        } => redirected(endpoint, *status, location.as_deref()),
        BackendError::TooLarge { endpoint, limit } => too_large(endpoint, *limit),
        BackendError::Config(why) => format!("configuration error: {why}"),
        BackendError::Unsupported(what) => format!("not supported by this backend: {what}"),
        BackendError::FairCom { code, message } => format!("FairCom error {code}: {message}"),
    }
}

fn retry_hint(after: Option<Duration>, longest_wait: Duration) -> String {
    match after {
        Some(d) if d > longest_wait => wait_refused(d, longest_wait),
        Some(d) => format!(" (retry in {}s)", d.as_secs().max(1)),
        None => String::new(),
    }
}

/// A wait said aloud, one line for a terminal: `waiting up to 30 s for the tenant to answer GET …`.
impl WaitEvent {
    /// `None` for `Ended`.
    pub fn line(&self) -> Option<String> {
        match self {
            Self::Began { what, up_to, .. } => Some(waiting(what, *up_to)),
            Self::Ended { .. } => None,
        }
    }
}

/// What a backend without a FairCom server answers for the code-package calls.
pub fn no_faircom() -> String {
    format!(
        "FairCom code packages (no FairCom server is configured: set {ENV_FAIRCOM_URL}, \
         {ENV_FAIRCOM_USERNAME} and {ENV_FAIRCOM_PASSWORD}, or use a --profile that names one)"
    )
}

/// What a backend without an Auth0 tenant answers for the actions, modules and flows calls.
pub fn no_auth0() -> String {
    format!(
        "Auth0 Actions (no Auth0 tenant is configured: set {ENV_DOMAIN} with {ENV_API_TOKEN}, or \
         with {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}, or use a --profile that names one)"
    )
}

/// A connection that names neither an Auth0 tenant nor a FairCom server.
pub const NO_SERVICE: &str = "neither an Auth0 tenant nor a FairCom server is configured";

// Who answers, in the words of a wait.
pub const TENANT: &str = "the tenant";
pub const FAIRCOM_SERVER: &str = "the FairCom server";
pub const TOKEN_ENDPOINT: &str = "the token endpoint";

// What a pause before asking again waits for.
pub const RATE_LIMIT_TO_PASS: &str = "the rate limit to pass";
pub const SERVICE_TO_RECOVER: &str = "the service to recover";
pub const CONNECTION_TO_RECOVER: &str = "the connection to recover";

// A service URL refused as configured.
pub const TENANT_URL: &str = "tenant URL";
pub const TENANT_URL_EXAMPLE: &str = "a domain like acme.eu.auth0.com";
pub const TENANT_URL_EXPOSES: &str = "the token";
pub const FAIRCOM_URL: &str = "FairCom URL";
pub const FAIRCOM_URL_EXAMPLE: &str =
    "a host like faircom.example.com or https://faircom.example.com:8443";
pub const FAIRCOM_URL_EXPOSES: &str = "the password and the session token";

/// `what` (a tenant or FairCom URL) as typed (scrubbed), and why it is refused.
pub fn url_refused(what: &str, shown: &str, why: &str) -> String {
    format!("{what} {shown:?}: {why}")
}
pub fn url_without_host(example: &str) -> String {
    format!("no host; give {example}")
}
pub const URL_NO_HOST_NAME: &str = "no host name";
pub fn plain_http_refused(exposed: &str) -> String {
    format!(
        "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost) because \
         {exposed} would travel unencrypted; use https://"
    )
}
pub fn unsupported_scheme(scheme: &str) -> String {
    format!("unsupported scheme {scheme:?}; use https://")
}
pub const URL_QUERY_OR_FRAGMENT: &str = "must not contain a query or fragment";
pub const URL_CREDENTIALS: &str = "must not contain credentials";
pub const URL_NO_PORT: &str = "cannot take a port";
pub fn no_http_client(why: &str) -> String {
    format!("cannot build the HTTP client: {why}")
}

// A transport failure, in a few words.
pub const REQUEST_TIMED_OUT: &str = "request timed out";
pub const COULD_NOT_CONNECT: &str = "could not connect";
pub const BROKE_WHILE_READING: &str = "connection broke while reading the response";
pub const REQUEST_FAILED: &str = "request failed";
pub fn failed_because(what: &str, cause: &str) -> String {
    format!("{what}: {cause}")
}

// Answers that do not decode.
pub fn too_many_pages(pages: u32) -> String {
    format!("still more items after {pages} pages; gave up")
}
pub const LIST_FOR_OBJECT: &str = "a list where an object was expected";
pub fn broke_off(why: &str) -> String {
    format!("the answer broke off: {why}")
}
pub fn not_json(why: &str) -> String {
    format!("the answer is not JSON: {why}")
}

/// A refused token request: the service's own words (`error_description`) and code when it gave
/// them, else the status.
pub fn token_refused(
    status: u16,
    reason: &str,
    description: Option<&str>,
    code: Option<&str>,
) -> String {
    match (description, code) {
        (Some(text), Some(code)) => format!("{text} ({code})"),
        (Some(text), None) => text.to_string(),
        (None, Some(code)) => format!("{status} {reason} ({code})"),
        (None, None) => format!("{status} {reason}"),
    }
}
pub fn token_refused_unreadable(status: u16, reason: &str, snippet: &str) -> String {
    format!("{status} {reason}: {snippet}")
}

// FairCom's answers.
/// The server's message was empty.
pub const NO_MESSAGE: &str = "the server gave no message";
pub const NOT_JSON: &str = "the body is not JSON";
pub const NOT_AN_ENVELOPE: &str = "the body is not a JSON Action response";
pub const NO_ERROR_CODE: &str = "the body has no errorCode";
pub const NO_RESULT: &str = "the answer has no result";
pub const WRONG_RESULT: &str = "the result does not have the documented shape";
pub fn wrong_result(why: &str) -> String {
    format!("{WRONG_RESULT}: {why}")
}
pub fn body_not_json(why: &str, snippet: &str) -> String {
    format!("{NOT_JSON} ({why}): {snippet:?}")
}
pub const NO_TOKEN: &str = "createSession answered without an authToken";
pub const SKIP_IGNORED: &str =
    "the server sent the same page again (it ignores skipRecords); stopped paging";
pub const TOO_MANY_RECORD_PAGES: &str = "still more records after the page limit; gave up";
pub fn no_package_named(name: &str) -> String {
    format!("describeCodePackages returned no package named {name:?}")
}
// What a FairCom field should have held (serde's "expected …").
pub const EXPECTED_WHOLE_NUMBER: &str = "a whole number";
pub const EXPECTED_WARNINGS: &str = "a list of warnings";
pub const EXPECTED_STRING: &str = "a string";
