//! A replay server: answers requests from a recorded cassette over real loopback HTTP.
//!
//! Matching is method + path + query, order-aware: the first not-yet-served interaction at or after
//! the last one served wins, so repeated identical requests (polling) get the recorded answers in
//! recorded order. Query matching is loose where recording tools differ from our client: `per_page`
//! is ignored (go-auth0 v1 sends 50, terraform 50/100, we send 100) and a missing `page` means
//! `page=0`; every other parameter must match exactly. An unmatched request gets status 599 with a
//! message and is remembered, so the test fails loudly.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Router;

use super::cassette::Interaction;

pub const UNMATCHED_STATUS: u16 = 599;

#[derive(Default)]
struct Ledger {
    interactions: Vec<Interaction>,
    served: Vec<bool>,
    /// Index after the last interaction served.
    cursor: usize,
    /// Indices served since the last `take_served`.
    recent: Vec<usize>,
    unmatched: Vec<String>,
}

pub struct ReplayServer {
    pub base_url: String,
    ledger: Arc<Mutex<Ledger>>,
}

/// `page` defaulted to 0, `per_page` dropped, sorted: the form two queries are compared in.
pub fn normalized_query(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut query: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "per_page")
        .cloned()
        .collect();
    if !query.iter().any(|(k, _)| k == "page") {
        query.push(("page".into(), "0".into()));
    }
    query.sort();
    query
}

impl ReplayServer {
    pub async fn start(interactions: Vec<Interaction>) -> Self {
        let ledger = Arc::new(Mutex::new(Ledger {
            served: vec![false; interactions.len()],
            interactions,
            ..Ledger::default()
        }));
        let router = Router::new().fallback(answer).with_state(ledger.clone());
        let base_url = super::serve(router).await;
        Self { base_url, ledger }
    }

    /// Interactions served since the previous call, in the order they were served.
    pub fn take_served(&self) -> Vec<Interaction> {
        let mut ledger = self.ledger.lock().unwrap();
        let recent = std::mem::take(&mut ledger.recent);
        recent
            .into_iter()
            .map(|i| ledger.interactions[i].clone())
            .collect()
    }

    pub fn unmatched(&self) -> Vec<String> {
        self.ledger.lock().unwrap().unmatched.clone()
    }
}

async fn answer(State(ledger): State<Arc<Mutex<Ledger>>>, request: Request) -> Response {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let wanted = normalized_query(&query);
    let mut ledger = ledger.lock().unwrap();
    let found = (ledger.cursor..ledger.interactions.len()).find(|&i| {
        let candidate = &ledger.interactions[i];
        !ledger.served[i]
            && candidate.method == method
            && candidate.path == path
            && normalized_query(&candidate.query) == wanted
    });
    let Some(i) = found else {
        let message = format!(
            "replay: no recorded interaction left for {method} {}",
            request.uri()
        );
        ledger.unmatched.push(message.clone());
        return Response::builder()
            .status(StatusCode::from_u16(UNMATCHED_STATUS).unwrap())
            .body(Body::from(message))
            .unwrap();
    };
    ledger.served[i] = true;
    ledger.cursor = i + 1;
    ledger.recent.push(i);
    let recorded = &ledger.interactions[i];
    Response::builder()
        .status(StatusCode::from_u16(recorded.status).expect("recorded status"))
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(recorded.body.clone()))
        .unwrap()
}
