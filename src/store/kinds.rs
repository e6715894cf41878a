//! How each model type goes into the store and comes back: its identity, its code (kept apart,
//! once per content), the columns a query reads, and the rest as JSON. The model types are used as
//! they are: none of them can hold a secret's value (secrets are `SecretName`s), so none is stored.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::model::{
    Action, ActionVersion, CodePackage, Dependency, Module, ModuleVersion, SecretName, Timestamp,
};

/// What the store keeps: actions, modules, FairCom code packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    Action,
    Module,
    Package,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Action => "action",
            Self::Module => "module",
            Self::Package => "package",
        }
    }

    /// Back from [`ObjectKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "action" => Some(Self::Action),
            "module" => Some(Self::Module),
            "package" => Some(Self::Package),
            _ => None,
        }
    }
}

/// The queryable columns of a version row, besides its identity and code.
#[derive(Debug, Clone, Default)]
pub struct VersionColumns {
    pub created_at: Option<String>,
    pub status: Option<String>,
    pub runtime: Option<String>,
    pub dependencies: Vec<Dependency>,
    pub secrets: Vec<SecretName>,
}

/// An immutable version of an object: an action version, a module version, an entry of a code
/// package's history.
pub trait Versioned: Serialize + DeserializeOwned + Clone {
    const KIND: ObjectKind;
    /// The service's id of this version (a package's: its version number).
    fn version_id(&self) -> String;
    fn number(&self) -> u32;
    /// `None`: the service sent this version without its code (a package list).
    fn code(&self) -> Option<&str>;
    fn columns(&self) -> VersionColumns;
    /// A copy without what is kept elsewhere (code, dependencies, secrets) or changes after the
    /// fact (whether it is deployed): the `record` column.
    fn stripped(&self) -> Self;
    /// Back from `stripped`, with what was kept elsewhere.
    fn restored(self, code: Option<String>, columns: VersionColumns) -> Self;
    /// Marked as the object's live version (or not), where the type says so.
    fn marked_live(self, _live: bool) -> Self {
        self
    }
}

fn stamp(at: Option<Timestamp>) -> Option<String> {
    at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

impl Versioned for ActionVersion {
    const KIND: ObjectKind = ObjectKind::Action;
    fn version_id(&self) -> String {
        self.id.clone()
    }
    fn number(&self) -> u32 {
        self.number
    }
    fn code(&self) -> Option<&str> {
        Some(&self.code)
    }
    fn columns(&self) -> VersionColumns {
        VersionColumns {
            created_at: stamp(self.created_at),
            status: Some(self.status.as_str().to_string()),
            runtime: Some(self.runtime.clone()),
            dependencies: self.dependencies.clone(),
            secrets: self.secrets.clone(),
        }
    }
    fn stripped(&self) -> Self {
        Self {
            code: String::new(),
            deployed: false,
            dependencies: vec![],
            secrets: vec![],
            ..self.clone()
        }
    }
    fn restored(self, code: Option<String>, columns: VersionColumns) -> Self {
        Self {
            code: code.unwrap_or_default(),
            dependencies: columns.dependencies,
            secrets: columns.secrets,
            ..self
        }
    }
    fn marked_live(self, live: bool) -> Self {
        Self {
            deployed: live,
            ..self
        }
    }
}

impl Versioned for ModuleVersion {
    const KIND: ObjectKind = ObjectKind::Module;
    fn version_id(&self) -> String {
        self.id.clone()
    }
    fn number(&self) -> u32 {
        self.number
    }
    fn code(&self) -> Option<&str> {
        Some(&self.code)
    }
    fn columns(&self) -> VersionColumns {
        VersionColumns {
            created_at: stamp(self.created_at),
            dependencies: self.dependencies.clone(),
            secrets: self.secrets.clone(),
            ..VersionColumns::default()
        }
    }
    fn stripped(&self) -> Self {
        Self {
            code: String::new(),
            dependencies: vec![],
            secrets: vec![],
            ..self.clone()
        }
    }
    fn restored(self, code: Option<String>, columns: VersionColumns) -> Self {
        Self {
            code: code.unwrap_or_default(),
            dependencies: columns.dependencies,
            secrets: columns.secrets,
            ..self
        }
    }
}

impl Versioned for CodePackage {
    const KIND: ObjectKind = ObjectKind::Package;
    fn version_id(&self) -> String {
        self.version.to_string()
    }
    fn number(&self) -> u32 {
        self.version
    }
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    fn columns(&self) -> VersionColumns {
        VersionColumns {
            // FairCom's times are the server's local time, kept as the server wrote them.
            created_at: self
                .updated_on
                .or(self.created_on)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()),
            status: Some(self.status.as_str().to_string()),
            runtime: Some(self.language.clone()),
            ..VersionColumns::default()
        }
    }
    fn stripped(&self) -> Self {
        Self {
            code: None,
            ..self.clone()
        }
    }
    fn restored(self, code: Option<String>, _: VersionColumns) -> Self {
        Self { code, ..self }
    }
}

