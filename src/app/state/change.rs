//! A change to the tenant: what the user confirmed, the one running, and the commands that carry
//! each kind out (the change pipeline, `app::pipeline`, knows no feature: each change builds its own).

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::msg::Cmd;
use crate::app::timeline::TimelineRow;
use crate::flow::{DeployFlow, Step};
use crate::journal::{ObjectKind, Snapshot};
use crate::model::{BoundAction, CodeStatus, PackageId};

/// A live version or a module version, by id and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRef {
    pub id: String,
    pub number: u32,
}

impl VersionRef {
    /// A timeline row's version (`None` for the draft).
    pub fn of_row(row: &TimelineRow) -> Option<Self> {
        Some(Self {
            id: row.version_id.clone()?,
            number: row.number()?,
        })
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version_id: Some(self.id.clone()),
            version_number: Some(self.number),
            ..Snapshot::default()
        }
    }
}

/// A change to the tenant, as confirmed by the user and carried out by the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Deploy an earlier version's content as a new live version (also undo's roll-forward).
    ActionRollback {
        action_id: String,
        name: String,
        to: VersionRef,
        live_before: Option<VersionRef>,
    },
    ActionDeploy {
        action_id: String,
        name: String,
        live_before: Option<VersionRef>,
    },
    /// The module's draft takes a version's content; the current draft is saved first.
    ModuleRollback {
        module_id: String,
        name: String,
        to: VersionRef,
        draft: Arc<str>,
        latest: Option<VersionRef>,
    },
    ModulePublish {
        module_id: String,
        name: String,
        latest_before: Option<VersionRef>,
    },
    /// A trigger's complete new order (reorder, add, remove, undo), guarded against changes made
    /// elsewhere since `seen` was loaded.
    Bindings {
        trigger_id: String,
        seen: Vec<BoundAction>,
        order: Vec<BoundAction>,
    },
    /// A code package's history version becomes the current one again, under the next number.
    PackageRevert {
        /// `PackageId::key()`.
        object_id: String,
        name: String,
        to: u32,
        current: u32,
    },
    /// A code package's status changes (no new version).
    PackageStatus {
        object_id: String,
        name: String,
        from: CodeStatus,
        to: CodeStatus,
    },
    /// An action's or module's draft changes (code, dependencies, secrets); checked against the
    /// draft it was made from.
    DraftEdit {
        owner: crate::authoring::Owner,
        id: String,
        name: String,
        /// The draft the change was made from (its code is saved before the change is sent).
        seen: Box<crate::model::DraftState>,
        change: crate::model::DraftChange,
    },
    /// A new action or module; `then` deploys (actions, once built) or publishes (modules).
    Create { new: NewObject, then: bool },
    /// An action or module goes, with all its versions; `force` detaches a bound action first.
    Delete {
        owner: crate::authoring::Owner,
        id: String,
        name: String,
        force: bool,
        /// The draft code, saved under the data dir before the delete.
        draft: Arc<str>,
    },
    /// Put a saved draft back (undo of a module rollback).
    ModuleRestore {
        module_id: String,
        name: String,
        saved: PathBuf,
        draft_of: Option<VersionRef>,
    },
    /// Put a saved draft's code back (undo of an action draft edit or a promote into the draft).
    ActionDraftRestore {
        action_id: String,
        name: String,
        saved: PathBuf,
    },
    // Package code (issue 19).
    /// A code package's code changes (`alterCodePackage`): a new current version with `comment`,
    /// sent only while the current version still is `seen`. Journaled as a revert is (the version
    /// before and after), so undo reverts to `seen`.
    PackageCode {
        object_id: String,
        name: String,
        seen: u32,
        code: String,
        comment: String,
    },
    /// A new code package (`createCodePackage`); its key is the server's answer (`created_id`).
    PackageCreate {
        id: PackageId,
        code_type: crate::model::CodeType,
        language: String,
        code: String,
    },
}

/// What `Change::Create` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewObject {
    Action(crate::model::NewAction),
    Module(crate::model::NewModule),
}

impl NewObject {
    pub fn name(&self) -> &str {
        match self {
            NewObject::Action(a) => &a.name,
            NewObject::Module(m) => &m.name,
        }
    }
}

fn owner_kind(owner: crate::authoring::Owner) -> ObjectKind {
    match owner {
        crate::authoring::Owner::Action => ObjectKind::Action,
        crate::authoring::Owner::Module => ObjectKind::Module,
    }
}

