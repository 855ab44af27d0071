// The app end to end, in headless Chromium over the release build:
//   trunk build --release && node --test e2e/
// Each test opens the app in a fresh browser context (so a factory-fresh
// phone, unless the test says otherwise) and boots it against the built-in
// demo server (dist/demo/) or a server the test starts on 127.0.0.1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import net from 'node:net';
import { startServer } from './server.mjs';
import {
  ROOT,
  appSuite,
  boot,
  displayLines,
  openApp,
  reportJson,
  requestUrls,
  selectModel,
  setGroup,
  setOption242,
  setServerUrl,
  settingValue,
  startFolderServer,
} from './harness.mjs';

const suite = appSuite();
const { withPage } = suite;

const rowsWhere = (page, testid) => page.getByTestId(testid);

/** A local port nothing listens on. */
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function decisions(page) {
  return page.getByTestId('decision').evaluateAll((els) => els.map((e) => e.dataset.decision));
}

async function warningRows(page) {
  return page.getByTestId('warning-row').evaluateAll((els) =>
    els.map((e) => ({
      code: e.dataset.code,
      file: e.dataset.file,
      severity: e.dataset.severity,
      text: e.textContent,
    })),
  );
}

// ---------------------------------------------------------------- demo boots

const FAMILIES = [
  { model: '1603', lines: 2, app: 'ha1603demo_r2_0.bin', backlight: '30', extra: ['APPSTAT', '2'] },
  { model: '1608', lines: 2, app: 'ha1608demo_r2_0.bin', backlight: '60', extra: ['EXPANENHS', '1'] },
  { model: '1616', lines: 3, app: 'ha1616demo_r2_0.bin', backlight: '240', extra: ['PHY2STAT', '5'] },
];

for (const f of FAMILIES) {
  test(`a factory-fresh ${f.model} boots from the demo server: boot code, application, settings`, async () => {
    await withPage(async (page) => {
      await selectModel(page, f.model);
      assert.equal(await boot(page), 'registered');

      // The display is sized to the model and ends at registration.
      assert.equal(await page.getByTestId('phone').getAttribute('data-model'), f.model);
      const lines = await displayLines(page);
      assert.equal(lines.length, f.lines);
      assert.equal(lines[0], 'Enter Extension');
      assert.equal(await page.getByTestId('display-status').count(), f.model === '1603' ? 0 : 1);

      // Two downloads (boot code, then application), then nothing to do.
      assert.deepEqual(await decisions(page), ['download', 'download', 'skip']);
      const urls = await requestUrls(page);
      assert.ok(urls.every((u) => u.startsWith(`${suite.app.url}demo/`)), urls.join('\n'));
      assert.ok(urls.some((u) => u.endsWith('/hb16xxdemo_r1_5.bin')));
      assert.ok(urls.some((u) => u.endsWith(`/${f.app}`)));
      assert.ok(urls.at(-1).endsWith('/46xxsettings.txt'));
      assert.equal(await page.getByTestId('restart-row').count(), 2);

      // Every check of both downloads passes, SHA-256 against the .sha256 file.
      const checks = await page.getByTestId('check-row').evaluateAll((els) => els.map((e) => e.dataset.status));
      assert.equal(checks.length, 10);
      assert.ok(checks.every((s) => s === 'pass'), checks.join(','));
      const digests = await page.getByTestId('digest').allTextContents();
      assert.equal(digests.length, 2);
      assert.ok(digests.every((d) => /^[0-9a-f]{64}$/.test(d)));

      // Effective settings: the per-model SET overrides the common one.
      assert.equal(await settingValue(page, 'BAKLIGHTOFF'), f.backlight);
      assert.equal(await settingValue(page, f.extra[0]), f.extra[1]);
      assert.equal(await settingValue(page, 'MCIPADD'), '10.10.20.5,10.10.20.6');
      assert.equal(await settingValue(page, 'APPNAME'), f.app);
      assert.match(await page.getByTestId('setting-BAKLIGHTOFF').textContent(), /46xxsettings\.txt:\d+/);
      assert.equal(await settingValue(page, 'PROCPSWD'), '********');
      assert.equal(await page.getByTestId('setting-L2QVLAN').count(), 0, 'group 0 gets no VLAN');

      // The SIP-only parameter is reported, not applied.
      const warnings = await warningRows(page);
      assert.ok(warnings.some((w) => w.code === 'unknown-parameter' && /SIP_CONTROLLER_LIST/.test(w.text)));
      assert.equal(await page.getByTestId('setting-SIP_CONTROLLER_LIST').count(), 0);

      // The plain base URL is the emulator's shortcut, and says so.
      assert.match(await page.getByTestId('outcome').textContent(), /emulator rule/);

      // Flash now holds both files.
      assert.equal(await page.getByTestId('flash-boot-name').textContent(), 'hb16xxdemo_r1_5.bin');
      assert.equal(await page.getByTestId('flash-app-name').textContent(), f.app);
      assert.equal(await page.getByTestId('appname-input').inputValue(), f.app);
    });
  });
}

