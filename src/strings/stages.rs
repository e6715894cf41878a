//! Words of stages: two profiles compared (`codedeck compare`), their mappings and their errors.

/// The demo's stages, as `--demo` names them.
pub const DEMO_DEV: &str = "demo-dev";
pub const DEMO_PROD: &str = "demo-prod";
/// The demo production stage's replacement: development's Twilio test number becomes
/// production's sender (the demo's seed holds the same pair: a test checks they agree).
pub const DEMO_DEV_VALUE: &str = "+15005550006";
pub const DEMO_PROD_VALUE: &str = "+14155550142";
/// Where each demo stage keeps its FairCom code packages (one database each; owner `admin`).
pub const DEMO_DEV_DATABASE: &str = "faircom";
pub const DEMO_PROD_DATABASE: &str = "faircom_prod";
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

// `codedeck compare`.
pub const COMPARE_HELP: &str = "\
Compare two stages object by object: Auth0 actions, modules and flows (a trigger's bound actions, in
order), and FairCom code packages, matched BY NAME (ids differ per tenant). Each stage is a profile
of the config file, connected on its own; with --demo, demo-dev and demo-prod (two embedded
emulators). Actions compare what is live (--drafts: the drafts): code, runtime, dependencies,
secret NAMES (never values), triggers, module pins by module name and version number. Modules
compare their latest published version, packages their current one (code, type, language) within
each profile's faircom_database/faircom_owner.

The TO profile's [profiles.NAME.replace] pairs (\"dev.example.com\" = \"example.com\") and the
--keywords file rewrite FROM's code first: a row the same once rewritten is `same_mapped`.

--json prints an array of {\"kind\", \"name\", \"state\", \"differences\"}:
  kind         action | module | flow | package
  state        same | same_mapped | code_differs | settings_differ | only_in_from | only_in_to |
               unknown (a side could not be read, or holds the name twice)
  differences  field names: code, runtime, dependencies, secrets, trigger, modules, order,
               code_type, language, deployed (one side has nothing live), published (one side
               never published the module)
When code and settings both differ the state is code_differs.

Exit status: 0; with --exit-code 1 when any row is not same or same_mapped; 2 on usage or
configuration errors (unknown profile, the same profile twice, a profile without the service
compared); 3 when a side could not be read (its rows say unknown, the other side is still shown).";

pub const COMPARE_HEADER: &[&str] = &["KIND", "NAME", "STATE", "DIFFERENCES"];
pub const NOTHING_TO_COMPARE: &str = "nothing to compare: neither stage holds anything";
pub const NOTHING_READ: &str = "nothing compared: a stage could not be read (why follows)";
pub const SERVICE_AUTH0: &str = "Auth0 tenant (auth0_domain)";
pub const SERVICE_FAIRCOM: &str = "FairCom server (faircom_url)";
pub const NO_SERVICE_COMPARED: &str =
    "nothing to compare: the two profiles name no service in common";

pub fn profile_lacks(profile: &str, other: &str, service: &str) -> String {
    format!(
        "profile `{profile}` has no {service} but `{other}` has one: add it to `{profile}`, or \
         compare the other service only with --only"
    )
}

pub fn comparing(from: &str, to: &str, production: bool, drafts: bool) -> String {
    let to_words = if production {
        format!("{to} (production)")
    } else {
        to.to_string()
    };
    let what = if drafts { "drafts" } else { "what is live" };
    format!("comparing {from} → {to_words}, {what}")
}

pub fn on_stage(stage: &str, line: &str) -> String {
    format!("{stage}: {line}")
}

pub fn side_failed(stage: &str, kinds: &[&str], error: &str) -> String {
    let plural: Vec<String> = kinds.iter().map(|k| format!("{k}s")).collect();
    format!(
        "{stage}: could not read its {} (those rows say unknown): {error}",
        plural.join(", ")
    )
}

pub fn only_in(stage: &str) -> String {
    format!("only in {stage}")
}

/// The table's words for the states (the JSON's are the stable `snake_case` ones).
pub const STATE_SAME: &str = "same";
pub const STATE_SAME_MAPPED: &str = "same (mapped)";
pub const STATE_CODE_DIFFERS: &str = "code differs";
pub const STATE_SETTINGS_DIFFER: &str = "settings differ";
pub const STATE_UNKNOWN: &str = "unknown";

pub fn cannot_read_keywords(path: &str, reason: &str) -> String {
    format!("cannot read the keywords file {path}: {reason}")
}

pub fn bad_keywords(path: &str, why: &str) -> String {
    format!("{path}: {why}")
}

pub fn package_named_twice(stage: &str, name: &str) -> String {
    format!(
        "{stage}: package {name} is in more than one database or owner; its row says unknown — \
         name the stage's place with faircom_database (and faircom_owner) in its profile"
    )
}
