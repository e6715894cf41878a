//! Words of `codedeck export`: the commits it writes and what it says on the terminal.

use std::path::Path;

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// A commit's subject: the object and its version number (and the folder it moved from).
pub fn subject(kind: &str, name: &str, number: u32, renamed_from: Option<&str>) -> String {
    match renamed_from {
        Some(old) => format!("{kind} {name} v{number} (renamed from {old})"),
        None => format!("{kind} {name} v{number}"),
    }
}

/// A FairCom version made by someone other than the package's creator.
pub fn package_created_by(account: &str) -> String {
    format!("Package created by {account}.")
}

/// A version the service no longer lists.
pub fn pruned(at: &str) -> String {
    format!(
        "The service no longer lists this version (pruned; first missed {at}); codedeck kept it."
    )
}

pub const DATED_BY_FIRST_SEEN: &str =
    "The service gave no creation time: dated when codedeck first saw this version.";

/// What the journal says of the change that made a version.
pub fn journaled(operation: &str, profile: &str, at: &str) -> String {
    format!("Made by codedeck on this machine: {operation} with profile {profile}, {at}.")
}

pub fn journaled_promote(from: &str) -> String {
    format!("Promoted from profile {from}.")
}

pub const JOURNALED_UNDO: &str = "It undid an earlier change.";

/// Journal operations in words.
pub const OP_DEPLOY: &str = "a deploy";
pub const OP_ROLLBACK: &str = "a rollback";
pub const OP_PUBLISH: &str = "a publish";
pub const OP_CREATE: &str = "a create";
pub const OP_REVERT: &str = "a package revert";

pub const GIT_MISSING: &str =
    "git is not installed (or not on PATH): codedeck export writes the repository with `git \
     fast-import`; install git and run it again";

pub fn git_failed(what: &str, why: &str) -> String {
    format!("git {what} failed: {why}")
}

pub fn not_a_folder(dir: &Path) -> String {
    format!("{} is not a folder: nothing exported", shown(dir))
}

pub fn not_ours(dir: &Path) -> String {
    format!(
        "{} is not empty and is not a codedeck export; nothing was written — name an empty or new \
         folder, or one codedeck exported to before",
        shown(dir)
    )
}

pub fn foreign_repository(dir: &Path) -> String {
    format!(
        "{} is a git repository codedeck did not make (no codedeck.export in its config); nothing \
         was written — name an empty or new folder, or one codedeck exported to before",
        shown(dir)
    )
}

pub fn uncommitted(dir: &Path, paths: &[String]) -> String {
    format!(
        "{} has uncommitted changes ({}); nothing was written — commit or remove them first",
        shown(dir),
        paths.join(", ")
    )
}

pub fn no_store(path: &Path) -> String {
    format!(
        "no history store yet ({}): nothing to export — run `codedeck sync` or open the dashboard \
         first",
        shown(path)
    )
}

pub const NEEDS_PROFILE: &str =
    "say which profile to export: --profile NAME or --all-profiles (no default profile is set, \
     and AUTH0_DOMAIN / FAIRCOM_URL are not set)";

pub const NO_PROFILES: &str = "the config file has no profile naming a tenant or a FairCom server";

/// One branch written.
pub fn exported(profile: &str, branch: &str, places: &str, new: usize, total: usize) -> String {
    let head = format!("profile {profile} → branch {branch} ({places})");
    if new == 0 {
        format!("{head}: nothing new; {total} version(s) exported before")
    } else {
        format!("{head}: {new} new commit(s); {total} version(s) in all")
    }
}

/// FairCom history entries whose code was never seen.
pub fn without_code(branch: &str, count: usize) -> String {
    format!(
        "{branch}: {count} FairCom history entr(ies) left out — their code was never fetched; a \
         later export adds them once it is"
    )
}

pub fn written(dir: &Path) -> String {
    format!("git repository: {}", shown(dir))
}
