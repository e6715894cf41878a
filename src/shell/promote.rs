//! The Compare view's promotes, on B's own connection (`Stages`): planning from both stages as the
//! comparison read them, sending (the guard first: nothing is sent if B changed since it was read;
//! never retried), the journal (the intent before the request, then the outcome, naming A in
//! `promoted_from`; a lost answer read back and journaled as found or unknown) and the undo of the
//! last promote of an object (the per-object undo where one exists).

use std::future::Future;

use chrono::Utc;

use crate::app::msg::{Msg, PromoteAsk, PromoteGo, PromoteReport};
use crate::app::state::Side;
use crate::backend::Backend;
use crate::flow::{DeployFlow, Goal, Sent, Step};
use crate::journal::{self, Entry, Journal, ObjectKind, Operation, Outcome, Snapshot};
use crate::model::{BackendError, DraftChange, PackageId, SecretInput};
use crate::shell::stages::{StageConnection, Stages};
use crate::stages::promote::{self, Done, Plan, PromoteError, SecretsError};
use crate::stages::Kind;
use crate::strings::journal as words;
use crate::strings::promote as text;

impl Stages {
    /// Answers `Cmd::PlanPromote`: each row planned in order; the first refusal, in words, ends it.
    pub async fn plan_promote(&self, ask: PromoteAsk) -> Msg {
        let result = async {
            let stage = self.connection(ask.side, &ask.profile).await?;
            let mut plans = vec![];
            for (kind, name) in &ask.items {
                let refused = |why: String| text::refused(kind.as_str(), name, &why);
                let sides = (&ask.from, &ask.to);
                match promote::plan_reading(&*stage.backend, *kind, name, sides, &ask.options).await
                {
                    Ok(Ok(plan)) => plans.push(plan),
                    Ok(Err(refusal)) => return Err(refused(refusal.words())),
                    Err(e) => return Err(refused(e.to_string())),
                }
            }
            Ok(plans)
        };
        Msg::PromotePlanned {
            generation: ask.generation,
            result: result.await,
        }
    }

    /// Answers `Cmd::Promote`: the plans one by one, stopping at the first that fails.
    pub async fn promote(&self, go: PromoteGo, journal: Option<&Journal>) -> Msg {
        let items = go
            .plans
            .iter()
            .map(|p| (p.kind(), p.name().to_string()))
            .collect();
        let mut reports = vec![];
        match self.connection(go.side, &go.profile).await {
            Err(why) => reports.push(PromoteReport::not_sent(why)),
            Ok(stage) => {
                for plan in &go.plans {
                    let stages = (go.from_profile.as_str(), go.profile.as_str());
                    let how = (go.deploy, go.secrets.as_slice());
                    let report = promote_one(&stage, journal, stages, plan, how).await;
                    let failed = report.said.is_err();
                    reports.push(report);
                    if failed {
                        break;
                    }
                }
            }
        }
        Msg::Promoted {
            generation: go.generation,
            items,
            reports,
        }
    }

    /// Answers `Cmd::FindPromote`: the journal entry `u` would undo, or why there is none.
    pub async fn find_promote(
        &self,
        (side, profile): (Side, &str),
        (kind, name): (Kind, &str),
        journal: Option<&Journal>,
        generation: crate::app::msg::Generation,
    ) -> Msg {
        let result = async {
            let stage = self.connection(side, profile).await?;
            let journal = journal.ok_or_else(|| crate::strings::NO_JOURNAL.to_string())?;
            last_promote(&*stage.backend, journal, profile, (kind, name)).map(Box::new)
        };
        Msg::PromoteFound {
            generation,
            result: result.await,
        }
    }

    /// Answers `Cmd::UndoPromote`.
    pub async fn undo_promote(
        &self,
        (side, profile): (Side, &str),
        (kind, name): (Kind, &str),
        journal: Option<&Journal>,
        generation: crate::app::msg::Generation,
    ) -> Msg {
        let result = async {
            let stage = self.connection(side, profile).await?;
            undo_one(&stage, journal, profile, (kind, name)).await
        };
        Msg::PromoteUndone {
            generation,
            result: result.await,
        }
    }
}

