//! View 4, FairCom code packages, in `update`: filters, the status menu, and the package changes
//! (revert, status) as typed round trips. The list, detail, timeline and diff are the shared ones.
//! No I/O here.

use crate::app::diffing::{ask, DiffRequest};
use crate::app::keymap::Intent;
use crate::app::loading::{
    chain_step_timeline, loaded_timeline, selected_row, undo_from_list, version_to_restore,
};
use crate::app::msg::{Cmd, EditPurpose, Failed, Generation};
use crate::app::pipeline::{failed, finish, tenant};
use crate::app::state::{
    Change, Confirm, FlashKind, Focus, Menu, MenuPurpose, Overlay, PackageDraft, PackageEdit,
    Prompt, PromptPurpose, State, VersionRef,
};
use crate::app::timeline::{RowStatus, Timeline, TimelineRow, Versioned};
use crate::journal::{ChainOf, Entry, ObjectKind, Operation};
use crate::model::BackendError;
use crate::model::{CodePackage, CodeStatus, CodeType};
use crate::strings as s;

pub fn on_list_loaded(
    state: &mut State,
    generation: Generation,
    result: Result<Vec<CodePackage>, BackendError>,
) -> Result<bool, String> {
    let outcome = state.packages.list.finish(generation, result);
    let last = state.packages.visible().len().saturating_sub(1);
    state.packages.selected = state.packages.selected.min(last);
    outcome
}

/// The keys only packages have. `None`: the shared handling applies (in the generic mode).
pub fn on_intent(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    match intent {
        Intent::StatusFilter => open_status_filter(state),
        Intent::TypeFilter => open_type_filter(state),
        Intent::SetStatus => open_status_menu(state),
        // Package code (issue 19).
        Intent::EditDraft => return Some(edit_code(state)),
        Intent::Create => start_create(state),
        // Undo more than one level (issue 19).
        Intent::UndoOlder => return Some(request_chain(state, false)),
        Intent::Redo => return Some(request_chain(state, true)),
        Intent::ToggleMetadata => {
            if let Some(detail) = state.packages.detail.as_mut() {
                detail.show_metadata = !detail.show_metadata;
                detail.scroll = 0;
            }
        }
        _ => return None,
    }
    Some(vec![])
}

fn menu(
    state: &mut State,
    title: String,
    items: Vec<(String, String)>,
    selected: usize,
    purpose: MenuPurpose,
) {
    state.overlay = Overlay::Menu(Menu {
        title,
        items,
        selected,
        purpose,
    });
}

fn open_status_filter(state: &mut State) {
    let mut values: Vec<Option<CodeStatus>> = vec![None];
    values.extend(CodeStatus::SETTABLE.iter().cloned().map(Some));
    let items = values
        .iter()
        .map(|v| match v {
            None => (s::MENU_ALL.to_string(), String::new()),
            Some(status) => (
                status.as_str().to_string(),
                s::status_meaning(status).to_string(),
            ),
        })
        .collect();
    let selected = values
        .iter()
        .position(|v| *v == state.packages.status_filter)
        .unwrap_or(0);
    menu(
        state,
        s::MENU_STATUS_FILTER.to_string(),
        items,
        selected,
        MenuPurpose::StatusFilter(values),
    );
}

/// The types present in the loaded list (the set grows with server versions).
fn open_type_filter(state: &mut State) {
    let mut types: Vec<CodeType> = state
        .packages
        .list
        .data
        .ready()
        .into_iter()
        .flatten()
        .map(|p| p.code_type.clone())
        .collect();
    types.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    types.dedup();
    let mut values: Vec<Option<CodeType>> = vec![None];
    values.extend(types.into_iter().map(Some));
    let items = values
        .iter()
        .map(|v| {
            let label = v.as_ref().map_or(s::MENU_ALL, CodeType::as_str);
            (label.to_string(), String::new())
        })
        .collect();
    let selected = values
        .iter()
        .position(|v| *v == state.packages.type_filter)
        .unwrap_or(0);
    menu(
        state,
        s::MENU_TYPE_FILTER.to_string(),
        items,
        selected,
        MenuPurpose::TypeFilter(values),
    );
}

