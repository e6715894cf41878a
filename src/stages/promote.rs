//! Promote: one object of stage A made so in stage B, matched by name. The plan is pure (what will
//! be sent, B now → B after, or why not); the guard and the sending go through the `Backend`
//! trait, so the CLI and the dashboard run the same promote.
//!
//! - action: B's draft takes A's live version (or A's draft): code with the mappings applied,
//!   runtime, dependencies, secret names (B's own values kept; names B lacks need a value), module
//!   pins by module name and version number remapped to B's ids. Missing in B: created.
//! - module: B's draft takes A's latest published version (code, dependencies, secret names).
//! - flow: B's trigger binds B's actions of A's names, in A's order.
//! - package: B's package gets A's code as a new version, or is created (same type, language).

use super::compare::{
    action_facets, module_facets, package_facets, Facets, Field, Kind, PackageNaming,
};
use super::mapping::Mapping;
use super::snapshot::{Part, Snapshot};
use crate::backend::Backend;
use crate::journal::{self, AskedDraft, ObjectKind, Operation};
use crate::model::{
    Action, BackendError, Binding, BoundAction, CodePackage, CodeStatus, CodeType, Dependency,
    DraftChange, DraftState, Module, ModuleRef, ModuleVersion, NewAction, NewModule, NewPackage,
    PackageId, SecretInput, SecretName, TriggerRef,
};
use crate::strings::promote as text;

/// What a promote takes from A, and how its code is rewritten for B.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Take an action's or module's draft instead of its live (published) version.
    pub drafts: bool,
    pub mapping: Mapping,
    /// A's profile name, for the package's version comment.
    pub from_stage: String,
}

/// Why a promote cannot be planned. Each names what is wrong in words ([`Refusal::words`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A holds no object of that name.
    NotInFrom { kind: Kind, name: String },
    /// A side could not read that kind.
    Unread { kind: Kind, error: String },
    /// The name is there twice on a side: which one is meant is not known.
    Twice { kind: Kind, name: String },
    /// A's action has no live version, or its module no published one.
    NothingLive { kind: Kind, name: String },
    /// A module an action pins is not in B.
    ModuleMissing { module: String },
    /// B has the module but not that version number.
    ModuleVersionMissing { module: String, number: u32 },
    /// Auth0 keeps an action's trigger: B's action runs on another one.
    TriggerDiffers {
        name: String,
        from: String,
        to: String,
    },
    /// A flow's actions that B lacks or has never deployed.
    ActionsNotInTo { trigger: String, names: Vec<String> },
    /// A package's code type or language differs between A and B.
    PackageDiffers {
        name: String,
        field: Field,
        from: String,
        to: String,
    },
}

impl Refusal {
    pub fn words(&self) -> String {
        match self {
            Self::NotInFrom { kind, name } => text::not_in_from(kind.as_str(), name),
            Self::Unread { kind, error } => text::unread(kind.as_str(), error),
            Self::Twice { kind, name } => text::twice(kind.as_str(), name),
            Self::NothingLive { kind, name } => text::nothing_live(*kind == Kind::Module, name),
            Self::ModuleMissing { module } => text::module_missing(module),
            Self::ModuleVersionMissing { module, number } => {
                text::module_version_missing(module, *number)
            }
            Self::TriggerDiffers { name, from, to } => text::trigger_differs(name, from, to),
            Self::ActionsNotInTo { trigger, names } => text::actions_not_in_to(trigger, names),
            Self::PackageDiffers {
                name,
                field,
                from,
                to,
            } => text::package_differs(name, field.as_str(), from, to),
        }
    }
}

/// An action promote: B's draft after it (the code already mapped).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPlan {
    pub name: String,
    /// A's version taken (`None`: A's draft).
    pub source_version: Option<u32>,
    /// B's action as the plan was read (`None`: it is created).
    pub target: Option<Action>,
    pub trigger: TriggerRef,
    pub code: String,
    pub runtime: String,
    pub dependencies: Vec<Dependency>,
    /// A's secret names, in A's order.
    pub secrets: Vec<String>,
    /// A's pins, by B's module and version ids.
    pub pins: Vec<ModuleRef>,
}

/// A module promote: B's draft after it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModulePlan {
    pub name: String,
    pub source_version: Option<u32>,
    pub target: Option<Module>,
    pub code: String,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<String>,
}

/// A flow promote: B's complete new order for the trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPlan {
    pub trigger_id: String,
    /// B's order as read (the guard sends nothing unless it is still this).
    pub seen: Vec<BoundAction>,
    pub seen_names: Vec<String>,
    pub order: Vec<BoundAction>,
    pub order_names: Vec<String>,
}

/// A package promote: B's package after it.
#[derive(Debug, Clone, PartialEq)]
pub struct PackagePlan {
    /// The row's name (as the comparison names packages).
    pub name: String,
    pub source_version: u32,
    /// B's current version as read (`None`: it is created).
    pub target: Option<CodePackage>,
    /// B's package: its own, or where B's profile puts a new one.
    pub id: PackageId,
    pub code: String,
    /// `promoted from <profile>: v<N>`.
    pub comment: String,
    pub code_type: CodeType,
    pub language: String,
    pub description: String,
    pub metadata: serde_json::Value,
}