test('a 1616 in group 3 gets the call-centre VLAN and group3.txt', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1616');
    await setGroup(page, 3);
    assert.equal(await boot(page), 'registered');
    assert.equal(await settingValue(page, 'L2QVLAN'), '130');
    assert.equal(await settingValue(page, 'LANGSYS'), 'mlf_16xx_german.txt');
    assert.equal(await settingValue(page, 'CCBTNSTAT'), '0');
    assert.match(await page.getByTestId('setting-CCBTNSTAT').textContent(), /group3\.txt:\d+/);
    assert.equal(await settingValue(page, 'PROCSTAT'), '1', 'group3.txt overrides the common PROCSTAT');
    assert.ok((await requestUrls(page)).some((u) => u.endsWith('/demo/group3.txt')));
  });
});

test('GROUP is validated: 0 to 999, with a message, and Boot waits for a valid value', async () => {
  await withPage(async (page) => {
    await setGroup(page, 1000);
    await page.getByTestId('group-error').waitFor();
    assert.match(await page.getByTestId('group-error').textContent(), /0 to 999/);
    assert.equal(await page.getByTestId('boot-button').isDisabled(), true);
    await setGroup(page, 'x');
    assert.equal(await page.getByTestId('group-error').count(), 1);
    await setGroup(page, 999);
    assert.equal(await page.getByTestId('group-error').count(), 0);
    assert.equal(await page.getByTestId('boot-button').isEnabled(), true);
  });
});

// ---------------------------------------------------------------- other servers

test('boots from a second server typed in as a base URL (cross-origin, CORS on)', async () => {
  const srv = await startFolderServer({
    '16xxupgrade.txt': '## a second provisioning server\nGET 46xxsettings.txt\n',
    '46xxsettings.txt': [
      'SET MCIPADD 192.0.2.10',
      'SET DOMAIN second.example',
      'IF $GROUP SEQ 7 GOTO SEVEN',
      'GOTO END',
      '# SEVEN',
      'SET L2QVLAN 77',
      'SET L2QVLAN 5000',
      '# END',
      '',
    ].join('\n'),
  });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      await setGroup(page, 7);
      assert.equal(await boot(page), 'registered');
      assert.deepEqual(await requestUrls(page), [`${srv.url}16xxupgrade.txt`, `${srv.url}46xxsettings.txt`]);
      assert.deepEqual(await decisions(page), ['unset']);
      assert.equal(await settingValue(page, 'MCIPADD'), '192.0.2.10');
      assert.equal(await settingValue(page, 'DOMAIN'), 'second.example');
      assert.equal(await settingValue(page, 'L2QVLAN'), '77');
      assert.match(await page.getByTestId('setting-L2QVLAN').textContent(), /46xxsettings\.txt:6/);
      // The ignored SET is reported beside the setting it failed to change.
      assert.match(await page.getByTestId('setting-notes-L2QVLAN').textContent(), /46xxsettings\.txt:7: SET L2QVLAN 5000 is ignored/);
      assert.deepEqual(
        srv.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
        ['GET /16xxupgrade.txt 200', 'GET /46xxsettings.txt 200'],
        'plain GETs, no preflight',
      );
    });
  } finally {
    await srv.close();
  }
});

