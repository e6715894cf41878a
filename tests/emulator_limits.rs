//! The emulator's limits. Auth0's: the client and the emulator each keep their own copy of every
//! service limit, and at each limit both accept and one past it both refuse, so a copy changed alone
//! fails here. Its own, served on loopback for other clients too: a stranger without a token grows
//! nothing, what it keeps is bounded, slow or idle connections are closed, the FairCom debug echo
//! keeps the password out, and the standalone command takes its token from the environment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::time::Duration;

use codedeck::authoring::{self, Owner};
use codedeck::emulator::server::Timeouts;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use codedeck::flows::{self, AddError};
use codedeck::model::limits::MAX_BINDINGS;
use codedeck::model::limits::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS, MAX_MODULE_CODE_CHARS,
    MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};
use codedeck::model::{BoundAction, Dependency, SecretInput};
use codedeck::secret::Secret;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(timeouts: Timeouts) -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        seed: Seed::Demo,
        timeouts,
        ..EmulatorOptions::default()
    })
    .await
    .expect("emulator starts")
}

/// POSTs a FairCom request; returns the answer.
async fn faircom_post(c: &reqwest::Client, emu: &EmulatorHandle, body: &Value) -> Value {
    let resp = c.post(emu.faircom_url()).json(body).send().await.unwrap();
    resp.json().await.unwrap()
}

