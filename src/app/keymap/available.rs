//! Whether an intent can do anything now: one pure answer read by the footer's key bar (a refused
//! key is greyed, a hidden one left out) and by `update` (a refused key says why and does nothing),
//! so the two cannot disagree.

use super::{help_of, Intent, Mode};
use crate::app::state::{Focus, State, View};
use crate::app::timeline::{RowKey, Versioned};
use crate::strings as s;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// The key does its work.
    Ready,
    /// The key is refused now, for this reason (the bar greys it; pressing it says the reason).
    Refused(String),
    /// The key means nothing here (the bar leaves it out; pressing it does nothing).
    Hidden,
}

/// What `intent` would do in `mode` now.
pub fn availability(state: &State, mode: Mode, intent: Intent) -> Availability {
    if let Some(why) = offline_refusal(state, mode, intent) {
        return Availability::Refused(why);
    }
    let generic = mode.generic();
    match intent {
        Intent::TestAction
            if matches!(generic, Mode::List | Mode::Detail) && state.view != View::Actions =>
        {
            Availability::Refused(s::TEST_ONLY_ACTIONS.to_string())
        }
        Intent::Deploy if state.running.is_none() => deploy(state),
        Intent::Filter
            if generic == Mode::List && !matches!(state.view, View::Actions | View::Packages) =>
        {
            Availability::Hidden
        }
        Intent::TriggerPicker if state.view != View::Actions => Availability::Hidden,
        Intent::Versions if state.view == View::Flows => Availability::Hidden,
        // (The bar asks of global keys in `Mode::Global`: the mode shown is the state's.)
        Intent::NextFocus if state.mode() == Mode::Diff => Availability::Hidden,
        Intent::OpenDashboard if state.view == View::Packages => {
            Availability::Refused(s::reach::DASHBOARD_ONLY_AUTH0.to_string())
        }
        // `r` in a diff restores its left side: only a diff `d` opened on a timeline has one.
        Intent::Rollback
            if mode == Mode::Diff && state.versions().and_then(|v| v.diff_old).is_none() =>
        {
            Availability::Hidden
        }
        // The gutter's own keys wait for the gutter (`b`).
        Intent::BlameParent | Intent::BlameBack | Intent::BlameDiff
            if generic == Mode::Detail
                && state.view != View::Flows
                && state.shown_blame().is_none() =>
        {
            Availability::Refused(s::blame::BLAME_FIRST.to_string())
        }
        _ => Availability::Ready,
    }
}

/// Offline, a key that would change something, or ask the service again, is refused, saying why.
pub fn offline_refusal(state: &State, mode: Mode, intent: Intent) -> Option<String> {
    if !state.opts.offline {
        return None;
    }
    if intent.changes() {
        let what = help_of(mode, intent).unwrap_or_default();
        return Some(s::warm::needs_connection(what));
    }
    (intent == Intent::Refresh).then(|| s::warm::OFFLINE_NO_REFRESH.to_string())
}

/// `p` with nothing to deploy: the open timeline has no draft row, or the selected action's draft
/// is known to equal what is live (its code and settings read).
fn deploy(state: &State) -> Availability {
    if let Some(timeline) = state.versions().and_then(|v| v.timeline.data.ready()) {
        let has_draft = timeline
            .rows
            .first()
            .is_some_and(|r| r.key == RowKey::Draft);
        return match timeline.kind {
            Versioned::Action if !has_draft => {
                Availability::Refused(s::NOTHING_TO_DEPLOY.to_string())
            }
            Versioned::Module if !has_draft => {
                Availability::Refused(s::NOTHING_TO_PUBLISH.to_string())
            }
            _ => Availability::Ready,
        };
    }
    if state.view != View::Actions || state.versions().is_some() {
        return Availability::Ready;
    }
    let shown = match (state.focus, &state.actions.detail) {
        (Focus::Detail, Some(detail)) => detail.action.data.ready(),
        _ => None,
    };
    let action = shown.or_else(|| state.selected_action());
    match action {
        Some(a) if a.code_loaded && a.is_deployed() && !a.draft_differs() => {
            Availability::Refused(s::NOTHING_TO_DEPLOY.to_string())
        }
        _ => Availability::Ready,
    }
}
