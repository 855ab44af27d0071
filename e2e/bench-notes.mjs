// The parts of BENCHMARKS.md that are records rather than measurements of
// this run, for e2e/bench.mjs: the speed-ups tried for issue 15 and what they
// measured, and the fuzzing figures that scripts/fuzz.sh 600 wrote to
// fuzz/FIGURES.md (copied in, so the record survives a regeneration).

import fs from 'node:fs';
import path from 'node:path';

/** "## Speed-ups tried (issue 15)": what was tried, measured and taken. */
export function speedUpsTried() {
  return [
    '## Speed-ups tried (issue 15)',
    '',
    '- SHA-256 in wasm: `sha2` 0.10 has no wasm SIMD backend (`force-soft` is what wasm32 uses anyway,',
    '  `force-soft-compact` is the smaller, slower variant). Built at opt-level "z" its round helpers stay',
    '  calls; a per-package `opt-level = 3` in the `wasm-release` profile inlines them. Measured in one page,',
    '  16 MiB, wasm against WebCrypto, interleaved (2026-12-01, a loaded machine): 5.45× at "z", 2.95× at 3,',
    '  for 1.1 KB gzipped; taken.',
    '- SHA-256 in wasm, `sha2` 0.11 (released; 0.11.1) and the `simd128` target feature: 0.11 has a',
    '  wasm32-simd128 backend, chosen when the wasm build enables `simd128` (`.cargo/config.toml`, wasm',
    '  builds only; Chrome 91, Firefox 89, Safari 16.4 and later run it). The SHA-256 row measured for',
    '  three bench builds in one browser, round by round in alternating order (6 rounds of 5, medians;',
    '  2026-12-01, load 7 to 10 on 2 cores): sha2 0.10 4.11× (3.09×-4.99×, 1235 ms for 64 MiB), sha2 0.11',
    '  without simd128 3.48× (2.98×-3.74×, 1068 ms), sha2 0.11 with simd128 2.70× (2.29×-2.85×, 757 ms):',
    '  simd128 hashes 1.4× faster than the soft backend, and faster in every round. The bundle is 4.7 KB',
    '  smaller gzipped with simd128 (394.0 KB against 398.7 KB, bench builds of the same code). Taken.',
    '  The ratio moves with the load (WebCrypto hashes on another thread): this row read 2.71× for sha2',
    '  0.10 in a run at load 17.',
    '- SHA-256, copies: each 1 MiB chunk is copied into wasm memory before it is hashed (wasm-bindgen\'s',
    '  `&[u8]`), as the app\'s download path copies each stream chunk (`Uint8Array::to_vec` in',
    '  src/adapters/browser.rs); a copy runs at several GB/s against a few hundred MiB/s for the hash, so',
    '  about 1% (estimated, not measured); neither was changed. Other crates: `ring` needs a C toolchain',
    '  for wasm32 and has no wasm SIMD code; not tried.',
    '- SHA-256, another maintained crate and the copy, measured (2026-12-01, load 6 to 9 on 2 cores): a',
    '  test page of its own with sha2 0.11 (simd128) and `hmac-sha256` 1.x (jedisct1\'s pure-Rust',
    '  SHA-256), both at opt-level 3 with LTO, fed the same 64 MiB in 1 MiB chunks, against one',
    '  WebCrypto digest, interleaved, medians of 15 rounds, two runs: sha2 2.59× and 2.45×, hmac-sha256',
    '  3.28× and 3.47×; hashing 64 MiB already in wasm memory (no copy in) read 2.36× and 2.63×, so the',
    '  copy of each chunk is within the run-to-run spread. sha2 stays; wasm-opt -O3 against -Oz on that',
    '  page was within the spread too (CPU time of 9 runs in Node.js: medians 226 to 274 ms either way).',
    '- The engine at opt-level 3 in the wasm build: the template parsed 1.25× faster (2.18 ms against',
    '  1.74 ms, same run) for 36 KB more gzipped; not taken (the size budget matters more).',
    '- First render, the wasm and js sent gzip-compressed by e2e/server.mjs (as nginx `gzip_static` or a',
    '  CDN would; the baseline\'s CSS compressed too): 880 KB of wasm becomes 361 KB, but on 127.0.0.1',
    '  the transfer is not what waits: app FCP 428 ms plain against 440 ms gzip, 12 interleaved cold',
    '  loads each (2026-12-01, load 8 to 10 on 2 cores). Not taken; over a real network it is the',
    '  deployment\'s job, and worth doing there.',
    '- First render, the phone\'s fixed front (136 of the 275 nodes) as one SVG string inserted at once:',
    '  first render 36 -> 30 ms of thread CPU (8 traced loads, load 7). Reverted: the app never builds',
    '  HTML from strings (e2e/hostile.test.mjs). The keys as one path per kind (136 -> 67 nodes) took',
    '  its place: 30.2 -> 27.9 ms (20 traced loads each, load 6 to 9).',
    '- First render, the page built in a detached element and put into the body once built (one',
    '  insertion instead of one per node): first render 37.1 ms of thread CPU against 32.3 ms without, no phase',
    '  cheaper (20 traced loads each, load 9.7); the insertion only moved into the effects\' timer. Not',
    '  taken.',
    '- UI boot, the script trace\'s rows (half the 1173 nodes at the end of the demo boot) written as one',
    '  escaped markup string the browser parses at once (`Html::from_html_unchecked`): 125 ms -> 110 ms for',
    '  the UI boot (uiBoot procedure, medians of 15 interleaved rounds against the branch without it, load',
    '  5-6, 2026-12-01); not taken: the app never builds HTML from strings (e2e/hostile.test.mjs).',
    '- UI boot, wasm-bindgen\'s `enable-interning` (yew interns attribute names): 85 ms -> 82 ms, ratio',
    '  1.81x -> 1.99x (41 interleaved rounds, load 10-11: within the noise) for 2 KB more gzipped; not taken.',
    '- Fleet UI, not taken (2026-12-01, load 7 to 13 on 2 cores; medians of 12 to 14 interleaved runs in one',
    '  browser, the UI\'s compute phase): 16 ms between yields instead of 8, 87 ms against 95 ms, within the noise,',
    '  and frames up to a chunk later; progress every 50 or 250 ms instead of 100, 103 and 98 ms against 78 ms',
    '  (their lowest quarters alike: 67, 67 and 65 ms);',
    '  no Computing status before the first report, 72 against 81 ms once the status kept its height (the page',
    '  would say Fetching while it computes); the old matrix off the page when a run starts, 74 against 95 ms,',
    '  but 27 ms instead of 6 to show the new table (built from scratch) and the old results gone meanwhile;',
    '  a MessageChannel yield instead of `setTimeout(0)` before the first chunk, 157 against 152 ms.',
    '',
  ];
}

