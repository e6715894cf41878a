//! A trigger's bindings: `PATCH …/bindings` replaces the whole list in execution order, at most
//! [`MAX_BINDINGS`] entries, each action once, every entry resolved to a deployed action of that
//! trigger.

use chrono::{DateTime, Utc};

use super::{fresh_id, WriteError, NO_TRIGGER};
use crate::emulator::limits::MAX_BINDINGS;
use crate::emulator::store::{BindingRec, Store};

/// Auth0's wording for these two bindings refusals is not recorded; the limit is Auth0's (at most 20
/// actions run per trigger), the words are ours.
pub fn too_many_bindings(count: usize) -> String {
    format!("A trigger can run at most {MAX_BINDINGS} actions; the request binds {count}.")
}

pub fn bound_twice(action_name: &str) -> String {
    format!(
        "Action '{action_name}' is bound more than once; an action can be bound to a trigger only once."
    )
}

/// A binding's reference to its action, as `PATCH …/bindings` sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingRef {
    ActionId(String),
    ActionName(String),
    BindingId(String),
}

impl std::fmt::Display for BindingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, value) = match self {
            Self::ActionId(v) => ("action_id", v),
            Self::ActionName(v) => ("action_name", v),
            Self::BindingId(v) => ("binding_id", v),
        };
        write!(f, "{kind} '{value}'")
    }
}

/// One entry of a `PATCH …/bindings` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingRequest {
    pub reference: BindingRef,
    pub display_name: Option<String>,
}

impl Store {
    fn resolve_binding(
        &self,
        trigger_id: &str,
        request: &BindingRequest,
        now: DateTime<Utc>,
    ) -> Result<(String, String), WriteError> {
        let unknown = || {
            WriteError::BadRequest(format!(
                "Could not find an action for binding reference {}.",
                request.reference
            ))
        };
        let (action, kept_name) = match &request.reference {
            BindingRef::ActionId(id) => (self.action(id).ok_or_else(unknown)?, None),
            BindingRef::ActionName(name) => (
                self.actions
                    .iter()
                    .find(|a| &a.name == name)
                    .ok_or_else(unknown)?,
                None,
            ),
            BindingRef::BindingId(id) => {
                let existing = self
                    .bindings
                    .get(trigger_id)
                    .and_then(|list| list.iter().find(|b| &b.id == id))
                    .ok_or_else(unknown)?;
                (
                    self.action(&existing.action_id).ok_or_else(unknown)?,
                    Some(existing.display_name.clone()),
                )
            }
        };
        if action.trigger_id != trigger_id {
            return Err(WriteError::BadRequest(format!(
                "Action '{}' does not support the trigger '{trigger_id}'.",
                action.name
            )));
        }
        // A first deploy still going live does not count yet (binding right after a deploy fails
        // transiently at Auth0 too: auth0-deploy-cli#385).
        if action.live(now).is_none() {
            return Err(WriteError::BadRequest(format!(
                "Action '{}' must be deployed before it can be bound.",
                action.name
            )));
        }
        let display_name = request
            .display_name
            .clone()
            .or(kept_name)
            .unwrap_or_else(|| action.name.clone());
        Ok((action.id.clone(), display_name))
    }

    /// `PATCH /actions/triggers/{id}/bindings`: full replacement in the given (execution) order;
    /// every binding gets a new id. At most [`MAX_BINDINGS`] entries, each action once. Nothing
    /// changes unless every entry is valid.
    pub fn replace_bindings(
        &mut self,
        trigger_id: &str,
        requests: &[BindingRequest],
        now: DateTime<Utc>,
    ) -> Result<(), WriteError> {
        if !self.trigger_known(trigger_id) {
            return Err(WriteError::NotFound(NO_TRIGGER));
        }
        if self.trigger_entity_bound(trigger_id) {
            return Err(WriteError::BadRequest(
                "cannot update action bindings for an entity-bound trigger".to_string(),
            ));
        }
        if requests.len() > MAX_BINDINGS {
            return Err(WriteError::BadRequest(too_many_bindings(requests.len())));
        }
        let mut bindings: Vec<BindingRec> = Vec::with_capacity(requests.len());
        for request in requests {
            let (action_id, display_name) = self.resolve_binding(trigger_id, request, now)?;
            // The same action by id, by name or by binding id is still the same action.
            if bindings.iter().any(|b| b.action_id == action_id) {
                let name = self.action(&action_id).map_or("", |a| a.name.as_str());
                return Err(WriteError::BadRequest(bound_twice(name)));
            }
            bindings.push(BindingRec {
                id: fresh_id(),
                action_id,
                display_name,
                created_at: now,
                updated_at: now,
            });
        }
        self.bindings.insert(trigger_id.to_string(), bindings);
        Ok(())
    }
}
