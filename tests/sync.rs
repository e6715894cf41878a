//! Every fetched version kept, and only what is new fetched: `codedeck sync`, the archive in front of
//! every command, and `--offline`, against the emulator over HTTP with its request counter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use serde_json::Value;
use support::cli::{cmd, code, demo, run, stderr, stdout};

/// Five deployed versions in the demo seed.
const ACTION: &str = "Add role claims to tokens";
/// The list requests of a sync against a tenant alone: one page of actions, one of modules.
const LIST_PAGES: usize = 2;

fn counts(emu: &EmulatorHandle) -> BTreeMap<String, usize> {
    emu.requests().into_iter().collect()
}

/// The requests made between two counts, by route.
fn made(
    before: &BTreeMap<String, usize>,
    after: &BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    after
        .iter()
        .filter_map(|(route, n)| {
            let new = n - before.get(route).copied().unwrap_or(0);
            (new > 0).then(|| (route.clone(), new))
        })
        .collect()
}

/// Runs `codedeck ARGS` (it must succeed) and returns the requests it made.
fn requests_of(emu: &EmulatorHandle, data: &Path, args: &[&str]) -> BTreeMap<String, usize> {
    let before = counts(emu);
    let out = run(cmd(emu, data), args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    made(&before, &counts(emu))
}

fn total(routes: &BTreeMap<String, usize>) -> usize {
    routes.values().sum()
}

fn is_list(route: &str) -> bool {
    route.ends_with("/actions/actions") || route.ends_with("/actions/modules")
}

fn stats(emu: &EmulatorHandle, data: &Path) -> Value {
    let out = run(cmd(emu, data), &["store", "stats", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn place_stat(stats: &Value, field: &str) -> u64 {
    stats["places"][0][field].as_u64().unwrap()
}

/// Deploys version 1's content again as a new live version (a roll back), through a data dir of
/// its own so the store under test learns of it only by asking.
fn new_deploy(emu: &EmulatorHandle) {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(
        cmd(emu, elsewhere.path()),
        &["actions", "rollback", ACTION, "--to", "1", "--yes"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    emu.advance_clock(std::time::Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_stores_everything_then_fetches_only_what_is_new() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let first = requests_of(&emu, data.path(), &["sync"]);
    let stored = stats(&emu, data.path());
    let versions = place_stat(&stored, "versions");
    assert!(versions >= 20, "{stored}");
    assert_eq!(place_stat(&stored, "pruned"), 0);
    assert!(total(&first) > LIST_PAGES, "{first:?}");

    // Nothing new: the lists, and not one versions request.
    let second = requests_of(&emu, data.path(), &["sync"]);
    assert_eq!(total(&second), LIST_PAGES, "{second:?}");
    assert!(second.keys().all(|r| is_list(r)), "{second:?}");

    // One new deploy: the lists and that action's versions.
    new_deploy(&emu);
    let third = requests_of(&emu, data.path(), &["sync"]);
    assert_eq!(total(&third), LIST_PAGES + 1, "{third:?}");
    assert_eq!(
        place_stat(&stats(&emu, data.path()), "versions"),
        versions + 1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn versions_asked_twice_are_fetched_once() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let args = ["actions", "diff", ACTION, "1", "2"];
    let first = requests_of(&emu, data.path(), &args);
    assert_eq!(total(&first), 2, "the lookup and the versions: {first:?}");
    let second = requests_of(&emu, data.path(), &args);
    assert_eq!(total(&second), 1, "the lookup alone: {second:?}");
    assert!(second.keys().all(|r| is_list(r)), "{second:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_reads_the_store_sends_nothing_and_refuses_changes() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    requests_of(&emu, data.path(), &["sync"]);
    let live_diff = stdout(&run(
        cmd(&emu, data.path()),
        &["actions", "diff", ACTION, "1", "2"],
    ));

    let before = counts(&emu);
    let offline = |args: &[&str]| {
        let mut all = vec!["--offline"];
        all.extend_from_slice(args);
        run(cmd(&emu, data.path()), &all)
    };
    let list = offline(&["actions", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).contains(ACTION));
    let show = offline(&["actions", "show", ACTION]);
    assert!(show.status.success(), "{}", stderr(&show));
    let diff = offline(&["actions", "diff", ACTION, "1", "2"]);
    assert!(diff.status.success(), "{}", stderr(&diff));
    assert_eq!(stdout(&diff), live_diff);
    let modules = offline(&["modules", "list"]);
    assert!(modules.status.success(), "{}", stderr(&modules));

    let deploy = offline(&["actions", "rollback", ACTION, "--to", "1", "--yes"]);
    assert_eq!(code(&deploy), Some(2), "{}", stderr(&deploy));
    assert!(
        stderr(&deploy).contains("needs a connection"),
        "{}",
        stderr(&deploy)
    );
    let sync = offline(&["sync"]);
    assert_eq!(code(&sync), Some(2), "{}", stderr(&sync));

    assert!(
        made(&before, &counts(&emu)).is_empty(),
        "offline sent requests"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_the_service_pruned_stays_readable_and_marked() {
    let emu = emulator::spawn(EmulatorOptions {
        // The demo action has five versions: the second new one prunes version 1.
        max_action_versions: 6,
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    requests_of(&emu, data.path(), &["sync"]);
    let v1 = stdout(&run(
        cmd(&emu, data.path()),
        &["actions", "diff", ACTION, "1", "2"],
    ));
    new_deploy(&emu);
    new_deploy(&emu);
    let out = run(cmd(&emu, data.path()), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 newly marked pruned"),
        "{}",
        stdout(&out)
    );
    assert_eq!(place_stat(&stats(&emu, data.path()), "pruned"), 1);

    let out = run(
        cmd(&emu, data.path()),
        &["actions", "diff", ACTION, "1", "2"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), v1);
    // A store that never saw it cannot show it.
    let fresh = tempfile::tempdir().unwrap();
    let out = run(
        cmd(&emu, fresh.path()),
        &["actions", "diff", ACTION, "1", "2"],
    );
    assert!(!out.status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_that_cannot_be_used_is_said_and_the_command_works_live() {
    let emu = demo().await;
    // A corrupt file.
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("history.sqlite3");
    std::fs::write(
        &file,
        b"this is not a database, and it is longer than a header",
    )
    .unwrap();
    let out = run(cmd(&emu, data.path()), &["actions", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(ACTION));
    assert!(stderr(&out).contains("history store"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"this is not a database, and it is longer than a header"
    );
    // A data dir that cannot be made (a file is in the way: root ignores permissions).
    let blocked = tempfile::tempdir().unwrap();
    let in_the_way = blocked.path().join("data");
    std::fs::write(&in_the_way, b"").unwrap();
    let out = run(
        cmd(&emu, &in_the_way),
        &["actions", "diff", ACTION, "1", "2"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("history store"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_syncing_one_store_both_succeed() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            let mut c = cmd(&emu, data.path());
            c.arg("sync")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            c.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    }
    let stored = stats(&emu, data.path());
    assert!(place_stat(&stored, "versions") >= 20, "{stored}");
    // Both stored the same versions once.
    let again = requests_of(&emu, data.path(), &["sync"]);
    assert_eq!(total(&again), LIST_PAGES, "{again:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn all_profiles_syncs_each_and_names_the_one_that_failed() {
    let dev = demo().await;
    let prod = demo().await;
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    let profile = |name: &str, emu: &EmulatorHandle| {
        format!(
            "[profiles.{name}]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n",
            emu.base_url(),
            emu.token()
        )
    };
    private_file(
        &config,
        &format!("{}{}", profile("dev", &dev), profile("prod", &prod)),
    );
    let config = config.to_str().unwrap();
    let out = run(
        cmd(&dev, data.path()),
        &["sync", "--all-profiles", "--config", config],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    let stored = stats(&dev, data.path());
    assert_eq!(stored["places"].as_array().unwrap().len(), 2, "{stored}");

    // One tenant down: the other is still synced, and the command exits 1 naming it.
    let down = format!(
        "{}[profiles.down]\nauth0_domain = \"http://127.0.0.1:1\"\nauth0_api_token = \"x\"\n",
        profile("dev", &dev)
    );
    let config = data.path().join("down.toml");
    private_file(&config, &down);
    let out = run(
        cmd(&dev, data.path()),
        &[
            "sync",
            "--all-profiles",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("auth0 127.0.0.1:"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("not synced"), "{}", stderr(&out));
}

/// A config file holding secrets must be the owner's alone.
fn private_file(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// FairCom's actions a sync sent, by name.
fn faircom_actions(emu: &EmulatorHandle) -> BTreeMap<String, usize> {
    let mut sent = BTreeMap::new();
    for call in emu.faircom_calls() {
        *sent.entry(call.action.clone()).or_insert(0) += 1;
    }
    sent
}

#[tokio::test(flavor = "multi_thread")]
async fn a_faircom_sync_fetches_each_history_once() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let fc = || {
        let mut c = support::cli::bin();
        c.env("FAIRCOM_URL", emu.faircom_url())
            .env("FAIRCOM_USERNAME", emu.faircom_username())
            .env("FAIRCOM_PASSWORD", emu.faircom_password().expose())
            .env("CODEDECK_DATA_DIR", data.path());
        c
    };
    let out = run(fc(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = faircom_actions(&emu);
    let out = run(fc(), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(" 0 new versions"), "{}", stdout(&out));
    let second = faircom_actions(&emu);
    let again: BTreeMap<_, _> = second
        .iter()
        .filter_map(|(action, n)| {
            let new = n - first.get(action).copied().unwrap_or(0);
            (new > 0).then(|| (action.clone(), new))
        })
        .collect();
    // A session, the list, its end: no history asked for again.
    assert!(
        again
            .keys()
            .all(|a| !a.contains("History") && !a.contains("describe")),
        "{again:?}"
    );
    let offline = run(
        fc(),
        &["--offline", "packages", "history", "convertTemperature"],
    );
    assert!(offline.status.success(), "{}", stderr(&offline));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_that_comes_back_with_other_code_is_said_and_both_are_kept() {
    use codedeck::store::{ObjectKind, Place, Store};
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let backend = support::dashboard::both(&emu);
    let listed = backend
        .list_actions(&codedeck::model::ActionFilter::default())
        .await
        .unwrap();
    let id = listed.iter().find(|a| a.name == ACTION).unwrap().id.clone();
    let action = backend.get_action(&id).await.unwrap();
    let mut versions = backend.list_action_versions(&id).await.unwrap();
    let first = versions.iter().position(|v| v.number == 1).unwrap();
    let mut v1 = versions.swap_remove(first);
    let served = v1.code.clone();
    // Stored earlier with other code under the same id (what a service that rewrote history gives).
    v1.code = "// not what the service holds now".into();
    let tenant = Place::auth0(&emu.base_url());
    let mut store = Store::open(Store::path_in(data.path())).unwrap();
    store
        .record_action_versions(&tenant, &action, &[v1])
        .unwrap();
    drop(store);

    let out = run(cmd(&emu, data.path()), &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("v1 came back with other code than the code stored for it"),
        "the conflict is said: {}",
        stderr(&out)
    );
    let store = Store::open(Store::path_in(data.path())).unwrap();
    let kept = store.action_versions(&tenant, &id).unwrap();
    let v1 = kept.iter().find(|v| v.number == 1).unwrap();
    assert_eq!(
        v1.code, "// not what the service holds now",
        "the first is never overwritten"
    );
    let other = store.conflicts(&tenant, ObjectKind::Action, &id).unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].code, served, "the other code is kept beside it");
}
