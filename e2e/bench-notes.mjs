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
    '- The engine at opt-level 3 in the wasm build: the template parsed 1.25× faster (2.18 ms against',
    '  1.74 ms, same run) for 36 KB more gzipped; not taken (the size budget matters more).',
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
    '- Left: the code of the yew views (about 40% of the wasm: each `html!` element is code) and',
    "  `.rodata` (128 KB raw, 64 KB gzipped: half the engine's wordings, half tables of string",
    '  slices). 250 KB needs the wordings out of the wasm or lighter views.',
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
    'smaller bounds of `cfg(fuzzing)` (engine/src/config.rs); inputs up to 4 KB. exec/s is per',
    'wall-clock second, so it falls with the load of a shared machine (the last column).',
    '',
    ...(rows.length > 2 ? rows : ['No 600 s run recorded yet: run `scripts/fuzz.sh 600`.']),
    '',
  ];
}
