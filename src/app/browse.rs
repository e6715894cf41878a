//! Browsing: the lists and their details — selecting, opening, scrolling, filtering, switching
//! view, refreshing — and what a loaded list or detail does to the selection. Part of `update`:
//! no I/O; the loads themselves are `app::loading`'s.

use crate::app::common::new_moved;
use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::loading::{load_list, load_selected_flow, load_timeline, request_detail};
use crate::app::msg::Cmd;
use crate::app::state::{
    ActionDetail, FilterChoice, FlashKind, Focus, ModuleDetail, Overlay, PackageDetail, Remote,
    Slot, State, View,
};
use crate::strings as s;

/// A fresh read of one action (while following a change) replaces its row and its open detail.
pub fn show_action(state: &mut State, action: &crate::model::Action) {
    if let Remote::Ready(list) = &mut state.actions.list.data {
        if let Some(row) = list.iter_mut().find(|a| a.id == action.id) {
            *row = action.clone();
        }
    }
    if let Some(detail) = state.actions.detail.as_mut().filter(|d| d.id == action.id) {
        if let Remote::Ready(shown) = &mut detail.action.data {
            *shown = action.clone();
        }
    }
}

/// Selects the object just created once its list shows it (the filters may hide it: then not).
pub fn select_created(state: &mut State, view: View) {
    let Some(id) = state.select_on_load.clone() else {
        return;
    };
    let index = match view {
        View::Actions => state.visible_actions().iter().position(|a| a.id == id),
        View::Modules => state.modules_list().iter().position(|m| m.id == id),
        _ => None,
    };
    if let Some(index) = index {
        match view {
            View::Actions => state.actions.selected = index,
            _ => state.modules.selected = index,
        }
        state.select_on_load = None;
    }
}

/// The name filter being typed: the actions' or the triggers'.
pub fn filter_text(state: &mut State) -> &mut String {
    match state.view {
        View::Flows => &mut state.flows.filter,
        View::Packages => &mut state.packages.name_filter,
        _ => &mut state.actions.name_filter,
    }
}

pub fn stop_typing_filters(state: &mut State) {
    state.actions.editing_filter = false;
    state.flows.editing_filter = false;
    state.packages.editing_filter = false;
}

/// The filtered list starts over at its first row.
pub fn filter_changed(state: &mut State) -> Vec<Cmd> {
    match state.view {
        View::Flows => {
            state.flows.selected = 0;
            load_selected_flow(state)
        }
        View::Packages => {
            state.packages.selected = 0;
            vec![]
        }
        _ => {
            state.actions.selected = 0;
            vec![]
        }
    }
}

pub fn on_picker(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Overlay::TriggerPicker { selected } = state.overlay else {
        return vec![];
    };
    let choices = state.filter_choices();
    match intent {
        Intent::Down => {
            state.overlay = Overlay::TriggerPicker {
                selected: (selected + 1).min(choices.len().saturating_sub(1)),
            }
        }
        Intent::Up => {
            state.overlay = Overlay::TriggerPicker {
                selected: selected.saturating_sub(1),
            }
        }
        Intent::Pick => {
            let actions = &mut state.actions;
            match choices.get(selected) {
                Some(FilterChoice::Trigger(id)) => actions.trigger_filter = Some(id.clone()),
                Some(FilterChoice::State(filter)) => actions.state_filter = Some(*filter),
                Some(FilterChoice::All) | None => {
                    actions.trigger_filter = None;
                    actions.state_filter = None;
                }
            }
            state.overlay = Overlay::None;
            state.actions.selected = 0;
        }
        Intent::Back => state.overlay = Overlay::None,
        _ => {}
    }
    vec![]
}

pub fn move_selection(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let before = state.selected_index();
    let after = new_moved(before, state.list_len(), intent, layout::list_rows(state));
    select(state, after)
}

/// Selects a list row; an open detail follows the selection (its slot keeps only the newest request).
pub fn select(state: &mut State, index: usize) -> Vec<Cmd> {
    let before = state.selected_index();
    match state.view {
        View::Actions => state.actions.selected = index,
        View::Modules => state.modules.selected = index,
        View::Flows => {
            state.flows.selected = index;
            return load_selected_flow(state);
        }
        View::Packages => state.packages.selected = index,
    }
    if index != before && state.detail_open() {
        open_selected_detail(state)
    } else {
        vec![]
    }
}

pub fn scroll_detail(state: &mut State, intent: Intent) {
    let rows = layout::code_rows(state);
    let max = layout::code_max_scroll(state);
    let scroll = new_moved(
        state.detail_scroll(),
        max + 1,
        intent,
        rows.saturating_sub(1),
    );
    state.set_detail_scroll(scroll);
}

