// Trunk post-build hook (Trunk.toml): moves the inline module script that
// trunk 0.21 writes into index.html to start the wasm app into a file of its
// own, so the page's Content-Security-Policy (index.html) can forbid inline
// scripts: script-src 'self' 'wasm-unsafe-eval'. trunk has no option for this
// (trunk-rs/trunk#288).
//
// Runs in $TRUNK_STAGING_DIR, after trunk wrote index.html there. The new file
// is named after its content, like trunk's own assets, and carries an SRI hash.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('no-inline-script: TRUNK_STAGING_DIR is not set (run me as a trunk hook)');
  process.exit(1);
}
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

const inline = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
let moved = 0;
html = html.replace(inline, (whole, attrs, body) => {
  if (/\bsrc\s*=/.test(attrs)) return whole;
  if (!/\btype\s*=\s*["']?module["']?/i.test(attrs)) {
    console.error(`no-inline-script: an inline script that is not trunk's module loader: ${whole.slice(0, 80)}`);
    process.exit(1);
  }
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `init-${hash}.js`;
  fs.writeFileSync(path.join(dir, name), body);
  const sri = 'sha384-' + crypto.createHash('sha384').update(body).digest('base64');
  moved += 1;
  return `<script type="module" src="./${name}" integrity="${sri}"></script>`;
});
if (moved === 0) {
  console.error('no-inline-script: found no inline module script in index.html; has trunk changed?');
  process.exit(1);
}
fs.writeFileSync(indexPath, html);
