//! `update`: the only place state changes. No I/O, no await: network work leaves as `Cmd`s and comes
//! back as `Msg`s.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::keymap::{self, Intent, Mode};
use crate::app::layout;
use crate::app::msg::{Cmd, Generation, Msg};
use crate::app::state::{
    ActionDetail, Flash, FlashKind, Focus, ModuleDetail, Overlay, PackageDetail, Remote, Slot,
    State, View,
};
use crate::app::{authoring, changes, flows_view, packages, refresh, versions};
use crate::highlight;
use crate::strings as s;

/// Ticks an error stays on screen (Tick is ~100 ms) unless a key is pressed first.
pub const ERROR_TICKS: u64 = 80;
pub const INFO_TICKS: u64 = 30;
/// Lines the mouse wheel scrolls in a detail pane.
const WHEEL_LINES: usize = 3;

/// The first loads, issued when the dashboard starts: the lists of the services it talks to. A
/// FairCom-only connection opens on the packages. Then the check of the changes left open.
pub fn init(state: &mut State) -> Vec<Cmd> {
    let services = state.connection.services;
    let mut cmds = vec![];
    if services.auth0 {
        cmds.extend([load_actions(state), load_modules(state)]);
    } else {
        state.view = View::Packages;
    }
    if services.faircom {
        cmds.push(packages::load_list(state));
    }
    // Last, and in the background: the first frame does not wait for it.
    cmds.extend(crate::app::journaling::reconcile(state));
    state.in_flight += cmds.len();
    cmds
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Cmd> {
    if msg.is_api_result() {
        state.in_flight = state.in_flight.saturating_sub(1);
    }
    let cmds = match msg {
        Msg::Tick => {
            on_tick(state);
            let cmds = refresh::on_tick(state);
            if !cmds.is_empty() {
                state.in_flight += cmds.len();
                state.dirty = true;
            }
            return cmds;
        }
        Msg::Clock(now) => {
            // Relative times change by the minute at most; redraw only when one could have.
            let minute = |t: Option<crate::model::Timestamp>| t.map(|t| t.timestamp() / 60);
            if minute(state.now) != minute(Some(now)) {
                state.dirty = true;
            }
            state.now = Some(now);
            return vec![];
        }
        Msg::Waited(event) => {
            state.waits.on_event(event, state.tick);
            state.dirty = true;
            return vec![];
        }
        Msg::Key(key) => on_key(state, key),
        Msg::Mouse(mouse) => on_mouse(state, mouse),
        Msg::Resize(width, height) => {
            state.width = width;
            state.height = height;
            clamp_scroll(state);
            vec![]
        }
        Msg::ActionsLoaded { generation, result } => {
            let before = refresh::seen_before(state, View::Actions, generation);
            let outcome = state.actions.list.finish(generation, result);
            report(state, outcome, s::WHAT_ACTIONS);
            select_created(state, View::Actions);
            clamp_selection(state);
            refresh::on_actions_loaded(state);
            refresh::report_changes(state, View::Actions, before)
        }
        Msg::ActionLoaded { generation, result } => {
            let job = &mut state.actions.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.actions.detail.as_mut() {
                let outcome = detail.action.finish(generation, result);
                report(state, outcome, s::WHAT_ACTION);
                clamp_scroll(state);
            }
            flush_detail(state, View::Actions)
        }
        Msg::ModulesLoaded { generation, result } => {
            let before = refresh::seen_before(state, View::Modules, generation);
            let outcome = state.modules.list.finish(generation, result);
            report(state, outcome, s::WHAT_MODULES);
            select_created(state, View::Modules);
            clamp_selection(state);
            refresh::report_changes(state, View::Modules, before)
        }
        Msg::ModuleLoaded { generation, result } => {
            let job = &mut state.modules.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.modules.detail.as_mut() {
                let outcome = detail.module.finish(generation, result);
                report(state, outcome, s::WHAT_MODULE);
                clamp_scroll(state);
            }
            flush_detail(state, View::Modules)
        }
        Msg::ModuleActionsLoaded { generation, result } => {
            let job = &mut state.modules.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.modules.detail.as_mut() {
                let outcome = detail.usages.finish(generation, result);
                report(state, outcome, s::WHAT_MODULE_USAGES);
            }
            flush_detail(state, View::Modules)
        }
        Msg::TimelineLoaded { generation, result } => {
            match versions::on_loaded(state, generation, result) {
                Ok(Some(then)) => changes::on_timeline_ready(state, then),
                Ok(None) => vec![],
                Err(err) => {
                    report(state, Err(err), s::WHAT_VERSIONS);
                    vec![]
                }
            }
        }
        Msg::Deployed(result) => changes::on_deployed(state, result),
        Msg::ActionPolled(result) => {
            // The list and the detail show what the status line says.
            if let Ok(action) = &result {
                show_action(state, action);
            }
            changes::on_polled(state, result)
        }
        Msg::ModulePublished(result) => changes::on_module_published(state, result),
        Msg::ModuleRolledBack(result) => changes::on_module_rolled_back(state, result),
        Msg::ModuleDraftRestored(result) => changes::on_module_restored(state, result),
        Msg::Settled { error, known } => changes::on_settled(state, &error, known),
        Msg::JournalAppended(result) => {
            if let Err(err) = result {
                flash(state, FlashKind::Error, s::journal_failed(&err));
            }
            vec![]
        }
        Msg::Reconciled(result) => {
            crate::app::journaling::on_reconciled(state, result);
            vec![]
        }
        Msg::JournalRead {
            kind: crate::journal::ObjectKind::Trigger,
            object_id,
            result,
        } => flows_view::on_journal_read(state, &object_id, result),
        Msg::JournalRead {
            object_id, result, ..
        } => changes::on_journal_read(state, &object_id, result),
        Msg::TriggersLoaded { generation, result }
            if authoring::wants_triggers(state, generation) =>
        {
            authoring::on_triggers_loaded(state, generation, result)
        }
        Msg::TriggersLoaded { generation, result } => {
            match flows_view::on_triggers_loaded(state, generation, result) {
                Ok(cmds) => cmds,
                Err(err) => {
                    report(state, Err(err), s::WHAT_TRIGGERS);
                    vec![]
                }
            }
        }
        Msg::BindingsLoaded {
            trigger_id,
            generation,
            result,
        } => {
            let before = refresh::flow_before(state, &trigger_id, generation);
            let outcome = flows_view::on_bindings_loaded(state, &trigger_id, generation, result);
            report(state, outcome.map(|()| true), s::WHAT_BINDINGS);
            refresh::report_flow_change(state, &trigger_id, before);
            vec![]
        }
        Msg::OrderApplied { trigger_id, result } => {
            flows_view::on_order_applied(state, &trigger_id, result)
        }
        Msg::PackagesLoaded { generation, result } => {
            let before = refresh::seen_before(state, View::Packages, generation);
            let outcome = packages::on_list_loaded(state, generation, result);
            report(state, outcome, s::WHAT_PACKAGES);
            refresh::report_changes(state, View::Packages, before)
        }
        Msg::PackageLoaded { generation, result } => {
            let job = &mut state.packages.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.packages.detail.as_mut() {
                let outcome = detail.package.finish(generation, result);
                if let Some(package) = detail.package.data.ready() {
                    detail.about = packages::about(package).into();
                }
                report(state, outcome, s::WHAT_PACKAGE);
                clamp_scroll(state);
            }
            flush_detail(state, View::Packages)
        }
        Msg::PackageChanged(result) => packages::on_changed(state, result),
        Msg::Edited {
            purpose,
            original,
            result,
        } => authoring::on_edited(state, purpose, original, result),
        Msg::DraftSaved(result) => {
            // The list and the detail show the build the change started, as the status line does.
            if let Ok(crate::app::msg::DraftSaved {
                action: Some(action),
                ..
            }) = &result
            {
                show_action(state, action);
            }
            authoring::on_draft_saved(state, result)
        }
        Msg::Created(result) => authoring::on_created(state, result),
        Msg::Deleted(result) => authoring::on_deleted(state, result),
        Msg::BoundChecked { action_id, result } => {
            authoring::on_bound_checked(state, &action_id, result)
        }
        Msg::ModuleUsersChecked { module_id, result } => {
            authoring::on_module_users_checked(state, &module_id, result)
        }
        Msg::Tested(result) => {
            authoring::on_tested(state, result);
            vec![]
        }
        Msg::ExecutionLoaded { id, result } => {
            authoring::on_execution_loaded(state, &id, result);
            vec![]
        }
    };
    state.in_flight += cmds.iter().filter(|c| c.is_api_call()).count();
    state.dirty = true;
    cmds
}

/// A fresh read of one action (while following a change) replaces its row and its open detail.
fn show_action(state: &mut State, action: &crate::model::Action) {
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
fn select_created(state: &mut State, view: View) {
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

fn on_tick(state: &mut State) {
    state.tick += 1;
    if state.in_flight > 0 || state.running.is_some() || !state.waits.is_empty() {
        state.dirty = true; // the spinner moves, a wait's seconds count
    }
    if state
        .flash
        .as_ref()
        .is_some_and(|f| state.tick >= f.until_tick)
    {
        state.flash = None;
        state.dirty = true;
    }
}

fn report(state: &mut State, outcome: Result<bool, String>, what: &str) {
    if let Err(err) = outcome {
        flash(state, FlashKind::Error, s::flash_load_failed(what, &err));
    }
}

pub fn flash(state: &mut State, kind: FlashKind, text: String) {
    let ticks = match kind {
        FlashKind::Error => ERROR_TICKS,
        FlashKind::Info => INFO_TICKS,
    };
    state.flash = Some(Flash {
        kind,
        text,
        until_tick: state.tick + ticks,
    });
}

/// Which key table applies now.
pub fn mode(state: &State) -> Mode {
    match &state.overlay {
        Overlay::Help { .. } => Mode::Help,
        Overlay::TriggerPicker { .. } => Mode::Picker,
        Overlay::Confirm(_) => Mode::Confirm,
        Overlay::AddBinding { .. } | Overlay::Menu(_) => Mode::Picker,
        Overlay::Conflict => Mode::Conflict,
        Overlay::Prompt(_) => Mode::Prompt,
        Overlay::Settings(settings) if settings.prompt.is_some() => Mode::Prompt,
        Overlay::Settings(_) => Mode::Settings,
        Overlay::TestResult(_) | Overlay::Execution(_) => Mode::Result,
        Overlay::None if state.view == View::Flows => flows_view::mode(state),
        Overlay::None if state.view == View::Packages => packages::mode(state),
        Overlay::None => match state.versions() {
            Some(v) if v.diff.is_some() => Mode::Diff,
            Some(_) if state.focus == Focus::Detail => Mode::Detail,
            Some(_) => Mode::Timeline,
            None if state.view == View::Actions && state.actions.editing_filter => Mode::Filter,
            None if state.focus == Focus::Detail && state.detail_open() => Mode::Detail,
            None => Mode::List,
        },
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Cmd> {
    if key.kind != KeyEventKind::Press {
        return vec![];
    }
    if layout::too_small(state.width, state.height) {
        return on_key_too_small(state, &key);
    }
    // Errors stay until the next key.
    state.flash = None;
    let armed = std::mem::take(&mut state.quit_armed);
    let mode = mode(state);
    let intent = keymap::lookup(mode, &key);
    // Only an immediate second quit counts.
    state.quit_armed = armed && intent == Some(Intent::Quit);
    if let Some(intent) = intent {
        on_intent(state, mode, intent)
    } else {
        if mode == Mode::Prompt {
            if let KeyCode::Char(c) = key.code {
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    authoring::on_prompt_char(state, c);
                }
            }
            return vec![];
        }
        if mode == Mode::Filter {
            if let KeyCode::Char(c) = key.code {
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    filter_text(state).push(c);
                    return filter_changed(state);
                }
            }
        }
        vec![]
    }
}

/// The screen shows none of the app (no dialog, no list): a key could act on something unseen, so
/// only quitting works, the same way as from the list (a second press while a change runs).
fn on_key_too_small(state: &mut State, key: &KeyEvent) -> Vec<Cmd> {
    if keymap::lookup(Mode::List, key) != Some(Intent::Quit) {
        return vec![];
    }
    state.dirty = true;
    on_intent(state, Mode::List, Intent::Quit)
}

fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Vec<Cmd> {
    if matches!(mode, Mode::FlowTriggers | Mode::FlowBindings) {
        if let Some(cmds) = flows_view::on_intent(state, mode, intent) {
            return cmds;
        }
    }
    if matches!(
        mode,
        Mode::PackageList | Mode::PackageDetail | Mode::PackageTimeline
    ) {
        if let Some(cmds) = packages::on_intent(state, intent) {
            return cmds;
        }
    }
    let mode = mode.generic();
    match (mode, intent) {
        (Mode::Prompt, Intent::Quit) => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Prompt, intent) => authoring::on_prompt_key(state, intent),
        (Mode::Settings, Intent::Quit) if state.running.is_none() => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Settings, intent) => authoring::on_settings_key(state, intent),
        (Mode::Result, Intent::Quit) if state.running.is_none() => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Result, intent) => authoring::on_result_key(state, intent),
        (Mode::List | Mode::Detail, Intent::EditDraft) => authoring::edit_draft(state),
        (Mode::List | Mode::Detail, Intent::OpenSettings) => authoring::open_settings(state),
        (Mode::List | Mode::Detail, Intent::Create) => authoring::start_create(state),
        (Mode::List | Mode::Detail, Intent::Delete) => authoring::request_delete(state),
        (Mode::List | Mode::Detail, Intent::TestAction) if state.view != View::Actions => {
            flash(state, FlashKind::Info, s::TEST_ONLY_ACTIONS.to_string());
            vec![]
        }
        (Mode::List | Mode::Detail, Intent::TestAction) => authoring::request_test(state),
        (_, Intent::Command) => {
            authoring::open_command(state, "");
            vec![]
        }
        (Mode::List, Intent::ExecPrompt) => {
            authoring::open_command(state, "exec ");
            vec![]
        }
        // Quitting in the middle of a change would leave it unrecorded: ask for a second press.
        (_, Intent::Quit) if state.running.is_some() && !state.quit_armed => {
            state.quit_armed = true;
            flash(state, FlashKind::Error, s::QUIT_WHILE_RUNNING.to_string());
            vec![]
        }
        (_, Intent::Quit) => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Help, Intent::Back | Intent::Help) => {
            state.overlay = Overlay::None;
            vec![]
        }
        (Mode::Help, movement) => {
            if let Overlay::Help { scroll } = &mut state.overlay {
                let max = crate::app::help::max_scroll(state.width, state.height);
                *scroll = new_moved(*scroll, max + 1, movement, 10);
            }
            vec![]
        }
        (Mode::Confirm, intent) => changes::on_confirm_key(state, intent),
        (_, Intent::Help) => {
            state.overlay = Overlay::Help { scroll: 0 };
            vec![]
        }
        (Mode::Picker, intent) if matches!(state.overlay, Overlay::AddBinding { .. }) => {
            flows_view::on_add_key(state, intent)
        }
        (Mode::Picker, intent) if matches!(state.overlay, Overlay::Menu(_)) => {
            packages::on_menu_key(state, intent)
        }
        (Mode::Picker, intent) => on_picker(state, intent),
        (Mode::Conflict, intent) => flows_view::on_conflict_key(state, intent),
        (_, Intent::Versions) => versions::open(state),
        (_, Intent::Deploy) => changes::request_deploy(state),
        (_, Intent::Undo) => changes::request_undo(state),
        (Mode::Timeline, Intent::Rollback) => changes::request_rollback(state),
        (Mode::Timeline, Intent::DiffPredecessor) => {
            versions::diff_selected(state);
            vec![]
        }
        (Mode::Timeline, Intent::MarkBase) => {
            versions::mark_base(state);
            vec![]
        }
        (Mode::Timeline, Intent::DiffDraftLive) => {
            versions::diff_draft_live(state);
            vec![]
        }
        (Mode::Timeline, Intent::Back) => {
            versions::close(state);
            vec![]
        }
        (Mode::Diff, Intent::Back) => {
            versions::close_diff(state);
            vec![]
        }
        (Mode::Diff, Intent::Refresh) => refresh(state),
        (Mode::Diff, Intent::NextFocus) => vec![],
        (Mode::Diff, intent) => {
            versions::diff_key(state, intent);
            vec![]
        }
        (Mode::Filter, Intent::FilterKeep) => {
            stop_typing_filters(state);
            vec![]
        }
        (Mode::Filter, Intent::FilterClear) => {
            stop_typing_filters(state);
            filter_text(state).clear();
            clamp_selection(state);
            filter_changed(state)
        }
        (Mode::Filter, Intent::FilterErase) => {
            filter_text(state).pop();
            filter_changed(state)
        }
        (_, Intent::NextFocus) => {
            state.focus = match (state.focus, state.versions().is_some()) {
                (Focus::Timeline, true) => Focus::Detail,
                (_, true) => Focus::Timeline,
                (Focus::List, false) if state.detail_open() => Focus::Detail,
                _ => Focus::List,
            };
            vec![]
        }
        (_, Intent::Refresh) => refresh(state),
        (_, Intent::ViewActions) => switch_view(state, View::Actions),
        (_, Intent::ViewModules) => switch_view(state, View::Modules),
        (_, Intent::ViewFlows) => switch_view(state, View::Flows),
        (_, Intent::ViewPackages) => switch_view(state, View::Packages),
        (Mode::Detail, Intent::Back) if state.versions().is_some() => {
            state.focus = Focus::Timeline;
            vec![]
        }
        (Mode::Detail, Intent::Back) => {
            close_detail(state);
            vec![]
        }
        (Mode::Detail, movement) => {
            scroll_detail(state, movement);
            vec![]
        }
        (_, Intent::Open) => open_selected(state),
        (_, Intent::Back) => {
            if state.detail_open() {
                close_detail(state);
            } else if state.view == View::Actions && !state.actions.name_filter.is_empty() {
                state.actions.name_filter.clear();
                clamp_selection(state);
            } else if state.view == View::Actions && state.actions.trigger_filter.is_some() {
                state.actions.trigger_filter = None;
                clamp_selection(state);
            } else if state.view == View::Packages {
                let packages = &mut state.packages;
                packages.name_filter.clear();
                packages.status_filter = None;
                packages.type_filter = None;
                clamp_selection(state);
            }
            vec![]
        }
        (_, Intent::Filter) if state.view == View::Actions => {
            state.actions.editing_filter = true;
            vec![]
        }
        (_, Intent::Filter) if state.view == View::Packages => {
            state.packages.editing_filter = true;
            vec![]
        }
        (_, Intent::TriggerPicker) if state.view == View::Actions => {
            let current = state.actions.trigger_filter.as_ref();
            let selected = current
                .and_then(|t| state.trigger_ids().iter().position(|id| id == t))
                .map_or(0, |i| i + 1);
            state.overlay = Overlay::TriggerPicker { selected };
            vec![]
        }
        (_, movement) if movement.is_movement() => {
            if mode == Mode::Timeline {
                versions::move_selection(state, movement);
                vec![]
            } else {
                move_selection(state, movement)
            }
        }
        _ => vec![],
    }
}

