//! One side of a comparison as read from its service: every action (draft and live), module,
//! flow and code package, whole — a promote needs A's object with its code and settings and B's
//! with its ids. A kind the side could not read keeps the error instead; a kind not compared is
//! not read at all.

use crate::backend::Backend;
use crate::flows::{group_triggers, is_entity_bound_refusal};
use crate::model::{
    Action, ActionFilter, BackendError, Binding, CodePackage, Module, PackageFilter,
};

/// What one side holds of one kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<T> {
    Read(Vec<T>),
    /// The side could not be read (401, unreachable …): its rows of this kind are `unknown`.
    Failed(BackendError),
    /// This kind is not compared (the service is not part of the comparison).
    NotRead,
}

impl<T> Part<T> {
    pub fn read(&self) -> Option<&[T]> {
        match self {
            Self::Read(items) => Some(items),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&BackendError> {
        match self {
            Self::Failed(e) => Some(e),
            _ => None,
        }
    }

    fn from_result(result: Result<Vec<T>, BackendError>) -> Self {
        match result {
            Ok(items) => Self::Read(items),
            Err(e) => Self::Failed(e),
        }
    }
}

/// A trigger's flow: its bindings in execution order (with their ids and the bound actions').
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub trigger_id: String,
    pub bindings: Vec<Binding>,
}

impl Flow {
    /// What a flow compares by: the bound actions' names, in order.
    pub fn action_names(&self) -> Vec<&str> {
        self.bindings
            .iter()
            .map(|b| b.action.name.as_str())
            .collect()
    }
}

/// Where a side's FairCom packages live: the profile's `faircom_database` and `faircom_owner`
/// (none: every database, every owner the login sees).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageScope {
    pub database: Option<String>,
    pub owner: Option<String>,
}

/// What to read of one side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Actions, modules and flows.
    pub auth0: bool,
    /// Code packages, within `scope`.
    pub faircom: bool,
    pub scope: PackageScope,
}

/// One side, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub actions: Part<Action>,
    pub modules: Part<Module>,
    pub flows: Part<Flow>,
    /// Current versions, with their code.
    pub packages: Part<CodePackage>,
    pub scope: PackageScope,
}

impl Snapshot {
    /// A side that read nothing (nothing compared).
    pub fn empty() -> Self {
        Self {
            actions: Part::NotRead,
            modules: Part::NotRead,
            flows: Part::NotRead,
            packages: Part::NotRead,
            scope: PackageScope::default(),
        }
    }

    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.read()?.iter().find(|a| a.name == name)
    }

    pub fn module(&self, name: &str) -> Option<&Module> {
        self.modules.read()?.iter().find(|m| m.name == name)
    }

    pub fn flow(&self, trigger_id: &str) -> Option<&Flow> {
        self.flows
            .read()?
            .iter()
            .find(|f| f.trigger_id == trigger_id)
    }

    /// Each kind this side failed to read, with why (the same error may stand for several kinds).
    pub fn failures(&self) -> Vec<(super::Kind, &BackendError)> {
        use super::Kind;
        [
            (Kind::Action, self.actions.error()),
            (Kind::Module, self.modules.error()),
            (Kind::Flow, self.flows.error()),
            (Kind::Package, self.packages.error()),
        ]
        .into_iter()
        .filter_map(|(kind, e)| Some((kind, e?)))
        .collect()
    }
}

/// Reads one side. Never fails as a whole: a kind that cannot be read keeps its error, and when
/// the service itself is refused or out of reach, its other kinds keep the same error unasked.
pub async fn gather(backend: &dyn Backend, reading: &Reading) -> Snapshot {
    let mut snapshot = Snapshot::empty();
    snapshot.scope = reading.scope.clone();
    if reading.auth0 {
        snapshot.actions = Part::from_result(read_actions(backend).await);
        if let Some(e) = snapshot.actions.error().filter(|e| whole_service(e)) {
            snapshot.modules = Part::Failed(e.clone());
            snapshot.flows = Part::Failed(e.clone());
        } else {
            snapshot.modules = Part::from_result(backend.list_modules().await);
            snapshot.flows = Part::from_result(read_flows(backend).await);
        }
    }
    if reading.faircom {
        snapshot.packages = Part::from_result(read_packages(backend, &reading.scope).await);
    }
    snapshot
}

/// The error says the service as a whole cannot be used now (not one request's trouble).
fn whole_service(e: &BackendError) -> bool {
    matches!(
        e,
        BackendError::Auth(_)
            | BackendError::Unreachable(_)
            | BackendError::Network(_)
            | BackendError::TimedOut { .. }
            | BackendError::Config(_)
    ) || e.status() == Some(401)
        || e.status() == Some(403)
}

/// Every action with its draft and live code (a listing that left code out is read one by one).
async fn read_actions(backend: &dyn Backend) -> Result<Vec<Action>, BackendError> {
    let mut actions = backend.list_actions(&ActionFilter::default()).await?;
    for action in &mut actions {
        if !action.code_loaded {
            *action = backend.get_action(&action.id).await?;
        }
    }
    Ok(actions)
}

/// Every trigger's bindings that has any; entity-bound triggers (Auth0's to manage) are left out.
async fn read_flows(backend: &dyn Backend) -> Result<Vec<Flow>, BackendError> {
    let triggers = backend.list_triggers().await?;
    let mut flows = Vec::new();
    for trigger in group_triggers(&triggers) {
        if trigger.entity_bound {
            continue;
        }
        let bindings = match backend.list_bindings(&trigger.id).await {
            Ok(bindings) => bindings,
            Err(e) if is_entity_bound_refusal(&e) => continue,
            Err(e) => return Err(e),
        };
        if !bindings.is_empty() {
            flows.push(Flow {
                trigger_id: trigger.id,
                bindings,
            });
        }
    }
    Ok(flows)
}

/// The current version of every package in the scope, with its code.
async fn read_packages(
    backend: &dyn Backend,
    scope: &PackageScope,
) -> Result<Vec<CodePackage>, BackendError> {
    let filter = PackageFilter {
        database: scope.database.clone(),
        owner: scope.owner.clone(),
        ..PackageFilter::default()
    };
    let listed = backend.list_packages(&filter).await?;
    let mut packages = Vec::with_capacity(listed.len());
    for package in listed {
        if package.code.is_some() {
            packages.push(package);
            continue;
        }
        packages.push(backend.describe_package(&package.id).await?);
    }
    Ok(packages)
}
