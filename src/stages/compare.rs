//! The comparison itself, pure: two snapshots in, one row per object matched by name out, each with
//! a state and the names of the fields that differ. The words of `Kind`, `State` and `Field` are
//! what `codedeck compare --json` prints: scripts rely on them, keep them stable.

use std::collections::BTreeMap;

use serde::Serialize;

use super::mapping::Mapping;
use super::snapshot::{Flow, PackageScope, Part, Snapshot};
use crate::model::{Action, CodePackage, Dependency, Module, SecretName, TriggerRef};

/// What a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Action,
    Module,
    /// A trigger's bound actions, in order (named by the trigger id).
    Flow,
    /// A FairCom code package (named `owner/name`, or `database/owner/name` when neither side
    /// names its database).
    Package,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Action, Kind::Module, Kind::Flow, Kind::Package];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Action => "action",
            Self::Module => "module",
            Self::Flow => "flow",
            Self::Package => "package",
        }
    }
}

/// How an object compares. When its code and its settings both differ, the row says
/// `code_differs` (and lists every differing field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Same,
    /// The same once the mappings (replace pairs, keywords) are applied to A's code.
    SameMapped,
    CodeDiffers,
    SettingsDiffer,
    OnlyInFrom,
    OnlyInTo,
    /// A side could not be read (or holds the name twice): nobody knows.
    Unknown,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::SameMapped => "same_mapped",
            Self::CodeDiffers => "code_differs",
            Self::SettingsDiffer => "settings_differ",
            Self::OnlyInFrom => "only_in_from",
            Self::OnlyInTo => "only_in_to",
            Self::Unknown => "unknown",
        }
    }

    /// Same, or the same once mapped.
    pub fn is_same(self) -> bool {
        matches!(self, Self::Same | Self::SameMapped)
    }
}

/// A field that differs, as a row lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// One side has no live version of the action (live comparison).
    Deployed,
    /// One side has no published version of the module (live comparison).
    Published,
    Code,
    Runtime,
    /// npm dependencies, name and version.
    Dependencies,
    /// Secret NAMES (values are never read).
    Secrets,
    /// Supported triggers, id and version.
    Trigger,
    /// Module pins, by module name and version number.
    Modules,
    /// A flow's bound actions, by name, in order.
    Order,
    /// A package's code type.
    CodeType,
    /// A package's language.
    Language,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deployed => "deployed",
            Self::Published => "published",
            Self::Code => "code",
            Self::Runtime => "runtime",
            Self::Dependencies => "dependencies",
            Self::Secrets => "secrets",
            Self::Trigger => "trigger",
            Self::Modules => "modules",
            Self::Order => "order",
            Self::CodeType => "code_type",
            Self::Language => "language",
        }
    }
}

/// One object compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub kind: Kind,
    pub name: String,
    pub state: State,
    pub differences: Vec<Field>,
}

/// What is compared, and how A's code is rewritten for B.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Compare actions' and modules' drafts instead of what is live (deployed, published).
    pub drafts: bool,
    pub mapping: Mapping,
}

/// What one object compares by: its code (`None`: nothing live or published) and its settings,
/// each as one normalized text (sorted, so the order a service lists them in does not count).
/// The dashboard shows the differing settings from these texts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub code: Option<String>,
    /// What it lacks when `code` is `None` (`deployed`, `published`).
    pub absent: Option<Field>,
    pub settings: Vec<(Field, String)>,
}

impl Facets {
    pub fn setting(&self, field: Field) -> Option<&str> {
        self.settings
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, text)| text.as_str())
    }
}

fn sorted_text(mut items: Vec<String>) -> String {
    items.sort();
    items.join(", ")
}

fn dependencies_text(deps: &[Dependency]) -> String {
    sorted_text(
        deps.iter()
            .map(|d| format!("{}@{}", d.name, d.version))
            .collect(),
    )
}

fn secrets_text(secrets: &[SecretName]) -> String {
    sorted_text(secrets.iter().map(|s| s.name.clone()).collect())
}

fn triggers_text(triggers: &[TriggerRef]) -> String {
    sorted_text(
        triggers
            .iter()
            .map(|t| format!("{}@{}", t.id, t.version))
            .collect(),
    )
}

