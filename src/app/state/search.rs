//! The search view (`S`, `:search`): the pattern asked, the search under way, the hits grouped
//! object → version (newest first), and which hit is selected.

use std::sync::Arc;

use crate::app::msg::Generation;
use crate::app::state::Remote;
use crate::app::timeline::{RowKey, Versioned};
pub use crate::history::LineHit;
use crate::history::PatternKind;

/// What to search for, as typed (`-r`/`-i` in front choose a regex, ignoring case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// As typed, flags included (shown again when `S` is pressed next).
    pub typed: String,
    /// The pattern without its flags.
    pub pattern: String,
    pub kind: PatternKind,
    pub ignore_case: bool,
}

/// One object with hits, its versions newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchObject {
    pub kind: Versioned,
    pub object_id: String,
    pub name: String,
    /// `auth0 acme.eu.auth0.com`: where it is stored from.
    pub place: String,
    pub versions: Vec<SearchVersion>,
}

/// One version with hits (versions with the same code share their hits).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchVersion {
    pub key: RowKey,
    pub live: bool,
    /// The service no longer lists it.
    pub pruned: bool,
    pub hits: Arc<[LineHit]>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    pub objects: Vec<SearchObject>,
    /// How many stored versions and drafts were searched.
    pub searched: usize,
}

impl SearchResults {
    /// Every hit in display order: (object, version, hit) indexes.
    pub fn hit_positions(&self) -> Vec<(usize, usize, usize)> {
        let mut positions = Vec::new();
        for (o, object) in self.objects.iter().enumerate() {
            for (v, version) in object.versions.iter().enumerate() {
                positions.extend((0..version.hits.len()).map(|h| (o, v, h)));
            }
        }
        positions
    }

    pub fn hit_count(&self) -> usize {
        self.objects
            .iter()
            .flat_map(|o| &o.versions)
            .map(|v| v.hits.len())
            .sum()
    }

    pub fn version_count(&self) -> usize {
        self.objects.iter().map(|o| o.versions.len()).sum()
    }
}

/// What `:sync` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub objects: usize,
    /// Versions the store holds now that it did not before.
    pub new_versions: usize,
    /// What could not be synced, each with why (in words).
    pub failed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchView {
    pub query: SearchQuery,
    pub generation: Generation,
    pub results: Remote<SearchResults>,
    /// Index into [`SearchResults::hit_positions`].
    pub selected: usize,
    /// The results are on screen (hidden while a hit's version is open; `S` asks again).
    pub shown: bool,
}
