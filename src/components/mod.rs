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
pub use controls::{controls, playback_bar, ControlsProps, PlaybackProps};
pub use decisions::decision_panel;
pub use emu_note::emu_note;
pub use export::{export_panel, ExportProps};
pub use flash_panel::flash_panel;
pub use local_files::{drag_hover, LocalFilesPicker};
pub use network_banner::network_banner;
pub use notice::notice_bar;
pub use option242_builder::Option242Builder;
pub use outcome::{outcome_panel, OutcomeProps};
pub use passes::passes_panel;
pub use phone::Phone;
pub use request_log::RequestLog;
pub use settings_form::{settings_form, SettingsFormProps};
pub use settings_table::{settings_table, SettingsTableProps};
pub use share::ShareBox;
pub use trace::TracePanel;
pub use warnings::warnings_panel;
