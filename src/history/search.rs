//! Search every stored version: each distinct code blob is searched once (rollbacks and re-deploys
//! share one), then its hits fan out to every version holding it, grouped object → version, newest
//! first. Which versions take part (live only, drafts, one object, one service) is the caller's
//! choice, made on its own data with a [`Scope`] before the entries come in.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;
use std::sync::Arc;

use memchr::{memchr, memchr_iter, memrchr};

use super::Pattern;

/// A version's place in the newest-first order: numbered versions by number, the draft after them
/// all (it is newer than any deployed version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VersionKey {
    Number(u32),
    Draft,
}

/// One version to search: the object it belongs to, which version it is, and its code blob's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry<O, V, B> {
    pub object: O,
    /// Orders the object's versions: the greatest is the newest (a [`VersionKey`] does).
    pub version: V,
    pub blob: B,
}

/// One line that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHit {
    /// 1-based, as editors and `grep -n` count.
    pub line: usize,
    /// The line without its terminator.
    pub text: String,
    /// Byte ranges of `text` to emphasise, in order.
    pub matches: Vec<Range<usize>>,
}

/// The hits in one version (shared with every version of the same code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionHits<V> {
    pub version: V,
    pub hits: Arc<[LineHit]>,
}

/// One object's versions that have hits, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectHits<O, V> {
    pub object: O,
    pub versions: Vec<VersionHits<V>>,
}

/// The lines of `code` (as `str::lines` splits them) that hold `pattern`, with where.
pub fn hits_in(pattern: &Pattern, code: &str) -> Vec<LineHit> {
    if pattern.line_by_line(code) {
        return code
            .lines()
            .enumerate()
            .filter_map(|(index, text)| {
                let matches = pattern.matches(text);
                (!matches.is_empty()).then(|| LineHit {
                    line: index + 1,
                    text: text.to_string(),
                    matches,
                })
            })
            .collect();
    }
    let bytes = code.as_bytes();
    let mut hits = Vec::new();
    // `from` is always a line's start; `line` its 0-based number.
    let (mut from, mut line) = (0, 0);
    while from < bytes.len() {
        // A match anywhere ahead names the first line that can hold one: no line between `from`
        // and it can (a match inside a line is a match in the whole text too).
        let Some(at) = pattern.next_start(code, from) else {
            break;
        };
        let start = memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
        line += memchr_iter(b'\n', &bytes[from..start]).count();
        let end = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        // `\r\n` ends a line as `\n` does; a bare `\r` at the very end is text (as `str::lines` has it).
        let text = &code[start..end];
        let text = match text.strip_suffix('\r') {
            Some(shorter) if end < bytes.len() => shorter,
            _ => text,
        };
        // The line alone decides: a match across lines in the whole text is none of its own.
        let matches = pattern.matches(text);
        if !matches.is_empty() {
            hits.push(LineHit {
                line: line + 1,
                text: text.to_string(),
                matches,
            });
        }
        (from, line) = (end + 1, line + 1);
    }
    hits
}

/// Searches every entry's code once per distinct blob and groups the hits object → version, newest
/// version first; objects keep the order they first come in, and those without hits are left out.
/// `blob_text` gives a blob's code; an entry whose blob it does not know is skipped.
pub fn search<'t, O, V, B>(
    pattern: &Pattern,
    entries: impl IntoIterator<Item = SearchEntry<O, V, B>>,
    blob_text: impl Fn(&B) -> Option<&'t str>,
) -> Vec<ObjectHits<O, V>>
where
    O: Eq + Hash + Clone,
    V: Ord,
    B: Eq + Hash,
{
    let mut per_blob: HashMap<B, Arc<[LineHit]>> = HashMap::new();
    let mut objects: Vec<ObjectHits<O, V>> = Vec::new();
    let mut object_index: HashMap<O, usize> = HashMap::new();
    for entry in entries {
        let hits = if let Some(hits) = per_blob.get(&entry.blob) {
            Arc::clone(hits)
        } else {
            let Some(code) = blob_text(&entry.blob) else {
                continue;
            };
            let hits: Arc<[LineHit]> = hits_in(pattern, code).into();
            per_blob.insert(entry.blob, Arc::clone(&hits));
            hits
        };
        if hits.is_empty() {
            continue;
        }
        let index = *object_index.entry(entry.object.clone()).or_insert_with(|| {
            objects.push(ObjectHits {
                object: entry.object,
                versions: Vec::new(),
            });
            objects.len() - 1
        });
        objects[index].versions.push(VersionHits {
            version: entry.version,
            hits,
        });
    }
    for object in &mut objects {
        object.versions.sort_by(|a, b| b.version.cmp(&a.version));
    }
    objects
}

/// Which of the two services an object lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Auth0,
    FairCom,
}

/// What the caller knows of one stored version, for [`Scope::admits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryFacts<'a> {
    pub service: Service,
    /// The object's name (an action's, a module's, a package's).
    pub name: &'a str,
    /// This is what runs now (the deployed version, the current package).
    pub live: bool,
    /// This is a draft, not a version.
    pub draft: bool,
}

