//! `update`: the only place state changes. No I/O, no await: network work leaves as `Cmd`s and comes
//! back as `Msg`s.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::browse::{
    clamp_scroll, clamp_selection, close_detail, filter_changed, filter_text, move_selection,
    on_picker, open_selected, refresh, scroll_detail, select_created, show_action,
    stop_typing_filters, switch_view,
};
use crate::app::common::{menu_key, new_moved, MenuKey};
pub use crate::app::common::{ERROR_TICKS, INFO_TICKS};
use crate::app::keymap::available::{availability, Availability};
use crate::app::keymap::{Intent, Mode};
use crate::app::layout;
use crate::app::loading::{
    flush_detail, load_actions, load_modules, load_packages, on_timeline_loaded,
};
use crate::app::mouse::on_mouse;
use crate::app::msg::{Cmd, Msg};
use crate::app::state::{
    Change, FlashKind, Focus, MenuPurpose, Overlay, PackageDetail, State, Then, View,
};
use crate::app::{
    authoring, blame, changes, compare, diffing, find, flows_view, journaling, logs, packages,
    pipeline, reach, refresh, search, versions, warm,
};
use crate::strings as s;

/// The first loads, issued when the dashboard starts: the lists of the services it talks to. A
/// FairCom-only connection opens on the packages. Then the check of the changes left open.
pub fn init(state: &mut State) -> Vec<Cmd> {
    let services = state.connection.services;
    // The demo says how to connect your own, once (the header keeps its DEMO badge; `M` keeps the
    // words).
    if state.is_demo() {
        state.flash(FlashKind::Info, s::DEMO_HINT.to_string());
    }
    // The lists as stored come first (the shell asks for them); offline, they are the only ones.
    warm::at_start(state);
    let live = !state.opts.offline;
    let mut cmds = vec![];
    if services.auth0 {
        if live {
            cmds.extend([load_actions(state), load_modules(state)]);
        }
    } else {
        state.view = View::Packages;
    }
    if services.faircom && live {
        cmds.push(load_packages(state));
    }
    // Last, and in the background: the first frame does not wait for it.
    if live {
        cmds.extend(journaling::reconcile(state));
    }
    state.in_flight += cmds.iter().filter(|c| c.is_api_call()).count();
    cmds
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Cmd> {
    if msg.is_api_result() {
        state.in_flight = state.in_flight.saturating_sub(1);
    }
    let cmds = match msg {
        Msg::Tick => {
            on_tick(state);
            let mut cmds = refresh::on_tick(state);
            // Logs (issue 18): the tail's poll, only while view 6 is open.
            cmds.extend(logs::on_tick(state));
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
            let kept = warm::selected_if_cached(state, View::Actions);
            let outcome = state.actions.list.finish(generation, result);
            warm::on_live(state, View::Actions, outcome == Ok(true), kept);
            state.report_load(outcome, s::WHAT_ACTIONS);
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
                state.report_load(outcome, s::WHAT_ACTION);
                clamp_scroll(state);
            }
            flush_detail(state, View::Actions)
        }
        Msg::ModulesLoaded { generation, result } => {
            let before = refresh::seen_before(state, View::Modules, generation);
            let kept = warm::selected_if_cached(state, View::Modules);
            let outcome = state.modules.list.finish(generation, result);
            find::keep_modules_sorted(state);
            warm::on_live(state, View::Modules, outcome == Ok(true), kept);
            state.report_load(outcome, s::WHAT_MODULES);
            select_created(state, View::Modules);
            clamp_selection(state);
            refresh::report_changes(state, View::Modules, before)
        }
        Msg::ModuleLoaded { generation, result } => {
            let job = &mut state.modules.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.modules.detail.as_mut() {
                let outcome = detail.module.finish(generation, result);
                state.report_load(outcome, s::WHAT_MODULE);
                clamp_scroll(state);
            }
            flush_detail(state, View::Modules)
        }
        Msg::ModuleActionsLoaded { generation, result } => {
            let job = &mut state.modules.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.modules.detail.as_mut() {
                let outcome = detail.usages.finish(generation, result);
                state.report_load(outcome, s::WHAT_MODULE_USAGES);
            }
            flush_detail(state, View::Modules)
        }
        Msg::TimelineLoaded { generation, result } => {
            let mut cmds = match on_timeline_loaded(state, generation, result) {
                Ok(Some(Then::Show { key, line, diff })) => {
                    if search::on_timeline_ready(state, key, line) && diff {
                        versions::diff_selected(state)
                    } else {
                        vec![]
                    }
                }
                // Undo more than one level (issue 19): a package's step is the packages' own.
                Ok(Some(Then::Chain)) if chain_step_is_a_package(state) => {
                    packages::on_chain_timeline_ready(state)
                }
                Ok(Some(then)) => changes::on_timeline_ready(state, then),
                Ok(None) => vec![],
                Err(err) => {
                    state.report_load(Err(err), s::WHAT_VERSIONS);
                    vec![]
                }
            };
            cmds.extend(blame::on_timeline_loaded(state));
            // Logs (issue 18): failures and authors read beside the versions already shown.
            cmds.extend(logs::on_timeline_loaded(state));
            cmds
        }
        Msg::Deployed(result) => pipeline::on_deployed(state, &result),
        Msg::ActionPolled(result) => {
            // The list and the detail show what the status line says.
            if let Ok(action) = &result {
                show_action(state, action);
            }
            pipeline::on_polled(state, &result)
        }
        Msg::ModulePublished(result) => changes::on_module_published(state, result),
        Msg::ModuleRolledBack(result) => changes::on_module_rolled_back(state, result),
        Msg::ModuleDraftRestored(result) => changes::on_draft_restored(state, result),
        Msg::ActionDraftRestored(result) => changes::on_draft_restored(state, result),
        Msg::Settled { error, known } => pipeline::on_settled(state, &error, known),
        Msg::JournalAppended(result) => {
            if let Err(err) = result {
                state.flash(FlashKind::Error, s::journal_failed(&err));
            }
            vec![]
        }
        Msg::Reconciled(result) => {
            journaling::on_reconciled(state, result);
            vec![]
        }
        Msg::JournalRead {
            kind: crate::journal::ObjectKind::Trigger,
            object_id,
            result,
        } => flows_view::on_journal_read(state, &object_id, result),
        Msg::JournalRead {
            kind: crate::journal::ObjectKind::Package,
            object_id,
            result,
        } => packages::on_journal_read(state, &object_id, result),
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
                    state.report_load(Err(err), s::WHAT_TRIGGERS);
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
            state.report_load(outcome.map(|()| true), s::WHAT_BINDINGS);
            refresh::report_flow_change(state, &trigger_id, before);
            // Logs (issue 18): who last changed this order, read once.
            logs::on_bindings_loaded(state, &trigger_id)
        }
        Msg::OrderApplied { trigger_id, result } => {
            // Logs (issue 18): who changed the order is read again with the next bindings.
            state.logs.order_changes.remove(&trigger_id);
            flows_view::on_order_applied(state, &trigger_id, result)
        }
        Msg::PackagesLoaded { generation, result } => {
            let before = refresh::seen_before(state, View::Packages, generation);
            let kept = warm::selected_if_cached(state, View::Packages);
            let outcome = packages::on_list_loaded(state, generation, result);
            warm::on_live(state, View::Packages, outcome == Ok(true), kept);
            state.report_load(outcome, s::WHAT_PACKAGES);
            refresh::report_changes(state, View::Packages, before)
        }
        Msg::PackageLoaded { generation, result } => {
            let job = &mut state.packages.detail_job;
            job.outstanding = job.outstanding.saturating_sub(1);
            if let Some(detail) = state.packages.detail.as_mut() {
                let outcome = detail.package.finish(generation, result);
                if let Some(package) = detail.package.data.ready() {
                    detail.about = PackageDetail::about(package).into();
                }
                state.report_load(outcome, s::WHAT_PACKAGE);
                clamp_scroll(state);
            }
            flush_detail(state, View::Packages)
        }
        Msg::PackageChanged(result) => packages::on_changed(state, result),
        // Package code (issue 19): the package feature's own editor session.
        Msg::Edited {
            purpose:
                purpose @ (crate::app::msg::EditPurpose::PackageCode { .. }
                | crate::app::msg::EditPurpose::NewPackageCode(_)),
            original,
            result,
        } => packages::on_code_edited(state, purpose, original, result),
        Msg::Edited {
            purpose,
            original,
            result,
        } => authoring::on_edited(state, purpose, original, result),
        Msg::PackageCodeSaved(result) => packages::on_code_saved(state, result),
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
        Msg::DiffReady { generation, diff } => {
            if !compare::promote::on_diff_ready(state, generation, &diff) {
                diffing::on_ready(state, generation, diff);
                blame::on_diff_ready(state, generation);
            }
            vec![]
        }
        Msg::PromotePlanned { generation, result } => {
            compare::promote::on_planned(state, generation, result)
        }
        Msg::Promoted {
            generation,
            items,
            reports,
        } => match compare::promote::on_promoted(state, generation, &items, &reports) {
            Some(mut cmds) => {
                cmds.extend(compare::reread(state));
                cmds
            }
            None => vec![],
        },
        Msg::PromoteFound { generation, result } => {
            compare::promote::on_promote_found(state, generation, result);
            vec![]
        }
        Msg::PromoteUndone { generation, result } => {
            if compare::promote::on_undone(state, generation, result) {
                compare::reread(state)
            } else {
                vec![]
            }
        }
        Msg::StageRead {
            side,
            generation,
            reading,
        } => {
            compare::on_stage_read(state, side, generation, *reading);
            vec![]
        }
        // Search (issue 17).
        Msg::StoreSynced(result) => search::on_synced(state, result),
        Msg::Searched { generation, result } => {
            search::on_searched(state, generation, result);
            vec![]
        }
        Msg::StoredListsRead(lists) => {
            warm::on_stored(state, *lists);
            find::keep_modules_sorted(state);
            clamp_selection(state);
            vec![]
        }
        // Line history.
        Msg::Blamed { generation, result } => {
            blame::on_blamed(state, generation, result);
            vec![]
        }
        Msg::PickaxeFound { generation, result } => {
            blame::on_pickaxe_found(state, generation, result);
            vec![]
        }
        // Logs (issue 18).
        Msg::LogsPolled { generation, result } => {
            logs::on_polled(state, generation, result);
            vec![]
        }
        Msg::LogsBackfilled(result) => {
            logs::on_backfilled(state, result);
            vec![]
        }
        Msg::LogExecutionLoaded { id, result } => {
            logs::on_execution_loaded(state, &id, &result);
            vec![]
        }
        Msg::ActivityRead { generation, result } => {
            logs::on_activity_read(state, generation, result);
            vec![]
        }
        Msg::OrderChangeRead { trigger_id, result } => {
            logs::on_order_change_read(state, trigger_id, result);
            vec![]
        }
        // Reaching out (issue 19).
        Msg::CopyFailed(why) => {
            reach::on_copy_failed(state, &why);
            vec![]
        }
        Msg::NoBrowser { url, why } => {
            reach::on_no_browser(state, &url, &why);
            vec![]
        }
        Msg::PayloadsRead {
            action_id,
            name,
            result,
        } => {
            reach::on_payloads_read(state, action_id, name, result);
            vec![]
        }
        Msg::PayloadSaved(result) => {
            reach::on_payload_saved(state, result);
            vec![]
        }
        // Undo more than one level (issue 19).
        Msg::UndoChainRead {
            redo,
            of: crate::journal::ChainOf::Auth0,
            result,
        } => changes::on_chain_read(state, redo, result),
        Msg::UndoChainRead {
            redo,
            of: crate::journal::ChainOf::Packages,
            result,
        } => packages::on_chain_read(state, redo, result),
        // Saved test payloads (issue 19).
        Msg::LastPayloadRead {
            action_id,
            name,
            result,
        } => authoring::on_last_payload_read(state, action_id, name, result),
    };
    state.in_flight += cmds.iter().filter(|c| c.is_api_call()).count();
    state.dirty = true;
    cmds
}

