//! Colour comes with the text, as a user sees it: the real binary with `--demo` in tmux at 200×60, on
//! the demo's largest action ("Deny disposable email domains", 98 KB). Right after `d` on v3 → v4, and
//! after `G` in v4's code, the first capture (`capture-pane -e`, polled without pause) that shows the
//! line looked for already draws it in a syntax colour. No timing is asserted. Skips without tmux
//! (fails under CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use codedeck::highlight::{whole_file, DEFAULT_SYNTAX_THEME};
use ratatui::style::Color;
use support::tmux::{self, Tmux};

const SIZE: (u16, u16) = (200, 60);
const ACTION: &str = "Deny disposable email domains";

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_codedeck"))
}

/// The demo with no configuration at all (its default themes).
fn demo(name: &str, data: &Path) -> Tmux {
    let env = [
        ("XDG_CONFIG_HOME", support::cli::NO_CONFIG_HOME.to_string()),
        ("CODEDECK_DATA_DIR", data.display().to_string()),
    ];
    Tmux::start(name, SIZE, &env, binary(), &["--demo"])
}

/// The action's timeline, on its live version (v4).
fn open_timeline(t: &Tmux) {
    t.wait_for_text(ACTION);
    t.type_text("/disposable");
    t.keys(&["Enter"]);
    t.keys(&["v"]);
    t.wait_for(&format!("the timeline of {ACTION}"), |s| {
        s.contains(&format!("Versions · {ACTION}")) && s.contains("v4")
    });
}

/// The RGB colours the syntax theme gives the demo action's code (v3 and v4 alike).
fn syntax_colours() -> HashSet<(u8, u8, u8)> {
    let store = codedeck::emulator::seed::demo(chrono::Utc::now());
    let action = store.actions.iter().find(|a| a.name == ACTION).unwrap();
    action
        .versions
        .iter()
        .flat_map(|v| whole_file(&v.code, DEFAULT_SYNTAX_THEME))
        .flat_map(|line| line.spans)
        .filter_map(|span| match span.style.fg {
            Some(Color::Rgb(r, g, b)) => Some((r, g, b)),
            _ => None,
        })
        .collect()
}

/// A character's foreground on a captured line: an RGB colour, or None for the terminal's default.
#[derive(Debug, Clone, Copy)]
struct Foreground(Option<(u8, u8, u8)>);

/// The foreground colour in effect where `probe` starts on a captured line (SGR escapes followed
/// from the line's start), or None when `probe` is not on it.
fn foreground_at(line: &str, probe: &str) -> Option<Foreground> {
    let mut text = String::new();
    // The foreground of each character of `text`.
    let mut colours = vec![];
    let mut fg = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            let mut params = String::new();
            for p in chars.by_ref() {
                if p.is_ascii_alphabetic() {
                    if p == 'm' {
                        fg = apply_sgr(&params, fg);
                    }
                    break;
                }
                params.push(p);
            }
            continue;
        }
        text.push(c);
        colours.push(fg);
        if text.ends_with(probe) {
            return Some(Foreground(colours[colours.len() - probe.chars().count()]));
        }
    }
    None
}

/// The foreground after one SGR sequence (`0`, `39`, `38;2;r;g;b`, `38;5;n`, others kept).
fn apply_sgr(params: &str, mut fg: Option<(u8, u8, u8)>) -> Option<(u8, u8, u8)> {
    let numbers: Vec<u16> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut i = 0;
    while i < numbers.len() {
        match numbers[i] {
            0 | 39 => fg = None,
            38 if numbers.get(i + 1) == Some(&2) => {
                let part = |k: usize| u8::try_from(numbers[i + k]).unwrap();
                fg = Some((part(2), part(3), part(4)));
                i += 4;
            }
            38 | 48 | 58 if numbers.get(i + 1) == Some(&5) => i += 2,
            48 | 58 if numbers.get(i + 1) == Some(&2) => i += 4,
            _ => {}
        }
        i += 1;
    }
    fg
}

/// Polls `capture-pane -e` without pause until a line shows `probe`; returns that line (with its
/// escapes) from the first capture that shows it.
fn first_capture_showing(t: &Tmux, probe: &str) -> String {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let screen = t.screen_with_styles();
        if let Some(line) = screen
            .lines()
            .find(|line| foreground_at(line, probe).is_some())
        {
            return line.to_string();
        }
        assert!(
            Instant::now() <= deadline,
            "{probe:?} never came on screen:\n{}",
            t.screen()
        );
    }
}

/// On the demo's timeline of the action, presses `keys` (the last one is the key measured): the
/// first capture showing `probe` draws it in a syntax colour. Returns the session for more checks.
fn coloured_on_first_capture(name: &str, keys: &[&str], probe: &str) -> (Tmux, tempfile::TempDir) {
    let colours = syntax_colours();
    let data = tempfile::tempdir().unwrap();
    let t = demo(name, data.path());
    open_timeline(&t);
    for key in keys {
        t.keys(&[key]);
    }
    let line = first_capture_showing(&t, probe);
    let fg = foreground_at(&line, probe).unwrap();
    assert!(
        fg.0.is_some_and(|rgb| colours.contains(&rgb)),
        "{probe:?} is drawn in {fg:?}, not a syntax colour, on its first frame: {line:?}"
    );
    (t, data)
}

#[test]
fn the_changed_line_of_the_largest_demo_action_comes_in_colour_right_after_d() {
    if !tmux::available() {
        return;
    }
    // The line v4 removes (v3 → v4, line 5 221 of 5 224).
    let (t, _data) = coloured_on_first_capture("colour-d", &["d"], "denied disposable domain");
    assert!(t.screen().contains("v3 → v4"), "{}", t.screen());
    // `q` closes the diff (issue 19: Esc or q, no longer h), then quits.
    t.keys(&["q"]);
    t.wait_for("the diff closed", |s| !s.contains("v3 → v4"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn the_last_lines_of_the_largest_demo_action_come_in_colour_right_after_g() {
    if !tmux::available() {
        return;
    }
    // v4's code, its end: the 5 200-line array above fills in later; the code below it does not wait.
    let (t, _data) = coloured_on_first_capture("colour-g", &["Tab", "G"], "api.access.deny(");
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
