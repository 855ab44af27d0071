//! Any bytes as a provisioning server's access log (`phoneboot log`, the
//! Diagnose tab): read whole and in two pieces cut anywhere, which must agree,
//! then every phone-like client laid beside one emulated boot.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use phoneboot_engine::access_log::{compare, parse, LogReader};
use phoneboot_engine::boot::{boot, BootConfig, PhoneConfig, ServerSpec};
use phoneboot_engine::{Cause, Flash, MemorySource, Model, Report};

/// One boot of a 1608 from the demo's scripts (no firmware: its requests
/// fail, which the comparison explains too), made once.
fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let src = MemorySource::new("mem://s/")
            .file(
                "16xxupgrade.txt",
                include_bytes!("../../demo/16xxupgrade.txt").to_vec(),
            )
            .file(
                "46xxsettings.txt",
                include_bytes!("../../demo/46xxsettings.txt").to_vec(),
            );
        let cfg = BootConfig::new(
            PhoneConfig::new(Model::M1608),
            ServerSpec::BaseUrl("mem://s/".into()),
        );
        let mut flash = Flash::factory();
        pollster::block_on(boot(&src, &cfg, &mut flash, Cause::PowerOn, &mut |_| {}))
    })
}

fuzz_target!(|data: &[u8]| {
    let whole = parse(data);
    let cut = data
        .first()
        .map_or(0, |b| usize::from(*b) * data.len() / 256);
    let mut reader = LogReader::new();
    reader.push(&data[..cut]);
    reader.push(&data[cut..]);
    assert_eq!(reader.finish(), whole, "cut at {cut}");
    let Ok(log) = whole else { return };
    for client in &log.clients {
        let c = compare(&log, client, report());
        assert_eq!(c.client, client.client);
        let _ = c.to_json();
    }
});
