// The Fleet view end to end, in headless Chromium over the release build:
//   trunk build --release && node --test e2e/fleet.test.mjs
// Every model against every group of the built-in demo server (dist/demo/),
// a side-by-side compare, CSV export, opening a cell in the Boot view, and a
// large matrix (8 models x 1000 groups over Avaya's 972 KB template).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT,
  appSuite,
  boot,
  settingValue,
  startFolderServer,
} from './harness.mjs';

const MODELS = ['1603', '1603-I', '1603SW', '1603SW-I', '1608', '1608-I', '1616', '1616-I'];
const APP_OF = (m) => `ha${m.slice(0, 4)}demo_r2_0.bin`;
const BOOT_CODE = 'hb16xxdemo_r1_5.bin';
const TEMPLATE = path.join(ROOT, 'engine', 'tests', 'corpus', '46xxsettings-avaya-template-2022.txt');

const suite = appSuite();
const { withPage } = suite;

/** The line (1-based) of `text` in the demo server's `file`. */
function demoLine(file, text) {
  const lines = fs.readFileSync(path.join(ROOT, 'demo', file), 'utf8').split('\n');
  const i = lines.indexOf(text);
  assert.ok(i >= 0, `${file} has the line "${text}"`);
  return i + 1;
}

/** Opens the Fleet tab, sets the server and groups, builds the matrix and waits for it. */
async function buildMatrix(page, { server, groups, timeout = 30_000 } = {}) {
  await page.getByTestId('tab-fleet').click();
  if (server !== undefined) await page.getByTestId('fleet-server-input').fill(server);
  if (groups !== undefined) await page.getByTestId('fleet-groups-input').fill(groups);
  const before = await page.getByTestId('fleet-status').getAttribute('data-state');
  await page.getByTestId('fleet-run').click();
  if (before === 'done') await page.waitForSelector('[data-testid=fleet-status]:not([data-state=done])');
  await page.waitForSelector('[data-testid=fleet-status][data-state=done], [data-testid=fleet-status][data-state=failed]', { timeout });
  return page.getByTestId('fleet-status').getAttribute('data-state');
}

async function columns(page) {
  return (await page.getByTestId('fleet-col').allTextContents()).map((t) => t.trim());
}

const cell = (page, model, group) => page.locator(`[data-testid=fleet-cell][data-model="${model}"][data-group="${group}"]`);

async function cells(page) {
  return page.getByTestId('fleet-cell').evaluateAll((els) =>
    els.map((e) => ({
      model: e.dataset.model,
      group: Number(e.dataset.group),
      appname: e.dataset.appname,
      differs: e.dataset.differs === 'true',
      via: e.querySelector('[data-testid=fleet-cell-via]')?.textContent ?? '',
      value: e.querySelector('[data-testid=fleet-cell-value]')?.textContent.trim(),
    })),
  );
}

/** RFC 4180 CSV: rows of fields (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

/** The comparison's rows by parameter: kind, and each side as "value @ file:line" or "not set". */
async function compareRows(page) {
  return page.getByTestId('compare-row').evaluateAll((els) => {
    const side = (td) => {
      const where = td.querySelector('[data-testid=compare-where]');
      return where ? `${td.querySelector('.value').textContent} @ ${where.textContent}` : td.textContent;
    };
    return Object.fromEntries(
      els.map((e) => [
        e.dataset.name,
        {
          kind: e.dataset.kind,
          left: side(e.querySelector('[data-testid=compare-left-value]')),
          right: side(e.querySelector('[data-testid=compare-right-value]')),
        },
      ]),
    );
  });
}

