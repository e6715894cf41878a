//! Running the real `codedeck` binary against an emulator, for the CLI tests.

use std::path::Path;
use std::process::{Command, Output};

use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions};
use serde_json::Value;

/// A config dir that does not exist, so the platform default config file is missing.
pub const NO_CONFIG_HOME: &str = "/nonexistent/codedeck-test-config-home";

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codedeck"));
    // Never pick up the developer's own config or tenant: the platform config dir is one that does
    // not exist (a missing default config is no config; a missing named one is an error).
    c.env_remove("CODEDECK_CONFIG")
        .env("XDG_CONFIG_HOME", NO_CONFIG_HOME)
        .env_remove("AUTH0_DOMAIN")
        .env_remove("AUTH0_API_TOKEN")
        .env_remove("AUTH0_CLIENT_ID")
        .env_remove("AUTH0_CLIENT_SECRET")
        .env_remove("FAIRCOM_URL")
        .env_remove("FAIRCOM_USERNAME")
        .env_remove("FAIRCOM_PASSWORD")
        .env_remove("CODEDECK_EMULATOR_TOKEN")
        .env_remove("CODEDECK_LOG");
    c
}

pub fn against(emu: &EmulatorHandle) -> Command {
    let mut c = bin();
    c.env("AUTH0_DOMAIN", emu.base_url())
        .env("AUTH0_API_TOKEN", emu.token());
    c
}

/// The command against this emulator, journaling into `data` (a temporary data dir).
pub fn cmd(emu: &EmulatorHandle, data: &Path) -> Command {
    let mut c = against(emu);
    c.env("CODEDECK_DATA_DIR", data);
    c
}

pub fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

pub fn run(mut c: Command, args: &[&str]) -> Output {
    c.args(args).output().expect("run codedeck")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        stderr(o)
    );
    serde_json::from_slice(&o.stdout).expect("valid JSON on stdout")
}

/// The journal's entries, read by `c` (its `CODEDECK_DATA_DIR` names the journal).
pub fn journal(c: Command) -> Vec<Value> {
    json(&run(c, &["journal", "--json"]))
        .as_array()
        .expect("the journal is a JSON array")
        .clone()
}

/// Starts `codedeck emulator …` and reads the first line of its banner, closing the pipe as
/// `| head -1` would; returns the child and the URL it serves.
pub fn serving(mut c: Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = c.stdout(std::process::Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    (child, url)
}

pub async fn demo() -> EmulatorHandle {
    emulator::spawn(EmulatorOptions::default())
        .await
        .expect("emulator starts")
}

/// Raw GET against the emulator, to compare the CLI with what the server holds.
pub async fn raw_get(emu: &EmulatorHandle, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/api/v2{path}", emu.base_url()))
        .bearer_auth(emu.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
