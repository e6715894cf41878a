//! Line history in a code view (tig's blame): `b` toggles a gutter naming, per line, the version that
//! last changed it; `,` re-blames at the version before the cursor line's version and `<` (or Esc)
//! comes back; Enter opens the diff that brought the line. `update` never computes a blame: it asks
//! with `Cmd::Blame` (the runtime runs `history::blame` on a blocking thread, the headless driver at
//! once) and the answer comes back as `Msg::Blamed` with its generation, the newest request winning.
//! The versions come from the open timeline (loaded first when it is not).

use std::sync::Arc;

use crate::app::common::new_moved;
use crate::app::diffing::{show_in_pane, DiffRequest};
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::loading::{loaded_timeline, open_timeline};
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{
    BlameRequest, BlameSource, BlameStep, BlameView, Blamed, Menu, MenuPurpose, Overlay,
    PickaxeRequest, PickaxeTarget, Prompt, PromptPurpose,
};
use crate::app::state::{FlashKind, Focus, State, View};
use crate::app::timeline::{RowKey, Timeline};
use crate::history::{Blame, Pattern, PickaxeHit, PickaxeHunk};
use crate::strings as s;

fn shown_mut(state: &mut State) -> Option<&mut BlameView> {
    state.shown_blame()?;
    state.blame.as_mut()
}

/// Keys of a code view that line history takes: `b` anywhere code is shown, and with the gutter
/// open `,`, `<`, Enter, Esc (after a `,`) and the moves (they move the cursor line). `None`: not
/// for this feature.
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    let mode = mode.generic();
    if !matches!(mode, Mode::Detail | Mode::Timeline) || state.view == View::Flows {
        return None;
    }
    if intent == Intent::Blame {
        return Some(toggle(state));
    }
    if intent == Intent::Pickaxe && mode == Mode::Timeline {
        return Some(open_pickaxe(state));
    }
    if mode != Mode::Detail {
        return None;
    }
    let open = state.shown_blame().is_some();
    match intent {
        Intent::BlameParent | Intent::BlameBack | Intent::BlameDiff if !open => {
            state.flash(FlashKind::Info, s::blame::BLAME_FIRST.to_string());
            Some(vec![])
        }
        Intent::BlameParent => Some(parent(state)),
        Intent::BlameBack => {
            back(state);
            Some(vec![])
        }
        Intent::BlameDiff => Some(open_diff(state)),
        Intent::Back if open && state.shown_blame().is_some_and(|b| !b.back.is_empty()) => {
            back(state);
            Some(vec![])
        }
        movement if open && movement.is_movement() => {
            move_cursor(state, movement);
            Some(vec![])
        }
        _ => None,
    }
}

/// `b`: the gutter on (the timeline loaded first when it is not) or off.
fn toggle(state: &mut State) -> Vec<Cmd> {
    if state.shown_blame().is_some() || pending_for_this_view(state) {
        state.blame = None;
        return vec![];
    }
    let Some(versions) = state.versions() else {
        return from_detail(state);
    };
    let object_id = versions.object_id.clone();
    let selected =
        loaded_timeline(state).and_then(|t| t.rows.get(versions.selected).map(|r| r.key));
    state.blame = Some(new_view(
        state.view,
        object_id,
        selected.unwrap_or(RowKey::Draft),
    ));
    state.focus = Focus::Detail;
    if selected.is_some() {
        return request(state);
    }
    // The timeline is still loading: blame when it arrives.
    if let Some(blame) = state.blame.as_mut() {
        blame.awaiting_timeline = true;
    }
    vec![]
}

/// True while a `b` waits for its timeline in this view (a second `b` cancels it).
fn pending_for_this_view(state: &State) -> bool {
    state
        .blame
        .as_ref()
        .is_some_and(|b| b.view == state.view && b.awaiting_timeline)
}

