// Name generation and name/format checks, as the API server does them.
// Sources: k8s.io/apimachinery/pkg/util/rand (alphabet, String, SafeEncodeString),
// apiserver/pkg/storage/names (SimpleNameGenerator), kubernetes/pkg/controller (ComputeHash),
// apimachinery/pkg/util/validation (IsDNS1123Label, ..., exact error strings, v1.32).
// Pure: randomness is passed in.

export const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` characters from RAND_ALPHABET, `rnd` returns a float in [0, 1) like Math.random. */
export function randomString(n: number, rnd: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let idx = Math.floor(r * RAND_ALPHABET.length);
    if (!(idx >= 0)) idx = 0;
    if (idx >= RAND_ALPHABET.length) idx = RAND_ALPHABET.length - 1;
    s += RAND_ALPHABET[idx];
  }
  return s;
}

export const MAX_NAME_LENGTH = 63;
export const RANDOM_LENGTH = 5;
export const MAX_GENERATED_NAME_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH; // 58

/** names.SimpleNameGenerator.GenerateName: base truncated to 58 chars + 5 random chars. */
export function generateName(base: string, rnd: () => number): string {
  if (base.length > MAX_GENERATED_NAME_LENGTH) base = base.slice(0, MAX_GENERATED_NAME_LENGTH);
  return base + randomString(RANDOM_LENGTH, rnd);
}

/** rand.SafeEncodeString: each rune r -> alphabet[r % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += RAND_ALPHABET[ch.codePointAt(0)! % RAND_ALPHABET.length];
  return out;
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** FNV-1a 32-bit over bytes (a string is hashed as UTF-8); optional running state. */
export function fnv32a(data: Uint8Array | string, seed = 0x811c9dc5): number {
  const bytes = toBytes(data);
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted recursively: the canonical serialization used for hashing. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') return v === undefined ? 'null' : JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canonicalJSON(x))).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJSON(o[k])).join(',') + '}';
}

/**
 * controller.ComputeHash: FNV-32a over the template (here: canonical JSON with sorted keys instead of
 * go-spew's dump), then the collision count as 8 bytes little-endian (uint32 in the low 4), then
 * the decimal Sum32 run through SafeEncodeString. Looks like `7c5ddbdf54`.
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  let h = fnv32a(canonicalJSON(template));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    const c = collisionCount >>> 0;
    b[0] = c & 0xff; b[1] = (c >>> 8) & 0xff; b[2] = (c >>> 16) & 0xff; b[3] = (c >>> 24) & 0xff;
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

// ---------------------------------------------------------------------------------------------
// Format checks (k8s.io/apimachinery/pkg/util/validation, v1.32). Each returns the list of
// error details exactly as the API server words them; [] when valid.

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = msg + ' (e.g. ';
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return s + `regex used for validation is '${fmt}')`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + '(\\.' + DNS1123_LABEL_FMT + ')*';
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const WILDCARD_FMT = '\\*\\.' + DNS1123_SUBDOMAIN_FMT;
const WILDCARD_ERR = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = '(' + QUALIFIED_NAME_FMT + ')?';
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const reDNS1123Label = new RegExp('^' + DNS1123_LABEL_FMT + '$');
const reDNS1123Subdomain = new RegExp('^' + DNS1123_SUBDOMAIN_FMT + '$');
const reDNS1035Label = new RegExp('^' + DNS1035_LABEL_FMT + '$');
const reWildcard = new RegExp('^' + WILDCARD_FMT + '$');
const reQualifiedName = new RegExp('^' + QUALIFIED_NAME_FMT + '$');
const reLabelValue = new RegExp('^' + LABEL_VALUE_FMT + '$');

/** Go measures string length in bytes. */
export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!reDNS1123Label.test(value)) {
    if (reDNS1123Subdomain.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!reDNS1123Subdomain.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!reDNS1035Label.test(value)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!reWildcard.test(value)) errs.push(regexError(WILDCARD_ERR, WILDCARD_FMT, '*.example.com'));
  return errs;
}

/** IsQualifiedName (label keys, annotation keys, finalizers): `[prefix/]name`. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part ' + emptyError());
    else for (const m of isDNS1123Subdomain(prefix)) errs.push('prefix part ' + m);
  } else {
    return ['a qualified name ' + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')
      + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errs.push('name part ' + emptyError());
  else if (byteLen(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!reQualifiedName.test(name)) errs.push('name part ' + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!reLabelValue.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** IsValidPortName: an IANA_SVC_NAME (container port names, named targetPorts, probe ports). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLen(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port[0] === '-' || port[port.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}
export const IANA_SVC_NAME = isValidPortName;

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(v: number, lo: number, hi: number): string[] {
  return v >= lo && v <= hi ? [] : [inclusiveRangeError(lo, hi)];
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const CONFIGMAP_KEY_FMT = '[-._a-zA-Z0-9]+';
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!new RegExp('^' + CONFIGMAP_KEY_FMT + '$').test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIGMAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  return errs.concat(hasChDirPrefix(value));
}

const ENV_VAR_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
/** The strict (pre-RelaxedEnvironmentVariableValidation) env var name rule. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!new RegExp('^' + ENV_VAR_FMT + '$').test(value)) {
    errs.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
      ENV_VAR_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  return errs.concat(hasChDirPrefix(value));
}

/** RelaxedEnvironmentVariableValidation (beta, on by default in 1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name ' + emptyError());
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c > 127 || c < 32 || c === 127 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

const PERCENT_FMT = '[0-9]+%';
export function isValidPercent(p: string): string[] {
  return /^[0-9]+%$/.test(p) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];
}

const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';
export function isHTTPHeaderName(v: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(v) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT, 'X-Header-Name')];
}

/** path.IsValidPathSegmentName (RBAC object names and the like). */
export function isValidPathSegmentName(name: string): string[] {
  for (const bad of ['.', '..']) if (name === bad) return [`may not be '${bad}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** netutils.ParseIPSloppy: IPv4 (leading zeros allowed) or IPv6. Returns 4, 6 or 0. */
export function ipFamilyOf(s: string): 4 | 6 | 0 {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) {
    return s.split('.').every((p) => Number(p) <= 255) ? 4 : 0;
  }
  if (s.includes(':') && isIPv6(s)) return 6;
  return 0;
}

function isIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  let str = s;
  const lastColon = str.lastIndexOf(':');
  const tail = str.slice(lastColon + 1);
  if (tail.includes('.')) {
    // embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups
    if (ipFamilyOf(tail) !== 4) return false;
    str = str.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = str.split('::');
  if (dbl.length > 2) return false;
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const head = groups(dbl[0]);
  const rest = dbl.length === 2 ? groups(dbl[1]) : [];
  const all = head.concat(rest);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  if (dbl.length === 2) return all.length <= 7;
  return all.length === 8;
}

export function isValidIP(value: string): string[] {
  return ipFamilyOf(value) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/** Prefix-mode names (generateName) may end with '-': validation masks a trailing dash. */
export function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, -2) + 'a';
  return name;
}

export type NameValidator = (name: string, prefix: boolean) => string[];

export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);
export const nameIsPathSegment: NameValidator = (name, prefix) => {
  if (!prefix) return isValidPathSegmentName(name);
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};