/// The package `s` acts on: the open detail's (freshest), else the selected row's.
fn focused_package(state: &State) -> Option<CodePackage> {
    let packages = &state.packages;
    if let Some(versions) = &packages.versions {
        let listed = packages.list.data.ready().into_iter().flatten();
        let from_detail = packages
            .detail
            .as_ref()
            .and_then(|d| d.package.data.ready());
        return from_detail
            .filter(|p| p.id.key() == versions.object_id)
            .or_else(|| {
                listed
                    .into_iter()
                    .find(|p| p.id.key() == versions.object_id)
            })
            .cloned();
    }
    match packages
        .detail
        .as_ref()
        .and_then(|d| d.package.data.ready())
    {
        Some(package) if state.focus == Focus::Detail => Some(package.clone()),
        _ => packages.selected_package().cloned(),
    }
}

/// `s`: the statuses the package can change to, each with what it means.
fn open_status_menu(state: &mut State) {
    if state.busy() {
        return;
    }
    let Some(package) = focused_package(state) else {
        return state.flash(FlashKind::Info, s::NOTHING_SELECTED.to_string());
    };
    let values: Vec<CodeStatus> = CodeStatus::SETTABLE
        .iter()
        .filter(|status| **status != package.status)
        .cloned()
        .collect();
    let items = values
        .iter()
        .map(|status| {
            (
                status.as_str().to_string(),
                s::status_meaning(status).to_string(),
            )
        })
        .collect();
    menu(
        state,
        s::menu_set_status(&package.id.name, package.status.as_str()),
        items,
        0,
        MenuPurpose::SetStatus(values),
    );
}

/// A package menu's choice (`common::menu_key` read the keys): a filter, or the new status (a
/// confirm dialog follows).
pub fn on_menu_choice(state: &mut State, purpose: MenuPurpose, index: usize) -> Vec<Cmd> {
    let packages = &mut state.packages;
    match purpose {
        // Creating's menus are the authoring feature's, the stages' the Compare view's.
        MenuPurpose::Create(_)
        | MenuPurpose::CompareStage(_)
        | MenuPurpose::Pickaxe(_)
        | MenuPurpose::LogsAction(_)
        | MenuPurpose::Copy(_)
        | MenuPurpose::Payloads { .. } => {}
        MenuPurpose::StatusFilter(values) => {
            packages.status_filter.clone_from(&values[index]);
            packages.selected = 0;
        }
        MenuPurpose::TypeFilter(values) => {
            packages.type_filter.clone_from(&values[index]);
            packages.selected = 0;
        }
        MenuPurpose::SetStatus(values) => {
            if let Some(package) = focused_package(state) {
                let confirm = status_confirm(&package, values[index].clone(), false);
                state.overlay = Overlay::Confirm(Box::new(confirm));
            }
        }
        MenuPurpose::PackageType(mut draft, values) => {
            draft.code_type = values.get(index).cloned();
            language_menu(state, draft);
        }
        MenuPurpose::PackageLanguage(mut draft, values) => {
            draft.language = values.get(index).cloned().unwrap_or_default();
            return new_code_editor(state, *draft);
        }
    }
    vec![]
}

/// `r` on a timeline row: revert to that version (after the dialog).
pub fn request_revert(state: &mut State) -> Vec<Cmd> {
    let Some(to) = version_to_restore(state) else {
        return vec![];
    };
    let (Some(timeline), Some(row)) = (loaded_timeline(state), selected_row(state)) else {
        return vec![];
    };
    if row.live {
        state.flash(FlashKind::Info, s::ALREADY_CURRENT.to_string());
        return vec![];
    }
    let (confirm, diff) = revert_confirm(timeline, row, to.number, false);
    ask(state, confirm, diff)
}