/// Logs in with the emulator's account; returns the session token.
async fn login(c: &reqwest::Client, emu: &EmulatorHandle) -> String {
    let body = json!({"api": "admin", "action": "createSession", "params": {
        "username": emu.faircom_username(), "password": emu.faircom_password().expose()}});
    let answer = faircom_post(c, emu, &body).await;
    assert_eq!(answer["errorCode"], 0, "{answer}");
    answer["authToken"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_without_a_valid_token_keep_nothing() {
    let emu = start(Timeouts::default()).await;
    let c = reqwest::Client::new();
    for i in 0..200 {
        let path = format!("{}/api/v2/actions/actions/stranger-{i}", emu.base_url());
        let bearer = if i % 2 == 0 { "wrong-token" } else { "" };
        let status = c
            .get(&path)
            .bearer_auth(bearer)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 401);
        let status = c
            .get(format!("{}/no/such/path/{i}", emu.base_url()))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 404);
        // FairCom: an unknown token, a wrong password, no token at all.
        for body in [
            json!({"api": "admin", "action": "listCodePackages", "authToken": format!("forged-{i}"),
                   "params": {"partialName": "x".repeat(1000)}}),
            json!({"api": "admin", "action": "createSession",
                   "params": {"username": "ADMIN", "password": format!("guess-{i}")}}),
            json!({"api": "admin", "action": "describeCodePackages", "params": {"codeNames": [i]}}),
        ] {
            let answer = faircom_post(&c, &emu, &body).await;
            assert_ne!(answer["errorCode"], 0, "{answer}");
        }
    }
    assert!(
        emu.faircom_calls().is_empty(),
        "no FairCom call of a stranger is recorded"
    );
    // Only the fixed FairCom path was counted (one counter), nothing per stranger's path.
    assert!(
        emu.counted_paths() <= 1,
        "{} paths counted",
        emu.counted_paths()
    );
    assert_eq!(
        emu.request_count("GET", "/api/v2/actions/actions/stranger-0"),
        0
    );

    // An authenticated request is still counted and recorded.
    let ok = c
        .get(format!("{}/api/v2/actions/triggers", emu.base_url()))
        .bearer_auth(emu.token())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(emu.request_count("GET", "/api/v2/actions/triggers"), 1);
    login(&c, &emu).await;
    assert_eq!(emu.faircom_calls().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faircom_call_log_is_a_bounded_ring() {
    let emu = start(Timeouts::default()).await;
    let c = reqwest::Client::new();
    let token = login(&c, &emu).await;
    let sent = emulator::faircom::MAX_LOGGED_CALLS + 20;
    for i in 0..sent {
        let body = json!({"api": "admin", "action": "listCodePackages", "authToken": token,
                          "params": {"partialName": format!("n{i}")}});
        faircom_post(&c, &emu, &body).await;
    }
    let calls = emu.faircom_calls();
    assert_eq!(calls.len(), emulator::faircom::MAX_LOGGED_CALLS);
    assert_eq!(
        calls.last().unwrap().params["partialName"],
        format!("n{}", sent - 1),
        "the newest is kept, the oldest went"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_max_does_not_echo_the_session_password() {
    let emu = start(Timeouts::default()).await;
    let password = emu.faircom_password().expose().to_string();
    let body = reqwest::Client::new()
        .post(emu.faircom_url())
        .json(
            &json!({"api": "admin", "action": "createSession", "debug": "max", "params": {
            "username": emu.faircom_username(), "password": password}}),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!body.contains(&password), "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["errorCode"], 0, "{answer}");
    let echoed = &answer["debugInfo"]["request"];
    assert_eq!(echoed["params"]["password"], "********", "{answer}");
    assert_eq!(echoed["params"]["username"], emu.faircom_username());
}

/// Reads until the server closes the connection; `None` when it is still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_idle_connections_are_closed() {
    let short = Duration::from_millis(300);
    let emu = start(Timeouts {
        header_read: short,
        idle: short,
    })
    .await;
    let addr = emu.base_url().trim_start_matches("http://").to_string();
    // Generous: only "closed at all" is asserted, not when.
    let limit = Duration::from_secs(20);

    let mut silent = TcpStream::connect(&addr).await.unwrap();
    assert!(
        closed_within(&mut silent, limit).await.is_some(),
        "a connection that never sends is closed"
    );

    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /api/v2/actions/triggers HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    assert!(
        closed_within(&mut slow, limit).await.is_some(),
        "headers that never end are cut off"
    );

    // A finished request on a keep-alive connection, then silence: answered, then closed.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "GET /api/v2/actions/triggers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\r\n",
        emu.token()
    );
    idle.write_all(request.as_bytes()).await.unwrap();
    let answered = closed_within(&mut idle, limit)
        .await
        .expect("the idle keep-alive connection is closed");
    assert!(
        String::from_utf8_lossy(&answered).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answered)
    );
}

#[test]
fn the_emulator_command_takes_its_token_from_the_environment() {
    let mut c = support::cli::bin();
    c.args(["emulator", "--port", "0", "--seed", "empty"])
        .env("CODEDECK_EMULATOR_TOKEN", "token-from-the-environment");
    let (mut child, url) = support::cli::serving(c);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (with_env_token, other) = rt.block_on(async {
        let c = reqwest::Client::new();
        let get = |token: &'static str| {
            c.get(format!("{url}/api/v2/actions/triggers"))
                .bearer_auth(token)
                .send()
        };
        (
            get("token-from-the-environment")
                .await
                .unwrap()
                .status()
                .as_u16(),
            get("another-token").await.unwrap().status().as_u16(),
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(with_env_token, 200);
    assert_eq!(other, 401);
    let help = support::cli::stdout(&support::cli::run(
        support::cli::bin(),
        &["emulator", "--help"],
    ));
    assert!(help.contains("CODEDECK_EMULATOR_TOKEN"), "{help}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_emulator_closes_its_open_connections() {
    let emu = start(Timeouts::default()).await;
    let addr = emu.base_url().trim_start_matches("http://").to_string();
    let mut open = TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "GET /api/v2/actions/triggers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\r\n",
        emu.token()
    );
    open.write_all(request.as_bytes()).await.unwrap();
    // Read the whole answer; the connection stays open for the next request (keep-alive).
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let answered = |got: &[u8]| {
        let text = String::from_utf8_lossy(got);
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return false;
        };
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_string)
            })
            .and_then(|n| n.trim().parse::<usize>().ok())
            .expect("a content length");
        body.len() >= length
    };
    while !answered(&got) {
        let n = open.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before answering");
        got.extend_from_slice(&buf[..n]);
    }
    drop(emu);
    // Well under the 30 s the header-read timeout would take.
    assert!(
        closed_within(&mut open, Duration::from_secs(15))
            .await
            .is_some(),
        "the connection is closed when the emulator stops"
    );
}

