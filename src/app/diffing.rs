//! Diffs off the loop. `update` never computes a line diff: it asks with `Cmd::Diff` (the runtime
//! runs it on a blocking thread, the headless driver at once) and the answer comes back as
//! `Msg::DiffReady` with its generation. Each target — the diff pane of a timeline, a confirm
//! dialog — keeps the generation it waits for: the newest request wins, a stale answer is dropped.
//! Until then the target shows what it showed (the version's code; a dialog without its diff).

use std::sync::Arc;

use crate::app::common::layout;
use crate::app::keymap::Intent;
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{Confirm, FlashKind, Overlay, State};
use crate::app::timeline::TimelineRow;
use crate::diff::{Diff, DiffState, Viewport};
use crate::strings as s;

/// Two texts to compare, labelled as the user knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRequest {
    pub old: Arc<str>,
    pub new: Arc<str>,
    pub old_label: String,
    pub new_label: String,
}

impl DiffRequest {
    /// Two timeline rows (`v7 → draft`).
    pub fn of_rows(old: &TimelineRow, new: &TimelineRow) -> Self {
        Self {
            old: old.code.clone(),
            new: new.code.clone(),
            old_label: old.label(),
            new_label: new.label(),
        }
    }

    fn cmd(self, generation: Generation) -> Cmd {
        Cmd::Diff {
            generation,
            old: self.old,
            new: self.new,
            old_label: self.old_label,
            new_label: self.new_label,
        }
    }
}

/// The line diff and its display (the work `Cmd::Diff` asks for; it takes time on big texts).
pub fn compute(old: Arc<str>, new: Arc<str>, old_label: String, new_label: String) -> DiffState {
    DiffState::new(Arc::new(Diff::new(old, new)), old_label, new_label)
}

/// The diff pane of the open timeline will show this comparison once computed.
pub fn show_in_pane(state: &mut State, request: DiffRequest) -> Vec<Cmd> {
    let generation = state.new_generation();
    let Some(versions) = state.versions_mut() else {
        return vec![];
    };
    versions.pending_diff = Some(generation);
    vec![request.cmd(generation)]
}

/// Opens a confirm dialog; its diff (what changes) follows when computed.
pub fn ask(state: &mut State, mut confirm: Confirm, diff: Option<DiffRequest>) -> Vec<Cmd> {
    let cmds = match diff {
        Some(request) => {
            let generation = state.new_generation();
            confirm.pending_diff = Some(generation);
            vec![request.cmd(generation)]
        }
        None => vec![],
    };
    state.overlay = Overlay::Confirm(Box::new(confirm));
    cmds
}

/// A computed diff: shown where it was asked for, if that still waits for this one.
pub fn on_ready(state: &mut State, generation: Generation, result: Result<Box<DiffState>, String>) {
    if let Overlay::Confirm(confirm) = &mut state.overlay {
        if confirm.pending_diff == Some(generation) {
            confirm.pending_diff = None;
            match result {
                Ok(diff) => {
                    confirm.diff = Some(*diff);
                    fit_confirm_diff(state);
                }
                Err(err) => state.flash(
                    FlashKind::Error,
                    s::flash_load_failed(s::diffs::WHAT_DIFF, &err),
                ),
            }
            return;
        }
    }
    let pane = [
        state.actions.versions.as_mut(),
        state.modules.versions.as_mut(),
        state.packages.versions.as_mut(),
    ]
    .into_iter()
    .flatten()
    .find(|v| v.pending_diff == Some(generation));
    let Some(versions) = pane else {
        return; // stale: a newer request, or its pane closed
    };
    versions.pending_diff = None;
    match result {
        Ok(diff) => versions.diff = Some(*diff),
        Err(err) => state.flash(
            FlashKind::Error,
            s::flash_load_failed(s::diffs::WHAT_DIFF, &err),
        ),
    }
}

/// A dialog's diff wraps long lines and opens on the first change, so the change itself is on
/// screen without scrolling (`w` and `←/→` still scroll sideways when asked).
fn fit_confirm_diff(state: &mut State) {
    let view = layout::confirm_diff_viewport(state);
    if let Overlay::Confirm(confirm) = &mut state.overlay {
        if let Some(diff) = confirm.diff.as_mut() {
            diff.set_wrap(true);
            diff.show_first_change(view);
        }
    }
}

