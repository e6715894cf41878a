//! The keymap as this run uses it: the tables' keys, with the user's `[keys.MODE]` overrides from
//! config.toml in place. Checked once at start: an unknown mode, intent or key, or two actions on one
//! key in a mode, is refused in words (the dashboard does not start with a keymap it cannot honour).

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

use super::{parse_key, spec_matches, table, uses_global, Intent, KeyBinding, KeyTable, Mode};
use super::{DOCUMENTED, GLOBAL, HELP, MESSAGES};
use crate::model::keys::KeyOverrides;
use crate::strings::keys as words;

/// The keys of each (mode, intent) the user moved; every other binding keeps the table's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    overrides: BTreeMap<(Mode, Intent), Vec<String>>,
}

/// Every table a user may override (the help's own and the messages' included).
fn overridable() -> impl Iterator<Item = &'static KeyTable> {
    DOCUMENTED.into_iter().chain([&HELP, &MESSAGES])
}

/// `PickStages` → `pick_stages`: the name config.toml uses for a mode or an intent.
pub fn config_name(debug: &str) -> String {
    let mut name = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else {
            name.push(c);
        }
    }
    name
}

pub fn mode_name(mode: Mode) -> String {
    config_name(&format!("{mode:?}"))
}

pub fn intent_name(intent: Intent) -> String {
    config_name(&format!("{intent:?}"))
}

impl Keymap {
    /// The tables with `overrides` applied, or every reason they cannot be, in words.
    pub fn from_overrides(overrides: &KeyOverrides) -> Result<Keymap, Vec<String>> {
        let mut keymap = Keymap::default();
        let mut problems = vec![];
        for (mode_text, intents) in &overrides.modes {
            let Some(found) = overridable().find(|t| mode_name(t.mode) == *mode_text) else {
                problems.push(words::unknown_mode(
                    mode_text,
                    &overridable().map(|t| mode_name(t.mode)).collect::<Vec<_>>(),
                ));
                continue;
            };
            for (intent_text, keys) in intents {
                let Some(binding) = found
                    .bindings
                    .iter()
                    .find(|b| intent_name(b.intent) == *intent_text)
                else {
                    let known: Vec<String> = found
                        .bindings
                        .iter()
                        .map(|b| intent_name(b.intent))
                        .collect();
                    problems.push(words::unknown_intent(mode_text, intent_text, &known));
                    continue;
                };
                if keys.is_empty() {
                    problems.push(words::no_keys(mode_text, intent_text));
                }
                for key in keys {
                    if parse_key(key).is_none() {
                        problems.push(words::unknown_key(mode_text, intent_text, key));
                    }
                }
                keymap
                    .overrides
                    .insert((found.mode, binding.intent), keys.clone());
            }
        }
        if problems.is_empty() {
            problems.extend(keymap.conflicts());
        }
        if problems.is_empty() {
            Ok(keymap)
        } else {
            Err(problems)
        }
    }

    /// Two intents on one key within one table, in words.
    fn conflicts(&self) -> Vec<String> {
        let mut problems = vec![];
        for table in overridable() {
            let mut seen: Vec<(KeyEvent, String, Intent)> = vec![];
            for binding in table.bindings {
                for spec in self.keys(table.mode, binding) {
                    let Some(key) = parse_key(spec) else { continue };
                    match seen
                        .iter()
                        .find(|(k, _, _)| spec_matches(spec, k) || k == &key)
                    {
                        Some((_, other, intent)) if *intent != binding.intent => {
                            problems.push(words::key_taken_twice(
                                &mode_name(table.mode),
                                other,
                                &intent_name(*intent),
                                &intent_name(binding.intent),
                            ));
                        }
                        Some(_) => {}
                        None => seen.push((key, spec.to_string(), binding.intent)),
                    }
                }
            }
        }
        problems
    }