fn pins_text(pins: &[crate::model::ModuleRef]) -> String {
    sorted_text(
        pins.iter()
            .map(|m| format!("{}@v{}", m.module_name, m.module_version_number))
            .collect(),
    )
}

/// An action's live version (or its draft): code, runtime, dependencies, secret names, triggers,
/// module pins.
pub fn action_facets(action: &Action, drafts: bool) -> Facets {
    if drafts {
        return Facets {
            code: Some(action.code.clone()),
            absent: None,
            settings: vec![
                (Field::Runtime, action.runtime.clone()),
                (Field::Dependencies, dependencies_text(&action.dependencies)),
                (Field::Secrets, secrets_text(&action.secrets)),
                (Field::Trigger, triggers_text(&action.supported_triggers)),
                (Field::Modules, pins_text(&action.modules)),
            ],
        };
    }
    match &action.deployed_version {
        None => Facets {
            code: None,
            absent: Some(Field::Deployed),
            settings: vec![],
        },
        Some(live) => Facets {
            code: Some(live.code.clone()),
            absent: None,
            settings: vec![
                (Field::Runtime, live.runtime.clone()),
                (Field::Dependencies, dependencies_text(&live.dependencies)),
                (Field::Secrets, secrets_text(&live.secrets)),
                // A version's triggers may be left out of an answer: the action's then.
                (
                    Field::Trigger,
                    triggers_text(if live.supported_triggers.is_empty() {
                        &action.supported_triggers
                    } else {
                        &live.supported_triggers
                    }),
                ),
                (Field::Modules, pins_text(&live.modules)),
            ],
        },
    }
}

/// A module's latest published version (or its draft): code, dependencies, secret names.
pub fn module_facets(module: &Module, drafts: bool) -> Facets {
    let (code, dependencies, secrets) = if drafts {
        (&module.code, &module.dependencies, &module.secrets)
    } else {
        match &module.latest_version {
            None => {
                return Facets {
                    code: None,
                    absent: Some(Field::Published),
                    settings: vec![],
                }
            }
            Some(v) => (&v.code, &v.dependencies, &v.secrets),
        }
    };
    Facets {
        code: Some(code.clone()),
        absent: None,
        settings: vec![
            (Field::Dependencies, dependencies_text(dependencies)),
            (Field::Secrets, secrets_text(secrets)),
        ],
    }
}

/// A flow: the ordered action names, one a line (no code).
pub fn flow_facets(flow: &Flow) -> Facets {
    Facets {
        code: None,
        absent: None,
        settings: vec![(Field::Order, flow.action_names().join("\n"))],
    }
}

/// A package's current version: code, code type, language (its status is the stage's own).
pub fn package_facets(package: &CodePackage) -> Facets {
    Facets {
        code: Some(package.code.clone().unwrap_or_default()),
        absent: None,
        settings: vec![
            (Field::CodeType, package.code_type.as_str().to_string()),
            (Field::Language, package.language.clone()),
        ],
    }
}

/// The settings that differ between two objects, with A's and B's text: what the diff pane shows
/// above the code (runtime, dependencies, secret names — never values — module pins, order).
pub fn setting_differences<'a>(from: &'a Facets, to: &'a Facets) -> Vec<(Field, &'a str, &'a str)> {
    fields_of(from, to)
        .into_iter()
        .filter_map(|f| {
            let (a, b) = (
                from.setting(f).unwrap_or_default(),
                to.setting(f).unwrap_or_default(),
            );
            (a != b).then_some((f, a, b))
        })
        .collect()
}

/// The settings either side has, each once, in A's order.
fn fields_of(from: &Facets, to: &Facets) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for (field, _) in from.settings.iter().chain(&to.settings) {
        if !fields.contains(field) {
            fields.push(*field);
        }
    }
    fields
}

/// How two objects of the same name compare, A's code mapped for B.
pub fn compare_facets(from: &Facets, to: &Facets, mapping: &Mapping) -> (State, Vec<Field>) {
    if from.code.is_some() != to.code.is_some() {
        let missing = from.absent.or(to.absent).unwrap_or(Field::Code);
        return (State::CodeDiffers, vec![missing]);
    }
    let mut differences: Vec<Field> = Vec::new();
    let mut mapped = false;
    if let (Some(a), Some(b)) = (&from.code, &to.code) {
        if a != b {
            if mapping.apply(a) == b.as_str() {
                mapped = true;
            } else {
                differences.push(Field::Code);
            }
        }
    }
    for field in fields_of(from, to) {
        if from.setting(field) != to.setting(field) {
            differences.push(field);
        }
    }
    let state = if differences.contains(&Field::Code) {
        State::CodeDiffers
    } else if !differences.is_empty() {
        State::SettingsDiffer
    } else if mapped {
        State::SameMapped
    } else {
        State::Same
    };
    (state, differences)
}