pub fn clamp_scroll(state: &mut State) {
    let max = layout::code_max_scroll(state);
    if state.detail_scroll() > max {
        state.set_detail_scroll(max);
    }
}

pub fn clamp_selection(state: &mut State) {
    let actions_last = state.visible_actions().len().saturating_sub(1);
    state.actions.selected = state.actions.selected.min(actions_last);
    state.modules.selected = state
        .modules
        .selected
        .min(state.modules_list().len().saturating_sub(1));
    let packages_last = state.packages.visible().len().saturating_sub(1);
    state.packages.selected = state.packages.selected.min(packages_last);
}

pub fn switch_view(state: &mut State, view: View) -> Vec<Cmd> {
    if !view.offered(state.connection.services) {
        state.flash(FlashKind::Info, s::view_not_offered(view == View::Packages));
        return vec![];
    }
    state.view = view;
    state.overlay = Overlay::None;
    if !state.detail_open() {
        state.focus = Focus::List;
    }
    let not_asked = match view {
        View::Actions => state.actions.list.data == Remote::NotAsked,
        View::Modules => state.modules.list.data == Remote::NotAsked,
        View::Flows => state.flows.triggers.data == Remote::NotAsked,
        View::Packages => state.packages.list.data == Remote::NotAsked,
    };
    if not_asked {
        vec![load_list(state)]
    } else {
        vec![]
    }
}

pub fn refresh(state: &mut State) -> Vec<Cmd> {
    state.flash(FlashKind::Info, s::REFRESHING.to_string());
    let mut cmds = vec![load_list(state)];
    if state.detail_open() {
        cmds.extend(request_detail(state, state.view));
    }
    if state.versions().is_some() {
        cmds.extend(load_timeline(state));
    }
    cmds
}

pub fn open_selected(state: &mut State) -> Vec<Cmd> {
    let already_open = match state.view {
        View::Actions => state
            .selected_action()
            .zip(state.actions.detail.as_ref())
            .is_some_and(|(a, d)| a.id == d.id),
        View::Modules => state
            .modules_list()
            .get(state.modules.selected)
            .zip(state.modules.detail.as_ref())
            .is_some_and(|(m, d)| m.id == d.id),
        View::Flows => true,
        View::Packages => state
            .packages
            .selected_package()
            .zip(state.packages.detail.as_ref())
            .is_some_and(|(p, d)| p.id == d.id),
    };
    let cmds = if already_open {
        vec![]
    } else {
        open_selected_detail(state)
    };
    if state.detail_open() {
        state.focus = Focus::Detail;
    }
    cmds
}

/// Opens (or re-targets) the detail on the selected row and requests its loads. Results of earlier
/// requests are stale from here on: the new slots have not started a generation yet.
fn open_selected_detail(state: &mut State) -> Vec<Cmd> {
    match state.view {
        View::Actions => {
            let Some(action) = state.selected_action().cloned() else {
                return vec![];
            };
            // Show what the list already has (it may lack code) while the full object loads.
            let mut slot = Slot::default();
            if action.code_loaded {
                slot.data = Remote::Ready(action.clone());
            }
            state.actions.detail = Some(ActionDetail {
                id: action.id,
                name: action.name,
                action: slot,
                scroll: 0,
            });
        }
        View::Modules => {
            let Some(module) = state.modules_list().get(state.modules.selected).cloned() else {
                return vec![];
            };
            state.modules.detail = Some(ModuleDetail {
                id: module.id.clone(),
                name: module.name.clone(),
                module: Slot {
                    data: Remote::Ready(module),
                    generation: 0,
                },
                usages: Slot::default(),
                scroll: 0,
            });
        }
        View::Flows => return load_selected_flow(state),
        View::Packages => {
            let Some(package) = state.packages.selected_package().cloned() else {
                return vec![];
            };
            // The list has no code: the facts show while describe brings it.
            state.packages.detail = Some(PackageDetail {
                id: package.id.clone(),
                about: PackageDetail::about(&package).into(),
                package: Slot {
                    data: Remote::Ready(package),
                    generation: 0,
                },
                scroll: 0,
                show_metadata: false,
            });
        }
    }
    request_detail(state, state.view)
}

pub fn close_detail(state: &mut State) {
    match state.view {
        View::Actions => state.actions.detail = None,
        View::Modules => state.modules.detail = None,
        View::Flows => {}
        View::Packages => state.packages.detail = None,
    }
    state.focus = Focus::List;
}