/// `b` in a detail with no timeline open: the timeline opens (the versions are needed) and the
/// draft (or what is live, when the draft is the same) is blamed once it has loaded.
fn from_detail(state: &mut State) -> Vec<Cmd> {
    if !state.detail_open() {
        return vec![];
    }
    let cmds = open_timeline(state);
    let Some(versions) = state.versions() else {
        return cmds;
    };
    let mut view = new_view(state.view, versions.object_id.clone(), RowKey::Draft);
    view.awaiting_timeline = true;
    state.blame = Some(view);
    state.focus = Focus::Detail;
    let already_loaded = loaded_timeline(state).is_some();
    if already_loaded {
        return on_timeline_loaded(state);
    }
    cmds
}

fn new_view(view: View, object_id: String, row: RowKey) -> BlameView {
    BlameView {
        view,
        object_id,
        row,
        order: Arc::from(Vec::new()),
        blame: None,
        pending: None,
        cursor: 0,
        back: vec![],
        awaiting_timeline: false,
    }
}

/// The rows of a timeline oldest first, with their code: what the blame walks.
fn sources(timeline: &Timeline) -> (Arc<[RowKey]>, Arc<[BlameSource]>) {
    let rows = timeline.rows.iter().rev();
    let order: Arc<[RowKey]> = rows.clone().map(|r| r.key).collect();
    let sources: Arc<[BlameSource]> = rows
        .map(|r| BlameSource {
            number: r.number(),
            code: r.code.clone(),
        })
        .collect();
    (order, sources)
}

/// Asks for the blame of the blamed row (the selection, if that row is gone).
fn request(state: &mut State) -> Vec<Cmd> {
    request_with(state, None)
}

fn request_with(state: &mut State, parent_of: Option<(Arc<Blame>, usize)>) -> Vec<Cmd> {
    let generation = state.new_generation();
    let Some(versions) = state.versions() else {
        return vec![];
    };
    let Some(timeline) = versions.timeline.data.ready() else {
        return vec![];
    };
    let selected = versions.selected;
    let Some(blame) = state.blame.as_ref() else {
        return vec![];
    };
    let index = timeline
        .position(blame.row)
        .or((selected < timeline.rows.len()).then_some(selected));
    let Some(index) = index else {
        return vec![];
    };
    let row = timeline.rows[index].key;
    let (order, revisions) = sources(timeline);
    let at = timeline.rows.len() - 1 - index;
    if let Some(versions) = state.versions_mut() {
        versions.selected = index;
    }
    let Some(blame) = state.blame.as_mut() else {
        return vec![];
    };
    blame.row = row;
    blame.order = order;
    blame.blame = None;
    blame.pending = Some(generation);
    blame.awaiting_timeline = false;
    vec![Cmd::Blame {
        generation,
        request: BlameRequest {
            revisions,
            at,
            parent_of,
        },
    }]
}

/// A timeline arrived: a `b` waiting for it blames now; an open gutter is blamed again (the
/// versions may have changed).
pub fn on_timeline_loaded(state: &mut State) -> Vec<Cmd> {
    let Some(versions) = state.versions() else {
        return vec![];
    };
    let Some(timeline) = versions.timeline.data.ready() else {
        return vec![];
    };
    let Some(blame) = state.blame.as_ref() else {
        return vec![];
    };
    if blame.view != state.view || blame.object_id != versions.object_id {
        return vec![];
    }
    if blame.awaiting_timeline {
        // The code the detail showed: the draft's row, else the live one (the same code then).
        let index = timeline
            .position(RowKey::Draft)
            .or_else(|| timeline.rows.iter().position(|r| r.live))
            .unwrap_or(0);
        let key = timeline.rows.get(index).map_or(RowKey::Draft, |r| r.key);
        if let Some(versions) = state.versions_mut() {
            versions.selected = index;
            versions.code_scroll = 0;
        }
        if let Some(blame) = state.blame.as_mut() {
            blame.row = key;
        }
        return request(state);
    }
    // A reload (a refresh, a change): the gutter shown stays until the new blame replaces it.
    let (row, shown) = (blame.row, blame.blame.clone());
    let cmds = request(state);
    if let Some(blame) = state.blame.as_mut().filter(|b| b.row == row) {
        blame.blame = shown;
    }
    cmds
}