/// The search's keys: Enter in its prompt, Enter on `:search …`, the results view's keys, and
/// `S` wherever the global keys apply. `None`: not the search's.
fn search_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    use crate::app::state::PromptPurpose;
    // `:` in the results opens the command line (`:sync`, `:search …`), as everywhere.
    if mode == Mode::Search && intent != Intent::Command {
        return Some(search::on_key(state, intent));
    }
    if intent == Intent::Search {
        return Some(search::open_prompt(state));
    }
    let Overlay::Prompt(prompt) = &state.overlay else {
        return None;
    };
    if mode != Mode::Prompt || intent != Intent::FilterKeep {
        return None;
    }
    match prompt.purpose {
        PromptPurpose::Search => Some(search::on_prompt_enter(state)),
        PromptPurpose::Command => {
            let text = prompt.text.as_str().trim();
            if text == "sync" {
                state.overlay = Overlay::None;
                return Some(search::sync(state));
            }
            let rest = text.strip_prefix("search")?;
            if !(rest.is_empty() || rest.starts_with(' ')) {
                return None;
            }
            let rest = rest.to_string();
            state.overlay = Overlay::None;
            Some(search::from_command(state, &rest))
        }
        _ => None,
    }
}

/// Enter on `:compare …`: the words after `compare` (the command is the Compare view's, not the
/// authoring feature's other `:` commands).
fn compare_command(state: &State, mode: Mode, intent: Intent) -> Option<String> {
    let Overlay::Prompt(prompt) = &state.overlay else {
        return None;
    };
    if mode != Mode::Prompt
        || intent != Intent::FilterKeep
        || prompt.purpose != crate::app::state::PromptPurpose::Command
    {
        return None;
    }
    let text = prompt.text.as_str().trim();
    let rest = text.strip_prefix("compare")?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.to_string())
}

