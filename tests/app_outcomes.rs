//! The dashboard's changes in the journal, as the CLI keeps them: the intent is written before the
//! request goes out, the outcome after; when the answer is lost (the hostile proxy lets the
//! emulator APPLY the change, then spoils the answer) the dashboard reads the object back, says in
//! the status line what happened, and journals what it found. A change an earlier run left open
//! is checked after the first frame, said in the status line and settled in the journal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;

use codedeck::app::state::Overlay;
use codedeck::app::{Cmd, RunOptions};
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::journal::{new_change_id, Entry, Journal, ObjectKind, Operation, Outcome, Snapshot};
use codedeck::secret::Secret;
use codedeck::shell::Driver;
use codedeck::theme::Theme;
use support::dashboard::{
    dashboard_on, flash_text, select, text, Dashboard, FAIRCOM_LABEL, HEIGHT, WIDTH,
};
use support::proxy::{self, Proxy, Spoil};

const MODULE: &str = "claims-utils";
const PACKAGE: &str = "convertTemperature";
const GEO: &str = "Geo-block sanctioned countries";

/// The Auth0 API of `emu`, through the proxy.
fn auth0_via(emu: &EmulatorHandle, proxy: &Proxy) -> Arc<dyn Backend> {
    let url = parse_base_url(&proxy.url).unwrap();
    Arc::new(
        Auth0Client::new(Auth0Config::new(
            url,
            Credentials::Token(Secret::new(emu.token())),
        ))
        .unwrap(),
    )
}

/// The FairCom API of `emu`, through the proxy.
fn faircom_via(emu: &EmulatorHandle, proxy: &Proxy) -> Arc<dyn Backend> {
    let url = parse_faircom_url(&format!("{}/api", proxy.url)).unwrap();
    let mut config = FairComConfig::new(url, emu.faircom_username(), emu.faircom_password());
    config.label = FAIRCOM_LABEL.to_string();
    Arc::new(FairComClient::new(config).unwrap())
}

/// Each change's entries in the journal, in order: (operation, outcomes of its lines).
fn lines_of(journal: &Journal) -> Vec<(Operation, Outcome)> {
    journal
        .read()
        .unwrap()
        .iter()
        .map(|e| (e.operation, e.outcome))
        .collect()
}

/// Every line belongs to one change id (the intent and its outcome share it).
fn one_change(journal: &Journal) {
    let ids: Vec<Option<String>> = journal
        .read()
        .unwrap()
        .into_iter()
        .map(|e| e.change)
        .collect();
    assert!(
        ids.iter().all(|id| id.is_some() && *id == ids[0]),
        "{ids:?}"
    );
}

/// The journal holds one change of `operation`, its intent then its `done`: returns the `done` line.
fn intent_then_done(journal: &Journal, operation: Operation) -> Entry {
    assert_eq!(
        lines_of(journal),
        [(operation, Outcome::Intent), (operation, Outcome::Done)]
    );
    one_change(journal);
    journal.read().unwrap().pop().unwrap()
}

