//! Answers over every stored version of an object, pure (no I/O, no clock): which version last
//! changed each line ([`blame()`]), which versions added or removed a text ([`pickaxe()`], like
//! `git log -S`), and where a text is in any version of any object ([`search()`]). The store hands
//! the versions in; the CLI and the dashboard show the answers.
//!
//! Versions are given oldest → newest as [`Revision`]s, and answers name a version by its index in
//! that slice, so the caller keeps whatever identity it has (number, id, draft) beside its code.
//!
//! How the front ends call it (the store reads, these compute; the dashboard runs them on the
//! blocking thread as it does the diff — tens of milliseconds at most, see docs/PERFORMANCE.md):
//! - `codedeck blame NAME [--version N]`, `b` in a code view: [`blame()`]`(&revisions, at)`; each
//!   line's version is `revisions[line.origin]` (number, created_at); `,` is
//!   [`blame_parent`]`(&revisions, &blame, cursor_line)`, which also says where the cursor goes.
//! - `codedeck log NAME -S TEXT`, `L` in the timeline: [`pickaxe()`]`(&revisions, &Pattern::new(..)?)`.
//! - `codedeck search PATTERN`, `S`: [`Pattern::new`]`(text, kind, ignore_case)?`, then
//!   [`search()`]`(&pattern, entries, |blob| store_text(blob))` with the entries the caller's
//!   [`Scope`] admits; [`hits_in`] searches one text alone (the code already on screen).

pub mod blame;
pub mod export;
pub mod pattern;
pub mod pickaxe;
pub mod search;

pub use blame::{blame, blame_parent, Blame, BlameLine, ParentBlame};
pub use pattern::{Pattern, PatternError, PatternKind};
pub use pickaxe::{pickaxe, PickaxeHit, PickaxeHunk};
pub use search::{
    hits_in, search, EntryFacts, LineHit, ObjectHits, Scope, SearchEntry, Service, VersionHits,
    VersionKey,
};

use crate::model::Timestamp;

/// One version of an object as history reads it: who it is for the caller, when it was made, its
/// code. Borrowed, so a store's rows need no copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision<'a> {
    /// The service's version number; `None` for a draft (not yet a version).
    pub number: Option<u32>,
    /// The service's version id (an Auth0 version id, a FairCom history entry's id), if any.
    pub id: &'a str,
    pub created_at: Option<Timestamp>,
    pub code: &'a str,
}

impl<'a> Revision<'a> {
    /// A revision with only its code, for callers (and tests) that need no identity.
    pub fn of_code(code: &'a str) -> Self {
        Revision {
            number: None,
            id: "",
            created_at: None,
            code,
        }
    }
}

/// The lines of a code text as the line diff counts them (without terminators).
pub(crate) fn lines(code: &str) -> Vec<&str> {
    crate::diff::lines(code)
}
