//! The picture in the README's Architecture section, held against the code: every `crate::…` and
//! `super::…` path in `src/` is an arrow from the file's module to another, and an arrow the picture
//! does not draw fails this test with the file and line. `src/app` must also stay pure: no runtime,
//! network, file system, process or environment access.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What each top-level module may import besides itself. `main` (the binary) and `lib` are left out:
/// they only name the modules.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("strings", &["model"]),
    ("secret", &["model", "strings"]),
    ("highlight", &["model", "strings"]),
    ("theme", &["highlight", "model", "strings"]),
    ("diff", &["highlight", "theme", "model", "strings"]),
    // Pure algorithms over stored versions (blame, pickaxe, search); the line diff is diff's.
    ("history", &["model", "strings", "diff"]),
    ("journal", &["model", "strings", "secret"]),
    ("config", &["model", "strings", "secret"]),
    ("backend", &["model", "strings", "secret"]),
    // The local history store (SQLite): model types in, model types out.
    ("store", &["model", "strings", "secret"]),
    // Every fetched version kept: a Backend decorator (and --offline, and sync) over the store.
    (
        "archive",
        &["model", "strings", "secret", "backend", "store"],
    ),
    ("emulator", &["model"]),
    (
        "flow",
        &["model", "strings", "secret", "backend", "journal"],
    ),
    (
        "flows",
        &["model", "strings", "secret", "backend", "journal"],
    ),
    (
        "authoring",
        &["model", "strings", "secret", "backend", "journal"],
    ),
    (
        "outcome",
        &[
            "model",
            "strings",
            "secret",
            "backend",
            "journal",
            "authoring",
            "flows",
        ],
    ),
    (
        "stages",
        // journal: a promote says how it is journaled (the operation whose undo exists), for the
        // CLI and the dashboard alike.
        &["model", "strings", "secret", "backend", "flows", "journal"],
    ),
    ("logging", &["journal", "secret", "model", "strings"]),
    // What the tenant's logs say of actions (issue 18), pure: classes, authors (the journal names
    // codedeck's own), the version live when a failure happened.
    ("activity", &["model", "strings", "secret", "journal"]),
    (
        "app",
        &[
            "model",
            "strings",
            "secret",
            "theme",
            "highlight",
            "diff",
            "journal",
            "authoring",
            "flow",
            "flows",
            "outcome",
            "stages",
            "history",
            "activity",
        ],
    ),
    (
        "ui",
        &[
            "app",
            "model",
            "strings",
            "theme",
            "highlight",
            "diff",
            "flows",
            "stages",
        ],
    ),
    (
        "shell",
        &[
            "app",
            "ui",
            "backend",
            "journal",
            "config",
            "outcome",
            "authoring",
            "flow",
            "flows",
            "secret",
            "theme",
            "highlight",
            "diff",
            "model",
            "strings",
            "emulator",
            "logging",
            "stages",
            // The history store the dashboard reads (stored lists, search) and fills.
            "store",
            // The dashboard's backend may be the archive's (or `--offline`'s).
            "archive",
            // Search over the store, on a blocking thread.
            "history",
            // The logs tail's secret-free events and their classes (issue 18).
            "activity",
        ],
    ),
    (
        "cli",
        &[
            "shell",
            "app",
            "ui",
            "backend",
            "emulator",
            "journal",
            "config",
            "outcome",
            "authoring",
            "flow",
            "flows",
            "stages",
            "secret",
            "theme",
            "highlight",
            "diff",
            "model",
            "strings",
            "logging",
            "store",
            "history",
            // The backend every command and the dashboard use goes through the archive.
            "archive",
            // `codedeck logs`: classes and authors of log events.
            "activity",
        ],
    ),
];

/// The dashboard's features: each owns a view or a kind of change and never imports another, nor the
/// dispatcher. They share the common layer: every other file in `src/app` (state, msg, keymap, layout,
/// help, common, loading, pipeline, diffing, journaling, timeline, waiting), which imports no feature.
const APP_FEATURES: &[&str] = &[
    "browse",
    "versions",
    "changes",
    "flows_view",
    "packages",
    "refresh",
    "authoring",
    "compare",
    "search",
    "logs",
    "warm",
    // Line history in the dashboard (issue 17): the blame gutter and the pickaxe.
    "blame",
    // Reaching out (issue 19): the clipboard, the Auth0 Dashboard, saved payloads, undo/redo.
    "reach",
];

/// The dispatcher turns each `Msg` into one feature's call: the only app files that import features.
const APP_DISPATCHER: &[&str] = &["update", "mouse"];

/// Inside `src/app` none of these may appear: the app is pure, the shell does the I/O.
const APP_FORBIDDEN: &[&str] = &[
    "tokio::",
    "reqwest::",
    "std::fs",
    "std::process",
    "std::env",
    "std::thread",
    "std::time::Instant",
    "SystemTime::now",
];

