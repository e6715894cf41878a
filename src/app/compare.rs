//! The Compare view (`5`): two stages (profiles: tenants, FairCom places) read side by side, one
//! row per object matched by name, and the cross-stage diff of a row. Each side is read by the
//! shell on its own connection (`Cmd::ReadStage`); one that fails leaves its rows `unknown` and the
//! other keeps its rows. The comparison itself is the pure `stages::compare`.

use std::sync::Arc;

use crate::app::common::new_moved;
use crate::app::diffing::{apply_diff_intent, DiffRequest};
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::msg::{Cmd, Generation};
use crate::app::state::{
    CompareDiff, FlashKind, Menu, MenuPurpose, Overlay, SettingDiff, Side, StageReading, StageSide,
    State,
};
use crate::stages::{self, Facets, Kind, Mapping, Options, PackageNaming, Snapshot};
use crate::strings::compare as s;

pub mod promote;

/// `5`: shows the view; the first time, compares the pair the dashboard was started with (or
/// opens the picker).
pub fn open(state: &mut State) -> Vec<Cmd> {
    state.comparing = true;
    if state.compare.from.is_some() {
        return vec![];
    }
    if let Some((from, to)) = state.opts.stages.initial.clone() {
        return start(state, &from, &to);
    }
    pick_stages(state);
    vec![]
}

/// Leaves the view (another view's key).
pub fn close(state: &mut State) {
    state.comparing = false;
}

/// Compares `from` with `to`: both read afresh, each on its own connection.
pub fn start(state: &mut State, from: &str, to: &str) -> Vec<Cmd> {
    if from == to {
        state.flash(FlashKind::Error, s::same_stage_twice(from));
        return vec![];
    }
    state.comparing = true;
    let compare = &mut state.compare;
    compare.from = Some(StageSide::new(from.to_string(), 0));
    compare.to = Some(StageSide::new(to.to_string(), 0));
    compare.rows.clear();
    compare.selected = 0;
    compare.diff = None;
    reread(state)
}

/// `r`: reads both sides again (the rows stay until the answers arrive).
pub fn reread(state: &mut State) -> Vec<Cmd> {
    let mut cmds = vec![];
    for side in Side::BOTH {
        let generation = state.new_generation();
        if let Some(stage) = state.compare.side_mut(side) {
            stage.generation = generation;
            stage.reading = true;
            cmds.push(Cmd::ReadStage {
                side,
                profile: stage.name.clone(),
                generation,
            });
        }
    }
    cmds
}

/// A side answered: kept if it is the newest read, and once both are in, the rows are compared.
pub fn on_stage_read(state: &mut State, side: Side, generation: Generation, reading: StageReading) {
    let Some(stage) = state
        .compare
        .side_mut(side)
        .filter(|s| s.generation == generation)
    else {
        return; // stale: a newer read, or other stages chosen
    };
    stage.reading = false;
    stage.production = reading.production;
    stage.tenants = reading.tenants;
    stage.replace = reading.replace;
    stage.snapshot = Some(Box::new(reading.snapshot));
    recompute(state);
}

/// The rows from both snapshots (once both are here), the selection kept in range.
fn recompute(state: &mut State) {
    let compare = &mut state.compare;
    let (Some(from), Some(to)) = (&compare.from, &compare.to) else {
        return;
    };
    let (Some(a), Some(b)) = (&from.snapshot, &to.snapshot) else {
        return;
    };
    let options = Options {
        drafts: compare.drafts,
        mapping: Mapping::between(&from.replace, &to.replace),
    };
    compare.rows = stages::compare(a, b, &options);
    let len = compare.visible().len();
    compare.selected = compare.selected.min(len.saturating_sub(1));
}

/// `d`: drafts instead of what is live, or back. Both snapshots hold both: nothing is re-read.
pub fn toggle_drafts(state: &mut State) {
    state.compare.drafts = !state.compare.drafts;
    state.compare.diff = None;
    recompute(state);
    let said = if state.compare.drafts {
        s::COMPARING_DRAFTS
    } else {
        s::COMPARING_LIVE
    };
    state.flash(FlashKind::Info, said.to_string());
}

/// `c`: a menu of the stages for A, then one for B.
pub fn pick_stages(state: &mut State) {
    let names = state.opts.stages.names.clone();
    if names.len() < 2 {
        state.flash(FlashKind::Error, s::NO_STAGES.to_string());
        return;
    }
    state.compare.picked_from = None;
    state.overlay = Overlay::Menu(Menu {
        title: s::PICK_FROM.to_string(),
        items: names
            .iter()
            .map(|n| (n.clone(), s::PICK_ITEM.to_string()))
            .collect(),
        selected: 0,
        purpose: MenuPurpose::CompareStage(names),
    });
}

