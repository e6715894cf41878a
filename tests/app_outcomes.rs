//! The dashboard's changes in the journal, as the CLI keeps them: the intent is written before the
//! request goes out, the outcome after; when the answer is lost (the hostile proxy lets the
//! emulator APPLY the change, then spoils the answer) the dashboard reads the object back, says in
//! the status line what happened, and journals what it found.

mod support;

use std::sync::Arc;

use codedeck::app::state::Overlay;
use codedeck::app::Driver;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::journal::{Journal, Operation, Outcome};
use codedeck::secret::Secret;
use support::dashboard::{dashboard_on, flash_text, select, Dashboard, FAIRCOM_LABEL};
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
    assert_eq!(
        lines_of(&journal),
        [
            (Operation::PackageRevert, Outcome::Intent),
            (Operation::PackageRevert, Outcome::Done)
        ]
    );
    one_change(&journal);
    let last = journal.read().unwrap().pop().unwrap();
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
    assert_eq!(
        lines_of(&journal),
        [
            (Operation::BindingsChange, Outcome::Intent),
            (Operation::BindingsChange, Outcome::Done)
        ]
    );
    one_change(&journal);
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
    assert_ne!(draft_before, first_version, "the rollback changes the draft");
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
    assert_eq!(
        lines_of(&journal),
        [
            (Operation::ModuleRollback, Outcome::Intent),
            (Operation::ModuleRollback, Outcome::Done)
        ]
    );
    one_change(&journal);
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
    assert_eq!(
        lines_of(&journal),
        [
            (Operation::Delete, Outcome::Intent),
            (Operation::Delete, Outcome::Done)
        ]
    );
}