test('no 16xxupgrade.txt on the server: a fresh phone stops at System busy', async () => {
  const srv = await startFolderServer({});
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      assert.equal(await boot(page), 'no-application');
      assert.match(await page.getByTestId('outcome-title').textContent(), /No application: System busy/);
      assert.match(await page.getByTestId('outcome').textContent(), /emulator rule/);
      assert.deepEqual(await displayLines(page), ['System busy', '']);
      const w = (await warningRows(page)).find((x) => x.code === 'no-upgrade-script');
      assert.ok(w, 'a warning about the missing upgrade script');
      assert.equal(w.file, '16xxupgrade.txt');
      assert.match(w.text, /16xxupgrade\.txt/);
      assert.equal(await page.getByTestId('request-result').first().textContent(), '404');
      const why = page.getByTestId('request-diagnosis');
      assert.equal(await why.getAttribute('data-kind'), 'http-status');
      assert.match(await why.textContent(), /16xxupgrade\.txt is not on the server/);
    });
  } finally {
    await srv.close();
  }
});

test('no settings file on the server: a warning names 46xxsettings.txt and the phone still registers', async () => {
  const srv = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n' });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      assert.equal(await boot(page), 'registered');
      const w = (await warningRows(page)).find((x) => x.code === 'get-failed');
      assert.ok(w, 'a warning about the failed GET');
      assert.equal(w.file, '16xxupgrade.txt');
      assert.match(w.text, /46xxsettings\.txt/);
      const results = await page.getByTestId('request-result').allTextContents();
      assert.deepEqual(results, ['200', '404']);
    });
  } finally {
    await srv.close();
  }
});

test('a server that does not allow cross-origin reads is told apart from one that is down', async () => {
  const srv = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n' }, { cors: false });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      assert.equal(await boot(page), 'no-application');
      assert.match(
        await page.getByTestId('request-result').first().textContent(),
        /the server does not allow cross-origin reads \(it answered without an Access-Control-Allow-Origin header\)/,
      );
      assert.equal(await page.getByTestId('request-diagnosis').first().getAttribute('data-kind'), 'cross-origin');
      // A port nobody listens on is unreachable, not a CORS problem.
      const down = `http://127.0.0.1:${await closedPort()}/`;
      await setServerUrl(page, down);
      assert.equal(await boot(page), 'no-application');
      assert.match(
        await page.getByTestId('request-result').first().textContent(),
        /server unreachable \(connection refused/,
      );
      assert.equal(await page.getByTestId('request-diagnosis').first().getAttribute('data-kind'), 'unreachable');
    }, { expectedErrors: /blocked by CORS policy/ });
  } finally {
    await srv.close();
  }
});

test('DHCP option 242 names the server: HTTPSRVR, HTTPPORT, HTTPDIR', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1608');
    await setOption242(page, `HTTPSRVR=127.0.0.1,HTTPPORT=${suite.app.port},HTTPDIR=demo,L2QVLAN=20`);
    assert.equal(await boot(page), 'registered');
    const urls = await requestUrls(page);
    assert.equal(urls[0], `http://127.0.0.1:${suite.app.port}/demo/16xxupgrade.txt`);
    assert.ok(urls.some((u) => u === `http://127.0.0.1:${suite.app.port}/demo/ha1608demo_r2_0.bin`));
    assert.equal(await settingValue(page, 'BAKLIGHTOFF'), '60');
    // A value only DHCP gave is shown as such.
    assert.equal(await settingValue(page, 'L2QVLAN'), '20');
    assert.match(await page.getByTestId('setting-L2QVLAN').textContent(), /DHCP option 242/);
    // No base-URL shortcut, so no emulator rule about it.
    assert.doesNotMatch(await page.getByTestId('outcome').textContent(), /base URL/);
  });
});

