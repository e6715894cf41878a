//! `codedeck compare` over HTTP against two emulators, each a stage with its own token: every row
//! state, the mappings that make `same_mapped`, a side that refuses or cannot be reached (its rows
//! `unknown`, the other side still compared), and the usage errors (exit 2). The drift is made
//! here through the API, so the tests do not depend on the demo's production seed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::{Path, PathBuf};

use codedeck::backend::auth0::Auth0Client;
use codedeck::backend::Backend;
use codedeck::emulator::{EmulatorHandle, Seed};
use codedeck::model::{
    ActionFilter, Dependency, DraftChange, NewAction, PackageFilter, SecretInput, TriggerRef,
};
use codedeck::secret::Secret;
use serde_json::Value;
use support::cli::{bin, code, run, stderr, stdout};
use support::stages::{auth0, deploy_now, faircom, stage, write_config};

const SECRET_VALUE: &str = "s3cret-VALUE-never-shown-7Qx";

/// A profile's lines for this emulator (both services); `token` overrides the right one.
fn profile(name: &str, emu: &EmulatorHandle, domain: Option<&str>, token: Option<&str>) -> String {
    format!(
        "[profiles.{name}]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n\
         faircom_url = \"{}\"\nfaircom_username = \"{}\"\nfaircom_password = \"{}\"\n",
        domain.map_or_else(|| emu.base_url(), str::to_string),
        token.map_or_else(|| emu.token(), str::to_string),
        emu.faircom_url(),
        emu.faircom_username(),
        emu.faircom_password().expose(),
    )
}

/// Writes the config (mode 600) and returns its path.
fn compare(config: &Path, args: &[&str]) -> std::process::Output {
    let mut c = bin();
    c.env("CODEDECK_CONFIG", config);
    let mut all = vec!["compare"];
    all.extend(args);
    run(c, &all)
}

/// `compare --from dev --to prod` with these arguments more.
fn dev_to_prod(config: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--from", "dev", "--to", "prod"];
    all.extend(args);
    compare(config, &all)
}

async fn two_demos() -> (EmulatorHandle, EmulatorHandle) {
    (stage(Seed::Demo).await, stage(Seed::Demo).await)
}

/// Two demo stages as profiles `dev` and `prod`, each with these lines more; prod's tenant at
/// `prod_domain` when given.
async fn configured_demos(
    (dev_extra, prod_extra): (&str, &str),
    prod_domain: Option<&str>,
) -> (EmulatorHandle, EmulatorHandle, tempfile::TempDir, PathBuf) {
    let (dev, prod) = two_demos().await;
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}{dev_extra}{}{prod_extra}",
        profile("dev", &dev, None, None),
        profile("prod", &prod, prod_domain, None),
    );
    let cfg = write_config(dir.path(), &text);
    (dev, prod, dir, cfg)
}

