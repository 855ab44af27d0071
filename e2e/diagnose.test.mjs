// The Diagnose tab end to end, in headless Chromium over the release build:
//   trunk build --release && node --test e2e/diagnose.test.mjs
// Display texts typed into "The phone shows", a "show me" link that runs the
// boot that shows a message, an access log pasted beside the emulated boot,
// a million-line paste that leaves the page answering, and (when the test
// suite's nginx helper is there) a real nginx access log of a boot.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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
  selectModel,
  setServerUrl,
  startApp,
} from './harness.mjs';

// Every Chromium gets a proxy that goes nowhere: nothing may leave 127.0.0.0/8
// (loopback is never proxied).
const PROXY = '--proxy-server=http://127.0.0.1:9';
const ARGS = CHROMIUM_ARGS.includes(PROXY) ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, PROXY];

const launch = () => chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const suite = { app: null, browser: null };
before(async () => {
  assertDistBuilt();
  suite.app = await startApp();
  suite.browser = await launch();
});
after(async () => {
  await suite.browser?.close();
  await suite.app?.close();
});

/** Opens the app in a fresh context, on the Diagnose tab. */
async function withDiagnose(fn) {
  const { page, context, errors } = await openApp(suite.browser, suite.app.url);
  try {
    await page.getByTestId('tab-diagnose').click();
    await page.getByTestId('says-input').waitFor({ state: 'visible' });
    await fn(page);
    assert.deepEqual(errors, [], 'no errors on the page');
  } finally {
    await context.close();
  }
}

async function firstMatch(page, text) {
  await page.getByTestId('says-input').fill(text);
  return (await page.getByTestId('says-message').first().textContent()).trim();
}

const clf = (ip, p, status, agent = 'AVAYA/1608') =>
  `${ip} - - [01/Dec/2026:08:00:00 +0000] "GET ${p} HTTP/1.1" ${status} 512 "-" "${agent}"`;

/** Presses Compare and waits for the comparison (or its error). */
async function compare(page, timeout = 60_000) {
  await page.getByTestId('log-compare').click();
  await page.waitForSelector('[data-testid=log-status][data-state=done], [data-testid=log-status][data-state=failed]', { timeout });
  return page.getByTestId('log-status').getAttribute('data-state');
}

