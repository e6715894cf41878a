//! The demo tenant's past in its log (issue 18): who deployed each action version (`sapi`
//! events: `deploy-cli` for most, a Dashboard user for the one that broke things), and the logins
//! around the bad deploy — successful before it, mostly failing after it, naming the action.
//! The bad deploy is recent (half an hour before the emulator starts), as an incident is: the
//! logs still hold the logins on both sides of it, so its timeline shows the failures starting
//! when it went live. Everything else derives from the seeded versions' times.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::emulator::logs::{past_hour_slots, sapi_event, slot_of, slot_time, Caller, Write};
use crate::emulator::store::{Build, Store};

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

/// Sparse logins simulated before the hour the emulator starts with (see [`past_hour_slots`]).
const LOGINS_BEFORE: i64 = 12;
/// Minutes between two sparse logins.
const LOGIN_GAP_MINUTES: i64 = 10;
/// How long before the emulator starts the bad version went live, and its fix was begun in the
/// draft.
const BAD_DEPLOY_AGO_MINUTES: i64 = 30;
const FIX_BEGUN_AGO_MINUTES: i64 = 10;

/// What the seeded log holds at one moment.
enum Past {
    Event(Value),
    /// A sparse login (its number derives who logs in and whether it fails).
    Login(u64),
    /// A login of the emulator's own schedule slot.
    Slot(u64),
}

/// Writes the seeded past into `store`'s log (up to `started`, the emulator's start) and marks
/// the bad version failing.
pub fn seed(store: &mut Store, started: DateTime<Utc>) {
    redate_bad_deploy(store, started);
    let mut timeline: Vec<(DateTime<Utc>, Past)> = Vec::new();
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
            timeline.push((version.created_at, Past::Event(event)));
        }
    }
    let past_hour = past_hour_slots(started);
    let hour_began = slot_time(*past_hour.start());
    for (n, k) in (0u64..).zip(1..=LOGINS_BEFORE) {
        let at = hour_began - Duration::minutes(k * LOGIN_GAP_MINUTES);
        timeline.push((at, Past::Login(n)));
    }
    for slot in past_hour {
        timeline.push((slot_time(slot), Past::Slot(slot)));
    }
    timeline.sort_by_key(|(at, _)| *at);
    for (at, past) in timeline {
        match past {
            Past::Event(event) => {
                store.logs.write(at, event);
            }
            Past::Login(n) => store.login_at(at, n),
            Past::Slot(slot) => store.login_in_slot(slot),
        }
    }
}

/// Dates the bad action's live version [`BAD_DEPLOY_AGO_MINUTES`] before `started` (just after a
/// login slot's logins, so the log's order is its dates' order), and its draft — the fix begun —
/// after it.
fn redate_bad_deploy(store: &mut Store, started: DateTime<Utc>) {
    let slot = slot_of(started - Duration::minutes(BAD_DEPLOY_AGO_MINUTES));
    let went_live = slot_time(slot) + Duration::seconds(17);
    let Some(action) = store.actions.iter_mut().find(|a| a.name == BAD_ACTION) else {
        return;
    };
    let Some(deploy) = action.deploy.as_mut() else {
        return;
    };
    deploy.live_at = went_live;
    if let Some(version) = action
        .versions
        .iter_mut()
        .find(|v| v.number == deploy.number)
    {
        version.created_at = went_live - Duration::seconds(2);
        version.built_at = went_live - Duration::seconds(1);
        version.updated_at = went_live;
    }
    let fix_begun = started - Duration::minutes(FIX_BEGUN_AGO_MINUTES);
    action.draft.build = Build {
        errors: std::mem::take(&mut action.draft.build.errors),
        ..Build::done(fix_begun)
    };
    action.updated_at = fix_begun;
}
