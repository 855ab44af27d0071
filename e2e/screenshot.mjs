// Screenshot of the app after a 1616 boot against the built-in demo server,
// for the README: node e2e/screenshot.mjs [out.png]   (needs dist/: trunk build --release)

import path from 'node:path';
import { ROOT, boot, launchBrowser, openApp, selectModel, startApp } from './harness.mjs';

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs', 'screenshot.png'));
const width = Number(process.env.WIDTH ?? 1440);
const height = Number(process.env.HEIGHT ?? 1000);

const srv = await startApp();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const { page, errors } = await openApp(browser, srv.url, { context });
  await selectModel(page, '1616');
  const outcome = await boot(page);
  if (outcome !== 'registered') throw new Error(`the 1616 boot ended with ${outcome}`);
  if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
  await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await srv.close();
}
