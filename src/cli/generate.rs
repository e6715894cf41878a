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
