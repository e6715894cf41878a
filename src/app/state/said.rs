//! What the status line said, kept (issue 19): nothing said vanishes before it is read. The status
//! line shows the newest message until a key is pressed (an error until it is dismissed); `M` and
//! `:messages` list the last [`KEPT`] with the time each was said.

use std::collections::VecDeque;

use crate::app::state::FlashKind;
use crate::model::Timestamp;

/// Messages kept for `M`.
pub const KEPT: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub kind: FlashKind,
    pub text: String,
    /// The wall clock as the shell last reported it (`Msg::Clock`) when the message was made;
    /// `None` before the first report (tests, fixed renders).
    pub at: Option<Timestamp>,
}

/// The last [`KEPT`] messages, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaidLog {
    entries: VecDeque<Said>,
}

impl SaidLog {
    pub fn push(&mut self, said: Said) {
        // The same words again (a refused key pressed twice) are one entry, at the newer time.
        if self
            .entries
            .back()
            .is_some_and(|last| last.text == said.text && last.kind == said.kind)
        {
            self.entries.pop_back();
        }
        self.entries.push_back(said);
        while self.entries.len() > KEPT {
            self.entries.pop_front();
        }
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Said> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The help's filter (`/` inside `?`): the text and whether keys are typed into it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpFilter {
    pub text: String,
    pub typing: bool,
}
