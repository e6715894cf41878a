//! `codedeck export`'s git history, pure (no I/O, no clock): every stored version becomes one commit,
//! in creation order across the objects of a profile, written as a `git fast-import` stream.
//!
//! - One folder per object: `actions/<name>/code.js` + `action.json`, `modules/<name>/code.js` +
//!   `module.json`, `faircom/<database>/<owner>/<name>.js`. Names are made safe for file systems
//!   ([`safe_name`]); two objects whose safe names meet (case-insensitively) are told apart by a
//!   `~2`, `~3` suffix, in the order they first appear.
//! - A rename (same object, new name) moves the folder with a fast-import `R`, so
//!   `git log --follow` keeps the object's whole history.
//! - Each commit carries trailers (`Codedeck-Place`, `Codedeck-Object`, `Codedeck-Version`,
//!   `Codedeck-Version-Id`, `Codedeck-Path`): a later run reads them back ([`Exported`]) and appends
//!   only the versions not yet exported, each object staying in its folder.
//! - Secrets appear by NAME only: the model holds no value to write.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{ActionVersion, CodePackage, Dependency, ModuleVersion, Timestamp, TriggerRef};
use crate::strings::export as words;

/// A version's content, as the store gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Action(ActionVersion),
    Module(ModuleVersion),
    Package(CodePackage),
}

impl Content {
    /// `action`, `module`, `package`: the word in messages and trailers.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Action(_) => "action",
            Self::Module(_) => "module",
            Self::Package(_) => "package",
        }
    }

    pub fn number(&self) -> u32 {
        match self {
            Self::Action(v) => v.number,
            Self::Module(v) => v.number,
            Self::Package(p) => p.version,
        }
    }

    pub fn version_id(&self) -> String {
        match self {
            Self::Action(v) => v.id.clone(),
            Self::Module(v) => v.id.clone(),
            Self::Package(p) => p.version.to_string(),
        }
    }

    /// `None`: a FairCom history entry whose code was never seen.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Action(v) => Some(&v.code),
            Self::Module(v) => Some(&v.code),
            Self::Package(p) => p.code.as_deref(),
        }
    }
}

/// One version to export, with what codedeck knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportVersion {
    /// Where it lives, as `Place::label` says it (`auth0 acme.eu.auth0.com`).
    pub place: String,
    /// The service's id of the object.
    pub object_id: String,
    /// The object's name as recorded with this version.
    pub name: String,
    pub content: Content,
    /// Its creation time (FairCom's zoneless server time is taken as UTC), else when codedeck first
    /// saw it (`dated_by_first_seen`).
    pub at: Timestamp,
    pub dated_by_first_seen: bool,
    /// When the service was first seen no longer listing it.
    pub pruned_at: Option<String>,
    /// What codedeck's journal says of the change that made it, in words; `None`: nothing known.
    pub journal: Option<String>,
}

/// An object across runs: place, kind word, object id.
type ObjectKey = (String, String, String);
/// A version across runs: its object and its version id.
type VersionKey = (ObjectKey, String);

fn object_key(version: &ExportVersion) -> ObjectKey {
    (
        version.place.clone(),
        version.content.kind().to_string(),
        version.object_id.clone(),
    )
}

fn version_key(version: &ExportVersion) -> VersionKey {
    (object_key(version), version.content.version_id())
}

/// What a branch already holds, read back from its commits' trailers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    versions: HashSet<VersionKey>,
    /// Each object's folder (a package's file without `.js`) as its newest commit left it.
    stems: HashMap<ObjectKey, String>,
}

const PLACE: &str = "Codedeck-Place";
const OBJECT: &str = "Codedeck-Object";
const NUMBER: &str = "Codedeck-Version";
const VERSION_ID: &str = "Codedeck-Version-Id";
const PATH: &str = "Codedeck-Path";

