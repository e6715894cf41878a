//! A history store filled from the demo emulator: its actions, modules and FairCom packages
//! fetched over HTTP with the backend and recorded with the Store API (what a sync does).

use std::path::Path;

use codedeck::model::{ActionFilter, PackageFilter};
use codedeck::store::{Place, Store};

/// One fetched version: kind, object name, number (None: draft), code, live.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub kind: &'static str,
    pub name: String,
    pub number: Option<u32>,
    pub code: String,
    pub live: bool,
}

/// Fills `data`'s store from a fresh demo emulator; returns every version and draft recorded.
pub async fn fill(data: &Path) -> Vec<Fetched> {
    fill_from(&super::cli::demo().await, data).await
}

/// Fills `data`'s store from this emulator; returns every version and draft recorded.
pub async fn fill_from(emu: &codedeck::emulator::EmulatorHandle, data: &Path) -> Vec<Fetched> {
    let backend = super::dashboard::both(emu);
    let tenant = Place::auth0(&emu.base_url());
    let server = Place::faircom(&emu.faircom_url());
    let mut store = Store::open(Store::path_in(data)).unwrap();
    let mut fetched = Vec::new();
    for action in backend
        .list_actions(&ActionFilter::default())
        .await
        .unwrap()
    {
        let action = backend.get_action(&action.id).await.unwrap();
        let versions = backend.list_action_versions(&action.id).await.unwrap();
        store
            .record_action_versions(&tenant, &action, &versions)
            .unwrap();
        let live = action.deployed_version.as_ref().map(|v| v.number);
        fetched.extend(versions.iter().map(|v| Fetched {
            kind: "action",
            name: action.name.clone(),
            number: Some(v.number),
            code: v.code.clone(),
            live: live == Some(v.number),
        }));
        fetched.push(Fetched {
            kind: "action",
            name: action.name.clone(),
            number: None,
            code: action.code.clone(),
            live: false,
        });
    }
    for module in backend.list_modules().await.unwrap() {
        let versions = backend.list_module_versions(&module.id).await.unwrap();
        store
            .record_module_versions(&tenant, &module, &versions)
            .unwrap();
        let live = module.latest_version.as_ref().map(|v| v.number);
        fetched.extend(versions.iter().map(|v| Fetched {
            kind: "module",
            name: module.name.clone(),
            number: Some(v.number),
            code: v.code.clone(),
            live: live == Some(v.number),
        }));
        fetched.push(Fetched {
            kind: "module",
            name: module.name.clone(),
            number: None,
            code: module.code.clone(),
            live: false,
        });
    }
    let packages = backend
        .list_packages(&PackageFilter::default())
        .await
        .unwrap();
    store
        .record_list(&server, &packages, chrono::Utc::now())
        .unwrap();
    for package in &packages {
        let history = backend.package_history(&package.id).await.unwrap();
        store.record_package_history(&server, &history).unwrap();
        fetched.extend(history.iter().filter_map(|v| {
            Some(Fetched {
                kind: "package",
                name: package.id.name.clone(),
                number: Some(v.version),
                code: v.code.clone()?,
                live: v.version == package.version,
            })
        }));
    }
    fetched
}
