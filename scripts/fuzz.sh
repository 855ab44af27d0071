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
# run) only print them. FUZZ_RECORD_LOG=1 records the finished run in
# fuzz/<target>.log without running again.
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
    echo "(no AddressSanitizer: the engine is safe Rust), release with debug assertions and overflow"
    echo "checks, \`--cfg fuzzing\` (smaller bounds, engine/src/config.rs), inputs up to 4 KB; script and"
    echo "readiness without -sanitizer-coverage-trace-compares (half their time went to it). The load"
    echo "average is the machine's at the start of the run (2 cores, shared): exec/s is wall-clock and"
    echo "falls with it; runs per CPU second (libFuzzer's user + system time) does not."
    echo
    echo "| target | date (UTC) | seconds | runs | exec/s | runs per CPU second | corpus entries | coverage (edges) | features | crashes | load at start |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    if [ -f "$figures" ]; then
      grep -E '^\| [a-z0-9_]+ \| [0-9]{4}-' "$figures" | grep -v "^| $target |" || true
    fi
    echo "$row"
  } >"$tmp"
  # Header first, then the rows in target order.
  { sed -n '1,/^|---/p' "$tmp"; grep -E '^\| [a-z0-9_]+ \| [0-9]{4}-' "$tmp" | sort; } >"$figures"
  rm -f "$tmp"
}

# User + system CPU seconds of this shell's finished children so far (`times`
# must run in this shell, not in a $(...) subshell).
cpu_file=$(mktemp)
trap 'rm -f "$cpu_file"' EXIT
cpu_now() {
  times >"$cpu_file"
  CPU=$(tail -1 "$cpu_file" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } printf "%.1f", t }')
}

# libFuzzer's figures at the end of a run, from its log: runs, exec/s,
# corpus entries, coverage (edges) and features, tab-separated.
figures_of() {
  local log=$1 last
  last=$(grep -E '^#[0-9]+[[:space:]].* cov: ' "$log" | tail -1 || true)
  printf '%s\t%s\t%s\t%s\t%s\n' \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
    "$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' <<<"$last")"
}

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  log="fuzz/$t.log"
  if [ "${FUZZ_RECORD_LOG:-}" = 1 ]; then
    # Records a finished run from its log (fuzz/<target>.log) without running.
    [ -f "$log" ] || { echo "fuzz: no $log to record" >&2; exit 1; }
  else
    mkdir -p "$corpus"
    # Small committed seeds (fuzz/seeds/<target>/); the script-reading targets
    # also start from the real files and the demo server (cut to -max_len).
    cp fuzz/seeds/"$t"/* "$corpus/" 2>/dev/null || true
    if [ "$t" = script ] || [ "$t" = readiness ]; then
      cp engine/tests/corpus/*.txt demo/*.txt "$corpus/" 2>/dev/null || true
    fi
    echo "fuzz: $t for ${secs}s" >&2
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
    rc=0
    # -s none: AddressSanitizer finds memory errors in unsafe code, and the
    # engine has none (safe Rust: out-of-bounds access and overflow of a
    # slice index already panic, which libFuzzer reports as a crash); the
    # unsafe code of its dependencies (memchr, serde_json, sha2) is fuzzed
    # upstream. ASan's allocator and stack bookkeeping cost the script target
    # more than half of its speed. Debug assertions and overflow checks stay
    # on (cargo fuzz's default): an overflow the release build would wrap is a crash.
    # Inputs up to 4 KB: every statement form, GET chains and both encodings
    # fit, and the bounds of the fuzz build (cfg(fuzzing)) are all reachable.
    # The targets that run whole boots spend half their time in the callbacks
    # of -sanitizer-coverage-trace-compares (every byte and length compare of
    # the parser and the walker); their keywords and parameter names are
    # string compares, which libFuzzer still sees through its memcmp hooks.
    # They are built without it, in a target dir of their own so that the
    # other targets' build is not redone; the small parsers keep it.
    build=(-s none)
    case $t in
      script | readiness) build+=(--no-trace-compares --target-dir "$PWD/fuzz/target/notc") ;;
    esac
    cargo +nightly fuzz build "${build[@]}" "$t" >&2
    cpu_now
    before=$CPU
    { echo "fuzz.sh: $t, $secs s, load at start $load, $(date -u +%Y-%m-%d)"
      cargo +nightly fuzz run "${build[@]}" "$t" "$corpus" -- \
        -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1
    } >"$log" || rc=$?
    cpu_now
    echo "fuzz.sh: CPU seconds $(awk -v a="$before" -v b="$CPU" 'BEGIN { printf "%.1f", b - a }')" >>"$log"
    grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|SUMMARY)' "$log" >&2 || true
    if [ "$rc" != 0 ]; then
      tail -40 "$log" >&2
      echo "fuzz: $t failed (exit $rc); crashing inputs are in fuzz/artifacts/$t/" >&2
      exit 1
    fi
  fi
  IFS=$'\t' read -r runs eps corp cov ft < <(figures_of "$log")
  head=$(head -1 "$log")
  load=$(sed -n 's/.*load at start \([^,]*\),.*/\1/p' <<<"$head")
  day=$(sed -n 's/.*, \([0-9-]*\)$/\1/p' <<<"$head")
  run_secs=$(sed -n 's/^fuzz.sh: [a-z0-9_]*, \([0-9]*\) s,.*/\1/p' <<<"$head")
  cpu=$(sed -n 's/^fuzz.sh: CPU seconds //p' "$log" | tail -1)
  per_cpu=$(awk -v r="$runs" -v c="${cpu:-0}" 'BEGIN { if (c > 0) printf "%.0f", r / c; else printf "?" }')
  echo "fuzz: $t: $runs runs, $eps exec/s ($per_cpu per CPU second), corpus $corp, coverage $cov, features $ft, load ${load:-?}" >&2
  if [ "${run_secs:-$secs}" -ge 600 ]; then
    record "$t" "| $t | ${day:-$(date -u -r "$log" +%Y-%m-%d)} | ${run_secs:-$secs} | $runs | $eps | $per_cpu | $corp | $cov | $ft | none | ${load:-?} |"
    echo "fuzz: recorded in $figures" >&2
  fi
done
echo "fuzz: no crash in ${targets[*]}" >&2
