//! `stages` through the library against two emulators over HTTP: each side its own client, so a
//! rate limit on one side is waited out there only and a FairCom login refused on one side leaves
//! its Auth0 objects compared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::sync::Arc;

use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::both::Both;
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, RateLimit};
use codedeck::model::WaitEvent;
use codedeck::secret::Secret;
use codedeck::stages::{self, Kind, Options, Part, Reading, State};

async fn stage(rate_limit: Option<RateLimit>) -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        rate_limit,
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

/// Both services of the emulator; the FairCom password is `password` when given.
fn backend(emu: &EmulatorHandle, password: Option<&str>) -> Arc<dyn Backend> {
    let auth0 = Auth0Client::new(Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    ))
    .unwrap();
    let faircom = FairComClient::new(FairComConfig::new(
        parse_faircom_url(&emu.faircom_url()).unwrap(),
        emu.faircom_username(),
        password.map_or_else(|| emu.faircom_password(), Secret::new),
    ))
    .unwrap();
    Both::either(Some(Arc::new(auth0)), Some(Arc::new(faircom))).unwrap()
}

fn everything() -> Reading {
    Reading {
        auth0: true,
        faircom: true,
        ..Reading::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_on_one_side_is_waited_out_there_only() {
    let limited = stage(Some(RateLimit {
        burst: 2,
        per_second: 40.0,
        send_retry_after: true,
    }))
    .await;
    let free = stage(None).await;
    let (a, b) = (backend(&limited, None), backend(&free, None));
    let waited_b = Arc::new(std::sync::Mutex::new(0_usize));
    let seen = Arc::clone(&waited_b);
    b.report_waits(Arc::new(move |_: WaitEvent| *seen.lock().unwrap() += 1));
    let reading = everything();
    let (from, to) = tokio::join!(stages::gather(&*a, &reading), stages::gather(&*b, &reading));
    assert!(from.failures().is_empty() && to.failures().is_empty());
    let rows = stages::compare(&from, &to, &Options::default());
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.state == State::Same), "{rows:?}");
    // A bucket of two could not serve the limited side's reads at once: every one of them read
    // means that side waited for its tokens (paced, or told by a 429 and asked again), while the
    // free side sent each request once and never waited.
    let total = |emu: &EmulatorHandle| emu.requests().iter().map(|(_, n)| n).sum::<usize>();
    assert!(total(&free) > 2, "more reads than the bucket holds");
    assert!(
        total(&limited) >= total(&free),
        "{} vs {}",
        total(&limited),
        total(&free)
    );
    assert_eq!(*waited_b.lock().unwrap(), 0, "the free side never waited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faircom_login_refused_on_one_side_leaves_the_auth0_objects_compared() {
    let (dev, prod) = (stage(None).await, stage(None).await);
    let (a, b) = (
        backend(&dev, None),
        backend(&prod, Some("not-the-password")),
    );
    let reading = everything();
    let (from, to) = tokio::join!(stages::gather(&*a, &reading), stages::gather(&*b, &reading));
    assert!(matches!(to.packages, Part::Failed(_)));
    assert!(matches!(to.actions, Part::Read(_)));
    assert_eq!(to.failures().len(), 1);
    assert_eq!(to.failures()[0].0, Kind::Package);
    let rows = stages::compare(&from, &to, &Options::default());
    for row in &rows {
        let want = if row.kind == Kind::Package {
            State::Unknown
        } else {
            State::Same
        };
        assert_eq!(row.state, want, "{row:?}");
    }
    assert!(!format!("{:?}", to.packages).contains("not-the-password"));
    // The snapshot keeps what a promote needs: B's objects with their ids.
    let action = to.action("Add role claims to tokens").unwrap();
    assert!(!action.id.is_empty() && action.deployed_version.is_some());
    let flow = to.flow("post-login").unwrap();
    assert!(flow.bindings.iter().all(|b| !b.id.is_empty()));
    assert!(to.module("deny-lists").is_some());
}