// ---------------------------------------------------------------- failures in transit

test('a download cut short fails its checks and the restart loop is stopped', async () => {
  suite.app.faults['/demo/ha1608demo_r2_0.bin'] = 'truncate';
  try {
    await withPage(async (page) => {
      await selectModel(page, '1608');
      assert.equal(await boot(page), 'restart-loop');
      assert.match(await page.getByTestId('outcome').textContent(), /emulator rule.*3 restarts/s);
      const results = await page
        .locator('[data-testid=request-row][data-file="ha1608demo_r2_0.bin"] [data-testid=request-result]')
        .allTextContents();
      assert.ok(results.length >= 1);
      assert.ok(results.every((r) => /connection ended after \d+ bytes/.test(r)), results.join('\n'));
      assert.equal(await page.getByTestId('flash-app').textContent(), 'Applicationempty');
    });
  } finally {
    delete suite.app.faults['/demo/ha1608demo_r2_0.bin'];
  }
});

test('a request that gets no answer times out after the configured time', async () => {
  suite.app.faults['/demo/46xxsettings.txt'] = 'hang';
  try {
    await withPage(async (page) => {
      await page.getByTestId('timeout-input').fill('1');
      // Pre-load both files so the boot goes straight to the settings file.
      await page.getByTestId('bootname-input').fill('hb16xxdemo_r1_5.bin');
      await page.getByTestId('appname-input').fill('ha1608demo_r2_0.bin');
      await selectModel(page, '1608');
      assert.equal(await boot(page), 'registered');
      assert.deepEqual(await decisions(page), ['skip']);
      const last = await page.getByTestId('request-result').last().textContent();
      assert.match(last, /no complete answer within 1 s/);
    });
  } finally {
    delete suite.app.faults['/demo/46xxsettings.txt'];
  }
});

test('the broken demo folder ends in a stopped restart loop', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1616');
    await page.getByRole('button', { name: 'demo/broken' }).click();
    assert.match(await page.getByTestId('server-url-input').inputValue(), /\/demo\/broken\/$/);
    assert.equal(await boot(page), 'restart-loop');
    const statuses = await page
      .locator('[data-testid=check-row][data-kind=sha256]')
      .evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.deepEqual(statuses, ['pass', 'fail', 'fail', 'fail']);
    assert.equal(await page.getByTestId('flash-boot-name').textContent(), 'hb16xxdemo_r1_5.bin');
  });
});

// ---------------------------------------------------------------- report, flash

test('Export JSON downloads the report shown on the page, secrets masked unless revealed', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1608');
    assert.equal(await boot(page), 'registered');

    const r = await reportJson(page);
    assert.equal(r.model, '1608');
    assert.equal(r.group, 0);
    assert.deepEqual(r.server, { kind: 'base-url', value: `${suite.app.url}demo/` });
    assert.equal(r.appname, 'ha1608demo_r2_0.bin');
    assert.deepEqual(r.decision, { decision: 'skip', name: 'ha1608demo_r2_0.bin', slot: 'application' });
    assert.equal(r.settings.BAKLIGHTOFF.value, '60');
    assert.equal(r.settings.BAKLIGHTOFF.file, '46xxsettings.txt');
    assert.equal(r.settings.PROCPSWD.value, '********');
    assert.equal(r.secrets_masked, true);
    assert.ok(r.warnings.some((w) => w.code === 'unknown-parameter' && w.message.includes('SIP_CONTROLLER_LIST')));
    assert.ok(r.files.some((f) => f.name === '16xxupgrade.txt' && f.status === 200));
    assert.ok(r.files.some((f) => f.name === 'ha1608demo_r2_0.bin' && f.bytes === 155648));
    assert.equal(r.display.at(-1), 'Enter Extension');
    assert.ok(r.display.includes('Saving to flash 100%, 0 secs') || r.display.some((d) => d.startsWith('Saving to flash')));
    assert.deepEqual(r.outcome, { outcome: 'registered' });
    assert.equal(r.passes, 3);
    assert.equal(r.restarts, 2);
    assert.equal(r.flash.application.name, 'ha1608demo_r2_0.bin');
    assert.equal(r.checks.length, 10);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    assert.equal(download.suggestedFilename(), 'phoneboot-report-1608.json');
    const exported = JSON.parse(await fsp.readFile(await download.path(), 'utf8'));
    assert.deepEqual(exported, r);

    await page.getByTestId('reveal-secrets').check();
    assert.equal(await settingValue(page, 'PROCPSWD'), '53017');
    const revealed = await reportJson(page);
    assert.equal(revealed.settings.PROCPSWD.value, '53017');
    assert.equal(revealed.secrets_masked, false);
  });
});

