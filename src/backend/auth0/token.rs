//! Bearer tokens: a fixed one, or client credentials exchanged at `/oauth/token` and cached.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use super::http::{decode_json, error_from_body};
use super::wire::{ErrorBody, TokenResponse};
use crate::backend::net::{in_flight_slot, sanitize_snippet, send_and_read};
use crate::backend::waits::Waits;
use crate::model::secret::Secret;
use crate::model::{BackendError, BackendResult};
use crate::strings::transport as text;

/// Refresh this long before the token expires, but never more than a tenth of its lifetime.
const REFRESH_EARLY: Duration = Duration::from_mins(1);
/// Lifetime assumed when the token response does not say (`expires_in` missing).
const DEFAULT_LIFETIME: Duration = Duration::from_mins(5);

// One per client, behind an Arc: the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum TokenSource {
    Fixed(Secret),
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
        token_url: Url,
        audience: String,
        /// Held across the exchange, so concurrent callers wait for one refresh instead of each
        /// starting their own.
        cache: Mutex<Option<CachedToken>>,
    },
}

pub(crate) struct CachedToken {
    token: Secret,
    refresh_at: Instant,
}

fn refresh_at(now: Instant, expires_in: Option<u64>) -> Instant {
    let lifetime = expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
    now + lifetime.saturating_sub(REFRESH_EARLY.min(lifetime / 10))
}

impl TokenSource {
    /// The token to send now, exchanging credentials first when the cached one is (nearly) expired.
    pub(crate) async fn bearer(
        &self,
        http: &reqwest::Client,
        in_flight: &Semaphore,
        timeout: Duration,
        waits: &Waits,
    ) -> BackendResult<Secret> {
        let (client_id, client_secret, token_url, audience, cache) = match self {
            Self::Fixed(token) => return Ok(token.clone()),
            Self::ClientCredentials {
                client_id,
                client_secret,
                token_url,
                audience,
                cache,
            } => (client_id, client_secret, token_url, audience, cache),
        };
        let mut cached = cache.lock().await;
        if let Some(c) = cached.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(c.token.clone());
        }
        let fresh = exchange(
            Exchange {
                http,
                in_flight,
                timeout,
                waits,
            },
            token_url,
            client_id,
            client_secret,
            audience,
        )
        .await?;
        let token = fresh.access_token.clone();
        *cached = Some(CachedToken {
            token: fresh.access_token,
            refresh_at: refresh_at(Instant::now(), fresh.expires_in),
        });
        Ok(token)
    }

    /// Forget the cached token (the API said 401), so the next request exchanges again.
    pub(crate) async fn invalidate(&self) {
        if let Self::ClientCredentials { cache, .. } = self {
            cache.lock().await.take();
        }
    }
}

/// What a token exchange is sent with: the client's pool, in-flight bound, timeout and waits.
struct Exchange<'a> {
    http: &'a reqwest::Client,
    in_flight: &'a Semaphore,
    timeout: Duration,
    waits: &'a Waits,
}

async fn exchange(
    via: Exchange<'_>,
    token_url: &Url,
    client_id: &str,
    client_secret: &Secret,
    audience: &str,
) -> BackendResult<TokenResponse> {
    let endpoint = token_url.path().to_string();
    let _permit = in_flight_slot(via.in_flight).await;
    let started = Instant::now();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", client_secret.expose()),
        ("audience", audience),
    ];
    // Never retried, and never sent on to where a redirect points: the form holds the secret.
    let request = via.http.post(token_url.clone()).form(&form);
    let shown = format!("POST {endpoint}");
    let answer = send_and_read(
        request,
        &shown,
        via.timeout,
        text::TOKEN_ENDPOINT,
        via.waits,
    )
    .await?;
    let (status, body) = (answer.status, answer.body);
    tracing::debug!(method = "POST", path = %endpoint, status = status.as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "auth0 token request");
    if status.is_success() {
        let fresh: TokenResponse = decode_json(&body, &endpoint)?;
        return Ok(fresh);
    }
    if matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ) {
        return Err(BackendError::Auth(auth_failure(status, &body)));
    }
    Err(error_from_body(
        status,
        &reqwest::header::HeaderMap::new(),
        &body,
    ))
}

/// The service's own words (`error_description`) when it gave them, else the status.
fn auth_failure(status: StatusCode, body: &[u8]) -> String {
    let reason = status.canonical_reason().unwrap_or("error");
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) => text::token_refused(
            status.as_u16(),
            reason,
            parsed.description(),
            parsed.error.as_deref(),
        ),
        Err(_) => text::token_refused_unreadable(status.as_u16(), reason, &sanitize_snippet(body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_refreshed_early_but_never_before_they_are_issued() {
        let now = Instant::now();
        assert_eq!(
            refresh_at(now, Some(86_400)),
            now + Duration::from_mins(1439)
        );
        assert_eq!(refresh_at(now, Some(100)), now + Duration::from_secs(90));
        assert_eq!(refresh_at(now, Some(0)), now);
    }

    #[test]
    fn auth_failures_quote_the_service() {
        let body = br#"{"error":"access_denied","error_description":"Unauthorized"}"#;
        assert_eq!(
            auth_failure(StatusCode::UNAUTHORIZED, body),
            "Unauthorized (access_denied)"
        );
    }
}
