//! The fleet's chunked compute in headless Chromium (wasm-bindgen-test): it
//! yields to the browser's event loop, so it runs only there. The matrix's
//! lookups and the reducer run natively (tests/pure/fleet.rs); the view end to
//! end in e2e/fleet.test.mjs.
#![cfg(target_arch = "wasm32")]

#[path = "support/fleet_fixture.rs"]
mod fixture;

use phoneboot_web::runner::fleet::compute;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_chunked_compute_lays_cells_out_row_major_each_compared_with_its_row_first() {
    let files = fixture::files();
    let groups = [0, 2, 5];
    let (cells, differs, params) = compute(&files, &groups, &|_, _| {}, &|| false)
        .await
        .expect("not cancelled");
    let (want_cells, want_differs) = fixture::expected_layout(&files, &groups);
    assert_eq!(cells.len(), 8 * 3);
    assert_eq!(cells, want_cells);
    assert_eq!(differs, want_differs);
    // Group 2 differs (a VLAN) in every row; group 5 gets what group 0 gets.
    assert!(differs.iter().skip(1).step_by(3).all(|d| *d));
    assert!(!differs.iter().skip(2).step_by(3).any(|d| *d));
    assert_eq!(params, fixture::PARAMS);
}
