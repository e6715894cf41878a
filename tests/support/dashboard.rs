//! The dashboard (headless `Driver`) connected to an emulator over loopback HTTP with a journal in a
//! temporary folder: the setup the app-level tests share.

use std::sync::Arc;

use codedeck::app::{Driver, RunOptions};
use codedeck::backend::auth0::{parse_base_url, Auth0Client, Auth0Config, Credentials};
use codedeck::emulator::EmulatorHandle;
use codedeck::journal::Journal;
use codedeck::secret::Secret;
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

pub struct Dashboard {
    pub driver: Driver,
    pub journal: Journal,
    /// The journal's folder, removed on drop.
    pub dir: tempfile::TempDir,
}

/// The dashboard at 160×45 on the emulator, its first loads done.
pub async fn dashboard(emu: &EmulatorHandle) -> Dashboard {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path());
    let mut driver = Driver::new(
        Arc::new(client(emu)),
        Theme::default(),
        RunOptions {
            demo_hint: false,
            journal: Some(journal.clone()),
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
