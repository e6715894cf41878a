//! Diffs in confirm dialogs and the diff pane (long lines, sideways keys, moving between changes), a
//! failed draft said where the draft is shown, and a module's users named before its delete — through
//! the dashboard's own update/execute/render against the emulator over loopback HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::Overlay;
use codedeck::backend::Backend;
use codedeck::model::{BuildStatus, DraftChange};
use codedeck::shell::Driver;
use support::dashboard::{auth0, client, editor_script, select, setup_on, text, Setup};

const ACTION: &str = "Add role claims to tokens";

/// A long line whose changed words sit past column 90: cut in any dialog that does not wrap.
const LONG_OLD: &str = "  const note = 'this line is long enough that its end sits well past column sixty' + ' and then: ' + 'OLD_TAIL';";
const TAIL_NEW: &str = "NEW_TAIL";

fn screen_at(driver: &Driver, width: u16, height: u16) -> String {
    text(&driver.render(width, height))
}

/// Sets an action's draft code as another client would.
async fn set_draft(setup: &Setup, name: &str, code: &str) -> String {
    let actions = client(&setup.emu)
        .list_actions(&Default::default())
        .await
        .unwrap();
    let id = actions.iter().find(|a| a.name == name).unwrap().id.clone();
    client(&setup.emu)
        .update_action(&id, &DraftChange::code(code))
        .await
        .unwrap();
    id
}

/// Forty lines, with the long one at line 30.
fn code_with_long_line() -> String {
    (1..=40)
        .map(|i| match i {
            30 => format!("{LONG_OLD}\n"),
            _ => format!("  const line{i} = {i};\n"),
        })
        .collect()
}

/// The draft review of an edit that changes only the tail of a long line.
async fn review_of_a_changed_tail(width: u16, height: u16) -> Setup {
    let mut setup = setup_on(auth0).await;
    setup.driver.resize(width, height);
    set_draft(&setup, ACTION, &code_with_long_line()).await;
    select(&mut setup.driver, ACTION);
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
    setup.driver.state.opts.editor = editor_script("sed -i 's/OLD_TAIL/NEW_TAIL/' \"$0\"");
    setup.driver.press("e");
    setup.driver.settle().await;
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("a review of the edit: {:?}", setup.driver.state.flash);
    };
    let diff = confirm.diff.as_ref().expect("the edit as a diff");
    assert_eq!((diff.diff.added, diff.diff.removed), (1, 1));
    setup
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_tail_of_a_long_line_is_visible_in_the_dialog_and_the_keys_move_it() {
    for (width, height) in [(120, 40), (80, 30)] {
        let mut setup = review_of_a_changed_tail(width, height).await;
        let shown = screen_at(&setup.driver, width, height);
        assert!(
            shown.contains(TAIL_NEW) && shown.contains("OLD_TAIL"),
            "both tails on screen at {width} columns:\n{shown}"
        );
        assert!(shown.contains("wrap"), "the title says it wraps:\n{shown}");

        // w: long lines are cut again (the tail is off to the right) …
        setup.driver.press("w");
        let cut = screen_at(&setup.driver, width, height);
        assert!(!cut.contains(TAIL_NEW), "cut without wrapping:\n{cut}");
        // … and → scrolls sideways to it, ← back.
        for _ in 0..12 {
            setup.driver.press("<Right>");
        }
        let scrolled = screen_at(&setup.driver, width, height);
        assert!(
            scrolled.contains(TAIL_NEW),
            "scrolled to the tail:\n{scrolled}"
        );
        for _ in 0..12 {
            setup.driver.press("<Left>");
        }
        assert_eq!(screen_at(&setup.driver, width, height), cut);

        // s: unified (one column, each side on its own line).
        setup.driver.press("s");
        let unified = screen_at(&setup.driver, width, height);
        assert!(unified.contains("unified"), "{unified}");
        assert_ne!(unified, cut);
        assert!(
            matches!(setup.driver.state.overlay, Overlay::Confirm(_)),
            "still asking: the keys changed only the view"
        );
        // Nothing was sent by looking.
        setup.driver.press("<Esc>");
        assert!(matches!(setup.driver.state.overlay, Overlay::None));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_switches_the_buttons_now_that_the_arrows_scroll() {
    let mut setup = review_of_a_changed_tail(120, 40).await;
    setup.driver.press("<Tab>");
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("still open");
    };
    assert!(confirm.confirm_focused);
    setup.driver.press("<Right>");
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("still open");
    };
    assert!(
        confirm.confirm_focused,
        "→ scrolls, it does not move the focus"
    );
}

