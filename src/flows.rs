//! A trigger's flow: the order in which its bound actions run, and the edits a user makes to it.
//! Pure functions shared by the Flows view and the `bindings` commands, so both send the same
//! complete order and both refuse to clobber a change made elsewhere.

use crate::backend::Backend;
use crate::model::BackendError;
use crate::model::{Binding, BindingPolicy, BoundAction, Trigger, TriggerStatus};

// The limit lives in `model::limits`; this name stays for the callers not yet moved.
pub use crate::model::limits::MAX_BINDINGS;

/// The order as `PATCH …/bindings` sends it.
pub fn order_of(bindings: &[Binding]) -> Vec<BoundAction> {
    bindings.iter().map(Binding::as_bound).collect()
}

/// True when the service's bindings are still the order the user was looking at. Binding ids
/// change with every PATCH, so the comparison is by action and display name, in order.
pub fn unchanged(seen: &[BoundAction], now: &[Binding]) -> bool {
    seen.len() == now.len() && seen.iter().zip(now).all(|(s, n)| *s == n.as_bound())
}

/// One flow: a trigger id with every version the service lists. The API lists each version of a
/// trigger separately, but bindings (and so the order) belong to the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowTrigger {
    pub id: String,
    /// The version shown: the CURRENT one, else the newest.
    pub version: String,
    pub status: TriggerStatus,
    /// The other versions, newest first.
    pub other_versions: Vec<String>,
    /// Auth0 manages the bindings (binding policy `entity-bound`, or the service said so).
    pub entity_bound: bool,
}

/// Groups the trigger list by id, in the order the ids first appear.
pub fn group_triggers(triggers: &[Trigger]) -> Vec<FlowTrigger> {
    let mut ids: Vec<&str> = vec![];
    for trigger in triggers {
        if !ids.contains(&trigger.id.as_str()) {
            ids.push(&trigger.id);
        }
    }
    ids.into_iter()
        .map(|id| {
            let mut versions: Vec<&Trigger> = triggers.iter().filter(|t| t.id == id).collect();
            versions.sort_by_key(|t| std::cmp::Reverse(version_number(&t.version)));
            let shown = versions
                .iter()
                .find(|t| t.status == TriggerStatus::Current)
                .unwrap_or(&versions[0]);
            FlowTrigger {
                id: id.to_string(),
                version: shown.version.clone(),
                status: shown.status.clone(),
                other_versions: versions
                    .iter()
                    .filter(|t| t.version != shown.version)
                    .map(|t| t.version.clone())
                    .collect(),
                entity_bound: versions
                    .iter()
                    .any(|t| t.binding_policy == Some(BindingPolicy::EntityBound)),
            }
        })
        .collect()
}

/// `v12` → 12, so that v10 sorts after v9; anything else counts as 0.
fn version_number(version: &str) -> u32 {
    version.trim_start_matches('v').parse().unwrap_or(0)
}

/// True for Auth0's refusal to list an entity-bound trigger's bindings (older tenants answer it):
/// a read-only flow, not an error.
pub fn is_entity_bound_refusal(err: &BackendError) -> bool {
    matches!(err, BackendError::Api { status: 400, message, .. } if message.contains("entity-bound"))
}

/// Why a bindings change was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyError {
    /// Someone changed the flow since it was loaded: nothing was sent. Here is what it is now.
    Changed(Vec<Binding>),
    Backend(BackendError),
}

impl From<BackendError> for ApplyError {
    fn from(err: BackendError) -> Self {
        Self::Backend(err)
    }
}

/// Where an action is bound: each binding of it in the flows of these triggers (an action can only
/// be bound to triggers it supports), with the trigger's id. Entity-bound triggers that refuse the
/// listing are skipped: Auth0 manages those bindings, they are not ours to detach.
pub async fn bindings_of(
    backend: &dyn Backend,
    action_id: &str,
    trigger_ids: &[String],
) -> Result<Vec<(String, Binding)>, BackendError> {
    let mut ids: Vec<&String> = trigger_ids.iter().collect();
    ids.dedup();
    let mut found = Vec::new();
    for trigger in ids {
        let bindings = match backend.list_bindings(trigger).await {
            Ok(list) => list,
            Err(err) if is_entity_bound_refusal(&err) => continue,
            Err(err) => return Err(err),
        };
        found.extend(
            bindings
                .into_iter()
                .filter(|b| b.action.id == action_id)
                .map(|b| (trigger.clone(), b)),
        );
    }
    Ok(found)
}

/// The conflict guard, for the dashboard and the CLI alike: reads the trigger's bindings and sends
/// the complete new `order` only if they are still `seen` (PATCH replaces the whole list, so a change
/// made elsewhere in between would be silently undone). Returns the bindings the service answered.
pub async fn apply(
    backend: &dyn Backend,
    trigger_id: &str,
    seen: &[BoundAction],
    order: &[BoundAction],
) -> Result<Vec<Binding>, ApplyError> {
    let now = backend.list_bindings(trigger_id).await?;
    if !unchanged(seen, &now) {
        return Err(ApplyError::Changed(now));
    }
    Ok(backend.update_bindings(trigger_id, order).await?)
}

/// The order with the entry at `from` moved to `to` (both 0-based; `to` is its index afterwards).
/// Out-of-range positions are clamped; the result always holds every entry exactly once.
pub fn moved(order: &[BoundAction], from: usize, to: usize) -> Vec<BoundAction> {
    let mut out = order.to_vec();
    if out.is_empty() {
        return out;
    }
    let from = from.min(out.len() - 1);
    let entry = out.remove(from);
    out.insert(to.min(out.len()), entry);
    out
}

/// Why an addition is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddError {
    Full,
    AlreadyBound,
}

