//! History's promises over random version trails and texts: blame, pickaxe and search.
//!
//! Blame: every line is attributed to a version holding that
//! exact line, and to the oldest version of the unbroken run (ending at the blamed version) in which
//! the diffs keep the line unchanged at its place — checked by tracing each line back through the
//! same diffs, the other way round. With lines that never repeat, the answer is known outright.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use codedeck::diff::line_hunks;
use std::collections::HashMap;
use std::ops::Range;

use codedeck::history::{
    blame, blame_parent, hits_in, pickaxe, search, Pattern, PatternKind, Revision, SearchEntry,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize),
    Replace(usize, String),
    /// The next version is an earlier one again (a rollback).
    Rollback(usize),
    /// The next version is the same code (a re-deploy).
    Same,
}

/// Few distinct lines, so lines repeat and the diff has choices to make.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("  return x;".to_string()),
        "[a-c]{1,2}",
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), line()).prop_map(|(at, l)| Edit::Insert(at, l)),
        3 => any::<usize>().prop_map(Edit::Delete),
        3 => (any::<usize>(), line()).prop_map(|(at, l)| Edit::Replace(at, l)),
        1 => any::<usize>().prop_map(Edit::Rollback),
        1 => Just(Edit::Same),
    ]
}

/// Version trails: a first version, then each next one a few edits from the one before.
fn trail() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(line(), 0..12),
        prop::collection::vec(prop::collection::vec(edit(), 1..4), 0..10),
    )
        .prop_map(|(first, steps)| {
            let mut versions = vec![first];
            for edits in steps {
                let mut next = versions.last().unwrap().clone();
                for e in edits {
                    apply(&mut next, &versions, e);
                }
                versions.push(next);
            }
            versions.iter().map(|lines| join(lines)).collect()
        })
}

fn apply(lines: &mut Vec<String>, earlier: &[Vec<String>], edit: Edit) {
    match edit {
        Edit::Insert(at, l) => {
            let at = at % (lines.len() + 1);
            lines.insert(at, l);
        }
        Edit::Delete(at) if !lines.is_empty() => {
            let at = at % lines.len();
            lines.remove(at);
        }
        Edit::Replace(at, l) if !lines.is_empty() => {
            let at = at % lines.len();
            lines[at] = l;
        }
        Edit::Rollback(to) => lines.clone_from(&earlier[to % earlier.len()]),
        _ => {}
    }
}