/** "## Size reductions tried (issue 15)": each attempt at the release bundle's size, measured. */
export function sizeReductionsTried() {
  return [
    '## Size reductions tried (issue 15)',
    '',
    'wasm + js of `dist/`, gzip -9, measured 2026-12-01 (the wasm alone where marked):',
    '',
    '- std built for size by `scripts/trunk.sh` (`-Zbuild-std=std,panic_abort`, std feature',
    '  `optimize_for_size`, on stable with `RUSTC_BOOTSTRAP=1` for release bundles only): about 398 KB',
    '  to 377 KB; with `-Cpanic=immediate-abort` as well, 359 KB (panics lose their console message,',
    '  `PHONEBOOT_PANIC_MESSAGES=1` keeps it); taken.',
    '- opt-level "s" instead of "z" (with build-std): wasm 357 KB -> 426 KB; not taken.',
    '- wasm-opt beyond `-Oz` (wasm alone): `--converge` -0.2 KB, `--gufa -Oz` -0.2 KB, `--converge --gufa -Oz`',
    '  -0.2 KB, `--strip-debug --strip-producers` -0.1 KB, `-Os` 0 KB; not taken (not worth the build time).',
    '- 2026-12-01 (helper `size`): `-Ctarget-feature=+simd128` added to the release flags (which replace',
    "  `.cargo/config.toml`'s): 0 KB (sha2 and LLVM emit the same SIMD either way); `-Zinline-mir=no`: 0 KB",
    '  (3 bytes); not taken.',
    "- ASCII case instead of Unicode's in display-message matching and model names (the messages and names",
    "  are ASCII): drops `char::to_lowercase`/`to_uppercase`'s tables (24 KB raw of .rodata), 356.9 KB ->",
    '  343.8 KB; taken.',
    "- Timings and sizes written by an integer `text::fixed` instead of `{:.N}`: +2.7 KB raw (the function and",
    "  u128 formatting), because core's float formatting stays while phone.rs writes f64 coordinates with",
    "  `{}` (its shortest form shares `<f64 as Display>::fmt`); not taken. Worth trying again once no view",
    '  formats an f64 (about 9 KB raw of Grisu/Dragon4 code and tables would go).',
    '- Looked at, too small or not safe: hashbrown (16 KB raw over 30 key/value types, 1 KB per type at',
    "  most), serde_json's reader (18 KB raw, plus its 2.5 KB table of powers of ten, all for the stored flash:",
    "  a hand-written reader would change the CLI's `--flash` error wordings and needs exact f64 parsing),",
    "  `{:?}` of str/char (Unicode's printable tables, 1.6 KB raw; the escapes are what users see).",
    '- Left (twiggy on the names-kept build after `wasm-opt -Oz -g`, 856 KB raw): the components and pages',
    '  38% (each `html!` element is code: about 300 bytes of stores, boxes and calls), the engine 18%,',
    '  std/alloc/core 15%, `.rodata` 12% (104 KB raw, 46 KB gzipped: 29 KB of it strings, the rest mostly',
    '  vtables of closures and tables of string slices), runner/state/adapters 8%, the yew runtime 6%,',
    "  serde 3%. 250 KB needs lighter views (static markup as one raw fragment, one component over data",
    '  for repeated rows) and the wordings the first screen does not need loaded beside the wasm.',
    '',
  ];
}

/** "## Fuzzing (issue 15)": the table of fuzz/FIGURES.md, or a note that there is none yet. */
export function fuzzSection(root) {
  const file = path.join(root, 'fuzz', 'FIGURES.md');
  const rows = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('|'))
    : [];
  return [
    '## Fuzzing (issue 15)',
    '',
    'The last run of `scripts/fuzz.sh 600` per target (libFuzzer\'s own figures at the end of each',
    'run, copied from `fuzz/FIGURES.md`, which the script writes). Built with `cargo fuzz -s none`',
    '(no AddressSanitizer: the engine is safe Rust), debug assertions and overflow checks on, and the',
    'smaller bounds of `cfg(fuzzing)` (engine/src/config.rs); `script` and `readiness` without',
    '`-sanitizer-coverage-trace-compares` (half their time went to its callbacks; the readiness run',
    'of 2026-12-01 still had it); inputs up to 4 KB.',
    'exec/s is per wall-clock second, so it falls with the load of a shared machine (the last column);',
    'runs per CPU second (the fuzzer\'s user + system time) does not.',
    '',
    ...(rows.length > 2 ? rows : ['No 600 s run recorded yet: run `scripts/fuzz.sh 600`.']),
    '',
  ];
}
