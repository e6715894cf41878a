//! The services' limits as the client checks them before sending anything. Each says where it comes
//! from. The emulator keeps its own copy of each (from the same documents), so a test can catch the
//! client and the service disagreeing.

/// Module `code`, in characters: the Management API schema's `maxLength` (seed 001/002).
pub const MAX_MODULE_CODE_CHARS: usize = 65_536;
/// Action `code`, in bytes: Auth0 documents 100 KB per action.
pub const MAX_ACTION_CODE_BYTES: usize = 100 * 1024;
/// Secrets per action or module: Auth0's Actions limits page.
pub const MAX_SECRETS: usize = 30;
/// npm dependencies per action or module: Auth0's Actions limits page.
pub const MAX_DEPENDENCIES: usize = 10;
/// Names of modules, secrets and dependencies, in characters: the schema's `maxLength` (seed 002).
pub const MAX_NAME_CHARS: usize = 255;
/// A secret's value, in characters: the schema's `maxLength` for `secrets[].value` (seed 002).
pub const MAX_SECRET_VALUE_CHARS: usize = 4096;
/// A dependency's version, in characters: the schema's `maxLength` for `dependencies[].version`.
pub const MAX_DEPENDENCY_VERSION_CHARS: usize = 50;
/// Actions bound to one trigger: Auth0 documents at most 20 per flow.
pub const MAX_BINDINGS: usize = 20;
/// Log events per page, search and checkpoint mode alike: Auth0's logs docs ("up to 100").
pub const MAX_LOGS_PER_PAGE: u32 = 100;
/// Log events a search pages through at most: Auth0's logs docs ("at most 1 000 results").
pub const MAX_LOG_SEARCH_RESULTS: u32 = 1000;
