// `kubectl create secret generic|tls|docker-registry NAME ...`
// (kubectl/pkg/cmd/create/create_secret.go, create_secret_tls.go, create_secret_docker.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import {
  CommonOptions, FileContent, PathLoader, encodeHash, forEachEnvFileSource, forEachFileSource, goJSON, goQuote,
  isConfigMapKey, objectMeta, parseLiteralSource, sortKeys, toBuffer,
} from './common';

/** Builds the Secret from collected data, in Go field order; applies --append-hash. */
function secretObject(name: string, namespace: string | undefined, type: string, data: Map<string, Buffer>,
  appendHash: boolean | undefined): KObject {
  const b64: Record<string, string> = {};
  for (const [k, v] of data) b64[k] = v.toString('base64');
  if (appendHash) {
    // pkg/util/hash encodeSecret: {"data":…,"kind":"Secret","name":…,"type":…}
    name = `${name}-${encodeHash(goJSON({ kind: 'Secret', type, name, data: b64 }))}`;
  }
  const s: KObject = { kind: 'Secret', apiVersion: 'v1', metadata: objectMeta(name, { namespace }) };
  if (data.size) s.data = sortKeys(b64);
  if (type) s.type = type;
  return s;
}

function addKey(data: Map<string, Buffer>, key: string, value: Buffer): void {
  const errs = isConfigMapKey(key);
  if (errs.length) throw new CliError(`${goQuote(key)} is not valid key name for a Secret ${errs.join(';')}`);
  if (data.has(key)) throw new CliError(`cannot add key ${key}, another key by that name already exists`);
  data.set(key, value);
}

// ---------------------------------------------------------------- generic

export interface CreateSecretGenericOptions extends CommonOptions {
  name: string;
  /** --from-file values (StringSlice): `path` or `key=path` */
  fromFile?: string[];
  /** --from-literal values (StringArray) */
  fromLiteral?: string[];
  /** --from-env-file values (StringSlice) */
  fromEnvFile?: string[];
  /** --type (default '' = none; the server defaults to Opaque) */
  type?: string;
  appendHash?: boolean;
  files?: PathLoader;
  env?: Record<string, string | undefined>;
}

export function generateSecretGeneric(o: CreateSecretGenericOptions): KObject {
  const fromFile = o.fromFile ?? [];
  const fromLiteral = o.fromLiteral ?? [];
  const fromEnvFile = o.fromEnvFile ?? [];
  if (!o.name) throw new CliError('name must be specified');
  if (fromEnvFile.length > 0 && (fromFile.length > 0 || fromLiteral.length > 0)) {
    throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  }
  const data = new Map<string, Buffer>();
  for (const src of fromLiteral) {
    const { key, value } = parseLiteralSource(src);
    addKey(data, key, Buffer.from(value, 'utf8'));
  }
  forEachFileSource(fromFile, o.files, (key, content) => addKey(data, key, content));
  forEachEnvFileSource(fromEnvFile, o.files, 'env secret file cannot be a directory', o.env ?? {},
    (key, value) => addKey(data, key, Buffer.from(value, 'utf8')));
  return secretObject(o.name, o.namespace, o.type ?? '', data, o.appendHash);
}

// ---------------------------------------------------------------- tls

/** One PEM block as Go's encoding/pem decodes it. */
interface PemBlock { type: string; bytes: Buffer }

/** encoding/pem.Decode over all blocks of the input (malformed blocks are skipped, as Go does). */
export function pemBlocks(input: Buffer | string): PemBlock[] {
  const text = toBuffer(input).toString('latin1');
  const out: PemBlock[] = [];
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:^|\n)-----END \1-----/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let body = m[2];
    // optional RFC 1421 headers ("Key: value" lines then a blank line)
    const lines = body.split('\n');
    if (lines.length && /^[^:\s]+:/.test(lines[0])) {
      const blank = lines.findIndex((l) => l.trim() === '');
      body = blank >= 0 ? lines.slice(blank + 1).join('\n') : '';
    }
    const b64 = body.replace(/[\r\n\t ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) continue;
    out.push({ type: m[1], bytes: Buffer.from(b64, 'base64') });
  }
  return out;
}

/**
 * The PEM-level checks of Go's tls.X509KeyPair (which kubectl runs on --cert/--key), with its
 * messages. Returns undefined when a CERTIFICATE block and a "... PRIVATE KEY" block were found.
 */
export function checkTLSPemBlocks(cert: Buffer | string, key: Buffer | string): string | undefined {
  const cb = pemBlocks(cert);
  const certs = cb.filter((b) => b.type === 'CERTIFICATE');
  if (!certs.length) {
    const skipped = cb.map((b) => b.type);
    if (!skipped.length) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0].endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
  }
  const skipped: string[] = [];
  for (const b of pemBlocks(key)) {
    if (b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY')) return undefined;
    skipped.push(b.type);
  }
  if (!skipped.length) return 'tls: failed to find any PEM data in key input';
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') return 'tls: found a certificate rather than a key in the PEM for the private key';
  return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
}

/**
 * The rest of tls.X509KeyPair with node's crypto (pure computation, no I/O; crypto is loaded
 * lazily): the certificate must parse and its public key must match the private key. Returns
 * kubectl's message or undefined. Pass it as `validatePair` to generateSecretTLS.
 */
