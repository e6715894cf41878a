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

pub const NAME_LABEL: &str = "New code package's name: ";
pub const NAME_HINT: &str = "The codeName FairCom knows it by (Enter: next, Esc: create nothing)";
pub const NAME_EMPTY: &str = "A code package needs a name";
pub const OWNER_LABEL: &str = "Owner: ";
pub fn owner_hint(database: &str) -> String {
    let database = if database.is_empty() {
        "the server's default database"
    } else {
        database
    };
    format!("In {database}; empty: the server's default owner (the session's account)")
}
pub const MENU_TYPE: &str = " Code type (where FairCom runs it) ";
pub const MENU_LANGUAGE: &str = " Code language ";
pub const JAVASCRIPT_MEANING: &str = "the one language the server runs (V8)";
pub const CREATED_COMMENT: &str = "created in codedeck";
pub const CODE_NONE: &str = "nothing yet";
pub const VERB_CREATE: &str = "Create";

pub fn new_code_template(name: &str, code_type: &str) -> String {
    format!("// {name}: a FairCom {code_type} code package\n")
}

pub fn confirm_create_title(name: &str) -> String {
    format!("Create the code package '{name}'?")
}

pub fn confirm_create(place: &str, code_type: &str, language: &str) -> Vec<String> {
    vec![
        format!("FairCom creates it in {place} as version 1: {code_type}, {language}."),
        "Its status is developing: nothing runs it until s sets it active.".to_string(),
    ]
}

pub fn package_created(name: &str, place: &str) -> String {
    format!("'{name}' was created in {place} (version 1, developing — s sets its status)")
}

/// What a type means, in the menu.
pub fn type_meaning(code_type: &crate::model::CodeType) -> &'static str {
    use crate::model::CodeType;
    match code_type {
        CodeType::IntegrationTableTransform => "transforms records an integration table takes in",
        CodeType::GetRecordsTransform => "transforms records a get-records call returns",
        CodeType::Transform => "older servers' name for a transform",
        CodeType::Expression => "an expression other code calls",
        CodeType::GlobalFunction => "a function every package can call",
        CodeType::Module => "code other packages import",
        CodeType::Event => "runs on a server event",
        CodeType::BeforeTrigger => "runs before a table change",
        CodeType::AfterTrigger => "runs after a table change",
        CodeType::Job => "runs as a scheduled job",
        CodeType::Other(_) => "",
    }
}
pub const SERVER_DEFAULT_PLACE: &str = "the server's default database and owner";
