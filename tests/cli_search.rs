//! `codedeck search`, `codedeck log -S` and `codedeck blame` on a store filled from the emulator:
//! the demo's actions, modules and FairCom packages fetched over HTTP with the backend and
//! recorded with the Store API, then the real binary run on that data dir (nothing configured:
//! every stored place is read). The expected answers are computed here from what was fetched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use codedeck::store::Store;
use serde_json::Value;
use support::cli::{bin, code, json, run, stderr, stdout};
use support::history::{fill, Fetched};

fn codedeck(data: &Path) -> std::process::Command {
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data);
    c
}

/// (kind, name, version, line, text) of every hit, as a set.
type Hit = (String, String, String, u64, String);

fn hits_of(json: &Value) -> BTreeSet<Hit> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_string(),
                h["name"].as_str().unwrap().to_string(),
                h["version"].to_string(),
                h["line"].as_u64().unwrap(),
                h["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The hits the fetched versions that `admit` keeps hold, lines matched by `matches`.
fn expected(
    fetched: &[Fetched],
    admit: impl Fn(&Fetched) -> bool,
    matches: impl Fn(&str) -> bool,
) -> BTreeSet<Hit> {
    let mut seen = BTreeSet::new();
    let mut hits = BTreeSet::new();
    for version in fetched.iter().filter(|v| admit(v)) {
        // A draft the store has as its last seen code once per object.
        if !seen.insert((version.kind, version.name.clone(), version.number)) {
            continue;
        }
        let label = version
            .number
            .map_or_else(|| "\"draft\"".to_string(), |n| n.to_string());
        for (index, line) in version.code.lines().enumerate() {
            if matches(line) {
                hits.insert((
                    version.kind.to_string(),
                    version.name.clone(),
                    label.clone(),
                    index as u64 + 1,
                    line.to_string(),
                ));
            }
        }
    }
    hits
}

#[tokio::test]
async fn search_finds_every_line_in_every_version_literal_regex_and_ignoring_case() {
    let data = tempfile::tempdir().unwrap();
    let fetched = fill(data.path()).await;
    let needle = "setCustomClaim";
    let out = json(&run(codedeck(data.path()), &["search", needle, "--json"]));
    let want = expected(&fetched, |_| true, |l| l.contains(needle));
    assert!(want.len() > 3, "the demo has the text: {want:?}");
    assert_eq!(hits_of(&out), want);
    let first = &out.as_array().unwrap()[0];
    let keys: BTreeSet<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "kind",
            "name",
            "tenant",
            "version",
            "version_id",
            "line",
            "text"
        ])
    );
    assert!(first["tenant"].as_str().unwrap().starts_with("127.0.0.1"));

    let pattern = r"api\.(idToken|accessToken)\.set\w+";
    let out = json(&run(
        codedeck(data.path()),
        &["search", "--regex", pattern, "--json"],
    ));
    let regex = regex::Regex::new(pattern).unwrap();
    assert_eq!(
        hits_of(&out),
        expected(&fetched, |_| true, |l| regex.is_match(l))
    );

    let shouted = run(
        codedeck(data.path()),
        &["search", "SETCUSTOMCLAIM", "--json"],
    );
    assert_eq!(code(&shouted), Some(1), "{}", stderr(&shouted));
    assert!(
        stderr(&shouted).contains("no matches"),
        "{}",
        stderr(&shouted)
    );
    let folded = json(&run(
        codedeck(data.path()),
        &["search", "-i", "SETCUSTOMCLAIM", "--json"],
    ));
    assert_eq!(hits_of(&folded), want);
}