/// Changing a package's status, in FairCom's terms.
fn status_confirm(package: &CodePackage, to: CodeStatus, undo: bool) -> Confirm {
    Confirm {
        title: s::confirm_status_title(&package.id.name, package.status.as_str(), to.as_str()),
        lines: s::confirm_status(&package.status, &to, package.version),
        verb: s::VERB_CHANGE_STATUS,
        diff: None,
        change: Change::PackageStatus {
            object_id: package.id.key(),
            name: package.id.name.clone(),
            from: package.status.clone(),
            to,
        },
        undo,
        confirm_focused: false,
    }
}

/// Reverting to `row`: what is current now → what will be current, in FairCom's terms.
fn revert_confirm(
    timeline: &Timeline,
    row: &TimelineRow,
    to: u32,
    undo: bool,
) -> (Confirm, Option<DiffRequest>) {
    let current = timeline.live();
    let current_number = current.and_then(TimelineRow::number).unwrap_or(0);
    let status = current.and_then(|c| match &c.status {
        RowStatus::Package(status) => Some(status),
        RowStatus::Build(_) => None,
    });
    let confirm = Confirm {
        title: s::confirm_revert_title(&timeline.object_name, to, undo),
        lines: s::confirm_revert(to, current_number, current_number + 1, status),
        verb: s::VERB_REVERT,
        diff: None,
        change: Change::PackageRevert {
            object_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            to,
            current: current_number,
        },
        undo,
        confirm_focused: false,
    };
    (confirm, current.map(|c| DiffRequest::of_rows(c, row)))
}

/// A package change answered with the package as it is now.
pub fn on_changed(state: &mut State, result: Result<CodePackage, BackendError>) -> Vec<Cmd> {
    let package = match result {
        Ok(package) => package,
        Err(err) => return failed(state, Failed::request(err)),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.created = Some(VersionRef {
        id: package.version.to_string(),
        number: package.version,
    });
    let text = match &running.change {
        Change::PackageRevert { name, to, .. } => s::reverted(name, package.version, *to),
        _ => s::status_changed(&package.id.name, package.status.as_str()),
    };
    finish(state, FlashKind::Info, text)
}

/// The newest journal entry for a package arrived (`u`). Asked from a list with something to undo:
/// the timeline opens, where the undo is asked; otherwise the undo dialog, or why there is none.
pub fn on_journal_read(
    state: &mut State,
    object_id: &str,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    if let Some(cmds) = undo_from_list(state, object_id, &result) {
        return cmds;
    }
    let Some(entry) = state.entry_to_undo(result) else {
        return vec![];
    };
    let Some(timeline) = loaded_timeline(state).filter(|t| t.object_id == object_id) else {
        return vec![];
    };
    match undo_confirm(state, timeline, &entry) {
        Ok((confirm, diff)) => ask(state, confirm, diff),
        Err(why) => {
            state.flash(FlashKind::Info, why);
            vec![]
        }
    }
}

/// What undoing a journaled package change asks for: revert to the version current before, or
/// the status it had. `Err`: why there is nothing to do.
fn undo_confirm(
    state: &State,
    timeline: &Timeline,
    entry: &Entry,
) -> Result<(Confirm, Option<DiffRequest>), String> {
    match entry.operation {
        Operation::PackageRevert => {
            let number = entry
                .before
                .version_number
                .ok_or_else(|| s::NOTHING_TO_UNDO.to_string())?;
            let row = timeline
                .rows
                .iter()
                .find(|r| r.number() == Some(number))
                .ok_or_else(|| s::undo_version_gone(number))?;
            if row.live {
                return Err(s::ALREADY_CURRENT.to_string());
            }
            Ok(revert_confirm(timeline, row, number, true))
        }
        Operation::PackageStatus => {
            let (Some(before), Some(after)) = (&entry.before.status, &entry.after.status) else {
                return Err(s::NOTHING_TO_UNDO.to_string());
            };
            let package = focused_package(state).ok_or_else(|| s::NOTHING_SELECTED.to_string())?;
            if package.status != *after {
                return Err(s::status_changed_since(package.status.as_str()));
            }
            Ok((status_confirm(&package, before.clone(), true), None))
        }
        _ => Err(s::NOTHING_TO_UNDO.to_string()),
    }
}

// Undo more than one level (issue 19): `z` walks back through codedeck's package changes on this
// FairCom server (reverts, code edits, status changes), `Z` redoes the last undo; each asks with
// the dialog `u` shows, and goes through the same revert (or status) request.

/// `z` (`redo`: `Z`): asks the journal what comes next in this FairCom server's chain.
fn request_chain(state: &mut State, redo: bool) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    vec![Cmd::ReadUndoChain {
        tenant: tenant(state, ObjectKind::Package),
        redo,
        of: ChainOf::Packages,
    }]
}