impl Change {
    pub fn kind(&self) -> ObjectKind {
        match self {
            Change::DraftEdit { owner, .. } | Change::Delete { owner, .. } => owner_kind(*owner),
            Change::Create {
                new: NewObject::Action(_),
                ..
            }
            | Change::ActionRollback { .. }
            | Change::ActionDeploy { .. }
            | Change::ActionDraftRestore { .. } => ObjectKind::Action,
            Change::Bindings { .. } => ObjectKind::Trigger,
            Change::PackageRevert { .. }
            | Change::PackageStatus { .. }
            | Change::PackageCode { .. }
            | Change::PackageCreate { .. } => ObjectKind::Package,
            _ => ObjectKind::Module,
        }
    }
    pub fn object(&self) -> (&str, &str) {
        match self {
            Change::ActionRollback {
                action_id, name, ..
            }
            | Change::ActionDeploy {
                action_id, name, ..
            }
            | Change::ActionDraftRestore {
                action_id, name, ..
            } => (action_id, name),
            Change::ModuleRollback {
                module_id, name, ..
            }
            | Change::ModulePublish {
                module_id, name, ..
            }
            | Change::ModuleRestore {
                module_id, name, ..
            } => (module_id, name),
            Change::Bindings { trigger_id, .. } => (trigger_id, trigger_id),
            Change::DraftEdit { id, name, .. } | Change::Delete { id, name, .. } => (id, name),
            // The id is known once the service answered (`Running.created_id`).
            Change::Create { new, .. } => ("", new.name()),
            Change::PackageCreate { id, .. } => ("", &id.name),
            Change::PackageRevert {
                object_id, name, ..
            }
            | Change::PackageStatus {
                object_id, name, ..
            }
            | Change::PackageCode {
                object_id, name, ..
            } => (object_id, name),
        }
    }

    /// How this change starts: the commands that carry it out, or — an action deploy — the deploy
    /// flow to follow and its first step.
    pub fn start(&self) -> Started {
        let cmds = match self.clone() {
            Change::ActionDeploy { action_id, .. } => {
                let (flow, step) = DeployFlow::deploy_draft(&action_id);
                return Started::Follow(flow, step);
            }
            Change::ActionRollback {
                action_id,
                to,
                live_before,
                ..
            } => {
                let (flow, step) = DeployFlow::deploy_version(&action_id, &to.id, to.number);
                // A lost answer is checked against it (`crate::outcome`).
                let flow = flow.with_live_before(live_before.map(|v| v.number));
                return Started::Follow(flow, step);
            }
            // A key that names no package sends nothing (as before: the change stays running).
            Change::PackageRevert { object_id, to, .. } => PackageId::from_key(&object_id)
                .map(|id| Cmd::RevertPackage { id, version: to })
                .into_iter()
                .collect(),
            Change::PackageStatus { object_id, to, .. } => PackageId::from_key(&object_id)
                .map(|id| Cmd::SetPackageStatus { id, status: to })
                .into_iter()
                .collect(),
            Change::PackageCode {
                object_id,
                seen,
                code,
                comment,
                ..
            } => PackageId::from_key(&object_id)
                .map(|id| Cmd::AlterPackageCode {
                    id,
                    seen,
                    code,
                    comment,
                })
                .into_iter()
                .collect(),
            Change::PackageCreate {
                id,
                code_type,
                language,
                code,
            } => vec![Cmd::CreatePackage {
                id,
                code_type,
                language,
                code,
            }],
            Change::Bindings {
                trigger_id,
                seen,
                order,
            } => vec![Cmd::ApplyOrder {
                trigger_id,
                seen,
                order,
            }],
            Change::ModulePublish { module_id, .. } => vec![Cmd::PublishModule { module_id }],
            Change::ModuleRollback {
                module_id,
                to,
                draft,
                ..
            } => vec![Cmd::RollbackModule {
                module_id,
                version_id: to.id,
                draft,
            }],
            Change::ModuleRestore {
                module_id, saved, ..
            } => vec![Cmd::RestoreModuleDraft { module_id, saved }],
            Change::ActionDraftRestore {
                action_id, saved, ..
            } => vec![Cmd::RestoreActionDraft { action_id, saved }],
            Change::DraftEdit {
                owner,
                id,
                seen,
                change,
                ..
            } => vec![Cmd::SaveDraft {
                owner,
                id,
                seen,
                change,
            }],
            Change::Create { new, .. } => vec![Cmd::Create(Box::new(new))],
            Change::Delete {
                owner,
                id,
                force,
                draft,
                ..
            } => vec![Cmd::Delete {
                owner,
                id,
                force,
                draft,
            }],
        };
        Started::Send(cmds)
    }
}

/// How a change starts (`Change::start`).
#[derive(Debug, Clone, PartialEq)]
pub enum Started {
    /// Send these commands; their answers come back as messages.
    Send(Vec<Cmd>),
    /// Follow an action deploy from this step (the flow turns each step into a command).
    Follow(DeployFlow, Step),
}

/// The one change in progress (one at a time: a second could race the first).
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub change: Change,
    pub undo: bool,
    /// Action deploys follow the service until the new version is live.
    pub flow: Option<DeployFlow>,
    /// The version the change created, once the service said so.
    pub created: Option<VersionRef>,
    /// Where the replaced module draft was saved.
    pub saved_draft: Option<PathBuf>,
    /// The order the service answered a bindings change with.
    pub applied: Option<Vec<BoundAction>>,
    /// The id the service gave a created object.
    pub created_id: Option<String>,
    /// The change's id in the journal, once its intent is recorded.
    pub change_id: Option<String>,
    /// Said after the change's own outcome when it ends (moves queued behind it that were dropped).
    pub also: Option<String>,
}
