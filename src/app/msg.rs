//! Messages into `update` and commands out of it.

use crossterm::event::{KeyEvent, MouseEvent};

use crate::backend::BackendError;
use crate::model::{Action, Module, ModuleUsage};

/// Request generation: a result whose generation is not the slot's current one is stale and ignored.
pub type Generation = u64;

// Results carry whole objects inline; a few messages a second do not justify boxing them.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Spinner and flash expiry; ~10 per second.
    Tick,
    ActionsLoaded {
        generation: Generation,
        result: Result<Vec<Action>, BackendError>,
    },
    ActionLoaded {
        generation: Generation,
        result: Result<Action, BackendError>,
    },
    ModulesLoaded {
        generation: Generation,
        result: Result<Vec<Module>, BackendError>,
    },
    ModuleLoaded {
        generation: Generation,
        result: Result<Module, BackendError>,
    },
    ModuleActionsLoaded {
        generation: Generation,
        result: Result<Vec<ModuleUsage>, BackendError>,
    },
}

impl Msg {
    /// True for results of backend calls (they close one in-flight request).
    pub fn is_api_result(&self) -> bool {
        !matches!(
            self,
            Msg::Key(_) | Msg::Mouse(_) | Msg::Resize(..) | Msg::Tick
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    LoadActions { generation: Generation },
    LoadAction { id: String, generation: Generation },
    LoadModules { generation: Generation },
    LoadModule { id: String, generation: Generation },
    LoadModuleActions { id: String, generation: Generation },
    Quit,
}

impl Cmd {
    pub fn is_api_call(&self) -> bool {
        !matches!(self, Cmd::Quit)
    }
}
