// DNS wire format: round trips of every RR type kctl serves, header flags, EDNS0, name compression
// (decode with loop protection, encode), malformed input, truncation, address helpers.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Message, RR } from '../../../src/dns/wire';
import {
  DnsFormatError, RCODE, addressFromReverse, decode, encode, encodeTruncated, formatIPv6, formatRR, fqdn,
  isLoopbackAddress, nameEquals, nameToLabels, newQuery, parseIPv6, reverseName, typeCode, typeName,
} from '../../../src/dns/wire';

function msg(over: Partial<Message> = {}): Message {
  return {
    id: 0x1234, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, ad: false, cd: false, rcode: 0,
    questions: [{ name: 'httpd-svc.default.svc.cluster.local.', type: 'A', class: 1 }],
    answers: [], authority: [], additional: [],
    ...over,
  };
}

const rr = (name: string, type: string, data: any, ttl = 30): RR => ({ name, type, class: 1, ttl, data });

describe('round trips', () => {
  const cases: Array<{ name: string; m: Message }> = [
    { name: 'A answers', m: msg({ answers: [rr('httpd-svc.default.svc.cluster.local.', 'A', '10.244.2.71'), rr('httpd-svc.default.svc.cluster.local.', 'A', '10.244.1.74')] }) },
    { name: 'AAAA', m: msg({ answers: [rr('x.', 'AAAA', 'fd00:10:244::1'), rr('y.', 'AAAA', '::1'), rr('z.', 'AAAA', '2001:db8:0:1:1:1:1:1')] }) },
    { name: 'CNAME, PTR, NS', m: msg({ answers: [rr('ext.default.svc.cluster.local.', 'CNAME', 'www.example.com.'), rr('1.0.96.10.in-addr.arpa.', 'PTR', 'kubernetes.default.svc.cluster.local.'), rr('cluster.local.', 'NS', 'kube-dns.kube-system.svc.cluster.local.')] }) },
    { name: 'SRV and additional A', m: msg({
      answers: [rr('_http._tcp.httpd-svc.default.svc.cluster.local.', 'SRV', { priority: 0, weight: 33, port: 80, target: '10-244-2-71.httpd-svc.default.svc.cluster.local.' })],
      additional: [rr('10-244-2-71.httpd-svc.default.svc.cluster.local.', 'A', '10.244.2.71')],
    }) },
    { name: 'SOA in authority, NXDOMAIN', m: msg({ rcode: RCODE.NXDOMAIN, authority: [rr('cluster.local.', 'SOA', { mname: 'ns.dns.cluster.local.', rname: 'hostmaster.cluster.local.', serial: 4294967295, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 })] }) },
    { name: 'TXT', m: msg({ answers: [rr('dns-version.cluster.local.', 'TXT', ['1.1.0']), rr('t.', 'TXT', ['a', '', 'b c'])] }) },
    { name: 'MX', m: msg({ answers: [rr('m.', 'MX', { preference: 10, exchange: 'mail.example.com.' })] }) },
    { name: 'unknown type as raw RDATA', m: msg({ questions: [{ name: 'x.', type: 'TYPE999', class: 1 }], answers: [rr('x.', 'TYPE999', Buffer.from([0, 1, 0]))] }) },
    { name: 'every header flag', m: msg({ qr: false, opcode: 2, aa: false, tc: true, rd: false, ra: false, ad: true, cd: true, rcode: RCODE.REFUSED }) },
    { name: 'EDNS0 with the UDP size and an extended rcode', m: msg({ rcode: RCODE.BADVERS, edns: { udpSize: 1232, version: 0, dnssecOk: true, options: [{ code: 10, data: Buffer.from('0123456789abcdef', 'hex') }] } }) },
    { name: 'root and an escaped label', m: msg({ questions: [{ name: '.', type: 'NS', class: 1 }], answers: [rr('a\\.b.example.', 'A', '1.2.3.4'), rr('sp\\032ace.x.', 'A', '1.2.3.5')] }) },
    { name: 'no question', m: msg({ questions: [], rcode: RCODE.FORMERR }) },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const back = decode(encode(c.m));
      assert.deepEqual(back, c.m);
      // encoding what was decoded gives the same bytes
      assert.deepEqual(encode(back), encode(c.m));
    });
  }
});

