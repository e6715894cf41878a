//! `codedeck export` on a temporary data dir, checked with the `git` binary: one commit per stored
//! version dated by its creation, the folders and JSON (secret names, never values), and git's own
//! answers (`log --follow`, `blame`, `log -S`) agreeing with codedeck's history module. Without git
//! the tests say so and pass, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;
mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use app_fixtures::ActionBuilder;
use chrono::{DateTime, TimeZone, Utc};
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorOptions, Seed};
use codedeck::history::{blame, pickaxe, Pattern, Revision};
use codedeck::journal::{Entry, Journal, ObjectKind as JournalKind, Operation, Snapshot};
use codedeck::model::{
    Action, ActionVersion, BuildStatus, CodePackage, CodeStatus, CodeType, DraftChange, Module,
    ModuleVersion, NewAction, Outcome, PackageId, SecretInput, SecretName, TriggerRef,
};
use codedeck::secret::Secret;
use codedeck::store::{ObjectKind, Place, Store};
use support::cli::{bin, code, run, stderr, stdout};

const TENANT: &str = "acme.eu.auth0.com";
const SERVER: &str = "db.acme.local:8443";

/// True when git can be run; else a notice (and a failure under CI).
fn git_ready() -> bool {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "git is not installed, and CI is set: the export tests need it"
        );
        eprintln!("NOTICE: git is not installed; the export test is skipped");
    }
    found
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

fn action(id: &str, name: &str) -> Action {
    ActionBuilder::new(id, name, "post-login")
        .secrets(&["API_KEY"])
        .without_code()
        .build()
}

fn action_version(id: &str, number: u32, code: &str, created: DateTime<Utc>) -> ActionVersion {
    ActionVersion {
        id: format!("{id}-ver-{number}"),
        number,
        code: code.into(),
        runtime: "node22".into(),
        status: BuildStatus::Built,
        deployed: false,
        errors: vec![],
        dependencies: vec![app_fixtures::dep("lodash", "4.17.21")],
        secrets: vec![SecretName {
            name: "API_KEY".into(),
            updated_at: None,
        }],
        modules: vec![],
        supported_triggers: vec![TriggerRef {
            id: "post-login".into(),
            version: "v3".into(),
        }],
        created_at: Some(created),
        built_at: None,
    }
}

fn module() -> Module {
    Module {
        id: "mod_1".into(),
        name: "shared-utils".into(),
        code: String::new(),
        dependencies: vec![],
        secrets: vec![],
        actions_using_module_total: 0,
        all_changes_published: true,
        latest_version: None,
        created_at: None,
        updated_at: None,
    }
}

fn module_version(number: u32, code: &str, created: DateTime<Utc>) -> ModuleVersion {
    ModuleVersion {
        id: format!("modver_{number}"),
        module_id: "mod_1".into(),
        number,
        code: code.into(),
        dependencies: vec![],
        secrets: vec![],
        created_at: Some(created),
    }
}

fn package(version: u32, code: &str, comment: &str, day: u32) -> CodePackage {
    CodePackage {
        id: PackageId {
            database: "faircom".into(),
            owner: "admin".into(),
            name: "convertTemperature".into(),
        },
        code_id: 7,
        version,
        cloned_code_id: 0,
        status: CodeStatus::Active,
        language: "javascript".into(),
        code_type: CodeType::GetRecordsTransform,
        description: "Celsius to Fahrenheit".into(),
        metadata: serde_json::Value::Null,
        comment: comment.into(),
        code_format: "utf8".into(),
        code: Some(code.into()),
        created_by: "ADMIN".into(),
        created_on: Some(at(1, 8).naive_utc()),
        updated_by: "OPERATOR".into(),
        updated_on: Some(at(day, 9).naive_utc()),
    }
}

const ENRICH: [&str; 4] = [
    "exports.onExecutePostLogin = async (event, api) => {\n  const tier = 'free';\n  api.idToken.setCustomClaim('tier', tier);\n};\n",
    "const axios = require('axios');\n\nexports.onExecutePostLogin = async (event, api) => {\n  const tier = 'free';\n  api.idToken.setCustomClaim('tier', tier);\n};\n",
    "const axios = require('axios');\n\nexports.onExecutePostLogin = async (event, api) => {\n  const { data } = await axios.get('https://crm.example.com/tier');\n  const tier = data.tier;\n  api.idToken.setCustomClaim('tier', tier);\n};\n",
    "exports.onExecutePostLogin = async (event, api) => {\n  const { data } = await fetch('https://crm.example.com/tier').then(r => r.json());\n  const tier = data.tier;\n  api.idToken.setCustomClaim('tier', tier);\n  api.accessToken.setCustomClaim('tier', tier);\n};\n",
];

