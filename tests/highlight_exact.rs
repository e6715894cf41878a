//! Highlighting only the shown lines must colour them exactly as a whole-file highlight does: every
//! line where the JavaScript pre-scan (`highlight::scan`) lets a parse start afresh is checked, on the
//! demo tenant's code, on real JavaScript found on this machine or in ../shared, and on generated
//! adversarial inputs (multi-line comments, templates with nested `${}`, escaped strings, regex
//! literals holding `/*`, lines that start inside a comment). The dashboard's cache (`Highlighter`, with
//! its fresh starts, checkpoints and per-frame budget) is held to the same colours for any windows asked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use ratatui::text::Line;

use codedeck::highlight::{
    lines_at, lines_restarting_at_every_fresh_start, scan, whole_file, Highlighter,
    DEFAULT_SYNTAX_THEME,
};

/// Panics with the first line whose colours differ (spans compared with their styles).
fn assert_exact(name: &str, code: &str) {
    let whole = whole_file(code, DEFAULT_SYNTAX_THEME);
    let restarted = lines_restarting_at_every_fresh_start(code, DEFAULT_SYNTAX_THEME);
    assert_eq!(whole.len(), restarted.len(), "{name}: line count");
    for (index, (a, b)) in whole.iter().zip(&restarted).enumerate() {
        assert_eq!(
            a,
            b,
            "{name}: line {index} coloured differently: {:?}",
            code.lines().nth(index)
        );
    }
}

fn demo_codes() -> Vec<(String, String)> {
    let store = codedeck::emulator::seed::demo(chrono::Utc::now());
    let mut out = vec![];
    for action in &store.actions {
        for version in &action.versions {
            out.push((
                format!("{} v{}", action.name, version.number),
                version.code.clone(),
            ));
        }
        out.push((format!("{} draft", action.name), action.draft.code.clone()));
    }
    for module in &store.modules {
        out.push((module.name.clone(), module.code.clone()));
    }
    out
}

/// The demo's 98 KB action (its 5 200-line array of domains).
fn largest_demo_code() -> String {
    demo_codes()
        .into_iter()
        .map(|(_, code)| code)
        .max_by_key(String::len)
        .unwrap()
}

#[test]
fn every_demo_action_and_module_colours_exactly() {
    let codes = demo_codes();
    assert!(codes.len() > 20, "the demo has code: {}", codes.len());
    for (name, code) in &codes {
        assert_exact(name, code);
    }
}

/// Unminified JavaScript on this machine or in ../shared/fixtures (real-world code).
fn corpus() -> Vec<PathBuf> {
    let mut out = vec![];
    let mut roots = vec![PathBuf::from("../shared/fixtures")];
    for root in [
        "/usr/share/javascript",
        "/usr/share/gitweb",
        "/usr/lib/node_modules/npm/lib",
    ] {
        roots.push(PathBuf::from(root));
    }
    for root in roots {
        collect_js(&root, &mut out);
    }
    out.sort();
    out
}

fn collect_js(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_js(&path, out);
        } else if path.extension().is_some_and(|e| e == "js")
            && !path.to_string_lossy().contains(".min.")
        {
            out.push(path);
        }
    }
}

#[test]
fn real_javascript_colours_exactly() {
    let files = corpus();
    if files.is_empty() {
        // This machine's JavaScript is a bonus beyond the demo code and the generated programs that
        // every run checks (above and below); a machine without any is not a CI failure.
        eprintln!("notice: no JavaScript found on this machine; the real-world check is skipped");
        return;
    }
    let mut lines = 0;
    for path in files.iter().take(400) {
        let Ok(code) = std::fs::read_to_string(path) else {
            continue;
        };
        // Minified files have few, huge lines: nothing to learn, much to parse.
        if code.len() > 400_000 || code.lines().any(|l| l.len() > 2_000) {
            continue;
        }
        lines += code.lines().count();
        assert_exact(&path.display().to_string(), &code);
    }
    eprintln!("checked {} files, {lines} lines", files.len().min(400));
}