/// The name filter being typed: the actions' or the triggers'.
fn filter_text(state: &mut State) -> &mut String {
    match state.view {
        View::Flows => &mut state.flows.filter,
        View::Packages => &mut state.packages.name_filter,
        _ => &mut state.actions.name_filter,
    }
}

fn stop_typing_filters(state: &mut State) {
    state.actions.editing_filter = false;
    state.flows.editing_filter = false;
    state.packages.editing_filter = false;
}

/// The filtered list starts over at its first row.
fn filter_changed(state: &mut State) -> Vec<Cmd> {
    match state.view {
        View::Flows => {
            state.flows.selected = 0;
            flows_view::load_selected(state)
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

fn on_picker(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Overlay::TriggerPicker { selected } = state.overlay else {
        return vec![];
    };
    let ids = state.trigger_ids();
    match intent {
        Intent::Down => {
            state.overlay = Overlay::TriggerPicker {
                selected: (selected + 1).min(ids.len()),
            }
        }
        Intent::Up => {
            state.overlay = Overlay::TriggerPicker {
                selected: selected.saturating_sub(1),
            }
        }
        Intent::Pick => {
            state.actions.trigger_filter =
                selected.checked_sub(1).and_then(|i| ids.get(i).cloned());
            state.overlay = Overlay::None;
            state.actions.selected = 0;
        }
        Intent::Back => state.overlay = Overlay::None,
        _ => {}
    }
    vec![]
}

pub fn new_moved(current: usize, len: usize, intent: Intent, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match intent {
        Intent::Up => current.saturating_sub(1),
        Intent::Down => (current + 1).min(last),
        Intent::PageUp => current.saturating_sub(page),
        Intent::PageDown => (current + page).min(last),
        Intent::Top => 0,
        Intent::Bottom => last,
        _ => current,
    }
}

fn move_selection(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let before = state.selected_index();
    let after = new_moved(before, state.list_len(), intent, layout::list_rows(state));
    select(state, after)
}

/// Selects a list row; an open detail follows the selection (its slot keeps only the newest request).
fn select(state: &mut State, index: usize) -> Vec<Cmd> {
    let before = state.selected_index();
    match state.view {
        View::Actions => state.actions.selected = index,
        View::Modules => state.modules.selected = index,
        View::Flows => {
            state.flows.selected = index;
            return flows_view::load_selected(state);
        }
        View::Packages => state.packages.selected = index,
    }
    if index != before && state.detail_open() {
        open_selected_detail(state)
    } else {
        vec![]
    }
}

fn scroll_detail(state: &mut State, intent: Intent) {
    let rows = layout::code_rows(state);
    let lines = state.detail_code().map_or(0, highlight::line_count);
    let max = layout::max_scroll(lines, rows);
    let scroll = new_moved(
        state.detail_scroll(),
        max + 1,
        intent,
        rows.saturating_sub(1),
    );
    set_scroll(state, scroll);
}

fn set_scroll(state: &mut State, scroll: usize) {
    if let Some(versions) = state.versions_mut() {
        versions.code_scroll = scroll;
        return;
    }
    match state.view {
        View::Actions => {
            if let Some(d) = state.actions.detail.as_mut() {
                d.scroll = scroll;
            }
        }
        View::Modules => {
            if let Some(d) = state.modules.detail.as_mut() {
                d.scroll = scroll;
            }
        }
        View::Flows => {}
        View::Packages => {
            if let Some(d) = state.packages.detail.as_mut() {
                d.scroll = scroll;
            }
        }
    }
}

fn clamp_scroll(state: &mut State) {
    let rows = layout::code_rows(state);
    let lines = state.detail_code().map_or(0, highlight::line_count);
    let max = layout::max_scroll(lines, rows);
    if state.detail_scroll() > max {
        set_scroll(state, max);
    }
}

fn clamp_selection(state: &mut State) {
    let actions_last = state.visible_actions().len().saturating_sub(1);
    state.actions.selected = state.actions.selected.min(actions_last);
    state.modules.selected = state
        .modules
        .selected
        .min(state.modules_list().len().saturating_sub(1));
    let packages_last = state.packages.visible().len().saturating_sub(1);
    state.packages.selected = state.packages.selected.min(packages_last);
}

fn switch_view(state: &mut State, view: View) -> Vec<Cmd> {
    if !view.offered(state.connection.services) {
        flash(
            state,
            FlashKind::Info,
            s::view_not_offered(view == View::Packages),
        );
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

fn refresh(state: &mut State) -> Vec<Cmd> {
    flash(state, FlashKind::Info, s::REFRESHING.to_string());
    let mut cmds = vec![load_list(state)];
    if state.detail_open() {
        cmds.extend(request_detail(state, state.view));
    }
    if state.versions().is_some() {
        cmds.push(versions::load(state));
    }
    cmds
}

/// After a change to `object_id`: reload `view`'s list, and its detail when it shows that object.
pub fn reload_object(state: &mut State, view: View, object_id: &str) -> Vec<Cmd> {
    let current = state.view;
    state.view = view;
    let mut cmds = vec![load_list(state)];
    let detail_shows_it = match view {
        View::Actions => state
            .actions
            .detail
            .as_ref()
            .is_some_and(|d| d.id == object_id),
        View::Modules => state
            .modules
            .detail
            .as_ref()
            .is_some_and(|d| d.id == object_id),
        View::Flows => false,
        View::Packages => state
            .packages
            .detail
            .as_ref()
            .is_some_and(|d| d.id.key() == object_id),
    };
    if detail_shows_it {
        cmds.extend(request_detail(state, view));
    }
    state.view = current;
    cmds
}

pub fn load_list(state: &mut State) -> Cmd {
    match state.view {
        View::Actions => load_actions(state),
        View::Modules => load_modules(state),
        View::Flows => flows_view::load_triggers(state),
        View::Packages => packages::load_list(state),
    }
}

fn load_actions(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.actions.list.start(generation);
    Cmd::LoadActions { generation }
}

fn load_modules(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.modules.list.start(generation);
    Cmd::LoadModules { generation }
}

fn open_selected(state: &mut State) -> Vec<Cmd> {
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
        View::Flows => return flows_view::load_selected(state),
        View::Packages => {
            let Some(package) = state.packages.selected_package().cloned() else {
                return vec![];
            };
            // The list has no code: the facts show while describe brings it.
            state.packages.detail = Some(PackageDetail {
                id: package.id.clone(),
                about: packages::about(&package).into(),
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

/// Marks the detail of `view` for loading and loads it if its job slot is free.
pub fn request_detail(state: &mut State, view: View) -> Vec<Cmd> {
    match view {
        View::Actions => state.actions.detail_job.queued = true,
        View::Modules => state.modules.detail_job.queued = true,
        View::Packages => state.packages.detail_job.queued = true,
        // Loading the triggers loads every flow again.
        View::Flows => return vec![],
    }
    flush_detail(state, view)
}

/// Issues the queued detail load of `view` once no earlier one is out (last request wins, and
/// holding `j` does not pile up requests).
fn flush_detail(state: &mut State, view: View) -> Vec<Cmd> {
    let job = match view {
        View::Actions => state.actions.detail_job,
        View::Modules => state.modules.detail_job,
        View::Packages => state.packages.detail_job,
        View::Flows => return vec![],
    };
    if !job.queued || job.outstanding > 0 {
        return vec![];
    }
    let cmds = load_detail(state, view);
    let job = match view {
        View::Actions => &mut state.actions.detail_job,
        View::Modules => &mut state.modules.detail_job,
        View::Packages => &mut state.packages.detail_job,
        View::Flows => return cmds,
    };
    job.queued = false;
    job.outstanding += cmds.len();
    cmds
}

fn load_detail(state: &mut State, view: View) -> Vec<Cmd> {
    let first: Generation = state.new_generation();
    match view {
        View::Actions => {
            let Some(detail) = state.actions.detail.as_mut() else {
                return vec![];
            };
            detail.action.start(first);
            vec![Cmd::LoadAction {
                id: detail.id.clone(),
                generation: first,
            }]
        }
        View::Modules => {
            let second = state.new_generation();
            let Some(detail) = state.modules.detail.as_mut() else {
                return vec![];
            };
            detail.module.start(first);
            detail.usages.start(second);
            vec![
                Cmd::LoadModule {
                    id: detail.id.clone(),
                    generation: first,
                },
                Cmd::LoadModuleActions {
                    id: detail.id.clone(),
                    generation: second,
                },
            ]
        }
        View::Flows => vec![],
        View::Packages => {
            let Some(detail) = state.packages.detail.as_mut() else {
                return vec![];
            };
            detail.package.start(first);
            vec![Cmd::LoadPackage {
                id: detail.id.clone(),
                generation: first,
            }]
        }
    }
}

fn close_detail(state: &mut State) {
    match state.view {
        View::Actions => state.actions.detail = None,
        View::Modules => state.modules.detail = None,
        View::Flows => {}
        View::Packages => state.packages.detail = None,
    }
    state.focus = Focus::List;
}

fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Cmd> {
    if state.overlay != Overlay::None || layout::too_small(state.width, state.height) {
        return vec![];
    }
    if state.view == View::Flows {
        return on_flows_mouse(state, mouse);
    }
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(index) = layout::list_row_at(state, mouse.column, mouse.row) {
                if let Some(versions) = state.versions_mut() {
                    versions.selected = index;
                    versions.code_scroll = 0;
                    state.focus = Focus::Timeline;
                    return vec![];
                }
                state.focus = Focus::List;
                return select(state, index);
            }
            if layout::in_detail(state, mouse.column, mouse.row) {
                state.focus = Focus::Detail;
            }
            vec![]
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            let step = if down { Intent::Down } else { Intent::Up };
            if state.versions().is_some_and(|v| v.diff.is_some()) {
                for _ in 0..WHEEL_LINES {
                    versions::diff_key(state, step);
                }
                vec![]
            } else if state.focus == Focus::Detail
                && (state.detail_open() || state.versions().is_some())
            {
                for _ in 0..WHEEL_LINES {
                    scroll_detail(state, step);
                }
                vec![]
            } else if state.versions().is_some() {
                versions::move_selection(state, step);
                vec![]
            } else {
                move_selection(state, if down { Intent::Down } else { Intent::Up })
            }
        }
        _ => vec![],
    }
}

/// The mouse in the Flows view: click a trigger to select it; press on a binding, drag, release to
/// move it (a click without moving only selects); the wheel moves the selection of the pane under it.
fn on_flows_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Cmd> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            // A binding held with Space is put back: only a press on a binding starts a drag.
            state.flows.held = None;
            if let Some(index) = layout::list_row_at(state, column, row) {
                state.focus = Focus::List;
                return select(state, index);
            }
            if let Some(index) = layout::flow_row_at(state, column, row) {
                flows_view::on_mouse_down(state, index);
            } else if layout::in_detail(state, column, row) {
                state.focus = Focus::Detail;
            }
            vec![]
        }
        MouseEventKind::Drag(MouseButton::Left) => {
            if let Some(index) = layout::flow_row_near(state, row) {
                flows_view::on_mouse_drag(state, index);
            }
            vec![]
        }
        MouseEventKind::Up(MouseButton::Left) => flows_view::on_mouse_up(state),
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let step = if mouse.kind == MouseEventKind::ScrollDown {
                Intent::Down
            } else {
                Intent::Up
            };
            if layout::in_detail(state, column, row) {
                state.focus = Focus::Detail;
                flows_view::on_intent(state, Mode::FlowBindings, step).unwrap_or_default()
            } else {
                state.focus = Focus::List;
                move_selection(state, step)
            }
        }
        _ => vec![],
    }
}
