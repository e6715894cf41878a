//! Reading the screen (issue 19): the help laid out in one column below 120 columns (two only when
//! every description fits), scrolled and filtered with `/`; the footer's key bar generated from the
//! keymap for each main mode, `? help` always on it, refused keys greyed by the same answer `update`
//! refuses them with; messages kept until read (`M`, `:messages`, with their times); the user's
//! `[keys]` shown in the help and the bar.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use codedeck::app::keymap::available::{availability, Availability};
use codedeck::app::keymap::bar::hints;
use codedeck::app::keymap::{Intent, Keymap, Mode};
use codedeck::app::msg::Msg;
use codedeck::app::state::{FlashKind, Overlay, StageChoices};
use codedeck::app::RunOptions;
use codedeck::backend::Backend;
use codedeck::model::keys::KeyOverrides;
use codedeck::shell::stages::Connector;
use codedeck::shell::{Driver, StageConnection, Stages};
use codedeck::stages::Reading;
use codedeck::theme::Theme;
use support::dashboard::{both, text};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 36), (200, 60)];

/// The demo emulator's two services and a dashboard on them (`opts` as given), first loads done.
async fn dashboard(opts: RunOptions) -> (Driver, codedeck::emulator::EmulatorHandle) {
    let emu = support::cli::demo().await;
    let mut driver = Driver::new(both(&emu), Theme::default(), opts);
    driver.resize(120, 36);
    driver.settle().await;
    (driver, emu)
}

fn screen(driver: &mut Driver, (width, height): (u16, u16)) -> String {
    driver.resize(width, height);
    text(&driver.render(width, height))
}

/// The last line (the key bar) at each size.
fn bars(driver: &mut Driver) -> String {
    let mut out = String::new();
    for size in SIZES {
        let shown = screen(driver, size);
        let bar = shown.lines().last().unwrap_or_default().to_string();
        assert!(
            bar.ends_with("? help"),
            "`? help` always on the bar at {size:?}:\n{shown}"
        );
        assert!(bar.chars().count() <= usize::from(size.0));
        out.push_str(&format!("{}×{}: {bar}\n", size.0, size.1));
    }
    out
}

#[tokio::test]
async fn the_help_is_one_column_below_120_and_wraps_instead_of_cutting() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    driver.press("?");
    for size in SIZES {
        let shown = screen(&mut driver, size);
        insta::assert_snapshot!(format!("help_{}x{}", size.0, size.1), shown);
    }
    // At 80 columns a long description is wrapped, its words all there.
    let narrow = screen(&mut driver, (80, 24));
    assert!(narrow.contains("Everywhere"), "{narrow}");
    assert!(!narrow.contains("show or hide t\n"), "{narrow}");
    // Every word of the longest descriptions on the first screen is there whole (none is cut at
    // the border): the command line's and the logs view's.
    let words: std::collections::HashSet<&str> = narrow
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect();
    for help in [
        codedeck::strings::HELP_COMMAND,
        codedeck::strings::logs::HELP_VIEW_LOGS,
    ] {
        for word in help.split_whitespace() {
            assert!(words.contains(word), "{word:?} of {help:?} cut:\n{narrow}");
        }
    }
    // It scrolls to its end, and no further.
    driver.press("G");
    let end = screen(&mut driver, (80, 24));
    assert!(
        end.contains("Search results") || end.contains("Esc"),
        "{end}"
    );
    let Overlay::Help { scroll } = driver.state.overlay else {
        panic!("still the help")
    };
    driver.press("j");
    assert_eq!(driver.state.overlay, Overlay::Help { scroll });
    driver.press("g");
    assert_eq!(driver.state.overlay, Overlay::Help { scroll: 0 });
}

#[tokio::test]
async fn slash_in_the_help_filters_keys_and_descriptions() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    driver.press("?/deploy");
    assert_eq!(driver.state.mode(), Mode::Filter);
    for size in SIZES {
        let shown = screen(&mut driver, size);
        assert!(shown.contains("deploy / publish the draft"), "{shown}");
        assert!(!shown.contains("switch focus"), "{shown}");
        insta::assert_snapshot!(format!("help_filtered_{}x{}", size.0, size.1), shown);
    }
    // Enter keeps the filter, Esc clears it, Esc again closes the help.
    driver.press("<Enter>");
    assert_eq!(driver.state.mode(), Mode::Help);
    assert_eq!(driver.state.help_filter.text, "deploy");
    driver.press("<Esc>");
    assert!(driver.state.help_filter.text.is_empty());
    assert_eq!(driver.state.mode(), Mode::Help);
    driver.press("/zzzz");
    assert!(screen(&mut driver, (80, 24)).contains("No key matches the filter"));
    driver.press("<Esc><Esc>");
    assert_eq!(driver.state.overlay, Overlay::None);
}

