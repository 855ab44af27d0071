//! Any bytes as the settings file (and as the upgrade script): parse, then a
//! full boot for a 1608 and a 1603. Nothing may panic, and the flash keeps
//! the application it had unless a download passed its checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::boot::{boot, BootConfig, PhoneConfig, ServerSpec};
use phoneboot_engine::{Cause, Flash, MemorySource, Model, Program};

fuzz_target!(|data: &[u8]| {
    let _ = Program::parse("fuzz.txt", data);
    let half = data.len() / 2;
    let src = MemorySource::new("mem://s/")
        .file("16xxupgrade.txt", data[..half].to_vec())
        .file("46xxsettings.txt", data[half..].to_vec())
        .file("a.txt", data.to_vec());
    for model in [Model::M1608, Model::M1603SWI] {
        let cfg = BootConfig::new(PhoneConfig::new(model), ServerSpec::BaseUrl("mem://s/".into()));
        let mut flash = Flash::with_loaded(None, Some("app.bin"));
        let before = flash.application.clone();
        let report = pollster::block_on(boot(&src, &cfg, &mut flash, Cause::PowerOn, &mut |_| {}));
        assert!(report.outcome.is_some());
        // No file in this source is firmware that passes every check but the
        // scripts' own text; if the app changed, it must have been checked.
        if flash.application != before {
            assert!(report.checks.iter().all(|c| c.status != phoneboot_engine::CheckStatus::Fail));
        }
    }
});
