//! `codedeck promote` over HTTP against two emulators, each a stage with its own token: an action
//! promoted with its mapping and its module pins remapped to B's ids, created on B, a secret B
//! lacks refused then given; a flow, a module (and its publish), FairCom packages altered and
//! created; the refusals (missing module, missing flow action, package type, production without
//! --yes-production); the guard when B changed between read and write; the journal entry naming
//! both stages and the undo on B. The drift is made here through the API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::PathBuf;
use std::time::Duration;

use codedeck::backend::auth0::Auth0Client;
use codedeck::backend::Backend;
use codedeck::emulator::{EmulatorHandle, Seed};
use codedeck::model::{
    Action, ActionFilter, CodeType, Dependency, DraftChange, Module, ModuleRef, NewAction,
    NewModule, NewPackage, PackageFilter, PackageId, SecretInput, TriggerRef,
};
use codedeck::secret::Secret;
use codedeck::stages::{self, promote, Kind, Reading};
use serde_json::Value;
use support::cli::{bin, code, run, stderr, stdout};
use support::stages::{auth0, deploy_now, faircom, stage, write_config};

const SECRET_VALUE: &str = "s3cret-VALUE-never-shown-9Zq";

fn profile(name: &str, emu: &EmulatorHandle) -> String {
    format!(
        "[profiles.{name}]\nauth0_domain = \"{}\"\nauth0_api_token = \"{}\"\n\
         faircom_url = \"{}\"\nfaircom_username = \"{}\"\nfaircom_password = \"{}\"\n",
        emu.base_url(),
        emu.token(),
        emu.faircom_url(),
        emu.faircom_username(),
        emu.faircom_password().expose(),
    )
}

/// Two stages `dev` and `prod`, a config naming them (each with its extra lines), a data dir.
struct Stages {
    dev: EmulatorHandle,
    prod: EmulatorHandle,
    dir: tempfile::TempDir,
    config: PathBuf,
}

async fn stages(seed: Seed, (dev_extra, prod_extra): (&str, &str)) -> Stages {
    let (dev, prod) = (stage(seed).await, stage(seed).await);
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}{dev_extra}{}{prod_extra}",
        profile("dev", &dev),
        profile("prod", &prod)
    );
    let config = write_config(dir.path(), &text);
    Stages {
        dev,
        prod,
        dir,
        config,
    }
}

impl Stages {
    fn cmd(&self) -> std::process::Command {
        let mut c = bin();
        c.env("CODEDECK_CONFIG", &self.config)
            .env("CODEDECK_DATA_DIR", self.dir.path().join("data"));
        c
    }

    /// `codedeck promote KIND NAME --from dev --to prod ARGS…`.
    fn promote(&self, kind: &str, name: &str, args: &[&str]) -> std::process::Output {
        promote_with(self.cmd(), kind, name, args)
    }

    fn journal(&self) -> Vec<Value> {
        let o = run(self.cmd(), &["journal", "--json"]);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn journal_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("data").join("journal.jsonl"))
            .unwrap_or_default()
    }
}

/// `codedeck promote KIND NAME --from dev --to prod ARGS…` run by `c`.
fn promote_with(
    c: std::process::Command,
    kind: &str,
    name: &str,
    args: &[&str],
) -> std::process::Output {
    let mut all = vec!["promote", kind, name, "--from", "dev", "--to", "prod"];
    all.extend(args);
    run(c, &all)
}