/// The timeline's selection moved: the gutter follows it (a fresh blame of that version).
pub fn follow_selection(state: &mut State) -> Vec<Cmd> {
    let Some(selected) = crate::app::loading::selected_row(state).map(|r| r.key) else {
        return vec![];
    };
    let Some(object_id) = state.versions().map(|v| v.object_id.clone()) else {
        return vec![];
    };
    let view = state.view;
    let Some(blame) = state.blame.as_mut() else {
        return vec![];
    };
    if blame.view != view || blame.object_id != object_id || blame.row == selected {
        return vec![];
    }
    blame.row = selected;
    blame.back.clear();
    blame.cursor = 0;
    request(state)
}

/// A computed blame: shown if it is the newest asked for.
pub fn on_blamed(state: &mut State, generation: Generation, result: Result<Box<Blamed>, String>) {
    let Some(blame) = state.blame.as_mut() else {
        return;
    };
    if blame.pending != Some(generation) {
        return; // stale
    }
    blame.pending = None;
    match result {
        Ok(blamed) => {
            let last = blamed.blame.lines.len().saturating_sub(1);
            if let Some(line) = blamed.line {
                blame.cursor = line;
            }
            blame.cursor = blame.cursor.min(last);
            blame.blame = Some(Arc::new(blamed.blame));
            keep_cursor_in_view(state);
        }
        Err(err) => {
            state.blame = None;
            state.flash(
                FlashKind::Error,
                s::flash_load_failed(s::blame::WHAT_BLAME, &err),
            );
        }
    }
}

/// Moves the cursor line; the code scrolls to keep it in view.
fn move_cursor(state: &mut State, intent: Intent) {
    let rows = layout::code_rows(state);
    let Some(blame) = state.blame.as_mut() else {
        return;
    };
    let len = blame.blame.as_ref().map_or(0, |b| b.lines.len());
    blame.cursor = new_moved(blame.cursor, len, intent, rows.saturating_sub(1));
    keep_cursor_in_view(state);
}

fn keep_cursor_in_view(state: &mut State) {
    let rows = layout::code_rows(state).max(1);
    let Some(cursor) = state.blame.as_ref().map(|b| b.cursor) else {
        return;
    };
    let Some(versions) = state.versions_mut() else {
        return;
    };
    if cursor < versions.code_scroll {
        versions.code_scroll = cursor;
    } else if cursor >= versions.code_scroll + rows {
        versions.code_scroll = cursor + 1 - rows;
    }
}

/// The cursor line's origin: (index into `order`, line in that version).
fn cursor_origin(blame: &BlameView) -> Option<(usize, usize)> {
    let line = blame.blame.as_ref()?.lines.get(blame.cursor)?;
    Some((line.origin, line.origin_line))
}

/// `,`: re-blame at the version before the one that last changed the cursor line.
fn parent(state: &mut State) -> Vec<Cmd> {
    let Some(blame) = state.shown_blame() else {
        return vec![];
    };
    let Some((origin, _)) = cursor_origin(blame) else {
        state.flash(FlashKind::Info, s::blame::BLAMING.to_string());
        return vec![];
    };
    let Some(parent) = origin.checked_sub(1).map(|i| blame.order[i]) else {
        state.flash(FlashKind::Info, s::blame::FIRST_VERSION_LINE.to_string());
        return vec![];
    };
    let Some(index) = loaded_timeline(state).and_then(|t| t.position(parent)) else {
        return vec![];
    };
    let scroll = state.versions().map_or(0, |v| v.code_scroll);
    let Some(blame) = shown_mut(state) else {
        return vec![];
    };
    let from = blame.blame.clone();
    blame.back.push(BlameStep {
        row: blame.row,
        order: blame.order.clone(),
        blame: from.clone(),
        cursor: blame.cursor,
        scroll,
    });
    let cursor = blame.cursor;
    blame.row = parent;
    if let Some(versions) = state.versions_mut() {
        versions.selected = index;
    }
    request_with(state, from.map(|b| (b, cursor)))
}