async fn open_timeline(driver: &mut Driver, name: &str) {
    select(driver, name);
    driver.press("v");
    driver.settle().await;
    assert!(
        driver
            .state
            .versions()
            .is_some_and(|v| v.timeline.data.ready().is_some()),
        "timeline of {name}: {:?}",
        driver.state.flash
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_whose_answer_was_lost_is_read_back_said_made_and_journaled_done() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let Dashboard {
        mut driver,
        journal,
        dir: _dir,
    } = dashboard_on(auth0_via(&emu, &proxy)).await;
    let published = |emu: &EmulatorHandle| {
        emu.with_store(|s| {
            s.modules
                .iter()
                .find(|m| m.name == MODULE)
                .unwrap()
                .versions
                .len()
        })
    };
    let before = published(&emu);
    driver.press("2");
    driver.settle().await;
    open_timeline(&mut driver, MODULE).await;
    // Roll the draft back to v1; the publish offered next is the change whose answer is lost.
    driver.press("G");
    driver.press("r");
    driver.press("y");
    driver.settle().await;
    assert!(
        matches!(driver.state.overlay, Overlay::Confirm(_)),
        "publish offered"
    );
    let module_id = emu.with_store(|s| {
        s.modules
            .iter()
            .find(|m| m.name == MODULE)
            .unwrap()
            .id
            .clone()
    });
    let publish_path = format!("/api/v2/actions/modules/{module_id}/versions");
    // The intent must be on disk when the publish request reaches the server.
    let probe_journal = journal.clone();
    proxy.probe("POST", &publish_path, move || {
        let entries = probe_journal.read().unwrap();
        match entries.last() {
            Some(e) => format!("{:?} {:?}", e.operation, e.outcome),
            None => "nothing".to_string(),
        }
    });
    proxy.arm("POST", &publish_path, Spoil::Error500);
    driver.press("y");
    driver.settle().await;
    assert!(proxy.all_fired());
    assert_eq!(published(&emu), before + 1, "the server made it");
    assert_eq!(proxy.probed(), ["ModulePublish Intent"]);
    let flash = flash_text(&driver);
    assert!(
        flash.contains(&format!("publish of '{MODULE}' WAS MADE")),
        "{flash}"
    );
    let publishes: Vec<Outcome> = lines_of(&journal)
        .into_iter()
        .filter(|(op, _)| *op == Operation::ModulePublish)
        .map(|(_, outcome)| outcome)
        .collect();
    assert_eq!(publishes, [Outcome::Intent, Outcome::Done]);
    let last = journal.read().unwrap().pop().unwrap();
    assert_eq!(last.after.version_number, Some(before as u32 + 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_revert_whose_answer_was_cut_short_is_read_back_and_journaled_done() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let Dashboard {
        mut driver,
        journal,
        dir: _dir,
    } = dashboard_on(faircom_via(&emu, &proxy)).await;
    let current = |emu: &EmulatorHandle| {
        emu.with_faircom_store(|s| s.find("faircom", "admin", PACKAGE).unwrap().current.number)
    };
    let was = current(&emu);
    let names: Vec<String> = driver
        .state
        .packages
        .visible()
        .iter()
        .map(|p| p.id.name.clone())
        .collect();
    let index = names.iter().position(|n| n == PACKAGE).unwrap();
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
    driver.press("v");
    driver.settle().await;
    proxy.arm_body("POST", "/api", Some("revertCodePackage"), Spoil::Truncate);
    driver.press("Gry");
    driver.settle().await;
    assert!(proxy.all_fired());
    assert_eq!(current(&emu), was + 1, "the server made it");
    let flash = flash_text(&driver);
    assert!(
        flash.contains(&format!("revert of '{PACKAGE}' WAS MADE")),
        "{flash}"
    );
    let last = intent_then_done(&journal, Operation::PackageRevert);
    assert_eq!(last.after.version_number, Some(was + 1));
    // The cut-short answer began with the session token: no part of it is shown or journaled.
    let on_disk = std::fs::read_to_string(journal.path()).unwrap();
    for text in [flash.as_str(), on_disk.as_str()] {
        assert!(shows_no_session_token(text), "{text}");
    }
}

/// Every `authToken` field in `text` (JSON, or JSON quoted again) has its value hidden.
fn shows_no_session_token(text: &str) -> bool {
    text.match_indices("authToken").all(|(at, name)| {
        let value = text[at + name.len()..].trim_start_matches(['"', '\\', ':', ' ']);
        value.is_empty() || value.starts_with("***")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bindings_change_whose_connection_was_reset_is_read_back_and_journaled_done() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let Dashboard {
        mut driver,
        journal,
        dir: _dir,
    } = dashboard_on(auth0_via(&emu, &proxy)).await;
    driver.press("3");
    driver.settle().await;
    let ids: Vec<String> = driver
        .state
        .flows
        .visible_triggers()
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let index = ids.iter().position(|id| id == "post-login").unwrap();
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
    driver.press("<Enter>");
    proxy.arm(
        "PATCH",
        "/api/v2/actions/triggers/post-login/bindings",
        Spoil::Reset,
    );
    // Pick up the first binding, move it to the end, drop: the PATCH's answer is lost.
    driver.press("<Space>jj<Space>");
    driver.settle().await;
    assert!(proxy.all_fired());
    let order: Vec<String> = emu.with_store(|s| {
        s.bindings
            .get("post-login")
            .map(|b| b.iter().map(|b| b.display_name.clone()).collect())
            .unwrap_or_default()
    });
    assert_eq!(
        order.last().map(String::as_str),
        Some("Add role claims to tokens"),
        "{order:?}"
    );
    let flash = flash_text(&driver);
    assert!(
        flash.contains("bindings of 'post-login' WAS MADE") && flash.contains(GEO),
        "{flash}"
    );
    intent_then_done(&journal, Operation::BindingsChange);
}

/// A built draft in the demo seed.
const BUILT: &str = "Add role claims to tokens";

/// An emulator behind a hostile proxy, and a journal in which an earlier run's deploy of `BUILT`
/// is left open: the server made it, but its answer was lost and the run was killed before it could
/// read the action back, so only its intent is there.
struct LeftOpen {
    /// Kept serving for the test's length.
    _emu: EmulatorHandle,
    proxy: Proxy,
    backend: Arc<dyn Backend>,
    journal: Journal,
    _dir: tempfile::TempDir,
    intent: Entry,
    /// The version the deploy made.
    made: u32,
}

async fn deploy_left_open() -> LeftOpen {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let backend = auth0_via(&emu, &proxy);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path());
    let actions = backend.list_actions(&Default::default()).await.unwrap();
    let action = actions.iter().find(|a| a.name == BUILT).unwrap();
    let was = action.deployed_version.as_ref().unwrap();
    let at = chrono::Utc::now();
    let intent = Entry {
        at,
        profile: "env".into(),
        tenant: backend.connection().label,
        kind: ObjectKind::Action,
        object_id: action.id.clone(),
        object_name: action.name.clone(),
        operation: Operation::ActionDeploy,
        before: Snapshot {
            version_id: Some(was.id.clone()),
            version_number: Some(was.number),
            ..Snapshot::default()
        },
        after: Snapshot::default(),
        undo: false,
        change: Some(new_change_id(at)),
        outcome: Outcome::Intent,
        note: None,
        promoted_from: None,
        undoes: None,
    };
    journal.append(&intent).unwrap();
    let deploy = format!("/api/v2/actions/actions/{}/deploy", action.id);
    proxy.arm("POST", &deploy, Spoil::Error500);
    assert!(
        backend.deploy_action(&action.id).await.is_err(),
        "answer lost"
    );
    assert!(proxy.all_fired());
    let newest = emu.with_store(|s| {
        s.actions
            .iter()
            .find(|a| a.name == BUILT)
            .unwrap()
            .versions
            .last()
            .map(|v| v.number)
    });
    let made = was.number + 1;
    assert_eq!(newest, Some(made), "the server made it");
    LeftOpen {
        _emu: emu,
        proxy,
        backend,
        journal,
        _dir: dir,
        intent,
        made,
    }
}

/// The dashboard started on `backend` and `journal`, run until only the check of the changes left
/// open is still to come: the first frame (the list) is drawn before that check is done.
async fn started_until_check(backend: Arc<dyn Backend>, journal: &Journal) -> Driver {
    let mut driver = Driver::new(
        backend,
        Theme::default(),
        RunOptions {
            journal: Some(journal.clone()),
            ..RunOptions::default()
        },
    );
    driver.resize(WIDTH, HEIGHT);
    while !matches!(driver.pending().front(), Some(Cmd::Reconcile { .. })) {
        assert!(driver.step().await, "the check of open changes is queued");
    }
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(screen.contains(BUILT), "the list is drawn first:\n{screen}");
    driver
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_left_open_by_an_earlier_run_is_checked_after_the_first_frame_said_and_settled() {
    let open = deploy_left_open().await;
    let (journal, intent, made) = (&open.journal, &open.intent, open.made);

    let mut driver = started_until_check(Arc::clone(&open.backend), journal).await;
    assert_eq!(
        lines_of(journal),
        [(Operation::ActionDeploy, Outcome::Intent)]
    );
    assert!(!flash_text(&driver).contains("WAS MADE"));

    driver.settle().await;
    let flash = flash_text(&driver);
    assert!(
        flash.contains(&format!(
            "checked 1 change left open: deploy of '{BUILT}' WAS MADE (version {made} is the newest)"
        )),
        "{flash}"
    );
    let status = text(&driver.render(WIDTH, HEIGHT));
    assert!(status.contains("WAS MADE"), "on screen:\n{status}");
    let settled = intent_then_done(journal, Operation::ActionDeploy);
    assert_eq!(settled.change, intent.change);
    assert_eq!(settled.after.version_number, Some(made));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_whose_read_back_fails_at_start_is_said_still_unknown_and_stays_open() {
    let open = deploy_left_open().await;
    let (journal, intent, made) = (&open.journal, &open.intent, open.made);

    let mut driver = started_until_check(Arc::clone(&open.backend), journal).await;
    open.proxy.arm(
        "GET",
        &format!("/api/v2/actions/actions/{}", intent.object_id),
        Spoil::Error500,
    );
    driver.settle().await;
    assert!(open.proxy.all_fired());
    let flash = flash_text(&driver);
    assert!(
        flash.contains(&format!("deploy of '{BUILT}' is still unknown")),
        "{flash}"
    );
    assert_eq!(
        lines_of(journal),
        [(Operation::ActionDeploy, Outcome::Intent)],
        "nothing is settled that was not found"
    );

    // The next start checks it again.
    let mut driver = started_until_check(Arc::clone(&open.backend), journal).await;
    driver.settle().await;
    assert!(
        flash_text(&driver).contains("WAS MADE"),
        "{}",
        flash_text(&driver)
    );
    let settled = journal.read().unwrap().pop().unwrap();
    assert_eq!(
        (settled.outcome, settled.after.version_number),
        (Outcome::Done, Some(made))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_at_start_leaves_this_runs_own_changes_alone() {
    let open = deploy_left_open().await;
    // The same change, but this run's own (its ids are `SESSION.N`): still under way, not lost.
    let mine = Entry {
        change: Some("this-run.1".into()),
        ..open.intent.clone()
    };
    open.journal.start_empty().unwrap();
    open.journal.append(&mine).unwrap();
    let mut driver = Driver::new(
        Arc::clone(&open.backend),
        Theme::default(),
        RunOptions {
            journal: Some(open.journal.clone()),
            session: "this-run".into(),
            ..RunOptions::default()
        },
    );
    driver.settle().await;
    assert_eq!(flash_text(&driver), "");
    assert_eq!(
        lines_of(&open.journal),
        [(Operation::ActionDeploy, Outcome::Intent)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_module_draft_rollback_whose_answer_was_lost_is_read_back_and_found_made() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let Dashboard {
        mut driver,
        journal,
        dir: _dir,
    } = dashboard_on(auth0_via(&emu, &proxy)).await;
    let module = |emu: &EmulatorHandle| {
        emu.with_store(|s| {
            let m = s.modules.iter().find(|m| m.name == MODULE).unwrap();
            (m.id.clone(), m.code.clone(), m.versions[0].code.clone())
        })
    };
    let (module_id, draft_before, first_version) = module(&emu);
    assert_ne!(
        draft_before, first_version,
        "the rollback changes the draft"
    );
    driver.press("2");
    driver.settle().await;
    open_timeline(&mut driver, MODULE).await;
    proxy.arm(
        "POST",
        &format!("/api/v2/actions/modules/{module_id}/rollback"),
        Spoil::Reset,
    );
    driver.press("G");
    driver.press("r");
    driver.press("y");
    driver.settle().await;
    assert!(proxy.all_fired());
    assert_eq!(module(&emu).1, first_version, "the server made it");
    let flash = flash_text(&driver);
    assert!(flash.contains("WAS MADE"), "{flash}");
    intent_then_done(&journal, Operation::ModuleRollback);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_whose_answer_was_lost_is_read_back_and_found_made() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let Dashboard {
        mut driver,
        journal,
        dir: _dir,
    } = dashboard_on(auth0_via(&emu, &proxy)).await;
    let action_id = emu.with_store(|s| {
        s.actions
            .iter()
            .find(|a| a.name == GEO)
            .map(|a| a.id.clone())
            .unwrap()
    });
    select(&mut driver, GEO);
    driver.press("X");
    driver.settle().await;
    assert!(
        matches!(driver.state.overlay, Overlay::Confirm(_)),
        "the delete asks: {:?}",
        driver.state.flash
    );
    proxy.arm(
        "DELETE",
        &format!("/api/v2/actions/actions/{action_id}"),
        Spoil::Error500,
    );
    driver.press("y");
    driver.settle().await;
    assert!(proxy.all_fired());
    assert!(
        emu.with_store(|s| s.actions.iter().all(|a| a.id != action_id)),
        "the server deleted it"
    );
    let flash = flash_text(&driver);
    assert!(flash.contains("WAS MADE"), "{flash}");
    intent_then_done(&journal, Operation::Delete);
}
