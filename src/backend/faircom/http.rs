//! One JSON Action round trip: `POST {base}/api` inside the in-flight bound (no redirects, a
//! capped body, slow answers said aloud), a debug log line, and the reply read as FairCom answers:
//! the body first, whatever the HTTP status.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use tokio::sync::Semaphore;
use url::Url;

use super::request::Call;
use super::wire::Envelope;
use crate::backend::net::{in_flight_slot, sanitize_snippet, send_and_read};
use crate::backend::waits::Waits;
use crate::model::secret::Secret;
use crate::model::{BackendError, BackendResult};
use crate::strings::transport as text;

/// The server's message was empty.
pub use crate::strings::transport::NO_MESSAGE;
use crate::strings::transport::{NOT_AN_ENVELOPE, NO_ERROR_CODE, NO_RESULT};
/// Who answers, in the words of a wait.
const SERVICE: &str = text::FAIRCOM_SERVER;

pub(crate) struct Transport {
    pub(crate) client: reqwest::Client,
    /// `{base}/api`.
    pub(crate) endpoint: Url,
    pub(crate) in_flight: Semaphore,
    /// Per request, connect to last byte (unless a call asks for less).
    pub(crate) timeout: Duration,
    pub(crate) waits: Waits,
}

impl Transport {
    /// `endpoint` as errors name it: `/api listCodePackages`.
    pub(crate) fn describe(&self, call: &Call) -> String {
        format!("{} {}", self.endpoint.path(), call.action.name())
    }

    /// Sends `call` once and returns the envelope of a success (`errorCode` 0) with its result
    /// read as `R`. No retries here. `timeout` overrides the transport's for this one call.
    pub(crate) async fn send<R: DeserializeOwned>(
        &self,
        call: &Call,
        token: Option<&Secret>,
        timeout: Option<Duration>,
    ) -> BackendResult<Envelope<R>> {
        let body = call.body(token.map(Secret::expose));
        let action = call.action.name();
        let path = self.endpoint.path();
        let described = self.describe(call);
        let _permit = in_flight_slot(&self.in_flight).await;
        let started = Instant::now();
        let request = self.client.post(self.endpoint.clone()).json(&body);
        let timeout = timeout.unwrap_or(self.timeout);
        let result = send_and_read(request, &described, timeout, SERVICE, &self.waits).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        // Method, action, status and time only: bodies carry the password and the token.
        match &result {
            Ok(answer) => {
                tracing::debug!(
                    method = "POST",
                    path,
                    action,
                    status = answer.status.as_u16(),
                    elapsed_ms,
                    "faircom request"
                );
            }
            Err(e) => {
                tracing::debug!(method = "POST", path, action, error = %e, elapsed_ms, "faircom request failed");
            }
        }
        let answer = result?;
        read_reply(answer.status, &answer.body, &described)
    }
}

/// A reply into the envelope of a success or an error:
/// - a JSON Action body with `errorCode` ≠ 0 → `FairCom { code, message }`, whatever the status;
/// - a 2xx body that is not JSON, or not an envelope → `Decode`;
/// - a non-2xx without a FairCom error in it → `Api` with the status (and the body's words);
/// - a success whose `result` is not an `R` → `Decode` naming what is wrong.
///
/// The body is read straight into typed structs, twice at most (the envelope, then its result),
/// never into a `serde_json::Value`.
pub(crate) fn read_reply<R: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    endpoint: &str,
) -> BackendResult<Envelope<R>> {
    let decode = |detail: String| BackendError::Decode {
        endpoint: endpoint.to_string(),
        detail,
    };
    // serde reads a struct from a JSON array too: only an object can be an envelope.
    let is_object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let parsed = serde_json::from_slice::<Envelope<IgnoredAny>>(body);
    let envelope = parsed.as_ref().ok().filter(|_| is_object);
    match envelope.and_then(|e| e.error_code) {
        Some(code) if code != 0 => {
            let message = envelope
                .map(|e| e.error_message.clone())
                .unwrap_or_default();
            Err(BackendError::FairCom {
                code,
                message: if message.is_empty() {
                    NO_MESSAGE.to_string()
                } else {
                    message
                },
            })
        }
        _ if !status.is_success() => {
            let words = envelope
                .map(|e| e.error_message.clone())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| sanitize_snippet(body));
            let reason = status.canonical_reason().unwrap_or("Error").to_string();
            Err(BackendError::Api {
                status: status.as_u16(),
                message: if words.is_empty() {
                    reason.clone()
                } else {
                    words
                },
                error: reason,
                error_code: None,
            })
        }
        Some(_) => serde_json::from_slice::<Envelope<R>>(body)
            .map_err(|e| decode(text::wrong_result(&e.to_string()))),
        None => Err(decode(match &parsed {
            Err(e) if !e.is_data() => text::body_not_json(&e.to_string(), &sanitize_snippet(body)),
            _ if !is_object => NOT_AN_ENVELOPE.to_string(),
            Err(_) => NOT_AN_ENVELOPE.to_string(),
            Ok(_) => NO_ERROR_CODE.to_string(),
        })),
    }
}