impl Exported {
    /// From the branch's commit messages, newest first (as `git log` gives them).
    pub fn from_messages<'a>(messages: impl IntoIterator<Item = &'a str>) -> Self {
        let mut exported = Self::default();
        for message in messages {
            let trailers = trailers(message);
            let get = |name: &str| trailers.get(name).cloned();
            // A commit without them is not codedeck's: it names no version.
            let (Some(place), Some(object), Some(version_id), Some(path)) =
                (get(PLACE), get(OBJECT), get(VERSION_ID), get(PATH))
            else {
                continue;
            };
            let Some((kind, object_id)) = object.split_once(' ') else {
                continue;
            };
            let key = (place, kind.to_string(), object_id.to_string());
            exported.stems.entry(key.clone()).or_insert(path);
            exported.versions.insert((key, version_id));
        }
        exported
    }

    /// Versions already exported.
    pub fn len(&self) -> usize {
        self.versions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    fn holds(&self, version: &ExportVersion) -> bool {
        self.versions.contains(&version_key(version))
    }
}

/// A message's `Codedeck-*` trailers (its last paragraph only: a FairCom comment above cannot pass
/// for them), their values unescaped.
fn trailers(message: &str) -> HashMap<String, String> {
    let message = message.trim_end();
    let last = message
        .rsplit_once("\n\n")
        .map_or(message, |(_, last)| last);
    last.lines()
        .filter(|line| line.starts_with("Codedeck-"))
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_string(), trailer_unescaped(value)))
        .collect()
}

/// A trailer's value on one line: as it is, or as a JSON string when it holds a control character,
/// a backslash or starts with a quote.
fn trailer_value(value: &str) -> String {
    if value.chars().any(|c| c.is_control() || c == '\\') || value.starts_with('"') {
        serde_json::to_string(value).unwrap_or_else(|_| value.escape_default().to_string())
    } else {
        value.to_string()
    }
}

fn trailer_unescaped(value: &str) -> String {
    if value.starts_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(value) {
            return text;
        }
    }
    value.to_string()
}

/// A change to a file of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOp {
    /// A folder (or a package's file) moved: the object was renamed.
    Rename {
        from: String,
        to: String,
    },
    Write {
        path: String,
        data: Vec<u8>,
    },
}

/// One commit to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub message: String,
    pub author: String,
    pub at: Timestamp,
    pub ops: Vec<FileOp>,
}

/// What to append to a branch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub commits: Vec<Commit>,
    /// Versions the branch holds already.
    pub already: usize,
    /// FairCom history entries left out: their code was never seen (a later run adds them once it is).
    pub without_code: usize,
}

/// The commits that bring a branch holding `exported` up to `versions`: the versions it lacks, in
/// creation order (each object's versions by number; objects interleaved by the time of their next
/// version), each object in its folder.
pub fn plan(exported: &Exported, versions: Vec<ExportVersion>) -> Plan {
    let mut result = Plan::default();
    let mut by_object: BTreeMap<ObjectKey, Vec<ExportVersion>> = BTreeMap::new();
    for version in versions {
        if exported.holds(&version) {
            result.already += 1;
        } else if version.content.code().is_none() {
            result.without_code += 1;
        } else {
            by_object
                .entry(object_key(&version))
                .or_default()
                .push(version);
        }
    }
    let mut queues: Vec<std::vec::IntoIter<ExportVersion>> = Vec::new();
    let mut heap = BinaryHeap::new();
    for (index, (key, mut list)) in by_object.into_iter().enumerate() {
        list.sort_by_key(|v| (v.content.number(), v.content.version_id()));
        let mut queue = list.into_iter();
        if let Some(first) = queue.next() {
            heap.push(Reverse((first.at, key.clone(), index, Pending(first))));
        }
        queues.push(queue);
    }
    let mut folders = Folders::new(&exported.stems);
    while let Some(Reverse((_, key, index, Pending(version)))) = heap.pop() {
        result.commits.push(folders.commit(&version));
        if let Some(next) = queues.get_mut(index).and_then(Iterator::next) {
            heap.push(Reverse((next.at, key, index, Pending(next))));
        }
    }
    result
}

/// A version waiting in the merge; ordered by the key beside it, never by itself.
#[derive(Debug)]
struct Pending(ExportVersion);

