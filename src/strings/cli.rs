//! Words printed by the non-interactive commands.

pub const ABOUT: &str =
    "A keyboard-driven terminal dashboard for Auth0 Actions and Actions Modules: \
    see what is live, browse versions, run it all offline on an embedded demo tenant.";
pub const DEMO_LABEL: &str = "demo tenant";
pub const USING_DEMO: &str =
    "codedeck: nothing configured, using the embedded demo tenant (set AUTH0_DOMAIN or --profile)";
pub const NEEDS_TERMINAL: &str =
    "the dashboard needs a terminal; in scripts use a command such as \
    `codedeck actions list --json` (see `codedeck --help`)";
pub const NEVER: &str = "—";
pub const NONE: &str = "(none)";
pub const DRAFT_DIFFERS: &str = "differs from live";
pub const DRAFT_SAME: &str = "same as live";
pub const DRAFT_UNPUBLISHED: &str = "unpublished changes";
pub const DRAFT_PUBLISHED: &str = "published";
pub const ENTITY_BOUND: &str = "entity-bound";
pub const TRIGGER_BOUND: &str = "trigger-bound";

pub fn no_such(kind: &str, key: &str) -> String {
    format!("no {kind} with the name or id `{key}`")
}

pub fn entity_bound(trigger: &str) -> String {
    format!("{trigger} is entity-bound: Auth0 manages its bindings, there is no order to list")
}

pub fn no_bindings(trigger: &str) -> String {
    format!("no actions are bound to {trigger}")
}

pub fn emulator_banner(url: &str, token: &str, client_id: &str, client_secret: &str) -> String {
    format!(
        "codedeck emulator listening on {url}\n\
         Management API: {url}/api/v2  (Authorization: Bearer {token})\n\
         token endpoint: {url}/oauth/token  (client_id {client_id}, client_secret {client_secret})\n\
         connect: AUTH0_DOMAIN={url} AUTH0_API_TOKEN={token} codedeck\n\
         Ctrl-C stops it."
    )
}
