//! From the parsed command line to the function that runs it: the commands that need no connection
//! first, then the connection (journal started, waits reported), then one match per command group.
//! Nothing else happens here: every command lives in its own file.

use std::io::IsTerminal;

use super::{
    authoring, bindings, compare_cmd, diff_cmd, emulator_cmd, export_cmd, history_cmd, journal_cmd,
    journaling, packages, promote_cmd, search_cmd, store_cmd, sync_cmd,
};
use super::{
    connect, ActionsCmd, BindingsCmd, Cli, CliError, Command, Connected, ExecutionsCmd, ModulesCmd,
    PackagesCmd, TriggersCmd,
};
use super::{release, screenshots, show, testrun, versions};
use crate::model::{Action, Module};
use crate::strings::cli as text;

pub(super) async fn run(cli: Cli) -> Result<(), CliError> {
    if cli.offline && cli.command.as_ref().is_some_and(changes_something) {
        return Err(CliError::Usage(
            crate::strings::archive::NEEDS_CONNECTION.to_string(),
        ));
    }
    match &cli.command {
        Some(Command::Emulator(args)) => return emulator_cmd::serve(args).await,
        Some(Command::Screenshots { out }) => return screenshots::write_all(out, &cli).await,
        Some(Command::Journal { json, all }) => return journal_cmd::list(*json, *all, cli.demo),
        Some(Command::Diff(args)) => return diff_cmd::run(args, &cli),
        // Two connections of its own.
        Some(Command::Compare(args)) => return compare_cmd::run(args, &cli).await,
        Some(Command::Promote(args)) => return promote_cmd::run(args, &cli).await,
        // Reads the local file (forget: the profile's places from the config), never connects.
        Some(Command::Store(cmd)) => return store_cmd::run(cmd, &cli),
        // Its own connection per profile.
        Some(Command::Sync { all_profiles }) => {
            let all_profiles = *all_profiles;
            return sync_cmd::run(cli, all_profiles).await;
        }
        // Reads the store and writes a git repository; its sync hook is `export_cmd::before_reading`.
        Some(Command::Export(args)) => return export_cmd::run(args, &cli).await,
        // Read the history store (search_cmd::before_reading is where a sync first would go).
        Some(Command::Search(args)) => return search_cmd::run(args, &cli).await,
        Some(Command::Log(args)) => return history_cmd::log(args, &cli).await,
        Some(Command::Blame(args)) => return history_cmd::blame(args, &cli).await,
        // Reaching out (issue 19): generated from the clap definitions, no connection.
        Some(Command::Completions { shell }) => {
            return super::generate::print(&super::generate::completions(*shell))
        }
        Some(Command::Man) => return super::generate::print(&super::generate::man_page()?),
        _ => {}
    }
    let mut cli = cli;
    // `codedeck --from A --to B`: the dashboard's own connection is A unless a profile is named.
    if cli.profile.is_none() && !cli.demo && cli.command.is_none() {
        cli.profile.clone_from(&cli.from);
    }
    let conn = connect(&cli).await?;
    let result = with_connection(cli, &conn).await;
    // A FairCom session ends with the process (its errors are no one's business now).
    conn.backend.close().await;
    result
}

/// A command that changes something on the service (or runs code there): `--offline` refuses it
/// before anything is read.
fn changes_something(command: &Command) -> bool {
    match command {
        Command::Actions(cmd) => !matches!(
            cmd,
            ActionsCmd::List { .. }
                | ActionsCmd::Show { .. }
                | ActionsCmd::Diff { .. }
                | ActionsCmd::Open { .. }
        ),
        Command::Modules(cmd) => !matches!(
            cmd,
            ModulesCmd::List { .. }
                | ModulesCmd::Show { .. }
                | ModulesCmd::Diff { .. }
                | ModulesCmd::Open { .. }
        ),
        Command::Bindings(cmd) => !matches!(cmd, BindingsCmd::List { .. }),
        Command::Packages(cmd) => {
            matches!(cmd, PackagesCmd::Revert { .. } | PackagesCmd::Status { .. })
        }
        Command::Promote(_) | Command::Sync { .. } => true,
        _ => false,
    }
}

async fn with_connection(cli: Cli, conn: &Connected) -> Result<(), CliError> {
    let backend = conn.backend.clone();
    if cli.command.is_some() {
        // Slow answers and pauses before asking again are said on stderr as they happen.
        backend.report_waits(crate::backend::waits::to_stderr());
    }
    journaling::start_journal(conn, cli.command.is_some()).await;
    match cli.command {
        None => {
            let theme = conn.theme()?;
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                return Err(CliError::Usage(text::NEEDS_TERMINAL.to_string()));
            }
            let (stages, choices) = connect::dashboard_stages(&cli)?;
            let opts = crate::app::RunOptions {
                demo_hint: conn.is_demo(),
                journal: journaling::journal_of(conn).ok(),
                editor: None,
                refresh_seconds: conn.refresh_seconds,
                session: String::new(),
                stages: choices,
                offline: cli.offline,
                // Without its store the dashboard still works live; why is said once, at start.
                store_problem: conn.store_problem.clone(),
                keymap: connect::dashboard_keymap(&cli)?,
                faircom_owner: connect::profile_faircom_owner(&cli, &conn.target)?,
            };
            let store = conn.store.clone();
            crate::shell::run(backend, stages, store, theme, opts)
                .await
                .map_err(CliError::Other)
        }
        Some(Command::Actions(cmd)) => actions(conn, cmd).await,
        Some(Command::Modules(cmd)) => modules(conn, cmd).await,
        Some(Command::Triggers(TriggersCmd::List { json })) => {
            show::list_triggers(&*backend, json).await
        }
        Some(Command::Bindings(cmd)) => bindings(conn, cmd).await,
        Some(Command::Executions(ExecutionsCmd::Show { id, json })) => {
            testrun::show_execution(&*backend, &id, json).await
        }
        Some(Command::Packages(cmd)) => packages(conn, cmd).await,
        // Logs (issue 18).
        Some(Command::Logs(args)) => super::logs_cmd::run(&*backend, args).await,
        Some(
            Command::Emulator(_)
            | Command::Screenshots { .. }
            | Command::Journal { .. }
            | Command::Diff(_)
            | Command::Compare(_)
            | Command::Promote(_)
            | Command::Store(_)
            | Command::Sync { .. }
            | Command::Export(_)
            | Command::Search(_)
            | Command::Log(_)
            | Command::Blame(_)
            | Command::Completions { .. }
            | Command::Man,
        ) => {
            unreachable!("handled above")
        }
    }
}

