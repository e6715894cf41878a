//! The blame gutter in the dashboard, driven headless (`shell::Driver`: the runtime's own `update`,
//! the blame computed as the runtime's blocking task computes it, and `render`) against the
//! in-process demo emulator, on the demo's largest action ("Deny disposable email domains", 98 KB,
//! 5 223 lines, four versions), at 80×24 and 200×60:
//! (a) from `b` in the timeline (v4 selected) to the first drawn frame with the gutter;
//! (b) a scroll step (`<PgDn>` in the code, then a frame) with the gutter on and with it off.
//! Each run of (a) starts on a fresh dashboard. Medians of ROUNDS runs (15 unless set). Reports
//! only; nothing here asserts a timing.
//!
//! `cargo bench --bench blame_frame`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

#[path = "../tests/support/dashboard.rs"]
#[allow(dead_code)] // the tests' setup; the benchmark uses a part of it
mod dashboard;

use std::time::{Duration, Instant};

use codedeck::shell::Driver;

use dashboard::{auth0, select, setup_on, text, Setup};

const ACTION: &str = "Deny disposable email domains";
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn rounds() -> usize {
    std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A gutter label is on screen: `v<n> ` at the start of a code line.
fn gutter_shown(driver: &Driver, width: u16, height: u16) -> bool {
    let screen = text(&driver.render(width, height));
    screen.lines().any(|l| {
        l.split(['┃', '│']).any(|cell| {
            cell.starts_with('v') && cell[1..].starts_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// A fresh dashboard on the action's timeline, v4 selected, drawn once.
async fn on_the_timeline(width: u16, height: u16) -> Setup {
    let mut setup = setup_on(auth0).await;
    let driver = &mut setup.driver;
    driver.resize(width, height);
    select(driver, ACTION);
    driver.press("v");
    driver.settle().await;
    driver.render(width, height);
    setup
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let rounds = rounds();
    for (width, height) in SIZES {
        let mut to_gutter = vec![];
        let mut scroll_on = vec![];
        let mut scroll_off = vec![];
        for _ in 0..rounds {
            let mut setup = runtime.block_on(on_the_timeline(width, height));
            let driver = &mut setup.driver;
            let started = Instant::now();
            driver.press("b");
            assert!(gutter_shown(driver, width, height), "the gutter is drawn");
            to_gutter.push(started.elapsed());
            // Scrolling with the gutter on, then off: a page down and its frame.
            for (times, toggle) in [(&mut scroll_on, false), (&mut scroll_off, true)] {
                if toggle {
                    driver.press("b");
                    driver.press("<Tab><Tab>"); // back to the code (the cursor keys scroll it)
                }
                let started = Instant::now();
                driver.press("<PgDn>");
                driver.render(width, height);
                times.push(started.elapsed());
            }
        }
        println!(
            "{width}×{height}: b → gutter frame {:.1} ms; PgDn + frame with the gutter {:.2} ms, without {:.2} ms (medians of {rounds})",
            median(to_gutter).as_secs_f64() * 1e3,
            median(scroll_on).as_secs_f64() * 1e3,
            median(scroll_off).as_secs_f64() * 1e3,
        );
    }
}
