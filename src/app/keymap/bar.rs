//! The footer's key bar (gitui's command bar), generated from the keymap for the mode and focus of
//! the moment: the keys that do something now, the refused ones greyed, the moves and the view
//! switches folded, `? help` always last. The renderer fits as many as the width allows, keeping
//! `? help`.

use super::available::{availability, Availability};
use super::user::intent_name;
use super::{table, uses_global, Intent, KeyBinding, Mode, GLOBAL};
use crate::app::state::State;
use crate::strings::keys as words;

/// One entry of the bar: a key and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: String,
    /// False: refused now (drawn greyed).
    pub ready: bool,
}

impl Hint {
    /// Columns the entry takes: `key label`.
    pub fn width(&self) -> usize {
        self.key.chars().count() + 1 + self.label.chars().count()
    }
}

/// The bar for the state's current mode, most useful first: what this mode does, the ways to
/// other views and focus, the way back, the other global keys, quit; the last entry is `? help`.
pub fn hints(state: &State) -> Vec<Hint> {
    let mode = state.mode();
    let keymap = &state.opts.keymap;
    let own = table(mode);
    // The mode's own keys: a global binding's key the mode takes for itself (`q` closes a diff)
    // is not that global key here.
    let taken: Vec<&str> = own
        .bindings
        .iter()
        .flat_map(|b| keymap.keys(mode, b))
        .collect();
    // `of`: the table the binding is from (the mode's own, or the global one).
    let hint = |of: Mode, binding: &KeyBinding| -> Option<Hint> {
        let ready = match availability(state, of, binding.intent) {
            Availability::Ready => true,
            Availability::Refused(_) => false,
            Availability::Hidden => return None,
        };
        let key = keymap
            .keys(of, binding)
            .into_iter()
            .find(|k| of == mode || !taken.contains(k))
            .map(super::display_key)?;
        Some(Hint {
            key,
            label: label(state, of, binding),
            ready,
        })
    };
    let global = uses_global(mode);
    let listed = |b: &&KeyBinding| {
        !b.intent.is_movement() && !matches!(b.intent, Intent::Help | Intent::Quit)
    };
    let own_hints = |back: bool| -> Vec<Hint> {
        own.bindings
            .iter()
            .filter(listed)
            .filter(|b| (b.intent == Intent::Back) == back)
            .filter_map(|b| hint(mode, b))
            .collect()
    };
    // A global key the mode binds itself is the mode's.
    let globals = |focus: bool| -> Vec<Hint> {
        GLOBAL
            .bindings
            .iter()
            .filter(|_| global)
            .filter(listed)
            .filter(|b| !is_view_switch(b.intent) && (b.intent == Intent::NextFocus) == focus)
            .filter(|b| !own.bindings.iter().any(|o| o.intent == b.intent))
            .filter_map(|b| hint(Mode::Global, b))
            .collect()
    };
    let mut out = vec![];
    out.extend(own_hints(false));
    if global {
        let views: Vec<String> = GLOBAL
            .bindings
            .iter()
            .filter(|b| is_view_switch(b.intent))
            .filter_map(|b| {
                keymap
                    .keys(Mode::Global, b)
                    .first()
                    .map(|k| super::display_key(k))
            })
            .collect();
        if !views.is_empty() {
            out.push(Hint {
                key: fold(&views),
                label: words::BAR_VIEWS.to_string(),
                ready: true,
            });
        }
    }
    out.extend(globals(true));
    out.extend(own_hints(true));
    out.extend(globals(false));
    // Quit next to last: every mode can leave.
    let quit_mode = if global { Mode::Global } else { mode };
    if let Some(quit) = table(quit_mode)
        .bindings
        .iter()
        .find(|b| b.intent == Intent::Quit)
    {
        out.extend(hint(quit_mode, quit));
    }
    out.push(help_hint(state));
    out
}

