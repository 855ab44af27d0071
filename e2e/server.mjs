// Static file server for phoneboot's end-to-end tests: plays the phone's
// provisioning HTTP server, with CORS and optional per-path faults.
//
// Library use (Node 20, no dependencies):
//   import { startServer } from './server.mjs';
//   const srv = await startServer({ root: 'demo', faults: { '/16xxupgrade.txt': 'status500' } });
//   // srv.url == 'http://127.0.0.1:PORT/', srv.requests == [{ method, path, status }, ...]
//   await srv.close();
//
// CLI:
//   node e2e/server.mjs --root DIR [--port 8090] [--no-cors] [--fault /path=NAME ...]
//   prints the URL on stdout, logs requests on stderr, serves until killed.
//
// Faults (value of faults[path]; path is the decoded URL path, query excluded):
//   'status404', 'status500', any 'statusNNN'  that status, short text body
//   'html200'    status 200 with an HTML error page (like a captive portal)
//   'truncate'   Content-Length of the whole file, sends about half, then ends
//                the connection (FIN)
//   'reset'      Content-Length of the whole file, sends about half, then
//                resets the connection (RST)
//   'slow'       the real file, one byte every 500 ms ('slow:50' = every 50 ms;
//                'slow:50:4096' = 4096 bytes every 50 ms)
//   'redirectloop'  302 to the same path, for ever (the client gives up)
//   'etag'       the real file with the ETag header set to the fault's arg
//                (object form only: { name: 'etag', arg: 'any text' })
//   'nocors'     the real response without CORS headers
//   'delay:MS'   waits MS milliseconds, then serves normally
//   'hang'       never answers (the connection stays open until close())
// The faults object is read on every request, so a test may change it while
// the server runs (also reachable as srv.faults).
//
// Only GET, HEAD and OPTIONS are served. Paths are confined to root (also
// through symlinks); a directory serves its index.html if it has one.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.txt': 'text/plain',
  '.sha256': 'text/plain',
  '.bin': 'application/octet-stream',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.py': 'text/plain',
};
const NAMED_TYPES = { SHA256SUMS: 'text/plain' };

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>503 Service Unavailable</title></head>
<body><h1>Service Unavailable</h1>
<p>The requested file is temporarily unavailable. Please try again later.</p>
<hr><address>phoneboot test server (fault: html200)</address></body></html>
`;

export function contentTypeFor(file) {
  const base = path.basename(file);
  return NAMED_TYPES[base] ?? TYPES[path.extname(base).toLowerCase()] ?? 'application/octet-stream';
}

function parseFault(spec) {
  if (!spec) return null;
  if (typeof spec === 'object') return { name: String(spec.name ?? spec.fault), arg: spec.arg ?? spec.intervalMs ?? spec.ms, arg2: spec.arg2 ?? spec.bytes };
  const [name, arg, arg2] = String(spec).split(':', 3);
  return { name, arg: arg === undefined ? undefined : Number(arg), arg2: arg2 === undefined ? undefined : Number(arg2) };
}

function isInside(root, target) {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export async function startServer({ root, cors = true, host = '127.0.0.1', port = 0, faults = {} } = {}) {
  if (!root) throw new Error('startServer: root is required');
  const rootReal = await fsp.realpath(path.resolve(root));
  if (!(await fsp.stat(rootReal)).isDirectory()) throw new Error(`startServer: not a directory: ${root}`);

  const requests = [];
  const timers = new Set();

  // Resolves a decoded URL path to a readable regular file inside root, or null.
  async function resolveFile(urlPath) {
    if (urlPath.includes('\0')) return null;
    let full = path.resolve(rootReal, '.' + path.posix.normalize('/' + urlPath));
    if (!isInside(rootReal, full)) return null;
    try {
      let real = await fsp.realpath(full);
      if (!isInside(rootReal, real)) return null;
      let st = await fsp.stat(real);
      if (st.isDirectory()) {
        real = path.join(real, 'index.html');
        st = await fsp.stat(real);
      }
      if (!st.isFile()) return null;
      return { file: real, stat: st };
    } catch {
      return null;
    }
  }

  function corsHeaders(withCors) {
    return withCors
      ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, ETag' }
      : {};
  }

  function later(ms, fn) {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  }

  async function handle(req, res) {
    const method = req.method ?? 'GET';
    const rawPath = (req.url ?? '/').split('?')[0].split('#')[0] || '/';
    let status = 200;
    const log = (s) => { status = s; requests.push({ method, path: rawPath, status: s }); };

    let urlPath;
    try {
      urlPath = decodeURIComponent(rawPath);
    } catch {
      log(400);
      res.writeHead(400, { ...corsHeaders(cors), 'Content-Type': 'text/plain' });
      res.end('400 Bad Request\n');
      return;
    }

    const fault = parseFault(faults[urlPath] ?? faults[rawPath]);
    const withCors = cors && fault?.name !== 'nocors';
    const sendText = (code, text, extra = {}) => {
      log(code);
      const body = Buffer.from(text);
      res.writeHead(code, {
        ...corsHeaders(withCors),
        'Content-Type': 'text/plain',
        'Content-Length': body.length,
        ...extra,
      });
      res.end(method === 'HEAD' ? undefined : body);
    };

    if (method === 'OPTIONS') {
      log(204);
      const h = { Allow: 'GET, HEAD, OPTIONS', 'Content-Length': 0 };
      if (withCors) {
        Object.assign(h, corsHeaders(true), {
          'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
          'Access-Control-Max-Age': '600',
        });
        if (req.headers['access-control-request-private-network'] === 'true') {
          h['Access-Control-Allow-Private-Network'] = 'true';
        }
      }
      res.writeHead(204, h);
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(405, '405 Method Not Allowed\n', { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }

    if (fault?.name === 'hang') {
      log(0); // never answered
      return;
    }
    if (fault?.name === 'delay') {
      await new Promise((r) => later(Number.isFinite(fault.arg) ? fault.arg : 1000, r));
      if (res.destroyed || req.destroyed) return;
    }
    const statusFault = fault && /^status(\d{3})$/.exec(fault.name);
    if (statusFault) {
      const code = Number(statusFault[1]);
      sendText(code, `${code} ${http.STATUS_CODES[code] ?? 'Error'} (fault injected by the phoneboot test server)\n`);
      return;
    }
    if (fault?.name === 'html200') {
      log(200);
      const body = Buffer.from(HTML_ERROR_PAGE);
      res.writeHead(200, {
        ...corsHeaders(withCors),
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': body.length,
      });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }

    if (fault?.name === 'redirectloop') {
      log(302);
      res.writeHead(302, { ...corsHeaders(withCors), Location: rawPath, 'Content-Length': 0, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }

    const found = await resolveFile(urlPath);
    if (!found) {
      sendText(404, '404 Not Found\n');
      return;
    }
    const { file, stat } = found;
    const etag = fault?.name === 'etag'
      ? String(fault.arg)
      : `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      ...corsHeaders(withCors),
      'Content-Type': contentTypeFor(file),
      'Content-Length': stat.size,
      ETag: etag,
      'Last-Modified': stat.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
    };

    const bodyFault = fault && ['truncate', 'reset', 'slow'].includes(fault.name) && method === 'GET';
    if (!bodyFault) {
      const inm = req.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.slice(2) || t.trim() === '*')) {
        log(304);
        const { 'Content-Length': _cl, 'Content-Type': _ct, ...h304 } = headers;
        res.writeHead(304, h304);
        res.end();
        return;
      }
      log(200);
      res.writeHead(200, headers);
      if (method === 'HEAD') { res.end(); return; }
      const stream = fs.createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      return;
    }

    const body = await fsp.readFile(file);
    log(200);
    if (fault.name === 'truncate' || fault.name === 'reset') {
      // Announce more than we send: the whole file if it has >= 2 bytes, else 1 KiB more.
      const declared = body.length >= 2 ? body.length : body.length + 1024;
      const part = body.subarray(0, Math.floor(body.length / 2));
      res.writeHead(200, { ...headers, 'Content-Length': declared });
      res.flushHeaders();
      const sock = res.socket;
      const finish = () => {
        if (fault.name === 'reset' && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
        else if (fault.name === 'reset') sock.destroy();
        else sock.end();
      };
      if (part.length) res.write(part, () => later(50, finish));
      else later(50, finish);
      return;
    }
    // slow: the real body, one byte (or arg2 bytes) per interval
    const interval = Number.isFinite(fault.arg) && fault.arg >= 0 ? fault.arg : 500;
    const step = Number.isFinite(fault.arg2) && fault.arg2 >= 1 ? Math.floor(fault.arg2) : 1;
    res.writeHead(200, headers);
    res.flushHeaders();
    let i = 0;
    const t = setInterval(() => {
      if (i >= body.length) { clearInterval(t); timers.delete(t); res.end(); return; }
      res.write(body.subarray(i, i + step));
      i += step;
    }, interval);
    timers.add(t);
    res.on('close', () => { clearInterval(t); timers.delete(t); });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        requests.push({ method: req.method, path: (req.url ?? '/').split('?')[0], status: 500 });
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`500 Internal Server Error\n${err?.message ?? err}\n`);
      } else {
        res.destroy();
      }
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${actualPort}/`;

  let closing = null;
  function close() {
    if (!closing) {
      closing = new Promise((resolve) => {
        for (const t of timers) { clearTimeout(t); clearInterval(t); }
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    return closing;
  }

  return { url, port: actualPort, close, requests, faults, root: rootReal, server };
}

// ---------------------------------------------------------------- CLI

function usage(code) {
  const out = code ? process.stderr : process.stdout;
  out.write(`usage: node e2e/server.mjs --root DIR [--port 8090] [--no-cors] [--fault /path=NAME ...] [--quiet]
