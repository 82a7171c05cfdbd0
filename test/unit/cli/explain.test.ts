// kctl explain: the layout of kubectl v1.32's plaintext explain. Golden files under
// fixtures/golden/explain/ were printed by the real kubectl v1.32.4 against explain-apiserver.ts,
// which serves kctl's own schema as OpenAPI v3 (so kubectl's template renders kctl's descriptions).
// With kubectl on PATH the same cases (and a few more) are also compared live.
// KCTL_CAPTURE_EXPLAIN=1 rewrites the golden files from kubectl.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { explain, run, wrapString } from '../../../src/cli/explain';
import { formatError } from '../../../src/api/errors';
import type { Ctx } from '../../../src/cli/context';
import { ExplainServer, startExplainServer } from './explain-apiserver';

function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'fixtures'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}
const GOLDEN = path.join(repoRoot(), 'fixtures', 'golden', 'explain');

/** explain as the CLI runs it: stdout, stderr (as main prints errors) and the exit code */
function kctlExplain(args: string[]): { stdout: string; stderr: string; code: number } {
  const out: string[] = [];
  const flags: Record<string, unknown> = { recursive: false, 'api-version': '', output: 'plaintext' };
  const pos: string[] = [];
  for (const a of args) {
    if (a === '--recursive') flags.recursive = true;
    else if (a.startsWith('--api-version=')) flags['api-version'] = a.slice('--api-version='.length);
    else if (a.startsWith('-o')) flags.output = a.slice(2).replace(/^=/, '');
    else pos.push(a);
  }
  const ctx = { args: pos, flags, io: { out: (s: string) => out.push(s), err: () => undefined } } as unknown as Ctx;
  try {
    run(ctx);
    return { stdout: out.join(''), stderr: '', code: 0 };
  } catch (e) {
    const msg = formatError(e);
    return { stdout: out.join(''), stderr: msg.endsWith('\n') ? msg : msg + '\n', code: 1 };
  }
}

/** name → kubectl explain arguments; the golden file is <name>.txt */
const CASES: Record<string, string[]> = {
  'deployment': ['deployment'],
  'deployment.spec.replicas': ['deployment.spec.replicas'],
  'pod.spec.containers': ['pod.spec.containers'],
  'svc-recursive': ['svc', '--recursive'],
  'pods': ['pods'],
  'deployments.apps.spec': ['deployments.apps.spec'],
  'pod.spec.containers.imagePullPolicy': ['pod.spec.containers.imagePullPolicy'],
  'pod.spec.volumes.hostPath': ['pod.spec.volumes.hostPath'],
  'pod.metadata.creationTimestamp': ['pod.metadata.creationTimestamp'],
  'deploy.spec.strategy.rollingUpdate.maxSurge': ['deploy.spec.strategy.rollingUpdate.maxSurge'],
  'pod.spec.overhead': ['pod.spec.overhead'],
  'controllerrevision.data': ['controllerrevision.data'],
  'ing.spec.rules': ['ing.spec.rules'],
  'ingress-recursive': ['ingress', '--recursive'],
  'hpa-autoscaling-v1': ['hpa', '--api-version=autoscaling/v1'],
  'events-events.k8s.io': ['ev.regarding', '--api-version=events.k8s.io/v1'],
  'err-field': ['deployment.spec.bogus'],
  'err-field-last': ['deployment.bogus.x'],
  'err-deploy.apps': ['deploy.apps'],
  'err-resource': ['foo'],
  'err-legacy-version': ['ingress', '--api-version=extensions/v1beta1'],
  'err-wrong-group': ['pods', '--api-version=apps/v1'],
  'err-format': ['deployment', '-oyaml'],
};

function readGolden(name: string): { args: string[]; stdout: string; stderr: string; code: number } {
  const text = fs.readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8');
  const lines = text.split('\n');
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < 4; i++) {
    const m = /^# (\w+): ?(.*)$/.exec(lines[i]);
    assert.ok(m, `${name}: header line ${i}`);
    header[m[1]] = m[2];
  }
  return {
    args: header.command.split(' ').slice(2),
    stdout: lines.slice(i).join('\n'),
    stderr: header.stderr ? JSON.parse(header.stderr) : '',
    code: Number(header.exit),
  };
}

function writeGolden(name: string, args: string[], r: { stdout: string; stderr: string; code: number }): void {
  fs.mkdirSync(GOLDEN, { recursive: true });
  fs.writeFileSync(path.join(GOLDEN, `${name}.txt`), [
    `# command: kubectl explain ${args.join(' ')}`,
    '# kubectl: v1.32.4, against test/unit/cli/explain-apiserver.ts (kctl\'s schema served as OpenAPI v3)',
    `# exit: ${r.code}`,
    `# stderr: ${r.stderr ? JSON.stringify(r.stderr) : ''}`,
  ].join('\n') + '\n' + r.stdout);
}

describe('kctl explain: golden output of kubectl v1.32', () => {
  for (const [name, args] of Object.entries(CASES)) {
    test(`${name}: explain ${args.join(' ')}`, () => {
      const g = readGolden(name);
      assert.deepEqual(g.args, args);
      assert.deepEqual(kctlExplain(args), { stdout: g.stdout, stderr: g.stderr, code: g.code });
    });
  }
});