test('flash survives a reload: the next boot skips the download', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1608');
    await setGroup(page, 2);
    assert.equal(await boot(page), 'registered');
    await page.reload();
    await page.getByTestId('boot-button').waitFor();
    // The phone remembers its model and group; flash its files.
    assert.equal(await page.getByTestId('model-select').inputValue(), '1608');
    assert.equal(await page.getByTestId('group-input').inputValue(), '2');
    assert.equal(await page.getByTestId('flash-app-name').textContent(), 'ha1608demo_r2_0.bin');

    assert.equal(await boot(page), 'registered');
    assert.deepEqual(await decisions(page), ['skip']);
    const urls = await requestUrls(page);
    assert.ok(!urls.some((u) => u.endsWith('.bin')), urls.join('\n'));
    assert.equal(await settingValue(page, 'L2QVLAN'), '120');

    // A remote restart runs the same boot, shown as such.
    assert.equal(await boot(page, { button: 'restart-button' }), 'registered');
    assert.match(await rowsWhere(page, 'pass-row').first().textContent(), /remote restart/);
    assert.equal((await reportJson(page)).display[0], 'Restarting...');

    // Factory reset empties it again.
    await page.getByTestId('factory-reset-button').click();
    assert.match(await page.getByTestId('flash-app').textContent(), /empty/);
    assert.equal(await page.getByTestId('appname-input').inputValue(), '');
  });
});

test('unreadable flash in storage resets the phone to factory state with a notice', async () => {
  await withPage(async (page) => {
    await page.evaluate(() => localStorage.setItem('phoneboot.flash.v1', '{"version": 1, "boot_code": 42'));
    await page.reload();
    await page.getByTestId('notice').waitFor();
    assert.match(await page.getByTestId('notice').textContent(), /could not be read.*factory/s);
    assert.match(await page.getByTestId('flash-boot').textContent(), /empty/);
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('phoneboot.flash.v1')));
    // Reset to a factory-fresh phone in the current format (2: language files and AUTH kept).
    assert.equal(stored.version, 2);
    assert.equal(stored.boot_code, null);

    await page.evaluate(() => localStorage.setItem('phoneboot.flash.v1', JSON.stringify({ version: 99 })));
    await page.reload();
    await page.getByTestId('notice').waitFor();
    assert.match(await page.getByTestId('notice').textContent(), /version 99/);
    assert.equal(await boot(page), 'registered');
  });
});

test('the display plays the boot messages back, and Skip animation jumps to the end', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1603');
    await page.getByTestId('boot-button').click();
    // The messages come one by one, and the panels follow the display.
    await page.waitForFunction(() => document.querySelector('[data-testid=display-line]').textContent === 'Loading');
    assert.equal(await page.getByTestId('outcome').getAttribute('data-outcome'), 'running');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=request-row]').length === 1);
    assert.notEqual((await displayLines(page))[0], 'Enter Extension');
    assert.equal(await page.getByTestId('skip-animation').isEnabled(), true);
    await page.getByTestId('skip-animation').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=outcome]').dataset.outcome === 'registered');
    assert.deepEqual(await displayLines(page), ['Enter Extension', '']);
    assert.equal(await page.getByTestId('skip-animation').isDisabled(), true);
    assert.match(await page.getByTestId('progress-label').textContent(), /120\.0 KB of 120\.0 KB/);
  });
});