fn object_kind(kind: Kind) -> ObjectKind {
    match kind {
        Kind::Action => ObjectKind::Action,
        Kind::Module => ObjectKind::Module,
        Kind::Flow => ObjectKind::Trigger,
        Kind::Package => ObjectKind::Package,
    }
}

/// The tenant the journal names on B: its FairCom server for packages.
fn tenant_of(backend: &dyn Backend, kind: ObjectKind) -> String {
    let connection = backend.connection();
    match kind {
        ObjectKind::Package => connection.faircom_tenant().to_string(),
        _ => connection.label,
    }
}

/// One promote into B: guarded, its replaced draft saved, sent (with the second button, deployed
/// or published too). It journals nothing: the app journaled its intent before this ran and
/// journals the outcome this reports (one change per promote: both stages, the object, B's
/// version before and after, the saved draft). A lost answer is read back here first, so the
/// outcome reported is what was found, or unknown.
async fn promote_one(
    stage: &StageConnection,
    journal: Option<&Journal>,
    (from, to): (&str, &str),
    plan: &Plan,
    (deploy, given): (bool, &[SecretInput]),
) -> PromoteReport {
    let backend = &*stage.backend;
    let (kind, name) = (plan.kind().as_str(), plan.name().to_string());
    // The app asked for each value B lacks (a batch's values: each plan takes those it needs);
    // names B holds are sent by name, as authoring does.
    let needed = plan.secrets_needed();
    let given: Vec<SecretInput> = given
        .iter()
        .filter(|g| needed.contains(&g.name))
        .cloned()
        .collect();
    let secrets = plan.secrets_to_send(&given);
    let record = plan.record(secrets.as_deref().unwrap_or_default());
    let operation = record.operation_with(plan, deploy);
    let not_sent = |said: String| PromoteReport {
        said: Err(said.clone()),
        outcome: Outcome::NotDone,
        operation,
        made_id: None,
        saved_draft: None,
        after: Snapshot::default(),
        note: Some(said),
    };
    let secrets = match secrets {
        Ok(secrets) => secrets,
        Err(SecretsError::Missing(names) | SecretsError::NotListed(names)) => {
            let why = text::secrets_missing_here(&names, to);
            return not_sent(text::refused(kind, &name, &why));
        }
    };
    if let Err(e) = promote::check_unchanged(backend, plan).await {
        return not_sent(match e {
            PromoteError::Changed(changed) => changed.0,
            PromoteError::Backend(e) => text::refused(kind, &name, &e.to_string()),
        });
    }
    let Some(journal) = journal else {
        return not_sent(crate::strings::NO_JOURNAL.to_string());
    };
    let mut saved_draft = None;
    if let Some(code) = &record.keeps_draft {
        match journal.save_draft(&record.object_id, code, Utc::now()) {
            Ok(saved) => saved_draft = Some(saved),
            Err(e) => return not_sent(words::intent_not_written(&e.to_string())),
        }
    }
    let report = |said, outcome, operation, after, note| PromoteReport {
        said,
        outcome,
        operation,
        made_id: None,
        saved_draft: saved_draft.clone(),
        after,
        note,
    };
    // What a read-back after a lost answer compares with (never journaled from here).
    let probe = Entry {
        at: Utc::now(),
        profile: to.to_string(),
        tenant: tenant_of(backend, record.kind),
        kind: record.kind,
        object_id: record.object_id.clone(),
        object_name: name.clone(),
        operation: record.operation,
        before: record.before.clone(),
        after: record.after.clone(),
        undo: false,
        change: None,
        outcome: Outcome::Intent,
        note: None,
        promoted_from: Some(from.to_string()),
        undoes: None,
    };
    let what = text::promote_named(kind, &name, from);
    let done = match promote::send(backend, plan, secrets).await {
        Ok(done) => done,
        Err(e) => {
            // Nothing of the deploy was tried: the promote is judged as the draft change it sent.
            let (outcome, after, note, said) = settled_error(backend, &probe, &what, &e).await;
            return report(Err(said), outcome, record.operation, after, note);
        }
    };
    let made_id = record.made_id(&done).map(str::to_string);
    let after = record.after_done(&done);
    let said = text::promoted(kind, &name, to);
    let mut report = match (&done, operation) {
        (Done::Action(action), Operation::ActionDeploy) => {
            let live = action.deployed_version.as_ref().map(|v| v.number);
            let (flow, step) = DeployFlow::deploy_draft(&action.id);
            let (ended, flow) = drive(backend, flow.with_live_before(live), step).await;
            let why = ended.as_ref().err().cloned();
            let failed = |why: &str| Err(text::deploy_failed(&said, why));
            match &flow.sent {
                Sent::Made { version_id, number } => report(
                    ended
                        .map(|number| text::deployed_too(&said, number))
                        .map_err(|why| text::deploy_failed(&said, &why)),
                    Outcome::Done,
                    operation,
                    after.with_version(version_id, *number),
                    why.or(flow.lost.clone()),
                ),
                Sent::Unknown => report(
                    failed(why.as_deref().unwrap_or_default()),
                    Outcome::Unknown,
                    operation,
                    after,
                    why.or(flow.lost.clone()),
                ),
                // Nothing deployed: the promote changed B's draft only, and is journaled so.
                Sent::Nothing | Sent::NotMade => report(
                    failed(why.as_deref().unwrap_or_default()),
                    Outcome::Done,
                    record.operation,
                    after,
                    why,
                ),
            }
        }
        (Done::Module(module), Operation::ModulePublish) => {
            match backend.publish_module(&module.id).await {
                Ok(version) => report(
                    Ok(text::published_too(&said, version.number)),
                    Outcome::Done,
                    operation,
                    after.with_version(&version.id, version.number),
                    None,
                ),
                Err(e) if !e.outcome_unknown() => {
                    let why = e.to_string();
                    report(
                        Err(text::deploy_failed(&said, &why)),
                        Outcome::Done,
                        record.operation,
                        after,
                        Some(why),
                    )
                }
                Err(e) => {
                    let publish = Entry {
                        object_id: module.id.clone(),
                        operation,
                        ..probe
                    };
                    let err = e.to_string();
                    let note = Some(words::lost_note(&err));
                    match crate::outcome::settle_seeing(backend, &publish).await.0 {
                        crate::outcome::Known::Done(found) => report(
                            Ok(said.clone()),
                            Outcome::Done,
                            operation,
                            merged(after, found),
                            note,
                        ),
                        crate::outcome::Known::NotDone => report(
                            Err(text::deploy_failed(&said, &err)),
                            Outcome::Done,
                            record.operation,
                            after,
                            note,
                        ),
                        crate::outcome::Known::Unknown(why) => report(
                            Err(words::outcome_unknown(&what, &err, &why)),
                            Outcome::Unknown,
                            operation,
                            after,
                            Some(format!("{}; {why}", words::lost_note(&err))),
                        ),
                    }
                }
            }
        }
        _ => report(Ok(said), Outcome::Done, record.operation, after, None),
    };
    report.made_id = made_id;
    report
}