#[derive(Debug, PartialEq)]
struct Arrow {
    file: String,
    line: usize,
    from: Vec<String>,
    to: Vec<String>,
}

/// `src/app/authoring/mod.rs` → `[app, authoring]`; `src/model.rs` → `[model]`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs").to_string();
    if stem != "mod" {
        parts.push(stem);
    }
    parts
}

/// Drops `//` comments (doc comments included) and the insides of string literals, so a path in
/// prose or in a message is not taken for an import.
fn code_only(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            if c == '\\' {
                chars.next();
            } else if c == '"' {
                in_string = false;
                out.push('"');
            }
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            break;
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// `crate::{a::{b, c}, d}` → `[crate::a::b, crate::a::c, crate::d]`.
fn expand(tree: &str) -> Vec<String> {
    // One space between words (for `as`), none around punctuation.
    let mut tree = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    for punct in ["{", "}", ",", "::"] {
        tree = tree
            .replace(&format!(" {punct}"), punct)
            .replace(&format!("{punct} "), punct);
    }
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(|s| s.split(" as ").next().unwrap_or(s).to_string())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// Every path a file names that starts at `crate::` or `super::`, resolved to a module path, with its
/// line. `super::` inside an inline `mod tests` refers to the file's own module.
fn arrows(file: &str, module: &[String], source: &str) -> Vec<Arrow> {
    let mut found = Vec::new();
    let mut statement = String::new();
    let mut statement_line = 0;
    let mut in_test_module = false;
    let mut cfg_test = false;
    for (index, raw) in source.lines().enumerate() {
        let line = code_only(raw);
        // An inline `#[cfg(test)] mod …` sees its file through `super`.
        if line.trim_start().starts_with("#[cfg(test)]") {
            cfg_test = true;
        } else if cfg_test && line.trim_start().starts_with("mod ") {
            in_test_module = true;
        } else if !line.trim().is_empty() {
            cfg_test = false;
        }
        // Gather `use` statements whole (they may span lines); other paths are read where they stand.
        let trimmed = line.trim_start();
        let starts_use = trimmed.starts_with("use ")
            || trimmed.starts_with("pub use ")
            || trimmed.starts_with("pub(crate) use ")
            || trimmed.starts_with("pub(super) use ");
        if statement.is_empty() && starts_use {
            statement_line = index + 1;
        }
        let mut paths = Vec::new();
        if !statement.is_empty() || starts_use {
            statement.push_str(&line);
            if line.contains(';') {
                let body = statement.split_once("use ").map_or("", |(_, b)| b);
                let body = body.trim_end().trim_end_matches(';');
                paths.extend(expand(body).into_iter().map(|p| (statement_line, p)));
                statement.clear();
            }
        } else {
            for start in ["crate::", "super::"] {
                let mut rest = line.as_str();
                while let Some(at) = rest.find(start) {
                    let before = rest[..at].chars().last();
                    let tail = &rest[at..];
                    let end = tail
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(tail.len());
                    if !matches!(before, Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == ':')
                    {
                        paths.push((index + 1, tail[..end].to_string()));
                    }
                    rest = &tail[end.max(1)..];
                }
            }
        }
        for (line_number, path) in paths {
            let parts = segments(&path);
            let Some(first) = parts.first() else { continue };
            let target: Vec<String> = match first.as_str() {
                "crate" => parts[1..].to_vec(),
                "super" => {
                    let ups = parts.iter().take_while(|p| *p == "super").count();
                    let ups = if in_test_module { ups - 1 } else { ups };
                    if ups > module.len() {
                        continue;
                    }
                    let mut base = module[..module.len() - ups].to_vec();
                    base.extend(parts.iter().skip_while(|p| *p == "super").cloned());
                    base
                }
                _ => continue,
            };
            if target.is_empty() {
                continue;
            }
            found.push(Arrow {
                file: file.to_string(),
                line: line_number,
                from: module.to_vec(),
                to: target,
            });
        }
    }
    found
}

/// The picture's verdict on one arrow: `None` when it is drawn, else why not.
fn refused(arrow: &Arrow) -> Option<String> {
    let from = arrow.from.first()?;
    let to = arrow.to.first()?;
    if from == to {
        // Inside the app, one feature must not reach into another.
        if from == "app" {
            let source = arrow.from.get(1).map(String::as_str);
            let target = arrow.to.get(1).map(String::as_str);
            if let (Some(a), Some(b)) = (source, target) {
                let feature = |m: &str| APP_FEATURES.contains(&m);
                let dispatcher = |m: &str| APP_DISPATCHER.contains(&m);
                if a != b && feature(a) && (feature(b) || dispatcher(b)) {
                    return Some(format!("feature app::{a} imports app::{b}"));
                }
                if !feature(a) && !dispatcher(a) && (feature(b) || dispatcher(b)) {
                    return Some(format!("common app::{a} imports app::{b}"));
                }
            }
        }
        return None;
    }
    if matches!(from.as_str(), "main" | "lib") {
        return None;
    }
    let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| name == from) else {
        return Some(format!(
            "module {from} is not in the picture (add it to ALLOWED and the README)"
        ));
    };
    if allowed.contains(&to.as_str()) {
        None
    } else {
        Some(format!("{from} → {to} is not drawn"))
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, Vec<String>, String)> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&src).unwrap().to_path_buf();
            let text = std::fs::read_to_string(&path).unwrap();
            (relative.display().to_string(), module_of(&relative), text)
        })
        .collect()
}