/// The order with `entry` appended (Auth0 runs new bindings last).
pub fn added(order: &[BoundAction], entry: BoundAction) -> Result<Vec<BoundAction>, AddError> {
    if order.iter().any(|b| b.action_id == entry.action_id) {
        return Err(AddError::AlreadyBound);
    }
    if order.len() >= MAX_BINDINGS {
        return Err(AddError::Full);
    }
    let mut out = order.to_vec();
    out.push(entry);
    Ok(out)
}

/// True when both orders bind the same actions (whatever their order).
pub fn same_members(a: &[BoundAction], b: &[BoundAction]) -> bool {
    fn ids(order: &[BoundAction]) -> Vec<&str> {
        let mut ids: Vec<&str> = order.iter().map(|e| e.action_id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
    ids(a) == ids(b)
}

/// The order without the entry at `index`.
pub fn removed(order: &[BoundAction], index: usize) -> Vec<BoundAction> {
    let mut out = order.to_vec();
    if index < out.len() {
        out.remove(index);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(i: usize) -> BoundAction {
        BoundAction {
            action_id: format!("a{i}"),
            display_name: format!("Action {i}"),
        }
    }

    fn ids(order: &[BoundAction]) -> Vec<&str> {
        order.iter().map(|b| b.action_id.as_str()).collect()
    }

    #[test]
    fn moving_puts_the_entry_where_it_is_dropped() {
        let order: Vec<_> = (0..4).map(entry).collect();
        assert_eq!(ids(&moved(&order, 0, 2)), ["a1", "a2", "a0", "a3"]);
        assert_eq!(ids(&moved(&order, 3, 0)), ["a3", "a0", "a1", "a2"]);
        assert_eq!(ids(&moved(&order, 1, 99)), ["a0", "a2", "a3", "a1"]);
        assert!(moved(&[], 0, 1).is_empty());
    }

    #[test]
    fn additions_stop_at_twenty_and_at_duplicates() {
        let order: Vec<_> = (0..MAX_BINDINGS).map(entry).collect();
        assert_eq!(added(&order, entry(99)), Err(AddError::Full));
        assert_eq!(added(&order[..3], entry(1)), Err(AddError::AlreadyBound));
        assert_eq!(
            ids(&added(&order[..2], entry(7)).unwrap()),
            ["a0", "a1", "a7"]
        );
    }

    fn trigger(id: &str, version: &str, status: TriggerStatus) -> Trigger {
        Trigger {
            id: id.into(),
            version: version.into(),
            status,
            runtimes: vec![],
            default_runtime: None,
            binding_policy: Some(BindingPolicy::TriggerBound),
            compatible_triggers: vec![],
        }
    }

    #[test]
    fn triggers_group_by_id_showing_the_current_version() {
        let mut event_stream = trigger("event-stream", "v1", TriggerStatus::Current);
        event_stream.binding_policy = Some(BindingPolicy::EntityBound);
        let list = [
            trigger("post-login", "v1", TriggerStatus::Deprecated),
            trigger("post-login", "v3", TriggerStatus::Current),
            trigger("post-login", "v2", TriggerStatus::Deprecated),
            trigger("send-phone-message", "v9", TriggerStatus::Deprecated),
            trigger("send-phone-message", "v10", TriggerStatus::Deprecated),
            event_stream,
        ];
        let flows = group_triggers(&list);
        let summary: Vec<(&str, &str, &TriggerStatus, Vec<&str>, bool)> = flows
            .iter()
            .map(|f| {
                let others = f.other_versions.iter().map(String::as_str).collect();
                (
                    f.id.as_str(),
                    f.version.as_str(),
                    &f.status,
                    others,
                    f.entity_bound,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "post-login",
                    "v3",
                    &TriggerStatus::Current,
                    vec!["v2", "v1"],
                    false
                ),
                (
                    "send-phone-message",
                    "v10",
                    &TriggerStatus::Deprecated,
                    vec!["v9"],
                    false
                ),
                ("event-stream", "v1", &TriggerStatus::Current, vec![], true),
            ]
        );
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Move(usize, usize),
        Add(usize),
        Remove(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (0..25usize, 0..25usize).prop_map(|(a, b)| Edit::Move(a, b)),
            (0..40usize).prop_map(Edit::Add),
            (0..25usize).prop_map(Edit::Remove),
        ]
    }

    proptest! {
        /// Any sequence of moves, adds and removes keeps every binding exactly once: adds appear
        /// once, removes are gone, nothing else changes membership, and the limit holds.
        #[test]
        fn edits_keep_every_binding_exactly_once(start in 0..8usize, edits in prop::collection::vec(edit(), 0..40)) {
            let mut order: Vec<_> = (0..start).map(entry).collect();
            let mut expected: std::collections::BTreeSet<String> =
                order.iter().map(|b| b.action_id.clone()).collect();
            for e in edits {
                match e {
                    Edit::Move(from, to) => order = moved(&order, from, to),
                    Edit::Add(i) => {
                        if let Ok(next) = added(&order, entry(i)) {
                            expected.insert(entry(i).action_id);
                            order = next;
                        }
                    }
                    Edit::Remove(i) => {
                        if let Some(gone) = order.get(i) {
                            expected.remove(&gone.action_id);
                        }
                        order = removed(&order, i);
                    }
                }
                let mut seen: Vec<String> = order.iter().map(|b| b.action_id.clone()).collect();
                seen.sort();
                let before = seen.len();
                seen.dedup();
                prop_assert_eq!(before, seen.len(), "no duplicates");
                prop_assert_eq!(seen, expected.iter().cloned().collect::<Vec<_>>());
                prop_assert!(order.len() <= MAX_BINDINGS);
            }
        }
    }
}
