//! Any string as DHCP option 242: parse it and build every server URL.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::servers::Option242;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let o = Option242::parse(&s);
    let servers = o.servers();
    for server in servers.for_scripts().chain(servers.for_applications()) {
        let url = server.url("16xxupgrade.txt");
        assert!(url.starts_with("http://") || url.starts_with("https://"));
    }
});
