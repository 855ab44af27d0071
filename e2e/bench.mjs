// phoneboot's benchmarks: every number is measured against a baseline taken
// in the same run, and reported as a ratio.
//
//   node e2e/bench.mjs [--out BENCHMARKS.md]   full run; scripts/bench.sh runs
//                                             `cargo bench` and the release build first
//   node e2e/bench.mjs --check                 the CI budgets only (scripts/budgets.sh):
//                                             quick, exits 1 naming any budget exceeded
//
// Native numbers come from criterion (target/criterion/<bench>/new/estimates.json):
// the full run reads the mean point estimates of `cargo bench` (scripts/bench.sh
// runs it first; with BENCH_SINCE, epoch ms, older results are refused, so
// native and browser numbers come from the same run); --check runs a short
// criterion run of parse and execute itself, twice, interleaved with the
// browser's, and reads the medians.
// Browser numbers come from headless Chromium over the benchmarks' release
// build (target/dist-bench: the app built with the cargo feature `bench`),
// served by e2e/server.mjs: the page's wasm exports (window.wasmBindings:
// bench_engine, bench_boot, bench_fleet, Sha256Stream) and the app's own UI.
// The size and the first render are of dist/, the bundle users get.
// Each browser measurement is warmed up, repeated, and its median taken.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, DIST, BENCH_DIST, launchBrowser, openApp, startApp, startBenchApp, startFolderServer } from './harness.mjs';
import { fuzzSection, sizeReductionsTried, speedUpsTried } from './bench-notes.mjs';
import { sha256 } from './bench-sha.mjs';
import { fleetUi } from './bench-fleet.mjs';

const args = process.argv.slice(2);
const CHECK = args.includes('--check');
const OUT = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : null;
const SINCE = process.env.BENCH_SINCE ? Number(process.env.BENCH_SINCE) : null;
const TEMPLATE = path.join(ROOT, 'engine', 'tests', 'corpus', '46xxsettings-avaya-template-2022.txt');
// Another branch adds e2e/bench-firmware.mjs; see the hook in main().
const FIRMWARE_BENCH = path.join(ROOT, 'e2e', 'bench-firmware.mjs');

// Two levels per measurement. GOALS are issue 15's targets, shown in every row
// as met or not met. BUDGETS are what CI enforces (--check, scripts/budgets.sh):
// a guard against regressions at the level this build reaches, with room for
// a loaded 2-core machine. Where a goal is not met yet the budget is looser than
// the goal; lower a budget to its goal once the goal is met. SHA-256 takes a
// 64 MiB buffer and is measured by the full run only.
export const GOALS = {
  sizeGzipKB: 250, // release wasm + js of dist/, gzip -9
  native: 3, // native parse + execute of the template / a line scan of its bytes
  interpretation: 3, // template parse + execute in the browser / native
  bootOverhead: 1.5, // demo boot (engine over fetch) / sum of raw fetch() of the same files
  uiBoot: 1.5, // the same demo boot through the UI / raw fetch() of its files
  sha256: 2.5, // SHA-256 in wasm / WebCrypto, same buffer
  fleetUi: 2, // the fleet matrix in the UI / the same matrix, engine only
  firstRender: 1.5, // first contentful paint of the app's page / a static page with its header and CSS
};
export const BUDGETS = {
  ...GOALS,
  interpretation: 4, // goal met (1.85x-2.69x), but 2.69x is too close to 3x for a shared machine
  sizeGzipKB: 335, // 2026-12-02: 323 KB (markup!: fixed elements built out of line); 329 KB on 2026-12-01, 346 KB before
  uiBoot: 2.5, // 2026-12-01: 1.5x-1.7x (4.0x-4.9x before batched deliveries)
  sha256: 4, // 2026-12-01: 2.6x
  fleetUi: 2.5, // 2026-12-01, evening: 1.42x-1.56x paired, with re-runs revalidated (1.35x-2.50x unpaired before, 2.4x-3x earlier)
  firstRender: 2, // 2026-12-02: 1.18x-1.39x paired since index.html paints the header (2.4x-3.2x before); 2x so a loaded machine passes and a page that waits for the wasm again fails
};

