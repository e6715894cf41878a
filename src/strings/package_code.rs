//! The dashboard's words about editing and creating FairCom code packages (issue 19).

pub const HELP_EDIT_CODE: &str = "edit the code (comment, then asks)";
pub const HELP_CREATE_PACKAGE: &str = "create a code package (asks)";
pub const CODE_STILL_LOADING: &str = "The package's code is still loading — try again in a moment.";
pub const COMMENT_LABEL: &str = "Comment for the new version: ";
pub const COMMENT_HINT: &str =
    "FairCom keeps a comment with every version (Enter: review the change, Esc: keep nothing)";
pub const COMMENT_EMPTY: &str =
    "Say in a few words what changed (FairCom keeps it with the version)";
pub const VERB_SAVE_CODE: &str = "Save";
pub const CODE_NOW: &str = "current";
pub const CODE_EDITED: &str = "your edit";

pub fn confirm_code_title(name: &str, seen: u32) -> String {
    format!("Save new code for '{name}' (now version {seen})?")
}

pub fn confirm_code(seen: u32, comment: &str) -> Vec<String> {
    vec![
        format!(
            "FairCom copies version {seen} into the history and makes this code current as \
             version {}, with the comment:",
            seen + 1
        ),
        format!("  {comment}"),
        "Only if the package is still at that version when codedeck sends it; u undoes it \
         (a revert to the version before)."
            .to_string(),
    ]
}

pub fn code_saved(name: &str, now: u32) -> String {
    format!("'{name}' version {now} is current (your edit)")
}

/// The read-before-write guard: the package changed between the read and the save.
pub fn changed_since(name: &str, seen: u32, now: u32) -> String {
    format!(
        "'{name}' changed since codedeck read it (version {seen}, now {now}): nothing was sent — \
         press e again to edit the current code"
    )
}
