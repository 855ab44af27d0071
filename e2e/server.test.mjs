// Self-test of the e2e file server: node --test e2e/server.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEMO = path.resolve(HERE, '..', 'demo');

// Raw GET with node:http, so paths are sent exactly as written (fetch would
// normalise "/../") and partial bodies can be observed.
function rawGet(url, reqPath, { method = 'GET', headers = {}, abortAfterBytes } = {}) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const chunks = [];
    let received = 0;
    let res0 = null;
    let settled = false;
    const done = (extra) => {
      if (settled) return;
      settled = true;
      resolve({
        status: res0?.statusCode,
        headers: res0?.headers ?? {},
        body: Buffer.concat(chunks),
        received,
        complete: res0?.complete ?? false,
        ...extra,
      });
    };
    const req = http.request(
      { host: u.hostname, port: u.port, path: reqPath, method, headers: { Connection: 'close', ...headers } },
      (res) => {
        res0 = res;
        res.on('data', (c) => {
          chunks.push(c);
          received += c.length;
          if (abortAfterBytes && received >= abortAfterBytes) { req.destroy(); done({ aborted: true }); }
        });
        res.on('end', () => done({}));
        res.on('aborted', () => done({ error: 'aborted' }));
        res.on('error', (e) => done({ error: e.code ?? e.message }));
        res.on('close', () => done({}));
      },
    );
    req.on('error', (e) => done({ error: e.code ?? e.message }));
    req.end();
  });
}

let srv;
before(async () => {
  srv = await startServer({
    root: DEMO,
    faults: {
      '/ha1608demo_r2_0.bin': 'truncate',
      '/46xxsettings.txt': 'status500',
      '/group3.txt': 'html200',
      '/SHA256SUMS': 'nocors',
      '/ha1603demo_r2_0.bin': 'reset',
      '/hb16xxdemo_r1_5.bin': 'slow:20',
      '/broken/ha1616demo_r2_1.bin': 'slow:20:1000',
      '/group9.txt': 'redirectloop',
      '/broken/46xxsettings.txt': { name: 'etag', arg: '"<b>tag</b>"' },
    },
  });
});
after(async () => { await srv?.close(); });

test('url, port and binding', () => {
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(srv.url, `http://127.0.0.1:${srv.port}/`);
});

