//! `codedeck store stats|forget`: the local history store, read or cleared without connecting.
//! `stats` reads the file (nothing configured is needed); `forget` finds the profile's places (its
//! tenant, its FairCom server) in the config file, asks, and removes what is stored of them.

use std::path::PathBuf;

use clap::Subcommand;

use super::connect::config_file;
use super::output::{confirm, emit, print_json, say};
use super::table::Table;
use super::{Cli, CliError};
use crate::config::ConfigError;
use crate::store::{Place, SharedStore, Store, StoreStats};
use crate::strings::store as words;

#[derive(Debug, Subcommand)]
pub enum StoreCmd {
    /// Per tenant and FairCom server: objects, versions, pruned versions, unique code; the file's size.
    Stats {
        /// Print JSON instead of text, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Remove everything stored of one profile's tenant and FairCom server (asks first).
    Forget {
        /// Do not ask.
        #[arg(long)]
        yes: bool,
    },
}

/// Where the store lives: `history.sqlite3` in the data dir (the demo's under `demo/`, as its
/// journal is).
pub fn store_path(demo: bool) -> Result<PathBuf, CliError> {
    let dir = crate::journal::data_dir().ok_or_else(|| {
        CliError::Usage(crate::strings::journal::no_data_dir(
            crate::journal::ENV_DATA_DIR,
        ))
    })?;
    let dir = if demo { dir.join("demo") } else { dir };
    Ok(Store::path_in(&dir))
}

/// The store for this run, shared; `Err` says in words why it could not be opened (the caller
/// goes on without it: nothing stored is lost, nothing is kept this time).
pub fn open_shared(demo: bool) -> Result<SharedStore, String> {
    let path = store_path(demo).map_err(|e| e.to_string())?;
    Store::open(&path)
        .map(Store::shared)
        .map_err(|e| e.to_string())
}

pub fn run(cmd: &StoreCmd, cli: &Cli) -> Result<(), CliError> {
    match cmd {
        StoreCmd::Stats { json } => stats(cli, *json),
        StoreCmd::Forget { yes } => forget(cli, *yes),
    }
}

fn open(path: &PathBuf) -> Result<Store, CliError> {
    Store::open(path).map_err(|e| CliError::Other(anyhow::anyhow!(e.to_string())))
}

fn stats(cli: &Cli, json: bool) -> Result<(), CliError> {
    let path = store_path(cli.demo)?;
    // Reading must not make a store: an absent file is an empty one.
    let stats = if path.exists() {
        open(&path)?
            .stats()
            .map_err(|e| CliError::Other(anyhow::anyhow!(e.to_string())))?
    } else {
        StoreStats {
            path: path.clone(),
            file_bytes: 0,
            unique_code_bytes: 0,
            places: vec![],
        }
    };
    if json {
        return print_json(&stats);
    }
    if !path.exists() {
        say(&words::no_store(&path));
        return Ok(());
    }
    let mut table = Table::new(words::STATS_HEADER);
    for place in &stats.places {
        table.row(vec![
            place.place.service.as_str().to_string(),
            place.place.name.clone(),
            place.objects.to_string(),
            place.versions.to_string(),
            place.pruned.to_string(),
            words::bytes(place.unique_code_bytes),
        ]);
    }
    emit(&table.render());
    emit(&format!(
        "{}\n{}\n",
        words::total_unique(&words::bytes(stats.unique_code_bytes)),
        words::file_size(&path, &words::bytes(stats.file_bytes))
    ));
    Ok(())
}

/// The places a profile names, read from the config file without connecting (and without asking
/// for any secret).
/// The places a connection to `profile`'s (or the environment's) tenant and server records under,
/// named as `store::place_of` names them from the connection: the tenant by its domain, the FairCom
/// server as its client labels it (`host:port`, the default port included).
pub(super) fn places_of(profile: &crate::config::Profile) -> Vec<Place> {
    let server = |url: &str| match crate::backend::faircom::parse_faircom_url(url) {
        Ok(parsed) => Place::faircom(&crate::backend::faircom::server_label(&parsed)),
        // Never connected as written: nothing was recorded under it; its own spelling finds nothing.
        Err(_) => Place::faircom(url),
    };
    profile
        .auth0_domain
        .as_deref()
        .map(Place::auth0)
        .into_iter()
        .chain(profile.faircom_url.as_deref().map(server))
        .collect()
}

pub(super) fn places_of_profile(cli: &Cli, name: &str) -> Result<Vec<Place>, CliError> {
    let (file, shown) = config_file(cli)?;
    let Some(profile) = file.profiles.get(name) else {
        return Err(ConfigError::NoSuchProfile {
            name: name.to_string(),
            path: shown,
            known: if file.profiles.is_empty() {
                crate::strings::config::NO_PROFILES.to_string()
            } else {
                file.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            },
        }
        .into());
    };
    let places = places_of(profile);
    if places.is_empty() {
        return Err(CliError::Usage(words::profile_names_no_place(name)));
    }
    Ok(places)
}

fn forget(cli: &Cli, yes: bool) -> Result<(), CliError> {
    let Some(name) = cli.profile.as_deref() else {
        return Err(CliError::Usage(words::FORGET_NEEDS_PROFILE.to_string()));
    };
    let places = places_of_profile(cli, name)?;
    let labels: Vec<String> = places.iter().map(Place::label).collect();
    let path = store_path(cli.demo)?;
    if !path.exists() {
        for label in &labels {
            say(&words::nothing_stored(label));
        }
        return Ok(());
    }
    confirm(&words::forget_question(&labels.join(", ")), yes)?;
    let mut store = open(&path)?;
    for (place, label) in places.iter().zip(&labels) {
        let forgotten = store
            .forget(place)
            .map_err(|e| CliError::Other(anyhow::anyhow!(e.to_string())))?;
        if forgotten.objects == 0 {
            say(&words::nothing_stored(label));
        } else {
            say(&words::forgotten(
                label,
                forgotten.objects,
                forgotten.versions,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code stops at the line that failed
    use super::*;
    use crate::backend::faircom::{parse_faircom_url, FairComClient, FairComConfig};
    use crate::backend::Backend;
    use crate::model::secret::Secret;
    use crate::store::{place_of, Service};

    /// What a command reads for a profile is where its connection recorded: a FairCom URL written
    /// without a port is recorded under the client's label, default port included.
    #[test]
    fn a_profiles_places_are_where_its_connection_records() {
        for url in [
            "https://DB.example.com/api",
            "https://db.example.com:9443",
            "db.example.com",
        ] {
            let profile = crate::config::Profile {
                auth0_domain: Some("Acme.eu.auth0.com".into()),
                faircom_url: Some(url.into()),
                ..crate::config::Profile::default()
            };
            let config = FairComConfig::new(
                parse_faircom_url(url).unwrap(),
                "admin",
                Secret::new("pw-places-test"),
            );
            let recorded = FairComClient::new(config).unwrap().connection();
            let places = places_of(&profile);
            assert_eq!(places[0], Place::auth0("acme.eu.auth0.com"));
            assert_eq!(
                Some(&places[1]),
                place_of(&recorded, Service::FairCom).as_ref(),
                "{url}"
            );
        }
    }
}
