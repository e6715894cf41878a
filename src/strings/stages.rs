//! Words of stages: two profiles compared (`codedeck compare`), their mappings and their errors.

/// The demo's stages, as `--demo` names them.
pub const DEMO_DEV: &str = "demo-dev";
pub const DEMO_PROD: &str = "demo-prod";
/// The demo production stage's replacement: the development domain becomes the production one.
pub const DEMO_DEV_DOMAIN: &str = "dev.example.com";
pub const DEMO_PROD_DOMAIN: &str = "example.com";
/// Where the demo's stage names live, for "no profile named … in the demo".
pub const DEMO_PLACE: &str = "the demo";

pub const NEEDS_FROM_AND_TO: &str =
    "a comparison needs two profiles: --from NAME --to NAME (or --demo for demo-dev and demo-prod)";

pub fn same_profile_twice(name: &str) -> String {
    format!("--from and --to both name `{name}`: a stage compared with itself shows nothing; name two profiles")
}

/// What a `[profiles.NAME.replace]` table must hold.
pub const REPLACE_EXPECTED: &str =
    "a table of text pairs, such as \"dev.example.com\" = \"example.com\"";
pub const REPLACE_EMPTY_KEY: &str = "a replacement of empty text: name the text to replace";

// Keyword mappings (`--keywords FILE`, a0deploy's AUTH0_KEYWORD_REPLACE_MAPPINGS).
pub fn keywords_not_json(reason: &str) -> String {
    format!("the keywords file is not JSON: {reason}")
}
pub const KEYWORDS_NOT_AN_OBJECT: &str = "the keywords file must hold a JSON object of KEY: value \
     (a0deploy's AUTH0_KEYWORD_REPLACE_MAPPINGS, or a config.json holding it)";
pub fn keyword_without_value(key: &str) -> String {
    format!("keyword `{key}` has no value (null): give it a string or an array")
}