test('serves 16xxupgrade.txt with CORS, length, weak ETag and type', async () => {
  const res = await fetch(new URL('16xxupgrade.txt', srv.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-expose-headers'), /Content-Length/);
  assert.match(res.headers.get('access-control-expose-headers'), /ETag/);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  assert.match(res.headers.get('etag'), /^W\/".+"$/);
  const body = Buffer.from(await res.arrayBuffer());
  const onDisk = fs.readFileSync(path.join(DEMO, '16xxupgrade.txt'));
  assert.equal(Number(res.headers.get('content-length')), onDisk.length);
  assert.ok(body.equals(onDisk));
  assert.deepEqual(srv.requests.at(-1), { method: 'GET', path: '/16xxupgrade.txt', status: 200 });
});

test('.bin is application/octet-stream; HEAD has headers only; ETag revalidates', async () => {
  const r = await fetch(new URL('ha1616demo_r2_0.bin', srv.url), { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/octet-stream');
  assert.equal(Number(r.headers.get('content-length')), fs.statSync(path.join(DEMO, 'ha1616demo_r2_0.bin')).size);
  const again = await rawGet(srv.url, '/ha1616demo_r2_0.bin', { headers: { 'If-None-Match': r.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal(again.received, 0);
});

test('subdirectories are served', async () => {
  const res = await fetch(new URL('broken/16xxupgrade.txt', srv.url));
  assert.equal(res.status, 200);
  await res.arrayBuffer();
});

test('missing file is 404 (with CORS so the app can read the status)', async () => {
  const res = await fetch(new URL('no-such-file.txt', srv.url));
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  await res.arrayBuffer();
});

test('directory traversal never escapes root', async () => {
  // A private tree: tmp/secret.txt beside tmp/root/, which is served.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phoneboot-srv-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'ok.txt'), 'ok\n');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET\n');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link.txt'));
  const s = await startServer({ root });
  try {
    assert.equal((await rawGet(s.url, '/ok.txt')).status, 200);
    const attempts = [
      '/../secret.txt',
      '/sub/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/sub%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/link.txt',
      '/ok.txt%00.bin',
      '/%',
    ];
    for (const p of attempts) {
      const r = await rawGet(s.url, p);
      assert.notEqual(r.status, 200, `${p} must not be served`);
      assert.ok(!r.body.toString().includes('TOP SECRET'), `${p} leaked the secret`);
      assert.ok(!r.body.toString().includes('root:'), `${p} leaked /etc/passwd`);
    }
    // And over demo/ too: package.json lives just outside it.
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/../etc/passwd']) {
      const r = await rawGet(srv.url, p);
      assert.equal(r.status, 404, p);
    }
  } finally {
    await s.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("fault 'truncate': fewer bytes than Content-Length, or an error", async () => {
  const r = await rawGet(srv.url, '/ha1608demo_r2_0.bin');
  assert.equal(r.status, 200);
  const declared = Number(r.headers['content-length']);
  assert.equal(declared, fs.statSync(path.join(DEMO, 'ha1608demo_r2_0.bin')).size);
  assert.ok(r.received < declared || r.error, `received ${r.received} of ${declared}`);
  assert.equal(r.complete, false);
  // fetch: reading the body rejects.
  const res = await fetch(new URL('ha1608demo_r2_0.bin', srv.url));
  assert.equal(res.status, 200);
  await assert.rejects(res.arrayBuffer());
});

test("fault 'reset': the connection dies mid-body", async () => {
  const r = await rawGet(srv.url, '/ha1603demo_r2_0.bin');
  const declared = Number(r.headers['content-length'] ?? 1);
  assert.ok(r.error || r.received < declared);
});

test("faults 'status500', 'html200', 'nocors'", async () => {
  const a = await fetch(new URL('46xxsettings.txt', srv.url));
  assert.equal(a.status, 500);
  await a.arrayBuffer();
  const b = await fetch(new URL('group3.txt', srv.url));
  assert.equal(b.status, 200);
  assert.match(b.headers.get('content-type'), /^text\/html/);
  assert.match(await b.text(), /^<!DOCTYPE html>/);
  const c = await fetch(new URL('SHA256SUMS', srv.url));
  assert.equal(c.status, 200);
  assert.equal(c.headers.get('access-control-allow-origin'), null);
  await c.arrayBuffer();
});

test("fault 'slow': bytes trickle in", async () => {
  const t0 = Date.now();
  const r = await rawGet(srv.url, '/hb16xxdemo_r1_5.bin', { abortAfterBytes: 5 });
  assert.equal(r.status, 200);
  assert.ok(r.received >= 5 && r.received < 10, `received ${r.received}`);
  assert.ok(Date.now() - t0 >= 4 * 20 - 5);
});

test('faults can change while running; cors:false omits CORS', async () => {
  const s = await startServer({ root: DEMO, cors: false });
  try {
    let r = await rawGet(s.url, '/16xxupgrade.txt');
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    s.faults['/16xxupgrade.txt'] = 'status404';
    r = await rawGet(s.url, '/16xxupgrade.txt');
    assert.equal(r.status, 404);
    assert.deepEqual(s.requests.map((q) => q.status), [200, 404]);
  } finally {
    await s.close();
  }
});

test("fault 'slow:MS:BYTES': chunks of BYTES trickle in", async () => {
  const t0 = Date.now();
  const r = await rawGet(srv.url, '/broken/ha1616demo_r2_1.bin', { abortAfterBytes: 3000 });
  assert.equal(r.status, 200);
  assert.ok(r.received >= 3000 && r.received < 5000, `received ${r.received}`);
  assert.ok(Date.now() - t0 >= 2 * 20 - 5);
});

test("fault 'redirectloop': a 302 to itself, with CORS", async () => {
  const r = await rawGet(srv.url, '/group9.txt');
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, '/group9.txt');
  assert.equal(r.headers['access-control-allow-origin'], '*');
});

test("fault 'etag': the file with any ETag text", async () => {
  const r = await rawGet(srv.url, '/broken/46xxsettings.txt');
  assert.equal(r.status, 200);
  assert.equal(r.headers.etag, '"<b>tag</b>"');
  assert.ok(r.body.toString().includes('MCIPADD'));
});
