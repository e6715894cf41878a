//! Finding things (issue 19) through the dashboard's own update/execute/render against the demo
//! emulator: `/` and `n`/`N` in the code pane and the diff, `:N`, the code pane's wrap and sideways
//! scroll, the diff's title, position and session settings, `h` no longer closing a diff, `o`
//! sorting the lists, `f` filtering by state, filters matching ids, "no matches for …".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::{FilterChoice, ListSort, StateFilter};
use codedeck::diff::find::MatchAt;
use codedeck::emulator::EmulatorHandle;
use codedeck::model::BuildStatus;
use codedeck::shell::Driver;
use codedeck::theme::Theme;
use support::dashboard::{auth0, flash_text, select, setup_on, text, Setup};

const ACTION: &str = "Require MFA for admins";

/// The dashboard on a fresh demo tenant, and the emulator kept alive while it runs.
async fn dashboard() -> (Driver, EmulatorHandle) {
    let Setup { driver, emu, .. } = setup_on(auth0).await;
    (driver, emu)
}

/// The draft's lines holding `needle` (0-based), read from the code shown.
fn lines_with(driver: &Driver, needle: &str) -> Vec<usize> {
    let code = driver.state.detail_code().expect("code shown");
    code.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i)
        .collect()
}

fn current_line(driver: &Driver) -> usize {
    let search = driver.state.code_view.search.as_ref().expect("a search");
    search.current.expect("a current match").line
}

async fn open_detail(driver: &mut Driver, name: &str) {
    select(driver, name);
    driver.press("<Enter>");
    driver.settle().await;
    assert!(driver.state.detail_code().is_some(), "{name}'s code shown");
}

