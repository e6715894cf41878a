//! `codedeck packages …` as the real binary against the emulator's FairCom endpoint, connected from
//! FAIRCOM_URL / FAIRCOM_USERNAME / FAIRCOM_PASSWORD alone (a FairCom-only user, no AUTH0_*), with a
//! temporary data dir for the journal. Every check of a change reads the emulator's store back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;
use std::process::{Command, Output};

use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::faircom::store::PackageRec;
use codedeck::emulator::EmulatorHandle;
use codedeck::model::PackageId;
use serde_json::Value;
use support::cli::{bin, code, demo, json, run, stderr, stdout};
use support::faircom::{assert_status_set_in_place, sent};

/// Five versions, active, in faircom/admin.
const FIVE: &str = "convertTemperature";
/// The demo's one deleted package.
const DELETED: &str = "pressureSpikeAlert";

/// The binary connected to the emulator's FairCom server only, journaling into `data`.
fn fc(emu: &EmulatorHandle, data: &Path) -> Command {
    let mut c = bin();
    c.env("FAIRCOM_URL", emu.faircom_url())
        .env("FAIRCOM_USERNAME", emu.faircom_username())
        .env("FAIRCOM_PASSWORD", emu.faircom_password().expose())
        .env("CODEDECK_DATA_DIR", data);
    c
}

/// The label the journal names a lone FairCom server by: host:port.
fn faircom_label(emu: &EmulatorHandle) -> String {
    emu.base_url().trim_start_matches("http://").to_string()
}

fn packages(emu: &EmulatorHandle) -> Vec<PackageRec> {
    emu.with_faircom_store(|s| s.packages.clone())
}

fn stored(emu: &EmulatorHandle, name: &str) -> PackageRec {
    packages(emu)
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} is stored"))
}

fn key(p: &PackageRec) -> String {
    format!("{}/{}/{}", p.database, p.owner, p.name)
}

fn journal(emu: &EmulatorHandle, data: &Path) -> Vec<Value> {
    support::cli::journal(fc(emu, data))
}

fn ok(o: &Output) -> String {
    assert_eq!(code(o), Some(0), "stderr: {}", stderr(o));
    stdout(o)
}

