//! Tenant logs on the wire (`GET /api/v2/logs`, scope `read:logs`): search mode and checkpoint
//! mode, tolerant decoding (only `log_id`/`_id` and `date` are needed; every other field is
//! optional and unknown types are kept), and secret values stripped before an event leaves here.
//! The logs endpoints are paced by their own bucket (see `http::Http::logs_pacer`).

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

use super::Auth0Client;
use crate::model::limits::{MAX_LOGS_PER_PAGE, MAX_LOG_SEARCH_RESULTS};
use crate::model::logs::{strip_secret_values, LogEvent, LogPage};
use crate::model::{BackendError, BackendResult};
use crate::strings::log_wire as words;

const ENDPOINT: &str = "/api/v2/logs";

/// One event of the list as codedeck keeps it; `None` when it lacks a log id or a date (nothing
/// could page past it or place it on a timeline).
pub(crate) fn event_from_wire(mut raw: Value) -> Option<LogEvent> {
    strip_secret_values(&mut raw);
    mask_held_secrets(&mut raw);
    let text = |name: &str| raw.get(name).and_then(Value::as_str).map(str::to_string);
    let log_id = text("log_id").or_else(|| text("_id"))?;
    let date = DateTime::parse_from_rfc3339(&text("date")?)
        .ok()?
        .with_timezone(&Utc);
    Some(LogEvent {
        log_id,
        date,
        kind: text("type").unwrap_or_default(),
        description: text("description"),
        client_id: text("client_id"),
        client_name: text("client_name"),
        user_name: text("user_name"),
        event: raw,
    })
}

/// Every string of the event with the secrets this process holds masked (a logged body may echo
/// a value codedeck sent, under any field name).
fn mask_held_secrets(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let std::borrow::Cow::Owned(masked) = crate::secret::scrub_held(text) {
                *text = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_held_secrets),
        Value::Object(map) => map.values_mut().for_each(mask_held_secrets),
        _ => {}
    }
}

/// The events of a list body, in the order sent; events without a log id or date are dropped.
fn events_from_body(body: &[u8]) -> BackendResult<Vec<LogEvent>> {
    let list: Vec<Value> = serde_json::from_slice(body).map_err(|e| BackendError::Decode {
        endpoint: ENDPOINT.to_string(),
        detail: format!(
            "{}: {}",
            words::NOT_A_LOG_LIST,
            super::http::decode_detail(&e)
        ),
    })?;
    Ok(list.into_iter().filter_map(event_from_wire).collect())
}

/// The `from` of the `Link` header's `rel="next"` target, if it has one.
pub(crate) fn next_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.split_once(';')?;
            let is_next = params
                .split(';')
                .any(|p| p.trim().replace(' ', "") == "rel=\"next\"" || p.trim() == "rel=next");
            if !is_next {
                return None;
            }
            let target = target.trim().trim_start_matches('<').trim_end_matches('>');
            let url = url::Url::parse(target)
                .or_else(|_| url::Url::parse("http://x/").and_then(|b| b.join(target)))
                .ok()?;
            url.query_pairs()
                .find(|(k, _)| k == "from")
                .map(|(_, v)| v.into_owned())
        })
}

/// A search page the service would not give, refused in words before anything is sent.
fn check_search_window(page: u32, per_page: u32) -> BackendResult<()> {
    if per_page > MAX_LOGS_PER_PAGE {
        return Err(BackendError::Config(words::per_page_too_large(
            per_page,
            MAX_LOGS_PER_PAGE,
        )));
    }
    let reach = u64::from(page.saturating_add(1)) * u64::from(per_page);
    if reach > u64::from(MAX_LOG_SEARCH_RESULTS) {
        return Err(BackendError::Config(words::past_the_search_window(
            page,
            per_page,
            MAX_LOG_SEARCH_RESULTS,
        )));
    }
    Ok(())
}

/// A 414 said as what it means here.
fn too_long(error: BackendError, q: Option<&str>) -> BackendError {
    match error {
        BackendError::Api {
            status: 414,
            error,
            error_code,
            ..
        } => BackendError::Api {
            status: 414,
            error,
            message: words::query_too_long(q.map_or(0, |q| q.chars().count())),
            error_code,
        },
        other => other,
    }
}