/// Enter on `:logs`: view 6.
fn logs_command(state: &State, mode: Mode, intent: Intent) -> bool {
    let Overlay::Prompt(prompt) = &state.overlay else {
        return false;
    };
    mode == Mode::Prompt
        && intent == Intent::FilterKeep
        && prompt.purpose == crate::app::state::PromptPurpose::Command
        && prompt.text.as_str().trim() == "logs"
}

fn on_tick(state: &mut State) {
    state.tick += 1;
    if state.in_flight > 0 || state.running.is_some() || !state.waits.is_empty() {
        state.dirty = true; // the spinner moves, a wait's seconds count
    }
    // Messages do not expire (issue 19): a key puts them away (see `on_key`).
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Cmd> {
    if key.kind != KeyEventKind::Press {
        return vec![];
    }
    if layout::too_small(state.width, state.height) {
        return on_key_too_small(state, &key);
    }
    let armed = std::mem::take(&mut state.quit_armed);
    let mode = state.mode();
    let intent = state.opts.keymap.lookup(mode, &key);
    keep_or_dismiss_message(state, mode, &key, intent);
    // Only an immediate second quit counts.
    state.quit_armed = armed && intent == Some(Intent::Quit);
    if let Some(intent) = intent {
        on_intent(state, mode, intent)
    } else {
        // Reaching out (issue 19): a key that does nothing in this view says why.
        if let KeyCode::Char(c) = key.code {
            if key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
                && reach::on_unbound_key(state, mode, c)
            {
                return vec![];
            }
        }
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
                    if matches!(state.overlay, Overlay::Help { .. }) {
                        crate::app::help::on_char(state, c);
                        return vec![];
                    }
                    if state.logs.shown && state.logs.editing_text {
                        logs::on_filter_char(state, c);
                        return vec![];
                    }
                    if state.comparing {
                        compare::on_filter_char(state, c);
                        return vec![];
                    }
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
    if state.opts.keymap.lookup(Mode::List, key) != Some(Intent::Quit) {
        return vec![];
    }
    state.dirty = true;
    on_intent(state, Mode::List, Intent::Quit)
}

fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Vec<Cmd> {
    // Refused now (offline, nothing to deploy …), before any feature sees the key: no dialog,
    // editor or request starts. The footer greys the same keys from the same answer.
    if let Availability::Refused(why) = availability(state, mode, intent) {
        state.flash(FlashKind::Info, why);
        return vec![];
    }
    // Finding things (issue 19): `/`, `n`/`N`, `:N` in code and diffs, the code pane's wrap and
    // sideways scroll, the diff's remembered settings, `o` in lists.
    if let Some(cmds) = find::on_intent(state, mode, intent) {
        return cmds;
    }
    // Logs (issue 18): view 6's keys, `6` everywhere the global keys apply, and `:logs`.
    if let Some(cmds) = logs::on_intent(state, mode, intent) {
        return cmds;
    }
    if logs_command(state, mode, intent) {
        state.overlay = Overlay::None;
        return logs::open(state);
    }
    // Reading the screen (issue 19): the help's own keys, the messages list, `:messages`.
    if let Some(cmds) = crate::app::help::on_intent(state, mode, intent) {
        return cmds;
    }
    if let Some(cmds) = messages_intent(state, mode, intent) {
        return cmds;
    }
    // Reaching out (issue 19): the clipboard and the Dashboard, in every view that has them (before
    // the Compare and Search views, which take every key of their own modes).
    if let Some(cmds) = reach::on_intent(state, mode, intent) {
        return cmds;
    }
    if state.comparing && matches!(mode, Mode::Compare | Mode::Diff | Mode::Filter) {
        if let Some(cmds) = compare::on_intent(state, mode, intent) {
            return cmds;
        }
    }
    // Package code (issue 19): Enter in the comment prompt.
    if mode == Mode::Prompt && intent == Intent::FilterKeep {
        if let Some(cmds) = packages::on_prompt_enter(state) {
            return cmds;
        }
    }
    if mode == Mode::Prompt && compare::promote::asking_secret(state) {
        if let Some(cmds) = compare::promote::on_secret_key(state, intent) {
            return cmds;
        }
    }
    // Search (issue 17): its prompt's Enter, `:search …`, and the results' keys.
    if let Some(cmds) = search_intent(state, mode, intent) {
        return cmds;
    }
    if let Some(args) = compare_command(state, mode, intent) {
        state.overlay = Overlay::None;
        let args: Vec<&str> = args.split_whitespace().collect();
        return compare::run_command(state, &args);
    }
    if matches!(mode, Mode::FlowTriggers | Mode::FlowBindings) {
        if let Some(cmds) = flows_view::on_intent(state, mode, intent) {
            return cmds;
        }
    }
    // Line history: `b` in a code view, and the gutter's own keys while it is open; `/` in a
    // timeline and its prompt.
    if let Some(cmds) = blame::on_intent(state, mode, intent) {
        return cmds;
    }
    if let Some(cmds) = blame::on_prompt_key(state, mode, intent) {
        return cmds;
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
        // A prompt quits at once; the settings and a result not while a change runs.
        (Mode::Prompt | Mode::Settings | Mode::Result, Intent::Quit)
            if mode == Mode::Prompt || state.running.is_none() =>
        {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Prompt, intent) => authoring::on_prompt_key(state, intent),
        (Mode::Settings, intent) => authoring::on_settings_key(state, intent),
        (Mode::Result, intent) => authoring::on_result_key(state, intent),
        (Mode::List | Mode::Detail, Intent::EditDraft) => authoring::edit_draft(state),
        (Mode::List | Mode::Detail, Intent::OpenSettings) => authoring::open_settings(state),
        (Mode::List | Mode::Detail, Intent::Create) => authoring::start_create(state),
        (Mode::List | Mode::Detail, Intent::Delete) => authoring::request_delete(state),
        (Mode::List | Mode::Detail, Intent::TestAction) if state.view != View::Actions => {
            state.flash(FlashKind::Info, s::TEST_ONLY_ACTIONS.to_string());
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
        (_, Intent::Quit)
            if (state.running.is_some() || state.compare.promote.promoting.is_some())
                && !state.quit_armed =>
        {
            state.quit_armed = true;
            state.flash(FlashKind::Error, s::QUIT_WHILE_RUNNING.to_string());
            vec![]
        }
        (_, Intent::Quit) => {
            state.quit = true;
            vec![Cmd::Quit]
        }
        (Mode::Confirm, intent) if matches!(state.overlay, Overlay::Promote(_)) => {
            compare::promote::on_confirm_key(state, intent)
        }
        (Mode::Confirm, intent) => match pipeline::on_confirm_key(state, intent) {
            // A flow's order may be saving right now: the Flows view queues behind it.
            Some((
                Change::Bindings {
                    trigger_id,
                    seen,
                    order,
                },
                undo,
            )) => flows_view::submit(state, trigger_id, seen, order, undo).unwrap_or_default(),
            Some((change, undo)) => pipeline::start(state, change, undo),
            None => vec![],
        },
        (_, Intent::Help) => {
            crate::app::help::open(state);
            vec![]
        }
        (Mode::Picker, intent) if matches!(state.overlay, Overlay::AddBinding { .. }) => {
            flows_view::on_add_key(state, intent)
        }
        (Mode::Picker, intent) if matches!(state.overlay, Overlay::Menu(_)) => {
            match menu_key(state, intent) {
                MenuKey::Chosen(MenuPurpose::Create(step), index) => {
                    authoring::on_create_menu(state, step, index)
                }
                MenuKey::Chosen(MenuPurpose::CompareStage(names), index) => {
                    compare::on_stage_chosen(state, &names, index)
                }
                MenuKey::Closed(MenuPurpose::CompareStage(_)) => {
                    compare::on_pick_cancelled(state);
                    vec![]
                }
                MenuKey::Chosen(MenuPurpose::Pickaxe(targets), index) => {
                    blame::on_pickaxe_choice(state, &targets, index)
                }
                MenuKey::Chosen(MenuPurpose::LogsAction(choices), index) => {
                    logs::on_action_chosen(state, &choices, index);
                    vec![]
                }
                MenuKey::Chosen(MenuPurpose::Copy(choices), index) => {
                    reach::on_copy_chosen(state, &choices, index)
                }
                MenuKey::Chosen(
                    MenuPurpose::Payloads {
                        action_id,
                        name,
                        choices,
                    },
                    index,
                ) => {
                    let choice = choices.get(index).cloned();
                    reach::on_payload_chosen(state, action_id, name, choice)
                }
                MenuKey::Chosen(purpose, index) => packages::on_menu_choice(state, purpose, index),
                MenuKey::Closed(MenuPurpose::Create(_)) => {
                    authoring::cancel_create(state);
                    vec![]
                }
                MenuKey::Closed(_) | MenuKey::Stay => vec![],
            }
        }
        (Mode::Picker, intent) => on_picker(state, intent),
        (Mode::Conflict, intent) => flows_view::on_conflict_key(state, intent),
        (_, Intent::Versions) => crate::app::loading::open_timeline(state),
        (_, Intent::Deploy) => changes::request_deploy(state),
        (_, Intent::Undo) => changes::request_undo(state),
        // Undo more than one level (issue 19).
        (_, Intent::UndoOlder) => changes::request_chain(state, false),
        (_, Intent::Redo) => changes::request_chain(state, true),
        (Mode::Timeline, Intent::Rollback) if state.view == View::Packages => {
            packages::request_revert(state)
        }
        (Mode::Timeline, Intent::Rollback) => changes::request_rollback(state),
        (Mode::Timeline, Intent::DiffPredecessor) => versions::diff_selected(state),
        (Mode::Timeline, Intent::VersionFailures) => logs::version_failures(state),
        (Mode::Timeline, Intent::MarkBase) => {
            versions::mark_base(state);
            vec![]
        }
        (Mode::Timeline, Intent::DiffDraftLive) => versions::diff_draft_live(state),
        (Mode::Timeline, Intent::Back) => {
            versions::close(state);
            vec![]
        }
        (Mode::Diff, Intent::Back) => {
            versions::close_diff(state);
            vec![]
        }
        (Mode::Diff, Intent::Rollback) => {
            if !versions::select_diff_old(state) {
                return vec![];
            }
            if state.view == View::Packages {
                packages::request_revert(state)
            } else {
                changes::request_rollback(state)
            }
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
        (_, Intent::ViewCompare) => compare::open(state),
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
            } else if state.view == View::Actions
                && (state.actions.trigger_filter.is_some() || state.actions.state_filter.is_some())
            {
                state.actions.trigger_filter = None;
                state.actions.state_filter = None;
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
            let selected = state.filter_choice_selected();
            state.overlay = Overlay::TriggerPicker { selected };
            vec![]
        }
        (_, movement) if movement.is_movement() => {
            if mode == Mode::Timeline {
                versions::move_selection(state, movement);
                blame::follow_selection(state)
            } else {
                move_selection(state, movement)
            }
        }
        _ => vec![],
    }
}

/// How a key meets the message in the status line (issue 19): any message goes with the next key
/// that does something, and that key still does it. An error also stays through keys that mean
/// nothing here (a stray key does not lose it unread); `Esc` always puts it away.
fn keep_or_dismiss_message(state: &mut State, mode: Mode, key: &KeyEvent, intent: Option<Intent>) {
    let Some(flash) = &state.flash else {
        return;
    };
    let typing = matches!(mode, Mode::Prompt | Mode::Filter);
    let stray = intent.is_none() && !typing && key.code != KeyCode::Esc;
    if flash.kind == FlashKind::Error && stray {
        return;
    }
    state.flash = None;
}

/// `M` and `:messages` open the list of what was said; its own keys scroll and close it.
fn messages_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if mode == Mode::Messages {
        match intent {
            Intent::Quit => return None,
            Intent::Back => state.overlay = Overlay::None,
            movement if movement.is_movement() => {
                let max = state.said.len().saturating_sub(1);
                let page = usize::from(state.height.saturating_sub(6)).max(1);
                if let Overlay::Messages { scroll } = &mut state.overlay {
                    *scroll = new_moved(*scroll, max + 1, movement, page);
                }
            }
            _ => {}
        }
        return Some(vec![]);
    }
    let command = matches!(
        &state.overlay,
        Overlay::Prompt(prompt)
            if mode == Mode::Prompt
                && intent == Intent::FilterKeep
                && prompt.purpose == crate::app::state::PromptPurpose::Command
                && prompt.text.as_str().trim() == s::keys::MESSAGES_COMMAND
    );
    if intent == Intent::Messages || command {
        state.overlay = Overlay::Messages { scroll: 0 };
        return Some(vec![]);
    }
    None
}

/// `z`/`Z`'s pending step is a package change (its history has just loaded).
fn chain_step_is_a_package(state: &State) -> bool {
    state
        .undo_steps
        .chain_step
        .as_ref()
        .is_some_and(|e| e.kind == crate::journal::ObjectKind::Package)
}

#[cfg(test)]
mod tests {
    //! Diffs leave `update` as `Cmd::Diff`; only the newest answer is shown.
    use std::sync::Arc;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::msg::{Cmd, Msg};
    use crate::app::state::{Focus, Slot, State, VersionsView, View};
    use crate::app::timeline::{RowKey, RowStatus, Timeline, TimelineRow, Versioned};
    use crate::app::update::update;
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
            author: None,
            created: None,
            live: number == 2,
        }
    }

    /// A module's timeline open on v2 (v1 before it).
    fn on_a_timeline() -> State {
        let mut state = crate::app::state::for_tests();
        let rows = vec![row(2, "a\nb\n"), row(1, "a\n")];
        let timeline = Slot {
            data: crate::app::state::Remote::Ready(Timeline {
                kind: Versioned::Module,
                object_id: "mod_1".into(),
                object_name: "m".into(),
                draft_code: rows[0].code.clone(),
                rows,
                draft_status: BuildStatus::Built,
                settings: vec![],
            }),
            generation: 0,
        };
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
            diff_old: None,
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
            request,
        }] = cmds.as_slice()
        else {
            panic!("d asks for a diff, it does not compute one: {cmds:?}");
        };
        assert_eq!((&*request.old, &*request.new), ("a\n", "a\nb\n"));
        assert!(
            state.versions().is_some_and(|v| v.diff.is_none()),
            "nothing computed in update"
        );
        *generation
    }

    fn ready(generation: u64) -> Msg {
        Msg::DiffReady {
            generation,
            diff: Ok(Box::new(
                crate::app::diffing::DiffRequest {
                    old: "a\n".into(),
                    new: "a\nb\n".into(),
                    old_label: "v1".into(),
                    new_label: "v2".into(),
                }
                .compute(),
            )),
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

    #[test]
    fn a_confirm_dialog_opens_with_its_diff_once_computed() {
        let mut state = on_a_timeline();
        if let Some(versions) = state.modules.versions.as_mut() {
            versions.selected = 1; // v1: the draft (v2's code) rolls back to it
        }
        let r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE);
        let cmds = update(&mut state, Msg::Key(r));
        let [Cmd::Diff { generation, .. }] = cmds.as_slice() else {
            panic!("r asks for the dialog's diff: {cmds:?}");
        };
        let generation = *generation;
        assert_eq!(state.overlay, crate::app::state::Overlay::None, "not yet");
        assert!(update(&mut state, ready(generation + 1)).is_empty());
        assert_eq!(
            state.overlay,
            crate::app::state::Overlay::None,
            "not for another"
        );
        update(&mut state, ready(generation));
        let crate::app::state::Overlay::Confirm(confirm) = &state.overlay else {
            panic!("the dialog opens with its diff: {:?}", state.overlay);
        };
        assert!(confirm.diff.as_ref().is_some_and(|d| d.opts.wrap));
        assert!(state.asking.is_none());
    }
}
