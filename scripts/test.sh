#!/usr/bin/env bash
# Runs every test of phoneboot: formatting and lints, the engine and CLI
# natively, a short fuzz run (where a nightly toolchain is present), the browser glue in headless Chromium (wasm-bindgen-test), and the
# whole app in headless Chromium (Playwright over a release build), then the
# size and speed budgets (scripts/budgets.sh).
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --exclude phoneboot-web --all-targets -- -D warnings
cargo clippy -p phoneboot-web --target wasm32-unknown-unknown --all-targets -- -D warnings
# The benchmarks' build (src/bench.rs behind the feature `bench`, scripts/bench.sh).
cargo clippy -p phoneboot-web --features bench --target wasm32-unknown-unknown --all-targets -- -D warnings
# The web crate's native tests (tests/pure.rs), which the wasm lints above do not build.
cargo clippy -p phoneboot-web --test pure -- -D warnings

step "engine and CLI (native)"
cargo test --workspace --exclude phoneboot-web

step "web crate's pure logic (native: reducers, rows, trace, share links)"
cargo test -p phoneboot-web --test pure

step "architecture invariants (ARCHITECTURE.md)"
bash scripts/check-architecture.sh

step "fuzz smoke run: every target of scripts/fuzz.sh (skipped without a nightly toolchain)"
# A short run of each target on every CI run; scripts/fuzz.sh 600 is the long one.
bash scripts/fuzz.sh "${FUZZ_SECONDS:-15}"

step "browser glue (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p phoneboot-web --target wasm32-unknown-unknown

step "release build"
scripts/trunk.sh build --release

step "the app end to end (Playwright in headless Chromium)"
node --test --test-concurrency=1 e2e/

step "budgets: size and speed ratios (headless Chromium against native)"
bash scripts/budgets.sh
