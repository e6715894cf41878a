//! Item 15 in the dashboard: a slow answer is said in the footer — what is waited for, for at most
//! how long, and for how long so far — while the request is out, and the line is gone once it
//! answered. The dashboard (headless `Driver`) talks to the emulator through a proxy that holds
//! one answer until the test has seen the footer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod support;

use std::sync::Arc;

use codedeck::app::msg::Msg;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::secret::Secret;
use support::dashboard::{dashboard_on, text, HEIGHT, WIDTH};
use support::proxy::{self, Spoil};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_answer_is_said_in_the_footer_while_it_is_waited_for_and_gone_after() {
    let emu = codedeck::emulator::spawn(codedeck::emulator::EmulatorOptions::default())
        .await
        .unwrap();
    let proxy = proxy::start(&emu.base_url()).await;
    let client = Auth0Client::new(Auth0Config::new(
        parse_base_url(&proxy.url).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    ))
    .unwrap();
    let mut dash = dashboard_on(Arc::new(client)).await;
    let footer = |screen: &str| screen.lines().last().unwrap_or_default().to_string();
    let first = text(&dash.driver.render(WIDTH, HEIGHT));
    assert!(!footer(&first).contains("waiting"), "{first}");

    // The next list of actions is answered only when the test says so.
    proxy.arm("GET", "/api/v2/actions/actions", Spoil::Hold);
    dash.driver.press("R");
    let mut footers: Vec<String> = vec![];
    while dash
        .driver
        .step_watching(|driver| {
            let now = footer(&text(&driver.render(WIDTH, HEIGHT)));
            if now.contains("waiting") {
                // Three seconds of the runtime's ticks: the line counts them.
                for _ in 0..30 {
                    driver.send(Msg::Tick);
                }
                footers.push(footer(&text(&driver.render(WIDTH, HEIGHT))));
                proxy.release();
            }
            footers.push(now);
        })
        .await
    {}
    assert!(proxy.all_fired(), "the list went through the proxy");
    let said: Vec<&String> = footers.iter().filter(|f| f.contains("waiting")).collect();
    assert!(
        said.iter().any(|f| f.contains("waiting up to")
            && f.contains("GET /api/v2/actions/actions")
            && f.contains("3 s so far")),
        "the footer said the wait while the answer was held: {footers:#?}"
    );
    let last = text(&dash.driver.render(WIDTH, HEIGHT));
    assert!(
        !footer(&last).contains("waiting"),
        "the wait is gone: {last}"
    );
    assert!(dash.driver.state.waits.is_empty());
    assert!(
        last.contains("Add role claims to tokens"),
        "the list came: {last}"
    );
}
