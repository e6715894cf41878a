//! Loading every version of every action of a 100-action tenant through a rate limit, against the
//! rate-limit floor (requests needed ÷ allowed rate), on a loopback emulator with Auth0's token
//! bucket. Prints each run and the ratio; asserts nothing about time.
//!
//! `cargo bench --bench rate_floor` (ROUNDS=n for more than 3 rounds per limit)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code stops at the line that failed

#[allow(dead_code)]
#[path = "../tests/support/rate.rs"]
mod rate;

const ACTIONS: usize = 100;

/// (burst, refills per second): the emulator's test limit, and a self-service tenant's
/// "all other endpoints" limit (burst 10, 150 a minute).
const LIMITS: [(u32, f64); 2] = [(10, 20.0), (10, 2.5)];

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    println!(
        "{ACTIONS} actions, every version, {} timelines at once",
        rate::AT_ONCE
    );
    for (burst, per_second) in LIMITS {
        let mut ratios = vec![];
        for round in 1..=rounds {
            let emu = rate::limited_tenant(ACTIONS, burst, per_second).await;
            let loaded = rate::load_every_timeline(&emu).await;
            let floor = loaded.needed() as f64 / per_second;
            let took = loaded.took.as_secs_f64();
            ratios.push(took / floor);
            println!(
                "burst {burst}, {per_second}/s, round {round}: {} requests needed, {} sent \
                 ({} refused), {} failed; {took:.2} s against a floor of {floor:.2} s: ratio {:.3}",
                loaded.needed(),
                loaded.sent,
                loaded.sent - loaded.needed(),
                loaded.failures,
                took / floor
            );
        }
        ratios.sort_by(f64::total_cmp);
        println!(
            "burst {burst}, {per_second}/s: median ratio {:.3}",
            ratios[ratios.len() / 2]
        );
    }
}