/// How package names are matched: without the database when either side names its database (one
/// server, a database per stage), without the owner when either names its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PackageNaming {
    pub without_database: bool,
    pub without_owner: bool,
}

impl PackageNaming {
    pub fn of(from: &PackageScope, to: &PackageScope) -> Self {
        Self {
            without_database: from.database.is_some() || to.database.is_some(),
            without_owner: from.owner.is_some() || to.owner.is_some(),
        }
    }

    /// The name a package's row has.
    pub fn name(self, package: &CodePackage) -> String {
        let id = &package.id;
        match (self.without_database, self.without_owner) {
            (true, true) => id.name.clone(),
            (true, false) => format!("{}/{}", id.owner, id.name),
            (false, true) => format!("{}/{}", id.database, id.name),
            (false, false) => id.key(),
        }
    }
}

/// The package names a side holds more than once under this naming (one code name in several
/// databases or owners it can see): their rows are `unknown` until the profile names its place.
pub fn named_twice(side: &Snapshot, naming: PackageNaming) -> Vec<String> {
    let Some(packages) = side.packages.read() else {
        return vec![];
    };
    by_name(packages, |p| naming.name(p))
        .into_iter()
        .filter(|(_, found)| found.len() > 1)
        .map(|(name, _)| name)
        .collect()
}

/// Every object of both sides, one row each, by kind then name. A kind one side could not read
/// gives `unknown` rows for the names the other side has; a kind not read on a side is left out.
pub fn compare(from: &Snapshot, to: &Snapshot, options: &Options) -> Vec<Row> {
    let mapping = &options.mapping;
    let drafts = options.drafts;
    let naming = PackageNaming::of(&from.scope, &to.scope);
    let mut rows = rows_of(
        Kind::Action,
        (&from.actions, &to.actions),
        |a| a.name.clone(),
        |a| action_facets(a, drafts),
        mapping,
    );
    rows.extend(rows_of(
        Kind::Module,
        (&from.modules, &to.modules),
        |m| m.name.clone(),
        |m| module_facets(m, drafts),
        mapping,
    ));
    rows.extend(rows_of(
        Kind::Flow,
        (&from.flows, &to.flows),
        |f| f.trigger_id.clone(),
        flow_facets,
        mapping,
    ));
    rows.extend(rows_of(
        Kind::Package,
        (&from.packages, &to.packages),
        |p| naming.name(p),
        package_facets,
        mapping,
    ));
    rows
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> String) -> BTreeMap<String, Vec<&T>> {
    let mut map: BTreeMap<String, Vec<&T>> = BTreeMap::new();
    for item in items {
        map.entry(name(item)).or_default().push(item);
    }
    map
}

