//! Changes whose answer is lost: the real binary talks to the emulator through a hostile proxy that
//! lets the server APPLY the change, then spoils the answer (500, reset, truncated 200; a stall past
//! a short timeout at the library level). The CLI must read the object back, say what happened,
//! exit 1, and journal what it found; what it cannot find out is journaled as unknown and settled
//! by the next command. Also: the journal's intent/outcome entries, a torn last line, the demo's
//! own journal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use serde_json::Value;
use support::cli::{bin, code, demo, json, raw_get, run, stderr, stdout};
use support::proxy::{self, Proxy, Spoil};

/// Built draft, five deployed versions in the demo seed.
const BUILT: &str = "Add role claims to tokens";
/// Five versions, active, in faircom/admin.
const FIVE: &str = "convertTemperature";

/// The binary talking to the Auth0 API through `proxy`, journaling into `data`.
fn via(emu: &EmulatorHandle, proxy: &Proxy, data: &Path) -> Command {
    let mut c = bin();
    c.env("AUTH0_DOMAIN", &proxy.url)
        .env("AUTH0_API_TOKEN", emu.token())
        .env("CODEDECK_DATA_DIR", data);
    c
}

/// The binary talking to the FairCom API through `proxy`, journaling into `data`.
fn fc_via(emu: &EmulatorHandle, proxy: &Proxy, data: &Path) -> Command {
    let mut c = bin();
    c.env("FAIRCOM_URL", format!("{}/api", proxy.url))
        .env("FAIRCOM_USERNAME", emu.faircom_username())
        .env("FAIRCOM_PASSWORD", emu.faircom_password().expose())
        .env("CODEDECK_DATA_DIR", data);
    c
}

/// `codedeck journal --json [--all]` on this data dir.
fn journal_of(data: &Path, all: bool) -> Vec<Value> {
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data);
    let args: &[&str] = if all {
        &["journal", "--json", "--all"]
    } else {
        &["journal", "--json"]
    };
    json(&run(c, args)).as_array().unwrap().clone()
}

/// Each journaled change as (operation, outcome).
fn operations(entries: &[Value]) -> Vec<(&str, &str)> {
    entries
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect()
}

async fn action_named(emu: &EmulatorHandle, name: &str) -> Value {
    let list = raw_get(emu, "/actions/actions?per_page=100").await;
    let id = list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    raw_get(emu, &format!("/actions/actions/{id}")).await
}

fn live(action: &Value) -> (u64, bool) {
    (
        action["deployed_version"]["number"].as_u64().unwrap(),
        action["deployed_version"]["deployed"] == true,
    )
}