const ENRICH_DAYS: [u32; 4] = [2, 4, 6, 9];

/// The tenant and FairCom server of profile `prod`: an action with 4 versions (v1 pruned by the
/// service), a module with 2, a package with 2 history entries — 8 versions, dated across March.
fn fill(data: &Path) -> Store {
    let mut store = Store::open(Store::path_in(data)).unwrap();
    let tenant = Place::auth0(TENANT);
    let versions: Vec<ActionVersion> = ENRICH
        .iter()
        .zip(ENRICH_DAYS)
        .enumerate()
        .map(|(i, (code, day))| action_version("act_enrich", i as u32 + 1, code, at(day, 10)))
        .collect();
    store
        .record_action_versions(&tenant, &action("act_enrich", "Enrich profile"), &versions)
        .unwrap();
    let still_listed: Vec<String> = versions[1..].iter().map(|v| v.id.clone()).collect();
    store
        .mark_pruned(&tenant, ObjectKind::Action, "act_enrich", &still_listed)
        .unwrap();
    store
        .record_module_versions(
            &tenant,
            &module(),
            &[
                module_version(1, "module.exports.tier = () => 'free';\n", at(3, 12)),
                module_version(2, "module.exports.tier = (u) => u.tier;\n", at(7, 12)),
            ],
        )
        .unwrap();
    store
        .record_package_history(
            &Place::faircom(SERVER),
            &[
                package(1, "return c * 9 / 5 + 32;\n", "first cut", 5),
                package(2, "return Math.round(c * 9 / 5 + 32);\n", "rounded", 8),
            ],
        )
        .unwrap();
    store
}

/// The journal's record of v4's deploy, made with codedeck.
fn journal_the_last_deploy(data: &Path) {
    Journal::at(data)
        .append(&Entry {
            at: at(9, 10),
            profile: "prod".into(),
            tenant: format!("https://{TENANT}/"),
            kind: JournalKind::Action,
            object_id: "act_enrich".into(),
            object_name: "Enrich profile".into(),
            operation: Operation::ActionDeploy,
            before: Snapshot::default(),
            after: Snapshot {
                version_id: Some("act_enrich-ver-4".into()),
                version_number: Some(4),
                ..Snapshot::default()
            },
            undo: false,
            change: None,
            outcome: Outcome::Done,
            note: None,
            promoted_from: None,
            undoes: None,
        })
        .unwrap();
}

fn config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[profiles.prod]\nauth0_domain = \"https://{TENANT}\"\nfaircom_url = \"https://{SERVER}/api\"\n\n\
             [profiles.dev]\nauth0_domain = \"dev.eu.auth0.com\"\n"
        ),
    )
    .unwrap();
    path
}

/// `codedeck --config … export DIR --profile prod` with this data dir.
fn export(data: &Path, dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data);
    let config = config(data);
    let mut args = vec![
        "--config",
        config.to_str().unwrap(),
        "export",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(c, &args)
}

/// Each commit of the branch, newest first: (sha, version id).
fn commits(repo: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut full = vec!["log", "--format=%H%n%B%x00"];
    full.extend_from_slice(args);
    git(repo, &full)
        .split('\0')
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            let c = c.trim_start();
            let sha = c.lines().next().unwrap().to_string();
            let id = c
                .lines()
                .find_map(|l| l.strip_prefix("Codedeck-Version-Id: "))
                .unwrap()
                .to_string();
            (sha, id)
        })
        .collect()
}

fn enrich_revisions() -> Vec<Revision<'static>> {
    ENRICH
        .iter()
        .enumerate()
        .map(|(i, code)| Revision {
            number: Some(i as u32 + 1),
            id: Box::leak(format!("act_enrich-ver-{}", i + 1).into_boxed_str()),
            created_at: Some(at(ENRICH_DAYS[i], 10)),
            code,
        })
        .collect()
}

