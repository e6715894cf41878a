//! `codedeck sync` against a tenant of 100 actions × 50 versions on a loopback emulator: the first,
//! full sync (time, requests), then a sync after one new deploy somewhere (requests: the list pages
//! + 1; time). Runs the real binary, as a script would. Prints; asserts only the request counts.
//!
//! `cargo bench --bench sync` (ROUNDS=n for more than 3 rounds of the second sync)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use serde_json::json;

const ACTIONS: usize = 100;
const VERSIONS: usize = 50;
/// Lines of each version's code (≈ 3 KB: 100 × 50 versions ≈ 15 MB).
const LINES: usize = 90;

fn code(action: usize, version: usize) -> String {
    let mut code = String::from("exports.onExecutePostLogin = async (event, api) => {\n");
    for line in 0..LINES {
        code.push_str(&format!(
            "  api.idToken.setCustomClaim('https://example.com/c{line}', event.user.app_metadata.v{line});\n"
        ));
    }
    code.push_str(&format!("  // action {action}, version {version}\n}};\n"));
    code
}

async fn tenant() -> EmulatorHandle {
    let emu = emulator::spawn(EmulatorOptions {
        seed: Seed::Empty,
        build_duration: Duration::ZERO,
        deploy_duration: Duration::ZERO,
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let api = format!("{}/api/v2/actions/actions", emu.base_url());
    let mut ids = vec![];
    for action in 0..ACTIONS {
        let created: serde_json::Value = http
            .post(&api)
            .bearer_auth(emu.token())
            .json(&json!({
                "name": format!("action {action:03}"),
                "supported_triggers": [{"id": "post-login", "version": "v3"}],
                "code": code(action, 1),
                "deploy": true,
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_str().unwrap().to_string());
    }
    let tasks: Vec<_> = ids
        .into_iter()
        .enumerate()
        .map(|(action, id)| {
            let (http, api, token) = (http.clone(), api.clone(), emu.token());
            tokio::spawn(async move {
                for version in 2..=VERSIONS {
                    deploy(&http, &api, &token, &id, &code(action, version)).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    emu
}

/// A new draft, built at once, deployed as the next version.
async fn deploy(http: &reqwest::Client, api: &str, token: &str, id: &str, code: &str) {
    let patched = http
        .patch(format!("{api}/{id}"))
        .bearer_auth(token)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert!(patched.status().is_success(), "{}", patched.status());
    loop {
        let deployed = http
            .post(format!("{api}/{id}/deploy"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        if deployed.status().is_success() {
            return;
        }
        // Still building: ask again.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn counts(emu: &EmulatorHandle) -> BTreeMap<String, usize> {
    emu.requests().into_iter().collect()
}

fn sync(emu: &EmulatorHandle, data: &Path) -> (Duration, usize, usize, String) {
    let before = counts(emu);
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_codedeck"))
        .env_remove("CODEDECK_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/codedeck-bench-config")
        .env("CODEDECK_DATA_DIR", data)
        .env("AUTH0_DOMAIN", emu.base_url())
        .env("AUTH0_API_TOKEN", emu.token())
        .arg("sync")
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = counts(emu);
    let mut lists = 0;
    let mut total = 0;
    for (route, n) in &after {
        let new = n - before.get(route).copied().unwrap_or(0);
        total += new;
        if route.ends_with("/actions/actions") || route.ends_with("/actions/modules") {
            lists += new;
        }
    }
    let summary = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (took, total, lists, summary)
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let made = Instant::now();
    let emu = tenant().await;
    println!(
        "tenant: {ACTIONS} actions × {VERSIONS} versions made in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let data = tempfile::tempdir().unwrap();
    let (took, requests, lists, summary) = sync(&emu, data.path());
    println!(
        "full sync: {:.2} s, {requests} requests ({lists} list pages) — {summary}",
        took.as_secs_f64()
    );
    let store = data.path().join("history.sqlite3");
    println!(
        "store file: {:.1} MB",
        std::fs::metadata(&store).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let http = reqwest::Client::new();
    let api = format!("{}/api/v2/actions/actions", emu.base_url());
    let listed: serde_json::Value = http
        .get(format!("{api}?per_page=1"))
        .bearer_auth(emu.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = listed["actions"][0]["id"].as_str().unwrap().to_string();
    let mut times = vec![];
    for round in 1..=rounds {
        deploy(&http, &api, &emu.token(), &id, &code(0, VERSIONS + round)).await;
        let (took, requests, lists, summary) = sync(&emu, data.path());
        assert_eq!(requests, lists + 1, "the list pages + 1");
        println!(
            "after one new deploy, round {round}: {:.3} s, {requests} requests ({lists} list \
             pages + 1) — {summary}",
            took.as_secs_f64()
        );
        times.push(took.as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "after one new deploy: median {:.3} s",
        times[times.len() / 2]
    );
}
