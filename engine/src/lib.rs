//! phoneboot's engine: everything an Avaya one-X 1600-series IP phone decides
//! while it boots, with no browser and no I/O in it.
//!
//! - [`script`] parses upgrade scripts and settings files once into a
//!   [`Program`]; [`interp`] executes a program against one phone's variables.
//! - [`catalog`] knows the parameters a 1600 honours and validates SETs.
//! - [`servers`] parses DHCP option 242 and builds file URLs.
//! - [`walk`] is the one I/O-free walker of a boot session (passes, GET
//!   chain, APPNAME decision, bounds, language files, restore, flash writes);
//!   [`apply`] is the observer that applies SETs for it.
//! - [`boot()`] drives the walker over any [`FileSource`], emitting
//!   [`Event`]s and returning a [`Report`]; [`fleet`] drives the same walker
//!   for many phones against files fetched and parsed once.
//!
//! The behaviour follows `shared/spec/boot-flow.md`; tests name its sections.
//!
//! Every public item is documented (`missing_docs`); modules written before
//! the lint carry `#[allow(missing_docs)]` on their `pub mod` line below
//! until they are (ARCHITECTURE.md, "Lints").
#![warn(missing_docs)]

#[allow(missing_docs)]
pub mod access_log;
#[allow(missing_docs)]
pub mod apply;
pub mod boot;
#[allow(missing_docs)]
pub mod catalog;
#[allow(missing_docs)]
pub mod checks;
#[allow(missing_docs)]
pub mod config;
#[allow(missing_docs)]
pub mod diag;
#[allow(missing_docs)]
pub mod diagnose;
#[allow(missing_docs)]
pub mod display_messages;
#[allow(missing_docs)]
pub mod events;
#[allow(missing_docs)]
pub mod fleet;
#[allow(missing_docs)]
pub mod interp;
#[allow(missing_docs)]
pub mod model;
pub mod names;
#[allow(missing_docs)]
pub mod option242;
pub mod outcome;
#[allow(missing_docs)]
pub mod readiness;
#[allow(missing_docs)]
pub mod report;
#[allow(missing_docs)]
pub mod script;
#[allow(missing_docs)]
pub mod servers;
#[allow(missing_docs)]
pub mod share;
#[allow(missing_docs)]
pub mod source;
#[doc(hidden)]
pub mod testing;
#[allow(missing_docs)]
pub mod text;
#[allow(missing_docs)]
pub mod walk;
#[allow(missing_docs)]
pub mod warn;

pub use boot::boot;
pub use config::{BootConfig, Bound, Flash, Group, PhoneConfig, ServerSpec};
pub use diag::{Code, Severity, Warning};
pub use events::*;
pub use model::Model;
pub use report::Report;
pub use script::Program;
pub use source::{FileSource, MemorySource};
