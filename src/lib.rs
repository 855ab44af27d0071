//! phoneboot's browser app: a Yew front end over `phoneboot-engine`.
//!
//! - [`state`] holds everything the page shows, changed only by [`state::Action`]s;
//! - [`http`] is the engine's `FileSource` over the browser's fetch API;
//!   [`local`] is one over files the user picked (local folder mode);
//! - [`runner`] drives one boot and feeds its events back as actions;
//! - [`view`] derives the panels' rows from the engine's events, and
//!   [`troubleshoot`] the trace and the network diagnosis;
//! - [`scenario`] holds the named demo scenarios;
//! - [`storage`] and [`browser`] are the small pieces of browser glue;
//! - [`fleet`] is the fleet view's matrix and comparison, computed in chunks;
//! - [`components`] are the function components, [`app::App`] wires them;
//! - [`bench`] exports measurements for scripts/bench.sh (feature `bench`).

pub mod adapters;
pub mod app;
pub mod bench;
pub mod components;
pub mod fleet;
pub mod pages;
pub mod runner;
pub mod scenario;
pub mod state;
pub mod troubleshoot;
pub mod view;

// The adapters by their short names, as the rest of the crate and the tests use them.
pub use adapters::{browser, http, local, storage};

pub use app::App;
