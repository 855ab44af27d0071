//! Any bytes as the upgrade script (first half), the settings file (second
//! half) and `a.txt` (all of it, for GET chains), through a full boot of one
//! phone: the first byte picks the model (all eight) and whether the flash is
//! factory-fresh or holds an application. Nothing may panic, every boot ends
//! with an outcome, and the flash keeps the application it had unless a
//! download passed its checks.
//!
//! One boot per input, not one per model: the first byte lets the fuzzer
//! reach every model's branches at the cost of one. The fuzz build's bounds
//! (engine/src/config.rs, `cfg(fuzzing)`) keep an input under a millisecond.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::boot::{boot, BootConfig, PhoneConfig, ServerSpec};
use phoneboot_engine::{Cause, CheckStatus, Flash, MemorySource, Model};

fuzz_target!(|data: &[u8]| {
    let pick = data.first().copied().unwrap_or(0);
    let model = Model::ALL[usize::from(pick) % Model::ALL.len()];
    let half = data.len() / 2;
    let src = MemorySource::new("mem://s/")
        .file("16xxupgrade.txt", data[..half].to_vec())
        .file("46xxsettings.txt", data[half..].to_vec())
        .file("a.txt", data.to_vec());
    let cfg = BootConfig::new(
        PhoneConfig::new(model),
        ServerSpec::BaseUrl("mem://s/".into()),
    );
    let mut flash = if pick & 8 == 0 {
        Flash::with_loaded(None, Some("app.bin"))
    } else {
        Flash::factory()
    };
    let before = flash.application.clone();
    let report = pollster::block_on(boot(&src, &cfg, &mut flash, Cause::PowerOn, &mut |_| {}));
    assert!(report.outcome.is_some());
    // No file in this source is firmware that passes every check; if the
    // application changed, it must have been checked.
    if flash.application != before {
        assert!(report.checks.iter().all(|c| c.status != CheckStatus::Fail));
    }
});