fn rows(o: &std::process::Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON rows ({e}): {}\n{}", stdout(o), stderr(o)))
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(rows: &'a [Value], kind: &str, name: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["kind"] == kind && r["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} row {name}: {rows:?}"))
}

fn state<'a>(rows: &'a [Value], kind: &str, name: &str) -> (&'a str, Vec<&'a str>) {
    let r = row(rows, kind, name);
    (
        r["state"].as_str().unwrap(),
        r["differences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect(),
    )
}

async fn action_id(client: &Auth0Client, name: &str) -> String {
    let all = client.list_actions(&ActionFilter::default()).await.unwrap();
    all.into_iter().find(|a| a.name == name).unwrap().id
}

/// Changes an action's draft and, with `deploy`, makes it live.
async fn change(client: &Auth0Client, name: &str, change: DraftChange, deploy: bool) {
    let id = action_id(client, name).await;
    client.update_action(&id, &change).await.unwrap();
    if deploy {
        deploy_now(client, &id).await;
    }
}

fn new_action(name: &str) -> NewAction {
    NewAction {
        name: name.into(),
        trigger: TriggerRef {
            id: "post-login".into(),
            version: "v3".into(),
        },
        runtime: None,
        code: "exports.onExecutePostLogin = async () => {};".into(),
        dependencies: vec![],
        secrets: vec![],
        deploy: false,
    }
}

/// Two demo stages with drift of every kind made on them.
async fn drifted() -> (EmulatorHandle, EmulatorHandle) {
    let (dev, prod) = two_demos().await;
    let (a, b) = (auth0(&dev), auth0(&prod));
    // Code: a new live version in prod.
    change(
        &b,
        "Audit password changes",
        DraftChange::code("// prod hotfix\nexports.onExecutePostChangePassword = async () => {};"),
        true,
    )
    .await;
    // Settings: a dependency and a secret only prod has (its value never shows).
    let id = action_id(&b, "Deny disposable email domains").await;
    let live = b.get_action(&id).await.unwrap();
    let mut dependencies = live.dependencies.clone();
    dependencies.push(Dependency {
        name: "ua-parser-js".into(),
        version: "1.0.37".into(),
    });
    let mut secrets = SecretInput::keep_all(&live.secrets);
    secrets.push(SecretInput {
        name: "UA_LIST_TOKEN".into(),
        value: Some(Secret::new(SECRET_VALUE)),
    });
    change(
        &b,
        "Deny disposable email domains",
        DraftChange {
            dependencies: Some(dependencies),
            secrets: Some(secrets),
            ..DraftChange::default()
        },
        true,
    )
    .await;
    // Live in prod only (the demo never deployed it).
    let id = action_id(&b, "Block legacy user agents").await;
    deploy_now(&b, &id).await;
    // The same once the domains are mapped, and once the keyword is rewritten.
    for (client, domain) in [(&a, "dev.example.com"), (&b, "example.com")] {
        let code = format!("const home = 'https://{domain}/welcome';");
        change(
            client,
            "Notify Slack on signup",
            DraftChange::code(code),
            true,
        )
        .await;
    }
    change(
        &a,
        "Limit M2M scopes",
        DraftChange::code("const audience = '##AUDIENCE##';"),
        true,
    )
    .await;
    change(
        &b,
        "Limit M2M scopes",
        DraftChange::code("const audience = 'https://api.example.com';"),
        true,
    )
    .await;
    // A draft edit only: live stays the same.
    change(
        &b,
        "Geo-block sanctioned countries",
        DraftChange::code("// not yet deployed"),
        false,
    )
    .await;
    // Only in one stage each.
    a.create_action(&new_action("Dev only experiment"))
        .await
        .unwrap();
    b.create_action(&new_action("Prod only hotfix"))
        .await
        .unwrap();
    // A flow in another order.
    let bindings = b.list_bindings("post-login").await.unwrap();
    assert!(bindings.len() > 1);
    let mut order = codedeck::flows::order_of(&bindings);
    order.reverse();
    b.update_bindings("post-login", &order).await.unwrap();
    // A module with a newer published version in prod.
    let module = b
        .list_modules()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name == "deny-lists")
        .unwrap();
    b.update_module_code(&module.id, "module.exports = { prod: true };")
        .await
        .unwrap();
    b.publish_module(&module.id).await.unwrap();
    // A package with other code in prod.
    let packages = faircom(&prod);
    let list = packages
        .list_packages(&PackageFilter::default())
        .await
        .unwrap();
    let convert = list
        .iter()
        .find(|p| p.id.name == "convertTemperature")
        .unwrap();
    packages
        .alter_package_code(&convert.id, "// prod\n", "prod edit")
        .await
        .unwrap();
    (dev, prod)
}