/// A popup's own key line (`j/k scroll  t test again  Esc close`), from the keymap with the user's
/// keys: the first keys down and up, then the mode's other keys that do something now.
pub fn popup_line(state: &State) -> String {
    let mode = state.mode();
    let own = table(mode);
    let keymap = &state.opts.keymap;
    let first_key = |intent: Intent| {
        own.bindings
            .iter()
            .find(|b| b.intent == intent)
            .and_then(|b| keymap.keys(mode, b).first().map(|k| super::display_key(k)))
    };
    let mut entries = vec![];
    if let (Some(down), Some(up)) = (first_key(Intent::Down), first_key(Intent::Up)) {
        entries.push(format!("{down}/{up} {}", words::BAR_SCROLL));
    }
    for binding in own.bindings {
        if binding.intent.is_movement() || binding.intent == Intent::Quit {
            continue;
        }
        if availability(state, mode, binding.intent) != Availability::Ready {
            continue;
        }
        if let Some(key) = keymap.keys(mode, binding).first() {
            let key = super::display_key(key);
            entries.push(format!("{key} {}", label(state, mode, binding)));
        }
    }
    entries.join("  ")
}

/// The keys kept at the right of a status message (it takes the bar's place): `Esc dismiss` under
/// an error, and `? help`.
pub fn pinned(state: &State) -> Vec<Hint> {
    let error = state
        .flash
        .as_ref()
        .is_some_and(|f| f.kind == crate::app::state::FlashKind::Error);
    let mut out = vec![];
    if error {
        out.push(Hint {
            key: super::display_key("<Esc>"),
            label: words::BAR_DISMISS.to_string(),
            ready: true,
        });
    }
    out.push(help_hint(state));
    out
}

/// `? help`, with the user's key for the help.
fn help_hint(state: &State) -> Hint {
    let keymap = &state.opts.keymap;
    let key = GLOBAL
        .bindings
        .iter()
        .find(|b| b.intent == Intent::Help)
        .and_then(|b| {
            keymap
                .keys(Mode::Global, b)
                .first()
                .map(|k| super::display_key(k))
        })
        .unwrap_or_else(|| "?".to_string());
    Hint {
        key,
        label: words::BAR_HELP.to_string(),
        ready: true,
    }
}

fn is_view_switch(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::ViewActions
            | Intent::ViewModules
            | Intent::ViewFlows
            | Intent::ViewPackages
            | Intent::ViewCompare
            | Intent::ViewLogs
    )
}

/// `1`…`5` → `1-5` when they run in order, else joined with `/`.
fn fold(keys: &[String]) -> String {
    let digits: Option<Vec<u32>> = keys
        .iter()
        .map(|k| {
            let mut chars = k.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c.to_digit(10),
                _ => None,
            }
        })
        .collect();
    match digits {
        Some(d) if d.len() > 1 && d.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{}-{}", d[0], d[d.len() - 1])
        }
        _ => keys.join("/"),
    }
}

/// The bar's words for a binding: the short label, else the help's words up to their first pause.
fn label(state: &State, mode: Mode, binding: &KeyBinding) -> String {
    // The Compare view's Esc clears its filter (it leaves nothing).
    if binding.intent == Intent::Back && mode == Mode::Compare {
        return words::BAR_CLEAR_FILTER.to_string();
    }
    // The Compare view's `d` says where it goes: drafts, or back to what is live.
    if binding.intent == Intent::ToggleDrafts && state.compare.drafts {
        return words::BAR_COMPARE_LIVE.to_string();
    }
    if binding.intent == Intent::Back
        && matches!(
            mode,
            Mode::Help | Mode::Messages | Mode::Result | Mode::Search
        )
    {
        return words::BAR_CLOSE.to_string();
    }
    if let Some(short) = words::short_label(&intent_name(binding.intent)) {
        return short.to_string();
    }
    let help = binding.help;
    let end = help
        .find([',', '(', ';', ':'])
        .or_else(|| help.find(" — "))
        .unwrap_or(help.len());
    help[..end].trim().to_string()
}

/// The bar as drawn in `width` columns (one space of margin each side): the first entries that
/// fit, `? help` always kept, two spaces between entries.
pub fn fitted(hints: &[Hint], width: usize) -> Vec<&Hint> {
    let Some((help, rest)) = hints.split_last() else {
        return vec![];
    };
    let room = width.saturating_sub(2);
    let mut used = help.width();
    let mut shown = vec![];
    for hint in rest {
        if used + 2 + hint.width() > room {
            continue;
        }
        used += 2 + hint.width();
        shown.push(hint);
    }
    shown.push(help);
    shown
}