Serves DIR on http://127.0.0.1:PORT/ (127.0.0.1 only) until killed.
Faults: statusNNN, html200, truncate, reset, slow[:ms[:bytes]], nocors, delay:ms, hang, redirectloop.
`);
  process.exit(code);
}

async function cli(argv) {
  const opts = { root: null, port: 8090, cors: true, faults: {} };
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) { process.stderr.write(`missing value for ${a}\n`); usage(2); }
      return argv[++i];
    };
    if (a === '--root') opts.root = val();
    else if (a === '--port') opts.port = Number(val());
    else if (a === '--no-cors') opts.cors = false;
    else if (a === '--quiet') quiet = true;
    else if (a === '--fault') {
      const spec = val();
      const eq = spec.lastIndexOf('=');
      if (eq <= 0) { process.stderr.write(`bad --fault ${spec} (want /path=NAME)\n`); usage(2); }
      let p = spec.slice(0, eq);
      if (!p.startsWith('/')) p = '/' + p;
      opts.faults[p] = spec.slice(eq + 1);
    } else if (a === '-h' || a === '--help') usage(0);
    else { process.stderr.write(`unknown argument ${a}\n`); usage(2); }
  }
  if (!opts.root) { process.stderr.write('--root is required\n'); usage(2); }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    process.stderr.write('bad --port\n'); usage(2);
  }
  const srv = await startServer({ ...opts, host: '127.0.0.1' });
  if (!quiet) {
    // Log requests to stderr as they are recorded.
    const push = srv.requests.push.bind(srv.requests);
    srv.requests.push = (...items) => {
      for (const r of items) process.stderr.write(`${r.status} ${r.method} ${r.path}\n`);
      return push(...items);
    };
    process.stderr.write(`serving ${srv.root}${opts.cors ? '' : ' (no CORS)'}${
      Object.keys(opts.faults).length ? ` with faults ${JSON.stringify(opts.faults)}` : ''}\n`);
  }
  process.stdout.write(srv.url + '\n');
  const stop = () => { srv.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const invokedPath = process.argv[1] ? (() => {
  try { return pathToFileURL(fs.realpathSync(process.argv[1])).href; } catch { return null; }
})() : null;
if (invokedPath === import.meta.url) {
  cli(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err?.message ?? err}\n`);
    process.exit(1);
  });
}
