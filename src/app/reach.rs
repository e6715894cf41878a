//! Reaching out (issue 19): `y` copies what the view has selected (an id in a list, the code in a
//! code view, the diff as a unified patch, a row's name in Compare and Search), `Y` offers a menu of
//! what can be copied, and `o`/`O` open the object's page in the Auth0 Dashboard. Pure: the
//! clipboard and the browser are `Cmd::Copy` and `Cmd::OpenUrl`, carried out by the shell.

use crate::app::keymap::{Intent, Mode};
use crate::app::msg::Cmd;
use crate::app::state::{
    CopyChoice, FlashKind, Menu, MenuPurpose, Overlay, PayloadChoice, PayloadFrom, Prompt,
    PromptPurpose, State, View,
};
use crate::model::dashboard::{dashboard_url, DashboardObject};
use crate::strings::reach as s;

/// Terminals drop an OSC 52 past their own cap (xterm and hterm take ≈ 100 kB, kitty and WezTerm
/// far more); past this much the copy is refused in words rather than lost without a sign.
pub const MAX_COPY_BYTES: usize = 1 << 20;

/// The reaching-out keys in every mode that has them; `None`: not one of them.
pub fn on_intent(state: &mut State, mode: Mode, intent: Intent) -> Option<Vec<Cmd>> {
    if mode == Mode::Prompt && intent == Intent::FilterKeep {
        return on_save_prompt_enter(state);
    }
    if matches!(
        mode,
        Mode::Confirm | Mode::Prompt | Mode::Filter | Mode::Picker
    ) {
        return None;
    }
    match intent {
        Intent::Copy => Some(copy_default(state, mode)),
        Intent::CopyMenu => {
            open_copy_menu(state, mode);
            Some(vec![])
        }
        Intent::OpenDashboard => Some(open_dashboard(state)),
        Intent::PickPayload => Some(request_payloads(state)),
        // Keys that would do nothing here say why.
        Intent::TriggerPicker if state.view == View::Modules => {
            state.flash(FlashKind::Info, s::NO_TRIGGER_FILTER_IN_MODULES.to_string());
            Some(vec![])
        }
        _ => None,
    }
}

/// A key no table of `mode` binds, but another view's does: why it does nothing here (`true`: said).
pub fn on_unbound_key(state: &mut State, mode: Mode, c: char) -> bool {
    let why = match (mode, c) {
        (Mode::FlowTriggers | Mode::FlowBindings, 'v') => s::NO_VERSIONS_IN_FLOWS,
        (Mode::PackageList | Mode::PackageDetail | Mode::PackageTimeline, 'X') => {
            s::NO_DELETE_IN_PACKAGES
        }
        (Mode::PackageTimeline, 'e') => s::NO_EDIT_IN_PACKAGES,
        (Mode::PackageTimeline, 'n') => s::NO_CREATE_IN_PACKAGES,
        _ => return false,
    };
    state.flash(FlashKind::Info, why.to_string());
    true
}

/// `y`: what a user of this view expects on the clipboard.
fn copy_default(state: &mut State, mode: Mode) -> Vec<Cmd> {
    let choices = choices(state, mode);
    let preferred = match mode.generic() {
        Mode::Diff => s::WHAT_DIFF,
        Mode::Detail | Mode::Timeline => s::WHAT_CODE,
        Mode::Compare | Mode::Search => s::WHAT_NAME,
        _ => s::WHAT_ID,
    };
    let chosen = choices
        .iter()
        .find(|c| c.what == preferred)
        .or_else(|| choices.first())
        .cloned();
    if let Some(choice) = chosen {
        copy(state, &choice)
    } else {
        state.flash(FlashKind::Info, s::NOTHING_TO_COPY.to_string());
        vec![]
    }
}

/// `Y`: a menu of every choice the view has.
fn open_copy_menu(state: &mut State, mode: Mode) {
    let choices = choices(state, mode);
    if choices.is_empty() {
        state.flash(FlashKind::Info, s::NOTHING_TO_COPY.to_string());
        return;
    }
    state.overlay = Overlay::Menu(Menu {
        title: s::COPY_MENU_TITLE.to_string(),
        items: choices
            .iter()
            .map(|c| (c.what.to_string(), s::copy_choice(c.text.len())))
            .collect(),
        selected: 0,
        purpose: MenuPurpose::Copy(choices),
    });
}

/// Enter on an item of the `Y` menu.
pub fn on_copy_chosen(state: &mut State, choices: &[CopyChoice], index: usize) -> Vec<Cmd> {
    match choices.get(index) {
        Some(choice) => copy(state, choice),
        None => vec![],
    }
}

