//! Measurements that scripts/bench.sh makes in headless Chromium, exported to
//! JavaScript (trunk puts them on `window.wasmBindings`). They run the same
//! engine code the app runs; timing is done here with `performance.now()` so
//! that no JS<->wasm crossing is counted as engine time.
//!
//! Only `wasm_memory_bytes` (the firmware tests watch memory with it) is in
//! the bundle users get; the rest is built with the cargo feature `bench`,
//! which scripts/bench.sh and scripts/budgets.sh build into a bundle of their
//! own (target/dist-bench, see e2e/bench.mjs).

use wasm_bindgen::prelude::*;

/// Bytes of linear memory the wasm module has now (it only ever grows).
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(feature = "bench")]
pub use measure::*;

#[cfg(feature = "bench")]
mod measure {
    use phoneboot_engine::boot::{PhoneConfig, UPGRADE_SCRIPT};
    use phoneboot_engine::checks::StreamDigest;
    use phoneboot_engine::fleet::{evaluate, steady_state, FileSet};
    use phoneboot_engine::{Flash, Model, Program};
    use wasm_bindgen::prelude::*;

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }

    fn template_set(bytes: &[u8]) -> FileSet {
        let mut set = FileSet::new();
        set.insert(Program::parse(UPGRADE_SCRIPT, b"GET 46xxsettings.txt\n"));
        set.insert(Program::parse("46xxsettings.txt", bytes));
        set
    }

    /// Mean milliseconds to parse `bytes` as a settings file, and to execute the
    /// parsed file for one 1608 in group 3, as JSON `{"parse_ms":..,"execute_ms":..}`.
    #[wasm_bindgen]
    pub fn bench_engine(bytes: &[u8], iterations: u32) -> String {
        let n = iterations.max(1);
        let t0 = now();
        for _ in 0..n {
            std::hint::black_box(Program::parse("46xxsettings.txt", bytes));
        }
        let parse_ms = (now() - t0) / n as f64;
        let set = template_set(bytes);
        let phone = PhoneConfig {
            group: 3,
            ..PhoneConfig::new(Model::M1608)
        };
        let flash = Flash::factory();
        let runs = n * 1000;
        let t1 = now();
        for _ in 0..runs {
            std::hint::black_box(evaluate(&set, &phone, &flash));
        }
        let execute_ms = (now() - t1) / runs as f64;
        format!("{{\"parse_ms\":{parse_ms},\"execute_ms\":{execute_ms}}}")
    }

    /// Milliseconds for the fleet matrix of 8 models x `groups` groups over `bytes`
    /// (parsed once, included in the time).
    #[wasm_bindgen]
    pub fn bench_fleet(bytes: &[u8], groups: u16) -> f64 {
        let t0 = now();
        let set = template_set(bytes);
        let flash = Flash::factory();
        let mut n = 0;
        for model in Model::ALL {
            for g in 0..groups {
                n += steady_state(
                    &set,
                    &PhoneConfig {
                        group: g,
                        ..PhoneConfig::new(model)
                    },
                    &flash,
                )
                .eval
                .settings
                .len();
            }
        }
        std::hint::black_box(n);
        now() - t0
    }

    /// Incremental SHA-256 as the download path uses it, fed from JavaScript.
    #[wasm_bindgen]
    pub struct Sha256Stream(Option<StreamDigest>);

    #[wasm_bindgen]
    impl Sha256Stream {
        #[wasm_bindgen(constructor)]
        pub fn new() -> Sha256Stream {
            Sha256Stream(Some(StreamDigest::new()))
        }
        pub fn update(&mut self, chunk: &[u8]) {
            if let Some(d) = self.0.as_mut() {
                d.update(chunk);
            }
        }
        /// Lower-case hex; empty when called twice.
        pub fn finish(&mut self) -> String {
            self.0.take().map(StreamDigest::finish).unwrap_or_default()
        }
    }

    impl Default for Sha256Stream {
        fn default() -> Self {
            Self::new()
        }
    }

    /// A whole boot of a factory-fresh 1608 against `base_url` over fetch, with
    /// no page around it (events are collected, not shown): the engine's own cost
    /// on top of the network. Resolves to JSON `{"ms":..,"urls":[..]}`, `urls`
    /// being every request in order, so the caller can time raw fetches of the
    /// same files.
    #[wasm_bindgen]
    pub fn bench_boot(base_url: String) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            use phoneboot_engine::{boot, BootConfig, Cause, Event, ServerSpec};
            let config = BootConfig::new(
                PhoneConfig::new(Model::M1608),
                ServerSpec::BaseUrl(base_url),
            );
            let mut flash = Flash::factory();
            let mut urls = Vec::new();
            let t0 = now();
            let report = boot(
                // The page's source type, so that this is the boot the app runs.
                &crate::runner::PageSource::Http(crate::http::HttpSource::new()),
                &config,
                &mut flash,
                Cause::PowerOn,
                &mut |e: &Event| {
                    if let Event::Request { url, .. } = e {
                        urls.push(url.clone());
                    }
                },
            )
            .await;
            let ms = now() - t0;
            std::hint::black_box(report);
            // Not serde_json::json!: that would bring serde_json::Value into the app.
            let urls = serde_json::to_string(&urls).unwrap_or_default();
            let json = format!("{{\"ms\":{ms},\"urls\":{urls}}}");
            Ok(wasm_bindgen::JsValue::from_str(&json))
        })
    }
}
