//! Line history's data (the blame gutter, the pickaxe, the diff opened at a line) and the work its
//! commands carry (`Cmd::Blame`, `Cmd::Pickaxe`, computed off the loop by `history`). The keys and
//! answers are the `app::blame` feature's.

use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::state::{State, View};
use crate::app::timeline::RowKey;
use crate::history::{blame, blame_parent, pickaxe, Blame, Pattern, PickaxeHit, Revision};
use crate::strings as s;

/// The gutter of one object's code view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameView {
    pub view: View,
    pub object_id: String,
    /// The timeline row blamed: the code view shows it.
    pub row: RowKey,
    /// The rows handed to the blame, oldest first: a line's `origin` indexes this.
    pub order: Arc<[RowKey]>,
    /// `None` while it is computed ("blaming…").
    pub blame: Option<Arc<Blame>>,
    pub pending: Option<Generation>,
    /// The 0-based line `,` and Enter act on.
    pub cursor: usize,
    /// Where each `,` came from, newest last: `<` goes back.
    pub back: Vec<BlameStep>,
    /// Asked from a detail before its timeline was loaded: blame the draft (or what is live) when
    /// it arrives.
    pub awaiting_timeline: bool,
}

/// One level of `,`, to come back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameStep {
    pub row: RowKey,
    pub order: Arc<[RowKey]>,
    pub blame: Option<Arc<Blame>>,
    pub cursor: usize,
    pub scroll: usize,
}

/// One version as the blame reads it (shared with the blocking thread, not copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameSource {
    pub number: Option<u32>,
    pub code: Arc<str>,
}

/// The work `Cmd::Blame` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameRequest {
    /// Oldest first.
    pub revisions: Arc<[BlameSource]>,
    /// The version blamed (an index into `revisions`).
    pub at: usize,
    /// `,`: the blame this re-blames from and its cursor line; the answer says where the line was
    /// in the parent.
    pub parent_of: Option<(Arc<Blame>, usize)>,
}

/// A computed blame, and (after `,`) the line to put the cursor on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blamed {
    pub blame: Blame,
    pub line: Option<usize>,
}

/// The timeline's rows as `history` reads them (numbers and code; ids and times are not needed).
fn as_revisions(sources: &[BlameSource]) -> Vec<Revision<'_>> {
    sources
        .iter()
        .map(|r| Revision {
            number: r.number,
            id: "",
            created_at: None,
            code: &r.code,
        })
        .collect()
}

impl BlameRequest {
    /// Walks the versions oldest → newest with the line diff (`history::blame`).
    ///
    /// # Errors
    /// When `at` names no version (the request was built from another timeline).
    pub fn compute(&self) -> Result<Blamed, String> {
        let revisions = as_revisions(&self.revisions);
        let answer = match &self.parent_of {
            Some((from, line)) => blame_parent(&revisions, from, *line)
                .filter(|p| p.blame.at == self.at)
                .map(|p| Blamed {
                    blame: p.blame,
                    line: Some(p.line),
                }),
            None => blame(&revisions, self.at).map(|blame| Blamed { blame, line: None }),
        };
        answer.ok_or_else(|| s::blame::NO_SUCH_VERSION.to_string())
    }
}

impl State {
    /// The blame gutter the code view shows now: of the open timeline's object and its selected row.
    pub fn shown_blame(&self) -> Option<&BlameView> {
        let blame = self.blame.as_ref()?;
        let versions = self.versions()?;
        let timeline = versions.timeline.data.ready()?;
        let selected = timeline.rows.get(versions.selected)?.key;
        (blame.view == self.view
            && blame.object_id == versions.object_id
            && blame.row == selected
            && !blame.awaiting_timeline)
            .then_some(blame)
    }
}

/// What line history waits for besides the gutter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryJump {
    /// The pickaxe asked for: its generation, the text, and the rows it ran over (oldest first).
    pub pickaxe: Option<(Generation, String, Arc<[RowKey]>)>,
    /// A diff opened at a line (from the gutter or the pickaxe): shown there once computed.
    pub diff_at: Option<(Generation, usize)>,
}

/// The work `Cmd::Pickaxe` asks for: a literal text over the versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickaxeRequest {
    pub revisions: Arc<[BlameSource]>,
    pub text: String,
}

impl PickaxeRequest {
    /// The versions where the text's count changed (`history::pickaxe`), newest first.
    ///
    /// # Errors
    /// When the text is no pattern (empty), in words.
    pub fn compute(&self) -> Result<Vec<PickaxeHit>, String> {
        let pattern = Pattern::literal(&self.text).map_err(|e| e.to_string())?;
        let revisions = as_revisions(&self.revisions);
        Ok(pickaxe(&revisions, &pattern))
    }
}

/// A listed version: its diff with the version before (none for the first), at its hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickaxeTarget {
    pub old: Option<RowKey>,
    pub new: RowKey,
    /// 0-based line of the new version where the hunk is.
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(codes: &[&str], at: usize) -> BlameRequest {
        BlameRequest {
            revisions: codes
                .iter()
                .enumerate()
                .map(|(i, c)| BlameSource {
                    number: Some(i as u32 + 1),
                    code: Arc::from(*c),
                })
                .collect(),
            at,
            parent_of: None,
        }
    }

    #[test]
    fn a_request_blames_its_version_and_a_parent_request_says_where_the_line_went() {
        let top = request(&["a\nb\n", "a\nB\n"], 1).compute().unwrap();
        let origins: Vec<usize> = top.blame.lines.iter().map(|l| l.origin).collect();
        assert_eq!(origins, vec![0, 1]);
        let mut parent = request(&["a\nb\n", "a\nB\n"], 0);
        parent.parent_of = Some((Arc::new(top.blame), 1));
        let answer = parent.compute().unwrap();
        assert_eq!((answer.blame.at, answer.line), (0, Some(1)));
        assert!(request(&["a\n"], 3).compute().is_err());
    }
}