fn usage_error(o: &Output) -> String {
    assert_eq!(
        code(o),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
    stderr(o)
}

/// The names in a `--json` list.
fn json_names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"]["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn stored_names(emu: &EmulatorHandle, keep: impl Fn(&PackageRec) -> bool) -> Vec<String> {
    let mut names: Vec<String> = packages(emu)
        .into_iter()
        .filter(|p| keep(p))
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

/// A second `convertTemperature`, under owner `ops`, made through the client.
async fn clone_to_ops(emu: &EmulatorHandle) {
    let client = FairComClient::new(FairComConfig::new(
        parse_faircom_url(&emu.faircom_url()).unwrap(),
        emu.faircom_username(),
        emu.faircom_password(),
    ))
    .unwrap();
    let from = PackageId::from_key(&format!("faircom/admin/{FIVE}")).unwrap();
    let to = PackageId::from_key(&format!("faircom/ops/{FIVE}")).unwrap();
    client.clone_package(&from, &to).await.unwrap();
    client.close().await;
}

/// Every command ended the session it opened, whatever its end.
fn assert_sessions_ended(emu: &EmulatorHandle) {
    let (opened, ended) = (sent(emu, "createSession"), sent(emu, "deleteSession"));
    assert!(opened > 0, "no command logged in");
    assert_eq!(opened, ended, "sessions opened and ended");
}

// ---------------------------------------------------------------------------------------------
// Reading

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_shows_every_package_with_its_place_version_status_and_type() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = ok(&run(fc(&emu, data.path()), &["packages", "list"]));
    let header = out.lines().next().unwrap();
    for column in ["NAME", "DATABASE/OWNER", "VERSION", "STATUS", "TYPE"] {
        assert!(header.contains(column), "{header}");
    }
    let all = packages(&emu);
    assert_eq!(out.lines().count(), all.len() + 1, "{out}");
    for p in &all {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(p.name.as_str()))
            .unwrap_or_else(|| panic!("{} is listed:\n{out}", p.name));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[1], format!("{}/{}", p.database, p.owner), "{line}");
        assert_eq!(cells[2], format!("v{}", p.current.number), "{line}");
        assert_eq!(cells[3], p.current.status, "{line}");
        assert_eq!(cells[4], p.code_type, "{line}");
    }

    let listed = json(&run(fc(&emu, data.path()), &["packages", "list", "--json"]));
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), all.len());
    for p in &all {
        let row = rows
            .iter()
            .find(|r| r["id"]["name"] == p.name.as_str())
            .unwrap();
        assert_eq!(row["id"]["database"], p.database.as_str());
        assert_eq!(row["id"]["owner"], p.owner.as_str());
        assert_eq!(row["version"], p.current.number);
        assert_eq!(row["status"], p.current.status.as_str());
        assert_eq!(row["code_type"], p.code_type.as_str());
        assert!(row["code"].is_null(), "lists carry no code");
    }
    assert_eq!(sent(&emu, "createSession"), 2, "one session per command");
    assert_sessions_ended(&emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filters_by_status_type_and_name() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let list = |args: &[&str]| {
        let mut all = vec!["packages", "list", "--json"];
        all.extend(args);
        json_names(&json(&run(fc(&emu, data.path()), &all)))
    };
    assert_eq!(list(&["--status", "deleted"]), [DELETED]);
    assert_eq!(
        list(&["--status", "INACTIVE"]),
        stored_names(&emu, |p| p.current.status == "inactive")
    );
    let jobs = list(&["--type", "job"]);
    assert_eq!(jobs, stored_names(&emu, |p| p.code_type == "job"));
    assert!(jobs.len() >= 2);
    assert_eq!(
        list(&["--name", "temperature"]),
        stored_names(&emu, |p| p.name.to_lowercase().contains("temperature"))
    );
    assert_eq!(
        list(&["--name", "order", "--type", "integrationTableTransform"]),
        ["flagOrderAnomalies"]
    );

    // All in one place: no DATABASE/OWNER column.
    let table = ok(&run(
        fc(&emu, data.path()),
        &["packages", "list", "--name", "temperature"],
    ));
    assert!(!table.contains("DATABASE/OWNER"), "{table}");
    assert!(table.contains(FIVE) && table.contains("legacyTemperatureBands"));

    let none = run(
        fc(&emu, data.path()),
        &["packages", "list", "--name", "nothing-is-called-this"],
    );
    assert_eq!(ok(&none), "");
    assert!(
        stderr(&none).contains("no code packages match"),
        "{}",
        stderr(&none)
    );

    let bad = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "list", "--status", "running"],
    ));
    assert!(bad.contains("\"running\" is not a status"), "{bad}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_by_name_or_place_prints_the_current_version_with_its_code() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let rec = stored(&emu, FIVE);
    for name in [FIVE.to_string(), key(&rec)] {
        let out = ok(&run(fc(&emu, data.path()), &["packages", "show", &name]));
        assert!(out.starts_with(&format!("{FIVE}\n")), "{out}");
        assert!(out.contains("in:          faircom/admin"), "{out}");
        assert!(out.contains("version:     v5 (current)"), "{out}");
        assert!(out.contains("status:      active"), "{out}");
        assert!(
            out.contains("type:        getRecordsTransform (javascript)"),
            "{out}"
        );
        assert!(out.contains(&rec.current.comment), "{out}");
        assert!(
            out.contains(&rec.current.code.trim_end().to_string()),
            "{out}"
        );
    }
    let shown = json(&run(
        fc(&emu, data.path()),
        &["packages", "show", FIVE, "--json"],
    ));
    assert_eq!(shown["code"], rec.current.code.as_str());
    assert_eq!(shown["version"], 5);
    assert_eq!(shown["metadata"], rec.current.metadata);

    // A deleted package can still be shown (nothing is ever removed).
    let deleted = ok(&run(fc(&emu, data.path()), &["packages", "show", DELETED]));
    assert!(deleted.contains("status:      deleted"), "{deleted}");

    for unknown in [
        "noSuchPackage",
        "faircom/admin/noSuchPackage",
        "orders/admin/convertTemperature",
        "faircom/admin/",
    ] {
        // Not found is exit 1 for every kind, like the API's own answer.
        let o = run(fc(&emu, data.path()), &["packages", "show", unknown]);
        assert_eq!(code(&o), Some(1), "{unknown}: {}", stderr(&o));
        let said = stderr(&o);
        assert!(
            said.contains(&format!("no code package with the name or id `{unknown}`")),
            "{said}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_in_two_places_is_ambiguous_until_the_place_is_given() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    clone_to_ops(&emu).await;
    for args in [
        vec!["packages", "show", FIVE],
        vec!["packages", "history", FIVE],
        vec!["packages", "revert", FIVE, "--to", "2", "--yes"],
        vec!["packages", "status", FIVE, "inactive", "--yes"],
    ] {
        let said = usage_error(&run(fc(&emu, data.path()), &args));
        assert!(
            said.contains(&format!("more than one code package is named \"{FIVE}\""))
                && said.contains("faircom/admin/convertTemperature")
                && said.contains("faircom/ops/convertTemperature"),
            "{args:?}: {said}"
        );
    }
    assert_eq!(
        sent(&emu, "revertCodePackage") + sent(&emu, "alterCodePackage"),
        0
    );
    let clone = ok(&run(
        fc(&emu, data.path()),
        &["packages", "show", "faircom/ops/convertTemperature"],
    ));
    assert!(clone.contains("in:          faircom/ops"), "{clone}");
    assert!(clone.contains("version:     v1 (current)"), "{clone}");
    assert!(clone.contains("cloned from: package #"), "{clone}");
    assert_sessions_ended(&emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_lists_every_version_newest_first_with_the_current_one_marked() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let rec = stored(&emu, FIVE);
    let out = ok(&run(fc(&emu, data.path()), &["packages", "history", FIVE]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("VERSION") && lines[0].contains("COMMENT"),
        "{out}"
    );
    assert_eq!(lines.len(), 6, "{out}");
    assert!(lines[1].starts_with("v5 (current)"), "{out}");
    assert!(lines[1].contains(&rec.current.comment), "{out}");
    for (line, old) in lines[2..].iter().zip(rec.history.iter().rev()) {
        assert!(line.starts_with(&format!("v{} ", old.number)), "{line}");
        assert!(line.contains(&old.comment), "{line}");
        assert!(!line.contains("(current)"), "{line}");
    }

    let versions = json(&run(
        fc(&emu, data.path()),
        &["packages", "history", FIVE, "--json"],
    ));
    let versions = versions.as_array().unwrap();
    let numbers: Vec<u64> = versions
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [5, 4, 3, 2, 1]);
    assert_eq!(versions[0]["code"], rec.current.code.as_str());
    assert_eq!(versions[4]["code"], rec.history[0].code.as_str());
    assert_eq!(versions[4]["comment"], rec.history[0].comment.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_shows_what_changed_between_two_versions() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = ok(&run(
        fc(&emu, data.path()),
        &["packages", "diff", FIVE, "1", "current", "--color", "never"],
    ));
    assert!(out.starts_with("v1 → v5 (current)"), "{out}");
    // Version 2 added the too-cold alert; version 1 has none.
    let rec = stored(&emu, FIVE);
    assert!(!rec.history[0].code.contains("alert: too cold"));
    assert!(out.contains("alert: too cold"), "{out}");
    assert!(!out.contains("\u{1b}["), "no colour asked for");

    let unified = ok(&run(
        fc(&emu, data.path()),
        &[
            "packages",
            "diff",
            FIVE,
            "v4",
            "5",
            "--unified",
            "--color",
            "never",
        ],
    ));
    assert!(unified.contains("missing"), "{unified}");

    // --json: both sides' code and the unified diff, for scripts.
    let json: serde_json::Value = serde_json::from_str(&ok(&run(
        fc(&emu, data.path()),
        &["packages", "diff", FIVE, "1", "current", "--json"],
    )))
    .unwrap();
    assert_eq!(json["from"]["version"], "v1");
    assert_eq!(json["from"]["code"], rec.history[0].code.as_str());
    assert_eq!(json["to"]["code"], rec.current.code.as_str());
    assert_eq!(json["identical"], false);
    let text = json["unified"].as_str().unwrap();
    assert!(
        text.contains("alert: too cold") && !text.contains("\u{1b}["),
        "{text}"
    );

    let missing = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "diff", FIVE, "1", "9", "--color", "never"],
    ));
    assert!(missing.contains('9') && missing.contains(FIVE), "{missing}");
    let garbled = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "diff", FIVE, "1", "newest"],
    ));
    assert!(garbled.contains("\"newest\" is not a version"), "{garbled}");
}