/// `<` (and Esc after a `,`): back to the blame before the last `,`, where it was.
fn back(state: &mut State) {
    let Some(step) = shown_mut(state).and_then(|b| b.back.pop()) else {
        state.flash(FlashKind::Info, s::blame::NOTHING_TO_GO_BACK.to_string());
        return;
    };
    let index = loaded_timeline(state).and_then(|t| t.position(step.row));
    let Some(index) = index else {
        return;
    };
    if let Some(versions) = state.versions_mut() {
        versions.selected = index;
        versions.code_scroll = step.scroll;
    }
    if let Some(blame) = state.blame.as_mut() {
        blame.row = step.row;
        blame.order = step.order;
        blame.blame = step.blame;
        blame.cursor = step.cursor;
        blame.pending = None;
    }
}

/// Enter: the diff of the cursor line's version with the version before, at that line.
fn open_diff(state: &mut State) -> Vec<Cmd> {
    let Some(blame) = state.shown_blame() else {
        return vec![];
    };
    let Some((origin, origin_line)) = cursor_origin(blame) else {
        state.flash(FlashKind::Info, s::blame::BLAMING.to_string());
        return vec![];
    };
    let Some(before) = origin.checked_sub(1) else {
        state.flash(FlashKind::Info, s::blame::FIRST_VERSION_LINE.to_string());
        return vec![];
    };
    let (old_key, new_key) = (blame.order[before], blame.order[origin]);
    let Some(timeline) = loaded_timeline(state) else {
        return vec![];
    };
    let row = |key| timeline.position(key).map(|i| &timeline.rows[i]);
    let (Some(old), Some(new)) = (row(old_key), row(new_key)) else {
        return vec![];
    };
    let request = DiffRequest::of_rows(old, new);
    diff_at_line(state, request, origin_line)
}

/// Opens a diff in the timeline's pane, shown at `line` of its new side once computed.
fn diff_at_line(state: &mut State, request: DiffRequest, line: usize) -> Vec<Cmd> {
    let cmds = show_in_pane(state, request);
    state.history_jump.diff_at = state
        .versions()
        .and_then(|v| v.pending_diff)
        .map(|generation| (generation, line));
    cmds
}

/// A diff arrived: one opened from a line is shown at that line.
pub fn on_diff_ready(state: &mut State, generation: Generation) {
    let Some((_, line)) = state.history_jump.diff_at.filter(|(g, _)| *g == generation) else {
        return;
    };
    let view = layout::diff_viewport(state);
    state.history_jump.diff_at = None;
    if let Some(diff) = state.versions_mut().and_then(|v| v.diff.as_mut()) {
        diff.show_new_line(line, view);
    }
}

/// `/` in a timeline: asks for the text.
fn open_pickaxe(state: &mut State) -> Vec<Cmd> {
    if loaded_timeline(state).is_none() {
        state.flash(FlashKind::Info, s::blame::VERSIONS_NOT_LOADED.to_string());
        return vec![];
    }
    state.overlay = Overlay::Prompt(Prompt {
        label: s::blame::PICKAXE_PROMPT.to_string(),
        text: crate::secret::Typed::new(""),
        masked: false,
        purpose: PromptPurpose::Pickaxe,
        error: None,
        hint: Some(s::blame::PICKAXE_HINT.to_string()),
    });
    vec![]
}

/// Enter in the pickaxe's prompt: the search goes off the loop. `None`: not that prompt.
pub fn on_prompt_key(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return None;
    };
    if mode != Mode::Prompt
        || intent != Intent::FilterKeep
        || prompt.purpose != PromptPurpose::Pickaxe
    {
        return None;
    }
    let text = prompt.text.as_str().to_string();
    if let Err(err) = Pattern::literal(&text) {
        prompt.error = Some(err.to_string());
        return Some(vec![]);
    }
    state.overlay = Overlay::None;
    let Some(timeline) = loaded_timeline(state) else {
        return Some(vec![]);
    };
    let (order, revisions) = sources(timeline);
    let generation = state.new_generation();
    state.history_jump.pickaxe = Some((generation, text.clone(), order));
    Some(vec![Cmd::Pickaxe {
        generation,
        request: PickaxeRequest { revisions, text },
    }])
}