/// `after` with the version the deploy (the publish) made.
/// `after` with what a read-back found (its version), keeping what the promote asked.
fn merged(after: Snapshot, found: Snapshot) -> Snapshot {
    Snapshot {
        version_id: found.version_id.or(after.version_id),
        version_number: found.version_number.or(after.version_number),
        ..after
    }
}

/// A request failed: its outcome as known (a lost answer read back first: found, or unknown),
/// the after-state, the note, and the words that say so.
async fn settled_error(
    backend: &dyn Backend,
    entry: &Entry,
    what: &str,
    e: &BackendError,
) -> (Outcome, Snapshot, Option<String>, String) {
    if !e.outcome_unknown() {
        let said = e.to_string();
        return (
            Outcome::NotDone,
            Snapshot::default(),
            Some(said.clone()),
            said,
        );
    }
    let err = e.to_string();
    let note = Some(words::lost_note(&err));
    let (known, _) = crate::outcome::settle_seeing(backend, entry).await;
    match known {
        crate::outcome::Known::Done(after) => {
            let holds = crate::outcome::holds_now(entry, &after);
            let said = words::was_made(what, &holds, &err);
            (Outcome::Done, after, note, said)
        }
        crate::outcome::Known::NotDone => {
            let said = words::was_not_made(what, &err);
            (Outcome::NotDone, Snapshot::default(), note, said)
        }
        crate::outcome::Known::Unknown(why) => {
            let note = Some(format!("{}; {why}", words::lost_note(&err)));
            let said = words::outcome_unknown(what, &err, &why);
            (Outcome::Unknown, Snapshot::default(), note, said)
        }
    }
}

