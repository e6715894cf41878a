//! Reaching out (issue 19) through the dashboard's own update/execute: `y` and `Y` leave as
//! `Cmd::Copy` (the runtime writes OSC 52), `o`/`O` as `Cmd::OpenUrl` with the Dashboard address.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::msg::Cmd;
use codedeck::app::state::{MenuPurpose, Overlay};
use codedeck::shell::Driver;
use support::dashboard::{auth0, flash_text, select, setup_on};

/// The copies queued since the last settle, newest last.
fn copies(driver: &Driver) -> Vec<String> {
    driver
        .pending()
        .iter()
        .filter_map(|c| match c {
            Cmd::Copy { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn opened(driver: &Driver) -> Vec<String> {
    driver
        .pending()
        .iter()
        .filter_map(|c| match c {
            Cmd::OpenUrl { url } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn y_in_the_list_copies_the_id_and_in_the_detail_the_code() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Require MFA for admins");
    let id = driver.state.selected_action().unwrap().id.clone();
    driver.press("y");
    assert_eq!(copies(driver), vec![id.clone()]);
    assert_eq!(
        flash_text(driver),
        format!("copied {} bytes of id (OSC 52)", id.len())
    );
    driver.settle().await;

    driver.press("<Enter>");
    driver.settle().await;
    assert_eq!(driver.state.mode(), codedeck::app::keymap::Mode::Detail);
    let code = driver.state.detail_code().unwrap().to_string();
    driver.press("y");
    assert_eq!(copies(driver), vec![code.clone()]);
    let said = flash_text(driver);
    assert!(said.ends_with("bytes of code (OSC 52)"), "{said}");
    assert!(said.starts_with("copied "), "{said}");
}

#[tokio::test]
async fn y_in_a_diff_copies_a_unified_patch() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Require MFA for admins");
    driver.press("v");
    driver.settle().await;
    // The first row is the draft or the newest version; `d` diffs it with the one before.
    driver.press("jd");
    driver.settle().await;
    assert!(
        driver.state.versions().unwrap().diff.is_some(),
        "a diff is open"
    );
    driver.press("y");
    let copied = copies(driver);
    let [patch] = copied.as_slice() else {
        panic!("one copy: {copied:?}");
    };
    assert!(patch.starts_with("--- "), "{patch}");
    assert!(patch.contains("\n+++ "), "{patch}");
    assert!(patch.contains("\n@@ "), "{patch}");
    assert!(flash_text(driver).contains("bytes of diff"));
}

#[tokio::test]
async fn capital_y_offers_what_can_be_copied() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Require MFA for admins");
    driver.press("Y");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!("a menu: {:?}", driver.state.overlay);
    };
    assert!(matches!(menu.purpose, MenuPurpose::Copy(_)));
    let whats: Vec<&str> = menu.items.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(whats, vec!["id", "name"], "a list row has no code shown");
    driver.press("j<Enter>");
    assert_eq!(copies(driver), vec!["Require MFA for admins".to_string()]);
    assert_eq!(driver.state.overlay, Overlay::None);
}

#[tokio::test]
async fn the_confirm_dialog_keeps_y_for_yes() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Require MFA for admins");
    driver.press("p");
    driver.settle().await;
    if matches!(driver.state.overlay, Overlay::Confirm(_)) {
        driver.press("y");
        assert!(copies(driver).is_empty(), "y confirmed, it copied nothing");
    }
}

#[tokio::test]
async fn o_opens_the_dashboard_page_derived_from_the_domain() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    driver.state.connection.label = "acme.eu.auth0.com".into();
    select(driver, "Require MFA for admins");
    let id = driver.state.selected_action().unwrap().id.clone();
    let url = format!("https://manage.auth0.com/dashboard/eu/acme/actions/library/details/{id}");
    driver.press("O");
    assert_eq!(opened(driver), vec![url.clone()]);
    assert_eq!(flash_text(driver), format!("opening {url}"));
    driver.settle().await;

    // In the detail `o` does the same.
    driver.press("<Enter>");
    driver.settle().await;
    assert_eq!(driver.state.mode(), codedeck::app::keymap::Mode::Detail);
    driver.press("o");
    assert_eq!(opened(driver), vec![url]);
}

#[tokio::test]
async fn a_custom_domain_says_why_nothing_opens_and_no_browser_says_the_address() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    driver.state.connection.label = "login.example.com".into();
    select(driver, "Require MFA for admins");
    driver.press("O");
    assert!(opened(driver).is_empty());
    assert!(
        flash_text(driver).contains("custom domain"),
        "{}",
        flash_text(driver)
    );
    // The shell's answer when no browser started: the address is said.
    driver.send(codedeck::app::msg::Msg::NoBrowser {
        url: "https://manage.auth0.com/x".into(),
        why: "xdg-open: not found".into(),
    });
    let said = flash_text(driver);
    assert!(said.contains("https://manage.auth0.com/x"), "{said}");
    assert!(said.contains("xdg-open: not found"), "{said}");
}

#[tokio::test]
async fn the_demo_says_where_it_would_go() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    driver.state.connection.demo = true;
    driver.press("2");
    driver.settle().await;
    driver.press("O");
    assert!(opened(driver).is_empty(), "the demo opens nothing");
    let said = flash_text(driver);
    assert!(said.starts_with("demo: nothing opened"), "{said}");
    assert!(
        said.contains("https://manage.auth0.com/dashboard/eu/acme/actions/modules/"),
        "{said}"
    );
}

