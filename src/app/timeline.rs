//! A version timeline, provider-neutral: the draft (when it differs from live) on top, then every
//! version newest first, each with its code, its state (a build status, or a code package's status)
//! and whether it is the live one.

use std::sync::Arc;

use crate::journal::ObjectKind;
use crate::model::{
    Action, ActionVersion, BuildStatus, CodePackage, CodeStatus, Module, ModuleVersion, ServerTime,
    SettingChange, Timestamp,
};
use crate::strings as s;

/// What has versions: actions, modules and FairCom code packages (the journal's `ObjectKind` also
/// names triggers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioned {
    Action,
    Module,
    Package,
}

impl Versioned {
    pub fn journal_kind(self) -> ObjectKind {
        match self {
            Versioned::Action => ObjectKind::Action,
            Versioned::Module => ObjectKind::Module,
            Versioned::Package => ObjectKind::Package,
        }
    }
}

/// A version's state as its service keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStatus {
    /// An Auth0 build status.
    Build(BuildStatus),
    /// The FairCom status the version had.
    Package(CodeStatus),
}

impl RowStatus {
    pub fn is_built(&self) -> bool {
        *self == RowStatus::Build(BuildStatus::Built)
    }
}

/// When a version was made: Auth0 sends UTC; FairCom sends the server's local time without a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Utc(Timestamp),
    Server(ServerTime),
}

/// Which row, stable across reloads (indexes shift when a version is added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKey {
    Draft,
    Version(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub key: RowKey,
    /// A live module version is "the latest"; a live action version is "live".
    pub kind: Versioned,
    /// `None` for the draft.
    pub version_id: Option<String>,
    pub code: Arc<str>,
    pub status: RowStatus,
    /// Build errors (`errors[].msg`).
    pub errors: Vec<String>,
    /// The version's change comment (code packages).
    pub comment: String,
    /// Who made it, when the service says (a code package's `updatedBy`, else `createdBy`);
    /// an action version's author comes from the logs instead.
    pub author: Option<crate::model::logs::Author>,
    pub created: Option<When>,
    /// The deployed action version / the latest published module version / the current package
    /// version.
    pub live: bool,
}

impl TimelineRow {
    /// `draft`, `v7`, `v9 (live)`.
    pub fn label(&self) -> String {
        match self.key {
            RowKey::Draft => s::TIMELINE_DRAFT.to_string(),
            RowKey::Version(n) if self.live => s::version_live_label(n, self.live_word()),
            RowKey::Version(n) => s::version_label(n),
        }
    }
    /// `live` for actions, `latest` for modules, `current` for code packages.
    pub fn live_word(&self) -> &'static str {
        match self.kind {
            Versioned::Action => s::LIVE_WORD,
            Versioned::Module => s::LATEST_WORD,
            Versioned::Package => s::CURRENT_WORD,
        }
    }
    pub fn number(&self) -> Option<u32> {
        match self.key {
            RowKey::Version(n) => Some(n),
            RowKey::Draft => None,
        }
    }
    /// Why this row did not build, in words: its build errors, or for a failed draft (Auth0 gives
    /// no errors for drafts) what usually causes it. `None` when nothing failed.
    pub fn failure(&self) -> Option<String> {
        if !self.errors.is_empty() {
            return Some(s::build_errors(&self.errors));
        }
        let draft_failed =
            self.key == RowKey::Draft && self.status == RowStatus::Build(BuildStatus::Failed);
        draft_failed.then(|| s::diffs::DRAFT_FAILED_NO_REASON.to_string())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub kind: Versioned,
    pub object_id: String,
    pub object_name: String,
    pub rows: Vec<TimelineRow>,
    /// The draft's code, whether or not it has a row (it is what a module rollback replaces).
    pub draft_code: Arc<str>,
    pub draft_status: BuildStatus,
    /// How the draft's settings (secrets, dependencies, runtime) differ from the live version's.
    pub settings: Vec<SettingChange>,
}

impl Timeline {
    /// `versions` in any order; they are shown newest first.
    pub fn for_action(action: &Action, versions: &[ActionVersion]) -> Self {
        let live_id = action
            .deployed_version
            .as_ref()
            .map(|v| v.id.as_str())
            .unwrap_or_default();
        let mut rows: Vec<TimelineRow> = versions
            .iter()
            .map(|v| TimelineRow {
                key: RowKey::Version(v.number),
                kind: Versioned::Action,
                version_id: Some(v.id.clone()),
                code: Arc::from(v.code.as_str()),
                status: RowStatus::Build(v.status.clone()),
                errors: v.errors.iter().map(|e| e.msg.clone()).collect(),
                comment: String::new(),
                author: None,
                created: v.created_at.map(When::Utc),
                live: v.id == live_id,
            })
            .collect();
        sort_newest_first(&mut rows);
        let draft_code: Arc<str> = Arc::from(action.code.as_str());
        if !action.is_deployed() || action.draft_differs() {
            rows.insert(
                0,
                draft_row(
                    Versioned::Action,
                    draft_code.clone(),
                    action.status.clone(),
                    action.updated_at,
                ),
            );
        }
        Self {
            kind: Versioned::Action,
            object_id: action.id.clone(),
            object_name: action.name.clone(),
            rows,
            draft_code,
            draft_status: action.status.clone(),
            settings: action.settings_changes(),
        }
    }

