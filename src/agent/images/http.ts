// Built-in HTTP images (nginx, httpd, ikubernetes/myapp, tomcat, echoserver, traefik/whoami) and
// the pause container, run by the node agent as local processes (entry: main.ts).
// Env: PORT (real port to listen on), KCTL_PORT_<containerPort> (real port per declared
// containerPort), KCTL_LISTEN_HOST (default 127.0.0.1), HOSTNAME (pod name), KCTL_POD_IP,
// KCTL_POD_NAMESPACE, KCTL_NODE_NAME. The header X-Kctl-Client-IP (set by the agent's proxy)
// overrides the peer address in logs and echoed client addresses. Exits 0 on SIGTERM/SIGINT.
import * as http from 'node:http';
import { lookupImage, parseImageRef } from './catalogue';
import { clientAddress as peerAddress, proxyAwareServer } from './proxyproto';

type Req = http.IncomingMessage;
type Res = http.ServerResponse;
type Headers = [string, string][];

// ---------------------------------------------------------------------------------------------
// Shared helpers

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** nginx $time_local / Apache %t (containers run in UTC): `27/Nov/2026:05:12:46 +0000`. */
export function logTimeLocal(d: Date): string {
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** nginx error-log time: `2026/11/27 05:12:46`. */
export function nginxErrorTime(d: Date): string {
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** IMF-fixdate for Date/Last-Modified headers. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

/** Escapes a value for an nginx access-log field (`"`, `\`, control and non-ASCII bytes → \xHH). */
export function nginxLogEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    out += (b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c) ? `\\x${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  }
  return out;
}

/** The client address: `X-Kctl-Client-IP` (set by the gateway's HTTP proxying), the PROXY header's source, or the peer. */
export function clientAddress(req: Req): string {
  const h = req.headers['x-kctl-client-ip'];
  const v = (Array.isArray(h) ? h[0] : h || '').trim();
  if (v) return v;
  return peerAddress(req.socket).address || '-';
}

/** `GET /path HTTP/1.1` as received. */
export function requestLine(req: Req): string {
  return `${req.method} ${req.url} HTTP/${req.httpVersion}`;
}

function hdr(req: Req, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v || '');
}

/** nginx log_format `main` of the official image (combined + "$http_x_forwarded_for"). */
export function nginxAccessLine(req: Req, status: number, bodyBytes: number, now: Date): string {
  const f = (s: string) => (s ? nginxLogEscape(s) : '-');
  return `${clientAddress(req)} - - [${logTimeLocal(now)}] "${nginxLogEscape(requestLine(req))}" ${status} ${bodyBytes} ` +
    `"${f(hdr(req, 'referer'))}" "${f(hdr(req, 'user-agent'))}" "${f(hdr(req, 'x-forwarded-for'))}"`;
}

/** nginx `combined` format (no x-forwarded-for field). */
export function nginxCombinedLine(req: Req, status: number, bodyBytes: number, now: Date): string {
  const f = (s: string) => (s ? nginxLogEscape(s) : '-');
  return `${clientAddress(req)} - - [${logTimeLocal(now)}] "${nginxLogEscape(requestLine(req))}" ${status} ${bodyBytes} ` +
    `"${f(hdr(req, 'referer'))}" "${f(hdr(req, 'user-agent'))}"`;
}

/** Apache `common` format: `%h %l %u %t "%r" %>s %b` (%b is "-" for no body). */
export function apacheCommonLine(req: Req, status: number, bodyBytes: number, now: Date): string {
  return `${clientAddress(req)} - - [${logTimeLocal(now)}] "${requestLine(req)}" ${status} ${bodyBytes || '-'}`;
}

function out(line: string): void { process.stdout.write(line + '\n'); }
function errOut(line: string): void { process.stderr.write(line + '\n'); }

/**
 * Writes a response with headers in exactly the given order (Date is not added by node) and no
 * `Keep-Alive:` header; the body is omitted for HEAD. Returns the number of body bytes sent.
 */
export function send(req: Req, res: Res, status: number, headers: Headers, body: string | Buffer, reason?: string): number {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.sendDate = false;
  (res as any)._keepAliveTimeout = 0; // no `Keep-Alive: timeout=5` header (real servers differ)
  const flat: string[] = [];
  for (const [k, v] of headers) flat.push(k, v);
  if (reason) res.writeHead(status, reason, flat); else res.writeHead(status, flat);
  const head = req.method === 'HEAD';
  res.end(head ? undefined : buf);
  return head ? 0 : buf.length;
}

/** The containerPort that PORT stands for (from KCTL_PORT_<n>), else `fallback`. */
export function containerPort(env: NodeJS.ProcessEnv, fallback: number): number {
  const port = env.PORT;
  if (port) {
    for (const k of Object.keys(env)) {
      const m = /^KCTL_PORT_(\d+)$/.exec(k);
      if (m && env[k] === port) return Number(m[1]);
    }
  }
  return fallback;
}

/** Listens on KCTL_LISTEN_HOST:PORT and installs the SIGTERM/SIGINT handler (exit 0, promptly). */
function listen(handler: (req: Req, res: Res) => void, defaultPort: number, onError: (e: NodeJS.ErrnoException, host: string, port: number) => void,
  onStop?: (sig: string) => void): http.Server {
  const port = Number(process.env.PORT || defaultPort);
  const host = process.env.KCTL_LISTEN_HOST || '127.0.0.1';
  const server = http.createServer(handler);
  server.keepAliveTimeout = 65000;
  server.on('clientError', (_e, sock) => { if (sock.writable) sock.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'); else sock.destroy(); });
  // the agent may start a connection with a PROXY header naming the client (see proxyproto.ts)
  const outer = proxyAwareServer((sock) => server.emit('connection', sock));
  outer.on('error', (e: NodeJS.ErrnoException) => { onError(e, host, port); process.exit(1); });
  outer.on('listening', () => server.emit('listening'));
  installStop(() => { outer.close(); server.close(); server.closeAllConnections(); }, onStop);
  outer.listen(port, host);
  return server;
}

function installStop(stop: () => void, onStop?: (sig: string) => void): void {
  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    try { if (onStop) onStop(sig); stop(); } catch { /* exiting anyway */ }
    const t = setTimeout(() => process.exit(0), 50);
    process.stdout.write('', () => { clearTimeout(t); process.exit(0); });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// ---------------------------------------------------------------------------------------------
// nginx (and ikubernetes/myapp, which is nginx:1.12-alpine with two static pages)

const NGINX_LATEST_PATCH: Record<string, string> = {
  '1.7': '1.7.12', '1.8': '1.8.1', '1.9': '1.9.15', '1.10': '1.10.3', '1.11': '1.11.13', '1.12': '1.12.2', '1.13': '1.13.12',
  '1.14': '1.14.2', '1.15': '1.15.12', '1.16': '1.16.1', '1.17': '1.17.10', '1.18': '1.18.0', '1.19': '1.19.10',
  '1.20': '1.20.2', '1.21': '1.21.6', '1.22': '1.22.1', '1.23': '1.23.4', '1.24': '1.24.0', '1.25': '1.25.5',
  '1.26': '1.26.3', '1.27': '1.27.3',
};
export const NGINX_LATEST = '1.27.3';

/** nginx version served for an image tag: `1.12` → 1.12.2, `1.14.2-alpine` → 1.14.2, latest → 1.27.3. */
export function nginxVersion(tag: string): string {
  const t = tag.toLowerCase();
  if (t === 'stable' || t.startsWith('stable-')) return '1.26.3';
  let m = /^(\d+)\.(\d+)\.(\d+)(?:$|[-.])/.exec(t);
  if (m) return `${m[1]}.${m[2]}.${m[3]}`;
  m = /^(\d+)\.(\d+)(?:$|-)/.exec(t);
  if (m) return NGINX_LATEST_PATCH[`${m[1]}.${m[2]}`] || `${m[1]}.${m[2]}.0`;
  return NGINX_LATEST;
}

function verNum(v: string): number {
  const [a, b, c] = v.split('.').map((x) => Number(x) || 0);
  return a * 1e6 + b * 1e3 + c;
}

const WELCOME_BODY = `<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The default index.html (612 bytes up to 1.21.0; 615 bytes, with dark-mode support, since 1.21.1). */
export function nginxWelcomePage(version: string): string {
  if (verNum(version) >= verNum('1.21.1')) {
    return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
` + WELCOME_BODY;
  }
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
` + WELCOME_BODY;
}

/** nginx's built-in error page (`<body bgcolor="white">` before 1.17.?; plain `<body>` since). */
export function nginxErrorPage(status: number, text: string, version: string): string {
  const body = verNum(version) < verNum('1.17.0') ? '<body bgcolor="white">' : '<body>';
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n${body}\r\n` +
    `<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

/** Release dates used as the static files' Last-Modified (mtime of the packaged html). */
function nginxFileTime(version: string): Date {
  const known: Record<string, string> = {
    '1.12.2': '2017-10-17T13:16:47Z', '1.14.2': '2018-12-04T14:44:49Z', '1.25.5': '2024-04-16T12:27:40Z',
    '1.26.3': '2025-02-05T11:19:56Z', '1.27.3': '2024-11-26T15:55:00Z',
  };
  return new Date(known[version] || '2024-11-26T15:55:00Z');
}

interface StaticFile { body: Buffer; mtime: Date; type: string }

function etag(f: StaticFile): string {
  return `"${Math.floor(f.mtime.getTime() / 1000).toString(16)}-${f.body.length.toString(16)}"`;
}

function nginxSite(files: Record<string, StaticFile>, version: string) {
  const server = `nginx/${version}`;
  let connSeq = 0;
  const connIds = new WeakMap<object, number>();
  return (req: Req, res: Res) => {
    const now = new Date();
    let conn = connIds.get(req.socket);
    if (conn === undefined) { conn = ++connSeq; connIds.set(req.socket, conn); }
    let path = (req.url || '/').split('?')[0];
    try { path = decodeURIComponent(path); } catch { /* keep raw */ }
    if (path.endsWith('/')) path += 'index.html';
    const file = files[path];
    let status: number;
    let sent: number;
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      status = 200;
      sent = send(req, res, 200, [['Server', server], ['Date', httpDate(now)], ['Content-Type', file.type],
        ['Content-Length', String(file.body.length)], ['Last-Modified', httpDate(file.mtime)], ['ETag', etag(file)],
        ['Accept-Ranges', 'bytes']], file.body);
    } else {
      const [code, text] = file ? [405, 'Not Allowed'] : [404, 'Not Found'];
      status = code;
      const page = nginxErrorPage(code, text, version);
      sent = send(req, res, code, [['Server', server], ['Date', httpDate(now)], ['Content-Type', 'text/html'],
        ['Content-Length', String(Buffer.byteLength(page))]], page, code === 405 ? 'Not Allowed' : undefined);
      if (!file) {
        const ref = hdr(req, 'referer');
        errOut(`${nginxErrorTime(now)} [error] 29#29: *${conn} open() "/usr/share/nginx/html${path}" failed ` +
          `(2: No such file or directory), client: ${clientAddress(req)}, server: localhost, request: "${requestLine(req)}", ` +
          `host: "${hdr(req, 'host')}"${ref ? `, referrer: "${ref}"` : ''}`);
      }
    }
    out(nginxAccessLine(req, status, sent, now));
  };
}

function nginxMain(tag: string): void {
  const version = nginxVersion(tag);
  const mtime = nginxFileTime(version);
  const index: StaticFile = { body: Buffer.from(nginxWelcomePage(version)), mtime, type: 'text/html' };
  const fifty = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;
  const files = { '/index.html': index, '/50x.html': { body: Buffer.from(fifty), mtime, type: 'text/html' } };
  listen(nginxSite(files, version), 80, (e, host, port) => {
    errOut(`nginx: [emerg] bind() to ${host}:${port} failed (${e.errno === undefined ? '' : -e.errno + ': '}${e.message})`);
  });
}

/** ikubernetes/myapp version string from the tag (`v1`…; anything else → v1). */
export function myappVersion(tag: string): string {
  return /^v\d+$/i.test(tag) ? tag.toLowerCase() : 'v1';
}

function myappMain(tag: string): void {
  const version = '1.12.2';
  const mtime = new Date();
  const page = (s: string): StaticFile => ({ body: Buffer.from(s), mtime, type: 'text/html' });
  const files = {
    '/index.html': page(`Hello MyApp | Version: ${myappVersion(tag)} | <a href="hostname.html">Pod Name</a>\n`),
    '/hostname.html': page(`${process.env.HOSTNAME || 'localhost'}\n`),
  };
  listen(nginxSite(files, version), 80, (e, host, port) => {
    errOut(`nginx: [emerg] bind() to ${host}:${port} failed (${e.message})`);
  });
}

// ---------------------------------------------------------------------------------------------
// httpd

/** Apache version for an httpd tag: `2.4` → 2.4.62, `2.4.41-alpine` → 2.4.41, `2.2` → 2.2.34. */
export function httpdVersion(tag: string): string {
  const m = /^(2\.[024])(?:\.(\d+))?(?:$|[-.])/.exec(tag);
  if (m && m[2]) return `${m[1]}.${m[2]}`;
  if (m && m[1] === '2.2') return '2.2.34';
  if (m && m[1] === '2.0') return '2.0.65';
  return '2.4.62';
}

export const HTTPD_PAGE = '<html><body><h1>It works!</h1></body></html>\n';

export function httpdNotFoundPage(): string {
  return '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n' +
    '<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
}

function apacheErrorTime(d: Date): string {
  const us = String(d.getUTCMilliseconds() * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:` +
    `${p2(d.getUTCSeconds())}.${us} ${d.getUTCFullYear()}`;
}

function httpdMain(tag: string): void {
  const version = httpdVersion(tag);
  const server = `Apache/${version} (Unix)`;
  const tid = '140245781444488';
  const ip = process.env.KCTL_POD_IP || '127.0.0.1';
  const mtime = new Date('2007-06-11T18:53:14Z');
  const body = Buffer.from(HTTPD_PAGE);
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. ` +
    `Set the 'ServerName' directive globally to suppress this message`;
  const handler = (req: Req, res: Res) => {
    const now = new Date();
    let path = (req.url || '/').split('?')[0];
    if (path.endsWith('/')) path += 'index.html';
    let status: number;
    let sent: number;
    if (path === '/index.html') {
      status = 200;
      sent = send(req, res, 200, [['Date', httpDate(now)], ['Server', server], ['Last-Modified', httpDate(mtime)],
        ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', String(body.length)],
        ['Content-Type', 'text/html']], body);
    } else {
      status = 404;
      const page = httpdNotFoundPage();
      sent = send(req, res, 404, [['Date', httpDate(now)], ['Server', server], ['Content-Length', String(page.length)],
        ['Content-Type', 'text/html; charset=iso-8859-1']], page);
    }
    out(apacheCommonLine(req, status, sent, now));
  };
  const s = listen(handler, 80, (e, host, port) => {
    errOut(`(98)Address already in use: AH00072: make_sock: could not bind to address ${host}:${port}`);
    errOut('no listening sockets available, shutting down');
    errOut('AH00015: Unable to open logs');
    void e;
  }, () => errOut(`[${apacheErrorTime(new Date())}] [mpm_event:notice] [pid 1:tid ${tid}] AH00491: caught SIGTERM, shutting down`));
  s.on('listening', () => {
    errOut(fqdn);
    errOut(fqdn);
    const t = apacheErrorTime(new Date());
    errOut(`[${t}] [mpm_event:notice] [pid 1:tid ${tid}] AH00489: ${server} configured -- resuming normal operations`);
    errOut(`[${t}] [core:notice] [pid 1:tid ${tid}] AH00094: Command line: 'httpd -D FOREGROUND'`);
  });
}

// ---------------------------------------------------------------------------------------------
// tomcat

/** Tomcat version for a tag: `8.5` → 8.5.100, `9.0.26-jdk8` → 9.0.26, `jdk8`/latest → 9.0.98. */
export function tomcatVersion(tag: string): string {
  let m = /^(\d+)\.(\d+)\.(\d+)(?:$|[-.])/.exec(tag);
  if (m) return `${m[1]}.${m[2]}.${m[3]}`;
  const latest: Record<string, string> = {
    '7': '7.0.109', '7.0': '7.0.109', '8': '8.5.100', '8.0': '8.0.53', '8.5': '8.5.100', '9': '9.0.98', '9.0': '9.0.98',
    '10': '10.1.34', '10.1': '10.1.34', '11': '11.0.2', '11.0': '11.0.2',
  };
  m = /^(\d+(?:\.\d+)?)(?:$|-)/.exec(tag);
  if (m && latest[m[1]]) return latest[m[1]];
  return '9.0.98';
}

export function tomcatRootPage(version: string): string {
  return `<!DOCTYPE html>
<html lang="en">
    <head>
        <meta charset="UTF-8" />
        <title>Apache Tomcat/${version}</title>
        <link href="favicon.ico" rel="icon" type="image/x-icon" />
        <link href="tomcat.css" rel="stylesheet" type="text/css" />
    </head>

    <body>
        <div id="wrapper">
            <div id="navigation" class="curved container">
                <span id="nav-home"><a href="https://tomcat.apache.org/">Home</a></span>
                <span id="nav-hosts"><a href="/docs/">Documentation</a></span>
                <span id="nav-config"><a href="/docs/config/">Configuration</a></span>
                <span id="nav-examples"><a href="/examples/">Examples</a></span>
                <br class="separator" />
            </div>
            <div id="asf-box">
                <h1>Apache Tomcat/${version}</h1>
            </div>
            <div id="upper" class="curved container">
                <div id="congrats" class="curved container">
                    <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>
                </div>
            </div>
            <p class="copyright">Copyright &copy;1999-${new Date().getUTCFullYear()} Apache Software Foundation.  All Rights Reserved</p>
        </div>
    </body>

</html>
`;
}

export function tomcatNotFoundPage(version: string, path: string): string {
  const res = path.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\//g, '&#47;');
  return `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body>` +
    `<h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p>` +
    `<p><b>Message</b> The requested resource [${res}] is not available</p>` +
    `<p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p>` +
    `<hr class="line" /><h3>Apache Tomcat/${version}</h3></body></html>`;
}

function tomcatTime(d: Date): string {
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:` +
    `${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

function tomcatMain(tag: string): void {
  const version = tomcatVersion(tag);
  const cport = containerPort(process.env, 8080);
  const started = Date.now();
  const log = (cls: string, msg: string) => errOut(`${tomcatTime(new Date())} INFO [main] ${cls} ${msg}`);
  const handler = (req: Req, res: Res) => {
    const now = new Date();
    const path = (req.url || '/').split('?')[0];
    if (path === '/' || path === '/index.jsp') {
      const page = tomcatRootPage(version);
      send(req, res, 200, [['Content-Type', 'text/html;charset=UTF-8'], ['Content-Length', String(Buffer.byteLength(page))],
        ['Date', httpDate(now)]], page);
    } else {
      const page = tomcatNotFoundPage(version, path);
      send(req, res, 404, [['Content-Type', 'text/html;charset=utf-8'], ['Content-Language', 'en'],
        ['Content-Length', String(Buffer.byteLength(page))], ['Date', httpDate(now)]], page);
    }
  };
  const s = listen(handler, 8080, (e, host, port) => {
    errOut(`${tomcatTime(new Date())} SEVERE [main] org.apache.catalina.core.StandardService.initInternal Failed to initialize connector [Connector[HTTP/1.1-${cport}]]`);
    errOut(`\torg.apache.catalina.LifecycleException: Protocol handler initialization failed: java.net.BindException: Address already in use (${host}:${port}): ${e.message}`);
  }, () => {
    log('org.apache.coyote.AbstractProtocol.pause', `Pausing ProtocolHandler ["http-nio-${cport}"]`);
    log('org.apache.catalina.core.StandardService.stopInternal', 'Stopping service [Catalina]');
    log('org.apache.coyote.AbstractProtocol.stop', `Stopping ProtocolHandler ["http-nio-${cport}"]`);
    log('org.apache.coyote.AbstractProtocol.destroy', `Destroying ProtocolHandler ["http-nio-${cport}"]`);
  });
  s.on('listening', () => {
    log('org.apache.catalina.startup.VersionLoggerListener.log', `Server version name:   Apache Tomcat/${version}`);
    log('org.apache.catalina.startup.VersionLoggerListener.log', 'CATALINA_BASE:         /usr/local/tomcat');
    log('org.apache.coyote.AbstractProtocol.init', `Initializing ProtocolHandler ["http-nio-${cport}"]`);
    log('org.apache.catalina.startup.Catalina.load', `Server initialization in [${Date.now() - started}] milliseconds`);
    log('org.apache.catalina.core.StandardService.startInternal', 'Starting service [Catalina]');
    log('org.apache.catalina.core.StandardEngine.startInternal', `Starting Servlet engine: [Apache Tomcat/${version}]`);
    log('org.apache.coyote.AbstractProtocol.start', `Starting ProtocolHandler ["http-nio-${cport}"]`);
    log('org.apache.catalina.startup.Catalina.start', `Server startup in [${Date.now() - started}] milliseconds`);
  });
}

// ---------------------------------------------------------------------------------------------
// echoserver (registry.k8s.io/echoserver:1.10 — openresty, nginx 1.13.3, lua 10008)

function readBody(req: Req, cb: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => cb(Buffer.concat(chunks)));
}

/** The echoserver's text/plain answer. */
export function echoserverText(req: Req, body: Buffer, env: NodeJS.ProcessEnv, serverPort: number): string {
  const L: string[] = ['', '', `Hostname: ${env.HOSTNAME || 'localhost'}`, '', 'Pod Information:'];
  const node = env.NODE_NAME || env.KCTL_NODE_NAME;
  const pod = env.POD_NAME || env.HOSTNAME;
  const ns = env.POD_NAMESPACE || env.KCTL_POD_NAMESPACE;
  const ip = env.POD_IP || env.KCTL_POD_IP;
  if (node || env.KCTL_POD_IP || env.POD_NAME) {
    L.push(`\tnode name:\t${node || ''}`, `\tpod name:\t${pod || ''}`, `\tpod namespace:\t${ns || ''}`, `\tpod IP:\t${ip || ''}`);
  } else {
    L.push('\t-no pod information available-');
  }
  const url = req.url || '/';
  const q = url.indexOf('?');
  const host = (hdr(req, 'host') || env.KCTL_POD_IP || '127.0.0.1').replace(/:\d+$/, '').toLowerCase();
  L.push('', 'Server values:', '\tserver_version=nginx: 1.13.3 - lua: 10008', '', 'Request Information:',
    `\tclient_address=${clientAddress(req)}`, `\tmethod=${req.method}`, `\treal path=${url}`,
    `\tquery=${q >= 0 ? url.slice(q + 1) : ''}`, `\trequest_version=${req.httpVersion}`, '\trequest_scheme=http',
    `\trequest_uri=http://${host}:${serverPort}${url}`, '', 'Request Headers:');
  const merged = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const k = req.rawHeaders[i].toLowerCase();
    if (k === 'x-kctl-client-ip') continue;
    if (!merged.has(k)) merged.set(k, []);
    merged.get(k)!.push(req.rawHeaders[i + 1]);
  }
  for (const k of [...merged.keys()].sort()) L.push(`\t${k}=${merged.get(k)!.join(', ')}`);
  L.push('', 'Request Body:');
  let text = L.join('\n') + '\n';
  text += body.length ? body.toString('utf8') : '\t-no body in request-\n';
  return text;
}

function echoserverMain(): void {
  const cport = containerPort(process.env, 8080);
  listen((req, res) => {
    readBody(req, (body) => {
      const now = new Date();
      const text = echoserverText(req, body, process.env, cport);
      const sent = send(req, res, 200, [['Server', 'echoserver'], ['Date', httpDate(now)], ['Content-Type', 'text/plain'],
        ['Content-Length', String(Buffer.byteLength(text))]], text);
      out(nginxCombinedLine(req, 200, sent, now));
    });
  }, 8080, (e) => errOut(`nginx: [emerg] bind() failed (${e.message})`));
}

// ---------------------------------------------------------------------------------------------
// traefik/whoami

function canonicalHeaderKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase());
}

/** traefik/whoami's answer: Hostname, IPs, RemoteAddr, then the request as Go's Request.Write prints it. */
export function whoamiText(req: Req, body: Buffer, env: NodeJS.ProcessEnv): string {
  const L = [`Hostname: ${env.HOSTNAME || 'localhost'}`, 'IP: 127.0.0.1', 'IP: ::1'];
  if (env.KCTL_POD_IP) L.push(`IP: ${env.KCTL_POD_IP}`);
  const peer = req.socket.remotePort;
  const kctl = hdr(req, 'x-kctl-client-ip');
  L.push(`RemoteAddr: ${kctl ? `${kctl}:${peer}` : `${clientAddress(req)}:${peer}`}`);
  let s = L.join('\n') + '\n';
  s += `${req.method} ${req.url} HTTP/1.1\r\nHost: ${hdr(req, 'host')}\r\n`;
  s += `User-Agent: ${hdr(req, 'user-agent') || 'Go-http-client/1.1'}\r\n`;
  if (body.length) s += `Content-Length: ${body.length}\r\n`;
  const skip = new Set(['host', 'user-agent', 'content-length', 'transfer-encoding', 'trailer', 'x-kctl-client-ip']);
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!skip.has(req.rawHeaders[i].toLowerCase())) pairs.push([canonicalHeaderKey(req.rawHeaders[i]), req.rawHeaders[i + 1]]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of pairs) s += `${k}: ${v}\r\n`;
  s += '\r\n';
  return s + body.toString('utf8');
}

function whoamiMain(): void {
  listen((req, res) => {
    readBody(req, (body) => {
      const now = new Date();
      const path = (req.url || '/').split('?')[0];
      if (path === '/health') {
        send(req, res, 200, [['Date', httpDate(now)], ['Content-Length', '0']], '');
        return;
      }
      if (path === '/api') {
        const headers: Record<string, string[]> = {};
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          const k = canonicalHeaderKey(req.rawHeaders[i]);
          if (k === 'X-Kctl-Client-Ip') continue;
          (headers[k] = headers[k] || []).push(req.rawHeaders[i + 1]);
        }
        const ips = ['127.0.0.1', '::1'];
        if (process.env.KCTL_POD_IP) ips.push(process.env.KCTL_POD_IP);
        const j = JSON.stringify({ hostname: process.env.HOSTNAME || 'localhost', ip: ips, headers, url: req.url,
          host: hdr(req, 'host'), method: req.method, remoteAddr: `${clientAddress(req)}:${req.socket.remotePort}` }) + '\n';
        send(req, res, 200, [['Content-Type', 'application/json'], ['Date', httpDate(now)], ['Content-Length', String(Buffer.byteLength(j))]], j);
        return;
      }
      const text = whoamiText(req, body, process.env);
      send(req, res, 200, [['Date', httpDate(now)], ['Content-Length', String(Buffer.byteLength(text))],
        ['Content-Type', 'text/plain; charset=utf-8']], text);
    });
  }, 80, (e) => errOut(`listen tcp :${process.env.PORT || 80}: bind: ${e.message}`));
}

// ---------------------------------------------------------------------------------------------
// pause

function pauseMain(): void {
  const keep = setInterval(() => undefined, 1 << 30);
  installStop(() => clearInterval(keep), (sig) => errOut(`Shutting down, got signal: ${sig === 'SIGTERM' ? 'Terminated' : 'Interrupt'}`));
}

// ---------------------------------------------------------------------------------------------

/** Runs the built-in image `ref` (an image whose catalogue module is `http`). */
export function main(ref: string): void {
  const entry = lookupImage(ref);
  const { tag } = parseImageRef(ref);
  switch (entry && entry.impl) {
    case 'nginx': return nginxMain(tag);
    case 'myapp': return myappMain(tag);
    case 'httpd': return httpdMain(tag);
    case 'tomcat': return tomcatMain(tag);
    case 'echoserver': return echoserverMain();
    case 'whoami': return whoamiMain();
    case 'pause': return pauseMain();
    default:
      process.stderr.write(`kctl: no built-in image "${ref}"\n`);
      process.exit(2);
  }
}
