#!/usr/bin/env bash
# Fuzzes the engine's input parsers with cargo-fuzz (libFuzzer, nightly):
#   script     - any bytes as upgrade script and settings file, through a full boot
#   option242  - any DHCP option-242 string
#   share      - any share-link fragment
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, all targets)
# A crash leaves its input in fuzz/artifacts/<target>/; add it as a regression
# test in engine/tests and fix the cause.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(script option242 share)
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain here (rustup toolchain install nightly); skipping" >&2
  exit 0
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  # Seed the script fuzzer with the real files and the demo server.
  if [ "$t" = script ]; then cp engine/tests/corpus/*.txt demo/*.txt "fuzz/corpus/$t/" 2>/dev/null || true; fi
  echo "fuzz: $t for ${secs}s" >&2
  log="fuzz/$t.log"
  rc=0
  # Inputs up to 8 KB: every statement form, GET chains and both encodings fit,
  # and the script target runs about three times as many inputs a second as
  # with 64 KB ones (Avaya's template, a seed, is cut to its first 8 KB).
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 >"$log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|SUMMARY)' "$log" >&2 || true
  if [ "$rc" != 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz: $t failed (exit $rc); crashing inputs are in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
echo "fuzz: no crash in ${targets[*]}" >&2
