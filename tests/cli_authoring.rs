//! `codedeck actions create|update|delete|test`, `codedeck modules create|update|delete` and
//! `codedeck executions show`, run as the real binary against an emulator over loopback HTTP.
//! Every refusal checks that nothing reached the server; every change is read back from it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use codedeck::emulator::{seed::EXECUTION_IDS, EmulatorHandle, Fault};
use serde_json::{json, Value};
use support::cli::{cmd, code, demo, json as json_out, raw_get, run, stderr, stdout};

/// Bound to post-login; dependencies ip-range-check@0.2.0 and axios@1.6.8; secret SIEM_WEBHOOK_URL.
const GEO: &str = "Geo-block sanctioned countries";
/// Bound to post-login; no dependencies, no secrets.
const MFA: &str = "Require MFA for admins";
/// Never deployed, bound nowhere.
const LEGACY: &str = "Block legacy user agents";
/// Module with the secret OUTBOUND_PROXY_TOKEN; used by "Notify Slack on signup".
const HTTP_HELPERS: &str = "http-helpers";
/// Used by "Add role claims to tokens".
const CLAIMS: &str = "claims-utils";

const ACTIONS: &str = "/api/v2/actions/actions";
const MODULES: &str = "/api/v2/actions/modules";

fn journal(emu: &EmulatorHandle, data: &Path) -> Vec<Value> {
    support::cli::journal(cmd(emu, data))
}

