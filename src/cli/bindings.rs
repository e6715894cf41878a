//! `codedeck bindings set|move`: a trigger's complete new order, checked before anything is sent,
//! shown and confirmed, then sent through the conflict guard the dashboard uses ([`flows::apply`]),
//! so a change made elsewhere while the user decides is never clobbered.

use super::change::{Change, Failure};
use super::lookup::lookup_action;
use super::output::say;
use super::show::print_bindings;
use super::{CliError, Connected};
use crate::backend::Backend;
use crate::flows::{self, ApplyError};
use crate::journal::{ObjectKind, Operation, Snapshot};
use crate::model::limits::MAX_BINDINGS;
use crate::model::terminal_safe;
use crate::model::{Binding, BindingPolicy, BoundAction};
use crate::strings::cli as text;
use crate::strings::journal as words;

/// The trigger's bindings now, or why its order cannot be changed (unknown, entity-bound).
async fn current(backend: &dyn Backend, trigger: &str) -> Result<Vec<Binding>, CliError> {
    let triggers = backend.list_triggers().await?;
    let versions: Vec<_> = triggers.iter().filter(|t| t.id == trigger).collect();
    if versions.is_empty() {
        return Err(CliError::NotFound(text::no_trigger(trigger)));
    }
    if versions
        .iter()
        .any(|t| t.binding_policy == Some(BindingPolicy::EntityBound))
    {
        return Err(CliError::Usage(text::entity_bound_order(trigger)));
    }
    match backend.list_bindings(trigger).await {
        Ok(list) => Ok(list),
        Err(e) if crate::flows::is_entity_bound_refusal(&e) => {
            Err(CliError::Usage(text::entity_bound_order(trigger)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The entries of a new order, from names or ids: each must exist, support the trigger, be
/// deployed, and appear once. Bound actions keep their display names; new ones take the action's.
async fn resolve(
    backend: &dyn Backend,
    trigger: &str,
    bound: &[Binding],
    keys: &[String],
) -> Result<Vec<BoundAction>, CliError> {
    if keys.len() > MAX_BINDINGS {
        return Err(CliError::Usage(text::too_many_actions(
            trigger,
            keys.len(),
            MAX_BINDINGS,
        )));
    }
    let mut order: Vec<BoundAction> = Vec::with_capacity(keys.len());
    for key in keys {
        // An action bound now is known to be valid here: no need to ask the service about it.
        let (entry, name) = if let Some(b) = bound
            .iter()
            .find(|b| b.action.id == *key || b.action.name == *key)
        {
            (b.as_bound(), b.action.name.clone())
        } else {
            let action = lookup_action(backend, key)
                .await?
                .ok_or_else(|| CliError::NotFound(text::no_such(text::KIND_ACTION, key)))?;
            if !action.trigger_ids().contains(&trigger) {
                return Err(CliError::Usage(text::not_for_trigger(
                    &action.name,
                    trigger,
                    &action.trigger_ids(),
                )));
            }
            if !action.is_deployed() {
                return Err(CliError::Usage(text::bind_undeployed(&action.name)));
            }
            let entry = BoundAction {
                action_id: action.id,
                display_name: action.name.clone(),
            };
            (entry, action.name)
        };
        if order.iter().any(|e| e.action_id == entry.action_id) {
            return Err(CliError::Usage(text::given_twice(&name)));
        }
        order.push(entry);
    }
    Ok(order)
}

/// `codedeck bindings set TRIGGER [NAME|ID…] [--none] [--yes]`; an empty `keys` (only allowed with
/// `--none`) unbinds everything.
pub async fn set(
    conn: &Connected,
    trigger: &str,
    keys: &[String],
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let bindings = current(backend, trigger).await?;
    let order = resolve(backend, trigger, &bindings, keys).await?;
    change(conn, trigger, flows::order_of(&bindings), order, yes).await
}

/// `codedeck bindings move TRIGGER NAME|ID --to POS [--yes]` (POS counts from 1).
pub async fn move_to(
    conn: &Connected,
    trigger: &str,
    key: &str,
    to: usize,
    yes: bool,
) -> Result<(), CliError> {
    let backend = &*conn.backend;
    let bindings = current(backend, trigger).await?;
    let seen = flows::order_of(&bindings);
    // By action id, then action name, then the display name `bindings list` shows.
    let from = bindings
        .iter()
        .position(|b| b.action.id == key)
        .or_else(|| bindings.iter().position(|b| b.action.name == key))
        .or_else(|| bindings.iter().position(|b| b.display_name == key))
        .ok_or_else(|| CliError::Usage(text::not_bound(key, trigger, &seen)))?;
    if to == 0 || to > bindings.len() {
        return Err(CliError::Usage(text::position_out_of_range(
            trigger,
            to,
            bindings.len(),
        )));
    }
    if from == to - 1 {
        say(&text::already_at(&bindings[from].display_name, trigger, to));
        return Ok(());
    }
    let order = flows::moved(&seen, from, to - 1);
    change(conn, trigger, seen, order, yes).await
}

/// Shows the change, asks, sends it only if the server still has `seen`, prints what the service
/// answered and journals it.
async fn change(
    conn: &Connected,
    trigger: &str,
    seen: Vec<BoundAction>,
    order: Vec<BoundAction>,
    yes: bool,
) -> Result<(), CliError> {
    if order == seen {
        say(&text::order_unchanged(trigger, order.is_empty()));
        return Ok(());
    }
    let preview = format!(
        "{}\n",
        terminal_safe(&text::order_change(trigger, &seen, &order))
    );
    let request = async {
        match flows::apply(&*conn.backend, trigger, &seen, &order).await {
            Ok(answer) => Ok(answer),
            // Refused before anything was sent: the order changed elsewhere.
            Err(ApplyError::Changed(now)) => Err(Failure::refused_here(
                text::order_changed_elsewhere(trigger, &order, &flows::order_of(&now)),
            )),
            Err(ApplyError::Backend(e)) if !e.outcome_unknown() => {
                let why = text::order_refused(trigger, &e.to_string());
                Err(Failure::refused_by_service(&e, why))
            }
            Err(ApplyError::Backend(e)) => Err(Failure::Service(e)),
        }
    };
    let sent = Change::new(
        ObjectKind::Trigger,
        trigger,
        trigger,
        Operation::BindingsChange,
        words::order_named(trigger),
    )
    .before(Snapshot {
        order: Some(seen.clone()),
        ..Snapshot::default()
    })
    .asking(Snapshot {
        order: Some(order.clone()),
        ..Snapshot::default()
    })
    .showing(preview)
    .confirming(text::confirm_order(trigger, order.is_empty()), yes)
    .send(conn, request)
    .await?;
    let answer = sent.value;
    sent.intent.done(Snapshot {
        order: Some(flows::order_of(&answer)),
        ..Snapshot::default()
    });
    if answer.is_empty() {
        say(&text::flow_cleared(trigger));
    } else {
        say(&text::order_saved(trigger));
        print_bindings(trigger, &answer);
    }
    Ok(())
}
