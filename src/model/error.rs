//! Everything that can go wrong talking to a service, as one typed enum that the backend returns and
//! the app, the CLI and the domain rules match on. Its words (`Display`) live in `backend`, where they
//! are scrubbed of secrets.

use std::time::Duration;

/// Everything that can go wrong talking to a service, in words a user can act on.
///
/// Its `Display` (and `Debug`), in `backend`, pass through `secret::scrub`: whatever a server echoed (a token,
/// the client secret, the password) or a URL carried (`user:pass@`, `?token=`) never reaches the user.
#[derive(Clone, PartialEq)]
pub enum BackendError {
    /// The service answered with an error status and (usually) an `{statusCode,error,message}` body.
    Api {
        status: u16,
        error: String,
        message: String,
        error_code: Option<String>,
    },
    /// 429 after the retries allowed for idempotent requests (none for mutations), or a 429 asking
    /// for a longer wait than codedeck takes.
    RateLimited {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Could not obtain or use credentials (token endpoint refused, 401).
    Auth(String),
    /// The request may have reached the service: timeout after sending, connection reset or closed
    /// mid-answer, a body that broke off.
    Network(String),
    /// No answer within the timeout (`after`); the request had been sent, so it may have been
    /// applied. Never retried.
    TimedOut { endpoint: String, after: Duration },
    /// The service could not be reached, so nothing was sent: connection refused, DNS, TLS
    /// handshake, connect timeout.
    Unreachable(String),
    /// The body was not what the API documents (non-JSON, truncated, wrong shape).
    Decode { endpoint: String, detail: String },
    /// The service answered with a redirect (3xx). codedeck follows none: the request (and the
    /// credentials in it) would go wherever the server says. `location` is already scrubbed.
    Redirected {
        endpoint: String,
        status: u16,
        location: Option<String>,
    },
    /// The answer was longer than codedeck reads (`limit` bytes); the rest was not read.
    TooLarge { endpoint: String, limit: u64 },
    /// The request cannot be made as configured (bad URL, plain http to a non-loopback host …).
    Config(String),
    /// Not offered by this provider.
    Unsupported(String),
    /// FairCom answered `errorCode != 0` (whatever the HTTP status).
    FairCom { code: i64, message: String },
}

impl BackendError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Redirected { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404) || matches!(self, Self::FairCom { code: 101, .. })
    }

    /// Whether a failed CHANGE may nevertheless have been applied by the service, so the caller
    /// must read the object back before saying "done" or "not done".
    ///
    /// True: the request went out and no clear answer came back — a timeout after sending, a
    /// connection reset or closed mid-answer (`Network`), a 5xx (the service may have applied it
    /// before failing), a 2xx whose body did not decode (`Decode`), an answer past the size cap
    /// (`TooLarge`).
    ///
    /// False: the service certainly did not apply it — a 4xx or 429 with its answer, a FairCom
    /// error code, a 307/308 or other redirect (not followed: the request was turned away; only a
    /// 303 "See Other" says it was processed before, so that one is unknown), credentials refused,
    /// the service unreachable (nothing sent), a configuration error or an unsupported call.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::Api { status, .. } => *status >= 500,
            Self::Redirected { status, .. } => *status == 303,
            Self::Network(_)
            | Self::TimedOut { .. }
            | Self::Decode { .. }
            | Self::TooLarge { .. } => true,
            Self::RateLimited { .. }
            | Self::Auth(_)
            | Self::Unreachable(_)
            | Self::Config(_)
            | Self::Unsupported(_)
            | Self::FairCom { .. } => false,
        }
    }
}

pub type BackendResult<T> = Result<T, BackendError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_unknown_only_where_the_service_may_have_acted() {
        let api = |status| BackendError::Api {
            status,
            error: String::new(),
            message: String::new(),
            error_code: None,
        };
        let unknown = [
            api(500),
            api(503),
            BackendError::Network("connection reset".into()),
            BackendError::TimedOut {
                endpoint: "/x".into(),
                after: Duration::from_secs(30),
            },
            BackendError::Decode {
                endpoint: "/x".into(),
                detail: "truncated".into(),
            },
            BackendError::TooLarge {
                endpoint: "/x".into(),
                limit: 1,
            },
        ];
        let refused = [
            api(400),
            api(404),
            api(409),
            BackendError::RateLimited {
                message: String::new(),
                retry_after: None,
            },
            BackendError::Auth("401".into()),
            BackendError::Unreachable("refused".into()),
            BackendError::Redirected {
                endpoint: "/x".into(),
                status: 307,
                location: None,
            },
            BackendError::Config("bad".into()),
            BackendError::FairCom {
                code: 12004,
                message: String::new(),
            },
        ];
        assert!(unknown.iter().all(BackendError::outcome_unknown));
        assert!(!refused.iter().any(BackendError::outcome_unknown));
    }
}
