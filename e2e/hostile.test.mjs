// Issue 7, hostile servers and hostile files, end to end in headless Chromium
// over the release build:
//   trunk build --release && node --test e2e/hostile.test.mjs
// Each scenario boots a 1608 that already holds the demo boot code and
// application (so nothing needs downloading) against one folder of a test
// server, and checks that the app names the file (and line) in a specific
// message, that the page stays responsive, and that flash is unchanged.
// Markup in values, file names, GET targets and headers must stay text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  DIST,
  ROOT,
  appSuite,
  boot,
  openApp,
  reportJson,
  requestUrls,
  selectModel,
  setServerUrl,
  settingValue,
  startFolderServer,
  pseudoRandom,
} from './harness.mjs';

const BOOT = 'hb16xxdemo_r1_5.bin';
const APP = 'ha1608demo_r2_0.bin';
const MIB = 1024 * 1024;
const XSS = '<img src=x onerror=alert(1)>';
const XSS_GET = '<img/src=x/onerror=alert(2)>';
const XSS_ETAG = '<img src=x onerror=alert(3)>';
const XSS_APP = '<img src=x onerror=alert(4)>.bin';

/** The upgrade script of every scenario: nothing to download, then GET `target`. */
const upgrade = (target = '46xxsettings.txt') => `SET APPNAME ${APP}\nGET ${target}\n`;
const SETTINGS = 'SET DSCPAUD 40\nSET L2QVLAN 20\n';

function folders() {
  const files = {};
  const add = (dir, up, extra = {}) => {
    files[`${dir}/16xxupgrade.txt`] = up;
    for (const [n, b] of Object.entries(extra)) files[`${dir}/${n}`] = b;
  };
  add('missing', upgrade());
  for (const d of ['s500', 'slow', 'short', 'reset', 'html', 'redirect', 'nocors']) {
    add(d, upgrade(), { '46xxsettings.txt': SETTINGS });
  }
  add('cycle', upgrade('a.txt'), { 'a.txt': 'SET DSCPAUD 40\nGET b.txt\n', 'b.txt': 'SET L2QVLAN 20\nGET a.txt\n' });
  add('goto', upgrade(), { '46xxsettings.txt': '## a loop with no way out\n# TOP\nSET DSCPAUD 40\nGOTO TOP\n' });
  add('huge', upgrade(), { '46xxsettings.txt': Buffer.alloc(20 * 1000 * 1000, 'SET DSCPAUD 40\n') });
  add('longline', upgrade(), { '46xxsettings.txt': `SET DOMAIN ${'a'.repeat(4 * MIB)}\nSET DSCPAUD 40\n` });
  add('garbage', upgrade(), { '46xxsettings.txt': pseudoRandom(200_000) });
  add('nul', upgrade(), { '46xxsettings.txt': 'SET DSCPAUD 40\0\nSET L2QVLAN 20\n' });
  add('latin1', upgrade(), { '46xxsettings.txt': Buffer.from('## Einstellungen f\xfcr 1608\nSET DOMAIN caf\xe9.example\n', 'latin1') });
  add('xss', `SET APPNAME ${APP}\nSET DOMAIN "${XSS}"\nGET ${XSS_GET}\nGET 46xxsettings.txt\n`, { '46xxsettings.txt': SETTINGS });
  add('xssapp', `SET APPNAME "${XSS_APP}"\nGET 46xxsettings.txt\n`, { '46xxsettings.txt': SETTINGS });
  return files;
}

const suite = appSuite();
let files;

before(async () => {
  files = await startFolderServer(folders(), {
    faults: {
      '/s500/46xxsettings.txt': 'status500',
      '/slow/46xxsettings.txt': 'slow:100',
      '/short/46xxsettings.txt': 'truncate',
      '/reset/46xxsettings.txt': 'reset',
      '/html/46xxsettings.txt': 'html200',
      '/redirect/46xxsettings.txt': 'redirectloop',
      '/nocors/46xxsettings.txt': 'nocors',
      '/xss/46xxsettings.txt': { name: 'etag', arg: XSS_ETAG },
    },
  });
});

