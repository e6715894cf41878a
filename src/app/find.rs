//! Finding things in the text shown (issue 19): `/` searches the code pane or the diff, `n`/`N` go
//! from match to match round the ends, `:N` goes to a line; the code pane's `w` wrap and `H`/`L`
//! sideways scroll; the diff's `s`/`x`/`w` remembered for the session; `o` sorts a list. Part of
//! `update`: no I/O.

use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::msg::Cmd;
use crate::app::state::{FlashKind, Overlay, Prompt, PromptPurpose, State, View};
use crate::diff::find::{matches_in, Direction, MatchAt, Step, TextSearch};
use crate::diff::{DiffState, Viewport};
use crate::strings::find as s;

/// Columns one sideways scroll of the code pane moves (as the diff's).
const HSCROLL_STEP: usize = 8;
/// Lines shown above a match or a line gone to.
const CONTEXT: usize = 3;

/// The keys this feature takes in `mode`; `None`: not this feature's.
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if mode == Mode::Prompt {
        return on_prompt_enter(state, intent);
    }
    match mode.generic() {
        Mode::Diff => on_diff_key(state, intent),
        Mode::Detail if state.view != View::Flows => on_code_key(state, intent),
        Mode::List if intent == Intent::Sort => {
            sort(state);
            Some(vec![])
        }
        _ => None,
    }
}

/// The diff shown over the body (a timeline's, or the Compare view's), and where its lines go.
fn open_diff(state: &mut State) -> Option<(&mut DiffState, Viewport)> {
    if state.comparing {
        let view = layout::compare_diff_viewport(state);
        let diff = state.compare.diff.as_mut()?.diff.as_mut()?;
        return Some((diff, view));
    }
    let view = layout::diff_viewport(state);
    let diff = state.versions_mut()?.diff.as_mut()?;
    Some((diff, view))
}

fn on_diff_key(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    if intent == Intent::FindText {
        open_prompt(state);
        return Some(vec![]);
    }
    let (diff, view) = open_diff(state)?;
    match intent {
        Intent::NextMatch | Intent::PrevMatch if diff.search.is_none() => {
            // No search: `n`/`N` keep going by change, as they always did.
            let by_hunk = if intent == Intent::NextMatch {
                Intent::NextChange
            } else {
                Intent::PrevChange
            };
            crate::app::diffing::apply_diff_intent(diff, by_hunk, view);
        }
        Intent::NextMatch | Intent::PrevMatch => {
            let query = diff.search.as_ref().map(|f| f.query.clone());
            let step = diff.step_search(direction(intent), view);
            say_step(state, step, query.as_deref().unwrap_or_default());
        }
        Intent::Back if diff.search.is_some() => diff.search = None,
        Intent::ScrollRight => diff.scroll_right_within(HSCROLL_STEP, view),
        Intent::ToggleUnified | Intent::ToggleWrap | Intent::ToggleFolds => {
            crate::app::diffing::apply_diff_intent(diff, intent, view);
            let opts = diff.opts;
            state.diff_opts = opts;
        }
        _ => return None,
    }
    Some(vec![])
}

fn direction(intent: Intent) -> Direction {
    if intent == Intent::PrevMatch {
        Direction::Backward
    } else {
        Direction::Forward
    }
}

/// The status line after a step: which match, that the search went round, or that none matched.
fn say_step(state: &mut State, step: Step, query: &str) {
    match step {
        Step::Found { index, count, .. } => {
            state.flash(FlashKind::Info, s::match_of(index, count, query));
        }
        Step::Wrapped { .. } => state.flash(FlashKind::Info, s::SEARCH_WRAPPED.to_string()),
        Step::NoMatches => state.flash(FlashKind::Error, s::no_matches(query)),
    }
}

fn on_code_key(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    match intent {
        Intent::FindText => open_prompt(state),
        Intent::NextMatch | Intent::PrevMatch => step_code(state, direction(intent)),
        Intent::Back if state.code_view.search.is_some() => state.code_view.search = None,
        Intent::ToggleWrap => {
            state.code_view.wrap = !state.code_view.wrap;
            state.code_view.hscroll = 0;
            let max = layout::code_max_scroll(state);
            if state.detail_scroll() > max {
                state.set_detail_scroll(max);
            }
        }
        Intent::ScrollLeft => {
            state.code_view.hscroll = state.code_view.hscroll.saturating_sub(HSCROLL_STEP);
        }
        Intent::ScrollRight if !state.code_view.wrap => {
            let max = code_hscroll_max(state);
            let view = &mut state.code_view;
            view.hscroll = view.hscroll.saturating_add(HSCROLL_STEP).min(max);
        }
        Intent::ScrollRight => {}
        _ => return None,
    }
    Some(vec![])
}

/// Largest sideways scroll of the code pane: the end of its widest line at the right edge.
fn code_hscroll_max(state: &State) -> usize {
    let widest = state.detail_code().map_or(0, crate::diff::widest_line);
    widest.saturating_sub(layout::code_columns(state))
}

fn open_prompt(state: &mut State) {
    state.overlay = Overlay::Prompt(Prompt {
        label: s::FIND_PROMPT.to_string(),
        text: crate::secret::Typed::new(""),
        masked: false,
        purpose: PromptPurpose::FindText,
        error: None,
        hint: Some(s::FIND_HINT.to_string()),
    });
}