/// Keys inside a diff (the pane's and a dialog's): scrolling, hunks, toggles.
pub fn apply_diff_intent(diff: &mut DiffState, intent: Intent, view: Viewport) {
    let page = view.rows.saturating_sub(1).max(1) as isize;
    match intent {
        Intent::Up => diff.scroll_by(-1, view),
        Intent::Down => diff.scroll_by(1, view),
        Intent::PageUp => diff.scroll_by(-page, view),
        Intent::PageDown => diff.scroll_by(page, view),
        Intent::Top => diff.scroll_to_top(),
        Intent::Bottom => diff.scroll_to_bottom(view),
        Intent::NextChange => diff.next_change(),
        Intent::PrevChange => diff.prev_change(),
        Intent::ToggleUnified => diff.toggle_unified(),
        Intent::ToggleWrap => diff.toggle_wrap(),
        Intent::ToggleFolds => diff.toggle_expanded(),
        Intent::ScrollLeft => diff.scroll_left(HSCROLL_STEP),
        Intent::ScrollRight => diff.scroll_right(HSCROLL_STEP),
        _ => {}
    }
}

/// Columns one sideways scroll moves.
const HSCROLL_STEP: usize = 8;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::msg::{Cmd, Msg};
    use crate::app::state::{Focus, Slot, State, VersionsView, View};
    use crate::app::timeline::{RowKey, RowStatus, Timeline, TimelineRow, Versioned};
    use crate::app::update::update;
    use crate::backend::{ConnectionInfo, Services};
    use crate::model::BuildStatus;

    fn row(number: u32, code: &str) -> TimelineRow {
        TimelineRow {
            key: RowKey::Version(number),
            kind: Versioned::Module,
            version_id: Some(format!("ver_{number}")),
            code: Arc::from(code),
            status: RowStatus::Build(BuildStatus::Built),
            errors: vec![],
            comment: String::new(),
            created: None,
            live: number == 2,
        }
    }

    /// A module's timeline open on v2 (v1 before it).
    fn on_a_timeline() -> State {
        let connection = ConnectionInfo {
            label: "t".into(),
            base_url: "http://t".into(),
            demo: false,
            profile: None,
            services: Services {
                auth0: true,
                faircom: false,
            },
            faircom_label: None,
        };
        let mut state = State::new(connection, crate::app::RunOptions::default());
        let rows = vec![row(2, "a\nb\n"), row(1, "a\n")];
        let mut timeline = Slot::default();
        timeline.data = crate::app::state::Remote::Ready(Timeline {
            kind: Versioned::Module,
            object_id: "mod_1".into(),
            object_name: "m".into(),
            draft_code: rows[0].code.clone(),
            rows,
            draft_status: BuildStatus::Built,
            settings: vec![],
        });
        state.view = View::Modules;
        state.focus = Focus::Timeline;
        state.modules.versions = Some(VersionsView {
            kind: Versioned::Module,
            object_id: "mod_1".into(),
            object_name: "m".into(),
            timeline,
            selected: 0,
            base: None,
            code_scroll: 0,
            diff: None,
            pending_diff: None,
            then: None,
        });
        state
    }

    fn press_d(state: &mut State) -> u64 {
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        let cmds = update(state, Msg::Key(d));
        let [Cmd::Diff {
            generation,
            old,
            new,
            ..
        }] = cmds.as_slice()
        else {
            panic!("d asks for a diff, it does not compute one: {cmds:?}");
        };
        assert_eq!((&**old, &**new), ("a\n", "a\nb\n"));
        assert!(
            state.versions().is_some_and(|v| v.diff.is_none()),
            "nothing computed in update"
        );
        *generation
    }

    fn ready(generation: u64) -> Msg {
        Msg::DiffReady {
            generation,
            diff: Ok(Box::new(super::compute(
                "a\n".into(),
                "a\nb\n".into(),
                "v1".into(),
                "v2".into(),
            ))),
        }
    }

    #[test]
    fn d_asks_for_the_diff_and_only_the_newest_answer_is_shown() {
        let mut state = on_a_timeline();
        let first = press_d(&mut state);
        let second = press_d(&mut state);
        assert!(second > first);
        assert!(update(&mut state, ready(first)).is_empty());
        assert!(
            state.versions().is_some_and(|v| v.diff.is_none()),
            "an older request's answer is dropped"
        );
        update(&mut state, ready(second));
        let diff = state.versions().and_then(|v| v.diff.as_ref());
        assert!(
            diff.is_some_and(|d| d.diff.added == 1),
            "the newest is shown"
        );
        assert!(state.versions().is_some_and(|v| v.pending_diff.is_none()));
    }
}
