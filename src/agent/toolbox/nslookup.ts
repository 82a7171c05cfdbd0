// busybox nslookup (the applet of busybox <= 1.28, networking/nslookup.c, as cirros ships it):
//
//   nslookup HOST [SERVER]
//
//   Server:    10.96.0.10
//   Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local
//
//   Name:      httpd-svc
//   Address 1: 10.244.2.71 10-244-2-71.httpd-svc.default.svc.cluster.local
//
// The server block is the server's address and its PTR name; then HOST is resolved as getaddrinfo
// does (resolv.conf search list, ndots:5, A and AAAA) and each address printed with its PTR name
// (nothing when it has none). An unresolvable HOST prints "nslookup: can't resolve 'HOST'" on stderr
// and exits 1.
//
// Environment: KCTL_DNS = the real server ("127.0.0.1:PORT"); KCTL_DNS_VIRTUAL = the address shown
// as the server (default 10.96.0.10); KCTL_DNS_SEARCH = the search list (default
// "default.svc.cluster.local svc.cluster.local cluster.local"). SERVER may be the virtual address
// (meaning KCTL_DNS), a loopback address with an optional :port, or a name resolved like HOST;
// any other server is unreachable from kctl (nothing is sent outside loopback), so HOST can't be
// resolved through it.

import { lookup, reverse } from '../../dns/client';
import { isIPv4, isIPv6, isLoopbackAddress } from '../../dns/wire';

const USAGE = `BusyBox v1.28.4 (kctl) multi-call binary.

Usage: nslookup [HOST] [SERVER]

Query the nameserver for the IP address of the given HOST
optionally using a specified DNS server
`;

const DEFAULT_SEARCH = 'default.svc.cluster.local svc.cluster.local cluster.local';
const TIMEOUT_MS = 2500;

function out(s: string): void {
  process.stdout.write(s);
}

function err(s: string): void {
  process.stderr.write(s);
}

/** printf("%-10s %s\n", header, name) */
function headerLine(header: string, name: string): string {
  return `${header.padEnd(10)} ${name}\n`;
}

/** "1.2.3.4", "1.2.3.4:53", "[::1]:5353", "::1" → address and port (undefined: not an address) */
function splitHostPort(s: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : undefined };
  if (isIPv6(s)) return { host: s };
  const m = /^(.*):(\d+)$/.exec(s);
  if (m) return { host: m[1], port: Number(m[2]) };
  return { host: s };
}

async function ptrName(ip: string, server: string | undefined): Promise<string | undefined> {
  if (!server) return undefined;
  try {
    return (await reverse(ip, { server, timeoutMs: TIMEOUT_MS }))[0];
  } catch {
    return undefined;
  }
}

export async function main(argv: string[]): Promise<number> {
  if (!argv[0] || argv[0].startsWith('-') || argv.length > 2) {
    err(USAGE);
    return 1;
  }
  const host = argv[0];
  const virtual = process.env.KCTL_DNS_VIRTUAL || '10.96.0.10';
  const real = process.env.KCTL_DNS || undefined;
  const search = (process.env.KCTL_DNS_SEARCH ?? DEFAULT_SEARCH).split(/\s+/).filter(Boolean);

  // the server to ask (undefined: none reachable) and the address to show
  let server: string | undefined = real;
  let shown = virtual;
  if (argv[1] !== undefined) {
    const { host: sHost, port } = splitHostPort(argv[1]);
    let addr = sHost;
    if (!isIPv4(addr) && !isIPv6(addr)) {
      // xhost2sockaddr resolves a server name with the default resolver
      let found: string | undefined;
      if (real) {
        try {
          found = (await lookup(addr, { server: real, search, ndots: 5, timeoutMs: TIMEOUT_MS })).addresses[0];
        } catch { /* unresolvable */ }
      }
      if (!found) {
        err(`nslookup: bad address '${argv[1]}'\n`);
        return 1;
      }
      addr = found;
    }
    shown = addr;
    if (addr === virtual && (port === undefined || port === 53)) server = real;
    else if (isLoopbackAddress(addr)) server = isIPv6(addr) ? `[${addr}]:${port ?? 53}` : `${addr}:${port ?? 53}`;
    else server = undefined;
  }

  out(headerLine('Server:', shown));
  const serverPtr = await ptrName(shown, server);
  out(`Address 1: ${shown}${serverPtr ? ` ${serverPtr}` : ''}\n`);
  out('\n');

  let addresses: string[] = [];
  if (isIPv4(host) || isIPv6(host)) addresses = [host];
  else if (server) {
    try {
      addresses = (await lookup(host, { server, search, ndots: 5, timeoutMs: TIMEOUT_MS })).addresses;
    } catch {
      addresses = [];
    }
  }
  if (addresses.length === 0) {
    err(`nslookup: can't resolve '${host}'\n`);
    return 1;
  }
  const names = await Promise.all(addresses.map((a) => ptrName(a, server)));
  let text = headerLine('Name:', host);
  addresses.forEach((a, i) => {
    text += `Address ${i + 1}: ${a}${names[i] ? ` ${names[i]}` : ''}\n`;
  });
  out(text);
  return 0;
}
