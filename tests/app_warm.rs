//! Warm start and offline (issue 17), through the headless dashboard with a history store: the
//! stored lists show before the service answers (marked `cached … ago` until the live list
//! replaces them, the selection kept), a store that cannot be opened is said, and `--offline`
//! refuses every change key of the keymap before anything opens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use codedeck::app::keymap::Mode;
use codedeck::app::keymap::{parse_key, DOCUMENTED};
use codedeck::app::msg::{Cmd, Msg};
use codedeck::app::state::{ExecutionView, Overlay, Remote, Settings, SettingsFor, View};
use codedeck::app::RunOptions;
use codedeck::backend::Backend;
use codedeck::emulator::EmulatorHandle;
use codedeck::model::{ActionFilter, PackageFilter, Timestamp};
use codedeck::shell::Driver;
use codedeck::store::{place_of, Service, SharedStore, Store};
use codedeck::theme::Theme;
use support::dashboard::{both, flash_text, text, HEIGHT, WIDTH};

/// When the lists were stored, and the dashboard's clock three minutes later.
fn seen_at() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

fn now() -> Timestamp {
    seen_at() + Duration::minutes(3)
}

/// A store in a temporary folder holding the lists `backend` gives now (actions in reverse order,
/// as if the service had listed them otherwise last time), seen at [`seen_at`].
async fn store_of(backend: &dyn Backend) -> (tempfile::TempDir, SharedStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(Store::path_in(dir.path())).unwrap();
    let connection = backend.connection();
    let tenant = place_of(&connection, Service::Auth0).unwrap();
    let mut actions = backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap();
    actions.reverse();
    store.record_list(&tenant, &actions, seen_at()).unwrap();
    let modules = backend.list_modules().await.unwrap();
    store.record_list(&tenant, &modules, seen_at()).unwrap();
    let server = place_of(&connection, Service::FairCom).unwrap();
    let packages = backend
        .list_packages(&PackageFilter::default())
        .await
        .unwrap();
    store.record_list(&server, &packages, seen_at()).unwrap();
    (dir, store.shared())
}

fn requests(emu: &EmulatorHandle) -> usize {
    emu.requests().iter().map(|(_, n)| n).sum()
}