/// Deploys take no time, so "live" is what the server says at once.
async fn quick_emulator() -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        deploy_duration: Duration::ZERO,
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deploy_the_server_made_but_whose_answer_was_lost_is_said_live_and_journaled_done() {
    for spoil in [Spoil::Error500, Spoil::Reset, Spoil::Truncate] {
        let emu = quick_emulator().await;
        let proxy = proxy::start(&emu.base_url()).await;
        let data = tempfile::tempdir().unwrap();
        let before = action_named(&emu, BUILT).await;
        let (was, _) = live(&before);
        let id = before["id"].as_str().unwrap();
        proxy.arm(
            "POST",
            &format!("/api/v2/actions/actions/{id}/deploy"),
            spoil,
        );

        let o = run(
            via(&emu, &proxy, data.path()),
            &["actions", "deploy", BUILT, "--wait", "--yes"],
        );
        assert!(
            proxy.all_fired(),
            "{spoil:?}: the deploy went through the proxy"
        );
        let new = was + 1;
        assert_eq!(
            live(&action_named(&emu, BUILT).await),
            (new, true),
            "{spoil:?}"
        );
        assert_eq!(code(&o), Some(1), "{spoil:?}: {}", stderr(&o));
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(
            out.contains(&format!("version {new} is live")),
            "{spoil:?}: {out}"
        );
        assert!(
            err.contains(&format!(
                "the deploy of '{BUILT}' WAS MADE: version {new} is live"
            )),
            "{spoil:?}: {err}"
        );
        assert!(!err.contains("was not deployed"), "{spoil:?}: {err}");

        let entries = journal_of(data.path(), false);
        assert_eq!(entries.len(), 1, "{spoil:?}: {entries:#?}");
        assert_eq!(entries[0]["outcome"], "done");
        assert_eq!(entries[0]["after"]["version_number"].as_u64(), Some(new));
        let all = journal_of(data.path(), true);
        let outcomes: Vec<&str> = all.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, ["intent", "done"], "{spoil:?}");
        assert!(
            all[1]["note"].as_str().unwrap().contains("answer lost"),
            "{all:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_and_a_publish_whose_answers_were_lost_are_read_back() {
    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    let before = action_named(&emu, BUILT).await;
    let (was, _) = live(&before);
    let id = before["id"].as_str().unwrap();
    proxy.arm(
        "POST",
        &format!("/api/v2/actions/actions/{id}/versions/"),
        Spoil::Error500,
    );
    let o = run(
        via(&emu, &proxy, data.path()),
        &["actions", "rollback", BUILT, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(live(&action_named(&emu, BUILT).await), (was + 1, true));
    assert!(
        stdout(&o).contains(&format!("version {} ", was + 1)),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("WAS MADE"), "{}", stderr(&o));

    // A module publish: one request, its 200 cut short.
    let modules = raw_get(&emu, "/actions/modules?per_page=100").await;
    let module = modules["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["all_changes_published"] == false)
        .expect("a module with an unpublished draft")
        .clone();
    let (name, mid) = (
        module["name"].as_str().unwrap(),
        module["id"].as_str().unwrap(),
    );
    let full = raw_get(&emu, &format!("/actions/modules/{mid}")).await;
    let latest = full["latest_version"]["version_number"]
        .as_u64()
        .unwrap_or(0);
    proxy.arm(
        "POST",
        &format!("/api/v2/actions/modules/{mid}/versions"),
        Spoil::Truncate,
    );
    let o = run(
        via(&emu, &proxy, data.path()),
        &["modules", "publish", name, "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "the publish of module '{name}' WAS MADE: version {} is the newest",
            latest + 1
        )),
        "{err}"
    );
    let now = raw_get(&emu, &format!("/actions/modules/{mid}")).await;
    assert_eq!(
        now["latest_version"]["version_number"].as_u64(),
        Some(latest + 1)
    );
    let entries = journal_of(data.path(), false);
    let ops = operations(&entries);
    assert_eq!(
        ops,
        [("action_rollback", "done"), ("module_publish", "done")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_whose_read_back_fails_too_is_unknown_then_settled_by_the_next_command() {
    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    let before = action_named(&emu, BUILT).await;
    let (was, _) = live(&before);
    let id = before["id"].as_str().unwrap();
    proxy.arm(
        "POST",
        &format!("/api/v2/actions/actions/{id}/deploy"),
        Spoil::Error500,
    );
    proxy.arm(
        "GET",
        &format!("/api/v2/actions/actions/{id}"),
        Spoil::Error500,
    );

    let o = run(
        via(&emu, &proxy, data.path()),
        &["actions", "deploy", BUILT, "--yes"],
    );
    assert!(proxy.all_fired());
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "OUTCOME UNKNOWN: the deploy of '{BUILT}' may or may not have been made"
        )),
        "{err}"
    );
    let entries = journal_of(data.path(), false);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0]["outcome"], "unknown");
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path());
    let table = run(c, &["journal"]);
    assert!(stdout(&table).contains("UNKNOWN"), "{}", stdout(&table));
    assert!(
        stderr(&table).contains("1 change(s) above have an UNKNOWN outcome"),
        "{}",
        stderr(&table)
    );

    // The next command against the tenant reads it back and records what it finds.
    let o = run(via(&emu, &proxy, data.path()), &["actions", "list"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("checked an earlier change whose outcome was unknown — deploy of"),
        "{}",
        stderr(&o)
    );
    let entries = journal_of(data.path(), false);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0]["outcome"], "done");
    assert_eq!(
        entries[0]["after"]["version_number"].as_u64(),
        Some(was + 1)
    );
    let all = journal_of(data.path(), true);
    let outcomes: Vec<&str> = all.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["intent", "unknown", "done"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_deploy_is_not_done_and_lists_no_change() {
    let emu = quick_emulator().await;
    let data = tempfile::tempdir().unwrap();
    let o = run(
        support::cli::cmd(&emu, data.path()),
        &["actions", "deploy", "Validate signup metadata", "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(journal_of(data.path(), false).is_empty());
    let all = journal_of(data.path(), true);
    let outcomes: Vec<&str> = all.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["intent", "not_done"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bindings_whose_answer_was_lost_are_read_back() {
    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    proxy.arm(
        "PATCH",
        "/api/v2/actions/triggers/post-login/bindings",
        Spoil::Reset,
    );
    let o = run(
        via(&emu, &proxy, data.path()),
        &[
            "bindings",
            "move",
            "post-login",
            "Geo-block sanctioned countries",
            "--to",
            "1",
            "--yes",
        ],
    );
    assert!(proxy.all_fired());
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the new order of post-login WAS MADE: the order is now Geo-block"),
        "{err}"
    );
    let entries = journal_of(data.path(), false);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["outcome"], "done");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faircom_revert_and_status_whose_answers_were_corrupted_are_read_back() {
    let emu = demo().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    let current = |emu: &EmulatorHandle| {
        emu.with_faircom_store(|s| {
            let p = s.packages.iter().find(|p| p.name == FIVE).unwrap();
            (p.current.number, p.current.status.clone())
        })
    };
    let (was, _) = current(&emu);
    proxy.arm_body("POST", "/api", Some("revertCodePackage"), Spoil::Truncate);
    let o = run(
        fc_via(&emu, &proxy, data.path()),
        &["packages", "revert", FIVE, "--to", "2", "--yes"],
    );
    assert!(proxy.all_fired());
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(current(&emu).0, was + 1);
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "the revert of package '{FIVE}' to version 2 WAS MADE: the current version is {}",
            was + 1
        )),
        "{err}"
    );

    proxy.arm_body("POST", "/api", Some("alterCodePackage"), Spoil::Error500);
    let o = run(
        fc_via(&emu, &proxy, data.path()),
        &["packages", "status", FIVE, "inactive", "--yes"],
    );
    assert!(proxy.all_fired());
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(current(&emu).1, "inactive");
    assert!(
        stderr(&o).contains(&format!("setting package '{FIVE}' to inactive WAS MADE")),
        "{}",
        stderr(&o)
    );
    let entries = journal_of(data.path(), false);
    let ops = operations(&entries);
    assert_eq!(
        ops,
        [("package_revert", "done"), ("package_status", "done")]
    );
}

/// At the library level, with a short timeout: a deploy whose answer never comes is read back by
/// the one shared function the CLI uses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deploy_stalled_past_the_timeout_is_settled_by_reading_it_back() {
    use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
    use codedeck::backend::Backend;
    use codedeck::journal::{Entry, ObjectKind, Operation, Outcome, Snapshot};
    use codedeck::outcome::{settle, Known};

    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let before = action_named(&emu, BUILT).await;
    let (was, _) = live(&before);
    let id = before["id"].as_str().unwrap().to_string();
    proxy.arm(
        "POST",
        &format!("/api/v2/actions/actions/{id}/deploy"),
        Spoil::Stall,
    );
    let mut config = Auth0Config::new(
        parse_base_url(&proxy.url).unwrap(),
        Credentials::Token(codedeck::secret::Secret::new(emu.token())),
    );
    config.timeout = Duration::from_millis(500);
    let client = Auth0Client::new(config).unwrap();

    let err = client.deploy_action(&id).await.unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    let intent = Entry {
        at: chrono::Utc::now(),
        profile: "env".into(),
        tenant: proxy.url.clone(),
        kind: ObjectKind::Action,
        object_id: id.clone(),
        object_name: BUILT.into(),
        operation: Operation::ActionDeploy,
        before: Snapshot {
            version_number: Some(was as u32),
            ..Snapshot::default()
        },
        after: Snapshot::default(),
        undo: false,
        change: Some("c".into()),
        outcome: Outcome::Intent,
        note: None,
        promoted_from: None,
        undoes: None,
    };
    match settle(&client, &intent).await {
        Known::Done(after) => assert_eq!(after.version_number, Some(was as u32 + 1)),
        other => panic!("the deploy was made: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_torn_last_line_is_repaired_by_the_next_append_and_reported_by_number() {
    let emu = quick_emulator().await;
    let data = tempfile::tempdir().unwrap();
    let o = run(
        support::cli::cmd(&emu, data.path()),
        &["actions", "rollback", BUILT, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    // A process killed while writing its line.
    use std::io::Write;
    let path = data.path().join("journal.jsonl");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(br#"{"at":"2026-12-04T10:00:00Z","profile":"#)
        .unwrap();
    drop(file);
    let o = run(
        support::cli::cmd(&emu, data.path()),
        &["actions", "rollback", BUILT, "--to", "2", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));

    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path());
    let o = run(c, &["journal", "--json"]);
    let entries: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        entries.len(),
        2,
        "the change after the torn line is there: {entries:#?}"
    );
    assert_eq!(entries[1]["outcome"], "done");
    let err = stderr(&o);
    assert!(
        err.contains("1 line of the journal") && err.contains("(line 3)"),
        "the torn line is reported by number: {err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_run_never_sees_an_earlier_demo_runs_changes_nor_writes_the_real_journal() {
    let data = tempfile::tempdir().unwrap();
    let demo_cmd = || {
        let mut c = bin();
        c.env("CODEDECK_DATA_DIR", data.path()).arg("--demo");
        c
    };
    let o = run(
        demo_cmd(),
        &["actions", "rollback", BUILT, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let entries = json(&run(demo_cmd(), &["journal", "--json"]));
    assert_eq!(
        entries.as_array().unwrap().len(),
        1,
        "this run's change: {entries:#}"
    );

    // A second demo run starts with an empty journal of its own.
    let o = run(demo_cmd(), &["actions", "list"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let entries = json(&run(demo_cmd(), &["journal", "--json"]));
    assert_eq!(
        entries,
        serde_json::json!([]),
        "an earlier run's change is not this run's"
    );
    assert!(
        journal_of(data.path(), true).is_empty(),
        "real tenants' journal untouched"
    );
}

async fn module_named(emu: &EmulatorHandle, name: &str) -> Option<Value> {
    let list = raw_get(emu, "/actions/modules").await;
    list["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .cloned()
}

/// `actions create` and `modules create` whose answer was lost after the server created the
/// object: read back by name, said as made (exit 1), journaled intent then done with the new id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_the_server_made_but_whose_answer_was_lost_is_found_by_name_and_journaled() {
    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let code_file = dir.path().join("m.js");
    std::fs::write(&code_file, "module.exports = {};\n").unwrap();

    proxy.arm("POST", "/api/v2/actions/actions", Spoil::Error500);
    let o = run(
        via(&emu, &proxy, data.path()),
        &[
            "actions",
            "create",
            "--name",
            "Lost answer",
            "--trigger",
            "post-login",
        ],
    );
    assert!(proxy.all_fired(), "the create went through the proxy");
    let made = action_named(&emu, "Lost answer").await;
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the creation of action 'Lost answer' WAS MADE: it exists now"),
        "{}",
        stderr(&o)
    );

    proxy.arm("POST", "/api/v2/actions/modules", Spoil::Reset);
    let o = run(
        via(&emu, &proxy, data.path()),
        &[
            "modules",
            "create",
            "--name",
            "lost-module",
            "--code-file",
            code_file.to_str().unwrap(),
        ],
    );
    assert!(proxy.all_fired(), "the create went through the proxy");
    let module = module_named(&emu, "lost-module").await.expect("created");
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the creation of module 'lost-module' WAS MADE: it exists now"),
        "{}",
        stderr(&o)
    );

    let all = journal_of(data.path(), true);
    let seen: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|e| {
            (
                e["object_name"].as_str().unwrap(),
                e["operation"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Lost answer", "create", "intent"),
            ("Lost answer", "create", "done"),
            ("lost-module", "create", "intent"),
            ("lost-module", "create", "done"),
        ],
        "{all:#?}"
    );
    assert_eq!(
        all[1]["object_id"], made["id"],
        "the done entry names the new id"
    );
    assert_eq!(all[3]["object_id"], module["id"]);
    assert!(
        all[1]["note"].as_str().unwrap().contains("answer lost"),
        "{all:#?}"
    );
}

/// `modules update` and `actions update` whose answer was lost after the server changed the draft:
/// the draft is read back and compared with what was asked; made, exit 1, journaled done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_edit_whose_answer_was_lost_is_read_back_against_what_was_asked() {
    let emu = quick_emulator().await;
    let proxy = proxy::start(&emu.base_url()).await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let code_file = dir.path().join("new.js");
    let new_code = "// edited while the answer was lost\nmodule.exports = {};\n";
    std::fs::write(&code_file, new_code).unwrap();
    let module = module_named(&emu, "http-helpers").await.unwrap();
    let action = action_named(&emu, BUILT).await;

    let cases = [
        (
            "module",
            "http-helpers",
            format!("/api/v2/actions/modules/{}", module["id"].as_str().unwrap()),
            Spoil::Reset,
        ),
        (
            "action",
            BUILT,
            format!("/api/v2/actions/actions/{}", action["id"].as_str().unwrap()),
            Spoil::Error500,
        ),
    ];
    for (kind, name, path, spoil) in &cases {
        proxy.arm("PATCH", path, *spoil);
        let o = run(
            via(&emu, &proxy, data.path()),
            &[
                &format!("{kind}s"),
                "update",
                name,
                "--code-file",
                code_file.to_str().unwrap(),
                "--yes",
            ],
        );
        assert!(proxy.all_fired(), "{kind}: the edit went through the proxy");
        let now = raw_get(&emu, &path.replace("/api/v2", "")).await;
        assert_eq!(
            now["code"], new_code,
            "{kind}: the server changed the draft"
        );
        assert_eq!(code(&o), Some(1), "{kind}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "the draft edit of {kind} '{name}' WAS MADE: the draft holds the new code"
            )),
            "{kind}: {}",
            stderr(&o)
        );
    }
    let all = journal_of(data.path(), true);
    let outcomes: Vec<&str> = all.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["intent", "done", "intent", "done"], "{all:#?}");
    assert!(
        all.iter().all(|e| e["operation"] == "draft_edit"),
        "{all:#?}"
    );
}

/// A draft edit left open in the journal (its answer lost, its process gone) is checked from the
/// journal alone by any later run: the entry holds what the edit asked for, the code as a hash.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_draft_edit_is_settled_from_the_journal_alone_and_keeps_no_code() {
    use codedeck::authoring::{read_draft, send_draft_change, Owner};
    use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
    use codedeck::journal::{AskedDraft, Entry, ObjectKind, Operation, Outcome, Snapshot};
    use codedeck::model::{DraftChange, SecretInput};
    use codedeck::outcome::{settle, Known};

    let emu = quick_emulator().await;
    let client = Auth0Client::new(Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(codedeck::secret::Secret::new(emu.token())),
    ))
    .unwrap();
    let id = action_named(&emu, BUILT).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let intent_for = |seen: &codedeck::model::DraftState, change: &DraftChange| {
        let asked = AskedDraft::of(change);
        Entry {
            at: chrono::Utc::now(),
            profile: "env".into(),
            tenant: emu.base_url(),
            kind: ObjectKind::Action,
            object_id: id.clone(),
            object_name: BUILT.into(),
            operation: Operation::DraftEdit,
            before: Snapshot {
                asked: Some(asked.seen_in(seen)),
                ..Snapshot::default()
            },
            after: Snapshot {
                asked: Some(asked),
                ..Snapshot::default()
            },
            undo: false,
            change: Some("c".into()),
            outcome: Outcome::Intent,
            note: None,
            promoted_from: None,
            undoes: None,
        }
    };

    let seen = read_draft(&client, Owner::Action, &id).await.unwrap();
    let new_code = "exports.onExecutePostLogin = async () => { /* the lost edit */ };\n";
    let edit = DraftChange::code(new_code);
    let intent = intent_for(&seen, &edit);
    let line = serde_json::to_string(&intent).unwrap();
    assert!(
        !line.contains("the lost edit"),
        "no code in the journal: {line}"
    );

    // Not sent: the draft does not hold it.
    assert_eq!(settle(&client, &intent).await, Known::NotDone);
    // Made (the answer lost): the draft holds it.
    send_draft_change(&client, Owner::Action, &id, &edit)
        .await
        .unwrap();
    assert!(matches!(settle(&client, &intent).await, Known::Done(_)));

    // An edit that only gives the secrets new values cannot be told from the draft.
    let seen = read_draft(&client, Owner::Action, &id).await.unwrap();
    let values_only = DraftChange {
        secrets: Some(
            seen.secrets
                .iter()
                .map(|s| SecretInput {
                    name: s.name.clone(),
                    value: Some(codedeck::secret::Secret::new("a-new-value-1234")),
                })
                .collect(),
        ),
        ..DraftChange::default()
    };
    assert!(matches!(
        settle(&client, &intent_for(&seen, &values_only)).await,
        Known::Unknown(_)
    ));
}