impl PartialEq for Pending {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

/// Which object holds which folder, as commits are planned.
struct Folders {
    stems: HashMap<ObjectKey, String>,
    /// Folders held now, lower-cased (file systems that ignore case see one folder).
    taken: HashMap<String, ObjectKey>,
}

impl Folders {
    fn new(stems: &HashMap<ObjectKey, String>) -> Self {
        Self {
            stems: stems.clone(),
            taken: stems
                .iter()
                .map(|(key, stem)| (stem.to_lowercase(), key.clone()))
                .collect(),
        }
    }

    /// The version's commit: its folder (kept, or moved when its safe name changed), its files,
    /// its message.
    fn commit(&mut self, version: &ExportVersion) -> Commit {
        let key = object_key(version);
        let wanted = base_stem(version);
        let current = self.stems.get(&key).cloned();
        let mut ops = Vec::new();
        let mut renamed_from = None;
        let stem = match current {
            Some(stem) if without_suffix(&stem) == wanted => stem,
            current => {
                let stem = self.free_stem(&wanted, &key);
                if let Some(old) = current {
                    self.taken.remove(&old.to_lowercase());
                    let file = |stem: &str| match version.content {
                        Content::Package(_) => format!("{stem}.js"),
                        _ => stem.to_string(),
                    };
                    ops.push(FileOp::Rename {
                        from: file(&old),
                        to: file(&stem),
                    });
                    renamed_from = Some(old);
                }
                self.taken.insert(stem.to_lowercase(), key.clone());
                self.stems.insert(key, stem.clone());
                stem
            }
        };
        ops.extend(files(version, &stem));
        Commit {
            message: message(version, &stem, renamed_from.as_deref()),
            author: author(version),
            at: version.at,
            ops,
        }
    }

    /// `wanted`, else `wanted~2`, `wanted~3`… : the first no other object holds.
    fn free_stem(&self, wanted: &str, key: &ObjectKey) -> String {
        let free = |stem: &str| {
            self.taken
                .get(&stem.to_lowercase())
                .is_none_or(|holder| holder == key)
        };
        if free(wanted) {
            return wanted.to_string();
        }
        // Of these len + 1 candidates, at least one is free.
        (2..=self.taken.len() + 2)
            .map(|n| format!("{wanted}~{n}"))
            .find(|stem| free(stem))
            .unwrap_or_else(|| wanted.to_string())
    }
}

/// A stem without the `~N` that told it apart (safe names hold no `~`).
fn without_suffix(stem: &str) -> &str {
    match stem.rsplit_once('~') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    }
}

/// The folder a version's object would have by its name alone.
fn base_stem(version: &ExportVersion) -> String {
    match &version.content {
        Content::Action(_) => format!("actions/{}", safe_name(&version.name)),
        Content::Module(_) => format!("modules/{}", safe_name(&version.name)),
        Content::Package(p) => format!(
            "faircom/{}/{}/{}",
            safe_name(&p.id.database),
            safe_name(&p.id.owner),
            safe_name(&version.name)
        ),
    }
}

/// Longest safe name, in bytes (file systems allow 255; room is left for a suffix and `.json`).
const MAX_NAME_BYTES: usize = 100;

/// Windows refuses these as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A name as one path component every common file system takes: separators, characters Windows
/// refuses, `~` (kept for the collision suffix) and control characters become `_`; so do leading
/// dots (no hidden file, no `.`, `..` or `.git`) and trailing dots and spaces (Windows drops them);
/// reserved device names get a leading `_`; long names are cut. Never empty.
pub fn safe_name(name: &str) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '~'
            )
    };
    let mut safe: String = name
        .chars()
        .map(|c| if unsafe_char(c) { '_' } else { c })
        .collect();
    if safe.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !safe.is_char_boundary(end) {
            end -= 1;
        }
        safe.truncate(end);
    }
    let leading = safe.len() - safe.trim_start_matches(['.', ' ']).len();
    let trailing = safe.len() - safe.trim_end_matches(['.', ' ']).len();
    if leading == safe.len() {
        return "_".repeat(safe.len().max(1));
    }
    let middle = &safe[leading..safe.len() - trailing];
    let mut out = format!("{}{middle}{}", "_".repeat(leading), "_".repeat(trailing));
    let device = out
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if RESERVED.contains(&device.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// `action.json`: what the version runs with besides its code. Secrets by name only.
#[derive(Serialize)]
struct ActionFile<'a> {
    id: &'a str,
    name: &'a str,
    runtime: &'a str,
    triggers: &'a [TriggerRef],
    dependencies: &'a [Dependency],
    secrets: Vec<&'a str>,
    modules: Vec<ModuleUse<'a>>,
}

