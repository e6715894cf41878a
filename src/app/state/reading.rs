//! Finding things (issue 19): how the code pane shows long lines and what it searches for, the
//! order a list is sorted in, and the Actions list's filter by state.

use crate::diff::find::TextSearch;
use crate::model::{Action, BuildStatus};
use crate::strings::find as s;

/// The code pane's way of showing code, for the session (every code view shares it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeView {
    /// Long lines wrap instead of being cut.
    pub wrap: bool,
    /// Columns scrolled right (when not wrapping).
    pub hscroll: usize,
    /// The text searched with `/`, its matches emphasised.
    pub search: Option<TextSearch>,
}

/// The order of a list (`o` cycles it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    /// As the service lists them.
    #[default]
    Listed,
    Name,
    /// Failures and work under way first.
    Status,
    /// Latest deployed (published, changed) first; never deployed last.
    LastDeployed,
    /// Newest first.
    Created,
}

impl ListSort {
    /// The next order `o` gives.
    #[must_use]
    pub fn next(self) -> ListSort {
        match self {
            ListSort::Listed | ListSort::Created => ListSort::Name,
            ListSort::Name => ListSort::Status,
            ListSort::Status => ListSort::LastDeployed,
            ListSort::LastDeployed => ListSort::Created,
        }
    }

    /// How the list title names this order in a view whose "deployed" is `deployed_word`
    /// (`None`: the service's order, nothing said).
    pub fn label(self, deployed_word: &'static str) -> Option<String> {
        let word = match self {
            ListSort::Listed => return None,
            ListSort::Name => s::SORT_NAME,
            ListSort::Status => s::SORT_STATUS,
            ListSort::LastDeployed => deployed_word,
            ListSort::Created => s::SORT_CREATED,
        };
        Some(s::sorted_by(word))
    }
}

/// The Actions list's filter by state (`f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Failed,
    Building,
    /// The draft differs from what is live.
    DraftDiffers,
    NeverDeployed,
}

impl StateFilter {
    /// In the order the picker offers them.
    pub const ALL: [StateFilter; 4] = [
        StateFilter::Failed,
        StateFilter::Building,
        StateFilter::DraftDiffers,
        StateFilter::NeverDeployed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StateFilter::Failed => s::STATE_FAILED,
            StateFilter::Building => s::STATE_BUILDING,
            StateFilter::DraftDiffers => s::STATE_DRAFT_DIFFERS,
            StateFilter::NeverDeployed => s::STATE_NEVER_DEPLOYED,
        }
    }

    pub fn admits(self, action: &Action) -> bool {
        match self {
            StateFilter::Failed => action.status == BuildStatus::Failed,
            StateFilter::Building => matches!(
                action.status,
                BuildStatus::Pending
                    | BuildStatus::Building
                    | BuildStatus::Packaged
                    | BuildStatus::Retrying
            ),
            StateFilter::DraftDiffers => action.draft_differs(),
            StateFilter::NeverDeployed => !action.is_deployed(),
        }
    }
}

/// One choice of the Actions list's filter picker (`f`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterChoice {
    /// No trigger and no state filter.
    All,
    Trigger(String),
    State(StateFilter),
}

/// Newest first, unknown last.
fn newest_first<T: Ord>(a: Option<T>, b: Option<T>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// An action's place when sorting by status: failures, then work under way, then the rest.
fn action_status_rank(action: &Action) -> u8 {
    match action.status {
        BuildStatus::Failed => 0,
        BuildStatus::Pending
        | BuildStatus::Building
        | BuildStatus::Packaged
        | BuildStatus::Retrying => 1,
        _ if action.draft_differs() => 2,
        _ if !action.is_deployed() => 3,
        _ => 4,
    }
}

/// Actions in `sort` order (a stable sort: equal keys keep the service's order).
pub fn sort_actions(actions: &mut [&Action], sort: ListSort) {
    let by_name = |a: &&Action, b: &&Action| a.name.to_lowercase().cmp(&b.name.to_lowercase());
    match sort {
        ListSort::Listed => {}
        ListSort::Name => actions.sort_by(by_name),
        ListSort::Status => actions.sort_by(|a, b| {
            action_status_rank(a)
                .cmp(&action_status_rank(b))
                .then_with(|| by_name(a, b))
        }),
        ListSort::LastDeployed => actions.sort_by(|a, b| {
            let at = |x: &Action| x.deployed_version.as_ref().and_then(|v| v.created_at);
            newest_first(at(a), at(b)).then_with(|| by_name(a, b))
        }),
        ListSort::Created => actions
            .sort_by(|a, b| newest_first(a.created_at, b.created_at).then_with(|| by_name(a, b))),
    }
}

/// Modules in `sort` order: unpublished changes count as the status.
pub fn sort_modules(modules: &mut [crate::model::Module], sort: ListSort) {
    use crate::model::Module;
    let by_name = |a: &Module, b: &Module| a.name.to_lowercase().cmp(&b.name.to_lowercase());
    let rank = |m: &Module| match (m.latest_version.is_some(), m.draft_unpublished()) {
        (true, true) => 0,
        (false, _) => 1,
        (true, false) => 2,
    };
    match sort {
        ListSort::Listed => {}
        ListSort::Name => modules.sort_by(by_name),
        ListSort::Status => {
            modules.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| by_name(a, b)));
        }
        ListSort::LastDeployed => modules.sort_by(|a, b| {
            let at = |m: &Module| m.latest_version.as_ref().and_then(|v| v.created_at);
            newest_first(at(a), at(b)).then_with(|| by_name(a, b))
        }),
        ListSort::Created => modules
            .sort_by(|a, b| newest_first(a.created_at, b.created_at).then_with(|| by_name(a, b))),
    }
}

/// Code packages in `sort` order; a package's "deployed" is its last change.
pub fn sort_packages(packages: &mut [&crate::model::CodePackage], sort: ListSort) {
    use crate::model::{CodePackage, CodeStatus};
    let by_name = |a: &&CodePackage, b: &&CodePackage| {
        (a.id.name.to_lowercase(), a.version).cmp(&(b.id.name.to_lowercase(), b.version))
    };
    let rank = |p: &CodePackage| match p.status {
        CodeStatus::Developing => 0,
        CodeStatus::Testing => 1,
        CodeStatus::Active => 2,
        CodeStatus::Deprecated => 3,
        CodeStatus::Inactive => 4,
        CodeStatus::Deleted => 5,
        CodeStatus::Other(_) => 6,
    };
    match sort {
        ListSort::Listed => {}
        ListSort::Name => packages.sort_by(by_name),
        ListSort::Status => {
            packages.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| by_name(a, b)));
        }
        ListSort::LastDeployed => packages
            .sort_by(|a, b| newest_first(a.updated_on, b.updated_on).then_with(|| by_name(a, b))),
        ListSort::Created => packages
            .sort_by(|a, b| newest_first(a.created_on, b.created_on).then_with(|| by_name(a, b))),
    }
}

/// A name filter's test: the name or the id contains the typed text, in any case.
pub fn name_or_id_matches(needle_lower: &str, name: &str, id: &str) -> bool {
    needle_lower.is_empty()
        || name.to_lowercase().contains(needle_lower)
        || id.to_lowercase().contains(needle_lower)
}
