//! Promote from the Compare view: `P` on a row (or on the rows marked with `Space`) asks the shell
//! to plan it against B (`Cmd::PlanPromote`); the dialog names both stages, shows B now → B after
//! (the exact code sent, mappings applied) and what the service will do, Cancel focused; yes sends
//! through B's connection (`Cmd::Promote`: guarded, journaled naming A), then both sides are read
//! again. `u` undoes the last promote of the row's object into B (`Cmd::UndoPromote`).

use std::sync::Arc;

use crate::app::diffing::{apply_diff_intent, DiffRequest};
use crate::app::keymap::Intent;
use crate::app::layout;
use crate::app::msg::{Cmd, Generation, PromoteAsk, PromoteGo, PromoteReport};
use crate::app::state::{
    FlashKind, Overlay, PromoteAction, PromoteConfirm, Prompt, PromptPurpose, SecretsAsked, Side,
    State,
};
use crate::diff::DiffState;
use crate::journal::{Entry, ObjectKind, Operation, Outcome, Snapshot};
use crate::model::SecretInput;
use crate::stages::promote::{self, BatchReport, Plan};
use crate::stages::{Kind, Mapping};
use crate::strings::promote as text;

/// `Space`: marks the selected row for a batch promote, or unmarks it.
pub fn toggle_mark(state: &mut State) {
    let Some(row) = state.compare.selected_row() else {
        return;
    };
    let item = (row.kind, row.name.clone());
    let marked = &mut state.compare.promote.marked;
    if let Some(at) = marked.iter().position(|m| *m == item) {
        marked.remove(at);
    } else {
        marked.push(item);
    }
    let count = state.compare.promote.marked.len();
    if count > 0 {
        state.flash(FlashKind::Info, text::marked(count));
    }
}

/// Refuses a second promote while one is planned or sent, saying so.
fn busy(state: &mut State) -> bool {
    if state.compare.promote.promoting.is_some() || state.compare.promote.asking.is_some() {
        state.flash(FlashKind::Info, text::PROMOTE_UNDER_WAY.to_string());
        return true;
    }
    false
}

/// `P`: plans the marked rows (in batch order), or the selected one.
pub fn request(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let compare = &state.compare;
    let (Some(from), Some(to)) = (&compare.from, &compare.to) else {
        return vec![];
    };
    let (Some(a), Some(b)) = (&from.snapshot, &to.snapshot) else {
        state.flash(FlashKind::Info, text::NOT_COMPARED_YET.to_string());
        return vec![];
    };
    let items = if compare.promote.marked.is_empty() {
        match compare.selected_row() {
            Some(row) => vec![(row.kind, row.name.clone())],
            None => return vec![],
        }
    } else {
        promote::batch_order(&compare.promote.marked, |(kind, _)| *kind)
    };
    let ask = PromoteAsk {
        side: Side::To,
        profile: to.name.clone(),
        items,
        from: (**a).clone(),
        to: (**b).clone(),
        options: promote::Options {
            drafts: compare.drafts,
            mapping: Mapping::between(&from.replace, &to.replace),
            from_stage: from.name.clone(),
        },
        generation: 0,
    };
    let generation = state.new_generation();
    state.compare.promote.promoting = Some(generation);
    state.flash(FlashKind::Info, text::PLANNING.to_string());
    vec![Cmd::PlanPromote(Box::new(PromoteAsk { generation, ..ask }))]
}

