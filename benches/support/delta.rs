//! What the benchmarks that time codedeck against delta share: the demo's pair, delta itself
//! (installed when missing), timing a process, medians.
#![allow(dead_code)] // each benchmark uses a subset

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The demo's largest action ("Deny disposable email domains", 98 KB), v3 and v4 (the change at
/// line 5 221).
pub fn demo_pair() -> (String, String) {
    let store = codedeck::emulator::seed::demo(chrono::Utc::now());
    let action = store
        .actions
        .iter()
        .max_by_key(|a| a.draft.code.len())
        .unwrap();
    let code = |n: u32| {
        action
            .versions
            .iter()
            .find(|v| v.number == n)
            .map(|v| v.code.clone())
            .unwrap()
    };
    (code(3), code(4))
}

/// delta's version, after installing it when it is missing (never skips).
pub fn ensure_delta() -> String {
    let found = Command::new("delta")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("delta is missing: cargo install git-delta --locked");
        let status = Command::new("cargo")
            .args(["install", "git-delta", "--locked"])
            .status()
            .unwrap();
        assert!(status.success(), "installing delta failed");
    }
    let version = Command::new("delta").arg("--version").output().unwrap();
    String::from_utf8_lossy(&version.stdout).trim().to_string()
}

/// The wall time of one run of `args` (it must print something).
pub fn time(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(args[0])
        .args(&args[1..])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(!out.stdout.is_empty(), "{} printed nothing", args[0]);
    took
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Rounds to time: ROUNDS, else `default`.
pub fn rounds(default: usize) -> usize {
    std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}

/// delta side by side at `width` columns on two files, as the benchmarks run it.
pub fn delta_args<'a>(width: &'a str, old: &'a str, new: &'a str) -> [&'a str; 8] {
    [
        "delta",
        "--side-by-side",
        "--width",
        width,
        "--paging",
        "never",
        old,
        new,
    ]
}