/// Runs the command with `input` on its stdin.
fn run_stdin(mut c: Command, args: &[&str], input: &str) -> Output {
    let mut child = c
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run codedeck");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The command with one more environment variable.
fn with_env(mut c: Command, key: &str, value: &str) -> Command {
    c.env(key, value);
    c
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

async fn action_named(emu: &EmulatorHandle, name: &str) -> Option<Value> {
    let list = raw_get(emu, "/actions/actions?per_page=100").await;
    let found = list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)?
        .clone();
    Some(
        raw_get(
            emu,
            &format!("/actions/actions/{}", found["id"].as_str().unwrap()),
        )
        .await,
    )
}

async fn module_named(emu: &EmulatorHandle, name: &str) -> Option<Value> {
    let list = raw_get(emu, "/actions/modules?per_page=100").await;
    list["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .cloned()
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|d| match d.get("version") {
            Some(v) => format!("{}@{}", d[key].as_str().unwrap(), v.as_str().unwrap()),
            None => d[key].as_str().unwrap().to_string(),
        })
        .collect()
}

/// POSTs, PATCHes and DELETEs of actions and modules that reached the emulator.
fn writes(emu: &EmulatorHandle, ids: &[&str]) -> usize {
    let mut n = emu.request_count("POST", ACTIONS) + emu.request_count("POST", MODULES);
    for id in ids {
        for path in [format!("{ACTIONS}/{id}"), format!("{MODULES}/{id}")] {
            n += emu.request_count("PATCH", &path) + emu.request_count("DELETE", &path);
        }
    }
    n
}

fn assert_refused(o: &Output, args: &[&str], exit: i32, words: &str) {
    assert_eq!(code(o), Some(exit), "{args:?}: {}", stderr(o));
    assert!(stderr(o).contains(words), "{args:?}: {}", stderr(o));
    assert!(stdout(o).is_empty(), "{args:?}: {}", stdout(o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_create_refusal_is_exit_2_in_words_before_anything_is_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let big_action = write(dir.path(), "big.js", &"a".repeat(100 * 1024 + 1));
    let big_module = write(dir.path(), "big-module.js", &"é".repeat(65_537));
    let fits_module = write(dir.path(), "fits.js", &"é".repeat(65_536));
    let big_action = big_action.to_str().unwrap();
    let big_module = big_module.to_str().unwrap();
    let fits_module = fits_module.to_str().unwrap();
    let eleven: Vec<String> = (0..11).map(|i| format!("pkg{i}@1.0.0")).collect();
    let mut too_many_deps = vec![
        "actions",
        "create",
        "--name",
        "New",
        "--trigger",
        "post-login",
    ];
    for d in &eleven {
        too_many_deps.extend(["--dependency", d.as_str()]);
    }
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["actions", "create", "--name", "Big", "--trigger", "post-login", "--code-file", big_action],
            "an action's code can be at most 100 KB (102400 bytes). Nothing was sent.",
        ),
        (
            vec!["modules", "create", "--name", "big", "--code-file", big_module],
            "The code is 65537 characters; a module's code can be at most 65536 characters.",
        ),
        (too_many_deps, "11 dependencies: at most 10 are allowed."),
        (
            vec!["actions", "create", "--name", "New", "--trigger", "post-login", "--dependency", "lodash"],
            "'lodash' is not name@version",
        ),
        (
            vec!["modules", "create", "--name", "m", "--code-file", fits_module, "--dependency", "lodash@"],
            "'lodash@' is not name@version",
        ),
        (
            vec!["actions", "create", "--name", "New", "--trigger", "post-logon"],
            "no trigger `post-logon` takes new actions; the current triggers are: post-login@v3, credentials-exchange@v2",
        ),
        (
            vec!["actions", "create", "--name", "New", "--trigger", "post-login@v2"],
            "`post-login@v2` is deprecated and takes no new actions: use post-login@v3",
        ),
        (
            vec!["actions", "create", "--name", "New", "--trigger", "post-login", "--runtime", "node16"],
            "post-login@v3 does not run node16: its runtimes are node18-actions, node22",
        ),
        (
            vec!["actions", "create", "--name", "New", "--trigger", "post-login", "--secret", "CODEDECK_TEST_UNSET_VAR"],
            "--secret CODEDECK_TEST_UNSET_VAR takes the value of the environment variable CODEDECK_TEST_UNSET_VAR, which is not set or empty",
        ),
        (
            vec!["actions", "create", "--name", "", "--trigger", "post-login"],
            "A name is needed.",
        ),
        (
            vec!["actions", "create", "--name", MFA, "--trigger", "post-login"],
            "an action named 'Require MFA for admins' exists already",
        ),
        (
            vec!["modules", "create", "--name", "no-code"],
            "a module needs its code: give --code-file PATH",
        ),
        (
            vec!["modules", "create", "--name", CLAIMS, "--code-file", fits_module],
            "a module named 'claims-utils' exists already",
        ),
    ];
    for (args, words) in &cases {
        let o = run(cmd(&emu, data.path()), args);
        assert_refused(&o, args, 2, words);
    }
    // 31 secrets, from stdin; and a line that is not NAME=VALUE, named by number only.
    let thirty_one: String = (0..31).map(|i| format!("S{i}=value-{i}\n")).collect();
    let args = [
        "actions",
        "create",
        "--name",
        "New",
        "--trigger",
        "post-login",
        "--secrets-from-stdin",
    ];
    let o = run_stdin(cmd(&emu, data.path()), &args, &thirty_one);
    assert_refused(&o, &args, 2, "31 secrets: at most 30 are allowed.");
    let o = run_stdin(cmd(&emu, data.path()), &args, "A=1\n# fine\nhunter2\n");
    assert_refused(&o, &args, 2, "line 3 of stdin is not NAME=VALUE");
    assert!(!stderr(&o).contains("hunter2"));

    assert_eq!(writes(&emu, &[]), 0, "nothing was sent");
    assert!(!data.path().join("journal.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_update_refusal_is_exit_2_before_anything_is_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let geo = action_named(&emu, GEO).await.unwrap();
    let geo_id = geo["id"].as_str().unwrap().to_string();
    let helpers = module_named(&emu, HTTP_HELPERS).await.unwrap();
    let helpers_id = helpers["id"].as_str().unwrap().to_string();
    let big_action = write(dir.path(), "big.js", &"a".repeat(100 * 1024 + 1));
    let big_module = write(dir.path(), "big-module.js", &"x".repeat(65_537));
    let (big_action, big_module) = (big_action.to_str().unwrap(), big_module.to_str().unwrap());
    // GEO has 2 dependencies: 9 more make 11.
    let nine: Vec<String> = (0..9).map(|i| format!("pkg{i}@1.0.0")).collect();
    let mut eleven = vec!["actions", "update", GEO, "--yes"];
    for d in &nine {
        eleven.extend(["--dependency", d.as_str()]);
    }
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["actions", "update", GEO, "--code-file", big_action, "--yes"],
            "an action's code can be at most 100 KB",
        ),
        (
            vec![
                "modules",
                "update",
                HTTP_HELPERS,
                "--code-file",
                big_module,
                "--yes",
            ],
            "a module's code can be at most 65536 characters",
        ),
        (eleven, "11 dependencies: at most 10 are allowed."),
        (
            vec!["actions", "update", GEO, "--dependency", "axios", "--yes"],
            "'axios' is not name@version",
        ),
        (
            vec![
                "actions",
                "update",
                GEO,
                "--remove-dependency",
                "left-pad",
                "--yes",
            ],
            "there is no dependency 'left-pad' to remove",
        ),
        (
            vec!["actions", "update", GEO, "--remove-secret", "NOPE", "--yes"],
            "there is no secret 'NOPE' to remove",
        ),
        (
            vec!["actions", "update", GEO, "--runtime", "node12", "--yes"],
            "post-login@v3 does not run node12",
        ),
        (
            vec![
                "actions",
                "update",
                GEO,
                "--secret",
                "CODEDECK_TEST_UNSET_VAR",
                "--yes",
            ],
            "the environment variable CODEDECK_TEST_UNSET_VAR, which is not set or empty",
        ),
        (
            vec!["actions", "update", GEO, "--secrets-from-stdin"],
            "stdin holds the secrets, so there is no way to confirm: pass --yes",
        ),
        (
            vec!["actions", "update", GEO, "--yes"],
            "nothing to change: give --code-file, --dependency",
        ),
        (
            vec![
                "modules",
                "update",
                "no-such-module",
                "--dependency",
                "a@1.0.0",
                "--yes",
            ],
            "no module with the name or id `no-such-module`",
        ),
    ];
    for (args, words) in &cases {
        let o = run(cmd(&emu, data.path()), args);
        let exit = if words.starts_with("no module") { 1 } else { 2 };
        assert_refused(&o, args, exit, words);
    }
    // GEO holds 1 secret: 30 new ones make 31.
    let thirty: String = (0..30).map(|i| format!("S{i}=value-{i}\n")).collect();
    let args = ["actions", "update", GEO, "--secrets-from-stdin", "--yes"];
    let o = run_stdin(cmd(&emu, data.path()), &args, &thirty);
    assert_refused(&o, &args, 2, "31 secrets: at most 30 are allowed.");

    assert_eq!(writes(&emu, &[&geo_id, &helpers_id]), 0, "nothing was sent");
    assert_eq!(action_named(&emu, GEO).await.unwrap(), geo);
    assert!(!data.path().join("journal.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_shows_the_diff_sends_the_whole_dependency_list_saves_the_old_draft_and_follows_the_build(
) {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let geo = action_named(&emu, GEO).await.unwrap();
    let id = geo["id"].as_str().unwrap();
    let old = geo["code"].as_str().unwrap();
    let new_code = old.replace("['KP', 'IR', 'SY', 'CU'", "['KP', 'IR', 'SY', 'CU', 'BY'");
    assert_ne!(new_code, old, "the seed code has the country list");
    let file = write(dir.path(), "geo.js", &new_code);

    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            id,
            "--code-file",
            file.to_str().unwrap(),
            "--dependency",
            "axios@1.7.2",
            "--dependency",
            "uuid@9.0.1",
            "--remove-dependency",
            "ip-range-check",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("draft → {}", file.display())),
        "{err}"
    );
    assert!(
        err.contains("'BY'") && err.contains('+') && err.contains('−'),
        "a unified diff: {err}"
    );
    assert!(
        err.contains("dependencies: ip-range-check@0.2.0, axios@1.6.8 → axios@1.7.2, uuid@9.0.1"),
        "{err}"
    );
    assert!(!err.contains("secrets:"), "secrets are not touched: {err}");
    let out = stdout(&o);
    assert!(
        out.contains(&format!("Saved the draft of action '{GEO}'")),
        "{out}"
    );
    assert!(
        out.contains(&format!("The draft of '{GEO}' is built.")),
        "{out}"
    );

    let after = action_named(&emu, GEO).await.unwrap();
    assert_eq!(after["code"], new_code);
    assert_eq!(
        names(&after["dependencies"], "name"),
        ["axios@1.7.2", "uuid@9.0.1"]
    );
    assert_eq!(
        names(&after["secrets"], "name"),
        ["SIEM_WEBHOOK_URL"],
        "kept"
    );
    assert_eq!(
        after["deployed_version"]["number"],
        geo["deployed_version"]["number"]
    );
    assert_eq!(emu.request_count("PATCH", &format!("{ACTIONS}/{id}")), 1);

    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let e = &entries[0];
    assert_eq!(e["operation"], "draft_edit");
    assert_eq!(e["kind"], "action");
    assert_eq!(e["object_id"], id);
    assert_eq!(e["tenant"], emu.base_url());
    assert_eq!(
        e["before"]["version_number"],
        geo["deployed_version"]["number"]
    );
    let saved = e["before"]["saved_draft"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(saved).unwrap(),
        old,
        "the old draft is kept"
    );
    assert!(out.contains(saved), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_asks_first_and_an_unchanged_file_changes_nothing() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mfa = action_named(&emu, MFA).await.unwrap();
    let id = mfa["id"].as_str().unwrap().to_string();
    let same = write(dir.path(), "same.js", mfa["code"].as_str().unwrap());
    let changed = write(
        dir.path(),
        "changed.js",
        "exports.onExecutePostLogin = async () => {};\n",
    );
    let helpers = module_named(&emu, HTTP_HELPERS).await.unwrap();
    let helpers_id = helpers["id"].as_str().unwrap().to_string();
    let same_module = write(
        dir.path(),
        "same-module.js",
        helpers["code"].as_str().unwrap(),
    );

    for (args, words) in [
        (
            vec![
                "actions",
                "update",
                MFA,
                "--code-file",
                same.to_str().unwrap(),
            ],
            format!("the draft of action '{MFA}' already is so — nothing to change"),
        ),
        (
            vec![
                "modules",
                "update",
                HTTP_HELPERS,
                "--code-file",
                same_module.to_str().unwrap(),
            ],
            format!("the draft of module '{HTTP_HELPERS}' already is so"),
        ),
        (
            vec![
                "modules",
                "update",
                HTTP_HELPERS,
                "--dependency",
                "p-retry@6.2.0",
            ],
            "nothing to change".to_string(),
        ),
    ] {
        let o = run(cmd(&emu, data.path()), &args);
        assert_refused(&o, &args, 0, &words);
    }
    // No terminal, no --yes: the diff is shown, then the refusal.
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            MFA,
            "--code-file",
            changed.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("+ exports.onExecutePostLogin = async () => {};"),
        "{err}"
    );
    assert!(
        err.contains("--yes") && err.contains("nothing changed"),
        "{err}"
    );
    assert_eq!(writes(&emu, &[&id, &helpers_id]), 0);
    assert!(!data.path().join("journal.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_changed_elsewhere_since_it_was_read_is_refused_and_nothing_is_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let seen = action_named(&emu, MFA).await.unwrap();
    let id = seen["id"].as_str().unwrap();
    // Another client edits the draft after the user's read.
    let theirs = "exports.onExecutePostLogin = async () => { /* theirs */ };\n";
    let resp = reqwest::Client::new()
        .patch(format!("{}{ACTIONS}/{id}", emu.base_url()))
        .bearer_auth(emu.token())
        .json(&json!({ "code": theirs }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    // The command's first read answers what the user saw; the read before sending, the truth.
    emu.inject_fault_on(
        "GET",
        &format!("{ACTIONS}/{id}"),
        Fault::Status(200, seen.clone()),
    );
    let mine = write(
        dir.path(),
        "mine.js",
        "exports.onExecutePostLogin = async () => { /* mine */ };\n",
    );

    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            id,
            "--code-file",
            mine.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "the draft of action '{MFA}' changed on the server since it was read, so nothing was sent"
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        emu.request_count("PATCH", &format!("{ACTIONS}/{id}")),
        1,
        "only theirs"
    );
    assert_eq!(action_named(&emu, MFA).await.unwrap()["code"], theirs);
    assert!(!data.path().join("journal.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_that_fails_to_build_is_reported_with_exit_1_and_no_wait_does_not_wait() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    // A range, not an exact version: the emulator's npm finds no such version.
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            MFA,
            "--dependency",
            "lodash@^4.0.0",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("The draft of '{MFA}' failed to build (failed).")));
    assert!(
        stderr(&o).contains("was saved but failed to build"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        journal(&emu, data.path()).len(),
        1,
        "the change was made and journaled"
    );

    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            MFA,
            "--remove-dependency",
            "lodash",
            "--no-wait",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("built"), "{}", stdout(&o));
    assert!(action_named(&emu, MFA).await.unwrap()["dependencies"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_module_secret_change_needs_every_value_and_says_the_list_is_replaced() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    // A module's API keeps no secret by name: the one it holds needs its value too.
    let o = run(
        with_env(cmd(&emu, data.path()), "NEW_TOKEN", "tok-1234"),
        &[
            "modules",
            "update",
            HTTP_HELPERS,
            "--secret",
            "NEW_TOKEN",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("give OUTBOUND_PROXY_TOKEN a value again, or remove it"),
        "{}",
        stderr(&o)
    );
    assert!(journal(&emu, data.path()).is_empty(), "nothing sent");

    let o = run(
        with_env(
            with_env(cmd(&emu, data.path()), "NEW_TOKEN", "tok-1234"),
            "OUTBOUND_PROXY_TOKEN",
            "proxy-5678",
        ),
        &[
            "modules",
            "update",
            HTTP_HELPERS,
            "--secret",
            "NEW_TOKEN",
            "--secret",
            "OUTBOUND_PROXY_TOKEN",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("secrets: new values for OUTBOUND_PROXY_TOKEN, NEW_TOKEN")
            || err.contains("secrets: new values for NEW_TOKEN, OUTBOUND_PROXY_TOKEN"),
        "{err}"
    );
    assert!(err.contains("the service replaces it"), "{err}");
    let m = module_named(&emu, HTTP_HELPERS).await.unwrap();
    assert_eq!(
        names(&m["secrets"], "name"),
        ["OUTBOUND_PROXY_TOKEN", "NEW_TOKEN"]
    );

    let o = run(
        with_env(cmd(&emu, data.path()), "NEW_TOKEN", "tok-9999"),
        &[
            "modules",
            "update",
            HTTP_HELPERS,
            "--remove-secret",
            "OUTBOUND_PROXY_TOKEN",
            "--secret",
            "NEW_TOKEN",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let m = module_named(&emu, HTTP_HELPERS).await.unwrap();
    assert_eq!(names(&m["secrets"], "name"), ["NEW_TOKEN"]);
    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 2);
    assert!(entries
        .iter()
        .all(|e| e["operation"] == "draft_edit" && e["kind"] == "module"));
}

/// Secret values reach the service and nothing else: not stdout or stderr, the journal, the saved
/// drafts or the log (at its most talkative).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_values_never_reach_the_output_the_journal_the_drafts_or_the_log() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let values = [
        "env-value-Q7xZ1",
        "stdin-value-K9wP3",
        "update-env-R2mV8",
        "update-stdin-T5nB6",
        "module-stdin-H4jC0",
    ];
    let module_code = write(dir.path(), "m.js", "module.exports = {};\n");
    let with_log = |c: Command| with_env(c, "CODEDECK_LOG", "trace");
    let mut outputs = vec![];
    let o = run_stdin(
        with_env(with_log(cmd(&emu, data.path())), "API_KEY", values[0]),
        &[
            "actions",
            "create",
            "--name",
            "Secretive",
            "--trigger",
            "post-login",
            "--secret",
            "API_KEY",
            "--secrets-from-stdin",
        ],
        &format!("# from the vault\nWEBHOOK={}\n", values[1]),
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    outputs.push(o);
    let o = run_stdin(
        with_env(with_log(cmd(&emu, data.path())), "API_KEY", values[2]),
        &[
            "actions",
            "update",
            "Secretive",
            "--secret",
            "API_KEY",
            "--secrets-from-stdin",
            "--dependency",
            "lodash@4.17.21",
            "--yes",
        ],
        &format!("OTHER={}\n", values[3]),
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    outputs.push(o);
    let o = run_stdin(
        with_log(cmd(&emu, data.path())),
        &[
            "modules",
            "create",
            "--name",
            "secretive-module",
            "--code-file",
            module_code.to_str().unwrap(),
            "--secrets-from-stdin",
        ],
        &format!("TOKEN={}\n", values[4]),
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    outputs.push(o);
    let created = action_named(&emu, "Secretive").await.unwrap();
    assert_eq!(
        names(&created["secrets"], "name"),
        ["API_KEY", "WEBHOOK", "OTHER"]
    );

    let mut texts: Vec<(String, String)> = outputs
        .iter()
        .flat_map(|o| {
            [
                ("stdout".to_string(), stdout(o)),
                ("stderr".to_string(), stderr(o)),
            ]
        })
        .collect();
    fn walk(dir: &Path, into: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, into);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                into.push((
                    path.display().to_string(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
    }
    walk(data.path(), &mut texts);
    let files: Vec<&str> = texts.iter().map(|(name, _)| name.as_str()).collect();
    assert!(
        files.iter().any(|f| f.ends_with("journal.jsonl")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("codedeck.log")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.contains("drafts")), "{files:?}");
    for (name, content) in &texts {
        for value in values {
            assert!(!content.contains(value), "{value} found in {name}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_starts_from_the_template_or_a_file_and_deploy_follows_until_live() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "create",
            "--name",
            "From template",
            "--trigger",
            "credentials-exchange",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Created action 'From template'"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("on credentials-exchange@v2, runtime node22"),
        "{}",
        stdout(&o)
    );
    let a = action_named(&emu, "From template").await.unwrap();
    assert!(a["code"]
        .as_str()
        .unwrap()
        .contains("exports.onExecuteCredentialsExchange"));
    assert_eq!(
        a["supported_triggers"],
        json!([{"id": "credentials-exchange", "version": "v2"}])
    );
    assert!(a.get("deployed_version").is_none_or(Value::is_null));

    let file = write(
        dir.path(),
        "a.js",
        "exports.onExecutePostLogin = async (event, api) => {};\n",
    );
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "create",
            "--name",
            "Deployed at once",
            "--trigger",
            "post-login@v3",
            "--runtime",
            "node18-actions",
            "--code-file",
            file.to_str().unwrap(),
            "--dependency",
            "lodash@4.17.21",
            "--deploy",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Deployed 'Deployed at once': version 1 is live"),
        "{}",
        stdout(&o)
    );
    let a = action_named(&emu, "Deployed at once").await.unwrap();
    assert_eq!(a["runtime"], "node18-actions");
    assert_eq!(names(&a["dependencies"], "name"), ["lodash@4.17.21"]);
    assert_eq!(a["deployed_version"]["deployed"], true);

    let ops: Vec<(Value, Value)> = journal(&emu, data.path())
        .iter()
        .map(|e| (e["operation"].clone(), e["object_name"].clone()))
        .collect();
    assert_eq!(
        ops,
        [
            (json!("create"), json!("From template")),
            (json!("create"), json!("Deployed at once")),
            (json!("action_deploy"), json!("Deployed at once")),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bound_action_is_deleted_only_with_force_which_detaches_its_bindings() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let geo = action_named(&emu, GEO).await.unwrap();
    let id = geo["id"].as_str().unwrap();
    let args = ["actions", "delete", GEO, "--yes"];
    let o = run(cmd(&emu, data.path()), &args);
    assert_refused(
        &o,
        &args,
        2,
        &format!("action '{GEO}' is bound to post-login: deleting it would stop those flows running it. --force detaches those bindings and deletes it — nothing changed"),
    );
    assert_eq!(writes(&emu, &[id]), 0);

    // Without a terminal the question is still shown, and says what --force does.
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "delete", GEO, "--force"],
    );
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_eq!(writes(&emu, &[id]), 0);

    let o = run(
        cmd(&emu, data.path()),
        &["actions", "delete", GEO, "--force", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!(
        "Deleted action '{GEO}'. It was detached from post-login."
    )));
    assert!(action_named(&emu, GEO).await.is_none());
    let bindings = raw_get(&emu, "/actions/triggers/post-login/bindings").await;
    assert!(
        !bindings["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["action"]["id"] == id),
        "{bindings}"
    );
    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["operation"], "delete");
    assert_eq!(
        entries[0]["before"]["version_number"],
        geo["deployed_version"]["number"]
    );
    let saved = entries[0]["before"]["saved_draft"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(saved).unwrap(),
        geo["code"].as_str().unwrap()
    );

    // An unbound action needs no --force.
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "delete", LEGACY, "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(action_named(&emu, LEGACY).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_module_in_use_is_not_deleted_and_the_actions_using_it_are_named() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["modules", "delete", CLAIMS, "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "module '{CLAIMS}' was not deleted: actions use it — Add role claims to tokens (v1)"
        )),
        "{err}"
    );
    assert!(module_named(&emu, CLAIMS).await.is_some());
    // Its intent was journaled before the request; the refusal makes it a change not made.
    assert!(journal(&emu, data.path()).is_empty(), "no change listed");
    let drafts = data.path().join("drafts");
    assert!(
        !drafts.exists() || std::fs::read_dir(&drafts).unwrap().next().is_none(),
        "the copy saved for a refused delete is gone"
    );

    // A new module, published at once, then deleted.
    let file = write(dir.path(), "m.js", "module.exports = { two: () => 2 };\n");
    let o = run(
        cmd(&emu, data.path()),
        &[
            "modules",
            "create",
            "--name",
            "fresh",
            "--code-file",
            file.to_str().unwrap(),
            "--publish",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Created module 'fresh'")
            && stdout(&o).contains("published as version 1")
    );
    let m = module_named(&emu, "fresh").await.unwrap();
    assert_eq!(m["code"], "module.exports = { two: () => 2 };\n");
    let o = run(
        cmd(&emu, data.path()),
        &["modules", "delete", "fresh", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(module_named(&emu, "fresh").await.is_none());
    let entries = journal(&emu, data.path());
    let ops: Vec<&Value> = entries.iter().map(|e| &e["operation"]).collect();
    assert_eq!(ops, [&json!("create"), &json!("delete")]);
    assert_eq!(entries[0]["after"]["version_number"], 1);
    let saved = entries[1]["before"]["saved_draft"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(saved).unwrap(),
        m["code"].as_str().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_prints_the_payload_and_a_thrown_error_is_exit_1() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mfa = action_named(&emu, MFA).await.unwrap();
    let id = mfa["id"].as_str().unwrap();
    let test_path = format!("{ACTIONS}/{id}/test");

    // No payload file: the sample post-login event.
    let o = run(cmd(&emu, data.path()), &["actions", "test", MFA]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("payload\n"), "{out}");
    assert!(out.contains("stats") && out.contains(" ms"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped: {out}");
    let j = json_out(&run(
        cmd(&emu, data.path()),
        &["actions", "test", MFA, "--json"],
    ));
    assert!(j["error"].is_null() && j["stats"].is_object(), "{j}");

    let bad = write(
        dir.path(),
        "bad.json",
        "{\n  \"user\": {\n    \"email\": ,\n  }\n}\n",
    );
    let args = [
        "actions",
        "test",
        MFA,
        "--payload-file",
        bad.to_str().unwrap(),
    ];
    let o = run(cmd(&emu, data.path()), &args);
    assert_refused(&o, &args, 2, "is not JSON (line 3, column");
    assert_eq!(emu.request_count("POST", &test_path), 2);

    // A draft that throws.
    let throws = "exports.onExecutePostLogin = async () => { throw new TypeError('no roles'); };\n";
    let file = write(dir.path(), "throws.js", throws);
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "update",
            MFA,
            "--code-file",
            file.to_str().unwrap(),
            "--no-wait",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let event = write(
        dir.path(),
        "event.json",
        "{\"user\": {\"email\": \"a@example.com\"}}",
    );
    let o = run(
        cmd(&emu, data.path()),
        &[
            "actions",
            "test",
            MFA,
            "--payload-file",
            event.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("error\nTypeError: no roles\n    at "), "{out}");
    assert!(
        stderr(&o).contains(&format!("the draft of '{MFA}' threw TypeError")),
        "{}",
        stderr(&o)
    );
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "test", MFA, "--color", "always"],
    );
    assert_eq!(code(&o), Some(1));
    assert!(
        stdout(&o).contains("\x1b[1;38;2;"),
        "the error is coloured: {}",
        stdout(&o)
    );
    let o = run(cmd(&emu, data.path()), &["actions", "test", MFA, "--json"]);
    assert_eq!(code(&o), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["error"]["name"], "TypeError");
    assert_eq!(j["error"]["message"], "no roles");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executions_show_lists_each_actions_result_and_an_unknown_id_is_explained() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["executions", "show", EXECUTION_IDS[2]],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("trigger   credentials-exchange"), "{out}");
    assert!(out.contains("status    partial"), "{out}");
    assert!(out.contains("#  ACTION"), "{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("1 ") || l.starts_with("2 "))
        .collect();
    assert!(
        rows[0].contains("Limit M2M scopes") && rows[0].contains("7 ms"),
        "{out}"
    );
    assert!(
        rows[1].contains("Tag M2M tokens with tenant")
            && rows[1].contains("3 ms")
            && rows[1].contains("action_error: TypeError: Cannot read properties of undefined"),
        "{out}"
    );
    let j = json_out(&run(
        cmd(&emu, data.path()),
        &["executions", "show", EXECUTION_IDS[0], "--json"],
    ));
    assert_eq!(j["trigger_id"], "post-login");
    assert_eq!(j["results"].as_array().unwrap().len(), 3);

    let args = ["executions", "show", "no-such-execution"];
    let o = run(cmd(&emu, data.path()), &args);
    assert_refused(
        &o,
        &args,
        1,
        "That execution does not exist — executions are kept 10 days.",
    );
}