/// The plans came (or why not): the dialog opens (once its diff is computed), or the refusal is said.
pub fn on_planned(
    state: &mut State,
    generation: Generation,
    result: Result<Vec<Plan>, String>,
) -> Vec<Cmd> {
    if state.compare.promote.promoting != Some(generation) {
        return vec![];
    }
    state.compare.promote.promoting = None;
    let plans = match result {
        Ok(plans) => plans,
        Err(why) => {
            state.flash(FlashKind::Error, why);
            return vec![];
        }
    };
    let (Some(from), Some(to)) = (&state.compare.from, &state.compare.to) else {
        return vec![];
    };
    let (from_name, to_name, production) = (from.name.clone(), to.name.clone(), to.production);
    let plans: Vec<Plan> = plans.into_iter().filter(|p| !p.is_noop()).collect();
    if plans.is_empty() {
        state.flash(FlashKind::Info, text::NOTHING_TO_PROMOTE.to_string());
        return vec![];
    }
    let missing = secrets_needed(&plans);
    let will = |plan: &Plan| {
        text::will_do(
            plan.kind().as_str(),
            plan.name(),
            &to_name,
            plan.creates(),
            false,
            false,
        )
    };
    let mut lines = vec![];
    let mut diff = None;
    if let [plan] = plans.as_slice() {
        let kind = plan.kind().as_str();
        lines.push(text::promoting(
            kind,
            plan.name(),
            &from_name,
            &to_name,
            production,
        ));
        let preview = plan.preview();
        if preview.before.is_none() {
            lines.push(text::NOTHING_YET.to_string());
        }
        for (field, old, new) in &preview.settings {
            lines.push(format!("{}: {old} → {new}", field.as_str()));
        }
        lines.push(will(plan));
        if let Some(then) = then_words(plan, &to_name) {
            lines.push(then);
        }
        diff = Some(DiffRequest {
            old: Arc::from(preview.before.unwrap_or_default()),
            new: Arc::from(preview.after),
            old_label: format!("{to_name} {}", text::NOW_LABEL),
            new_label: format!("{to_name} {}", text::AFTER_LABEL),
        });
    } else {
        lines.push(text::batch_header(
            plans.len(),
            &from_name,
            &to_name,
            production,
        ));
        for (i, plan) in plans.iter().enumerate() {
            lines.push(text::batch_item(i, &will(plan)));
        }
        if let Some(label) = deploy_label(&plans) {
            lines.push(text::batch_then(label));
        }
    }
    if !missing.is_empty() {
        lines.push(text::secrets_asked_after_yes(&missing, &to_name));
    }
    if production {
        lines.push(text::production_warning(&to_name));
    }
    let confirm = PromoteConfirm {
        title: text::promote_title(&to_name, production),
        lines,
        danger: production,
        diff: None,
        confirm_focused: false,
        deploy_label: deploy_label(&plans),
        deploy_focused: false,
        action: PromoteAction::Promote(plans),
    };
    ask(state, confirm, diff)
}

/// The second button, when the plans hold an action (then deployed) or a module (then published).
fn deploy_label(plans: &[Plan]) -> Option<&'static str> {
    if plans.iter().any(|p| matches!(p, Plan::Action(_))) {
        Some(text::PROMOTE_AND_DEPLOY)
    } else if plans.iter().any(|p| matches!(p, Plan::Module(_))) {
        Some(text::PROMOTE_AND_PUBLISH)
    } else {
        None
    }
}

/// What the second button does besides, for one action or module.
fn then_words(plan: &Plan, to: &str) -> Option<String> {
    let (label, deploy, publish) = match plan {
        Plan::Action(_) => (text::PROMOTE_AND_DEPLOY, true, false),
        Plan::Module(_) => (text::PROMOTE_AND_PUBLISH, false, true),
        _ => return None,
    };
    let will = text::will_do(
        plan.kind().as_str(),
        plan.name(),
        to,
        plan.creates(),
        deploy,
        publish,
    );
    Some(text::with_button(label, &will))
}

/// Opens the dialog, once its diff is computed when it has one.
fn ask(state: &mut State, confirm: PromoteConfirm, diff: Option<DiffRequest>) -> Vec<Cmd> {
    let Some(request) = diff else {
        state.overlay = Overlay::Promote(Box::new(confirm));
        return vec![];
    };
    let generation = state.new_generation();
    state.compare.promote.asking = Some((generation, Box::new(confirm)));
    vec![Cmd::Diff {
        generation,
        request,
    }]
}