/// The chain's next package change arrived: its undo is asked on the package's history, opened
/// first when another one shows. A redo is the undo of an undo.
pub fn on_chain_read(
    state: &mut State,
    redo: bool,
    result: Result<Option<Entry>, String>,
) -> Vec<Cmd> {
    let Some(entry) = state.chain_entry(redo, ChainOf::Packages, result) else {
        return vec![];
    };
    match chain_step_timeline(state, Versioned::Package, entry) {
        Ok(entry) => undo_chain_step(state, entry),
        Err(cmds) => cmds,
    }
}

/// The package's history has loaded for the chain's step: its undo is asked now.
pub fn on_chain_timeline_ready(state: &mut State) -> Vec<Cmd> {
    match state.undo_steps.chain_step.take() {
        Some(entry) => undo_chain_step(state, entry),
        None => vec![],
    }
}

/// The undo dialog of the chain's entry, as `u` builds it for the package's newest change.
fn undo_chain_step(state: &mut State, entry: Entry) -> Vec<Cmd> {
    let object_id = entry.object_id.clone();
    on_journal_read(state, &object_id, Ok(Some(entry)))
}

// Package code (issue 19): `e` edits a package's code in the user's editor; a comment, the review
// dialog, then `alterCodePackage` through the change pipeline (journaled as a revert is, so `u`
// reverts to the version before).

/// `e`: the focused package's current code in the editor.
fn edit_code(state: &mut State) -> Vec<Cmd> {
    if state.busy() {
        return vec![];
    }
    let Some(package) = focused_package(state) else {
        state.flash(FlashKind::Info, s::NOTHING_SELECTED.to_string());
        return vec![];
    };
    let Some(code) = package.code.clone() else {
        state.flash(
            FlashKind::Info,
            s::package_code::CODE_STILL_LOADING.to_string(),
        );
        return vec![];
    };
    let extension = match package.language.to_ascii_lowercase().as_str() {
        "javascript" | "js" => "js",
        "python" | "py" => "py",
        "sql" => "sql",
        _ => "txt",
    };
    vec![Cmd::Edit {
        purpose: EditPurpose::PackageCode {
            object_id: package.id.key(),
            name: package.id.name.clone(),
            seen: package.version,
        },
        text: code.into(),
        file_name: format!("{}.{extension}", package.id.name),
        editor: state.opts.editor.clone(),
    }]
}

/// The editor closed on a package's code: unchanged sends nothing; else the comment prompt.
pub fn on_code_edited(
    state: &mut State,
    purpose: EditPurpose,
    original: std::sync::Arc<str>,
    result: Result<Option<String>, String>,
) -> Vec<Cmd> {
    let code: std::sync::Arc<str> = match result {
        Ok(Some(text)) => text.into(),
        Ok(None) => std::sync::Arc::clone(&original),
        Err(err) => {
            state.flash(FlashKind::Error, err);
            return vec![];
        }
    };
    let EditPurpose::PackageCode {
        object_id,
        name,
        seen,
    } = purpose
    else {
        return match purpose {
            EditPurpose::NewPackageCode(draft) => on_new_code_edited(state, *draft, code),
            _ => vec![],
        };
    };
    if code == original {
        state.flash(FlashKind::Info, s::EDIT_UNCHANGED.to_string());
        return vec![];
    }
    state.overlay = Overlay::Prompt(Prompt {
        label: s::package_code::COMMENT_LABEL.to_string(),
        text: crate::secret::Typed::new(""),
        masked: false,
        purpose: PromptPurpose::PackageComment(Box::new(PackageEdit {
            object_id,
            name,
            seen,
            before: original,
            code,
        })),
        error: None,
        hint: Some(s::package_code::COMMENT_HINT.to_string()),
    });
    vec![]
}

