//! The version timeline, diffs and changes (roll back, deploy, publish, undo) through the dashboard's
//! own update/execute/render, against the emulator over loopback HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::Overlay;
use codedeck::app::timeline::RowKey;
use codedeck::emulator::EmulatorHandle;
use codedeck::journal::Operation;
use codedeck::shell::Driver;
use support::dashboard::{auth0, select, setup_on, text, Setup, HEIGHT, WIDTH};

/// The dashboard on the demo tenant.
async fn setup() -> Setup {
    setup_on(auth0).await
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
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
        "timeline of {name} loaded: {:?} {:?}",
        driver.state.versions().map(|v| &v.timeline),
        driver.state.flash
    );
}

fn rows(driver: &Driver) -> Vec<(RowKey, bool)> {
    let timeline = driver
        .state
        .versions()
        .unwrap()
        .timeline
        .data
        .ready()
        .unwrap();
    timeline.rows.iter().map(|r| (r.key, r.live)).collect()
}

fn live_number(driver: &Driver) -> Option<u32> {
    rows(driver)
        .into_iter()
        .find(|(_, live)| *live)
        .and_then(|(key, _)| match key {
            RowKey::Version(n) => Some(n),
            RowKey::Draft => None,
        })
}

fn version_count(emu: &EmulatorHandle, name: &str) -> u32 {
    emu.with_store(|s| {
        s.actions
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .versions
            .len() as u32
    })
}

/// The emulator's live code of an action.
fn live_code(emu: &EmulatorHandle, name: &str) -> String {
    emu.with_store(|store| {
        let action = store.actions.iter().find(|a| a.name == name).unwrap();
        action.deployed().unwrap().code.clone()
    })
}