const log = (...a) => console.error('[bench]', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(2)} µs`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ratio = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

// ---------------------------------------------------------------- machine

function machine() {
  const sh = (cmd, a = []) => {
    try {
      return execFileSync(cmd, a, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  let cpu = '?';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    cpu = (/^(model name|Hardware|cpu model|Processor)\s*:\s*(.+)$/m.exec(info)?.[2] ?? '?').trim();
  } catch {}
  // The load average says whether others shared the machine during the run.
  const load =
    process.env.BENCH_LOAD ?? (fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : '?');
  return { nproc: sh('nproc'), arch: sh('uname', ['-m']), cpu, load, date: new Date().toISOString().slice(0, 10) };
}

// ---------------------------------------------------------------- native (criterion)

/** A criterion benchmark's point estimate (mean, or median), by its full id, in ms. */
function criterion(id, stat = 'mean', since = SINCE) {
  const root =
    process.env.CRITERION_HOME ??
    path.join(process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target'), 'criterion');
  const found = [];
  const walk = (dir) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      const bench = path.join(p, 'new', 'benchmark.json');
      if (fs.existsSync(bench)) found.push(p);
      else walk(p);
    }
  };
  walk(root);
  for (const dir of found) {
    const b = JSON.parse(fs.readFileSync(path.join(dir, 'new', 'benchmark.json'), 'utf8'));
    if (b.full_id !== id) continue;
    const file = path.join(dir, 'new', 'estimates.json');
    const mtime = fs.statSync(file).mtimeMs;
    if (since && mtime < since) {
      throw new Error(`criterion's "${id}" is older than this run (${file}); run cargo bench -p phoneboot-engine first`);
    }
    return JSON.parse(fs.readFileSync(file, 'utf8'))[stat].point_estimate / 1e6;
  }
  throw new Error(`no criterion result for "${id}" under ${root}: run cargo bench -p phoneboot-engine first`);
}

/**
 * The check's native numbers: a short criterion run of parse and execute only
 * (not the full `cargo bench`), medians of its samples.
 */
function nativeQuick() {
  const since = Date.now();
  execFileSync(
    'cargo',
    ['bench', '-q', '-p', 'phoneboot-engine', '--bench', 'engine', '--',
      '--warm-up-time', '1', '--measurement-time', '2', '--sample-size', '20', '^(baseline|parse template|execute template)'],
    { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] },
  );
  return {
    baseline: criterion(NATIVE.baseline, 'median', since),
    parse: criterion(NATIVE.parse, 'median', since),
    execute: criterion(NATIVE.execute, 'median', since),
  };
}

export const NATIVE = {
  baseline: 'baseline: line scan of the template',
  parse: 'parse template',
  execute: 'execute template (one 1608, parsed once)',
  fleet: 'fleet/8 models x 1000 groups over the template',
};

// ---------------------------------------------------------------- browser

/** Release wasm + js of dist/, raw and gzip -9. */
function releaseSize() {
  const files = fs.readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f));
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error('no .wasm in dist/: run scripts/trunk.sh build --release');
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const p = path.join(DIST, f);
    raw += fs.statSync(p).size;
    gz += execFileSync('gzip', ['-9c', p], { maxBuffer: 64 << 20 }).length;
  }
  return { raw, gz, files };
}

