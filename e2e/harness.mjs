// Shared set-up for the app's browser tests: serves the release build
// (dist/, made by `trunk build --release`) with e2e/server.mjs and drives
// Debian's Chromium through playwright-core (no browser is ever downloaded).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Nothing a test does may leave 127.0.0.0/8: anything not on localhost goes
  // to a proxy that is not there (Chromium never proxies localhost itself).
  '--proxy-server=http://127.0.0.1:9',
];

export function assertDistBuilt() {
  const index = path.join(DIST, 'index.html');
  if (!fs.existsSync(index) || !fs.existsSync(path.join(DIST, 'demo', '16xxupgrade.txt'))) {
    throw new Error(
      `The app is not built: ${index} (and dist/demo/) is missing.\n` +
        'Build it first with `scripts/trunk.sh build --release` at the repository root.',
    );
  }
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * The benchmarks' own build: the app with the measurement exports of
 * src/bench.rs (cargo feature `bench`), which the bundle users get leaves out.
 * Built by scripts/bench.sh and scripts/budgets.sh with
 * `trunk build --release --features bench --dist target/dist-bench`.
 */
export const BENCH_DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'target', 'dist-bench');

/** Serves the benchmarks' build (BENCH_DIST) like startApp serves dist/. */
export async function startBenchApp(opts = {}) {
  if (!fs.existsSync(path.join(BENCH_DIST, 'index.html'))) {
    throw new Error(
      `The benchmarks' build is missing: ${BENCH_DIST}/index.html.\n` +
        'Build it with `scripts/trunk.sh build --release --features bench --dist target/dist-bench` (scripts/bench.sh does).',
    );
  }
  return startServer({ root: BENCH_DIST, ...opts });
}

/** Serves dist/ (the app and its demo server) on 127.0.0.1, any free port. */
export async function startApp(opts = {}) {
  assertDistBuilt();
  return startServer({ root: DIST, ...opts });
}

/** Serves a temporary folder holding `files` ({ name: text }), CORS on. */
export async function startFolderServer(files = {}, opts = {}) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'phoneboot-e2e-'));
  for (const [name, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fsp.writeFile(path.join(dir, name), text);
  }
  const srv = await startServer({ root: dir, ...opts });
  const close = srv.close;
  srv.close = async () => {
    await close();
    await fsp.rm(dir, { recursive: true, force: true });
  };
  return srv;
}

/**
 * Opens the app in a fresh browser context (empty localStorage) and waits
 * until it is interactive. Page errors fail the test through `errors`.
 */
export async function openApp(browser, url, { context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1440, height: 1000 } }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text())) errors.push(m.text());
  });
  await page.goto(url);
  await page.getByTestId('boot-button').waitFor({ state: 'visible', timeout: 15_000 });
  return { page, context: ctx, errors };
}

export async function selectModel(page, model) {
  await page.getByTestId('model-select').selectOption(model);
}

export async function setGroup(page, group) {
  await page.getByTestId('group-input').fill(String(group));
}

export async function setServerUrl(page, url) {
  await page.locator('label[for=mode-url]').click();
  await page.getByTestId('server-url-input').fill(url);
}

export async function setOption242(page, value) {
  await page.locator('label[for=mode-option242]').click();
  await page.getByTestId('option242-input').fill(value);
}

/**
 * Presses Boot (or Restart), skips the display animation (so every event
 * shows as it arrives) and waits for the session to end. Returns the
 * outcome's data-outcome value.
 */
export async function boot(page, { button = 'boot-button', timeout = 30_000 } = {}) {
  const outcome = page.getByTestId('outcome');
  const before = Number(await outcome.getAttribute('data-run'));
  await page.getByTestId(button).click();
  await page.getByTestId('skip-animation').click();
  await page.waitForFunction(
    (before) => {
      const o = document.querySelector('[data-testid=outcome]');
      return o && Number(o.dataset.run) > before && !['running', 'idle'].includes(o.dataset.outcome);
    },
    before,
    { timeout },
  );
  return outcome.getAttribute('data-outcome');
}

export async function settingValue(page, name) {
  return (await page.getByTestId(`value-${name}`).textContent())?.trim();
}

export async function requestUrls(page) {
  return page.getByTestId('request-url').allTextContents();
}

export async function displayLines(page) {
  return (await page.getByTestId('display-line').allTextContents()).map((l) => l.trimEnd());
}

export async function reportJson(page) {
  return JSON.parse(await page.getByTestId('report-json').textContent());
}

/**
 * A test file's usual set-up: the release build served on 127.0.0.1 and one
 * Chromium, started before the file's tests and closed after them.
 * `suite.app` and `suite.browser` are set once the `before` hook has run.
 */
export function appSuite() {
  const suite = {
    app: null,
    browser: null,
    /**
     * Runs `fn(page, context)` in a fresh browser context (empty storage) on
     * the app, or on `url`; page errors other than `expectedErrors` fail the test.
     */
    async withPage(fn, { expectedErrors, url, contextOptions } = {}) {
      const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 }, ...contextOptions });
      const { page, errors } = await openApp(suite.browser, url ?? suite.app.url, { context });
      try {
        await fn(page, context);
        const unexpected = errors.filter((e) => !expectedErrors?.test(e));
        assert.deepEqual(unexpected, [], 'no errors on the page');
      } finally {
        await context.close();
      }
    },
  };
  before(async () => {
    assertDistBuilt();
    suite.app = await startApp();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** `n` pseudo-random bytes (xorshift32): large test files made quickly and reproducibly. */
export function pseudoRandom(n, seed = 1608) {
  const buf = Buffer.allocUnsafe(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i += 4) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    buf.writeUInt32LE(x, i);
  }
  return buf;
}