/// A module whose latest version has 200 lines and whose draft changes lines 26 and 29 (one hunk, two
/// changes) and line 150.
async fn module_with_two_close_changes(setup: &Setup) -> String {
    let api = client(&setup.emu);
    let module = api.list_modules().await.unwrap().remove(0);
    let lines = |changed: &[usize]| -> String {
        (1..=200)
            .map(|i| {
                if changed.contains(&i) {
                    format!("exports.value{i} = 'changed {i}';\n")
                } else {
                    format!("exports.value{i} = {i};\n")
                }
            })
            .collect()
    };
    api.update_module_code(&module.id, &lines(&[]))
        .await
        .unwrap();
    api.publish_module(&module.id).await.unwrap();
    api.update_module_code(&module.id, &lines(&[26, 29, 150]))
        .await
        .unwrap();
    module.name
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_and_shift_n_reach_both_changes_of_one_hunk() {
    let mut setup = setup_on(auth0).await;
    // Short enough that the diff scrolls: ten diff lines under the header.
    let (width, height) = (100, 16);
    setup.driver.resize(width, height);
    let name = module_with_two_close_changes(&setup).await;
    setup.driver.press("2");
    setup.driver.settle().await;
    // The module changed behind the dashboard's back, and a timeline opens from the listed module
    // (only its versions are read): a refresh brings the list up to date first.
    setup.driver.press("R");
    setup.driver.settle().await;
    select(&mut setup.driver, &name);
    setup.driver.press("v");
    setup.driver.settle().await;
    setup.driver.press("=");
    assert!(
        setup
            .driver
            .state
            .versions()
            .is_some_and(|v| v.diff.is_some()),
        "the draft against the latest version: {:?}",
        setup.driver.state.flash
    );
    // The diff's first rows: under the header, three lines of context, then the change.
    let change_row = |driver: &Driver| -> String {
        let shown = screen_at(driver, width, height);
        let rows: Vec<&str> = shown.lines().collect();
        let header = rows
            .iter()
            // The pane's title names the versions too (issue 19): the header is the last such row.
            .rposition(|r| r.contains("→ draft"))
            .expect("the diff header");
        rows[header + 1 + 3].to_string()
    };
    setup.driver.press("n");
    let first = change_row(&setup.driver);
    assert!(first.contains("'changed 26'"), "{first}");
    setup.driver.press("n");
    let second = change_row(&setup.driver);
    assert!(
        second.contains("'changed 29'"),
        "n reaches the second change: {second}"
    );
    setup.driver.press("N");
    assert!(change_row(&setup.driver).contains("'changed 26'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_draft_says_so_in_the_detail_and_its_timeline_row() {
    let mut setup = setup_on(auth0).await;
    let actions = client(&setup.emu)
        .list_actions(&Default::default())
        .await
        .unwrap();
    let id = actions
        .iter()
        .find(|a| a.name == ACTION)
        .unwrap()
        .id
        .clone();
    // Not an exact version: the emulator's offline build cannot resolve it, like npm's ETARGET.
    let change = DraftChange {
        dependencies: Some(vec![codedeck::model::Dependency {
            name: "left-pad".into(),
            version: "^1".into(),
        }]),
        ..DraftChange::default()
    };
    client(&setup.emu)
        .update_action(&id, &change)
        .await
        .unwrap();
    loop {
        let action = client(&setup.emu).get_action(&id).await.unwrap();
        if action.status == BuildStatus::Failed {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    setup.driver.press("R");
    setup.driver.settle().await;
    select(&mut setup.driver, ACTION);
    setup.driver.press("<Enter>");
    setup.driver.settle().await;
    let detail = screen_at(&setup.driver, 160, 45);
    assert!(detail.contains("the draft failed to build"), "{detail}");

    setup.driver.press("v");
    setup.driver.settle().await;
    let timeline = screen_at(&setup.driver, 160, 45);
    let draft_row = timeline
        .lines()
        .find(|l| l.contains("draft") && l.contains("failed"))
        .unwrap_or_else(|| panic!("a failed draft row:\n{timeline}"));
    assert!(
        draft_row.contains("the draft failed to build"),
        "{draft_row}"
    );
    // The draft row is selected first: its facts give the usual cause.
    assert!(timeline.contains("dependency"), "{timeline}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_module_in_use_names_its_users_in_the_dialog_before_yes() {
    let mut setup = setup_on(auth0).await;
    setup.driver.press("2");
    setup.driver.settle().await;
    let api = client(&setup.emu);
    let used = api
        .list_modules()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.actions_using_module_total > 0)
        .expect("a module in use");
    let users = api.list_module_actions(&used.id).await.unwrap();
    select(&mut setup.driver, &used.name);
    setup.driver.press("X");
    setup.driver.settle().await;
    let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
        panic!("the delete dialog: {:?}", setup.driver.state.flash);
    };
    let said = confirm.lines.join(" ");
    let shown = screen_at(&setup.driver, 160, 45);
    for user in &users {
        assert!(said.contains(&user.action_name), "{said}");
        assert!(shown.contains(&user.action_name), "on screen:\n{shown}");
    }
    setup.driver.press("<Esc>");
    assert!(api.get_module(&used.id).await.is_ok(), "nothing deleted");

    // A module no action uses says so too.
    let unused = api
        .list_modules()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.actions_using_module_total == 0);
    if let Some(unused) = unused {
        select(&mut setup.driver, &unused.name);
        setup.driver.press("X");
        setup.driver.settle().await;
        let Overlay::Confirm(confirm) = &setup.driver.state.overlay else {
            panic!("the delete dialog: {:?}", setup.driver.state.flash);
        };
        assert!(
            confirm
                .lines
                .iter()
                .any(|l| l.contains("No action uses it")),
            "{:?}",
            confirm.lines
        );
    }
}