impl Auth0Client {
    /// Search mode, one page, newest first.
    pub(crate) async fn search_log_page(
        &self,
        q: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> BackendResult<Vec<LogEvent>> {
        check_search_window(page, per_page)?;
        let mut query = Vec::new();
        if let Some(q) = q.filter(|q| !q.trim().is_empty()) {
            query.push(("q", q.to_string()));
        }
        query.push(("page", page.to_string()));
        query.push(("per_page", per_page.max(1).to_string()));
        query.push(("sort", "date:-1".to_string()));
        let answer = self
            .inner
            .http
            .exchange(Method::GET, &["logs"], &query, None, true)
            .await
            .map_err(|e| too_long(e, q))?;
        events_from_body(&answer.body)
    }

    /// Checkpoint mode, one page, oldest first, with the next page's `from`.
    pub(crate) async fn log_page_from(&self, from: &str, take: u32) -> BackendResult<LogPage> {
        let take = take.clamp(1, MAX_LOGS_PER_PAGE);
        let query = [("from", from.to_string()), ("take", take.to_string())];
        let answer = self
            .inner
            .http
            .exchange(Method::GET, &["logs"], &query, None, true)
            .await?;
        Ok(LogPage {
            events: events_from_body(&answer.body)?,
            next: next_from(&answer.headers),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_stripped_and_held_ones_masked_before_an_event_leaves() {
        let _held = crate::model::secret::Secret::new("held-log-secret-5q");
        let event = event_from_wire(json!({
            "_id": "90020240101", "date": "2026-11-30T10:00:00.123Z", "type": "sapi",
            "description": "Update an Action",
            "details": {"request": {"method": "patch", "path": "/api/v2/actions/actions/a1",
                "body": {"secrets": [{"name": "API_KEY", "value": "planted-log-value-1"}],
                    "code": "const k = 'held-log-secret-5q';"}},
                "response": {"statusCode": 200, "body": {"secrets": [{"name": "API_KEY", "value": "planted-log-value-2"}]}}}
        }))
        .unwrap();
        let text = event.event.to_string();
        assert!(!text.contains("planted-log-value"), "{text}");
        assert!(!text.contains("held-log-secret-5q"), "{text}");
        assert_eq!(event.log_id, "90020240101");
        assert_eq!(event.kind, "sapi");
        assert_eq!(event.client_name, None);
    }

    #[test]
    fn events_without_optional_fields_or_of_unknown_types_are_kept() {
        let body = br#"[{"log_id":"1","date":"2026-11-30T10:00:00Z"},
            {"log_id":"2","date":"2026-11-30T10:00:01Z","type":"brand_new_type","whatever":{"x":1}},
            {"date":"2026-11-30T10:00:02Z","type":"s"},
            {"log_id":"4","date":"not a date"}]"#;
        let events = events_from_body(body).unwrap();
        let ids: Vec<&str> = events.iter().map(|e| e.log_id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(events[0].kind, "");
        assert_eq!(events[1].kind, "brand_new_type");
        assert!(events_from_body(b"{}").is_err());
    }

    #[test]
    fn the_next_link_gives_its_from() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            "<https://acme.eu.auth0.com/api/v2/logs?take=100&from=900123>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(next_from(&headers).as_deref(), Some("900123"));
        headers.insert(
            reqwest::header::LINK,
            "</api/v2/logs?from=1>; rel=\"prev\", </api/v2/logs?from=7&take=5>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(next_from(&headers).as_deref(), Some("7"));
        assert_eq!(next_from(&HeaderMap::new()), None);
    }

    #[test]
    fn the_search_window_is_checked_before_sending() {
        assert!(check_search_window(9, 100).is_ok());
        assert!(check_search_window(0, 100).is_ok());
        let past = check_search_window(10, 100).unwrap_err().to_string();
        assert!(past.contains("first 1000"), "{past}");
        let big = check_search_window(0, 101).unwrap_err().to_string();
        assert!(big.contains("at most 100"), "{big}");
    }
}
