//! `S` in the real dashboard (tmux): the demo with a history store filled beforehand (from an
//! emulator with the same seed), a search typed into the prompt, the results grouped object →
//! version with their lines, and Enter opening the hit's version in its timeline.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);

#[test]
fn s_searches_the_store_and_enter_opens_the_version() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    // `--demo` keeps its store under `demo/` in the data dir.
    let demo = data.path().join("demo");
    std::fs::create_dir_all(&demo).unwrap();
    let fetched = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(support::history::fill(&demo));
    let claims = fetched
        .iter()
        .find(|v| v.kind == "action" && v.code.contains("setCustomClaim"))
        .unwrap()
        .name
        .clone();
    let env = vec![
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.path().display().to_string()),
    ];
    let t = Tmux::start(
        "search-s",
        SIZE,
        &env,
        Path::new(env!("CARGO_BIN_EXE_codedeck")),
        &["--demo"],
    );
    t.wait_for_text(&claims);
    t.keys(&["S"]);
    t.wait_for_text("-r for a regex");
    t.type_text("setCustomClaim");
    t.keys(&["Enter"]);
    let screen = t.wait_for_text("lines in");
    assert!(screen.contains(&claims), "{screen}");
    assert!(screen.contains("› "), "the selected hit: {screen}");
    assert!(screen.contains("setCustomClaim("), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for_text(&format!("Versions · {claims}"));
    assert!(
        !screen.contains("lines in"),
        "the results made way: {screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