describe('names', () => {
  test('compression on encode: a repeated name is a pointer', () => {
    const m = msg({ answers: [1, 2, 3].map((i) => rr('httpd-svc.default.svc.cluster.local.', 'A', `10.0.0.${i}`)) });
    const b = encode(m);
    // header 12 + question (37 + 4) + 3 × (2-byte pointer + 10 + 4)
    assert.equal(b.length, 12 + 41 + 3 * 16);
    assert.equal(b.readUInt16BE(12 + 41), 0xc000 | 12);
  });

  test('suffixes are shared and case is kept', () => {
    const m = msg({ answers: [rr('A.Default.svc.cluster.local.', 'A', '1.1.1.1'), rr('b.default.svc.cluster.local.', 'A', '1.1.1.2')] });
    const back = decode(encode(m));
    assert.deepEqual(back.answers.map((a) => a.name), ['A.Default.svc.cluster.local.', 'b.default.svc.cluster.local.']);
  });

  test('SRV targets are not compressed (RFC 2782)', () => {
    const target = 'httpd-svc.default.svc.cluster.local.';
    const b = encode(msg({ answers: [rr('_http._tcp.httpd-svc.default.svc.cluster.local.', 'SRV', { priority: 0, weight: 100, port: 80, target })] }));
    assert.ok(b.includes(Buffer.from('\x09httpd-svc\x07default\x03svc\x07cluster\x05local\x00', 'latin1'), 60));
  });

  test('decoding RFC 1035 §4.1.4 style pointers', () => {
    // header, question F.ISI.ARPA A, answer owned by a pointer to the question name, CNAME → FOO + pointer
    const q = Buffer.from('\x01F\x03ISI\x04ARPA\x00\x00\x01\x00\x01', 'latin1');
    const ans = Buffer.concat([
      Buffer.from([0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 30, 0, 6]),
      Buffer.from('\x03FOO', 'latin1'), Buffer.from([0xc0, 12]),
    ]);
    const hdr = Buffer.from([0, 7, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
    const m = decode(Buffer.concat([hdr, q, ans]));
    assert.equal(m.questions[0].name, 'F.ISI.ARPA.');
    assert.deepEqual(m.answers, [rr('F.ISI.ARPA.', 'CNAME', 'FOO.F.ISI.ARPA.')]);
  });

  const hdr1q = Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const malformed: Array<[string, Buffer]> = [
    ['shorter than a header', Buffer.from([0, 1, 0])],
    ['a pointer to itself (a loop)', Buffer.concat([hdr1q, Buffer.from([0xc0, 12, 0, 1, 0, 1])])],
    ['a forward pointer', Buffer.concat([hdr1q, Buffer.from([0xc0, 14, 1, 0x61, 0, 0, 1, 0, 1])])],
    ['two pointers pointing at each other', Buffer.concat([hdr1q, Buffer.from([1, 0x61, 0xc0, 16, 0xc0, 12, 0, 1, 0, 1])])],
    ['a truncated question', Buffer.concat([hdr1q, Buffer.from([3, 0x61, 0x62])])],
    ['a question without type', Buffer.concat([hdr1q, Buffer.from([0, 0])])],
    ['an extended label type', Buffer.concat([hdr1q, Buffer.from([0x41, 0, 0, 1, 0, 1])])],
    ['a name over 255 bytes', Buffer.concat([hdr1q, ...new Array(5).fill(Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), Buffer.from([0, 0, 1, 0, 1])])],
    ['RDATA past the end', Buffer.concat([Buffer.from([0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]), Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0])])],
    ['an A with 3 bytes', Buffer.concat([Buffer.from([0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]), Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 30, 0, 3, 10, 0, 0])])],
    ['a name overrunning its RDATA', Buffer.concat([Buffer.from([0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]), Buffer.from([0, 0, 5, 0, 1, 0, 0, 0, 30, 0, 2, 3, 0x61, 0x62, 0x63, 0])])],
    ['counts larger than the message', Buffer.from([0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1])],
    ['two OPT records', Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]), Buffer.from([0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 0])])],
  ];
  for (const [name, buf] of malformed) {
    test(`malformed: ${name}`, () => assert.throws(() => decode(buf), DnsFormatError));
  }

  test('names that cannot be encoded', () => {
    for (const n of ['a..b.', `${'x'.repeat(64)}.`, `${'abcdefghi.'.repeat(26)}`]) {
      assert.throws(() => nameToLabels(n), /invalid DNS name/, n);
    }
  });

  test('fqdn and nameEquals', () => {
    assert.equal(fqdn('a.b'), 'a.b.');
    assert.equal(fqdn('a.b.'), 'a.b.');
    assert.equal(fqdn(''), '.');
    assert.ok(nameEquals('HTTPD-svc.Default.svc.cluster.local', 'httpd-svc.default.svc.cluster.local.'));
    assert.ok(!nameEquals('a.b.', 'a.c.'));
  });
});

