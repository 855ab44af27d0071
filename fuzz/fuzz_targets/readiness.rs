//! Any bytes as a server's upgrade script (first half) and settings file
//! (second half), also as `a.txt` and `SHA256SUMS`: the readiness check of
//! the server for every model and every group its files test (`phoneboot
//! ready`, the Diagnose tab), and its table as JSON and CSV.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::boot::ServerSpec;
use phoneboot_engine::readiness::readiness;
use phoneboot_engine::MemorySource;

fuzz_target!(|data: &[u8]| {
    let half = data.len() / 2;
    let src = MemorySource::new("mem://s/")
        .file("16xxupgrade.txt", data[..half].to_vec())
        .file("46xxsettings.txt", data[half..].to_vec())
        .file("a.txt", data.to_vec())
        .file("SHA256SUMS", data.to_vec());
    let spec = ServerSpec::BaseUrl("mem://s/".into());
    let r = pollster::block_on(readiness(&src, &spec, "mem://s/", &[], 1000));
    assert!(r.groups.contains(&0));
    let _ = r.summary();
    let _ = r.to_csv();
    let _ = r.to_json();
});
