//! Everything the page shows, and the only ways it changes, one reducer per
//! concern:
//!
//! - [`form`]: the settings panel as typed, and the `BootConfig` it makes;
//! - [`playback`]: one boot session and its display playback ([`Run`]);
//! - [`boot`]: the app's [`State`] and its [`Action`]s (the Boot view);
//! - [`fleet`]: the Fleet view's [`FleetState`] and its [`FleetAction`]s;
//! - [`access_log`]: the Diagnose tab's access-log comparison.
//!
//! The reducers are pure: storage, timers and fetches happen in the app, the
//! pages and `crate::runner`, which report back with actions.

pub mod access_log;
pub mod boot;
pub mod fleet;
mod form;
mod playback;

pub use boot::{Action, Notice, NoticeKind, State, TraceFocus, View};
pub use fleet::{FleetAction, FleetState};
pub use form::{
    parse_flash_mib, parse_group, parse_timeout, Defaults, Form, FormEdit, ServerMode,
    MAX_FLASH_MIB, MAX_TIMEOUT_S,
};
pub use playback::{Delivery, Run, VerdictTime, DELIVERY_MS, DISPLAY_MS, PROGRESS_MS};
