//! The dashboard's words about FairCom code packages: the view, the detail, revert and status.

pub const VIEW_PACKAGES: &str = "Packages";
pub const FAIRCOM_PREFIX: &str = "FairCom ";
pub const HELP_VIEW_PACKAGES: &str = "Packages view (FairCom)";
pub const HELP_SECTION_PACKAGES: &str = "Packages";
pub const HELP_SECTION_PACKAGE_DETAIL: &str = "Package detail";
pub const HELP_SECTION_PACKAGE_TIMELINE: &str = "Package history";
pub const HELP_STATUS_FILTER: &str = "filter by status";
pub const HELP_TYPE_FILTER: &str = "filter by type";
pub const HELP_HISTORY: &str = "open the version history";
pub const HELP_SET_STATUS: &str = "change the status (asks)";
pub const HELP_METADATA: &str = "code ↔ description and metadata";
pub const HELP_REVERT: &str = "revert to this version (asks)";
pub const WHAT_PACKAGES: &str = "code packages";

/// Why a view's key does nothing here.
/// `packages`: the key was the code packages' view (FairCom); else one of Auth0's.
pub fn view_not_offered(packages: bool) -> String {
    if packages {
        "No FairCom server is configured: set FAIRCOM_URL (see README) to see code packages"
            .to_string()
    } else {
        "No Auth0 tenant is configured: set AUTH0_DOMAIN (see README) to see actions".to_string()
    }
}
pub const WHAT_PACKAGE: &str = "the code package";
pub const LOADING_PACKAGES: &str = "Loading code packages…";
pub const LOADING_PACKAGE: &str = "Loading the package…";
pub const EMPTY_PACKAGES: &str = "No code packages on this server";
pub const ALREADY_CURRENT: &str = "That version is the current one";
pub const PACKAGES_HAVE_NO_DRAFT: &str =
    "Code packages have no draft: what is current is what runs — r in the history reverts";
pub const MENU_ALL: &str = "all";
pub const MENU_STATUS_FILTER: &str = " Filter by status ";
pub const MENU_TYPE_FILTER: &str = " Filter by type ";
pub const VERB_CHANGE_STATUS: &str = "Change status";
pub const VERB_REVERT: &str = "Revert";
pub const COL_PLACE: &str = "Database/owner";
pub const COL_TYPE: &str = "Type";
pub const COL_UPDATED: &str = "Updated (server time)";
pub const COL_VERSION_V: &str = "Ver";
pub const LABEL_PLACE: &str = "In      ";
pub const LABEL_UPDATED: &str = "Updated ";
pub const LABEL_DESCRIPTION: &str = "Description";
pub const LABEL_METADATA: &str = "Metadata";
pub const PACKAGE_KEYS: &str = "v history · s status · m description and metadata · u undo";
pub const NO_DESCRIPTION: &str = "(no description)";
pub const STATUS_FILTER_LABEL: &str = "status: ";

pub fn cloned_from(code_id: i64) -> String {
    format!("  (cloned from package #{code_id})")
}

pub fn created_on(when: &str) -> String {
    format!("created {when} (server time)")
}

pub fn at_by(at: &str, by: &str) -> String {
    format!("{at} by {by}")
}
pub const TYPE_FILTER_LABEL: &str = "type: ";

/// What a status means to the server.
pub fn status_meaning(status: &crate::model::CodeStatus) -> &'static str {
    use crate::model::CodeStatus::{
        Active, Deleted, Deprecated, Developing, Inactive, Other, Testing,
    };
    match status {
        Active => "runs",
        Testing => "runs (for testing)",
        Deprecated => "runs (marked for retirement)",
        Developing => "does not run (in development)",
        Inactive => "does not run",
        Deleted => "soft delete: does not run; any other status undeletes",
        Other(_) => "a status this codedeck does not know",
    }
}

pub fn menu_set_status(name: &str, now: &str) -> String {
    format!(" Status of '{name}' (now {now}) — Enter chooses, Esc cancels ")
}

pub fn confirm_status_title(name: &str, from: &str, to: &str) -> String {
    format!(" Change '{name}' from {from} to {to}? ")
}

/// What changing a package's status does, in FairCom's terms.
pub fn confirm_status(
    from: &crate::model::CodeStatus,
    to: &crate::model::CodeStatus,
    version: u32,
) -> Vec<String> {
    use crate::model::CodeStatus;
    let mut lines = vec![format!(
        "The status changes in place: version {version} stays current and no new version is made."
    )];
    lines.push(match (from.runs(), to.runs()) {
        (false, true) => {
            "The server may run it from now on (in transforms, triggers, jobs).".into()
        }
        (true, false) => {
            "Running instances finish; the server will not run it again until it is activated."
                .into()
        }
        (true, true) => "It keeps running; only the reason changes.".into(),
        (false, false) => "It stays deactivated: the server does not run it.".into(),
    });
    if *to == CodeStatus::Deleted {
        lines.push(
            "A soft delete: the package and its history stay; any other status undeletes it."
                .into(),
        );
    } else if *from == CodeStatus::Deleted {
        lines.push("This undeletes it.".into());
    }
    lines
}

pub fn confirm_revert_title(name: &str, to: u32, undo: bool) -> String {
    if undo {
        format!(" Undo: revert '{name}' to version {to} again? ")
    } else {
        format!(" Revert '{name}' to version {to}? ")
    }
}

/// What a FairCom revert does (seed 004).
/// `status`: the current version's; the revert keeps it.
pub fn confirm_revert(
    to: u32,
    current: u32,
    next: u32,
    status: Option<&crate::model::CodeStatus>,
) -> Vec<String> {
    let mut lines = vec![format!(
        "FairCom copies the current version {current} into the history, takes version {to}'s code, \
         gives it the next number ({next}) and makes it current."
    )];
    lines.push(match status {
        Some(status) if !status.runs() => format!(
            "The package is {}: the server will not run it until it is activated.",
            status.as_str()
        ),
        _ => "The server starts running it at once.".to_string(),
    });
    lines.push(format!(
        "Version {current} stays in the history: u reverts to it again."
    ));
    lines
}

pub fn reverted(name: &str, now: u32, to: u32) -> String {
    format!("'{name}' version {now} is current (the code of version {to})")
}

pub fn status_changed(name: &str, status: &str) -> String {
    format!("'{name}' is now {status}")
}

pub fn status_changed_since(now: &str) -> String {
    format!("The status changed since codedeck's change (it is {now} now): nothing to undo")
}

// Undo more than one level (issue 19): `z`/`Z` on a FairCom server's chain of package changes.
pub const HELP_UNDO_OLDER_PACKAGES: &str = "undo further back on this FairCom server (asks)";
pub const NOTHING_TO_UNDO_PACKAGES: &str =
    "Nothing to undo: codedeck's journal holds no package change on this FairCom server that it can take back";
pub const NOTHING_TO_REDO_PACKAGES: &str =
    "Nothing to redo: no package undo on this FairCom server waits to be redone";