/// A request of a journaled change failed: its outcome journaled (see [`settled_error`]), and the
/// words that say so.
async fn ended_with_error(
    backend: &dyn Backend,
    journal: &Journal,
    entry: Entry,
    what: &str,
    e: &BackendError,
) -> String {
    let (outcome, after, note, said) = settled_error(backend, &entry, what, e).await;
    let _ = journal.append(&entry.ended(outcome, after, note));
    said
}

/// Drives a deploy flow to its end, its intent journaled first and its outcome after.
async fn follow(
    backend: &dyn Backend,
    journal: &Journal,
    mut entry: Entry,
    (flow, step): (DeployFlow, Step),
) -> Result<u32, String> {
    journal
        .append(&entry)
        .map_err(|e| words::intent_not_written(&e.to_string()))?;
    let (ended, flow) = drive(backend, flow, step).await;
    let (outcome, after) = match &flow.sent {
        Sent::Made { version_id, number } => (
            Outcome::Done,
            Snapshot::default().with_version(version_id, *number),
        ),
        Sent::Unknown => (Outcome::Unknown, Snapshot::default()),
        Sent::Nothing | Sent::NotMade => (Outcome::NotDone, Snapshot::default()),
    };
    let note = ended.as_ref().err().cloned().or(flow.lost.clone());
    entry.at = Utc::now();
    if let Err(e) = journal.append(&entry.ended(outcome, after, note)) {
        return Err(crate::strings::journal_failed(&e.to_string()));
    }
    ended
}

/// Drives a deploy flow to its end (the build waited for, the deploy, followed until live); the
/// flow says what its deploy request did (`flow.sent`). `Ok`: the live number.
async fn drive(
    backend: &dyn Backend,
    mut flow: DeployFlow,
    mut step: Step,
) -> (Result<u32, String>, DeployFlow) {
    let id = flow.action_id.clone();
    let ended = loop {
        step = match step {
            Step::Poll(delay) => {
                tokio::time::sleep(delay).await;
                match backend.get_action(&id).await {
                    Ok(now) => flow.on_action(&now),
                    Err(e) => flow.on_poll_error(&e),
                }
            }
            Step::Deploy => {
                let sent = match &flow.goal {
                    Goal::DeployVersion { version_id, .. } => {
                        backend.deploy_action_version(&id, version_id, false).await
                    }
                    _ => backend.deploy_action(&id).await,
                };
                flow.on_deployed(&sent)
            }
            Step::Done(number) => break Ok(number),
            Step::Built => break Err(flow.progress()),
            Step::Failed(why) => break Err(why),
        };
    };
    (ended, flow)
}

