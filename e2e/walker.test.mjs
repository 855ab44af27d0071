// Spec 2.5, 2.8, 3.6 and 3.8 in the app, over the release build: a file moves
// the servers, the language file after the settings lands in the flash panel,
// the Extension field makes the phone restore its backup, and AUTH 1 is kept
// in flash and locks the next boot out of a server without TLS.
//   trunk build --release && node --test e2e/walker.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appSuite, boot, displayLines, requestUrls, setServerUrl, startFolderServer } from './harness.mjs';

const suite = appSuite();
const { withPage } = suite;

async function purposes(page) {
  return page.locator('[data-testid=request-log] td.purpose').allTextContents();
}

async function warningCodes(page) {
  return page.getByTestId('warning-row').evaluateAll((els) => els.map((e) => `${e.dataset.code}@${e.dataset.file}`));
}

test('HTTPDIR moves the settings, the language file lands in flash, the extension restores its backup, AUTH 1 locks the next boot', async () => {
  const backup = await startFolderServer({ 'bk/1234_16xxdata.txt': 'SPEEDDIAL1=100\nSPEEDDIAL2=200\n' });
  const srv = await startFolderServer({
    '16xxupgrade.txt': 'SET APPNAME app.bin\nSET HTTPDIR J100\nGET 46xxsettings.txt\n',
    '46xxsettings.txt': 'SET L2QVLAN 1\n',
    'J100/46xxsettings.txt': `SET L2QVLAN 100\nSET LANG1FILE mlf_16xx_x.txt\nSET BRURI ${backup.url}bk\nSET AUTH 1\n`,
    'J100/mlf_16xx_x.txt': 'PHONEBOOT TEST LANGUAGE\n',
  });
  try {
    await withPage(async (page) => {
      await setServerUrl(page, srv.url);
      await page.getByTestId('appname-input').fill('app.bin');
      await page.getByTestId('extension-input').fill('1234');
      assert.equal(await boot(page), 'registered');

      const urls = await requestUrls(page);
      assert.ok(urls.some((u) => u.endsWith('/J100/46xxsettings.txt')), urls.join('\n'));
      assert.ok(!urls.some((u) => u === `${srv.url}46xxsettings.txt`), 'the root settings file is not asked for');
      assert.ok(urls.some((u) => u.endsWith('/J100/mlf_16xx_x.txt')), 'the language file comes from the moved folder');
      assert.ok(urls.includes(`${backup.url}bk/1234_16xxdata.txt`), urls.join('\n'));
      const p = await purposes(page);
      assert.ok(p.includes('language') && p.includes('restore'), p.join(','));
      assert.deepEqual((await displayLines(page)).filter((l) => l.trim()), ['Retrieval OK']);

      assert.deepEqual(await page.getByTestId('flash-language').allTextContents().then((t) => t.map((x) => x.split(' ')[0])), ['mlf_16xx_x.txt']);
      assert.equal(await page.getByTestId('flash-auth').getAttribute('data-auth'), '1');
      const codes = await warningCodes(page);
      assert.ok(codes.includes('servers-moved@16xxupgrade.txt'), codes.join(','));
      assert.ok(codes.includes('auth-without-tls@46xxsettings.txt'), codes.join(','));

      // The next boot starts from that flash: AUTH 1 and an http server.
      const before = (await requestUrls(page)).length;
      assert.equal(await boot(page), 'registered');
      const again = await requestUrls(page);
      assert.ok(!again.some((u) => u.endsWith('.txt') && u.startsWith(srv.url)), `no script over HTTP: ${again.join('\n')} (${before} before)`);
      assert.ok((await warningCodes(page)).includes('auth-without-tls@flash'));
    });
  } finally {
    await srv.close();
    await backup.close();
  }
});
