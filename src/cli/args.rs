//! The command line as clap parses it: every command, its flags and their help. The long help
//! texts live in `strings/cli.rs`; the one-line ones are the doc comments clap reads.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::compare_cmd::CompareArgs;
use super::diff_cmd::{ColorWhen, DiffArgs, DiffView};
use super::export_cmd::ExportArgs;
use super::history_cmd::{BlameArgs, LogArgs};
use super::packages;
use super::promote_cmd::PromoteArgs;
use super::search_cmd::SearchArgs;
use super::store_cmd::StoreCmd;
use super::versions::{self, VersionSpec};
use crate::strings::cli as text;

#[derive(Debug, Parser)]
#[command(name = "codedeck", version, about = text::ABOUT, long_about = None)]
pub struct Cli {
    /// Use the embedded demo tenant (an in-process emulator; no network, no account). Commands never
    /// fall back to it: without a tenant or server configured they exit 2.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Connection profile from the config file.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// UI theme: a built-in name (dark, light) or a path to a TOML theme file.
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Config file to read instead of the platform default (also $CODEDECK_CONFIG); it must exist.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Browse and search the local history store with no network at all; changes need a connection.
    #[arg(long, global = true)]
    pub offline: bool,
    /// The dashboard's Compare view (5) opens comparing this stage (a profile; with --demo,
    /// demo-dev or demo-prod) …
    #[arg(long, value_name = "PROFILE", requires = "to")]
    pub from: Option<String>,
    /// … with this one (the target).
    #[arg(long, value_name = "PROFILE", requires = "from")]
    pub to: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Auth0 Actions.
    #[command(subcommand)]
    Actions(ActionsCmd),
    /// Auth0 Actions Modules.
    #[command(subcommand)]
    Modules(ModulesCmd),
    /// Triggers (extensibility points actions bind to).
    #[command(subcommand)]
    Triggers(TriggersCmd),
    /// The actions bound to a trigger, in execution order.
    #[command(subcommand)]
    Bindings(BindingsCmd),
    /// Executions of a trigger's flow (their ids are in the tenant logs; kept 10 days).
    #[command(subcommand)]
    Executions(ExecutionsCmd),
    /// FairCom code packages: list, show, history, diff, revert, status.
    #[command(subcommand)]
    Packages(PackagesCmd),
    /// Every change codedeck made from this machine (deploys, rollbacks, publishes), oldest first.
    Journal {
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
        /// Every line as written: each change's intent, outcome and later checks.
        #[arg(long)]
        all: bool,
    },
    /// Serve the emulator standalone on 127.0.0.1 (point other Auth0 or FairCom clients at it).
    Emulator(EmulatorArgs),
    /// Render the SVG screenshots in screenshots/ from the real app on the demo tenant.
    Screenshots {
        #[arg(long, default_value = "screenshots")]
        out: PathBuf,
    },
    /// Compare two local files side by side (or --unified), highlighted, folded to hunks.
    Diff(DiffArgs),
    /// Compare two stages (profiles: tenants, FairCom places) object by object, matched by name.
    #[command(long_about = crate::strings::stages::COMPARE_HELP)]
    Compare(CompareArgs),
    /// Promote one object from one stage to another (B's draft, flow or package becomes A's).
    Promote(PromoteArgs),
    /// The local history store: what it holds per tenant and server, and forgetting one.
    #[command(subcommand)]
    Store(StoreCmd),
    /// Fill the local history store: every action, module and FairCom code package with all their
    /// versions (only what is new is fetched).
    Sync {
        /// Every profile of the config file, one after the other.
        #[arg(long, conflicts_with = "profile")]
        all_profiles: bool,
    },
    // Export to git (issue 17).
    /// Write the history store as a git repository: one commit per stored version, one branch per
    /// profile; a later run appends only new versions.
    Export(ExportArgs),
    // History search (issue 17): these read the local history store.
    /// Search every stored version and draft of every object for a text (or --regex).
    Search(SearchArgs),
    /// The versions of one stored object that added or removed a text (-S TEXT), with the hunks.
    Log(LogArgs),
    /// Each line of a stored version with the version that last changed it, and when.
    Blame(BlameArgs),
    // Logs (issue 18).
    /// The tenant's log events (failures, admin changes to actions, or all), oldest first;
    /// --follow goes on until Ctrl-C.
    Logs(super::logs_cmd::LogsArgs),
    // Reaching out (issue 19).
    /// Print a shell completion script (see the README for where each shell reads it).
    Completions {
        #[arg(value_enum)]
        shell: super::generate::CompletionShell,
    },
    /// Print the man page (roff), e.g. `codedeck man > ~/.local/share/man/man1/codedeck.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ActionsCmd {
    /// List actions.
    List {
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
        /// Only actions supporting this trigger id (e.g. post-login).
        #[arg(long, value_name = "TRIGGER")]
        trigger: Option<String>,
    },
    /// Show one action: metadata and draft code.
    Show {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of an action's code: FROM and TO are each a version number, `draft` or
    /// `live`.
    Diff {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// The old side: a version number (3 or v3), `draft` or `live`.
        #[arg(value_parser = VersionSpec::parse)]
        from: VersionSpec,
        /// The new side: a version number (3 or v3), `draft` or `live`.
        #[arg(value_parser = VersionSpec::parse)]
        to: VersionSpec,
        #[command(flatten)]
        view: DiffView,
    },
    /// Deploy the draft as a new version: it goes live in production.
    #[command(long_about = text::DEPLOY_HELP)]
    Deploy {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// Wait for the draft to build, deploy, and follow until the new version is live.
        #[arg(long)]
        wait: bool,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Deploy an earlier version's content as a new version, live at once.
    #[command(long_about = text::ACTION_ROLLBACK_HELP)]
    Rollback {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// The version whose content goes live again.
        #[arg(long, value_name = "N", value_parser = versions::parse_number)]
        to: u32,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Create an action on a trigger, from a code file (or the trigger's template).
    #[command(long_about = text::ACTION_CREATE_HELP)]
    Create {
        /// The action's name (unique in the tenant).
        #[arg(long)]
        name: String,
        /// The trigger: its id (post-login) for its current version, or id@version (post-login@v3).
        #[arg(long, value_name = "ID[@VERSION]")]
        trigger: String,
        /// One of the trigger's runtimes (default: the trigger's default).
        #[arg(long, value_name = "RUNTIME")]
        runtime: Option<String>,
        #[command(flatten)]
        source: SourceArgs,
        /// Wait for the build, deploy the first version and follow until it is live.
        #[arg(long)]
        deploy: bool,
    },
    /// Change an action's draft: code, dependencies, secrets, runtime (shows the diff, asks first).
    #[command(long_about = text::ACTION_UPDATE_HELP)]
    Update {
        #[arg(value_name = "NAME|ID")]
        action: String,
        #[command(flatten)]
        change: ChangeArgs,
        /// Another of the trigger's runtimes.
        #[arg(long, value_name = "RUNTIME")]
        runtime: Option<String>,
        /// Do not wait for the new draft to build.
        #[arg(long)]
        no_wait: bool,
    },
    /// Delete an action and all its versions.
    #[command(long_about = text::ACTION_DELETE_HELP)]
    Delete {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// Also detach it from the triggers it is bound to (they stop running it at once).
        #[arg(long)]
        force: bool,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Run the action's DRAFT once with an event, as Auth0's Test tab does.
    #[command(long_about = text::ACTION_TEST_HELP)]
    Test {
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// The event as JSON (default: a sample event for the action's trigger).
        #[arg(long, value_name = "PATH")]
        payload_file: Option<PathBuf>,
        /// A payload saved in the dashboard (`T`) under NAME, or `last`: the last one tested.
        #[arg(long, value_name = "NAME", conflicts_with = "payload_file")]
        payload: Option<String>,
        /// The returned payload, the thrown error and the stats as JSON.
        #[arg(long)]
        json: bool,
        /// Colours (auto: when stdout is a terminal and NO_COLOR is unset).
        #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
        color: ColorWhen,
    },
    // Reaching out (issue 19).
    /// Open the action's page in the Auth0 Dashboard in the browser (the address is printed too).
    Open {
        #[arg(value_name = "NAME|ID")]
        action: String,
    },
}

/// Where a new action's or module's code, dependencies and secrets come from.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// The code, from this file.
    #[arg(long, value_name = "PATH")]
    pub code_file: Option<PathBuf>,
    /// An npm dependency, name@version (repeatable).
    #[arg(long = "dependency", value_name = "NAME@VERSION")]
    pub dependencies: Vec<String>,
    /// A secret whose value is read from the environment variable NAME (repeatable). Values are
    /// never taken from flags.
    #[arg(long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,
    /// Read secrets as NAME=VALUE lines from stdin (blank lines and # comments are skipped).
    #[arg(long)]
    pub secrets_from_stdin: bool,
}

/// A change to a draft (`actions update`, `modules update`).
#[derive(Debug, Clone, Args)]
pub struct ChangeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Drop this dependency (repeatable).
    #[arg(long = "remove-dependency", value_name = "NAME")]
    pub remove_dependencies: Vec<String>,
    /// Drop this secret (repeatable); the others keep their values.
    #[arg(long = "remove-secret", value_name = "NAME")]
    pub remove_secrets: Vec<String>,
    /// Do not ask for confirmation (required without a terminal, and with --secrets-from-stdin).
    #[arg(long)]
    pub yes: bool,
    /// Colours in the diff (auto: when stderr is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

#[derive(Debug, Subcommand)]
pub enum ExecutionsCmd {
    /// One execution: trigger, status, and each action's result (times, duration, error).
    Show {
        /// The execution id (from the tenant logs).
        id: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModulesCmd {
    /// List modules.
    List {
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Show one module: metadata, the actions using it and its draft code.
    Show {
        #[arg(value_name = "NAME|ID")]
        module: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of a module's code: FROM and TO are each a version number, `draft` or
    /// `live` (the latest published version).
    Diff {
        #[arg(value_name = "NAME|ID")]
        module: String,
        /// The old side: a version number (3 or v3), `draft` or `live`.
        #[arg(value_parser = VersionSpec::parse)]
        from: VersionSpec,
        /// The new side: a version number (3 or v3), `draft` or `live`.
        #[arg(value_parser = VersionSpec::parse)]
        to: VersionSpec,
        #[command(flatten)]
        view: DiffView,
    },
    /// Publish the draft as the next version (actions keep the version they pin).
    #[command(long_about = text::MODULE_PUBLISH_HELP)]
    Publish {
        #[arg(value_name = "NAME|ID")]
        module: String,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Replace the DRAFT with a published version's content; nothing is published.
    #[command(long_about = text::MODULE_ROLLBACK_HELP)]
    Rollback {
        #[arg(value_name = "NAME|ID")]
        module: String,
        /// The published version whose content the draft takes.
        #[arg(long, value_name = "N", value_parser = versions::parse_number)]
        to: u32,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Create a module from a code file.
    #[command(long_about = text::MODULE_CREATE_HELP)]
    Create {
        /// The module's name (unique in the tenant; it cannot change later).
        #[arg(long)]
        name: String,
        #[command(flatten)]
        source: SourceArgs,
        /// Publish the first version at once.
        #[arg(long)]
        publish: bool,
    },
    /// Change a module's draft: code, dependencies, secrets (shows the diff, asks first).
    #[command(long_about = text::MODULE_UPDATE_HELP)]
    Update {
        #[arg(value_name = "NAME|ID")]
        module: String,
        #[command(flatten)]
        change: ChangeArgs,
    },
    /// Delete a module and all its versions (refused while actions use it).
    #[command(long_about = text::MODULE_DELETE_HELP)]
    Delete {
        #[arg(value_name = "NAME|ID")]
        module: String,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    // Reaching out (issue 19).
    /// Open the module's page in the Auth0 Dashboard in the browser (the address is printed too).
    Open {
        #[arg(value_name = "NAME|ID")]
        module: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TriggersCmd {
    /// List triggers.
    List {
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BindingsCmd {
    /// List a trigger's bindings in execution order.
    List {
        trigger: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Bind exactly these actions to a trigger, in this execution order.
    #[command(long_about = text::BINDINGS_SET_HELP)]
    Set {
        /// The trigger's id (e.g. post-login; `codedeck triggers list` shows them).
        trigger: String,
        /// The complete new order: each an action's name or id.
        #[arg(value_name = "NAME|ID", required_unless_present = "none")]
        actions: Vec<String>,
        /// Unbind every action: nothing runs on the trigger afterwards (still asks first).
        #[arg(long, conflicts_with = "actions")]
        none: bool,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Move one bound action to another position in the execution order.
    #[command(long_about = text::BINDINGS_MOVE_HELP)]
    Move {
        /// The trigger's id (e.g. post-login).
        trigger: String,
        /// The bound action: its name, id or display name.
        #[arg(value_name = "NAME|ID")]
        action: String,
        /// Its position afterwards, counting from 1 (the first to run).
        #[arg(long, value_name = "POS")]
        to: usize,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PackagesCmd {
    /// List code packages (current versions).
    List {
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
        /// Only packages whose name contains this.
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Only packages with this status: active, testing, deprecated, developing, inactive or
        /// deleted.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Only packages of this type (e.g. getRecordsTransform, module, job).
        #[arg(long = "type", value_name = "TYPE")]
        code_type: Option<String>,
    },
    /// Show one package: status, type, where it lives, description, metadata and code.
    Show {
        /// The package's name, or database/owner/name when the name alone is ambiguous.
        #[arg(value_name = "NAME")]
        package: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// A package's versions, newest first (the current one marked), with their comments.
    History {
        #[arg(value_name = "NAME")]
        package: String,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of a package's code: FROM and TO are each a version number or `current`.
    Diff {
        #[arg(value_name = "NAME")]
        package: String,
        #[arg(value_parser = packages::PackageVersion::parse)]
        from: packages::PackageVersion,
        #[arg(value_parser = packages::PackageVersion::parse)]
        to: packages::PackageVersion,
        #[command(flatten)]
        view: DiffView,
        /// Both versions and the unified diff as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make an earlier version current again (under the next version number); it runs at once.
    #[command(long_about = text::PACKAGE_REVERT_HELP)]
    Revert {
        #[arg(value_name = "NAME")]
        package: String,
        /// The version whose code comes back.
        #[arg(long, value_name = "V", value_parser = versions::parse_number)]
        to: u32,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
    /// Change a package's status: active, testing, deprecated, developing, inactive or deleted.
    #[command(long_about = text::PACKAGE_STATUS_HELP)]
    Status {
        #[arg(value_name = "NAME")]
        package: String,
        /// The new status, exactly one of: active, testing, deprecated, developing, inactive,
        /// deleted.
        #[arg(value_name = "STATUS")]
        status: String,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long)]
        yes: bool,
        /// Print JSON instead of text, for scripts (fields the server did not send are null).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SeedArg {
    /// The demo's development stage (`demo-dev`).
    Demo,
    /// The demo's production stage: the demo with a production tenant's drift, and its FairCom
    /// packages in the databases `faircom_prod` and `orders_prod`.
    DemoProd,
    /// Only the triggers; no FairCom code packages.
    Empty,
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The bearer token to accept (a random one is generated and printed when absent). Prefer the
    /// environment variable over the flag: flags show in `ps`.
    #[arg(long, env = "CODEDECK_EMULATOR_TOKEN", hide_env_values = true,
          value_parser = |s: &str| Ok::<_, std::convert::Infallible>(crate::model::secret::Secret::new(s)))]
    pub token: Option<crate::model::secret::Secret>,
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    pub seed: SeedArg,
    /// Answer 429 like Auth0 past this many requests per second (token bucket, burst = rate).
    #[arg(long, value_name = "PER_SECOND")]
    pub rate_limit: Option<u32>,
    /// Add this much latency to every response.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// The account FairCom's createSession accepts at /api.
    #[arg(long, value_name = "NAME", default_value = "ADMIN")]
    pub faircom_user: String,
    /// Its password (a random one is generated and printed when absent). Test tooling only:
    /// prefer the environment variable over the flag.
    #[arg(long, value_name = "PASSWORD", env = "FAIRCOM_EMULATOR_PASSWORD", hide_env_values = true,
          value_parser = |s: &str| Ok::<_, std::convert::Infallible>(crate::model::secret::Secret::new(s)))]
    pub faircom_password: Option<crate::model::secret::Secret>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_emulators_token_never_shows_in_debug() {
        use clap::Parser;
        let cli =
            super::Cli::try_parse_from(["codedeck", "emulator", "--token", "flag-token-Vb27q"])
                .expect("parses");
        let shown = format!("{cli:?}");
        assert!(
            shown.contains("emulator") || shown.contains("Emulator"),
            "{shown}"
        );
        assert!(!shown.contains("flag-token-Vb27q"), "{shown}");
    }
}
