import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  RAND_ALPHABET, randomString, generateName, safeEncodeString, fnv32a, computeHash, canonicalJSON,
  isDNS1123Subdomain, isDNS1123Label, isDNS1035Label, isQualifiedName, isValidLabelValue, isValidPortName,
  IANA_SVC_NAME, isConfigMapKey, isWildcardDNS1123Subdomain, isValidIP, isValidPathSegmentName, nameIsDNSSubdomain,
  isRelaxedEnvVarName, isEnvVarName, isValidPercent, maskTrailingDash,
} from '../../../src/api/names';

/** a deterministic rnd() walking through the alphabet */
function seq(...vals: number[]): () => number {
  let i = 0;
  return () => vals[i++ % vals.length];
}

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QN_NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('random names', () => {
  test('alphabet', () => {
    assert.equal(RAND_ALPHABET, 'bcdfghjklmnpqrstvwxz2456789');
    assert.equal(RAND_ALPHABET.length, 27);
  });
  const cases: [string, number, number[], string][] = [
    ['first letter', 3, [0], 'bbb'],
    ['last letter', 2, [0.9999], '99'],
    ['walk', 5, [0, 1 / 27, 2 / 27, 26 / 27, 0.5], 'bcd9r'],
  ];
  for (const [name, n, vals, want] of cases) {
    test(`randomString ${name}`, () => assert.equal(randomString(n, seq(...vals)), want));
  }
  test('randomString only uses the alphabet', () => {
    const s = randomString(200, Math.random);
    assert.equal(s.length, 200);
    assert.match(s, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
  const genCases: [string, string, number][] = [
    ['web-7c5ddbdf54-', 'web-7c5ddbdf54-bbbbb', 20],
    ['a'.repeat(70), 'a'.repeat(58) + 'bbbbb', 63],
    ['x-', 'x-bbbbb', 7],
  ];
  for (const [base, want, len] of genCases) {
    test(`generateName(${base.slice(0, 20)})`, () => {
      const got = generateName(base, seq(0));
      assert.equal(got, want);
      assert.equal(got.length, len);
    });
  }
});

describe('hashing', () => {
  const fnvCases: [string, number][] = [
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ];
  for (const [input, want] of fnvCases) test(`fnv32a(${JSON.stringify(input)})`, () => assert.equal(fnv32a(input), want));
  test('fnv32a over bytes equals over the string', () => assert.equal(fnv32a(new TextEncoder().encode('foobar')), 0xbf9cf968));

  const encCases: [string, string][] = [
    ['0123456789', '456789bcdf'],
    ['', ''],
    ['1804289383', '5d486df7d7'],
  ];
  for (const [input, want] of encCases) test(`safeEncodeString(${input})`, () => assert.equal(safeEncodeString(input), want));

  test('canonicalJSON sorts keys recursively', () => {
    assert.equal(canonicalJSON({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
  test('computeHash looks like a pod-template-hash and is stable', () => {
    const h = computeHash(tpl);
    assert.match(h, /^[456789bcdf]{1,10}$/);
    assert.equal(h, computeHash(JSON.parse(JSON.stringify(tpl))));
    // key order does not matter
    assert.equal(h, computeHash({ spec: tpl.spec, metadata: tpl.metadata }));
  });
  test('computeHash is decimal FNV-32a, safe-encoded', () => {
    assert.equal(computeHash(tpl), safeEncodeString(String(fnv32a(canonicalJSON(tpl)))));
  });
  test('computeHash changes with the template and the collision count', () => {
    const other = { ...tpl, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };
    assert.notEqual(computeHash(tpl), computeHash(other));
    assert.notEqual(computeHash(tpl), computeHash(tpl, 1));
    assert.notEqual(computeHash(tpl, 1), computeHash(tpl, 2));
    assert.equal(computeHash(tpl, null), computeHash(tpl));
  });
});

describe('format checks', () => {
  const cases: [string, (v: string) => string[], string, string[]][] = [
    ['subdomain ok', isDNS1123Subdomain, 'web.example.com', []],
    ['subdomain upper', isDNS1123Subdomain, 'Bad_Name', [SUBDOMAIN_MSG]],
    ['subdomain too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['subdomain empty', isDNS1123Subdomain, '', [SUBDOMAIN_MSG]],
    ['label ok', isDNS1123Label, '123-abc', []],
    ['label upper', isDNS1123Label, 'Foo', [LABEL_MSG]],
    ['label dots', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['label too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['label too long and bad', isDNS1123Label, 'A'.repeat(64), ['must be no more than 63 characters', LABEL_MSG]],
    ['dns1035 ok', isDNS1035Label, 'web-1', []],
    ['dns1035 digit first', isDNS1035Label, '1web', [DNS1035_MSG]],
    ['wildcard ok', isWildcardDNS1123Subdomain, '*.foo.com', []],
    ['wildcard bad', isWildcardDNS1123Subdomain, 'f*.foo.com', ["a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]],
    ['qualified ok', isQualifiedName, 'app.kubernetes.io/name', []],
    ['qualified plain ok', isQualifiedName, 'MyName', []],
    ['qualified bad name', isQualifiedName, 'a b', [QN_NAME_MSG]],
    ['qualified empty prefix', isQualifiedName, '/name', ['prefix part must be non-empty']],
    ['qualified bad prefix', isQualifiedName, 'Foo/name', ['prefix part ' + SUBDOMAIN_MSG]],
    ['qualified empty name', isQualifiedName, 'example.com/', ['name part must be non-empty', QN_NAME_MSG]],
    ['qualified two slashes', isQualifiedName, 'a/b/c', ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['label value ok', isValidLabelValue, 'my_value', []],
    ['label value empty ok', isValidLabelValue, '', []],
    ['label value space', isValidLabelValue, 'a b', [LABEL_VALUE_MSG]],
    ['port name ok', isValidPortName, 'http', []],
    ['port name too long', isValidPortName, 'http-port-too-long', ['must be no more than 15 characters']],
    ['port name digits', isValidPortName, '8080', ['must contain at least one letter (a-z)']],
    ['port name upper', isValidPortName, 'HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['port name hyphens', isValidPortName, '-a--b', ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']],
    ['IANA alias', IANA_SVC_NAME, 'metrics', []],
    ['config key ok', isConfigMapKey, 'tls.crt', []],
    ['config key space', isConfigMapKey, 'a b', ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
    ['config key ..', isConfigMapKey, '..', ["must not be '..'"]],
    ['config key ..x', isConfigMapKey, '..x', ["must not start with '..'"]],
    ['ip v4', isValidIP, '10.96.0.1', []],
    ['ip v6', isValidIP, '2001:db8::ffff', []],
    ['ip v6 mapped', isValidIP, '::ffff:10.0.0.1', []],
    ['ip bad', isValidIP, '10.0.0.300', ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['ip word', isValidIP, 'None', ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['path segment ok', isValidPathSegmentName, 'system:controller:foo', []],
    ['path segment slash', isValidPathSegmentName, 'a/b%', ["may not contain '/'", "may not contain '%'"]],
    ['path segment dot', isValidPathSegmentName, '..', ["may not be '..'"]],
    ['relaxed env ok', isRelaxedEnvVarName, '1FOO.bar-x', []],
    ['relaxed env =', isRelaxedEnvVarName, 'A=B', ["a valid environment variable name must consist only of printable ASCII characters other than '='"]],
    ['strict env digit', isEnvVarName, '1FOO', ["a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"]],
    ['percent ok', isValidPercent, '25%', []],
    ['percent bad', isValidPercent, '25', ["a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
  ];
  for (const [name, fn, input, want] of cases) {
    test(name, () => assert.deepEqual(fn(input), want));
  }

  const prefixCases: [string, string, string[]][] = [
    ['trailing dash allowed in prefix mode', 'web-', []],
    ['still checks characters', 'Web-', [SUBDOMAIN_MSG]],
  ];
  for (const [name, input, want] of prefixCases) {
    test(name, () => assert.deepEqual(nameIsDNSSubdomain(input, true), want));
  }
  test('non-prefix mode rejects the trailing dash', () => assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN_MSG]));
  test('maskTrailingDash', () => {
    assert.equal(maskTrailingDash('web-'), 'wea');
    assert.equal(maskTrailingDash('-'), '-');
  });
});