test('the demo server in the fleet matrix: each model its application after the boot code, each group its VLAN', async () => {
  await withPage(async (page) => {
    assert.equal(await page.getByTestId('tab-boot').getAttribute('aria-selected'), 'true');
    assert.equal(await buildMatrix(page), 'done');
    assert.equal(await page.getByTestId('tab-fleet').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('boot-button').isVisible(), false, 'the Boot view is hidden');
    // Fetched once, parsed once: the three script files, no firmware.
    assert.match(await page.getByTestId('fleet-status').textContent(), /3 files fetched and parsed once \(16xxupgrade\.txt, 46xxsettings\.txt, group3\.txt\)/);
    const fetched = suite.app.requests.filter((r) => r.path.startsWith('/demo/')).map((r) => r.path);
    for (const f of ['/demo/16xxupgrade.txt', '/demo/46xxsettings.txt', '/demo/group3.txt']) {
      assert.equal(fetched.filter((p) => p === f).length >= 1, true, f);
    }
    assert.ok(!fetched.some((p) => p.endsWith('.bin')), 'the matrix downloads no firmware');

    // GROUP 0 plus every group the files test.
    assert.deepEqual(await columns(page), ['GROUP 0', 'GROUP 1', 'GROUP 2', 'GROUP 3']);
    const all = await cells(page);
    assert.equal(all.length, 8 * 4);
    for (const m of MODELS) {
      const row = all.filter((c) => c.model === m);
      assert.deepEqual(row.map((c) => c.group), [0, 1, 2, 3]);
      assert.ok(row.every((c) => c.appname === APP_OF(m)), `${m}: ${row.map((c) => c.appname)}`);
      assert.ok(row.every((c) => c.via === `after ${BOOT_CODE}`), `${m}: ${row.map((c) => c.via)}`);
      assert.deepEqual(row.map((c) => c.differs), [false, true, true, true], `${m}: groups 1-3 get their own settings`);
    }
    assert.match(await cell(page, '1608', 1).textContent(), /L2QVLAN=110/);

    // One parameter across the fleet.
    await page.getByTestId('fleet-param-input').fill('l2qvlan');
    const vlan = await cells(page);
    for (const m of MODELS) {
      assert.deepEqual(vlan.filter((c) => c.model === m).map((c) => c.value), ['—', '110', '120', '130'], m);
    }

    // BAKLIGHTOFF depends on the model only: no group column differs.
    await page.getByTestId('fleet-param-input').fill('BAKLIGHTOFF');
    assert.deepEqual((await cells(page)).filter((c) => c.group === 2).map((c) => c.value), ['30', '30', '30', '30', '60', '60', '240', '240']);
    await page.getByTestId('fleet-only-differing').check();
    assert.deepEqual(await columns(page), ['GROUP 0']);
    await page.getByTestId('fleet-param-input').fill('');
    assert.deepEqual(await columns(page), ['GROUP 0', 'GROUP 1', 'GROUP 2', 'GROUP 3']);

    // Groups the user adds, as ranges.
    await page.getByTestId('fleet-only-differing').uncheck();
    assert.equal(await buildMatrix(page, { groups: '2-5, 40' }), 'done');
    assert.deepEqual(await columns(page), ['GROUP 0', 'GROUP 1', 'GROUP 2', 'GROUP 3', 'GROUP 4', 'GROUP 5', 'GROUP 40']);
    assert.equal(await cell(page, '1616', 40).getAttribute('data-differs'), 'false', 'an untested group gets what GROUP 0 gets');
  });
});

