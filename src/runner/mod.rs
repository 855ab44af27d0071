//! The page's side of the work the engine does: each runner starts an engine
//! run in the background (fetches, timers) and reports back to a reducer with
//! actions. [`boot`] runs one phone's boot session (the Boot view);
//! [`fleet`] fetches a server's files once and computes the Fleet view's
//! matrix, its readiness check and its comparison.

pub mod boot;
pub mod fleet;

pub use boot::{spawn_boot, spawn_boot_from, PageSource};
