//! `codedeck store stats` and `codedeck store forget` on a temporary data dir, with nothing
//! configured (stats) or a config file naming the profile (forget); neither connects anywhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;
mod support;

use std::path::Path;

use app_fixtures::ActionBuilder;
use codedeck::model::{Action, ActionVersion};
use codedeck::store::{Place, Store};
use support::cli::{bin, code, run, stderr, stdout};

fn action(id: &str, code: &str) -> Action {
    ActionBuilder::new(id, id, "post-login").code(code).build()
}

fn version(id: &str, number: u32, code: &str) -> ActionVersion {
    let built = ActionBuilder::new(id, id, "post-login")
        .code(code)
        .deployed(number)
        .build();
    built.deployed_version.unwrap()
}

/// Two tenants with history: dev (2 versions) and prod (1).
fn fill(data: &Path) {
    let mut store = Store::open(Store::path_in(data)).unwrap();
    let dev = Place::auth0("dev.eu.auth0.com");
    let prod = Place::auth0("prod.eu.auth0.com");
    store
        .record_action_versions(
            &dev,
            &action("a", "draft"),
            &[version("a", 1, "one"), version("a", 2, "two")],
        )
        .unwrap();
    store
        .record_action_versions(&prod, &action("p", "draft"), &[version("p", 1, "one")])
        .unwrap();
}

fn config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[profiles.dev]\nauth0_domain = \"https://dev.eu.auth0.com\"\n\n[profiles.empty]\ntheme = \"dark\"\n",
    )
    .unwrap();
    path
}

/// `codedeck` with this data dir and nothing else configured.
fn codedeck(data: &Path) -> std::process::Command {
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data);
    c
}

#[test]
fn stats_with_no_store_says_so_and_makes_none() {
    let data = tempfile::tempdir().unwrap();
    let out = run(codedeck(data.path()), &["store", "stats"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no history store yet"),
        "{}",
        stderr(&out)
    );
    assert!(!Store::path_in(data.path()).exists());
    let out = run(codedeck(data.path()), &["store", "stats", "--json"]);
    assert_eq!(code(&out), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["places"], serde_json::json!([]));
    assert!(!Store::path_in(data.path()).exists());
}

#[test]
fn stats_show_each_tenant_and_the_file_size() {
    let data = tempfile::tempdir().unwrap();
    fill(data.path());
    let out = run(codedeck(data.path()), &["store", "stats"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let dev = text
        .lines()
        .find(|l| l.contains("dev.eu.auth0.com"))
        .unwrap();
    assert_eq!(
        dev.split_whitespace().collect::<Vec<_>>(),
        ["auth0", "dev.eu.auth0.com", "1", "2", "0", "11", "B"],
        "{text}"
    );
    assert!(text.contains("prod.eu.auth0.com"), "{text}");
    assert!(text.contains("on disk"), "{text}");
    let out = run(codedeck(data.path()), &["store", "stats", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["places"][0]["place"]["service"], "auth0");
    assert_eq!(json["places"][0]["versions"], 2);
    assert!(json["file_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn forget_removes_the_profiles_tenant_only_and_asks_first() {
    let data = tempfile::tempdir().unwrap();
    fill(data.path());
    let cfg = config(data.path());
    let cfg = cfg.to_str().unwrap();
    // No terminal to ask on, no --yes: refused, nothing removed.
    let out = run(
        codedeck(data.path()),
        &["--config", cfg, "store", "forget", "--profile", "dev"],
    );
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let out = run(
        codedeck(data.path()),
        &[
            "--config",
            cfg,
            "store",
            "forget",
            "--profile",
            "dev",
            "--yes",
        ],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("forgot auth0 dev.eu.auth0.com: 1 objects, 2 versions"),
        "{}",
        stderr(&out)
    );
    let store = Store::open(Store::path_in(data.path())).unwrap();
    let places: Vec<String> = store
        .places()
        .unwrap()
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(places, ["prod.eu.auth0.com"]);
}

#[test]
fn forget_needs_a_known_profile_that_names_a_place() {
    let data = tempfile::tempdir().unwrap();
    let cfg = config(data.path());
    let refused = |profile: &[&str], says: &str| {
        let mut args = vec![
            "--config",
            cfg.to_str().unwrap(),
            "store",
            "forget",
            "--yes",
        ];
        args.extend(profile);
        let out = run(codedeck(data.path()), &args);
        assert_eq!(code(&out), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    };
    refused(&[], "--profile NAME");
    refused(&["--profile", "nope"], "nope");
    refused(&["--profile", "empty"], "nothing to forget");
}
