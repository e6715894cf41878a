//! A 100-action tenant behind a rate limit, and every version of every action loaded from it as
//! the dashboard or a script would: shared by `tests/rate_floor.rs` (counts) and
//! `benches/rate_floor.rs` (times against the floor). Self-contained so the bench can include it.

use std::time::{Duration, Instant};

use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, RateLimit, Seed};
use codedeck::model::secret::Secret;
use codedeck::model::ActionFilter;
use futures::stream::{self, StreamExt};
use serde_json::json;

/// Timelines opened at once, as a user scrolling fast (or a script) would.
pub const AT_ONCE: usize = 4;

/// An emulator with `actions` deployed actions (one version each) behind a token bucket of
/// `burst` refilled at `per_second`, the bucket full again when this returns.
pub async fn limited_tenant(actions: usize, burst: u32, per_second: f64) -> EmulatorHandle {
    let emu = emulator::spawn(EmulatorOptions {
        seed: Seed::Empty,
        rate_limit: Some(RateLimit {
            burst,
            per_second,
            send_retry_after: false,
        }),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/api/v2/actions/actions", emu.base_url());
    for i in 0..actions {
        let body = json!({
            "name": format!("action {i:03}"),
            "supported_triggers": [{"id": "post-login", "version": "v3"}],
            "code": format!("exports.onExecutePostLogin = async () => {{ /* {i} */ }};"),
            "deploy": true,
        });
        loop {
            let answer = http
                .post(&url)
                .bearer_auth(emu.token())
                .json(&body)
                .send()
                .await
                .unwrap();
            if answer.status().as_u16() != 429 {
                assert!(answer.status().is_success(), "{}", answer.status());
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // The bucket fills up again, as it would for a user opening the dashboard.
    tokio::time::sleep(Duration::from_secs_f64(f64::from(burst) / per_second + 1.0)).await;
    emu
}

/// What loading every timeline took.
pub struct Loaded {
    pub actions: usize,
    pub versions: usize,
    pub failures: usize,
    /// Requests the server received (429s included).
    pub sent: usize,
    pub took: Duration,
}

impl Loaded {
    /// One list page, then one versions page per action.
    pub fn needed(&self) -> usize {
        1 + self.actions
    }
}

/// Lists the actions and loads every action's versions, [`AT_ONCE`] at a time, through one client.
pub async fn load_every_timeline(emu: &EmulatorHandle) -> Loaded {
    let url = parse_base_url(&emu.base_url()).unwrap();
    let backend = Auth0Client::new(Auth0Config::new(
        url,
        Credentials::Token(Secret::new(emu.token())),
    ))
    .unwrap();
    let before: usize = emu.requests().iter().map(|(_, n)| n).sum();
    let started = Instant::now();
    let actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    let results: Vec<_> = stream::iter(actions.iter())
        .map(|a| backend.list_action_versions(&a.id))
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let took = started.elapsed();
    Loaded {
        actions: actions.len(),
        versions: results.iter().flatten().map(Vec::len).sum(),
        failures: results.iter().filter(|r| r.is_err()).count(),
        sent: emu.requests().iter().map(|(_, n)| n).sum::<usize>() - before,
        took,
    }
}
