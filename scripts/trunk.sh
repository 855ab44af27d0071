#!/usr/bin/env bash
# trunk, as every script here runs it: `scripts/trunk.sh build --release`,
# `scripts/trunk.sh serve --release`. A release build (the bundle users
# download, and the benchmarks' build) gets a standard library compiled for
# size: std built from source (-Zbuild-std, with std's optimize_for_size
# feature) and panics that abort at once (panic=immediate-abort), so no panic
# message, location or formatting code ships. Measured 2026-12-01: the wasm
# 396 KB -> 357 KB gzipped. A panic still shows in the browser console, as
# "RuntimeError: unreachable" with the wasm stack, which is all the default
# hook ever showed on wasm32-unknown-unknown (it prints to a stderr that goes
# nowhere).
#
# Those are unstable options and CI has a stable toolchain only:
# RUSTC_BOOTSTRAP=1 lets this stable toolchain take them, for these builds
# only. It needs the rust-src component (scripts/setup.sh adds it). Everything
# else stays on plain stable and is untouched: the flags apply to release
# builds only, which trunk makes with the wasm-release profile and
# --target wasm32-unknown-unknown (own directories under target/), so native
# builds, clippy and the wasm tests (dev profile) keep their caches.
# A plain `trunk build --release` still works; its bundle is just larger.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
for arg in "$@"; do
  if [ "$arg" = --release ]; then
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
  fi
done
exec trunk "$@"
