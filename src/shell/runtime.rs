//! The terminal event loop: terminal events, command results and ticks become `Msg`s; commands run on
//! tokio; the screen is drawn only when the state changed (several messages coalesce into one frame).

use std::future::Future;
use std::io::{self, Stdout};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyEventKind};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, Clear, ClearType,
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use futures::{FutureExt, StreamExt};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::panic::AssertUnwindSafe;
use tokio::sync::mpsc;

use std::path::PathBuf;

use crate::app::msg::{Cmd, DraftSaved, Failed, Known, Msg};
use crate::app::state::NewObject;
use crate::app::state::State;
use crate::app::timeline::Timeline;
use crate::app::timeline::Versioned;
use crate::app::update::{init, update};
use crate::app::RunOptions;
use crate::authoring::{self, Owner};
use crate::backend::Backend;
use crate::journal::{last_for, Journal};
use crate::model::{ActionFilter, PackageFilter, PackageId};
use crate::model::{BackendError, BackendResult};
use crate::model::{DraftChange, DraftState};
use crate::shell::stages::Stages;
use crate::store::SharedStore;
use crate::strings;
use crate::theme::Theme;
use crate::ui::RenderCache;

const TICK: Duration = Duration::from_millis(100);
/// Queued inputs folded into one frame at most, so a flood of input still shows progress.
const MAX_INPUTS_PER_FRAME: usize = 64;
/// How often relative times ("3 min ago") are refreshed.
const CLOCK: Duration = Duration::from_secs(1);
/// How long the first frame waits for the stored lists (a warm start shows them at once; a slow
/// disk only delays the first frame this much).
const FIRST_FRAME_WAIT: Duration = Duration::from_millis(150);

