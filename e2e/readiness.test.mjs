// Check server (Fleet tab) and the option-242 builder, end to end in headless
// Chromium over the release build:
//   trunk build --release && node --test e2e/readiness.test.mjs
// The demo server passes its own check; a folder missing a language file
// shows it missing; the builder writes a string and the lint flags `HTTP DIR`.
// Chromium runs with the harness's --proxy-server=http://127.0.0.1:9, so
// nothing the page asks for can leave 127.0.0.0/8.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, ROOT, appSuite, startFolderServer } from './harness.mjs';

// The harness launches Chromium with this dead proxy; say so if it ever stops.
assert.ok(CHROMIUM_ARGS.includes('--proxy-server=http://127.0.0.1:9'), 'CHROMIUM_ARGS has the dead proxy');
const suite = appSuite();
const { withPage } = suite;

/** Fleet tab, server typed, Check server pressed; waits for the table and returns its rows. */
async function checkServer(page, server) {
  await page.getByTestId('tab-fleet').click();
  if (server !== undefined) await page.getByTestId('fleet-server-input').fill(server);
  await page.getByTestId('readiness-run').click();
  await page.waitForSelector('[data-testid=readiness-status][data-state=done]', { timeout: 30_000 });
  return page.getByTestId('readiness-row').evaluateAll((rows) =>
    rows.map((r) => ({
      path: r.dataset.path,
      status: r.dataset.status,
      required: r.dataset.required === 'true',
      who: [...r.querySelectorAll('td.who span')].map((s) => s.textContent),
      cells: [...r.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
  );
}

/** The demo folder's files (top level), for a copy with one taken away. */
function demoFiles(except) {
  const dir = path.join(ROOT, 'demo');
  const files = {};
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isFile() && name !== except) files[name] = fs.readFileSync(p);
  }
  return files;
}

test('Check server on the built-in demo: every file any phone needs is present, language files included', async () => {
  await withPage(async (page) => {
    const rows = await checkServer(page);
    const summary = page.getByTestId('readiness-summary');
    assert.equal(await summary.getAttribute('data-all-present'), 'true', await summary.textContent());
    const text = await summary.textContent();
    const m = /^(\d+) of (\d+) files present$/.exec(text);
    assert.ok(m && m[1] === m[2], text);
    assert.equal(rows.length, Number(m[2]));
    assert.ok(rows.every((r) => r.status === 'present'), JSON.stringify(rows, null, 1));
    const by = Object.fromEntries(rows.map((r) => [r.path, r]));
    for (const f of ['16xxupgrade.txt', '46xxsettings.txt', 'group3.txt', 'hb16xxdemo_r1_5.bin', 'ha1608demo_r2_0.bin',
      'hb16xxdemo_r1_5.bin.sha256', 'mlf_16xx_spanish.txt', 'mlf_16xx_french.txt', 'mlf_16xx_german.txt']) {
      assert.ok(by[f], `${f} is in the table`);
    }
    assert.deepEqual(by['16xxupgrade.txt'].who, ['all models: groups 0-3']);
    assert.deepEqual(by['ha1616demo_r2_0.bin'].who, ['1616, 1616-I: groups 0-3']);
    assert.deepEqual(by['mlf_16xx_german.txt'].who, ['all models: group 3']);
    assert.ok(by['ha1608demo_r2_0.bin'].cells[5].startsWith('verified'), by['ha1608demo_r2_0.bin'].cells.join(' | '));
    // Export CSV: the same rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('readiness-export-csv').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    assert.ok(csv.startsWith('file,url,purpose,required,status,'), csv.slice(0, 80));
    assert.equal(csv.trim().split('\n').length, rows.length + 1);
    assert.match(csv, /\nmlf_16xx_french\.txt,[^\n]*,language,yes,present,/);
  });
});

test('Check server on a folder that lacks a language file shows it missing', async () => {
  const srv = await startFolderServer(demoFiles('mlf_16xx_french.txt'));
  try {
    await withPage(async (page) => {
      const rows = await checkServer(page, srv.url);
      const fr = rows.find((r) => r.path === 'mlf_16xx_french.txt');
      assert.ok(fr, JSON.stringify(rows.map((r) => r.path)));
      assert.equal(fr.status, 'missing');
      assert.deepEqual(fr.who, ['all models: group 2']);
      assert.ok(fr.cells[3].includes('HTTP 404'), fr.cells[3]);
      const summary = page.getByTestId('readiness-summary');
      assert.equal(await summary.getAttribute('data-all-present'), 'false');
      assert.match(await summary.textContent(), /; 1 missing: mlf_16xx_french\.txt$/);
      assert.ok(rows.filter((r) => r.path !== 'mlf_16xx_french.txt').every((r) => r.status === 'present'));
    });
  } finally {
    await srv.close();
  }
});

test('the option-242 builder writes a string; the lint flags HTTP DIR; snippets copy; the Diagnose tab lints too', async () => {
  await withPage(async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.app.url });
    await page.locator('label[for=mode-option242]').click();
    // The builder under the Boot tab's option-242 field (the Diagnose tab has one too).
    const boot = page.getByTestId('settings-form');
    await boot.getByTestId('o242-summary').click();
    await boot.getByTestId('o242-field-HTTPSRVR').fill('10.0.0.9, 10.0.0.10');
    await boot.getByTestId('o242-field-HTTPDIR').fill('/phones/1600/');
    await boot.getByTestId('o242-field-L2QVLAN').fill('20');
    const built = 'HTTPSRVR=10.0.0.9,10.0.0.10,HTTPDIR=phones/1600,L2QVLAN=20';
    assert.equal(await boot.getByTestId('o242-built').textContent(), built);
    await boot.getByTestId('o242-use').click();
    assert.equal(await page.getByTestId('option242-input').inputValue(), built);
    await boot.getByTestId('o242-clean').waitFor();

    await page.getByTestId('option242-input').fill('HTTPSRVR=10.0.0.9,HTTP DIR=phones');
    const finding = boot.getByTestId('o242-finding').filter({ hasText: 'HTTP DIR' });
    await finding.waitFor();
    assert.equal(await finding.getAttribute('data-severity'), 'error');
    assert.match(await finding.textContent(), /Fix: write HTTPDIR=phones/);

    await boot.getByTestId('o242-server-dnsmasq').click();
    const snippet = boot.getByTestId('o242-snippet');
    assert.equal(await snippet.getAttribute('data-server'), 'dnsmasq');
    assert.match(await snippet.textContent(), /^dhcp-option=242,"HTTPSRVR=10\.0\.0\.9,HTTP DIR=phones"$/m);
    await boot.getByTestId('o242-server-windows').click();
    assert.match(await snippet.textContent(), /^Set-DhcpServerv4OptionValue -OptionId 242 -Value 'HTTPSRVR=10\.0\.0\.9,HTTP DIR=phones'$/m);
    await boot.getByTestId('o242-copy-snippet').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=settings-form] [data-testid=o242-copy-snippet]')?.textContent === 'Copied',
    );
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await snippet.textContent());

    // The Diagnose tab's builder lints a pasted string of its own.
    await page.getByTestId('tab-diagnose').click();
    const tools = page.getByTestId('diagnose-tools');
    await tools.getByTestId('o242-paste').fill('TLSSRVR=10.0.0.7,HTTPDIR=phones');
    const tls = tools.getByTestId('o242-finding').filter({ hasText: 'TLSSRVR without HTTPSRVR' });
    await tls.waitFor();
    assert.match(await tls.textContent(), /Fix: add HTTPSRVR=10\.0\.0\.7/);
  });
});