/// A stage chosen in the picker: A first, then B (A is not offered again).
pub fn on_stage_chosen(state: &mut State, names: &[String], index: usize) -> Vec<Cmd> {
    let Some(name) = names.get(index).cloned() else {
        return vec![];
    };
    if let Some(from) = state.compare.picked_from.take() {
        return start(state, &from, &name);
    }
    let rest: Vec<String> = state
        .opts
        .stages
        .names
        .iter()
        .filter(|n| **n != name)
        .cloned()
        .collect();
    state.overlay = Overlay::Menu(Menu {
        title: s::pick_to(&name),
        items: rest
            .iter()
            .map(|n| (n.clone(), s::PICK_ITEM.to_string()))
            .collect(),
        selected: 0,
        purpose: MenuPurpose::CompareStage(rest),
    });
    state.compare.picked_from = Some(name);
    vec![]
}

/// The picker closed without a choice.
pub fn on_pick_cancelled(state: &mut State) {
    state.compare.picked_from = None;
}

/// `:compare A B` (or `:compare` alone: the picker).
pub fn run_command(state: &mut State, args: &[&str]) -> Vec<Cmd> {
    match args {
        [] => {
            state.comparing = true;
            pick_stages(state);
            vec![]
        }
        [from, to] => {
            let known = &state.opts.stages.names;
            if let Some(unknown) = [from, to]
                .into_iter()
                .find(|n| !known.iter().any(|k| k == **n))
            {
                let why = s::unknown_stage(unknown, known);
                state.flash(FlashKind::Error, why);
                return vec![];
            }
            start(state, from, to)
        }
        _ => {
            state.flash(FlashKind::Error, s::COMPARE_USAGE.to_string());
            vec![]
        }
    }
}

/// The view's keys; `None` leaves the key to the shared handling (help, quit, views, `:`).
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    let cmds = match (mode, intent) {
        // Already here; the diff's Tab has no other pane to go to.
        (_, Intent::ViewCompare) | (Mode::Diff | Mode::Compare, Intent::NextFocus) => vec![],
        (
            _,
            Intent::ViewActions | Intent::ViewModules | Intent::ViewFlows | Intent::ViewPackages,
        ) => {
            close(state);
            return None;
        }
        (Mode::Filter, Intent::FilterKeep) => {
            state.compare.editing_filter = false;
            vec![]
        }
        (Mode::Filter, Intent::FilterClear) => {
            state.compare.editing_filter = false;
            state.compare.name_filter.clear();
            vec![]
        }
        (Mode::Filter, Intent::FilterErase) => {
            state.compare.name_filter.pop();
            clamp(state);
            vec![]
        }
        (Mode::Diff, Intent::Back) => {
            state.compare.diff = None;
            vec![]
        }
        (Mode::Diff | Mode::Compare, Intent::Refresh) => reread(state),
        (Mode::Diff, intent) => {
            let view = layout::compare_diff_viewport(state);
            if let Some(diff) = state.compare.diff.as_mut().and_then(|d| d.diff.as_mut()) {
                apply_diff_intent(diff, intent, view);
            }
            vec![]
        }
        (Mode::Compare, Intent::Open) => open_diff(state),
        (Mode::Compare, Intent::Promote) => promote::request(state),
        (Mode::Compare, Intent::Mark) => {
            promote::toggle_mark(state);
            vec![]
        }
        (Mode::Compare, Intent::Undo) => promote::request_undo(state),
        (Mode::Compare, Intent::Filter) => {
            state.compare.editing_filter = true;
            vec![]
        }
        (Mode::Compare, Intent::ToggleDrafts) => {
            toggle_drafts(state);
            vec![]
        }
        (Mode::Compare, Intent::PickStages) => {
            pick_stages(state);
            vec![]
        }
        (Mode::Compare, Intent::Back) => {
            state.compare.name_filter.clear();
            clamp(state);
            vec![]
        }
        (Mode::Compare, movement) if movement.is_movement() => {
            let len = state.compare.visible().len();
            let page = layout::compare_list_rows(state);
            state.compare.selected = new_moved(state.compare.selected, len, movement, page);
            vec![]
        }
        _ => return None,
    };
    Some(cmds)
}

/// The visible row drawn on each line of the list (`None`: a kind's heading), as the list draws
/// them: a heading before the first row of each kind.
fn row_per_line(compare: &crate::app::state::CompareView) -> Vec<Option<usize>> {
    let mut lines = vec![];
    let mut kind = None;
    for (index, row) in compare.visible().iter().enumerate() {
        if kind != Some(row.kind) {
            kind = Some(row.kind);
            lines.push(None);
        }
        lines.push(Some(index));
    }
    lines
}

/// The visible row under screen position (`column`, `row`), if any (a heading is none).
pub fn row_at(state: &State, column: u16, row: u16) -> Option<usize> {
    if state.compare.diff.is_some() || !state.compare.ready() {
        return None;
    }
    let list = layout::areas(state, layout::screen(state)).list?;
    let top = list.y + 1 + layout::COMPARE_STATUS_ROWS;
    let rows = layout::compare_list_rows(state);
    let inside = column > list.x
        && column + 1 < list.x + list.width
        && row >= top
        && usize::from(row - top) < rows;
    if !inside {
        return None;
    }
    let lines = row_per_line(&state.compare);
    let selected = state.compare.selected;
    let selected_line = lines.iter().position(|l| *l == Some(selected));
    let offset = layout::list_offset(selected_line.unwrap_or(0), rows);
    lines
        .get(offset + usize::from(row - top))
        .copied()
        .flatten()
}

