//! Wire → model. Lenient: a timestamp that does not parse becomes `None`, a missing status keeps
//! the raw (empty) text, nothing here can fail.

use chrono::{DateTime, Utc};

use super::wire;
use crate::model::{self, BindingPolicy, BuildStatus, Timestamp, TriggerStatus};

fn timestamp(raw: Option<String>) -> Option<Timestamp> {
    raw.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn status(raw: Option<&str>) -> BuildStatus {
    BuildStatus::parse(raw.unwrap_or_default())
}

pub(crate) fn map_all<W, M: From<W>>(items: Vec<W>) -> Vec<M> {
    items.into_iter().map(M::from).collect()
}

impl From<wire::TriggerRef> for model::TriggerRef {
    fn from(w: wire::TriggerRef) -> Self {
        Self {
            id: w.id,
            version: w.version,
        }
    }
}

impl From<wire::Dependency> for model::Dependency {
    fn from(w: wire::Dependency) -> Self {
        Self {
            name: w.name,
            version: w.version,
        }
    }
}

impl From<wire::SecretName> for model::SecretName {
    fn from(w: wire::SecretName) -> Self {
        Self {
            name: w.name,
            updated_at: timestamp(w.updated_at),
        }
    }
}

impl From<wire::ModuleRef> for model::ModuleRef {
    fn from(w: wire::ModuleRef) -> Self {
        Self {
            module_id: w.module_id,
            module_name: w.module_name,
            module_version_id: w.module_version_id,
            module_version_number: w.module_version_number.unwrap_or_default(),
        }
    }
}

impl From<wire::BuildError> for model::BuildError {
    fn from(w: wire::BuildError) -> Self {
        Self {
            id: w.id,
            msg: w.msg,
            url: w.url,
        }
    }
}

impl From<wire::ActionVersion> for model::ActionVersion {
    fn from(w: wire::ActionVersion) -> Self {
        Self {
            id: w.id,
            number: w.number.unwrap_or_default(),
            code: w.code,
            runtime: w.runtime,
            status: status(w.status.as_deref()),
            deployed: w.deployed,
            errors: map_all(w.errors),
            dependencies: map_all(w.dependencies),
            secrets: map_all(w.secrets),
            modules: map_all(w.modules),
            supported_triggers: map_all(w.supported_triggers),
            created_at: timestamp(w.created_at),
            built_at: timestamp(w.built_at),
        }
    }
}

impl From<wire::Action> for model::Action {
    fn from(w: wire::Action) -> Self {
        Self {
            id: w.id,
            name: w.name,
            supported_triggers: map_all(w.supported_triggers),
            code_loaded: w.code.is_some(),
            code: w.code.unwrap_or_default(),
            runtime: w.runtime.unwrap_or_default(),
            status: status(w.status.as_deref()),
            dependencies: map_all(w.dependencies),
            secrets: map_all(w.secrets),
            modules: map_all(w.modules),
            all_changes_deployed: w.all_changes_deployed,
            deployed_version: w.deployed_version.map(Into::into),
            created_at: timestamp(w.created_at),
            updated_at: timestamp(w.updated_at),
        }
    }
}

impl From<wire::Trigger> for model::Trigger {
    fn from(w: wire::Trigger) -> Self {
        Self {
            id: w.id,
            version: w.version,
            status: TriggerStatus::parse(w.status.as_deref().unwrap_or_default()),
            runtimes: w.runtimes,
            default_runtime: w.default_runtime,
            binding_policy: w.binding_policy.as_deref().map(BindingPolicy::parse),
            compatible_triggers: map_all(w.compatible_triggers),
        }
    }
}

impl From<wire::Binding> for model::Binding {
    fn from(w: wire::Binding) -> Self {
        Self {
            id: w.id,
            trigger_id: w.trigger_id,
            display_name: w.display_name,
            action: w.action.into(),
            created_at: timestamp(w.created_at),
            updated_at: timestamp(w.updated_at),
        }
    }
}

impl From<wire::ExecutionResult> for model::ExecutionResult {
    fn from(w: wire::ExecutionResult) -> Self {
        // `error` is an object (`{id,msg,url}`) when present; anything else still counts as an error.
        let error = w.error.filter(|e| e.get() != "null").map(|e| {
            serde_json::from_str::<wire::BuildError>(e.get()).map_or_else(
                |_| model::BuildError {
                    id: String::new(),
                    msg: e.get().to_string(),
                    url: None,
                },
                model::BuildError::from,
            )
        });
        Self {
            action_name: w.action_name,
            error,
            started_at: timestamp(w.started_at),
            ended_at: timestamp(w.ended_at),
        }
    }
}

impl From<wire::Execution> for model::Execution {
    fn from(w: wire::Execution) -> Self {
        Self {
            id: w.id,
            trigger_id: w.trigger_id,
            status: w.status,
            results: map_all(w.results),
            created_at: timestamp(w.created_at),
            updated_at: timestamp(w.updated_at),
        }
    }
}

impl From<wire::ModuleVersion> for model::ModuleVersion {
    fn from(w: wire::ModuleVersion) -> Self {
        Self {
            id: w.id,
            module_id: w.module_id,
            number: w.version_number.unwrap_or_default(),
            code: w.code,
            dependencies: map_all(w.dependencies),
            secrets: map_all(w.secrets),
            created_at: timestamp(w.created_at),
        }
    }
}

impl From<wire::Module> for model::Module {
    fn from(w: wire::Module) -> Self {
        let latest_version = w.latest_version.map(|v| {
            let mut version = model::ModuleVersion::from(v);
            if version.module_id.is_empty() {
                version.module_id.clone_from(&w.id);
            }
            version
        });
        Self {
            id: w.id,
            name: w.name,
            code: w.code,
            dependencies: map_all(w.dependencies),
            secrets: map_all(w.secrets),
            actions_using_module_total: w.actions_using_module_total.unwrap_or_default(),
            all_changes_published: w.all_changes_published,
            latest_version,
            created_at: timestamp(w.created_at),
            updated_at: timestamp(w.updated_at),
        }
    }
}

impl From<wire::ModuleUsage> for model::ModuleUsage {
    fn from(w: wire::ModuleUsage) -> Self {
        Self {
            action_id: w.action_id,
            action_name: w.action_name,
            module_version_id: w.module_version_id,
            module_version_number: w.module_version_number.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_action_without_code_is_not_loaded_and_uppercase_status_parses() {
        let json = r#"{"id":"b1","trigger_id":"post-login","display_name":"X",
            "action":{"id":"a1","name":"A","status":"BUILT","current_version":{"status":"PENDING","number":2.0}}}"#;
        let binding: model::Binding = serde_json::from_str::<wire::Binding>(json).unwrap().into();
        assert!(!binding.action.code_loaded);
        assert_eq!(binding.action.status, BuildStatus::Built);
    }

    #[test]
    fn nulls_unknown_values_and_bad_timestamps_are_tolerated() {
        let json = r#"{"id":"v1","number":3.0,"status":"frozen","errors":null,"secrets":null,
            "created_at":"not a date","surprise":{"x":1}}"#;
        let v: model::ActionVersion = serde_json::from_str::<wire::ActionVersion>(json)
            .unwrap()
            .into();
        assert_eq!(v.number, 3);
        assert_eq!(v.status, BuildStatus::Other("frozen".into()));
        assert!(v.errors.is_empty() && v.created_at.is_none());
    }

    #[test]
    fn module_latest_version_inherits_the_module_id() {
        let json = r#"{"id":"m1","name":"M","latest_version":{"id":"mv1","version_number":4}}"#;
        let m: model::Module = serde_json::from_str::<wire::Module>(json).unwrap().into();
        assert_eq!(m.latest_version_number(), Some(4));
        assert_eq!(m.latest_version.unwrap().module_id, "m1");
    }
}
