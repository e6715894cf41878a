//! The diff's costs on two ~100 KB JavaScript versions (the demo tenant's action sources, copied and
//! varied, then edited the way versions are). Reports only; nothing here asserts a timing.
//!
//! `cargo bench --bench diff -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::process::{Command, Stdio};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

#[path = "support/seeds.rs"]
mod seeds;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use codedeck::diff::text::{render, TextOptions};
use codedeck::diff::{Diff, DiffState};
use codedeck::highlight::Highlighter;
use codedeck::theme::Theme;
use codedeck::ui::RenderCache;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// ~100 KB of JavaScript: the seed actions, copied with their names and numbers varied.
fn old_version() -> String {
    let sources = seeds::seed_sources();
    let mut out = String::new();
    let mut copy = 0;
    while out.len() < 100_000 {
        for (file, source) in &sources {
            out.push_str(&format!("// ---- {file} (copy {copy}) ----\n"));
            out.push_str(
                &source
                    .replace("const ", &format!("const c{copy}_"))
                    .replace("3000", &format!("{}", 3000 + copy))
                    .replace("exports.", &format!("exports.v{copy}_")),
            );
        }
        copy += 1;
    }
    out
}

/// The next version: every 40th line edited, every 97th deleted, a line inserted every 113 lines.
fn new_version(old: &str) -> String {
    let mut out = String::with_capacity(old.len() + 4096);
    for (i, line) in old.lines().enumerate() {
        if i % 113 == 50 {
            out.push_str(&format!("  logger.debug('checkpoint {i}');\n"));
        }
        if i % 97 == 60 {
            continue;
        }
        if i % 40 == 7 && !line.trim().is_empty() {
            out.push_str(&line.replace("event", "evt").replace("const ", "let "));
            out.push_str(" // reviewed\n");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One frame of the pane, as `ui::render` draws it (a frame starts the highlighter's budget afresh).
fn draw(
    terminal: &mut Terminal<TestBackend>,
    cache: &mut RenderCache,
    state: &DiffState,
    theme: &Theme,
) {
    cache.begin_frame();
    terminal
        .draw(|f| codedeck::ui::diff::render(f, f.area(), state, theme, true, cache))
        .unwrap();
}

fn benches(c: &mut Criterion) {
    let old = old_version();
    let new = new_version(&old);
    eprintln!(
        "inputs: old {} bytes / {} lines, new {} bytes / {} lines",
        old.len(),
        old.lines().count(),
        new.len(),
        new.lines().count()
    );
    let theme = Theme::default();
    let (old_arc, new_arc): (Arc<str>, Arc<str>) =
        (Arc::from(old.as_str()), Arc::from(new.as_str()));
    let sample = Diff::new(old_arc.clone(), new_arc.clone());
    eprintln!(
        "diff: {} rows, +{} −{}",
        sample.rows.len(),
        sample.added,
        sample.removed
    );

    c.bench_function("diff_new_100kb", |b| {
        b.iter(|| Diff::new(old_arc.clone(), new_arc.clone()));
    });

    let mut slow = c.benchmark_group("full_highlight");
    slow.sample_size(10);
    slow.bench_function("diff_new_and_highlight_both_sides_100kb", |b| {
        b.iter(|| {
            let diff = Diff::new(old_arc.clone(), new_arc.clone());
            let mut h = Highlighter::new(2);
            let old_lines = h.lines(&diff.old, &theme.syntax_theme, 0, usize::MAX);
            let new_lines = h.lines(&diff.new, &theme.syntax_theme, 0, usize::MAX);
            (diff, old_lines.len(), new_lines.len())
        });
    });
    slow.finish();

    // `d` to the first frame: texts never seen before (a fresh highlight cache entry each time).
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let mut cache = RenderCache::new();
    let mut round = 0u64;
    c.bench_function("d_to_first_frame_200x60", |b| {
        b.iter_batched(
            || {
                round += 1;
                let tag = format!("// build {round}\n");
                (
                    Arc::<str>::from(format!("{old}{tag}")),
                    Arc::<str>::from(format!("{new}{tag}")),
                )
            },
            |(o, n)| {
                let diff = Arc::new(Diff::new(o, n));
                let state = DiffState::new(diff, "v41".into(), "v42".into());
                draw(&mut terminal, &mut cache, &state, &theme);
            },
            BatchSize::LargeInput,
        );
    });

    // One frame far down a 3 000-line diff, highlight cache warm.
    let diff = Arc::new(Diff::new(old_arc.clone(), new_arc.clone()));
    let mut expanded = DiffState::new(diff.clone(), "v41".into(), "v42".into());
    expanded.toggle_expanded();
    let view = codedeck::diff::Viewport {
        rows: codedeck::ui::diff::visible_rows(HEIGHT),
        width: WIDTH as usize - 2,
    };
    expanded.scroll_by(2200, view);
    let mut folded = DiffState::new(diff, "v41".into(), "v42".into());
    for _ in 0..40 {
        folded.next_change();
    }
    for state in [&expanded, &folded] {
        for _ in 0..20 {
            draw(&mut terminal, &mut cache, state, &theme); // let the per-frame budget parse up to here
        }
    }
    // What any frame costs here: ratatui's buffer diff and the test backend, with a plain text pane.
    let filler = ratatui::widgets::Paragraph::new("x".repeat(WIDTH as usize * HEIGHT as usize))
        .wrap(ratatui::widgets::Wrap { trim: false });
    c.bench_function("baseline_frame_text_200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(filler.clone(), f.area()))
                .map(|_| ())
                .unwrap();
        });
    });
    c.bench_function("scrolled_frame_expanded_200x60", |b| {
        b.iter(|| draw(&mut terminal, &mut cache, &expanded, &theme));
    });
    c.bench_function("scrolled_frame_folded_200x60", |b| {
        b.iter(|| draw(&mut terminal, &mut cache, &folded, &theme));
    });
    let mut unified = expanded.clone();
    unified.toggle_unified();
    for _ in 0..5 {
        draw(&mut terminal, &mut cache, &unified, &theme);
    }
    c.bench_function("scrolled_frame_unified_200x60", |b| {
        b.iter(|| draw(&mut terminal, &mut cache, &unified, &theme));
    });

    c.bench_function("text_render_side_by_side_color_200", |b| {
        let d = Diff::new(old_arc.clone(), new_arc.clone());
        let opts = TextOptions {
            unified: false,
            width: WIDTH,
            color: true,
            old_label: "old.js".into(),
            new_label: "new.js".into(),
            syntax_theme: theme.syntax_theme.clone(),
        };
        b.iter(|| render(&d, &opts).len());
    });

    processes(c, &old, &new);
}

/// `codedeck diff` as a whole process, beside other tools on the same files when installed.
fn processes(c: &mut Criterion, old: &str, new: &str) {
    let dir = std::env::temp_dir().join(format!("codedeck-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("old.js"), dir.join("new.js"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let codedeck = env!("CARGO_BIN_EXE_codedeck");
    let mut group = c.benchmark_group("process");
    group.sample_size(10);
    let width = WIDTH.to_string();
    let tools: Vec<(&str, Vec<&str>)> = vec![
        (
            "codedeck_diff_color",
            vec![
                codedeck, "diff", "--color", "always", "--width", &width, a, b,
            ],
        ),
        (
            "codedeck_diff_plain",
            vec![
                codedeck, "diff", "--color", "never", "--width", &width, a, b,
            ],
        ),
        (
            "delta_side_by_side",
            vec![
                "delta",
                "--side-by-side",
                "--width",
                &width,
                "--paging",
                "never",
                a,
                b,
            ],
        ),
        (
            "git_diff_no_index_color",
            vec![
                "git",
                "--no-pager",
                "diff",
                "--no-index",
                "--color=always",
                a,
                b,
            ],
        ),
    ];
    for (name, argv) in tools {
        if !runs(&argv) {
            eprintln!("process/{name}: `{}` not installed, skipped", argv[0]);
            continue;
        }
        group.bench_function(name, |bench| {
            bench.iter(|| {
                Command::new(argv[0])
                    .args(&argv[1..])
                    .env("CODEDECK_CONFIG", "/nonexistent/bench.toml")
                    .stdout(Stdio::null())
                    .status()
                    .unwrap()
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The tool is installed and runs on these files (diff tools exit 1 when files differ).
fn runs(argv: &[&str]) -> bool {
    Command::new(argv[0])
        .args(&argv[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| matches!(s.code(), Some(0 | 1)))
}

criterion_group!(diff_benches, benches);
criterion_main!(diff_benches);
