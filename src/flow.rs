//! Following an action deploy to the end — wait for the draft to build, deploy, wait until the new
//! version is live — as a pure state machine. The dashboard drives it with messages, the CLI with a
//! loop; neither repeats the rules.
//!
//! The service's rules it encodes (see ../shared/reference/auth0-api.md): a draft deploys only when
//! `built` (a 400 "must be in the 'built' state" otherwise, which is a reason to wait, not to give up);
//! a deploy answers at once with `deployed: false` and finishes in the background, so success is
//! `deployed_version.deployed` on a later read of the action.

use std::time::Duration;

use crate::model::BackendError;
use crate::model::{Action, ActionVersion, BuildStatus};
use crate::strings as s;

/// Time between two reads of the action while waiting.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Reads before giving up on a build or a deploy (60 s at the poll interval, as go-auth0 waits).
pub const MAX_POLLS: u32 = 120;
/// Deploy requests refused as "not built yet" before giving up.
pub const MAX_DEPLOY_ATTEMPTS: u32 = 3;

/// What the flow is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal {
    /// Deploy the draft (`p`).
    DeployDraft,
    /// Deploy an earlier version again as a new one (`r`, and undo).
    DeployVersion { version_id: String, number: u32 },
    /// Only wait for the draft to build (after an edit).
    Build,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    WaitingForBuild {
        status: BuildStatus,
    },
    Deploying,
    Following {
        version_id: String,
        number: u32,
    },
    Done {
        number: u32,
    },
    /// The draft built (goal `Build`).
    Built,
    /// The deploy's answer was lost (a 5xx, a reset, a timeout, an unreadable success): reading the
    /// action back to see whether it made a version.
    Checking {
        lost: String,
    },
    Failed(String),
}

/// What the flow knows of its deploy request's effect on the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// No deploy request went out.
    Nothing,
    /// The deploy made this version (its answer said so, or a read-back after the answer was lost).
    Made { version_id: String, number: u32 },
    /// The service refused it, or a read-back after a lost answer found no new version.
    NotMade,
    /// Sent, and what it did is not known (yet).
    Unknown,
}

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Read the action (`get_action`) after this delay, then call [`DeployFlow::on_action`].
    Poll(Duration),
    /// Send the deploy request for the goal, then call [`DeployFlow::on_deployed`].
    Deploy,
    /// The version with this number is live.
    Done(u32),
    /// The draft built (goal `Build`).
    Built,
    /// Stopped; the words say why and what state the tenant is in.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployFlow {
    pub action_id: String,
    pub goal: Goal,
    pub phase: Phase,
    polls: u32,
    deploy_attempts: u32,
    /// The newest deploy's number (`deployed_version`) before ours, if known (`Some(None)`: none):
    /// a newer one after a lost answer is ours.
    #[allow(
        clippy::option_option,
        reason = "not asked yet / asked: no deploy / asked: this number"
    )]
    live_before: Option<Option<u32>>,
    /// What the deploy request did.
    pub sent: Sent,
    /// The error that lost the deploy's answer, when it was lost.
    pub lost: Option<String>,
}

impl DeployFlow {
    /// A draft deploy: first read the action to see whether the draft is built.
    pub fn deploy_draft(action_id: &str) -> (Self, Step) {
        let flow = Self::new(
            action_id,
            Goal::DeployDraft,
            Phase::WaitingForBuild {
                status: BuildStatus::Pending,
            },
        );
        (flow, Step::Poll(Duration::ZERO))
    }

    /// After an edit: read the action until its draft built or failed.
    pub fn build(action_id: &str) -> (Self, Step) {
        let flow = Self::new(
            action_id,
            Goal::Build,
            Phase::WaitingForBuild {
                status: BuildStatus::Pending,
            },
        );
        (flow, Step::Poll(Duration::ZERO))
    }

    /// A version deploy (roll back / roll forward): versions are already built, so deploy at once.
    pub fn deploy_version(action_id: &str, version_id: &str, number: u32) -> (Self, Step) {
        let goal = Goal::DeployVersion {
            version_id: version_id.to_string(),
            number,
        };
        let mut flow = Self::new(action_id, goal, Phase::Deploying);
        flow.deploy_attempts = 1;
        flow.sent = Sent::Unknown;
        (flow, Step::Deploy)
    }

    /// The newest deploy's number before this one (none: never deployed), so that a lost answer
    /// can be checked. Draft deploys learn it from the read before they deploy.
    pub fn with_live_before(mut self, number: Option<u32>) -> Self {
        self.live_before = Some(number);
        self
    }

