//! `codedeck emulator`: the embedded Auth0 and FairCom emulator served standalone on 127.0.0.1, for
//! other clients and for the end-to-end tests. Needs no connection.

use std::io::Write;
use std::time::Duration;

use super::{CliError, EmulatorArgs, SeedArg};
use crate::emulator::{self, EmulatorOptions, RateLimit, Seed};
use crate::strings::cli as text;

pub(super) async fn serve(args: &EmulatorArgs) -> Result<(), CliError> {
    let mut opts = EmulatorOptions {
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::DemoProd => Seed::DemoProd,
            SeedArg::Empty => Seed::Empty,
        },
        token: args.token.clone(),
        faircom_username: args.faircom_user.clone(),
        ..EmulatorOptions::default()
    };
    if let Some(password) = &args.faircom_password {
        opts.faircom_password = password.clone();
    }
    opts.rate_limit = args.rate_limit.map(|n| RateLimit {
        burst: n.max(1),
        per_second: f64::from(n.max(1)),
        send_retry_after: false,
    });
    opts.latency = args.latency_ms.map(Duration::from_millis);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|e| CliError::Usage(text::cannot_listen(args.port, &e.to_string())))?;
    let addr = listener.local_addr().map_err(anyhow::Error::from)?;
    let token = opts
        .token
        .get_or_insert_with(|| crate::model::secret::Secret::new(emulator::generate_token()))
        .clone();
    let dashboard_token = opts
        .dashboard_token
        .get_or_insert_with(|| crate::model::secret::Secret::new(emulator::generate_token()))
        .clone();
    // A closed stdout (`codedeck emulator | head -1`) must not stop the server.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        text::emulator_banner(
            &format!("http://{addr}"),
            // Printed on purpose, once: the user copies it into the client.
            token.expose(),
            &opts.client_id,
            opts.client_secret.expose(),
            &opts.faircom_username,
            opts.faircom_password.expose(),
            dashboard_token.expose(),
        )
    );
    emulator::serve(listener, opts)
        .await
        .map_err(|e| CliError::Other(e.into()))
}