describe('kctl explain: layout', () => {
  const head = (args: string[], n: number) => kctlExplain(args).stdout.split('\n').slice(0, n);
  test('deployment', () => assert.deepEqual(head(['deployment'], 12), [
    'GROUP:      apps',
    'KIND:       Deployment',
    'VERSION:    v1',
    '',
    'DESCRIPTION:',
    '    Declarative updates for pods and ReplicaSets.',
    '    ',
    'FIELDS:',
    '  apiVersion\t<string>',
    '    The versioned schema of this object. Servers convert recognized schemas to',
    '    their latest internal form and may reject values they do not know.',
    '',
  ]));
  test('deployment.spec.replicas', () => assert.equal(kctlExplain(['deployment.spec.replicas']).stdout, [
    'GROUP:      apps',
    'KIND:       Deployment',
    'VERSION:    v1',
    '',
    'FIELD: replicas <integer>',
    '',
    '',
    'DESCRIPTION:',
    '    Desired number of pods. Defaults to 1.',
    '    ',
    '',
    '',
  ].join('\n')));
  test('pod.spec.containers: the field\'s description, then its type\'s', () => assert.deepEqual(head(['pod.spec.containers'], 16), [
    'KIND:       Pod',
    'VERSION:    v1',
    '',
    'FIELD: containers <[]Container>',
    '',
    '',
    'DESCRIPTION:',
    '    The containers of the pod. At least one is required; containers cannot be',
    '    added or removed after creation.',
    '    One application container of a pod.',
    '    ',
    'FIELDS:',
    '  args\t<[]string>',
    '    Arguments to the entrypoint; the image\'s CMD is used when unset. $(VAR)',
    '    references are expanded from the container environment.',
    '',
  ]));
  test('svc --recursive', () => assert.deepEqual(head(['svc', '--recursive'], 14), [
    'KIND:       Service',
    'VERSION:    v1',
    '',
    'DESCRIPTION:',
    '    A named network service: a stable virtual IP and ports that the proxy',
    '    forwards to the pods matched by a label selector.',
    '    ',
    'FIELDS:',
    '  apiVersion\t<string>',
    '  kind\t<string>',
    '  metadata\t<ObjectMeta>',
    '    annotations\t<map[string]string>',
    '    creationTimestamp\t<string>',
    '    deletionGracePeriodSeconds\t<integer>',
  ]));
  test('enum and -required- markers', () => {
    const out = kctlExplain(['pod.spec.containers']).stdout;
    assert.match(out, /\n  imagePullPolicy\t<string>\n  enum: Always, IfNotPresent, Never\n/);
    assert.match(out, /\n  name\t<string> -required-\n/);
    assert.match(kctlExplain(['pod.spec.volumes']).stdout, /\n  name\t<string> -required-\n/);
    assert.match(kctlExplain(['pod.spec.volumes.hostPath']).stdout, /\n  type\t<string>\n  enum: "", BlockDevice, CharDevice, Directory, \.\.\.\.\n/);
    assert.match(kctlExplain(['svc.spec.type']).stdout, /FIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\nDESCRIPTION:/);
  });
  test('errors', () => {
    assert.deepEqual(kctlExplain([]), { stdout: '', stderr: 'error: You must specify the type of resource to explain. Use "kctl api-resources" for a complete list of supported resources.\n', code: 1 });
    assert.deepEqual(kctlExplain(['a', 'b']), { stdout: '', stderr: 'error: We accept only this format: explain RESOURCE\n', code: 1 });
    assert.equal(kctlExplain(['deployment.spec.bogus']).stderr, 'error: field "bogus" does not exist\n');
    assert.equal(kctlExplain(['foo']).stderr, 'the server doesn\'t have a resource type "foo"\n');
  });
  test('explain() returns the text', () => assert.equal(explain('cm').split('\n')[0], 'KIND:       ConfigMap'));
});

describe('go-wordwrap WrapString', () => {
  const cases: [string, number, string][] = [
    ['short', 10, 'short'],
    ['one two three four', 9, 'one two\nthree\nfour'],
    ['a verylongwordthatdoesnotfit b', 8, 'a\nverylongwordthatdoesnotfit\nb'],
    ['keep\nnewlines  and  spaces', 40, 'keep\nnewlines  and  spaces'],
    ['trailing   ', 9, 'trailing'],
    ['trailing ', 9, 'trailing '],
    ['x\n', 76, 'x\n'],
  ];
  for (const [s, n, want] of cases) test(JSON.stringify(s), () => assert.equal(wrapString(s, n), want));
});

describe('kctl explain: the real kubectl against the same schema', { skip: !kubectlOnPath() && 'kubectl not on PATH' }, () => {
  let server: ExplainServer;
  before(async () => { server = await startExplainServer(); });
  after(async () => { await server?.close(); });
  const extra: Record<string, string[]> = {
    'pod-recursive': ['pod', '--recursive'],
    'crd-recursive': ['crd', '--recursive'],
    'cj.spec.jobTemplate.spec.template.spec.containers.livenessProbe': ['cj.spec.jobTemplate.spec.template.spec.containers.livenessProbe'],
    'node.status.daemonEndpoints.kubeletEndpoint': ['node.status.daemonEndpoints.kubeletEndpoint'],
    'svc.spec.type': ['svc.spec.type'],
    'sts.spec': ['sts.spec'],
    'secret.data': ['secret.data'],
    'rs.spec.replicas.foo': ['rs.spec.replicas.foo'],
    'apiservice': ['apiservice'],
    'deployment.spec.': ['deployment.spec.'],
    'hpa.spec.metrics': ['hpa.spec.metrics'],
  };
  for (const [name, args] of Object.entries({ ...CASES, ...extra })) {
    test(`${name}: explain ${args.join(' ')}`, async () => {
      const k = await server.kubectl(['explain', ...args]);
      const want = { stdout: k.stdout, stderr: k.stderr, code: k.code === 0 ? 0 : 1 };
      if (process.env.KCTL_CAPTURE_EXPLAIN && CASES[name]) writeGolden(name, args, want);
      assert.deepEqual(kctlExplain(args), want);
    });
  }
});

function kubectlOnPath(): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'kubectl'))) return true;
  }
  return false;
}
