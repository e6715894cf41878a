//! Reaching out (issue 19): the clipboard (`y`, `Y`), the Auth0 Dashboard in the browser (`o`,
//! `O`), and the keys that do nothing in a view saying why.

pub const HELP_COPY: &str = "copy the selected item to the clipboard (OSC 52)";
pub const HELP_COPY_MENU: &str = "choose what to copy: id, name, code, diff";
pub const HELP_OPEN_DASHBOARD: &str = "open in the Auth0 Dashboard (browser)";
pub const HELP_UNDO_OLDER: &str =
    "undo codedeck's changes one by one, back through the journal (asks)";
pub const HELP_REDO: &str = "redo what the last undo undid (asks)";
pub const HELP_PICK_PAYLOAD: &str = "test with a saved payload, or save the last one under a name";
pub const HELP_EDIT_PACKAGE: &str =
    "edit the package's code in $EDITOR (reviewed before it is sent)";
pub const HELP_CREATE_PACKAGE: &str = "create a code package (name, owner, type, language)";

pub const COPY_MENU_TITLE: &str = " Copy to the clipboard ";
pub const WHAT_ID: &str = "id";
pub const WHAT_NAME: &str = "name";
pub const WHAT_CODE: &str = "code";
pub const WHAT_DIFF: &str = "diff";
pub const WHAT_URL: &str = "Dashboard URL";

pub const NOTHING_TO_COPY: &str = "nothing selected to copy";

/// A byte count with a space between thousands: `1 234`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Said once the clipboard was sent: `copied 1 234 bytes of code`.
pub fn copied(bytes: usize, what: &str) -> String {
    let unit = if bytes == 1 { "byte" } else { "bytes" };
    format!("copied {} {unit} of {what} (OSC 52)", grouped(bytes))
}

/// A menu line: what it copies, and how long it is.
pub fn copy_choice(bytes: usize) -> String {
    let unit = if bytes == 1 { "byte" } else { "bytes" };
    format!("{} {unit}", grouped(bytes))
}

pub fn copy_failed(why: &str) -> String {
    format!("could not write to the terminal's clipboard: {why}")
}

pub fn opening(url: &str) -> String {
    format!("opening {url}")
}

/// No browser could be started: the address is said, to be opened by hand.
pub fn no_browser(why: &str, url: &str) -> String {
    format!("no browser could be opened ({why}); open it yourself: {url}")
}

pub fn no_dashboard_for_domain(domain: &str) -> String {
    format!(
        "no Dashboard address for {domain}: a custom domain does not say the tenant and region \
         (the Dashboard is manage.auth0.com/dashboard/REGION/TENANT/…)"
    )
}

/// The demo opens nothing: where a real tenant would go.
pub fn demo_would_open(url: &str) -> String {
    format!("demo: nothing opened; on a tenant at acme.eu.auth0.com this opens {url}")
}

pub const DASHBOARD_ONLY_AUTH0: &str =
    "FairCom code packages have no Auth0 Dashboard page (o/O open actions and modules)";
pub const DASHBOARD_NOTHING_SELECTED: &str = "nothing selected to open in the Dashboard";
pub const DASHBOARD_NOT_IN_FLOWS: &str =
    "open an action of this flow in the Actions view (1) to reach its Dashboard page";

/// The demo's stand-in domain for the address it says.
pub const DEMO_DOMAIN: &str = "acme.eu.auth0.com";

/// Said by `codedeck actions open` when no browser opened.
pub fn open_it_yourself(url: &str) -> String {
    format!("open this address in a browser: {url}")
}

// Keys that do nothing in a view say why.
pub const NO_TRIGGER_FILTER_IN_MODULES: &str =
    "f filters actions by trigger; modules run in no trigger (open an action with 1)";
pub const NO_VERSIONS_IN_FLOWS: &str =
    "v shows an action's versions; in Flows, open the action in the Actions view (1)";
pub const NO_DELETE_IN_PACKAGES: &str =
    "X deletes actions and modules; a code package is retired with s (status) or reverted with r";
pub const NO_EDIT_IN_PACKAGES: &str =
    "e edits a code package's code from the list or the detail (Esc); here r reverts, s sets the status";
pub const NO_CREATE_IN_PACKAGES: &str = "n creates a code package from the list (Esc)";

/// A copy past what one OSC 52 may carry.
pub fn too_big_to_copy(bytes: usize, max: usize) -> String {
    format!(
        "{} bytes is more than a terminal takes in one clipboard write ({} bytes)",
        grouped(bytes),
        grouped(max)
    )
}

// Saved test payloads: what `t` started from, said in the result.
pub const PAYLOAD_FROM_SAMPLE: &str = "sample payload (nothing tested with this action yet)";
pub const PAYLOAD_FROM_UNSENT: &str = "your edit that did not run";
/// `ago`: `3 min ago`; `None` when no clock was read (a fixed render) or the time is unknown.
pub fn payload_from_last(ago: Option<&str>) -> String {
    match ago {
        Some(ago) => format!("last payload, {ago}"),
        None => "last payload".to_string(),
    }
}
pub fn payload_from_saved(name: &str) -> String {
    format!("saved payload \"{name}\"")
}
/// The result's first line: `Event: last payload, 3 min ago`.
pub fn test_event_from(from: &str) -> String {
    format!("Event: {from}")
}

// Saved test payloads (`T`).
pub const PAYLOADS_TITLE: &str = " Test payloads ";
pub const PAYLOAD_LAST: &str = "last run";
/// `--payload last`: the last event tested.
pub const PAYLOAD_LAST_ARG: &str = "last";
pub const PAYLOAD_SAVE_LAST: &str = "save the last run's event as…";
pub const PAYLOAD_SAVE_HINT: &str = "kept in the data dir, readable by you only";
pub const PAYLOAD_NAME_LABEL: &str = "Save the last test event as: ";
pub const PAYLOAD_NAME_EMPTY: &str = "a name is needed";

pub fn no_payloads(action: &str) -> String {
    format!("no test payloads saved for {action} yet: t runs a test and remembers its event")
}

pub fn payloads_unreadable(why: &str) -> String {
    format!("the saved test payloads could not be read: {why}")
}

pub fn payload_saved(name: &str) -> String {
    format!("saved the last test event as \"{name}\" (T picks it)")
}

pub fn payload_not_saved(why: &str) -> String {
    format!("the test event was not saved: {why}")
}

/// `codedeck actions test --payload NAME` named none saved.
pub fn no_such_payload(name: &str, action: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!("no payload \"{name}\" saved for {action} (none are: T in the dashboard saves one)")
    } else {
        format!(
            "no payload \"{name}\" saved for {action}; saved: {}",
            known.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1234), "1 234");
        assert_eq!(grouped(1_234_567), "1 234 567");
        assert_eq!(copied(1234, "code"), "copied 1 234 bytes of code (OSC 52)");
        assert_eq!(copied(1, "id"), "copied 1 byte of id (OSC 52)");
    }
}
