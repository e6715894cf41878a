//! Words of the diff dialogs, a failed draft, and deleting a module in use.

/// While the actions using a module are read, before its delete dialog opens.
pub const CHECKING_MODULE_USERS: &str = "Checking which actions use this module…";

/// A module no action uses, in its delete dialog.
pub const MODULE_UNUSED: &str = "No action uses it.";

/// A failed action draft: Auth0 gives no reason for a draft, so say what usually causes it.
pub const DRAFT_FAILED_NO_REASON: &str = "the draft failed to build — Auth0 gives no reason for a \
     draft; a dependency version that npm does not have is the usual cause (s changes them)";

/// What failed when comparing two versions off the loop ("Could not load the diff: …").
pub const WHAT_DIFF: &str = "the diff";