/// Enter in the search's prompt, or on `:N` (a line number). `None`: another prompt's Enter.
fn on_prompt_enter(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    let Overlay::Prompt(prompt) = &state.overlay else {
        return None;
    };
    if intent != Intent::FilterKeep {
        return None;
    }
    let text = prompt.text.as_str().trim().to_string();
    match prompt.purpose {
        PromptPurpose::FindText => {
            state.overlay = Overlay::None;
            if !text.is_empty() {
                search(state, &text);
            }
            Some(vec![])
        }
        PromptPurpose::Command => {
            let line: usize = text.parse().ok()?;
            state.overlay = Overlay::None;
            go_to_line(state, line);
            Some(vec![])
        }
        _ => None,
    }
}

/// A diff is over the body (the search and `:N` go to it rather than the code).
fn diff_shown(state: &State) -> bool {
    if state.comparing {
        return state
            .compare
            .diff
            .as_ref()
            .is_some_and(|d| d.diff.is_some());
    }
    state.versions().is_some_and(|v| v.diff.is_some())
}

/// Searches the diff shown, else the code shown, and goes to the first match from the view's top.
fn search(state: &mut State, query: &str) {
    if diff_shown(state) {
        let Some((diff, view)) = open_diff(state) else {
            return;
        };
        diff.search = Some(Box::new(TextSearch::new(query)));
        let step = diff.step_search(Direction::Forward, view);
        return say_step(state, step, query);
    }
    state.code_view.search = Some(TextSearch::new(query));
    step_code(state, Direction::Forward);
}

/// `n`/`N` in the code pane: the next match round the ends, scrolled into view.
fn step_code(state: &mut State, direction: Direction) {
    let Some(query) = state.code_view.search.as_ref().map(|f| f.query.clone()) else {
        state.flash(FlashKind::Info, s::FIND_HINT.to_string());
        return;
    };
    let Some(code) = state.detail_code() else {
        return;
    };
    let matches = matches_in(&query, code.lines());
    let top = state.detail_scroll();
    let from = MatchAt {
        line: top,
        start: 0,
    };
    let Some(search) = state.code_view.search.as_mut() else {
        return;
    };
    let step = search.step(&matches, direction, from);
    if let Step::Found { at, .. } | Step::Wrapped { at, .. } = step {
        show_code_match(state, at);
    }
    say_step(state, step, &query);
}

/// Scrolls the code so the match is on screen: down and across only as far as needed.
fn show_code_match(state: &mut State, at: MatchAt) {
    let rows = layout::code_rows(state);
    let top = state.detail_scroll();
    // Wrapped lines can push a line below the pane sooner: count it visible only near the top.
    let visible_rows = if state.code_view.wrap { rows / 2 } else { rows };
    if at.line < top || at.line >= top + visible_rows.max(1) {
        let scroll = at.line.saturating_sub(CONTEXT);
        state.set_detail_scroll(scroll.min(layout::code_max_scroll(state)));
    }
    if state.code_view.wrap {
        return;
    }
    let Some(line) = state.detail_code().and_then(|c| c.lines().nth(at.line)) else {
        return;
    };
    let column = crate::diff::line_columns(&line[..at.start.min(line.len())]);
    let width = layout::code_columns(state);
    let view = &mut state.code_view;
    if column < view.hscroll || column + 1 > view.hscroll + width {
        view.hscroll = column.saturating_sub(HSCROLL_STEP);
    }
}

/// `:N`: line N of the diff's new side, or of the code shown.
fn go_to_line(state: &mut State, line: usize) {
    let index = line.saturating_sub(1);
    if diff_shown(state) {
        let Some((diff, view)) = open_diff(state) else {
            return;
        };
        let lines = crate::highlight::line_count(&diff.diff.new);
        match diff.display_line_of_new(index) {
            Some(display) if index < lines => diff.show_line(display, view),
            _ => state.flash(FlashKind::Error, s::no_such_line(line, lines)),
        }
        return;
    }
    let Some(lines) = state.detail_code().map(crate::highlight::line_count) else {
        return state.flash(FlashKind::Error, s::NO_TEXT_TO_GO_TO.to_string());
    };
    if index >= lines {
        return state.flash(FlashKind::Error, s::no_such_line(line, lines));
    }
    let max = layout::code_max_scroll(state);
    state.set_detail_scroll(index.saturating_sub(CONTEXT).min(max));
}

/// A modules list just shown (loaded, or read from the store) keeps the order chosen with `o`.
pub fn keep_modules_sorted(state: &mut State) {
    let sort = state.modules.sort;
    if let Some(list) = state.modules.list.data.ready_mut() {
        crate::app::state::sort_modules(list, sort);
    }
}

/// `o`: the list's next order; the selection stays on the same row.
fn sort(state: &mut State) {
    match state.view {
        View::Actions => {
            let selected = state.selected_action().map(|a| a.id.clone());
            state.actions.sort = state.actions.sort.next();
            let shown = state.visible_actions();
            if let Some(at) = selected.and_then(|id| shown.iter().position(|a| a.id == id)) {
                state.actions.selected = at;
            }
        }
        View::Modules => {
            let sort = state.modules.sort.next();
            state.modules.sort = sort;
            let selected = state.modules_list().get(state.modules.selected);
            let selected = selected.map(|m| m.id.clone());
            if let Some(list) = state.modules.list.data.ready_mut() {
                crate::app::state::sort_modules(list, sort);
            }
            let list = state.modules_list();
            if let Some(at) = selected.and_then(|id| list.iter().position(|m| m.id == id)) {
                state.modules.selected = at;
            }
        }
        View::Packages => {
            let selected = state.packages.selected_package().map(|p| p.id.clone());
            state.packages.sort = state.packages.sort.next();
            let shown = state.packages.visible();
            if let Some(at) = selected.and_then(|id| shown.iter().position(|p| p.id == id)) {
                state.packages.selected = at;
            }
        }
        View::Flows => {}
    }
}
