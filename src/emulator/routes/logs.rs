//! `GET /api/v2/logs`: search mode (`q`, `page`, `per_page`, `sort`) and checkpoint mode (`from`,
//! `take`, other parameters ignored, the next page in the `Link` header). The rules and the
//! emulator's choices are in `emulator::logs`.

use axum::extract::{Query, State};
use axum::http::header::{HOST, LINK};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{json, Value};

use super::{int_param, json_response, Params, Reply, S};
use crate::emulator::limits::{MAX_LOGS_PER_PAGE, MAX_LOG_QUERY_CHARS, MAX_LOG_SEARCH_RESULTS};
use crate::emulator::logs::LogQuery;

/// `per_page` and `take` when absent (Auth0's documented defaults: 50).
const DEFAULT_LOGS_PAGE: u32 = 50;

fn bad_request(message: &str, code: &str) -> axum::response::Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"statusCode": 400, "error": "Bad Request", "message": message, "errorCode": code}),
    )
}

pub(super) async fn list_logs(State(shared): S, headers: HeaderMap, Query(q): Params) -> Reply {
    if let Some(from) = q.get("from").filter(|f| !f.is_empty()) {
        let take = int_param(&q, "take")?
            .unwrap_or(DEFAULT_LOGS_PAGE)
            .clamp(1, MAX_LOGS_PER_PAGE);
        let store = shared.store();
        let Some(page) = store.logs.after(from, take as usize) else {
            return Err(bad_request(
                &format!(
                    "The log_id '{from}' in 'from' is not known to this tenant: it may be older \
                     than the log retention period."
                ),
                "invalid_from",
            ));
        };
        let events: Vec<Value> = page.iter().map(|e| e.event.clone()).collect();
        let next = page.last().map_or(from.as_str(), |e| e.log_id.as_str());
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let link = format!("<http://{host}/api/v2/logs?from={next}&take={take}>; rel=\"next\"");
        let mut response = json_response(StatusCode::OK, &Value::Array(events));
        if let Ok(link) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(LINK, link);
        }
        return Ok(response);
    }
    let text = q.get("q").map_or("", String::as_str);
    if text.chars().count() > MAX_LOG_QUERY_CHARS {
        return Err(json_response(
            StatusCode::URI_TOO_LONG,
            &json!({"statusCode": 414, "error": "Request-URI Too Large",
                "message": "Request-URI Too Large"}),
        ));
    }
    let page = int_param(&q, "page")?.unwrap_or(0);
    let per_page = int_param(&q, "per_page")?.unwrap_or(DEFAULT_LOGS_PAGE);
    if per_page > MAX_LOGS_PER_PAGE {
        return Err(bad_request(
            &format!(
                "Query validation error: 'Value {per_page} is greater than maximum allowed value \
                 {MAX_LOGS_PER_PAGE}' on property per_page."
            ),
            "invalid_query_string",
        ));
    }
    if u64::from(page + 1) * u64::from(per_page) > u64::from(MAX_LOG_SEARCH_RESULTS) {
        return Err(bad_request(
            &format!(
                "You can only page through the first {MAX_LOG_SEARCH_RESULTS} records. \
                 Narrow the query (type:, date:[… TO …]) or use checkpoint pagination (from, take)."
            ),
            "invalid_paging",
        ));
    }
    let ascending = match q.get("sort").map(String::as_str) {
        None | Some("date:-1") => false,
        Some("date:1") => true,
        Some(other) => {
            return Err(bad_request(
                &format!("Query validation error: invalid sort '{other}'."),
                "invalid_query_string",
            ))
        }
    };
    let query = LogQuery::parse(text)
        .map_err(|why| bad_request(&format!("Invalid query: {why}"), "invalid_query_string"))?;
    let store = shared.store();
    let matching = store.logs.events().filter(|e| query.matches(e));
    let skip = (page * per_page) as usize;
    let events: Vec<Value> = if ascending {
        matching
            .skip(skip)
            .take(per_page as usize)
            .map(|e| e.event.clone())
            .collect()
    } else {
        matching
            .rev()
            .skip(skip)
            .take(per_page as usize)
            .map(|e| e.event.clone())
            .collect()
    };
    Ok(json_response(StatusCode::OK, &Value::Array(events)))
}
