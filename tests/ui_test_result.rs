//! The test-run result popup (issue 19): a stack trace taller than the popup scrolls, says where it
//! is and that more follows, and long lines wrap instead of being cut.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;
mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use app_fixtures::FakeBackend;
use chrono::TimeZone;
use codedeck::app::keymap::Keymap;
use codedeck::app::state::{Overlay, PayloadFrom, Remote, TestResult};
use codedeck::app::RunOptions;
use codedeck::model::keys::KeyOverrides;
use codedeck::model::TestRun;
use codedeck::shell::Driver;
use codedeck::theme::Theme;
use support::dashboard::text;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;
const LAST_FRAME: &str = "at the_last_frame (/data/node_modules/deep/last.js:99:1)";
const LONG_MESSAGE_END: &str = "the end of a long message";

/// A thrown error with a 30-frame stack, a message longer than the popup and a returned payload.
fn long_failure() -> TestRun {
    let mut stack = vec!["TypeError: Cannot read properties of undefined".to_string()];
    for i in 1..30 {
        stack.push(format!(
            "    at handler_{i} (/data/action.js:{i}:{})",
            i * 3
        ));
    }
    stack.push(format!("    {LAST_FRAME}"));
    TestRun::from_payload(serde_json::json!({
        "error": {
            "name": "TypeError",
            "message": format!(
                "Cannot read properties of undefined (reading 'roles') while the claim was set \
                 for the user with the long name, and {LONG_MESSAGE_END}"
            ),
            "stack": stack.join("\n"),
        },
        "stats": { "action_duration_ms": 12.0, "boot_duration_ms": 40.0 },
        "user": { "app_metadata": { "note": "x".repeat(120) } },
    }))
}

async fn showing(run: TestRun) -> Driver {
    showing_with(run, Keymap::default()).await
}

async fn showing_with(run: TestRun, keymap: Keymap) -> Driver {
    let mut driver = Driver::new(
        Arc::new(FakeBackend::new(false)),
        Theme::default(),
        RunOptions {
            demo_hint: false,
            journal: None,
            editor: None,
            keymap,
            ..RunOptions::default()
        },
    );
    driver.resize(WIDTH, HEIGHT);
    driver.settle().await;
    let at = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    driver.state.now = Some(at + chrono::Duration::minutes(3));
    driver.state.overlay = Overlay::TestResult(Box::new(TestResult {
        action_name: "Add role claims to tokens".to_string(),
        pretty: serde_json::to_string_pretty(&run.payload).unwrap().into(),
        run: Remote::Ready(run),
        scroll: 0,
        from: PayloadFrom::Last { at: Some(at) },
    }));
    driver
}

/// The popup's `lines FIRST–LAST of TOTAL`.
fn position(shown: &str) -> (usize, usize, usize) {
    let rest = shown.split("lines ").nth(1).expect("a position");
    let numbers: Vec<usize> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .take(3)
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

#[tokio::test]
async fn a_long_stack_trace_scrolls_and_says_more_follows() {
    let driver = showing(long_failure()).await;
    let shown = screen(&driver);
    insta::assert_snapshot!("test_result_long_stack_80x24", shown);
    assert!(shown.contains("Event: last payload, 3 min ago"), "{shown}");
    assert!(shown.contains("lines 1–"), "{shown}");
    assert!(shown.contains("↓ more"), "{shown}");
    assert!(!shown.contains(LAST_FRAME), "below the fold at first");
    // The long message is wrapped, not cut.
    assert!(
        shown.contains(LONG_MESSAGE_END) || shown.contains("the end of a long"),
        "{shown}"
    );
}

#[tokio::test]
async fn scrolling_reveals_the_last_line_and_stops_there() {
    let mut driver = showing(long_failure()).await;
    // Down a line at a time until the last frame shows: it does, before the end of the rows.
    let mut presses = 0;
    while !screen(&driver).contains(LAST_FRAME) {
        driver.press("j");
        presses += 1;
        assert!(presses < 60, "never reached:\n{}", screen(&driver));
    }
    // `G`: the end — the payload's last line, and nothing more below.
    driver.press("G");
    let shown = screen(&driver);
    assert!(!shown.contains("↓ more"), "{shown}");
    let Overlay::TestResult(result) = &driver.state.overlay else {
        panic!("still open");
    };
    let end = result.scroll;
    let (_, last, total) = position(&shown);
    assert_eq!(last, total, "{shown}");
    // The payload's long note is wrapped: all 120 of its letters are on screen, over two rows.
    let xs: usize = shown.matches('x').count();
    assert!(xs >= 120, "{xs} x shown:\n{shown}");
    // Further down does nothing; up comes back at once (the scroll stopped at the end).
    driver.press("jjj<PgDn>");
    let Overlay::TestResult(result) = &driver.state.overlay else {
        panic!("still open");
    };
    assert_eq!(result.scroll, end);
    driver.press("k");
    assert!(screen(&driver).contains("↓ more"));
    driver.press("g");
    assert!(screen(&driver).contains("Event: last payload"));
}

#[tokio::test]
async fn a_result_that_fits_shows_no_position() {
    let run = TestRun::from_payload(serde_json::json!({ "ok": true }));
    let mut driver = showing(run).await;
    if let Overlay::TestResult(result) = &mut driver.state.overlay {
        result.from = PayloadFrom::Sample;
    }
    let shown = screen(&driver);
    assert!(shown.contains("Event: sample payload"), "{shown}");
    assert!(!shown.contains("lines 1–"), "{shown}");
}

/// The popup's own key line comes from the keymap: the user's keys show there too.
#[tokio::test]
async fn the_popups_key_line_shows_the_users_keys() {
    let shown = screen(&showing(long_failure()).await);
    assert!(shown.contains("j/k scroll  t test  Esc close"), "{shown}");
    let modes = BTreeMap::from([(
        "result".to_string(),
        BTreeMap::from([
            ("down".to_string(), vec!["n".to_string()]),
            ("test_action".to_string(), vec!["T".to_string()]),
        ]),
    )]);
    let keymap = Keymap::from_overrides(&KeyOverrides { modes }).unwrap();
    let shown = screen(&showing_with(long_failure(), keymap).await);
    assert!(shown.contains("n/k scroll  T test  Esc close"), "{shown}");
}