after(async () => {
  await files?.close();
});

/**
 * Opens the app with a phone that holds the demo boot code and application,
 * runs `fn`, and fails on page errors and on any dialog (an alert would mean
 * markup from a server ran).
 */
async function withPhone(fn, { expectedErrors } = {}) {
  const { page, context, errors } = await openApp(suite.browser, suite.app.url);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  try {
    await selectModel(page, '1608');
    await page.getByTestId('bootname-input').fill(BOOT);
    await page.getByTestId('appname-input').fill(APP);
    await fn(page);
    assert.deepEqual(dialogs, [], 'no dialog opened');
    assert.equal(await page.locator('img').count(), 0, 'no element made from server text');
    const unexpected = errors.filter((e) => !expectedErrors?.test(e));
    assert.deepEqual(unexpected, [], 'no errors on the page');
  } finally {
    await context.close();
  }
}

/** Boots against folder `dir` of the test server; returns the outcome. */
async function bootFrom(page, dir, opts) {
  await setServerUrl(page, `${files.url}${dir}/`);
  return boot(page, opts);
}

async function warnings(page) {
  return page.getByTestId('warning-row').evaluateAll((els) =>
    els.map((e) => ({
      code: e.dataset.code,
      file: e.dataset.file,
      line: e.dataset.line === undefined ? null : Number(e.dataset.line),
      text: e.textContent,
    })),
  );
}

async function warning(page, code) {
  const w = (await warnings(page)).find((x) => x.code === code);
  assert.ok(w, `a ${code} warning, among: ${JSON.stringify(await warnings(page), null, 1).slice(0, 2000)}`);
  return w;
}

/** Flash still holds what the phone started with (nothing passed a check). */
async function assertFlashUnchanged(page) {
  assert.equal(await page.getByTestId('flash-boot-name').textContent(), BOOT);
  assert.equal(await page.getByTestId('flash-app-name').textContent(), APP);
  const f = JSON.parse(await page.evaluate(() => localStorage.getItem('phoneboot.flash.v1')));
  assert.equal(f.boot_code.name, BOOT);
  assert.equal(f.application.name, APP);
  assert.equal(f.application.sha256, '', 'not rewritten by a download');
  const r = await reportJson(page);
  assert.ok(!r.display.some((d) => d.startsWith('Saving to flash')));
}

/** A failed GET of 46xxsettings.txt, reported at 16xxupgrade.txt line 2 with `why`. */
async function assertGetFailed(page, why) {
  const w = await warning(page, 'get-failed');
  assert.equal(w.file, '16xxupgrade.txt');
  assert.equal(w.line, 2);
  assert.match(w.text, /16xxupgrade\.txt:2/);
  assert.match(w.text, /GET 46xxsettings\.txt: no server delivered it \(/);
  assert.match(w.text, why);
}

// ---------------------------------------------------------------- hostile servers

test('404: the failed GET names the file, the line and the status', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'missing'), 'registered');
    await assertGetFailed(page, /\(HTTP 404\)/);
    await assertFlashUnchanged(page);
  });
});

test('500: the failed GET names the file, the line and the status', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 's500'), 'registered');
    await assertGetFailed(page, /\(HTTP 500\)/);
    await assertFlashUnchanged(page);
  });
});

test('a slow trickle past the timeout: no complete answer within the timeout', async () => {
  await withPhone(async (page) => {
    await page.getByTestId('timeout-input').fill('1');
    assert.equal(await bootFrom(page, 'slow'), 'registered');
    await assertGetFailed(page, /\(no complete answer within 1 s\)/);
    assert.match(await page.getByTestId('request-result').last().textContent(), /no complete answer within 1 s/);
    await assertFlashUnchanged(page);
  });
});

