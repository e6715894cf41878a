//! Line history in the dashboard (`b`, `,`, `<`, Enter) through its own update/execute/render against
//! the demo emulator. Each gutter is checked against the versions' code as the emulator keeps it
//! (traced back through the line diffs), not against the blame's own output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::state::BlameView;
use codedeck::app::state::Focus;
use codedeck::app::timeline::RowKey;
use codedeck::diff::line_hunks;
use codedeck::emulator::EmulatorHandle;
use codedeck::shell::Driver;
use support::dashboard::{auth0, select, setup_on, text, Setup, HEIGHT, WIDTH};

fn split(code: &str) -> Vec<&str> {
    code.lines().collect()
}

/// The emulator's code of an action's version (or draft).
fn code_of(emu: &EmulatorHandle, name: &str, key: RowKey) -> String {
    emu.with_store(|store| {
        let action = store.actions.iter().find(|a| a.name == name).unwrap();
        match key {
            RowKey::Draft => action.draft.code.clone(),
            RowKey::Version(n) => action
                .versions
                .iter()
                .find(|v| v.number == n)
                .unwrap()
                .code
                .clone(),
        }
    })
}

/// Where line `line` of a version stood in the version before, by the diff between them (`hunks`),
/// if the diff keeps it equal there.
fn traced_back(hunks: &[codedeck::diff::LineHunk], line: usize) -> Option<usize> {
    let mut shift: isize = 0;
    for hunk in hunks {
        if line < hunk.new.start {
            break;
        }
        if hunk.new.contains(&line) {
            return None;
        }
        shift = hunk.old.end as isize - hunk.new.end as isize;
    }
    Some((line as isize + shift) as usize)
}

fn blame_view(driver: &Driver) -> BlameView {
    driver.state.blame.clone().expect("the gutter is on")
}

/// The detail of `name`, then `b`: the timeline loads and the shown code is blamed.
async fn blame_from_detail(driver: &mut Driver, name: &str) {
    select(driver, name);
    driver.press("<Enter>");
    driver.settle().await;
    driver.press("b");
    driver.settle().await;
    let blame = blame_view(driver);
    assert!(
        blame.blame.is_some() && blame.pending.is_none(),
        "{name}: blamed: {blame:?} {:?}",
        driver.state.flash
    );
    assert!(driver.state.shown_blame().is_some());
    assert_eq!(
        driver.state.focus,
        Focus::Detail,
        "the cursor is in the code"
    );
}

/// Every line's version holds the line and is the oldest of its unbroken run, by the emulator's code.
fn check_gutter(driver: &Driver, emu: &EmulatorHandle, name: &str) {
    let blame = blame_view(driver);
    let lines = &blame.blame.as_ref().unwrap().lines;
    let codes: Vec<String> = blame
        .order
        .iter()
        .map(|key| code_of(emu, name, *key))
        .collect();
    let at = blame.order.iter().position(|k| *k == blame.row).unwrap();
    let split_codes: Vec<Vec<&str>> = codes.iter().map(|c| split(c)).collect();
    let shown = &split_codes[at];
    assert_eq!(lines.len(), shown.len(), "{name}: one origin per line");
    // The diff of each version with the one before, once.
    let hunks: Vec<Vec<codedeck::diff::LineHunk>> = (0..=at)
        .map(|v| match v {
            0 => vec![],
            v => line_hunks(&split_codes[v - 1], &split_codes[v]),
        })
        .collect();
    for (line, origin) in lines.iter().enumerate() {
        assert_eq!(
            split_codes[origin.origin].get(origin.origin_line),
            Some(&shown[line]),
            "{name} line {line}: its version holds it"
        );
        let (mut version, mut position) = (at, line);
        while version > 0 {
            match traced_back(&hunks[version], position) {
                Some(before) => {
                    version -= 1;
                    position = before;
                }
                None => break,
            }
        }
        assert_eq!(
            (origin.origin, origin.origin_line),
            (version, position),
            "{name} line {line}: the oldest version of its unbroken run"
        );
    }
}