/// One planned promote.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Action(ActionPlan),
    Module(ModulePlan),
    Flow(FlowPlan),
    Package(PackagePlan),
}

/// B now → B after, as a promote dialog shows it: the code (a flow: its action names, one a
/// line) and each setting that changes (secret NAMES only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// `None`: B has no such object yet.
    pub before: Option<String>,
    pub after: String,
    pub settings: Vec<(Field, String, String)>,
}

impl Plan {
    pub fn kind(&self) -> Kind {
        match self {
            Self::Action(_) => Kind::Action,
            Self::Module(_) => Kind::Module,
            Self::Flow(_) => Kind::Flow,
            Self::Package(_) => Kind::Package,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Action(p) => &p.name,
            Self::Module(p) => &p.name,
            Self::Flow(p) => &p.trigger_id,
            Self::Package(p) => &p.name,
        }
    }

    /// True when the promote makes a new object in B.
    pub fn creates(&self) -> bool {
        match self {
            Self::Action(p) => p.target.is_none(),
            Self::Module(p) => p.target.is_none(),
            Self::Flow(_) => false,
            Self::Package(p) => p.target.is_none(),
        }
    }

    /// The secret names the promote sends that B does not hold: each needs a value. A module's
    /// secrets are sent with every value or not at all (the service requires `value`): when its
    /// names change, each one needs a value.
    pub fn secrets_needed(&self) -> Vec<String> {
        let (wanted, held): (&[String], &[SecretName]) = match self {
            Self::Action(p) => (&p.secrets, p.target.as_ref().map_or(&[], |a| &a.secrets)),
            Self::Module(p) => {
                let held = p.target.as_ref().map_or(&[][..], |m| &m.secrets);
                if same_names(&p.secrets, held) {
                    return vec![];
                }
                return p.secrets.clone();
            }
            _ => return vec![],
        };
        wanted
            .iter()
            .filter(|name| !held.iter().any(|h| &h.name == *name))
            .cloned()
            .collect()
    }

    /// The secrets as sent: each of A's names, with the value given for it, else kept by name
    /// (B holds it). `Err`: the names still without a value, or given names A does not list.
    pub fn secrets_to_send(&self, given: &[SecretInput]) -> Result<Vec<SecretInput>, SecretsError> {
        let wanted: &[String] = match self {
            Self::Action(p) => &p.secrets,
            Self::Module(p) => &p.secrets,
            _ => &[],
        };
        let strangers: Vec<String> = given
            .iter()
            .filter(|g| !wanted.contains(&g.name))
            .map(|g| g.name.clone())
            .collect();
        if !strangers.is_empty() {
            return Err(SecretsError::NotListed(strangers));
        }
        let needed = match self {
            // A module's list goes whole: one value given, every value needed.
            Self::Module(_) if !given.is_empty() => wanted.to_vec(),
            _ => self.secrets_needed(),
        };
        let missing: Vec<String> = needed
            .into_iter()
            .filter(|name| !given.iter().any(|g| &g.name == name && g.value.is_some()))
            .collect();
        if !missing.is_empty() {
            return Err(SecretsError::Missing(missing));
        }
        Ok(wanted
            .iter()
            .map(|name| {
                given
                    .iter()
                    .find(|g| &g.name == name)
                    .cloned()
                    .unwrap_or_else(|| SecretInput {
                        name: name.clone(),
                        value: None,
                    })
            })
            .collect())
    }

    /// The draft change an action or module promote sends to an object B has (empty for the
    /// others): every field, so B's draft ends up as the plan says.
    pub fn draft_change(&self, secrets: Vec<SecretInput>) -> DraftChange {
        match self {
            Self::Action(p) => DraftChange {
                code: Some(p.code.clone()),
                runtime: Some(p.runtime.clone()),
                dependencies: Some(p.dependencies.clone()),
                secrets: Some(secrets),
            },
            Self::Module(p) => {
                // The same names and no value given: the list is not sent, B keeps its values.
                let held = p.target.as_ref().map_or(&[][..], |m| &m.secrets);
                let keep =
                    same_names(&p.secrets, held) && secrets.iter().all(|s| s.value.is_none());
                DraftChange {
                    code: Some(p.code.clone()),
                    runtime: None,
                    dependencies: Some(p.dependencies.clone()),
                    secrets: (!keep).then_some(secrets),
                }
            }
            Self::Flow(_) | Self::Package(_) => DraftChange::default(),
        }
    }

    /// Nothing would change in B (B already holds it).
    pub fn is_noop(&self) -> bool {
        if self.creates() {
            return false;
        }
        match self {
            Self::Flow(p) => p.seen == p.order,
            Self::Action(p) => {
                let preview = self.preview();
                preview.settings.is_empty()
                    && preview.before.as_deref() == Some(preview.after.as_str())
                    && p.target
                        .as_ref()
                        .is_some_and(|t| pin_ids(&t.modules) == pin_ids(&p.pins))
            }
            _ => {
                let preview = self.preview();
                preview.settings.is_empty()
                    && preview.before.as_deref() == Some(preview.after.as_str())
            }
        }
    }