/// Runs one command against the backend (and the journal) and turns its result into a message
/// (`None` for `Quit`). Shared by the terminal runtime and the headless driver.
pub async fn execute(
    cmd: Cmd,
    backend: &dyn Backend,
    journal: Option<&Journal>,
    stages: &Stages,
    store: Option<&SharedStore>,
) -> Option<Msg> {
    Some(match cmd {
        Cmd::LoadActions { generation } => Msg::ActionsLoaded {
            generation,
            result: guarded(backend.list_actions(&ActionFilter::default())).await,
        },
        Cmd::LoadAction { id, generation } => Msg::ActionLoaded {
            generation,
            result: guarded(backend.get_action(&id)).await,
        },
        Cmd::LoadModules { generation } => Msg::ModulesLoaded {
            generation,
            result: guarded(backend.list_modules()).await,
        },
        Cmd::LoadModule { id, generation } => Msg::ModuleLoaded {
            generation,
            result: guarded(backend.get_module(&id)).await,
        },
        Cmd::LoadModuleActions { id, generation } => Msg::ModuleActionsLoaded {
            generation,
            result: guarded(backend.list_module_actions(&id)).await,
        },
        Cmd::LoadTimeline {
            kind,
            id,
            known,
            generation,
        } => Msg::TimelineLoaded {
            generation,
            result: guarded(load_timeline(backend, kind, &id, known)).await,
        },
        Cmd::DeployAction { action_id } => {
            Msg::Deployed(guarded(backend.deploy_action(&action_id)).await)
        }
        Cmd::DeployActionVersion {
            action_id,
            version_id,
        } => Msg::Deployed(
            guarded(backend.deploy_action_version(&action_id, &version_id, false)).await,
        ),
        Cmd::PollAction { action_id, delay } => {
            tokio::time::sleep(delay).await;
            Msg::ActionPolled(guarded(backend.get_action(&action_id)).await)
        }
        Cmd::PublishModule { module_id } => {
            Msg::ModulePublished(guarded(backend.publish_module(&module_id)).await)
        }
        Cmd::RollbackModule {
            module_id,
            version_id,
            draft,
        } => Msg::ModuleRolledBack(
            rollback_module(backend, journal, &module_id, &version_id, &draft).await,
        ),
        Cmd::RestoreModuleDraft { module_id, saved } => {
            let restore = async {
                let code =
                    Journal::load_draft(&saved).map_err(|e| Failed::before(e.to_string()))?;
                guarded(backend.update_module_code(&module_id, &code))
                    .await
                    .map_err(Failed::request)
            };
            Msg::ModuleDraftRestored(restore.await)
        }
        Cmd::RestoreActionDraft { action_id, saved } => {
            let restore = async {
                let code =
                    Journal::load_draft(&saved).map_err(|e| Failed::before(e.to_string()))?;
                let change = DraftChange::code(code);
                guarded(restore_action_draft(backend, &action_id, &change))
                    .await
                    .map_err(Failed::request)
            };
            Msg::ActionDraftRestored(restore.await)
        }
        Cmd::AppendJournal(entry) => append_journal(*entry, journal),
        Cmd::Settle { intent, error } => Msg::Settled {
            known: crate::outcome::settle(backend, &intent).await,
            error,
        },
        Cmd::LoadTriggers { generation } => Msg::TriggersLoaded {
            generation,
            result: guarded(backend.list_triggers()).await,
        },
        Cmd::LoadBindings {
            trigger_id,
            generation,
        } => Msg::BindingsLoaded {
            result: guarded(backend.list_bindings(&trigger_id)).await,
            trigger_id,
            generation,
        },
        Cmd::ApplyOrder {
            trigger_id,
            seen,
            order,
        } => Msg::OrderApplied {
            result: guarded(crate::flows::apply(backend, &trigger_id, &seen, &order)).await,
            trigger_id,
        },
        Cmd::LoadPackages { generation } => Msg::PackagesLoaded {
            generation,
            result: guarded(backend.list_packages(&PackageFilter::default())).await,
        },
        Cmd::LoadPackage { id, generation } => Msg::PackageLoaded {
            generation,
            result: guarded(backend.describe_package(&id)).await,
        },
        Cmd::RevertPackage { id, version } => Msg::PackageChanged(
            guarded(async {
                backend.revert_package(&id, version).await?;
                backend.describe_package(&id).await
            })
            .await,
        ),
        // Package code (issue 19): read before write — nothing is sent if the package moved on.
        Cmd::AlterPackageCode {
            id,
            seen,
            code,
            comment,
        } => Msg::PackageCodeSaved(alter_package_code(backend, &id, seen, &code, &comment).await),
        Cmd::CreatePackage {
            id,
            code_type,
            language,
            code,
        } => Msg::PackageCodeSaved(
            guarded(async {
                let new = crate::model::NewPackage {
                    id: id.clone(),
                    code_type,
                    language,
                    status: crate::model::CodeStatus::Developing,
                    description: String::new(),
                    metadata: serde_json::Value::Null,
                    comment: strings::package_code::CREATED_COMMENT.to_string(),
                    code,
                };
                backend.create_package(&new).await?;
                backend.describe_package(&id).await
            })
            .await
            .map_err(Failed::request),
        ),
        Cmd::SetPackageStatus { id, status } => Msg::PackageChanged(
            guarded(async {
                backend.set_package_status(&id, &status).await?;
                backend.describe_package(&id).await
            })
            .await,
        ),
        Cmd::Reconcile { session } => Msg::Reconciled(match journal {
            Some(journal) => crate::outcome::reconcile(backend, journal, Some(&session))
                .await
                .map_err(|e| e.to_string()),
            None => Err(strings::NO_JOURNAL.to_string()),
        }),
        Cmd::ReadJournal {
            kind,
            object_id,
            tenant,
        } => {
            let result = match journal {
                Some(journal) => journal
                    .read()
                    .map(|entries| last_for(&entries, &tenant, kind, &object_id))
                    .map_err(|e| e.to_string()),
                None => Err(strings::NO_JOURNAL.to_string()),
            };
            Msg::JournalRead {
                kind,
                object_id,
                result,
            }
        }
        Cmd::Edit {
            purpose,
            text,
            file_name,
            editor,
        } => {
            let original = Arc::clone(&text);
            let result = tokio::task::spawn_blocking(move || {
                crate::shell::editor::edit(editor, &text, &file_name)
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Msg::Edited {
                purpose,
                original,
                result,
            }
        }
        Cmd::SaveDraft {
            owner,
            id,
            seen,
            change,
        } => Msg::DraftSaved(save_draft(backend, journal, owner, &id, &seen, &change).await),
        Cmd::Create(new) => Msg::Created(guarded(create(backend, &new)).await),
        Cmd::Delete {
            owner,
            id,
            force,
            draft,
        } => Msg::Deleted(delete(backend, journal, owner, &id, force, &draft).await),
        Cmd::CheckBound {
            action_id,
            triggers,
        } => Msg::BoundChecked {
            result: guarded(bound_to(backend, &action_id, &triggers)).await,
            action_id,
        },
        Cmd::CheckModuleUsers { module_id } => Msg::ModuleUsersChecked {
            result: guarded(module_users(backend, &module_id)).await,
            module_id,
        },
        Cmd::TestAction { action_id, payload } => {
            // Saved test payloads (issue 19): the event is remembered as the action's last.
            crate::shell::reach::remember_payload(journal, backend, &action_id, &payload).await;
            Msg::Tested(guarded(backend.test_action(&action_id, &payload)).await)
        }
        Cmd::LoadExecution { id } => Msg::ExecutionLoaded {
            result: guarded(backend.get_execution(&id)).await,
            id,
        },
        // A big diff takes time: on a blocking thread, off the loop.
        Cmd::Diff {
            generation,
            request,
        } => Msg::DiffReady {
            generation,
            diff: tokio::task::spawn_blocking(move || request.compute())
                .await
                .map(Box::new)
                .map_err(|err| err.to_string()),
        },
        // Search (issue 17): the history store, on a blocking thread.
        Cmd::SearchStore { generation, query } => Msg::Searched {
            generation,
            result: super::search::run(store, query).await,
        },
        // Line history: a blame walks every version with the line diff, off the loop.
        Cmd::Blame {
            generation,
            request,
        } => Msg::Blamed {
            generation,
            result: off_the_loop(move || request.compute().map(Box::new)).await,
        },
        Cmd::Pickaxe {
            generation,
            request,
        } => Msg::PickaxeFound {
            generation,
            result: off_the_loop(move || request.compute()).await,
        },
        // The Compare view's sides: each on its own connection, not the dashboard's.
        Cmd::ReadStage {
            side,
            profile,
            generation,
        } => stages.read(side, &profile, generation).await,
        // A promote runs on B's connection, journaled in the dashboard's journal naming A. Boxed:
        // their futures are large, and every command's future is as large as the largest.
        Cmd::PlanPromote(ask) => Box::pin(stages.plan_promote(*ask)).await,
        Cmd::Promote(go) => Box::pin(stages.promote(*go, journal)).await,
        Cmd::UndoPromote {
            side,
            profile,
            kind,
            name,
            generation,
        } => {
            let undo = stages.undo_promote((side, &profile), (kind, &name), journal, generation);
            Box::pin(undo).await
        }
        Cmd::FindPromote {
            side,
            profile,
            kind,
            name,
            generation,
        } => {
            let find = stages.find_promote((side, &profile), (kind, &name), journal, generation);
            Box::pin(find).await
        }
        Cmd::SyncStore => Msg::StoreSynced(crate::shell::search::sync(backend, store).await),
        // Logs (issue 18): polls, executions, a timeline's activity (the store on a blocking thread).
        Cmd::PollLogs { generation, from } => {
            super::logs::poll(backend, store, generation, from).await
        }
        Cmd::BackfillLogs { class } => super::logs::backfill(backend, store, class).await,
        Cmd::LoadLogExecution { id } => super::logs::load_execution(backend, id).await,
        Cmd::ReadActivity {
            generation,
            object_id,
            ..
        } => super::logs::read_activity(backend, journal, store, generation, &object_id).await,
        Cmd::ReadOrderChange { trigger_id } => {
            super::logs::read_order_change(backend, journal, store, trigger_id).await
        }
        // Reaching out (issue 19): the terminal runtime writes the clipboard itself, between frames
        // (`event_loop`); headless, there is no terminal to write to.
        Cmd::Quit | Cmd::Copy { .. } => return None,
        Cmd::OpenUrl { url } => {
            let opened = {
                let url = url.clone();
                tokio::task::spawn_blocking(move || crate::shell::reach::open_url(&url))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string()))
            };
            match opened {
                Ok(()) => return None,
                Err(why) => Msg::NoBrowser { url, why },
            }
        }
        Cmd::ReadPayloads { action_id, name } => Msg::PayloadsRead {
            result: crate::shell::reach::read_payloads(journal, backend, &action_id).await,
            action_id,
            name,
        },
        Cmd::SavePayload { action_id, as_name } => Msg::PayloadSaved(
            crate::shell::reach::save_last_as(journal, backend, &action_id, &as_name).await,
        ),
        Cmd::ReadUndoChain { tenant, redo, of } => Msg::UndoChainRead {
            redo,
            of,
            result: match journal {
                Some(journal) => journal
                    .read()
                    .map(|entries| {
                        let chain = crate::journal::undo_chain_of(&entries, &tenant, of);
                        if redo {
                            chain.redo
                        } else {
                            chain.undo
                        }
                    })
                    .map_err(|e| e.to_string()),
                None => Err(strings::NO_JOURNAL.to_string()),
            },
        },
        Cmd::ReadStoredLists => Msg::StoredListsRead(Box::new(
            crate::shell::stored::read_lists(store, backend.connection()).await,
        )),
        // Saved test payloads (issue 19).
        Cmd::ReadLastPayload { action_id, name } => Msg::LastPayloadRead {
            result: crate::shell::reach::read_last_payload(journal, backend, &action_id).await,
            action_id,
            name,
        },
    })
}