/** bench_engine: parse and execute of the template in wasm, medians. */
async function engineInBrowser(page, url, reps) {
  const runs = await page.evaluate(
    async ({ url, reps }) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const b = window.wasmBindings;
      JSON.parse(b.bench_engine(bytes, 2)); // warm-up
      const out = [];
      for (let i = 0; i < reps; i++) out.push(JSON.parse(b.bench_engine(bytes, 5)));
      return { runs: out, bytes: bytes.length };
    },
    { url, reps },
  );
  return {
    parse: median(runs.runs.map((r) => r.parse_ms)),
    execute: median(runs.runs.map((r) => r.execute_ms)),
    bytes: runs.bytes,
  };
}

/**
 * Helpers installed in the page: `__until(pred)` waits for a DOM condition
 * without polling; `__rawFetch(urls)` sums sequential plain fetch() times of
 * `urls` (no-store, bodies read whole): the baseline of the boots.
 */
function installHelpers() {
  window.__until = (pred) =>
    new Promise((res) => {
      if (pred()) return res();
      const mo = new MutationObserver(() => {
        if (pred()) mo.disconnect(), res();
      });
      mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  window.__rawFetch = async (urls) => {
    let sum = 0;
    for (const u of urls) {
      const t = performance.now();
      const r = await fetch(u, { cache: 'no-store' });
      await r.arrayBuffer();
      sum += performance.now() - t;
    }
    return sum;
  };
}

/** bench_boot (engine over fetch, no page) against raw fetches of the same URLs, interleaved. */
async function bootOverhead(page, demoUrl, rounds) {
  await page.evaluate(installHelpers);
  return page.evaluate(
    async ({ demoUrl, rounds }) => {
      const boot = async () => JSON.parse(await window.wasmBindings.bench_boot(demoUrl));
      // Warm-up, which also tells the URLs.
      const { urls } = await boot();
      await window.__rawFetch(urls);
      const boots = [];
      const raws = [];
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first, so neither always meets a warm server.
        if (i % 2) {
          boots.push((await boot()).ms);
          raws.push(await window.__rawFetch(urls));
        } else {
          raws.push(await window.__rawFetch(urls));
          boots.push((await boot()).ms);
        }
      }
      return { boots, raws, urls };
    },
    { demoUrl, rounds },
  );
}

/** The demo boot through the UI (factory-fresh 1608, Boot, Skip animation, outcome shown) against raw fetches. */
async function uiBoot(page, rounds) {
  await page.evaluate(installHelpers);
  const boots = [];
  const raws = [];
  for (let i = 0; i < rounds + 1; i++) {
    await page.getByTestId('factory-reset-button').click();
    const t = await page.evaluate(async () => {
      const q = (id) => document.querySelector(`[data-testid=${id}]`);
      const before = Number(q('outcome').dataset.run);
      const t0 = performance.now();
      q('boot-button').click();
      await window.__until(() => !q('skip-animation').disabled || Number(q('outcome').dataset.run) > before);
      q('skip-animation').click();
      await window.__until(() => Number(q('outcome').dataset.run) > before && !['running', 'idle'].includes(q('outcome').dataset.outcome));
      return performance.now() - t0;
    });
    if ((await page.getByTestId('outcome').getAttribute('data-outcome')) !== 'registered') throw new Error('the demo boot did not register');
    const urls = await page.getByTestId('request-url').allTextContents();
    const r = await page.evaluate((urls) => window.__rawFetch(urls), urls);
    if (i >= 1) boots.push(t), raws.push(r);
  }
  return { boot: median(boots), raw: median(raws), ratio: median(boots.map((x, i) => x / raws[i])), n: boots.length };
}

/**
 * Navigation start to first contentful paint: the app (cold cache) against a
 * static page of the same origin with its header and CSS. With `screen`, also
 * the app's own first screen saved as static HTML (its DOM once rendered, no
 * script): what the same content costs the browser to style, lay out and
 * paint without any wasm, so the row tells the app's own share from the
 * content's.
 */
async function firstRender(browser, appUrl, reps, screen = false) {
  const css = fs.readdirSync(DIST).find((f) => f.endsWith('.css'));
  const baselineHtml = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>baseline</title>
<link rel="stylesheet" href="./${css}"></head><body><div class="app"><header class="topbar"><div class="brand">
<h1>phoneboot</h1><p class="tagline">How an Avaya one-X 1600-series IP desk phone boots from its provisioning server</p>
</div></header></div></body></html>`;
  let screenHtml = null;
  const measure = async (url, appRoot) => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      await ctx.route('**/__baseline.html', (r) => r.fulfill({ contentType: 'text/html', body: baselineHtml }));
      if (screenHtml) await ctx.route('**/__screen.html', (r) => r.fulfill({ contentType: 'text/html', body: screenHtml }));
      const page = await ctx.newPage();
      await page.addInitScript(() => {
        // The app's own root, not index.html's first screen (#shell), and the
        // largest paint (the app's first screen once painted: its largest
        // element is the app's, the header's tagline is smaller).
        new MutationObserver((_, mo) => {
          if (document.querySelector('.app:not(#shell)')) {
            performance.mark('phoneboot-root');
            mo.disconnect();
          }
        }).observe(document, { subtree: true, childList: true });
        window.__lcp = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__lcp = e.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await page.goto(url);
      if (appRoot) {
        await page.getByTestId('boot-button').waitFor();
        await page.waitForFunction(() => window.__lcp > (performance.getEntriesByName('phoneboot-root')[0]?.startTime ?? Infinity));
      }
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
      if (appRoot && screen && !screenHtml) {
        const body = await page.evaluate(() => document.body.innerHTML);
        screenHtml = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>screen</title>
<link rel="stylesheet" href="./${css}"></head><body>${body}</body></html>`;
      }
      return await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
        root: performance.getEntriesByName('phoneboot-root')[0]?.startTime ?? null,
        lcp: window.__lcp,
      }));
    } finally {
      await ctx.close();
    }
  };
  const app = [];
  const base = [];
  const still = [];
  await measure(appUrl, true); // warm-up (the server's disk cache, not the browser's); takes the screen
  for (let i = 0; i < reps; i++) {
    app.push(await measure(appUrl, true));
    base.push(await measure(`${appUrl}__baseline.html`, false));
    if (screenHtml) still.push(await measure(`${appUrl}__screen.html`, false));
  }
  return {
    app: median(app.map((r) => r.fcp)),
    root: median(app.map((r) => r.root)),
    lcp: median(app.map((r) => r.lcp)),
    base: median(base.map((r) => r.fcp)),
    // Each app load against the baseline load right after it, as the boot
    // rows pair their runs: paint times fall on frames (16.7 ms apart), so a
    // median of either side alone moves by a frame from run to run.
    ratio: median(app.map((r, i) => r.fcp / base[i].fcp)),
    n: app.length,
    screen: still.length ? median(still.map((r) => r.fcp)) : null,
  };
}

