//! The demo tenant's past in its log (issue 18): who deployed each action version (`sapi`
//! events: `deploy-cli` for most, a Dashboard user for the one that broke things), and the logins
//! around the bad deploy — successful before it, mostly failing after it, naming the action.
//! Everything derives from the seeded versions' times, so it is the same on every start.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::emulator::logs::{sapi_event, Caller, Write};
use crate::emulator::store::Store;

/// The action whose newest deploy broke logins, and what its code throws.
pub const BAD_ACTION: &str = "Require MFA for admins";
pub const BAD_ERROR: &str = "TypeError: Cannot read properties of undefined (reading 'includes')";

/// The machine client that deploys most versions (as a CI pipeline with auth0-deploy-cli would).
pub fn deploy_cli() -> Caller {
    Caller::Machine {
        client_id: "dEpLoYcLiEnT000000000000000000cd".into(),
        name: "deploy-cli".into(),
    }
}

/// The Dashboard user of the demo (the bad deploy is hers; the emulator's second token acts as
/// her too).
pub fn dashboard_user() -> Caller {
    Caller::Dashboard {
        user_id: "auth0|65a1b2c3d4e5f60718293a4b".into(),
        name: "Alice Martin".into(),
        email: "alice@acme.example".into(),
    }
}

/// Logins simulated before the bad deploy, and after it.
const LOGINS_BEFORE: i64 = 12;
const LOGINS_AFTER: i64 = 36;
/// Minutes between two seeded logins.
const LOGIN_GAP_MINUTES: i64 = 10;

/// Writes the seeded past into `store`'s log and marks the bad version failing.
pub fn seed(store: &mut Store) {
    let mut timeline: Vec<(DateTime<Utc>, Option<Value>)> = Vec::new();
    let mut bad_live_at = None;
    for action in &store.actions {
        let newest = action.deploy.as_ref().map(|d| d.number);
        for version in &action.versions {
            // A version whose build failed was asked for by a deploy too.
            let bad = action.name == BAD_ACTION && Some(version.number) == newest;
            if bad {
                store
                    .logs
                    .failing_versions
                    .insert(version.id.clone(), BAD_ERROR.to_string());
                bad_live_at = action.deploy.as_ref().map(|d| d.live_at);
            }
            let caller = if bad { dashboard_user() } else { deploy_cli() };
            let path = format!("/api/v2/actions/actions/{}/deploy", action.id);
            let event = sapi_event(Write {
                caller: &caller,
                method: "POST",
                path: &path,
                query: None,
                body: None,
                status: 200,
                response: Some(serde_json::json!({
                    "id": version.id, "number": version.number, "deployed": false})),
            });
            timeline.push((version.created_at, Some(event)));
        }
    }
    if let Some(live_at) = bad_live_at {
        for k in -LOGINS_BEFORE..LOGINS_AFTER {
            let at = live_at + Duration::minutes(k * LOGIN_GAP_MINUTES + 3);
            timeline.push((at, None));
        }
    }
    timeline.sort_by_key(|(at, _)| *at);
    for (n, (at, event)) in (0u64..).zip(timeline) {
        match event {
            Some(event) => {
                store.logs.write(at, event);
            }
            None => store.login_at(at, n),
        }
    }
}
