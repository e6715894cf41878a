//! The CLI changes nothing it was not pointed at, refuses config files others could change, keeps
//! its log private, never lets remote text drive the terminal, and answers every kind the same way:
//! the real binary against the emulator and hostile loopback servers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use codedeck::emulator::{EmulatorHandle, Fault};
use serde_json::{json, Value};
use support::cli::{against, bin, code, demo, json, raw_get, run, stderr, stdout};

const DEPLOYABLE: &str = "Add role claims to tokens";

fn with_data(mut c: Command, data: &Path) -> Command {
    c.env("CODEDECK_DATA_DIR", data);
    c
}

fn faircom(emu: &EmulatorHandle) -> Command {
    let mut c = bin();
    c.env("FAIRCOM_URL", emu.faircom_url())
        .env("FAIRCOM_USERNAME", emu.faircom_username())
        .env("FAIRCOM_PASSWORD", emu.faircom_password().expose());
    c
}

/// ESC, BEL and the C1 controls: what must never reach a terminal from remote text.
fn assert_no_control(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(
        bad.is_empty(),
        "{what} holds control characters {bad:?}:\n{text:?}"
    );
}

// ---- Item 1: commands never fall back to the demo ----

#[test]
fn a_change_with_nothing_configured_exits_2_saying_what_to_set_and_journals_nothing() {
    let data = tempfile::tempdir().unwrap();
    let o = run(
        with_data(bin(), data.path()),
        &["actions", "deploy", DEPLOYABLE, "--yes"],
    );
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    let said = stderr(&o);
    for needed in [
        "AUTH0_DOMAIN",
        "AUTH0_API_TOKEN",
        "AUTH0_CLIENT_ID",
        "FAIRCOM_URL",
        "--profile",
        "--demo",
    ] {
        assert!(said.contains(needed), "names {needed}: {said}");
    }
    assert!(!stdout(&o).contains("Deployed"), "{}", stdout(&o));
    assert!(
        !data.path().join("journal.jsonl").exists(),
        "nothing is journaled"
    );

    for args in [
        vec!["actions", "list"],
        vec!["modules", "list"],
        vec!["triggers", "list"],
        vec!["bindings", "list", "post-login"],
        vec!["executions", "show", "x"],
        vec!["packages", "list"],
        vec!["packages", "status", "sensorMath", "inactive", "--yes"],
    ] {
        let o = run(with_data(bin(), data.path()), &args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--demo"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_config_file_that_does_not_exist_is_exit_2_for_commands_and_the_dashboard() {
    let missing = "/nonexistent/codedeck-missing-config.toml";
    for args in [
        vec!["--config", missing, "actions", "list"],
        vec!["--config", missing, "--demo", "actions", "list"],
        vec!["--config", missing],
    ] {
        let o = run(bin(), &args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(missing) && stderr(&o).contains("does not exist"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let mut c = bin();
    c.env("CODEDECK_CONFIG", missing);
    let o = run(c, &["actions", "list"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(missing) && stderr(&o).contains("CODEDECK_CONFIG"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_demo_is_there_when_asked_for() {
    let data = tempfile::tempdir().unwrap();
    let o = run(
        with_data(bin(), data.path()),
        &["--demo", "actions", "list"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(DEPLOYABLE), "{}", stdout(&o));
}

// ---- Item 16: permissions ----

// A config file others may write: tests/cli.rs config_file_with_secrets_must_be_private.

#[cfg(unix)]
#[test]
fn with_logging_on_the_data_dir_and_the_log_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("codedeck-data");
    let mut c = with_data(bin(), &data);
    c.env("CODEDECK_LOG", "debug");
    let o = run(c, &["--demo", "triggers", "list"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data dir");
    assert_eq!(mode(&data.join("codedeck.log")), 0o600, "the log");
}

/// A server echoing the token back in its error: at the log's most talkative, the token never
/// reaches codedeck.log, whatever line carries it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_echoed_by_a_server_never_reaches_the_log() {
    const TOKEN: &str = "echoed-token-Zq81vX";
    let router = axum::Router::new().fallback(|headers: axum::http::HeaderMap| async move {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = json!({"statusCode": 400, "error": "Bad Request",
            "message": format!("bad header {auth}")});
        (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
    });
    let url = support::serve(router).await;
    let data = tempfile::tempdir().unwrap();
    let mut c = with_data(bin(), data.path());
    c.env("AUTH0_DOMAIN", &url)
        .env("AUTH0_API_TOKEN", TOKEN)
        .env("CODEDECK_LOG", "trace");
    let o = run(c, &["actions", "list"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains(TOKEN), "{}", stderr(&o));
    let log = std::fs::read_to_string(data.path().join("codedeck.log")).unwrap();
    assert!(log.contains("auth0 request"), "the log was written: {log}");
    assert!(!log.contains(TOKEN), "the token is in the log:\n{log}");
}

// ---- Item 12: remote text never drives the terminal ----

const TITLE: &str = "\u{1b}]0;pwned\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const CLIPBOARD: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";
const C1: &str = "\u{9b}31m";

fn hostile(text: &str) -> String {
    format!("{TITLE}{text}{CLEAR}{CLIPBOARD}{C1}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_code_and_cells_from_the_tenant_reach_the_terminal_without_control_characters() {
    let emu = demo().await;
    // The emulator refuses control characters in names, as Auth0 does; a hostile tenant answers
    // them anyway.
    let mut list = raw_get(&emu, "/actions/actions?per_page=100").await;
    let first = list["actions"][0].clone();
    let id = first["id"].as_str().unwrap().to_string();
    list["actions"][0]["name"] = json!(hostile("evil action"));
    emu.inject_fault_on("GET", "/api/v2/actions/actions", Fault::Status(200, list));
    let o = run(against(&emu), &["actions", "list"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("evil action"), "{}", stdout(&o));
    assert_no_control("actions list", &stdout(&o));

    let mut shown = raw_get(&emu, &format!("/actions/actions/{id}")).await;
    shown["name"] = json!(hostile("evil action"));
    shown["code"] = json!(format!("// one\n{}\n\tconst two = 2;\n", hostile("x")));
    emu.inject_fault_on(
        "GET",
        &format!("/api/v2/actions/actions/{id}"),
        Fault::Status(200, shown),
    );
    let o = run(against(&emu), &["actions", "show", &id]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("// one\n") && out.contains("\tconst two = 2;"),
        "lines stay: {out}"
    );
    assert_no_control("actions show", &out);

    let mut modules = raw_get(&emu, "/actions/modules").await;
    modules["modules"][0]["name"] = json!(hostile("evil module"));
    emu.inject_fault_on(
        "GET",
        "/api/v2/actions/modules",
        Fault::Status(200, modules.clone()),
    );
    let o = run(against(&emu), &["modules", "list"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("evil module"), "{}", stdout(&o));
    assert_no_control("modules list", &stdout(&o));

    // JSON escapes them as JSON does: the text is kept, the bytes are not raw.
    emu.inject_fault_on(
        "GET",
        "/api/v2/actions/modules",
        Fault::Status(200, modules),
    );
    let o = run(against(&emu), &["modules", "list", "--json"]);
    assert_no_control("modules list --json", &stdout(&o));
    let listed = json(&o);
    assert_eq!(listed[0]["name"], json!(hostile("evil module")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_servers_error_message_is_printed_without_control_characters() {
    let message = hostile("the tenant is on fire");
    let body = json!({"statusCode": 400, "error": "Bad Request", "message": message});
    let router = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { (StatusCode::BAD_REQUEST, axum::Json(body)).into_response() }
    });
    let url = support::serve(router).await;
    let mut c = bin();
    c.env("AUTH0_DOMAIN", &url).env("AUTH0_API_TOKEN", "t");
    let o = run(c, &["actions", "list"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the tenant is on fire"),
        "{}",
        stderr(&o)
    );
    assert_no_control("the error", &stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faircom_error_message_is_printed_without_control_characters() {
    let emu = demo().await;
    emu.inject_faircom_error("listCodePackages", 12345, &hostile("no packages today"));
    let o = run(faircom(&emu), &["packages", "list"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no packages today"), "{}", stderr(&o));
    assert_no_control("the FairCom error", &stderr(&o));
}

// ---- CLI consistency ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_does_not_exist_exits_1_for_every_kind() {
    let emu = demo().await;
    for args in [
        vec!["actions", "show", "no-such-action"],
        vec!["modules", "show", "no-such-module"],
        vec![
            "bindings",
            "move",
            "no-such-trigger",
            "x",
            "--to",
            "1",
            "--yes",
        ],
    ] {
        let o = run(against(&emu), &args);
        assert_eq!(code(&o), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("no-such-"), "{args:?}: {}", stderr(&o));
    }
    for key in ["noSuchPackage", "faircom/admin/noSuchPackage"] {
        let o = run(faircom(&emu), &["packages", "show", key]);
        assert_eq!(code(&o), Some(1), "{key}: {}", stderr(&o));
        assert!(stderr(&o).contains("no code package"), "{}", stderr(&o));
    }
}

#[test]
fn packages_status_help_offers_exactly_the_accepted_values() {
    let o = run(bin(), &["packages", "status", "--help"]);
    assert_eq!(code(&o), Some(0));
    let help = stdout(&o);
    assert!(!help.to_lowercase().contains("activate"), "{help}");
    for status in [
        "active",
        "testing",
        "deprecated",
        "developing",
        "inactive",
        "deleted",
    ] {
        assert!(help.contains(status), "{status}: {help}");
    }
    let o = run(bin(), &["packages", "--help"]);
    assert!(!stdout(&o).contains("activate"), "{}", stdout(&o));
}

#[test]
fn every_json_flag_has_help_text() {
    let with_json: [&[&str]; 15] = [
        &["actions", "list"],
        &["actions", "show"],
        &["actions", "test"],
        &["modules", "list"],
        &["modules", "show"],
        &["triggers", "list"],
        &["bindings", "list"],
        &["executions", "show"],
        &["packages", "list"],
        &["packages", "show"],
        &["packages", "history"],
        &["packages", "diff"],
        &["packages", "revert"],
        &["packages", "status"],
        &["journal"],
    ];
    for command in with_json {
        let mut args = command.to_vec();
        args.push("--help");
        let help = stdout(&run(bin(), &args));
        let lines: Vec<&str> = help.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with("--json"))
            .unwrap_or_else(|| panic!("{command:?} has --json: {help}"));
        // Short help puts the words beside the flag; long help on the next line.
        let beside = lines[at].trim_start().trim_start_matches("--json").trim();
        let words = if beside.is_empty() {
            lines.get(at + 1).map_or("", |l| l.trim())
        } else {
            beside
        };
        assert!(words.len() > 10, "{command:?}: {help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_has_no_internal_fields_and_no_empty_fill_ins() {
    let emu = demo().await;
    let bound = json(&run(
        against(&emu),
        &["bindings", "list", "post-login", "--json"],
    ));
    let first = &bound.as_array().expect("a list")[0]["action"];
    assert!(first.is_object(), "{bound}");
    let text = bound.to_string();
    assert!(!text.contains("code_loaded"), "{text}");
    assert_eq!(
        first["code"],
        Value::Null,
        "bindings carry no code: {first}"
    );
    assert_eq!(first["status"], Value::Null, "nor a draft status: {first}");
    assert!(
        !text.contains("\"\""),
        "no field is filled with \"\": {text}"
    );

    for args in [
        vec!["actions", "list", "--json"],
        vec!["actions", "show", DEPLOYABLE, "--json"],
    ] {
        let listed = json(&run(against(&emu), &args));
        let text = listed.to_string();
        assert!(!text.contains("code_loaded"), "{args:?}: {text}");
    }
    let shown = json(&run(
        against(&emu),
        &["actions", "show", DEPLOYABLE, "--json"],
    ));
    assert!(
        shown["code"].as_str().is_some_and(|c| !c.is_empty()),
        "a shown action has its code: {shown}"
    );
}