fn driver(backend: Arc<dyn Backend>, store: Option<SharedStore>, opts: RunOptions) -> Driver {
    let mut driver = Driver::new(backend, Theme::default(), opts);
    if let Some(store) = store {
        driver = driver.with_store(store);
    }
    driver.resize(WIDTH, HEIGHT);
    driver.send(Msg::Clock(now()));
    driver
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

fn header(driver: &Driver) -> String {
    screen(driver)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_stored_lists_show_before_any_request_then_the_live_list_replaces_them() {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let backend = both(&emu);
    let (_dir, store) = store_of(&*backend).await;
    let before = requests(&emu);

    let mut driver = driver(backend, Some(store), RunOptions::default());
    assert_eq!(
        driver.pending().front(),
        Some(&Cmd::ReadStoredLists),
        "the store is read first: {:?}",
        driver.pending()
    );
    assert!(driver.step().await);
    assert_eq!(requests(&emu), before, "no request before the stored lists");
    let stored = driver.state.visible_actions().len();
    assert!(stored > 3, "the stored actions are shown: {stored}");
    let first = screen(&driver);
    assert!(first.contains("cached 3 min ago"), "{first}");
    let stored_first = driver.state.visible_actions()[0].name.clone();
    assert!(first.contains(&stored_first), "{first}");

    // The user moves to the second stored row; the live list (in the service's order) keeps it.
    driver.press("j");
    let chosen = driver.state.selected_action().unwrap().id.clone();
    driver.settle().await;
    assert!(requests(&emu) > before, "the service was asked");
    assert_eq!(driver.state.cached.actions, None);
    assert!(!header(&driver).contains("cached"), "{}", header(&driver));
    assert_eq!(
        driver.state.selected_action().map(|a| a.id.clone()),
        Some(chosen.clone())
    );
    let live_position = driver
        .state
        .visible_actions()
        .iter()
        .position(|a| a.id == chosen)
        .unwrap();
    assert_ne!(
        live_position, 1,
        "the live order differs: the selection followed the object"
    );

    // Each view says its own: modules and packages were replaced too.
    driver.press("2");
    assert!(!header(&driver).contains("cached"));
    driver.press("4");
    assert!(!header(&driver).contains("cached"));
}

#[tokio::test]
async fn the_cached_mark_stays_when_the_service_fails_and_goes_after_a_refresh() {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let backend = both(&emu);
    let (_dir, store) = store_of(&*backend).await;
    // One answer refused (a one-shot fault: the refresh below gets the list).
    emu.inject_fault(
        "/api/v2/actions/actions",
        codedeck::emulator::Fault::Status(
            403,
            serde_json::json!({"statusCode": 403, "error": "Forbidden", "message": "not now"}),
        ),
    );
    let mut driver = driver(backend, Some(store), RunOptions::default());
    driver.settle().await;
    assert!(
        header(&driver).contains("cached 3 min ago"),
        "{}",
        screen(&driver)
    );
    assert!(!driver.state.visible_actions().is_empty(), "still shown");

    // Later the clock moves on: the mark says so (the clock tick redraws it).
    driver.send(Msg::Clock(now() + Duration::minutes(60)));
    assert!(
        header(&driver).contains("cached 1 h ago"),
        "{}",
        header(&driver)
    );

    driver.press("R");
    driver.settle().await;
    assert!(!header(&driver).contains("cached"), "{}", header(&driver));
}

#[tokio::test]
async fn a_store_that_cannot_be_opened_is_said_once_and_the_dashboard_works_live() {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = Store::path_in(dir.path());
    std::fs::write(&path, b"this is not a database, it is a note").unwrap();
    let why = Store::open(&path).unwrap_err().to_string();
    let mut driver = driver(
        both(&emu),
        None,
        RunOptions {
            store_problem: Some(why.clone()),
            ..RunOptions::default()
        },
    );
    let said = flash_text(&driver);
    assert!(said.contains("history store not used"), "{said}");
    assert!(said.contains("not a readable database"), "{said}");
    assert!(screen(&driver).contains("history store not used"));
    driver.settle().await;
    assert!(
        !driver.state.visible_actions().is_empty(),
        "live without it"
    );
    assert!(!header(&driver).contains("cached"));
    // Said once: a key clears it and nothing brings it back.
    driver.press("j");
    driver.settle().await;
    assert!(!flash_text(&driver).contains("history store"));
    // Search needs the store: `S` says why at once, before a pattern is typed.
    driver.press("S");
    assert!(
        matches!(driver.state.overlay, codedeck::app::state::Overlay::None),
        "no prompt opens"
    );
    let said = flash_text(&driver);
    assert!(said.contains("could not be opened"), "{said}");
    assert!(said.contains("not a readable database"), "{said}");
}

/// An offline dashboard on the emulator (the stub for the offline backend: nothing but the
/// stored lists and what a test asks for explicitly reaches it).
async fn offline(emu: &EmulatorHandle) -> (tempfile::TempDir, Driver) {
    let backend = both(emu);
    let (dir, store) = store_of(&*backend).await;
    let before = requests(emu);
    let mut driver = driver(
        backend,
        Some(store),
        RunOptions {
            offline: true,
            ..RunOptions::default()
        },
    );
    driver.settle().await;
    assert_eq!(requests(emu), before, "offline, no list is asked for");
    (dir, driver)
}

/// Puts the dashboard in `mode` the way a user gets there (or, for overlays, as the feature
/// would open them). `false`: the mode opens only after a change key (refused offline).
async fn enter(driver: &mut Driver, mode: Mode) -> bool {
    match mode {
        Mode::List => driver.press("1"),
        Mode::Detail => {
            driver.press("1<Enter>");
            driver.settle().await;
        }
        Mode::Timeline => {
            driver.press("1v");
            driver.settle().await;
        }
        // A timeline's diff (`d`): its `r` rolls back to the left side.
        Mode::Diff => {
            driver.press("1jv");
            driver.settle().await;
            driver.press("d");
            driver.settle().await;
        }
        Mode::FlowBindings => {
            driver.press("3");
            driver.settle().await;
            driver.press("<Enter>");
            driver.settle().await;
        }
        Mode::Conflict => driver.state.overlay = Overlay::Conflict,
        Mode::PackageList => driver.press("4"),
        Mode::PackageDetail => {
            driver.press("4<Enter>");
            driver.settle().await;
        }
        Mode::PackageTimeline => {
            driver.press("4v");
            driver.settle().await;
        }
        Mode::Compare => driver.state.comparing = true,
        Mode::Settings => {
            driver.state.overlay = Overlay::Settings(Box::new(Settings {
                target: SettingsFor::New,
                dependencies: vec![],
                secrets: vec![],
                selected: 0,
                prompt: None,
                error: None,
            }));
        }
        Mode::Result => {
            driver.state.overlay = Overlay::Execution(Box::new(ExecutionView {
                id: "exec_1".into(),
                execution: Remote::Loading,
                scroll: 0,
            }));
        }
        _ => return false,
    }
    true
}

#[tokio::test]
async fn offline_every_change_key_of_the_keymap_says_it_needs_a_connection() {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let mut refused = 0;
    let mut unreachable = vec![];
    for table in DOCUMENTED {
        for binding in table.bindings.iter().filter(|b| b.intent.changes()) {
            let (_dir, mut driver) = offline(&emu).await;
            if !enter(&mut driver, table.mode).await {
                unreachable.push(table.mode);
                continue;
            }
            assert_eq!(driver.state.mode(), table.mode, "{}", screen(&driver));
            for spec in binding.keys {
                let overlay = driver.state.overlay.clone();
                let before = requests(&emu);
                driver.send(Msg::Key(parse_key(spec).unwrap()));
                let said = flash_text(&driver);
                assert!(
                    said.contains("needs a connection") && said.contains(binding.help),
                    "{spec} ({:?}) in {}: {said:?}",
                    binding.intent,
                    table.title
                );
                assert_eq!(driver.state.overlay, overlay, "{spec}: nothing opens");
                assert!(
                    driver.pending().is_empty(),
                    "{spec}: {:?}",
                    driver.pending()
                );
                assert!(driver.state.running.is_none() && driver.state.asking.is_none());
                assert_eq!(requests(&emu), before);
                refused += 1;
            }
        }
    }
    // Only the confirm dialog opens nowhere but after a change key.
    unreachable.dedup();
    assert_eq!(unreachable, vec![Mode::Confirm]);
    assert!(refused > 30, "{refused} change keys refused");
}

#[tokio::test]
async fn offline_the_header_says_so_the_lists_stay_cached_and_refresh_only_says_why() {
    let emu = codedeck::emulator::spawn(Default::default()).await.unwrap();
    let (_dir, mut driver) = offline(&emu).await;
    let top = header(&driver);
    assert!(
        top.contains("OFFLINE") && top.contains("cached 3 min ago"),
        "{top}"
    );
    assert!(!driver.state.visible_actions().is_empty());
    let before = requests(&emu);
    driver.press("R");
    assert!(driver.pending().is_empty());
    assert!(flash_text(&driver).contains("nothing is refreshed"));
    // Nor does the interval: ticks pass and nothing is asked.
    for _ in 0..2_000 {
        driver.send(Msg::Tick);
    }
    assert!(driver.pending().is_empty(), "{:?}", driver.pending());
    assert_eq!(requests(&emu), before);
    assert!(header(&driver).contains("cached"));
    // Moving and reading are not changes: they work.
    driver.press("j");
    assert_eq!(driver.state.view, View::Actions);
    assert!(!flash_text(&driver).contains("needs a connection"));
}
