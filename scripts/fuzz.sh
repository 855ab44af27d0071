#!/usr/bin/env bash
# Fuzzes the engine's input parsers with cargo-fuzz (libFuzzer, nightly):
#   script            - any bytes as upgrade script and settings file, through a full boot
#   readiness         - the same files through the server readiness check (every model and group)
#   option242         - any DHCP option-242 string: servers, lint, snippets, builder
#   share             - any share-link fragment
#   access_log        - any bytes as a server access log (phoneboot log, the Diagnose tab)
#   display_messages  - any text as what the phone's display shows (phoneboot says)
#   fields            - digest files, Location, group lists, GROUP, extension, model, text
#                       decoding, stored flash JSON (browser storage, --flash)
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, all targets)
# A crash leaves its input in fuzz/artifacts/<target>/; add it as a regression
# test in engine/tests and fix the cause.
#
# A run of 600 s or more (the long run of issue 15) records its figures in
# fuzz/FIGURES.md, one row per target (replacing that target's last row);
# e2e/bench.mjs copies that table into BENCHMARKS.md. Shorter runs (CI's smoke
# run) only print them.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
all=(script readiness option242 share access_log display_messages fields)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain here (rustup toolchain install nightly); skipping" >&2
  exit 0
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
figures=fuzz/FIGURES.md

# Replaces (or adds) one target's row in fuzz/FIGURES.md.
record() {
  local target=$1 row=$2 tmp
  tmp=$(mktemp)
  {
    echo "# Fuzzing figures (issue 15)"
    echo
    echo "Written by \`scripts/fuzz.sh 600\` (one row per target, its last run of 600 s or more;"
    echo "libFuzzer's own figures from the end of the run). Builds: \`cargo fuzz build -s none\`"
    echo "(no AddressSanitizer: the engine is safe Rust), release with \`--cfg fuzzing\` (smaller"
    echo "bounds, engine/src/config.rs), inputs up to 4 KB. The load average is the machine's at the"
    echo "start of the run (2 cores, shared): exec/s is wall-clock and falls with it."
    echo
    echo "| target | date (UTC) | seconds | runs | exec/s | corpus entries | coverage (edges) | features | crashes | load at start |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    if [ -f "$figures" ]; then
      grep -E '^\| [a-z0-9_]+ \| [0-9]{4}-' "$figures" | grep -v "^| $target |" || true
    fi
    echo "$row"
  } >"$tmp"
  # Header first, then the rows in target order.
  { sed -n '1,/^|---/p' "$tmp"; grep -E '^\| [a-z0-9_]+ \| [0-9]{4}-' "$tmp" | sort; } >"$figures"
  rm -f "$tmp"
}

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  # Small committed seeds (fuzz/seeds/<target>/); the script-reading targets
  # also start from the real files and the demo server (cut to -max_len).
  cp fuzz/seeds/"$t"/* "$corpus/" 2>/dev/null || true
  if [ "$t" = script ] || [ "$t" = readiness ]; then
    cp engine/tests/corpus/*.txt demo/*.txt "$corpus/" 2>/dev/null || true
  fi
  echo "fuzz: $t for ${secs}s" >&2
  log="fuzz/$t.log"
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  rc=0
  # -s none: AddressSanitizer finds memory errors in unsafe code, and the
  # engine has none (safe Rust: out-of-bounds access and overflow of a
  # slice index already panic, which libFuzzer reports as a crash); the
  # unsafe code of its dependencies (memchr, serde_json, sha2) is fuzzed
  # upstream. ASan's allocator and stack bookkeeping cost the script target
  # more than half of its speed.
  # Inputs up to 4 KB: every statement form, GET chains and both encodings
  # fit, and the bounds of the fuzz build (cfg(fuzzing)) are all reachable.
  cargo +nightly fuzz run -s none "$t" "$corpus" -- \
    -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|SUMMARY)' "$log" >&2 || true
  if [ "$rc" != 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz: $t failed (exit $rc); crashing inputs are in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  done_line=$(grep -E '^#[0-9]+ +DONE' "$log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$done_line")
  echo "fuzz: $t: $runs runs, $eps exec/s, corpus $corp, coverage $cov, features $ft, load $load" >&2
  if [ "$secs" -ge 600 ]; then
    record "$t" "| $t | $(date -u +%Y-%m-%d) | $secs | $runs | $eps | $corp | $cov | $ft | none | $load |"
    echo "fuzz: recorded in $figures" >&2
  fi
done
echo "fuzz: no crash in ${targets[*]}" >&2
