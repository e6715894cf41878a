//! The dashboard's search (`S`, `:search`) through the headless driver with a history store filled
//! from the same emulator the dashboard talks to: the prompt, the search run by the shell, the
//! results grouped object → version, `Enter` on a hit opening its version's code at its line, `d`
//! its diff, and the words said without a store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use codedeck::app::keymap::Mode;
use codedeck::app::state::{Remote, SearchResults};
use codedeck::app::timeline::RowKey;
use codedeck::shell::Driver;
use codedeck::store::Store;
use support::dashboard::{both, dashboard_on, flash_text, text, HEIGHT, WIDTH};
use support::history::{fill_from, Fetched};

struct Searching {
    driver: Driver,
    fetched: Vec<Fetched>,
    _emu: codedeck::emulator::EmulatorHandle,
    _data: tempfile::TempDir,
    _journal: tempfile::TempDir,
}

async fn searching() -> Searching {
    let emu = support::cli::demo().await;
    let data = tempfile::tempdir().unwrap();
    let fetched = fill_from(&emu, data.path()).await;
    let store = Store::open(Store::path_in(data.path())).unwrap().shared();
    let dashboard = dashboard_on(both(&emu)).await;
    Searching {
        driver: dashboard.driver.with_store(store),
        fetched,
        _emu: emu,
        _data: data,
        _journal: dashboard.dir,
    }
}

fn results(driver: &Driver) -> &SearchResults {
    match &driver.state.search.as_ref().expect("a search").results {
        Remote::Ready(results) => results,
        other => panic!("no results: {other:?}"),
    }
}

/// Types the pattern into the prompt `S` opens and runs it.
async fn search_for(driver: &mut Driver, typed: &str) {
    driver.press("S");
    assert_eq!(driver.state.mode(), Mode::Prompt);
    for c in typed.chars() {
        driver.press(&c.to_string());
    }
    driver.press("<Enter>");
    let search = driver.state.search.as_ref().expect("the search started");
    assert!(search.results.is_loading(), "searching…");
    let screen = text(&driver.render(WIDTH, HEIGHT));
    assert!(screen.contains("Searching for"), "{screen}");
    driver.settle().await;
}

#[tokio::test]
async fn s_searches_every_stored_version_and_groups_hits_object_then_version() {
    let mut s = searching().await;
    search_for(&mut s.driver, "setCustomClaim").await;
    assert_eq!(s.driver.state.mode(), Mode::Search);
    let found = results(&s.driver);
    let expected: usize = s
        .fetched
        .iter()
        .map(|v| {
            v.code
                .lines()
                .filter(|l| l.contains("setCustomClaim"))
                .count()
        })
        .sum();
    assert!(found.hit_count() > 0);
    // Drafts the store has once per object (the fetched list has each once too).
    assert_eq!(found.hit_count(), expected);
    for object in &found.objects {
        let keys: Vec<RowKey> = object.versions.iter().map(|v| v.key).collect();
        let mut newest_first = keys.clone();
        newest_first.sort_by(|a, b| match (a, b) {
            (RowKey::Draft, RowKey::Draft) => std::cmp::Ordering::Equal,
            (RowKey::Draft, _) => std::cmp::Ordering::Less,
            (_, RowKey::Draft) => std::cmp::Ordering::Greater,
            (RowKey::Version(a), RowKey::Version(b)) => b.cmp(a),
        });
        assert_eq!(keys, newest_first, "{}", object.name);
    }
    let screen = text(&s.driver.render(WIDTH, HEIGHT));
    assert!(screen.contains("setCustomClaim · "), "{screen}");
    assert!(screen.contains(&found.objects[0].name), "{screen}");
    assert!(screen.contains("› "), "the selected hit: {screen}");

    // j moves to the next hit; Esc closes the results.
    s.driver.press("j");
    assert_eq!(s.driver.state.search.as_ref().unwrap().selected, 1);
    s.driver.press("<Esc>");
    assert!(s.driver.state.search.is_none());
    assert_ne!(s.driver.state.mode(), Mode::Search);
}