/// The dialog's diff computed: the dialog opens with it (if it still waits for this one). True when
/// the diff was this dialog's.
pub fn on_diff_ready(
    state: &mut State,
    generation: Generation,
    result: &Result<Box<DiffState>, String>,
) -> bool {
    if state.compare.promote.asking.as_ref().map(|(g, _)| *g) != Some(generation) {
        return false;
    }
    let Some((_, mut confirm)) = state.compare.promote.asking.take() else {
        return false;
    };
    match result {
        Ok(diff) => {
            let mut diff = (**diff).clone();
            diff.set_wrap(true);
            confirm.diff = Some(diff);
            state.overlay = Overlay::Promote(confirm);
            let view = layout::confirm_diff_viewport(state);
            if let Overlay::Promote(confirm) = &mut state.overlay {
                if let Some(diff) = confirm.diff.as_mut() {
                    diff.show_first_change(view);
                }
            }
        }
        Err(err) => state.flash(FlashKind::Error, err.clone()),
    }
    true
}

/// Keys while the dialog is up: Cancel focused; `y` (or Enter on the button) goes.
pub fn on_confirm_key(state: &mut State, intent: Intent) -> Vec<Cmd> {
    let view = layout::confirm_diff_viewport(state);
    let Overlay::Promote(confirm) = &mut state.overlay else {
        return vec![];
    };
    match intent {
        Intent::Confirm => {}
        Intent::Pick if confirm.confirm_focused || confirm.deploy_focused => {}
        Intent::Pick | Intent::Back => {
            state.overlay = Overlay::None;
            return vec![];
        }
        // Cancel → the promote → the promote and deploy (when offered) → Cancel.
        Intent::SwitchButton => {
            let (promote, deploy) = match (confirm.confirm_focused, confirm.deploy_focused) {
                (false, false) => (true, false),
                (true, _) if confirm.deploy_label.is_some() => (false, true),
                _ => (false, false),
            };
            confirm.confirm_focused = promote;
            confirm.deploy_focused = deploy;
            return vec![];
        }
        movement => {
            if let Some(diff) = confirm.diff.as_mut() {
                apply_diff_intent(diff, movement, view);
            }
            return vec![];
        }
    }
    let Overlay::Promote(confirm) = std::mem::replace(&mut state.overlay, Overlay::None) else {
        return vec![];
    };
    go(state, confirm.action, confirm.deploy_focused)
}

