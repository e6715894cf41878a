//! Undo and the journal in the dashboard (headless driver on the emulator): `u` with nothing to
//! undo stays where it is and says so; with something to undo it opens the timeline and asks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{Focus, Overlay};
use support::dashboard::{auth0, flash_text, select, setup_on, text, Setup, HEIGHT, WIDTH};

const BUILT: &str = "Add role claims to tokens";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_with_an_empty_journal_keeps_the_list_and_says_so() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup_on(auth0).await;
    select(&mut driver, BUILT);
    let before = text(&driver.render(WIDTH, HEIGHT));
    driver.press("u");
    driver.settle().await;
    assert_eq!(driver.state.focus, Focus::List, "still on the list");
    assert!(driver.state.versions().is_none(), "no timeline opened");
    assert!(
        flash_text(&driver).contains("Nothing to undo"),
        "{}",
        flash_text(&driver)
    );
    let after = text(&driver.render(WIDTH, HEIGHT));
    let list_rows = |screen: &str| {
        screen
            .lines()
            .take(HEIGHT as usize - 2)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list_rows(&before),
        list_rows(&after),
        "the view is as it was"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_from_the_list_with_a_change_to_undo_opens_the_timeline_and_asks() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup_on(auth0).await;
    select(&mut driver, BUILT);
    // Roll back to version 1 from the timeline, then leave it.
    driver.press("v");
    driver.settle().await;
    driver.press("G");
    driver.press("r");
    driver.press("y");
    driver.settle().await;
    driver.press("<Esc>");
    driver.settle().await;
    assert!(driver.state.versions().is_none(), "back on the list");

    driver.press("u");
    driver.settle().await;
    assert_eq!(driver.state.focus, Focus::Timeline);
    assert!(
        matches!(driver.state.overlay, Overlay::Confirm(_)),
        "the undo dialog asks: {}",
        flash_text(&driver)
    );
}
