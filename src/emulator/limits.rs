//! Auth0's limits as the emulated tenant enforces them. This is the emulator's OWN copy, written from
//! the service's documentation and never imported from the client, so that `tests/emulator_limits.rs`
//! (which drives both sides at each limit and one past it) fails when either copy changes alone.
//!
//! Sources: the Actions limitations page (auth0.com/docs/customize/actions/limitations), the
//! Management API reference of `/actions/modules` (../shared/seeds/001 and 002: PATCH and POST) and
//! the request schemas summed up in ../shared/reference/auth0-api.md (§ modules: "Create (201)").

/// Action `code`: "Each Action should not exceed 100 kB" (limitations page), counted in bytes.
pub const MAX_ACTION_CODE_BYTES: usize = 100 * 1024;
/// Module `code`: "Maximum string length: 65536" (seeds 001 and 002), in characters.
pub const MAX_MODULE_CODE_CHARS: usize = 65_536;
/// Action and module `name`, and the `name` of a secret or a dependency: "Maximum string length:
/// 255" (seed 002; reference: `name≤255`, `secrets[{name≤255}]`, `dependencies[{name≤255}]`). The
/// limitations page says a secret key may have 128 characters; the schema the API validates with
/// says 255, and the emulator answers as the API does.
pub const MAX_NAME_CHARS: usize = 255;
/// A secret's value: "each secret value [may have] a maximum length of 4096 characters" (limitations
/// page; reference: `value≤4096`).
pub const MAX_SECRET_VALUE_CHARS: usize = 4096;
/// A dependency's `version` (reference: `dependencies[{version≤50}]`).
pub const MAX_DEPENDENCY_VERSION_CHARS: usize = 50;
/// A module's `api_version`: "Maximum string length: 20" (seed 002).
pub const MAX_MODULE_API_VERSION_CHARS: usize = 20;
/// "Each Action may have a maximum of 30 secrets" (limitations page); the emulator holds modules to
/// it too.
pub const MAX_SECRETS: usize = 30;
/// "Each Action may have a maximum of 10 npm modules" (limitations page); modules too.
pub const MAX_DEPENDENCIES: usize = 10;
/// "Each flow may have a maximum of 20 active bound Actions" (limitations page).
pub const MAX_BINDINGS: usize = 20;

// Tenant logs (`GET /api/v2/logs`). Sources: Auth0's "Retrieve log events using the Management
// API" and rate-limit policy pages (../shared/reference/environments-and-logs.md § 5).

/// "up to 100 per page" (search and checkpoint mode).
pub const MAX_LOGS_PER_PAGE: u32 = 100;
/// "you can only retrieve up to 1,000 log entries" through search paging.
pub const MAX_LOG_SEARCH_RESULTS: u32 = 1000;
/// A `q` longer than this many characters is answered 414 (Auth0 names no number: the emulator's
/// choice, see docs/LOGS.md).
pub const MAX_LOG_QUERY_CHARS: usize = 2048;
/// Read Logs rate limit on a self-service tenant: burst 10.
pub const LOGS_BURST: u32 = 10;
/// … refilled at 100 per minute.
pub const LOGS_PER_MINUTE: u32 = 100;
/// "Execution logs are kept for 10 days" (`GET /actions/executions/{id}`; 404 after).
pub const EXECUTION_KEPT_DAYS: i64 = 10;
