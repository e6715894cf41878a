//! Signals sent to the real binary while it changes a tenant: SIGINT, SIGTERM and SIGHUP while it
//! waits for a deploy to go live leave the change's intent and an `interrupted` entry in the
//! journal, and a clear message; SIGKILL at several moments of a deploy never leaves a change the
//! server made without a journal entry.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use serde_json::Value;
use support::cli::{bin, cmd, json, raw_get, run, stderr};

/// Built draft, five deployed versions in the demo seed.
const BUILT: &str = "Add role claims to tokens";

fn journal_all(data: &Path) -> Vec<Value> {
    let mut c = bin();
    c.env("CODEDECK_DATA_DIR", data);
    json(&run(c, &["journal", "--json", "--all"]))
        .as_array()
        .unwrap()
        .clone()
}

async fn deployed_number(emu: &EmulatorHandle) -> u64 {
    let list = raw_get(emu, "/actions/actions?per_page=100").await;
    let action = list["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == BUILT)
        .unwrap()
        .clone();
    let id = action["id"].as_str().unwrap();
    raw_get(emu, &format!("/actions/actions/{id}")).await["deployed_version"]["number"]
        .as_u64()
        .unwrap()
}

fn send(signal: &str, child: &Child) {
    let status = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -s {signal}");
}

/// Starts `deploy --wait` and reads its stderr until a line contains `until`; returns the child
/// and what it printed so far.
fn deploy_until(emu: &EmulatorHandle, data: &Path, until: &str) -> (Child, String) {
    let mut child = cmd(emu, data)
        .args(["actions", "deploy", BUILT, "--wait", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("codedeck starts");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    loop {
        let mut line = String::new();
        let n = err.read_line(&mut line).unwrap();
        assert!(n > 0, "stderr ended before {until:?}: {said}");
        said.push_str(&line);
        if line.contains(until) {
            break;
        }
    }
    // The rest of stderr, read by a thread so the child never blocks on a full pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut rest);
        let _ = tx.send(rest);
    });
    STDERR_REST.with(|r| *r.borrow_mut() = Some(rx));
    (child, said)
}

thread_local! {
    static STDERR_REST: std::cell::RefCell<Option<std::sync::mpsc::Receiver<String>>> =
        const { std::cell::RefCell::new(None) };
}

fn rest_of_stderr() -> String {
    STDERR_REST
        .with(|r| r.borrow_mut().take())
        .map(|rx| rx.recv().unwrap_or_default())
        .unwrap_or_default()
}

/// Deploys take an hour to go live: the CLI waits for them as long as the test wants.
async fn slow_deploys() -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        deploy_duration: Duration::from_hours(1),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_while_waiting_to_go_live_is_journaled_as_interrupted_and_settled_later() {
    for (signal, exit) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let emu = slow_deploys().await;
        let data = tempfile::tempdir().unwrap();
        let was = deployed_number(&emu).await;
        let (mut child, _) = deploy_until(&emu, data.path(), "waiting for it to go live");
        send(signal, &child);
        let status = child.wait().unwrap();
        let err = rest_of_stderr();
        assert_eq!(status.code(), Some(exit), "SIG{signal}: {err}");
        assert!(
            err.contains(&format!(
                "interrupted by SIG{signal} while the deploy of '{BUILT}' was under way"
            )) && err.contains("UNKNOWN"),
            "SIG{signal}: {err}"
        );

        let all = journal_all(data.path());
        let outcomes: Vec<&str> = all.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes, ["intent", "interrupted"], "SIG{signal}: {all:#?}");
        assert_eq!(all[0]["change"], all[1]["change"], "one change");
        assert_eq!(
            all[1]["after"]["version_number"].as_u64(),
            Some(was + 1),
            "what was known: the version the deploy made"
        );

        // The next command against the tenant reads it back: the version exists, going live.
        let o = run(cmd(&emu, data.path()), &["actions", "list"]);
        assert!(stderr(&o).contains("it was made"), "{}", stderr(&o));
        let all = journal_all(data.path());
        assert_eq!(all.last().unwrap()["outcome"], "done", "{all:#?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_before_anything_was_sent_says_so_and_journals_nothing() {
    // Every request takes a while: the signal comes while the action is being looked up.
    let emu = emulator::spawn(EmulatorOptions {
        latency: Some(Duration::from_hours(1)),
        ..EmulatorOptions::default()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let child = cmd(&emu, data.path())
        .args(["actions", "deploy", BUILT, "--wait", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while emu.request_count(
        "GET",
        &format!("/api/v2/actions/actions/{}", BUILT.replace(' ', "%20")),
    ) == 0
        && emu.request_count("GET", "/api/v2/actions/actions") == 0
    {
        assert!(
            started.elapsed() < Duration::from_mins(1),
            "the command never asked the emulator for the action"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    send("INT", &child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("interrupted by SIGINT; no change was under way"),
        "{err}"
    );
    assert!(journal_all(data.path()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_any_moment_of_a_deploy_leaves_every_change_the_server_made_in_the_journal() {
    // Kill when: the deploy is about to be sent (its progress line), the server holds the new
    // version (read from the server), the CLI follows it.
    for moment in [
        "deploying the draft",
        "on the server",
        "waiting for it to go live",
    ] {
        let emu = slow_deploys().await;
        let data = tempfile::tempdir().unwrap();
        let was = deployed_number(&emu).await;
        let until = if moment == "on the server" {
            ""
        } else {
            moment
        };
        let (mut child, _) = deploy_until(&emu, data.path(), until);
        if moment == "on the server" {
            while deployed_number(&emu).await == was {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        send("KILL", &child);
        child.wait().unwrap();
        let _ = rest_of_stderr();

        let now = deployed_number(&emu).await;
        let all = journal_all(data.path());
        if now > was {
            assert!(
                all.iter().any(|e| e["operation"] == "action_deploy"),
                "killed at {moment:?}: the server made v{now}, the journal must say so: {all:#?}"
            );
        }
        // Whatever is open is settled by the next command.
        run(cmd(&emu, data.path()), &["actions", "list"]);
        let mut c = bin();
        c.env("CODEDECK_DATA_DIR", data.path());
        let listed = json(&run(c, &["journal", "--json"]));
        for e in listed.as_array().unwrap() {
            assert_eq!(e["outcome"], "done", "killed at {moment:?}: {listed:#}");
        }
        assert_eq!(
            listed.as_array().unwrap().len(),
            usize::from(now > was),
            "killed at {moment:?}: {listed:#}"
        );
    }
}
