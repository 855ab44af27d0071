#!/usr/bin/env bash
# Measures phoneboot's speed and size and writes BENCHMARKS.md: every number
# against a baseline measured in the same run, as a ratio.
#   1. native: criterion over Avaya's 972 KB template (cargo bench -p phoneboot-engine)
#   2. the release build users get (scripts/trunk.sh build --release -> dist/) and the
#      benchmarks' own, with src/bench.rs's exports (cargo feature `bench`,
#      -> target/dist-bench/)
#   3. headless Chromium (node e2e/bench.mjs): over target/dist-bench/, the engine
#      in wasm against native, a demo boot against raw fetch(), SHA-256 in wasm
#      against WebCrypto, the fleet matrix; over dist/, time to first render
#      and the gzipped size.
# Usage: scripts/bench.sh [OUT]   (default BENCHMARKS.md at the repository root)
# Installs what is missing first (scripts/setup.sh). Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
out=${1:-BENCHMARKS.md}
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

# Results older than this run are refused by e2e/bench.mjs.
BENCH_SINCE=$(node -e 'console.log(Date.now())')
export BENCH_SINCE
# How busy the machine was when the run started (recorded on every row).
BENCH_LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
export BENCH_LOAD

step "native benchmarks (criterion)"
cargo bench -p phoneboot-engine --bench engine

step "release builds: dist/ (users) and target/dist-bench/ (with the measurement exports)"
scripts/trunk.sh build --release
scripts/trunk.sh build --release --features bench --dist target/dist-bench

step "browser benchmarks (headless Chromium)"
node e2e/bench.mjs --out "$out"
echo "bench: wrote $out" >&2