#[tokio::test]
async fn enter_opens_the_hit_s_version_at_its_line_and_d_its_diff() {
    let mut s = searching().await;
    search_for(&mut s.driver, "-i SETCUSTOMCLAIM").await;
    let found = results(&s.driver).clone();
    // The first hit in a numbered version.
    let positions = found.hit_positions();
    let index = positions
        .iter()
        .position(|&(o, v, _)| matches!(found.objects[o].versions[v].key, RowKey::Version(_)))
        .unwrap();
    let (o, v, h) = positions[index];
    for _ in 0..index {
        s.driver.press("j");
    }
    s.driver.press("<Enter>");
    s.driver.settle().await;
    let object = &found.objects[o];
    let version = &object.versions[v];
    let line = version.hits[h].line;
    let versions = s.driver.state.versions().expect("the timeline opened");
    assert_eq!(versions.object_id, object.object_id);
    let timeline = versions.timeline.data.ready().expect("loaded");
    assert_eq!(timeline.rows[versions.selected].key, version.key);
    assert!(versions.code_scroll < line && line - versions.code_scroll <= 4);
    let code = s.driver.state.detail_code().unwrap();
    assert_eq!(
        code.lines().nth(line - 1).unwrap(),
        version.hits[h].text,
        "the code shown is the hit's version"
    );
    assert_eq!(s.driver.state.mode(), Mode::Timeline);

    // Back to the results with S and Enter (the pattern is offered again), then d: the diff.
    s.driver.press("<Esc>");
    s.driver.press("S");
    s.driver.press("<Enter>");
    s.driver.settle().await;
    for _ in 0..index {
        s.driver.press("j");
    }
    s.driver.press("d");
    s.driver.settle().await;
    let versions = s.driver.state.versions().expect("the timeline opened");
    let is_first = matches!(version.key, RowKey::Version(1));
    if !is_first {
        assert!(versions.diff.is_some(), "{}", flash_text(&s.driver));
    }
}

#[tokio::test]
async fn a_bad_pattern_keeps_the_prompt_open_and_search_without_a_store_says_why() {
    let mut s = searching().await;
    s.driver.press("S");
    for c in "-r (".chars() {
        s.driver.press(&c.to_string());
    }
    s.driver.press("<Enter>");
    assert_eq!(s.driver.state.mode(), Mode::Prompt);
    let screen = text(&s.driver.render(WIDTH, HEIGHT));
    assert!(
        screen.contains("not a valid regular expression"),
        "{screen}"
    );
    s.driver.press("<Esc>");

    // `:search PATTERN` runs at once.
    s.driver.press(":");
    for c in "search nothing-like-this-anywhere".chars() {
        s.driver.press(&c.to_string());
    }
    s.driver.press("<Enter>");
    s.driver.settle().await;
    assert!(results(&s.driver).objects.is_empty());
    let screen = text(&s.driver.render(WIDTH, HEIGHT));
    assert!(screen.contains("no matches for"), "{screen}");

    let emu = support::cli::demo().await;
    let mut bare = dashboard_on(both(&emu)).await.driver;
    bare.press("S");
    for c in "token".chars() {
        bare.press(&c.to_string());
    }
    bare.press("<Enter>");
    bare.settle().await;
    let screen = text(&bare.render(WIDTH, HEIGHT));
    assert!(screen.contains("history store"), "{screen}");
}

/// `:sync` in the dashboard fills an empty store through the dashboard's own (archived)
/// connection, says what it fetched, and a search then finds versions never browsed.
#[tokio::test]
async fn sync_fills_the_store_and_the_open_search_finds_what_it_fetched() {
    let emu = support::cli::demo().await;
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(Store::path_in(data.path())).unwrap().shared();
    let archived: std::sync::Arc<dyn codedeck::backend::Backend> =
        std::sync::Arc::new(codedeck::archive::Archived::new(both(&emu), store.clone()));
    let dashboard = dashboard_on(archived).await;
    let mut driver = dashboard.driver.with_store(store);
    driver.settle().await;
    search_for(&mut driver, "setCustomClaim").await;
    let before = results(&driver).hit_count();
    let typed = ":sync";
    for c in typed.chars() {
        driver.press(&c.to_string());
    }
    driver.press("<Enter>");
    assert!(driver.state.syncing, "{}", flash_text(&driver));
    assert!(
        flash_text(&driver).contains("syncing"),
        "{}",
        flash_text(&driver)
    );
    driver.settle().await;
    assert!(!driver.state.syncing);
    let said = flash_text(&driver);
    assert!(said.contains("new versions stored"), "{said}");
    assert!(!said.contains(" 0 new versions"), "{said}");
    // The open results were read again: every version of every action is searched now.
    driver.settle().await;
    let after = results(&driver).hit_count();
    assert!(after > before, "{before} hits before, {after} after");
}
