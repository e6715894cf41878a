//! Words of the archive (every fetched version kept in the store), `--offline` and `codedeck sync`.

/// What a change refused offline says (exit 2, like other usage errors).
pub const NEEDS_CONNECTION: &str =
    "this change needs a connection: --offline only browses and searches the local history store";

/// A read offline the store cannot answer.
pub fn not_stored_offline(what: &str) -> String {
    format!(
        "{what} is not in the local history store, and --offline sends no request (run `codedeck \
         sync` while connected to keep it)"
    )
}

pub const ACTIONS: &str = "the list of actions";
pub const MODULES: &str = "the list of modules";
pub const PACKAGES: &str = "the list of FairCom code packages";
pub const TRIGGERS: &str = "triggers and their bindings";
pub const EXECUTIONS: &str = "executions";
/// Tenant log events (issue 18), offline without a tenant place.
pub const LOGS: &str = "tenant log events";
pub const MODULE_USAGE: &str = "which actions use a module";

pub fn object(kind: &str, id: &str) -> String {
    format!("{kind} {id}")
}

/// The store could not be used this time; the answer came live.
pub fn store_problem(why: &str) -> String {
    format!("the history store is not used this time (answers come live, nothing is kept): {why}")
}

/// `--offline` without a store file to read.
pub fn offline_without_store(why: &str) -> String {
    format!("--offline reads the local history store, and it cannot be opened: {why}")
}

/// `--offline` with nothing naming a tenant or server.
pub const OFFLINE_NAMES_NOTHING: &str = "--offline needs to know which tenant or server to read \
     from the store: name a profile (--profile), set AUTH0_DOMAIN or FAIRCOM_URL, or use --demo";

/// Labels of what `codedeck sync` works on, for the progress bar.
pub fn syncing(place: &str) -> String {
    format!("syncing {place}")
}

/// `codedeck sync`'s last line.
pub fn sync_summary(place: &str, objects: usize, new_versions: usize, pruned: usize) -> String {
    format!("{place}: {objects} objects, {new_versions} new versions, {pruned} newly marked pruned")
}

/// One object that failed to sync (the others were synced).
pub fn sync_failed(what: &str, why: &str) -> String {
    format!("not synced: {what}: {why}")
}

pub fn sync_failures(count: usize) -> String {
    format!("{count} could not be synced (the rest was)")
}

/// `--all-profiles` with no profile in the config file.
pub const NO_PROFILES_TO_SYNC: &str = "--all-profiles: the config file names no profile";

/// A history command could not bring the store up to date first: it reads what is stored.
pub fn not_brought_up_to_date(why: &str) -> String {
    format!("the history store was not brought up to date ({why}); reading what is stored")
}

/// A version id came back with code other than the code stored for it: both are kept.
pub fn version_conflict(kind: &str, object_id: &str, number: u32) -> String {
    format!(
        "{kind} {object_id} v{number} came back with other code than the code stored for it: \
         both are kept (the first as the version, the other beside it)"
    )
}