#[tokio::test]
async fn the_key_bar_in_each_main_mode() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    let mut all = String::new();
    let mut take = |driver: &mut Driver, name: &str, mode: Mode| {
        assert_eq!(driver.state.mode(), mode, "{name}");
        all.push_str(&format!("{name}\n{}\n", bars(driver)));
    };
    take(&mut driver, "list", Mode::List);
    driver.press("<Enter>");
    driver.settle().await;
    take(&mut driver, "detail", Mode::Detail);
    driver.press("<Esc>v");
    driver.settle().await;
    take(&mut driver, "timeline", Mode::Timeline);
    driver.press("jd");
    driver.settle().await;
    take(&mut driver, "diff", Mode::Diff);
    driver.press("<Esc><Esc>3");
    driver.settle().await;
    take(&mut driver, "flows", Mode::FlowTriggers);
    driver.press("<Enter>");
    driver.settle().await;
    take(&mut driver, "flow bindings", Mode::FlowBindings);
    driver.press("4");
    driver.settle().await;
    take(&mut driver, "packages", Mode::PackageList);
    driver.press("?");
    take(&mut driver, "help", Mode::Help);
    driver.press("<Esc>M");
    take(&mut driver, "messages", Mode::Messages);
    insta::assert_snapshot!("key_bars", all);
}

/// `dev` and `prod`, each its own demo emulator.
fn connector(dev: Arc<dyn Backend>, prod: Arc<dyn Backend>) -> Connector {
    Arc::new(move |name: String| {
        let backend = if name == "dev" {
            dev.clone()
        } else {
            prod.clone()
        };
        Box::pin(async move {
            Ok(StageConnection {
                backend,
                production: name == "prod",
                replace: vec![],
                reading: Reading {
                    auth0: true,
                    faircom: true,
                    scope: codedeck::stages::PackageScope::default(),
                },
                keep: None,
            })
        })
    })
}

/// The Compare view (`5`) on `dev` and `prod`, two demo emulators alike (every row `same`), its
/// first reads done, `opts` as given (the stages set here).
async fn comparing(
    opts: RunOptions,
) -> (
    Driver,
    codedeck::emulator::EmulatorHandle,
    codedeck::emulator::EmulatorHandle,
) {
    let dev = support::cli::demo().await;
    let prod = support::cli::demo().await;
    let mut driver = Driver::new(
        both(&dev),
        Theme::default(),
        RunOptions {
            stages: StageChoices {
                names: vec!["dev".into(), "prod".into()],
                initial: Some(("dev".into(), "prod".into())),
            },
            ..opts
        },
    )
    .with_stages(Stages::new(connector(both(&dev), both(&prod))));
    driver.resize(120, 36);
    driver.settle().await;
    driver.press("5");
    driver.settle().await;
    assert_eq!(driver.state.mode(), Mode::Compare);
    (driver, dev, prod)
}

#[tokio::test]
async fn the_key_bar_in_compare_and_search() {
    let (mut driver, _dev, _prod) = comparing(RunOptions::default()).await;
    let mut all = format!("compare\n{}\n", bars(&mut driver));
    // Without a store the search says so; its results view is reached with one.
    driver.press("<Esc>1S");
    assert_eq!(driver.state.mode(), Mode::Prompt);
    all.push_str(&format!("search prompt\n{}\n", bars(&mut driver)));
    insta::assert_snapshot!("key_bars_compare_search", all);
}

