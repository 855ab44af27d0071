// A real nginx (Debian's package, installed by scripts/setup.sh) for tests,
// started on 127.0.0.1 with a config made at test time in a private prefix:
//
//   const ng = await startNginx({ root });
//   ng.httpUrl    'http://127.0.0.1:PORT/'
//   ng.httpsUrl   'https://127.0.0.1:PORT/' (a server certificate for 127.0.0.1,
//                 signed by a test CA made with openssl)
//   ng.caFile     the test CA's certificate (PEM), e.g. for `phoneboot --ca-file`
//   ng.spki       base64 SHA-256 of the server key (Chromium's
//                 --ignore-certificate-errors-spki-list)
//   ng.accessLog  the access log, in nginx's `combined` format
//   await ng.stop()
//
// Both servers send the README's CORS lines exactly, and redirect
// `redirectFrom` (default /old/) to `redirectTo` (default /demo/) with a 302.
// nginx runs in the foreground as one process (daemon off, master_process
// off), so stopping it is killing the child; it is also killed when the test
// process exits, whatever the outcome.

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The README's lines for nginx, verbatim. */
export const CORS_LINES = [
  'add_header Access-Control-Allow-Origin * always;',
  'add_header Access-Control-Expose-Headers "Content-Length, ETag" always;',
];

/** Running nginx children and their prefix folders. */
const running = new Map();
function killAll() {
  for (const [child, prefix] of running) {
    try {
      child.kill('SIGKILL');
      fs.rmSync(prefix, { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
  running.clear();
}
process.on('exit', killAll);
// A test run that is interrupted (Ctrl-C, or the runner ending a file) does
// not leave nginx behind either.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

export function nginxBinary() {
  for (const p of [process.env.NGINX, '/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('nginx is not installed: run scripts/setup.sh (it installs Debian\'s nginx and openssl)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A test CA and a server certificate for 127.0.0.1 / localhost, made with openssl. */
export function makeCertificates(dir) {
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=phoneboot test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'server.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    '',
  ].join('\n'));
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'server.pem')));
  const spki = crypto
    .createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  return {
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server.key'),
    spki,
  };
}

/** nginx.conf for a private prefix: pid, logs and temp paths under it. */
export function nginxConfig({ prefix, root, httpPort, httpsPort, certFile, keyFile, redirectFrom, redirectTo }) {
  const server = (listen, tls) => `
  server {
    listen ${listen};
    server_name 127.0.0.1;
${tls}
    root ${root};
    # The README's CORS lines, verbatim.
    ${CORS_LINES.join('\n    ')}
    location ${redirectFrom} {
      rewrite ^${redirectFrom}(.*)$ ${redirectTo}$1 redirect;
    }
  }`;
  return `# Made by e2e/nginx.mjs for one test run.
${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http {
  # What the app (dist/) and the provisioning files need; strict MIME checks for js/wasm.
  types {
    text/html html; text/css css; text/javascript js mjs; application/wasm wasm;
    application/json json; image/svg+xml svg; image/png png; image/x-icon ico;
    text/plain txt tsv md; application/octet-stream bin;
  }
  default_type application/octet-stream;
  access_log ${prefix}/access.log combined;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  sendfile off;
${server(`127.0.0.1:${httpPort}`, '')}
${server(`127.0.0.1:${httpsPort} ssl`, `    ssl_certificate ${certFile};\n    ssl_certificate_key ${keyFile};`)}
}
`;
}

function waitForPort(port, child, deadlineMs) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with ${child.exitCode}`));
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() - started > deadlineMs) return reject(new Error(`nginx did not listen on ${port}`));
        setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Starts nginx serving `root`. Options: redirectFrom ('/old/'), redirectTo
 * ('/demo/'). Retries with other ports if one was taken meanwhile.
 */
export async function startNginx({ root, redirectFrom = '/old/', redirectTo = '/demo/' } = {}) {
  const bin = nginxBinary();
  const prefix = await fsp.mkdtemp(path.join(os.tmpdir(), 'phoneboot-nginx-'));
  await fsp.mkdir(path.join(prefix, 'tmp'), { recursive: true });
  const certs = makeCertificates(prefix);
  let lastError;
  for (let tries = 0; tries < 3; tries++) {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    if (httpPort === httpsPort) continue;
    const conf = path.join(prefix, 'nginx.conf');
    await fsp.writeFile(conf, nginxConfig({
      prefix, root: path.resolve(root), httpPort, httpsPort, ...certs, redirectFrom, redirectTo,
    }));
    const child = spawn(bin, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.set(child, prefix);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitForPort(httpPort, child, 10_000);
      await waitForPort(httpsPort, child, 10_000);
    } catch (e) {
      child.kill('SIGKILL');
      await exited;
      running.delete(child);
      const log = fs.existsSync(path.join(prefix, 'error.log')) ? fs.readFileSync(path.join(prefix, 'error.log'), 'utf8') : '';
      lastError = new Error(`${e.message}\n${stderr}\n${log}`);
      if (/in use/.test(stderr + log)) continue;
      break;
    }
    return {
      httpUrl: `http://127.0.0.1:${httpPort}/`,
      httpsUrl: `https://127.0.0.1:${httpsPort}/`,
      httpPort,
      httpsPort,
      caFile: certs.caFile,
      spki: certs.spki,
      accessLog: path.join(prefix, 'access.log'),
      errorLog: path.join(prefix, 'error.log'),
      prefix,
      async stop() {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
        running.delete(child);
        await fsp.rm(prefix, { recursive: true, force: true });
      },
    };
  }
  await fsp.rm(prefix, { recursive: true, force: true });
  throw lastError ?? new Error('nginx did not start');
}
