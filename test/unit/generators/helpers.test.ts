// Direct tests of the generators' helpers (the goldens cover the generators end to end).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import {
  applyOverrides, checkTLSPemBlocks, containerNameFromImage, dockerConfigJSON, encodeHash, generateDeployment,
  generateExposeService, generateSecretTLS, goJSON, isValidImageReference, parseEnvFile,
  parseFileSource, parseServicePorts, portsForObject, protocolsForObject, isConfigMapKey,
  isDNS1123Subdomain, isValidPortName, generateRunPod,
} from '../../../src/generators';
import { CliError } from '../../../src/api/errors';

const INPUTS = path.resolve(__dirname, '../../../../fixtures/golden/generators/inputs');

describe('container names from images', () => {
  const cases: [string, string][] = [
    ['nginx', 'nginx'], ['nginx:1.25', 'nginx'], ['registry.k8s.io/pause:3.9', 'pause'],
    ['localhost:5000/team/app:v1', 'app'], ['nginx@sha256:abc', 'nginx'], ['a/b/c@sha256:0:1', 'c'],
    ['my_app:v1', 'my-app-zzzzz'], ['quay.io/org/web.server', 'web-server-zzzzz'], ['', ''],
  ];
  for (const [image, name] of cases) {
    test(image || '(empty)', () => assert.equal(containerNameFromImage(image, () => 'zzzzz'), name));
  }
  test('the port goes on the first container only', () => {
    const d = generateDeployment({ name: 'x', image: ['a', 'b'], port: 80 });
    assert.deepStrictEqual(d.spec.template.spec.containers.map((c: { ports?: unknown }) => c.ports), [[{ containerPort: 80 }], undefined]);
  });
});

describe('image references (distribution/reference)', () => {
  const cases: [string, boolean][] = [
    ['nginx', true], ['nginx:1.25', true], ['library/nginx:latest', true], ['localhost:5000/a/b:c', true],
    ['[::1]:5000/a', true], ['a__b', true], ['a---b', true], ['a.b.c/d', true], ['Nginx', false], ['nginx latest', false],
    ['nginx:', false], ['-a', false], ['a_', false], ['a@sha256:123', false],
    ['a@sha256:0123456789abcdef0123456789abcdef', true], ['a:' + 'x'.repeat(128), true], ['a:' + 'x'.repeat(129), false],
  ];
  for (const [ref, ok] of cases) test(ref, () => assert.equal(isValidImageReference(ref), ok));
});

describe('service port specs', () => {
  const cases: [string, { port: number; targetPort: number | string } | string][] = [
    ['80', { port: 80, targetPort: 80 }], ['80:8080', { port: 80, targetPort: 8080 }], ['80:http', { port: 80, targetPort: 'http' }],
    ['0:1', { port: 0, targetPort: 1 }], ['80:+8', { port: 80, targetPort: 8 }], ['80:8080:x', { port: 80, targetPort: 8080 }],
    ['+80', 'strconv.ParseUint: parsing "+80": invalid syntax'], ['65536', 'strconv.ParseUint: parsing "65536": value out of range'],
    ['80:', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)'],
  ];
  for (const [spec, want] of cases) {
    test(spec, () => {
      if (typeof want === 'string') assert.throws(() => parseServicePorts(spec), { message: want });
      else assert.deepStrictEqual(parseServicePorts(spec), want);
    });
  }
});

describe('validation messages', () => {
  test('config map keys', () => {
    assert.deepStrictEqual(isConfigMapKey('a.b-c_D'), []);
    assert.deepStrictEqual(isConfigMapKey('.'), ["must not be '.'"]);
    assert.deepStrictEqual(isConfigMapKey('..'), ["must not be '..'"]);
    assert.equal(isConfigMapKey('x'.repeat(254))[0], 'must be no more than 253 characters');
  });
  test('subdomains and port names', () => {
    assert.deepStrictEqual(isDNS1123Subdomain('bar.com'), []);
    assert.equal(isDNS1123Subdomain('Bar').length, 1);
    assert.deepStrictEqual(isValidPortName('http'), []);
    assert.deepStrictEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
  });
});

describe('file and env sources', () => {
  const files: [string, { key: string; path: string } | string][] = [
    ['a.txt', { key: 'a.txt', path: 'a.txt' }], ['dir/sub/a.txt', { key: 'a.txt', path: 'dir/sub/a.txt' }],
    ['conf.d/', { key: 'conf.d', path: 'conf.d/' }], ['k=/etc/x', { key: 'k', path: '/etc/x' }],
    ['=x', 'key name for file path x missing'], ['k=', 'file path for key name k missing'],
    ['a=b=c', "key names or file paths cannot contain '='"], ['/', { key: '/', path: '/' }],
  ];
  for (const [src, want] of files) {
    test(`parseFileSource ${src}`, () => {
      if (typeof want === 'string') assert.throws(() => parseFileSource(src), { message: want });
      else assert.deepStrictEqual(parseFileSource(src), want);
    });
  }
  test('env file: BOM, comments, CRLF, values from the environment', () => {
    const got: [string, string][] = [];
    parseEnvFile('x.env', Buffer.from('\ufeff# c\n  A=1\r\nB\nC=\n\nD=x=y'), { B: 'from-env' }, (k, v) => got.push([k, v]));
    assert.deepStrictEqual(got, [['A', '1'], ['B', 'from-env'], ['C', ''], ['D', 'x=y']]);
  });
  test('env file: invalid utf8', () => {
    assert.throws(() => parseEnvFile('x.env', Buffer.from([0x41, 0x3d, 0xff]), {}, () => undefined),
      { message: 'env file x.env contains invalid utf8 bytes at line 1: [65 61 255]' });
  });
});