    /// The keys `binding` answers to in `mode`: the user's, else the table's.
    pub fn keys<'a>(&'a self, mode: Mode, binding: &'a KeyBinding) -> Vec<&'a str> {
        match self.overrides.get(&(mode, binding.intent)) {
            Some(keys) => keys.iter().map(String::as_str).collect(),
            None => binding.keys.to_vec(),
        }
    }

    /// The keys of `binding` as shown to people (`j / Down`).
    pub fn display(&self, mode: Mode, binding: &KeyBinding) -> String {
        super::join_keys(&self.keys(mode, binding))
    }

    /// The intent of `key` in `mode`: the mode's own table first, then (where the mode uses it) the
    /// global one. A mode's key wins over the same global key in that mode.
    pub fn lookup(&self, mode: Mode, key: &KeyEvent) -> Option<Intent> {
        let find = |t: &KeyTable| {
            t.bindings
                .iter()
                .find(|b| {
                    self.keys(t.mode, b)
                        .iter()
                        .any(|spec| spec_matches(spec, key))
                })
                .map(|b| b.intent)
        };
        find(table(mode)).or_else(|| uses_global(mode).then(|| find(&GLOBAL)).flatten())
    }

    /// True when the user moved no key.
    pub fn is_default(&self) -> bool {
        self.overrides.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(mode: &str, pairs: &[(&str, &[&str])]) -> KeyOverrides {
        let mut modes = BTreeMap::new();
        modes.insert(
            mode.to_string(),
            pairs
                .iter()
                .map(|(intent, keys)| {
                    (
                        intent.to_string(),
                        keys.iter().map(ToString::to_string).collect(),
                    )
                })
                .collect(),
        );
        KeyOverrides { modes }
    }

    #[test]
    fn the_tables_as_shipped_give_no_key_two_actions() {
        assert_eq!(Keymap::default().conflicts(), Vec::<String>::new());
    }

    #[test]
    fn an_override_moves_the_key_and_the_old_one_stops_working() {
        let keymap =
            Keymap::from_overrides(&overrides("timeline", &[("rollback", &["R"])])).unwrap();
        let r = parse_key("r").unwrap();
        let shifted = parse_key("R").unwrap();
        assert_eq!(
            keymap.lookup(Mode::Timeline, &shifted),
            Some(Intent::Rollback)
        );
        assert_eq!(keymap.lookup(Mode::Timeline, &r), None);
        // Elsewhere R still refreshes: the timeline's own key wins only in the timeline.
        assert_eq!(keymap.lookup(Mode::List, &shifted), Some(Intent::Refresh));
        let binding = TIMELINE_ROLLBACK();
        assert_eq!(keymap.display(Mode::Timeline, &binding), "R");
    }

    #[allow(non_snake_case)]
    fn TIMELINE_ROLLBACK() -> KeyBinding {
        *super::super::TIMELINE
            .bindings
            .iter()
            .find(|b| b.intent == Intent::Rollback)
            .unwrap()
    }

    #[test]
    fn two_actions_on_one_key_are_refused_in_words() {
        let problems =
            Keymap::from_overrides(&overrides("timeline", &[("rollback", &["d"])])).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("timeline")
                && problems[0].contains("diff_predecessor")
                && problems[0].contains("rollback"),
            "{problems:?}"
        );
    }

    #[test]
    fn unknown_modes_intents_and_keys_are_named() {
        let problems =
            Keymap::from_overrides(&overrides("timline", &[("rollback", &["R"])])).unwrap_err();
        assert!(problems[0].contains("timline") && problems[0].contains("timeline"));
        let problems =
            Keymap::from_overrides(&overrides("timeline", &[("rolback", &["R"])])).unwrap_err();
        assert!(problems[0].contains("rolback") && problems[0].contains("rollback"));
        let problems =
            Keymap::from_overrides(&overrides("timeline", &[("rollback", &["<Hyper-x>"])]))
                .unwrap_err();
        assert!(problems[0].contains("<Hyper-x>"), "{problems:?}");
    }
}
