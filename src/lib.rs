//! codedeck: a keyboard-driven terminal dashboard for server-side code that lives in versions.

pub mod activity;
pub mod app;
pub mod archive;
pub mod authoring;
pub mod backend;
pub mod cli;
pub mod config;
pub mod diff;
pub mod emulator;
pub mod flow;
pub mod flows;
pub mod highlight;
pub mod history;
pub mod journal;
pub mod logging;
pub mod model;
pub mod outcome;
pub mod secret;
pub mod shell;
pub mod stages;
pub mod store;
pub mod strings;
pub mod theme;
pub mod ui;
