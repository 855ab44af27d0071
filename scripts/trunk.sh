#!/usr/bin/env bash
# trunk, as every script here runs it: `scripts/trunk.sh build --release`,
# `scripts/trunk.sh serve --release`. A release build (the bundle users
# download, and the benchmarks' build) gets a standard library compiled for
# size: std built from source (-Zbuild-std, with std's optimize_for_size
# feature) and panics that abort at once (panic=immediate-abort), so no panic
# message, location or formatting code ships. Measured 2026-12-01 (wasm + js,
# gzip -9): about 398 KB with the prebuilt std; 377 KB with build-std and
# optimize_for_size (panic=abort); 359 KB with immediate-abort as well.
# The price of immediate-abort: yew's panic hook (console_error_panic_hook)
# never runs, so a panic shows in the browser console as "RuntimeError:
# unreachable" with the wasm stack, not as "panicked at file:line: message".
# Nothing is meant to panic (bad input is an error, never a panic); to debug
# one, set PHONEBOOT_PANIC_MESSAGES=1: the build keeps panic=abort and the hook
# prints the message and location.
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
    if [ -z "${PHONEBOOT_PANIC_MESSAGES:-}" ]; then
      export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
    fi
  fi
done
exec trunk "$@"
