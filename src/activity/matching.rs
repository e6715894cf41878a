//! Which version was live when something happened, from the deploy history. Executions and
//! failures name no version: each is matched to the version live at its time, and that match is
//! *inferred* (say so wherever it is shown). Every action deploy — a rollback too — makes a new
//! version, so a version went live when it was made.
//!
//! "Failures started right after it went live" (the timeline's mark) is defined as: version V
//! went live at `a` after its predecessor P went live at `p`; V's window ends at the next deploy
//! or now (`b`). The comparable span is `d = min(b - a, a - p, one day)` — "right after" is at
//! most a day: failures that began a week in are something else. V is marked when it had at least
//! one failure in `[a, a + d)` and P had none in `[a - d, a)`, and the logs are known to cover
//! `[a - d, a)` (no mark when they may not: a quiet predecessor could just be unread). A first
//! version has nothing to compare with and is never marked.

use std::collections::BTreeMap;

use chrono::Duration;

use super::{admin_change, author, is_failure, names_action, AdminChange};
use crate::journal::{Entry, ObjectKind, Operation, Outcome};
use crate::model::logs::{Author, LogEvent};
use crate::model::Timestamp;

/// A version and when it went live (its creation time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Went {
    pub number: u32,
    pub version_id: Option<String>,
    pub live_from: Timestamp,
}

/// When a version was live: from its deploy until the next (`None`: still live).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub number: u32,
    pub from: Timestamp,
    pub until: Option<Timestamp>,
}

impl Window {
    pub fn contains(&self, at: Timestamp) -> bool {
        at >= self.from && self.until.is_none_or(|until| at < until)
    }
}

/// The live windows of `versions` (any order), oldest first.
pub fn windows(versions: &[Went]) -> Vec<Window> {
    let mut sorted: Vec<&Went> = versions.iter().collect();
    sorted.sort_by_key(|w| (w.live_from, w.number));
    sorted
        .iter()
        .enumerate()
        .map(|(i, went)| Window {
            number: went.number,
            from: went.live_from,
            until: sorted.get(i + 1).map(|next| next.live_from),
        })
        .collect()
}

/// The version live at `at` (inferred); `None` before the first deploy.
pub fn live_at(windows: &[Window], at: Timestamp) -> Option<u32> {
    windows.iter().find(|w| w.contains(at)).map(|w| w.number)
}

/// What the logs say of one version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionActivity {
    /// Failures while it was live (inferred by time).
    pub failures: usize,
    /// Failures started right after it went live (see the module's definition).
    pub started_after_live: bool,
    /// Who deployed it, when known.
    pub author: Option<Author>,
}

/// The failures of `action_name` among `events`, each with the version live at its time.
pub fn failures_by_version<'a>(
    windows: &[Window],
    events: &'a [LogEvent],
    action_name: &str,
    action_id: &str,
) -> Vec<(Option<u32>, &'a LogEvent)> {
    events
        .iter()
        .filter(|e| is_failure(e) && names_action(e, action_name, Some(action_id)))
        .map(|e| (live_at(windows, e.date), e))
        .collect()
}

/// Per version: failures counted while live, the "started right after" mark, the author.
/// `known_since`: the oldest time the events are known to cover (`None`: all of it); `now`
/// closes the live version's window.
pub fn version_activity(
    object: (&str, &str),
    versions: &[Went],
    events: &[LogEvent],
    journal: &[Entry],
    now: Timestamp,
    known_since: Option<Timestamp>,
) -> BTreeMap<u32, VersionActivity> {
    let (action_id, action_name) = object;
    let windows = windows(versions);
    let failures: Vec<Timestamp> = failures_by_version(&windows, events, action_name, action_id)
        .into_iter()
        .map(|(_, e)| e.date)
        .collect();
    let mut out = BTreeMap::new();
    for (i, window) in windows.iter().enumerate() {
        let count = failures.iter().filter(|t| window.contains(**t)).count();
        let before = i.checked_sub(1).map(|p| windows[p]);
        let activity = VersionActivity {
            failures: count,
            started_after_live: before.is_some_and(|previous| {
                started_after(previous, *window, &failures, now, known_since)
            }),
            author: versions
                .iter()
                .find(|w| w.number == window.number)
                .and_then(|went| author_of(action_id, went, events, journal)),
        };
        out.insert(window.number, activity);
    }
    out
}

