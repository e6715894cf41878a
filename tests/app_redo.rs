//! Undo more than one level and redo (issue 19) in the dashboard (headless driver on the
//! emulator): `z` walks back through codedeck's own changes on the tenant, `Z` redoes the last
//! undo, each asking first; the journal says which change each undo took back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{Change, Overlay};
use support::dashboard::{auth0, flash_text, made, select, setup_on, Setup};

const BUILT: &str = "Add role claims to tokens";

/// The version the open confirm dialog rolls the action to.
fn asked_version(driver: &codedeck::shell::Driver) -> u32 {
    match &driver.state.overlay {
        Overlay::Confirm(confirm) => match &confirm.change {
            Change::ActionRollback { to, .. } => to.number,
            other => panic!("not a rollback: {other:?}"),
        },
        other => panic!("no dialog ({}): {other:?}", flash_text(driver)),
    }
}

/// The live version's number on the open timeline.
fn live(driver: &codedeck::shell::Driver) -> u32 {
    let versions = driver.state.versions().expect("a timeline");
    let timeline = versions.timeline.data.ready().expect("loaded");
    timeline
        .live()
        .and_then(codedeck::app::timeline::TimelineRow::number)
        .expect("a live version")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn z_undoes_two_rollbacks_one_after_the_other_and_shift_z_redoes() {
    let Setup {
        mut driver,
        emu: _emu,
        journal,
        ..
    } = setup_on(auth0).await;
    select(&mut driver, BUILT);
    driver.press("v");
    driver.settle().await;
    let first_live = live(&driver);
    // Two rollbacks to version 1.
    for _ in 0..2 {
        driver.press("G");
        driver.press("r");
        driver.settle().await;
        driver.press("y");
        driver.settle().await;
    }
    let second_live = first_live + 1;
    assert_eq!(live(&driver), first_live + 2, "{}", flash_text(&driver));
    // From the list: `z` opens the timeline and asks to undo the second rollback.
    driver.press("<Esc>");
    driver.settle().await;
    assert!(driver.state.versions().is_none(), "back on the list");

    driver.press("z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), second_live, "undo the second");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 3, "{}", flash_text(&driver));

    driver.press("z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), first_live, "then the first");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 4, "{}", flash_text(&driver));

    // `Z` redoes the last undo: what the first rollback's undo replaced comes back.
    driver.press("Z");
    driver.settle().await;
    assert_eq!(asked_version(&driver), first_live + 3, "redo the first");
    driver.press("y");
    driver.settle().await;
    assert_eq!(live(&driver), first_live + 5, "{}", flash_text(&driver));

    // The journal says it: each undo names the change it took back.
    let changes = made(&journal);
    assert_eq!(changes.len(), 5, "{changes:#?}");
    let id = |i: usize| changes[i].change.clone();
    assert_eq!(changes[2].undoes, id(1), "z undid the second rollback");
    assert_eq!(changes[3].undoes, id(0), "then the first");
    assert_eq!(changes[4].undoes, id(3), "Z undid that undo");
    let chain = codedeck::journal::undo_chain(&journal.read().unwrap(), &changes[0].tenant);
    assert_eq!(chain.undo.and_then(|e| e.change), id(4), "z next: the redo");
    assert_eq!(
        chain.redo.and_then(|e| e.change),
        id(2),
        "Z next: the other undo"
    );
}