fn label(key: RowKey) -> String {
    match key {
        RowKey::Draft => "draft".into(),
        RowKey::Version(n) => format!("v{n}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_demo_action_s_gutter_names_the_version_that_last_changed_each_line() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    let names: Vec<String> = driver
        .state
        .visible_actions()
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert!(names.len() > 5);
    for name in &names {
        blame_from_detail(&mut driver, name).await;
        check_gutter(&driver, &emu, name);
        // The gutter is drawn: the first line's version labels the top of the code.
        let blame = blame_view(&driver);
        let first = blame.order[blame.blame.as_ref().unwrap().lines[0].origin];
        let screen = text(&driver.render(WIDTH, HEIGHT));
        let row = screen
            .lines()
            .find(|l| l.contains(&format!("{} ", label(first))) && l.contains(" 1 "))
            .unwrap_or_else(|| panic!("{name}: the gutter labels line 1:\n{screen}"));
        assert!(row.contains('│'), "{row}");
        // `b` again: the gutter goes; back to the list for the next.
        driver.press("b");
        assert!(driver.state.shown_blame().is_none());
        driver.press("<Esc>"); // to the timeline
        driver.press("<Esc>"); // to the list
        driver.press("<Esc>");
    }
}

/// The demo action with the most versions whose newest line came after v1 (for `,` and Enter).
const MANY: &str = "Deny disposable email domains";

/// Moves the cursor line to `line` with keys, from the nearer end.
fn walk_to(driver: &mut Driver, line: usize) {
    let len = blame_view(driver).blame.as_ref().unwrap().lines.len();
    if line < len / 2 {
        driver.press("g");
        for _ in 0..line {
            driver.press("j");
        }
    } else {
        driver.press("G");
        for _ in line..len - 1 {
            driver.press("k");
        }
    }
    assert_eq!(blame_view(driver).cursor, line);
}

/// A line of the blamed code whose version is not the first, nearest the top.
fn changed_line(blame: &BlameView) -> usize {
    let lines = &blame.blame.as_ref().unwrap().lines;
    lines
        .iter()
        .position(|l| l.origin > 0)
        .expect("a line changed after the first version")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comma_re_blames_at_the_version_before_the_line_s_own_and_lt_comes_back() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    blame_from_detail(&mut driver, MANY).await;
    let top = blame_view(&driver);
    let line = changed_line(&top);
    // The cursor walks there.
    walk_to(&mut driver, line);
    let origin = top.blame.as_ref().unwrap().lines[line].origin;
    driver.press(",");
    let parent = blame_view(&driver);
    assert_eq!(parent.row, top.order[origin - 1], "the version before");
    let selected = codedeck::app::loading::selected_row(&driver.state).unwrap();
    assert_eq!(selected.key, parent.row, "the code view shows it");
    assert!(
        parent.order.iter().position(|k| *k == parent.row)
            < top.order.iter().position(|k| *k == top.row),
        "older"
    );
    check_gutter(&driver, &emu, MANY);
    assert_eq!(parent.back.len(), 1);

    // `<` comes back where it was.
    driver.press("<");
    let again = blame_view(&driver);
    assert_eq!((again.row, again.cursor), (top.row, line));
    assert_eq!(again.blame, top.blame);
    // And Esc after a `,` too.
    driver.press(",");
    driver.press("<Esc>");
    assert_eq!(blame_view(&driver).row, top.row);
    assert!(driver.state.shown_blame().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_opens_the_diff_that_brought_the_line_at_that_line() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    blame_from_detail(&mut driver, MANY).await;
    let top = blame_view(&driver);
    // The last line a later version brought (deep in the 98 KB action: the diff must scroll).
    let lines = &top.blame.as_ref().unwrap().lines;
    let line = lines.iter().rposition(|l| l.origin > 0).unwrap();
    walk_to(&mut driver, line);
    driver.press("<Enter>");
    let origin = lines[line];
    let versions = driver.state.versions().unwrap();
    let diff = versions.diff.as_ref().expect("Enter opens the diff");
    assert_eq!(diff.old_label, label(top.order[origin.origin - 1]));
    assert!(
        diff.new_label.starts_with(&label(top.order[origin.origin])),
        "{}",
        diff.new_label
    );
    assert_eq!(
        &*diff.diff.new,
        code_of(&emu, MANY, top.order[origin.origin]).as_str()
    );
    // The line is on screen in the diff.
    let wanted: String = split(&diff.diff.new)[origin.origin_line]
        .trim()
        .chars()
        .take(40)
        .collect();
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(
        screen.contains(&wanted),
        "line {} ({wanted}) shown:\n{screen}",
        origin.origin_line
    );
    // Esc: back to the code with its gutter.
    driver.press("<Esc>");
    assert!(driver.state.versions().unwrap().diff.is_none());
    assert!(driver.state.shown_blame().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_timeline_b_blames_the_selected_version_and_follows_the_selection() {
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    select(&mut driver, MANY);
    driver.press("v");
    driver.settle().await;
    driver.press("j");
    let key = codedeck::app::loading::selected_row(&driver.state)
        .unwrap()
        .key;
    driver.press("b");
    assert_eq!(blame_view(&driver).row, key);
    check_gutter(&driver, &emu, MANY);
    // Tab back to the versions, another one: the gutter follows.
    driver.press("<Tab>");
    assert_eq!(driver.state.focus, Focus::Timeline);
    driver.press("j");
    let next = codedeck::app::loading::selected_row(&driver.state)
        .unwrap()
        .key;
    assert_ne!(next, key);
    assert_eq!(blame_view(&driver).row, next);
    check_gutter(&driver, &emu, MANY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn l_in_a_timeline_lists_the_versions_that_changed_the_count_and_opens_their_diff() {
    use codedeck::app::state::{MenuPurpose, Overlay};
    let Setup {
        mut driver, emu, ..
    } = setup_on(auth0).await;
    select(&mut driver, MANY);
    driver.press("v");
    driver.settle().await;
    let text = "email";
    // `L` as the issue names it (`/` does the same).
    driver.press("L");
    driver.press(text);
    driver.press("<Enter>");
    let Overlay::Menu(menu) = &driver.state.overlay else {
        panic!(
            "a list of versions: {:?} {:?}",
            driver.state.overlay, driver.state.flash
        );
    };
    let MenuPurpose::Pickaxe(targets) = &menu.purpose else {
        panic!("{:?}", menu.purpose);
    };
    // The versions whose count differs from the one before, newest first, by the emulator's code.
    let timeline = driver
        .state
        .versions()
        .unwrap()
        .timeline
        .data
        .ready()
        .unwrap();
    let oldest_first: Vec<RowKey> = timeline.rows.iter().rev().map(|r| r.key).collect();
    let mut expected = vec![];
    let mut before = 0;
    for key in &oldest_first {
        let count = code_of(&emu, MANY, *key).matches(text).count();
        if count != before {
            expected.push(*key);
        }
        before = count;
    }
    expected.reverse();
    let listed: Vec<RowKey> = targets.iter().map(|t| t.new).collect();
    assert_eq!(listed, expected, "{menu:?}");
    assert!(!listed.is_empty());
    let screen = text_of(&driver);
    assert!(screen.contains("added or removed \"email\""), "{screen}");

    // Enter on one with a version before it: that diff, at its hunk.
    let pick = targets.iter().position(|t| t.old.is_some()).unwrap();
    let target = targets[pick].clone();
    for _ in 0..pick {
        driver.press("j");
    }
    driver.press("<Enter>");
    let diff = driver
        .state
        .versions()
        .unwrap()
        .diff
        .as_ref()
        .expect("its diff");
    assert_eq!(diff.old_label, label(target.old.unwrap()));
    assert!(diff.new_label.starts_with(&label(target.new)));
    let hunk_line: String = split(&diff.diff.new)[target.line]
        .trim()
        .chars()
        .take(30)
        .collect();
    assert!(text_of(&driver).contains(&hunk_line), "{hunk_line}");
    driver.press("<Esc>");

    // A text no version has: said so.
    driver.press("/zz-never-written<Enter>");
    assert_eq!(driver.state.overlay, Overlay::None);
    assert_eq!(
        support::dashboard::flash_text(&driver),
        "no version added or removed \"zz-never-written\""
    );
}

fn text_of(driver: &Driver) -> String {
    text(&driver.render(WIDTH, HEIGHT))
}

/// The gutter as drawn, at the smallest usual terminal and a large one, with the clock known (the
/// labels say how long ago).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_of_the_gutter() {
    use chrono::TimeZone;
    let now = chrono::Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap();
    // The emulator starts at the drawn clock too: the demo's recent deploy has a fixed age.
    let emu = codedeck::emulator::spawn(codedeck::emulator::EmulatorOptions {
        started_at: Some(now),
        ..codedeck::emulator::EmulatorOptions::default()
    })
    .await
    .unwrap();
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = support::dashboard::setup_with(emu, auth0).await;
    driver.send(codedeck::app::Msg::Clock(now));
    blame_from_detail(&mut driver, "Require MFA for admins").await;
    driver.press("j"); // the cursor on line 2
    for (name, (width, height)) in [
        ("blame_gutter_80x24", (80, 24)),
        ("blame_gutter_200x60", (200, 60)),
    ] {
        driver.resize(width, height);
        insta::assert_snapshot!(name, text(&driver.render(width, height)));
    }
}

/// `b` works in every code view: a module's detail, and a FairCom code package's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_blames_a_module_and_a_code_package_too() {
    let Setup {
        mut driver,
        emu: _emu,
        ..
    } = setup_on(support::dashboard::both).await;
    driver.press("2");
    driver.settle().await;
    driver.press("<Enter>");
    driver.settle().await;
    driver.press("b");
    driver.settle().await;
    let module = blame_view(&driver);
    assert!(
        module.blame.is_some(),
        "{module:?} {:?}",
        driver.state.flash
    );
    assert!(driver.state.shown_blame().is_some());
    let screen = text_of(&driver);
    assert!(screen.lines().any(|l| l.contains("┃v1 ")), "{screen}");

    driver.press("4");
    driver.settle().await;
    let package = driver.state.packages.visible()[0].id.name.clone();
    driver.press("<Enter>");
    driver.settle().await;
    driver.press("b");
    driver.settle().await;
    let blamed = blame_view(&driver);
    assert_eq!(
        blamed.view,
        codedeck::app::state::View::Packages,
        "{package}"
    );
    assert!(
        blamed.blame.is_some(),
        "{blamed:?} {:?}",
        driver.state.flash
    );
    assert!(driver.state.shown_blame().is_some());
    let screen = text_of(&driver);
    assert!(screen.lines().any(|l| l.contains("┃v1 ")), "{screen}");
}