    /// B now → B after.
    pub fn preview(&self) -> Preview {
        match self {
            Self::Action(p) => {
                let before = p.target.as_ref().map(|a| action_facets(a, true));
                let after = Facets {
                    code: Some(p.code.clone()),
                    absent: None,
                    settings: action_facets(&planned_action(p), true).settings,
                };
                preview_of(before.as_ref(), &after)
            }
            Self::Module(p) => {
                let before = p.target.as_ref().map(|m| module_facets(m, true));
                let after = module_facets(&planned_module(p), true);
                preview_of(before.as_ref(), &after)
            }
            Self::Flow(p) => Preview {
                before: Some(p.seen_names.join("\n")),
                after: p.order_names.join("\n"),
                settings: vec![],
            },
            Self::Package(p) => {
                let before = p.target.as_ref().map(package_facets);
                let after = Facets {
                    code: Some(p.code.clone()),
                    absent: None,
                    settings: vec![
                        (Field::CodeType, p.code_type.as_str().to_string()),
                        (Field::Language, p.language.clone()),
                    ],
                };
                preview_of(before.as_ref(), &after)
            }
        }
    }
}

/// The same secret names, in any order.
fn same_names(wanted: &[String], held: &[SecretName]) -> bool {
    let mut a: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let mut b: Vec<&str> = held.iter().map(|h| h.name.as_str()).collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// How a promote is journaled on B, by the operation whose undo already exists: a draft edit
/// (the replaced draft saved first), a create, a bindings change (undo: the order before), a new
/// package version (undo: revert to the one before). The entry names A in `promoted_from`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub kind: ObjectKind,
    /// Empty for a create (known once made: [`Record::made_id`]).
    pub object_id: String,
    pub operation: Operation,
    pub before: journal::Snapshot,
    /// What the promote asks for (the intent's after-state).
    pub after: journal::Snapshot,
    /// The draft the promote replaces: saved before anything is sent.
    pub keeps_draft: Option<String>,
}

impl Plan {
    /// The journal's record of this promote, `secrets` as sent (names only are kept).
    pub fn record(&self, secrets: &[SecretInput]) -> Record {
        let asked = AskedDraft::of(&self.draft_change(secrets.to_vec()));
        let edit =
            |kind, id: &str, draft: DraftState, version: journal::Snapshot, code: &str| Record {
                kind,
                object_id: id.to_string(),
                operation: Operation::DraftEdit,
                before: journal::Snapshot {
                    asked: Some(asked.seen_in(&draft)),
                    ..version.clone()
                },
                after: journal::Snapshot {
                    asked: Some(asked.clone()),
                    ..version
                },
                keeps_draft: Some(code.to_string()),
            };
        let created = |kind, object_id: String| Record {
            kind,
            object_id,
            operation: Operation::Create,
            before: journal::Snapshot::default(),
            after: journal::Snapshot::default(),
            keeps_draft: None,
        };
        let version = |id: Option<&str>, number: Option<u32>| journal::Snapshot {
            version_id: id.map(str::to_string),
            version_number: number,
            ..journal::Snapshot::default()
        };
        match self {
            Self::Action(p) => match &p.target {
                Some(t) => {
                    let live = t.deployed_version.as_ref();
                    let live = version(live.map(|v| v.id.as_str()), live.map(|v| v.number));
                    edit(
                        ObjectKind::Action,
                        &t.id,
                        DraftState::of_action(t),
                        live,
                        &t.code,
                    )
                }
                None => created(ObjectKind::Action, String::new()),
            },
            Self::Module(p) => match &p.target {
                Some(t) => {
                    let latest = t.latest_version.as_ref();
                    let latest = version(latest.map(|v| v.id.as_str()), latest.map(|v| v.number));
                    edit(
                        ObjectKind::Module,
                        &t.id,
                        DraftState::of_module(t),
                        latest,
                        &t.code,
                    )
                }
                None => created(ObjectKind::Module, String::new()),
            },
            Self::Flow(p) => {
                let order = |o: &[BoundAction]| journal::Snapshot {
                    order: Some(o.to_vec()),
                    ..journal::Snapshot::default()
                };
                Record {
                    kind: ObjectKind::Trigger,
                    object_id: p.trigger_id.clone(),
                    operation: Operation::BindingsChange,
                    before: order(&p.seen),
                    after: order(&p.order),
                    keeps_draft: None,
                }
            }
            Self::Package(p) => match &p.target {
                Some(t) => Record {
                    kind: ObjectKind::Package,
                    object_id: p.id.key(),
                    operation: Operation::PackageRevert,
                    before: version(None, Some(t.version)),
                    after: journal::Snapshot::default(),
                    keeps_draft: None,
                },
                None => created(ObjectKind::Package, p.id.key()),
            },
        }
    }
}

