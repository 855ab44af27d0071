// The app against a real nginx on 127.0.0.1 (e2e/nginx.mjs): the README's
// CORS lines are enough for the browser to read the files (and their ETag),
// the Fleet's re-run gets 304 Not Modified through them and shows the same
// matrix, a redirect is shown with its target and the fix instead of being followed
// silently (spec 2.6), and an https server the browser does not trust says
// "unreachable over https, or its certificate is not trusted" (spec 2.7),
// while the same server works once the browser trusts its certificate.
//   trunk build --release && node --test e2e/nginx.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ROOT,
  assertDistBuilt,
  boot,
  openApp,
  reportJson,
  selectModel,
  setServerUrl,
  startApp,
} from './harness.mjs';
import { CORS_LINES, startNginx } from './nginx.mjs';

/** No packet beyond 127.0.0.0/8: anything not on loopback goes to a dead proxy. */
const ARGS = [...CHROMIUM_ARGS, '--proxy-server=http://127.0.0.1:9'];

let app;
let ng;
let browser;
let root;

before(async () => {
  assertDistBuilt();
  // The demo files under /demo/ of a folder made for this run; /old/ redirects there.
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'phoneboot-nginx-root-'));
  await fsp.cp(path.join(ROOT, 'demo'), path.join(root, 'demo'), { recursive: true });
  ng = await startNginx({ root, redirectFrom: '/old/', redirectTo: '/demo/' });
  app = await startApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await ng?.stop();
  if (root) await fsp.rm(root, { recursive: true, force: true });
});

async function withApp(b, fn, expectedErrors) {
  const context = await b.newContext({ viewport: { width: 1440, height: 1000 } });
  const { page, errors } = await openApp(b, app.url, { context });
  try {
    await fn(page);
    assert.deepEqual(errors.filter((e) => !expectedErrors?.test(e)), [], 'no errors on the page');
  } finally {
    await context.close();
  }
}

test("the README's nginx CORS lines let the app read the files and their ETag", async () => {
  const r = await fetch(`${ng.httpUrl}demo/16xxupgrade.txt`, { headers: { Origin: app.url.replace(/\/$/, '') } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.headers.get('access-control-expose-headers'), 'Content-Length, ETag');
  assert.ok(CORS_LINES.every((l) => l.startsWith('add_header Access-Control-')));
  await withApp(browser, async (page) => {
    await selectModel(page, '1608');
    await setServerUrl(page, `${ng.httpUrl}demo/`);
    assert.equal(await boot(page), 'registered');
    const etag = r.headers.get('etag');
    const lines = (await reportJson(page)).display;
    assert.ok(lines.includes(`HTTP:1 200 ${etag}`), `the exposed ETag ${etag} reaches the display: ${lines.join(" | ")}`);
  });
});

test("the fleet's re-run revalidates against nginx: 304 with the README's CORS lines, and the same matrix", async () => {
  const log = async () => (await fsp.readFile(ng.accessLog, 'utf8')).split('\n').filter((l) => l.includes('"GET /demo/46xxsettings.txt '));
  await withApp(browser, async (page) => {
    await page.getByTestId('tab-fleet').click();
    await page.getByTestId('fleet-server-input').fill(`${ng.httpUrl}demo/`);
    const status = page.getByTestId('fleet-status');
    const run = async (n) => {
      await page.getByTestId('fleet-run').click();
      // nginx writes its log line once the response is sent: wait for the run's own request.
      for (let i = 0; i < 250 && (await log()).length < n; i++) await new Promise((r) => setTimeout(r, 20));
      await page.waitForSelector('[data-testid=fleet-status][data-state=done]');
      return (await status.textContent()).trim();
    };
    const before = (await log()).length;
    const first = await run(before + 1);
    const second = await run(before + 2);
    const lines = (await log()).slice(before);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /" 200 /, 'the first run downloads the file');
    assert.match(lines[1], /" 304 /, 'the re-run gets 304 Not Modified');
    assert.match(second, /3 files fetched and parsed once/);
    assert.equal(second.replace(/\d+ ms/g, 'n ms'), first.replace(/\d+ ms/g, 'n ms'));
    await page.getByTestId('fleet-param-input').fill('L2QVLAN');
    const vlan = page.locator('[data-testid=fleet-cell][data-model="1608"][data-group="3"] [data-testid=fleet-cell-value]');
    assert.equal((await vlan.textContent()).trim(), '130', 'GROUP 3 gets its VLAN from the files the browser kept');
  });
});

test('spec 2.6: a redirect is shown with its target and the fix, not followed silently', async () => {
  await withApp(browser, async (page) => {
    await selectModel(page, '1616');
    await setServerUrl(page, `${ng.httpUrl}old/`);
    assert.equal(await boot(page), 'no-application', 'the phone got no upgrade script');
    const banner = page.getByTestId('network-banner');
    assert.equal(await banner.getAttribute('data-kind'), 'redirect');
    const text = await banner.textContent();
    const target = `${ng.httpUrl}demo/16xxupgrade.txt`;
    assert.match(text, /16xxupgrade\.txt could not be fetched: The server redirects/);
    assert.ok(text.includes(target), text);
    assert.ok(text.includes(`HTTPSRVR=127.0.0.1,HTTPPORT=${ng.httpPort},HTTPDIR=demo`), text);
    const result = await page.getByTestId('request-result').first().textContent();
    assert.ok(result.startsWith(`redirected to ${target}`), result);
    assert.notEqual(result.trim(), '200');
    const rows = page.locator('[data-testid=warning-row][data-code=redirect]');
    assert.equal(await rows.count(), 1);
    const report = await reportJson(page);
    assert.equal(report.appname, null, 'nothing behind the redirect was used');
    assert.deepEqual(Object.keys(report.settings), []);
  });
});

test('spec 2.7: an https server the browser does not trust is named as such', async () => {
  await withApp(
    browser,
    async (page) => {
      await setServerUrl(page, `${ng.httpsUrl}demo/`);
      assert.equal(await boot(page), 'no-application');
      const banner = page.getByTestId('network-banner');
      assert.equal(await banner.getAttribute('data-kind'), 'tls');
      assert.match(await banner.textContent(), /could not be fetched: Unreachable over https, or its certificate is not trusted/);
      assert.match(
        await page.getByTestId('request-result').first().textContent(),
        /^unreachable over https, or its certificate is not trusted/,
      );
    },
    /ERR_CERT|net::/,
  );
});

test('the same https server works once the browser trusts its certificate', async () => {
  const trusting = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...ARGS, `--ignore-certificate-errors-spki-list=${ng.spki}`],
  });
  try {
    await withApp(trusting, async (page) => {
      await selectModel(page, '1603');
      await setServerUrl(page, `${ng.httpsUrl}demo/`);
      assert.equal(await boot(page), 'registered');
    });
  } finally {
    await trusting.close();
  }
  // nginx logged the app's requests, in combined format.
  const log = await fsp.readFile(ng.accessLog, 'utf8');
  assert.match(log, /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/demo\/16xxupgrade\.txt HTTP\/1\.1" 200 \d+ "[^"]*" "[^"]*"$/m);
});
