//! The app's tabs, each a page built from `crate::components`: the Boot tab
//! ([`BootPage`]), the fleet matrix ([`FleetView`]) and the Diagnose tab
//! ([`diagnose_view`]). The shell (`crate::app`) shows one at a time.

mod boot;
mod diagnose;
mod diagnose_log;
mod diagnose_says;
mod fleet;
mod fleet_compare;
mod fleet_readiness;

pub use boot::{AppState, BootPage};
pub use diagnose::{diagnose_described, diagnose_view, show_setup, DiagnoseViewProps};
pub use fleet::FleetView;