/// The secret names the plans send that B lacks, each once, in the plans' order.
fn secrets_needed(plans: &[Plan]) -> Vec<String> {
    let mut names: Vec<String> = vec![];
    for name in plans.iter().flat_map(Plan::secrets_needed) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The hidden input for the value of `name` in B.
fn secret_prompt(name: &str, to: &str) -> Prompt {
    Prompt {
        label: text::secret_label(name, to),
        text: crate::secret::Typed::new(""),
        masked: true,
        purpose: PromptPurpose::PromoteSecret(name.to_string()),
        error: None,
        hint: Some(text::SECRET_HINT.to_string()),
    }
}

/// A value is being asked for a promote (its prompt is up).
pub fn asking_secret(state: &State) -> bool {
    matches!(
        &state.overlay,
        Overlay::Prompt(Prompt {
            purpose: PromptPurpose::PromoteSecret(_),
            ..
        })
    )
}

/// Enter and Esc on a secret's prompt: Enter takes the value (then asks the next, or sends), Esc
/// drops every value typed and sends nothing. `None`: the prompt's other keys (typing, erasing).
pub fn on_secret_key(state: &mut State, intent: Intent) -> Option<Vec<Cmd>> {
    match intent {
        Intent::FilterClear => {
            state.overlay = Overlay::None;
            state.compare.promote.secrets = None;
            state.flash(FlashKind::Info, text::SECRETS_CANCELLED.to_string());
            Some(vec![])
        }
        Intent::FilterKeep => Some(take_secret(state)),
        _ => None,
    }
}

fn take_secret(state: &mut State) -> Vec<Cmd> {
    let Overlay::Prompt(prompt) = &mut state.overlay else {
        return vec![];
    };
    let PromptPurpose::PromoteSecret(name) = prompt.purpose.clone() else {
        return vec![];
    };
    // Not trimmed: a secret is exactly what was typed.
    let typed = &prompt.text;
    if typed.is_empty() {
        prompt.error = Some(crate::strings::authoring::secret_value_empty(&name));
        return vec![];
    }
    if typed.as_str().chars().count() > crate::model::limits::MAX_SECRET_VALUE_CHARS {
        prompt.error = Some(crate::strings::authoring::secret_value_too_long(&name));
        return vec![];
    }
    // The one `Secret` made of what was typed: from here on it is scrubbed everywhere.
    let value = typed.to_secret();
    state.overlay = Overlay::None;
    let Some(asked) = state.compare.promote.secrets.as_mut() else {
        return vec![];
    };
    asked.needed.retain(|n| *n != name);
    asked.given.push(SecretInput {
        name,
        value: Some(value),
    });
    if let Some(next) = asked.needed.first().cloned() {
        let to = state.compare.to.as_ref().map(|t| t.name.clone());
        state.overlay = Overlay::Prompt(secret_prompt(&next, &to.unwrap_or_default()));
        return vec![];
    }
    let Some(asked) = state.compare.promote.secrets.take() else {
        return vec![];
    };
    let SecretsAsked {
        plans,
        deploy,
        given,
        ..
    } = *asked;
    send(state, PromoteAction::Promote(plans), deploy, given)
}

/// Yes: the values B lacks are asked first (hidden, one by one); then the plans (or the undo) go
/// to B's connection.
fn go(state: &mut State, action: PromoteAction, deploy: bool) -> Vec<Cmd> {
    if let PromoteAction::Promote(plans) = &action {
        let needed = secrets_needed(plans);
        if let (Some(first), Some(to)) = (needed.first(), &state.compare.to) {
            state.overlay = Overlay::Prompt(secret_prompt(first, &to.name));
            state.compare.promote.secrets = Some(Box::new(SecretsAsked {
                plans: plans.clone(),
                deploy,
                needed,
                given: vec![],
            }));
            return vec![];
        }
    }
    send(state, action, deploy, vec![])
}

/// The plans (or the undo) go to B's connection, with the values typed for B's missing secrets.
fn send(
    state: &mut State,
    action: PromoteAction,
    deploy: bool,
    secrets: Vec<SecretInput>,
) -> Vec<Cmd> {
    let (Some(from), Some(to)) = (&state.compare.from, &state.compare.to) else {
        return vec![];
    };
    let (from_profile, profile) = (from.name.clone(), to.name.clone());
    let generation = state.new_generation();
    state.compare.promote.promoting = Some(generation);
    match action {
        PromoteAction::Promote(plans) => {
            // Each promote's intent is journaled before anything is sent (the runtime writes an
            // `AppendJournal` before the commands after it); its outcome when B answers.
            let intents: Vec<Entry> = plans
                .iter()
                .map(|plan| intent_of(state, plan, deploy, &secrets))
                .collect();
            state.compare.promote.intents.clone_from(&intents);
            let mut cmds: Vec<Cmd> = intents
                .into_iter()
                .map(|intent| Cmd::AppendJournal(Box::new(intent)))
                .collect();
            cmds.push(Cmd::Promote(Box::new(PromoteGo {
                side: Side::To,
                profile,
                from_profile,
                plans,
                deploy,
                secrets,
                generation,
            })));
            cmds
        }
        PromoteAction::Undo { kind, name } => vec![Cmd::UndoPromote {
            side: Side::To,
            profile,
            kind,
            name,
            generation,
        }],
    }
}

/// The journal's intent of one promote into B, naming A: one change for the promote and, with
/// the second button, its deploy (publish); B's version before, what it asks for.
fn intent_of(state: &mut State, plan: &Plan, deploy: bool, given: &[SecretInput]) -> Entry {
    let needed = plan.secrets_needed();
    let given: Vec<SecretInput> = given
        .iter()
        .filter(|g| needed.contains(&g.name))
        .cloned()
        .collect();
    // Names only: the record keeps no value.
    let record = plan.record(&plan.secrets_to_send(&given).unwrap_or_default());
    let sequence = state.new_generation();
    let (from, to) = (state.compare.from.as_ref(), state.compare.to.as_ref());
    Entry {
        at: chrono::DateTime::UNIX_EPOCH, // stamped by the runtime when written
        profile: to.map(|t| t.name.clone()).unwrap_or_default(),
        tenant: to
            .map(|t| t.tenants.of(record.kind).to_string())
            .unwrap_or_default(),
        kind: record.kind,
        object_id: record.object_id.clone(),
        object_name: plan.name().to_string(),
        operation: record.operation_with(plan, deploy),
        before: record.before.clone(),
        after: record.after.clone(),
        undo: false,
        change: Some(format!("{}.{sequence}", state.opts.session)),
        outcome: Outcome::Intent,
        note: None,
        promoted_from: from.map(|f| f.name.clone()),
        undoes: None,
    }
}

/// The entry that ends `intent` as B's answer reports it (`None`: not tried, a batch stopped).
fn outcome_of(intent: Entry, report: Option<&PromoteReport>) -> Entry {
    let Some(report) = report else {
        return Entry {
            outcome: Outcome::NotDone,
            note: Some(text::NOT_TRIED.to_string()),
            after: Snapshot::default(),
            ..intent
        };
    };
    Entry {
        object_id: report.made_id.clone().unwrap_or(intent.object_id),
        operation: report.operation,
        before: Snapshot {
            saved_draft: report.saved_draft.clone(),
            ..intent.before
        },
        after: report.after.clone(),
        outcome: report.outcome,
        note: report.note.clone(),
        ..intent
    }
}

/// B answered: each promote's outcome journaled, each result said (a batch: what was done, what
/// failed, what was not tried); the caller reads both sides again so the rows show what is there.
pub fn on_promoted(
    state: &mut State,
    generation: Generation,
    plans_of: &[(Kind, String)],
    reports: &[PromoteReport],
) -> Option<Vec<Cmd>> {
    if state.compare.promote.promoting != Some(generation) {
        return None;
    }
    state.compare.promote.promoting = None;
    let intents = std::mem::take(&mut state.compare.promote.intents);
    let cmds = intents
        .into_iter()
        .enumerate()
        .map(|(i, intent)| Cmd::AppendJournal(Box::new(outcome_of(intent, reports.get(i)))))
        .collect();
    let results: Vec<Result<String, String>> = reports.iter().map(|r| r.said.clone()).collect();
    let failed = results.iter().any(Result::is_err);
    let kind = if failed {
        FlashKind::Error
    } else {
        FlashKind::Info
    };
    let said = if let [one] = results.as_slice() {
        match one {
            Ok(words) | Err(words) => words.clone(),
        }
    } else {
        let outcomes: Vec<Result<(), String>> = results
            .iter()
            .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
            .collect();
        BatchReport::of(plans_of, &outcomes).words()
    };
    state.compare.promote.marked.clear();
    state.flash(kind, said);
    Some(cmds)
}

/// `u`: finds the last promote of the selected row's object into B (in the journal), then asks
/// to undo it, saying what the undo will do.
pub fn request_undo(state: &mut State) -> Vec<Cmd> {
    if busy(state) {
        return vec![];
    }
    let compare = &state.compare;
    let (Some(row), Some(to)) = (compare.selected_row(), &compare.to) else {
        return vec![];
    };
    let (kind, name, profile) = (row.kind, row.name.clone(), to.name.clone());
    let generation = state.new_generation();
    state.compare.promote.promoting = Some(generation);
    vec![Cmd::FindPromote {
        side: Side::To,
        profile,
        kind,
        name,
        generation,
    }]
}

/// The promote `u` would undo came (or why there is none): the dialog says what its undo does.
pub fn on_promote_found(
    state: &mut State,
    generation: Generation,
    result: Result<Box<Entry>, String>,
) {
    if state.compare.promote.promoting != Some(generation) {
        return;
    }
    state.compare.promote.promoting = None;
    let Some(to) = &state.compare.to else {
        return;
    };
    let (to_name, production) = (to.name.clone(), to.production);
    let words = result.and_then(|entry| undo_words(&entry, &to_name).map(|w| (entry, w)));
    let (entry, words) = match words {
        Ok(found) => found,
        Err(why) => {
            state.flash(FlashKind::Info, why);
            return;
        }
    };
    let mut lines = vec![words];
    if let Some(from) = &entry.promoted_from {
        lines.push(text::undo_of_promote_from(
            from,
            &entry.at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ));
    }
    if production {
        lines.push(text::production_warning(&to_name));
    }
    let kind = match entry.kind {
        ObjectKind::Action => Kind::Action,
        ObjectKind::Module => Kind::Module,
        ObjectKind::Trigger => Kind::Flow,
        ObjectKind::Package => Kind::Package,
    };
    state.overlay = Overlay::Promote(Box::new(PromoteConfirm {
        title: text::undo_title(&to_name, production),
        lines,
        danger: production,
        diff: None,
        confirm_focused: false,
        deploy_label: None,
        deploy_focused: false,
        action: PromoteAction::Undo {
            kind,
            name: entry.object_name.clone(),
        },
    }));
}

/// What undoing `entry` (a promote into `to`) will do, in words; `Err`: why it has no undo.
fn undo_words(entry: &Entry, to: &str) -> Result<String, String> {
    let name = entry.object_name.as_str();
    let word = match entry.kind {
        ObjectKind::Action => "action",
        ObjectKind::Module => "module",
        ObjectKind::Trigger => "flow",
        ObjectKind::Package => "package",
    };
    let (before, after) = (&entry.before, &entry.after);
    let draft_back = before.saved_draft.is_some();
    Ok(match entry.operation {
        Operation::ActionDeploy => match before.version_number {
            Some(number) => text::undo_rolls_forward(to, name, number, draft_back),
            None => return Err(text::no_undo_for(word, name, text::NO_UNDO_FIRST_DEPLOY)),
        },
        Operation::DraftEdit if draft_back => text::undo_restores_draft(to, word, name, None),
        Operation::ModulePublish if draft_back => {
            text::undo_restores_draft(to, word, name, after.version_number)
        }
        Operation::BindingsChange => {
            let names: Vec<&str> = before
                .order
                .iter()
                .flatten()
                .map(|b| b.display_name.as_str())
                .collect();
            text::undo_puts_order_back(to, name, &names.join(", "))
        }
        Operation::PackageRevert => match before.version_number {
            Some(number) => text::undo_reverts_package(to, name, number),
            None => return Err(text::no_promote_to_undo(word, name, to)),
        },
        Operation::Create => return Err(text::no_undo_for(word, name, text::NO_UNDO_CREATED)),
        Operation::ModulePublish => {
            return Err(text::no_undo_for(word, name, text::NO_UNDO_PUBLISH))
        }
        _ => return Err(text::last_change_not_a_promote(word, name, to)),
    })
}

/// The undo answered: said; both sides read again.
pub fn on_undone(
    state: &mut State,
    generation: Generation,
    result: Result<String, String>,
) -> bool {
    if state.compare.promote.promoting != Some(generation) {
        return false;
    }
    state.compare.promote.promoting = None;
    match result {
        Ok(words) => state.flash(FlashKind::Info, words),
        Err(words) => state.flash(FlashKind::Error, words),
    }
    true
}