/// An action's draft takes back the code a promote replaced (saved under the data dir): the undo
/// of a promote that changed only B's draft, as `Cmd::RestoreModuleDraft` is a module's.
pub(crate) async fn restore_action_draft(
    backend: &dyn Backend,
    action_id: &str,
    change: &DraftChange,
) -> BackendResult<crate::model::Action> {
    backend.update_action(action_id, change).await
}

/// Saves the draft being replaced, checks that nobody changed it meanwhile (code, dependencies,
/// secrets, runtime), then sends the change. Whatever fails, the user's new code is kept: saved
/// under the data dir, the path in the error.
/// A long computation on a blocking thread (the loop keeps drawing); a panic there is its error.
async fn off_the_loop<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| err.to_string())
        .and_then(|answer| answer)
}

async fn save_draft(
    backend: &dyn Backend,
    journal: Option<&Journal>,
    owner: Owner,
    id: &str,
    seen: &DraftState,
    change: &DraftChange,
) -> Result<DraftSaved, Failed> {
    let journal = journal.ok_or_else(|| Failed::before(strings::NO_JOURNAL))?;
    let now = chrono::Utc::now();
    let saved = journal
        .save_draft(id, &seen.code, now)
        .map_err(|e| Failed::before(e.to_string()))?;
    // The user's edit is kept on disk whenever it may not have been saved.
    let keep_mine = |mut failed: Failed| {
        if let Some(code) = &change.code {
            if let Ok(path) = journal.save_draft(&format!("{id}-unsent"), code, now) {
                failed.text = strings::edit_kept(&failed.text, &path);
                failed.also = Some(strings::edit_kept_at(&path));
            }
        }
        failed
    };
    let current = guarded(authoring::read_draft(backend, owner, id))
        .await
        .map_err(|e| keep_mine(Failed::before(e.to_string())))?;
    if current != *seen {
        return Err(keep_mine(Failed::before(strings::DRAFT_CHANGED_ELSEWHERE)));
    }
    let action = guarded(authoring::send_draft_change(backend, owner, id, change))
        .await
        .map_err(|e| keep_mine(Failed::request(e)))?;
    Ok(DraftSaved { action, saved })
}

