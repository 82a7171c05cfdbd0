// The PROXY protocol v1 on the built-in images' listeners: with a header the client's address is the
// header's source; without one the connection is served as it is; a header split over packets works.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { clientAddress, parseProxyLine, proxyAwareServer, proxyHeader } from '../../../src/agent/images/proxyproto';

describe('PROXY protocol', () => {
  test('header format and parsing', () => {
    assert.equal(proxyHeader('10.244.1.3', '10.244.2.5', 40000, 80).toString(), 'PROXY TCP4 10.244.1.3 10.244.2.5 40000 80\r\n');
    assert.deepEqual(parseProxyLine('PROXY TCP4 10.244.1.3 10.244.2.5 40000 80'), { address: '10.244.1.3', port: 40000 });
    assert.equal(parseProxyLine('PROXY UNKNOWN'), undefined);
    assert.equal(parseProxyLine('GET / HTTP/1.1'), undefined);
  });

  const cases: { name: string; chunks: string[]; want: string }[] = [
    { name: 'with a header', chunks: ['PROXY TCP4 10.244.1.3 10.244.2.5 40000 80\r\nhello\n'], want: '10.244.1.3 hello\n' },
    { name: 'a header split over two writes', chunks: ['PROX', 'Y TCP4 10.244.0.0 10.244.2.5 1 80\r\nhi\n'], want: '10.244.0.0 hi\n' },
    { name: 'without a header', chunks: ['plain\n'], want: '127.0.0.1 plain\n' },
    { name: 'data that starts like the header but is not', chunks: ['PROXIMA\n'], want: '127.0.0.1 PROXIMA\n' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const srv = proxyAwareServer((sock) => {
        let got = '';
        sock.on('data', (d) => { got += d; if (got.endsWith('\n')) sock.end(`${clientAddress(sock).address} ${got}`); });
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      try {
        const port = (srv.address() as net.AddressInfo).port;
        const out = await new Promise<string>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', async () => {
            for (const ch of c.chunks) { s.write(ch); await new Promise((r) => setTimeout(r, 20)); }
          });
          let buf = '';
          s.on('data', (d) => { buf += d; });
          s.on('end', () => resolve(buf));
          s.on('error', reject);
        });
        assert.equal(out, c.want);
      } finally {
        srv.close();
      }
    });
  }
});

describe('PROXY protocol in front of TLS', () => {
  test('the header and the ClientHello in one packet: the handshake completes and the client address is the header\'s', async () => {
    const tls = await import('node:tls');
    const { selfSignedSync } = await import('../../../src/agent/ingress/cert');
    const { listenProxyAwareTls } = await import('../../../src/agent/images/proxyproto');
    const { cert, key } = selfSignedSync({ subject: [['CN', 'x.test']], notBefore: new Date(), days: 1 });
    const server = tls.createServer({ cert, key }, (s) => s.end(`${clientAddress(s as any).address}\n`));
    const outer = await new Promise<net.Server>((resolve) => { const o = listenProxyAwareTls(server, { secureContext: tls.createSecureContext({ cert, key }) }, 0, '127.0.0.1', () => resolve(o)); });
    try {
      const port = (outer.address() as net.AddressInfo).port;
      const out = await new Promise<string>((resolve, reject) => {
        const raw = net.connect(port, '127.0.0.1');
        raw.cork();
        raw.write(proxyHeader('10.244.0.0', '10.244.1.9', 5555, 443));
        const t = tls.connect({ socket: raw, rejectUnauthorized: false, servername: 'x.test' });
        process.nextTick(() => raw.uncork());
        let buf = '';
        t.on('data', (d) => { buf += d; });
        t.on('end', () => resolve(buf));
        t.on('error', reject);
      });
      assert.equal(out, '10.244.0.0\n');
    } finally {
      outer.close();
    }
  });
});