    fn new(action_id: &str, goal: Goal, phase: Phase) -> Self {
        Self {
            action_id: action_id.to_string(),
            goal,
            phase,
            polls: 0,
            deploy_attempts: 0,
            live_before: None,
            sent: Sent::Nothing,
            lost: None,
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(
            self.phase,
            Phase::Done { .. } | Phase::Built | Phase::Failed(_)
        )
    }

    /// One line for a progress indicator.
    pub fn progress(&self) -> String {
        match &self.phase {
            Phase::WaitingForBuild { status } => s::flow_waiting_for_build(status.as_str()),
            Phase::Deploying => match &self.goal {
                Goal::DeployDraft | Goal::Build => s::FLOW_DEPLOYING_DRAFT.to_string(),
                Goal::DeployVersion { number, .. } => s::flow_deploying_version(*number),
            },
            Phase::Following { number, .. } => s::flow_following(*number),
            Phase::Done { number } => s::flow_done(*number),
            Phase::Built => s::FLOW_BUILT.to_string(),
            Phase::Checking { lost } => s::journal::deploy_answer_lost(lost),
            Phase::Failed(reason) => reason.clone(),
        }
    }

    /// A fresh read of the action arrived.
    pub fn on_action(&mut self, action: &Action) -> Step {
        match self.phase.clone() {
            Phase::WaitingForBuild { .. } if self.goal != Goal::Build => {
                // The last read before the deploy: what a lost answer is checked against.
                self.live_before = Some(action.deployed_version.as_ref().map(|v| v.number));
                self.on_build_status(action)
            }
            Phase::WaitingForBuild { .. } => self.on_build_status(action),
            Phase::Checking { lost } => self.on_checked(action, &lost),
            Phase::Following { number, version_id } => match &action.deployed_version {
                Some(live) if live.id == version_id && live.deployed => self.done(number),
                // Someone deployed again meanwhile: ours went live and was replaced.
                Some(live) if live.number > number && live.deployed => self.done(live.number),
                _ => self.poll_or(s::flow_deploy_timeout(number, MAX_POLLS)),
            },
            // A late read after the end, or before the deploy answered: nothing to do.
            _ => Step::Poll(POLL_INTERVAL),
        }
    }

    fn on_build_status(&mut self, action: &Action) -> Step {
        match self.phase.clone() {
            Phase::WaitingForBuild { .. } => match &action.status {
                BuildStatus::Built if self.goal == Goal::Build => {
                    self.phase = Phase::Built;
                    Step::Built
                }
                BuildStatus::Built => self.deploy(),
                BuildStatus::Failed if self.goal == Goal::Build => {
                    self.fail(s::FLOW_EDIT_FAILED.to_string())
                }
                BuildStatus::Failed => self.fail(s::FLOW_DRAFT_FAILED.to_string()),
                status => {
                    self.phase = Phase::WaitingForBuild {
                        status: status.clone(),
                    };
                    self.poll_or(s::flow_build_timeout(MAX_POLLS))
                }
            },
            _ => Step::Poll(POLL_INTERVAL),
        }
    }

    /// The read after a lost answer: a deploy newer than the one before ours is ours — follow it
    /// until it is live; none means the deploy was not made.
    fn on_checked(&mut self, action: &Action, lost: &str) -> Step {
        let Some(before) = self.live_before else {
            return self.fail(s::journal::deploy_unknown(lost, s::journal::NO_WATERMARK));
        };
        match &action.deployed_version {
            Some(newest) if newest.number > before.unwrap_or(0) => {
                self.sent = Sent::Made {
                    version_id: newest.id.clone(),
                    number: newest.number,
                };
                if newest.deployed {
                    return self.done(newest.number);
                }
                self.phase = Phase::Following {
                    version_id: newest.id.clone(),
                    number: newest.number,
                };
                self.polls = 0;
                Step::Poll(POLL_INTERVAL)
            }
            _ => {
                self.sent = Sent::NotMade;
                self.fail(s::journal::deploy_not_made(lost, before))
            }
        }
    }

    /// Reading the action failed.
    pub fn on_poll_error(&mut self, err: &BackendError) -> Step {
        let reason = match &self.phase {
            Phase::Following { number, .. } => s::flow_unconfirmed(*number, &err.to_string()),
            Phase::Checking { lost } => s::journal::deploy_unknown(lost, &err.to_string()),
            _ => err.to_string(),
        };
        self.fail(reason)
    }

    /// The deploy request answered.
    pub fn on_deployed(&mut self, result: &Result<ActionVersion, BackendError>) -> Step {
        if let Ok(version) = result {
            self.sent = Sent::Made {
                version_id: version.id.clone(),
                number: version.number,
            };
        }
        match result {
            Ok(version) if version.deployed => self.done(version.number),
            Ok(version) => {
                self.phase = Phase::Following {
                    version_id: version.id.clone(),
                    number: version.number,
                };
                self.polls = 0;
                Step::Poll(POLL_INTERVAL)
            }
            // Refused before anything changed: waiting and asking again is safe.
            Err(err) if err.outcome_unknown() => {
                self.lost = Some(err.to_string());
                self.phase = Phase::Checking {
                    lost: err.to_string(),
                };
                Step::Poll(Duration::ZERO)
            }
            Err(err) if is_not_built(err) && self.deploy_attempts < MAX_DEPLOY_ATTEMPTS => {
                self.sent = Sent::NotMade;
                self.phase = Phase::WaitingForBuild {
                    status: BuildStatus::Building,
                };
                self.polls = 0;
                Step::Poll(POLL_INTERVAL)
            }
            Err(err) => {
                self.sent = Sent::NotMade;
                self.fail(err.to_string())
            }
        }
    }

    fn deploy(&mut self) -> Step {
        self.phase = Phase::Deploying;
        self.sent = Sent::Unknown;
        self.deploy_attempts += 1;
        Step::Deploy
    }

    fn poll_or(&mut self, timeout: String) -> Step {
        self.polls += 1;
        if self.polls >= MAX_POLLS {
            return self.fail(timeout);
        }
        Step::Poll(POLL_INTERVAL)
    }

    fn done(&mut self, number: u32) -> Step {
        self.phase = Phase::Done { number };
        Step::Done(number)
    }

    fn fail(&mut self, reason: String) -> Step {
        self.phase = Phase::Failed(reason.clone());
        Step::Failed(reason)
    }
}

/// The 400 Auth0 sends for a deploy of a draft that is not built yet.
pub fn is_not_built(err: &BackendError) -> bool {
    matches!(err, BackendError::Api { status: 400, message, .. }
        if message.contains("must be in the 'built' state"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Action;

    fn action(status: BuildStatus, live: Option<(&str, u32, bool)>) -> Action {
        Action {
            id: "a1".into(),
            name: "A".into(),
            supported_triggers: vec![],
            code: String::new(),
            code_loaded: true,
            runtime: "node22".into(),
            status,
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            all_changes_deployed: false,
            deployed_version: live.map(|(id, number, deployed)| version(id, number, deployed)),
            created_at: None,
            updated_at: None,
        }
    }

    fn version(id: &str, number: u32, deployed: bool) -> ActionVersion {
        ActionVersion {
            id: id.into(),
            number,
            code: String::new(),
            runtime: "node22".into(),
            status: BuildStatus::Built,
            deployed,
            errors: vec![],
            dependencies: vec![],
            secrets: vec![],
            modules: vec![],
            supported_triggers: vec![],
            created_at: None,
            built_at: None,
        }
    }

    fn not_built() -> BackendError {
        BackendError::Api {
            status: 400,
            error: "Bad Request".into(),
            message: "A draft must be in the 'built' state before it can be deployed.".into(),
            error_code: None,
        }
    }

    #[test]
    fn a_draft_deploy_waits_for_the_build_then_follows_until_live() {
        let (mut flow, step) = DeployFlow::deploy_draft("a1");
        assert_eq!(step, Step::Poll(Duration::ZERO));
        assert_eq!(
            flow.on_action(&action(BuildStatus::Building, Some(("v3", 3, true)))),
            Step::Poll(POLL_INTERVAL)
        );
        assert!(flow.progress().contains("building"), "{}", flow.progress());
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v3", 3, true)))),
            Step::Deploy
        );
        assert_eq!(
            flow.on_deployed(&Ok(version("v4", 4, false))),
            Step::Poll(POLL_INTERVAL)
        );
        // Still the old version, then the new one not yet deployed, then live.
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v3", 3, true)))),
            Step::Poll(POLL_INTERVAL)
        );
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v4", 4, false)))),
            Step::Poll(POLL_INTERVAL)
        );
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v4", 4, true)))),
            Step::Done(4)
        );
        assert!(flow.is_finished());
    }

    #[test]
    fn a_build_flow_ends_when_the_draft_built_or_failed_and_never_deploys() {
        let (mut flow, step) = DeployFlow::build("a1");
        assert_eq!(step, Step::Poll(Duration::ZERO));
        assert_eq!(
            flow.on_action(&action(BuildStatus::Building, None)),
            Step::Poll(POLL_INTERVAL)
        );
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, None)),
            Step::Built
        );
        assert!(flow.is_finished());
        let (mut flow, _) = DeployFlow::build("a1");
        assert_eq!(
            flow.on_action(&action(BuildStatus::Failed, None)),
            Step::Failed(s::FLOW_EDIT_FAILED.to_string())
        );
    }

    #[test]
    fn a_failed_build_stops_without_deploying() {
        let (mut flow, _) = DeployFlow::deploy_draft("a1");
        let step = flow.on_action(&action(BuildStatus::Failed, None));
        assert!(matches!(step, Step::Failed(ref why) if why.contains("failed to build")));
    }

    #[test]
    fn the_not_built_race_waits_and_asks_again_a_bounded_number_of_times() {
        let (mut flow, _) = DeployFlow::deploy_draft("a1");
        let built = action(BuildStatus::Built, None);
        for _ in 1..MAX_DEPLOY_ATTEMPTS {
            assert_eq!(flow.on_action(&built), Step::Deploy);
            assert_eq!(
                flow.on_deployed(&Err(not_built())),
                Step::Poll(POLL_INTERVAL)
            );
        }
        assert_eq!(flow.on_action(&built), Step::Deploy);
        assert!(matches!(
            flow.on_deployed(&Err(not_built())),
            Step::Failed(_)
        ));
    }

    #[test]
    fn other_refusals_are_not_retried() {
        let (mut flow, step) = DeployFlow::deploy_version("a1", "v1", 1);
        assert_eq!(step, Step::Deploy);
        let err = BackendError::Api {
            status: 409,
            error: "Conflict".into(),
            message: "busy".into(),
            error_code: None,
        };
        assert_eq!(
            flow.on_deployed(&Err(err)),
            Step::Failed("409 Conflict: busy".into())
        );
        assert_eq!(flow.sent, Sent::NotMade);
    }

    #[test]
    fn a_lost_answer_is_checked_and_a_deploy_that_was_made_is_followed_until_live() {
        let (flow, _) = DeployFlow::deploy_version("a1", "v1", 1);
        let mut flow = flow.with_live_before(Some(3));
        let lost = BackendError::Network("connection reset".into());
        assert_eq!(flow.on_deployed(&Err(lost)), Step::Poll(Duration::ZERO));
        assert!(
            flow.progress().contains("connection reset"),
            "{}",
            flow.progress()
        );
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v4", 4, false)))),
            Step::Poll(POLL_INTERVAL),
            "ours, still going live"
        );
        assert_eq!(
            flow.sent,
            Sent::Made {
                version_id: "v4".into(),
                number: 4
            }
        );
        assert_eq!(
            flow.on_action(&action(BuildStatus::Built, Some(("v4", 4, true)))),
            Step::Done(4)
        );
        assert!(flow.lost.is_some(), "the lost answer is remembered");
    }

    #[test]
    fn a_lost_answer_with_no_new_version_was_not_deployed_and_a_failed_check_is_unknown() {
        let (mut flow, _) = DeployFlow::deploy_draft("a1");
        flow.on_action(&action(BuildStatus::Built, Some(("v3", 3, true))));
        let lost = BackendError::Api {
            status: 500,
            error: "Internal Server Error".into(),
            message: String::new(),
            error_code: None,
        };
        flow.on_deployed(&Err(lost.clone()));
        let step = flow.on_action(&action(BuildStatus::Built, Some(("v3", 3, true))));
        assert!(
            matches!(step, Step::Failed(ref why) if why.contains("nothing was deployed")),
            "{step:?}"
        );
        assert_eq!(flow.sent, Sent::NotMade);

        let (mut flow, _) = DeployFlow::deploy_draft("a1");
        flow.on_action(&action(BuildStatus::Built, Some(("v3", 3, true))));
        flow.on_deployed(&Err(lost));
        let step = flow.on_poll_error(&BackendError::Network("timeout".into()));
        assert!(
            matches!(step, Step::Failed(ref why) if why.contains("OUTCOME UNKNOWN")),
            "{step:?}"
        );
        assert_eq!(flow.sent, Sent::Unknown);
    }

    #[test]
    fn a_lost_read_after_the_deploy_says_the_version_exists() {
        let (mut flow, _) = DeployFlow::deploy_version("a1", "v1", 1);
        flow.on_deployed(&Ok(version("v9", 9, false)));
        let step = flow.on_poll_error(&BackendError::Network("timeout".into()));
        assert!(
            matches!(step, Step::Failed(ref why) if why.contains('9') && why.contains("timeout")),
            "{step:?}"
        );
    }

    #[test]
    fn waiting_gives_up_after_the_poll_limit() {
        let (mut flow, _) = DeployFlow::deploy_draft("a1");
        let building = action(BuildStatus::Building, None);
        let steps: Vec<Step> = (0..MAX_POLLS).map(|_| flow.on_action(&building)).collect();
        assert!(steps[..steps.len() - 1]
            .iter()
            .all(|s| *s == Step::Poll(POLL_INTERVAL)));
        assert!(matches!(steps.last(), Some(Step::Failed(_))));
    }
}
