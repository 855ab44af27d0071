//! Any string as a share-link fragment: decoding never panics, and whatever
//! it decodes to encodes and decodes back to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use phoneboot_engine::boot::{PhoneConfig, ServerSpec};
use phoneboot_engine::share::Shared;
use phoneboot_engine::Model;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let default = Shared {
        phone: PhoneConfig::new(Model::M1608),
        server: ServerSpec::BaseUrl("http://127.0.0.1:8080/demo/".into()),
        bootname: String::new(),
        appname: String::new(),
    };
    if let Some(decoded) = Shared::from_fragment(&s, &default) {
        let again = Shared::from_fragment(&decoded.to_fragment(), &default);
        assert_eq!(again.as_ref(), Some(&decoded));
    }
});
