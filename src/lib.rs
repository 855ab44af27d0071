//! phoneboot's browser app: a Yew front end over `phoneboot-engine`.
//!
//! - [`state`] holds everything the page shows, changed only by actions: the
//!   form, the boot's playback, the app's state (Boot view) and the fleet's;
//! - [`http`] is the engine's `FileSource` over the browser's fetch API;
//!   [`local`] is one over files the user picked (local folder mode);
//! - [`runner`] starts the engine's work in the background (one boot, the
//!   fleet matrix, its readiness check, a comparison) and reports back as actions;
//! - [`view`] derives the panels' rows from the engine's events, and
//!   [`troubleshoot`] the trace and the network diagnosis;
//! - [`scenario`] holds the named demo scenarios;
//! - [`storage`] and [`browser`] are the small pieces of browser glue;
//! - [`pages`] are the tabs (Boot, Fleet, Diagnose), built from
//!   [`components`], the small function components; [`app::App`] is the shell;
//! - [`error`] is the web layer's one error type, [`error::WebError`];
//! - [`markup`] is what the views' `markup!` (yew's `html!`, smaller) builds with;
//! - [`bench`] exports measurements for scripts/bench.sh (feature `bench`).

// markup!, the views' html! (see src/markup.rs).
#[macro_use]
extern crate phoneboot_markup;

pub mod adapters;
pub mod app;
pub mod bench;
pub mod components;
pub mod error;
pub mod markup;
pub mod pages;
pub mod runner;
pub mod scenario;
pub mod state;
pub mod troubleshoot;
pub mod view;

// The adapters by their short names, as the rest of the crate and the tests use them.
pub use adapters::{browser, http, local, storage};

pub use app::App;