#[test]
fn every_stored_version_becomes_a_commit_and_git_agrees_with_codedeck() {
    if !git_ready() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let repo = out_dir.path().join("history");
    fill(data.path());
    journal_the_last_deploy(data.path());

    let out = export(data.path(), &repo, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("8 new commit(s)"), "{}", stdout(&out));

    // One commit per version, in creation order, dated by it (author and committer).
    let log = git(
        &repo,
        &["log", "--reverse", "--format=%at %ct %an|%s", "prod"],
    );
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 8, "{log}");
    let expected = [
        (at(2, 10), "action Enrich profile v1"),
        (at(3, 12), "module shared-utils v1"),
        (at(4, 10), "action Enrich profile v2"),
        (at(5, 9), "package convertTemperature v1"),
        (at(6, 10), "action Enrich profile v3"),
        (at(7, 12), "module shared-utils v2"),
        (at(8, 9), "package convertTemperature v2"),
        (at(9, 10), "action Enrich profile v4"),
    ];
    for (line, (when, subject)) in lines.iter().zip(expected) {
        let t = when.timestamp();
        assert!(line.starts_with(&format!("{t} {t} ")), "{line}");
        assert!(line.ends_with(&format!("|{subject}")), "{line}");
    }
    assert!(
        lines[3].contains(" OPERATOR|"),
        "FairCom's account: {}",
        lines[3]
    );
    assert!(
        lines[0].contains(" auth0 acme.eu.auth0.com|"),
        "{}",
        lines[0]
    );

    // Who and why, as far as codedeck knows; the pruned version says so.
    let messages = git(&repo, &["log", "--format=%B", "prod"]);
    assert!(messages.contains("rounded"), "{messages}");
    assert!(messages.contains("Package created by ADMIN."), "{messages}");
    assert!(
        messages.contains("Made by codedeck on this machine: a deploy with profile prod"),
        "{messages}"
    );
    assert!(messages.contains("pruned"), "{messages}");

    // The files and JSON at HEAD, in a clean work tree.
    let files = git(&repo, &["ls-files"]);
    let mut files: Vec<&str> = files.lines().collect();
    files.sort_unstable();
    assert_eq!(
        files,
        vec![
            "actions/Enrich profile/action.json",
            "actions/Enrich profile/code.js",
            "faircom/faircom/admin/convertTemperature.js",
            "modules/shared-utils/code.js",
            "modules/shared-utils/module.json",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("actions/Enrich profile/code.js")).unwrap(),
        ENRICH[3]
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("actions/Enrich profile/action.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["runtime"], "node22");
    assert_eq!(json["triggers"][0]["id"], "post-login");
    assert_eq!(json["dependencies"][0]["name"], "lodash");
    assert_eq!(json["secrets"], serde_json::json!(["API_KEY"]));
    assert!(git(&repo, &["status", "--porcelain"]).is_empty());

    // --follow lists every version of the action.
    let followed = commits(&repo, &["--follow", "--", "actions/Enrich profile/code.js"]);
    let ids: Vec<&str> = followed.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "act_enrich-ver-4",
            "act_enrich-ver-3",
            "act_enrich-ver-2",
            "act_enrich-ver-1"
        ]
    );
    let version_of: HashMap<String, String> = followed.into_iter().collect();

    // git blame agrees line by line with codedeck's blame on the same versions.
    let revisions = enrich_revisions();
    let ours = blame(&revisions, 3).unwrap();
    let porcelain = git(
        &repo,
        &[
            "blame",
            "--line-porcelain",
            "HEAD",
            "--",
            "actions/Enrich profile/code.js",
        ],
    );
    let theirs: Vec<&str> = porcelain
        .lines()
        .filter_map(|l| {
            let sha = l.split(' ').next()?;
            (sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| version_of[sha].as_str())
        })
        .collect();
    let ours: Vec<&str> = ours.lines.iter().map(|l| revisions[l.origin].id).collect();
    assert_eq!(theirs, ours);

    // git log -S lists the versions codedeck's pickaxe lists.
    for text in ["axios", "tier", "accessToken", "const tier"] {
        let hits = pickaxe(&revisions, &Pattern::literal(text).unwrap());
        let ours: Vec<&str> = hits.iter().map(|h| revisions[h.at].id).collect();
        let theirs = commits(&repo, &["-S", text, "--", "actions/Enrich profile/code.js"]);
        let theirs: Vec<&str> = theirs.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(theirs, ours, "-S {text}");
    }
}