fn join(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn split(code: &str) -> Vec<&str> {
    code.lines().collect()
}

/// Where line `line` of version `at` stood in version `at - 1`, if the diff keeps it equal.
fn traced_back(versions: &[String], at: usize, line: usize) -> Option<usize> {
    let (old, new) = (split(&versions[at - 1]), split(&versions[at]));
    let mut shift: isize = 0;
    for hunk in line_hunks(&old, &new) {
        if line < hunk.new.start {
            break;
        }
        if hunk.new.contains(&line) {
            return None;
        }
        shift = hunk.old.end as isize - hunk.new.end as isize;
    }
    Some((line as isize + shift) as usize)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_line_goes_to_a_version_holding_it_and_to_the_start_of_its_unbroken_run(
        versions in trail(),
        pick in any::<usize>(),
    ) {
        let revisions: Vec<Revision> = versions.iter().map(|c| Revision::of_code(c)).collect();
        let at = pick % versions.len();
        let blamed = blame(&revisions, at).unwrap();
        let shown = split(&versions[at]);
        prop_assert_eq!(blamed.at, at);
        prop_assert_eq!(blamed.lines.len(), shown.len());
        for (line, origin) in blamed.lines.iter().enumerate() {
            // The version it names holds that exact line where it says.
            prop_assert!(origin.origin <= at);
            let origin_lines = split(&versions[origin.origin]);
            prop_assert_eq!(origin_lines.get(origin.origin_line), Some(&shown[line]));
            // Traced back through the diffs, the line stays put until exactly that version.
            let (mut version, mut position) = (at, line);
            while version > 0 {
                match traced_back(&versions, version, position) {
                    Some(before) => {
                        prop_assert_eq!(split(&versions[version - 1])[before], shown[line]);
                        version -= 1;
                        position = before;
                    }
                    None => break,
                }
            }
            prop_assert_eq!((origin.origin, origin.origin_line), (version, position), "line {}", line);
        }
    }

    #[test]
    fn the_parent_blame_is_the_version_before_the_line_s_own(
        versions in trail(),
        pick in any::<usize>(),
    ) {
        let revisions: Vec<Revision> = versions.iter().map(|c| Revision::of_code(c)).collect();
        let top = blame(&revisions, versions.len() - 1).unwrap();
        if top.lines.is_empty() {
            return Ok(());
        }
        let line = pick % top.lines.len();
        let origin = top.lines[line].origin;
        match blame_parent(&revisions, &top, line) {
            None => prop_assert_eq!(origin, 0),
            Some(parent) => {
                prop_assert_eq!(parent.blame.at, origin - 1);
                let parent_lines = split(&versions[origin - 1]).len();
                prop_assert!(parent.line < parent_lines.max(1));
                prop_assert_eq!(parent.blame, blame(&revisions, origin - 1).unwrap());
            }
        }
    }

    /// Lines that never repeat: each line's blame is the version that first wrote it, whatever the
    /// inserts and deletes around it.
    #[test]
    fn with_unique_lines_each_line_goes_to_the_version_that_wrote_it(
        first in 0..20usize,
        steps in prop::collection::vec(prop::collection::vec((any::<bool>(), any::<usize>()), 1..5), 0..12),
    ) {
        let mut next_id = 0;
        let mut fresh = |version: usize| {
            next_id += 1;
            (format!("line {next_id} of v{version}"), version)
        };
        let mut current: Vec<(String, usize)> = (0..first).map(|_| fresh(0)).collect();
        let mut trail = vec![current.clone()];
        for (step, edits) in steps.iter().enumerate() {
            let version = step + 1;
            for &(insert, at) in edits {
                if insert || current.is_empty() {
                    let at = at % (current.len() + 1);
                    current.insert(at, fresh(version));
                } else {
                    current.remove(at % current.len());
                }
            }
            trail.push(current.clone());
        }
        let codes: Vec<String> = trail
            .iter()
            .map(|v| v.iter().map(|(l, _)| format!("{l}\n")).collect())
            .collect();
        let revisions: Vec<Revision> = codes.iter().map(|c| Revision::of_code(c)).collect();
        let last = codes.len() - 1;
        let blamed = blame(&revisions, last).unwrap();
        let expected: Vec<usize> = trail[last].iter().map(|(_, v)| *v).collect();
        let got: Vec<usize> = blamed.lines.iter().map(|l| l.origin).collect();
        prop_assert_eq!(got, expected);
    }

    /// The versions pickaxe lists are exactly those whose count (as `str::matches` counts) differs
    /// from the version before, and their hunks account for the whole difference.
    #[test]
    fn pickaxe_lists_exactly_the_versions_whose_count_changed(
        versions in trail(),
        needle in prop_oneof![Just("a"), Just("b"), Just("ab"), Just("{"), Just("return"), Just("c\n")],
    ) {
        let revisions: Vec<Revision> = versions.iter().map(|c| Revision::of_code(c)).collect();
        let hits = pickaxe(&revisions, &Pattern::literal(needle).unwrap());
        let counts: Vec<usize> = versions.iter().map(|v| v.matches(needle).count()).collect();
        let mut expected = Vec::new();
        for (at, &after) in counts.iter().enumerate() {
            let before = if at == 0 { 0 } else { counts[at - 1] };
            if after != before {
                expected.push((at, before, after));
            }
        }
        expected.reverse();
        let listed: Vec<(usize, usize, usize)> = hits.iter().map(|h| (h.at, h.before, h.after)).collect();
        prop_assert_eq!(listed, expected);
        for hit in &hits {
            prop_assert!(!hit.hunks.is_empty());
            if !needle.contains('\n') {
                // Within lines, each occurrence is in exactly one line: the blocks hold the change.
                let net: isize = hit.hunks.iter().map(|h| h.added as isize - h.removed as isize).sum();
                prop_assert_eq!(net, hit.after as isize - hit.before as isize);
                prop_assert!(hit.hunks.iter().all(|h| h.added != h.removed));
            }
        }
    }

    /// A literal search finds exactly the lines `str::contains` finds, and every occurrence in them.
    #[test]
    fn a_literal_finds_exactly_the_lines_that_contain_it(
        code in "[ab \r\né]{0,80}",
        needle in "[ab\r\né]{1,3}",
    ) {
        let hits = hits_in(&Pattern::literal(&needle).unwrap(), &code);
        let expected: Vec<(usize, String, Vec<Range<usize>>)> = code
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle.as_str()))
            .map(|(i, l)| {
                let ranges = l.match_indices(needle.as_str()).map(|(at, m)| at..at + m.len()).collect();
                (i + 1, l.to_string(), ranges)
            })
            .collect();
        let got: Vec<(usize, String, Vec<Range<usize>>)> =
            hits.into_iter().map(|h| (h.line, h.text, h.matches)).collect();
        prop_assert_eq!(got, expected);
    }

    /// Ignoring case and as a regex, the lines found are those the `regex` crate matches alone.
    #[test]
    fn case_insensitive_and_regex_searches_find_the_lines_that_match_alone(
        code in "[abAB \r\n]{0,80}",
        needle in "[abAB]{1,3}",
        regex in prop_oneof![Just("a+b"), Just("^b"), Just("a$"), Just(r"b\s+a"), Just("(?i)ab|ba"), Just("a.b"), Just(r"\bb")],
    ) {
        let folded = needle.to_lowercase();
        let insensitive = hits_in(&Pattern::new(&needle, PatternKind::Literal, true).unwrap(), &code);
        let expected: Vec<usize> = code
            .lines()
            .enumerate()
            .filter(|(_, l)| l.to_lowercase().contains(&folded))
            .map(|(i, _)| i + 1)
            .collect();
        prop_assert_eq!(insensitive.iter().map(|h| h.line).collect::<Vec<_>>(), expected);

        let pattern = Pattern::new(regex, PatternKind::Regex, false).unwrap();
        let alone = regex::Regex::new(regex).unwrap();
        let expected: Vec<usize> = code
            .lines()
            .enumerate()
            .filter(|(_, l)| alone.is_match(l))
            .map(|(i, _)| i + 1)
            .collect();
        let got: Vec<usize> = hits_in(&pattern, &code).iter().map(|h| h.line).collect();
        prop_assert_eq!(got, expected);
    }

    /// The grouped search says, per object and version, what searching that version alone says.
    #[test]
    fn the_grouped_search_is_each_version_searched_alone(
        blobs in prop::collection::vec("[ab\n]{0,30}", 1..6),
        entries in prop::collection::vec((0..4usize, 0..20u32, 0..8usize), 0..30),
    ) {
        let pattern = Pattern::literal("ab").unwrap();
        let entries: Vec<SearchEntry<usize, u32, usize>> = entries
            .into_iter()
            .map(|(object, version, blob)| SearchEntry { object, version, blob })
            .collect();
        let found = search(&pattern, entries.clone(), |b| blobs.get(*b).map(String::as_str));
        let mut expected: HashMap<usize, Vec<(u32, usize)>> = HashMap::new();
        for e in &entries {
            let Some(code) = blobs.get(e.blob) else { continue };
            let hits = hits_in(&pattern, code);
            if !hits.is_empty() {
                expected.entry(e.object).or_default().push((e.version, hits.len()));
            }
        }
        prop_assert_eq!(found.len(), expected.len());
        for object in &found {
            let got: Vec<(u32, usize)> = object.versions.iter().map(|v| (v.version, v.hits.len())).collect();
            prop_assert!(got.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
            let mut want = expected[&object.object].clone();
            let mut got = got;
            got.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }
}