describe('hashes and encodings', () => {
  test('append-hash of a ConfigMap (value from kubectl)', () => {
    // kubectl create configmap hashed --from-literal=key1=config1 --append-hash → hashed-<hash>
    const golden = fs.readFileSync(path.join(INPUTS, '../configmap/append-hash.yaml'), 'utf8');
    const name = /name: (hashed-\w+)/.exec(golden)![1];
    assert.equal(`hashed-${encodeHash(goJSON({ kind: 'ConfigMap', name: 'hashed', data: { key1: 'config1' } }))}`, name);
  });
  test('Go JSON escaping and key order', () => {
    assert.equal(goJSON({ b: '<&>', a: 1 }), '{"a":1,"b":"\\u003c\\u0026\\u003e"}');
  });
  test('docker config json', () => {
    assert.equal(dockerConfigJSON('u', 'p', '', 'https://index.docker.io/v1/'),
      '{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","auth":"dTpw"}}}');
  });
});

describe('TLS pairs', () => {
  const read = (f: string) => fs.readFileSync(path.join(INPUTS, f));
  test('PEM block checks', () => {
    assert.equal(checkTLSPemBlocks(read('tls.crt'), read('tls.key')), undefined);
    assert.equal(checkTLSPemBlocks('', read('tls.key')), 'tls: failed to find any PEM data in certificate input');
    assert.equal(checkTLSPemBlocks('-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n', read('tls.key')),
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [FOO]');
    assert.equal(checkTLSPemBlocks(read('tls.crt'), '-----BEGIN A-----\nAAAA\n-----END A-----\n-----BEGIN B-----\nAAAA\n-----END B-----\n'),
      'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [A B]');
  });
  test('without validatePair only the PEM blocks are checked', () => {
    const s = generateSecretTLS({ name: 's', cert: { name: 'c', content: read('tls.crt') }, key: { name: 'k', content: read('other.key') } });
    assert.equal(s.type, 'kubernetes.io/tls');
  });
});

describe('overrides', () => {
  test('json and strategic overrides use the API machinery\'s patches', () => {
    const pod = generateRunPod({ name: 'p', image: 'nginx' });
    const j = applyOverrides(pod, '[{"op":"replace","path":"/spec/containers/0/image","value":"x"}]', 'json');
    assert.equal(j.spec.containers[0].image, 'x');
    const sm = applyOverrides(pod, '{"spec":{"containers":[{"name":"p","image":"y"}]}}', 'strategic');
    assert.equal(sm.spec.containers.length, 1);
    assert.equal(sm.spec.containers[0].image, 'y');
    assert.throws(() => applyOverrides(pod, '[{"op":"replace","path":"/nope/x","value":1}]', 'json'), /does not apply|missing/);
  });
  test('the result is re-shaped like a decoded Pod', () => {
    const pod = generateRunPod({ name: 'p', image: 'nginx' });
    const out = applyOverrides(pod, '{"spec":{"containers":[{"image":"x","name":"c"}],"zzz":1}}', 'merge');
    assert.deepStrictEqual(out.spec, { containers: [{ name: 'c', image: 'x', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
  });
});

describe('expose introspection', () => {
  const deploy = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' },
    spec: { selector: { matchLabels: { app: 'w' } }, template: { spec: { containers: [
      { name: 'a', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }] }, { name: 'b', ports: [{ containerPort: 80 }] }] } } },
  };
  test('ports and protocols', () => {
    assert.deepStrictEqual(portsForObject(deploy), ['53', '80']);
    assert.deepStrictEqual([...protocolsForObject(deploy)], [['53', ['UDP', 'TCP']], ['80', ['TCP']]]);
  });
  test('the service', () => {
    const svc = generateExposeService(deploy, {});
    assert.deepStrictEqual(svc.spec.ports, [
      { name: 'port-1-udp', protocol: 'UDP', port: 53, targetPort: 53 },
      { name: 'port-1-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      { name: 'port-2', protocol: 'TCP', port: 80, targetPort: 80 },
    ]);
    assert.equal(svc.metadata.labels, undefined);
  });
  test('names are cut to 63 characters', () => {
    const svc = generateExposeService({ ...deploy, metadata: { name: 'x'.repeat(70) } }, { port: '80' });
    assert.equal(svc.metadata.name, 'x'.repeat(63));
  });
  test('kinds that cannot be exposed', () => {
    assert.throws(() => generateExposeService({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } }, {}),
      (e: unknown) => e instanceof CliError && e.message === 'cannot expose a Job.batch');
  });
});