/// Enter in one of the packages' prompts (the comment, a new package's name and owner). `None`:
/// not one of them.
pub fn on_prompt_enter(state: &mut State) -> Option<Vec<Cmd>> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return None;
    };
    match &prompt.purpose {
        PromptPurpose::PackageComment(_) => on_comment_enter(state),
        PromptPurpose::PackageName(draft) => {
            let name = prompt.text.as_str().trim().to_string();
            if name.is_empty() {
                prompt.error = Some(s::package_code::NAME_EMPTY.to_string());
                return Some(vec![]);
            }
            let mut draft = draft.clone();
            draft.name = name;
            owner_prompt(state, draft);
            Some(vec![])
        }
        PromptPurpose::PackageOwner(draft) => {
            let mut draft = draft.clone();
            prompt.text.as_str().trim().clone_into(&mut draft.owner);
            type_menu(state, draft);
            Some(vec![])
        }
        _ => None,
    }
}

/// Enter in the comment prompt: the review dialog (the diff current → edited, Cancel focused).
fn on_comment_enter(state: &mut State) -> Option<Vec<Cmd>> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return None;
    };
    let PromptPurpose::PackageComment(edit) = &prompt.purpose else {
        return None;
    };
    let comment = prompt.text.as_str().trim().to_string();
    if comment.is_empty() {
        prompt.error = Some(s::package_code::COMMENT_EMPTY.to_string());
        return Some(vec![]);
    }
    let edit = edit.as_ref().clone();
    state.overlay = Overlay::None;
    let confirm = Confirm {
        title: s::package_code::confirm_code_title(&edit.name, edit.seen),
        lines: s::package_code::confirm_code(edit.seen, &comment),
        verb: s::package_code::VERB_SAVE_CODE,
        diff: None,
        change: Change::PackageCode {
            object_id: edit.object_id,
            name: edit.name,
            seen: edit.seen,
            code: edit.code.to_string(),
            comment,
        },
        undo: false,
        confirm_focused: false,
    };
    let diff = DiffRequest {
        old: edit.before,
        new: edit.code,
        old_label: s::package_code::CODE_NOW.to_string(),
        new_label: s::package_code::CODE_EDITED.to_string(),
    };
    Some(ask(state, confirm, Some(diff)))
}

/// The code change's answer: the package as it is now, or why nothing (or not all) was done.
pub fn on_code_saved(state: &mut State, result: Result<CodePackage, Failed>) -> Vec<Cmd> {
    let package = match result {
        Ok(package) => package,
        Err(err) => return failed(state, err),
    };
    let Some(running) = state.running.as_mut() else {
        return vec![];
    };
    running.created = Some(VersionRef {
        id: package.version.to_string(),
        number: package.version,
    });
    let text = if matches!(running.change, Change::PackageCreate { .. }) {
        running.created_id = Some(package.id.key());
        let place = format!("{}/{}", package.id.database, package.id.owner);
        s::package_code::package_created(&package.id.name, &place)
    } else {
        s::package_code::code_saved(&package.id.name, package.version)
    };
    finish(state, FlashKind::Info, text)
}

// Package code (issue 19): `n` creates a code package — name, owner, type, language, then the
// code in the editor and the review dialog; `createCodePackage` through the change pipeline.

