//! Words of the dashboard's runtime state: the too-small screen, following pending work, the
//! automatic refresh, and how a draft's settings differ from what is live.

/// Shown instead of the app while the window cannot hold it; keys other than quit do nothing then.
pub fn too_small(min_width: u16, min_height: u16) -> String {
    format!(
        "Window too small — enlarge to at least {min_width}×{min_height}. \
         Keys are ignored until then; q or Ctrl-C quits."
    )
}

/// One line of the settings a deploy changes, shown above the code diff and by `actions show`.
pub fn setting_change(change: &crate::model::SettingChange) -> String {
    use crate::model::SettingChange as C;
    match change {
        C::SecretAdded(name) => format!("+ secret {name}"),
        C::SecretRemoved(name) => format!("- secret {name}"),
        C::SecretChanged(name) => format!("~ secret {name} (new value)"),
        C::DependencyAdded(d) => format!("+ dependency {} {}", d.name, d.version),
        C::DependencyRemoved(d) => format!("- dependency {} {}", d.name, d.version),
        C::DependencyChanged { name, from, to } => format!("dependency {name} {from} → {to}"),
        C::Runtime { from, to } => format!("runtime {from} → {to}"),
    }
}

/// Heads the settings lines in a deploy dialog.
pub const SETTINGS_CHANGED: &str = "Settings that change:";

/// `differs from live: code; + secret API_KEY` — what the draft changes, as far as it is known.
pub fn draft_differs_in(
    differs: &str,
    code: bool,
    settings: &[crate::model::SettingChange],
) -> String {
    let mut what: Vec<String> = settings.iter().map(setting_change).collect();
    if code {
        what.insert(0, "code".to_string());
    }
    if what.is_empty() {
        differs.to_string()
    } else {
        format!("{differs}: {}", what.join("; "))
    }
}

pub const ACTIONS: &str = "actions";
pub const MODULES: &str = "modules";
pub const PACKAGES: &str = "code packages";

/// The automatic refresh found one object changed by another client.
pub fn changed_elsewhere(name: &str) -> String {
    format!("{name} changed elsewhere")
}

/// The automatic refresh found several objects changed by another client.
pub fn several_changed_elsewhere(count: usize, what: &str) -> String {
    format!("{count} {what} changed elsewhere")
}

pub fn flow_changed_elsewhere(trigger_id: &str) -> String {
    format!("{trigger_id} flow changed elsewhere")
}

/// A draft's time in the timeline: when it was last edited (it was never "created" as a version).
pub fn draft_edited(when: &str) -> String {
    format!("edited {when}")
}
pub const LABEL_EDITED: &str = "Edited  ";

/// A signal ended the dashboard while a change ran: say what was under way and that its outcome is
/// not known.
pub fn stopped_during_change(name: &str, progress: Option<&str>) -> String {
    let doing = progress.map(|p| format!(" ({p})")).unwrap_or_default();
    format!(
        "stopped while a change to {name} was under way{doing}: its outcome is unknown — \
         look at {name} (its versions, `codedeck journal`) before changing it again"
    )
}
pub const LABEL_CHANGED: &str = "Changed ";

/// A draft edit that only set new secret values: a read-back cannot see them.
pub const SECRET_VALUES_UNSEEN: &str =
    "the edit only set secret values, which the service never shows, so reading the draft back cannot tell";

/// How a create is named to the user ("the creation of action 'Login'").
pub fn create_named(kind: &str, name: &str) -> String {
    format!("the creation of {kind} '{name}'")
}

/// How a draft edit is named to the user.
pub fn draft_edit_named(kind: &str, name: &str) -> String {
    format!("the draft edit of {kind} '{name}'")
}

/// What an object holds after a create whose answer was lost.
pub const EXISTS_NOW: &str = "it exists now";
/// What a draft holds after an edit whose answer was lost.
pub const DRAFT_HOLDS_EDIT: &str = "the draft holds the new code and settings";
