//! Finding things as a user sees it (issue 19): the real binary with `--demo` in tmux (HOME and the
//! data dir in a temporary folder). `/` in an action's code highlights the matches and `n` goes to
//! the next; `o` sorts the Actions list and its title says how. Skips without tmux (fails under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::path::Path;

use support::tmux::{self, Tmux};

const ACTION: &str = "Require MFA for admins";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

/// The demo dashboard in tmux, its home in `home`.
fn start(name: &str, size: (u16, u16), home: &Path) -> Tmux {
    let env = [
        ("HOME", home.display().to_string()),
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", home.join("data").display().to_string()),
    ];
    let t = Tmux::start(name, size, &env, binary(), &["--demo"]);
    t.wait_for_text(ACTION);
    t
}

/// Background colours set (SGR `48;…`) on the screen row whose text holds `needle`.
fn backgrounds_on_line(t: &Tmux, needle: &str) -> usize {
    let row = t.screen().lines().position(|l| l.contains(needle));
    let styled = t.screen_with_styles();
    row.and_then(|row| styled.lines().nth(row))
        .map_or(0, |l| l.matches("48;").count())
}

#[test]
fn slash_in_the_code_highlights_the_matches_and_n_goes_to_the_next() {
    if !tmux::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = start("code-search", (120, 36), home.path());
    t.type_text("/Require MFA");
    t.keys(&["Enter"]);
    t.keys(&["Enter"]); // the detail: the draft's code
    t.wait_for("the action's code", |s| s.contains("const ADMIN_ROLES"));
    let before = backgrounds_on_line(&t, "const ADMIN_ROLES");

    t.type_text("/ADMIN_ROLES");
    t.wait_for("the search prompt", |s| s.contains("search the text shown"));
    t.keys(&["Enter"]);
    t.wait_for("the first match", |s| s.contains("match 1 of 3"));
    let after = backgrounds_on_line(&t, "const ADMIN_ROLES");
    assert!(
        after > before,
        "the match is highlighted ({before} → {after} backgrounds):\n{}",
        t.screen_with_styles()
    );
    t.keys(&["n"]);
    t.wait_for("the second match", |s| s.contains("match 2 of 3"));
    t.keys(&["n", "n"]);
    t.wait_for("round the end", |s| s.contains("search wrapped"));
    t.keys(&["Escape"]); // clears the search
    t.wait_for("the search cleared", |s| !s.contains("search wrapped"));
    t.keys(&["Escape"]); // leaves the detail
    t.wait_for("the detail closed", |s| !s.contains("Runtime node22"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn o_sorts_the_actions_list_and_says_so_in_its_title() {
    if !tmux::available() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let t = start("list-sort", (120, 36), home.path());
    t.keys(&["o"]);
    let screen = t.wait_for("sorted by name", |s| s.contains("by name"));
    let names: Vec<String> = screen
        .lines()
        .filter_map(|l| {
            let cell = l.trim_start_matches(['│', '┃', ' ', '›']);
            cell.split("  ").next().map(str::to_string)
        })
        .filter(|n| !n.is_empty())
        .collect();
    let add = names.iter().position(|n| n.starts_with("Add role claims"));
    let validate = names.iter().position(|n| n.starts_with("Validate signup"));
    assert!(
        matches!((add, validate), (Some(a), Some(v)) if a < v),
        "A before V:\n{screen}"
    );
    t.keys(&["o"]);
    t.wait_for("sorted by status", |s| s.contains("by status"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