describe('truncation', () => {
  const many = msg({
    answers: Array.from({ length: 60 }, (_, i) => rr('httpd-svc.default.svc.cluster.local.', 'A', `10.244.${i >> 8}.${i & 255}`)),
    additional: [rr('x.', 'A', '1.1.1.1')],
  });
  for (const limit of [512, 700, 900]) {
    test(`fits in ${limit} bytes with TC`, () => {
      const b = encodeTruncated(many, limit);
      assert.ok(b.length <= limit);
      const m = decode(b);
      assert.equal(m.tc, true);
      assert.ok(m.answers.length > 0 && m.answers.length < 60);
      assert.deepEqual(m.additional, []);
      assert.deepEqual(m.questions, many.questions);
    });
  }
  test('no truncation when it fits', () => {
    const m = decode(encodeTruncated(many, 65535));
    assert.equal(m.tc, false);
    assert.equal(m.answers.length, 60);
  });
  test('OPT is kept', () => {
    const m = decode(encodeTruncated({ ...many, edns: { udpSize: 512, version: 0, dnssecOk: false, options: [] } }, 512));
    assert.equal(m.tc, true);
    assert.equal(m.edns?.udpSize, 512);
  });
});

describe('helpers', () => {
  test('types', () => {
    for (const [n, c] of [['A', 1], ['aaaa', 28], ['SRV', 33], ['PTR', 12], ['TYPE65', 65], ['HTTPS', 65], ['OPT', 41]] as const) assert.equal(typeCode(n), c);
    assert.equal(typeName(33), 'SRV');
    assert.equal(typeName(999), 'TYPE999');
    assert.throws(() => typeCode('NOPE'));
  });

  test('IPv6 text', () => {
    for (const [input, out] of [
      ['::1', '::1'], ['::', '::'], ['fd00:10:244:0:0:0:0:1', 'fd00:10:244::1'], ['2001:DB8::0:1', '2001:db8::1'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'], ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'], ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ]) assert.equal(formatIPv6(parseIPv6(input)!), out, input);
    for (const bad of ['1::2::3', ':::', '12345::', '1:2:3:4:5:6:7', 'g::1', '10.0.0.1']) assert.equal(parseIPv6(bad), undefined, bad);
  });

  test('reverse names', () => {
    assert.equal(reverseName('10.96.0.10'), '10.0.96.10.in-addr.arpa.');
    assert.equal(reverseName('::1'), `1.${'0.'.repeat(31)}ip6.arpa.`);
    assert.equal(addressFromReverse('10.0.96.10.IN-ADDR.ARPA'), '10.96.0.10');
    assert.equal(addressFromReverse(reverseName('fd00:10:244::5')), 'fd00:10:244::5');
    for (const bad of ['96.10.in-addr.arpa.', '1.2.3.4.5.in-addr.arpa.', '300.0.0.1.in-addr.arpa.', 'example.com.']) assert.equal(addressFromReverse(bad), undefined, bad);
  });

  test('loopback addresses', () => {
    for (const [h, ok] of [['127.0.0.1', true], ['127.3.2.1', true], ['::1', true], ['[::1]', true], ['localhost', true], ['::ffff:127.0.0.1', true],
      ['10.96.0.10', false], ['0.0.0.0', false], ['::', false], ['8.8.8.8', false], ['example.com', false]] as const) {
      assert.equal(isLoopbackAddress(h), ok, h);
    }
  });

  test('newQuery and formatRR', () => {
    const q = newQuery('httpd-svc', 'A', { id: 7, edns: 1232 });
    assert.deepEqual(q.questions, [{ name: 'httpd-svc.', type: 'A', class: 1 }]);
    assert.equal(q.rd, true);
    assert.equal(decode(encode(q)).edns?.udpSize, 1232);
    assert.equal(formatRR(rr('a.', 'SRV', { priority: 0, weight: 100, port: 443, target: 'k.' })), 'a. 30 IN SRV 0 100 443 k.');
  });
});
