//! Promote: the refusals, the guard, the dialog's words and the CLI's.

pub fn not_in_from(kind: &str, name: &str) -> String {
    format!("no {kind} named '{name}' in the stage promoted from")
}

pub fn unread(kind: &str, error: &str) -> String {
    format!("the {kind}s could not be read: {error}")
}

pub fn twice(kind: &str, name: &str) -> String {
    format!("'{name}' names more than one {kind} in a stage: which one is meant is not known")
}

pub fn nothing_live(module: bool, name: &str) -> String {
    if module {
        format!("module '{name}' has no published version to promote (--draft takes its draft)")
    } else {
        format!("action '{name}' has no live version to promote (--draft takes its draft)")
    }
}

pub fn module_missing(module: &str) -> String {
    format!("the pinned module '{module}' is not in the target stage: promote the module first")
}

pub fn module_version_missing(module: &str, number: u32) -> String {
    format!(
        "the pinned module '{module}' has no v{number} in the target stage: promote the module \
         and publish it first"
    )
}

pub fn trigger_differs(name: &str, from: &str, to: &str) -> String {
    format!(
        "action '{name}' runs on {from} in the source stage and on {to} in the target: an \
         action keeps its trigger (delete it in the target and promote again)"
    )
}

pub fn actions_not_in_to(trigger: &str, names: &[String]) -> String {
    format!(
        "the flow {trigger} binds actions the target stage lacks or has never deployed: {} \
         (promote and deploy them first)",
        names.join(", ")
    )
}

pub fn package_differs(name: &str, field: &str, from: &str, to: &str) -> String {
    format!("package '{name}' differs in {field} ({from} → {to}): a promote keeps both the same")
}

/// The version comment of a promoted package.
pub fn package_comment(from: &str, version: u32) -> String {
    format!("promoted from {from}: v{version}")
}

pub fn changed_since(name: &str) -> String {
    format!(
        "'{name}' changed in the target stage since it was read: nothing was sent. Compare \
         again (refresh) and promote what is there now."
    )
}

pub fn batch_report(
    done: &[String],
    failed: Option<(String, &str)>,
    not_done: &[String],
) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            "nothing".to_string()
        } else {
            items.join(", ")
        }
    };
    let mut out = format!("promoted: {}", list(done));
    if let Some((what, why)) = failed {
        out.push_str(&format!(
            "; failed: {what} ({why}); not done: {}",
            list(not_done)
        ));
    }
    out
}

// The CLI's words.

/// A promote's profiles in the journal's PROFILE column.
pub fn profiles(from: &str, to: &str) -> String {
    format!("{from} → {to}")
}

/// The header of what a promote will send.
pub fn promoting(kind: &str, name: &str, from: &str, to: &str, production: bool) -> String {
    let danger = if production {
        " (a PRODUCTION stage)"
    } else {
        ""
    };
    format!("promote {kind} '{name}' from {from} to {to}{danger}")
}

pub fn will_do(
    kind: &str,
    name: &str,
    to: &str,
    creates: bool,
    deploy: bool,
    publish: bool,
) -> String {
    let made = if creates { "created" } else { "changed" };
    let then = match (kind, deploy, publish) {
        ("action", true, _) => {
            "; then it builds and is DEPLOYED at once: it runs for every login it is bound to"
        }
        ("action", false, _) => "; its draft changes, what is live stays (deploy to run it)",
        ("module", _, true) => "; then its draft is PUBLISHED as a new version",
        ("module", _, false) => "; its draft changes, nothing is published",
        ("flow", ..) => "; the new order runs at once",
        _ => "; the new version runs at once",
    };
    format!("{kind} '{name}' will be {made} in {to}{then}")
}

pub fn confirm_promote(kind: &str, name: &str, from: &str, to: &str) -> String {
    format!("Promote {kind} '{name}' from {from} to {to}?")
}

pub fn promote_named(kind: &str, name: &str, from: &str) -> String {
    format!("the promote of {kind} '{name}' from {from}")
}

pub fn production_needs_flag(to: &str) -> String {
    format!(
        "{to} is a production stage: a promote into it asks even with --yes; without a terminal \
         give --yes-production too"
    )
}