impl Record {
    /// What the whole promote is journaled as: with the second button the deploy (the publish) is
    /// part of it; a created object stays a create (its undo is a delete).
    pub fn operation_with(&self, plan: &Plan, deploy: bool) -> Operation {
        match plan {
            Plan::Action(_) if deploy && self.operation != Operation::Create => {
                Operation::ActionDeploy
            }
            Plan::Module(_) if deploy && self.operation != Operation::Create => {
                Operation::ModulePublish
            }
            _ => self.operation,
        }
    }

    /// The id of what a create made (`None`: not a create, or its id was known).
    pub fn made_id<'a>(&self, done: &'a Done) -> Option<&'a str> {
        if self.operation != Operation::Create || !self.object_id.is_empty() {
            return None;
        }
        match done {
            Done::Action(a) => Some(&a.id),
            Done::Module(m) => Some(&m.id),
            _ => None,
        }
    }

    /// The after-state to journal once B answered.
    pub fn after_done(&self, done: &Done) -> journal::Snapshot {
        match done {
            _ if self.operation == Operation::Create => journal::Snapshot::default(),
            Done::Package(package) => journal::Snapshot {
                version_number: Some(package.version),
                ..journal::Snapshot::default()
            },
            Done::Flow(bindings) => journal::Snapshot {
                order: Some(crate::flows::order_of(bindings)),
                ..journal::Snapshot::default()
            },
            Done::Action(_) | Done::Module(_) => self.after.clone(),
        }
    }
}

/// Why the secrets given do not complete a promote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretsError {
    /// Names A lists that B lacks, given no value.
    Missing(Vec<String>),
    /// Given names A does not list.
    NotListed(Vec<String>),
}

fn preview_of(before: Option<&Facets>, after: &Facets) -> Preview {
    let settings = after
        .settings
        .iter()
        .filter_map(|(field, new)| {
            let old = before.and_then(|b| b.setting(*field)).unwrap_or_default();
            (old != new).then(|| (*field, old.to_string(), new.clone()))
        })
        .collect();
    Preview {
        before: before.map(|b| b.code.clone().unwrap_or_default()),
        after: after.code.clone().unwrap_or_default(),
        settings,
    }
}

/// The action as B's draft will hold it (for its facets).
fn planned_action(p: &ActionPlan) -> Action {
    let names = |list: &[String]| {
        list.iter()
            .map(|name| SecretName {
                name: name.clone(),
                updated_at: None,
            })
            .collect()
    };
    Action {
        id: String::new(),
        name: p.name.clone(),
        supported_triggers: vec![p.trigger.clone()],
        code: p.code.clone(),
        code_loaded: true,
        runtime: p.runtime.clone(),
        status: crate::model::BuildStatus::Pending,
        dependencies: p.dependencies.clone(),
        secrets: names(&p.secrets),
        modules: p.pins.clone(),
        all_changes_deployed: false,
        deployed_version: None,
        created_at: None,
        updated_at: None,
    }
}

fn planned_module(p: &ModulePlan) -> Module {
    Module {
        id: String::new(),
        name: p.name.clone(),
        code: p.code.clone(),
        dependencies: p.dependencies.clone(),
        secrets: p
            .secrets
            .iter()
            .map(|name| SecretName {
                name: name.clone(),
                updated_at: None,
            })
            .collect(),
        actions_using_module_total: 0,
        all_changes_published: false,
        latest_version: None,
        created_at: None,
        updated_at: None,
    }
}

/// The one object of `name` a side holds (`None`: none; a refusal when it is there twice or the
/// side could not read the kind).
fn one_of<'a, T>(
    part: &'a Part<T>,
    kind: Kind,
    name: &str,
    named: impl Fn(&T) -> String,
) -> Result<Option<&'a T>, Refusal> {
    let items = match part {
        Part::Read(items) => items,
        Part::Failed(e) => {
            return Err(Refusal::Unread {
                kind,
                error: e.to_string(),
            })
        }
        Part::NotRead => &[][..],
    };
    let mut found = items.iter().filter(|item| named(item) == name);
    let first = found.next();
    if found.next().is_some() {
        return Err(Refusal::Twice {
            kind,
            name: name.to_string(),
        });
    }
    Ok(first)
}

fn required<T>(found: Option<T>, kind: Kind, name: &str) -> Result<T, Refusal> {
    found.ok_or_else(|| Refusal::NotInFrom {
        kind,
        name: name.to_string(),
    })
}

/// The module names an action promote pins (their versions in B must be read first: see
/// [`module_versions`]).
pub fn pinned_modules(from: &Snapshot, name: &str, drafts: bool) -> Vec<String> {
    let Some(action) = from.action(name) else {
        return vec![];
    };
    let pins = if drafts {
        &action.modules
    } else {
        match &action.deployed_version {
            Some(live) => &live.modules,
            None => return vec![],
        }
    };
    pins.iter().map(|p| p.module_name.clone()).collect()
}