/// The versions found: listed (Enter opens one's diff at its hunk), or said to be none.
pub fn on_pickaxe_found(
    state: &mut State,
    generation: Generation,
    result: Result<Vec<PickaxeHit>, String>,
) {
    let Some((_, text, order)) = state
        .history_jump
        .pickaxe
        .take_if(|(g, _, _)| *g == generation)
    else {
        return; // stale
    };
    let hits = match result {
        Ok(hits) => hits,
        Err(err) => {
            let text = s::flash_load_failed(s::blame::WHAT_PICKAXE, &err);
            return state.flash(FlashKind::Error, text);
        }
    };
    if hits.is_empty() {
        return state.flash(FlashKind::Info, s::blame::no_version_changed(&text));
    }
    let Some(timeline) = loaded_timeline(state) else {
        return;
    };
    let row_of = |at: usize| {
        (order.get(at))
            .and_then(|k| timeline.position(*k))
            .map(|i| &timeline.rows[i])
    };
    let mut items = vec![];
    let mut targets = vec![];
    for hit in &hits {
        let Some(row) = row_of(hit.at) else {
            continue;
        };
        let added: usize = hit.hunks.iter().map(|h| h.added).sum();
        let removed: usize = hit.hunks.iter().map(|h| h.removed).sum();
        let before = hit.at.checked_sub(1).and_then(row_of).map(|r| &*r.code);
        let excerpt = hit
            .hunks
            .first()
            .and_then(|hunk| hunk_excerpt(hunk, before.unwrap_or(""), &row.code, &text))
            .map(|(line, l)| s::blame::pickaxe_hunk(line + 1, &l, hit.hunks.len() - 1))
            .unwrap_or_default();
        items.push((
            s::blame::pickaxe_item(&row.label(), added, removed),
            excerpt,
        ));
        targets.push(PickaxeTarget {
            old: hit.at.checked_sub(1).map(|i| order[i]),
            new: order[hit.at],
            line: hit.hunks.first().map_or(0, |h| h.lines.new.start),
        });
    }
    state.overlay = Overlay::Menu(Menu {
        title: s::blame::pickaxe_title(&text, items.len()),
        items,
        selected: 0,
        purpose: MenuPurpose::Pickaxe(targets),
    });
}

/// A hunk in short: its first line holding the text (an added one, else a removed one), and where.
fn hunk_excerpt(hunk: &PickaxeHunk, old: &str, new: &str, text: &str) -> Option<(usize, String)> {
    let (code, range) = if hunk.added > 0 {
        (new, hunk.lines.new.clone())
    } else {
        (old, hunk.lines.old.clone())
    };
    (code.lines().enumerate())
        .skip(range.start)
        .take(range.len())
        .find(|(_, l)| l.contains(text))
        .map(|(at, l)| (at, l.trim().chars().take(EXCERPT_CHARS).collect()))
}

/// Characters of a hunk's line the pickaxe list shows.
const EXCERPT_CHARS: usize = 60;

/// Enter on a listed version: its diff with the version before at the hunk (the first version:
/// its code there).
pub fn on_pickaxe_choice(state: &mut State, targets: &[PickaxeTarget], index: usize) -> Vec<Cmd> {
    let Some(target) = targets.get(index) else {
        return vec![];
    };
    let Some(timeline) = loaded_timeline(state) else {
        return vec![];
    };
    let Some(new_index) = timeline.position(target.new) else {
        return vec![];
    };
    let new = timeline.rows[new_index].clone();
    let old = target
        .old
        .and_then(|k| timeline.position(k))
        .map(|i| timeline.rows[i].clone());
    let rows = layout::code_rows(state);
    let Some(versions) = state.versions_mut() else {
        return vec![];
    };
    versions.selected = new_index;
    if let Some(old) = old {
        return diff_at_line(state, DiffRequest::of_rows(&old, &new), target.line);
    }
    versions.code_scroll = target.line.saturating_sub(rows / 2);
    state.focus = Focus::Detail;
    vec![]
}
