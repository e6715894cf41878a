//! Whether an intent can do anything now: one pure answer read by the footer's key bar (a refused
//! key is greyed, a hidden one left out) and by `update` (a refused key says why and does nothing),
//! so the two cannot disagree.

use super::{help_of, Intent, Mode};
use crate::app::state::{Focus, Overlay, State, View};
use crate::app::timeline::{RowKey, Versioned};
use crate::strings as s;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// The key does its work.
    Ready,
    /// The key is refused now, for this reason (the bar greys it; pressing it says the reason).
    Refused(String),
    /// The bar leaves the key out: it means nothing here, or does what a key the bar names does
    /// (`n` without a search is `]`). `update` decides what pressing it does.
    Hidden,
}

/// What `intent` would do in `mode` now.
pub fn availability(state: &State, mode: Mode, intent: Intent) -> Availability {
    if let Some(why) = offline_refusal(state, mode, intent) {
        return Availability::Refused(why);
    }
    if mode == Mode::Compare && state.comparing {
        if let Some(answer) = compare(state, intent) {
            return answer;
        }
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
        // An event open in view 6 covers its list.
        intent if mode == Mode::Logs && state.logs.open.is_some() && acts_on_logs_list(intent) => {
            Availability::Hidden
        }
        Intent::TestAction
            if mode == Mode::Result && matches!(state.overlay, Overlay::Execution(_)) =>
        {
            Availability::Hidden
        }
        Intent::Versions if state.view == View::Flows => Availability::Hidden,
        // No other pane to go to (asked for the global table too: the bar's Tab is the global one).
        Intent::NextFocus
            if matches!(mode, Mode::Diff | Mode::Compare)
                || (mode == Mode::Global && matches!(state.mode(), Mode::Diff | Mode::Compare)) =>
        {
            Availability::Hidden
        }
        Intent::OpenDashboard if state.view == View::Packages => {
            Availability::Refused(s::reach::DASHBOARD_ONLY_AUTH0.to_string())
        }
        // Without a search `n`/`N` step by change, as `]`/`[` do: the bar names those.
        Intent::NextMatch | Intent::PrevMatch if mode == Mode::Diff && !diff_searched(state) => {
            Availability::Hidden
        }
        // `r` in a diff restores its left side: only a diff `d` opened on a timeline has one.
        Intent::Rollback
            if mode == Mode::Diff
                && (state.comparing
                    || state
                        .versions()
                        .is_none_or(|v| v.diff.is_none() || v.diff_old.is_none())) =>
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

/// View 6's keys that act on its list of events, not on an event opened over it.
pub fn acts_on_logs_list(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::TypeFilter | Intent::PickLogAction | Intent::Filter | Intent::Open
    )
}

/// The open diff (a timeline's or the Compare view's) has a text search (`/`).
fn diff_searched(state: &State) -> bool {
    let shown = if state.comparing {
        state.compare.diff.as_ref().and_then(|d| d.diff.as_ref())
    } else {
        state.versions().and_then(|v| v.diff.as_deref())
    };
    shown.is_some_and(|diff| diff.search.is_some())
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

/// The Compare view's rows (view 5): what needs both stages read, a row, a difference. `None`:
/// the shared answer applies.
fn compare(state: &State, intent: Intent) -> Option<Availability> {
    let compare = &state.compare;
    let refused = |why: &str| Some(Availability::Refused(why.to_string()));
    let chosen = compare.from.is_some() && compare.to.is_some();
    let row = compare.selected_row();
    match intent {
        Intent::Refresh if !chosen => refused(s::compare::CHOOSE_STAGES),
        Intent::PickStages if state.opts.stages.names.len() < 2 => refused(s::compare::NO_STAGES),
        // Esc clears the filter: with none, it does nothing.
        Intent::Back if compare.name_filter.is_empty() => Some(Availability::Hidden),
        Intent::Open | Intent::Mark | Intent::Undo | Intent::Promote if !chosen => {
            refused(s::compare::CHOOSE_STAGES)
        }
        Intent::Open | Intent::Mark | Intent::Promote if !compare.ready() => {
            refused(s::compare::STILL_READING)
        }
        Intent::Promote | Intent::Undo
            if compare.promote.promoting.is_some() || compare.promote.asking.is_some() =>
        {
            refused(s::promote::PROMOTE_UNDER_WAY)
        }
        // Marked rows are promoted together, whichever row is selected.
        Intent::Promote if !compare.promote.marked.is_empty() => None,
        Intent::Open | Intent::Mark | Intent::Undo | Intent::Promote if row.is_none() => {
            if compare.name_filter.is_empty() {
                refused(s::compare::NOTHING_TO_COMPARE)
            } else {
                refused(s::compare::NO_ROW)
            }
        }
        Intent::Promote => match row {
            Some(row) if row.state.is_same() => refused(s::promote::NOTHING_TO_PROMOTE),
            Some(row) if row.state == crate::stages::State::OnlyInTo => Some(
                Availability::Refused(s::promote::not_in_from(row.kind.as_str(), &row.name)),
            ),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{for_tests, StageSide};
    use crate::stages::{Kind, Row, Snapshot, State as RowState};

    /// The Compare view on two stages read, one action row in `row_state`.
    fn comparing(row_state: RowState) -> State {
        let mut state = for_tests();
        state.comparing = true;
        for (side, name) in [
            (&mut state.compare.from, "dev"),
            (&mut state.compare.to, "prod"),
        ] {
            let mut stage = StageSide::new(name.to_string(), 0);
            stage.snapshot = Some(Box::new(Snapshot::empty()));
            *side = Some(stage);
        }
        state.compare.rows = vec![Row {
            kind: Kind::Action,
            name: "Greet".into(),
            state: row_state,
            differences: vec![],
        }];
        state
    }

    fn refusal(state: &State, intent: Intent) -> Option<String> {
        match availability(state, Mode::Compare, intent) {
            Availability::Refused(why) => Some(why),
            _ => None,
        }
    }

    #[test]
    fn promote_is_refused_when_the_sides_do_not_differ_and_ready_when_they_do() {
        let same = comparing(RowState::Same);
        assert_eq!(
            refusal(&same, Intent::Promote).as_deref(),
            Some(s::promote::NOTHING_TO_PROMOTE)
        );
        let differs = comparing(RowState::CodeDiffers);
        assert_eq!(
            availability(&differs, Mode::Compare, Intent::Promote),
            Availability::Ready
        );
        let only_in_b = comparing(RowState::OnlyInTo);
        assert!(refusal(&only_in_b, Intent::Promote).is_some_and(|w| w.contains("Greet")));
        // Marked rows go together, whatever the selected row holds.
        let mut marked = comparing(RowState::Same);
        marked
            .compare
            .promote
            .marked
            .push((Kind::Action, "Other".into()));
        assert_eq!(
            availability(&marked, Mode::Compare, Intent::Promote),
            Availability::Ready
        );
    }

    #[test]
    fn offline_promote_and_its_undo_are_refused_as_changes() {
        let mut state = comparing(RowState::CodeDiffers);
        state.opts.offline = true;
        for intent in [Intent::Promote, Intent::Undo] {
            let why = refusal(&state, intent).unwrap_or_default();
            assert!(
                why.contains(help_of(Mode::Compare, intent).unwrap_or("?")),
                "{why}"
            );
        }
    }

    #[test]
    fn row_keys_wait_for_both_sides_and_a_row() {
        let mut state = comparing(RowState::CodeDiffers);
        if let Some(to) = state.compare.to.as_mut() {
            to.snapshot = None;
        }
        for intent in [Intent::Open, Intent::Promote, Intent::Mark] {
            assert_eq!(
                refusal(&state, intent).as_deref(),
                Some(s::compare::STILL_READING)
            );
        }
        let mut filtered = comparing(RowState::CodeDiffers);
        filtered.compare.name_filter = "nothing like it".into();
        assert_eq!(
            refusal(&filtered, Intent::Open).as_deref(),
            Some(s::compare::NO_ROW)
        );
        assert_eq!(
            availability(&filtered, Mode::Compare, Intent::Back),
            Availability::Ready,
            "Esc clears the filter"
        );
        let mut empty = comparing(RowState::Same);
        empty.compare.rows.clear();
        assert_eq!(
            refusal(&empty, Intent::Promote).as_deref(),
            Some(s::compare::NOTHING_TO_COMPARE)
        );
        let mut none = for_tests();
        none.comparing = true;
        assert_eq!(
            refusal(&none, Intent::Refresh).as_deref(),
            Some(s::compare::CHOOSE_STAGES)
        );
        assert_eq!(
            refusal(&none, Intent::PickStages).as_deref(),
            Some(s::compare::NO_STAGES)
        );
        assert_eq!(
            availability(&none, Mode::Compare, Intent::Back),
            Availability::Hidden
        );
    }
}
