//! Words of the local history store (`history.sqlite3`) and of `codedeck store`.

use std::path::Path;

fn shown(path: &Path) -> String {
    path.display().to_string()
}

pub fn newer_schema(path: &Path, found: i64, known: i64) -> String {
    format!(
        "the history store {} was written by a newer codedeck (schema {found}; this one knows up to \
         {known}); it is left as it is — update codedeck, or set CODEDECK_DATA_DIR to use another \
         folder",
        shown(path)
    )
}

pub fn corrupt(path: &Path, why: &str) -> String {
    format!(
        "the history store {} is not a readable database ({why}); it is left as it is — move it \
         away to start a new one",
        shown(path)
    )
}

pub const NOT_SQLITE: &str = "it does not start like an SQLite file";
pub const TOO_SHORT: &str = "it is shorter than an SQLite header";
pub const TRUNCATED: &str = "it is shorter than its header says: truncated";

pub fn locked(path: &Path) -> String {
    format!(
        "the history store {} stayed locked by another codedeck longer than codedeck waits; try \
         again when that one is done",
        shown(path)
    )
}

pub fn read_only(path: &Path) -> String {
    format!(
        "the history store {} cannot be written (a read-only file or disk); nothing is stored",
        shown(path)
    )
}

pub fn disk_full(path: &Path) -> String {
    format!(
        "the disk holding the history store {} is full; nothing more is stored until there is room \
         (what was stored is kept)",
        shown(path)
    )
}

pub fn cannot_open(path: &Path, why: &str) -> String {
    format!("the history store {} cannot be opened: {why}", shown(path))
}

pub fn failed(path: &Path, why: &str) -> String {
    format!("the history store {} failed: {why}", shown(path))
}

/// A record held something the store could not write as JSON (should not happen: model types).
pub fn unstorable(what: &str) -> String {
    format!("cannot store {what}")
}

// `codedeck store …`
pub const STATS_HEADER: &[&str] = &[
    "Service",
    "Place",
    "Objects",
    "Versions",
    "Pruned",
    "Unique code",
];

pub fn no_store(path: &Path) -> String {
    format!("no history store yet ({} does not exist)", shown(path))
}

pub fn file_size(path: &Path, bytes: &str) -> String {
    format!("{}: {bytes} on disk", shown(path))
}

pub fn total_unique(bytes: &str) -> String {
    format!("unique code in all: {bytes}")
}

pub const FORGET_NEEDS_PROFILE: &str =
    "name the profile whose stored history to forget: codedeck store forget --profile NAME";

pub fn profile_names_no_place(profile: &str) -> String {
    format!(
        "profile {profile} names neither an Auth0 tenant nor a FairCom server: nothing to forget"
    )
}

pub fn forget_question(places: &str) -> String {
    format!("Forget everything stored of {places} (versions, lists, drafts)?")
}

pub fn forgotten(place: &str, objects: u64, versions: u64) -> String {
    format!("forgot {place}: {objects} objects, {versions} versions")
}

pub fn nothing_stored(place: &str) -> String {
    format!("nothing was stored of {place}")
}

/// Bytes as people read them: `812 B`, `14.2 KiB`, `3.1 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}
