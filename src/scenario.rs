//! Named demo scenarios for documentation demos (demo/scenarios.md): each is a
//! folder of the built-in demo server and what the phone's flash holds.

use phoneboot_engine::{Flash, Model};

/// The boot code every scenario's server offers.
pub const DEMO_BOOT_CODE: &str = "hb16xxdemo_r1_5.bin";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Empty flash, the default demo folder.
    FactoryFresh,
    /// Flash holds what the default demo folder offers.
    AlreadyCurrent,
    /// Flash holds an older application than the default demo folder offers.
    NewFirmware,
    /// Flash holds the current application; demo/broken/ offers a newer one whose digest does not match.
    Corrupt,
}

impl Scenario {
    pub const ALL: [Scenario; 4] = [
        Scenario::FactoryFresh,
        Scenario::AlreadyCurrent,
        Scenario::NewFirmware,
        Scenario::Corrupt,
    ];

    /// A stable name, for the select and for tests.
    pub fn id(self) -> &'static str {
        match self {
            Scenario::FactoryFresh => "factory-fresh",
            Scenario::AlreadyCurrent => "already-current",
            Scenario::NewFirmware => "new-firmware",
            Scenario::Corrupt => "corrupt-firmware",
        }
    }

    pub fn parse(id: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn title(self) -> &'static str {
        match self {
            Scenario::FactoryFresh => "Factory-fresh phone",
            Scenario::AlreadyCurrent => "Phone already current",
            Scenario::NewFirmware => "New firmware available",
            Scenario::Corrupt => "Corrupt firmware",
        }
    }

    /// The demo folder, relative to the default demo server URL.
    pub fn folder(self) -> &'static str {
        match self {
            Scenario::Corrupt => "broken/",
            _ => "",
        }
    }

    /// The boot code and application names flash holds at the start.
    pub fn loaded(self, model: Model) -> (Option<&'static str>, Option<String>) {
        let m = model.model4();
        match self {
            Scenario::FactoryFresh => (None, None),
            Scenario::AlreadyCurrent | Scenario::Corrupt => {
                (Some(DEMO_BOOT_CODE), Some(current_app(model)))
            }
            Scenario::NewFirmware => (Some(DEMO_BOOT_CODE), Some(format!("ha{m}demo_r1_9.bin"))),
        }
    }

    /// The flash a phone of `model` starts the scenario with.
    pub fn flash(self, model: Model, group: Option<u16>, mac: &str) -> Flash {
        let (boot, app) = self.loaded(model);
        Flash {
            model: Some(model),
            group,
            mac: Some(mac.to_owned()),
            ..Flash::with_loaded(boot, app.as_deref())
        }
    }

    /// Whether `flash` still holds exactly what the scenario put there for `model`.
    pub fn holds(self, flash: &Flash, model: Model) -> bool {
        let (boot, app) = self.loaded(model);
        let name = |f: &Option<phoneboot_engine::LoadedFile>| f.as_ref().map(|f| f.name.clone());
        name(&flash.boot_code).as_deref() == boot
            && name(&flash.application) == app
            && flash.settings.is_empty()
    }

    /// What will happen when the phone boots, in one line.
    pub fn explain(self, model: Model) -> String {
        let app = current_app(model);
        match self {
            Scenario::FactoryFresh => format!(
                "Flash is empty: the {model} downloads the boot code {DEMO_BOOT_CODE}, restarts, downloads {app}, restarts, then applies 46xxsettings.txt."
            ),
            Scenario::AlreadyCurrent => format!(
                "Flash already holds {DEMO_BOOT_CODE} and {app}: the {model} downloads nothing and goes straight to the settings."
            ),
            Scenario::NewFirmware => format!(
                "Flash holds the older {}: the {model} downloads {app}, checks it, saves it to flash, restarts, then applies the settings.",
                self.loaded(model).1.unwrap_or_default()
            ),
            Scenario::Corrupt => format!(
                "Flash holds {app}; demo/broken/ offers {} whose SHA-256 does not match: it is never written to flash, and the emulator stops the restart loop after {} restarts.",
                app.replace("r2_0", "r2_1"),
                phoneboot_engine::config::MAX_RESTARTS
            ),
        }
    }
}

/// The application the default demo folder offers a model's family.
pub fn current_app(model: Model) -> String {
    format!("ha{}demo_r2_0.bin", model.model4())
}