/// An object as a list (or a read of it) shows it: with its draft and its live version.
pub trait Listed: Serialize + DeserializeOwned + Clone {
    type Version: Versioned;
    /// The service's id (a package's `database/owner/name`).
    fn object_id(&self) -> String;
    fn object_name(&self) -> String;
    /// The draft's code, when this payload carries it.
    fn draft_code(&self) -> Option<&str>;
    /// The version that runs (deployed action version, latest module version, current package).
    fn live_version(&self) -> Option<Self::Version>;
    /// A copy without the code kept elsewhere (the draft's and the live version's).
    fn stripped(&self) -> Self;
    /// Back from `stripped`.
    fn restored(self, draft: Option<String>, live: Option<Self::Version>) -> Self;
}

impl Listed for Action {
    type Version = ActionVersion;
    fn object_id(&self) -> String {
        self.id.clone()
    }
    fn object_name(&self) -> String {
        self.name.clone()
    }
    fn draft_code(&self) -> Option<&str> {
        self.code_loaded.then_some(self.code.as_str())
    }
    fn live_version(&self) -> Option<ActionVersion> {
        // A binding's action carries no code at all: its versions' code is not known from it.
        self.deployed_version.clone().filter(|_| self.code_loaded)
    }
    fn stripped(&self) -> Self {
        Self {
            code: String::new(),
            deployed_version: self.deployed_version.as_ref().map(|v| ActionVersion {
                code: String::new(),
                ..v.clone()
            }),
            ..self.clone()
        }
    }
    fn restored(self, draft: Option<String>, live: Option<ActionVersion>) -> Self {
        Self {
            code: draft.unwrap_or_default(),
            deployed_version: live
                .map(|v| ActionVersion {
                    deployed: true,
                    ..v
                })
                .or(self.deployed_version),
            ..self
        }
    }
}

impl Listed for Module {
    type Version = ModuleVersion;
    fn object_id(&self) -> String {
        self.id.clone()
    }
    fn object_name(&self) -> String {
        self.name.clone()
    }
    fn draft_code(&self) -> Option<&str> {
        Some(&self.code)
    }
    fn live_version(&self) -> Option<ModuleVersion> {
        self.latest_version.clone()
    }
    fn stripped(&self) -> Self {
        Self {
            code: String::new(),
            latest_version: self.latest_version.as_ref().map(|v| ModuleVersion {
                code: String::new(),
                ..v.clone()
            }),
            ..self.clone()
        }
    }
    fn restored(self, draft: Option<String>, live: Option<ModuleVersion>) -> Self {
        Self {
            code: draft.unwrap_or_default(),
            latest_version: live.or(self.latest_version),
            ..self
        }
    }
}

impl Listed for CodePackage {
    type Version = CodePackage;
    fn object_id(&self) -> String {
        self.id.key()
    }
    fn object_name(&self) -> String {
        self.id.name.clone()
    }
    /// A package has no draft: its current version is what runs.
    fn draft_code(&self) -> Option<&str> {
        None
    }
    fn live_version(&self) -> Option<CodePackage> {
        Some(self.clone())
    }
    fn stripped(&self) -> Self {
        Versioned::stripped(self)
    }
    fn restored(self, _: Option<String>, live: Option<CodePackage>) -> Self {
        live.unwrap_or(self)
    }
}
