#!/usr/bin/env bash
# Installs whatever this machine lacks to build, serve and test phoneboot.
# Idempotent and quick when everything is present: each step checks first, so
# both README commands (serve, test) and CI can call it unconditionally.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release bundle's standard library is built from source for size
# (scripts/trunk.sh): that needs std's source.
if ! rustup component list --installed | grep -qx rust-src; then
  log "adding the rust-src component"
  rustup component add rust-src
fi
# std's own dependencies (its Cargo.lock in rust-src), downloaded once: trunk
# builds offline (Trunk.toml), and a build of std from source on a machine
# whose registry cache lacks them fails with "no matching package named
# `moto-rt` found".
std_manifest="$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
if ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --manifest-path "$std_manifest" >/dev/null 2>&1; then
  log "downloading the standard library's dependencies (for the size-built release bundle)"
  RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$std_manifest"
fi

# trunk 0.22 needs a newer rustc than the one here; 0.21.14 is known to work.
TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock to the patch level.
# Not --locked: one of its locked dependencies is gone from the registry.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  log "installing wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
APT_UPDATED=
# apt-get install, with one apt-get update per run before the first install.
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# apt_install for packages that come with a service (nginx, DHCP servers): a
# policy-rc.d that refuses every service start is in place during the install
# (Debian starts services on install otherwise), unless one is there already.
apt_install_no_start() {
  local own=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# phoneboot setup: no service starts during this install\nexit 101\n' \
      | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    own=1
  fi
  apt_install "$@"
  if [ -n "$own" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# nginx and openssl for the tests against a real server (e2e/nginx.mjs,
# cli/tests/support/nginx.rs): each test starts its own nginx on 127.0.0.1 with
# a config and certificates made at test time. The package must not leave
# nginx running as a system service: no service starts during the install
# (apt_install_no_start), and the service is stopped and disabled after it.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null; then
  log "installing Debian's nginx and openssl (the tests start their own nginx)"
  apt_install_no_start nginx openssl
  $SUDO service nginx stop >/dev/null 2>&1 || true
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null; then
    $SUDO update-rc.d nginx disable >/dev/null 2>&1 || true
  fi
fi

# npm packages: playwright-core (drives Debian's chromium; never downloads a
# browser) and binaryen's wasm-opt (Debian's is too old for current rustc).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# DHCP servers' own config checkers, for the option-242 snippet tests
# (engine/tests/option242_snippets.rs): dnsmasq --test, dhcpd -t, kea-dhcp4 -t.
# Only the binaries are wanted: no daemon may start, so a policy-rc.d that
# refuses every service start is in place during the install (Debian starts
# services on install otherwise), and anything started anyway is stopped.
if ! command -v dnsmasq >/dev/null || ! command -v dhcpd >/dev/null \
   || ! command -v kea-dhcp4 >/dev/null; then
  log "installing DHCP config checkers (dnsmasq-base, isc-dhcp-server, kea-dhcp4-server)"
  apt_install_no_start --no-install-recommends dnsmasq-base isc-dhcp-server kea-dhcp4-server
  for svc in isc-dhcp-server kea-dhcp4-server; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then
      $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
  done
fi