test('compare two cells: a 1608 in GROUP 0 and in GROUP 3, with the file and line of each value', async () => {
  await withPage(async (page) => {
    assert.equal(await buildMatrix(page), 'done');
    await cell(page, '1608', 0).getByTestId('fleet-pick').click();
    await cell(page, '1608', 3).getByTestId('fleet-pick').click();
    await page.getByTestId('compare-result').waitFor();
    assert.match(await page.getByTestId('compare-summary').textContent(), /1608 · GROUP 0 · .* vs 1608 · GROUP 3 · /);
    const rows = await compareRows(page);

    const vlanLine = demoLine('46xxsettings.txt', 'SET L2QVLAN 130');
    assert.equal(rows.L2QVLAN.kind, 'only-right');
    assert.equal(rows.L2QVLAN.left, 'not set');
    assert.equal(rows.L2QVLAN.right, `130 @ 46xxsettings.txt:${vlanLine}`);

    assert.equal(rows.PROCSTAT.kind, 'different');
    assert.equal(rows.PROCSTAT.left, `0 @ 46xxsettings.txt:${demoLine('46xxsettings.txt', 'SET PROCSTAT 0')}`);
    assert.equal(rows.PROCSTAT.right, `1 @ group3.txt:${demoLine('group3.txt', 'SET PROCSTAT 1')}`);
    assert.equal(rows.CCBTNSTAT.kind, 'only-right');
    assert.ok(!('BAKLIGHTOFF' in rows), 'what is the same is not listed');
    assert.ok(!('APPNAME' in rows));
    assert.equal(
      await page.getByTestId('compare-downloads').textContent(),
      `Downloads on the way: ${BOOT_CODE} → ha1608demo_r2_0.bin | ${BOOT_CODE} → ha1608demo_r2_0.bin`,
    );
  });
});

test('compare the same phone against two servers', async () => {
  const other = await startFolderServer({
    '16xxupgrade.txt': 'SET APPNAME ha1608other_r3.bin\nGET 46xxsettings.txt\n',
    '46xxsettings.txt': 'SET PROCSTAT 0\nIF $GROUP SEQ 3 GOTO G3\nGOTO END\n# G3\nSET L2QVLAN 77\n# END\n',
  });
  try {
    await withPage(async (page) => {
      assert.equal(await buildMatrix(page), 'done');
      await cell(page, '1608', 3).getByTestId('fleet-pick').click();
      await page.getByTestId('compare-same-phone').click();
      assert.equal(await page.getByTestId('compare-right-group').inputValue(), '3');
      await page.getByTestId('compare-right-server').fill(other.url);
      await page.getByTestId('compare-run').click();
      await page.waitForFunction(() => /vs 1608 · GROUP 3 · http/.test(document.querySelector('[data-testid=compare-summary]')?.textContent ?? '') &&
        !!document.querySelector('[data-testid=compare-row][data-name=L2QVLAN]'));
      const rows = await compareRows(page);
      assert.equal(rows.L2QVLAN.kind, 'different');
      assert.equal(rows.L2QVLAN.left, `130 @ 46xxsettings.txt:${demoLine('46xxsettings.txt', 'SET L2QVLAN 130')}`);
      assert.equal(rows.L2QVLAN.right, '77 @ 46xxsettings.txt:5');
      assert.equal(rows.APPNAME.kind, 'different');
      assert.equal(rows.APPNAME.right, 'ha1608other_r3.bin @ 16xxupgrade.txt:1');
      assert.equal(rows.PROCSTAT.kind, 'different', 'group3.txt is only on the demo server');
      assert.equal(rows.MCIPADD.kind, 'only-left');
      assert.deepEqual(other.requests.map((r) => r.path), ['/16xxupgrade.txt', '/46xxsettings.txt']);
    });
  } finally {
    await other.close();
  }
});

