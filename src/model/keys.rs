//! The user's key overrides as config.toml wrote them (`[keys.MODE] intent = "K"` or `["K", "L"]`):
//! plain names, checked and applied by `app::keymap::Keymap` (config parses, app decides).

use std::collections::BTreeMap;

/// Mode name → intent name → the keys that replace the intent's keys in that mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOverrides {
    pub modes: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl KeyOverrides {
    pub fn is_empty(&self) -> bool {
        self.modes.values().all(BTreeMap::is_empty)
    }
}
