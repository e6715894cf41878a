//! `codedeck diff FILE_A FILE_B`, run as the real binary on temporary files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use unicode_width::UnicodeWidthStr;

const OLD: &str = "\
const CHANNEL = '#signups';
const TIMEOUT_MS = 3000;

exports.onExecutePostUserRegistration = async (event) => {
  const user = event.user;
  console.log(`notified ${CHANNEL} about ${user.user_id}`);
};
";

const NEW: &str = "\
const CHANNEL = '#signups';
const TIMEOUT_MS = 5000;

exports.onExecutePostUserRegistration = async (event) => {
  const user = event.user;
  if (user.email && user.email.endsWith('@example.com')) {
    return; // staff test accounts
  }
};
";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codedeck"));
    c.env_remove("CODEDECK_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/codedeck-test-config-home")
        .env_remove("NO_COLOR");
    c
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn files() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.js", OLD.as_bytes());
    let new = write(dir.path(), "v2.js", NEW.as_bytes());
    let s = |p: PathBuf| p.to_str().unwrap().to_string();
    (dir, s(old), s(new))
}

fn run(args: &[&str]) -> Output {
    bin().arg("diff").args(args).output().expect("run codedeck")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn side_by_side_by_default_at_120_columns_without_colour_when_piped() {
    let (_dir, old, new) = files();
    let o = run(&[&old, &new]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("{old} → {new}  +4 −2"));
    assert_eq!(lines[1], "─".repeat(120));
    assert!(!out.contains('\x1b'), "no colour in a pipe");
    let changed = lines.iter().find(|l| l.contains("3000")).unwrap();
    assert!(
        changed.contains("2 - const TIMEOUT_MS = 3000;")
            && changed.contains("│2 + const TIMEOUT_MS = 5000;"),
        "{changed}"
    );
    assert!(lines.iter().all(|l| l.width() <= 120), "{out}");
}

#[test]
fn unified_lists_old_lines_then_new_lines() {
    let (_dir, old, new) = files();
    let o = run(&["--unified", &old, &new]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let body: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(
        body,
        [
            "1 1   const CHANNEL = '#signups';",
            "2   - const TIMEOUT_MS = 3000;",
            "  2 + const TIMEOUT_MS = 5000;",
            "3 3",
            "4 4   exports.onExecutePostUserRegistration = async (event) => {",
            "5 5     const user = event.user;",
            "6   -   console.log(`notified ${CHANNEL} about ${user.user_id}`);",
            "  6 +   if (user.email && user.email.endsWith('@example.com')) {",
            "  7 +     return; // staff test accounts",
            "  8 +   }",
            "7 9   };",
        ]
    );
}

#[test]
fn width_is_respected_and_nothing_is_cut() {
    let (_dir, old, new) = files();
    let o = run(&["--width", "50", &old, &new]);
    let out = stdout(&o);
    // The header names the files whole; the diff below fits.
    assert!(out.lines().skip(1).all(|l| l.width() <= 50), "{out}");
    // Wrapped, not truncated: the long inserted line is all there across its pieces.
    let right: String = out
        .lines()
        .skip(2)
        .filter_map(|l| l.split('│').nth(1))
        .map(|r| r.get(4..).unwrap_or(""))
        .collect();
    assert!(right.contains("endsWith('@example.com')"), "{out}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (_dir, old, new) = files();
    let always = stdout(&run(&["--color", "always", &old, &new]));
    assert!(
        always.contains("\x1b[") && always.contains("48;2;"),
        "tints are RGB backgrounds"
    );
    let never = stdout(&run(&["--color", "never", &old, &new]));
    assert!(!never.contains('\x1b'));
    let auto = bin()
        .env("NO_COLOR", "1")
        .args(["diff", "--color", "auto", &old, &new])
        .output()
        .unwrap();
    assert!(!stdout(&auto).contains('\x1b'));
}

#[test]
fn exit_zero_unless_exit_code_is_asked() {
    let (dir, old, new) = files();
    let same = write(dir.path(), "same.js", OLD.as_bytes());
    let same = same.to_str().unwrap();
    let identical = run(&[&old, same]);
    assert_eq!(identical.status.code(), Some(0));
    assert_eq!(stdout(&identical), format!("{old} → {same}  identical\n"));
    assert_eq!(run(&[&old, &new]).status.code(), Some(0));
    assert_eq!(run(&["--exit-code", &old, &new]).status.code(), Some(1));
    assert_eq!(run(&["--exit-code", &old, same]).status.code(), Some(0));
}

#[test]
fn unreadable_files_exit_2_naming_the_file() {
    let (dir, old, _new) = files();
    let missing = dir.path().join("missing.js");
    let missing = missing.to_str().unwrap();
    let o = run(&[&old, missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("cannot read {missing}")),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());

    let binary = write(dir.path(), "blob.bin", &[0xff, 0xfe, 0x00, 0x80]);
    let o = run(&[binary.to_str().unwrap(), &old]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("blob.bin") && stderr(&o).contains("not UTF-8"));
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    // Every line differs: far more output than a pipe buffers.
    let old: String = (0..5000).map(|i| format!("const a{i} = {i};\n")).collect();
    let new: String = (0..5000).map(|i| format!("let b{i} = '{i}';\n")).collect();
    let old = write(dir.path(), "old.js", old.as_bytes());
    let new = write(dir.path(), "new.js", new.as_bytes());
    let mut child = bin()
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("old.js → "), "{first}");
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "", "quiet, as `| head` expects");
}

#[test]
fn twenty_thousand_lines_with_three_changes_report_exactly_those_three() {
    // A time-limited line diff used to give up on files this long and mark every line changed.
    let numbered = |changed: &[usize]| -> String {
        (1..=20_000)
            .map(|i| {
                if changed.contains(&i) {
                    format!("let value{i} = compute({i}, 'edited');\n")
                } else {
                    format!("let value{i} = compute({i});\n")
                }
            })
            .collect()
    };
    let changed = [7, 11_234, 19_990];
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.js", numbered(&[]).as_bytes());
    let new = write(dir.path(), "new.js", numbered(&changed).as_bytes());
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let o = run(&[old, new, "--unified", "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing coarse to own up to");
    let out = stdout(&o);
    assert!(
        out.lines().next().unwrap().ends_with("+3 −3"),
        "{}",
        out.lines().next().unwrap()
    );
    // Unified lines: `OLD NEW SIGN code` for context, `N SIGN code` for a deleted or inserted line.
    let marked: Vec<(String, String)> = out
        .lines()
        .skip(2)
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            match words.get(1) {
                Some(&sign) if sign == "-" || sign == "+" => {
                    Some((sign.to_string(), words[0].to_string()))
                }
                _ => None,
            }
        })
        .collect();
    let expected: Vec<(String, String)> = changed
        .iter()
        .flat_map(|n| {
            [
                ("-".to_string(), n.to_string()),
                ("+".to_string(), n.to_string()),
            ]
        })
        .collect();
    assert_eq!(marked, expected, "exactly the three changed lines");
}

#[test]
fn a_change_too_large_for_word_emphasis_says_so_on_screen_and_stderr() {
    // 2 000 unrelated lines of 200 bytes: pairing them would compare more than the cap allows.
    let side = |word: &str| -> String {
        (0..2_000)
            .map(|i| format!("{word}{i} = '{}';\n", word.repeat(190 / word.len())))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.js", side("alpha").as_bytes());
    let new = write(dir.path(), "new.js", side("beta").as_bytes());
    let o = run(&[
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let header = stdout(&o).lines().next().unwrap().to_string();
    assert!(
        header.contains("+2000 −2000") && header.contains("too large"),
        "{header}"
    );
    assert!(stderr(&o).contains("too large"), "{}", stderr(&o));
}