/// The keys the bar greys now, each with what pressing it says.
fn greyed(driver: &Driver) -> String {
    let mode = driver.state.mode();
    let mut out = String::new();
    for hint in hints(&driver.state).iter().filter(|h| !h.ready) {
        let key = codedeck::app::keymap::parse_key(&hint.key)
            .or_else(|| codedeck::app::keymap::parse_key(&format!("<{}>", hint.key)))
            .unwrap();
        let intent = driver.state.opts.keymap.lookup(mode, &key).unwrap();
        let Availability::Refused(why) = availability(&driver.state, mode, intent) else {
            panic!("{} greyed but not refused", hint.key)
        };
        out.push_str(&format!("greyed: {} {} — {why}\n", hint.key, hint.label));
    }
    out
}

/// Where `key` is drawn on the bar (the last line) at 120×36: its colour.
fn drawn_colour(driver: &mut Driver, key: &str) -> ratatui::style::Color {
    let buf = driver.render(120, 36);
    let last = buf.area.height - 1;
    let row: Vec<&str> = (0..120).map(|x| buf[(x, last)].symbol()).collect();
    let at = row
        .windows(2)
        .position(|w| w[0] == key && w[1] == " ")
        .unwrap_or_else(|| panic!("{key} on the last line: {}", row.concat()));
    buf[(u16::try_from(at).unwrap(), last)].fg
}

#[tokio::test]
async fn the_compare_footer_is_the_key_bar_from_the_keymap() {
    let (mut driver, _dev, _prod) = comparing(RunOptions::default()).await;
    let mut all = String::new();
    let mut take = |driver: &mut Driver, name: &str, mode: Mode| {
        assert_eq!(driver.state.mode(), mode, "{name}");
        all.push_str(&format!("{name}\n{}{}\n", bars(driver), greyed(driver)));
    };
    // Every row is the same on both sides: P is greyed, and pressing it says why, no dialog.
    take(&mut driver, "rows (live)", Mode::Compare);
    assert_eq!(drawn_colour(&mut driver, "P"), driver.theme.border);
    driver.press("P");
    assert_eq!(driver.state.overlay, Overlay::None, "no dialog");
    assert_eq!(
        driver.state.flash.as_ref().map(|f| f.text.as_str()),
        Some(codedeck::strings::promote::NOTHING_TO_PROMOTE)
    );
    driver.press("dj"); // the next key puts the message away
    assert!(driver.state.compare.drafts);
    take(
        &mut driver,
        "rows (drafts): d goes back to what is live",
        Mode::Compare,
    );
    driver.press("dg<Enter>");
    driver.settle().await;
    take(&mut driver, "a row's diff", Mode::Diff);
    driver.press("<Esc>/gr");
    take(&mut driver, "the filter typed", Mode::Filter);
    driver.press("<Enter>");
    take(&mut driver, "the filter kept: Esc clears it", Mode::Compare);
    driver.press("<Esc>");
    driver.state.opts.offline = true;
    take(&mut driver, "offline", Mode::Compare);
    driver.state.opts.offline = false;
    driver.press("c");
    take(&mut driver, "choosing the stages", Mode::Picker);
    insta::assert_snapshot!("compare_footer", all);
    // None of the hand-written footer is left.
    let screen = screen(&mut driver, (120, 36));
    assert!(!screen.contains("comparing LIVE"), "{screen}");
}

#[tokio::test]
async fn the_users_compare_keys_show_in_its_footer_and_work() {
    let mut modes = BTreeMap::new();
    modes.insert(
        "compare".to_string(),
        BTreeMap::from([
            ("promote".to_string(), vec!["p".to_string()]),
            ("toggle_drafts".to_string(), vec!["D".to_string()]),
        ]),
    );
    let keymap = Keymap::from_overrides(&KeyOverrides { modes }).unwrap();
    let (mut driver, _dev, _prod) = comparing(RunOptions {
        keymap,
        ..RunOptions::default()
    })
    .await;
    let bar = screen(&mut driver, (120, 36));
    let last = bar.lines().last().unwrap();
    assert!(
        last.contains("D drafts") && last.contains("p promote"),
        "{bar}"
    );
    assert!(!last.contains("P promote") && !last.contains("d drafts"));
    // Greyed (nothing differs) under the user's key too, and the user's key says why.
    assert_eq!(drawn_colour(&mut driver, "p"), driver.theme.border);
    driver.press("p");
    assert_eq!(
        driver.state.flash.as_ref().map(|f| f.text.as_str()),
        Some(codedeck::strings::promote::NOTHING_TO_PROMOTE)
    );
    driver.press("d");
    assert!(!driver.state.compare.drafts, "d no longer toggles");
    driver.press("D");
    assert!(driver.state.compare.drafts, "D does");
    driver.press("?/promote");
    let help = screen(&mut driver, (120, 36));
    assert!(
        help.lines()
            .any(|l| l.contains("p ") && l.contains("promote the row")),
        "{help}"
    );
}

