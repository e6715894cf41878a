//! `codedeck bindings set|move`, run as the real binary against an emulator over loopback HTTP.
//! Every check of a change reads the server back; every refusal checks the server is as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::time::Duration;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Fault};
use serde_json::{json, Value};
use support::cli::{cmd, code, demo, raw_get, run, stderr, stdout};

const PATH: &str = "/actions/triggers/post-login/bindings";
const API_PATH: &str = "/api/v2/actions/triggers/post-login/bindings";
/// The demo's post-login flow, in order.
const ROLES: &str = "Add role claims to tokens";
const MFA: &str = "Require MFA for admins";
const GEO: &str = "Geo-block sanctioned countries";
/// Deployed, supports post-login, not bound in the demo.
const PROFILING: &str = "Progressive profiling";
/// Never deployed.
const LEGACY: &str = "Block legacy user agents";

/// The post-login bindings as the server holds them (ids included).
async fn server(emu: &EmulatorHandle) -> Value {
    raw_get(emu, PATH).await
}

/// `(display name, action name)` of each binding, in execution order.
fn flow(body: &Value) -> Vec<(String, String)> {
    body["bindings"]
        .as_array()
        .expect("a bindings list")
        .iter()
        .map(|b| {
            (
                b["display_name"].as_str().unwrap().to_string(),
                b["action"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn action_names(body: &Value) -> Vec<String> {
    flow(body).into_iter().map(|(_, action)| action).collect()
}

/// An order as the journal records it: `[{action_id, display_name}]` from a bindings body.
fn journal_order(body: &Value) -> Value {
    body["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| json!({"action_id": b["action"]["id"], "display_name": b["display_name"]}))
        .collect()
}

fn journal(emu: &EmulatorHandle, data: &Path) -> Vec<Value> {
    support::cli::journal(cmd(emu, data))
}

/// Another client's PATCH of the post-login flow: `(action name, display name)` in order.
async fn patch_raw(emu: &EmulatorHandle, order: &[(&str, &str)]) {
    let bindings: Vec<Value> = order
        .iter()
        .map(|(action, display)| json!({"ref": {"type": "action_name", "value": action}, "display_name": display}))
        .collect();
    let resp = reqwest::Client::new()
        .patch(format!("{}/api/v2{PATH}", emu.base_url()))
        .bearer_auth(emu.token())
        .json(&json!({ "bindings": bindings }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

fn patches(emu: &EmulatorHandle) -> usize {
    emu.request_count("PATCH", API_PATH)
}

/// Runs the command and checks that it exits `exit` saying `words` on stderr, printing no table.
fn assert_says(emu: &EmulatorHandle, data: &Path, args: &[&str], exit: i32, words: &str) {
    let o = run(cmd(emu, data), args);
    assert_eq!(code(&o), Some(exit), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(words), "{args:?}: {}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
}

/// After a command that must change nothing: `sent` PATCHes reached the server in all (another
/// client's included), the flow is `expected` to the binding ids, and nothing was journaled.
async fn assert_unchanged(emu: &EmulatorHandle, data: &Path, expected: &Value, sent: usize) {
    assert_eq!(patches(emu), sent, "PATCHes sent");
    assert_eq!(server(emu).await, *expected, "the flow, ids and all");
    // An intent may be journaled, but no change is listed: it was not made.
    assert!(journal(emu, data).is_empty(), "no change journaled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_binds_exactly_the_given_order_keeping_display_names_and_journals_it() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    // Someone named the roles binding differently: a reorder keeps that name.
    patch_raw(&emu, &[(ROLES, "Roles"), (MFA, MFA), (GEO, GEO)]).await;
    let before = server(&emu).await;

    let o = run(
        cmd(&emu, data.path()),
        &[
            "bindings",
            "set",
            "post-login",
            GEO,
            ROLES,
            PROFILING,
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("now: Roles › {MFA} › {GEO}"))
            && err.contains(&format!("new: {GEO} › Roles › {PROFILING}")),
        "before → after is shown: {err}"
    );

    let after = server(&emu).await;
    assert_eq!(
        flow(&after),
        [
            (GEO.to_string(), GEO.to_string()),
            ("Roles".to_string(), ROLES.to_string()),
            (PROFILING.to_string(), PROFILING.to_string()),
        ],
        "MFA unbound, profiling bound under its name"
    );
    // The printed table is the service's answer, as `bindings list` shows it.
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows[0].starts_with("#  DISPLAY NAME"), "{out}");
    assert!(rows[1].starts_with(&format!("1  {GEO}")), "{out}");
    assert!(
        rows[2].starts_with("2  Roles") && rows[2].contains(ROLES),
        "{out}"
    );
    assert!(rows[3].starts_with(&format!("3  {PROFILING}")), "{out}");
    assert_eq!(rows.len(), 4, "{out}");
    assert_eq!(
        stdout(&run(
            cmd(&emu, data.path()),
            &["bindings", "list", "post-login"]
        )),
        out
    );

    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let e = &entries[0];
    assert_eq!(e["kind"], "trigger");
    assert_eq!(e["object_id"], "post-login");
    assert_eq!(e["object_name"], "post-login");
    assert_eq!(e["operation"], "bindings_change");
    assert_eq!(e["profile"], "env");
    assert_eq!(e["tenant"], emu.base_url());
    assert_eq!(e["before"]["order"], journal_order(&before));
    assert_eq!(e["after"]["order"], journal_order(&after));
    let table = stdout(&run(cmd(&emu, data.path()), &["journal"]));
    assert!(
        table.contains(&format!(
            "Roles › {MFA} › {GEO} → {GEO} › Roles › {PROFILING}"
        )),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_puts_one_action_at_a_position_and_the_others_keep_their_order() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;
    assert_eq!(action_names(&before), [ROLES, MFA, GEO]);

    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "move", "post-login", GEO, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let after = server(&emu).await;
    assert_eq!(action_names(&after), [GEO, ROLES, MFA]);
    assert!(stdout(&o)
        .lines()
        .nth(1)
        .unwrap()
        .starts_with(&format!("1  {GEO}")));

    // By id this time, to the end.
    let roles_id = after["bindings"][1]["action"]["id"].as_str().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &[
            "bindings",
            "move",
            "post-login",
            roles_id,
            "--to",
            "3",
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let last = server(&emu).await;
    assert_eq!(action_names(&last), [GEO, MFA, ROLES]);

    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["before"]["order"], journal_order(&before));
    assert_eq!(entries[0]["after"]["order"], journal_order(&after));
    assert_eq!(entries[1]["before"]["order"], journal_order(&after));
    assert_eq!(entries[1]["after"]["order"], journal_order(&last));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn none_unbinds_the_whole_flow_and_nothing_but_none_does() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;

    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "set", "post-login", "--yes"],
    );
    assert_eq!(code(&o), Some(2), "no ACTION and no --none is refused");
    assert!(stderr(&o).contains("required"), "{}", stderr(&o));
    assert_eq!(server(&emu).await, before);

    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "set", "post-login", "--none", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Unbound every action from post-login"),
        "{}",
        stderr(&o)
    );
    assert!(flow(&server(&emu).await).is_empty());
    let entries = journal(&emu, data.path());
    assert_eq!(entries[0]["before"]["order"], journal_order(&before));
    assert_eq!(entries[0]["after"]["order"], json!([]));

    // Empty already: said, not sent.
    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "set", "post-login", "--none", "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing changed"), "{}", stderr(&o));
    assert_eq!(patches(&emu), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_that_is_already_so_is_said_and_not_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;
    for (args, words) in [
        (
            vec!["bindings", "set", "post-login", ROLES, MFA, GEO, "--yes"],
            "post-login already runs these actions in this order — nothing changed".to_string(),
        ),
        (
            vec!["bindings", "move", "post-login", MFA, "--to", "2", "--yes"],
            format!("'{MFA}' already runs at position 2 of post-login — nothing changed"),
        ),
        // Without --yes too: nothing to confirm.
        (
            vec!["bindings", "set", "post-login", ROLES, MFA, GEO],
            "nothing changed".to_string(),
        ),
    ] {
        assert_says(&emu, data.path(), &args, 0, &words);
    }
    assert_unchanged(&emu, data.path(), &before, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_is_in_words_before_anything_is_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;
    let roles_id = before["bindings"][0]["action"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let many: Vec<String> = (0..21).map(|i| format!("action-{i}")).collect();
    let mut too_many = vec!["bindings", "set", "post-login"];
    too_many.extend(many.iter().map(String::as_str));
    too_many.push("--yes");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["bindings", "set", "post-login", ROLES, GEO, &roles_id, "--yes"],
            format!("'{ROLES}' is given more than once: an action runs at most once per trigger — nothing changed"),
        ),
        (
            too_many,
            "post-login can run at most 20 actions and 21 were given — nothing changed".to_string(),
        ),
        (
            vec!["bindings", "set", "post-login", ROLES, LEGACY, "--yes"],
            format!("action '{LEGACY}' has never been deployed: deploy it first"),
        ),
        (
            vec!["bindings", "set", "post-login", "Limit M2M scopes", "--yes"],
            "action 'Limit M2M scopes' runs on credentials-exchange, not post-login, so it cannot be bound there — nothing changed".to_string(),
        ),
        (
            vec!["bindings", "set", "event-stream", ROLES, "--yes"],
            "event-stream is entity-bound: Auth0 manages its bindings and they cannot be changed here — nothing changed".to_string(),
        ),
        (
            vec!["bindings", "move", "custom-token-exchange", ROLES, "--to", "1", "--yes"],
            "custom-token-exchange is entity-bound: Auth0 manages its bindings".to_string(),
        ),
        (
            vec!["bindings", "move", "post-login", GEO, "--to", "4", "--yes"],
            "there is no position 4: post-login runs 3 actions (give 1–3)".to_string(),
        ),
        (
            vec!["bindings", "move", "post-login", GEO, "--to", "0", "--yes"],
            "there is no position 0: post-login runs 3 actions (give 1–3)".to_string(),
        ),
        (
            vec!["bindings", "move", "post-login", PROFILING, "--to", "1", "--yes"],
            format!("'{PROFILING}' is not bound to post-login (it runs {ROLES} › {MFA} › {GEO})"),
        ),
        (
            vec!["bindings", "set", "post-login", ROLES, "--none", "--yes"],
            "cannot be used with '--none'".to_string(),
        ),
    ];
    for (args, words) in cases {
        assert_says(&emu, data.path(), &args, 2, &words);
    }
    // A name that does not exist is "not found": exit 1 for every kind.
    let not_found: [(&[&str], &str); 2] = [
        (
            &[
                "bindings",
                "set",
                "post-login",
                ROLES,
                "No such action",
                "--yes",
            ],
            "no action with the name or id `No such action`",
        ),
        (
            &["bindings", "set", "no-such-trigger", ROLES, "--yes"],
            "no trigger `no-such-trigger`",
        ),
    ];
    for (args, words) in not_found {
        assert_says(&emu, data.path(), args, 1, words);
    }
    assert_unchanged(&emu, data.path(), &before, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_terminal_and_without_yes_nothing_changes() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;
    // `output()` gives the child no terminal on stdin.
    for args in [
        vec!["bindings", "set", "post-login", GEO, ROLES],
        vec!["bindings", "set", "post-login", "--none"],
        vec!["bindings", "move", "post-login", GEO, "--to", "1"],
    ] {
        let o = run(cmd(&emu, data.path()), &args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("--yes") && err.contains("nothing changed"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("now: ") && err.contains("new: "),
            "{args:?}: {err}"
        );
    }
    assert_unchanged(&emu, data.path(), &before, 0).await;
}

/// The order the user decided on is stale: the command's first read of the flow (what it shows
/// and asks about) is answered with an older order — the one the user saw before another client
/// changed it — and the guard's read just before the PATCH gets the server's real order. This is
/// what a change made elsewhere while the user reads the `[y/N]` question looks like from the
/// command; only the timing is arranged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flow_changed_elsewhere_since_it_was_read_is_refused_and_nothing_is_sent() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let seen = server(&emu).await;
    // Another client moves GEO to the front after the user's read.
    patch_raw(&emu, &[(GEO, GEO), (ROLES, ROLES), (MFA, MFA)]).await;
    let theirs = server(&emu).await;
    emu.inject_fault_on("GET", API_PATH, Fault::Status(200, seen.clone()));

    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "move", "post-login", MFA, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("now: {ROLES} › {MFA} › {GEO}")),
        "{err}"
    );
    assert!(
        err.contains("the order of post-login changed on the server while you were deciding, so nothing was sent"),
        "{err}"
    );
    assert!(
        err.contains(&format!("yours:             {MFA} › {ROLES} › {GEO}")),
        "{err}"
    );
    assert!(
        err.contains(&format!("on the server now: {GEO} › {ROLES} › {MFA}")),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // Only the other client's PATCH: their change stands.
    assert_unchanged(&emu, data.path(), &theirs, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_patch_is_exit_1_with_the_services_words_and_is_not_journaled() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = server(&emu).await;
    let unavailable =
        json!({"statusCode": 503, "error": "Service Unavailable", "message": "try later"});
    emu.inject_fault_on("PATCH", API_PATH, Fault::Status(503, unavailable));

    let o = run(
        cmd(&emu, data.path()),
        &["bindings", "move", "post-login", GEO, "--to", "1", "--yes"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("503 Service Unavailable: try later"), "{err}");
    assert!(
        err.contains("the new order of post-login was NOT made")
            && err.contains("reading it back shows nothing changed"),
        "a server error does not say whether it happened: the order is read back: {err}"
    );
    // Never retried.
    assert_unchanged(&emu, data.path(), &before, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_deploy_still_going_live_is_refused_by_the_service_in_its_words() {
    // Deploys take an hour: the action has a deployed version, but it is not live yet.
    let emu = emulator::spawn(EmulatorOptions {
        deploy_duration: Duration::from_hours(1),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["actions", "deploy", LEGACY, "--yes"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let before = server(&emu).await;

    let o = run(
        cmd(&emu, data.path()),
        &[
            "bindings",
            "set",
            "post-login",
            ROLES,
            MFA,
            GEO,
            LEGACY,
            "--yes",
        ],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "the order of post-login was not changed: 400 Bad Request: Action '{LEGACY}' must be deployed before it can be bound."
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(patches(&emu), 1);
    assert_eq!(server(&emu).await, before);
    let ops: Vec<Value> = journal(&emu, data.path())
        .iter()
        .map(|e| e["operation"].clone())
        .collect();
    assert_eq!(ops, [json!("action_deploy")], "only the deploy is recorded");
}
