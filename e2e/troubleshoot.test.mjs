// The troubleshooting tools end to end (issue 5): script trace, lint links,
// network diagnosis, local folder mode, share links, the Markdown report and
// keyboard use. Headless Chromium over the release build, like suite.app.test.mjs:
//   trunk build --release && node --test e2e/troubleshoot.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT,
  appSuite,
  boot,
  requestUrls,
  selectModel,
  setGroup,
  setServerUrl,
  settingValue,
  startFolderServer,
} from './harness.mjs';

const suite = appSuite();
const { withPage } = suite;

/** Shows `file` in the trace (its latest run). */
async function pickTraceFile(page, file) {
  const select = page.getByTestId('trace-file-select');
  const value = await select.evaluate((s, file) => {
    const opts = [...s.options].filter((o) => o.textContent.includes(` ${file} `));
    return opts.at(-1)?.value;
  }, file);
  assert.ok(value !== undefined, `the trace offers ${file}`);
  await select.selectOption(value);
  await page.waitForFunction((file) => document.querySelector('[data-testid=trace]').dataset.file === file, file);
}

const traceLine = (page, n) => page.locator(`[data-testid=trace-line][data-line="${n}"]`);

async function lineInfo(page, n) {
  return traceLine(page, n).evaluate((el) => ({
    // The state is one of the row's classes (no data-state: it said the same).
    state: ['comment', 'executed', 'unreached'].filter((c) => el.classList.contains(c)).join(' '),
    mark: el.dataset.mark,
    classes: [...el.classList],
    // The number is drawn by CSS from data-line (styles/app.css, `.tl::before`),
    // with empty alternative text: what a user sees, then the line's text.
    text: (getComputedStyle(el, '::before').content.match(/^"([^"]*)"/)?.[1] ?? '') + el.textContent,
  }));
}

/** True when the element is inside both the window and its scrolling trace box. */
async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = el.closest('.trace-lines').getBoundingClientRect();
    return r.top >= Math.max(0, box.top) - 1 && r.bottom <= Math.min(window.innerHeight, box.bottom) + 1;
  });
}

async function warningCodes(page) {
  return page.getByTestId('warning-row').evaluateAll((els) => els.map((e) => e.dataset.code));
}

// ---------------------------------------------------------------- trace

const TRACE_SETTINGS = [
  '## trace fixture', //                       1 comment
  'SET MCIPADD 192.0.2.10', //                 2 applied
  'IF $GROUP SEQ 0 GOTO ZERO', //              3 taken (group 0)
  'SET L2QVLAN 99', //                         4 never reached
  '# ZERO', //                                 5 label
  'SET SIP_CONTROLLER_LIST 10.0.0.1', //       6 unknown to the 1600
  'SET L2QVLAN 5000', //                       7 invalid
  'GET missing.txt', //                        8 failed GET
  'IF $MODEL4 SEQ 1616 GOTO NEVER', //         9 not taken on a 1608
  'GET extra.txt', //                         10 the GET that leaves the file
  'SET DOMAIN never.example', //              11 never reached
  '# NEVER', //                               12 never reached
  '',
].join('\n');