test('Diagnose is a third tab, and typed display texts show their matches', async () => {
  await withDiagnose(async (page) => {
    const tabs = await page.getByRole('tab').allTextContents();
    assert.deepEqual(tabs.map((t) => t.trim()), ['Boot', 'Fleet', 'Diagnose']);
    assert.equal(await page.getByTestId('tab-diagnose').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#view-diagnose').isVisible(), true);
    assert.equal(await page.locator('#view-boot').isVisible(), false);
    assert.ok(await page.getByLabel('The phone shows', { exact: true }).isVisible());

    assert.equal(await firstMatch(page, 'HTTP:3 404'), 'HTTP:n sc etag');
    assert.equal((await page.getByTestId('says-tag').first().textContent()).trim(), '[doc]');
    assert.match(await page.getByTestId('says-fixes').first().textContent(), /HTTPDIR/);
    assert.equal(await firstMatch(page, 'dhcp:  12 SECS'), 'DHCP: s secs');
    assert.equal(await firstMatch(page, 'Discover 10.0.0.5'), 'Discover aaa.bbb.ccc.ddd');
    assert.equal(await firstMatch(page, 'Retrieval failed'), 'Retrieval failed');
    assert.equal(await firstMatch(page, 'HTTP:1 failed'), 'HTTP:n failed');
    assert.equal((await page.getByTestId('says-tag').first().textContent()).trim(), '[emu]');
    assert.match(await page.getByTestId('says-phase').first().textContent(), /file server/);

    await page.getByTestId('says-input').fill('Sistem bizzy');
    await page.getByTestId('says-none').waitFor();
    const near = await page.getByTestId('says-message').allTextContents();
    assert.ok(near.includes('System busy'), near.join(', '));

    // Server-like text is shown as text, never as HTML.
    await page.getByTestId('says-input').fill('<img src=x onerror=alert(1)>');
    assert.match(await page.getByTestId('says-none').textContent(), /<img src=x/);
    assert.equal(await page.locator('[data-testid=says-results] img').count(), 0);
  });
});

test('a "show me" link sets up and runs the boot that shows the message', async () => {
  await withDiagnose(async (page) => {
    await page.getByTestId('says-input').fill('Checksum error');
    const show = page.getByTestId('says-show').first();
    assert.equal(await show.getAttribute('data-scenario'), 'corrupt-firmware');
    await show.click();
    assert.equal(await page.getByTestId('tab-boot').getAttribute('aria-selected'), 'true');
    await page.getByTestId('skip-animation').click();
    await page.waitForFunction(() => {
      const o = document.querySelector('[data-testid=outcome]');
      return o && !['running', 'idle'].includes(o.dataset.outcome);
    }, null, { timeout: 60_000 });
    assert.equal(await page.getByTestId('outcome').getAttribute('data-outcome'), 'restart-loop');
    assert.match(await page.getByTestId('server-url-input').inputValue(), /demo\/broken\/$/);
  });
});

test('a pasted access log beside the emulated boot: rows and findings', async () => {
  await withDiagnose(async (page) => {
    // The default phone: a factory-fresh 1608 against the built-in demo server.
    const lines = [
      clf('192.168.5.5', '/index.html', 200, 'Mozilla/5.0'),
      clf('10.1.1.20', '/demo/16xxupgrade.txt', 200),
      clf('10.1.1.20', '/demo/hb16xxdemo_r1_5.bin', 200),
      clf('10.1.1.20', '/demo/16xxupgrade.txt', 200),
      clf('10.1.1.20', '/demo/ha1608demo_r2_0.bin', 200),
      clf('10.1.1.20', '/demo/16xxupgrade.txt', 200),
      clf('10.1.1.20', '/demo/46xxsettings.txt', 404),
      clf('10.1.1.21', '/demo/16xxupgrade.txt', 302),
    ];
    await page.getByLabel('Access log', { exact: true }).fill(lines.join('\n'));
    assert.equal(await compare(page), 'done');
    assert.match(await page.getByTestId('log-summary').textContent(), /combined log format.*8 lines.*2 phones/);
    const options = await page.getByTestId('log-client').locator('option').allTextContents();
    assert.deepEqual(options.map((o) => o.split(' ')[0]), ['10.1.1.20', '10.1.1.21']);
    const rows = await page.getByTestId('log-row').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.equal(rows.length, 6, JSON.stringify(rows));
    assert.deepEqual(rows[1].slice(0, 3), ['/demo/hb16xxdemo_r1_5.bin', '/demo/hb16xxdemo_r1_5.bin', '200']);
    assert.deepEqual(rows[5].slice(0, 3), ['/demo/46xxsettings.txt', '/demo/46xxsettings.txt', '404']);
    const findings = await page.getByTestId('log-finding').evaluateAll((li) =>
      li.map((l) => ({ severity: l.dataset.severity, text: l.textContent })));
    assert.ok(findings.some((f) => f.severity === 'error' && /404 for \/demo\/46xxsettings.txt/.test(f.text)), JSON.stringify(findings));
    assert.ok(findings.some((f) => /AVAYA\/1608/.test(f.text)));

    // The other phone: its redirect is a finding.
    await page.getByTestId('log-client').selectOption({ index: 1 });
    await page.waitForFunction(() => /redirected/.test(document.querySelector('[data-testid=log-findings]')?.textContent ?? ''));

    // Not a log: the error names the line.
    await page.getByLabel('Access log', { exact: true }).fill('hello\nworld');
    assert.equal(await compare(page), 'failed');
    assert.match(await page.getByTestId('log-error').textContent(), /line 1: not an access log line/);
  });
});

test('a million-line paste leaves the page answering and is read to the end', async () => {
  await withDiagnose(async (page) => {
    // Built in the page: 1,000,000 lines (about 70 MB), one phone among browsers.
    await page.evaluate(() => {
      const parts = [];
      for (let i = 0; i < 1_000_000; i++) {
        parts.push(i % 100_000 === 0
          ? `10.1.1.20 - - [01/Dec/2026:08:00:00 +0000] "GET /demo/16xxupgrade.txt HTTP/1.1" 200 2817 "-" "AVAYA/1608"`
          : `192.168.${i % 250}.${i % 200} - - [01/Dec/2026:08:00:00 +0000] "GET /i HTTP/1.1" 200 5 "-" "x"`);
      }
      // A paste, as the user makes it.
      const data = new DataTransfer();
      data.setData('text/plain', parts.join('\n'));
      document.querySelector('[data-testid=log-input]').dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    assert.match(await page.getByTestId('log-pasted').textContent(), /1000000 lines/);
    assert.equal(await page.getByTestId('log-input').inputValue(), '', 'kept out of the text area');
    await page.getByTestId('log-compare').click();
    // While the log is read, the page still answers: typing shows matches.
    await page.waitForSelector('[data-testid=log-status][data-state=reading]');
    await page.getByTestId('says-input').fill('System busy');
    await page.waitForFunction(() => document.querySelector('[data-testid=says-message]')?.textContent === 'System busy');
    const stillReading = await page.getByTestId('log-status').getAttribute('data-state');
    assert.ok(['reading', 'booting', 'done'].includes(stillReading));
    await page.waitForSelector('[data-testid=log-status][data-state=done]', { timeout: 120_000 });
    assert.match(await page.getByTestId('log-summary').textContent(), /1000000 lines, 1000000 requests, 1 phone/);
    assert.ok(await page.getByTestId('log-finding').count() > 0);
  });
});

test('a real nginx access log of a boot, pasted beside the emulation', async (t) => {
  const helper = path.join(ROOT, 'e2e', 'nginx.mjs');
  if (!fs.existsSync(helper)) {
    t.skip("e2e/nginx.mjs (the suite's nginx) is not in this tree yet");
    return;
  }
  const { startNginx } = await import(helper);
  // The demo files under /demo/ of a folder made for this run.
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'phoneboot-diagnose-nginx-'));
  await fsp.cp(path.join(ROOT, 'demo'), path.join(root, 'demo'), { recursive: true });
  const ng = await startNginx({ root });
  try {
    const { page, context, errors } = await openApp(suite.browser, suite.app.url);
    try {
      // A factory-fresh 1608 boots from nginx: nginx logs every request.
      await selectModel(page, '1608');
      await setServerUrl(page, `${ng.httpUrl}demo/`);
      assert.equal(await boot(page), 'registered');
      const log = await fsp.readFile(ng.accessLog, 'utf8');
      assert.match(log, /"GET \/demo\/16xxupgrade\.txt HTTP\/1\.1" 200/);
      // The same phone, factory-fresh again, is what the log is compared with.
      await page.getByTestId('factory-reset-button').click();
      await page.getByTestId('tab-diagnose').click();
      await page.getByLabel('Access log', { exact: true }).fill(log);
      assert.equal(await compare(page), 'done');
      assert.match(await page.getByTestId('log-summary').textContent(), /combined log format/);
      const rows = await page.getByTestId('log-row').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
      const emulated = rows.filter((r) => r[0] !== '\u2014');
      assert.equal(emulated.length, 6, JSON.stringify(rows));
      assert.ok(emulated.every((r) => r[1] === r[0] && r[2] === '200'), JSON.stringify(rows));
      assert.deepEqual(emulated.map((r) => r[0].split('/').pop()), [
        '16xxupgrade.txt', 'hb16xxdemo_r1_5.bin', '16xxupgrade.txt', 'ha1608demo_r2_0.bin', '16xxupgrade.txt', '46xxsettings.txt',
      ]);
      const findings = await page.getByTestId('log-finding').allTextContents();
      // The "phone" here is phoneboot in Chromium, and the comparison says so.
      assert.ok(findings.some((f) => /looks like a browser/.test(f)), findings.join('\n'));
      assert.ok(findings.some((f) => /only phoneboot asks for/.test(f)), findings.join('\n'));
      assert.ok(findings.some((f) => /one restart per firmware image/.test(f)), findings.join('\n'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    await ng.stop();
    await fsp.rm(root, { recursive: true, force: true });
  }
});