/// Every published version of these modules in B (by name; a module B lacks is left out).
pub async fn module_versions(
    backend: &dyn Backend,
    to: &Snapshot,
    names: &[String],
) -> Result<Vec<ModuleVersion>, BackendError> {
    let mut versions = Vec::new();
    for name in names {
        if let Some(module) = to.module(name) {
            versions.extend(backend.list_module_versions(&module.id).await?);
        }
    }
    Ok(versions)
}

/// The plan of promoting `kind` `name` from A to B, from both sides as read (and, for an action
/// that pins modules, B's versions of them). Pure.
pub fn plan(
    kind: Kind,
    name: &str,
    (from, to): (&Snapshot, &Snapshot),
    to_module_versions: &[ModuleVersion],
    options: &Options,
) -> Result<Plan, Refusal> {
    match kind {
        Kind::Action => {
            plan_action(name, (from, to), to_module_versions, options).map(Plan::Action)
        }
        Kind::Module => plan_module(name, (from, to), options).map(Plan::Module),
        Kind::Flow => plan_flow(name, (from, to)).map(Plan::Flow),
        Kind::Package => plan_package(name, (from, to), options).map(Plan::Package),
    }
}

/// Reads what the plan needs beyond both snapshots (B's versions of pinned modules), then plans.
pub async fn plan_reading(
    to_backend: &dyn Backend,
    kind: Kind,
    name: &str,
    (from, to): (&Snapshot, &Snapshot),
    options: &Options,
) -> Result<Result<Plan, Refusal>, BackendError> {
    let versions = if kind == Kind::Action {
        let names = pinned_modules(from, name, options.drafts);
        module_versions(to_backend, to, &names).await?
    } else {
        vec![]
    };
    Ok(plan(kind, name, (from, to), &versions, options))
}

fn plan_action(
    name: &str,
    (from, to): (&Snapshot, &Snapshot),
    versions: &[ModuleVersion],
    options: &Options,
) -> Result<ActionPlan, Refusal> {
    let kind = Kind::Action;
    let source = required(
        one_of(&from.actions, kind, name, |a| a.name.clone())?,
        kind,
        name,
    )?;
    let target = one_of(&to.actions, kind, name, |a| a.name.clone())?;
    let (source_version, code, runtime, dependencies, secrets, pins, triggers) = if options.drafts {
        (
            None,
            &source.code,
            &source.runtime,
            &source.dependencies,
            &source.secrets,
            &source.modules,
            &source.supported_triggers,
        )
    } else {
        let live = source
            .deployed_version
            .as_ref()
            .ok_or_else(|| Refusal::NothingLive {
                kind,
                name: name.to_string(),
            })?;
        let triggers = if live.supported_triggers.is_empty() {
            &source.supported_triggers
        } else {
            &live.supported_triggers
        };
        (
            Some(live.number),
            &live.code,
            &live.runtime,
            &live.dependencies,
            &live.secrets,
            &live.modules,
            triggers,
        )
    };
    let trigger = triggers
        .first()
        .cloned()
        .ok_or_else(|| Refusal::NotInFrom {
            kind,
            name: name.to_string(),
        })?;
    if let Some(theirs) = target.and_then(|t| t.supported_triggers.first()) {
        if *theirs != trigger {
            return Err(Refusal::TriggerDiffers {
                name: name.to_string(),
                from: format!("{}@{}", trigger.id, trigger.version),
                to: format!("{}@{}", theirs.id, theirs.version),
            });
        }
    }
    let pins = pins
        .iter()
        .map(|pin| remap_pin(pin, to, versions))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ActionPlan {
        name: name.to_string(),
        source_version,
        target: target.cloned(),
        trigger,
        code: options.mapping.apply(code).into_owned(),
        runtime: runtime.clone(),
        dependencies: dependencies.clone(),
        secrets: secrets.iter().map(|s| s.name.clone()).collect(),
        pins,
    })
}

/// A's pin as B's ids: B's module of that name at that version number.
fn remap_pin(
    pin: &ModuleRef,
    to: &Snapshot,
    versions: &[ModuleVersion],
) -> Result<ModuleRef, Refusal> {
    let module = to
        .module(&pin.module_name)
        .ok_or_else(|| Refusal::ModuleMissing {
            module: pin.module_name.clone(),
        })?;
    let number = pin.module_version_number;
    let version_id = versions
        .iter()
        .chain(module.latest_version.as_ref())
        .find(|v| v.module_id == module.id && v.number == number)
        .map(|v| v.id.clone())
        .ok_or_else(|| Refusal::ModuleVersionMissing {
            module: pin.module_name.clone(),
            number,
        })?;
    Ok(ModuleRef {
        module_id: module.id.clone(),
        module_name: module.name.clone(),
        module_version_id: version_id,
        module_version_number: number,
    })
}

