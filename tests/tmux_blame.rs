//! The blame gutter as a user sees it: the real binary with `--demo` in tmux (HOME and the data dir in
//! a temporary folder), `b` in the code of the demo's largest action (98 KB, four versions; its draft is v4's code), at
//! 80×24 and 200×60: the gutter's `v` labels appear beside the line numbers, and scrolling to the end
//! still shows them. Skips without tmux (fails under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const ACTION: &str = "Deny disposable email domains";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

/// A gutter label on a screen line: `v<number> ` followed (later on the line) by a relative time,
/// then a line number.
fn has_gutter_label(line: &str) -> bool {
    line.match_indices('v').any(|(at, _)| {
        let rest = &line[at + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(' ') && rest.contains(" ago")
    })
}

fn blame_at(name: &str, size: (u16, u16)) {
    let home = tempfile::tempdir().unwrap();
    let env = [
        ("HOME", home.path().display().to_string()),
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        (
            "CODEDECK_DATA_DIR",
            home.path().join("data").display().to_string(),
        ),
    ];
    let t = Tmux::start(name, size, &env, binary(), &["--demo"]);
    t.wait_for_text(ACTION);
    t.type_text("/disposable");
    t.keys(&["Enter"]);
    t.keys(&["Enter"]); // the detail: the draft's code
    t.wait_for("the action's code", |s| s.contains("const DISPOSABLE"));
    t.keys(&["b"]);
    let screen = t.wait_for("the blame gutter's v labels", |s| {
        s.lines().any(has_gutter_label)
    });
    // The draft is the live version's code: that version is blamed.
    assert!(
        screen.contains(&format!("{ACTION} · v4 (live)")),
        "{screen}"
    );
    // The end of the 5 223 lines: the gutter is there too.
    t.keys(&["G"]);
    t.wait_for("the gutter at the end", |s| {
        s.contains("5223 };") && s.lines().any(has_gutter_label)
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn b_in_a_code_view_shows_the_version_of_each_line_at_80x24() {
    if !tmux::available() {
        return;
    }
    blame_at("blame-small", (80, 24));
}

#[test]
fn b_in_a_code_view_shows_the_version_of_each_line_at_200x60() {
    if !tmux::available() {
        return;
    }
    blame_at("blame-large", (200, 60));
}
