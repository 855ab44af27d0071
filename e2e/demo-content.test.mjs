// Consistency of the committed demo server content: node --test e2e/demo-content.test.mjs
// (regenerate with: python3 demo/make-firmware.py)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo');
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const HEADER = 'PHONEBOOT DEMO FIRMWARE - NOT AVAYA SOFTWARE\n';

function checkDir(dir, expectMatch) {
  const bins = fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();
  assert.equal(bins.length, 4, `${dir}: one boot code and three applications`);
  const sums = fs.readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8');
  for (const f of bins) {
    const data = fs.readFileSync(path.join(dir, f));
    assert.ok(data.length >= 40 * 1024 && data.length <= 200 * 1024, `${f} size ${data.length}`);
    assert.ok(data.subarray(0, HEADER.length + f.length + 1).equals(Buffer.from(`${HEADER}${f}\n`)), `${f} header`);
    assert.notEqual(data[0], '<'.charCodeAt(0));
    const side = fs.readFileSync(path.join(dir, `${f}.sha256`), 'utf8');
    const m = /^([0-9a-f]{64})  (\S+)\n$/.exec(side);
    assert.ok(m, `${f}.sha256 is in sha256sum format`);
    assert.equal(m[2], f);
    assert.ok(sums.includes(side), `${f} listed in SHA256SUMS`);
    assert.equal(sha(data) === m[1], expectMatch(f), `${f}: digest ${expectMatch(f) ? 'should' : 'should not'} match`);
  }
}

test('demo/: every firmware file matches its digest', () => {
  checkDir(DEMO, () => true);
  for (const f of ['hb16xxdemo_r1_5.bin', 'ha1603demo_r2_0.bin', 'ha1608demo_r2_0.bin', 'ha1616demo_r2_0.bin']) {
    const script = fs.readFileSync(path.join(DEMO, '16xxupgrade.txt'), 'utf8');
    assert.ok(script.includes(`SET APPNAME ${f}`), `16xxupgrade.txt names ${f}`);
  }
});

test('demo/broken/: boot code valid, applications fail their digest', () => {
  checkDir(path.join(DEMO, 'broken'), (f) => f.startsWith('hb'));
  const script = fs.readFileSync(path.join(DEMO, 'broken', '16xxupgrade.txt'), 'utf8');
  for (const f of fs.readdirSync(path.join(DEMO, 'broken')).filter((x) => x.endsWith('.bin'))) {
    assert.ok(script.includes(`SET APPNAME ${f}`), `broken/16xxupgrade.txt names ${f}`);
  }
  for (const f of ['46xxsettings.txt', 'group3.txt']) {
    assert.ok(fs.readFileSync(path.join(DEMO, f)).equals(fs.readFileSync(path.join(DEMO, 'broken', f))), `broken/${f} is a copy`);
  }
});
