//! `codedeck screenshots`: drives the real app (headless `Driver`) on the demo tenant and writes SVGs of its
//! buffer to `screenshots/`. Run it whenever a view changes; the README embeds the files.

use crate::journal::Journal;
use std::path::Path;

use super::connect::demo_backend_at;
use super::{Cli, CliError};
use crate::app::{Msg, RunOptions};
use crate::shell::Driver;
use crate::strings::cli as text;
use crate::theme::Theme;
use crate::ui::svg::buffer_to_svg;

/// The moment every screenshot is taken at, 2026-11-22T12:00:00Z: relative times ("2 d ago") stay
/// the same from run to run. Counted from the epoch, so no parse can fail.
fn screenshot_clock() -> crate::model::Timestamp {
    const SECONDS_SINCE_EPOCH: i64 = 1_795_348_800;
    chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::seconds(SECONDS_SINCE_EPOCH)
}

/// The size every screenshot is taken at (the tmux end-to-end test uses the same).
pub const SIZE: (u16, u16) = (160, 45);

/// (file name, theme, keys pressed after the first load settles)
const SHOTS: &[(&str, &str, &[&str])] = &[
    ("actions", "dark", &[]),
    // The logs first: the emulator's logins run on its clock, and a new one every 20 s of it
    // would change these two pictures.
    (
        "timeline-failures",
        "dark",
        &["/", "require", "<Enter>", "v", "j"],
    ),
    ("logs", "dark", &["6", "t"]),
    ("action-detail", "dark", &["j", "<Enter>"]),
    ("filter", "dark", &["/", "m2m"]),
    ("trigger-filter", "dark", &["f"]),
    ("modules", "dark", &["2", "<Enter>"]),
    ("help", "dark", &["?"]),
    ("versions", "dark", &["/", "m2m", "<Enter>", "v", "j"]),
    (
        "diff",
        "dark",
        &["/", "disposable", "<Enter>", "v", "j", "d"],
    ),
    (
        "rollback-confirm",
        "dark",
        &["/", "m2m", "<Enter>", "v", "G", "r"],
    ),
    ("module-versions", "dark", &["2", "j", "v", "L"]),
    ("flows", "dark", &["3", "<Enter>"]),
    // Picked up and carried one place down: not saved until dropped.
    ("flows-holding", "dark", &["3", "<Enter>", "<Space>", "j"]),
    ("packages", "dark", &["4", "<Enter>"]),
    ("package-history", "dark", &["4", "v", "j", "j", "d"]),
    ("package-revert", "dark", &["4", "v", "G", "r"]),
    ("package-status", "dark", &["4", "s"]),
    // A secret typed into the draft's settings: masked, never drawn.
    (
        "secrets",
        "dark",
        &[
            "/",
            "slack",
            "<Enter>",
            "s",
            "a",
            "SLACK_SIGNING_SECRET<Enter>",
            "hunter2-not-shown",
        ],
    ),
    ("test-run", "dark", &["/", "mfa", "<Enter>", "t"]),
    (
        "execution",
        "dark",
        &[":exec 00000000000000000000000000000000000000000000000000000000000f4e33<Enter>"],
    ),
    ("actions-light", "light", &["j", "<Enter>"]),
];

/// Shots of the Compare view: the dashboard offered the demo's two stages (demo-dev → demo-prod).
const COMPARE_SHOTS: &[(&str, &str, &[&str])] = &[("compare", "dark", &["5"])];

pub async fn write_all(out: &Path, cli: &Cli) -> Result<(), CliError> {
    std::fs::create_dir_all(out).map_err(|e| {
        anyhow::anyhow!(text::cannot_create_dir(
            &out.display().to_string(),
            &e.to_string()
        ))
    })?;
    // The demo's emulator starts at the screenshots' moment too: its seeded times are fixed.
    let (backend, _emulator) = demo_backend_at(screenshot_clock()).await?;
    let (stages, choices) = super::connect::demo_stages();
    let shots = SHOTS
        .iter()
        .map(|shot| (shot, None))
        .chain(COMPARE_SHOTS.iter().map(|shot| (shot, Some(&stages))));
    // Changes made for a picture are not the user's: they go to a journal of their own. Its saved
    // test payloads are forgotten first, so `t` starts from the sample event in every picture run.
    let picture_journal = Journal::at(std::env::temp_dir().join("codedeck-screenshots"));
    let _ = std::fs::remove_file(picture_journal.payloads_path());
    for ((name, theme_name, keys), stages) in shots {
        let theme_name = cli.theme.as_deref().unwrap_or(theme_name);
        let theme = Theme::load(theme_name).map_err(|e| CliError::Usage(format!("{e:#}")))?;
        let mut driver = Driver::new(
            backend.clone(),
            theme.clone(),
            RunOptions {
                demo_hint: true,
                journal: Some(picture_journal.clone()),
                // `t` opens the sample event: an editor that keeps it as it is.
                editor: Some(vec!["true".to_string()]),
                // Pictures are of one moment: nothing reloads on its own.
                refresh_seconds: 0,
                session: String::new(),
                stages: if stages.is_some() {
                    choices.clone()
                } else {
                    crate::app::state::StageChoices::default()
                },
                ..RunOptions::default()
            },
        );
        if let Some(stages) = stages {
            driver = driver.with_stages(stages.clone());
        }
        driver.resize(SIZE.0, SIZE.1);
        // A fixed clock (see `screenshot_clock`).
        driver.send(Msg::Clock(screenshot_clock()));
        driver.settle().await;
        for key in *keys {
            driver.press(key);
            driver.settle().await;
        }
        let svg = buffer_to_svg(&driver.render(SIZE.0, SIZE.1), &theme);
        let path = out.join(format!("{name}.svg"));
        std::fs::write(&path, svg).map_err(|e| {
            anyhow::anyhow!(text::cannot_write_file(
                &path.display().to_string(),
                &e.to_string()
            ))
        })?;
        println!("{}", text::wrote(&path.display().to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_screenshot_clock_is_the_fixed_moment() {
        let expected: crate::model::Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        assert_eq!(super::screenshot_clock(), expected);
    }
}
