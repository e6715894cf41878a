//! The version commands — diff, deploy, rollback, publish — and the journal, run as the real binary
//! against an emulator over loopback HTTP. Every check of a change reads the server back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use codedeck::emulator::EmulatorHandle;
use serde_json::Value;
use support::cli::{bin, cmd, code, demo, json, raw_get, run, stderr, stdout};

/// Built draft, five deployed versions in the demo seed.
const BUILT: &str = "Add role claims to tokens";
/// Its draft failed to build.
const FAILED: &str = "Validate signup metadata";
/// Never deployed.
const NEVER_DEPLOYED: &str = "Block legacy user agents";

/// An action or module (`collection`: `actions` or `modules`) as the server holds it, by name.
async fn on_server(emu: &EmulatorHandle, collection: &str, name: &str) -> Value {
    let list = raw_get(emu, &format!("/actions/{collection}?per_page=100")).await;
    let found = list[collection]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("the demo has {name}"));
    let id = found["id"].as_str().unwrap();
    raw_get(emu, &format!("/actions/{collection}/{id}")).await
}

async fn versions_on_server(emu: &EmulatorHandle, collection: &str, object: &Value) -> Vec<Value> {
    let id = object["id"].as_str().unwrap();
    let path = format!("/actions/{collection}/{id}/versions?per_page=100");
    raw_get(emu, &path).await["versions"]
        .as_array()
        .unwrap()
        .clone()
}

async fn server_action(emu: &EmulatorHandle, name: &str) -> Value {
    on_server(emu, "actions", name).await
}

async fn server_versions(emu: &EmulatorHandle, action: &Value) -> Vec<Value> {
    versions_on_server(emu, "actions", action).await
}

async fn server_module(emu: &EmulatorHandle, name: &str) -> Value {
    on_server(emu, "modules", name).await
}

async fn module_versions(emu: &EmulatorHandle, module: &Value) -> Vec<Value> {
    versions_on_server(emu, "modules", module).await
}

fn live_number(action: &Value) -> Option<u64> {
    action["deployed_version"]["number"].as_u64()
}

