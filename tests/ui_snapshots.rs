//! Whole-screen snapshots of the dashboard (headless driver + ratatui TestBackend), and style-exact
//! checks where colour carries meaning.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;

use std::sync::Arc;

use app_fixtures::*;
use codedeck::app::msg::Msg;
use codedeck::app::RunOptions;
use codedeck::backend::BackendError;
use codedeck::shell::Driver;
use codedeck::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 35;

fn driver_with(backend: FakeBackend, demo_hint: bool) -> Driver {
    let mut driver = Driver::new(
        Arc::new(backend),
        Theme::default(),
        RunOptions {
            demo_hint,
            journal: None,
            editor: None,
            ..RunOptions::default()
        },
    );
    driver.resize(WIDTH, HEIGHT);
    driver
}

async fn settled(backend: FakeBackend) -> Driver {
    let mut driver = driver_with(backend, false);
    driver.settle().await;
    driver
}

/// The screen as text, one line per row, trailing spaces trimmed.
fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn screen(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

/// Position of the first occurrence of `needle` on screen.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let cells: Vec<&str> = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        let row = cells.concat();
        if let Some(byte) = row.find(needle) {
            // Map the byte offset back to a column.
            let mut column = 0;
            let mut seen = 0;
            while seen < byte {
                seen += cells[column].len();
                column += 1;
            }
            return (column as u16, y);
        }
    }
    panic!("{needle:?} not on screen:\n{}", text(buf));
}

#[tokio::test]
async fn actions_view() {
    let driver = settled(FakeBackend::new(false)).await;
    insta::assert_snapshot!("actions_view", screen(&driver));
}

#[tokio::test]
async fn actions_filtered_by_name_and_trigger() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.press("fjj<Enter>/i");
    let shown = screen(&driver);
    assert!(shown.contains("Require MFA for admins") && !shown.contains("Add roles to tokens"));
    insta::assert_snapshot!("actions_filtered", shown);
}

#[tokio::test]
async fn modules_view() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.press("2");
    insta::assert_snapshot!("modules_view", screen(&driver));
}

#[tokio::test]
async fn action_detail_with_code() {
    let backend = FakeBackend::new(false);
    let mut driver = settled(backend).await;
    driver.press("jj<Enter>");
    driver.settle().await;
    let shown = screen(&driver);
    assert!(
        shown.contains("5   const crm = createClient({ apiKey:"),
        "{shown}"
    );
    insta::assert_snapshot!("action_detail", shown);
}

#[tokio::test]
async fn narrow_window_shows_the_detail_full_width() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.resize(80, 24);
    driver.press("<Enter>");
    driver.settle().await;
    let shown = text(&driver.render(80, 24));
    assert!(
        !shown.contains("Block disposable emails"),
        "the list is hidden:\n{shown}"
    );
    assert!(shown.contains("api.idToken.setCustomClaim"), "{shown}");
}

#[tokio::test]
async fn module_detail_with_using_actions() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.press("2<Enter>");
    driver.settle().await;
    let shown = screen(&driver);
    assert!(
        shown.contains("Enrich profile from CRM (v2), Add roles to tokens (v1)"),
        "{shown}"
    );
    insta::assert_snapshot!("module_detail", shown);
}

#[tokio::test]
async fn help_overlay() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.press("?");
    insta::assert_snapshot!("help_overlay", screen(&driver));
}

#[tokio::test]
async fn too_small_window() {
    let driver = settled(FakeBackend::new(false)).await;
    insta::assert_snapshot!("too_small", text(&driver.render(50, 12)));
}

#[tokio::test]
async fn error_flash() {
    let mut backend = FakeBackend::new(false);
    backend.fail_get_action = Some(BackendError::Api {
        status: 403,
        error: "Forbidden".into(),
        message: "Insufficient scope, expected any of: read:actions".into(),
        error_code: Some("insufficient_scope".into()),
    });
    let mut driver = settled(backend).await;
    driver.press("<Enter>");
    driver.settle().await;
    let shown = screen(&driver);
    assert!(
        shown.contains("403 Forbidden: Insufficient scope"),
        "{shown}"
    );
    insta::assert_snapshot!("error_flash", shown);
    // The app keeps running; the next key clears the flash.
    driver.press("<Esc>");
    assert!(!screen(&driver).contains("Insufficient scope"));
}

#[tokio::test]
async fn loading_state() {
    let driver = driver_with(FakeBackend::new(false), false);
    let shown = screen(&driver);
    assert!(shown.contains("Loading actions…"));
    insta::assert_snapshot!("loading", shown);
}

#[tokio::test]
async fn empty_tenant() {
    let mut backend = FakeBackend::new(false);
    backend.actions.clear();
    let driver = settled(backend).await;
    assert!(screen(&driver).contains("No actions on this tenant yet"));
}

#[tokio::test]
async fn status_badges_carry_their_colour() {
    let driver = settled(FakeBackend::new(false)).await;
    let theme = &driver.theme;
    let buf = driver.render(WIDTH, HEIGHT);
    for (badge, colour) in [
        (" built ", theme.status_built),
        (" failed ", theme.status_failed),
        (" building ", theme.status_in_progress),
        (" pending ", theme.status_in_progress),
    ] {
        let (x, y) = find(&buf, badge);
        for dx in 0..badge.len() as u16 {
            let cell = &buf[(x + dx, y)];
            assert_eq!(cell.bg, colour, "{badge} background at column {}", x + dx);
            assert_eq!(cell.fg, theme.status_badge_fg);
        }
    }
    assert_ne!(theme.status_built, theme.status_failed);
    // Deployed marker and draft marker.
    let (x, y) = find(&buf, "v7");
    assert_eq!(buf[(x, y)].fg, theme.deployed);
    let (x, y) = find(&buf, "≠ live");
    assert_eq!(buf[(x, y)].fg, theme.draft_differs);
}