fn plan_module(
    name: &str,
    (from, to): (&Snapshot, &Snapshot),
    options: &Options,
) -> Result<ModulePlan, Refusal> {
    let kind = Kind::Module;
    let source = required(
        one_of(&from.modules, kind, name, |m| m.name.clone())?,
        kind,
        name,
    )?;
    let target = one_of(&to.modules, kind, name, |m| m.name.clone())?;
    let (source_version, code, dependencies, secrets) = if options.drafts {
        (None, &source.code, &source.dependencies, &source.secrets)
    } else {
        let latest = source
            .latest_version
            .as_ref()
            .ok_or_else(|| Refusal::NothingLive {
                kind,
                name: name.to_string(),
            })?;
        (
            Some(latest.number),
            &latest.code,
            &latest.dependencies,
            &latest.secrets,
        )
    };
    Ok(ModulePlan {
        name: name.to_string(),
        source_version,
        target: target.cloned(),
        code: options.mapping.apply(code).into_owned(),
        dependencies: dependencies.clone(),
        secrets: secrets.iter().map(|s| s.name.clone()).collect(),
    })
}

fn plan_flow(trigger_id: &str, (from, to): (&Snapshot, &Snapshot)) -> Result<FlowPlan, Refusal> {
    let kind = Kind::Flow;
    let named = |f: &super::snapshot::Flow| f.trigger_id.clone();
    let source = required(
        one_of(&from.flows, kind, trigger_id, named)?,
        kind,
        trigger_id,
    )?;
    let target = one_of(&to.flows, kind, trigger_id, named)?;
    // B's actions must be readable to be found.
    if let Part::Failed(e) = &to.actions {
        return Err(Refusal::Unread {
            kind: Kind::Action,
            error: e.to_string(),
        });
    }
    let mut order = Vec::new();
    let mut lacking = Vec::new();
    for binding in &source.bindings {
        let wanted = &binding.action.name;
        match to.action(wanted).filter(|a| a.is_deployed()) {
            Some(action) => order.push(BoundAction {
                action_id: action.id.clone(),
                display_name: binding.display_name.clone(),
            }),
            None => lacking.push(wanted.clone()),
        }
    }
    if !lacking.is_empty() {
        return Err(Refusal::ActionsNotInTo {
            trigger: trigger_id.to_string(),
            names: lacking,
        });
    }
    let seen_bindings: &[Binding] = target.map_or(&[], |f| &f.bindings);
    Ok(FlowPlan {
        trigger_id: trigger_id.to_string(),
        seen: crate::flows::order_of(seen_bindings),
        seen_names: seen_bindings
            .iter()
            .map(|b| b.action.name.clone())
            .collect(),
        order,
        order_names: source
            .bindings
            .iter()
            .map(|b| b.action.name.clone())
            .collect(),
    })
}

fn plan_package(
    name: &str,
    (from, to): (&Snapshot, &Snapshot),
    options: &Options,
) -> Result<PackagePlan, Refusal> {
    let kind = Kind::Package;
    let naming = PackageNaming::of(&from.scope, &to.scope);
    let source = required(
        one_of(&from.packages, kind, name, |p| naming.name(p))?,
        kind,
        name,
    )?;
    let target = one_of(&to.packages, kind, name, |p| naming.name(p))?;
    if let Some(theirs) = target {
        for (field, a, b) in [
            (
                Field::CodeType,
                source.code_type.as_str(),
                theirs.code_type.as_str(),
            ),
            (Field::Language, &source.language, &theirs.language),
        ] {
            if a != b {
                return Err(Refusal::PackageDiffers {
                    name: name.to_string(),
                    field,
                    from: a.to_string(),
                    to: b.to_string(),
                });
            }
        }
    }
    let id = target.map_or_else(
        || PackageId {
            database: to
                .scope
                .database
                .clone()
                .unwrap_or_else(|| source.id.database.clone()),
            owner: to
                .scope
                .owner
                .clone()
                .unwrap_or_else(|| source.id.owner.clone()),
            name: source.id.name.clone(),
        },
        |t| t.id.clone(),
    );
    let code = source.code.as_deref().unwrap_or_default();
    Ok(PackagePlan {
        name: name.to_string(),
        source_version: source.version,
        target: target.cloned(),
        id,
        code: options.mapping.apply(code).into_owned(),
        comment: text::package_comment(&options.from_stage, source.version),
        code_type: source.code_type.clone(),
        language: source.language.clone(),
        description: source.description.clone(),
        metadata: source.metadata.clone(),
    })
}

/// B changed since the plan was read: nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed(pub String);

/// Why a promote was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum PromoteError {
    Changed(Changed),
    Backend(BackendError),
}

impl From<BackendError> for PromoteError {
    fn from(e: BackendError) -> Self {
        Self::Backend(e)
    }
}

