//! Any string as DHCP option 242: parse it and build every server URL, lint
//! it, write its DHCP server snippets (`phoneboot option242`), and rebuild it
//! with the option-242 builder (the Diagnose tab's form).
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::option242::{check, lint, Builder};
use phoneboot_engine::servers::Option242;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let o = Option242::parse(&s);
    let servers = o.servers();
    for server in servers.for_scripts().chain(servers.for_applications()) {
        let url = server.url("16xxupgrade.txt");
        assert!(url.starts_with("http://") || url.starts_with("https://"));
    }
    let checked = check(&s);
    for (name, snippet) in checked.snippets.all() {
        assert!(!name.is_empty());
        assert!(!snippet.is_empty(), "{name}: empty snippet");
    }
    // The builder's string, read and written again.
    let built = Builder::from_string(&s).build();
    let _ = lint(&built);
    let again = Builder::from_string(&built).build();
    let _ = lint(&again);
});