test('the release build works from a sub-path: /dist/ with its demo server at /dist/demo/', async () => {
  const srv = await startServer({ root: ROOT });
  try {
    const { page, context, errors } = await openApp(suite.browser, `${srv.url}dist/`);
    try {
      assert.equal(await page.getByTestId('server-url-input').inputValue(), `${srv.url}dist/demo/`);
      assert.equal(await boot(page), 'registered');
      assert.ok((await requestUrls(page)).every((u) => u.startsWith(`${srv.url}dist/demo/`)));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    await srv.close();
  }
});

// ---------------------------------------------------------------- first screen (issue 15)

/** The header's text and where its title sits, to compare index.html's first screen with the app's. */
async function headerSeen(page) {
  return page.evaluate(() => {
    const h1 = document.querySelector('header.topbar h1');
    const r = h1.getBoundingClientRect();
    return {
      headers: document.querySelectorAll('header.topbar').length,
      title: h1.textContent,
      tagline: document.querySelector('header.topbar .tagline').textContent,
      box: [r.x, r.y, r.width, r.height].map(Math.round),
    };
  });
}

test('index.html paints the header while the wasm loads, and the app replaces it in place', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    // The wasm is held back until the test has seen the first screen.
    let release;
    const held = new Promise((r) => (release = r));
    await context.route(/_bg\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(suite.app.url);
    const status = page.getByTestId('shell-status');
    await status.waitFor({ state: 'visible' });
    assert.equal(await status.textContent(), 'Starting the emulator…');
    const before = await headerSeen(page);
    assert.equal(before.headers, 1);
    assert.equal(await page.getByTestId('boot-button').count(), 0, 'no app yet');
    release();
    await page.getByTestId('boot-button').waitFor({ state: 'visible' });
    const after = await headerSeen(page);
    // One header, the app's own, with the same words in the same place: no jump.
    assert.deepEqual(after, before);
    assert.equal(await page.locator('#shell').count(), 0);
    assert.equal(await page.getByTestId('tab-boot').getAttribute('aria-selected'), 'true');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('when the wasm cannot be loaded, the first screen says so instead of starting forever', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    await context.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm' }));
    const page = await context.newPage();
    await page.goto(suite.app.url);
    const status = page.getByTestId('shell-status');
    await page.waitForFunction(() => document.querySelector('[data-testid=shell-status]')?.classList.contains('failed'));
    const text = await status.textContent();
    assert.match(text, /^phoneboot could not start: CompileError: .+\. It needs a browser with WebAssembly SIMD .+ check that the server sends the app's files as they were built\./);
    assert.equal(await status.getAttribute('role'), 'alert');
    assert.equal(await page.getByTestId('boot-button').count(), 0);
  } finally {
    await context.close();
  }
});

test('when the app stops in its first render, the hidden first screen comes back and says why', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  try {
    // The wasm never comes; the page then does what src/main.rs does before a
    // first render that traps: hide the first screen, then fail.
    await context.route(/_bg\.wasm$/, () => {});
    const page = await context.newPage();
    await page.goto(suite.app.url);
    await page.evaluate(() => {
      document.getElementById('shell').hidden = true;
      setTimeout(() => Promise.reject(new WebAssembly.RuntimeError('unreachable')));
    });
    const status = page.getByTestId('shell-status');
    await status.waitFor({ state: 'visible' });
    assert.match(await status.textContent(), /^phoneboot could not start: RuntimeError: unreachable\. /);
  } finally {
    await context.close();
  }
});
