// Self-signed X.509 certificates with node's crypto only (no openssl binary): node can make keys
// and signatures but not certificates, so the TBSCertificate is DER-encoded here and signed with
// crypto.sign. Used for ingress-nginx's default "Kubernetes Ingress Controller Fake Certificate"
// (Go's x509.CreateCertificate template of internal/net/ssl getFakeHostSSLCert: RSA 2048, O=Acme Co,
// CN=Kubernetes Ingress Controller Fake Certificate, DNS:ingress.local, 365 days, key usage
// digitalSignature+keyEncipherment, extended key usage serverAuth, basic constraints CA:FALSE) and
// by tests that need a TLS secret.

import * as crypto from 'node:crypto';

export interface CertOptions {
  /** subject (= issuer) attributes in order, e.g. [['C','CN'],['O','DevOps'],['CN','nginx.ilinux.io']] */
  subject: [string, string][];
  /** subjectAltName DNS names (none: no SAN extension) */
  dnsNames?: string[];
  notBefore: Date;
  days: number;
  /** server certificate extensions as Go writes them (key usage, serverAuth, CA:FALSE) */
  serverExtensions?: boolean;
  /** RSA modulus length (default 2048) */
  bits?: number;
}

export interface Cert { cert: string; key: string }

const ATTR_OIDS: Record<string, string> = {
  C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3',
};

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const n = dotted.split('.').map(Number);
  const out: number[] = [n[0] * 40 + n[1]];
  for (const v of n.slice(2)) {
    const b: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) b.unshift((x & 0x7f) | 0x80);
    out.push(...b);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function str(s: string): Buffer {
  // PrintableString when it fits (as Go does), else UTF8String
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s) ? tlv(0x13, Buffer.from(s, 'ascii')) : tlv(0x0c, Buffer.from(s, 'utf8'));
}

function time(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const y = d.getUTCFullYear();
  const body = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y < 2050 ? tlv(0x17, Buffer.from(`${String(y).slice(2)}${body}`)) : tlv(0x18, Buffer.from(`${y}${body}`));
}

function name(attrs: [string, string][]): Buffer {
  return seq(...attrs.map(([k, v]) => set(seq(oid(ATTR_OIDS[k] ?? k), str(v)))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** DER of a self-signed certificate for the key pair. */
export function buildCertificate(o: CertOptions, publicKey: crypto.KeyObject, privateKey: crypto.KeyObject, serial: Buffer): Buffer {
  const exts: Buffer[] = [];
  if (o.serverExtensions) {
    exts.push(extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x05, 0xa0])))); // digitalSignature, keyEncipherment
    exts.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1')))); // serverAuth
    exts.push(extension('2.5.29.19', true, seq())); // CA:FALSE
  }
  if (o.dnsNames?.length) {
    exts.push(extension('2.5.29.17', false, seq(...o.dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))))));
  }
  const notAfter = new Date(o.notBefore.getTime() + o.days * 86_400_000);
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_RSA,
    name(o.subject),
    seq(time(o.notBefore), time(notAfter)),
    name(o.subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    ...(exts.length ? [tlv(0xa3, seq(...exts))] : []),
  );
  const sig = crypto.sign('sha256', tbs, privateKey);
  return seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), sig])));
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function finish(o: CertOptions, publicKey: crypto.KeyObject, privateKey: crypto.KeyObject): Cert {
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;
  const der = buildCertificate(o, publicKey, privateKey, serial);
  return { cert: pem('CERTIFICATE', der), key: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string };
}

/** A self-signed certificate and its RSA key (PEM; key in PKCS#1 "RSA PRIVATE KEY" form). */
export function selfSignedSync(o: CertOptions): Cert {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: o.bits ?? 2048 });
  return finish(o, publicKey, privateKey);
}

/** Same, generating the key on the thread pool. */
export function selfSigned(o: CertOptions): Promise<Cert> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair('rsa', { modulusLength: o.bits ?? 2048 }, (err, publicKey, privateKey) => {
      if (err) reject(err); else resolve(finish(o, publicKey, privateKey));
    });
  });
}

/** ingress-nginx's default certificate for `host` (ingress.local), valid 365 days from `now`. */
export function fakeCertificate(now: Date, host = 'ingress.local'): Promise<Cert> {
  return selfSigned({
    subject: [['O', 'Acme Co'], ['CN', 'Kubernetes Ingress Controller Fake Certificate']],
    dnsNames: [host], notBefore: now, days: 365, serverExtensions: true,
  });
}