fn menu_items(driver: &Driver) -> Vec<String> {
    match &driver.state.overlay {
        Overlay::Menu(menu) => menu.items.iter().map(|(w, _)| w.clone()).collect(),
        other => panic!("a menu: {other:?} ({})", flash_text(driver)),
    }
}

#[tokio::test]
async fn t_remembers_the_event_and_capital_t_saves_and_picks_it() {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Add role claims to tokens");
    driver.press("T");
    driver.settle().await;
    assert!(
        flash_text(driver).starts_with("no test payloads saved"),
        "{}",
        flash_text(driver)
    );

    // A test run with an edited event: remembered as the action's last.
    driver.state.opts.editor = support::dashboard::editor_script(
        "sed -i 's/jane.doe@example.com/saved.user@example.com/' \"$0\"",
    );
    driver.press("t");
    driver.settle().await;
    assert!(matches!(driver.state.overlay, Overlay::TestResult(_)));
    driver.press("<Esc>");
    let file = std::fs::read_to_string(setup.journal.payloads_path()).unwrap();
    assert!(file.contains("saved.user@example.com"), "{file}");

    // `T`: the last run, and saving it under a name.
    driver.press("T");
    driver.settle().await;
    assert_eq!(
        menu_items(driver),
        vec!["last run", "save the last run's event as…"]
    );
    driver.press("j<Enter>");
    assert!(matches!(driver.state.overlay, Overlay::Prompt(_)));
    driver.press("admin user<Enter>");
    driver.settle().await;
    assert_eq!(
        flash_text(driver),
        "saved the last test event as \"admin user\" (T picks it)"
    );

    // Picked: the editor opens on it, and the test runs with it.
    driver.press("T");
    driver.settle().await;
    assert_eq!(
        menu_items(driver),
        vec!["last run", "admin user", "save the last run's event as…"]
    );
    driver.state.opts.editor =
        support::dashboard::editor_script("grep -q saved.user@example.com \"$0\" || exit 9");
    driver.press("j<Enter>");
    driver.settle().await;
    assert!(
        matches!(driver.state.overlay, Overlay::TestResult(_)),
        "{}",
        flash_text(driver)
    );
}

#[tokio::test]
async fn keys_that_do_nothing_in_a_view_say_why() {
    let mut setup = setup_on(support::dashboard::both).await;
    let driver = &mut setup.driver;
    driver.press("2f");
    assert!(
        flash_text(driver).contains("modules run in no trigger"),
        "{}",
        flash_text(driver)
    );
    assert_eq!(driver.state.overlay, Overlay::None, "no picker opened");
    driver.press("3");
    driver.settle().await;
    driver.press("v");
    assert!(
        flash_text(driver).starts_with("v shows an action's versions"),
        "{}",
        flash_text(driver)
    );
    driver.press("4");
    driver.settle().await;
    driver.press("X");
    assert!(
        flash_text(driver).contains("a code package is retired with s"),
        "X: {}",
        flash_text(driver)
    );
    // And `o` on a package says it has no Dashboard page.
    driver.press("O");
    assert!(flash_text(driver).contains("no Auth0 Dashboard page"));
}

fn shown(driver: &Driver) -> String {
    use support::dashboard::{text, HEIGHT, WIDTH};
    text(&driver.render(WIDTH, HEIGHT))
}

/// The event the last `t` started from, as the result says it.
fn started_from(driver: &Driver) -> codedeck::app::state::PayloadFrom {
    let Overlay::TestResult(result) = &driver.state.overlay else {
        panic!("the result pane: {}", flash_text(driver));
    };
    result.from.clone()
}

#[tokio::test]
async fn t_after_a_restart_starts_from_the_last_payload_of_that_action() {
    use codedeck::app::state::PayloadFrom;
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    select(driver, "Add role claims to tokens");
    // Never tested: the sample event, said so.
    driver.state.opts.editor = support::dashboard::editor_script(
        "grep -q jane.doe@example.com \"$0\" || exit 7; \
         sed -i 's/jane.doe@example.com/remembered@example.com/' \"$0\"",
    );
    driver.press("t");
    driver.settle().await;
    assert_eq!(started_from(driver), PayloadFrom::Sample);
    assert!(
        shown(driver).contains("Event: sample payload"),
        "{}",
        shown(driver)
    );
    driver.press("<Esc>");

    // Started again on the same data dir: nothing of the session is left but the file.
    let mut again = Driver::new(
        support::dashboard::auth0(&setup.emu),
        codedeck::theme::Theme::default(),
        codedeck::app::RunOptions {
            journal: Some(setup.journal.clone()),
            editor: support::dashboard::editor_script(
                "grep -q remembered@example.com \"$0\" || exit 9",
            ),
            ..codedeck::app::RunOptions::default()
        },
    );
    again.resize(160, 45);
    again.settle().await;
    select(&mut again, "Add role claims to tokens");
    again.press("t");
    again.settle().await;
    let PayloadFrom::Last { at } = started_from(&again) else {
        panic!("the last payload: {:?}", started_from(&again));
    };
    assert!(at.is_some(), "when it was tested is kept");
    assert!(
        shown(&again).contains("Event: last payload"),
        "{}",
        shown(&again)
    );
    again.press("<Esc>");

    // Another action has its own: still the sample there.
    select(&mut again, "Require MFA for admins");
    again.state.opts.editor =
        support::dashboard::editor_script("grep -q remembered@example.com \"$0\" && exit 8; true");
    again.press("t");
    again.settle().await;
    assert_eq!(started_from(&again), PayloadFrom::Sample);
}