// ---------------------------------------------------------------------------------------------
// Changing

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revert_with_yes_makes_the_old_code_current_as_the_next_version_and_journals_it() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = stored(&emu, FIVE);
    let v2 = before.history[1].clone();
    assert_eq!(v2.number, 2);
    let out = ok(&run(
        fc(&emu, data.path()),
        &["packages", "revert", FIVE, "--to", "2", "--yes"],
    ));
    assert!(
        out.contains(&format!(
            "{FIVE}: version 6 is current (the code of version 2)"
        )),
        "{out}"
    );
    let after = stored(&emu, FIVE);
    assert_eq!(after.current.number, 6);
    assert_eq!(after.current.code, v2.code);
    assert_eq!(after.history.len(), before.history.len() + 1);
    assert_eq!(after.history.last(), Some(&before.current));
    assert_eq!(sent(&emu, "revertCodePackage"), 1);

    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let e = &entries[0];
    assert_eq!(e["kind"], "package");
    assert_eq!(e["operation"], "package_revert");
    assert_eq!(e["object_id"], key(&after).as_str());
    assert_eq!(e["object_name"], FIVE);
    assert_eq!(e["before"]["version_number"], 5);
    assert_eq!(e["after"]["version_number"], 6);
    assert_eq!(e["tenant"], faircom_label(&emu).as_str());
    assert_eq!(e["profile"], "env");

    let shown = json(&run(
        fc(&emu, data.path()),
        &["packages", "show", FIVE, "--json"],
    ));
    assert_eq!(shown["version"], 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revert_without_a_terminal_needs_yes_and_changes_nothing() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = packages(&emu);
    let said = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "revert", FIVE, "--to", "2"],
    ));
    assert!(said.contains("--yes"), "{said}");
    assert_eq!(packages(&emu), before);
    assert_eq!(sent(&emu, "revertCodePackage"), 0);
    assert!(journal(&emu, data.path()).is_empty());
    assert_sessions_ended(&emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revert_to_the_current_or_a_missing_version_sends_nothing() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = packages(&emu);
    let current = run(
        fc(&emu, data.path()),
        &["packages", "revert", FIVE, "--to", "5", "--yes"],
    );
    assert_eq!(ok(&current), "");
    assert!(
        stderr(&current).contains(&format!("version 5 of {FIVE} is the current one")),
        "{}",
        stderr(&current)
    );
    let missing = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "revert", FIVE, "--to", "9", "--yes"],
    ));
    assert!(missing.contains('9'), "{missing}");
    for garbled in ["latest", "0", "current"] {
        let said = usage_error(&run(
            fc(&emu, data.path()),
            &["packages", "revert", FIVE, "--to", garbled, "--yes"],
        ));
        assert!(
            said.contains(&format!("`{garbled}` is not a version number")),
            "{said}"
        );
        assert!(!said.contains("draft"), "packages have no draft: {said}");
    }
    assert_eq!(sent(&emu, "revertCodePackage"), 0);
    assert_eq!(packages(&emu), before);
    assert!(journal(&emu, data.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_changes_in_place_and_is_journaled() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = stored(&emu, FIVE);
    let out = ok(&run(
        fc(&emu, data.path()),
        &["packages", "status", FIVE, "inactive", "--yes"],
    ));
    assert!(out.contains(&format!("{FIVE} is now inactive")), "{out}");
    let after = stored(&emu, FIVE);
    assert_status_set_in_place(&before, &after, "inactive");

    let entries = journal(&emu, data.path());
    assert_eq!(entries.len(), 1, "{entries:#?}");
    let e = &entries[0];
    assert_eq!(e["kind"], "package");
    assert_eq!(e["operation"], "package_status");
    assert_eq!(e["object_id"], key(&after).as_str());
    assert_eq!(e["before"]["status"], "active");
    assert_eq!(e["after"]["status"], "inactive");
    assert_eq!(e["before"]["version_number"], 5);
    assert_eq!(e["after"]["version_number"], 5);
    assert_eq!(e["tenant"], faircom_label(&emu).as_str());

    // Undelete: any other status.
    ok(&run(
        fc(&emu, data.path()),
        &["packages", "status", DELETED, "active", "--yes"],
    ));
    assert_eq!(stored(&emu, DELETED).current.status, "active");
    assert_eq!(journal(&emu, data.path()).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_status_word_or_the_status_it_already_has_sends_nothing() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let before = packages(&emu);
    let bad = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "status", FIVE, "paused", "--yes"],
    ));
    assert!(bad.contains("\"paused\" is not a status"), "{bad}");
    let same = run(
        fc(&emu, data.path()),
        &["packages", "status", FIVE, "Active", "--yes"],
    );
    assert_eq!(ok(&same), "");
    assert!(
        stderr(&same).contains(&format!("{FIVE} is already active: nothing changed")),
        "{}",
        stderr(&same)
    );
    let unasked = usage_error(&run(
        fc(&emu, data.path()),
        &["packages", "status", FIVE, "inactive"],
    ));
    assert!(unasked.contains("--yes"), "{unasked}");
    assert_eq!(sent(&emu, "alterCodePackage"), 0);
    assert_eq!(packages(&emu), before);
    assert!(journal(&emu, data.path()).is_empty());
    assert_sessions_ended(&emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_on_revert_and_status_prints_before_and_after() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let reverted = json(&run(
        fc(&emu, data.path()),
        &["packages", "revert", FIVE, "--to", "1", "--yes", "--json"],
    ));
    assert_eq!(reverted["package"]["name"], FIVE);
    assert_eq!(reverted["package"]["database"], "faircom");
    assert_eq!(reverted["before"]["version_number"], 5);
    assert_eq!(reverted["after"]["version_number"], 6);
    assert_eq!(reverted["after"]["status"], "active");

    let status = json(&run(
        fc(&emu, data.path()),
        &["packages", "status", FIVE, "deprecated", "--yes", "--json"],
    ));
    assert_eq!(status["before"]["status"], "active");
    assert_eq!(status["after"]["status"], "deprecated");
    assert_eq!(status["before"]["version_number"], 6);
    assert_eq!(status["after"]["version_number"], 6);
    assert_eq!(journal(&emu, data.path()).len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Connections

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_commands_on_a_faircom_only_setup_say_no_tenant_is_configured() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    for args in [
        &["actions", "list"][..],
        &["modules", "list"],
        &["triggers", "list"],
        &["bindings", "list", "post-login"],
    ] {
        let said = usage_error(&run(fc(&emu, data.path()), args));
        assert!(
            said.contains("no Auth0 tenant is configured: set AUTH0_DOMAIN with AUTH0_API_TOKEN"),
            "{args:?}: {said}"
        );
        assert!(!said.contains(emu.faircom_password().expose()), "{said}");
    }
    assert_eq!(emu.request_count("GET", "/api/v2/actions/actions"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packages_on_an_auth0_only_setup_say_no_faircom_server_is_configured() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let said = usage_error(&run(
        support::cli::cmd(&emu, data.path()),
        &["packages", "list"],
    ));
    assert!(
        said.contains("no FairCom server is configured: set FAIRCOM_URL, FAIRCOM_USERNAME and FAIRCOM_PASSWORD"),
        "{said}"
    );
    assert!(emu.faircom_calls().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_faircom_password_is_an_error_in_words_without_it() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let mut c = fc(&emu, data.path());
    c.env("FAIRCOM_PASSWORD", "not-the-password-at-all");
    let o = run(c, &["packages", "list"]);
    assert_eq!(code(&o), Some(1), "{o:?}");
    let said = stderr(&o);
    assert!(said.contains("Invalid username or password"), "{said}");
    assert!(!said.contains("not-the-password-at-all"), "{said}");
}

#[test]
fn the_demo_lists_its_packages_beside_its_auth0_tenant() {
    let listed = json(&run(bin(), &["--demo", "packages", "list", "--json"]));
    let names = json_names(&listed);
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(names.contains(&FIVE.to_string()) && names.contains(&DELETED.to_string()));
    let actions = json(&run(bin(), &["--demo", "actions", "list", "--json"]));
    assert!(!actions.as_array().unwrap().is_empty());

    // A change journals the FairCom server's label, not the Auth0 tenant's beside it.
    let data = tempfile::tempdir().unwrap();
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path());
    let out = run(
        c,
        &["--demo", "packages", "revert", FIVE, "--to", "2", "--yes"],
    );
    assert!(
        ok(&out).contains("version 6 is current"),
        "{}",
        stdout(&out)
    );
    // The demo's own journal.
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data.path()).arg("--demo");
    let entries = support::cli::journal(c);
    let e = &entries[0];
    assert_eq!(e["tenant"], "demo server");
    assert_eq!(e["profile"], "demo");
    assert_eq!(e["operation"], "package_revert");
}
