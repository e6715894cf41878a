//! Properties of the Flows view, through the pure `update` (keys and mouse in, commands out; the
//! service is a model that answers each command when the property says so).
//!
//! Whatever a user does — pick up, carry and drop (keys or mouse), J/K steps, adds, removes — with
//! saves answered at any moment: every PATCH carries the whole list in the order the panel shows,
//! each binding exactly once; only adds and removes change which actions are bound; there is never
//! more than one save out at a time; and once everything has answered, the service has the order the
//! panel shows — no move lost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

mod app_fixtures;

use std::collections::{BTreeSet, VecDeque};

use app_fixtures::*;
use codedeck::app::keymap::parse_keys;
use codedeck::app::layout;
use codedeck::app::msg::{Cmd, Msg};
use codedeck::app::state::{Overlay, State};
use codedeck::app::update::{init, update};
use codedeck::app::RunOptions;
use codedeck::model::limits::MAX_BINDINGS;
use codedeck::model::{Binding, BindingPolicy, BoundAction, Trigger, TriggerStatus};
use codedeck::strings as s;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use proptest::prelude::*;

const TRIGGER: &str = "post-login";
/// Deployed post-login actions in the tenant; the first few start bound.
const ACTIONS: usize = 8;

fn action_id(i: usize) -> String {
    format!("act_{i}")
}

fn tenant_actions(count: usize) -> Vec<codedeck::model::Action> {
    (0..count)
        .map(|i| {
            ActionBuilder::new(&action_id(i), &format!("Action {i}"), TRIGGER)
                .deployed(1)
                .build()
        })
        .collect()
}

fn triggers() -> Vec<Trigger> {
    vec![Trigger {
        id: TRIGGER.into(),
        version: "v3".into(),
        status: TriggerStatus::Current,
        runtimes: vec!["node22".into()],
        default_runtime: Some("node22".into()),
        binding_policy: Some(BindingPolicy::TriggerBound),
        compatible_triggers: vec![],
    }]
}

/// The service: the trigger's order, answering the dashboard's commands.
struct Service {
    actions: Vec<codedeck::model::Action>,
    order: Vec<BoundAction>,
    generation: u64,
}

impl Service {
    fn bindings(&mut self, order: &[BoundAction]) -> Vec<Binding> {
        // Every save mints new binding ids, as Auth0 does.
        self.generation += 1;
        order
            .iter()
            .map(|entry| Binding {
                id: format!("bnd_{}_{}", entry.action_id, self.generation),
                trigger_id: TRIGGER.into(),
                display_name: entry.display_name.clone(),
                action: self
                    .actions
                    .iter()
                    .find(|a| a.id == entry.action_id)
                    .unwrap()
                    .clone(),
                created_at: None,
                updated_at: None,
            })
            .collect()
    }

    #[allow(clippy::unnecessary_wraps)] // the shape of a runtime that may have nothing to answer
    fn answer(&mut self, cmd: Cmd) -> Option<Msg> {
        Some(match cmd {
            Cmd::LoadActions { generation } => Msg::ActionsLoaded {
                generation,
                result: Ok(self.actions.clone()),
            },
            Cmd::LoadModules { generation } => Msg::ModulesLoaded {
                generation,
                result: Ok(vec![]),
            },
            Cmd::LoadTriggers { generation } => Msg::TriggersLoaded {
                generation,
                result: Ok(triggers()),
            },
            Cmd::LoadBindings {
                trigger_id,
                generation,
            } => {
                let order = self.order.clone();
                Msg::BindingsLoaded {
                    trigger_id,
                    generation,
                    result: Ok(self.bindings(&order)),
                }
            }
            Cmd::ApplyOrder {
                trigger_id,
                seen,
                order,
            } => {
                // Nobody else writes here, so the guard always finds what the user saw.
                assert_eq!(seen, self.order, "the order the user saw is the service's");
                self.order.clone_from(&order);
                Msg::OrderApplied {
                    trigger_id,
                    result: Ok(self.bindings(&order)),
                }
            }
            Cmd::AppendJournal(_) => Msg::JournalAppended(Ok(())),
            // Who last changed the order (the logs): nobody this service knows of.
            Cmd::ReadOrderChange { trigger_id } => Msg::OrderChangeRead {
                trigger_id,
                result: Ok(None),
            },
            other => panic!("unexpected command {other:?}"),
        })
    }
}

/// The dashboard with the property's service, and the commands not answered yet.
struct World {
    state: State,
    service: Service,
    out: VecDeque<Cmd>,
}

impl World {
    fn new(bound: usize) -> Self {
        let actions = tenant_actions(ACTIONS.max(bound));
        let order = actions[..bound]
            .iter()
            .map(|a| BoundAction {
                action_id: a.id.clone(),
                display_name: a.name.clone(),
            })
            .collect();
        let mut world = World {
            state: State::new(connection(false), RunOptions::default()),
            service: Service {
                actions,
                order,
                generation: 0,
            },
            out: VecDeque::new(),
        };
        let cmds = init(&mut world.state);
        world.out.extend(cmds);
        world.send(Msg::Resize(160, 45));
        world.answer_all();
        world.keys("3");
        world.answer_all();
        world.keys("<Enter>");
        world
    }

    fn order(&self) -> Vec<BoundAction> {
        self.state.flow_order(TRIGGER).unwrap()
    }

