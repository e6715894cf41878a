//! The dashboard (headless `Driver`) connected to an emulator over loopback HTTP with a journal in a
//! temporary folder: the setup the app-level tests share.

use std::sync::Arc;

use codedeck::app::RunOptions;
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::backend::both::Both;
use codedeck::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
use codedeck::backend::Backend;
use codedeck::emulator::EmulatorHandle;
use codedeck::journal::Journal;
use codedeck::secret::Secret;
use codedeck::shell::Driver;
use codedeck::theme::Theme;
use ratatui::buffer::Buffer;

pub const WIDTH: u16 = 160;
pub const HEIGHT: u16 = 45;

/// A client of the emulator with its token, as a user's codedeck (or any other client) would be.
pub fn client(emu: &EmulatorHandle) -> Auth0Client {
    let url = parse_base_url(&emu.base_url()).unwrap();
    Auth0Client::new(Auth0Config::new(
        url,
        Credentials::Token(Secret::new(emu.token())),
    ))
    .unwrap()
}

/// A client of the emulator's FairCom endpoint with its user and password.
/// Its label is fixed (not the ephemeral port) so that screens can be compared run to run.
pub fn faircom_client(emu: &EmulatorHandle) -> FairComClient {
    let url = parse_faircom_url(&emu.faircom_url()).unwrap();
    let mut config = FairComConfig::new(url, emu.faircom_username(), emu.faircom_password());
    config.label = FAIRCOM_LABEL.to_string();
    FairComClient::new(config).unwrap()
}

/// The FairCom server's name in the tests' header and journal.
pub const FAIRCOM_LABEL: &str = "edge.test:8443";

/// Both services of the emulator behind one backend, as `--demo` has them.
pub fn both(emu: &EmulatorHandle) -> Arc<dyn Backend> {
    Both::either(
        Some(Arc::new(client(emu))),
        Some(Arc::new(faircom_client(emu))),
    )
    .unwrap()
}

pub struct Dashboard {
    pub driver: Driver,
    pub journal: Journal,
    /// The journal's folder, removed on drop.
    pub dir: tempfile::TempDir,
}

/// The dashboard at 160×45 on this backend, its first loads done.
pub async fn dashboard_on(backend: Arc<dyn Backend>) -> Dashboard {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path());
    let mut driver = Driver::new(
        backend,
        Theme::default(),
        RunOptions {
            demo_hint: false,
            journal: Some(journal.clone()),
            editor: None,
            ..RunOptions::default()
        },
    );
    driver.resize(WIDTH, HEIGHT);
    driver.settle().await;
    Dashboard {
        driver,
        journal,
        dir,
    }
}

/// A drawn screen as text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A dashboard on a fresh demo emulator, with everything a test reads back.
pub struct Setup {
    pub driver: Driver,
    pub emu: EmulatorHandle,
    pub journal: Journal,
    /// The journal's folder, removed on drop.
    pub dir: tempfile::TempDir,
}

/// A demo emulator and the dashboard on the backend `connect` builds for it, its first loads done.
pub async fn setup_on(connect: fn(&EmulatorHandle) -> Arc<dyn Backend>) -> Setup {
    let emu = codedeck::emulator::spawn(codedeck::emulator::EmulatorOptions::default())
        .await
        .unwrap();
    setup_with(emu, connect).await
}

/// The dashboard on this emulator (set up or faulted by the test first).
pub async fn setup_with(
    emu: EmulatorHandle,
    connect: fn(&EmulatorHandle) -> Arc<dyn Backend>,
) -> Setup {
    let Dashboard {
        driver,
        journal,
        dir,
    } = Box::pin(dashboard_on(connect(&emu))).await; // boxed: the dashboard's future is large
    Setup {
        driver,
        emu,
        journal,
        dir,
    }
}

/// The emulator's Auth0 tenant alone.
pub fn auth0(emu: &EmulatorHandle) -> Arc<dyn Backend> {
    Arc::new(client(emu))
}

/// The text in the footer's flash, or nothing.
pub fn flash_text(driver: &Driver) -> String {
    driver
        .state
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

/// Selects a list row by name in the Actions, Modules or Packages view.
pub fn select(driver: &mut codedeck::shell::Driver, name: &str) {
    use codedeck::app::state::View;
    let names: Vec<String> = match driver.state.view {
        View::Actions => driver
            .state
            .visible_actions()
            .iter()
            .map(|a| a.name.clone())
            .collect(),
        View::Modules => driver
            .state
            .modules_list()
            .iter()
            .map(|m| m.name.clone())
            .collect(),
        View::Packages => driver
            .state
            .packages
            .visible()
            .iter()
            .map(|p| p.id.name.clone())
            .collect(),
        View::Flows => unreachable!("not used for this view"),
    };
    let index = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} not in {names:?}"));
    driver.press("g");
    for _ in 0..index {
        driver.press("j");
    }
}

/// An editor command that runs this shell script on the file (`$0` in the script).
#[allow(clippy::unnecessary_wraps)] // the `editor` setting it fills is an Option
pub fn editor_script(script: &str) -> Option<Vec<String>> {
    Some(vec!["sh".into(), "-c".into(), script.into()])
}

/// The changes the journal says were made, one entry each (an intent and its outcome are two lines
/// of one change; changes not made are left out, as undo leaves them).
pub fn made(journal: &Journal) -> Vec<codedeck::journal::Entry> {
    codedeck::journal::changes(&journal.read().unwrap())
        .into_iter()
        .filter(|e| e.outcome == codedeck::journal::Outcome::Done)
        .collect()
}

/// The state of the Compare view's row named `name` (it must be there).
pub fn row_state(driver: &Driver, name: &str) -> codedeck::stages::State {
    driver
        .state
        .compare
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("a row for {name}: {:?}", driver.state.compare.rows))
        .state
}