#[test]
fn a_second_run_appends_only_the_new_versions() {
    if !git_ready() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let repo = out_dir.path().join("history");
    let mut store = fill(data.path());
    let out = export(data.path(), &repo, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let again = export(data.path(), &repo, &["--profile", "prod"]);
    assert_eq!(code(&again), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("nothing new"), "{}", stdout(&again));
    assert_eq!(git(&repo, &["rev-list", "--count", "prod"]).trim(), "8");

    let code5 = format!("{}// v5\n", ENRICH[3]);
    store
        .record_action_versions(
            &Place::auth0(TENANT),
            &action("act_enrich", "Enrich profile"),
            &[action_version("act_enrich", 5, &code5, at(10, 10))],
        )
        .unwrap();
    drop(store);
    let third = export(data.path(), &repo, &["--profile", "prod"]);
    assert_eq!(code(&third), Some(0), "{}", stderr(&third));
    assert!(
        stdout(&third).contains("1 new commit(s)"),
        "{}",
        stdout(&third)
    );
    assert_eq!(git(&repo, &["rev-list", "--count", "prod"]).trim(), "9");
    assert_eq!(
        git(&repo, &["log", "-1", "--format=%s"]).trim(),
        "action Enrich profile v5"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("actions/Enrich profile/code.js")).unwrap(),
        code5,
        "the work tree follows"
    );
}