#[tokio::test]
async fn demo_badge_and_hint() {
    let mut driver = driver_with(FakeBackend::new(true), true);
    driver.settle().await;
    let theme = driver.theme.clone();
    let buf = driver.render(WIDTH, HEIGHT);
    let (x, y) = find(&buf, " DEMO ");
    assert_eq!(y, 0, "in the header");
    for dx in 0..6 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.bg, theme.demo_badge_bg);
        assert_eq!(cell.fg, theme.demo_badge_fg);
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    assert!(text(&buf).contains(
        "DEMO — set AUTH0_DOMAIN and AUTH0_API_TOKEN, or FAIRCOM_URL (or a profile) to connect your own"
    ));
    insta::assert_snapshot!("demo_actions_view", text(&buf));
    // Not shown for a real tenant.
    let real = settled(FakeBackend::new(false)).await;
    assert!(!screen(&real).contains(" DEMO "));
}

#[tokio::test]
async fn spinner_counts_requests_in_flight() {
    let mut driver = settled(FakeBackend::new(false)).await;
    driver.press("R");
    assert!(screen(&driver).contains("1 request"));
    driver.settle().await;
    driver.send(Msg::Tick);
    assert!(!screen(&driver).contains("request"));
}

#[tokio::test]
async fn big_file_scrolls_to_the_end() {
    let mut backend = FakeBackend::new(false);
    backend.actions[0].code = long_code(3000);
    let mut driver = settled(backend).await;
    driver.press("<Enter>");
    driver.settle().await;
    driver.press("G");
    let shown = screen(&driver);
    assert!(
        shown.contains("3000 };"),
        "last line numbered 3000:\n{shown}"
    );
    assert!(
        shown.contains("2999   api.idToken.setCustomClaim('https://example.com/claim_29"),
        "{shown}"
    );
    assert!(
        !shown.contains("2976 "),
        "a full page of the last lines:\n{shown}"
    );
    // The driver draws until highlighting caught up: the code is coloured, not plain.
    let buf = driver.render(WIDTH, HEIGHT);
    let (x, y) = find(&buf, "api.idToken");
    assert!(
        matches!(buf[(x, y)].fg, ratatui::style::Color::Rgb(..)),
        "syntax colour on the last page: {:?}",
        buf[(x, y)].fg
    );
}

#[tokio::test]
async fn svg_screenshot_has_the_badge_colour() {
    let driver = settled(FakeBackend::new(false)).await;
    let svg = codedeck::ui::svg::buffer_to_svg(&driver.render(WIDTH, HEIGHT), &driver.theme);
    assert!(svg.contains("Add roles to tokens"));
    assert!(svg.contains("fill=\"#4cc36b\""), "built badge background");
}

#[tokio::test]
async fn long_lists_scroll_to_keep_the_selection_visible() {
    let mut backend = FakeBackend::new(false);
    backend.actions = (1..=40)
        .map(|i| {
            ActionBuilder::new(
                &format!("act_{i}"),
                &format!("Rule migrated #{i:02}"),
                "post-login",
            )
            .build()
        })
        .collect();
    let mut driver = settled(backend).await;
    driver.resize(WIDTH, 20);
    driver.press("G");
    let shown = text(&driver.render(WIDTH, 20));
    assert!(shown.contains("› Rule migrated #40"), "{shown}");
    assert!(!shown.contains("Rule migrated #01"), "{shown}");
    driver.press("g");
    let shown = text(&driver.render(WIDTH, 20));
    assert!(shown.contains("› Rule migrated #01"), "{shown}");
}

#[tokio::test]
async fn light_theme_colours_the_badges_its_own_way() {
    let light = Theme::load("light").unwrap();
    let mut driver = Driver::new(
        Arc::new(FakeBackend::new(false)),
        light.clone(),
        RunOptions::default(),
    );
    driver.settle().await;
    let buf = driver.render(WIDTH, HEIGHT);
    let (x, y) = find(&buf, " failed ");
    assert_eq!(buf[(x, y)].bg, light.status_failed);
    assert_ne!(light.status_failed, Theme::default().status_failed);
}

/// Issue 17: offline, the lists as stored, the header marked OFFLINE and `cached 3 min ago`.
#[tokio::test]
async fn offline_header_with_cached_lists() {
    use chrono::TimeZone;
    let backend = FakeBackend::new(false);
    let seen = chrono::Utc
        .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        codedeck::store::Store::open(codedeck::store::Store::path_in(dir.path())).unwrap();
    let tenant =
        codedeck::store::place_of(&backend.connection, codedeck::store::Service::Auth0).unwrap();
    store.record_list(&tenant, &backend.actions, seen).unwrap();
    let mut driver = Driver::new(
        Arc::new(backend),
        Theme::default(),
        RunOptions {
            offline: true,
            ..RunOptions::default()
        },
    )
    .with_store(store.shared());
    driver.resize(WIDTH, HEIGHT);
    driver.send(Msg::Clock(seen + chrono::Duration::minutes(3)));
    driver.settle().await;
    let buf = driver.render(WIDTH, HEIGHT);
    let (x, y) = find(&buf, " OFFLINE ");
    assert_eq!(y, 0, "in the header");
    let theme = driver.theme.clone();
    assert_eq!(buf[(x, y)].bg, theme.flash_error_bg);
    let shown = text(&buf);
    assert!(
        shown.lines().next().unwrap().contains("cached 3 min ago"),
        "{shown}"
    );
    insta::assert_snapshot!("offline_cached_header", shown);
}
