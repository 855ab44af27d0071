//! The app's tabs beside the Boot view (which is the shell in `app.rs`):
//! the fleet matrix ([`FleetView`]) and the Diagnose tab ([`DiagnoseView`]).
//! Each page is built from `crate::components` and reports upward through
//! narrow callbacks.

mod diagnose;
mod diagnose_log;
mod diagnose_says;
mod fleet;
mod fleet_compare;

// Shared components the pages use by `super::`.
use crate::components::ReadinessPanel;

pub use diagnose::{diagnose_described, show_setup, DiagnoseView};
pub use fleet::FleetView;
