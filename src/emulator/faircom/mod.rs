//! FairCom's JSON Action ADMIN API on the emulator: `POST /api` with the envelope
//! `{"api":"admin","action":…,"params":{…},"authToken":…,"requestId"?,"debug"?}`, sessions
//! (`createSession`, `deleteSession`, `pingSession`) and the eight code-package actions over one
//! in-memory [`store::PackageStore`].
//!
//! Every answer is HTTP 200 with `{"errorCode","errorMessage","result"?,"authToken"?,"requestId"?,
//! "debugInfo"?}`; errors are a non-zero `errorCode`. Docs silent on the HTTP status of application
//! errors: the JSON API reports them in the body, so the transport says 200 (a malformed body too).
//!
//! Error codes: 12031 (no such session) and 101 (code package not found) are documented or seen on a
//! live server; the others are undocumented and chosen here (see each constant).

pub mod seed;
pub mod store;

/// The authToken is not a live session (documented, with [`NO_SESSION_MESSAGE`]).
pub const NO_SESSION: i32 = 12031;
pub const NO_SESSION_MESSAGE: &str = "'authToken' does not match any existing session. Use a valid 'authToken' or use 'createSession' to create a valid 'authToken'.";
/// The shorter words of the newer deleteSession page's warning.
pub const NO_SESSION_WARNING: &str =
    "'authToken' does not match any existing session. Use a valid 'authToken'.";
/// Code package not found (seen on a live FairCom Edge; FairCom DB's INOT_ERR).
pub const NOT_FOUND: i32 = 101;
/// Docs silent: a code package with that identity already exists. c-tree's duplicate-key error
/// (KDUP_ERR) is what a server storing packages under a unique key plausibly reports.
pub const ALREADY_EXISTS: i32 = 2;
/// Docs silent: wrong username or password. c-tree's "invalid password" (LPWD_ERR); one code for
/// both, so the answer does not tell which of the two was wrong.
pub const BAD_CREDENTIALS: i32 = 451;
/// Docs silent: the body is not a JSON object, or `action` is missing.
pub const MALFORMED_REQUEST: i32 = 12001;
/// Docs silent: `api` is missing or not `admin` (the only API the emulator serves).
pub const UNKNOWN_API: i32 = 12002;
/// Docs silent: the action is not one the admin API has (here).
pub const UNKNOWN_ACTION: i32 = 12003;
/// Docs silent: a param is missing, of the wrong type or out of range, or the request cannot be
/// carried out as given (e.g. reverting to a version that is not in the history).
pub const INVALID_PARAMS: i32 = 12004;