test('the trace marks a taken IF, a failed GET, an unknown and an invalid SET, and greys lines never reached', async () => {
  const srv = await startFolderServer({
    '16xxupgrade.txt': 'GET 46xxsettings.txt\n',
    '46xxsettings.txt': TRACE_SETTINGS,
    'extra.txt': 'SET DOMAIN extra.example\n',
  });
  try {
    await withPage(async (page) => {
      await selectModel(page, '1608');
      await setServerUrl(page, srv.url);
      assert.equal(await boot(page), 'registered');

      // Every interpreted file is offered; the last one is shown first.
      const options = await page.getByTestId('trace-file-select').locator('option').allTextContents();
      assert.deepEqual(options.map((o) => o.split(' (')[0]), [
        'pass 1 · 16xxupgrade.txt',
        'pass 1 · 46xxsettings.txt',
        'pass 1 · extra.txt',
      ]);
      assert.equal(await page.getByTestId('trace').getAttribute('data-file'), 'extra.txt');
      await pickTraceFile(page, '46xxsettings.txt');

      // The whole small file is shown, with line numbers and its text.
      assert.equal(await page.getByTestId('trace-line').count(), 12);
      assert.equal(await page.getByTestId('trace-gap').count(), 0);
      assert.match((await lineInfo(page, 6)).text, /^6SET SIP_CONTROLLER_LIST 10\.0\.0\.1/);

      const l1 = await lineInfo(page, 1);
      assert.equal(l1.state, 'comment');

      const l2 = await lineInfo(page, 2);
      assert.equal(l2.mark, 'set-applied');
      assert.ok(l2.classes.includes('executed') && l2.classes.includes('set-applied'));

      const l3 = await lineInfo(page, 3);
      assert.equal(l3.state, 'executed');
      assert.equal(l3.mark, 'if-taken');
      assert.ok(l3.classes.includes('if-taken'));
      assert.match(l3.text, /taken: \$GROUP is "0" = "0", jumps to ZERO \(line 5\)/);

      const l4 = await lineInfo(page, 4);
      assert.equal(l4.state, 'unreached');
      assert.ok(l4.classes.includes('unreached'));
      assert.equal(l4.mark, undefined);

      const l6 = await lineInfo(page, 6);
      assert.equal(l6.mark, 'set-unknown');
      assert.ok(l6.classes.includes('set-unknown') && l6.classes.includes('executed'));
      assert.match(l6.text, /ignored: SIP_CONTROLLER_LIST is not a 1600 parameter \(used by .*SIP/);

      const l7 = await lineInfo(page, 7);
      assert.equal(l7.mark, 'set-invalid');
      assert.ok(l7.classes.includes('set-invalid'));
      assert.match(l7.text, /ignored: "5000" is not a valid L2QVLAN; allowed: /);

      const l8 = await lineInfo(page, 8);
      assert.equal(l8.mark, 'get-failed');
      assert.ok(l8.classes.includes('get-failed'));
      assert.match(l8.text, /GET failed: no server delivered missing\.txt, so the script goes on/);

      const l9 = await lineInfo(page, 9);
      assert.equal(l9.mark, 'if-not-taken');
      assert.match(l9.text, /not taken: \$MODEL4 is "1608", not "1616"/);

      const l10 = await lineInfo(page, 10);
      assert.equal(l10.mark, 'get-left');
      assert.ok(l10.classes.includes('get-left'));
      assert.match(l10.text, /leaves this file here for extra\.txt/);

      for (const n of [11, 12]) assert.equal((await lineInfo(page, n)).state, 'unreached', `line ${n}`);
      assert.match(
        await page.getByTestId('trace-summary').textContent(),
        /12 lines, 11 statements: 8 executed, 3 never reached/,
      );

      // The failed GET is in the request log too, and the settings follow the trace.
      assert.ok((await requestUrls(page)).includes(`${srv.url}missing.txt`));
      assert.equal(await settingValue(page, 'DOMAIN'), 'extra.example');
      assert.equal(await page.getByTestId('setting-L2QVLAN').count(), 0);
    });
  } finally {
    await srv.close();
  }
});

// ---------------------------------------------------------------- lint

const EVERY_WARNING = fs.readFileSync(path.join(ROOT, 'engine/tests/fixtures/every-warning.txt'), 'utf8');

test('lint lists every warning kind with severity, file:line and a fix; a click shows the line in the trace', async () => {
  const srv = await startFolderServer({
    '16xxupgrade.txt': 'GET 46xxsettings.txt\n',
    '46xxsettings.txt': EVERY_WARNING,
  });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      // The fixture GETs itself: a loop the GET bound ends.
      assert.equal(await boot(page), 'bound');
      const codes = new Set(await warningCodes(page));
      for (const code of [
        'unknown-parameter',
        'invalid-value',
        'curly-quotes',
        'indented-statement',
        'tab-after-keyword',
        'hash-label',
        'two-space-label',
        'missing-label',
        'unused-label',
        'duplicate-label',
        'unquoted-spaces',
        'set-no-value',
        'get-loop',
        'not-settable',
      ]) {
        assert.ok(codes.has(code), `a ${code} warning in ${[...codes].join(', ')}`);
      }
      // Each with a severity, a place and a one-line fix.
      const rows = await page.getByTestId('warning-row').evaluateAll((els) =>
        els.map((e) => ({
          severity: e.dataset.severity,
          where: e.querySelector('.where').textContent,
          fix: e.querySelector('.fix').textContent,
        })),
      );
      assert.ok(rows.every((r) => ['error', 'warning', 'info'].includes(r.severity)));
      assert.ok(rows.every((r) => /^Fix: \S/.test(r.fix) && !r.fix.includes('\n')));
      assert.ok(rows.some((r) => r.where === '46xxsettings.txt:3'));

      // The invalid L2QVLAN on line 3: its link is a focusable button that shows the line.
      const link = page.locator('[data-testid=warning-row][data-code=invalid-value] [data-testid=lint-link]');
      assert.equal(await link.textContent(), '46xxsettings.txt:3');
      assert.equal(await link.evaluate((e) => e.tagName), 'BUTTON');
      await link.click();
      const target = traceLine(page, 3);
      await page.waitForFunction(() => document.activeElement?.id === 'trace-L3');
      assert.equal(await page.getByTestId('trace').getAttribute('data-file'), '46xxsettings.txt');
      assert.ok((await target.getAttribute('class')).split(' ').includes('focused'));
      assert.ok(await inView(target), 'line 3 is scrolled into view');
      assert.equal(await target.getAttribute('data-mark'), 'set-invalid');
      assert.equal(await target.getAttribute('data-warning'), 'warning');

      // Keyboard too: Enter on the link of the missing label (line 9).
      const missing = page.locator('[data-testid=warning-row][data-code=missing-label] [data-testid=lint-link]');
      await missing.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'trace-L9');
      assert.equal(await traceLine(page, 9).getAttribute('data-warning'), 'error');
    });
  } finally {
    await srv.close();
  }
});

