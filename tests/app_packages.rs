//! View 4, FairCom code packages, through the dashboard's own update/execute/render against the
//! emulator over loopback HTTP (both services, as `--demo` has them, and FairCom alone): the list and
//! its filters, the detail and its metadata, the history timeline and diff, revert and status changes
//! with their confirms, the journal and undo, and a session that expires under the user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;

use codedeck::app::state::{Focus, MenuPurpose, Overlay, View};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use codedeck::journal::{ObjectKind, Operation};
use codedeck::model::CodeStatus;
use codedeck::shell::Driver;
use codedeck::strings as s;
use support::dashboard::{
    both, dashboard_on, faircom_client, flash_text, setup_on, text, Dashboard, Setup, HEIGHT, WIDTH,
};

const PACKAGE: &str = "convertTemperature";

/// The dashboard on both services, in view 4.
async fn setup() -> Setup {
    let mut setup = setup_on(both).await;
    setup.driver.press("4");
    setup.driver.settle().await;
    setup
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

fn names(driver: &Driver) -> Vec<String> {
    driver
        .state
        .packages
        .visible()
        .iter()
        .map(|p| p.id.name.clone())
        .collect()
}

/// Selects a package by name in the (filtered) list.
fn select(driver: &mut Driver, name: &str) {
    let index = names(driver).iter().position(|n| n == name).unwrap();
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
}

/// The emulator's current version number and code of a faircom/admin package.
fn current(emu: &EmulatorHandle, name: &str) -> (u32, String, String) {
    emu.with_faircom_store(|store| {
        let p = store.find("faircom", "admin", name).unwrap();
        (
            p.current.number,
            p.current.code.clone(),
            p.current.status.clone(),
        )
    })
}

fn version_code(emu: &EmulatorHandle, name: &str, number: u32) -> String {
    emu.with_faircom_store(|store| {
        let p = store.find("faircom", "admin", name).unwrap();
        p.history
            .iter()
            .chain(std::iter::once(&p.current))
            .find(|v| v.number == number)
            .unwrap()
            .code
            .clone()
    })
}

async fn open_history(driver: &mut Driver, name: &str) {
    select(driver, name);
    driver.press("v");
    driver.settle().await;
    assert!(
        driver
            .state
            .versions()
            .is_some_and(|v| v.timeline.data.ready().is_some()),
        "history of {name}: {:?}",
        driver.state.flash
    );
}

fn timeline_numbers(driver: &Driver) -> Vec<(u32, bool)> {
    let timeline = driver
        .state
        .versions()
        .unwrap()
        .timeline
        .data
        .ready()
        .unwrap();
    timeline
        .rows
        .iter()
        .filter_map(|r| r.number().map(|n| (n, r.live)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_shows_every_package_with_its_place_version_status_and_type() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    let on_server = emu.with_faircom_store(|s| s.packages.len());
    assert_eq!(
        names(&driver).len(),
        on_server,
        "deleted and inactive ones too"
    );
    let text = screen(&driver);
    let line = text
        .lines()
        .find(|l| l.contains("maskCustomerPii"))
        .unwrap();
    assert!(
        line.contains("orders/admin") && line.contains("inactive"),
        "several databases/owners are in play: the place shows\n{line}"
    );
    assert!(text.contains("Updated (server time)"), "{text}");
    assert!(
        text.contains("4 Packages") && text.contains("FairCom edge.test:8443"),
        "{text}"
    );

    // `/` filters by name; `f` by status; `t` by type; Esc clears them.
    driver.press("/temp<Enter>");
    assert!(names(&driver)
        .iter()
        .all(|n| n.to_lowercase().contains("temp")));
    driver.press("<Esc>f");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("a status menu: {:?}", driver.state.overlay);
    };
    let MenuPurpose::StatusFilter(values) = &menu.purpose else {
        panic!("{menu:?}");
    };
    let deleted = values
        .iter()
        .position(|v| *v == Some(CodeStatus::Deleted))
        .unwrap();
    for _ in 0..deleted {
        driver.press("j");
    }
    driver.press("<Enter>");
    assert_eq!(names(&driver), ["pressureSpikeAlert"]);
    assert!(screen(&driver).contains("status: deleted"));
    driver.press("<Esc>t");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("a type menu");
    };
    let job = menu
        .items
        .iter()
        .position(|(label, _)| label == "job")
        .unwrap();
    for _ in 0..job {
        driver.press("j");
    }
    driver.press("<Enter>");
    assert!(!names(&driver).is_empty());
    assert!(driver
        .state
        .packages
        .visible()
        .iter()
        .all(|p| p.code_type.as_str() == "job"));
    driver.press("<Esc>");
    assert_eq!(names(&driver).len(), on_server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_shows_facts_code_and_on_m_the_description_and_metadata() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    select(&mut driver, PACKAGE);
    driver.press("<Enter>");
    driver.settle().await;
    assert_eq!(driver.state.focus, Focus::Detail);
    let (number, code, _) = current(&emu, PACKAGE);
    let text = screen(&driver);
    assert!(text.contains(&format!("v{number} (current)")), "{text}");
    assert!(
        text.contains("faircom/admin") && text.contains("server time"),
        "{text}"
    );
    let first_line = code.lines().next().unwrap();
    assert!(
        text.contains(&first_line[..40.min(first_line.len())]),
        "the code shows:\n{text}"
    );
    driver.press("m");
    let text = screen(&driver);
    assert!(
        text.contains("// Description") && text.contains("// Metadata"),
        "{text}"
    );
    let metadata = emu.with_faircom_store(|s| {
        s.find("faircom", "admin", PACKAGE)
            .unwrap()
            .current
            .metadata
            .clone()
    });
    let key = metadata.as_object().unwrap().keys().next().unwrap().clone();
    assert!(
        text.contains(&format!("\"{key}\"")),
        "pretty JSON metadata:\n{text}"
    );
    driver.press("m");
    assert!(!screen(&driver).contains("// Metadata"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_diff_and_revert_follow_faircoms_rules_and_undo_reverts_back() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    let (before, _, _) = current(&emu, PACKAGE);
    open_history(&mut driver, PACKAGE).await;
    let rows = timeline_numbers(&driver);
    let expected: Vec<(u32, bool)> = (1..=before).rev().map(|n| (n, n == before)).collect();
    assert_eq!(
        rows, expected,
        "every version newest first, the current one marked"
    );
    assert!(screen(&driver).contains("● current"));

    // d on the second row: the version before the current one against its predecessor.
    driver.press("jd");
    let text = screen(&driver);
    assert!(
        text.contains(&format!("v{} → v{}", before - 2, before - 1)),
        "{text}"
    );
    driver.press("<Esc>");

    // r on the oldest version: the dialog says what FairCom does, with the diff current → v1.
    driver.press("Gr");
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("a confirm dialog: {:?}", driver.state.flash);
    };
    let words = confirm.lines.join(" ");
    assert!(
        words.contains(&format!("current version {before} into the history"))
            && words.contains(&format!("next number ({})", before + 1))
            && words.contains("running it at once"),
        "{words}"
    );
    assert!(confirm.diff.is_some());
    driver.press("y");
    driver.settle().await;
    let (now, code, _) = current(&emu, PACKAGE);
    assert_eq!(now, before + 1, "a revert makes the next version number");
    assert_eq!(
        code,
        version_code(&emu, PACKAGE, 1),
        "with version 1's code"
    );
    assert_eq!(
        timeline_numbers(&driver)[0],
        (now, true),
        "the timeline reloaded"
    );
    assert!(flash_text(&driver).contains(&format!("version {now} is current")));

    let entries = support::dashboard::made(&journal);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (entry.kind, entry.operation),
        (ObjectKind::Package, Operation::PackageRevert)
    );
    assert_eq!(entry.object_id, format!("faircom/admin/{PACKAGE}"));
    let server = faircom_client(&emu).connection().label;
    assert_eq!(
        entry.tenant, server,
        "the FairCom server, not the Auth0 tenant"
    );
    assert_eq!(entry.before.version_number, Some(before));
    assert_eq!(entry.after.version_number, Some(now));

    // u: revert to the version that was current before (it is in the history now).
    driver.press("u");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("undo asks: {:?}", driver.state.flash);
    };
    assert!(
        confirm.title.contains(&format!("to version {before}")),
        "{}",
        confirm.title
    );
    driver.press("y");
    driver.settle().await;
    let (last, code, _) = current(&emu, PACKAGE);
    assert_eq!(last, now + 1);
    assert_eq!(code, version_code(&emu, PACKAGE, before));
    assert!(support::dashboard::made(&journal)[1].undo);

    // The current version cannot be reverted to; packages have no draft to deploy.
    driver.press("gr");
    assert_eq!(flash_text(&driver), s::ALREADY_CURRENT);
    assert_eq!(driver.state.overlay, Overlay::None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_change_goes_through_a_menu_and_a_confirm_and_undoes() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    select(&mut driver, PACKAGE);
    let (version, _, status) = current(&emu, PACKAGE);
    assert_eq!(status, "active");
    driver.press("s");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("a status menu");
    };
    let MenuPurpose::SetStatus(values) = &menu.purpose else {
        panic!("{menu:?}");
    };
    assert!(
        !values.contains(&CodeStatus::Active),
        "not the status it has"
    );
    let deleted = values
        .iter()
        .position(|v| *v == CodeStatus::Deleted)
        .unwrap();
    assert!(menu.items[deleted].1.contains("soft delete"));
    for _ in 0..deleted {
        driver.press("j");
    }
    driver.press("<Enter>");
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("a confirm");
    };
    assert!(confirm.lines.iter().any(|l| l.contains("no new version")));
    // Cancel first: nothing changes.
    driver.press("n");
    driver.settle().await;
    assert_eq!(current(&emu, PACKAGE).2, "active");

    driver.press("s");
    for _ in 0..deleted {
        driver.press("j");
    }
    driver.press("<Enter>y");
    driver.settle().await;
    let (same_version, _, status) = current(&emu, PACKAGE);
    assert_eq!(
        (same_version, status.as_str()),
        (version, "deleted"),
        "in place"
    );
    let listed = driver
        .state
        .packages
        .visible()
        .into_iter()
        .find(|p| p.id.name == PACKAGE)
        .unwrap()
        .status
        .clone();
    assert_eq!(listed, CodeStatus::Deleted, "the list reloaded");
    let entry = support::dashboard::made(&journal).pop().unwrap();
    assert_eq!(entry.operation, Operation::PackageStatus);
    assert_eq!(entry.before.status, Some(CodeStatus::Active));
    assert_eq!(entry.after.status, Some(CodeStatus::Deleted));

    // u undeletes: back to active, after a confirm.
    driver.press("u");
    driver.settle().await;
    assert!(
        matches!(driver.state.overlay, Overlay::Confirm(_)),
        "{:?}",
        driver.state.flash
    );
    driver.press("y");
    driver.settle().await;
    assert_eq!(current(&emu, PACKAGE).2, "active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_is_renewed_without_the_user_noticing() {
    let Setup {
        mut driver, emu, ..
    } = setup().await;
    let logins = || {
        emu.faircom_calls()
            .iter()
            .filter(|c| c.action == "createSession")
            .count()
    };
    let before = logins();
    emu.expire_faircom_sessions();
    driver.press("R");
    driver.settle().await;
    assert_eq!(logins(), before + 1, "one new session");
    assert!(
        driver
            .state
            .flash
            .as_ref()
            .is_none_or(|f| f.kind != codedeck::app::state::FlashKind::Error),
        "{:?}",
        driver.state.flash
    );
    assert!(!names(&driver).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faircom_only_connection_opens_on_packages_and_offers_no_auth0_views() {
    let emu = emulator::spawn(EmulatorOptions::default()).await.unwrap();
    let Dashboard { mut driver, .. } = dashboard_on(Arc::new(faircom_client(&emu))).await;
    assert_eq!(driver.state.view, View::Packages);
    assert!(!names(&driver).is_empty());
    let text = screen(&driver);
    let tabs = text.lines().nth(1).unwrap();
    assert!(
        tabs.contains("4 Packages") && !tabs.contains("Actions"),
        "{tabs}"
    );
    driver.press("1");
    assert_eq!(driver.state.view, View::Packages);
    assert!(flash_text(&driver).contains("No Auth0 tenant is configured"));
    assert_eq!(
        emu.request_count("GET", "/api/v2/actions/actions"),
        0,
        "nothing asked of Auth0"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_on_revert_is_shown_and_nothing_is_journaled() {
    let Setup {
        mut driver,
        emu,
        journal,
        ..
    } = setup().await;
    open_history(&mut driver, PACKAGE).await;
    emu.inject_faircom_error("revertCodePackage", 14201, "Table not found");
    driver.press("Gry");
    driver.settle().await;
    let flash = driver.state.flash.clone().unwrap();
    assert!(flash.text.contains("Table not found"), "{}", flash.text);
    assert!(support::dashboard::made(&journal).is_empty());
    let reverts = emu
        .faircom_calls()
        .iter()
        .filter(|c| c.action == "revertCodePackage")
        .count();
    assert_eq!(reverts, 1, "never retried");
    assert!(matches!(timeline_numbers(&driver).first(), Some((_, true))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_of_the_packages_view() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup().await;
    insta::assert_snapshot!("packages_list", screen(&driver));
    select(&mut driver, PACKAGE);
    driver.press("<Enter>");
    driver.settle().await;
    insta::assert_snapshot!("package_detail", screen(&driver));
    driver.press("v");
    driver.settle().await;
    // Server times are the seed's (fixed); the rows made now would not be.
    insta::assert_snapshot!("package_history", screen(&driver));
    driver.press("s");
    insta::assert_snapshot!("package_status_menu", screen(&driver));
    // Down to the smallest window that is drawn: every pane still draws.
    driver.press("<Esc>");
    for (width, height) in [(60, 15), (99, 20), (100, 15)] {
        driver.resize(width, height);
        let drawn = text(&driver.render(width, height));
        assert!(drawn.contains(PACKAGE), "{width}×{height}:\n{drawn}");
    }
}
