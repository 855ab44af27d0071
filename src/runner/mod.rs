//! The page's side of the work the engine does: each runner starts an engine
//! run in the background (fetches, timers) and reports back to a reducer with
//! actions. [`boot`] runs one phone's boot session (the Boot view);
//! [`fleet`] fetches a server's files once and computes the Fleet view's
//! matrix, its readiness check and its comparison; [`access_log`] reads a
//! server's log and boots the phone to lay beside it (the Diagnose tab).

pub mod access_log;
pub mod boot;
pub mod fleet;

pub use boot::{spawn_boot, spawn_boot_from, PageSource};
