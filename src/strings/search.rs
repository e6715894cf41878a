//! Words of search, pickaxe and blame over the stored history (`codedeck search|log|blame`, `S`).

/// Nothing in the store (or none of the places asked for has anything stored).
pub fn nothing_stored(places: &str) -> String {
    format!(
        "nothing is stored yet for {places}: open the dashboard or run codedeck sync first \
         (codedeck store stats shows what is stored)"
    )
}

pub const ALL_PLACES: &str = "any tenant or server";

/// No stored object has that name (or id).
pub fn unknown_object(name: &str) -> String {
    format!("nothing stored is named {name} (codedeck search PATTERN finds text in every object)")
}

/// Several stored objects answer to one name.
pub fn ambiguous_object(name: &str, candidates: &str) -> String {
    format!(
        "{name} names several stored objects ({candidates}): choose one with --profile or --service"
    )
}

/// `--version N` that is not stored for the object.
pub fn version_not_stored(name: &str, number: u32, known: &str) -> String {
    format!("{name} has no stored version {number} (stored: {known})")
}

/// The search found nothing (said on stderr; the exit status is 1, as grep's).
pub fn no_matches(pattern: &str, versions: usize) -> String {
    format!("no matches for {pattern} in {versions} stored versions")
}

/// The pickaxe found no version that changed the count.
pub fn no_pickaxe(text: &str, name: &str) -> String {
    format!("no version of {name} added or removed {text}")
}

/// An object's heading in search results: `action login · acme.auth0.com`.
pub fn object_heading(kind: &str, name: &str, place: &str) -> String {
    format!("{kind} {name} · {place}")
}

/// A version's label in results: `v3`, `v3 (live)`, `draft`.
pub fn version_heading(number: Option<u32>, live: bool, pruned: bool) -> String {
    let mut label = number.map_or_else(|| "draft".to_string(), crate::strings::version_label);
    if live {
        label.push_str(" (live)");
    }
    if pruned {
        label.push_str(" (pruned by the service)");
    }
    label
}

/// A pickaxe version line: `v5 · 2026-01-02 · 2 → 0 occurrences`.
pub fn pickaxe_heading(version: &str, when: &str, before: usize, after: usize) -> String {
    format!("{version} · {when} · {before} → {after} occurrences")
}

/// When a version's creation time is not known.
pub const UNKNOWN_TIME: &str = "time unknown";

/// How many hits the search found.
pub fn hit_count(hits: usize, versions: usize, objects: usize) -> String {
    format!("{hits} matching lines in {versions} versions of {objects} objects")
}

// The dashboard's search (`S`, `:search`).
pub const HELP_SEARCH: &str = "search every stored version";
pub const HELP_SECTION_SEARCH: &str = "Search results";
pub const HELP_OPEN_HIT: &str = "open that version's code at the line";
pub const HELP_DIFF_HIT: &str = "that version's diff with the version before";
pub const HELP_SEARCH_AGAIN: &str = "search again";
pub const HELP_CLOSE_SEARCH: &str = "close the results";

pub const PROMPT_LABEL: &str = "search: ";
/// Under the search prompt: how to ask for a regex or to ignore case.
pub const PROMPT_HINT: &str =
    "every stored version and draft · start with -r for a regex, -i to ignore case (-ri both)";

/// The search view's title while it runs, and when done.
pub fn searching(pattern: &str) -> String {
    format!(" Searching for {pattern}… ")
}

pub fn results_title(pattern: &str, hits: usize, versions: usize, objects: usize) -> String {
    format!(" {pattern} · {hits} lines in {versions} versions of {objects} objects ")
}

pub fn nothing_found(pattern: &str, searched: usize) -> String {
    format!(
        "no matches for {pattern} in {searched} stored versions (:sync fetches every version first)"
    )
}

/// The dashboard has no history store open.
pub const NO_STORE: &str = "search reads the local history store, and none is open for this \
     dashboard (it could not be opened at start: codedeck store stats says why)";

/// `S` when the store could not be opened at start (`why` says why).
pub fn no_store_because(why: &str) -> String {
    format!("search reads the local history store, which could not be opened: {why}")
}

/// A hit's version is not in the timeline the service gave (pruned there, kept here).
pub fn version_not_listed(version: &str) -> String {
    format!(
        "{version} is stored here but the service no longer lists it: its timeline cannot show it"
    )
}

pub const NOTHING_SELECTED: &str = "no hit selected";

// `:sync` in the dashboard.
pub const SYNC_STARTED: &str =
    "syncing: every version not yet in the history store is being fetched (only what is new)…";
pub const SYNC_RUNNING: &str = "a sync is already running";
pub const SYNC_OFFLINE: &str = ":sync reads the service, and this dashboard is offline";

pub fn synced(objects: usize, new_versions: usize, failed: &[String]) -> String {
    let mut said = format!("synced {objects} objects: {new_versions} new versions stored");
    if !failed.is_empty() {
        said.push_str(&format!(
            "; {} could not be synced: {}",
            failed.len(),
            failed.join("; ")
        ));
    }
    said
}

pub fn sync_failed(why: &str) -> String {
    format!("sync failed: {why}")
}