/// The longest span after going live that still counts as "right after" (and the span before it
/// that must be quiet).
pub const RIGHT_AFTER: Duration = Duration::days(1);

fn started_after(
    previous: Window,
    window: Window,
    failures: &[Timestamp],
    now: Timestamp,
    known_since: Option<Timestamp>,
) -> bool {
    let a = window.from;
    let b = window.until.unwrap_or(now).max(a);
    let span = (b - a).min(a - previous.from).min(RIGHT_AFTER);
    if span <= Duration::zero() {
        return false;
    }
    let covered = known_since.is_none_or(|since| since <= a - span);
    let in_range = |from: Timestamp, to: Timestamp| failures.iter().any(|t| *t >= from && *t < to);
    covered && in_range(a, a + span) && !in_range(a - span, a)
}

/// How far a logged deploy may be from the version's creation time and still be its deploy.
pub const DEPLOY_SLACK_SECONDS: i64 = 120;

/// Who deployed `went`: codedeck when its journal recorded the deploy, else the `sapi` event of
/// the deploy (matched by the version the response names, else the nearest deploy of the action
/// within [`DEPLOY_SLACK_SECONDS`] of its creation).
pub fn author_of(
    action_id: &str,
    went: &Went,
    events: &[LogEvent],
    journal: &[Entry],
) -> Option<Author> {
    if journal.iter().any(|entry| ours(entry, action_id, went)) {
        return Some(Author::Codedeck);
    }
    let deploys = events.iter().filter_map(|e| match admin_change(e) {
        Some(change @ (AdminChange::Deploy { .. } | AdminChange::Rollback { .. }))
            if change.action_id() == Some(action_id) =>
        {
            Some((e, change))
        }
        _ => None,
    });
    let mut best: Option<(i64, &LogEvent)> = None;
    for (event, change) in deploys {
        if let Some(named) = change.version() {
            let same_id = named.id.is_some() && named.id == went.version_id;
            if same_id || named.number == Some(went.number) {
                return author(event);
            }
            if named.id.is_some() || named.number.is_some() {
                continue;
            }
        }
        let distance = (event.date - went.live_from).num_seconds().abs();
        if distance <= DEPLOY_SLACK_SECONDS && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, event));
        }
    }
    best.and_then(|(_, event)| author(event))
}

/// A journal entry of a deploy codedeck made that made this version.
fn ours(entry: &Entry, action_id: &str, went: &Went) -> bool {
    let deploy = matches!(
        entry.operation,
        Operation::ActionDeploy | Operation::ActionRollback | Operation::Create
    );
    let made = entry.after.version_number == Some(went.number)
        || (entry.after.version_id.is_some() && entry.after.version_id == went.version_id);
    entry.kind == ObjectKind::Action
        && entry.object_id == action_id
        && deploy
        && entry.outcome == Outcome::Done
        && made
}