test('a body shorter than its Content-Length: the connection ended after n bytes', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'short'), 'registered');
    await assertGetFailed(page, /\(connection ended after \d+ bytes/);
    assert.equal(await page.getByTestId('setting-DSCPAUD').count(), 0, 'half a file is not applied');
    await assertFlashUnchanged(page);
  });
});

test('a connection reset mid-body: the connection ended after n bytes', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'reset'), 'registered');
    await assertGetFailed(page, /\(connection ended after \d+ bytes/);
    await assertFlashUnchanged(page);
  });
});

test('an HTML error page with status 200: named as HTML at line 1 of the file', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'html'), 'registered');
    const w = (await warnings(page)).find((x) => x.code === 'malformed' && x.file === '46xxsettings.txt');
    assert.ok(w);
    assert.equal(w.line, 1);
    assert.match(w.text, /46xxsettings\.txt:1/);
    assert.match(w.text, /46xxsettings\.txt looks like an HTML page, not a script/);
    await assertFlashUnchanged(page);
  });
});

test('a redirect loop: named as such, not as a dead server', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'redirect'), 'registered');
    await assertGetFailed(page, /a redirect loop/);
    const row = page.locator('[data-testid=request-row][data-file="46xxsettings.txt"] [data-testid=request-result]');
    assert.match(await row.textContent(), /the server answers with a redirect that never reaches the file/);
    assert.ok(files.requests.filter((r) => r.path === '/redirect/46xxsettings.txt' && r.status === 302).length > 5);
    await assertFlashUnchanged(page);
  });
});

test('no CORS headers: named as a cross-origin refusal, with the header lines to add', async () => {
  await withPhone(
    async (page) => {
      assert.equal(await bootFrom(page, 'nocors'), 'registered');
      await assertGetFailed(page, /the server does not allow cross-origin reads \(it answered without an Access-Control-Allow-Origin header\)/);
      const why = page.locator('[data-testid=request-row][data-file="46xxsettings.txt"] + [data-testid=request-diagnosis]');
      assert.equal(await why.getAttribute('data-kind'), 'cross-origin');
      assert.match(await why.textContent(), /Access-Control-Allow-Origin/);
      await assertFlashUnchanged(page);
    },
    { expectedErrors: /blocked by CORS policy/ },
  );
});

// ---------------------------------------------------------------- hostile files

test('a GET cycle between two settings files: the loop is named at its file and line, and the GET bound stops it', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'cycle'), 'bound');
    const loop = await warning(page, 'get-loop');
    assert.equal(loop.file, 'b.txt');
    assert.equal(loop.line, 2);
    assert.match(loop.text, /b\.txt:2/);
    assert.match(loop.text, /GET a\.txt makes a loop: a\.txt -> b\.txt -> a\.txt/);
    const bound = await warning(page, 'bound');
    assert.match(bound.text, /16 GETs in one boot was hit in [ab]\.txt at line 2/);
    assert.match(await page.getByTestId('outcome-detail').textContent(), /16 GETs in one boot reached in [ab]\.txt at line 2\./);
    await assertFlashUnchanged(page);
  });
});

/**
 * Starts a boot from `dir` and, while it runs, checks that the page answers:
 * typing in a field shows at once, and no task blocks the page for long.
 */
async function bootResponsively(page, dir) {
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await setServerUrl(page, `${files.url}${dir}/`);
  const before = Number(await page.getByTestId('outcome').getAttribute('data-run'));
  await page.getByTestId('boot-button').click();
  const t0 = Date.now();
  await page.getByTestId('skip-animation').click({ timeout: 2_000 });
  await page.getByTestId('mac-input').fill('00:1b:4f:aa:bb:cc', { timeout: 2_000 });
  assert.equal(await page.getByTestId('mac-input').inputValue(), '00:1b:4f:aa:bb:cc');
  const answered = Date.now() - t0;
  assert.ok(answered < 2_000, `the page answered in ${answered} ms`);
  await page.waitForFunction(
    (before) => {
      const o = document.querySelector('[data-testid=outcome]');
      return Number(o.dataset.run) > before && !['running', 'idle'].includes(o.dataset.outcome);
    },
    before,
    { timeout: 30_000 },
  );
  const longest = await page.evaluate(() => window.__longest);
  console.log(`${dir}: the page answered in ${answered} ms; longest task ${longest} ms`);
  assert.ok(longest < 1_000, `the longest task blocked the page for ${longest} ms`);
  return page.getByTestId('outcome').getAttribute('data-outcome');
}

