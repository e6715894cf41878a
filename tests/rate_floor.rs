//! Loading every version of every action of a 100-action tenant against a rate-limited loopback
//! emulator: nothing fails, and the client paces itself to the limit instead of sending into 429s.
//! How long it takes against the rate-limit floor is measured by `benches/rate_floor.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use support::rate::{limited_tenant, load_every_timeline};

const ACTIONS: usize = 100;

#[tokio::test(flavor = "multi_thread")]
async fn every_version_of_a_100_action_tenant_loads_paced_to_the_limit() {
    let emu = limited_tenant(ACTIONS, 10, 20.0).await;
    let loaded = load_every_timeline(&emu).await;
    assert_eq!(loaded.actions, ACTIONS);
    assert_eq!(loaded.failures, 0, "every timeline loads");
    assert_eq!(loaded.versions, ACTIONS, "one version each");
    // Without pacing, a client that waits for the whole-second reset after each refusal sends
    // into the limit every time the burst is spent (dozens of 429s); paced, only the first
    // empty bucket and the odd misjudged token are refused.
    let refused = loaded.sent - loaded.needed();
    assert!(
        refused <= 10,
        "{refused} requests refused with 429 (sent {}, needed {})",
        loaded.sent,
        loaded.needed()
    );
}
