//! When a change's answer is lost — a 5xx, a reset connection, a timeout, a 2xx that does not
//! decode — the service may well have made it. This is the one place that decides what happened:
//! read the object back ([`read_back`]), compare with what the change's journal entry says it meant
//! ([`decide`], pure), and say done, not done, or still unknown ([`settle`] does both). The CLI uses
//! it right after a failure and again, for entries left open, on a later command; the dashboard can
//! use the same functions.

use crate::backend::Backend;
use crate::journal::{Entry, ObjectKind, Operation, Snapshot};
use crate::model::BackendError;
use crate::model::{ActionFilter, BoundAction, CodeStatus, PackageId};

mod reconcile;
pub use reconcile::{reconcile, Reconciled};

/// What a read-back found, as much as the decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An action's newest deploy (`deployed_version`: live, or still going live).
    Action { deployed: Option<Seen> },
    /// A module's latest published version, and (for a draft rollback) whether its draft holds the
    /// content of the version the rollback asked for.
    Module {
        latest: Option<Seen>,
        draft_is_target: bool,
    },
    /// A code package's current version and status.
    Package { version: u32, status: CodeStatus },
    /// A trigger's order of bound actions.
    Bindings(Vec<BoundAction>),
    /// The object does not exist (any more).
    Gone,
    /// A create's read-back: the id of the object with the asked name, if one exists now.
    Named(Option<String>),
    /// A draft edit's read-back: whether the draft now holds every field the edit asked for.
    Draft { holds_change: bool },
}

/// One version as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub id: String,
    pub number: u32,
    /// Live (actions; published versions of modules always are).
    pub live: bool,
}

/// What happened to a change, as far as can be known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// The service made it; what the object holds now.
    Done(Snapshot),
    /// The service did not make it.
    NotDone,
    /// Cannot tell; the words say why.
    Unknown(String),
}

fn version(seen: &Seen) -> Snapshot {
    Snapshot {
        version_id: Some(seen.id.clone()),
        version_number: Some(seen.number),
        ..Snapshot::default()
    }
}

/// Decides from the change's entry (its intent: `before` is what the object held when the change
/// was sent, `after` what it asked for where that is known in advance) and what was read back.
pub fn decide(intent: &Entry, found: &Found) -> Known {
    let before = intent.before.version_number.unwrap_or(0);
    match (intent.operation, found) {
        // A deploy or a roll back makes a new version, newer than any before it.
        (Operation::ActionDeploy | Operation::ActionRollback, Found::Action { deployed }) => {
            match deployed {
                Some(seen) if seen.number > before => Known::Done(version(seen)),
                _ => Known::NotDone,
            }
        }
        (Operation::ModulePublish, Found::Module { latest, .. }) => match latest {
            Some(seen) if seen.number > before => Known::Done(version(seen)),
            _ => Known::NotDone,
        },
        // A draft rollback gives the draft a version's content.
        (
            Operation::ModuleRollback,
            Found::Module {
                draft_is_target, ..
            },
        ) => {
            if *draft_is_target {
                Known::Done(intent.after.clone())
            } else {
                Known::NotDone
            }
        }
        // A revert makes a new current version; a status change sets the asked status.
        (Operation::PackageRevert, Found::Package { version, status }) => {
            if *version > before {
                Known::Done(package(*version, status))
            } else {
                Known::NotDone
            }
        }
        (Operation::PackageStatus, Found::Package { version, status }) => {
            if intent.after.status.as_ref() == Some(status) {
                Known::Done(package(*version, status))
            } else {
                Known::NotDone
            }
        }
        (Operation::BindingsChange, Found::Bindings(now)) => {
            if intent.after.order.as_ref() == Some(now) {
                Known::Done(Snapshot {
                    order: Some(now.clone()),
                    ..Snapshot::default()
                })
            } else if intent.before.order.as_ref() == Some(now) {
                Known::NotDone
            } else {
                Known::Unknown(crate::strings::journal::ORDER_CHANGED_SINCE.to_string())
            }
        }
        (Operation::Create, Found::Named(Some(_))) => Known::Done(intent.after.clone()),
        // A draft that holds the change: made (or made by someone else meanwhile — the same).
        (Operation::DraftEdit, Found::Draft { holds_change }) => {
            if intent.before.asked.is_some() && intent.before.asked == intent.after.asked {
                // The fields already held what was asked: only secret values changed, unseen.
                Known::Unknown(crate::strings::state::SECRET_VALUES_UNSEEN.to_string())
            } else if *holds_change {
                Known::Done(intent.after.clone())
            } else {
                Known::NotDone
            }
        }
        (Operation::Delete, Found::Gone) => Known::Done(Snapshot::default()),
        (Operation::Create, Found::Named(None)) | (Operation::Delete, _) => Known::NotDone,
        // The object is gone: the change can no longer be seen.
        (_, Found::Gone) => Known::Unknown(crate::strings::journal::OBJECT_GONE.to_string()),
        _ => Known::Unknown(crate::strings::journal::NOT_CHECKABLE.to_string()),
    }
}