async fn create(backend: &dyn Backend, new: &NewObject) -> BackendResult<String> {
    Ok(match new {
        NewObject::Action(action) => backend.create_action(action).await?.id,
        NewObject::Module(module) => backend.create_module(module).await?.id,
    })
}

/// Saves the draft, then deletes. A module still in use answers 412: the error then names the
/// actions using it.
async fn delete(
    backend: &dyn Backend,
    journal: Option<&Journal>,
    owner: Owner,
    id: &str,
    force: bool,
    draft: &str,
) -> Result<PathBuf, Failed> {
    let journal = journal.ok_or_else(|| Failed::before(strings::NO_JOURNAL))?;
    let saved = journal
        .save_draft(id, draft, chrono::Utc::now())
        .map_err(|e| Failed::before(e.to_string()))?;
    let result = match owner {
        Owner::Action => guarded(backend.delete_action(id, force)).await,
        Owner::Module => guarded(backend.delete_module(id)).await,
    };
    match result {
        Ok(()) => Ok(saved),
        Err(err) if owner == Owner::Module && err.status() == Some(412) => {
            let users = guarded(backend.list_module_actions(id))
                .await
                .map(|users| users.into_iter().map(|u| u.action_name).collect::<Vec<_>>())
                .unwrap_or_default();
            Err(Failed {
                text: strings::module_in_use(&err.to_string(), &users),
                ..Failed::request(err)
            })
        }
        Err(err) => Err(Failed::request(err)),
    }
}