/// The clipboard gets the text with every held secret hidden; the flash says what and how much.
fn copy(state: &mut State, choice: &CopyChoice) -> Vec<Cmd> {
    let text = crate::secret::scrub_held(&choice.text).into_owned();
    if text.len() > MAX_COPY_BYTES {
        let why = s::too_big_to_copy(text.len(), MAX_COPY_BYTES);
        state.flash(FlashKind::Error, why);
        return vec![];
    }
    state.flash(FlashKind::Info, s::copied(text.len(), choice.what));
    vec![Cmd::Copy { text }]
}

/// What can be copied in `mode`, the view's usual choice among them.
pub fn choices(state: &State, mode: Mode) -> Vec<CopyChoice> {
    let mut out = vec![];
    let mut push = |what: &'static str, text: Option<String>| {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            out.push(CopyChoice { what, text });
        }
    };
    match mode {
        Mode::Search => {
            push(s::WHAT_NAME, search_hit(state).map(|(_, name)| name));
            push(s::WHAT_ID, search_hit(state).map(|(id, _)| id));
            return out;
        }
        Mode::Compare => {
            let row = state.compare.selected_row();
            push(s::WHAT_NAME, row.map(|r| r.name.clone()));
            return out;
        }
        Mode::Diff if state.comparing => {
            let compare = state.compare.diff.as_ref();
            push(s::WHAT_NAME, compare.map(|d| d.name.clone()));
            push(
                s::WHAT_DIFF,
                compare.and_then(|d| d.diff.as_ref()).map(patch),
            );
            return out;
        }
        _ => {}
    }
    let selected = selected_object(state);
    push(s::WHAT_ID, selected.as_ref().map(|o| o.id.clone()));
    push(s::WHAT_NAME, selected.as_ref().map(|o| o.name.clone()));
    push(s::WHAT_CODE, state.detail_code().map(str::to_string));
    let diff = state.versions().and_then(|v| v.diff.as_deref());
    push(s::WHAT_DIFF, diff.map(patch));
    out
}

fn patch(diff: &crate::diff::DiffState) -> String {
    crate::diff::text::unified_patch(&diff.diff, &diff.old_label, &diff.new_label)
}

/// The selected search hit's object: (id, name).
fn search_hit(state: &State) -> Option<(String, String)> {
    let search = state.search.as_ref()?;
    let results = search.results.ready()?;
    let (object, _, _) = *results.hit_positions().get(search.selected)?;
    let object = results.objects.get(object)?;
    Some((object.object_id.clone(), object.name.clone()))
}

/// The object the view is about: the open timeline's, the open detail's, else the list's selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub view: View,
    pub id: String,
    pub name: String,
}

pub fn selected_object(state: &State) -> Option<Selected> {
    let view = state.view;
    let make = |id: &str, name: &str| {
        Some(Selected {
            view,
            id: id.to_string(),
            name: name.to_string(),
        })
    };
    if let Some(versions) = state.versions() {
        return make(&versions.object_id, &versions.object_name);
    }
    match view {
        View::Actions => match &state.actions.detail {
            Some(detail) => make(&detail.id, &detail.name),
            None => state.selected_action().and_then(|a| make(&a.id, &a.name)),
        },
        View::Modules => match &state.modules.detail {
            Some(detail) => make(&detail.id, &detail.name),
            None => state
                .modules_list()
                .get(state.modules.selected)
                .and_then(|m| make(&m.id, &m.name)),
        },
        View::Packages => match &state.packages.detail {
            Some(detail) => make(&detail.id.key(), &detail.id.name),
            None => state
                .packages
                .selected_package()
                .and_then(|p| make(&p.id.key(), &p.id.name)),
        },
        View::Flows => None,
    }
}

/// `o`/`O`: the Dashboard page of the selected action or module, in the browser; the demo only
/// says where it would go, and a custom domain says why there is no address.
fn open_dashboard(state: &mut State) -> Vec<Cmd> {
    let refuse = |state: &mut State, why: String| {
        state.flash(FlashKind::Info, why);
        vec![]
    };
    let selected = match state.view {
        View::Packages => return refuse(state, s::DASHBOARD_ONLY_AUTH0.to_string()),
        View::Flows => return refuse(state, s::DASHBOARD_NOT_IN_FLOWS.to_string()),
        View::Actions | View::Modules => selected_object(state),
    };
    let Some(selected) = selected else {
        return refuse(state, s::DASHBOARD_NOTHING_SELECTED.to_string());
    };
    let object = match selected.view {
        View::Modules => DashboardObject::Module(&selected.id),
        _ => DashboardObject::Action(&selected.id),
    };
    if state.connection.demo {
        let url = dashboard_url(s::DEMO_DOMAIN, object).unwrap_or_default();
        return refuse(state, s::demo_would_open(&url));
    }
    if let Ok(url) = dashboard_url(&state.connection.label, object) {
        state.flash(FlashKind::Info, s::opening(&url));
        vec![Cmd::OpenUrl { url }]
    } else {
        let why = s::no_dashboard_for_domain(&state.connection.label);
        state.flash(FlashKind::Error, why);
        vec![]
    }
}