fn ok(o: &std::process::Output) {
    assert_eq!(
        code(o),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

async fn action(client: &Auth0Client, name: &str) -> Option<Action> {
    let all = client.list_actions(&ActionFilter::default()).await.unwrap();
    let found = all.into_iter().find(|a| a.name == name)?;
    Some(client.get_action(&found.id).await.unwrap())
}

async fn module(client: &Auth0Client, name: &str) -> Option<Module> {
    let all = client.list_modules().await.unwrap();
    all.into_iter().find(|m| m.name == name)
}

fn new_action(name: &str, code: &str) -> NewAction {
    NewAction {
        name: name.into(),
        trigger: TriggerRef {
            id: "post-login".into(),
            version: "v3".into(),
        },
        runtime: None,
        code: code.into(),
        dependencies: vec![],
        secrets: vec![],
        deploy: false,
    }
}

/// A module published once (v1) with this code; a second publish when `twice` (v2).
async fn published_module(client: &Auth0Client, name: &str, twice: bool) -> Module {
    let made = client
        .create_module(&NewModule {
            name: name.into(),
            code: "module.exports = { v: 1 };".into(),
            dependencies: vec![],
            secrets: vec![],
            publish: true,
        })
        .await
        .unwrap();
    if twice {
        client
            .update_module(&made.id, &DraftChange::code("module.exports = { v: 2 };"))
            .await
            .unwrap();
        client.publish_module(&made.id).await.unwrap();
    }
    module(client, name).await.unwrap()
}

fn pin_of(m: &Module, number: u32, version_id: &str) -> ModuleRef {
    ModuleRef {
        module_id: m.id.clone(),
        module_name: m.name.clone(),
        module_version_id: version_id.to_string(),
        module_version_number: number,
    }
}

/// An action in `client` with this code, pinned to `pin`, deployed.
async fn live_action(client: &Auth0Client, name: &str, code: &str, pins: &[ModuleRef]) -> Action {
    let made = client.create_action(&new_action(name, code)).await.unwrap();
    if !pins.is_empty() {
        client.pin_action_modules(&made.id, pins).await.unwrap();
    }
    deploy_now(client, &made.id).await;
    action(client, name).await.unwrap()
}

const PROMO: &str = "Promo claims";
const PROMO_CODE: &str = "const host = 'https://dev.example.com/api';\n\
                          exports.onExecutePostLogin = async () => { host; };";

#[tokio::test(flavor = "multi_thread")]
async fn an_action_is_created_on_b_with_its_code_mapped_and_its_pins_remapped_then_changed() {
    let s = stages(
        Seed::Empty,
        (
            "",
            "[profiles.prod.replace]\n\"dev.example.com\" = \"example.com\"\n",
        ),
    )
    .await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    let dev_module = published_module(&a, "promo-utils", true).await;
    let dev_v2 = dev_module.latest_version.clone().unwrap();
    // B's module has other ids, and versions 1 and 2 as well.
    let prod_module = published_module(&b, "promo-utils", true).await;
    live_action(&a, PROMO, PROMO_CODE, &[pin_of(&dev_module, 2, &dev_v2.id)]).await;

    let o = s.promote("action", PROMO, &["--yes"]);
    ok(&o);
    let err = stderr(&o);
    assert!(err.contains("dev") && err.contains("prod"), "{err}");
    assert!(
        err.contains("https://example.com/api"),
        "the code sent: {err}"
    );
    let made = action(&b, PROMO).await.expect("created on prod");
    assert_eq!(
        made.code,
        PROMO_CODE.replace("dev.example.com", "example.com")
    );
    assert!(made.deployed_version.is_none(), "no --deploy: nothing live");
    let pin = &made.modules[0];
    assert_eq!(pin.module_id, prod_module.id);
    assert_eq!(pin.module_version_number, 2);
    assert_eq!(
        pin.module_version_id,
        prod_module.latest_version.as_ref().unwrap().id
    );
    assert_ne!(pin.module_id, dev_module.id);

    // Again, once dev changed: B's existing draft changes, journaled as a draft edit naming dev.
    let id = action(&a, PROMO).await.unwrap().id;
    a.update_action(
        &id,
        &DraftChange::code("exports.onExecutePostLogin = async () => { /* v2 */ };"),
    )
    .await
    .unwrap();
    deploy_now(&a, &id).await;
    let o = s.promote("action", PROMO, &["--yes"]);
    ok(&o);
    let now = action(&b, PROMO).await.unwrap();
    assert!(now.code.contains("/* v2 */"), "{}", now.code);
    assert_eq!(now.modules, made.modules, "pins kept");
    let entries = s.journal();
    let last = entries.last().unwrap();
    assert_eq!(last["promoted_from"], "dev", "{last}");
    assert_eq!(last["profile"], "prod");
    assert_eq!(last["operation"], "draft_edit");
    assert_eq!(last["object_name"], PROMO);
    assert!(last["before"]["saved_draft"].is_string(), "{last}");
    // The table names both stages.
    let table = stdout(&run(s.cmd(), &["journal"]));
    assert!(table.contains("dev → prod"), "{table}");

    // Nothing left to promote: said, nothing sent.
    let o = s.promote("action", PROMO, &["--yes"]);
    ok(&o);
    assert!(stderr(&o).contains("nothing to promote"), "{}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pinned_module_or_version_missing_in_b_refuses_naming_it() {
    let s = stages(Seed::Empty, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    let dev_module = published_module(&a, "only-here", true).await;
    let v2 = dev_module.latest_version.clone().unwrap();
    live_action(&a, PROMO, PROMO_CODE, &[pin_of(&dev_module, 2, &v2.id)]).await;
    let o = s.promote("action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("only-here"), "{}", stderr(&o));
    assert!(action(&b, PROMO).await.is_none(), "nothing sent");
    // B has the module, but only v1.
    published_module(&b, "only-here", false).await;
    let o = s.promote("action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("only-here") && stderr(&o).contains("v2"),
        "{}",
        stderr(&o)
    );
    assert!(action(&b, PROMO).await.is_none(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_b_lacks_is_refused_until_given_and_its_value_never_shows() {
    let s = stages(Seed::Empty, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    let mut new = new_action(PROMO, "exports.onExecutePostLogin = async () => {};");
    new.secrets = vec![SecretInput {
        name: "API_KEY".into(),
        value: Some(Secret::new(SECRET_VALUE)),
    }];
    let made = a.create_action(&new).await.unwrap();
    deploy_now(&a, &made.id).await;

    let o = s.promote("action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("API_KEY"), "{}", stderr(&o));
    assert!(action(&b, PROMO).await.is_none(), "nothing sent");

    let mut with_value = s.cmd();
    with_value.env("API_KEY", SECRET_VALUE);
    let o = promote_with(
        with_value,
        "action",
        PROMO,
        &["--yes", "--secret", "API_KEY"],
    );
    ok(&o);
    let made = action(&b, PROMO).await.unwrap();
    assert_eq!(made.secrets.len(), 1);
    assert_eq!(made.secrets[0].name, "API_KEY");
    for shown in [stdout(&o), stderr(&o), s.journal_text()] {
        assert!(
            !shown.contains(SECRET_VALUE),
            "a secret value shown: {shown}"
        );
    }
    assert!(s.journal_text().contains("promoted_from"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flow_takes_as_order_and_refuses_actions_b_lacks() {
    let s = stages(Seed::Demo, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    // Dev runs post-login in reverse order.
    let mut order = codedeck::flows::order_of(&a.list_bindings("post-login").await.unwrap());
    order.reverse();
    a.update_bindings("post-login", &order).await.unwrap();
    let names = |bindings: Vec<codedeck::model::Binding>| {
        bindings
            .into_iter()
            .map(|b| b.action.name)
            .collect::<Vec<_>>()
    };
    let wanted = names(a.list_bindings("post-login").await.unwrap());
    let o = s.promote("flow", "post-login", &["--yes"]);
    ok(&o);
    assert_eq!(names(b.list_bindings("post-login").await.unwrap()), wanted);
    let last = s.journal().last().unwrap().clone();
    assert_eq!(last["operation"], "bindings_change");
    assert_eq!(last["promoted_from"], "dev");

    // A dev-only action bound in dev: refused, naming it; prod untouched.
    let dev_only = live_action(&a, "Dev only", PROMO_CODE, &[]).await;
    let mut order = codedeck::flows::order_of(&a.list_bindings("post-login").await.unwrap());
    order.push(codedeck::model::BoundAction {
        action_id: dev_only.id.clone(),
        display_name: "Dev only".into(),
    });
    a.update_bindings("post-login", &order).await.unwrap();
    let o = s.promote("flow", "post-login", &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Dev only"), "{}", stderr(&o));
    assert_eq!(names(b.list_bindings("post-login").await.unwrap()), wanted);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_module_takes_as_latest_published_version_then_publishes() {
    let s = stages(Seed::Demo, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    let dev = module(&a, "http-helpers").await.unwrap();
    a.update_module(
        &dev.id,
        &DraftChange::code("module.exports = { promoted: true };"),
    )
    .await
    .unwrap();
    a.publish_module(&dev.id).await.unwrap();
    let before = module(&b, "http-helpers").await.unwrap();
    let o = s.promote("module", "http-helpers", &["--yes", "--publish"]);
    ok(&o);
    let after = module(&b, "http-helpers").await.unwrap();
    let latest = after.latest_version.unwrap();
    assert_eq!(latest.code, "module.exports = { promoted: true };");
    assert_eq!(
        Some(latest.number),
        before.latest_version_number().map(|n| n + 1)
    );
    // Its secret kept its value in prod (sent by name): still listed.
    let names: Vec<_> = after.secrets.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"OUTBOUND_PROXY_TOKEN"), "{names:?}");
    // One journal entry for the promote and its publish: B's version before and after.
    let entries = s.journal();
    let promotes: Vec<&Value> = entries
        .iter()
        .filter(|e| e["promoted_from"] == "dev")
        .collect();
    assert_eq!(promotes.len(), 1, "{entries:#?}");
    assert_eq!(promotes[0]["operation"], "module_publish");
    assert_eq!(promotes[0]["outcome"], "done");
    assert_eq!(
        promotes[0]["before"]["version_number"],
        before.latest_version_number().unwrap()
    );
    assert_eq!(promotes[0]["after"]["version_number"], latest.number);
}

async fn package(backend: &dyn Backend, name: &str) -> Option<codedeck::model::CodePackage> {
    let list = backend
        .list_packages(&PackageFilter::default())
        .await
        .unwrap();
    let found = list.into_iter().find(|p| p.id.name == name)?;
    Some(backend.describe_package(&found.id).await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn faircom_packages_are_altered_created_and_refused_when_their_type_differs() {
    let s = stages(Seed::Demo, ("", "")).await;
    let (a, b) = (faircom(&s.dev), faircom(&s.prod));
    let dev = package(&*a, "convertTemperature").await.unwrap();
    a.alter_package_code(&dev.id, "// dev v-next\n", "dev edit")
        .await
        .unwrap();
    let dev = package(&*a, "convertTemperature").await.unwrap();
    let before = package(&*b, "convertTemperature").await.unwrap();
    let key = dev.id.key();
    let o = s.promote("package", &key, &["--yes"]);
    ok(&o);
    let after = package(&*b, "convertTemperature").await.unwrap();
    assert_eq!(after.code.as_deref(), Some("// dev v-next\n"));
    assert_eq!(after.version, before.version + 1);
    assert_eq!(
        after.comment,
        format!("promoted from dev: v{}", dev.version)
    );
    // Undo on prod: the entry says the version before (a revert to it puts it back).
    let last = s.journal().last().unwrap().clone();
    assert_eq!(last["operation"], "package_revert");
    assert_eq!(last["before"]["version_number"], before.version);
    let o = run(
        s.cmd(),
        &[
            "--profile",
            "prod",
            "packages",
            "revert",
            &key,
            "--to",
            &before.version.to_string(),
            "--yes",
        ],
    );
    ok(&o);
    let undone = package(&*b, "convertTemperature").await.unwrap();
    assert_eq!(undone.code, before.code);

    // Created in prod when missing, same type and language.
    let fresh = NewPackage {
        id: PackageId {
            database: dev.id.database.clone(),
            owner: dev.id.owner.clone(),
            name: "promotedFn".into(),
        },
        code_type: dev.code_type.clone(),
        language: dev.language.clone(),
        status: dev.status.clone(),
        description: "new in dev".into(),
        metadata: serde_json::json!({}),
        comment: "first".into(),
        code: "// new\n".into(),
    };
    a.create_package(&fresh).await.unwrap();
    let o = s.promote("package", &fresh.id.key(), &["--yes"]);
    ok(&o);
    let made = package(&*b, "promotedFn").await.expect("created in prod");
    assert_eq!(made.code.as_deref(), Some("// new\n"));
    assert_eq!(made.code_type, dev.code_type);
    assert_eq!(made.language, dev.language);

    // The same name with another type in prod: refused, nothing sent.
    let other_type = if dev.code_type == CodeType::Module {
        CodeType::Job
    } else {
        CodeType::Module
    };
    let odd = NewPackage {
        id: PackageId {
            name: "typedFn".into(),
            ..fresh.id.clone()
        },
        ..fresh.clone()
    };
    a.create_package(&odd).await.unwrap();
    b.create_package(&NewPackage {
        code_type: other_type,
        code: "// prod's own\n".into(),
        ..odd.clone()
    })
    .await
    .unwrap();
    let o = s.promote("package", &odd.id.key(), &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("code_type"), "{}", stderr(&o));
    let kept = package(&*b, "typedFn").await.unwrap();
    assert_eq!(kept.code.as_deref(), Some("// prod's own\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_production_stage_needs_yes_production_too() {
    let s = stages(Seed::Empty, ("", "production = true\n")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    live_action(&a, PROMO, PROMO_CODE, &[]).await;
    let o = s.promote("action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes-production"), "{}", stderr(&o));
    assert!(action(&b, PROMO).await.is_none(), "nothing sent");
    let o = s.promote("action", PROMO, &["--yes", "--yes-production"]);
    ok(&o);
    assert!(stderr(&o).contains("PRODUCTION"), "{}", stderr(&o));
    assert!(action(&b, PROMO).await.is_some());
    // Nothing left to promote, but a deploy into production still needs the flag.
    let o = s.promote("action", PROMO, &["--yes", "--deploy"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--yes-production"), "{}", stderr(&o));
    assert!(action(&b, PROMO).await.unwrap().deployed_version.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_follows_until_live_and_undo_rolls_b_forward_to_what_was_live() {
    let s = stages(Seed::Empty, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    live_action(&a, PROMO, PROMO_CODE, &[]).await;
    let theirs = live_action(
        &b,
        PROMO,
        "exports.onExecutePostLogin = async () => { /* prod */ };",
        &[],
    )
    .await;
    let was = theirs.deployed_version.clone().unwrap();
    let o = s.promote("action", PROMO, &["--yes", "--deploy"]);
    ok(&o);
    let now = action(&b, PROMO).await.unwrap();
    let live = now.deployed_version.unwrap();
    assert_eq!(live.code, PROMO_CODE);
    assert_eq!(live.number, was.number + 1);
    // The journal: ONE entry for the promote and its deploy (naming dev), holding B's version
    // before and after and the draft it replaced, so its undo goes back to what was live.
    let entries = s.journal();
    let promotes: Vec<&Value> = entries
        .iter()
        .filter(|e| e["promoted_from"] == "dev")
        .collect();
    assert_eq!(promotes.len(), 1, "{entries:#?}");
    let deploy = promotes[0];
    assert_eq!(deploy["operation"], "action_deploy");
    assert_eq!(deploy["outcome"], "done");
    assert_eq!(deploy["before"]["version_number"], was.number);
    assert_eq!(deploy["after"]["version_number"], live.number);
    let saved = deploy["before"]["saved_draft"].as_str().unwrap();
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .contains("/* prod */"));
    // Undo as `u` does it: roll forward to the version live before.
    let o = run(
        s.cmd(),
        &[
            "--profile",
            "prod",
            "actions",
            "rollback",
            PROMO,
            "--to",
            &was.number.to_string(),
            "--yes",
        ],
    );
    ok(&o);
    for _ in 0..200 {
        let live = action(&b, PROMO).await.unwrap().deployed_version.unwrap();
        if live.code == was.code {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("prod never went back to v{}", was.number);
}

/// The guard: B changes between the read the plan was made from and the write; nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_sent_when_b_changed_since_it_was_read() {
    let (dev, prod) = (stage(Seed::Empty).await, stage(Seed::Empty).await);
    let (a, b) = (auth0(&dev), auth0(&prod));
    live_action(&a, PROMO, PROMO_CODE, &[]).await;
    live_action(
        &b,
        PROMO,
        "exports.onExecutePostLogin = async () => {};",
        &[],
    )
    .await;
    let reading = Reading {
        auth0: true,
        ..Reading::default()
    };
    let (from, to) = (
        stages::gather(&a, &reading).await,
        stages::gather(&b, &reading).await,
    );
    let options = promote::Options {
        from_stage: "dev".into(),
        ..promote::Options::default()
    };
    let plan = promote::plan_reading(&b, Kind::Action, PROMO, (&from, &to), &options)
        .await
        .unwrap()
        .unwrap();
    let id = action(&b, PROMO).await.unwrap().id;
    let elsewhere = "exports.onExecutePostLogin = async () => { /* someone else */ };";
    b.update_action(&id, &DraftChange::code(elsewhere))
        .await
        .unwrap();
    let secrets = plan.secrets_to_send(&[]).unwrap();
    match promote::promote(&b, &plan, secrets).await {
        Err(promote::PromoteError::Changed(why)) => {
            assert!(
                why.0.contains(PROMO) && why.0.contains("refresh"),
                "{}",
                why.0
            );
        }
        other => panic!("sent anyway: {other:?}"),
    }
    assert_eq!(action(&b, PROMO).await.unwrap().code, elsewhere);
    // Planned again from what B holds now, it goes through.
    let to = stages::gather(&b, &reading).await;
    let plan = promote::plan_reading(&b, Kind::Action, PROMO, (&from, &to), &options)
        .await
        .unwrap()
        .unwrap();
    promote::promote(&b, &plan, vec![]).await.unwrap();
    assert_eq!(action(&b, PROMO).await.unwrap().code, PROMO_CODE);
}

/// Dependencies travel as they are; the batch order puts modules first and flows after actions.
#[tokio::test(flavor = "multi_thread")]
async fn dependencies_travel_and_a_batch_runs_in_dependency_order() {
    let s = stages(Seed::Empty, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    let made = live_action(&a, PROMO, PROMO_CODE, &[]).await;
    a.update_action(
        &made.id,
        &DraftChange {
            dependencies: Some(vec![Dependency {
                name: "lodash".into(),
                version: "4.17.21".into(),
            }]),
            ..DraftChange::default()
        },
    )
    .await
    .unwrap();
    deploy_now(&a, &made.id).await;
    ok(&s.promote("action", PROMO, &["--yes"]));
    let there = action(&b, PROMO).await.unwrap();
    assert_eq!(there.dependencies[0].name, "lodash");

    let rows = vec![
        (Kind::Flow, "post-login".to_string()),
        (Kind::Action, "A".to_string()),
        (Kind::Package, "p".to_string()),
        (Kind::Module, "m".to_string()),
        (Kind::Action, "B".to_string()),
    ];
    let ordered = promote::batch_order(&rows, |r| r.0);
    let kinds: Vec<Kind> = ordered.iter().map(|r| r.0).collect();
    assert_eq!(
        kinds,
        [
            Kind::Module,
            Kind::Action,
            Kind::Action,
            Kind::Flow,
            Kind::Package
        ]
    );
    assert_eq!(ordered[1].1, "A");
    let report = promote::BatchReport::of(&ordered, &[Ok(()), Ok(()), Err("refused".into())]);
    assert_eq!(report.done.len(), 2);
    assert_eq!(report.not_done.len(), 2);
    let words = report.words();
    assert!(
        words.contains("module m") && words.contains("failed: action B (refused)"),
        "{words}"
    );
    assert!(
        words.contains("not done: flow post-login, package p"),
        "{words}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_promote_applies_a0deploy_keywords_and_unknown_names_are_refused() {
    let s = stages(Seed::Empty, ("", "")).await;
    let (a, b) = (auth0(&s.dev), auth0(&s.prod));
    // Never deployed: only its draft can be promoted.
    a.create_action(&new_action(
        PROMO,
        "const host = '##HOST##'; const origins = @@ORIGINS@@;\n\
         exports.onExecutePostLogin = async () => {};",
    ))
    .await
    .unwrap();
    let o = s.promote("action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--draft"), "{}", stderr(&o));
    let keywords = s.dir.path().join("keywords.json");
    std::fs::write(
        &keywords,
        r#"{"AUTH0_KEYWORD_REPLACE_MAPPINGS": {"HOST": "example.com", "ORIGINS": ["https://a"]}}"#,
    )
    .unwrap();
    let o = s.promote(
        "action",
        PROMO,
        &["--yes", "--draft", "--keywords", keywords.to_str().unwrap()],
    );
    ok(&o);
    let made = action(&b, PROMO).await.unwrap();
    assert!(
        made.code
            .starts_with("const host = 'example.com'; const origins = [\"https://a\"];"),
        "{}",
        made.code
    );

    let o = s.promote("action", "No such action", &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("No such action"), "{}", stderr(&o));
    let o = s.promote("module", "no-such-module", &["--yes"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
}

/// `u` in the dashboard on B undoes a module promote: the draft it replaced comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn u_on_b_puts_back_the_module_draft_a_promote_replaced() {
    Box::pin(u_on_b_puts_back_the_draft_a_promote_replaced(
        Kind::Module,
        "claims-utils",
    ))
    .await;
}

/// The same in the Actions view: a promote into B's action draft (no deploy) is undone by `u` on
/// its timeline, and the undo is journaled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn u_on_b_puts_back_the_action_draft_a_promote_replaced() {
    Box::pin(u_on_b_puts_back_the_draft_a_promote_replaced(
        Kind::Action,
        "Add role claims to tokens",
    ))
    .await;
}

async fn u_on_b_puts_back_the_draft_a_promote_replaced(kind: Kind, name: &str) {
    use codedeck::journal::{Entry, Outcome};
    let support::dashboard::Setup {
        mut driver,
        emu,
        journal,
        dir: _dir,
    } = support::dashboard::setup_on(support::dashboard::auth0).await;
    let draft = |emu: &EmulatorHandle| {
        emu.with_store(|s| match kind {
            Kind::Module => s
                .modules
                .iter()
                .find(|m| m.name == name)
                .unwrap()
                .code
                .clone(),
            _ => s
                .actions
                .iter()
                .find(|a| a.name == name)
                .unwrap()
                .draft
                .code
                .clone(),
        })
    };
    let before = draft(&emu);
    // A promote from another stage, as the CLI makes and journals it.
    let dev = stage(Seed::Demo).await;
    let a = auth0(&dev);
    let promoted = "module.exports = { dev: true };";
    if kind == Kind::Module {
        let source = module(&a, name).await.unwrap();
        a.update_module(&source.id, &DraftChange::code(promoted))
            .await
            .unwrap();
        a.publish_module(&source.id).await.unwrap();
    } else {
        let source = action(&a, name).await.unwrap();
        a.update_action(&source.id, &DraftChange::code(promoted))
            .await
            .unwrap();
    }
    let b = support::dashboard::auth0(&emu);
    let reading = Reading {
        auth0: true,
        ..Reading::default()
    };
    let (from, to) = (
        stages::gather(&a, &reading).await,
        stages::gather(&*b, &reading).await,
    );
    let options = promote::Options {
        from_stage: "dev".into(),
        drafts: kind == Kind::Action,
        ..promote::Options::default()
    };
    let plan = promote::plan_reading(&*b, kind, name, (&from, &to), &options)
        .await
        .unwrap()
        .unwrap();
    let secrets = plan.secrets_to_send(&[]).unwrap();
    let record = plan.record(&secrets);
    let now = chrono::Utc::now();
    let saved = journal
        .save_draft(
            &record.object_id,
            record.keeps_draft.as_deref().unwrap(),
            now,
        )
        .unwrap();
    promote::promote(&*b, &plan, secrets).await.unwrap();
    assert_eq!(draft(&emu), promoted);
    let mut before_snapshot = record.before.clone();
    before_snapshot.saved_draft = Some(saved);
    journal
        .append(&Entry {
            at: now,
            profile: "prod".into(),
            tenant: b.connection().label,
            kind: record.kind,
            object_id: record.object_id.clone(),
            object_name: name.into(),
            operation: record.operation,
            before: before_snapshot,
            after: record.after.clone(),
            undo: false,
            change: None,
            outcome: Outcome::Done,
            note: None,
            promoted_from: Some("dev".into()),
            undoes: None,
        })
        .unwrap();

    driver.press(if kind == Kind::Module { "2" } else { "1" });
    driver.settle().await;
    support::dashboard::select(&mut driver, name);
    driver.press("v");
    driver.settle().await;
    driver.press("u");
    driver.settle().await;
    let asked = support::dashboard::text(&driver.render(120, 40));
    assert!(asked.contains("put back the draft"), "{asked}");
    driver.press("y");
    driver.settle().await;
    assert_eq!(draft(&emu), before, "the promote's replaced draft is back");
    let last = journal.read().unwrap().pop().unwrap();
    assert!(last.undo, "the restore is journaled as an undo: {last:?}");
    assert_eq!(last.object_name, name);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stage_that_refuses_the_token_is_exit_3_and_nothing_is_sent() {
    let (dev, prod) = (stage(Seed::Empty).await, stage(Seed::Empty).await);
    let a = auth0(&dev);
    live_action(&a, PROMO, PROMO_CODE, &[]).await;
    let dir = tempfile::tempdir().unwrap();
    let wrong = profile("prod", &prod).replace(&prod.token(), "not-the-token");
    let config = write_config(dir.path(), &format!("{}{wrong}", profile("dev", &dev)));
    let mut c = bin();
    c.env("CODEDECK_CONFIG", &config)
        .env("CODEDECK_DATA_DIR", dir.path().join("data"));
    let o = promote_with(c, "action", PROMO, &["--yes"]);
    assert_eq!(code(&o), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("prod"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not-the-token"), "{}", stderr(&o));
    assert!(action(&auth0(&prod), PROMO).await.is_none());
}