pub fn secrets_missing(names: &[String], to: &str) -> String {
    format!(
        "secrets without a value in {to}: {} (Auth0 never returns values): give each with \
         --secret NAME (its value from the environment variable NAME) or --secrets-from-stdin",
        names.join(", ")
    )
}

pub fn secrets_not_listed(names: &[String]) -> String {
    format!(
        "secrets the source does not list: {} (a promote sends the source's secret names)",
        names.join(", ")
    )
}

pub fn secret_prompt(name: &str, to: &str) -> String {
    format!("value of secret {name} in {to} (hidden): ")
}

pub fn promoted(kind: &str, name: &str, to: &str) -> String {
    format!("promoted {kind} '{name}' to {to}\n")
}

pub fn side_unread(stage: &str, error: &str) -> String {
    format!("{stage} could not be read: {error}")
}

pub const NOW_LABEL: &str = "now";
pub const AFTER_LABEL: &str = "after the promote";
pub const NOTHING_YET: &str = "(nothing yet: it is created)";
pub const NOTHING_TO_PROMOTE: &str = "nothing to promote: the target stage already holds it";

// The dashboard's words (the Compare view's `P`, `Space` and `u`).

pub const HELP_PROMOTE: &str = "promote the row (or the marked rows) from A to B";
pub const HELP_MARK: &str = "mark the row for a batch promote (again: unmark)";
pub const HELP_UNDO_PROMOTE: &str = "undo the last promote of the row's object into B";
pub const PLANNING: &str = "planning the promote…";
pub const PROMOTE_UNDER_WAY: &str = "a promote is under way: wait for it to end";
pub const NOT_COMPARED_YET: &str = "nothing to promote yet: both stages are still being read";
pub const PROMOTE_VERB: &str = "Promote";
pub const UNDO_VERB: &str = "Undo";

pub fn promote_title(to: &str, production: bool) -> String {
    if production {
        format!("Promote into {to} — PRODUCTION")
    } else {
        format!("Promote into {to}")
    }
}

pub fn production_warning(to: &str) -> String {
    format!("{to} is a PRODUCTION stage: what is sent runs for its users")
}

pub fn batch_header(count: usize, from: &str, to: &str, production: bool) -> String {
    let danger = if production {
        " (a PRODUCTION stage)"
    } else {
        ""
    };
    format!(
        "promote {count} objects from {from} to {to}{danger}, in this order (modules, actions, \
         flows, packages), stopping at the first failure:"
    )
}

pub fn batch_item(index: usize, will: &str) -> String {
    format!("{}. {will}", index + 1)
}

pub fn marked(count: usize) -> String {
    format!("{count} marked for a batch promote (P promotes them)")
}

pub fn secrets_missing_here(names: &[String], to: &str) -> String {
    format!(
        "secrets without a value in {to}: {} (Auth0 never returns values): add them in {to} \
         first, or promote with `codedeck promote … --secret NAME`",
        names.join(", ")
    )
}

pub fn refused(kind: &str, name: &str, why: &str) -> String {
    format!("{kind} '{name}' cannot be promoted: {why}")
}

/// The undo of a promote, named in the words of a lost answer ("… WAS MADE", "… was NOT made").
pub fn undo_named(kind: &str, name: &str, to: &str) -> String {
    format!("the undo of the promote of {kind} '{name}' into {to}")
}

pub fn undone(kind: &str, name: &str, to: &str, how: &str) -> String {
    format!("undid the promote of {kind} '{name}' in {to}: {how}")
}

pub fn no_promote_to_undo(kind: &str, name: &str, to: &str) -> String {
    format!("no promote of {kind} '{name}' into {to} to undo: the journal has none made")
}

pub fn last_change_not_a_promote(kind: &str, name: &str, to: &str) -> String {
    format!(
        "the last change to {kind} '{name}' in {to} was not a promote: undo it from its own view"
    )
}

pub fn no_undo_for(kind: &str, name: &str, why: &str) -> String {
    format!("the promote of {kind} '{name}' has no undo: {why}")
}