#[tokio::test]
async fn a_refused_key_is_greyed_and_pressing_it_says_the_same_reason() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    // A deployed action whose draft equals live.
    let index = driver
        .state
        .visible_actions()
        .iter()
        .position(|a| a.code_loaded && a.is_deployed() && !a.draft_differs())
        .expect("the demo has an action with nothing to deploy");
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
    let Availability::Refused(why) = availability(&driver.state, Mode::List, Intent::Deploy) else {
        panic!("nothing to deploy")
    };
    let deploy = hints(&driver.state)
        .into_iter()
        .find(|h| h.key == "p")
        .expect("p on the bar");
    assert!(!deploy.ready, "greyed");
    // Greyed on screen too: the bar draws it in the border colour, dimmed.
    let buf = driver.render(120, 36);
    let last = buf.area.height - 1;
    let row: Vec<&str> = (0..120).map(|x| buf[(x, last)].symbol()).collect();
    let at = row
        .windows(2)
        .position(|w| w == ["p", " "])
        .expect("p on the last line");
    assert_eq!(buf[(at as u16, last)].fg, driver.theme.border);
    driver.press("p");
    assert_eq!(driver.state.overlay, Overlay::None, "no dialog");
    assert_eq!(
        driver.state.flash.as_ref().map(|f| f.text.clone()),
        Some(why)
    );
}

#[tokio::test]
async fn offline_every_change_key_is_greyed_on_the_bar() {
    let mut state = codedeck::app::State::new(
        support_connection(),
        RunOptions {
            offline: true,
            ..RunOptions::default()
        },
    );
    state.width = 200;
    let bar = hints(&state);
    for key in ["p", "e", "X", "R"] {
        let hint = bar.iter().find(|h| h.key == key).expect(key);
        assert!(!hint.ready, "{key} greyed offline");
    }
    assert!(bar.iter().find(|h| h.key == "/").is_some_and(|h| h.ready));
}

fn support_connection() -> codedeck::model::ConnectionInfo {
    codedeck::model::ConnectionInfo {
        label: "t".into(),
        base_url: "http://t".into(),
        demo: false,
        profile: None,
        services: codedeck::model::Services {
            auth0: true,
            faircom: false,
        },
        faircom_label: None,
    }
}

#[tokio::test]
async fn a_message_stays_until_the_next_key_and_an_error_until_dismissed() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    driver.press("2t"); // the Modules view: only actions test-run
    let said = driver.state.flash.clone().expect("said");
    assert_eq!(said.kind, FlashKind::Info);
    for _ in 0..1000 {
        driver.send(Msg::Tick);
    }
    assert_eq!(driver.state.flash.as_ref(), Some(&said), "kept until a key");
    driver.press("j");
    assert!(driver.state.flash.is_none(), "the next key puts it away");

    driver
        .state
        .flash(FlashKind::Error, "the service refused: 403".into());
    for _ in 0..1000 {
        driver.send(Msg::Tick);
    }
    driver.press("%"); // means nothing here
    assert!(
        driver.state.flash.is_some(),
        "an error stays through keys that do nothing"
    );
    let shown = screen(&mut driver, (80, 24));
    assert!(shown.contains("the service refused: 403"), "{shown}");
    assert!(
        shown.lines().last().unwrap().contains("Esc dismiss"),
        "{shown}"
    );
    driver.press("<Esc>");
    assert!(driver.state.flash.is_none(), "Esc dismisses");
    // A key that does something dismisses it and does its work.
    driver.state.flash(FlashKind::Error, "again".into());
    driver.press("1");
    assert!(driver.state.flash.is_none());
    assert_eq!(driver.state.view, codedeck::app::state::View::Actions);
}

#[tokio::test]
async fn a_long_error_is_wrapped_above_the_bar_not_cut() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    let long = "the dependency lodash@99.0.0 could not be installed: no such version on the \
                registry (the newest is 4.17.21); fix the version in the draft's settings (s) \
                and deploy again";
    driver.state.flash(FlashKind::Error, long.into());
    let shown = screen(&mut driver, (80, 24));
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(long), "{shown}");
    assert!(shown.lines().last().unwrap().ends_with("? help"));
    insta::assert_snapshot!("long_error_80x24", shown);
}

