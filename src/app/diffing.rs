//! Diffs off the loop. `update` never computes a line diff: it asks with `Cmd::Diff` (the runtime
//! runs it on a blocking thread, the headless driver at once) and the answer comes back as
//! `Msg::DiffReady` with its generation. Each target — the diff pane of a timeline, a confirm
//! dialog about to open — keeps the generation it waits for: the newest request wins, a stale
//! answer is dropped. Until then the screen shows what it showed (the version's code; no dialog
//! yet), as a detail keeps its old data while it reloads.

use std::sync::Arc;

use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{Asking, Confirm, FlashKind, Overlay, State};
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
            request: self,
        }
    }

    /// The line diff and its display: the work `Cmd::Diff` asks for (it takes time on big texts).
    pub fn compute(self) -> DiffState {
        DiffState::new(
            Arc::new(Diff::new(self.old, self.new)),
            self.old_label,
            self.new_label,
        )
    }
}

/// The diff pane of the open timeline will show this comparison once computed.
pub fn show_in_pane(state: &mut State, request: DiffRequest) -> Vec<Cmd> {
    let generation = state.new_generation();
    let Some(versions) = state.versions_mut() else {
        return vec![];
    };
    versions.pending_diff = Some(generation);
    versions.diff_old = None;
    vec![request.cmd(generation)]
}

/// Opens a confirm dialog — once its diff (what changes) is computed, when it has one: the dialog
/// never shows without the diff the user is asked about.
pub fn ask(state: &mut State, confirm: Confirm, diff: Option<DiffRequest>) -> Vec<Cmd> {
    let Some(request) = diff else {
        state.asking = None; // a newer question wins
        state.overlay = Overlay::Confirm(Box::new(confirm));
        return vec![];
    };
    let generation = state.new_generation();
    state.asking = Some(Asking {
        generation,
        confirm: Box::new(confirm),
    });
    vec![request.cmd(generation)]
}

/// A computed diff: shown where it was asked for, if that still waits for this one.
pub fn on_ready(state: &mut State, generation: Generation, result: Result<Box<DiffState>, String>) {
    if state
        .asking
        .as_ref()
        .is_some_and(|asking| asking.generation == generation)
    {
        let Some(Asking { mut confirm, .. }) = state.asking.take() else {
            return;
        };
        match result {
            Ok(diff) => {
                confirm.diff = Some(*diff);
                state.overlay = Overlay::Confirm(confirm);
                fit_confirm_diff(state);
            }
            Err(err) => state.flash(
                FlashKind::Error,
                s::flash_load_failed(s::diffs::WHAT_DIFF, &err),
            ),
        }
        return;
    }
    // The Compare view's diff of one row.
    if let Some(open) = state
        .compare
        .diff
        .as_mut()
        .filter(|d| d.pending == Some(generation))
    {
        open.pending = None;
        match result {
            Ok(diff) => open.diff = Some(session_look(*diff, &open.name, state.diff_opts)),
            Err(err) => state.flash(
                FlashKind::Error,
                s::flash_load_failed(s::diffs::WHAT_DIFF, &err),
            ),
        }
        return;
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
        Ok(diff) => {
            versions.diff = Some(Box::new(session_look(
                *diff,
                &versions.object_name,
                state.diff_opts,
            )));
        }
        Err(err) => state.flash(
            FlashKind::Error,
            s::flash_load_failed(s::diffs::WHAT_DIFF, &err),
        ),
    }
}

/// A diff opened over the body: titled with what it compares, shown with the session's settings
/// (`s`, `x`, `w` last chosen).
fn session_look(mut diff: DiffState, object: &str, opts: crate::diff::DiffOptions) -> DiffState {
    diff.title = Some(s::find::diff_title(object, &diff.old_label, &diff.new_label).into());
    diff.set_options(opts);
    diff
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