#[tokio::test]
async fn scopes_narrow_to_live_drafts_one_object_or_one_service() {
    let data = tempfile::tempdir().unwrap();
    let fetched = fill(data.path()).await;
    let search = |extra: &[&str]| {
        let mut args = vec!["search", "=", "--json"];
        args.extend_from_slice(extra);
        json(&run(codedeck(data.path()), &args))
    };
    let live = search(&["--live"]);
    assert_eq!(
        hits_of(&live),
        expected(&fetched, |v| v.live, |l| l.contains('='))
    );
    let drafts = search(&["--drafts"]);
    assert!(hits_of(&drafts).iter().all(|h| h.2 == "\"draft\""));
    assert!(!hits_of(&drafts).is_empty());
    let name = fetched[0].name.clone();
    let one = search(&["--object", &name]);
    assert!(hits_of(&one).iter().all(|h| h.1 == name));
    assert_eq!(
        hits_of(&one),
        expected(&fetched, |v| v.name == name, |l| l.contains('='))
    );
    let faircom = search(&["--service", "faircom"]);
    assert!(!hits_of(&faircom).is_empty());
    assert!(hits_of(&faircom).iter().all(|h| h.0 == "package"));

    let unknown = run(
        codedeck(data.path()),
        &["search", "x", "--object", "no such action"],
    );
    assert_eq!(code(&unknown), Some(2));
    assert!(stderr(&unknown).contains("nothing stored is named"));
}

