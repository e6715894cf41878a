//! The demo's journal in the real dashboard (tmux): a second `--demo` run with the same data dir
//! never offers to undo the first run's change, and `u` with nothing to undo stays on the list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (160, 45);
const ACTION: &str = "Limit M2M scopes";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

fn demo_env(data: &Path) -> Vec<(&'static str, String)> {
    vec![
        // No config at all (a missing file named by CODEDECK_CONFIG would be an error).
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
    ]
}

/// Puts the cursor on the action in the list.
fn find_action(t: &Tmux) {
    t.wait_for_text(ACTION);
    t.type_text("/m2m");
    t.keys(&["Enter"]);
}

#[test]
fn a_second_demo_run_has_nothing_to_undo_and_stays_on_the_list() {
    if !tmux::available() {
        return;
    }
    let data = tempfile::tempdir().unwrap();

    // First run: roll the action back to version 1.
    let t = Tmux::start(
        "demo-undo-1",
        SIZE,
        &demo_env(data.path()),
        binary(),
        &["--demo"],
    );
    find_action(&t);
    t.keys(&["v"]);
    t.wait_for_text(&format!("Versions · {ACTION}"));
    t.keys(&["G", "r"]);
    t.wait_for("the rollback dialog", |s| s.contains("y Roll back"));
    t.keys(&["y"]);
    t.wait_for_text("is live");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    drop(t);

    // Second run, same data dir: a fresh demo tenant with a fresh journal.
    let t = Tmux::start(
        "demo-undo-2",
        SIZE,
        &demo_env(data.path()),
        binary(),
        &["--demo"],
    );
    find_action(&t);
    t.keys(&["u"]);
    let screen = t.wait_for_text("Nothing to undo");
    assert!(
        !screen.contains(&format!("Versions · {ACTION}")),
        "u stays on the list:\n{screen}"
    );
    assert!(!screen.contains("no longer exists"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