fn version_code(emu: &EmulatorHandle, name: &str, number: u32) -> String {
    emu.with_store(|store| {
        let action = store.actions.iter().find(|a| a.name == name).unwrap();
        action
            .versions
            .iter()
            .find(|v| v.number == number)
            .unwrap()
            .code
            .clone()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_lists_versions_newest_first_with_the_draft_and_one_live_marker() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup().await;
    open_timeline(&mut driver, "Require MFA for admins").await;
    let rows = rows(&driver);
    assert_eq!(rows[0], (RowKey::Draft, false), "the draft differs: on top");
    let numbers: Vec<u32> = rows
        .iter()
        .filter_map(|(key, _)| match key {
            RowKey::Version(n) => Some(*n),
            RowKey::Draft => None,
        })
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(numbers, sorted, "newest first");
    assert_eq!(rows.iter().filter(|(_, live)| *live).count(), 1);
    let screen = screen(&driver);
    assert!(
        screen.contains("Versions · Require MFA for admins"),
        "{screen}"
    );
    assert!(
        screen.contains("● live") && screen.contains("draft"),
        "{screen}"
    );

    // Moving selects a version and shows its code; Esc goes back to the list.
    driver.press("j");
    let selected_code = driver.state.detail_code().unwrap().to_string();
    assert!(screen_contains_line_of(&driver, &selected_code));
    driver.press("<Esc>");
    assert!(driver.state.versions().is_none());
}

fn screen_contains_line_of(driver: &Driver, code: &str) -> bool {
    let screen = screen(driver);
    code.lines()
        .map(str::trim)
        .filter(|l| l.len() > 12)
        .take(3)
        .all(|line| screen.contains(line))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_keys_compare_predecessor_base_and_draft_with_live() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup().await;
    open_timeline(&mut driver, "Require MFA for admins").await;
    driver.press("j"); // the newest version
    driver.press("d");
    let diff = driver
        .state
        .versions()
        .unwrap()
        .diff
        .clone()
        .expect("d opens a diff");
    let newest = live_number(&driver).unwrap().max(2);
    assert!(
        diff.new_label.starts_with(&format!("v{newest}")),
        "{diff:?}"
    );
    assert_eq!(diff.old_label, format!("v{}", newest - 1));
    driver.press("<Esc>");
    assert!(
        driver.state.versions().unwrap().diff.is_none(),
        "Esc closes the diff"
    );

    // D marks the base; d on another row compares the two.
    driver.press("G");
    driver.press("D");
    driver.press("g");
    driver.press("d");
    let diff = driver.state.versions().unwrap().diff.clone().unwrap();
    assert_eq!(
        (diff.old_label.as_str(), diff.new_label.as_str()),
        ("v1", "draft")
    );
    driver.press("<Esc>");

    // =: live against the draft.
    driver.press("=");
    let diff = driver.state.versions().unwrap().diff.clone().unwrap();
    assert!(
        diff.old_label.ends_with("(live)") && diff.new_label == "draft",
        "{diff:?}"
    );
    assert!(!diff.diff.is_identical());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollback_asks_first_then_makes_a_new_live_version_and_undo_rolls_forward() {
    let Setup {
        mut driver,
        emu,
        journal,
        dir: _dir,
    } = setup().await;
    let name = "Limit M2M scopes";
    open_timeline(&mut driver, name).await;
    let live_before = live_number(&driver).unwrap();
    let newest_before = version_count(&emu, name);
    driver.press("G"); // v1
    driver.press("r");
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("r asks first");
    };
    assert!(!confirm.confirm_focused, "Cancel has the focus");
    let dialog = screen(&driver);
    assert!(
        dialog.contains("NEW version") && dialog.contains("runs immediately"),
        "{dialog}"
    );
    // Enter on the focused Cancel: nothing happens.
    driver.press("<Enter>");
    driver.settle().await;
    assert_eq!(driver.state.overlay, Overlay::None);
    assert_eq!(
        version_count(&emu, name),
        newest_before,
        "cancel changes nothing"
    );

    driver.press("r");
    driver.press("y");
    driver.settle().await;
    let new_number = newest_before + 1;
    assert_eq!(
        live_number(&driver),
        Some(new_number),
        "the timeline shows the new live version"
    );
    assert_eq!(live_code(&emu, name), version_code(&emu, name, 1));
    let flash = driver.state.flash.clone().unwrap().text;
    assert!(
        flash.contains(&format!("version {new_number} is live")),
        "{flash}"
    );

    let entries = support::dashboard::made(&journal);
    let entry = entries.last().unwrap();
    assert_eq!(entry.operation, Operation::ActionRollback);
    assert_eq!(entry.before.version_number, Some(live_before));
    assert_eq!(entry.after.version_number, Some(new_number));
    assert!(!entry.undo);

    // u: roll forward to what was live before, again asking first.
    driver.press("u");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("u asks first: {:?}", driver.state.flash);
    };
    assert!(
        confirm.title.contains(&format!("version {live_before}")),
        "{}",
        confirm.title
    );
    driver.press("y");
    driver.settle().await;
    assert_eq!(live_number(&driver), Some(new_number + 1));
    assert_eq!(live_code(&emu, name), version_code(&emu, name, live_before));
    let entries = support::dashboard::made(&journal);
    assert!(entries.last().unwrap().undo);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_from_the_list_opens_the_timeline_asks_and_follows_until_live() {
    let Setup {
        mut driver,
        emu,
        dir: _dir,
        ..
    } = setup().await;
    let name = "Require MFA for admins";
    select(&mut driver, name);
    driver.press("p");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("p asks first: {:?}", driver.state.flash);
    };
    assert!(
        confirm.title.contains("Deploy the draft"),
        "{}",
        confirm.title
    );
    driver.press("y");
    driver.settle().await;
    let draft = emu.with_store(|s| {
        s.actions
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .draft
            .code
            .clone()
    });
    assert_eq!(live_code(&emu, name), draft, "the draft is live");
    assert_ne!(
        rows(&driver)[0].0,
        RowKey::Draft,
        "no draft row once it equals live"
    );
    assert!(driver.state.running.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_draft_is_refused_before_any_request() {
    let Setup {
        mut driver,
        emu,
        dir: _dir,
        ..
    } = setup().await;
    let name = "Validate signup metadata";
    let id = emu.with_store(|s| {
        s.actions
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .id
            .clone()
    });
    select(&mut driver, name);
    driver.press("p");
    driver.settle().await;
    let flash = driver.state.flash.clone().unwrap().text;
    assert!(flash.contains("failed to build"), "{flash}");
    assert_eq!(driver.state.overlay, Overlay::None);
    let deploy_path = format!("/api/v2/actions/actions/{id}/deploy");
    assert_eq!(emu.request_count("POST", &deploy_path), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_rollback_replaces_the_draft_saves_the_old_one_offers_publish_and_undo_restores() {
    let Setup {
        mut driver,
        emu,
        journal,
        dir: _dir,
    } = setup().await;
    driver.press("2");
    driver.settle().await;
    let name = "claims-utils";
    open_timeline(&mut driver, name).await;
    let module = |emu: &EmulatorHandle| {
        emu.with_store(|s| s.modules.iter().find(|m| m.name == name).unwrap().clone())
    };
    let before = module(&emu);
    driver.press("G");
    driver.press("r");
    let dialog = screen(&driver);
    assert!(
        dialog.contains("DRAFT") && dialog.contains("nothing is published"),
        "{dialog}"
    );
    driver.press("y");
    driver.settle().await;
    let after = module(&emu);
    assert_eq!(after.code, before.versions[0].code, "the draft holds v1");
    assert_eq!(
        after.versions.len(),
        before.versions.len(),
        "nothing published"
    );

    let entry = support::dashboard::made(&journal).pop().unwrap();
    assert_eq!(entry.operation, Operation::ModuleRollback);
    let saved = entry
        .before
        .saved_draft
        .clone()
        .expect("the old draft was saved");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), before.code);

    // The publish offer.
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("publish is offered");
    };
    assert!(confirm.title.contains("Publish"), "{}", confirm.title);
    driver.press("<Esc>");
    assert_eq!(module(&emu).versions.len(), before.versions.len());

    // u puts the saved draft back.
    driver.press("u");
    driver.settle().await;
    driver.press("y");
    driver.settle().await;
    assert_eq!(module(&emu).code, before.code, "the draft is back");
    let entry = support::dashboard::made(&journal).pop().unwrap();
    assert_eq!(entry.operation, Operation::ModuleDraftRestore);

    // Publish with p.
    driver.press("p");
    driver.settle().await;
    driver.press("y");
    driver.settle().await;
    let published = module(&emu);
    assert_eq!(published.versions.len(), before.versions.len() + 1);
    assert_eq!(published.versions.last().unwrap().code, before.code);
    assert_eq!(live_number(&driver), Some(published.versions.len() as u32));

    // A publish cannot be undone, and the dashboard says so.
    driver.press("u");
    driver.settle().await;
    let flash = driver.state.flash.clone().unwrap().text;
    assert!(flash.contains("cannot be removed"), "{flash}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_version_screen_draws_at_small_and_odd_sizes() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup().await;
    open_timeline(&mut driver, "Deny disposable email domains").await;
    let sizes = [(60, 15), (61, 16), (99, 30), (100, 20), (59, 14), (200, 60)];
    let draw_all = |driver: &Driver, what: &str| {
        for (w, h) in sizes {
            let screen = text(&driver.render(w, h));
            assert!(!screen.trim().is_empty(), "{what} at {w}×{h}");
        }
    };
    draw_all(&driver, "timeline");
    driver.press("<Tab>");
    draw_all(&driver, "version code");
    driver.press("<Esc>");
    driver.press("j");
    driver.press("d");
    draw_all(&driver, "diff");
    for key in ["s", "w", "x", "n", "N", "<Right>", "G"] {
        driver.press(key);
        draw_all(&driver, key);
    }
    driver.press("<Esc>");
    driver.press("G");
    driver.press("r");
    assert!(matches!(driver.state.overlay, Overlay::Confirm(_)));
    draw_all(&driver, "confirm");
    driver.press("?");
    draw_all(&driver, "confirm stays (help is not over a dialog)");
}

/// Issue 18's way back from a version that broke things: `d` on it shows what it changed, and `r`
/// in that diff rolls back to the diff's left side — the version it replaced — asking first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d_then_r_rolls_back_to_the_version_the_diff_came_from() {
    let Setup {
        mut driver,
        emu,
        dir: _dir,
        ..
    } = setup().await;
    let name = "Require MFA for admins";
    open_timeline(&mut driver, name).await;
    let live = live_number(&driver).unwrap();
    let position = rows(&driver)
        .iter()
        .position(|(_, is_live)| *is_live)
        .unwrap();
    driver.state.versions_mut().unwrap().selected = position;
    driver.press("d");
    driver.settle().await;
    assert!(
        driver.state.versions().unwrap().diff.is_some(),
        "d shows the diff"
    );
    let diff_screen = screen(&driver);
    assert!(
        diff_screen.contains("r rollback"),
        "the key bar names r: {diff_screen}"
    );
    driver.press("r");
    driver.settle().await;
    let Overlay::Confirm(confirm) = &driver.state.overlay else {
        panic!("r asks first: {:?}", driver.state.flash);
    };
    assert!(
        confirm.title.contains(&format!("to version {}?", live - 1)),
        "it restores the version before the live one: {}",
        confirm.title
    );
    driver.press("y");
    driver.settle().await;
    assert_eq!(
        live_code(&emu, name),
        version_code(&emu, name, live - 1),
        "the code that ran before the bad deploy is live again"
    );

    // A diff that is not of two timeline rows (`=`: live → draft) has no `r`.
    driver.press("<Esc>");
    driver.press("=");
    driver.settle().await;
    assert!(
        driver.state.versions().unwrap().diff.is_some(),
        "= shows a diff"
    );
    assert!(
        !screen(&driver).contains("r rollback"),
        "{}",
        screen(&driver)
    );
}
