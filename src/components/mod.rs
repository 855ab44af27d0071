//! Small function components. Each renders what it is given and reports
//! user intent upward through `Callback`s; none holds app state.

mod checks;
mod controls;
mod copy_button;
mod decisions;
mod emu_note;
mod export;
mod flash_panel;
mod local_files;
mod network_banner;
mod notice;
mod option242_builder;
mod outcome;
mod passes;
mod phone;
mod request_log;
mod settings_form;
mod settings_table;
mod share;
mod trace;
mod warnings;

pub use checks::ChecksPanel;
pub use controls::{Controls, PlaybackBar};
pub use decisions::DecisionPanel;
pub use emu_note::EmuNote;
pub use export::ExportPanel;
pub use flash_panel::FlashPanel;
pub use local_files::{drag_hover, LocalFilesPicker};
pub use network_banner::NetworkBanner;
pub use notice::NoticeBar;
pub use option242_builder::Option242Builder;
pub use outcome::OutcomePanel;
pub use passes::PassesPanel;
pub use phone::Phone;
pub use request_log::RequestLog;
pub use settings_form::SettingsForm;
pub use settings_table::SettingsTable;
pub use share::ShareBox;
pub use trace::TracePanel;
pub use warnings::WarningsPanel;
