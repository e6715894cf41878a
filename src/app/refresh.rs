//! Keeping what is shown current without `R`: work still pending (a build, a deploy going live) is
//! read again until it settles, and the open view is refreshed on an interval (k9s-style), one list
//! request at a time, paused while the user types or a dialog is open. What another client changed
//! meanwhile is said in the status line. Time is counted in `Msg::Tick`s: nothing here reads a clock.

use crate::app::loading::{
    load_list, reload_object, reload_selected_bindings, reload_timeline_if_open, request_detail,
};
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{FlashKind, Overlay, State, View};
pub use crate::app::state::{Refresh, TICKS_PER_SECOND};
use crate::model::{Action, BuildStatus};
use crate::strings as s;

/// Ticks before the first read of the actions while some are building or going live (2 s); each
/// further read waits twice as long, up to [`FOLLOW_MAX_DOUBLINGS`] times (16 s), so a build that
/// never ends does not cost a request every 2 s.
pub const FOLLOW_TICKS: u64 = 2 * TICKS_PER_SECOND;
pub const FOLLOW_MAX_DOUBLINGS: u32 = 3;
/// The interval when the config says nothing.
pub const DEFAULT_REFRESH_SECONDS: u32 = 30;

/// A build or a deploy of this action has not settled yet.
pub fn pending(action: &Action) -> bool {
    matches!(
        action.status,
        BuildStatus::Pending
            | BuildStatus::Building
            | BuildStatus::Packaged
            | BuildStatus::Retrying
    ) || action
        .deployed_version
        .as_ref()
        .is_some_and(|v| !v.deployed)
}

pub fn on_tick(state: &mut State) -> Vec<Cmd> {
    let mut cmds = follow_if_due(state);
    if cmds.is_empty() {
        cmds = refresh_if_due(state);
    }
    cmds
}

/// After the actions list loaded: follow it again shortly while anything in it is pending.
pub fn on_actions_loaded(state: &mut State) {
    let any_pending = state
        .actions
        .list
        .data
        .ready()
        .is_some_and(|list| list.iter().any(pending));
    let refresh = &mut state.refresh;
    if !any_pending {
        refresh.follow_at = None;
        refresh.follows = 0;
    } else if refresh.follow_at.is_none() {
        let wait = FOLLOW_TICKS << refresh.follows.min(FOLLOW_MAX_DOUBLINGS);
        refresh.follow_at = Some(state.tick + wait);
    }
}

/// The user is typing (a prompt, a filter), deciding (a dialog, a menu), holding a binding, or a
/// change or a load is under way: an automatic load now would change what they are looking at.
fn user_busy(state: &State) -> bool {
    state.overlay != Overlay::None
        || state.actions.editing_filter
        || state.packages.editing_filter
        || state.flows.editing_filter
        || state.flows.held.is_some()
        || state.flows.queued.is_some()
        || state.running.is_some()
        || state.in_flight > 0
}

fn follow_if_due(state: &mut State) -> Vec<Cmd> {
    let Some(at) = state.refresh.follow_at else {
        return vec![];
    };
    if state.tick < at {
        return vec![];
    }
    // A running change follows its own action; a load already out answers soon.
    if state.running.is_some() || state.in_flight > 0 {
        state.refresh.follow_at = Some(state.tick + FOLLOW_TICKS);
        return vec![];
    }
    state.refresh.follow_at = None;
    state.refresh.follows += 1;
    // The open detail and timeline follow too when they show a pending action.
    let shown_pending = state
        .actions
        .detail
        .as_ref()
        .map(|d| d.id.clone())
        .filter(|id| {
            state
                .actions
                .list
                .data
                .ready()
                .is_some_and(|list| list.iter().any(|a| &a.id == id && pending(a)))
        });
    let id = shown_pending.unwrap_or_default();
    let mut cmds = reload_object(state, View::Actions, &id);
    // What another client changed meanwhile is said as on an interval refresh.
    state.refresh.watching = Some(state.actions.list.generation);
    if !id.is_empty() {
        cmds.extend(reload_timeline_if_open(state, &id));
    }
    cmds
}

fn refresh_if_due(state: &mut State) -> Vec<Cmd> {
    let every = state.refresh.every;
    if every == 0 || state.tick < state.refresh.due_at || user_busy(state) {
        // Busy: it stays due, and runs as soon as the user is done.
        return vec![];
    }
    state.refresh.due_at = state.tick + every;
    let cmd = match state.view {
        // One request: the flow on screen, not every trigger's.
        View::Flows => match reload_selected_bindings(state) {
            Some(cmd) => cmd,
            None => return vec![],
        },
        _ => load_list(state),
    };
    state.refresh.watching = Some(generation_of(&cmd));
    vec![cmd]
}

