//! Loading every version of every action of a 100-action tenant against a rate-limited loopback
//! emulator: how close to the rate-limit floor (needed requests ÷ allowed rate) it gets, and that
//! nothing fails. A measurement, ignored by default:
//! `cargo test --test rate_floor -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::time::{Duration, Instant};

use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, RateLimit, Seed};
use codedeck::model::ActionFilter;
use futures::stream::{self, StreamExt};
use serde_json::json;
use support::dashboard::client;

const ACTIONS: usize = 100;
const PER_SECOND: f64 = 20.0;
const BURST: u32 = 10;
/// Timelines opened at once, as a user scrolling fast (or a script) would.
const AT_ONCE: usize = 4;

/// Creates the actions (each deployed: one version), waiting out the limit as any client would.
async fn populate(emu: &EmulatorHandle) {
    let http = reqwest::Client::new();
    let url = format!("{}/api/v2/actions/actions", emu.base_url());
    for i in 0..ACTIONS {
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
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement: run with --ignored --nocapture"]
async fn every_version_of_a_100_action_tenant_near_the_rate_floor() {
    let emu = emulator::spawn(EmulatorOptions {
        seed: Seed::Empty,
        rate_limit: Some(RateLimit {
            burst: BURST,
            per_second: PER_SECOND,
            send_retry_after: false,
        }),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    populate(&emu).await;
    // The bucket fills up again, as it would for a user opening the dashboard.
    tokio::time::sleep(Duration::from_secs_f64(f64::from(BURST) / PER_SECOND + 1.0)).await;
    let before: usize = emu.requests().iter().map(|(_, n)| n).sum();
    let backend = client(&emu);
    let started = Instant::now();
    let actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    assert_eq!(actions.len(), ACTIONS);
    let results: Vec<_> = stream::iter(actions.iter())
        .map(|a| backend.list_action_versions(&a.id))
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let took = started.elapsed().as_secs_f64();
    let failures = results.iter().filter(|r| r.is_err()).count();
    let versions: usize = results.iter().flatten().map(Vec::len).sum();
    let sent: usize = emu.requests().iter().map(|(_, n)| n).sum::<usize>() - before;
    let needed = 1 + ACTIONS;
    let floor = needed as f64 / PER_SECOND;
    println!(
        "{ACTIONS} actions, {versions} versions: {needed} requests needed, {sent} sent \
         ({} refused 429), {failures} failed; {took:.2} s against a floor of {floor:.2} s \
         (limit {PER_SECOND}/s, burst {BURST}): ratio {:.3}",
        sent - needed,
        took / floor
    );
    assert_eq!(failures, 0);
}