// ---------------------------------------------------------------- report

function table(rows, meta) {
  const box = `${meta.nproc} × ${meta.arch}, ${meta.cpu} (load ${meta.load} at start)`;
  const where = `${box}; ${meta.browser}; ${meta.date}`;
  const lines = [
    '| measurement | value | baseline (same run) | ratio | budget | machine; browser; date |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.what} | ${r.value} | ${r.baseline} | **${r.ratio}** | ${r.budget ?? '—'} | ${r.native ? `${box}; native; ${meta.date}` : where} |`);
  }
  return lines.join('\n');
}

/** A row's verdict: the goal met or not, and the CI budget (a guard) kept or not. */
function budgetCell(value, key, unit = '×') {
  const u = (x) => `${x}${unit === '×' ? '×' : ` ${unit}`}`;
  const goal = GOALS[key];
  const limit = BUDGETS[key];
  const ok = value < limit;
  const met = value < goal;
  const guard = limit === goal ? '' : `; CI budget under ${u(limit)}: ${ok ? 'pass' : '**FAIL**'}`;
  return { ok, text: `goal under ${u(goal)}: ${met ? 'met' : 'not met'}${guard}${!ok && limit === goal ? ' (**FAIL**)' : ''}` };
}

async function main() {
  const meta = machine();
  log(`machine: ${meta.nproc} × ${meta.arch}, ${meta.cpu}, load ${meta.load}`);
  const native = {};
  if (!CHECK) for (const [k, id] of Object.entries(NATIVE)) native[k] = criterion(id);
  const size = releaseSize();
  // The measurements run in the benchmarks' build; the first render is of dist/.
  const app = await startBenchApp();
  const userApp = await startApp();
  const tpl = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n', '46xxsettings.txt': fs.readFileSync(TEMPLATE) });
  const browser = await launchBrowser();
  meta.browser = `Chromium ${browser.version()} (headless)`;
  log(meta.browser);
  const rows = [];
  const failures = [];
  /** The budget cell of a ratio; an exceeded budget is a failure. */
  const within = (value, key, what) => {
    const c = budgetCell(value, key);
    if (!c.ok) failures.push(`${what} is ${value.toFixed(2)}× (budget: under ${BUDGETS[key]}×)`);
    return c.text;
  };
  try {
    const { page, errors } = await openApp(browser, app.url);
    const templateUrl = `${tpl.url}46xxsettings.txt`;
    const demoUrl = `${app.url}demo/`;

    // 1. and 2. The template's interpretation: native against a line scan,
    // and in the browser against native.
    log('template interpretation in wasm');
    let w;
    if (CHECK) {
      // Native and browser twice, interleaved; the lower of each counts, as
      // load from elsewhere on the machine only ever adds time.
      const runs = [];
      for (let i = 0; i < 2; i++) {
        log(`native parse and execute (quick criterion run ${i + 1} of 2)`);
        const n = nativeQuick();
        const b = await engineInBrowser(page, templateUrl, 5);
        runs.push({ n, b });
      }
      const low = (f) => runs.reduce((a, r) => (f(r) < f(a) ? r : a));
      const n = low((r) => r.n.parse + r.n.execute).n;
      w = low((r) => r.b.parse + r.b.execute).b;
      native.parse = n.parse;
      native.execute = n.execute;
      native.baseline = n.baseline;
    } else {
      w = await engineInBrowser(page, templateUrl, 9);
    }
    const t = native.parse + native.execute;
    rows.push({
      what: "native: parse + execute Avaya's 972 KB template (one 1608)",
      value: ms(t),
      baseline: `line scan of the same bytes: ${ms(native.baseline)}`,
      ratio: ratio(t / native.baseline),
      budget: within(t / native.baseline, 'native', 'native parse + execute of the template against a line scan'),
      native: true,
    });
    const interp = (w.parse + w.execute) / t;
    rows.push({
      what: 'browser (wasm): parse + execute the same template (bench_engine)',
      value: `${ms(w.parse + w.execute)} (parse ${ms(w.parse)}, execute ${ms(w.execute)})`,
      baseline: `native: ${ms(t)} (parse ${ms(native.parse)}, execute ${ms(native.execute)})`,
      ratio: ratio(interp),
      budget: within(interp, 'interpretation', 'template interpretation in the browser against native'),
    });

    // 3. Demo boot against raw fetches of the same files.
    log('demo boot against raw fetch');
    const b = await bootOverhead(page, demoUrl, 21);
    // Each boot is paired with the raw fetches next to it: the median of the
    // pairs' ratios, so a burst of load elsewhere moves both sides of a pair.
    const over = median(b.boots.map((x, i) => x / b.raws[i]));
    rows.push({
      what: `demo boot of a factory-fresh 1608, engine over fetch (bench_boot: ${b.urls.length} requests, 3 passes)`,
      value: ms(median(b.boots)),
      baseline: `raw fetch() of the same ${b.urls.length} URLs, summed: ${ms(median(b.raws))}`,
      ratio: `${ratio(over)} (median of ${b.boots.length} paired runs)`,
      budget: within(over, 'bootOverhead', 'the demo boot (engine over fetch) against the raw fetches of its files'),
    });
    log('demo boot through the UI');
    const u = await uiBoot(page, 9);
    rows.push({
      what: 'demo boot through the UI: Boot, Skip animation, until the outcome is shown (includes rendering)',
      value: ms(u.boot),
      baseline: `raw fetch() of the same URLs, summed: ${ms(u.raw)}`,
      ratio: `${ratio(u.ratio)} (median of ${u.n} paired runs)`,
      budget: within(u.ratio, 'uiBoot', 'the demo boot through the UI against the raw fetches of its files'),
    });

    if (!CHECK) {
      // 4. SHA-256.
      log('SHA-256 of 64 MiB');
      const h = await sha256(page, 5);
      const mbps = (t) => `${((h.bytes / (1 << 20)) / (t / 1000)).toFixed(0)} MiB/s`;
      rows.push({
        what: 'SHA-256 of 64 MiB in the wasm build (Sha256Stream, 1 MiB chunks)',
        value: `${ms(h.wasm)} (${mbps(h.wasm)})`,
        baseline: `WebCrypto digest of the same buffer: ${ms(h.web)} (${mbps(h.web)})`,
        ratio: ratio(h.wasm / h.web),
        budget: within(h.wasm / h.web, 'sha256', 'SHA-256 in wasm against WebCrypto'),
      });
    }

    // 5. The fleet matrix.
    log('fleet matrix 8 x 1000 over the template');
    const f = await fleetUi(page, { serverUrl: tpl.url, templateUrl, reps: 9, installHelpers, median });
    // Issue 6's goal, reported in the row (a wall time, so never a CI budget).
    const fb = { ok: f.ui < 1000 };
    rows.push({
      what: 'fleet matrix, 8 models × 1000 groups over the template, in the UI (fetch, parse once, evaluate 8000 phones, render a page)',
      value: ms(f.ui),
      baseline: `the same matrix, engine only in wasm (bench_fleet): ${ms(f.engine)}`,
      ratio: `${ratio(f.ratio)} (median of ${f.n} paired runs)`,
      budget: `${within(f.ratio, 'fleetUi', 'the fleet matrix in the UI against the engine only')}; ${fb.ok ? 'pass' : '**FAIL**'}: under 1 s (issue 6)`,
    });
    if (!CHECK) {
      rows.push({
        what: 'fleet matrix, engine only in wasm (bench_fleet, parse included)',
        value: ms(f.engine),
        baseline: `native criterion "fleet" (parsed once, excluded): ${ms(native.fleet)}`,
        ratio: ratio(f.engine / native.fleet),
      });
      rows.push({
        what: `page responsiveness during the fleet UI run: longest gap between animation frames (worst of ${f.n} runs; median of the runs' longest in parentheses)`,
        value: `${ms(f.maxGap)} (${ms(f.medianGap)}); longest task ${f.longest ? ms(f.longest) : 'none over 50 ms'}`,
        baseline: `frame interval at rest: ${ms(f.idle)}`,
        ratio: ratio(f.maxGap / f.idle),
      });
    }

    // 6. First render, of the bundle users get.
    log('time to first render');
    const r = await firstRender(browser, userApp.url, CHECK ? 7 : 15, !CHECK);
    rows.push({
      what: 'time to first render: navigation start to first contentful paint of the app (dist/, cold cache)',
      value: `${ms(r.app)} (index.html's first screen: the header; the app's own root in the DOM at ${ms(r.root)}, its largest contentful paint at ${ms(r.lcp)})`,
      baseline: `a static page with the same header and CSS, same server: ${ms(r.base)}`,
      ratio: `${ratio(r.ratio)} (median of ${r.n} paired loads)`,
      budget: within(r.ratio, 'firstRender', 'the first render against a static page with the same header and CSS'),
    });
    if (r.screen !== null) {
      rows.push({
        what: "first render of the app's own first screen as a static page: its DOM once rendered, saved as HTML with the same CSS, no script (cold cache)",
        value: ms(r.screen),
        baseline: `the static page with the header only, same run: ${ms(r.base)}; the app's own first screen painted (largest contentful paint): ${ms(r.lcp)} (${ratio(r.lcp / r.screen)} this page)`,
        ratio: ratio(r.screen / r.base),
      });
    }

    // 7. Size, of the bundle users get.
    const sb = budgetCell(size.gz / 1024, 'sizeGzipKB', 'KB');
    if (!sb.ok) failures.push(`the release wasm + js is ${kb(size.gz)} gzipped (budget: under ${BUDGETS.sizeGzipKB} KB)`);
    rows.push({
      what: `release wasm + js of dist/, gzip -9 (${size.files.join(', ')})`,
      value: kb(size.gz),
      baseline: `uncompressed: ${kb(size.raw)}`,
      ratio: ratio(size.gz / size.raw),
      budget: sb.text,
    });

    // ------------------------------------------------------------ HOOK: firmware benchmarks
    // e2e/bench-firmware.mjs exports `benchFirmware(page, ctx)`; when the
    // file exists its rows join this table. It may return rows shaped like the ones
    // above ({ what, value, baseline, ratio, budget? }) or a Markdown string (a section
    // appended after the table). ctx: { appUrl, demoUrl, browser, meta, check }.
    let firmwareSection = '';
    if (fs.existsSync(FIRMWARE_BENCH) && !CHECK) {
      log('firmware benchmarks (e2e/bench-firmware.mjs)');
      const { benchFirmware, markdown } = await import(pathToFileURL(FIRMWARE_BENCH).href);
      // The fleet benchmark left the page on the Fleet tab; firmware works in the Boot view.
      await page.getByTestId('tab-boot').click();
      const extra = await benchFirmware(page, { appUrl: app.url, demoUrl, browser, meta, check: CHECK });
      if (typeof extra === 'string') firmwareSection = extra;
      else if (Array.isArray(extra)) rows.push(...extra);
      else if (extra && typeof markdown === 'function') {
        // bench-firmware.mjs returns its measurements and formats its own section.
        const chromium = browser.version();
        firmwareSection = markdown(extra, { date: meta.date, nproc: meta.nproc, arch: meta.arch, chromium });
      }
    }
    // ------------------------------------------------------------ end of hook

    if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);

    const md = table(rows, meta);
    if (CHECK) {
      console.log(md);
      if (failures.length) {
        console.error(`\nbudgets exceeded:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
        process.exitCode = 1;
      } else {
        console.error('\nbudgets: all within limits (ratios and sizes; no wall time is a budget)');
      }
      return;
    }
    const doc = [
      '# Benchmarks',
      '',
      `<!-- Generated by scripts/bench.sh (e2e/bench.mjs) on ${new Date().toISOString()}. Do not edit: regenerate with scripts/bench.sh. -->`,
      '',
      '**Generated file**: this is the real output of `scripts/bench.sh`, not hand-written.',
      'Regenerate it with `scripts/bench.sh` (after `scripts/setup.sh`); it runs',
      '`cargo bench -p phoneboot-engine`, two release builds (`scripts/trunk.sh build --release` for `dist/`, and',
      '`scripts/trunk.sh build --release --features bench --dist target/dist-bench` for the measurement exports)',
      'and `node e2e/bench.mjs`. Every value is measured against a baseline taken in the same run, and given as a ratio.',
      '',
      md,
      '',
      ...(firmwareSection ? [firmwareSection, ''] : []),
      ...speedUpsTried(),
      ...sizeReductionsTried(),
      ...fuzzSection(ROOT),
      '## How each row is measured',
      '',
      '- Native rows: criterion means (`target/criterion/<bench>/new/estimates.json`) of `engine/benches/engine.rs`,',
      '  built with the workspace release profile (opt-level 3, LTO), as the CLI ships.',
      '- Browser rows: headless Chromium over `target/dist-bench/`, the release build with the cargo feature',
      '  `bench` (the measurement exports of `src/bench.rs`; the same app otherwise, built with the',
      '  `wasm-release` profile: opt-level "z", LTO), served on 127.0.0.1 by `e2e/server.mjs`;',
      "  the template is served cross-origin by a second server. Each browser measurement is warmed up, then",
      '  repeated (5 to 21 times) and its median taken; each boot is paired with raw fetches of its files',
      '  right next to it (alternating which goes first) and the ratio is the median of the pairs.',
      '- Demo boot: `bench_boot` boots a factory-fresh 1608 against the built-in demo server (boot code,',
      '  restart, application, restart, settings) with the engine over the page\'s `fetch`, and returns every',
      '  URL it requested; the baseline fetches those URLs with plain `fetch()` (no-store, body read whole)',
      '  and sums the times. The UI row does the same through the page (Boot, then Skip animation) and',
      '  includes rendering every panel.',
      '- Fleet: the Fleet view with GROUP 0-999 against a server holding `GET 46xxsettings.txt` and the',
      '  template; timed from the click to the result, with a `requestAnimationFrame` loop recording the',
      "  longest gap between frames and a PerformanceObserver ('longtask') recording the longest task.",
      '- First render: `dist/`, the bundle users get; a fresh browser context per load (cold cache);',
      '  `first-contentful-paint` of the app (index.html paints the header and a status line while the wasm',
      "  loads; the app's own root reaching the DOM and its largest contentful paint are given beside it), against a",
      '  static page with the same header and CSS from the same server, each app load paired with a baseline',
      '  load right after it (the ratio is the median of the pairs). The full run also loads the',
      "  app's first screen saved as static HTML (the DOM the app rendered, same CSS, no script), in turn",
      '  with the other two: the content alone against the header alone, and the app against its content.',
      '- Size: `gzip -9` of the release `.wasm` and `.js` in `dist/` (without the measurement exports).',
      '- The machine may be shared: the load average when the run started is on every row. Ratios of two',
      '  CPU-bound timings taken minutes apart (criterion, then the browser) move with that load; the CI',
      '  check (`--check`) therefore interleaves a short native run with the browser run, twice.',
      '',
      `Goals (issue 15): wasm + js gzipped under ${GOALS.sizeGzipKB} KB, the UI boot under ${GOALS.uiBoot}×, the fleet UI under ${GOALS.fleetUi}×, first render under ${GOALS.firstRender}×, SHA-256 under ${GOALS.sha256}×.`,
      `CI budgets (\`scripts/budgets.sh\`, run by \`scripts/test.sh\`): wasm + js gzipped under ${BUDGETS.sizeGzipKB} KB;`,
      `native parse + execute under ${BUDGETS.native}× a line scan; template interpretation in the browser under ${BUDGETS.interpretation}× native;`,
      `demo boot under ${BUDGETS.bootOverhead}× the raw fetches, through the UI under ${BUDGETS.uiBoot}×; the fleet UI under ${BUDGETS.fleetUi}× the engine only;`,
      `first render under ${BUDGETS.firstRender}× the static page. SHA-256 in wasm under ${BUDGETS.sha256}× WebCrypto is checked by the full run only.`,
      'Budgets are ratios or sizes, never wall times.',
      '',
    ].join('\n');
    if (OUT) {
      fs.writeFileSync(OUT, doc);
      log(`wrote ${OUT}`);
    } else {
      console.log(doc);
    }
    if (failures.length) {
      console.error(`budgets exceeded:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await tpl.close();
    await userApp.close();
    await app.close();
  }
}

await main();