/// `n`: the name prompt; the database defaults to the selected package's, the owner to the
/// profile's `faircom_owner`, else the selected package's (the user may change it).
fn start_create(state: &mut State) {
    if state.busy() {
        return;
    }
    let place = state.packages.selected_package().map(|p| p.id.clone());
    let profile_owner = state.opts.faircom_owner.clone().filter(|o| !o.is_empty());
    let draft = PackageDraft {
        database: place
            .as_ref()
            .map(|id| id.database.clone())
            .unwrap_or_default(),
        owner: profile_owner
            .or_else(|| place.map(|id| id.owner))
            .unwrap_or_default(),
        ..PackageDraft::default()
    };
    state.overlay = Overlay::Prompt(Prompt {
        label: s::package_code::NAME_LABEL.to_string(),
        text: crate::secret::Typed::new(""),
        masked: false,
        purpose: PromptPurpose::PackageName(Box::new(draft)),
        error: None,
        hint: Some(s::package_code::NAME_HINT.to_string()),
    });
}

fn owner_prompt(state: &mut State, draft: Box<PackageDraft>) {
    state.overlay = Overlay::Prompt(Prompt {
        label: s::package_code::OWNER_LABEL.to_string(),
        text: crate::secret::Typed::new(&draft.owner),
        masked: false,
        hint: Some(s::package_code::owner_hint(&draft.database)),
        purpose: PromptPurpose::PackageOwner(draft),
        error: None,
    });
}

fn type_menu(state: &mut State, draft: Box<PackageDraft>) {
    let values = CodeType::CREATABLE.to_vec();
    let items = values
        .iter()
        .map(|t| {
            (
                t.as_str().to_string(),
                s::package_code::type_meaning(t).to_string(),
            )
        })
        .collect();
    menu(
        state,
        s::package_code::MENU_TYPE.to_string(),
        items,
        0,
        MenuPurpose::PackageType(draft, values),
    );
}

/// FairCom stores other languages but runs only JavaScript: the one choice offered.
fn language_menu(state: &mut State, draft: Box<PackageDraft>) {
    let values = vec!["javascript".to_string()];
    let items = vec![(
        values[0].clone(),
        s::package_code::JAVASCRIPT_MEANING.to_string(),
    )];
    menu(
        state,
        s::package_code::MENU_LANGUAGE.to_string(),
        items,
        0,
        MenuPurpose::PackageLanguage(draft, values),
    );
}

fn new_code_editor(state: &State, draft: PackageDraft) -> Vec<Cmd> {
    let code_type = draft.code_type.as_ref().map_or("", CodeType::as_str);
    let text = s::package_code::new_code_template(&draft.name, code_type);
    vec![Cmd::Edit {
        file_name: format!("{}.js", draft.name),
        purpose: EditPurpose::NewPackageCode(Box::new(draft)),
        text: text.into(),
        editor: state.opts.editor.clone(),
    }]
}

/// The editor closed on a new package's code: the review dialog (nothing → the code).
fn on_new_code_edited(
    state: &mut State,
    draft: PackageDraft,
    code: std::sync::Arc<str>,
) -> Vec<Cmd> {
    let Some(code_type) = draft.code_type.clone() else {
        return vec![];
    };
    let place = match (draft.database.as_str(), draft.owner.as_str()) {
        ("", "") => s::package_code::SERVER_DEFAULT_PLACE.to_string(),
        (database, owner) => format!("{database}/{owner}"),
    };
    let confirm = Confirm {
        title: s::package_code::confirm_create_title(&draft.name),
        lines: s::package_code::confirm_create(&place, code_type.as_str(), &draft.language),
        verb: s::package_code::VERB_CREATE,
        diff: None,
        change: Change::PackageCreate {
            id: crate::model::PackageId {
                database: draft.database,
                owner: draft.owner,
                name: draft.name,
            },
            code_type,
            language: draft.language,
            code: code.to_string(),
        },
        undo: false,
        confirm_focused: false,
    };
    let diff = DiffRequest {
        old: "".into(),
        new: code,
        old_label: s::package_code::CODE_NONE.to_string(),
        new_label: s::package_code::CODE_EDITED.to_string(),
    };
    ask(state, confirm, Some(diff))
}