#[test]
fn a_renamed_action_keeps_its_history_under_follow() {
    if !git_ready() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let repo = out_dir.path().join("history");
    let tenant = Place::auth0(TENANT);
    let mut store = Store::open(Store::path_in(data.path())).unwrap();
    let before: Vec<ActionVersion> = ENRICH[..3]
        .iter()
        .enumerate()
        .map(|(i, c)| action_version("act_enrich", i as u32 + 1, c, at(ENRICH_DAYS[i], 10)))
        .collect();
    store
        .record_action_versions(&tenant, &action("act_enrich", "Enrich profile"), &before)
        .unwrap();
    // Renamed, then deployed again (the same id under a new name; the name holds a slash).
    let after = action_version(
        "act_enrich",
        4,
        &format!("{}// renamed\n", ENRICH[2]),
        at(9, 10),
    );
    store
        .record_action_versions(&tenant, &action("act_enrich", "Enrich/CRM tier"), &[after])
        .unwrap();
    drop(store);

    let out = export(data.path(), &repo, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(repo.join("actions/Enrich_CRM tier/code.js").exists());
    assert!(!repo.join("actions/Enrich profile").exists());
    let followed = commits(
        &repo,
        &["--follow", "--", "actions/Enrich_CRM tier/code.js"],
    );
    assert_eq!(followed.len(), 4, "{followed:?}");
    let subject = git(&repo, &["log", "-1", "--format=%s"]);
    assert!(
        subject.contains("renamed from actions/Enrich profile"),
        "{subject}"
    );
}

#[test]
fn what_is_not_its_export_is_refused_in_words() {
    if !git_ready() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    drop(fill(data.path()));
    let out_dir = tempfile::tempdir().unwrap();

    // A folder with someone's files.
    let busy = out_dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "mine").unwrap();
    let out = export(data.path(), &busy, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a codedeck export"),
        "{}",
        stderr(&out)
    );

    // Someone's git repository.
    let theirs = out_dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    git(&theirs, &["init", "-q"]);
    std::fs::write(theirs.join("README"), "x").unwrap();
    let out = export(data.path(), &theirs, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("codedeck did not make"),
        "{}",
        stderr(&out)
    );

    // Its own export, with an edit not committed.
    let ours = out_dir.path().join("ours");
    let out = export(data.path(), &ours, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    std::fs::write(ours.join("modules/shared-utils/code.js"), "edited").unwrap();
    let out = export(data.path(), &ours, &["--profile", "prod"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("uncommitted changes (modules/shared-utils/code.js)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(ours.join("modules/shared-utils/code.js")).unwrap(),
        "edited",
        "nothing touched"
    );
}

#[test]
fn all_profiles_go_on_one_branch_each() {
    if !git_ready() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let mut store = fill(data.path());
    store
        .record_action_versions(
            &Place::auth0("dev.eu.auth0.com"),
            &action("act_dev", "Dev only"),
            &[action_version("act_dev", 1, "// dev\n", at(1, 1))],
        )
        .unwrap();
    drop(store);
    let out_dir = tempfile::tempdir().unwrap();
    let repo = out_dir.path().join("all");
    let out = export(data.path(), &repo, &["--all-profiles"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(git(&repo, &["rev-list", "--count", "prod"]).trim(), "8");
    assert_eq!(git(&repo, &["rev-list", "--count", "dev"]).trim(), "1");
}

#[test]
fn without_git_the_command_says_so() {
    let data = tempfile::tempdir().unwrap();
    drop(fill(data.path()));
    let out_dir = tempfile::tempdir().unwrap();
    let empty_path = tempfile::tempdir().unwrap();
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path())
        .env("PATH", empty_path.path());
    let config = config(data.path());
    let out = run(
        c,
        &[
            "--config",
            config.to_str().unwrap(),
            "export",
            out_dir.path().join("x").to_str().unwrap(),
            "--profile",
            "prod",
        ],
    );
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("git is not installed"),
        "{}",
        stderr(&out)
    );
}

/// Versions fetched from the emulator over HTTP (secrets set WITH values), stored, exported: the
/// repository holds the secret's name and never its value.
#[tokio::test]
async fn versions_fetched_from_the_emulator_export_with_secret_names_only() {
    if !git_ready() {
        return;
    }
    const VALUE: &str = "s3cr3t-never-exported";
    let emu = emulator::spawn(EmulatorOptions {
        seed: Seed::Empty,
        build_duration: Duration::from_millis(100),
        deploy_duration: Duration::from_millis(100),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let client = Auth0Client::new(Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    ))
    .unwrap();
    let created = client
        .create_action(&NewAction {
            name: "Hello world".into(),
            trigger: TriggerRef {
                id: "post-login".into(),
                version: "v3".into(),
            },
            runtime: None,
            code: "exports.onExecutePostLogin = async (event, api) => {};\n".into(),
            dependencies: vec![],
            secrets: vec![SecretInput {
                name: "API_KEY".into(),
                value: Some(Secret::new(VALUE)),
            }],
            deploy: false,
        })
        .await
        .unwrap();
    for code in [
        None,
        Some(
            "exports.onExecutePostLogin = async (event, api) => {\n  api.access.deny('no');\n};\n",
        ),
    ] {
        if let Some(code) = code {
            client
                .update_action(&created.id, &DraftChange::code(code))
                .await
                .unwrap();
        }
        emu.advance_clock(Duration::from_secs(2));
        client.deploy_action(&created.id).await.unwrap();
        emu.advance_clock(Duration::from_secs(2));
    }
    let action = client.get_action(&created.id).await.unwrap();
    let versions = client.list_action_versions(&created.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    let data = tempfile::tempdir().unwrap();
    let place = Place::auth0(&emu.base_url());
    Store::open(Store::path_in(data.path()))
        .unwrap()
        .record_action_versions(&place, &action, &versions)
        .unwrap();

    let out_dir = tempfile::tempdir().unwrap();
    let repo = out_dir.path().join("emu");
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path())
        .env("AUTH0_DOMAIN", emu.base_url());
    let out = run(c, &["export", repo.to_str().unwrap()]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(git(&repo, &["rev-list", "--count", "env"]).trim(), "2");
    let everything = git(&repo, &["log", "-p", "--all", "--format=%B"]);
    assert!(everything.contains("\"API_KEY\""), "{everything}");
    assert!(!everything.contains(VALUE), "a secret value was exported");
    let dates = git(&repo, &["log", "--format=%at", "env"]);
    let stamps: Vec<i64> = dates.lines().map(|l| l.parse().unwrap()).collect();
    let created_at: Vec<i64> = versions
        .iter()
        .map(|v| v.created_at.unwrap().timestamp())
        .collect();
    assert_eq!(
        stamps, created_at,
        "newest first, dated as the service said"
    );
}
