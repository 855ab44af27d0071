//! Prepares the embedded parameter table. The browser build drops the
//! summary column (nothing in the app shows it, and every byte of the wasm is
//! downloaded by every user); native builds keep the table whole.

use std::{env, fs, path::Path};

fn main() {
    let src = "data/params-16xx.tsv";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("engine/data/params-16xx.tsv");
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let out: String = if wasm {
        text.lines()
            .map(|l| {
                let mut f: Vec<&str> = l.split('\t').collect();
                if f.len() > 6 {
                    f[6] = "";
                }
                f.join("\t") + "\n"
            })
            .collect()
    } else {
        text
    };
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("params-16xx.tsv");
    fs::write(dest, out).expect("write the parameter table");
}