test('the 972 KB Avaya template: the trace renders a few hundred rows, gaps open on demand, lint links scroll to the line', async () => {
  const template = await fsp.readFile(path.join(ROOT, 'engine/tests/corpus/46xxsettings-avaya-template-2022.txt'));
  const srv = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n', '46xxsettings.txt': template });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      assert.equal(await boot(page, { timeout: 60_000 }), 'registered');
      assert.equal(await page.getByTestId('trace').getAttribute('data-file'), '46xxsettings.txt');
      const rows = await page.getByTestId('trace-line').count();
      assert.ok(rows > 10 && rows < 1500, `${rows} rows rendered of 14,734 lines`);
      const gaps = page.getByTestId('trace-gap');
      assert.ok((await gaps.count()) > 0);
      assert.match(await gaps.first().textContent(), /… [\d,]+ (comment lines|lines: [\d,]+ comments)/);

      // A gap opens a step at a time.
      await gaps.first().locator('button').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=trace-line]').length > n, rows);

      // The unknown parameter deep in the file: its lint link scrolls there.
      const link = page.locator('[data-testid=lint-link][data-line="11714"]');
      await link.click();
      await page.waitForFunction(() => document.activeElement?.id === 'trace-L11714');
      assert.ok(await inView(traceLine(page, 11714)));
      assert.equal(await traceLine(page, 11714).getAttribute('data-mark'), 'set-unknown');
    });
  } finally {
    await srv.close();
  }
});

// ---------------------------------------------------------------- network diagnosis