/// The triggers (of `triggers`) whose flows hold the action.
async fn bound_to(
    backend: &dyn Backend,
    action_id: &str,
    triggers: &[String],
) -> BackendResult<Vec<String>> {
    let mut bound: Vec<String> = crate::flows::bindings_of(backend, action_id, triggers)
        .await?
        .into_iter()
        .map(|(trigger, _)| trigger)
        .collect();
    bound.dedup();
    Ok(bound)
}

/// The names of the actions that use a module.
async fn module_users(backend: &dyn Backend, module_id: &str) -> BackendResult<Vec<String>> {
    let usages = backend.list_module_actions(module_id).await?;
    Ok(usages.into_iter().map(|u| u.action_name).collect())
}

/// Records a change, stamped now. Synchronous (a one-line append): the runtime runs it before
/// anything else, so quitting right after a change cannot lose its record.
pub fn append_journal(mut entry: crate::journal::Entry, journal: Option<&Journal>) -> Msg {
    entry.at = chrono::Utc::now();
    Msg::JournalAppended(match journal {
        Some(journal) => journal.append(&entry).map_err(|e| e.to_string()),
        None => Err(strings::NO_JOURNAL.to_string()),
    })
}

/// The object and all its versions, read together; an object the app already holds costs only
/// the versions (the versions page carries every version's code).
async fn load_timeline(
    backend: &dyn Backend,
    kind: Versioned,
    id: &str,
    known: Option<Known>,
) -> BackendResult<Timeline> {
    match (kind, known) {
        (Versioned::Action, Some(Known::Action(action))) => {
            let versions = backend.list_action_versions(id).await?;
            Ok(Timeline::for_action(&action, &versions))
        }
        (Versioned::Module, Some(Known::Module(mut module))) => {
            let versions = backend.list_module_versions(id).await?;
            // A list entry may leave the latest version out: the versions name it.
            if module.latest_version.is_none() {
                module.latest_version = versions.iter().max_by_key(|v| v.number).cloned();
            }
            Ok(Timeline::for_module(&module, &versions))
        }
        (Versioned::Action, _) => {
            let (action, versions) =
                tokio::join!(backend.get_action(id), backend.list_action_versions(id));
            Ok(Timeline::for_action(&action?, &versions?))
        }
        (Versioned::Module, _) => {
            let (module, versions) =
                tokio::join!(backend.get_module(id), backend.list_module_versions(id));
            Ok(Timeline::for_module(&module?, &versions?))
        }
        (Versioned::Package, _) => {
            let package = PackageId::from_key(id)
                .ok_or_else(|| BackendError::Config(strings::journal::not_a_package(id)))?;
            let versions = backend.package_history(&package).await?;
            Ok(Timeline::for_package(&package, &versions))
        }
    }
}