fn generation_of(cmd: &Cmd) -> Generation {
    match cmd {
        Cmd::LoadActions { generation }
        | Cmd::LoadModules { generation }
        | Cmd::LoadTriggers { generation }
        | Cmd::LoadPackages { generation }
        | Cmd::LoadBindings { generation, .. } => *generation,
        _ => 0,
    }
}

/// What a list showed, by object: id, name, and what changes when another client changes it.
pub type Seen = Vec<(String, String, String)>;

/// Before an answer is stored: what its list shows now, if an automatic refresh asked for it.
pub fn seen_before(state: &mut State, view: View, generation: Generation) -> Option<Seen> {
    if state.refresh.watching != Some(generation) {
        return None;
    }
    state.refresh.watching = None;
    seen(state, view)
}

fn seen(state: &State, view: View) -> Option<Seen> {
    Some(match view {
        View::Actions => state
            .actions
            .list
            .data
            .ready()?
            .iter()
            .map(|a| {
                let live = a.deployed_version.as_ref().map(|v| v.id.as_str());
                (
                    a.id.clone(),
                    a.name.clone(),
                    format!("{:?} {live:?}", a.updated_at),
                )
            })
            .collect(),
        View::Modules => state
            .modules
            .list
            .data
            .ready()?
            .iter()
            .map(|m| {
                let latest = m.latest_version.as_ref().map(|v| v.id.as_str());
                (
                    m.id.clone(),
                    m.name.clone(),
                    format!("{:?} {latest:?}", m.updated_at),
                )
            })
            .collect(),
        View::Packages => state
            .packages
            .list
            .data
            .ready()?
            .iter()
            .map(|p| {
                let fingerprint = format!("{} {:?} {:?}", p.version, p.status, p.updated_on);
                (p.id.key(), p.id.name.clone(), fingerprint)
            })
            .collect(),
        View::Flows => return None,
    })
}

/// After an automatic refresh's answer is stored: says what changed elsewhere, and reloads the
/// open detail (and timeline) if its object is one of them.
pub fn report_changes(state: &mut State, view: View, before: Option<Seen>) -> Vec<Cmd> {
    let (Some(before), Some(after)) = (before, seen(state, view)) else {
        return vec![];
    };
    let changed: Vec<&(String, String, String)> = after
        .iter()
        .filter(|now| !before.contains(now))
        .chain(
            before
                .iter()
                .filter(|was| !after.iter().any(|now| now.0 == was.0)),
        )
        .collect();
    let text = match changed.as_slice() {
        [] => return vec![],
        [one] => s::state::changed_elsewhere(&one.1),
        many => s::state::several_changed_elsewhere(
            many.len(),
            match view {
                View::Actions => s::state::ACTIONS,
                View::Modules => s::state::MODULES,
                _ => s::state::PACKAGES,
            },
        ),
    };
    let ids: Vec<String> = changed.iter().map(|c| c.0.clone()).collect();
    state.flash(FlashKind::Info, text);
    let open = match view {
        View::Actions => state.actions.detail.as_ref().map(|d| d.id.clone()),
        View::Modules => state.modules.detail.as_ref().map(|d| d.id.clone()),
        View::Packages => state.packages.detail.as_ref().map(|d| d.id.key()),
        View::Flows => None,
    };
    let mut cmds = vec![];
    for id in ids {
        if open.as_ref() == Some(&id) {
            cmds.extend(request_detail(state, view));
        }
        cmds.extend(reload_timeline_if_open(state, &id));
    }
    cmds
}

/// Before a flow's bindings are stored: its order now, if an automatic refresh asked for them.
pub fn flow_before(
    state: &mut State,
    trigger_id: &str,
    generation: Generation,
) -> Option<Vec<crate::model::BoundAction>> {
    if state.refresh.watching != Some(generation) {
        return None;
    }
    state.refresh.watching = None;
    state
        .flows
        .loaded(trigger_id)
        .map(|b| crate::flows::order_of(b))
}

/// After an automatic refresh of a flow: says so when its order changed elsewhere.
pub fn report_flow_change(
    state: &mut State,
    trigger_id: &str,
    before: Option<Vec<crate::model::BoundAction>>,
) {
    let Some(before) = before else {
        return;
    };
    let after = state
        .flows
        .loaded(trigger_id)
        .map(|b| crate::flows::order_of(b));
    if after.is_some_and(|after| after != before) {
        state.flash(
            FlashKind::Info,
            s::state::flow_changed_elsewhere(trigger_id),
        );
    }
}