    pub fn for_module(module: &Module, versions: &[ModuleVersion]) -> Self {
        let latest = versions.iter().map(|v| v.number).max();
        let mut rows: Vec<TimelineRow> = versions
            .iter()
            .map(|v| TimelineRow {
                key: RowKey::Version(v.number),
                kind: Versioned::Module,
                version_id: Some(v.id.clone()),
                code: Arc::from(v.code.as_str()),
                status: RowStatus::Build(BuildStatus::Built),
                errors: vec![],
                comment: String::new(),
                author: None,
                created: v.created_at.map(When::Utc),
                live: Some(v.number) == latest,
            })
            .collect();
        sort_newest_first(&mut rows);
        let draft_code: Arc<str> = Arc::from(module.code.as_str());
        if latest.is_none() || module.draft_unpublished() {
            rows.insert(
                0,
                draft_row(
                    Versioned::Module,
                    draft_code.clone(),
                    BuildStatus::Built,
                    module.updated_at,
                ),
            );
        }
        Self {
            kind: Versioned::Module,
            object_id: module.id.clone(),
            object_name: module.name.clone(),
            rows,
            draft_code,
            draft_status: BuildStatus::Built,
            settings: module.settings_changes(),
        }
    }

    /// A code package's versions (any order, each with its code): the highest is the current one.
    /// Packages have no draft: what is current is what the server runs (if its status lets it).
    pub fn for_package(id: &crate::model::PackageId, versions: &[CodePackage]) -> Self {
        let current = versions.iter().map(|v| v.version).max();
        let mut rows: Vec<TimelineRow> = versions
            .iter()
            .map(|v| TimelineRow {
                key: RowKey::Version(v.version),
                kind: Versioned::Package,
                version_id: Some(v.version.to_string()),
                code: Arc::from(v.code.as_deref().unwrap_or_default()),
                status: RowStatus::Package(v.status.clone()),
                errors: vec![],
                comment: v.comment.clone(),
                author: package_author(v),
                created: v.updated_on.or(v.created_on).map(When::Server),
                live: Some(v.version) == current,
            })
            .collect();
        sort_newest_first(&mut rows);
        let current_code = rows
            .first()
            .map_or_else(|| Arc::from(""), |r| r.code.clone());
        Self {
            kind: Versioned::Package,
            object_id: id.key(),
            object_name: id.name.clone(),
            rows,
            draft_code: current_code,
            draft_status: BuildStatus::Built,
            settings: vec![],
        }
    }

    pub fn live(&self) -> Option<&TimelineRow> {
        self.rows.iter().find(|r| r.live)
    }

    pub fn position(&self, key: RowKey) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    pub fn newest_number(&self) -> u32 {
        self.rows
            .iter()
            .filter_map(TimelineRow::number)
            .max()
            .unwrap_or(0)
    }

    /// The draft as a row even when it has none in the list (it equals live then).
    pub fn draft(&self) -> TimelineRow {
        match self.rows.first() {
            Some(row) if row.key == RowKey::Draft => row.clone(),
            _ => draft_row(
                self.kind,
                self.draft_code.clone(),
                self.draft_status.clone(),
                None,
            ),
        }
    }
}

fn draft_row(
    kind: Versioned,
    code: Arc<str>,
    status: BuildStatus,
    at: Option<Timestamp>,
) -> TimelineRow {
    TimelineRow {
        key: RowKey::Draft,
        kind,
        version_id: None,
        code,
        status: RowStatus::Build(status),
        errors: vec![],
        comment: String::new(),
        author: None,
        created: at.map(When::Utc),
        live: false,
    }
}

/// A FairCom version's `updatedBy` (it made this version), else its `createdBy`.
fn package_author(version: &CodePackage) -> Option<crate::model::logs::Author> {
    [&version.updated_by, &version.created_by]
        .into_iter()
        .find(|user| !user.trim().is_empty())
        .map(|user| crate::model::logs::Author::FairCom { user: user.clone() })
}

fn sort_newest_first(rows: &mut [TimelineRow]) {
    rows.sort_by_key(|r| std::cmp::Reverse(r.number()));
}

/// "3 min ago", "2 days ago": the relative half of a timestamp.
pub fn relative_time(at: Timestamp, now: Timestamp) -> String {
    let secs = (now - at).num_seconds().max(0);
    let (value, unit) = match secs {
        0..=59 => return s::JUST_NOW.to_string(),
        60..=3_599 => (secs / 60, "min"),
        3_600..=86_399 => (secs / 3_600, "h"),
        86_400..=2_591_999 => (secs / 86_400, "d"),
        2_592_000..=31_535_999 => (secs / 2_592_000, "mo"),
        _ => (secs / 31_536_000, "y"),
    };
    s::ago(value, unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn relative_times_read_naturally() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
            .unwrap();
        let at = |secs: i64| now - chrono::Duration::seconds(secs);
        assert_eq!(relative_time(at(5), now), "just now");
        assert_eq!(relative_time(at(125), now), "2 min ago");
        assert_eq!(relative_time(at(7_200), now), "2 h ago");
        assert_eq!(relative_time(at(3 * 86_400), now), "3 d ago");
        assert_eq!(relative_time(at(-30), now), "just now", "clock skew");
    }
}