/// The screen cells that show `needle` on the row that has it, and their background.
fn backgrounds_of(buf: &ratatui::buffer::Buffer, needle: &str) -> Vec<ratatui::style::Color> {
    let mut found = vec![];
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(needle) {
            let x = row[..byte].chars().count() as u16;
            found.push(buf[(x, y)].bg);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_searches_the_code_and_n_goes_round_the_matches() {
    let (mut driver, _emu) = dashboard().await;
    open_detail(&mut driver, ACTION).await;
    let expected = lines_with(&driver, "ADMIN_ROLES");
    assert!(expected.len() >= 3, "{expected:?}");

    driver.press("/ADMIN_ROLES<Enter>");
    assert_eq!(current_line(&driver), expected[0]);
    assert_eq!(
        flash_text(&driver),
        format!("match 1 of {} for “ADMIN_ROLES”", expected.len())
    );
    let highlighted = backgrounds_of(&driver.render(160, 45), "ADMIN_ROLES");
    assert!(
        highlighted.contains(&Theme::default().filter),
        "the matches are highlighted: {highlighted:?}"
    );
    for &line in &expected[1..] {
        driver.press("n");
        assert_eq!(current_line(&driver), line);
    }
    driver.press("n");
    assert_eq!(current_line(&driver), expected[0], "round the end");
    assert_eq!(flash_text(&driver), "search wrapped");
    driver.press("N");
    assert_eq!(current_line(&driver), *expected.last().unwrap());
    assert_eq!(flash_text(&driver), "search wrapped");

    // Smart case: lower case matches any case.
    driver.press("/admin_roles<Enter>");
    assert_eq!(current_line(&driver), expected[0]);

    driver.press("/no such text<Enter>");
    assert_eq!(flash_text(&driver), "no matches for “no such text”");

    // Esc clears the search first, then leaves the detail.
    driver.press("<Esc>");
    assert!(driver.state.code_view.search.is_none());
    assert!(driver.state.detail_open());
    driver.press("<Esc>");
    assert!(!driver.state.detail_open());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colon_n_goes_to_a_line_of_the_code() {
    let (mut driver, _emu) = dashboard().await;
    driver.resize(120, 20);
    open_detail(&mut driver, ACTION).await;
    driver.press(":12<Enter>");
    assert_eq!(
        driver.state.detail_scroll(),
        12 - 1 - 3,
        "line 12, three above"
    );
    let screen = text(&driver.render(120, 20));
    assert!(
        screen.lines().any(|l| l.contains("┃12 ")),
        "line 12 on screen:\n{screen}"
    );
    driver.press(":999<Enter>");
    assert!(
        flash_text(&driver).starts_with("no line 999"),
        "{}",
        flash_text(&driver)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_code_pane_wraps_and_scrolls_sideways_with_a_marker() {
    let (mut driver, _emu) = dashboard().await;
    driver.resize(120, 36);
    open_detail(&mut driver, ACTION).await;
    let long = "  const roles = (event.authorization && event.authorization.roles) || [];";
    let screen = text(&driver.render(120, 36));
    let cut = screen.lines().find(|l| l.contains("const roles")).unwrap();
    assert!(cut.trim_end_matches('┃').ends_with('›'), "{cut}");

    driver.press("L");
    assert_eq!(driver.state.code_view.hscroll, 8);
    let screen = text(&driver.render(120, 36));
    assert!(screen.contains("event.authorization && event"), "{screen}");
    for _ in 0..40 {
        driver.press("L");
    }
    let widest = codedeck::diff::widest_line(driver.state.detail_code().unwrap());
    assert!(
        driver.state.code_view.hscroll < widest,
        "stops at the longest line"
    );
    let screen = text(&driver.render(120, 36));
    let end = screen.lines().find(|l| l.contains("|| [];"));
    assert!(end.is_some(), "the longest line's end is shown:\n{screen}");
    driver.press("H");
    driver.press("w");
    assert!(driver.state.code_view.wrap);
    assert_eq!(driver.state.code_view.hscroll, 0);
    let screen = text(&driver.render(120, 36));
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows.iter().position(|l| l.contains("const roles")).unwrap();
    let joined = format!("{}{}", rows[at], rows[at + 1]);
    assert!(
        joined.contains("|| [];") && !rows[at].contains("|| [];"),
        "{long} wraps onto the next row:\n{screen}"
    );
}

/// The timeline of ACTION open, then `d` on its newest version: the diff of the selected row with the one before.
async fn open_diff(driver: &mut Driver) {
    select(driver, ACTION);
    driver.press("v");
    driver.settle().await;
    driver.press("j"); // the newest version, against the one before
    driver.press("d");
    driver.settle().await;
    assert!(
        driver
            .state
            .versions()
            .and_then(|v| v.diff.as_ref())
            .is_some(),
        "the diff is open: {} {:?} {:?}",
        flash_text(driver),
        driver.state.mode(),
        driver
            .state
            .versions()
            .map(|v| (v.selected, v.pending_diff, &v.timeline.data))
    );
}

fn diff(driver: &Driver) -> &codedeck::diff::DiffState {
    driver
        .state
        .versions()
        .and_then(|v| v.diff.as_ref())
        .expect("a diff")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_diff_is_titled_says_where_it_is_and_h_does_not_close_it() {
    let (mut driver, _emu) = dashboard().await;
    open_diff(&mut driver).await;
    let shown = diff(&driver);
    let title = shown.title.clone().unwrap();
    assert!(title.starts_with(&format!("{ACTION} · ")), "{title}");
    assert!(title.contains(" → "), "{title}");
    let screen = text(&driver.render(160, 45));
    assert!(screen.contains(&*title), "{screen}");
    assert!(screen.contains("line 1 of "), "{screen}");
    assert!(screen.contains("hunk 1/"), "{screen}");

    driver.press("h");
    assert!(
        driver.state.versions().unwrap().diff.is_some(),
        "h no longer closes"
    );
    driver.press("q");
    assert!(driver.state.versions().unwrap().diff.is_none(), "q closes");
    assert!(!driver.state.quit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_diff_header_snapshots() {
    let (mut driver, _emu) = dashboard().await;
    open_diff(&mut driver).await;
    for (name, (width, height)) in [
        ("diff_header_80x24", (80, 24)),
        ("diff_header_120x36", (120, 36)),
        ("diff_header_200x60", (200, 60)),
    ] {
        driver.resize(width, height);
        let screen = text(&driver.render(width, height));
        let header: Vec<&str> = screen.lines().skip(2).take(2).collect();
        insta::assert_snapshot!(name, header.join("\n"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_in_the_diff_then_n_by_hunk_without_one() {
    let (mut driver, _emu) = dashboard().await;
    driver.resize(120, 20);
    open_diff(&mut driver).await;
    // Without a search, n goes by change as ] does.
    let mut by_n = diff(&driver).clone();
    driver.press("n");
    let after_n = diff(&driver).scroll;
    by_n.next_change();
    assert_eq!(after_n, by_n.scroll);
    driver.press("g]");
    assert_eq!(diff(&driver).scroll, after_n, "] is n without a search");

    driver.press("g/admin<Enter>");
    let shown = diff(&driver);
    let matches = shown.search_matches();
    assert!(!matches.is_empty());
    let first = shown.search.as_ref().unwrap().current.unwrap();
    assert_eq!(first, matches[0]);
    driver.press("n");
    let second: MatchAt = diff(&driver).search.as_ref().unwrap().current.unwrap();
    assert!(second > first || matches.len() == 1);
    for _ in 0..matches.len() {
        driver.press("n");
    }
    assert!(
        flash_text(&driver) == "search wrapped" || flash_text(&driver).starts_with("match "),
        "{}",
        flash_text(&driver)
    );
    let screen = driver.render(120, 20);
    assert!(
        backgrounds_of(&screen, "admin").contains(&Theme::default().filter),
        "matches highlighted in the diff"
    );
    // `:N` goes to a line of the new side.
    driver.press(":5<Enter>");
    let display = diff(&driver).display_line_of_new(4).unwrap();
    assert!(diff(&driver).scroll <= display);

    // Esc clears the search first, then closes.
    driver.press("<Esc>");
    assert!(diff(&driver).search.is_none());
    driver.press("<Esc>");
    assert!(driver.state.versions().unwrap().diff.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s_x_w_stay_for_the_next_diff() {
    let (mut driver, _emu) = dashboard().await;
    open_diff(&mut driver).await;
    driver.press("sxw");
    let opts = diff(&driver).opts;
    assert!(opts.unified && opts.expanded && opts.wrap, "{opts:?}");
    driver.press("<Esc>");
    driver.press("j");
    driver.press("d");
    driver.settle().await;
    assert_eq!(diff(&driver).opts, opts, "the next diff opens the same way");
    driver.press("s");
    driver.press("<Esc>");
    driver.press("d");
    driver.settle().await;
    assert!(!diff(&driver).opts.unified);
    assert!(diff(&driver).opts.wrap);
}

fn names(driver: &Driver) -> Vec<String> {
    driver
        .state
        .visible_actions()
        .iter()
        .map(|a| a.name.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o_sorts_the_lists_and_the_title_says_how() {
    let (mut driver, _emu) = dashboard().await;
    select(&mut driver, ACTION);
    driver.press("o");
    assert_eq!(driver.state.actions.sort, ListSort::Name);
    let by_name = names(&driver);
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(by_name, sorted);
    assert_eq!(
        driver.state.selected_action().unwrap().name,
        ACTION,
        "the selection stays on its row"
    );
    assert!(text(&driver.render(160, 45)).contains("by name"));

    driver.press("o");
    assert_eq!(driver.state.actions.sort, ListSort::Status);
    let statuses: Vec<BuildStatus> = driver
        .state
        .visible_actions()
        .iter()
        .map(|a| a.status.clone())
        .collect();
    let failed_last = statuses.iter().rposition(|s| *s == BuildStatus::Failed);
    let built_first = statuses.iter().position(|s| *s == BuildStatus::Built);
    if let (Some(failed), Some(built)) = (failed_last, built_first) {
        assert!(failed < built, "failures first: {statuses:?}");
    }
    assert!(text(&driver.render(160, 45)).contains("by status"));
    driver.press("o");
    assert!(text(&driver.render(160, 45)).contains("by last deployed"));
    driver.press("o");
    assert!(text(&driver.render(160, 45)).contains("by created"));
    driver.press("o");
    assert_eq!(driver.state.actions.sort, ListSort::Name, "round again");

    // Modules sort too, and stay sorted when reloaded.
    driver.press("2");
    driver.settle().await;
    driver.press("o");
    let modules: Vec<String> = (driver.state.modules_list().iter())
        .map(|m| m.name.clone())
        .collect();
    let mut sorted = modules.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(modules, sorted);
    driver.press("R");
    driver.settle().await;
    let again: Vec<String> = (driver.state.modules_list().iter())
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(again, sorted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_filters_by_state_and_still_by_trigger() {
    let (mut driver, _emu) = dashboard().await;
    let choices = driver.state.filter_choices();
    assert_eq!(choices[0], FilterChoice::All);
    for filter in StateFilter::ALL {
        let at = choices
            .iter()
            .position(|c| *c == FilterChoice::State(filter))
            .unwrap();
        driver.press("f");
        for _ in 0..choices.len() {
            driver.press("k");
        }
        for _ in 0..at {
            driver.press("j");
        }
        driver.press("<Enter>");
        assert_eq!(driver.state.actions.state_filter, Some(filter));
        let shown = driver.state.visible_actions();
        assert!(shown.iter().all(|a| filter.admits(a)), "{filter:?}");
        let all = driver.state.actions.list.data.ready().unwrap();
        let expected = all.iter().filter(|a| filter.admits(a)).count();
        assert_eq!(shown.len(), expected, "{filter:?}");
        let screen = text(&driver.render(160, 45));
        assert!(
            screen.contains(&format!("state: {}", filter.label())),
            "{screen}"
        );
    }
    // The triggers are still offered, right after "all".
    driver.press("f");
    for _ in 0..choices.len() {
        driver.press("k");
    }
    driver.press("j<Enter>");
    assert!(driver.state.actions.trigger_filter.is_some());
    driver.press("<Esc>");
    assert!(driver.state.actions.trigger_filter.is_none());
    assert!(
        driver.state.actions.state_filter.is_none(),
        "Esc clears both"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_match_ids_and_an_empty_result_says_so() {
    let (mut driver, _emu) = dashboard().await;
    let target = driver
        .state
        .visible_actions()
        .iter()
        .find(|a| a.name == ACTION)
        .map(|a| a.id.clone())
        .unwrap();
    let part = &target[target.len() - 8..];
    driver.press(&format!("/{part}<Enter>"));
    assert_eq!(names(&driver), vec![ACTION.to_string()], "by id");
    driver.press("<Esc>");
    driver.press("/zzqx<Enter>");
    assert!(names(&driver).is_empty());
    let screen = text(&driver.render(160, 45));
    assert!(screen.contains("no matches for “zzqx”"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beside_a_detail_the_status_comes_before_a_long_name() {
    let (mut driver, _emu) = dashboard().await;
    driver.resize(120, 36);
    open_detail(&mut driver, ACTION).await;
    let screen = text(&driver.render(120, 36));
    let header = screen.lines().find(|l| l.contains("Status")).unwrap();
    let (status, name) = (header.find("Status").unwrap(), header.find("Name").unwrap());
    assert!(status < name, "{header}");
}