#[test]
fn sparse_lines_equal_the_whole_file() {
    let code = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emulator/seed/deny-disposable.js"),
    )
    .unwrap();
    let whole = whole_file(&code, DEFAULT_SYNTAX_THEME);
    let wanted = [3, 4, 9, 10, 11, whole.len() - 1, 1];
    let sparse = lines_at(&code, DEFAULT_SYNTAX_THEME, &wanted);
    for n in wanted {
        assert_eq!(sparse[n].as_ref(), Some(&whole[n]), "line {n}");
    }
}

/// Pieces of JavaScript that span lines or hide comment and string openers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("const a = 1;\n".to_string()),
        Just("/* a comment\n   over; lines `'\" */\n".to_string()),
        Just("/**\n * doc; with ${x}\n */\n".to_string()),
        Just("let t = `line one;\n${ a + `inner ${ b; } ` }\nend;`;\n".to_string()),
        Just("const s = 'esc \\' quote; /*';\n".to_string()),
        Just("const d = \"two \\\" ; // not a comment\";\n".to_string()),
        Just("const r = /[/*]\\/;'`/g.test(x);\n".to_string()),
        Just("const q = a / b;\n".to_string()),
        Just("const w = a / b + '/*';\n".to_string()),
        Just("function f(x) {\n  return x; /* inside\n ; */\n}\n".to_string()),
        Just(
            "exports.run = async (event, api) => {\n  api.deny(`no ${event.user};`);\n};\n"
                .to_string()
        ),
        Just("if (a) {\n  b();\n}\nelse {\n  c();\n}\n".to_string()),
        Just("const o = {\n  k: 'v;',\n  n: [1, 2],\n}\n".to_string()),
        Just("// line comment /* not a block\n".to_string()),
        Just("const c = 'continued \\\n string;';\n".to_string()),
        Just("x = y\n/re;/g.exec(z);\n".to_string()),
        Just("class A {\n  m() { return 1; }\n}\n".to_string()),
        Just("return /a;b/.source;\n".to_string()),
        Just("\n".to_string()),
        "[a-z]{1,6}".prop_map(|w| format!("{w}();\n")),
        // Runs of plain literal lines (the cache skips through them): in an array, bare, inside a
        // comment, a template and a string continued over lines, and next to lines that are not.
        Just("const l = [\n  'a.b',\n  'c-d',\n  \"e_f\",\n  'g'\n];\n".to_string()),
        Just("  'a.b',\n  'c-d',\n  'e',\n".to_string()),
        Just("/*\n  'a',\n  'b',\n  'c',\n*/\n".to_string()),
        Just("let t = `\n  'a',\n  'b',\n  'c',\n${x}`;\n".to_string()),
        Just("const c = 'x \\\n  'a',\n  'b',\n';\n".to_string()),
        Just("f([\n  'a', 'b',\n  'c',\n  'd' // e\n  'f',\n]);\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn generated_code_colours_exactly(parts in proptest::collection::vec(fragment(), 1..30)) {
        let code: String = parts.concat();
        assert_exact("generated", &code);
        // And every line asked alone comes out as in the whole file.
        let whole = whole_file(&code, DEFAULT_SYNTAX_THEME);
        for n in 0..whole.len() {
            let sparse = lines_at(&code, DEFAULT_SYNTAX_THEME, &[n]);
            prop_assert_eq!(sparse[n].as_ref(), Some(&whole[n]));
        }
    }
}

#[test]
fn scattered_lines_of_the_largest_demo_action_equal_the_whole_file() {
    let code = largest_demo_code();
    let whole = whole_file(&code, DEFAULT_SYNTAX_THEME);
    // Runs of a few lines here and there, as a diff's hunks ask for them, and the last lines.
    let wanted: Vec<usize> = (0..whole.len())
        .filter(|n| n % 997 < 3 || *n + 8 >= whole.len())
        .collect();
    let sparse = lines_at(&code, DEFAULT_SYNTAX_THEME, &wanted);
    for &n in &wanted {
        assert_eq!(sparse[n].as_ref(), Some(&whole[n]), "line {n}");
    }
    // Its last lines (where v3 → v4 changes) start below the 5 200-line array: a few lines parsed.
    let tail: Vec<usize> = (whole.len() - 8..whole.len()).collect();
    let parsed = lines_at(&code, DEFAULT_SYNTAX_THEME, &tail)
        .iter()
        .filter(|l| l.is_some())
        .count();
    assert!(parsed < 30, "parsed {parsed} lines for the last 8");
}