test('a re-run asks the server again: unchanged files answer 304 and are not sent twice, a changed file is read anew', async () => {
  const srv = await startFolderServer({
    '16xxupgrade.txt': 'GET 46xxsettings.txt\n',
    '46xxsettings.txt': 'SET L2QVLAN 10\n',
  });
  const statuses = () => srv.requests.map((r) => `${r.path} ${r.status}`);
  try {
    await withPage(async (page) => {
      const vlan = async () => (await cells(page)).find((c) => c.model === '1608' && c.group === 0)?.value;
      // A run over two small files can end before a selector sees it start: wait for its requests.
      const rerun = async (requests) => {
        await page.getByTestId('fleet-run').click();
        while (srv.requests.length < requests) await new Promise((r) => setTimeout(r, 20));
        await page.waitForSelector('[data-testid=fleet-status][data-state=done]');
      };
      assert.equal(await buildMatrix(page, { server: srv.url, groups: '' }), 'done');
      await page.getByTestId('fleet-param-input').fill('L2QVLAN');
      assert.equal(await vlan(), '10');
      assert.deepEqual(statuses(), ['/16xxupgrade.txt 200', '/46xxsettings.txt 200']);

      // The browser kept the files; the server says they did not change.
      await rerun(4);
      assert.deepEqual(statuses().slice(2), ['/16xxupgrade.txt 304', '/46xxsettings.txt 304']);
      assert.equal(await vlan(), '10');

      // A file edited on the server between two runs (new size, so a new ETag) is downloaded again.
      await fsp.writeFile(path.join(srv.root, '46xxsettings.txt'), 'SET L2QVLAN 2000\n');
      await rerun(6);
      assert.deepEqual(statuses().slice(4), ['/16xxupgrade.txt 304', '/46xxsettings.txt 200']);
      assert.equal(await vlan(), '2000');
    });
  } finally {
    await srv.close();
  }
});

test('Export CSV downloads the whole matrix, one row per phone, secrets masked', async () => {
  await withPage(async (page) => {
    assert.equal(await buildMatrix(page), 'done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fleet-export-csv').click()]);
    assert.equal(download.suggestedFilename(), 'phoneboot-fleet.csv');
    const text = await fsp.readFile(await download.path(), 'utf8');
    const lines = parseCsv(text);
    assert.equal(lines.length, 1 + 8 * 4);
    assert.ok(lines.every((l) => l.length === lines[0].length), 'every row has every column');
    const header = lines[0];
    assert.deepEqual(header.slice(0, 4), ['model', 'group', 'downloads', 'appname']);
    const col = (name) => header.indexOf(name);
    for (const name of ['L2QVLAN', 'PROCSTAT', 'PROCPSWD', 'BAKLIGHTOFF', 'APPNAME', 'CCBTNSTAT']) assert.ok(col(name) > 3, name);
    const row = (model, group) => lines.find((l) => l[0] === model && l[1] === String(group));
    const r = row('1608', 3);
    assert.equal(r[2], `${BOOT_CODE} ha1608demo_r2_0.bin`);
    assert.equal(r[3], 'ha1608demo_r2_0.bin');
    assert.equal(r[col('L2QVLAN')], '130');
    assert.equal(r[col('PROCSTAT')], '1');
    assert.equal(r[col('PROCPSWD')], '********');
    assert.equal(row('1616-I', 1)[col('L2QVLAN')], '110');
    assert.equal(row('1603SW', 0)[col('L2QVLAN')], '');
    assert.equal(row('1603SW', 0)[col('BAKLIGHTOFF')], '30');
    assert.equal(r[col('MCIPADD')], '10.10.20.5,10.10.20.6');
    assert.ok(text.includes('"10.10.20.5,10.10.20.6"'), 'a value with a comma is quoted');
  });
});

test('a cell opens that phone in the Boot view, and can start its boot', async () => {
  await withPage(async (page) => {
    assert.equal(await buildMatrix(page), 'done');
    await cell(page, '1616', 3).getByTestId('fleet-open').click();
    assert.equal(await page.getByTestId('tab-boot').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('fleet-view').isVisible(), false);
    assert.equal(await page.getByTestId('model-select').inputValue(), '1616');
    assert.equal(await page.getByTestId('group-input').inputValue(), '3');
    assert.equal(await page.getByTestId('server-url-input').inputValue(), `${suite.app.url}demo/`);
    assert.equal(await boot(page), 'registered');
    assert.equal(await settingValue(page, 'L2QVLAN'), '130');

    // The matrix is still there; this time opening the cell boots the phone.
    await page.getByTestId('tab-fleet').click();
    assert.equal(await page.getByTestId('fleet-cell').count(), 32);
    await page.getByTestId('fleet-autoboot').check();
    await cell(page, '1603SW-I', 2).getByTestId('fleet-open').click();
    await page.getByTestId('skip-animation').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=outcome]')?.dataset.outcome === 'registered');
    assert.equal(await page.getByTestId('model-select').inputValue(), '1603SW-I');
    assert.equal(await settingValue(page, 'L2QVLAN'), '120');
  });
});

