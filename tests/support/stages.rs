//! Two emulators as two stages, and the clients and config that reach them: shared by the tests
//! of `codedeck compare` and `codedeck promote`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::{self, EmulatorHandle, EmulatorOptions, Seed};
use codedeck::model::BuildStatus;
use codedeck::secret::Secret;

/// An emulator whose builds and deploys finish at once.
pub async fn stage(seed: Seed) -> EmulatorHandle {
    emulator::spawn(EmulatorOptions {
        seed,
        build_duration: Duration::ZERO,
        deploy_duration: Duration::ZERO,
        ..EmulatorOptions::default()
    })
    .await
    .unwrap()
}

pub fn auth0(emu: &EmulatorHandle) -> Auth0Client {
    let config = Auth0Config::new(
        parse_base_url(&emu.base_url()).unwrap(),
        Credentials::Token(Secret::new(emu.token())),
    );
    Auth0Client::new(config).unwrap()
}

pub fn faircom(emu: &EmulatorHandle) -> Arc<dyn Backend> {
    let config = FairComConfig::new(
        parse_faircom_url(&emu.faircom_url()).unwrap(),
        emu.faircom_username(),
        emu.faircom_password(),
    );
    Arc::new(FairComClient::new(config).unwrap())
}

/// `config.toml` in `dir`, owner-only as a file holding secrets must be.
pub fn write_config(dir: &Path, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// Waits for the action's build, deploys it and waits until that version is live.
pub async fn deploy_now(client: &Auth0Client, id: &str) {
    for _ in 0..200 {
        if client.get_action(id).await.unwrap().status == BuildStatus::Built {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let version = client.deploy_action(id).await.unwrap();
    for _ in 0..200 {
        let live = client.get_action(id).await.unwrap().deployed_version;
        if live.is_some_and(|v| v.number == version.number) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{id} never went live");
}