/// The shell could not start a browser: the address is said so it can be opened by hand.
pub fn on_no_browser(state: &mut State, url: &str, why: &str) {
    state.flash(FlashKind::Error, s::no_browser(why, url));
}

pub fn on_copy_failed(state: &mut State, why: &str) {
    state.flash(FlashKind::Error, s::copy_failed(why));
}

// Saved test payloads (`T`).

/// `T` on an action: read what was saved for it (a menu follows).
pub fn request_payloads(state: &mut State) -> Vec<Cmd> {
    if state.view != View::Actions {
        state.flash(
            FlashKind::Info,
            crate::strings::TEST_ONLY_ACTIONS.to_string(),
        );
        return vec![];
    }
    match selected_object(state) {
        Some(action) => vec![Cmd::ReadPayloads {
            action_id: action.id,
            name: action.name,
        }],
        None => vec![],
    }
}

/// The saved payloads arrived: the menu of them (the last run's first), and saving the last.
pub fn on_payloads_read(
    state: &mut State,
    action_id: String,
    name: String,
    result: Result<crate::journal::payloads::SavedPayloads, String>,
) {
    let saved = match result {
        Ok(saved) => saved,
        Err(why) => {
            state.flash(FlashKind::Error, s::payloads_unreadable(&why));
            return;
        }
    };
    let pretty = |v: &serde_json::Value| -> std::sync::Arc<str> {
        serde_json::to_string_pretty(v).unwrap_or_default().into()
    };
    let mut items = vec![];
    let mut choices = vec![];
    if let Some(last) = &saved.last {
        let text = pretty(last);
        items.push((s::PAYLOAD_LAST.to_string(), s::copy_choice(text.len())));
        choices.push(PayloadChoice::Use(
            text,
            PayloadFrom::Last { at: saved.last_at },
        ));
    }
    for (saved_name, payload) in &saved.named {
        let text = pretty(payload);
        items.push((saved_name.clone(), s::copy_choice(text.len())));
        choices.push(PayloadChoice::Use(
            text,
            PayloadFrom::Saved(saved_name.clone()),
        ));
    }
    if saved.last.is_some() {
        items.push((s::PAYLOAD_SAVE_LAST.to_string(), String::new()));
        choices.push(PayloadChoice::SaveLastAs);
    }
    if choices.is_empty() {
        state.flash(FlashKind::Info, s::no_payloads(&name));
        return;
    }
    state.overlay = Overlay::Menu(Menu {
        title: s::PAYLOADS_TITLE.to_string(),
        items,
        selected: 0,
        purpose: MenuPurpose::Payloads {
            action_id,
            name,
            choices,
        },
    });
}

/// Enter in the `T` menu: the editor on the chosen event (Enter there runs it, as after `t`), or
/// the prompt for a name to save the last one under.
pub fn on_payload_chosen(
    state: &mut State,
    action_id: String,
    name: String,
    choice: Option<PayloadChoice>,
) -> Vec<Cmd> {
    match choice {
        Some(PayloadChoice::Use(text, from)) => vec![Cmd::Edit {
            file_name: format!("{name}-event.json"),
            purpose: crate::app::msg::EditPurpose::TestPayload {
                action_id,
                name,
                from,
            },
            text,
            editor: state.opts.editor.clone(),
        }],
        Some(PayloadChoice::SaveLastAs) => {
            state.overlay = Overlay::Prompt(Prompt {
                label: s::PAYLOAD_NAME_LABEL.to_string(),
                text: crate::secret::Typed::new(""),
                masked: false,
                purpose: PromptPurpose::SavePayload { action_id },
                error: None,
                hint: Some(s::PAYLOAD_SAVE_HINT.to_string()),
            });
            vec![]
        }
        None => vec![],
    }
}

/// Enter in the name prompt: saved by the shell (`Msg::PayloadSaved` says how it went).
fn on_save_prompt_enter(state: &mut State) -> Option<Vec<Cmd>> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return None;
    };
    let PromptPurpose::SavePayload { action_id } = &prompt.purpose else {
        return None;
    };
    let as_name = prompt.text.as_str().trim().to_string();
    if as_name.is_empty() {
        prompt.error = Some(s::PAYLOAD_NAME_EMPTY.to_string());
        return Some(vec![]);
    }
    let action_id = action_id.clone();
    state.overlay = Overlay::None;
    Some(vec![Cmd::SavePayload { action_id, as_name }])
}

pub fn on_payload_saved(state: &mut State, result: Result<String, String>) {
    match result {
        Ok(name) => state.flash(FlashKind::Info, s::payload_saved(&name)),
        Err(why) => state.flash(FlashKind::Error, s::payload_not_saved(&why)),
    }
}