/// Action versions carry `number`, module versions `version_number` (as on the wire).
fn version_code(versions: &[Value], number: u64) -> String {
    versions
        .iter()
        .find(|v| (v["number"].as_u64().or(v["version_number"].as_u64())) == Some(number))
        .unwrap_or_else(|| panic!("version {number} exists"))["code"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A module with at least two published versions, by name.
async fn module_with_history(emu: &EmulatorHandle) -> String {
    let list = raw_get(emu, "/actions/modules?per_page=100").await;
    list["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["latest_version"]["version_number"].as_u64() >= Some(2))
        .expect("the demo has a module with several versions")["name"]
        .as_str()
        .unwrap()
        .to_string()
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn action_rollback_with_yes_makes_that_content_live_as_a_new_version() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server_action(&emu, BUILT).await;
    let was = live_number(&before).expect("deployed");
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "rollback", BUILT, "--to", "2", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let new = was + 1;
    assert!(
        stdout(&o).contains(&format!(
            "Rolled back '{BUILT}': version {new} (content of version 2) is live; was version {was}"
        )),
        "{}",
        stdout(&o)
    );

    // The CLI and the server agree: a new version with version 2's content is live.
    let shown = json(&run(
        cmd(&emu, data.path()),
        &["actions", "show", BUILT, "--json"],
    ));
    assert_eq!(live_number(&shown), Some(new));
    let after = server_action(&emu, BUILT).await;
    assert_eq!(live_number(&after), Some(new));
    assert_eq!(after["deployed_version"]["deployed"], true);
    let versions = server_versions(&emu, &after).await;
    assert_eq!(version_code(&versions, new), version_code(&versions, 2));
    let listed = json(&run(cmd(&emu, data.path()), &["actions", "list", "--json"]));
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == BUILT)
        .unwrap();
    assert_eq!(live_number(row), Some(new));

    let journal = json(&run(cmd(&emu, data.path()), &["journal", "--json"]));
    let entries = journal.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{journal:#}");
    let e = &entries[0];
    assert_eq!(e["operation"], "action_rollback");
    assert_eq!(e["object_name"], BUILT);
    assert_eq!(e["object_id"], after["id"]);
    assert_eq!(e["profile"], "env", "connected from AUTH0_* variables");
    assert_eq!(e["before"]["version_number"].as_u64(), Some(was));
    assert_eq!(e["before"]["version_id"], before["deployed_version"]["id"]);
    assert_eq!(e["after"]["version_number"].as_u64(), Some(new));
    assert_eq!(e["after"]["version_id"], after["deployed_version"]["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_without_yes_and_without_a_terminal_are_refused_and_change_nothing() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let action = server_action(&emu, BUILT).await;
    let module_name = module_with_history(&emu).await;
    let module = server_module(&emu, &module_name).await;
    let action_versions = server_versions(&emu, &action).await.len();
    let published = module_versions(&emu, &module).await.len();
    let claims = server_module(&emu, "claims-utils").await;

    // `output()` gives the child no terminal on stdin.
    for args in [
        vec!["actions", "rollback", BUILT, "--to", "2"],
        vec!["actions", "deploy", BUILT],
        vec!["actions", "deploy", BUILT, "--wait"],
        vec!["modules", "rollback", &module_name, "--to", "1"],
        vec!["modules", "publish", "claims-utils"],
    ] {
        let o = run(cmd(&emu, data.path()), &args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("--yes") && stderr(&o).contains("nothing changed"),
            "{args:?}: {}",
            stderr(&o)
        );
    }

    let action_after = server_action(&emu, BUILT).await;
    assert_eq!(live_number(&action_after), live_number(&action));
    assert_eq!(
        server_versions(&emu, &action_after).await.len(),
        action_versions
    );
    let module_after = server_module(&emu, &module_name).await;
    assert_eq!(module_after["code"], module["code"]);
    assert_eq!(module_versions(&emu, &module_after).await.len(), published);
    let claims_after = server_module(&emu, "claims-utils").await;
    assert_eq!(claims_after["latest_version"], claims["latest_version"]);
    assert!(
        !data.path().join("journal.jsonl").exists(),
        "nothing was journaled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_wait_follows_a_built_draft_until_live() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server_action(&emu, BUILT).await;
    let was = live_number(&before).unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "deploy", BUILT, "--wait", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let new = was + 1;
    assert!(
        stdout(&o).contains(&format!(
            "Deployed '{BUILT}': version {new} is live; was version {was}"
        )),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains(&format!("version {new} created")),
        "progress goes to stderr: {}",
        stderr(&o)
    );
    let after = server_action(&emu, BUILT).await;
    assert_eq!(live_number(&after), Some(new));
    assert_eq!(after["deployed_version"]["deployed"], true);
    assert_eq!(
        after["deployed_version"]["code"], before["code"],
        "the draft went live"
    );

    let journal = json(&run(cmd(&emu, data.path()), &["journal", "--json"]));
    let e = &journal.as_array().unwrap()[0];
    assert_eq!(e["operation"], "action_deploy");
    assert_eq!(e["before"]["version_number"].as_u64(), Some(was));
    assert_eq!(e["after"]["version_number"].as_u64(), Some(new));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploying_a_draft_that_failed_to_build_says_so_and_exits_1() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server_action(&emu, FAILED).await;
    for args in [
        vec!["actions", "deploy", FAILED, "--yes"],
        vec!["actions", "deploy", FAILED, "--yes", "--wait"],
    ] {
        let o = run(cmd(&emu, data.path()), &args);
        assert_eq!(code(&o), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(FAILED) && err.contains("failed to build") && err.contains("fix the code"),
            "{args:?}: {err}"
        );
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    }
    let after = server_action(&emu, FAILED).await;
    assert_eq!(live_number(&after), live_number(&before));
    let listed = json(&run(cmd(&emu, data.path()), &["journal", "--json"]));
    assert_eq!(listed, serde_json::json!([]), "no change listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_rollback_replaces_the_draft_then_publish_makes_it_a_version_and_the_journal_lists_both(
) {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let name = module_with_history(&emu).await;
    let before = server_module(&emu, &name).await;
    let versions = module_versions(&emu, &before).await;
    let latest = before["latest_version"]["version_number"].as_u64().unwrap();
    let v1 = version_code(&versions, 1);
    let old_draft = before["code"].as_str().unwrap().to_string();
    assert_ne!(old_draft, v1, "the seed's draft is not version 1");

    let o = run(
        cmd(&emu, data.path()),
        &["modules", "rollback", &name, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("DRAFT") && out.contains("nothing was published"),
        "{out}"
    );
    let rolled = server_module(&emu, &name).await;
    assert_eq!(rolled["code"].as_str().unwrap(), v1);
    assert_eq!(
        module_versions(&emu, &rolled).await.len(),
        versions.len(),
        "no version was published"
    );
    // The replaced draft is saved where the output says, byte for byte, readable by the owner only.
    let saved_line = out
        .lines()
        .find(|l| l.contains("saved in "))
        .expect("the saved draft's path is printed");
    let saved = Path::new(saved_line.rsplit("saved in ").next().unwrap().trim());
    assert!(saved.starts_with(data.path()), "{}", saved.display());
    assert_eq!(std::fs::read_to_string(saved).unwrap(), old_draft);
    #[cfg(unix)]
    assert_private(saved);

    let o = run(
        cmd(&emu, data.path()),
        &["modules", "publish", &name, "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let next = latest + 1;
    assert!(
        stdout(&o).contains(&format!(
            "Published module '{name}': version {next} (was version {latest})"
        )),
        "{}",
        stdout(&o)
    );
    let published = server_module(&emu, &name).await;
    assert_eq!(
        published["latest_version"]["version_number"].as_u64(),
        Some(next)
    );
    assert_eq!(
        version_code(&module_versions(&emu, &published).await, next),
        v1
    );

    // Nothing left to publish: said, not sent.
    let o = run(
        cmd(&emu, data.path()),
        &["modules", "publish", &name, "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing changed"), "{}", stderr(&o));

    let journal = json(&run(cmd(&emu, data.path()), &["journal", "--json"]));
    let entries = journal.as_array().unwrap();
    let ops: Vec<&str> = entries
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["module_rollback", "module_publish"]);
    assert_eq!(entries[0]["after"]["version_number"], 1);
    assert_eq!(
        entries[0]["before"]["saved_draft"].as_str(),
        Some(saved.to_str().unwrap())
    );
    assert_eq!(
        entries[1]["before"]["version_number"].as_u64(),
        Some(latest)
    );
    assert_eq!(entries[1]["after"]["version_number"].as_u64(), Some(next));

    let table = stdout(&run(cmd(&emu, data.path()), &["journal"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("WHEN"), "{table}");
    assert!(
        lines[1].contains(&name)
            && lines[1].contains("draft rollback")
            && lines[1].contains("draft = v1")
            && lines[1].contains(&emu.base_url()),
        "{table}"
    );
    assert!(
        lines[2].contains("publish") && lines[2].contains(&format!("v{latest} → v{next}")),
        "{table}"
    );
    #[cfg(unix)]
    assert_private(&data.path().join("journal.jsonl"));
}

#[test]
fn an_empty_journal_is_a_friendly_line() {
    let data = tempfile::tempdir().unwrap();
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path());
    let o = run(c, &["journal"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the journal is empty"),
        "{}",
        stderr(&o)
    );
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path());
    assert_eq!(json(&run(c, &["journal", "--json"])), serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_cannot_be_journaled_first_is_not_sent() {
    let emu = demo().await;
    let dir = tempfile::tempdir().unwrap();
    // A file where the data dir should be: the journal cannot be created under it.
    let blocked = dir.path().join("not-a-dir");
    std::fs::write(&blocked, "").unwrap();
    let before = server_action(&emu, BUILT).await;
    let o = run(
        cmd(&emu, &blocked),
        &["actions", "rollback", BUILT, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("nothing was sent: the change could not be recorded in the journal first")
            && err.contains(&blocked.join("journal.jsonl").display().to_string()),
        "{err}"
    );
    let after = server_action(&emu, BUILT).await;
    assert_eq!(live_number(&after), live_number(&before), "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_versions_are_usage_errors_in_words() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let action = server_action(&emu, BUILT).await;
    let live = live_number(&action).unwrap();
    let cases: [(&[&str], String); 6] = [
        (
            &["actions", "diff", BUILT, "1", "99"],
            format!("action '{BUILT}' has no version 99 (it has 1–{live})"),
        ),
        (
            &["actions", "rollback", BUILT, "--to", "99", "--yes"],
            format!("action '{BUILT}' has no version 99 (it has 1–{live})"),
        ),
        (
            &["actions", "diff", NEVER_DEPLOYED, "draft", "live"],
            format!("action '{NEVER_DEPLOYED}' was never deployed: it has no live version"),
        ),
        (
            &["actions", "diff", BUILT, "latest", "live"],
            "`latest` is not a version".to_string(),
        ),
        (
            &["actions", "rollback", BUILT, "--to", "draft", "--yes"],
            "`draft` is not a version number: give one counting from 1".to_string(),
        ),
        (
            &["modules", "rollback", "claims-utils", "--to", "99", "--yes"],
            "module 'claims-utils' has no version 99".to_string(),
        ),
    ];
    for (args, words) in cases {
        let o = run(cmd(&emu, data.path()), args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(&words), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(live_number(&server_action(&emu, BUILT).await), Some(live));
}

// The tests below print a diff: they need the diff renderer (crate::diff::text).

/// A line of `new` that `old` does not have, short enough to show whole.
fn added_line(old: &str, new: &str) -> String {
    new.lines()
        .map(str::trim)
        .filter(|l| l.len() > 8 && l.len() < 40 && !old.lines().any(|o| o.trim() == *l))
        .min_by_key(|l| l.len())
        .expect("the versions differ")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_diff_compares_numbers_draft_and_live() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let action = server_action(&emu, BUILT).await;
    let live = live_number(&action).unwrap();
    let versions = server_versions(&emu, &action).await;

    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "diff",
            BUILT,
            "1",
            "live",
            "--unified",
            "--width",
            "200",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("v1") && out.contains(&format!("v{live} (live)")),
        "{out}"
    );
    let added = added_line(&version_code(&versions, 1), &version_code(&versions, live));
    assert!(out.contains(&added), "{added:?} missing from:\n{out}");
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );

    let o = run(
        cmd(&emu, data.path()),
        &["actions", "diff", BUILT, "v2", "draft", "--color", "always"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("v2") && out.contains("draft"), "{out}");
    assert!(out.contains('\x1b'), "--color always colours");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modules_diff_takes_live_as_the_latest_published_version() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let name = module_with_history(&emu).await;
    let module = server_module(&emu, &name).await;
    let latest = module["latest_version"]["version_number"].as_u64().unwrap();
    let versions = module_versions(&emu, &module).await;
    let o = run(
        cmd(&emu, data.path()),
        &[
            "modules",
            "diff",
            &name,
            "1",
            "live",
            "--unified",
            "--width",
            "200",
            "--color",
            "never",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("v{latest} (latest)")), "{out}");
    let added = added_line(
        &version_code(&versions, 1),
        &version_code(&versions, latest),
    );
    assert!(out.contains(&added), "{added:?} missing from:\n{out}");
}