test('a server without CORS headers is told apart from a stopped one, with the header lines to add', async () => {
  const nocors = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n' }, { cors: false });
  try {
    await withPage(
      async (page) => {
        await setServerUrl(page, nocors.url);
        assert.equal(await boot(page), 'no-application');
        const banner = page.getByTestId('network-banner');
        assert.equal(await banner.getAttribute('data-kind'), 'cross-origin');
        const text = await banner.textContent();
        assert.match(text, /16xxupgrade\.txt could not be fetched: The server does not allow cross-origin reads/);
        assert.match(text, /answered, but without an Access-Control-Allow-Origin header/);
        assert.match(text, /copy phoneboot's dist\/ folder onto the file server/);
        const fixes = await banner.locator('.cors-fix').evaluateAll((els) =>
          Object.fromEntries(els.map((e) => [e.dataset.server, e.querySelector('pre').textContent])),
        );
        assert.match(fixes.Apache, /^Header set Access-Control-Allow-Origin "\*"$/m);
        assert.match(fixes.nginx, /^add_header Access-Control-Allow-Origin \* always;$/m);
        assert.match(fixes['IIS (web.config)'], /<add name="Access-Control-Allow-Origin" value="\*" \/>/);
        assert.match(
          await page.getByTestId('request-result').first().textContent(),
          /the server does not allow cross-origin reads/,
        );
        assert.equal(await page.getByTestId('request-diagnosis').first().getAttribute('data-kind'), 'cross-origin');
        // The server did get the request (and the probe): it is up.
        assert.ok(nocors.requests.filter((r) => r.path === '/16xxupgrade.txt').length >= 2);
      },
      { expectedErrors: /blocked by CORS policy/ },
    );
  } finally {
    await nocors.close();
  }

  const stopped = await startFolderServer({ '16xxupgrade.txt': 'GET 46xxsettings.txt\n' });
  const url = stopped.url;
  await stopped.close();
  await withPage(async (page) => {
    await setServerUrl(page, url);
    assert.equal(await boot(page), 'no-application');
    const banner = page.getByTestId('network-banner');
    assert.equal(await banner.getAttribute('data-kind'), 'unreachable');
    const text = await banner.textContent();
    assert.match(text, /could not be fetched: Server unreachable/);
    assert.match(text, /Nothing answered at .*connection refused/);
    assert.equal(await banner.getByTestId('cors-fixes').count(), 0);
    assert.match(await page.getByTestId('request-result').first().textContent(), /^server unreachable \(connection refused/);
  });
});

// ---------------------------------------------------------------- local folder mode

const DEMO = path.join(ROOT, 'demo');

test('local folder mode boots from files picked on the file input, with no server', async () => {
  const files = (await fsp.readdir(DEMO, { withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.join(DEMO, e.name));
  await withPage(async (page) => {
    await selectModel(page, '1608');
    await page.locator('label[for=mode-local]').click();
    assert.equal(await page.getByTestId('boot-button').isDisabled(), true, 'nothing picked yet');
    await page.getByTestId('local-files-input').setInputFiles(files);
    await page.getByTestId('local-summary').waitFor();
    assert.match(await page.getByTestId('local-summary').textContent(), new RegExp(`^${files.length} files`));
    assert.equal(await boot(page), 'registered');
    const urls = await requestUrls(page);
    assert.equal(urls[0], 'local:///16xxupgrade.txt');
    assert.ok(urls.includes('local:///ha1608demo_r2_0.bin'));
    assert.ok(urls.every((u) => u.startsWith('local:///')), urls.join('\n'));
    assert.equal(await settingValue(page, 'BAKLIGHTOFF'), '60');
    assert.equal(await settingValue(page, 'APPNAME'), 'ha1608demo_r2_0.bin');
    const checks = await page.getByTestId('check-row').evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.ok(checks.length === 10 && checks.every((s) => s === 'pass'), checks.join(','));
    assert.equal(await page.getByTestId('flash-app-name').textContent(), 'ha1608demo_r2_0.bin');
  });
});

test('local folder mode: a picked folder matches sub-folders by relative path and by bare name', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'phoneboot-local-'));
  const top = path.join(dir, 'provisioning');
  await fsp.mkdir(path.join(top, 'configs'), { recursive: true });
  await fsp.writeFile(path.join(top, '16xxupgrade.txt'), 'GET configs/site.txt\n');
  await fsp.writeFile(path.join(top, 'configs', 'site.txt'), 'SET DOMAIN site.example\nGET 46xxsettings.txt\n');
  await fsp.writeFile(path.join(top, 'configs', '46xxsettings.txt'), 'SET MCIPADD 192.0.2.7\n');
  try {
    await withPage(async (page) => {
      await page.locator('label[for=mode-local]').click();
      await page.getByTestId('local-folder-input').setInputFiles(top);
      await page.getByTestId('local-summary').waitFor();
      const listed = await page.getByTestId('local-list').locator('li .mono').allTextContents();
      assert.deepEqual(listed, ['16xxupgrade.txt', 'configs/46xxsettings.txt', 'configs/site.txt']);
      assert.equal(await boot(page), 'registered');
      // configs/site.txt by its path; 46xxsettings.txt by its bare name.
      assert.equal(await settingValue(page, 'DOMAIN'), 'site.example');
      assert.equal(await settingValue(page, 'MCIPADD'), '192.0.2.7');
      assert.deepEqual(await requestUrls(page), [
        'local:///16xxupgrade.txt',
        'local:///configs/site.txt',
        'local:///46xxsettings.txt',
      ]);
    });
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('local folder mode: files dropped on the picker are booted from', async () => {
  await withPage(async (page) => {
    await page.locator('label[for=mode-local]').click();
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['GET 46xxsettings.txt\n'], '16xxupgrade.txt', { type: 'text/plain' }));
      dt.items.add(new File(['SET DOMAIN dropped.example\n'], '46xxsettings.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.getByTestId('local-drop').dispatchEvent('drop', { dataTransfer });
    await page.getByTestId('local-summary').waitFor();
    assert.match(await page.getByTestId('local-summary').textContent(), /^2 files/);
    assert.equal(await boot(page), 'registered');
    assert.equal(await settingValue(page, 'DOMAIN'), 'dropped.example');
  });
});

// ---------------------------------------------------------------- share link

test('a share link restores the configuration in a new page, and on hashchange; no secret, no flash', async () => {
  let link;
  await withPage(async (page) => {
    await selectModel(page, '1616');
    await setGroup(page, 42);
    await page.getByTestId('mac-input').fill('00:11:22:33:44:55');
    await page.getByTestId('bootname-input').fill('hb16xxdemo_r1_5.bin');
    await page.getByTestId('appname-input').fill('ha1616demo_r2_0.bin');
    await setServerUrl(page, 'http://192.0.2.9/phones/a b/');
    await page.getByTestId('copy-share-link').click();
    await page.getByTestId('share-status').filter({ hasText: 'Copied' }).waitFor();
    link = await page.getByTestId('share-link').inputValue();
  });
  assert.ok(link.startsWith(`${suite.app.url}#`), link);
  assert.doesNotMatch(link, /PSWD|53017/);

  await withPage(
    async (page) => {
      assert.equal(await page.getByTestId('model-select').inputValue(), '1616');
      assert.equal(await page.getByTestId('group-input').inputValue(), '42');
      assert.equal(await page.getByTestId('mac-input').inputValue(), '00:11:22:33:44:55');
      assert.equal(await page.getByTestId('bootname-input').inputValue(), 'hb16xxdemo_r1_5.bin');
      assert.equal(await page.getByTestId('appname-input').inputValue(), 'ha1616demo_r2_0.bin');
      assert.equal(await page.getByTestId('server-url-input').inputValue(), 'http://192.0.2.9/phones/a b/');
      assert.match(await page.getByTestId('notice').textContent(), /restored from the share link/);
      // The link of the restored page is the same link.
      assert.equal(await page.getByTestId('share-link').inputValue(), link);

      // An option-242 link pasted into the open page applies at once.
      await page.evaluate(() => {
        location.hash = 'model=1603SW-I&group=7&o242=HTTPSRVR%3D10.0.0.9%2CHTTPDIR%3Dphones';
      });
      await page.waitForFunction(() => document.querySelector('[data-testid=model-select]').value === '1603SW-I');
      assert.equal(await page.getByTestId('group-input').inputValue(), '7');
      assert.equal(await page.getByTestId('option242-input').inputValue(), 'HTTPSRVR=10.0.0.9,HTTPDIR=phones');
      assert.equal(await page.getByTestId('mode-option242').isChecked(), true);
    },
    { url: link },
  );

  // A boot's flash and settings never go into the link.
  await withPage(async (page) => {
    await selectModel(page, '1608');
    assert.equal(await boot(page), 'registered');
    const after = await page.getByTestId('share-link').inputValue();
    assert.doesNotMatch(after, /PSWD|53017|PROCPSWD|BAKLIGHT/);
    assert.match(after, /app=ha1608demo_r2_0\.bin/);
  });
});

// ---------------------------------------------------------------- report

test('the Markdown report lists the settings with secrets masked unless revealed', async () => {
  await withPage(async (page) => {
    await selectModel(page, '1608');
    assert.equal(await boot(page), 'registered');
    const md = await page.getByTestId('report-markdown').textContent();
    assert.match(md, /^# phoneboot report: 1608 in group 0/);
    assert.match(md, /\| BAKLIGHTOFF \| 60 \| 46xxsettings\.txt:\d+ \|/);
    assert.match(md, /\| PROCPSWD \| \*{8} \| 46xxsettings\.txt:\d+ \|/);
    assert.match(md, /Secret values are masked/);
    assert.doesNotMatch(md, /53017/);
    // Nowhere on the page either, trace included.
    assert.doesNotMatch(await page.locator('body').innerText(), /53017/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    assert.equal(download.suggestedFilename(), 'phoneboot-report-1608.md');
    const saved = await fsp.readFile(await download.path(), 'utf8');
    assert.equal(saved, md);
    assert.doesNotMatch(saved, /53017/);

    await page.getByTestId('reveal-secrets').check();
    assert.match(await page.getByTestId('report-markdown').textContent(), /\| PROCPSWD \| 53017 \|/);
  });
});

// ---------------------------------------------------------------- keyboard

test('keyboard only: Tab reaches model, group, server and Boot in order, focus is visible, Enter boots', async () => {
  await withPage(async (page) => {
    const order = [];
    let outline = null;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return { id: el.id, testid: el.dataset.testid, outline: `${s.outlineStyle} ${s.outlineWidth}` };
      });
      order.push(f.testid ?? f.id);
      if (f.testid === 'model-select') outline = f.outline;
      if (f.testid === 'boot-button') break;
    }
    const at = (t) => order.indexOf(t);
    assert.ok(at('model-select') >= 0, order.join(' '));
    assert.ok(at('model-select') < at('group-input'), order.join(' '));
    assert.ok(at('group-input') < at('server-url-input'), order.join(' '));
    assert.ok(at('server-url-input') < at('boot-button'), order.join(' '));
    assert.equal(outline, 'solid 3px', 'the focused select shows an outline');
    assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'solid');

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=outcome]').dataset.outcome === 'running');
    await page.getByTestId('skip-animation').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=outcome]').dataset.outcome === 'registered');

    // Every control is labelled with <label for>.
    await page.locator('label[for=mode-local]').click();
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !el.id || !document.querySelector(`label[for="${el.id}"]`))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
  });
});