/// Runs `request` as a journaled change: the intent appended (flushed) before it is sent, then its
/// outcome; a lost answer is read back and journaled as found (or unknown). `Ok` carries a warning
/// when the outcome could not be written.
async fn journaled<T>(
    backend: &dyn Backend,
    journal: &Journal,
    (mut entry, what): (Entry, &str),
    request: impl Future<Output = Result<T, BackendError>>,
    after: impl FnOnce(&T, &mut Entry) -> Snapshot,
) -> Result<(T, Option<String>), String> {
    let now = Utc::now();
    entry.at = now;
    entry.change = Some(journal::new_change_id(now));
    entry.outcome = Outcome::Intent;
    journal
        .append(&entry)
        .map_err(|e| words::intent_not_written(&e.to_string()))?;
    let write = |ended: Entry| {
        journal
            .append(&ended)
            .err()
            .map(|e| crate::strings::journal_failed(&e.to_string()))
    };
    match request.await {
        Ok(value) => {
            let after = after(&value, &mut entry);
            let warning = write(entry.ended(Outcome::Done, after, None));
            Ok((value, warning))
        }
        Err(e) => Err(ended_with_error(backend, journal, entry, what, &e).await),
    }
}

/// The last change to `name` on B that the service made, when it is a promote (what `u` undoes).
fn last_promote(
    backend: &dyn Backend,
    journal: &Journal,
    profile: &str,
    (kind, name): (Kind, &str),
) -> Result<Entry, String> {
    let okind = object_kind(kind);
    let tenant = tenant_of(backend, okind);
    let entries = journal.read().map_err(|e| e.to_string())?;
    let last = journal::changes(&entries).into_iter().rev().find(|e| {
        e.outcome == Outcome::Done && e.tenant == tenant && e.kind == okind && e.object_name == name
    });
    let word = kind.as_str();
    let Some(last) = last else {
        return Err(text::no_promote_to_undo(word, name, profile));
    };
    if last.promoted_from.is_none() || last.undo {
        return Err(text::last_change_not_a_promote(word, name, profile));
    }
    Ok(last)
}

