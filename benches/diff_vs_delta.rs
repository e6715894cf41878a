//! `codedeck diff --color always --width 200` (side by side) against `delta --side-by-side` on the
//! three kinds of pair of issue 15, as processes, alternately, several rounds; prints each median and
//! the ratio. Installs delta (`cargo install git-delta --locked`) when it is missing: never skips.
//! Reports only; nothing here asserts a timing.
//!
//! `cargo bench --bench diff_vs_delta` (ROUNDS=n to change the 15 rounds; CODEDECK_BIN=path to time
//! another codedeck build; KEEP=dir to keep the pairs there)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

#[path = "support/seeds.rs"]
mod seeds;

#[path = "support/delta.rs"]
mod delta;

use std::path::{Path, PathBuf};

use delta::{delta_args, demo_pair, ensure_delta, median, time};

const WIDTH: &str = "200";

/// ~110 KB of JavaScript: the seed actions copied with names and numbers varied.
fn generated_version() -> String {
    let sources: Vec<String> = seeds::seed_sources()
        .into_iter()
        .map(|(_, source)| source)
        .collect();
    let mut out = String::new();
    let mut copy = 0;
    while out.len() < 110_000 {
        for source in &sources {
            out.push_str(
                &source
                    .replace("const ", &format!("const c{copy}_"))
                    .replace("exports.", &format!("exports.v{copy}_")),
            );
        }
        copy += 1;
    }
    out
}

/// `old` with `count` small edits spread evenly (a comment appended to a statement's line).
fn spread_edits(old: &str, count: usize) -> String {
    let candidates: Vec<usize> = old
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(';'))
        .map(|(i, _)| i)
        .collect();
    let step = candidates.len() / count;
    let chosen: Vec<usize> = (0..count)
        .map(|k| candidates[k * step + step / 2])
        .collect();
    old.lines()
        .enumerate()
        .map(|(i, line)| {
            if chosen.contains(&i) {
                format!("{line} // reviewed {i}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

/// A real-world ~100 KB JavaScript file on this machine, or None.
fn real_world() -> Option<(String, String)> {
    let candidates = [
        "/usr/lib/node_modules/npm/node_modules/@sigstore/protobuf-specs/dist/__generated__/google/protobuf/descriptor.js",
        "/usr/share/javascript/underscore/underscore.js",
    ];
    candidates.iter().find_map(|p| {
        let code = std::fs::read_to_string(p).ok()?;
        Some((p.to_string(), code))
    })
}

/// One edit near the end: the statement line about 95 % down gets a comment.
fn edit_near_end(old: &str) -> String {
    let lines: Vec<&str> = old.lines().collect();
    let target = (lines.len() * 95 / 100..lines.len())
        .find(|&i| lines[i].trim_end().ends_with(';'))
        .unwrap_or(lines.len() - 1);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == target {
                format!("{l} // edited\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported (three pairs only).
    let delta_version = ensure_delta();
    let rounds = delta::rounds(15);
    let keep = std::env::var_os("KEEP").map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("codedeck-vs-delta-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).unwrap();

    let generated = generated_version();
    let spread = spread_edits(&generated, 49);
    let mut pairs = vec![(
        format!(
            "generated {} KB JS, 49 small changes spread out",
            generated.len() / 1000
        ),
        generated,
        spread,
    )];
    match real_world() {
        Some((path, code)) => {
            let name = format!(
                "real-world {} KB JS ({}), one edit near the end",
                code.len() / 1000,
                Path::new(&path).file_name().unwrap().to_string_lossy()
            );
            let edited = edit_near_end(&code);
            pairs.push((name, code, edited));
        }
        None => eprintln!("notice: no real-world JS file found on this machine"),
    }
    let (v3, v4) = demo_pair();
    pairs.push((
        format!("demo's largest action ({} KB), v3 → v4", v3.len() / 1000),
        v3,
        v4,
    ));

    // CODEDECK_BIN times another build (e.g. the one before a change) against the same pairs.
    let built =
        std::env::var("CODEDECK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_codedeck").into());
    let codedeck = built.as_str();
    println!("delta: {delta_version}; {rounds} rounds, alternating");
    println!("| pair | codedeck | delta | ratio |");
    println!("|---|---|---|---|");
    for (k, (name, old, new)) in pairs.iter().enumerate() {
        let a = dir.join(format!("{k}-old.js"));
        let b = dir.join(format!("{k}-new.js"));
        std::fs::write(&a, old).unwrap();
        std::fs::write(&b, new).unwrap();
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        let ours = [
            codedeck, "diff", "--color", "always", "--width", WIDTH, a, b,
        ];
        let theirs = delta_args(WIDTH, a, b);
        // One untimed run each warms the page cache.
        time(&ours);
        time(&theirs);
        let (mut ours_t, mut theirs_t) = (vec![], vec![]);
        for _ in 0..rounds {
            ours_t.push(time(&ours));
            theirs_t.push(time(&theirs));
        }
        let (o, t) = (median(ours_t), median(theirs_t));
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.2}× |",
            o.as_secs_f64() * 1000.0,
            t.as_secs_f64() * 1000.0,
            o.as_secs_f64() / t.as_secs_f64()
        );
    }
    if keep.is_none() {
        std::fs::remove_dir_all(&dir).ok();
    }
}
