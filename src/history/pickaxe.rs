//! `git log -S` over an object's versions: the versions where the number of occurrences of a
//! pattern changed from the version before (the ones that added or removed it), each with the
//! blocks of the line diff that did it.

use crate::diff::{line_hunks, LineHunk};

use super::{lines, Pattern, Revision};

/// A version that changed how often the pattern occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickaxeHit {
    /// Index of the version in the revisions given.
    pub at: usize,
    /// Occurrences in the version before (0 for the first version).
    pub before: usize,
    /// Occurrences in this version.
    pub after: usize,
    /// The diff blocks (against the version before) that added or removed occurrences.
    pub hunks: Vec<PickaxeHunk>,
}

/// One block of the diff and the occurrences in its removed and added lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickaxeHunk {
    /// Lines of the version before (`old`) replaced by lines of this version (`new`), 0-based.
    pub lines: LineHunk,
    pub removed: usize,
    pub added: usize,
}

/// The versions of `revisions` (oldest first) where `pattern`'s count differs from the version
/// before, newest first as `git log` lists them. The first version counts against nothing, so it
/// is listed when it has the pattern at all.
///
/// The hunks are those whose removed and added lines hold different counts; when the pattern spans
/// lines in a way no single block shows, every block of that version's diff is given instead.
pub fn pickaxe(revisions: &[Revision], pattern: &Pattern) -> Vec<PickaxeHit> {
    let mut found = Vec::new();
    let mut before = 0;
    let mut previous = "";
    for (at, revision) in revisions.iter().enumerate() {
        let after = pattern.count(revision.code);
        if after != before {
            found.push(PickaxeHit {
                at,
                before,
                after,
                hunks: hunks_that_changed(previous, revision.code, pattern),
            });
        }
        (before, previous) = (after, revision.code);
    }
    found.reverse();
    found
}

fn hunks_that_changed(old: &str, new: &str, pattern: &Pattern) -> Vec<PickaxeHunk> {
    let (old_lines, new_lines) = (lines(old), lines(new));
    let counted: Vec<PickaxeHunk> = line_hunks(&old_lines, &new_lines)
        .into_iter()
        .map(|hunk| PickaxeHunk {
            removed: pattern.count(&old_lines[hunk.old.clone()].join("\n")),
            added: pattern.count(&new_lines[hunk.new.clone()].join("\n")),
            lines: hunk,
        })
        .collect();
    if counted.iter().any(|h| h.removed != h.added) {
        counted
            .into_iter()
            .filter(|h| h.removed != h.added)
            .collect()
    } else {
        counted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revisions<'a>(codes: &[&'a str]) -> Vec<Revision<'a>> {
        codes.iter().map(|c| Revision::of_code(c)).collect()
    }

    #[test]
    fn lists_the_versions_that_added_or_removed_the_text_newest_first_with_their_hunks() {
        let revs = revisions(&[
            "a\nb\n",
            "a\ntoken\nb\n",
            "a\ntoken\nb\nc\n",
            "a\nb\nc\n",
            "token token\n",
        ]);
        let hits = pickaxe(&revs, &Pattern::literal("token").unwrap());
        let summary: Vec<(usize, usize, usize)> =
            hits.iter().map(|h| (h.at, h.before, h.after)).collect();
        assert_eq!(summary, vec![(4, 0, 2), (3, 1, 0), (1, 0, 1)]);
        let added = &hits[2].hunks;
        assert_eq!(added.len(), 1);
        assert_eq!(
            (added[0].lines.old.clone(), added[0].lines.new.clone()),
            (1..1, 1..2)
        );
        assert_eq!((added[0].removed, added[0].added), (0, 1));
        let removed = &hits[1].hunks;
        assert_eq!((removed[0].removed, removed[0].added), (1, 0));
    }

    #[test]
    fn the_first_version_counts_against_nothing_and_unchanged_counts_are_not_listed() {
        let revs = revisions(&["x = token;\n", "y = token;\n"]);
        let hits = pickaxe(&revs, &Pattern::literal("token").unwrap());
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].at, 0);
        assert_eq!(hits[0].hunks[0].lines.new, 0..1);
    }

    #[test]
    fn a_pattern_across_lines_still_names_the_version_with_all_its_hunks() {
        let revs = revisions(&["a\nb\n", "a\nX\nb\n"]);
        let hits = pickaxe(&revs, &Pattern::literal("b\n").unwrap());
        assert!(hits.iter().all(|h| h.at == 0));
        let spanning = pickaxe(&revs, &Pattern::literal("a\nb").unwrap());
        assert_eq!(spanning.len(), 2);
        assert_eq!(spanning[0].at, 1);
        assert_eq!(spanning[0].hunks.len(), 1);
    }
}
