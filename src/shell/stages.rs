//! The Compare view's two connections, beside the dashboard's own: one per side (A, B), each its
//! own backend (token or session, rate limit, errors), opened on first use and kept while the side
//! names the same profile. The app asks with `Cmd::ReadStage`; a side that cannot connect or be
//! read answers with its error in every part of its snapshot, so its rows say `unknown` and the
//! other side's still show.

use std::any::Any;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::Mutex;

use crate::app::msg::{Generation, Msg};
use crate::app::state::{Side, StageReading, StageTenants};
use crate::backend::waits::WaitReporter;
use crate::backend::Backend;
use crate::model::BackendError;
use crate::stages::{gather, Part, Reading, Snapshot};
use crate::strings::compare as text;

/// One stage, connected.
pub struct StageConnection {
    pub backend: Arc<dyn Backend>,
    /// The profile says `production = true`.
    pub production: bool,
    /// The profile's `replace` pairs.
    pub replace: Vec<(String, String)>,
    /// What is read of it (its services, its FairCom place).
    pub reading: Reading,
    /// What must live as long as the connection (the demo's emulator).
    pub keep: Option<Box<dyn Any + Send + Sync>>,
}

/// Connecting takes time (a token, a session): a future.
pub type Connecting = Pin<Box<dyn Future<Output = Result<StageConnection, String>> + Send>>;
/// Connects a profile by name (the CLI builds it from the config file; tests from emulators).
pub type Connector = Arc<dyn Fn(String) -> Connecting + Send + Sync>;

/// Each side's open connection and the profile it is to.
type Open = BTreeMap<Side, (String, Arc<StageConnection>)>;

/// The two sides' connections.
#[derive(Clone, Default)]
pub struct Stages {
    connect: Option<Connector>,
    open: Arc<Mutex<Open>>,
    waits: Option<WaitReporter>,
}

impl Stages {
    pub fn new(connect: Connector) -> Self {
        Self {
            connect: Some(connect),
            ..Self::default()
        }
    }

    /// Slow answers and pauses on either side are said as the dashboard's own are.
    pub fn report_waits(&mut self, reporter: WaitReporter) {
        self.waits = Some(reporter);
    }

    /// Answers `Cmd::ReadStage`.
    pub async fn read(&self, side: Side, profile: &str, generation: Generation) -> Msg {
        let reading = match self.connection(side, profile).await {
            Ok(stage) => StageReading {
                production: stage.production,
                tenants: {
                    let connection = stage.backend.connection();
                    StageTenants {
                        faircom: connection.faircom_tenant().to_string(),
                        auth0: connection.label,
                    }
                },
                replace: stage.replace.clone(),
                snapshot: gather(&*stage.backend, &stage.reading).await,
            },
            Err(why) => unreachable_stage(&why),
        };
        Msg::StageRead {
            side,
            generation,
            reading: Box::new(reading),
        }
    }

    /// The side's connection to `profile`: the open one, or a new one (replacing another profile's).
    pub(super) async fn connection(
        &self,
        side: Side,
        profile: &str,
    ) -> Result<Arc<StageConnection>, String> {
        let mut open = self.open.lock().await;
        if let Some((name, stage)) = open.get(&side) {
            if name == profile {
                return Ok(Arc::clone(stage));
            }
        }
        let connect = self
            .connect
            .as_ref()
            .ok_or_else(|| text::NO_STAGES.to_string())?;
        let stage = Arc::new(connect(profile.to_string()).await?);
        if let Some(waits) = &self.waits {
            stage.backend.report_waits(waits.clone());
        }
        open.insert(side, (profile.to_string(), Arc::clone(&stage)));
        Ok(stage)
    }
}

/// A side that could not be connected: every kind failed with why, so the other side's objects
/// show as `unknown`.
fn unreachable_stage(why: &str) -> StageReading {
    fn failed<T>(why: &str) -> Part<T> {
        Part::Failed(BackendError::Config(why.to_string()))
    }
    StageReading {
        production: false,
        tenants: StageTenants::default(),
        replace: vec![],
        snapshot: Snapshot {
            actions: failed(why),
            modules: failed(why),
            flows: failed(why),
            packages: failed(why),
            ..Snapshot::empty()
        },
    }
}
