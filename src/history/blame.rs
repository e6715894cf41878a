//! Line history: for each line of a version, the version that last changed it and where the line
//! stood there. Computed by walking the versions oldest → newest with the project's line diff: a
//! line the diff keeps equal keeps its origin; a line it inserts (or replaces) starts there.

use crate::diff::line_hunks;

use super::{lines, Revision};

/// Where one line of the blamed version comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlameLine {
    /// Index (in the revisions given) of the version that last changed the line.
    pub origin: usize,
    /// The line's 0-based index in that version's code.
    pub origin_line: usize,
}

/// The blame of one version: an origin per line of its code, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blame {
    /// Index of the blamed version in the revisions given.
    pub at: usize,
    pub lines: Vec<BlameLine>,
}

/// Blames the version at index `at` of `revisions` (oldest first): each of its lines gets the oldest
/// version of the unbroken run, ending at `at`, in which the diffs keep that line unchanged. `None`
/// when `at` is past the end.
pub fn blame(revisions: &[Revision], at: usize) -> Option<Blame> {
    let first = revisions.first()?;
    if at >= revisions.len() {
        return None;
    }
    let mut previous = lines(first.code);
    let mut origins: Vec<BlameLine> = (0..previous.len())
        .map(|line| BlameLine {
            origin: 0,
            origin_line: line,
        })
        .collect();
    for (index, revision) in revisions.iter().enumerate().take(at + 1).skip(1) {
        let current = lines(revision.code);
        // Identical code (a rollback, a re-save) keeps every origin; no diff needed.
        if current != previous {
            origins = carry(&origins, &previous, &current, index);
        }
        previous = current;
    }
    Some(Blame { at, lines: origins })
}

/// The origins of `current`'s lines: carried from `previous` where the diff keeps lines equal,
/// `index` (this version) for lines it inserts.
fn carry(
    origins: &[BlameLine],
    previous: &[&str],
    current: &[&str],
    index: usize,
) -> Vec<BlameLine> {
    let mut next = Vec::with_capacity(current.len());
    let mut old_at = 0;
    let fresh = |line| BlameLine {
        origin: index,
        origin_line: line,
    };
    for hunk in line_hunks(previous, current) {
        next.extend_from_slice(&origins[old_at..hunk.old.start]);
        next.extend(hunk.new.map(fresh));
        old_at = hunk.old.end;
    }
    next.extend_from_slice(&origins[old_at..]);
    next
}

/// A re-blame one step back (tig's `,`): the blame at the version before the one that last changed
/// a line, and the line there to put the cursor on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentBlame {
    pub blame: Blame,
    /// 0-based line in the parent version nearest to where the changed line stood.
    pub line: usize,
}

/// Re-blames at the parent of the version that last changed `line` (0-based) of `blame`. `None` when
/// the line has no such version before it (it came with the first version) or `line` is past the end.
pub fn blame_parent(revisions: &[Revision], blame: &Blame, line: usize) -> Option<ParentBlame> {
    let origin = *blame.lines.get(line)?;
    let parent = origin.origin.checked_sub(1)?;
    let parent_blame = self::blame(revisions, parent)?;
    let parent_lines = lines(revisions[parent].code);
    let origin_lines = lines(revisions.get(origin.origin)?.code);
    // The block of the diff that brought the line in; the cursor goes to what it replaced (the same
    // offset into it, clamped), or to where it was inserted.
    let hunk = line_hunks(&parent_lines, &origin_lines)
        .into_iter()
        .find(|h| h.new.contains(&origin.origin_line));
    let at = hunk.map_or(origin.origin_line, |h| {
        let offset = origin.origin_line - h.new.start;
        h.old.start + offset.min(h.old.len().saturating_sub(1))
    });
    let line = at.min(parent_lines.len().saturating_sub(1));
    Some(ParentBlame {
        blame: parent_blame,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revisions<'a>(codes: &[&'a str]) -> Vec<Revision<'a>> {
        codes.iter().map(|c| Revision::of_code(c)).collect()
    }

    fn origins(blame: &Blame) -> Vec<usize> {
        blame.lines.iter().map(|l| l.origin).collect()
    }

    #[test]
    fn each_line_names_the_version_that_last_changed_it() {
        let revs = revisions(&["a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\nd\n", "z\na\nB\nc\nd\n"]);
        let blame = blame(&revs, 3).unwrap();
        assert_eq!(origins(&blame), vec![3, 0, 1, 0, 2]);
        assert_eq!(blame.lines[2].origin_line, 1);
        assert_eq!(blame.lines[4].origin_line, 3);
    }

    #[test]
    fn a_line_removed_and_restored_starts_again_where_it_came_back() {
        let revs = revisions(&["a\nb\n", "a\n", "a\nb\n"]);
        assert_eq!(origins(&blame(&revs, 2).unwrap()), vec![0, 2]);
    }

    #[test]
    fn an_identical_version_changes_nothing_and_a_chosen_version_is_blamed_as_it_was() {
        let revs = revisions(&["a\nb\n", "a\nc\n", "a\nc\n"]);
        assert_eq!(origins(&blame(&revs, 2).unwrap()), vec![0, 1]);
        assert_eq!(origins(&blame(&revs, 0).unwrap()), vec![0, 0]);
        assert!(blame(&revs, 3).is_none());
        assert!(blame(&[], 0).is_none());
    }

    #[test]
    fn the_parent_blame_steps_back_before_the_line_s_version() {
        let revs = revisions(&["a\nb\nc\n", "a\nb2\nc\n", "a\nb3\nc\n"]);
        let top = blame(&revs, 2).unwrap();
        assert_eq!(origins(&top), vec![0, 2, 0]);
        let parent = blame_parent(&revs, &top, 1).unwrap();
        assert_eq!(parent.blame.at, 1);
        assert_eq!(parent.line, 1);
        assert_eq!(origins(&parent.blame), vec![0, 1, 0]);
        let grand = blame_parent(&revs, &parent.blame, parent.line).unwrap();
        assert_eq!(grand.blame.at, 0);
        // A line of the first version has no parent.
        assert!(blame_parent(&revs, &grand.blame, 1).is_none());
        assert!(blame_parent(&revs, &top, 9).is_none());
    }

    #[test]
    fn the_parent_of_an_inserted_line_is_where_it_was_inserted() {
        let revs = revisions(&["a\nc\n", "a\nb\nc\n"]);
        let top = blame(&revs, 1).unwrap();
        let parent = blame_parent(&revs, &top, 1).unwrap();
        assert_eq!(parent.line, 1);
        let revs = revisions(&["", "a\n"]);
        let top = blame(&revs, 1).unwrap();
        assert_eq!(blame_parent(&revs, &top, 0).unwrap().line, 0);
    }
}