/// The `result` of a success; absent → `Decode`.
pub(crate) fn result_of<T>(envelope: Envelope<T>, endpoint: &str) -> BackendResult<T> {
    envelope.result.ok_or_else(|| BackendError::Decode {
        endpoint: endpoint.to_string(),
        detail: NO_RESULT.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::transport::{NOT_JSON, WRONG_RESULT};

    fn read(status: u16, body: &str) -> BackendResult<Envelope> {
        read_reply(
            StatusCode::from_u16(status).unwrap(),
            body.as_bytes(),
            "/api someAction",
        )
    }

    #[test]
    fn the_error_code_decides_whatever_the_status() {
        for status in [200, 400, 401, 500] {
            let error =
                read(status, r#"{"errorCode":12031,"errorMessage":"no session"}"#).unwrap_err();
            assert_eq!(
                error,
                BackendError::FairCom {
                    code: 12031,
                    message: "no session".into()
                },
                "{status}"
            );
        }
        let quiet = read(200, r#"{"errorCode":4,"errorMessage":""}"#).unwrap_err();
        assert_eq!(quiet.to_string(), format!("FairCom error 4: {NO_MESSAGE}"));
        assert!(read(200, r#"{"errorCode":0,"errorMessage":""}"#).is_ok());
    }

    #[test]
    fn bodies_that_are_not_faircom_answers() {
        let html = read(200, "<html><body>Welcome to nginx</body></html>").unwrap_err();
        assert!(
            matches!(&html, BackendError::Decode { endpoint, detail }
                if endpoint == "/api someAction" && detail.starts_with(NOT_JSON) && detail.contains("Welcome to nginx")),
            "{html:?}"
        );
        let shapeless = read(200, r#"{"status":"ok"}"#).unwrap_err();
        assert!(
            matches!(&shapeless, BackendError::Decode { detail, .. } if detail == NO_ERROR_CODE)
        );
        let array = read(200, "[1,2]").unwrap_err();
        assert!(matches!(&array, BackendError::Decode { detail, .. } if detail == NOT_AN_ENVELOPE));

        let gateway = read(502, "<h1>Bad Gateway</h1>").unwrap_err();
        assert_eq!(gateway.to_string(), "502 Bad Gateway: Bad Gateway");
        let empty = read(503, "").unwrap_err();
        assert_eq!(empty.status(), Some(503));
        let odd_success = read(500, r#"{"errorCode":0,"errorMessage":""}"#).unwrap_err();
        assert_eq!(odd_success.status(), Some(500));
    }

    #[test]
    fn a_missing_or_misshapen_result_is_a_decode_error() {
        use super::super::wire::PackageList;
        let list = |body: &str| {
            read_reply::<PackageList>(StatusCode::OK, body.as_bytes(), "/api x")
                .and_then(|envelope| result_of(envelope, "/api x"))
                .unwrap_err()
        };
        let error = list(r#"{"errorCode":0}"#);
        assert!(matches!(&error, BackendError::Decode { detail, .. } if detail == NO_RESULT));
        for body in [
            r#"{"errorCode":0,"result":{"data":"nope"}}"#,
            r#"{"errorCode":0,"result":{"hello":"world"}}"#,
            r#"{"errorCode":0,"result":{"data":[{"codeVersion":1}]}}"#,
        ] {
            let error = list(body);
            assert!(
                matches!(&error, BackendError::Decode { detail, .. } if detail.starts_with(WRONG_RESULT)),
                "{body}: {error}"
            );
        }
    }
}