/// Saves the draft first: if it cannot be saved, nothing is rolled back (no draft is ever lost).
async fn rollback_module(
    backend: &dyn Backend,
    journal: Option<&Journal>,
    module_id: &str,
    version_id: &str,
    draft: &str,
) -> Result<PathBuf, Failed> {
    let journal = journal.ok_or_else(|| Failed::before(strings::NO_JOURNAL))?;
    let saved = journal
        .save_draft(module_id, draft, chrono::Utc::now())
        .map_err(|e| Failed::before(e.to_string()))?;
    guarded(backend.rollback_module(module_id, version_id))
        .await
        .map_err(Failed::request)?;
    Ok(saved)
}

/// A backend call that panics still answers (as an error): every request must answer, or the
/// spinner and the detail's job slot would wait forever.
pub(crate) async fn guarded<T, E: From<BackendError>>(
    call: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    AssertUnwindSafe(call)
        .catch_unwind()
        .await
        .unwrap_or_else(
            |_| Err(BackendError::Network(strings::REQUEST_PANICKED.to_string()).into()),
        )
}

type Term = Terminal<CrosstermBackend<Stdout>>;

pub async fn run(
    backend: Arc<dyn Backend>,
    stages: Stages,
    store: Option<SharedStore>,
    theme: Theme,
    opts: RunOptions,
) -> anyhow::Result<()> {
    let opts = super::with_session(opts);
    install_panic_hook();
    // Handlers first: a signal arriving while the terminal is being set up must restore it too.
    let terminate = terminate_signal()?;
    let mut terminal = match enter() {
        Ok(terminal) => terminal,
        Err(err) => {
            restore();
            return Err(err.into());
        }
    };
    let result = event_loop(
        &mut terminal,
        backend,
        stages,
        store,
        theme,
        opts,
        terminate,
    )
    .await;
    restore();
    result
}

fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so it is readable.
/// A panic in a backend task is turned into an error message instead (see `guarded`), so only the UI
/// thread's panics end the dashboard.
fn install_panic_hook() {
    let ui_thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            restore();
        }
        previous(info);
    }));
}