#[derive(Serialize)]
struct ModuleUse<'a> {
    name: &'a str,
    version: u32,
}

/// `module.json`. Secrets by name only.
#[derive(Serialize)]
struct ModuleFile<'a> {
    id: &'a str,
    name: &'a str,
    dependencies: &'a [Dependency],
    secrets: Vec<&'a str>,
}

fn json_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The files of a version in its folder.
fn files(version: &ExportVersion, stem: &str) -> Vec<FileOp> {
    let write = |path: String, data: Vec<u8>| FileOp::Write { path, data };
    let code = version
        .content
        .code()
        .unwrap_or_default()
        .as_bytes()
        .to_vec();
    match &version.content {
        Content::Action(v) => vec![
            write(format!("{stem}/code.js"), code),
            write(
                format!("{stem}/action.json"),
                json_bytes(&ActionFile {
                    id: &version.object_id,
                    name: &version.name,
                    runtime: &v.runtime,
                    triggers: &v.supported_triggers,
                    dependencies: &v.dependencies,
                    secrets: v.secrets.iter().map(|s| s.name.as_str()).collect(),
                    modules: v
                        .modules
                        .iter()
                        .map(|m| ModuleUse {
                            name: &m.module_name,
                            version: m.module_version_number,
                        })
                        .collect(),
                }),
            ),
        ],
        Content::Module(v) => vec![
            write(format!("{stem}/code.js"), code),
            write(
                format!("{stem}/module.json"),
                json_bytes(&ModuleFile {
                    id: &version.object_id,
                    name: &version.name,
                    dependencies: &v.dependencies,
                    secrets: v.secrets.iter().map(|s| s.name.as_str()).collect(),
                }),
            ),
        ],
        Content::Package(_) => vec![write(format!("{stem}.js"), code)],
    }
}

/// Who made the version, as far as codedeck knows: FairCom's account; for Auth0 (whose versions
/// name nobody) the tenant itself. Never a name made up.
fn author(version: &ExportVersion) -> String {
    let named = match &version.content {
        Content::Package(p) => [&p.updated_by, &p.created_by]
            .into_iter()
            .find(|name| !name.trim().is_empty())
            .cloned(),
        _ => None,
    };
    ident(&named.unwrap_or_else(|| version.place.clone()))
}

/// A name git takes in an ident: no `<`, `>` or line breaks.
fn ident(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c == '<' || c == '>' {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.trim().to_string()
}

/// Subject (object, version), what is known of why, whether the service pruned it, the trailers.
fn message(version: &ExportVersion, stem: &str, renamed_from: Option<&str>) -> String {
    let kind = version.content.kind();
    let number = version.content.number();
    let mut paragraphs = vec![words::subject(
        kind,
        &one_line(&version.name),
        number,
        renamed_from,
    )];
    if let Content::Package(p) = &version.content {
        if !p.comment.trim().is_empty() {
            paragraphs.push(p.comment.trim().to_string());
        }
        if !p.created_by.trim().is_empty() && p.created_by != p.updated_by {
            paragraphs.push(words::package_created_by(&one_line(&p.created_by)));
        }
    }
    if let Some(journal) = &version.journal {
        paragraphs.push(journal.clone());
    }
    if let Some(pruned) = &version.pruned_at {
        paragraphs.push(words::pruned(pruned));
    }
    if version.dated_by_first_seen {
        paragraphs.push(words::DATED_BY_FIRST_SEEN.to_string());
    }
    let trailers = [
        (PLACE, version.place.clone()),
        (OBJECT, format!("{kind} {}", version.object_id)),
        (NUMBER, number.to_string()),
        (VERSION_ID, version.content.version_id()),
        (PATH, stem.to_string()),
    ]
    .map(|(name, value)| format!("{name}: {}", trailer_value(&value)))
    .join("\n");
    paragraphs.push(trailers);
    let mut text = paragraphs.join("\n\n");
    text.push('\n');
    text
}

/// A name on one line (for a subject).
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The commits to append to one branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchImport<'a> {
    /// `refs/heads/<name>`.
    pub reference: String,
    /// The branch's commit now, if it exists (the first new commit follows it).
    pub parent: Option<String>,
    pub commits: &'a [Commit],
}