/// The read-before-write guard: B's object is read again and must be what the plan was built
/// from (the same guard as editing a draft and reordering a flow).
pub async fn check_unchanged(backend: &dyn Backend, plan: &Plan) -> Result<(), PromoteError> {
    let changed = |what: &str| Err(PromoteError::Changed(Changed(text::changed_since(what))));
    match plan {
        Plan::Action(p) => {
            if let Some(seen) = &p.target {
                let now = backend.get_action(&seen.id).await?;
                if action_state(&now) != action_state(seen) {
                    return changed(&p.name);
                }
            } else {
                let filter = crate::model::ActionFilter {
                    action_name: Some(p.name.clone()),
                    ..crate::model::ActionFilter::default()
                };
                if backend
                    .list_actions(&filter)
                    .await?
                    .iter()
                    .any(|a| a.name == p.name)
                {
                    return changed(&p.name);
                }
            }
        }
        Plan::Module(p) => {
            let now = backend.list_modules().await?;
            let now = now.iter().find(|m| m.name == p.name);
            let same = match (&p.target, now) {
                (Some(seen), Some(now)) => {
                    module_state(seen) == module_state(now) && seen.id == now.id
                }
                (None, None) => true,
                _ => false,
            };
            if !same {
                return changed(&p.name);
            }
        }
        Plan::Flow(p) => {
            let now = backend.list_bindings(&p.trigger_id).await?;
            if !crate::flows::unchanged(&p.seen, &now) {
                return changed(&p.trigger_id);
            }
        }
        Plan::Package(p) => {
            let now = match backend.describe_package(&p.id).await {
                Ok(now) => Some(now),
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e.into()),
            };
            let same = match (&p.target, &now) {
                (Some(seen), Some(now)) => seen.version == now.version && seen.code == now.code,
                (None, None) => true,
                _ => false,
            };
            if !same {
                return changed(&p.name);
            }
        }
    }
    Ok(())
}

/// What of an action the guard compares: its draft, pins and live version.
fn action_state(a: &Action) -> (DraftState, Vec<ModuleRef>, Option<String>) {
    (
        DraftState::of_action(a),
        a.modules.clone(),
        a.deployed_version.as_ref().map(|v| v.id.clone()),
    )
}

fn module_state(m: &Module) -> (DraftState, Option<String>) {
    (
        DraftState::of_module(m),
        m.latest_version.as_ref().map(|v| v.id.clone()),
    )
}

/// B after a promote, as the service answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Action(Action),
    Module(Module),
    Flow(Vec<Binding>),
    /// The package's new current version.
    Package(CodePackage),
}

/// Sends the plan to B (no guard: see [`check_unchanged`], or [`promote`] for both). `secrets`
/// as [`Plan::secrets_to_send`] made them. Never retried.
pub async fn send(
    backend: &dyn Backend,
    plan: &Plan,
    secrets: Vec<SecretInput>,
) -> Result<Done, BackendError> {
    match plan {
        Plan::Action(p) => {
            let action = if let Some(seen) = &p.target {
                let change = plan.draft_change(secrets);
                backend.update_action(&seen.id, &change).await?
            } else {
                let new = NewAction {
                    name: p.name.clone(),
                    trigger: p.trigger.clone(),
                    runtime: Some(p.runtime.clone()),
                    code: p.code.clone(),
                    dependencies: p.dependencies.clone(),
                    secrets,
                    deploy: false,
                };
                backend.create_action(&new).await?
            };
            let pinned_before = p.target.as_ref().map_or(&[][..], |t| &t.modules);
            if pin_ids(pinned_before) == pin_ids(&p.pins) {
                return Ok(Done::Action(action));
            }
            Ok(Done::Action(
                backend.pin_action_modules(&action.id, &p.pins).await?,
            ))
        }
        Plan::Module(p) => {
            let module = if let Some(seen) = &p.target {
                let change = plan.draft_change(secrets);
                backend.update_module(&seen.id, &change).await?
            } else {
                let new = NewModule {
                    name: p.name.clone(),
                    code: p.code.clone(),
                    dependencies: p.dependencies.clone(),
                    secrets,
                    publish: false,
                };
                backend.create_module(&new).await?
            };
            Ok(Done::Module(module))
        }
        Plan::Flow(p) => Ok(Done::Flow(
            backend.update_bindings(&p.trigger_id, &p.order).await?,
        )),
        Plan::Package(p) => {
            if p.target.is_some() {
                backend
                    .alter_package_code(&p.id, &p.code, &p.comment)
                    .await?;
            } else {
                let new = NewPackage {
                    id: p.id.clone(),
                    code_type: p.code_type.clone(),
                    language: p.language.clone(),
                    status: CodeStatus::Active,
                    description: p.description.clone(),
                    metadata: p.metadata.clone(),
                    comment: p.comment.clone(),
                    code: p.code.clone(),
                };
                backend.create_package(&new).await?;
            }
            Ok(Done::Package(backend.describe_package(&p.id).await?))
        }
    }
}

fn pin_ids(pins: &[ModuleRef]) -> Vec<(&str, &str)> {
    pins.iter()
        .map(|p| (p.module_id.as_str(), p.module_version_id.as_str()))
        .collect()
}

/// The guard, then the requests: the whole promote as the dashboard runs it.
pub async fn promote(
    backend: &dyn Backend,
    plan: &Plan,
    secrets: Vec<SecretInput>,
) -> Result<Done, PromoteError> {
    check_unchanged(backend, plan).await?;
    Ok(send(backend, plan, secrets).await?)
}

