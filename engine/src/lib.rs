//! phoneboot's engine: everything an Avaya one-X 1600-series IP phone decides
//! while it boots, with no browser and no I/O in it.
//!
//! - [`script`] parses upgrade scripts and settings files once into a
//!   [`Program`]; [`interp`] executes a program against one phone's variables.
//! - [`catalog`] knows the parameters a 1600 honours and validates SETs.
//! - [`servers`] parses DHCP option 242 and builds file URLs.
//! - [`boot()`] runs the boot sequence over any [`FileSource`], emitting
//!   [`Event`]s and returning a [`Report`]; [`fleet`] evaluates many phones
//!   against files fetched and parsed once.
//!
//! The behaviour follows `shared/spec/boot-flow.md`; tests name its sections.

pub mod boot;
pub mod catalog;
pub mod checks;
pub mod diag;
pub mod diagnose;
pub mod events;
pub mod fleet;
pub mod interp;
pub mod model;
pub mod names;
pub mod option242;
pub mod readiness;
pub mod report;
pub mod script;
pub mod servers;
pub mod share;
pub mod source;
pub mod text;

pub use boot::{boot, BootConfig, Flash, PhoneConfig, ServerSpec};
pub use diag::{Code, Severity, Warning};
pub use events::*;
pub use model::Model;
pub use report::Report;
pub use script::Program;
pub use source::{FileSource, MemorySource};