/// The scope flags of `codedeck search` and `S`, as data: all off searches every stored version and
/// draft; `live` and `drafts` together admit either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `--live`: only what runs now.
    pub live: bool,
    /// `--drafts`: only drafts.
    pub drafts: bool,
    /// `--object NAME`: only the object of that exact name.
    pub object: Option<String>,
    /// `--service`: only that service's objects.
    pub service: Option<Service>,
}

impl Scope {
    pub fn admits(&self, facts: &EntryFacts) -> bool {
        let kind = match (self.live, self.drafts) {
            (false, false) => true,
            (live, drafts) => (live && facts.live) || (drafts && facts.draft),
        };
        kind && self.object.as_deref().is_none_or(|name| name == facts.name)
            && self.service.is_none_or(|service| service == facts.service)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::single_range_in_vec_init)] // a line's match ranges, one of them

    use super::*;
    use crate::history::PatternKind;

    fn lines_of(hits: &[LineHit]) -> Vec<(usize, &str, Vec<Range<usize>>)> {
        hits.iter()
            .map(|h| (h.line, h.text.as_str(), h.matches.clone()))
            .collect()
    }

    #[test]
    fn a_literal_finds_lines_with_their_numbers_and_match_ranges() {
        let code = "const a = 1;\r\nlet b = a + a;\n\nreturn a\n";
        let hits = hits_in(&Pattern::literal("a").unwrap(), code);
        assert_eq!(
            lines_of(&hits),
            vec![
                (1, "const a = 1;", vec![6..7]),
                (2, "let b = a + a;", vec![8..9, 12..13]),
                (4, "return a", vec![7..8]),
            ]
        );
    }

    #[test]
    fn a_match_across_lines_is_no_line_s_match_and_the_next_lines_are_still_searched() {
        let pattern = Pattern::literal("x\ny").unwrap();
        assert!(hits_in(&pattern, "x\ny\n").is_empty());
        let pattern = Pattern::new(r"a\s+b", PatternKind::Regex, false).unwrap();
        assert_eq!(
            lines_of(&hits_in(&pattern, "a\nb a  b\n")),
            vec![(2, "b a  b", vec![2..6])]
        );
        let any = Pattern::new("a.b", PatternKind::Regex, false).unwrap();
        assert_eq!(
            lines_of(&hits_in(&any, "x\r\na\rb\r\n")),
            vec![(2, "a\rb", vec![0..3])]
        );
        let ignoring_case = Pattern::new("TOKEN", PatternKind::Literal, true).unwrap();
        assert_eq!(hits_in(&ignoring_case, "x\nmy token")[0].line, 2);
    }

    #[test]
    fn each_blob_is_searched_once_and_hits_group_by_object_newest_version_first() {
        let blobs: HashMap<u32, &str> =
            HashMap::from([(1, "token\n"), (2, "none\n"), (3, "a\ntoken token\n")]);
        let entry = |object: &'static str, version, blob| SearchEntry {
            object,
            version,
            blob,
        };
        let entries = vec![
            entry("login", VersionKey::Number(1), 1),
            entry("signup", VersionKey::Number(1), 2),
            entry("login", VersionKey::Draft, 3),
            entry("login", VersionKey::Number(2), 1),
            entry("signup", VersionKey::Number(2), 3),
            entry("lost", VersionKey::Number(1), 9),
        ];
        let searched = std::cell::Cell::new(0);
        let found = search(&Pattern::literal("token").unwrap(), entries, |blob| {
            searched.set(searched.get() + 1);
            blobs.get(blob).copied()
        });
        assert_eq!(
            searched.get(),
            4,
            "three blobs once each, and the unknown one"
        );
        let shape: Vec<(&str, Vec<VersionKey>)> = found
            .iter()
            .map(|o| (o.object, o.versions.iter().map(|v| v.version).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "login",
                    vec![
                        VersionKey::Draft,
                        VersionKey::Number(2),
                        VersionKey::Number(1)
                    ]
                ),
                ("signup", vec![VersionKey::Number(2)]),
            ]
        );
        assert!(Arc::ptr_eq(
            &found[0].versions[1].hits,
            &found[0].versions[2].hits
        ));
        assert_eq!(found[0].versions[0].hits[0].matches, vec![0..5, 6..11]);
    }

    #[test]
    fn the_scope_admits_what_its_flags_ask_for() {
        let facts = |live, draft| EntryFacts {
            service: Service::Auth0,
            name: "login",
            live,
            draft,
        };
        assert!(Scope::default().admits(&facts(false, false)));
        let live = Scope {
            live: true,
            ..Scope::default()
        };
        assert!(live.admits(&facts(true, false)) && !live.admits(&facts(false, true)));
        let both = Scope {
            live: true,
            drafts: true,
            ..Scope::default()
        };
        assert!(both.admits(&facts(false, true)) && !both.admits(&facts(false, false)));
        let named = Scope {
            object: Some("signup".into()),
            ..Scope::default()
        };
        assert!(!named.admits(&facts(true, false)));
        let faircom = Scope {
            service: Some(Service::FairCom),
            ..Scope::default()
        };
        assert!(!faircom.admits(&facts(true, false)));
    }
}