    /// One message into `update`, checking what it sends.
    fn send(&mut self, msg: Msg) {
        let cmds = update(&mut self.state, msg);
        for cmd in &cmds {
            if let Cmd::ApplyOrder { order, .. } = cmd {
                let mut ids: Vec<&str> = order.iter().map(|b| b.action_id.as_str()).collect();
                ids.sort_unstable();
                let count = ids.len();
                ids.dedup();
                assert_eq!(ids.len(), count, "each binding once: {order:?}");
                assert!(order.len() <= MAX_BINDINGS);
                assert_eq!(
                    *order,
                    self.order(),
                    "the PATCH carries the order the panel keeps"
                );
                // (A binding held meanwhile is drawn where it would land: not sent until dropped.)
                if self.state.flows.held.is_none() {
                    let drawn: Vec<BoundAction> = self
                        .state
                        .flow_rows()
                        .into_iter()
                        .map(|r| r.entry)
                        .collect();
                    assert_eq!(*order, drawn, "… and draws");
                }
                assert!(
                    !self.out.iter().any(|c| matches!(c, Cmd::ApplyOrder { .. })),
                    "never two saves at once"
                );
            }
        }
        self.out.extend(cmds);
    }

    fn keys(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.send(Msg::Key(key));
        }
    }

    fn answer_one(&mut self) {
        if let Some(cmd) = self.out.pop_front() {
            if let Some(msg) = self.service.answer(cmd) {
                self.send(msg);
            }
        }
    }

    fn answer_all(&mut self) {
        while !self.out.is_empty() {
            self.answer_one();
        }
    }

    fn mouse(&mut self, kind: MouseEventKind, row_index: usize) {
        let areas = layout::areas(&self.state, layout::screen(&self.state));
        let rows = layout::flow_areas(areas.detail.unwrap()).rows;
        let offset = layout::flow_offset(&self.state);
        let row = rows.y + row_index.saturating_sub(offset).min(rows.height as usize) as u16;
        self.send(Msg::Mouse(MouseEvent {
            kind,
            column: rows.x + 8,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    }
}

fn members(order: &[BoundAction]) -> BTreeSet<String> {
    order.iter().map(|b| b.action_id.clone()).collect()
}

#[derive(Debug, Clone)]
enum Op {
    /// Keys that move, pick up, drop or put back.
    Keys(&'static str),
    /// Press on row `from`, drag to row `to`, release.
    Drag(usize, usize),
    /// `a`, then the `n`th candidate.
    Add(usize),
    /// `x`, then yes.
    Remove,
    /// The service answers the oldest command out.
    Answer,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "<Space>", "j", "k", "J", "K", "<Esc>", "g", "G", "<A-Down>", "<A-Up>", "<Space>jj<Space>",
            "<Space>k<Space>",
        ])
        .prop_map(Op::Keys),
        1 => (0..10usize, 0..10usize).prop_map(|(a, b)| Op::Drag(a, b)),
        1 => (0..4usize).prop_map(Op::Add),
        1 => Just(Op::Remove),
        3 => Just(Op::Answer),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_save_carries_the_shown_order_and_nothing_is_lost(
        bound in 0..6usize,
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut world = World::new(bound);
        for op in ops {
            let before = members(&world.order());
            let mut expected = before.clone();
            match op {
                Op::Keys(keys) => world.keys(keys),
                Op::Drag(from, to) => {
                    world.mouse(MouseEventKind::Down(MouseButton::Left), from);
                    world.mouse(MouseEventKind::Drag(MouseButton::Left), to);
                    world.mouse(MouseEventKind::Up(MouseButton::Left), to);
                }
                Op::Add(n) => {
                    world.keys("a");
                    world.keys(&"j".repeat(n));
                    if let Overlay::AddBinding { candidates, selected } = &world.state.overlay {
                        let offered: BTreeSet<String> =
                            candidates.iter().map(|c| c.action_id.clone()).collect();
                        prop_assert!(offered.is_disjoint(&before), "only actions not bound yet");
                        expected.insert(candidates[*selected].action_id.clone());
                    }
                    world.keys("<Enter>");
                }
                Op::Remove => {
                    let selected = world.order().get(world.state.flows.binding_selected).cloned();
                    world.keys("x");
                    if matches!(world.state.overlay, Overlay::Confirm(_)) {
                        expected.remove(&selected.unwrap().action_id);
                    }
                    world.keys("y");
                }
                Op::Answer => world.answer_one(),
            }
            prop_assert_eq!(members(&world.order()), expected, "only adds and removes change membership");
            prop_assert!(world.order().len() <= MAX_BINDINGS);
        }
        // Put back anything still held (a carried binding is not a change), then let every save finish.
        world.keys("<Esc>");
        world.answer_all();
        prop_assert!(world.state.running.is_none());
        prop_assert!(world.state.flows.queued.is_none());
        let shown: Vec<BoundAction> = world.state.flow_rows().into_iter().map(|r| r.entry).collect();
        prop_assert_eq!(&world.service.order, &shown, "the service has what the panel shows");
    }
}

#[test]
fn a_full_flow_says_so_instead_of_offering_more() {
    let mut world = World::new(MAX_BINDINGS);
    world.keys("a");
    assert_eq!(world.state.overlay, Overlay::None);
    assert_eq!(world.state.flash.as_ref().unwrap().text, s::FLOW_FULL);
    assert!(world.out.is_empty());
}