/// The undo of the last promote of `name` into B, by that object's own undo: a module's draft
/// restored, a flow's order put back (guarded), a package reverted to the version before.
async fn undo_one(
    stage: &StageConnection,
    journal: Option<&Journal>,
    profile: &str,
    (kind, name): (Kind, &str),
) -> Result<String, String> {
    let backend = &*stage.backend;
    let journal = journal.ok_or_else(|| crate::strings::NO_JOURNAL.to_string())?;
    let last = last_promote(backend, journal, profile, (kind, name))?;
    let (okind, tenant) = (last.kind, last.tenant.clone());
    let word = kind.as_str();
    let undo = Entry {
        at: Utc::now(),
        profile: profile.to_string(),
        tenant,
        kind: okind,
        object_id: last.object_id.clone(),
        object_name: name.to_string(),
        operation: last.operation,
        before: last.after.clone(),
        after: last.before.clone(),
        undo: true,
        change: None,
        outcome: Outcome::Done,
        note: None,
        promoted_from: None,
        // The promote it takes back: `z`/`Z` read their chain from these.
        undoes: last.change.clone(),
    };
    let what = text::undo_named(word, name, profile);
    let id = last.object_id.clone();
    let how = match (last.operation, okind) {
        (Operation::Create, _) => return Err(text::no_undo_for(word, name, text::NO_UNDO_CREATED)),
        // The draft the promote replaced, back (a module's publish stays: versions are kept).
        (Operation::DraftEdit, ObjectKind::Action | ObjectKind::Module)
        | (Operation::ModulePublish, ObjectKind::Module) => {
            let Some(saved) = last.before.saved_draft.clone() else {
                return Err(text::no_promote_to_undo(word, name, profile));
            };
            restore_draft(backend, journal, (undo, &what), &saved).await?
        }
        // Roll forward to the version live before the promote's deploy, then its draft back.
        (Operation::ActionDeploy, _) => {
            let (Some(version_id), Some(number)) =
                (last.before.version_id.clone(), last.before.version_number)
            else {
                return Err(text::no_undo_for(word, name, text::NO_UNDO_FIRST_DEPLOY));
            };
            let now = Utc::now();
            let entry = Entry {
                at: now,
                operation: Operation::ActionRollback,
                after: Snapshot::default(),
                change: Some(journal::new_change_id(now)),
                outcome: Outcome::Intent,
                ..undo.clone()
            };
            let (flow, step) = DeployFlow::deploy_version(&id, &version_id, number);
            let flow = flow.with_live_before(last.after.version_number);
            let live = follow(backend, journal, entry, (flow, step)).await?;
            let rolled = text::rolled_forward(number, live);
            match last.before.saved_draft.clone() {
                Some(saved) => {
                    let restored = restore_draft(backend, journal, (undo, &what), &saved)
                        .await
                        .map_err(|why| format!("{rolled}; {why}"))?;
                    format!("{rolled}; {restored}")
                }
                None => rolled,
            }
        }
        (Operation::ModulePublish, _) => {
            return Err(text::no_undo_for(word, name, text::NO_UNDO_PUBLISH))
        }
        (Operation::BindingsChange, _) => {
            let (Some(now), Some(back)) = (last.after.order.clone(), last.before.order.clone())
            else {
                return Err(text::no_promote_to_undo(word, name, profile));
            };
            let apply = async {
                crate::flows::apply(backend, &id, &now, &back)
                    .await
                    .map_err(|e| match e {
                        crate::flows::ApplyError::Changed(_) => {
                            BackendError::Config(promote_text_changed(name))
                        }
                        crate::flows::ApplyError::Backend(e) => e,
                    })
            };
            journaled(backend, journal, (undo, &what), apply, |bindings, _| {
                Snapshot {
                    order: Some(crate::flows::order_of(bindings)),
                    ..Snapshot::default()
                }
            })
            .await?;
            let names: Vec<&str> = back.iter().map(|b| b.display_name.as_str()).collect();
            text::order_put_back(&names.join(", "))
        }
        (Operation::PackageRevert, _) => {
            let (Some(version), Some(package)) =
                (last.before.version_number, PackageId::from_key(&id))
            else {
                return Err(text::no_promote_to_undo(word, name, profile));
            };
            let revert = async {
                backend.revert_package(&package, version).await?;
                backend.describe_package(&package).await
            };
            journaled(backend, journal, (undo, &what), revert, |now, _| Snapshot {
                version_number: Some(now.version),
                ..Snapshot::default()
            })
            .await?;
            text::package_reverted(version)
        }
        _ => return Err(text::last_change_not_a_promote(word, name, profile)),
    };
    Ok(text::undone(word, name, profile, &how))
}

/// The draft a promote replaced (saved under the data dir, named in its entry) put back on B's
/// action or module, journaled as an undo whose read-back checks the draft holds that code.
async fn restore_draft(
    backend: &dyn Backend,
    journal: &Journal,
    (undo, what): (Entry, &str),
    saved: &std::path::Path,
) -> Result<String, String> {
    let code = Journal::load_draft(saved).map_err(|e| e.to_string())?;
    let restored = Snapshot {
        saved_draft: Some(saved.to_path_buf()),
        ..Snapshot::default()
    };
    let id = undo.object_id.clone();
    if undo.kind == ObjectKind::Action {
        let change = DraftChange::code(code);
        let asked = Snapshot {
            asked: Some(journal::AskedDraft::of(&change)),
            ..restored.clone()
        };
        let undo = Entry {
            operation: Operation::DraftEdit,
            before: Snapshot::default(),
            after: asked.clone(),
            ..undo
        };
        let request = crate::shell::runtime::restore_action_draft(backend, &id, &change);
        journaled(backend, journal, (undo, what), request, |_, _| asked).await?;
    } else {
        let undo = Entry {
            operation: Operation::ModuleDraftRestore,
            before: Snapshot::default(),
            after: restored.clone(),
            ..undo
        };
        let request = backend.update_module_code(&id, &code);
        journaled(backend, journal, (undo, what), request, |_, _| restored).await?;
    }
    Ok(text::draft_restored(&saved.display().to_string()))
}

/// A flow changed in B since the promote: its undo sends nothing.
fn promote_text_changed(name: &str) -> String {
    text::changed_since(name)
}