#[test]
fn the_scan_finds_fresh_starts_in_the_demo_action() {
    let code = largest_demo_code();
    let fresh = scan::fresh_starts(&code);
    let count = fresh.iter().filter(|&&f| f).count();
    assert!(count >= 2, "fresh starts: {count}");
}

/// A window the dashboard's cache is asked for: where it starts (per mille of the file's lines), how
/// many lines, and the frame's budget.
type Window = (usize, usize, usize);

/// Random windows, then a reader who interrupts a long parse: a window near the middle of the file
/// for a few frames of a small budget, one near the end (a fresh start there moves the parse away),
/// and the middle again, which resumes from a checkpoint when one lies between.
fn windows() -> impl Strategy<Value = Vec<Window>> {
    (
        proptest::collection::vec((0..1000usize, 1..80usize, 1..400usize), 1..16),
        1..6usize,
        1..200usize,
    )
        .prop_map(|(mut random, frames, budget)| {
            random.extend(std::iter::repeat_n((480, 20, budget), frames));
            random.push((995, 5, 400));
            random.push((480, 20, usize::MAX));
            random
        })
}

/// Asks one cache for `windows` of `code`, each a new frame with its budget, then for the same
/// windows with no budget: every line returned is the whole-file line, or its plain text while the
/// budget left it for later (never another colour), and a window reported complete is exact.
fn check_windows(
    name: &str,
    code: &str,
    whole: &[Line<'static>],
    windows: &[Window],
) -> Result<(), TestCaseError> {
    let plain: Vec<Line<'static>> = code
        .lines()
        .map(|line| Line::from(line.replace('\t', "    ")))
        .collect();
    let mut cache = Highlighter::new(4);
    let asked = windows
        .iter()
        .map(|&(at, count, budget)| (at * whole.len() / 1000, count, budget));
    for (start, count, budget) in asked
        .clone()
        .chain(asked.map(|(s, c, _)| (s, c, usize::MAX)))
    {
        cache = cache.with_budget(budget);
        cache.begin_frame();
        let got = cache.lines(code, DEFAULT_SYNTAX_THEME, start, count);
        for (offset, line) in got.iter().enumerate() {
            let n = start + offset;
            let exact = line == &whole[n];
            prop_assert!(
                exact || (cache.pending && line == &plain[n]),
                "{}: line {} (window {}+{}, budget {}) coloured differently",
                name,
                n,
                start,
                count,
                budget
            );
        }
    }
    Ok(())
}

/// Generated programs long enough to hold checkpoints, at the top level, inside IIFEs (no fresh
/// start inside) or inside arrays.
fn long_program() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(fragment(), 1..30),
        1..8usize,
        0..3u8,
    )
        .prop_map(|(parts, repeat, wrap)| {
            let body = parts.concat().repeat(repeat);
            // Two of each, so that windows in one move the parse away from the other.
            match wrap {
                0 => body,
                1 => format!("(function () {{\n{body}}})();\n").repeat(2),
                _ => format!("const list = [\n{body}];\n").repeat(2),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn the_cache_colours_any_windows_as_the_whole_file(
        code in long_program(),
        windows in windows(),
    ) {
        let whole = whole_file(&code, DEFAULT_SYNTAX_THEME);
        check_windows("generated", &code, &whole, &windows)?;
    }
}

/// Every demo action's and module's code with its whole-file colours, computed once for every case.
static DEMO_WHOLE: LazyLock<Vec<(String, String, Vec<Line<'static>>)>> = LazyLock::new(|| {
    demo_codes()
        .into_iter()
        .map(|(name, code)| {
            let whole = whole_file(&code, DEFAULT_SYNTAX_THEME);
            (name, code, whole)
        })
        .collect()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn the_cache_colours_any_windows_of_every_demo_action_as_the_whole_file(windows in windows()) {
        for (name, code, whole) in DEMO_WHOLE.iter() {
            check_windows(name, code, whole, &windows)?;
        }
    }
}
