//! One JSON Action round trip: `POST {base}/api` inside the in-flight bound, a debug log line,
//! and the reply read as FairCom answers: the body first, whatever the HTTP status.

use std::time::Instant;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use url::Url;

use super::request::Call;
use super::wire::Envelope;
use crate::backend::net::{network_error, sanitize_snippet};
use crate::backend::{BackendError, BackendResult};
use crate::secret::Secret;

/// The server's message was empty.
pub const NO_MESSAGE: &str = "the server gave no message";
const NOT_JSON: &str = "the body is not JSON";
const NOT_AN_ENVELOPE: &str = "the body is not a JSON Action response";
const NO_ERROR_CODE: &str = "the body has no errorCode";
const NO_RESULT: &str = "the answer has no result";
const WRONG_RESULT: &str = "the result does not have the documented shape";

pub(crate) struct Transport {
    pub(crate) client: reqwest::Client,
    /// `{base}/api`.
    pub(crate) endpoint: Url,
    pub(crate) in_flight: Semaphore,
}

impl Transport {
    /// `endpoint` as errors name it: `/api listCodePackages`.
    pub(crate) fn describe(&self, call: &Call) -> String {
        format!("{} {}", self.endpoint.path(), call.action.name())
    }

    /// Sends `call` once and returns the envelope of a success (`errorCode` 0). No retries here.
    pub(crate) async fn send(
        &self,
        call: &Call,
        token: Option<&Secret>,
    ) -> BackendResult<Envelope> {
        let body = call.body(token.map(Secret::expose));
        let action = call.action.name();
        let path = self.endpoint.path();
        let _permit = self
            .in_flight
            .acquire()
            .await
            .expect("the in-flight semaphore is never closed");
        let started = Instant::now();
        let result = async {
            let response = self
                .client
                .post(self.endpoint.clone())
                .json(&body)
                .send()
                .await?;
            let status = response.status();
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, bytes))
        }
        .await
        .map_err(network_error);
        let elapsed_ms = started.elapsed().as_millis() as u64;
        // Method, action, status and time only: bodies carry the password and the token.
        match &result {
            Ok((status, _)) => {
                tracing::debug!(
                    method = "POST",
                    path,
                    action,
                    status = status.as_u16(),
                    elapsed_ms,
                    "faircom request"
                )
            }
            Err(e) => {
                tracing::debug!(method = "POST", path, action, error = %e, elapsed_ms, "faircom request failed")
            }
        }
        let (status, bytes) = result?;
        read_reply(status, &bytes, &self.describe(call))
    }
}

/// A reply into the envelope of a success or an error:
/// - a JSON Action body with `errorCode` ≠ 0 → `FairCom { code, message }`, whatever the status;
/// - a 2xx body that is not JSON, or not an envelope → `Decode`;
/// - a non-2xx without a FairCom error in it → `Api` with the status (and the body's words).
pub(crate) fn read_reply(
    status: StatusCode,
    body: &[u8],
    endpoint: &str,
) -> BackendResult<Envelope> {
    let decode = |detail: String| BackendError::Decode {
        endpoint: endpoint.to_string(),
        detail,
    };
    let parsed = serde_json::from_slice::<serde_json::Value>(body);
    let envelope = match &parsed {
        Ok(value) => serde_json::from_value::<Envelope>(value.clone()).ok(),
        Err(_) => None,
    };
    match envelope.as_ref().and_then(|e| e.error_code) {
        Some(code) if code != 0 => {
            let message = envelope.map(|e| e.error_message).unwrap_or_default();
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
                .map(|e| e.error_message)
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
        Some(_) => Ok(envelope.expect("an errorCode comes from an envelope")),
        None => Err(decode(match (&parsed, &envelope) {
            (Err(e), _) => format!("{NOT_JSON} ({e}): {:?}", sanitize_snippet(body)),
            (Ok(_), None) => NOT_AN_ENVELOPE.to_string(),
            (Ok(_), Some(_)) => NO_ERROR_CODE.to_string(),
        })),
    }
}

/// The `result` of a success decoded as `T`; absent or of another shape → `Decode`.
pub(crate) fn result_of<T: DeserializeOwned>(
    envelope: Envelope,
    endpoint: &str,
) -> BackendResult<T> {
    let decode = |detail: String| BackendError::Decode {
        endpoint: endpoint.to_string(),
        detail,
    };
    let result = envelope
        .result
        .ok_or_else(|| decode(NO_RESULT.to_string()))?;
    serde_json::from_value(result).map_err(|e| decode(format!("{WRONG_RESULT}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let envelope = read(200, r#"{"errorCode":0}"#).unwrap();
        let error = result_of::<super::super::wire::PackageList>(envelope, "/api x").unwrap_err();
        assert!(matches!(&error, BackendError::Decode { detail, .. } if detail == NO_RESULT));
        let envelope = read(200, r#"{"errorCode":0,"result":{"data":"nope"}}"#).unwrap();
        let error = result_of::<super::super::wire::PackageList>(envelope, "/api x").unwrap_err();
        assert!(
            matches!(&error, BackendError::Decode { detail, .. } if detail.starts_with(WRONG_RESULT))
        );
    }
}