fn package(version: u32, status: &CodeStatus) -> Snapshot {
    Snapshot {
        version_id: Some(version.to_string()),
        version_number: Some(version),
        status: Some(status.clone()),
        ..Snapshot::default()
    }
}

/// Reads back what the change touched. A 404 is [`Found::Gone`], not an error.
pub async fn read_back(backend: &dyn Backend, intent: &Entry) -> Result<Found, BackendError> {
    let id = intent.object_id.as_str();
    if intent.operation == Operation::Create {
        return find_named(backend, intent.kind, &intent.object_name).await;
    }
    if let (Operation::DraftEdit, Some(asked)) = (intent.operation, &intent.after.asked) {
        let owner = match intent.kind {
            ObjectKind::Module => crate::authoring::Owner::Module,
            _ => crate::authoring::Owner::Action,
        };
        return match crate::authoring::read_draft(backend, owner, id).await {
            Ok(now) => Ok(Found::Draft {
                holds_change: asked.holds(&now),
            }),
            Err(e) if e.is_not_found() => Ok(Found::Gone),
            Err(e) => Err(e),
        };
    }
    let found = match intent.kind {
        ObjectKind::Action => backend.get_action(id).await.map(|a| Found::Action {
            deployed: a.deployed_version.map(|v| Seen {
                id: v.id,
                number: v.number,
                live: v.deployed,
            }),
        }),
        ObjectKind::Module => match backend.get_module(id).await {
            Ok(module) => {
                let target = intent.after.version_id.as_deref();
                let draft_is_target = match target {
                    Some(version) if intent.operation == Operation::ModuleRollback => {
                        backend.get_module_version(id, version).await?.code == module.code
                    }
                    _ => false,
                };
                Ok(Found::Module {
                    latest: module.latest_version.map(|v| Seen {
                        id: v.id,
                        number: v.number,
                        live: true,
                    }),
                    draft_is_target,
                })
            }
            Err(e) => Err(e),
        },
        ObjectKind::Package => {
            let Some(package) = PackageId::from_key(id) else {
                return Err(BackendError::Config(
                    crate::strings::journal::not_a_package(id),
                ));
            };
            backend
                .describe_package(&package)
                .await
                .map(|p| Found::Package {
                    version: p.version,
                    status: p.status,
                })
        }
        ObjectKind::Trigger => backend
            .list_bindings(id)
            .await
            .map(|list| Found::Bindings(crate::flows::order_of(&list))),
    };
    match found {
        Err(e) if e.is_not_found() => Ok(Found::Gone),
        other => other,
    }
}

/// A create's intent knows the name, not yet the id: does an object of that name exist now?
async fn find_named(
    backend: &dyn Backend,
    kind: ObjectKind,
    name: &str,
) -> Result<Found, BackendError> {
    let id = match kind {
        ObjectKind::Action => backend
            .list_actions(&ActionFilter::default())
            .await?
            .into_iter()
            .find(|a| a.name == name)
            .map(|a| a.id),
        ObjectKind::Module => backend
            .list_modules()
            .await?
            .into_iter()
            .find(|m| m.name == name)
            .map(|m| m.id),
        ObjectKind::Package | ObjectKind::Trigger => {
            return Err(BackendError::Config(
                crate::strings::journal::not_created_here(name),
            ))
        }
    };
    Ok(Found::Named(id))
}

/// Reads the object back and decides; a read-back that fails too leaves the outcome unknown.
pub async fn settle(backend: &dyn Backend, intent: &Entry) -> Known {
    settle_seeing(backend, intent).await.0
}

/// As [`settle`], with what was read back (a create's new id is in it).
pub async fn settle_seeing(backend: &dyn Backend, intent: &Entry) -> (Known, Option<Found>) {
    match read_back(backend, intent).await {
        Ok(found) => (decide(intent, &found), Some(found)),
        Err(e) => (
            Known::Unknown(crate::strings::journal::read_back_failed(&e.to_string())),
            None,
        ),
    }
}

/// What the object holds after a change, in words ("v5 is the newest version").
pub fn holds_now(entry: &Entry, after: &Snapshot) -> String {
    use crate::strings::journal as words;
    match entry.operation {
        Operation::BindingsChange => words::order_now(&crate::strings::cli::order(
            after.order.as_deref().unwrap_or_default(),
        )),
        Operation::PackageStatus | Operation::PackageRevert => words::package_now(
            after.version_number,
            after.status.as_ref().map_or("", |s| s.as_str()),
        ),
        Operation::Delete => words::GONE_NOW.to_string(),
        Operation::Create => crate::strings::state::EXISTS_NOW.to_string(),
        Operation::DraftEdit => crate::strings::state::DRAFT_HOLDS_EDIT.to_string(),
        _ => words::version_now(after.version_number),
    }
}

