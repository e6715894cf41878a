//! `codedeck completions SHELL` and `codedeck man`: both generated from the clap definitions in
//! `args.rs`, so they never drift from what the parser accepts. Written to stdout; the README says
//! where each shell reads them from.

use std::io::Write;

use clap::{CommandFactory, ValueEnum};

use super::{Cli, CliError};

/// The shells `codedeck completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl CompletionShell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            Self::Bash => clap_complete::Shell::Bash,
            Self::Zsh => clap_complete::Shell::Zsh,
            Self::Fish => clap_complete::Shell::Fish,
            Self::Powershell => clap_complete::Shell::PowerShell,
        }
    }
}

/// The completion script for `shell`, as text.
pub fn completions(shell: CompletionShell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut out = vec![];
    clap_complete::generate(shell.generator(), &mut command, "codedeck", &mut out);
    out
}

/// The man page (section 1, roff): the synopsis, every global option and the list of commands
/// with their one-line help (`codedeck help COMMAND` has each one's flags).
pub fn man_page() -> Result<Vec<u8>, CliError> {
    let mut out = vec![];
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| CliError::Other(e.into()))?;
    Ok(out)
}

/// `codedeck actions|modules open NAME`: prints the object's Dashboard address and opens it in the
/// browser (as auth0-cli's `actions open` does); the demo only says where it would go.
pub fn open_in_dashboard(
    conn: &super::Connected,
    object: crate::model::dashboard::DashboardObject<'_>,
) -> Result<(), CliError> {
    use crate::model::dashboard::dashboard_url;
    use crate::strings::reach as words;
    if conn.is_demo() {
        let url = dashboard_url(words::DEMO_DOMAIN, object).unwrap_or_default();
        super::output::emit(&words::demo_would_open(&url));
        return Ok(());
    }
    let domain = conn.backend.connection().label;
    let url = dashboard_url(&domain, object)
        .map_err(|_| CliError::Usage(words::no_dashboard_for_domain(&domain)))?;
    super::output::emit(&url);
    if let Err(why) = crate::shell::reach::open_url(&url) {
        eprintln!("{}", words::no_browser(&why, &url));
    }
    Ok(())
}

/// Writes `bytes` to stdout (a closed pipe is the reader's choice, not an error worth a message).
pub fn print(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Other(e.into())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in CompletionShell::value_variants() {
            let script = String::from_utf8(completions(*shell)).unwrap();
            assert!(script.contains("codedeck"), "{shell:?}");
            assert!(script.contains("actions"), "{shell:?}: {script}");
        }
    }

    #[test]
    fn the_man_page_is_roff_with_every_command() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
        assert!(page.contains(".TH codedeck 1"), "{page}");
        assert!(page.contains("completions"), "{page}");
        assert!(page.contains("actions"), "{page}");
    }
}