fn rows_of<T>(
    kind: Kind,
    (from, to): (&Part<T>, &Part<T>),
    name: impl Fn(&T) -> String,
    facets: impl Fn(&T) -> Facets,
    mapping: &Mapping,
) -> Vec<Row> {
    let row = |name: &str, state: State, differences: Vec<Field>| Row {
        kind,
        name: name.to_string(),
        state,
        differences,
    };
    match (from, to) {
        (Part::NotRead, _) | (_, Part::NotRead) | (Part::Failed(_), Part::Failed(_)) => vec![],
        (Part::Read(items), Part::Failed(_)) | (Part::Failed(_), Part::Read(items)) => {
            by_name(items, name)
                .keys()
                .map(|n| row(n, State::Unknown, vec![]))
                .collect()
        }
        (Part::Read(a), Part::Read(b)) => {
            let (a, b) = (by_name(a, &name), by_name(b, &name));
            let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
            names.sort();
            names.dedup();
            names
                .into_iter()
                .map(
                    |n| match (a.get(n).map(Vec::as_slice), b.get(n).map(Vec::as_slice)) {
                        (Some([one]), Some([other])) => {
                            let (state, differences) =
                                compare_facets(&facets(one), &facets(other), mapping);
                            row(n, state, differences)
                        }
                        (Some([_]), None) => row(n, State::OnlyInFrom, vec![]),
                        (None, Some([_])) => row(n, State::OnlyInTo, vec![]),
                        // The name stands twice on a side (packages of several places): no match.
                        _ => row(n, State::Unknown, vec![]),
                    },
                )
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionVersion, BuildStatus, CodeStatus, CodeType, ModuleRef, PackageId};
    use crate::stages::snapshot::Snapshot;

    fn live(code: &str, runtime: &str) -> ActionVersion {
        ActionVersion {
            id: format!("v-{code}"),
            number: 1,
            code: code.into(),
            runtime: runtime.into(),
            status: BuildStatus::Built,
            deployed: true,
            errors: vec![],
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            supported_triggers: vec![TriggerRef {
                id: "post-login".into(),
                version: "v3".into(),
            }],
            created_at: None,
            built_at: None,
        }
    }

    fn action(name: &str, code: &str) -> Action {
        Action {
            id: format!("id-{name}-{code}"),
            name: name.into(),
            supported_triggers: vec![TriggerRef {
                id: "post-login".into(),
                version: "v3".into(),
            }],
            code: code.into(),
            code_loaded: true,
            runtime: "node22".into(),
            status: BuildStatus::Built,
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            all_changes_deployed: true,
            deployed_version: Some(live(code, "node22")),
            created_at: None,
            updated_at: None,
        }
    }

    fn package(database: &str, name: &str, code: &str) -> CodePackage {
        CodePackage {
            id: PackageId {
                database: database.into(),
                owner: "admin".into(),
                name: name.into(),
            },
            code_id: 1,
            version: 1,
            cloned_code_id: 0,
            status: CodeStatus::Active,
            language: "javascript".into(),
            code_type: CodeType::GetRecordsTransform,
            description: String::new(),
            metadata: serde_json::Value::Null,
            comment: String::new(),
            code_format: "utf-8".into(),
            code: Some(code.into()),
            created_by: String::new(),
            created_on: None,
            updated_by: String::new(),
            updated_on: None,
        }
    }

    fn side(actions: Vec<Action>) -> Snapshot {
        Snapshot {
            actions: Part::Read(actions),
            ..Snapshot::empty()
        }
    }

    fn states(rows: &[Row]) -> Vec<(&str, State, Vec<Field>)> {
        rows.iter()
            .map(|r| (r.name.as_str(), r.state, r.differences.clone()))
            .collect()
    }

    #[test]
    fn every_state_of_an_action_row() {
        let mut settings = action("settings", "x");
        if let Some(v) = settings.deployed_version.as_mut() {
            v.runtime = "node18".into();
            v.secrets = vec![SecretName {
                name: "API_KEY".into(),
                updated_at: None,
            }];
        }
        let mut both = action("both", "new");
        if let Some(v) = both.deployed_version.as_mut() {
            v.dependencies = vec![Dependency {
                name: "axios".into(),
                version: "1.7.0".into(),
            }];
        }
        let from = side(vec![
            action("same", "a"),
            action("mapped", "fetch('https://dev.example.com')"),
            action("code", "old"),
            action("settings", "x"),
            action("both", "old"),
            action("only-from", "a"),
        ]);
        let to = side(vec![
            action("only-to", "a"),
            both,
            settings,
            action("code", "new"),
            action("mapped", "fetch('https://example.com')"),
            action("same", "a"),
        ]);
        let options = Options {
            drafts: false,
            mapping: Mapping::new(vec![("dev.example.com".into(), "example.com".into())]),
        };
        let rows = compare(&from, &to, &options);
        assert!(rows.iter().all(|r| r.kind == Kind::Action));
        assert_eq!(
            states(&rows),
            [
                (
                    "both",
                    State::CodeDiffers,
                    vec![Field::Code, Field::Dependencies]
                ),
                ("code", State::CodeDiffers, vec![Field::Code]),
                ("mapped", State::SameMapped, vec![]),
                ("only-from", State::OnlyInFrom, vec![]),
                ("only-to", State::OnlyInTo, vec![]),
                ("same", State::Same, vec![]),
                (
                    "settings",
                    State::SettingsDiffer,
                    vec![Field::Runtime, Field::Secrets]
                ),
            ]
        );
        // Without the mapping the mapped one differs in code.
        let rows = compare(&from, &to, &Options::default());
        assert_eq!(rows[2].state, State::CodeDiffers);
    }

    #[test]
    fn live_by_default_drafts_on_request_and_a_side_with_nothing_live() {
        let mut drafted = action("a", "live");
        drafted.code = "draft edit".into();
        let mut never = action("b", "x");
        never.deployed_version = None;
        let from = side(vec![drafted, never.clone()]);
        let to = side(vec![action("a", "live"), action("b", "x")]);
        let rows = compare(&from, &to, &Options::default());
        assert_eq!(
            states(&rows),
            [
                ("a", State::Same, vec![]),
                ("b", State::CodeDiffers, vec![Field::Deployed])
            ]
        );
        let drafts = Options {
            drafts: true,
            ..Options::default()
        };
        let rows = compare(&from, &to, &drafts);
        assert_eq!(
            states(&rows),
            [
                ("a", State::CodeDiffers, vec![Field::Code]),
                ("b", State::Same, vec![])
            ]
        );
        // Nothing live on either side: nothing differs there.
        let rows = compare(
            &side(vec![never.clone()]),
            &side(vec![never]),
            &Options::default(),
        );
        assert_eq!(rows[0].state, State::Same);
    }

    #[test]
    fn setting_differences_give_both_sides_text() {
        let mut b = action("a", "x");
        if let Some(v) = b.deployed_version.as_mut() {
            v.runtime = "node18".into();
        }
        let (from, to) = (
            action_facets(&action("a", "x"), false),
            action_facets(&b, false),
        );
        assert_eq!(
            setting_differences(&from, &to),
            [(Field::Runtime, "node22", "node18")]
        );
        assert!(setting_differences(&from, &from).is_empty());
    }

    #[test]
    fn module_pins_compare_by_name_and_number_not_by_id() {
        let pin = |id: &str, number: u32| ModuleRef {
            module_id: format!("m-{id}"),
            module_name: "utils".into(),
            module_version_id: format!("mv-{id}-{number}"),
            module_version_number: number,
        };
        let with_pin = |id: &str, number: u32| {
            let mut a = action("a", "x");
            if let Some(v) = a.deployed_version.as_mut() {
                v.modules = vec![pin(id, number)];
            }
            a
        };
        let rows = compare(
            &side(vec![with_pin("dev", 2)]),
            &side(vec![with_pin("prod", 2)]),
            &Options::default(),
        );
        assert_eq!(rows[0].state, State::Same);
        let rows = compare(
            &side(vec![with_pin("dev", 3)]),
            &side(vec![with_pin("prod", 2)]),
            &Options::default(),
        );
        assert_eq!(
            (rows[0].state, rows[0].differences.clone()),
            (State::SettingsDiffer, vec![Field::Modules])
        );
    }

    #[test]
    fn a_side_that_failed_makes_its_kind_unknown_and_the_rest_compares() {
        let failed = Snapshot {
            actions: Part::Failed(crate::model::BackendError::Auth("401".into())),
            packages: Part::Read(vec![package("faircom", "p", "x")]),
            ..Snapshot::empty()
        };
        let read = Snapshot {
            actions: Part::Read(vec![action("a", "x"), action("b", "y")]),
            packages: Part::Read(vec![package("faircom", "p", "x")]),
            ..Snapshot::empty()
        };
        let rows = compare(&read, &failed, &Options::default());
        assert_eq!(
            rows.iter()
                .map(|r| (r.kind, r.name.as_str(), r.state))
                .collect::<Vec<_>>(),
            [
                (Kind::Action, "a", State::Unknown),
                (Kind::Action, "b", State::Unknown),
                (Kind::Package, "faircom/admin/p", State::Same),
            ]
        );
        assert_eq!(failed.failures().len(), 1);
        assert_eq!(failed.failures()[0].0, Kind::Action);
    }

    #[test]
    fn flows_compare_their_order_by_action_name() {
        let flow = |names: &[&str]| Flow {
            trigger_id: "post-login".into(),
            bindings: names
                .iter()
                .map(|n| crate::model::Binding {
                    id: format!("b-{n}"),
                    trigger_id: "post-login".into(),
                    display_name: (*n).into(),
                    action: action(n, ""),
                    created_at: None,
                    updated_at: None,
                })
                .collect(),
        };
        let flows = |f: Vec<Flow>| Snapshot {
            flows: Part::Read(f),
            ..Snapshot::empty()
        };
        let rows = compare(
            &flows(vec![flow(&["a", "b"])]),
            &flows(vec![flow(&["a", "b"])]),
            &Options::default(),
        );
        assert_eq!(states(&rows), [("post-login", State::Same, vec![])]);
        let rows = compare(
            &flows(vec![flow(&["a", "b"])]),
            &flows(vec![flow(&["b", "a"])]),
            &Options::default(),
        );
        assert_eq!(
            states(&rows),
            [("post-login", State::SettingsDiffer, vec![Field::Order])]
        );
        let rows = compare(
            &flows(vec![flow(&["a"])]),
            &flows(vec![]),
            &Options::default(),
        );
        assert_eq!(rows[0].state, State::OnlyInFrom);
    }

    #[test]
    fn packages_match_by_owner_and_name_within_each_sides_database() {
        let place = |db: &str, packages: Vec<CodePackage>| Snapshot {
            packages: Part::Read(packages),
            scope: PackageScope {
                database: Some(db.into()),
                owner: None,
            },
            ..Snapshot::empty()
        };
        let mut other_language = package("PROD", "c", "x");
        other_language.language = "python".into();
        let rows = compare(
            &place(
                "DEV",
                vec![
                    package("DEV", "a", "x"),
                    package("DEV", "b", "old"),
                    package("DEV", "c", "x"),
                ],
            ),
            &place(
                "PROD",
                vec![
                    package("PROD", "a", "x"),
                    package("PROD", "b", "new"),
                    other_language,
                ],
            ),
            &Options::default(),
        );
        assert_eq!(
            states(&rows),
            [
                ("admin/a", State::Same, vec![]),
                ("admin/b", State::CodeDiffers, vec![Field::Code]),
                ("admin/c", State::SettingsDiffer, vec![Field::Language]),
            ]
        );
        // A side that sees the name in two databases cannot say which is meant.
        let unscoped = Snapshot {
            packages: Part::Read(vec![package("one", "a", "x"), package("two", "a", "x")]),
            ..Snapshot::empty()
        };
        let rows = compare(
            &place("DEV", vec![package("DEV", "a", "x")]),
            &unscoped,
            &Options::default(),
        );
        assert_eq!(states(&rows), [("admin/a", State::Unknown, vec![])]);
    }

    #[test]
    fn the_json_words_are_the_documented_ones() {
        let row = Row {
            kind: Kind::Package,
            name: "n".into(),
            state: State::SameMapped,
            differences: vec![Field::CodeType, Field::Secrets],
        };
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            serde_json::json!({"kind": "package", "name": "n", "state": "same_mapped",
                               "differences": ["code_type", "secrets"]})
        );
        for state in [
            State::Same,
            State::SameMapped,
            State::CodeDiffers,
            State::SettingsDiffer,
            State::OnlyInFrom,
            State::OnlyInTo,
            State::Unknown,
        ] {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn actions() -> impl Strategy<Value = Vec<Action>> {
            proptest::collection::btree_map("[a-e]", "[xyz]{0,3}", 0..6).prop_map(|named| {
                named
                    .into_iter()
                    .map(|(name, code)| action(&name, &code))
                    .collect()
            })
        }

        proptest! {
            #[test]
            fn a_side_is_the_same_as_itself_and_swapping_sides_swaps_only_in(
                a in actions(), b in actions()
            ) {
                let (a, b) = (side(a), side(b));
                let itself = compare(&a, &a, &Options::default());
                prop_assert!(itself.iter().all(|r| r.state == State::Same));
                let there = compare(&a, &b, &Options::default());
                let back = compare(&b, &a, &Options::default());
                prop_assert_eq!(there.len(), back.len());
                for (t, r) in there.iter().zip(&back) {
                    prop_assert_eq!(&t.name, &r.name);
                    let swapped = match t.state {
                        State::OnlyInFrom => State::OnlyInTo,
                        State::OnlyInTo => State::OnlyInFrom,
                        other => other,
                    };
                    prop_assert_eq!(swapped, r.state);
                    prop_assert_eq!(&t.differences, &r.differences);
                }
            }
        }
    }
}