/// Where an object of a batch goes: modules before the actions that pin them, actions before the
/// flows that bind them; packages (another service) last. Stable within a kind.
pub fn batch_order<T: Clone>(items: &[T], kind_of: impl Fn(&T) -> Kind) -> Vec<T> {
    let rank = |kind: Kind| match kind {
        Kind::Module => 0,
        Kind::Action => 1,
        Kind::Flow => 2,
        Kind::Package => 3,
    };
    let mut ordered = items.to_vec();
    ordered.sort_by_key(|item| rank(kind_of(item)));
    ordered
}

/// How a batch ended: run in [`batch_order`], it stops at the first failure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// (kind, name) promoted, in order.
    pub done: Vec<(Kind, String)>,
    /// The one that failed, and why.
    pub failed: Option<((Kind, String), String)>,
    /// Not tried after the failure.
    pub not_done: Vec<(Kind, String)>,
}

impl BatchReport {
    /// The report of a batch whose `results` came in order, `None` past the first failure.
    pub fn of(ordered: &[(Kind, String)], results: &[Result<(), String>]) -> Self {
        let mut report = Self::default();
        for (i, item) in ordered.iter().enumerate() {
            match results.get(i) {
                Some(Ok(())) if report.failed.is_none() => report.done.push(item.clone()),
                Some(Err(why)) if report.failed.is_none() => {
                    report.failed = Some((item.clone(), why.clone()));
                }
                _ => report.not_done.push(item.clone()),
            }
        }
        report
    }

    /// In words: what was done, what failed and why, what was not done.
    pub fn words(&self) -> String {
        let names = |items: &[(Kind, String)]| {
            items
                .iter()
                .map(|(k, n)| format!("{} {n}", k.as_str()))
                .collect::<Vec<_>>()
        };
        text::batch_report(
            &names(&self.done),
            self.failed
                .as_ref()
                .map(|((k, n), why)| (format!("{} {n}", k.as_str()), why.as_str())),
            &names(&self.not_done),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::secret::Secret;

    fn module_plan(wanted: &[&str], held: Option<&[&str]>) -> Plan {
        let names = |list: &[&str]| -> Vec<SecretName> {
            list.iter()
                .map(|n| SecretName {
                    name: (*n).to_string(),
                    updated_at: None,
                })
                .collect()
        };
        Plan::Module(ModulePlan {
            name: "m".into(),
            source_version: Some(1),
            target: held.map(|held| Module {
                id: "id".into(),
                name: "m".into(),
                code: String::new(),
                dependencies: vec![],
                secrets: names(held),
                actions_using_module_total: 0,
                all_changes_published: true,
                latest_version: None,
                created_at: None,
                updated_at: None,
            }),
            code: "x".into(),
            dependencies: vec![],
            secrets: wanted.iter().map(|n| (*n).to_string()).collect(),
        })
    }

    fn given(name: &str) -> SecretInput {
        SecretInput {
            name: name.into(),
            value: Some(Secret::new("v")),
        }
    }

    #[test]
    fn a_module_keeps_its_secrets_when_the_names_match_else_needs_every_value() {
        let same = module_plan(&["A", "B"], Some(&["B", "A"]));
        assert!(same.secrets_needed().is_empty());
        let sent = same.secrets_to_send(&[]).unwrap();
        assert_eq!(same.draft_change(sent).secrets, None, "not sent: kept");
        // One value given: the list goes whole, so every value is needed.
        assert_eq!(
            same.secrets_to_send(&[given("A")]),
            Err(SecretsError::Missing(vec!["B".into()]))
        );
        let changed = module_plan(&["A", "C"], Some(&["A"]));
        assert_eq!(changed.secrets_needed(), ["A", "C"]);
        assert_eq!(
            changed.secrets_to_send(&[given("Z")]),
            Err(SecretsError::NotListed(vec!["Z".into()]))
        );
        let sent = changed.secrets_to_send(&[given("C"), given("A")]).unwrap();
        let names: Vec<&str> = sent.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["A", "C"], "in the source's order");
        assert!(changed.draft_change(sent).secrets.is_some());
    }

    #[test]
    fn a_created_module_needs_a_value_for_each_secret() {
        let new = module_plan(&["A"], None);
        assert!(new.creates());
        assert_eq!(new.secrets_needed(), ["A"]);
        assert!(new.secrets_to_send(&[given("A")]).is_ok());
    }

    #[test]
    fn a_batch_report_says_what_was_done_and_what_was_not() {
        let items = vec![
            (Kind::Module, "m".to_string()),
            (Kind::Action, "a".to_string()),
        ];
        let all = BatchReport::of(&items, &[Ok(()), Ok(())]);
        assert_eq!(all.words(), "promoted: module m, action a");
        let first = BatchReport::of(&items, &[Err("401".into())]);
        assert_eq!(
            first.words(),
            "promoted: nothing; failed: module m (401); not done: action a"
        );
    }
}