test('a GOTO loop: stopped by the statement bound at its file and line, the page answering meanwhile', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootResponsively(page, 'goto'), 'bound');
    const bound = await warning(page, 'bound');
    assert.equal(bound.file, '46xxsettings.txt');
    assert.ok([2, 3, 4].includes(bound.line), `line ${bound.line}`);
    assert.match(bound.text, /1000000 statements executed was hit in 46xxsettings\.txt at line [234]/);
    assert.match(bound.text, /a GOTO loop that never ends/);
    await assertFlashUnchanged(page);
  });
});

test('a 20 MB settings file: refused at the 8 MiB bound, naming the file and the GET line, the page answering meanwhile', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootResponsively(page, 'huge'), 'bound');
    const bound = await warning(page, 'bound');
    assert.equal(bound.file, '16xxupgrade.txt');
    assert.equal(bound.line, 2);
    assert.match(bound.text, /8 MiB per file was hit in 16xxupgrade\.txt at line 2/);
    assert.match(bound.text, /46xxsettings\.txt is larger than 8 MiB/);
    // Refused from its Content-Length: the 20 MB were never read.
    const bytes = await page.locator('[data-testid=request-row][data-file="46xxsettings.txt"] td.num').nth(1).textContent();
    assert.ok(!/MB/.test(bytes), `bytes read: ${bytes}`);
    await assertFlashUnchanged(page);
  });
});

test('a 4 MB single line: the SET is refused at its line, quoted short, and the next line applies', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootResponsively(page, 'longline'), 'registered');
    const w = await warning(page, 'invalid-value');
    assert.equal(w.file, '46xxsettings.txt');
    assert.equal(w.line, 1);
    assert.match(w.text, /SET DOMAIN a+.* is ignored/);
    assert.ok(w.text.length < 1_000, `the warning is ${w.text.length} characters`);
    assert.equal(await settingValue(page, 'DSCPAUD'), '40');
    await assertFlashUnchanged(page);
  });
});

test('binary garbage: named as not text, and the phone goes on', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'garbage'), 'registered');
    const notText = await warning(page, 'not-utf8');
    assert.equal(notText.file, '46xxsettings.txt');
    assert.match(notText.text, /46xxsettings\.txt/);
    const nul = (await warnings(page)).find((x) => x.code === 'malformed' && /NUL bytes/.test(x.text));
    assert.ok(nul, 'NUL bytes reported');
    assert.match(nul.text, /46xxsettings\.txt contains NUL bytes: it is probably not a text file/);
    await assertFlashUnchanged(page);
  });
});

test('NUL bytes: named, and the other lines still apply', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'nul'), 'registered');
    const w = (await warnings(page)).find((x) => /NUL bytes/.test(x.text));
    assert.ok(w);
    assert.equal(w.file, '46xxsettings.txt');
    assert.match(w.text, /46xxsettings\.txt contains NUL bytes/);
    assert.equal(await settingValue(page, 'L2QVLAN'), '20');
    await assertFlashUnchanged(page);
  });
});

test('invalid UTF-8: named, read as Windows-1252, never a failure', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'latin1'), 'registered');
    const w = await warning(page, 'not-utf8');
    assert.equal(w.file, '46xxsettings.txt');
    assert.match(w.text, /46xxsettings\.txt/);
    assert.match(w.text, /Windows-1252/);
    assert.equal(await settingValue(page, 'DOMAIN'), 'café.example');
    await assertFlashUnchanged(page);
  });
});