/// Who last changed a trigger's order, from the logs (`PATCH …/triggers/{id}/bindings`) and the
/// journal (codedeck's own), newest wins: the author and when.
pub fn last_order_change(
    trigger_id: &str,
    events: &[LogEvent],
    journal: &[Entry],
) -> Option<(Author, Timestamp)> {
    let logged = events
        .iter()
        .filter(|e| {
            matches!(admin_change(e), Some(AdminChange::Bindings { trigger_id: ref id }) if id == trigger_id)
        })
        .filter_map(|e| author(e).map(|a| (a, e.date)));
    let journaled = journal
        .iter()
        .filter(|e| {
            e.kind == ObjectKind::Trigger
                && e.object_id == trigger_id
                && e.operation == Operation::BindingsChange
                && e.outcome == Outcome::Done
        })
        .map(|e| (Author::Codedeck, e.at));
    // Codedeck's own change is also logged as a sapi write: the journal's entry is preferred
    // when both are within the slack of each other.
    let mut all: Vec<(Author, Timestamp)> = logged.chain(journaled).collect();
    all.sort_by_key(|(author, at)| (*at, *author == Author::Codedeck));
    let newest = all.last()?.clone();
    let ours_near = all.iter().any(|(a, at)| {
        *a == Author::Codedeck && (newest.1 - *at).num_seconds().abs() <= DEPLOY_SLACK_SECONDS
    });
    Some(if ours_near {
        (Author::Codedeck, newest.1)
    } else {
        newest
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::tests::{event, sapi};
    use crate::activity::{DASHBOARD_CHANNEL, FAILURE};
    use serde_json::json;

    fn at(s: &str) -> Timestamp {
        format!("2026-01-01T{s}Z").parse().unwrap()
    }

    fn went(number: u32, time: &str) -> Went {
        Went {
            number,
            version_id: Some(format!("ver_{number}")),
            live_from: at(time),
        }
    }

    fn failure(id: &str, time: &str) -> LogEvent {
        event(
            id,
            FAILURE,
            &format!("2026-01-01T{time}Z"),
            json!({ "action_name": "audit" }),
        )
    }

    #[test]
    fn failures_before_between_and_after_two_deploys_go_to_the_version_live_then() {
        // v1 at 10:00 (t1), v2 at 12:00 (t2).
        let versions = [went(2, "12:00:00"), went(1, "10:00:00")];
        let w = windows(&versions);
        assert_eq!(live_at(&w, at("09:59:59")), None, "before any deploy");
        assert_eq!(live_at(&w, at("10:00:00")), Some(1), "at t1");
        assert_eq!(live_at(&w, at("11:59:59")), Some(1), "between");
        assert_eq!(live_at(&w, at("12:00:00")), Some(2), "at t2");
        assert_eq!(live_at(&w, at("23:00:00")), Some(2), "after");
        let events = [
            failure("a", "09:00:00"),
            failure("b", "11:00:00"),
            failure("c", "12:30:00"),
            failure("d", "13:00:00"),
        ];
        let activity = version_activity(
            ("act_1", "audit"),
            &versions,
            &events,
            &[],
            at("14:00:00"),
            None,
        );
        assert_eq!(activity[&1].failures, 1);
        assert_eq!(activity[&2].failures, 2);
        let matched = failures_by_version(&w, &events, "audit", "act_1");
        assert_eq!(
            matched[0].0, None,
            "a failure before any deploy matches none"
        );
    }

    #[test]
    fn the_mark_needs_failures_after_and_a_quiet_predecessor_in_a_comparable_span() {
        let versions = [went(1, "10:00:00"), went(2, "12:00:00")];
        let now = at("13:00:00"); // v2 live one hour: the span is one hour
        let run = |events: &[LogEvent], since: Option<Timestamp>| {
            version_activity(("act_1", "audit"), &versions, events, &[], now, since)[&2]
                .started_after_live
        };
        assert!(run(&[failure("x", "12:10:00")], None));
        assert!(
            !run(&[failure("p", "11:30:00"), failure("x", "12:10:00")], None),
            "the predecessor failed too in the hour before"
        );
        assert!(
            run(&[failure("p", "10:30:00"), failure("x", "12:10:00")], None),
            "a failure outside the comparable hour does not count"
        );
        assert!(!run(&[], None), "no failures, no mark");
        // v1 live for ten days, then v2 for twenty: "right after" is still at most a day.
        let day = |n: i64| at("00:00:00") + Duration::days(n);
        let long_lived = [
            Went {
                live_from: day(0),
                ..went(1, "00:00:00")
            },
            Went {
                live_from: day(10),
                ..went(2, "00:00:00")
            },
        ];
        let marked = |failed_at: Timestamp| {
            let failed = LogEvent {
                date: failed_at,
                ..failure("w", "00:00:00")
            };
            version_activity(
                ("act_1", "audit"),
                &long_lived,
                &[failed],
                &[],
                day(30),
                None,
            )[&2]
                .started_after_live
        };
        assert!(
            marked(day(10) + Duration::hours(1)),
            "an hour in is right after"
        );
        assert!(
            !marked(day(17)),
            "failures that began a week after going live are something else"
        );
        assert!(
            !run(&[failure("x", "12:10:00")], Some(at("11:30:00"))),
            "the logs may not cover the predecessor's hour"
        );
        let first = version_activity(
            ("act_1", "audit"),
            &versions,
            &[failure("x", "10:10:00")],
            &[],
            now,
            None,
        );
        assert!(
            !first[&1].started_after_live,
            "a first version has no predecessor"
        );
    }

    #[test]
    fn the_author_is_the_journal_then_the_named_version_then_the_nearest_deploy() {
        let versions = [
            went(1, "10:00:00"),
            went(2, "12:00:00"),
            went(3, "14:00:00"),
        ];
        let mut dashboard = sapi(
            "d",
            "2026-01-01T10:00:03Z",
            "post",
            "/api/v2/actions/actions/act_1/deploy",
            DASHBOARD_CHANNEL,
        );
        dashboard.event["details"]["request"]["auth"] =
            json!({ "user": { "email": "alice@acme" } });
        let mut machine = sapi(
            "m",
            "2026-01-01T15:00:00Z",
            "post",
            "/api/v2/actions/actions/act_1/deploy",
            "api",
        );
        machine.client_name = Some("deploy-cli (M2M)".into());
        machine.event["details"]["response"] = json!({ "body": { "number": 2 } });
        let entry: Entry = serde_json::from_value(json!({
            "at": "2026-01-01T14:00:01Z", "profile": "demo", "tenant": "t", "kind": "action",
            "object_id": "act_1", "object_name": "audit", "operation": "action_deploy",
            "before": {}, "after": { "version_number": 3 }
        }))
        .unwrap();
        let activity = version_activity(
            ("act_1", "audit"),
            &versions,
            &[dashboard, machine],
            &[entry],
            at("16:00:00"),
            None,
        );
        assert_eq!(
            activity[&1].author,
            Some(Author::Dashboard {
                user: "alice@acme".into()
            })
        );
        assert_eq!(
            activity[&2].author,
            Some(Author::Machine {
                client: "deploy-cli (M2M)".into()
            }),
            "named by the response, whatever its time"
        );
        assert_eq!(activity[&3].author, Some(Author::Codedeck));
    }

    #[test]
    fn the_last_order_change_prefers_codedecks_own_entry() {
        let mut logged = sapi(
            "o",
            "2026-01-01T10:00:00Z",
            "patch",
            "/api/v2/actions/triggers/post-login/bindings",
            "api",
        );
        logged.client_name = Some("deploy-cli (M2M)".into());
        assert_eq!(
            last_order_change("post-login", std::slice::from_ref(&logged), &[]),
            Some((
                Author::Machine {
                    client: "deploy-cli (M2M)".into()
                },
                at("10:00:00")
            ))
        );
        assert_eq!(
            last_order_change("credentials-exchange", &[logged], &[]),
            None
        );
    }

    proptest::proptest! {
        /// Every failure at or after the first deploy is matched to exactly one version, and the
        /// counts add up to them.
        #[test]
        fn every_failure_after_the_first_deploy_is_counted_once(
            deploys in proptest::collection::vec(0i64..10_000, 1..6),
            times in proptest::collection::vec(0i64..12_000, 0..30),
        ) {
            let base = at("00:00:00");
            let versions: Vec<Went> = deploys.iter().enumerate().map(|(i, s)| Went {
                number: u32::try_from(i + 1).unwrap(),
                version_id: None,
                live_from: base + Duration::seconds(*s),
            }).collect();
            let events: Vec<LogEvent> = times.iter().enumerate().map(|(i, s)| {
                let mut e = failure(&i.to_string(), "00:00:00");
                e.date = base + Duration::seconds(*s);
                e
            }).collect();
            let first = versions.iter().map(|v| v.live_from).min().unwrap();
            let after_first = events.iter().filter(|e| e.date >= first).count();
            let activity = version_activity(
                ("act_1", "audit"), &versions, &events, &[], base + Duration::seconds(20_000), None,
            );
            let counted: usize = activity.values().map(|a| a.failures).sum();
            proptest::prop_assert_eq!(counted, after_first);
        }
    }
}
