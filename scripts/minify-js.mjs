// Trunk post-build hook (Trunk.toml), release builds only: minifies the
// page's JavaScript with terser (a devDependency): wasm-bindgen's glue (7.9 ->
// 6.2 KB gzipped on 2026-12-02), src/shell.js and the loader. trunk 0.21
// leaves them as they are unless its own minifier is turned on, and that one
// (minify-js) is known to break wasm-bindgen's output (trunk-rs/trunk#761).
//
// Runs in $TRUNK_STAGING_DIR after scripts/no-inline-script.mjs. Each file
// keeps its name; its integrity hash in index.html is written anew, or the
// browser would refuse it.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-js: TRUNK_STAGING_DIR is not set (run me as a trunk hook)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
// Every local script or module preload with an integrity hash: trunk writes
// them all with one (src= or href=, then integrity= in the same tag).
const tag = /<(?:script|link)\b[^>]*?\b(?:src|href)="\.\/([^"/]+\.js)"[^>]*?\bintegrity="(sha384-[^"]+)"[^>]*>/g;
const found = [...html.matchAll(tag)];
if (!found.some(([, name]) => name.startsWith('phoneboot-web-'))) {
  console.error("minify-js: found no wasm-bindgen module with an integrity hash in index.html; has trunk changed?");
  process.exit(1);
}
for (const [whole, name, oldSri] of found) {
  const file = path.join(dir, name);
  const source = fs.readFileSync(file, 'utf8');
  // Every file is a module; module: true keeps its imports and exports, and
  // wasm-bindgen's imports object is matched by key, which terser leaves alone.
  const out = await minify(source, { module: true, compress: true, mangle: true });
  if (typeof out.code !== 'string' || out.code.length === 0) {
    console.error(`minify-js: terser returned nothing for ${name}`);
    process.exit(1);
  }
  fs.writeFileSync(file, out.code);
  const sri = 'sha384-' + crypto.createHash('sha384').update(out.code).digest('base64');
  html = html.replace(whole, whole.replace(oldSri, sri));
  console.error(`minify-js: ${name} ${source.length} -> ${out.code.length} bytes`);
}
fs.writeFileSync(indexPath, html);