fn two_profiles(dev: &EmulatorHandle, prod: &EmulatorHandle, prod_token: Option<&str>) -> String {
    format!(
        "{}{}production = true\n[profiles.prod.replace]\n\"dev.example.com\" = \"example.com\"\n",
        profile("dev", dev, None, None),
        profile("prod", prod, None, prod_token),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_state_between_two_stages_over_http() {
    let (dev, prod) = drifted().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &two_profiles(&dev, &prod, None));
    let keywords = dir.path().join("keywords.json");
    std::fs::write(
        &keywords,
        r#"{"AUTH0_KEYWORD_REPLACE_MAPPINGS": {"AUDIENCE": "https://api.example.com"}}"#,
    )
    .unwrap();
    let keywords = keywords.to_str().unwrap();

    let o = dev_to_prod(&cfg, &["--json", "--keywords", keywords]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let all = rows(&o);
    let expect = [
        ("action", "Add role claims to tokens", "same", vec![]),
        (
            "action",
            "Audit password changes",
            "code_differs",
            vec!["code"],
        ),
        (
            "action",
            "Deny disposable email domains",
            "settings_differ",
            vec!["dependencies", "secrets"],
        ),
        (
            "action",
            "Block legacy user agents",
            "code_differs",
            vec!["deployed"],
        ),
        ("action", "Notify Slack on signup", "same_mapped", vec![]),
        ("action", "Limit M2M scopes", "same_mapped", vec![]),
        ("action", "Geo-block sanctioned countries", "same", vec![]),
        ("action", "Dev only experiment", "only_in_from", vec![]),
        ("action", "Prod only hotfix", "only_in_to", vec![]),
        ("flow", "post-login", "settings_differ", vec!["order"]),
        ("flow", "pre-user-registration", "same", vec![]),
        ("module", "deny-lists", "code_differs", vec!["code"]),
        ("module", "claims-utils", "same", vec![]),
        (
            "package",
            "faircom/admin/convertTemperature",
            "code_differs",
            vec!["code"],
        ),
        ("package", "faircom/admin/sensorMath", "same", vec![]),
    ];
    for (kind, name, want, fields) in &expect {
        assert_eq!(
            state(&all, kind, name),
            (*want, fields.clone()),
            "{kind} {name}"
        );
    }
    assert!(!stdout(&o).contains(SECRET_VALUE) && !stderr(&o).contains(SECRET_VALUE));
    assert!(!stdout(&o).contains(&prod.token()) && !stderr(&o).contains(&prod.token()));

    // Without the keywords file the marker counts as code; with --exit-code anything that differs
    // is exit 1.
    let o = dev_to_prod(&cfg, &["--json", "--exit-code"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert_eq!(
        state(&rows(&o), "action", "Limit M2M scopes").0,
        "code_differs"
    );

    // Drafts compare the drafts: the undeployed edit shows.
    let o = dev_to_prod(&cfg, &["--json", "--drafts"]);
    assert_eq!(
        state(&rows(&o), "action", "Geo-block sanctioned countries"),
        ("code_differs", vec!["code"])
    );

    // The other way round: only_in swaps, prod's pairs read backwards still map.
    let o = compare(&cfg, &["--from", "prod", "--to", "dev", "--json"]);
    let back = rows(&o);
    assert_eq!(state(&back, "action", "Prod only hotfix").0, "only_in_from");
    assert_eq!(
        state(&back, "action", "Notify Slack on signup").0,
        "same_mapped"
    );

    // The table says the same in words, with the stage names.
    let o = dev_to_prod(&cfg, &[]);
    let table = stdout(&o);
    assert!(table.starts_with("KIND"), "{table}");
    for words in [
        "code differs",
        "settings differ",
        "only in dev",
        "only in prod",
        "same (mapped)",
    ] {
        assert!(table.contains(words), "{words}: {table}");
    }
    assert!(stderr(&o).contains("prod (production)"), "{}", stderr(&o));
    assert!(!table.contains(SECRET_VALUE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_stages_are_all_the_same_and_exit_0() {
    let (dev, prod) = two_demos().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &two_profiles(&dev, &prod, None));
    let o = dev_to_prod(&cfg, &["--json", "--exit-code"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let all = rows(&o);
    assert!(all.iter().all(|r| r["state"] == "same"), "{all:?}");
    for kind in ["action", "module", "flow", "package"] {
        assert!(all.iter().any(|r| r["kind"] == kind), "{kind}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_side_that_refuses_the_token_is_unknown_and_the_other_still_compares() {
    let (dev, prod) = (stage(Seed::Demo).await, stage(Seed::Empty).await);
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &two_profiles(&dev, &prod, Some("wrong-token-Zq81")),
    );
    let o = dev_to_prod(&cfg, &["--json"]);
    assert_eq!(code(&o), Some(3), "{}", stderr(&o));
    let all = rows(&o);
    assert_eq!(
        state(&all, "action", "Add role claims to tokens").0,
        "unknown"
    );
    assert_eq!(state(&all, "module", "deny-lists").0, "unknown");
    assert_eq!(state(&all, "flow", "post-login").0, "unknown");
    // FairCom has its own login: prod's (empty) server still compares.
    assert_eq!(
        state(&all, "package", "faircom/admin/convertTemperature").0,
        "only_in_from"
    );
    let said = stderr(&o);
    assert!(
        said.contains("prod: could not read its actions, modules, flows"),
        "{said}"
    );
    assert!(!said.contains("wrong-token-Zq81") && !stdout(&o).contains("wrong-token-Zq81"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_side_is_unknown_and_the_other_still_compares() {
    // Prod's tenant is down; its FairCom server answers.
    let (_dev, _prod, _dir, cfg) = configured_demos(("", ""), Some("http://127.0.0.1:1")).await;
    let o = dev_to_prod(&cfg, &["--json", "--exit-code"]);
    assert_eq!(code(&o), Some(3), "{}", stderr(&o));
    let all = rows(&o);
    assert_eq!(state(&all, "action", "Limit M2M scopes").0, "unknown");
    assert_eq!(state(&all, "package", "faircom/admin/sensorMath").0, "same");
    assert!(stderr(&o).contains("prod:"), "{}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packages_match_by_owner_and_name_within_each_profiles_database() {
    let extra = (
        "faircom_database = \"faircom\"\n",
        "faircom_database = \"orders\"\n",
    );
    let (_dev, _prod, _dir, cfg) = configured_demos(extra, None).await;
    let o = dev_to_prod(&cfg, &["--json", "--only", "faircom"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let all = rows(&o);
    assert!(all.iter().all(|r| r["kind"] == "package"), "{all:?}");
    assert_eq!(state(&all, "package", "admin/sensorMath").0, "only_in_from");
    assert_eq!(
        state(&all, "package", "admin/maskCustomerPii").0,
        "only_in_to"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_with_clear_words() {
    let (dev, prod) = (stage(Seed::Empty).await, stage(Seed::Empty).await);
    let dir = tempfile::tempdir().unwrap();
    // prod names no FairCom server.
    let text = format!(
        "{}[profiles.prod]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n",
        profile("dev", &dev, None, None),
        prod.base_url(),
        prod.token()
    );
    let cfg = write_config(dir.path(), &text);
    let o = compare(&cfg, &["--from", "dev", "--to", "staging"]);
    assert_eq!(code(&o), Some(2));
    assert!(
        stderr(&o).contains("no profile named `staging`") && stderr(&o).contains("dev, prod"),
        "{}",
        stderr(&o)
    );
    let o = compare(&cfg, &["--from", "dev", "--to", "dev"]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("both name `dev`"), "{}", stderr(&o));
    let o = dev_to_prod(&cfg, &[]);
    assert_eq!(code(&o), Some(2));
    assert!(
        stderr(&o).contains("profile `prod` has no FairCom server"),
        "{}",
        stderr(&o)
    );
    // Comparing the service both have works.
    let o = dev_to_prod(&cfg, &["--only", "auth0", "--json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let o = compare(&cfg, &["--from", "dev"]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("--to"), "{}", stderr(&o));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[1, 2]").unwrap();
    let o = dev_to_prod(&cfg, &["--keywords", bad.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("JSON object"), "{}", stderr(&o));
}

#[test]
fn the_demo_has_two_stages_to_compare() {
    let o = run(bin(), &["--demo", "compare", "--json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let all = rows(&o);
    let states = [
        "same",
        "same_mapped",
        "code_differs",
        "settings_differ",
        "only_in_from",
        "only_in_to",
    ];
    for r in &all {
        assert!(states.contains(&r["state"].as_str().unwrap()), "{r}");
    }
    for kind in ["action", "module", "flow", "package"] {
        assert!(all.iter().any(|r| r["kind"] == kind), "{kind}");
    }
    let o = run(
        bin(),
        &["--demo", "compare", "--from", "demo-dev", "--to", "nope"],
    );
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("demo-dev, demo-prod"), "{}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_name_in_two_places_on_one_side_is_unknown_and_said() {
    let extra = ("faircom_database = \"faircom\"\n", "");
    let (_dev, prod, _dir, cfg) = configured_demos(extra, None).await;
    // Prod names no database and holds sensorMath in two.
    let packages = faircom(&prod);
    packages
        .create_package(&codedeck::model::NewPackage {
            id: codedeck::model::PackageId {
                database: "orders".into(),
                owner: "admin".into(),
                name: "sensorMath".into(),
            },
            code_type: codedeck::model::CodeType::Module,
            language: "javascript".into(),
            status: codedeck::model::CodeStatus::Developing,
            description: String::new(),
            metadata: Value::Null,
            comment: "a copy".into(),
            code: "// copy\n".into(),
        })
        .await
        .unwrap();
    let o = dev_to_prod(&cfg, &["--json", "--only", "faircom"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let all = rows(&o);
    assert_eq!(state(&all, "package", "admin/sensorMath").0, "unknown");
    assert_eq!(state(&all, "package", "admin/convertTemperature").0, "same");
    assert!(
        stderr(&o).contains("prod: package admin/sensorMath is in more than one database"),
        "{}",
        stderr(&o)
    );
}
