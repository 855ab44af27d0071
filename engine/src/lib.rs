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
//! Every public item is documented (`missing_docs`, no exception:
//! `scripts/check-architecture.sh` refuses an `allow(missing_docs)` here).
#![warn(missing_docs)]

pub mod access_log;
pub mod apply;
pub mod boot;
pub mod catalog;
pub mod checks;
pub mod config;
pub mod decimal;
pub mod diag;
pub mod diagnose;
pub mod display_messages;
pub mod events;
pub mod fleet;
pub mod interp;
pub mod model;
pub mod names;
pub mod option242;
pub mod outcome;
pub mod readiness;
pub mod report;
pub mod script;
pub mod servers;
pub mod share;
pub mod source;
#[doc(hidden)]
pub mod testing;
pub mod text;
pub mod walk;
pub mod warn;

pub use boot::boot;
pub use config::{BootConfig, Bound, Flash, Group, PhoneConfig, ServerSpec};
pub use diag::{Code, Severity, Warning};
pub use events::*;
pub use model::Model;
pub use report::Report;
pub use script::Program;
pub use source::{FileSource, MemorySource};