async fn event_loop(
    terminal: &mut Term,
    backend: Arc<dyn Backend>,
    mut stages: Stages,
    store: Option<SharedStore>,
    theme: Theme,
    opts: RunOptions,
    mut terminate: Terminate,
) -> anyhow::Result<()> {
    let (results_tx, mut results) = mpsc::unbounded_channel::<Msg>();
    let mut events = EventStream::new();
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let mut clock = tokio::time::interval(CLOCK);
    let mut state = State::new(backend.connection(), opts.clone());
    // Relative times (`cached 3 min ago`) are right from the first frame.
    state.now = Some(chrono::Utc::now());
    let size = terminal.size()?;
    state.width = size.width;
    state.height = size.height;
    // Slow answers and pauses are said in the footer while they last.
    let waits_tx = results_tx.clone();
    let waits: crate::backend::waits::WaitReporter = Arc::new(move |event| {
        let _ = waits_tx.send(Msg::Waited(event));
    });
    backend.report_waits(waits.clone());
    stages.report_waits(waits);
    let journal = opts.journal.clone();
    let spawn = |cmds: Vec<Cmd>| {
        for cmd in cmds {
            if let Cmd::AppendJournal(entry) = cmd {
                let _ = results_tx.send(append_journal(*entry, journal.as_ref()));
                continue;
            }
            let backend = Arc::clone(&backend);
            let journal = journal.clone();
            let stages = stages.clone();
            let store = store.clone();
            let tx = results_tx.clone();
            tokio::spawn(async move {
                let store = store.as_ref();
                if let Some(msg) =
                    execute(cmd, backend.as_ref(), journal.as_ref(), &stages, store).await
                {
                    let _ = tx.send(msg); // the loop is gone only when quitting
                }
            });
        }
    };
    let mut first = init(&mut state);
    // The warm start: the stored lists are read before any request goes out.
    if store.is_some() {
        first.insert(0, Cmd::ReadStoredLists);
    }
    spawn(first);
    // A warm start draws the stored lists in its very first frame: they are waited for briefly.
    if store.is_some() {
        let deadline = tokio::time::sleep(FIRST_FRAME_WAIT);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                Some(msg) = results.recv() => {
                    let stored = matches!(msg, Msg::StoredListsRead(_));
                    spawn(update(&mut state, msg));
                    if stored {
                        break;
                    }
                }
                () = &mut deadline => break,
            }
        }
    }

    // Highlighted code, kept between frames; only this loop draws.
    let mut cache = RenderCache::new();
    loop {
        if state.dirty {
            draw(terminal, &state, &theme, &mut cache)?;
            // Colour still filling in for a big file: draw again as soon as nothing else waits.
            state.dirty = cache.has_pending_work();
        }
        if state.quit {
            return Ok(());
        }
        let colouring = state.dirty;
        let msg = tokio::select! {
            // Input and results first; the next slice of colour only when none is waiting.
            biased;
            event = events.next() => match event {
                Some(Ok(event)) => match to_msg(&event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Some(Err(err)) => return Err(err.into()),
                None => return Ok(()),
            },
            Some(msg) = results.recv() => msg,
            _ = ticks.tick() => Msg::Tick,
            _ = clock.tick() => Msg::Clock(chrono::Utc::now()),
            () = terminate.recv() => return stopped(&state, journal.as_ref()),
            () = std::future::ready(()), if colouring => continue,
        };
        let mut cmds = update(&mut state, msg);
        // Coalesce: fold in every result that is already here before drawing once.
        while let Ok(msg) = results.try_recv() {
            cmds.extend(update(&mut state, msg));
        }
        // And every input already queued (a held key): holding `j` draws a few frames, not one per
        // key. Not past a quit or an editor hand-over (keys typed ahead belong to the editor).
        for _ in 0..MAX_INPUTS_PER_FRAME {
            if state.quit || cmds.iter().any(|c| matches!(c, Cmd::Edit { .. })) {
                break;
            }
            match events.next().now_or_never() {
                Some(Some(Ok(event))) => {
                    if let Some(msg) = to_msg(&event) {
                        cmds.extend(update(&mut state, msg));
                    }
                }
                Some(Some(Err(err))) => return Err(err.into()),
                Some(None) | None => break,
            }
        }
        // The editor gets the terminal; its answer goes through `update` like any other.
        while let Some(at) = cmds.iter().position(|c| matches!(c, Cmd::Edit { .. })) {
            let Cmd::Edit {
                purpose,
                text,
                file_name,
                editor,
            } = cmds.remove(at)
            else {
                unreachable!("found above");
            };
            drop(events);
            let result = suspended(terminal, || {
                crate::shell::editor::edit(editor, &text, &file_name)
            });
            events = EventStream::new();
            state.dirty = true;
            cmds.extend(update(
                &mut state,
                Msg::Edited {
                    purpose,
                    original: text,
                    result,
                },
            ));
        }
        // Reaching out (issue 19): the clipboard is an escape sequence to this terminal, written
        // here between frames so it never lands inside one.
        for cmd in &cmds {
            if let Cmd::Copy { text } = cmd {
                if let Err(why) = crate::shell::reach::copy_to(terminal.backend_mut(), text) {
                    let _ = results_tx.send(Msg::CopyFailed(why));
                }
            }
        }
        spawn(cmds);
    }
}

