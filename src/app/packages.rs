//! View 4, FairCom code packages, in `update`: filters, the status menu, and the package changes
//! (revert, status) as typed round trips. The list, detail, timeline and diff are the shared ones.
//! No I/O here.

use crate::app::changes;
use crate::app::keymap::{Intent, Mode};
use crate::app::msg::{Cmd, Failed, Generation};
use crate::app::state::{
    Change, Confirm, FlashKind, Focus, Menu, MenuPurpose, Overlay, State, VersionRef,
};
use crate::app::timeline::{RowStatus, Timeline, TimelineRow};
use crate::app::update::{flash, new_moved};
use crate::app::versions::diff_state;
use crate::backend::BackendError;
use crate::journal::{Entry, Operation};
use crate::model::{CodePackage, CodeStatus, CodeType, PackageId};
use crate::strings as s;

pub fn load_list(state: &mut State) -> Cmd {
    let generation = state.new_generation();
    state.packages.list.start(generation);
    Cmd::LoadPackages { generation }
}

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

/// Which table applies in the Packages view.
pub fn mode(state: &State) -> Mode {
    let packages = &state.packages;
    match &packages.versions {
        _ if packages.editing_filter => Mode::Filter,
        Some(v) if v.diff.is_some() => Mode::Diff,
        Some(_) if state.focus == Focus::Detail => Mode::PackageDetail,
        Some(_) => Mode::PackageTimeline,
        None if state.focus == Focus::Detail && packages.detail.is_some() => Mode::PackageDetail,
        None => Mode::PackageList,
    }
}

/// The keys only packages have. `None`: the shared handling applies (in the generic mode).
pub fn on_intent(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    match intent {
        Intent::StatusFilter => open_status_filter(state),
        Intent::TypeFilter => open_type_filter(state),
        Intent::SetStatus => open_status_menu(state),
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
    if changes::busy(state) {
        return;
    }
    let Some(package) = focused_package(state) else {
        return flash(state, FlashKind::Info, s::NOTHING_SELECTED.to_string());
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

/// Keys in a menu.
pub fn on_menu_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let Overlay::Menu(menu) = &mut state.overlay else {
        return vec![];
    };
    match intent {
        movement if movement.is_movement() => {
            menu.selected = new_moved(menu.selected, menu.items.len(), movement, 10);
            return vec![];
        }
        Intent::Pick => {}
        Intent::Back => {
            let creating = matches!(menu.purpose, MenuPurpose::Create(_));
            state.overlay = Overlay::None;
            if creating {
                crate::app::authoring::cancel_create(state);
            }
            return vec![];
        }
        _ => return vec![],
    }
    let Overlay::Menu(menu) = std::mem::replace(&mut state.overlay, Overlay::None) else {
        unreachable!("matched above");
    };
    if let MenuPurpose::Create(step) = menu.purpose {
        return crate::app::authoring::on_create_menu(state, step, menu.selected);
    }
    let packages = &mut state.packages;
    match menu.purpose {
        MenuPurpose::Create(_) => unreachable!("handled above"),
        MenuPurpose::StatusFilter(values) => {
            packages.status_filter = values[menu.selected].clone();
            packages.selected = 0;
        }
        MenuPurpose::TypeFilter(values) => {
            packages.type_filter = values[menu.selected].clone();
            packages.selected = 0;
        }
        MenuPurpose::SetStatus(values) => {
            if let Some(package) = focused_package(state) {
                let confirm = status_confirm(&package, values[menu.selected].clone(), false);
                state.overlay = Overlay::Confirm(Box::new(confirm));
            }
        }
    }
    vec![]
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
pub fn revert_confirm(timeline: &Timeline, row: &TimelineRow, to: u32, undo: bool) -> Confirm {
    let current = timeline.live();
    let current_number = current.and_then(TimelineRow::number).unwrap_or(0);
    let status = current.and_then(|c| match &c.status {
        RowStatus::Package(status) => Some(status),
        RowStatus::Build(_) => None,
    });
    Confirm {
        title: s::confirm_revert_title(&timeline.object_name, to, undo),
        lines: s::confirm_revert(to, current_number, current_number + 1, status),
        verb: s::VERB_REVERT,
        diff: current.map(|c| diff_state(c, row)),
        change: Change::PackageRevert {
            object_id: timeline.object_id.clone(),
            name: timeline.object_name.clone(),
            to,
            current: current_number,
        },
        undo,
        confirm_focused: false,
    }
}

/// The command that carries out a package change.
pub fn command(change: &Change) -> Option<Cmd> {
    match change {
        Change::PackageRevert { object_id, to, .. } => Some(Cmd::RevertPackage {
            id: PackageId::from_key(object_id)?,
            version: *to,
        }),
        Change::PackageStatus { object_id, to, .. } => Some(Cmd::SetPackageStatus {
            id: PackageId::from_key(object_id)?,
            status: to.clone(),
        }),
        _ => None,
    }
}

/// A package change answered with the package as it is now.
pub fn on_changed(state: &mut State, result: Result<CodePackage, BackendError>) -> Vec<Cmd> {
    let package = match result {
        Ok(package) => package,
        Err(err) => return changes::failed(state, Failed::request(err)),
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
    changes::finish(state, FlashKind::Info, text)
}

/// What undoing a journaled package change asks for: revert to the version current before, or
/// the status it had. `Err`: why there is nothing to do.
pub fn undo_confirm(state: &State, timeline: &Timeline, entry: &Entry) -> Result<Confirm, String> {
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
            Ok(status_confirm(&package, before.clone(), true))
        }
        _ => Err(s::NOTHING_TO_UNDO.to_string()),
    }
}

/// The description and the metadata (pretty JSON) as `m` shows them: a comment block, then the JSON,
/// so that the code pane's highlighting reads them well.
pub fn about(package: &CodePackage) -> String {
    let mut text = format!("// {}\n", s::LABEL_DESCRIPTION);
    if package.description.trim().is_empty() {
        text.push_str(&format!("// {}\n", s::NO_DESCRIPTION));
    }
    for line in package.description.lines() {
        text.push_str(&format!("// {line}\n"));
    }
    text.push_str(&format!("\n// {}\n", s::LABEL_METADATA));
    let metadata = serde_json::to_string_pretty(&package.metadata).unwrap_or_default();
    text.push_str(&metadata);
    text.push('\n');
    text
}