/// Sends an Auth0 write; returns the status and the body.
async fn auth0_send(
    c: &reqwest::Client,
    emu: &EmulatorHandle,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let resp = c
        .request(method, format!("{}/api/v2{path}", emu.base_url()))
        .bearer_auth(emu.token())
        .json(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// What the client's check and the emulator said about one limit, at it and one past it.
struct Verdicts {
    limit: &'static str,
    client: [Result<(), String>; 2],
    service: [(u16, Value); 2],
}

impl Verdicts {
    /// Both sides accept at the limit and both refuse one past it.
    fn agree(&self) {
        let Self {
            limit,
            client,
            service,
        } = self;
        assert!(
            client[0].is_ok(),
            "{limit}: the client refuses at the limit: {:?}",
            client[0]
        );
        assert!(
            client[1].is_err(),
            "{limit}: the client accepts one past the limit"
        );
        assert!(
            (200..300).contains(&service[0].0),
            "{limit}: the emulator refuses at the limit what the client accepts: {} {}",
            service[0].0,
            service[0].1["message"]
        );
        assert_eq!(
            service[1].0, 400,
            "{limit}: the emulator does not refuse one past the limit what the client refuses"
        );
    }
}

/// `n` bytes of code, mostly two-byte characters (so a bytes-or-characters mix-up shows).
fn code_of_bytes(n: usize) -> String {
    "é".repeat(n / 2) + &"a".repeat(n % 2)
}

fn secret(name: &str, value: &str) -> SecretInput {
    SecretInput {
        name: name.to_string(),
        value: Some(Secret::new(value)),
    }
}

fn dependency(name: &str, version: &str) -> Dependency {
    Dependency {
        name: name.to_string(),
        version: version.to_string(),
    }
}

/// The list as a write body sends it.
fn secrets_json(secrets: &[SecretInput]) -> Value {
    secrets
        .iter()
        .map(|s| json!({"name": s.name, "value": s.value.as_ref().map(Secret::expose)}))
        .collect()
}

fn dependencies_json(dependencies: &[Dependency]) -> Value {
    dependencies
        .iter()
        .map(|d| json!({"name": d.name, "version": d.version}))
        .collect()
}

/// Creates an action or a module from `fields` (over a minimal valid body); returns what the
/// emulator answered. `name` is unique per call unless `fields` sets one.
async fn create(
    c: &reqwest::Client,
    emu: &EmulatorHandle,
    owner: Owner,
    name: &str,
    fields: &Value,
) -> (u16, Value) {
    let (path, mut body) = match owner {
        Owner::Action => (
            "/actions/actions",
            json!({"name": name, "supported_triggers": [{"id": "post-login", "version": "v3"}],
                   "code": "exports.onExecutePostLogin = async () => {};"}),
        ),
        Owner::Module => (
            "/actions/modules",
            json!({"name": name, "code": "module.exports = {};"}),
        ),
    };
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    auth0_send(c, emu, reqwest::Method::POST, path, &body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_and_the_emulator_agree_on_every_authoring_limit() {
    let emu = start(Timeouts::default()).await;
    let c = reqwest::Client::new();
    let mut serial = 0;
    let mut both = |owner: Owner, fields: [Value; 2]| {
        let [at, past] = fields;
        serial += 2;
        let (c, emu) = (&c, &emu);
        async move {
            [
                create(c, emu, owner, &format!("limit {}", serial - 1), &at).await,
                create(c, emu, owner, &format!("limit {serial}"), &past).await,
            ]
        }
    };
    let mut verdicts = Vec::new();

    let code = [MAX_ACTION_CODE_BYTES, MAX_ACTION_CODE_BYTES + 1].map(code_of_bytes);
    verdicts.push(Verdicts {
        limit: "action code (bytes)",
        client: [0, 1].map(|i| authoring::check_code(Owner::Action, &code[i])),
        service: both(Owner::Action, [0, 1].map(|i| json!({"code": code[i]}))).await,
    });
    let code = [MAX_MODULE_CODE_CHARS, MAX_MODULE_CODE_CHARS + 1].map(|n| "é".repeat(n));
    verdicts.push(Verdicts {
        limit: "module code (characters)",
        client: [0, 1].map(|i| authoring::check_code(Owner::Module, &code[i])),
        service: both(Owner::Module, [0, 1].map(|i| json!({"code": code[i]}))).await,
    });

    for owner in [Owner::Action, Owner::Module] {
        let names = [MAX_NAME_CHARS, MAX_NAME_CHARS + 1].map(|n| "é".repeat(n));
        verdicts.push(Verdicts {
            limit: "name (characters)",
            client: [0, 1].map(|i| authoring::check_name(&names[i])),
            service: both(owner, [0, 1].map(|i| json!({"name": names[i]}))).await,
        });

        let lists = [MAX_SECRETS, MAX_SECRETS + 1].map(|n| {
            (0..n)
                .map(|i| secret(&format!("S{i}"), "v"))
                .collect::<Vec<_>>()
        });
        verdicts.push(Verdicts {
            limit: "secrets",
            client: [0, 1].map(|i| authoring::check_secrets(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"secrets": secrets_json(&lists[i])})),
            )
            .await,
        });
        let lists = [MAX_SECRET_VALUE_CHARS, MAX_SECRET_VALUE_CHARS + 1]
            .map(|n| vec![secret("KEY", &"é".repeat(n))]);
        verdicts.push(Verdicts {
            limit: "secret value (characters)",
            client: [0, 1].map(|i| authoring::check_secrets(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"secrets": secrets_json(&lists[i])})),
            )
            .await,
        });
        let lists = [MAX_NAME_CHARS, MAX_NAME_CHARS + 1].map(|n| vec![secret(&"K".repeat(n), "v")]);
        verdicts.push(Verdicts {
            limit: "secret name (characters)",
            client: [0, 1].map(|i| authoring::check_secrets(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"secrets": secrets_json(&lists[i])})),
            )
            .await,
        });

        let lists = [MAX_DEPENDENCIES, MAX_DEPENDENCIES + 1].map(|n| {
            (0..n)
                .map(|i| dependency(&format!("p{i}"), "1.0.0"))
                .collect::<Vec<_>>()
        });
        verdicts.push(Verdicts {
            limit: "dependencies",
            client: [0, 1].map(|i| authoring::check_dependencies(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"dependencies": dependencies_json(&lists[i])})),
            )
            .await,
        });
        let lists =
            [MAX_NAME_CHARS, MAX_NAME_CHARS + 1].map(|n| vec![dependency(&"p".repeat(n), "1.0.0")]);
        verdicts.push(Verdicts {
            limit: "dependency name (characters)",
            client: [0, 1].map(|i| authoring::check_dependencies(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"dependencies": dependencies_json(&lists[i])})),
            )
            .await,
        });
        let lists = [
            MAX_DEPENDENCY_VERSION_CHARS,
            MAX_DEPENDENCY_VERSION_CHARS + 1,
        ]
        .map(|n| vec![dependency("lodash", &"1".repeat(n))]);
        verdicts.push(Verdicts {
            limit: "dependency version (characters)",
            client: [0, 1].map(|i| authoring::check_dependencies(&lists[i])),
            service: both(
                owner,
                [0, 1].map(|i| json!({"dependencies": dependencies_json(&lists[i])})),
            )
            .await,
        });
    }
    for verdict in &verdicts {
        verdict.agree();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_and_the_emulator_agree_on_the_bindings_per_trigger() {
    let emu = start(Timeouts::default()).await;
    let c = reqwest::Client::new();
    let mut ids = Vec::new();
    for i in 0..=MAX_BINDINGS {
        let (status, created) = create(
            &c,
            &emu,
            Owner::Action,
            &format!("bound {i}"),
            &json!({"deploy": true}),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        ids.push(created["id"].as_str().unwrap().to_string());
    }
    // Built and live: only a deployed action can be bound.
    emu.advance_clock(Duration::from_mins(1));
    let entry = |id: &String| BoundAction {
        action_id: id.clone(),
        display_name: id.clone(),
    };
    let order: Vec<BoundAction> = ids.iter().map(entry).collect();
    let client = [MAX_BINDINGS - 1, MAX_BINDINGS].map(|n| {
        flows::added(&order[..n], order[n].clone())
            .map(|_| ())
            .map_err(|e: AddError| format!("{e:?}"))
    });
    let mut service = Vec::new();
    for n in [MAX_BINDINGS, MAX_BINDINGS + 1] {
        let bindings: Vec<Value> = ids[..n]
            .iter()
            .map(|id| json!({"ref": {"type": "action_id", "value": id}}))
            .collect();
        let body = json!({ "bindings": bindings });
        let path = "/actions/triggers/post-login/bindings";
        service.push(auth0_send(&c, &emu, reqwest::Method::PATCH, path, &body).await);
    }
    let [at, past] = <[(u16, Value); 2]>::try_from(service).unwrap();
    Verdicts {
        limit: "bindings per trigger",
        client,
        service: [at, past],
    }
    .agree();
}
