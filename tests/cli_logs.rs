//! `codedeck logs` (issue 18) against the demo emulator, which writes the logs a real tenant would
//! (a `sapi` event per accepted write, simulated logins whose post-login flow fails after the
//! seeded bad deploy). What the command prints is compared with what the emulator's logs endpoint
//! holds. `--follow` streams until SIGINT and exits 0; a secret value planted in a write never
//! reaches the output; bad arguments exit 2, an unknown action 1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use support::cli::{cmd, code, demo, raw_get, run, stderr, stdout};

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a JSON line: {l}: {e}")))
        .collect()
}

/// The log ids of one type, as the emulator's logs endpoint lists them: every page (100 each, up
/// to the search's 1 000).
async fn logged_ids(emu: &codedeck::emulator::EmulatorHandle, kind: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for page in 0..10 {
        let listed = raw_get(
            emu,
            &format!("/logs?q=type:{kind}&per_page=100&page={page}&sort=date:-1"),
        )
        .await;
        let listed = listed
            .as_array()
            .unwrap_or_else(|| panic!("the logs endpoint answers a list: {listed}"))
            .clone();
        ids.extend(listed.iter().map(|e| {
            e["log_id"]
                .as_str()
                .or(e["_id"].as_str())
                .unwrap()
                .to_string()
        }));
        if listed.len() < 100 {
            break;
        }
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn type_failures_json_lists_the_failures_the_tenant_logged() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["logs", "--type", "failures", "--json"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let printed = lines(&stdout(&o));
    assert!(
        !printed.is_empty(),
        "the demo's bad deploy made failures: {}",
        stderr(&o)
    );
    for event in &printed {
        assert_eq!(event["type"], "actions_execution_failed", "{event}");
        assert!(event["event"].is_object(), "the event whole: {event}");
    }
    let ids: BTreeSet<String> = printed
        .iter()
        .map(|e| e["log_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, logged_ids(&emu, "actions_execution_failed").await);
    // Oldest first.
    let dates: Vec<&str> = printed
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn type_changes_lists_writes_to_actions_with_their_author_and_a_table_by_default() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let o = run(
        cmd(&emu, data.path()),
        &["logs", "--type", "changes", "--json"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let printed = lines(&stdout(&o));
    assert!(!printed.is_empty(), "the demo's seeded deploys are logged");
    for event in &printed {
        assert_eq!(event["type"], "sapi");
        let path = event["event"]["details"]["request"]["path"]
            .as_str()
            .unwrap();
        assert!(path.starts_with("/api/v2/actions/"), "{path}");
        assert!(event["author"].is_string(), "who made it: {event}");
    }
    let table = run(cmd(&emu, data.path()), &["logs", "--type", "changes"]);
    assert_eq!(code(&table), Some(0));
    let text = stdout(&table);
    assert!(text.starts_with("When"), "{text}");
    assert!(text.contains("change"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_secret_value_never_reaches_the_output() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    let planted = "planted-secret-value-7f3a91";
    let mut child = cmd(&emu, data.path())
        .args([
            "actions",
            "update",
            "Geo-block sanctioned countries",
            "--secrets-from-stdin",
            "--yes",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("PLANTED={planted}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "the write was accepted");
    for args in [
        &["logs", "--json"][..],
        &["logs", "--type", "changes", "--json"][..],
        &["logs"][..],
    ] {
        let o = run(cmd(&emu, data.path()), args);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        assert!(!stdout(&o).contains(planted), "{args:?}");
        assert!(!stderr(&o).contains(planted), "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_streams_until_interrupted_and_exits_0() {
    use std::io::{BufRead, BufReader};
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    // Standard output to a file: the events printed first fill more than a pipe holds.
    let out_path = data.path().join("follow.out");
    let out = std::fs::File::create(&out_path).unwrap();
    let mut child = cmd(&emu, data.path())
        .args(["logs", "--follow", "--json"])
        .stdout(out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupted once it says it is following (the first pages read), as a user would.
    let stderr_pipe = child.stderr.take().unwrap();
    let (said_tx, said_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut said = String::new();
        for line in BufReader::new(stderr_pipe).lines() {
            let line = line.unwrap_or_default();
            if line.contains("following") {
                let _ = said_tx.send(());
            }
            said.push_str(&line);
            said.push('\n');
        }
        said
    });
    said_rx
        .recv_timeout(Duration::from_mins(2))
        .expect("it says it is following");
    let pid = child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let said = reader.join().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends a follow: {said}");
    let printed = lines(&std::fs::read_to_string(&out_path).unwrap());
    assert!(!printed.is_empty(), "the events before following");
    for event in printed {
        assert!(event["log_id"].is_string());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_exit_2_and_an_unknown_action_1() {
    let emu = demo().await;
    let data = tempfile::tempdir().unwrap();
    for args in [
        &["logs", "--type", "nope"][..],
        &["logs", "--since", "1y"][..],
        &["logs", "--since", "soon"][..],
    ] {
        let o = run(cmd(&emu, data.path()), args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = run(
        cmd(&emu, data.path()),
        &["logs", "--action", "no-such-action"],
    );
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no action is named no-such-action"));
}