/// The operation in words (`deploy`, `revert (undo)`).
pub fn operation_words(e: &Entry) -> String {
    use crate::strings::cli as text;
    let op = match e.operation {
        Operation::ActionDeploy => text::OP_DEPLOY,
        Operation::ActionRollback => text::OP_ROLLBACK,
        Operation::ModulePublish => text::OP_PUBLISH,
        Operation::ModuleRollback => text::OP_DRAFT_ROLLBACK,
        Operation::ModuleDraftRestore => text::OP_DRAFT_RESTORE,
        Operation::BindingsChange => text::OP_BINDINGS,
        Operation::PackageRevert => text::OP_REVERT,
        Operation::PackageStatus => text::OP_STATUS,
        Operation::Create => text::OP_CREATE,
        Operation::DraftEdit => text::OP_DRAFT_EDIT,
        Operation::Delete => text::OP_DELETE,
    };
    if e.undo {
        format!("{op} {}", text::OP_UNDO)
    } else {
        op.to_string()
    }
}

/// How to name a journaled change to the user ("the deploy of 'Login'").
pub fn what_of(entry: &Entry) -> String {
    crate::strings::journal::change_named(&operation_words(entry), &entry.object_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Outcome;

    fn intent(kind: ObjectKind, operation: Operation, before: Snapshot, after: Snapshot) -> Entry {
        Entry {
            at: chrono::Utc::now(),
            profile: "p".into(),
            tenant: "t".into(),
            kind,
            object_id: "id".into(),
            object_name: "name".into(),
            operation,
            before,
            after,
            undo: false,
            change: Some("c".into()),
            outcome: Outcome::Intent,
            note: None,
            promoted_from: None,
            undoes: None,
        }
    }

    fn number(n: u32) -> Snapshot {
        Snapshot {
            version_number: Some(n),
            ..Snapshot::default()
        }
    }

    #[allow(clippy::unnecessary_wraps)] // reads as the field it fills
    fn seen(n: u32, live: bool) -> Option<Seen> {
        Some(Seen {
            id: format!("v{n}"),
            number: n,
            live,
        })
    }

    #[test]
    fn a_deploy_is_done_when_a_newer_version_exists_live_or_going_live() {
        let deploy = intent(
            ObjectKind::Action,
            Operation::ActionDeploy,
            number(3),
            Snapshot::default(),
        );
        let done = decide(
            &deploy,
            &Found::Action {
                deployed: seen(4, false),
            },
        );
        assert_eq!(
            done,
            Known::Done(Snapshot {
                version_id: Some("v4".into()),
                version_number: Some(4),
                ..Snapshot::default()
            })
        );
        assert_eq!(
            decide(
                &deploy,
                &Found::Action {
                    deployed: seen(3, true)
                }
            ),
            Known::NotDone
        );
        let first = intent(
            ObjectKind::Action,
            Operation::ActionDeploy,
            Snapshot::default(),
            Snapshot::default(),
        );
        assert_eq!(
            decide(&first, &Found::Action { deployed: None }),
            Known::NotDone
        );
    }

    #[test]
    fn a_draft_rollback_is_done_when_the_draft_holds_the_asked_version() {
        let asked = Snapshot {
            version_id: Some("mv2".into()),
            version_number: Some(2),
            ..Snapshot::default()
        };
        let rollback = intent(
            ObjectKind::Module,
            Operation::ModuleRollback,
            Snapshot::default(),
            asked.clone(),
        );
        let found = |draft_is_target| Found::Module {
            latest: seen(3, true),
            draft_is_target,
        };
        assert_eq!(decide(&rollback, &found(true)), Known::Done(asked));
        assert_eq!(decide(&rollback, &found(false)), Known::NotDone);
    }

    #[test]
    fn package_status_and_bindings_compare_with_what_was_asked() {
        let status = |s: CodeStatus| Snapshot {
            status: Some(s),
            ..Snapshot::default()
        };
        let change = intent(
            ObjectKind::Package,
            Operation::PackageStatus,
            status(CodeStatus::Active),
            status(CodeStatus::Inactive),
        );
        assert!(matches!(
            decide(
                &change,
                &Found::Package {
                    version: 5,
                    status: CodeStatus::Inactive
                }
            ),
            Known::Done(_)
        ));
        assert_eq!(
            decide(
                &change,
                &Found::Package {
                    version: 5,
                    status: CodeStatus::Active
                }
            ),
            Known::NotDone
        );
        let bound = |ids: &[&str]| {
            ids.iter()
                .map(|id| BoundAction {
                    action_id: id.to_string(),
                    display_name: id.to_string(),
                })
                .collect::<Vec<_>>()
        };
        let order = |ids: &[&str]| Snapshot {
            order: Some(bound(ids)),
            ..Snapshot::default()
        };
        let reorder = intent(
            ObjectKind::Trigger,
            Operation::BindingsChange,
            order(&["a", "b"]),
            order(&["b", "a"]),
        );
        assert!(matches!(
            decide(&reorder, &Found::Bindings(bound(&["b", "a"]))),
            Known::Done(_)
        ));
        assert_eq!(
            decide(&reorder, &Found::Bindings(bound(&["a", "b"]))),
            Known::NotDone
        );
        assert!(matches!(
            decide(&reorder, &Found::Bindings(bound(&["c"]))),
            Known::Unknown(_)
        ));
    }
}
