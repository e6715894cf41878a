//! Words of `codedeck packages`: FairCom code packages listed, shown, reverted and given a status.

pub const NO_PACKAGES: &str = "no code packages match";
pub const PACKAGE_REVERT_HELP: &str = "Make an earlier version of a code package current again. \
FairCom copies the current version into the history, takes the requested version's code, gives it the \
next version number and makes it current: the server starts running it at once (if the package's status \
lets it run). Asks first on a terminal; without one, needs --yes.";
pub const PACKAGE_STATUS_HELP: &str = "Change a code package's status in place (no new version). \
active, testing and deprecated may run; developing and inactive do not; deleted is a soft delete that \
any other status undoes. Asks first on a terminal; without one, needs --yes.";

pub fn bad_package_version(s: &str) -> String {
    format!("{s:?} is not a version: give a number (3 or v3) or current")
}

pub fn bad_status(s: &str) -> String {
    format!(
        "{s:?} is not a status: give active, testing, deprecated, developing, inactive or deleted"
    )
}

pub fn ambiguous_package(name: &str, places: &[String]) -> String {
    format!(
        "more than one code package is named {name:?}: give one of {} (database/owner/name)",
        places.join(", ")
    )
}

pub fn current_label(number: u32) -> String {
    format!("v{number} (current)")
}

pub fn already_current(name: &str, number: u32) -> String {
    format!("version {number} of {name} is the current one: nothing to revert")
}

pub fn confirm_package_revert(name: &str, to: u32, current: u32, runs: bool) -> String {
    let next = current + 1;
    let runs = if runs {
        "it runs at once"
    } else {
        "it will not run until the package is activated"
    };
    format!(
        "Revert {name} to version {to}? FairCom copies version {current} into the history and makes \
         version {to}'s code current as version {next}; {runs}."
    )
}

pub fn package_reverted(name: &str, now: u32, to: u32) -> String {
    format!("{name}: version {now} is current (the code of version {to})")
}

pub fn status_already(name: &str, status: &str) -> String {
    format!("{name} is already {status}: nothing changed")
}

pub fn confirm_package_status(
    name: &str,
    from: &crate::model::CodeStatus,
    to: &crate::model::CodeStatus,
) -> String {
    format!(
        "Change {name} from {} to {} ({})?",
        from.as_str(),
        to.as_str(),
        crate::strings::status_meaning(to)
    )
}

pub fn package_status_set(name: &str, status: &str) -> String {
    format!("{name} is now {status}")
}

pub const PACKAGES_HEADER: &[&str] = &[
    "NAME",
    "VERSION",
    "STATUS",
    "TYPE",
    "UPDATED (SERVER TIME)",
    "BY",
];
/// The column after NAME when packages of that name live in several databases or owners.
pub const PACKAGE_PLACE_COLUMN: &str = "DATABASE/OWNER";
pub const PACKAGE_HISTORY_HEADER: &[&str] = &[
    "VERSION",
    "STATUS",
    "UPDATED (SERVER TIME)",
    "BY",
    "COMMENT",
];

/// `codedeck packages show`: the package's facts, description, metadata and code (`updated`,
/// `created`: server times as shown; `metadata`: pretty JSON).
pub fn package_details(
    p: &crate::model::CodePackage,
    updated: &str,
    created: &str,
    metadata: &str,
) -> String {
    let mut out = format!(
        "{}\n  in:          {}/{}\n  version:     v{} (current)\n  status:      {} ({})\n  type:        {} ({})\n  updated:     {} by {} (server time)\n  created:     {} by {} (server time)\n  comment:     {}\n",
        p.id.name,
        p.id.database,
        p.id.owner,
        p.version,
        p.status.as_str(),
        crate::strings::status_meaning(&p.status),
        p.code_type.as_str(),
        p.language,
        updated,
        p.updated_by,
        created,
        p.created_by,
        p.comment,
    );
    if p.cloned_code_id != 0 {
        out.push_str(&format!("  cloned from: package #{}\n", p.cloned_code_id));
    }
    out.push_str(&format!(
        "\ndescription:\n{}\n\nmetadata:\n{metadata}\n\n{}\n",
        p.description.trim_end(),
        p.code.as_deref().unwrap_or_default().trim_end()
    ));
    out
}