test('the groups field takes ranges and says what is wrong; a server without the upgrade script is reported', async () => {
  const empty = await startFolderServer({ 'README.txt': 'nothing here\n' });
  try {
    await withPage(async (page) => {
      await page.getByTestId('tab-fleet').click();
      await page.getByTestId('fleet-groups-input').fill('5-1');
      assert.match(await page.getByTestId('fleet-groups-error').textContent(), /runs backwards/);
      assert.equal(await page.getByTestId('fleet-run').isDisabled(), true);
      await page.getByTestId('fleet-groups-input').fill('1000');
      assert.match(await page.getByTestId('fleet-groups-error').textContent(), /0 to 999/);
      await page.getByTestId('fleet-groups-input').fill('');
      assert.equal(await buildMatrix(page, { server: empty.url }), 'failed');
      assert.match(await page.getByTestId('fleet-status').textContent(), /No server delivered 16xxupgrade\.txt/);
    });
  } finally {
    await empty.close();
  }
});

test("8 models x 1000 groups over Avaya's 972 KB template: windowed, paged, and the page keeps painting", async () => {
  const srv = await startFolderServer({
    '16xxupgrade.txt': 'GET 46xxsettings.txt\n',
    '46xxsettings.txt': fs.readFileSync(TEMPLATE),
  });
  try {
    await withPage(async (page) => {
      await page.getByTestId('tab-fleet').click();
      await page.getByTestId('fleet-server-input').fill(srv.url);
      await page.getByTestId('fleet-groups-input').fill('0-999');
      // Gaps between animation frames while the matrix is built.
      await page.evaluate(() => {
        window.__gaps = { max: 0, frames: 0, on: true };
        let last = performance.now();
        const tick = (t) => {
          window.__gaps.max = Math.max(window.__gaps.max, t - last);
          window.__gaps.frames += 1;
          last = t;
          if (window.__gaps.on) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const t0 = Date.now();
      assert.equal(await buildMatrix(page), 'done');
      const wall = Date.now() - t0;
      const gaps = await page.evaluate(() => ({ ...window.__gaps, on: (window.__gaps.on = false) }));
      const status = page.getByTestId('fleet-status');
      assert.equal(await status.getAttribute('data-cells'), '8000');
      // Recorded, not asserted: CI checks ratios and sizes, never wall times.
      console.log(
        `fleet 8x1000 over the template: ${wall} ms wall, fetch ${await status.getAttribute('data-fetch-ms')} ms, ` +
          `compute ${await status.getAttribute('data-compute-ms')} ms, max frame gap ${gaps.max.toFixed(1)} ms over ${gaps.frames} frames`,
      );
      assert.ok(gaps.frames > 1, 'frames were painted while the matrix was built');

      // One page of 20 groups in the DOM, never 8000 cells.
      assert.equal(await page.getByTestId('fleet-cell').count(), 8 * 20);
      assert.equal((await page.getByTestId('fleet-page-label').textContent()).trim(), 'groups 1–20 of 1000');
      await page.getByTestId('fleet-next').click();
      assert.equal((await columns(page))[0], 'GROUP 20');
      assert.equal(await page.getByTestId('fleet-cell').count(), 8 * 20);
      // The template tests no group: nothing differs from GROUP 0.
      await page.getByTestId('fleet-only-differing').check();
      assert.deepEqual(await columns(page), ['GROUP 0']);
      assert.match(await page.getByTestId('fleet-page-label').textContent(), /groups 1–1 of 1 that differ \(of 1000\)/);
    });
  } finally {
    await srv.close();
  }
});