// ---------------------------------------------------------------- markup from servers stays text

test('markup in a value, a GET target and an ETag is shown as text and never runs', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'xss'), 'registered');
    // The value, as text in the settings table.
    assert.equal(await settingValue(page, 'DOMAIN'), XSS);
    // The GET target, in the request log and in the warning about it.
    assert.ok((await requestUrls(page)).some((u) => u.endsWith(`/xss/${XSS_GET}`)));
    const w = await warning(page, 'get-failed');
    assert.ok(w.text.includes(`GET ${XSS_GET}: no server delivered it (HTTP 404)`), w.text);
    // The ETag, on the display's HTTP:n line and in the request log.
    const r = await reportJson(page);
    assert.ok(r.display.some((d) => d.endsWith(`200 ${XSS_ETAG}`)), r.display.join('\n'));
    const title = await page.locator('[data-testid=request-row][data-file="46xxsettings.txt"] [data-testid=request-result]').getAttribute('title');
    assert.equal(title, `ETag ${XSS_ETAG}`);
    assert.ok((await page.getByText(XSS, { exact: false }).count()) > 0);
    await assertFlashUnchanged(page);
  });
});

test('markup in the application file name is shown as text and never runs', async () => {
  await withPhone(async (page) => {
    assert.equal(await bootFrom(page, 'xssapp'), 'restart-loop');
    const decision = await page.getByTestId('decision').first().textContent();
    assert.ok(decision.includes(XSS_APP), decision);
    assert.equal(await page.locator(`[data-testid=check-group][data-file="${XSS_APP}"]`).count(), 4);
    assert.ok((await page.getByTestId('outcome-detail').textContent()).includes(`${XSS_APP} failed its checks`));
    await assertFlashUnchanged(page);
  });
});

// ---------------------------------------------------------------- secrets, CSP, the source

test('a secret never reaches the URL or an exported report unmasked', async () => {
  const { page, context, errors } = await openApp(suite.browser, suite.app.url);
  try {
    assert.equal(await boot(page), 'registered');
    assert.equal(await settingValue(page, 'PROCPSWD'), '********');
    assert.ok(!page.url().includes('53017'));
    assert.ok(!(await requestUrls(page)).some((u) => u.includes('53017')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const exported = await fsp.readFile(await download.path(), 'utf8');
    assert.ok(!exported.includes('53017'), 'the default export masks PROCPSWD everywhere');
    assert.equal(JSON.parse(exported).settings.PROCPSWD.value, '********');
    assert.ok(!(await page.getByTestId('report-json').textContent()).includes('53017'));
    assert.ok(!page.url().includes('53017'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the page has a Content-Security-Policy, no inline script, and the policy blocks injected script', async () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta element');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /connect-src \*/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  assert.ok(scripts.every(([, attrs, body]) => /\bsrc=/.test(attrs) && body.trim() === ''), 'no inline script');

  const { page, context, errors } = await openApp(suite.browser, suite.app.url);
  try {
    const blocked = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const s = document.createElement('script');
          s.textContent = 'window.__injected = true';
          document.body.append(s);
          setTimeout(() => resolve(window.__injected ? 'ran' : 'no event'), 1000);
        }),
    );
    assert.match(blocked, /^script-src/);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.ok(errors.every((e) => /Content Security Policy/.test(e)), errors.join('\n'));
  } finally {
    await context.close();
  }
});

test('the app never builds HTML from strings: no inner_html or unchecked HTML in src/', async () => {
  const banned = /inner_html|from_html_unchecked|set_inner_html|dangerously|outer_html|insert_adjacent_html|VRaw/;
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.rs') ? [path.join(dir, d.name)] : [],
    );
  const hits = walk(path.join(ROOT, 'src')).flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .map((l, i) => [l, i])
      .filter(([l]) => banned.test(l))
      .map(([l, i]) => `${path.relative(ROOT, f)}:${i + 1}: ${l.trim()}`),
  );
  assert.deepEqual(hits, []);
});