export function nodeValidateTLSPair(cert: Buffer | string, key: Buffer | string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const crypto = require('crypto') as typeof import('crypto');
  const certBlock = pemBlocks(cert).find((b) => b.type === 'CERTIFICATE')!;
  const keyBlock = pemBlocks(key).find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'))!;
  let x509: import('crypto').X509Certificate;
  try {
    x509 = new crypto.X509Certificate(certBlock.bytes);
  } catch {
    return 'x509: malformed certificate';
  }
  let priv: import('crypto').KeyObject;
  try {
    const der = keyBlock.bytes;
    const tries: Array<() => import('crypto').KeyObject> = [
      () => crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
      () => crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      () => crypto.createPrivateKey({ key: der, format: 'der', type: 'sec1' }),
    ];
    let k: import('crypto').KeyObject | undefined;
    for (const t of tries) { try { k = t(); break; } catch { /* next */ } }
    if (!k) return 'tls: failed to parse private key';
    priv = k;
  } catch {
    return 'tls: failed to parse private key';
  }
  const pub = x509.publicKey;
  const pt = pub.asymmetricKeyType;
  const kt = priv.asymmetricKeyType;
  if (pt !== 'rsa' && pt !== 'ec' && pt !== 'ed25519') return 'tls: unknown public key algorithm';
  if (pt !== kt) return 'tls: private key type does not match public key type';
  if (!x509.checkPrivateKey(priv)) return 'tls: private key does not match public key';
  return undefined;
}

export interface CreateSecretTLSOptions extends CommonOptions {
  name: string;
  /** the --cert file (path + content); undefined when the flag is empty */
  cert?: FileContent | { name: string; error: string };
  /** the --key file; undefined when the flag is empty */
  key?: FileContent | { name: string; error: string };
  appendHash?: boolean;
  /**
   * Deeper check of the pair after the PEM-block check (certificate parses, key matches), returning
   * kubectl's error text; e.g. nodeValidateTLSPair. Without it only the PEM blocks are checked.
   */
  validatePair?: (cert: Buffer, key: Buffer) => string | undefined;
}

export function generateSecretTLS(o: CreateSecretTLSOptions): KObject {
  if (!o.key || !o.cert || !o.key.name || !o.cert.name) throw new CliError('key and cert must be specified');
  // readFile: "Cannot read file <path>, open <path>: <errno text>"
  if ('error' in o.cert) throw new CliError(`Cannot read file ${o.cert.name}, open ${o.cert.name}: ${o.cert.error}`);
  if ('error' in o.key) throw new CliError(`Cannot read file ${o.key.name}, open ${o.key.name}: ${o.key.error}`);
  const cert = toBuffer(o.cert.content);
  const key = toBuffer(o.key.content);
  const err = checkTLSPemBlocks(cert, key) ?? o.validatePair?.(cert, key);
  if (err) throw new CliError(err);
  const data = new Map<string, Buffer>([['tls.crt', cert], ['tls.key', key]]);
  return secretObject(o.name, o.namespace, 'kubernetes.io/tls', data, o.appendHash);
}

// ---------------------------------------------------------------- docker-registry

export interface CreateSecretDockerRegistryOptions extends CommonOptions {
  name: string;
  dockerUsername?: string;
  dockerPassword?: string;
  dockerEmail?: string;
  /** default 'https://index.docker.io/v1/' */
  dockerServer?: string;
  /** --from-file values (StringSlice); a bare path gets the key `.dockerconfigjson` */
  fromFile?: string[];
  appendHash?: boolean;
  files?: PathLoader;
}

/** The .dockerconfigjson content kubectl writes (Go struct field order, HTML-safe escaping). */
export function dockerConfigJSON(username: string, password: string, email: string, server: string): string {
  const entry: Record<string, string> = {};
  if (username) entry.username = username;
  if (password) entry.password = password;
  if (email) entry.email = email;
  const auth = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  if (auth) entry.auth = auth;
  const esc = (s: string) => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const fields = Object.entries(entry).map(([k, v]) => `${esc(k)}:${esc(v)}`).join(',');
  return `{"auths":{${esc(server)}:{${fields}}}}`;
}

export function generateSecretDockerRegistry(o: CreateSecretDockerRegistryOptions): KObject {
  const fromFile = (o.fromFile ?? []).map((s) => (s.includes('=') ? s : `.dockerconfigjson=${s}`));
  const username = o.dockerUsername ?? '';
  const password = o.dockerPassword ?? '';
  const email = o.dockerEmail ?? '';
  const server = o.dockerServer ?? 'https://index.docker.io/v1/';
  if (!o.name) throw new CliError('name must be specified');
  if (fromFile.length === 0 && (!username || !password || !server)) {
    throw new CliError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
  }
  const data = new Map<string, Buffer>();
  if (fromFile.length) {
    forEachFileSource(fromFile, o.files, (key, content) => addKey(data, key, content));
  } else {
    data.set('.dockerconfigjson', Buffer.from(dockerConfigJSON(username, password, email, server), 'utf8'));
  }
  return secretObject(o.name, o.namespace, 'kubernetes.io/dockerconfigjson', data, o.appendHash);
}
