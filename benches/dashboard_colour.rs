//! The dashboard's colour on the demo's largest action ("Deny disposable email domains", 98 KB),
//! driven headless (`shell::Driver`, the runtime's own `update` and `render`) against the in-process
//! demo emulator at 200×60, with delta timed in the same run as the anchor:
//! (a) from `d` on v4 in the timeline (v3 → v4, the change at line 5 221) until a drawn frame shows
//!     the changed line in syntax colour;
//! (b) from the timeline with v4 selected, `<Tab>` to its code and `G`, until the last lines are
//!     drawn in syntax colour.
//! Each run starts on a fresh dashboard (nothing highlighted before) and draws frame after frame
//! (`Driver::render_frame`), as the runtime draws again at once while colour fills in; it reports the
//! first frame with the probed line in colour and the frame where every visible line is. Medians of
//! ROUNDS runs (15 unless set). Reports only; nothing here asserts a timing.
//!
//! `cargo bench --bench dashboard_colour`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

#[path = "../tests/support/dashboard.rs"]
#[allow(dead_code)] // the tests' setup; the benchmark uses a part of it
mod dashboard;
#[path = "support/delta.rs"]
mod delta;

use std::time::{Duration, Instant};

use codedeck::shell::Driver;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use dashboard::{auth0, select, setup_on, text, Setup};
use delta::{delta_args, demo_pair, ensure_delta, median, time};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const ACTION: &str = "Deny disposable email domains";
/// Text of the line v4 removes (what `d` must show in colour).
const CHANGED: &str = "denied disposable domain";
/// Text of one of the last lines (what `G` must show in colour).
const LAST: &str = "api.access.deny(";

/// True when `probe` is on screen and its first cell is drawn in a syntax colour (plain text is
/// drawn with the terminal's default colour).
fn is_coloured(buf: &Buffer, probe: &str) -> bool {
    let screen = text(buf);
    screen.lines().enumerate().any(|(y, row)| {
        row.find(probe).is_some_and(|byte| {
            let x = row[..byte].chars().count() as u16;
            buf[(x, y as u16)].fg != Color::Reset
        })
    })
}

/// A fresh dashboard on a fresh demo emulator, on the timeline of the action with v4 selected and
/// drawn (what the reader sees before the key).
async fn at_the_newest_version() -> Setup {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    driver.resize(WIDTH, HEIGHT);
    select(driver, ACTION);
    driver.press("v");
    driver.settle().await;
    // The timeline opens on the live version, v4.
    driver.render(WIDTH, HEIGHT);
    setup
}

/// What one key cost: until the first frame with the probe in colour, and until the last frame
/// (colour complete on screen).
struct Timing {
    coloured: Duration,
    complete: Duration,
}

/// Presses `keys` and draws frame after frame, as the runtime does while colour is pending, until
/// every visible line is coloured; `probe` must be in colour on the last frame.
fn until_coloured(driver: &mut Driver, keys: &str, probe: &str) -> Timing {
    let start = Instant::now();
    driver.press(keys);
    let mut coloured = None;
    loop {
        let (buf, pending) = driver.render_frame(WIDTH, HEIGHT);
        if coloured.is_none() && is_coloured(&buf, probe) {
            coloured = Some(start.elapsed());
        }
        if !pending {
            let complete = start.elapsed();
            let coloured = coloured.unwrap_or_else(|| {
                panic!(
                    "after {keys}: {probe:?} not on screen in colour:\n{}",
                    text(&buf)
                )
            });
            return Timing { coloured, complete };
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let delta_version = ensure_delta();
    let rounds = delta::rounds(15);
    let dir = std::env::temp_dir().join(format!("codedeck-colour-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (v3, v4) = demo_pair();
    let (old, new) = (dir.join("v3.js"), dir.join("v4.js"));
    std::fs::write(&old, v3).unwrap();
    std::fs::write(&new, v4).unwrap();
    let width = WIDTH.to_string();
    let delta = delta_args(&width, old.to_str().unwrap(), new.to_str().unwrap());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut samples: [Vec<Duration>; 6] = Default::default();
    let mut theirs = vec![];
    // One untimed round first: syntect's grammar and themes load once per process.
    for round in 0..=rounds {
        let mut setup = runtime.block_on(at_the_newest_version());
        let d = until_coloured(&mut setup.driver, "d", CHANGED);
        let labels = setup
            .driver
            .state
            .versions()
            .and_then(|v| v.diff.as_ref())
            .map(|p| (p.old_label.clone(), p.new_label.clone()));
        assert!(
            labels
                .as_ref()
                .is_some_and(|(old, new)| old == "v3" && new.starts_with("v4")),
            "d compares v3 with v4: {labels:?}"
        );
        let mut setup = runtime.block_on(at_the_newest_version());
        let tab = until_coloured(&mut setup.driver, "<Tab>", "const");
        let g = until_coloured(&mut setup.driver, "G", LAST);
        let t = time(&delta);
        if round > 0 {
            for (k, sample) in [
                d.coloured,
                d.complete,
                tab.coloured,
                tab.complete,
                g.coloured,
                g.complete,
            ]
            .into_iter()
            .enumerate()
            {
                samples[k].push(sample);
            }
            theirs.push(t);
        }
    }
    let delta_ms = median(theirs);
    println!("delta: {delta_version}; {rounds} rounds, alternating; {WIDTH}×{HEIGHT}");
    println!("| what | codedeck (median, min–max) | delta process on v3 → v4 | ratio |");
    println!("|---|---|---|---|");
    let whats = [
        "`d` on v4 → the changed line in colour",
        "`d` on v4 → every visible line in colour",
        "`<Tab>` to v4's code → its first lines in colour",
        "`<Tab>` to v4's code → every visible line in colour",
        "then `G` → the last lines in colour",
        "then `G` → every visible line in colour",
    ];
    for (what, times) in whats.into_iter().zip(samples) {
        let (min, max) = (*times.iter().min().unwrap(), *times.iter().max().unwrap());
        let m = median(times);
        println!(
            "| {what} | {} ({}–{}) | {} | {:.2}× |",
            ms(m),
            ms(min),
            ms(max),
            ms(delta_ms),
            m.as_secs_f64() / delta_ms.as_secs_f64()
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