#[test]
fn every_arrow_in_src_is_one_the_picture_draws() {
    let mut refusals = BTreeSet::new();
    for (file, module, text) in sources() {
        for arrow in arrows(&file, &module, &text) {
            if let Some(why) = refused(&arrow) {
                refusals.insert(format!(
                    "src/{}:{}: {why} ({})",
                    arrow.file,
                    arrow.line,
                    arrow.to.join("::")
                ));
            }
        }
    }
    assert!(
        refusals.is_empty(),
        "{} arrow(s) the README's picture does not draw:\n{}",
        refusals.len(),
        refusals.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_app_does_no_io() {
    let mut found = Vec::new();
    for (file, module, text) in sources() {
        if module.first().map(String::as_str) != Some("app") {
            continue;
        }
        for (index, raw) in text.lines().enumerate() {
            let line = code_only(raw);
            for forbidden in APP_FORBIDDEN {
                if line.contains(forbidden) {
                    found.push(format!("src/{file}:{}: {forbidden}", index + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "I/O in the pure app:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_top_level_module_is_in_the_picture() {
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim().strip_prefix("mod "))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(!declared.is_empty(), "src/lib.rs declares no modules?");
    let missing: Vec<&&str> = declared
        .iter()
        .filter(|m| !ALLOWED.iter().any(|(name, _)| name == *m))
        .collect();
    assert!(
        missing.is_empty(),
        "modules with no place in the picture: {missing:?}"
    );
}

// The checker itself: a test that could not fail would hold nothing.

fn refusals_in(file: &str, source: &str) -> Vec<String> {
    let module = module_of(Path::new(file));
    let mut found: Vec<String> = arrows(file, &module, source)
        .iter()
        .filter_map(refused)
        .collect();
    found.dedup();
    found
}

#[test]
fn the_checker_refuses_an_upward_arrow_hidden_in_a_use_tree() {
    let source = "use crate::{\n    model::Script,\n    app::state::{State, View},\n};\n";
    let found = refusals_in("strings.rs", source);
    assert_eq!(found, vec!["strings → app is not drawn".to_string()]);
}

#[test]
fn the_checker_sees_inline_paths_and_ignores_comments_and_strings() {
    let source = "// crate::backend::x in a comment\nlet s = \"crate::backend\";\nfn f(c: &crate::backend::ConnectionInfo) {}\n";
    let found = refusals_in("ui/header.rs", source);
    assert_eq!(found, vec!["ui → backend is not drawn".to_string()]);
}

#[test]
fn the_checker_resolves_super_between_app_features() {
    let found = refusals_in(
        "app/versions.rs",
        "use super::packages::command;\nuse super::state::State;\n",
    );
    assert_eq!(
        found,
        vec!["feature app::versions imports app::packages".to_string()]
    );
    // In a file's test module `super` is the file itself.
    let in_tests = refusals_in(
        "app/versions.rs",
        "#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    );
    assert!(in_tests.is_empty(), "{in_tests:?}");
}

#[test]
fn the_checker_keeps_the_common_layer_below_the_features() {
    let found = refusals_in(
        "app/pipeline.rs",
        "use crate::app::packages::revert;\nuse crate::app::update::update;\n",
    );
    assert_eq!(
        found,
        vec![
            "common app::pipeline imports app::packages".to_string(),
            "common app::pipeline imports app::update".to_string()
        ]
    );
    assert!(refusals_in("app/update.rs", "use crate::app::{changes, versions};\n").is_empty());
}

#[test]
fn the_checker_allows_what_the_picture_draws() {
    let source = "use crate::model::{Script, Version};\nuse crate::strings as s;\n";
    assert!(refusals_in("app/timeline.rs", source).is_empty());
    assert!(refusals_in("emulator/routes.rs", "use crate::backend::BackendError;\n").len() == 1);
}

#[test]
fn the_readme_architecture_names_every_top_level_module() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split("## Architecture")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has an Architecture section");
    let missing: Vec<&str> = ALLOWED
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            !section.contains(&format!("`{name}/`")) && !section.contains(&format!("`{name}.rs`"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "the README's module table lacks {missing:?}"
    );
}