#[tokio::test]
async fn text_output_groups_object_then_version_newest_first_plain_when_piped() {
    let data = tempfile::tempdir().unwrap();
    let fetched = fill(data.path()).await;
    let out = run(codedeck(data.path()), &["search", "setCustomClaim"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "no colour into a pipe: {text}");
    let claims = fetched
        .iter()
        .find(|v| v.code.contains("setCustomClaim"))
        .unwrap();
    assert!(
        text.contains(&format!("action {} · auth0 ", claims.name)),
        "{text}"
    );
    // Within an object, versions newest first: the draft, then descending numbers.
    let labels: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .map(str::trim)
        .collect();
    assert_eq!(labels.first().copied(), Some("draft"), "{text}");
    assert!(text.contains("      "), "{text}");
}

#[tokio::test]
async fn bad_patterns_and_an_empty_store_exit_2_in_words() {
    let data = tempfile::tempdir().unwrap();
    let empty = run(codedeck(data.path()), &["search", "x"]);
    assert_eq!(code(&empty), Some(2));
    assert!(
        stderr(&empty).contains("nothing is stored yet"),
        "{}",
        stderr(&empty)
    );
    assert!(
        !Store::path_in(data.path()).exists(),
        "reading makes no store"
    );
    fill(data.path()).await;
    let invalid = run(codedeck(data.path()), &["search", "--regex", "("]);
    assert_eq!(code(&invalid), Some(2));
    assert!(stderr(&invalid).contains("not a valid regular expression"));
    let blank = run(codedeck(data.path()), &["search", "--regex", "x*"]);
    assert_eq!(code(&blank), Some(2));
    let unknown = run(codedeck(data.path()), &["blame", "nothing by this name"]);
    assert_eq!(code(&unknown), Some(2));
}

/// The object with the most versions whose code changes between them.
fn busiest(fetched: &[Fetched]) -> (String, Vec<&Fetched>) {
    let names: BTreeSet<&str> = fetched
        .iter()
        .filter(|v| v.kind == "action")
        .map(|v| v.name.as_str())
        .collect();
    let versions_of = |name: &str| {
        let mut versions: Vec<&Fetched> = fetched
            .iter()
            .filter(|v| v.kind == "action" && v.name == name && v.number.is_some())
            .collect();
        versions.sort_by_key(|v| v.number);
        versions
    };
    let name = names
        .into_iter()
        .max_by_key(|name| versions_of(name).len())
        .unwrap()
        .to_string();
    let versions = versions_of(&name);
    (name, versions)
}

#[tokio::test]
async fn the_pickaxe_lists_the_versions_that_changed_the_count_with_their_hunks() {
    let data = tempfile::tempdir().unwrap();
    let fetched = fill(data.path()).await;
    let (name, versions) = busiest(&fetched);
    assert!(versions.len() >= 3, "{name} has versions");
    // A line of the newest version that an older one lacks.
    let newest = versions.last().unwrap();
    let text = newest
        .code
        .lines()
        .map(str::trim)
        .find(|l| l.len() > 8 && versions.iter().any(|v| !v.code.contains(*l)))
        .unwrap()
        .to_string();
    let mut before = 0;
    let mut changed = Vec::new();
    for version in &versions {
        let count = version.code.matches(&text).count();
        if count != before {
            changed.push(format!("v{}", version.number.unwrap()));
        }
        before = count;
    }
    changed.reverse();
    let out = run(codedeck(data.path()), &["log", &name, "-S", &text]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let listed: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.contains(" occurrences"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(listed, changed, "{}", stdout(&out));
    assert!(stdout(&out).contains("@@ -"));
    assert!(
        stdout(&out)
            .lines()
            .any(|l| (l.starts_with('+') || l.starts_with('-')) && l.contains(&text)),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn blame_attributes_every_line_to_a_version_that_contains_it() {
    let data = tempfile::tempdir().unwrap();
    let fetched = fill(data.path()).await;
    let (name, versions) = busiest(&fetched);
    let newest = versions.last().unwrap();
    let out = json(&run(codedeck(data.path()), &["blame", &name, "--json"]));
    let rows = out.as_array().unwrap();
    assert_eq!(rows.len(), newest.code.lines().count());
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(row["line"].as_u64(), Some(index as u64 + 1));
        let number = row["version"].as_u64().unwrap() as u32;
        assert!(number <= newest.number.unwrap());
        let origin = versions.iter().find(|v| v.number == Some(number)).unwrap();
        let text = row["text"].as_str().unwrap();
        assert!(
            origin.code.lines().any(|l| l == text),
            "line {} ({text}) is in v{number}",
            index + 1
        );
        assert!(row.get("created_at").is_some());
    }
    let oldest = versions[0].number.unwrap();
    let at_first = json(&run(
        codedeck(data.path()),
        &["blame", &name, "--version", &oldest.to_string(), "--json"],
    ));
    assert!(at_first
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["version"].as_u64() == Some(u64::from(oldest))));
    let missing = run(codedeck(data.path()), &["blame", &name, "--version", "999"]);
    assert_eq!(code(&missing), Some(2));
    assert!(stderr(&missing).contains("no stored version 999"));
}

#[tokio::test]
async fn a_profile_reads_its_own_places_and_all_profiles_every_one() {
    let data = tempfile::tempdir().unwrap();
    fill(data.path()).await;
    let tenant = Store::open(Store::path_in(data.path()))
        .unwrap()
        .places()
        .unwrap()
        .into_iter()
        .find(|p| p.label().starts_with("auth0"))
        .unwrap();
    let config = data.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.dev]\nauth0_domain = \"http://{}/\"\n\n[profiles.other]\nauth0_domain = \"other.eu.auth0.com\"\n",
            tenant.name
        ),
    )
    .unwrap();
    let with_config = || {
        let mut c = codedeck(data.path());
        c.arg("--config").arg(&config);
        c
    };
    let dev = json(&run(
        with_config(),
        &["search", "=", "--profile", "dev", "--json"],
    ));
    assert!(
        hits_of(&dev).iter().all(|h| h.0 != "package"),
        "dev has no FairCom server"
    );
    assert!(!hits_of(&dev).is_empty());
    let other = run(with_config(), &["search", "=", "--profile", "other"]);
    assert_eq!(code(&other), Some(2));
    assert!(
        stderr(&other).contains("other.eu.auth0.com"),
        "{}",
        stderr(&other)
    );
    let every = json(&run(
        with_config(),
        &["search", "=", "--all-profiles", "--json"],
    ));
    assert!(hits_of(&every).iter().any(|h| h.0 == "package"));
}
