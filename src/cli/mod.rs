//! Command-line entry: `main` parses the arguments (`args.rs`), hands them to `dispatch.rs`, and
//! turns a failure into its exit code. Commands are thin: they call the same `Backend` the dashboard
//! uses and print the result.

mod args;
mod authoring;
mod bindings;
mod change;
mod compare_cmd;
mod connect;
mod diff_cmd;
mod dispatch;
mod emulator_cmd;
mod export_cmd;
mod follow;
mod generate;
mod history_cmd;
mod interrupt;
mod journal_cmd;
mod journaling;
mod logs_cmd;
mod lookup;
mod output;
mod packages;
mod promote_cmd;
mod release;
mod screenshots;
mod search_cmd;
mod show;
mod store_cmd;
mod sync_cmd;
mod table;
mod testrun;
mod versions;

use std::process::ExitCode;

use clap::Parser;

use crate::config::ConfigError;
use crate::model::BackendError;
use crate::strings::cli as text;

pub use args::{
    ActionsCmd, BindingsCmd, ChangeArgs, Cli, Command, EmulatorArgs, ExecutionsCmd, ModulesCmd,
    PackagesCmd, SeedArg, SourceArgs, TriggersCmd,
};
pub use compare_cmd::{CompareArgs, ServiceArg};
pub use connect::{
    connect, connect_profile, connect_stage, connect_stages, Connected, ConnectedStage,
};
pub use diff_cmd::{ColorWhen, DiffArgs, DiffView};
pub use export_cmd::ExportArgs;
pub use promote_cmd::{KindArg, PromoteArgs};
pub use store_cmd::{store_path, StoreCmd};

/// Why a command failed, and so which exit code it gets.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Wrong arguments or configuration (a backend error saying the request cannot be made as
    /// configured, or that the service it needs is not configured, counts too): exit 2.
    #[error("{0}")]
    Usage(String),
    /// The named action, module, package or trigger does not exist: exit 1, like the API's own
    /// "not found" (the same rule for every kind).
    #[error("{0}")]
    NotFound(String),
    /// The service or the network failed: exit 1.
    #[error("{0}")]
    Backend(#[from] BackendError),
    /// Anything else that stopped the command: exit 1.
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
    /// The command has said what it had to (a comparison that differs, a side that failed):
    /// exit with this status, adding nothing.
    #[error("")]
    Status(u8),
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        Self::Usage(e.to_string())
    }
}

impl CliError {
    fn exit_code(&self) -> ExitCode {
        match self {
            Self::Usage(_)
            | Self::Backend(BackendError::Config(_) | BackendError::Unsupported(_)) => {
                ExitCode::from(2)
            }
            Self::NotFound(_) | Self::Backend(_) | Self::Other(_) => ExitCode::from(1),
            Self::Status(code) => ExitCode::from(*code),
        }
    }
}

/// The process entry point (see `main.rs`).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}", text::cannot_start_runtime(&e.to_string()));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(dispatch::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ CliError::Status(_)) => e.exit_code(),
        Err(e) => {
            // Errors quote servers and names: no control sequence reaches the terminal.
            eprintln!(
                "{}",
                text::command_failed(&crate::model::terminal_safe(&e.to_string()))
            );
            e.exit_code()
        }
    }
}