/// Who the commits say committed them (the date is the version's).
pub const COMMITTER: &str = "codedeck export";

/// The `git fast-import` stream for these branches. It ends with `done`, so a cut stream is refused
/// rather than half imported.
pub fn fast_import_stream(branches: &[BranchImport<'_>]) -> Vec<u8> {
    let mut out = b"feature done\n".to_vec();
    for branch in branches {
        for (index, commit) in branch.commits.iter().enumerate() {
            let when = format!("{} +0000", commit.at.timestamp());
            out.extend(format!("commit {}\n", branch.reference).bytes());
            out.extend(format!("author {} <> {when}\n", commit.author).bytes());
            out.extend(format!("committer {COMMITTER} <> {when}\n").bytes());
            data(&mut out, commit.message.as_bytes());
            if index == 0 {
                if let Some(parent) = &branch.parent {
                    out.extend(format!("from {parent}\n").bytes());
                }
            }
            for op in &commit.ops {
                match op {
                    FileOp::Rename { from, to } => {
                        out.extend(format!("R {} {}\n", quoted(from), quoted(to)).bytes());
                    }
                    FileOp::Write { path, data: bytes } => {
                        out.extend(format!("M 100644 inline {}\n", quoted(path)).bytes());
                        data(&mut out, bytes);
                    }
                }
            }
            out.push(b'\n');
        }
    }
    out.extend(b"done\n");
    out
}

/// `data <length>` and the bytes, exactly.
fn data(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend(format!("data {}\n", bytes.len()).bytes());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

/// A path in C-style quotes, as fast-import reads it (spaces and any byte allowed).
fn quoted(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    out.push('"');
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A profile name as a branch name git accepts (`git check-ref-format --branch`).
pub fn branch_name(profile: &str) -> String {
    let cleaned: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = cleaned.replace("..", "-");
    while name.starts_with(['.', '-']) {
        name.remove(0);
    }
    loop {
        let trimmed = name.trim_end_matches('.');
        let trimmed = trimmed.strip_suffix(".lock").unwrap_or(trimmed);
        if trimmed.len() == name.len() {
            break;
        }
        name = trimmed.to_string();
    }
    if name.is_empty() {
        "default".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::model::{BuildStatus, SecretName};
    use chrono::TimeZone;

    fn action(id: &str, name: &str, number: u32, code: &str, minute: u32) -> ExportVersion {
        ExportVersion {
            place: "auth0 acme.auth0.com".into(),
            object_id: id.into(),
            name: name.into(),
            content: Content::Action(ActionVersion {
                id: format!("{id}-v{number}"),
                number,
                code: code.into(),
                runtime: "node22".into(),
                status: BuildStatus::Built,
                deployed: false,
                errors: vec![],
                dependencies: vec![],
                secrets: vec![SecretName {
                    name: "API_KEY".into(),
                    updated_at: None,
                }],
                modules: vec![],
                supported_triggers: vec![TriggerRef {
                    id: "post-login".into(),
                    version: "v3".into(),
                }],
                created_at: None,
                built_at: None,
            }),
            at: Utc.with_ymd_and_hms(2026, 1, 1, 10, minute, 0).unwrap(),
            dated_by_first_seen: false,
            pruned_at: None,
            journal: None,
        }
    }

    use chrono::Utc;

    fn paths(commit: &Commit) -> Vec<String> {
        commit
            .ops
            .iter()
            .map(|op| match op {
                FileOp::Rename { from, to } => format!("R {from} {to}"),
                FileOp::Write { path, .. } => path.clone(),
            })
            .collect()
    }

    #[test]
    fn names_are_made_safe_for_every_file_system() {
        assert_eq!(safe_name("a/b\\c"), "a_b_c");
        assert_eq!(safe_name(".."), "__");
        assert_eq!(safe_name(".git"), "_git");
        assert_eq!(safe_name("name."), "name_");
        assert_eq!(safe_name("tab\there\n"), "tab_here_");
        assert_eq!(safe_name("CON"), "_CON");
        assert_eq!(safe_name("nul.js"), "_nul.js");
        assert_eq!(safe_name(""), "_");
        assert_eq!(safe_name("a~2"), "a_2");
        assert_eq!(safe_name("Enrich profile"), "Enrich profile");
        assert_eq!(safe_name("my.action"), "my.action");
        let long = safe_name(&"é".repeat(200));
        assert!(long.len() <= MAX_NAME_BYTES && long.chars().all(|c| c == 'é'));
    }

    #[test]
    fn versions_go_in_creation_order_each_object_by_number() {
        let versions = vec![
            action("b", "second", 1, "b1\n", 5),
            action("a", "first", 2, "a2\n", 9),
            action("a", "first", 1, "a1\n", 1),
            // Out of step with its clock: still after v1 of its object.
            action("b", "second", 2, "b2\n", 0),
        ];
        let plan = plan(&Exported::default(), versions);
        let subjects: Vec<&str> = plan
            .commits
            .iter()
            .map(|c| c.message.lines().next().unwrap())
            .collect();
        assert_eq!(
            subjects,
            vec![
                "action first v1",
                "action second v1",
                "action second v2",
                "action first v2"
            ]
        );
        assert_eq!(
            paths(&plan.commits[0]),
            vec!["actions/first/code.js", "actions/first/action.json"]
        );
    }

    #[test]
    fn action_json_names_secrets_and_holds_no_value() {
        let plan = plan(&Exported::default(), vec![action("a", "x", 1, "c\n", 1)]);
        let FileOp::Write { data, .. } = &plan.commits[0].ops[1] else {
            panic!("json expected");
        };
        let json: serde_json::Value = serde_json::from_slice(data).unwrap();
        assert_eq!(json["secrets"], serde_json::json!(["API_KEY"]));
        assert_eq!(json["runtime"], "node22");
        assert_eq!(json["triggers"][0]["id"], "post-login");
        assert!(!String::from_utf8_lossy(data).contains("value"));
    }

    #[test]
    fn colliding_names_get_a_suffix_and_a_rename_moves_the_folder() {
        let versions = vec![
            action("a", "Same", 1, "1\n", 1),
            action("b", "same", 1, "2\n", 2),
            action("c", "x/y", 1, "3\n", 3),
            action("d", "x_y", 1, "4\n", 4),
            action("a", "renamed", 2, "5\n", 5),
        ];
        let plan = plan(&Exported::default(), versions);
        let firsts: Vec<String> = plan.commits.iter().map(|c| paths(c)[0].clone()).collect();
        assert_eq!(
            firsts,
            vec![
                "actions/Same/code.js",
                "actions/same~2/code.js",
                "actions/x_y/code.js",
                "actions/x_y~2/code.js",
                "R actions/Same actions/renamed",
            ]
        );
        assert!(plan.commits[4]
            .message
            .starts_with("action renamed v2 (renamed from actions/Same)"));
    }

    #[test]
    fn a_second_run_appends_only_new_versions_in_the_same_folders() {
        let first = plan(
            &Exported::default(),
            vec![
                action("a", "same", 1, "1\n", 1),
                action("b", "same", 1, "2\n", 2),
            ],
        );
        let messages: Vec<&str> = first
            .commits
            .iter()
            .rev()
            .map(|c| c.message.as_str())
            .collect();
        let exported = Exported::from_messages(messages);
        assert_eq!(exported.len(), 2);
        let again = plan(
            &exported,
            vec![
                action("a", "same", 1, "1\n", 1),
                action("b", "same", 1, "2\n", 2),
                action("b", "same", 2, "3\n", 3),
            ],
        );
        assert_eq!(again.already, 2);
        assert_eq!(again.commits.len(), 1);
        assert_eq!(paths(&again.commits[0])[0], "actions/same~2/code.js");
    }

    #[test]
    fn only_the_last_paragraph_counts_as_trailers() {
        let message =
            "package x v1\n\nCodedeck-Path: spoofed\n\nCodedeck-Place: p\nCodedeck-Object: \
                       package db/o/x\nCodedeck-Version-Id: 1\nCodedeck-Path: faircom/db/o/x\n\n";
        let exported = Exported::from_messages([message]);
        assert_eq!(exported.len(), 1);
        assert_eq!(
            exported.stems.values().collect::<Vec<_>>(),
            vec!["faircom/db/o/x"]
        );
        assert!(Exported::from_messages(["someone's commit\n"]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn a_safe_name_is_one_harmless_path_component(name in "\\PC{0,120}|[./\\ ~\t\n:]{0,6}") {
            let safe = safe_name(&name);
            proptest::prop_assert!(!safe.is_empty() && safe.len() <= MAX_NAME_BYTES);
            proptest::prop_assert!(!safe.chars().any(|c| c.is_control() || "/\\:*?\"<>|~".contains(c)));
            proptest::prop_assert!(!safe.starts_with('.') && !safe.ends_with('.') && !safe.ends_with(' '));
        }

        #[test]
        fn no_two_objects_ever_share_a_folder(names in proptest::collection::vec("[aA/._ ]{0,3}", 1..12)) {
            let versions: Vec<ExportVersion> = names
                .iter()
                .enumerate()
                // Objects 0..4, each version under one of the generated names (renames included).
                .map(|(i, name)| action(&format!("o{}", i % 4), name, i as u32 + 1, "x\n", i as u32))
                .collect();
            let plan = plan(&Exported::default(), versions);
            let mut holder: HashMap<String, String> = HashMap::new();
            for commit in &plan.commits {
                let object = commit.message.lines().find_map(|l| l.strip_prefix("Codedeck-Object: ")).unwrap();
                let path = commit.message.lines().find_map(|l| l.strip_prefix("Codedeck-Path: ")).unwrap();
                holder.retain(|_, held| held != object);
                let previous = holder.insert(trailer_unescaped(path).to_lowercase(), object.to_string());
                proptest::prop_assert!(previous.is_none(), "{path} held twice");
            }
        }
    }

    #[test]
    fn trailer_values_survive_line_breaks_and_quotes() {
        for value in ["plain", "two\nlines", "\"quoted\"", "back\\slash"] {
            let line = trailer_value(value);
            assert!(!line.contains('\n'));
            assert_eq!(trailer_unescaped(&line), value);
        }
    }

    #[test]
    fn the_stream_counts_bytes_exactly_and_quotes_paths() {
        let plan = plan(
            &Exported::default(),
            vec![action("a", "with space", 1, "é\n", 1)],
        );
        let stream = fast_import_stream(&[BranchImport {
            reference: "refs/heads/prod".into(),
            parent: Some("abc".into()),
            commits: &plan.commits,
        }]);
        let text = String::from_utf8(stream).unwrap();
        assert!(text.starts_with("feature done\ncommit refs/heads/prod\n"));
        assert!(text.contains("from abc\n"));
        assert!(text.contains("M 100644 inline \"actions/with space/code.js\"\ndata 3\né\n"));
        assert!(text.contains("author auth0 acme.auth0.com <> 1767261660 +0000\n"));
        assert!(text.ends_with("done\n"));
    }

    #[test]
    fn profile_names_become_branch_names() {
        assert_eq!(branch_name("prod"), "prod");
        assert_eq!(branch_name("my profile"), "my-profile");
        assert_eq!(branch_name("..x.lock"), "x");
        assert_eq!(branch_name(""), "default");
    }
}