/// Stopped by a signal: fine, unless a change was under way — then its outcome is not known here,
/// and the user is told (after the terminal is restored) what to check.
fn stopped(state: &State, journal: Option<&Journal>) -> anyhow::Result<()> {
    match &state.running {
        None => Ok(()),
        Some(running) => {
            // Its intent is journaled: record that it was interrupted (reconciled at the next start).
            let unrecorded = match crate::app::journaling::interrupted(state) {
                Some(entry) => match append_journal(entry, journal) {
                    Msg::JournalAppended(Err(e)) => Some(strings::journal_failed(&e)),
                    _ => None,
                },
                None => None,
            };
            let progress = running.flow.as_ref().map(crate::flow::DeployFlow::progress);
            let (_, name) = running.change.object();
            let said = strings::state::stopped_during_change(name, progress.as_deref());
            Err(match unrecorded {
                Some(why) => anyhow::anyhow!("{said}\n{why}"),
                None => anyhow::anyhow!(said),
            })
        }
    }
}

/// Runs `work` (an editor) with the terminal as the shell had it, then takes the screen back and
/// redraws from scratch, whatever the program left on it.
fn suspended<T>(
    terminal: &mut Term,
    work: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    restore();
    let result = work();
    // A fresh `Terminal` has empty buffers, so the next draw writes every cell. (`Terminal::clear`
    // would read the cursor position back, which can race the input reader just restarted.)
    let back = enable_raw_mode()
        .and_then(|()| {
            execute!(
                io::stdout(),
                EnterAlternateScreen,
                EnableMouseCapture,
                Clear(ClearType::All)
            )
        })
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    match back {
        Ok(fresh) => {
            *terminal = fresh;
            result
        }
        Err(err) => Err(strings::terminal_lost(&err.to_string())),
    }
}

fn to_msg(event: &Event) -> Option<Msg> {
    match *event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

fn draw(
    terminal: &mut Term,
    state: &State,
    theme: &Theme,
    cache: &mut RenderCache,
) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::render(state, theme, frame, cache))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)
}

/// The signals that end the dashboard (SIGTERM, SIGINT, SIGHUP, SIGQUIT): each one leaves the event
/// loop the way `q` does, so the terminal is restored (raw mode off, main screen, mouse off, cursor on).
/// Without a handler each of them would kill the process with the terminal left raw.
#[cfg(unix)]
struct Terminate(Vec<tokio::signal::unix::Signal>);

#[cfg(unix)]
impl Terminate {
    async fn recv(&mut self) {
        let any = self.0.iter_mut().map(|signal| Box::pin(signal.recv()));
        futures::future::select_all(any).await;
    }
}

#[cfg(unix)]
fn terminate_signal() -> io::Result<Terminate> {
    use tokio::signal::unix::{signal, SignalKind};
    let kinds = [
        SignalKind::terminate(),
        SignalKind::interrupt(),
        SignalKind::hangup(),
        SignalKind::quit(),
    ];
    Ok(Terminate(
        kinds.into_iter().map(signal).collect::<io::Result<_>>()?,
    ))
}

#[cfg(not(unix))]
struct Terminate;

#[cfg(not(unix))]
impl Terminate {
    async fn recv(&mut self) {
        std::future::pending::<()>().await
    }
}

#[cfg(not(unix))]
fn terminate_signal() -> io::Result<Terminate> {
    Ok(Terminate)
}

/// `alterCodePackage`, only while the package's current version still is `seen` (the version the
/// user's edit started from); then the package as it is now.
async fn alter_package_code(
    backend: &dyn Backend,
    id: &crate::model::PackageId,
    seen: u32,
    code: &str,
    comment: &str,
) -> Result<crate::model::CodePackage, Failed> {
    let now = guarded(backend.describe_package(id))
        .await
        .map_err(|err| Failed::before(err.to_string()))?;
    if now.version != seen {
        return Err(Failed::before(strings::package_code::changed_since(
            &id.name,
            seen,
            now.version,
        )));
    }
    guarded(async {
        backend.alter_package_code(id, code, comment).await?;
        backend.describe_package(id).await
    })
    .await
    .map_err(Failed::request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_backend_call_answers_with_an_error() {
        let result: BackendResult<()> = guarded(async { panic!("a bug in the backend") }).await;
        assert_eq!(
            result,
            Err(BackendError::Network(strings::REQUEST_PANICKED.to_string()))
        );
    }
}