pub const NO_UNDO_CREATED: &str = "it was created by the promote: delete it in the target stage";

pub fn draft_restored(path: &str) -> String {
    format!("its draft is back as it was (from {path})")
}

pub fn order_put_back(names: &str) -> String {
    format!("the order is back: {names}")
}

pub fn package_reverted(version: u32) -> String {
    format!("reverted to v{version}'s code as a new version")
}

pub const PROMOTE_AND_DEPLOY: &str = "Promote and deploy";
pub const PROMOTE_AND_PUBLISH: &str = "Promote and publish";

pub fn with_button(label: &str, will: &str) -> String {
    format!("with “{label}”: {will}")
}

pub fn batch_then(label: &str) -> String {
    format!(
        "with “{label}”: each action is then deployed (followed until live) and each module \
         published"
    )
}

pub fn deployed_too(said: &str, number: u32) -> String {
    format!("{said}; deployed: v{number} is live")
}

pub fn published_too(said: &str, number: u32) -> String {
    format!("{said}; published as v{number}")
}

pub fn deploy_failed(said: &str, why: &str) -> String {
    format!("{said}, but its deploy failed: {why}")
}

/// The dialog's second confirm button: reached with Tab, then `y` or Enter.
pub fn second_button(label: &str) -> String {
    format!(" {label} (Tab, y) ")
}

pub const NO_UNDO_FIRST_DEPLOY: &str =
    "nothing was live before its deploy: there is no version to go back to";
pub const NO_UNDO_PUBLISH: &str =
    "a published version stays published: roll the module's draft back from its timeline (v, r)";

pub fn rolled_forward(before: u32, live: u32) -> String {
    format!("v{before}'s code is live again, as v{live}")
}

// The dashboard's promote asks for the values of the secrets the target stage lacks.

pub fn secrets_asked_after_yes(names: &[String], to: &str) -> String {
    format!(
        "{to} has no value for: {} (Auth0 never returns values): after yes, each is asked, hidden",
        names.join(", ")
    )
}

pub fn secret_label(name: &str, to: &str) -> String {
    format!("Value of {name} in {to} (hidden)")
}

pub const SECRET_HINT: &str =
    "Sent once with the promote, never shown, logged or kept. Enter: next; Esc: cancel, nothing is sent.";
pub const SECRETS_CANCELLED: &str = "promote cancelled: nothing was sent";

// The dashboard's undo of a promote says what it will do, on which stage.

pub fn undo_title(to: &str, production: bool) -> String {
    if production {
        format!("Undo a promote into {to} — PRODUCTION")
    } else {
        format!("Undo a promote into {to}")
    }
}

pub fn undo_rolls_forward(to: &str, name: &str, number: u32, draft_back: bool) -> String {
    let draft = if draft_back {
        ", and put its draft back as it was before the promote"
    } else {
        ""
    };
    format!(
        "Put {to}'s {name} back to v{number} (live before the promote): v{number}'s code is deployed again as a new version, live at once{draft}."
    )
}

pub fn undo_restores_draft(to: &str, kind: &str, name: &str, published: Option<u32>) -> String {
    let stays = match published {
        Some(number) => format!(" v{number}, published by the promote, stays published."),
        None => " Nothing is deployed: what is live stays.".to_string(),
    };
    format!("Put the draft of {to}'s {kind} {name} back as it was before the promote.{stays}")
}

pub fn undo_puts_order_back(to: &str, trigger: &str, names: &str) -> String {
    format!(
        "Put {to}'s {trigger} flow back to its order before the promote: {names}. It runs at once."
    )
}

pub fn undo_reverts_package(to: &str, name: &str, number: u32) -> String {
    format!(
        "Put {to}'s package {name} back to v{number}'s code (current before the promote), as a new version that runs at once."
    )
}

pub fn undo_of_promote_from(from: &str, at: &str) -> String {
    format!("(the promote from {from} at {at}, as the journal has it)")
}

/// The journal's note on a batch's promote that was not tried.
pub const NOT_TRIED: &str = "not tried: an earlier promote of the batch failed";