#[tokio::test]
async fn m_and_colon_messages_list_what_was_said_with_its_time() {
    let (mut driver, _emu) = dashboard(RunOptions::default()).await;
    let noon: codedeck::model::Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
    driver.send(Msg::Clock(noon));
    driver.press("2t");
    let later: codedeck::model::Timestamp = "2026-11-22T12:03:04Z".parse().unwrap();
    driver.send(Msg::Clock(later));
    driver.state.flash(FlashKind::Error, "a later error".into());
    driver.press("M");
    assert_eq!(driver.state.mode(), Mode::Messages);
    let shown = screen(&mut driver, (120, 36));
    let newest = shown.find("12:03:04  a later error").expect(&shown);
    let older = shown
        .find("12:00:00  Test runs are for actions (view 1).")
        .expect(&shown);
    assert!(newest < older, "newest first:\n{shown}");
    insta::assert_snapshot!("messages_120x36", shown);
    driver.press("<Esc>");
    assert_eq!(driver.state.overlay, Overlay::None);
    // `:messages` opens the same list.
    driver.press(":messages<Enter>");
    assert_eq!(driver.state.overlay, Overlay::Messages { scroll: 0 });
    // Only the last 50 are kept.
    for i in 0..60 {
        driver.state.flash(FlashKind::Info, format!("message {i}"));
    }
    assert_eq!(driver.state.said.len(), 50);
    assert_eq!(
        driver
            .state
            .said
            .newest_first()
            .next()
            .map(|s| s.text.clone()),
        Some("message 59".to_string())
    );
}

#[tokio::test]
async fn the_users_keys_work_and_show_in_the_help_and_the_bar() {
    let mut modes = BTreeMap::new();
    modes.insert(
        "timeline".to_string(),
        BTreeMap::from([("rollback".to_string(), vec!["R".to_string()])]),
    );
    modes.insert(
        "list".to_string(),
        BTreeMap::from([("versions".to_string(), vec!["V".to_string()])]),
    );
    let keymap = Keymap::from_overrides(&KeyOverrides { modes }).unwrap();
    let (mut driver, _emu) = dashboard(RunOptions {
        keymap,
        ..RunOptions::default()
    })
    .await;
    driver.press("v");
    assert_eq!(
        driver.state.mode(),
        Mode::List,
        "v no longer opens the timeline"
    );
    let bar = screen(&mut driver, (120, 36));
    assert!(bar.lines().last().unwrap().contains("V versions"), "{bar}");
    driver.press("V");
    driver.settle().await;
    assert_eq!(driver.state.mode(), Mode::Timeline);
    driver.press("?/roll");
    let help = screen(&mut driver, (120, 36));
    assert!(help.contains("R                    roll back"), "{help}");
}

#[test]
fn two_actions_on_one_key_are_refused_in_words() {
    let mut modes = BTreeMap::new();
    modes.insert(
        "list".to_string(),
        BTreeMap::from([("deploy".to_string(), vec!["e".to_string()])]),
    );
    let problems = Keymap::from_overrides(&KeyOverrides { modes }).unwrap_err();
    assert_eq!(
        problems,
        ["config.toml [keys]: in list, e would be both deploy and edit_draft; move one of them to another key"
            .to_string()]
    );
}

#[test]
fn the_readme_example_of_keys_is_accepted() {
    let readme = include_str!("../README.md");
    let start = readme.find("**Your own keys.**").unwrap();
    let block = &readme[start..];
    let toml_start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let toml_end = block[toml_start..].find("```").unwrap() + toml_start;
    let file: codedeck::config::ConfigFile = toml::from_str(&block[toml_start..toml_end]).unwrap();
    let keymap = Keymap::from_overrides(&file.key_overrides()).unwrap();
    let shifted_r = codedeck::app::keymap::parse_key("R").unwrap();
    assert_eq!(
        keymap.lookup(Mode::Timeline, &shifted_r),
        Some(Intent::Rollback)
    );
    assert_eq!(keymap.lookup(Mode::List, &shifted_r), Some(Intent::Refresh));
}