async fn actions(conn: &Connected, cmd: ActionsCmd) -> Result<(), CliError> {
    let backend = &*conn.backend;
    match cmd {
        ActionsCmd::List { json, trigger } => show::list_actions(backend, trigger, json).await,
        ActionsCmd::Show { action, json } => show::show_action(backend, &action, json).await,
        ActionsCmd::Diff {
            action,
            from,
            to,
            view,
        } => versions::diff::<Action>(conn, &action, (from, to), &view).await,
        ActionsCmd::Deploy { action, wait, yes } => {
            release::deploy_action(conn, &action, wait, yes).await
        }
        ActionsCmd::Rollback { action, to, yes } => {
            release::rollback_action(conn, &action, to, yes).await
        }
        ActionsCmd::Create {
            name,
            trigger,
            runtime,
            source,
            deploy,
        } => {
            authoring::create_action(conn, &name, &trigger, runtime.as_deref(), &source, deploy)
                .await
        }
        ActionsCmd::Update {
            action,
            change,
            runtime,
            no_wait,
        } => authoring::update_action(conn, &action, &change, runtime.as_deref(), no_wait).await,
        ActionsCmd::Delete { action, force, yes } => {
            authoring::delete_action(conn, &action, force, yes).await
        }
        ActionsCmd::Test {
            action,
            payload_file,
            payload,
            json,
            color,
        } => {
            let payload_from = (payload_file.as_deref(), payload.as_deref());
            testrun::test_action(conn, &action, payload_from, json, color).await
        }
        ActionsCmd::Open { action } => {
            let found = super::lookup::find_action(&*conn.backend, &action).await?;
            super::generate::open_in_dashboard(
                conn,
                crate::model::dashboard::DashboardObject::Action(&found.id),
            )
        }
    }
}

async fn modules(conn: &Connected, cmd: ModulesCmd) -> Result<(), CliError> {
    let backend = &*conn.backend;
    match cmd {
        ModulesCmd::List { json } => show::list_modules(backend, json).await,
        ModulesCmd::Show { module, json } => show::show_module(backend, &module, json).await,
        ModulesCmd::Diff {
            module,
            from,
            to,
            view,
        } => versions::diff::<Module>(conn, &module, (from, to), &view).await,
        ModulesCmd::Publish { module, yes } => release::publish_module(conn, &module, yes).await,
        ModulesCmd::Open { module } => {
            let found = super::lookup::find_module(&*conn.backend, &module).await?;
            super::generate::open_in_dashboard(
                conn,
                crate::model::dashboard::DashboardObject::Module(&found.id),
            )
        }
        ModulesCmd::Rollback { module, to, yes } => {
            release::rollback_module(conn, &module, to, yes).await
        }
        ModulesCmd::Create {
            name,
            source,
            publish,
        } => authoring::create_module(conn, &name, &source, publish).await,
        ModulesCmd::Update { module, change } => {
            authoring::update_module(conn, &module, &change).await
        }
        ModulesCmd::Delete { module, yes } => authoring::delete_module(conn, &module, yes).await,
    }
}

async fn bindings(conn: &Connected, cmd: BindingsCmd) -> Result<(), CliError> {
    match cmd {
        BindingsCmd::List { trigger, json } => {
            show::list_bindings(&*conn.backend, &trigger, json).await
        }
        BindingsCmd::Set {
            trigger,
            actions,
            // clap asks for an ACTION unless --none is given: an empty list is --none.
            none: _,
            yes,
        } => bindings::set(conn, &trigger, &actions, yes).await,
        BindingsCmd::Move {
            trigger,
            action,
            to,
            yes,
        } => bindings::move_to(conn, &trigger, &action, to, yes).await,
    }
}

async fn packages(conn: &Connected, cmd: PackagesCmd) -> Result<(), CliError> {
    let backend = &*conn.backend;
    match cmd {
        PackagesCmd::List {
            json,
            name,
            status,
            code_type,
        } => packages::list(backend, name, status, code_type, json).await,
        PackagesCmd::Show { package, json } => {
            packages::show_package(backend, &package, json).await
        }
        PackagesCmd::History { package, json } => packages::history(backend, &package, json).await,
        PackagesCmd::Diff {
            package,
            from,
            to,
            view,
            json,
        } => packages::diff(conn, &package, (from, to), &view, json).await,
        PackagesCmd::Revert {
            package,
            to,
            yes,
            json,
        } => packages::revert(conn, &package, to, yes, json).await,
        PackagesCmd::Status {
            package,
            status,
            yes,
            json,
        } => {
            let status = packages::parse_status(&status)?;
            packages::set_status(conn, &package, &status, yes, json).await
        }
    }
}
