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
