//! The non-interactive commands, run as the real binary against the emulator over loopback HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::emulator::EmulatorHandle;
use serde_json::Value;
use support::cli::{against, bin, demo, json, raw_get, run, stderr, stdout};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_list_shows_every_action_of_the_tenant() {
    let emu = demo().await;
    let listed = json(&run(against(&emu), &["actions", "list", "--json"]));
    let server = raw_get(&emu, "/actions/actions?per_page=100").await;
    let mut cli_ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let mut server_ids: Vec<&str> = server["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    cli_ids.sort_unstable();
    server_ids.sort_unstable();
    assert!(cli_ids.len() >= 10, "the demo has about a dozen actions");
    assert_eq!(cli_ids, server_ids);

    let table = stdout(&run(against(&emu), &["actions", "list"]));
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("NAME") && header.contains("STATUS") && header.contains("LIVE"),
        "{header}"
    );
    assert_eq!(table.lines().count(), cli_ids.len() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_filter_keeps_only_matching_actions() {
    let emu = demo().await;
    let all = json(&run(against(&emu), &["actions", "list", "--json"]));
    let post_login = json(&run(
        against(&emu),
        &["actions", "list", "--json", "--trigger", "post-login"],
    ));
    let post_login = post_login.as_array().unwrap();
    assert!(!post_login.is_empty());
    assert!(post_login.len() < all.as_array().unwrap().len());
    for a in post_login {
        let triggers: Vec<&str> = a["supported_triggers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        assert!(triggers.contains(&"post-login"), "{triggers:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_by_name_and_by_id_prints_the_draft_code() {
    let emu = demo().await;
    let all = json(&run(against(&emu), &["actions", "list", "--json"]));
    let first = &all.as_array().unwrap()[0];
    let (name, id) = (
        first["name"].as_str().unwrap(),
        first["id"].as_str().unwrap(),
    );

    let by_name = run(against(&emu), &["actions", "show", name]);
    assert!(by_name.status.success(), "{}", stderr(&by_name));
    let text = stdout(&by_name);
    assert!(text.contains(name) && text.contains(id));
    let server = raw_get(&emu, &format!("/actions/actions/{id}")).await;
    let code = server["code"].as_str().unwrap();
    assert!(
        text.contains(code.lines().next().unwrap()),
        "the code is printed"
    );

    let by_id = json(&run(against(&emu), &["actions", "show", id, "--json"]));
    assert_eq!(by_id["name"], name);
    assert_eq!(by_id["code"].as_str().unwrap(), code);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_action_is_exit_1_with_a_message() {
    let emu = demo().await;
    let o = run(against(&emu), &["actions", "show", "No Such Action"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no action with the name or id `No Such Action`"),
        "{}",
        stderr(&o)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bindings_are_listed_in_execution_order() {
    let emu = demo().await;
    let server = raw_get(&emu, "/actions/triggers/post-login/bindings").await;
    let expected: Vec<String> = server["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["display_name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        expected.len() >= 2,
        "the demo binds several actions to post-login"
    );
    let listed = json(&run(
        against(&emu),
        &["bindings", "list", "post-login", "--json"],
    ));
    let got: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["display_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, expected);
    let table = stdout(&run(against(&emu), &["bindings", "list", "post-login"]));
    assert!(table.lines().nth(1).unwrap().starts_with("1  "), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modules_list_and_show_with_the_actions_using_it() {
    let emu = demo().await;
    let modules = json(&run(against(&emu), &["modules", "list", "--json"]));
    let modules = modules.as_array().unwrap();
    assert_eq!(modules.len(), 3);
    let used = modules
        .iter()
        .find(|m| m["actions_using_module_total"].as_u64().unwrap() > 0)
        .unwrap();
    let shown = json(&run(
        against(&emu),
        &["modules", "show", used["name"].as_str().unwrap(), "--json"],
    ));
    let users = shown["used_by"].as_array().unwrap();
    assert_eq!(
        users.len() as u64,
        used["actions_using_module_total"].as_u64().unwrap()
    );
    assert!(!shown["code"].as_str().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triggers_list_names_entity_bound_ones() {
    let emu = demo().await;
    let o = run(against(&emu), &["triggers", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let line = text
        .lines()
        .find(|l| l.starts_with("event-stream"))
        .expect("event-stream listed");
    assert!(line.contains("entity-bound"), "{line}");
    assert!(text
        .lines()
        .any(|l| l.starts_with("post-login") && l.contains("CURRENT")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_token_is_exit_1_and_says_unauthorized() {
    let emu = demo().await;
    let mut c = bin();
    c.env("AUTH0_DOMAIN", emu.base_url())
        .env("AUTH0_API_TOKEN", "not-the-token");
    let o = run(c, &["actions", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("401"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("not-the-token"),
        "the token is never printed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_fetch_one_token_for_many_requests() {
    let emu = demo().await;
    let mut c = bin();
    c.env("AUTH0_DOMAIN", emu.base_url())
        .env("AUTH0_CLIENT_ID", emu.client_id())
        .env("AUTH0_CLIENT_SECRET", emu.client_secret().expose());
    // `modules show` makes several requests (list, get, actions using it).
    let o = run(
        c,
        &["modules", "show", "--json", &first_module_name(&emu).await],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(emu.request_count("POST", "/oauth/token"), 1);
}

async fn first_module_name(emu: &EmulatorHandle) -> String {
    raw_get(emu, "/actions/modules").await["modules"][0]["name"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_client_secret_is_an_auth_error_without_the_secret() {
    let emu = demo().await;
    let mut c = bin();
    c.env("AUTH0_DOMAIN", emu.base_url())
        .env("AUTH0_CLIENT_ID", emu.client_id())
        .env("AUTH0_CLIENT_SECRET", "wrong-secret-value-123");
    let o = run(c, &["actions", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("authentication failed"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("wrong-secret-value-123"));
}

#[test]
fn demo_flag_works_with_nothing_configured() {
    let o = run(bin(), &["--demo", "actions", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).lines().count() > 10);
    // Without --demo a command never falls back to it (see tests/cli_safety.rs).
    let o = run(bin(), &["modules", "list"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn the_dashboard_without_a_terminal_says_what_to_use_instead() {
    let o = run(bin(), &["--demo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
}

#[test]
fn unknown_theme_is_a_usage_error_naming_the_choices() {
    let o = run(bin(), &["--demo", "--theme", "solarized-nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dark, light"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        run(bin(), &["actions", "frobnicate"]).status.code(),
        Some(2)
    );
    let mut c = bin();
    c.env("AUTH0_DOMAIN", "http://tenant.example.com")
        .env("AUTH0_API_TOKEN", "t");
    let o = run(c, &["actions", "list"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "plain http to a non-loopback host is refused: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("http"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn config_file_with_secrets_must_be_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[profiles.prod]\nauth0_domain = \"127.0.0.1:1\"\nauth0_api_token = \"s3cr3t\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut c = bin();
    c.env("CODEDECK_CONFIG", &path);
    let o = run(c, &["--profile", "prod", "actions", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("chmod 600"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("s3cr3t"));

    let mut c = bin();
    c.env("CODEDECK_CONFIG", &path);
    let o = run(c, &["--profile", "staging", "actions", "list"]);
    assert_eq!(o.status.code(), Some(2));

    // Others who may write it could repoint the domain: refused too, saying so.
    for mode in [0o622, 0o620, 0o602] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let mut c = bin();
        c.env("CODEDECK_CONFIG", &path);
        let o = run(c, &["--profile", "prod", "actions", "list"]);
        assert_eq!(o.status.code(), Some(2), "mode {mode:o}: {}", stderr(&o));
        let said = stderr(&o);
        assert!(
            said.contains("write it") && said.contains("repoint the domain"),
            "mode {mode:o}: {said}"
        );
        assert!(
            said.contains("chmod 600") && !said.contains("s3cr3t"),
            "{said}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_from_config_file_connects() {
    use std::os::unix::fs::PermissionsExt;
    let emu = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[profiles.local]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n",
            emu.base_url(),
            emu.token()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut c = bin();
    c.env("CODEDECK_CONFIG", &path);
    let o = run(c, &["--profile", "local", "triggers", "list", "--json"]);
    let triggers = json(&o);
    assert!(triggers.as_array().unwrap().len() > 5);
}

#[test]
fn emulator_command_serves_and_requires_the_token() {
    let mut c = bin();
    c.args([
        "emulator",
        "--port",
        "0",
        "--token",
        "local-test-token",
        "--seed",
        "empty",
    ]);
    // The first line only, the pipe closed as `| head -1` would: the server must keep serving.
    let (mut child, url) = support::cli::serving(c);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (ok, denied, actions) = rt.block_on(async {
        let c = reqwest::Client::new();
        let ok = c
            .get(format!("{url}/api/v2/actions/triggers"))
            .bearer_auth("local-test-token")
            .send()
            .await
            .unwrap();
        let denied = c
            .get(format!("{url}/api/v2/actions/triggers"))
            .bearer_auth("nope")
            .send()
            .await
            .unwrap();
        let actions: Value = c
            .get(format!("{url}/api/v2/actions/actions"))
            .bearer_auth("local-test-token")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (ok.status().as_u16(), denied.status().as_u16(), actions)
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(ok, 200);
    assert_eq!(denied, 401);
    assert_eq!(
        actions["actions"].as_array().unwrap().len(),
        0,
        "the empty seed has no actions"
    );
}

#[test]
fn emulator_command_serves_faircom_with_the_account_it_prints() {
    use std::io::{BufRead, BufReader};
    let mut child = bin()
        .args([
            "emulator",
            "--port",
            "0",
            "--seed",
            "empty",
            "--faircom-user",
            "OPERATOR",
        ])
        .env("FAIRCOM_EMULATOR_PASSWORD", "pw-from-the-environment")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let line = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .find(|l| l.starts_with("FairCom JSON API:"))
        .expect("the banner names the FairCom endpoint");
    assert!(
        line.contains("username OPERATOR") && line.contains("password pw-from-the-environment"),
        "{line}"
    );
    let url = line.split_whitespace().nth(3).unwrap().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api"),
        "{line}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let answers: Vec<Value> = rt.block_on(async {
        let c = reqwest::Client::new();
        let mut answers = Vec::new();
        for password in ["pw-from-the-environment", "wrong"] {
            let body = serde_json::json!({"api": "admin", "action": "createSession",
                "params": {"username": "OPERATOR", "password": password}});
            let resp = c.post(&url).json(&body).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200);
            answers.push(resp.json().await.unwrap());
        }
        answers
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answers[0]["errorCode"], 0, "{}", answers[0]);
    assert_eq!(answers[0]["result"]["defaultOwnerName"], "operator");
    assert_ne!(answers[1]["errorCode"], 0);
}
