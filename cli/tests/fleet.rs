//! `phoneboot fleet`: the app's matrix from the command line. Each cell must
//! be what a single `phoneboot` boot of that phone reports (DHCP values
//! included), since the fleet and the boot share the engine's walker.

#[path = "support/cli.rs"]
mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::{json_of, run, WORKSPACE};

fn json(args: &[&str]) -> Value {
    json_of(&run(args))
}

/// The settings of a boot report or a fleet cell, as (value, source, file, line).
fn settings(v: &Value) -> Vec<(String, Value, Value, Value, Value)> {
    v.as_object()
        .expect("settings object")
        .iter()
        .map(|(k, s)| {
            (
                k.clone(),
                s["value"].clone(),
                s["source"].clone(),
                s["file"].clone(),
                s["line"].clone(),
            )
        })
        .collect()
}

#[test]
fn fleet_json_has_the_contract_shape() {
    let v = json(&["fleet", "--dir", &format!("{WORKSPACE}/demo"), "--json"]);
    let cells = v["cells"].as_array().expect("cells");
    assert!(!cells.is_empty());
    for c in cells {
        assert!(c["model"].is_string(), "{c}");
        assert!(c["group"].is_u64(), "{c}");
        assert!(c["appname"].is_string() || c["appname"].is_null(), "{c}");
        for (name, s) in c["settings"].as_object().expect("settings") {
            assert!(s["value"].is_string(), "{name}: {s}");
        }
    }
}

/// Every cell of the matrix against a single boot of the same phone, with
/// DHCP option 242 giving a value (L2QVLAN) the files do not override.
#[test]
fn each_fleet_cell_equals_a_single_boot_of_that_phone_dhcp_values_included() {
    let o242 = "HTTPSRVR=10.0.0.9,HTTPDIR=demo,L2QVLAN=20";
    let v = json(&[
        "fleet",
        "--dir",
        WORKSPACE,
        "--option242",
        o242,
        "--groups",
        "2",
        "--json",
    ]);
    let cells = v["cells"].as_array().expect("cells");
    let groups: BTreeSet<u64> = cells.iter().filter_map(|c| c["group"].as_u64()).collect();
    assert!(groups.contains(&0) && groups.contains(&2) && groups.contains(&3));
    for c in cells {
        let (model, group) = (c["model"].as_str().unwrap(), c["group"].to_string());
        let r = json(&[
            "--dir",
            WORKSPACE,
            "--option242",
            o242,
            "--model",
            model,
            "--group",
            &group,
            "--json",
        ]);
        assert_eq!(c["appname"], r["appname"], "{model} group {group}: appname");
        assert_eq!(
            settings(&c["settings"]),
            settings(&r["settings"]),
            "{model} group {group}: settings"
        );
    }
    let c = cells
        .iter()
        .find(|c| c["model"] == "1603SW" && c["group"] == 0)
        .unwrap();
    assert_eq!(c["settings"]["L2QVLAN"]["value"], "20", "the DHCP value");
    assert_eq!(c["settings"]["L2QVLAN"]["source"], "dhcp");
}