/// A click on a row selects it.
pub fn click(state: &mut State, column: u16, row: u16) {
    if let Some(index) = row_at(state, column, row) {
        state.compare.selected = index;
    }
}

/// A character typed into the filter.
pub fn on_filter_char(state: &mut State, c: char) {
    state.compare.name_filter.push(c);
    clamp(state);
}

fn clamp(state: &mut State) {
    let len = state.compare.visible().len();
    state.compare.selected = state.compare.selected.min(len.saturating_sub(1));
}

/// One object of a row on one side, as it compares: its facets (`None`: not on that side, or the
/// side could not be read).
fn facets_of(
    snapshot: &Snapshot,
    kind: Kind,
    name: &str,
    drafts: bool,
    naming: PackageNaming,
) -> Option<Facets> {
    match kind {
        Kind::Action => snapshot
            .action(name)
            .map(|a| stages::action_facets(a, drafts)),
        Kind::Module => snapshot
            .module(name)
            .map(|m| stages::module_facets(m, drafts)),
        Kind::Flow => snapshot.flow(name).map(stages::flow_facets),
        Kind::Package => snapshot
            .packages
            .read()?
            .iter()
            .find(|p| naming.name(p) == name)
            .map(stages::package_facets),
    }
}

/// What a diff shows as code: an object's code, a flow's bound actions one a line.
fn shown_code(facets: &Facets, kind: Kind) -> Option<String> {
    match kind {
        Kind::Flow => facets.setting(stages::Field::Order).map(str::to_string),
        _ => facets.code.clone(),
    }
}

/// Enter: the selected row's settings that differ, then its code A → B in the diff pane.
pub fn open_diff(state: &mut State) -> Vec<Cmd> {
    let compare = &state.compare;
    let (Some(row), Some(from), Some(to)) = (compare.selected_row(), &compare.from, &compare.to)
    else {
        return vec![];
    };
    let (Some(a), Some(b)) = (&from.snapshot, &to.snapshot) else {
        return vec![];
    };
    let drafts = compare.drafts;
    let naming = PackageNaming::of(&a.scope, &b.scope);
    let (kind, name) = (row.kind, row.name.clone());
    let facets_a = facets_of(a, kind, &name, drafts, naming);
    let facets_b = facets_of(b, kind, &name, drafts, naming);
    let settings = match (&facets_a, &facets_b) {
        (Some(fa), Some(fb)) => settings_between(fa, fb, kind),
        _ => vec![],
    };
    let note = match (&facets_a, &facets_b) {
        (Some(_), None) if a.failures().is_empty() && !b.failures().is_empty() => {
            Some(s::unreadable(&to.name))
        }
        (None, Some(_)) if !a.failures().is_empty() => Some(s::unreadable(&from.name)),
        (Some(_), None) => Some(s::only_in(&from.name)),
        (None, Some(_)) => Some(s::only_in(&to.name)),
        (Some(fa), Some(fb)) => match (fa.absent, fb.absent) {
            (Some(what), _) => Some(s::lacks(&from.name, what.as_str())),
            (_, Some(what)) => Some(s::lacks(&to.name, what.as_str())),
            _ => None,
        },
        (None, None) => None,
    };
    let code = |f: &Option<Facets>| {
        f.as_ref()
            .and_then(|f| shown_code(f, kind))
            .unwrap_or_default()
    };
    let request = DiffRequest {
        old: Arc::from(code(&facets_a)),
        new: Arc::from(code(&facets_b)),
        old_label: s::side_label(&from.name, drafts),
        new_label: s::side_label(&to.name, drafts),
    };
    let generation = state.new_generation();
    state.compare.diff = Some(CompareDiff {
        kind,
        name,
        settings,
        note,
        diff: None,
        pending: Some(generation),
    });
    vec![Cmd::Diff {
        generation,
        request,
    }]
}

/// The settings whose text differs (a flow's order is its code: shown below, not here).
fn settings_between(from: &Facets, to: &Facets, kind: Kind) -> Vec<SettingDiff> {
    let mut fields: Vec<stages::Field> = from
        .settings
        .iter()
        .chain(&to.settings)
        .map(|(f, _)| *f)
        .filter(|f| !(kind == Kind::Flow && *f == stages::Field::Order))
        .collect();
    fields.dedup();
    let mut seen = vec![];
    fields
        .into_iter()
        .filter(|f| {
            let first = !seen.contains(f);
            seen.push(*f);
            first
        })
        .filter(|f| from.setting(*f) != to.setting(*f))
        .map(|field| SettingDiff {
            field,
            from: from.setting(field).unwrap_or_default().to_string(),
            to: to.setting(field).unwrap_or_default().to_string(),
        })
        .collect()
}
