// Golden tests of the generators against kubectl v1.32.4's `--dry-run=client -o yaml` output
// (fixtures/golden/generators/<group>/, captured by fixtures/golden/generators/tools/capture.js),
// and, when kubectl is on PATH, the same commands run live against the fake API server. Argument
// vectors go through kctl's own flag parser (src/cli/flags.ts, flags from the kubectl help screens).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { CliError, formatError } from '../../../src/api/errors';
import type { KObject } from '../../../src/api/types';
import { resolveResource } from '../../../src/api/kinds';
import { FlagError, FlagSpec, globalFlagSpecs, helpText, parseArgs, parseFlagSpecs } from '../../../src/cli/flags';
import { ALIASES } from '../../../src/cli/registry';
import {
  COMMAND_SPECS, LoadedPath, checkRequiredFlags,
  generateConfigMap, generateCronJob, generateDeployment, generateExposeService, generateIngress, generateJob,
  generateJobFromCronJob, generateNamespace, generatePriorityClass, generateRunDeployment, generateRunPod,
  generateRunService, generateSecretDockerRegistry, generateSecretGeneric, generateSecretTLS, generateService,
  generateServiceAccount, nameFromArgs, nodeValidateTLSPair, generateRole, generateClusterRole,
  generateRoleBinding, generateClusterRoleBinding, changeCause,
} from '../../../src/generators';

const ROOT = path.resolve(__dirname, '../../../..');
const GEN = path.join(ROOT, 'fixtures/golden/generators');
const INPUTS = path.join(GEN, 'inputs');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runner = require(path.join(GEN, 'tools/kubectl-runner.js'));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const fakeApi = require(path.join(GEN, 'tools/fake-apiserver.js'));

/** kctl's legacy `run -r/--replicas` (src/main.ts EXTRA_FLAGS); kubectl v1.32 has no such flag */
const RUN_REPLICAS_FLAG: FlagSpec = { name: 'replicas', short: 'r', type: 'int', default: 1 };
const SUFFIX_RE = /-([bcdfghjklmnpqrstvwxz2456789]{5})$/;

interface Golden { file: string; group: string; name: string; header: string; argv: string[]; ok: boolean; warnings: string[];
  objects?: KObject[]; exitCode?: number; stderr?: string; stdout?: string; json?: KObject }

function loadGoldens(): Golden[] {
  const out: Golden[] = [];
  for (const group of fs.readdirSync(GEN).sort()) {
    const dir = path.join(GEN, group);
    if (['inputs', 'tools', 'help'].includes(group) || !fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.yaml')) continue;
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const lines = text.split('\n');
      const header = lines[0];
      const argv = JSON.parse(lines[1].replace(/^# argv: /, '')) as string[];
      const ok = !f.endsWith('.err.yaml');
      const warnings = lines.filter((l) => l.startsWith('# stderr: ')).map((l) => l.slice('# stderr: '.length));
      const g: Golden = { file: path.join(group, f), group, name: f.replace(/(\.err)?\.yaml$/, ''), header, argv, ok, warnings };
      if (ok) {
        g.objects = YAML.parseAllDocuments(text).map((d) => d.toJSON()).filter((o) => o != null);
        const jf = path.join(dir, f.replace(/\.yaml$/, '.json'));
        if (fs.existsSync(jf)) g.json = JSON.parse(fs.readFileSync(jf, 'utf8')).object;
      } else {
        const doc = YAML.parse(text);
        g.exitCode = doc.exitCode;
        g.stderr = doc.stderr;
        g.stdout = doc.stdout;
      }
      out.push(g);
    }
  }
  return out;
}

// ---------------------------------------------------------------- the CLI side, as kctl would do it

/** What the caller reads for a --from-file / --from-env-file path (see LoadedPath). */
function loadPath(p: string): LoadedPath {
  const abs = path.resolve(INPUTS, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { name: p, error: code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code) };
  }
  if (st.isDirectory()) {
    const dir = fs.readdirSync(abs, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort()
      .map((n) => ({ name: n, content: fs.readFileSync(path.join(abs, n)) }));
    return { name: p, dir };
  }
  return { name: p, content: fs.readFileSync(abs) };
}

function readCertFile(p: string): { name: string; content: Buffer } | { name: string; error: string } | undefined {
  if (!p) return undefined;
  const got = loadPath(p);
  if ('error' in got) return got;
  if ('dir' in got) return { name: p, error: 'is a directory' };
  return { name: p, content: got.content as Buffer };
}

function serverObjects(): KObject[] { return runner.serverObjects(); }

function findObject(type: string, name: string): KObject[] {
  const ki = resolveResource(type);
  if (!ki) return [];
  return serverObjects().filter((o) => o.kind === ki.kind && o.metadata.name === name);
}

/** kubectl's rendering of a flag-parse error (cobra FlagErrorFunc). */
class FlagParseError extends Error {
  constructor(msg: string, public path: string) { super(msg); }
}

/** The command words at the front of argv (aliases resolved) and the rest. */
function resolveCommand(argv: string[]): { path: string; rest: string[] } {
  let cmd: string[] = [];
  let i = 0;
  for (; i < argv.length && !argv[i].startsWith('-'); i++) {
    const next = (ALIASES[[...cmd, argv[i]].join(' ')] ?? [...cmd, argv[i]].join(' ')).split(' ');
    if (helpText(next) === null) break;
    cmd = next;
  }
  return { path: cmd.join(' '), rest: argv.slice(i) };
}

/** kebab-case flag name → camelCase option key (`from-literal` → `fromLiteral`). */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface Run { objects: KObject[]; warnings?: string[] }

/** Parse argv as kctl would and call the generator; throws the generator's error. */
function invoke(argv: string[], randomSuffixes: string[] = []): Run {
  const { path: cmd, rest } = resolveCommand(argv);
  const specs = [...parseFlagSpecs(helpText(cmd.split(' ')) ?? ''), ...(cmd === 'run' ? [RUN_REPLICAS_FLAG] : []), ...globalFlagSpecs()];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(rest, specs, `kctl ${cmd}`);
  } catch (e) {
    if (e instanceof FlagError) throw new FlagParseError(e.message, cmd);
    throw e;
  }
  checkRequiredFlags(COMMAND_SPECS[cmd]?.flags ?? [], parsed.changed);
  const legacy = parsed.changed.has('replicas');
  const f = parsed.flags;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) o[camel(k)] = v;
  const namespace = parsed.changed.has('namespace') ? (f.namespace as string) : undefined;
  const given = (n: string) => (parsed.changed.has(n) ? f[n] : undefined);
  const rand = () => randomSuffixes.shift() ?? 'xxxxx';
  const argsLenAtDash = parsed.dashArgs ? parsed.args.length - parsed.dashArgs.length : -1;
  const create = () => nameFromArgs(parsed.args, argsLenAtDash, cmd);
  switch (cmd) {
    case 'create deployment': {
      const { name, command } = create();
      return { objects: [generateDeployment({ ...o, name, command, namespace, image: given('image') as string[] | undefined, randomString: rand } as never)] };
    }
    case 'create service clusterip': case 'create service nodeport': case 'create service loadbalancer':
    case 'create service externalname': {
      const { name } = create();
      const type = ({ clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' } as const)[cmd.split(' ')[2] as 'clusterip'];
      return { objects: [generateService({ ...o, name, type, namespace, externalName: given('external-name') as string | undefined } as never)] };
    }
    case 'create namespace': return { objects: [generateNamespace({ name: create().name })] };
    case 'create serviceaccount': return { objects: [generateServiceAccount({ name: create().name, namespace })] };
    case 'create priorityclass': return { objects: [generatePriorityClass({ ...o, name: create().name } as never)] };
    case 'create configmap':
      return { objects: [generateConfigMap({ ...o, name: create().name, namespace, files: loadPath, env: runner.CASE_ENV } as never)] };
    case 'create secret generic':
      return { objects: [generateSecretGeneric({ ...o, name: create().name, namespace, files: loadPath, env: runner.CASE_ENV } as never)] };
    case 'create secret tls': {
      const { name } = create();
      return { objects: [generateSecretTLS({ name, namespace, appendHash: f['append-hash'] as boolean,
        cert: readCertFile(f.cert as string), key: readCertFile(f.key as string), validatePair: nodeValidateTLSPair })] };
    }
    case 'create secret docker-registry':
      return { objects: [generateSecretDockerRegistry({ ...o, name: create().name, namespace, files: loadPath } as never)] };
    case 'create ingress': return { objects: [generateIngress({ ...o, name: create().name, namespace } as never)] };
    case 'create job': {
      const { name, command } = create();
      const opts = { name, command, namespace, image: f.image as string, from: f.from as string };
      if (opts.from && !opts.image && !command.length) {
        const [type, n] = opts.from.split('/');
        return { objects: [generateJobFromCronJob(opts, findObject(type, n))] };
      }
      return { objects: [generateJob(opts)] };
    }
    case 'create cronjob': {
      const { name, command } = create();
      return { objects: [generateCronJob({ name, command, namespace, image: given('image') as string | undefined,
        schedule: given('schedule') as string | undefined, restart: f.restart as string })] };
    }
    case 'create role': {
      const r = generateRole({ ...o, name: create().name, namespace } as never);
      return { objects: [r.object], warnings: r.warnings };
    }
    case 'create clusterrole': {
      const r = generateClusterRole({ ...o, name: create().name } as never);
      return { objects: [r.object], warnings: r.warnings };
    }
    case 'create rolebinding': return { objects: [generateRoleBinding({ ...o, name: create().name, namespace } as never)] };
    case 'create clusterrolebinding':
      return { objects: [generateClusterRoleBinding({ ...o, name: create().name } as never)] };
    case 'run': {
      const [name, ...args] = parsed.args;
      const ro = { ...o, name, args, namespace, image: given('image') as string | undefined,
        attach: given('attach') as boolean | undefined, dryRun: f['dry-run'] as string };
      if (legacy) return { objects: [generateRunDeployment(ro as never)] };
      const pod = generateRunPod(ro as never);
      if (f.expose) return { objects: [generateRunService(ro as never), pod] };
      return { objects: [pod] };
    }
    case 'expose': {
      let sources: KObject[];
      const files = f.filename as string[];
      if (files.length) {
        sources = files.map((p) => YAML.parse(fs.readFileSync(path.join(INPUTS, p), 'utf8')));
      } else {
        const a = parsed.args;
        const [type, name] = a.length === 1 ? a[0].split('/') : a;
        sources = findObject(type, name);
      }
      return { objects: sources.map((s) => generateExposeService(s, { ...o, namespace } as never)) };
    }
  }
  throw new Error(`no generator for ${cmd}`);
}

/** The error as kubectl prints it (with `kubectl` as the program name). */
function render(err: unknown): string {
  if (err instanceof FlagParseError) return `Error: ${err.message}\nSee 'kubectl ${err.path} --help' for usage.\n`;
  if (err instanceof CliError) return formatError(err).replace(/'kctl /g, "'kubectl ") + '\n';
  throw err;
}

/** the random suffixes of sanitized container names, in order */
function suffixesOf(objects: KObject[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    for (const c of o.spec?.template?.spec?.containers ?? []) {
      const base = String(c.image).split('/').pop()!.split(':')[0].split('@')[0];
      if (/[_.]/.test(base)) out.push(SUFFIX_RE.exec(c.name)![1]);
    }
  }
  return out;
}

/** Goldens where kctl deliberately differs from kubectl v1.32, with what kctl does instead. */
const DEVIATIONS: Record<string, (g: Golden) => void> = {
  // kubectl v1.32 no longer knows --replicas; kctl keeps the legacy `run --replicas` Deployment
  'run/err-replicas.err.yaml': (g) => {
    const [d] = invoke(g.argv).objects;
    assert.equal(d.kind, 'Deployment');
    assert.equal(d.spec.replicas, 3);
    assert.deepStrictEqual(d.spec.selector, { matchLabels: { run: 'nginx' } });
  },
};

const goldens = loadGoldens();

describe('generator goldens (kubectl v1.32.4 --dry-run=client -o yaml)', () => {
  test('there are goldens for every group', () => {
    const groups = new Set(goldens.map((g) => g.group));
    for (const g of ['deployment', 'service', 'namespace', 'serviceaccount', 'priorityclass', 'configmap', 'secret-generic',
      'secret-tls', 'secret-docker-registry', 'ingress', 'job', 'cronjob', 'run', 'expose', 'legacy']) {
      assert.ok(groups.has(g), g);
    }
    assert.ok(goldens.length > 200);
  });
  for (const g of goldens) {
    test(`${g.file}: ${g.header.replace(/^# [^:]*: /, '').slice(0, 140)}`, () => {
      if (g.ok) {
        const run = invoke(g.argv, suffixesOf(g.objects!));
        const got = run.objects;
        assert.deepStrictEqual(got, g.objects);
        assert.deepStrictEqual(run.warnings ?? [], g.warnings);
        if (g.json) {
          // -o json prints Go struct field order: the generated object has the same key order
          const again = invoke(g.argv, suffixesOf([g.json])).objects;
          assert.equal(JSON.stringify(again[0]), JSON.stringify(g.json));
        }
      } else if (DEVIATIONS[g.file]) {
        DEVIATIONS[g.file](g);
      } else {
        let err: unknown;
        try {
          invoke(g.argv);
        } catch (e) {
          err = e;
        }
        assert.ok(err, 'expected an error');
        assert.equal(render(err), g.stderr);
        assert.equal(g.exitCode, 1);
      }
    });
  }
});

describe('generators vs live kubectl (skipped without kubectl v1.32 on PATH)', () => {
  const out: string | undefined = runner.kubectlOnPath();
  const version = out && /Client Version: v1\.32\./.test(out) ? out : undefined;
  let srv: { url: string; close(): Promise<void> } | undefined;
  let home = '';
  before(async () => {
    if (!version) return;
    srv = await fakeApi.start(serverObjects());
    home = runner.tmpHome();
  });
  after(async () => {
    await srv?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });
  test('live: --record annotates the change cause (run, expose)', { skip: !version && 'kubectl v1.32 not on PATH' }, async () => {
    const cases: [string[], (cause: string) => KObject][] = [
      [['run', 'nginx', '--image=nginx', '--dry-run=client', '-o', 'yaml', '--record'],
        (cause) => generateRunPod({ name: 'nginx', image: 'nginx', dryRun: 'client', changeCause: cause })],
      [['expose', '-f', 'objects/deploy-oneport.yaml', '--record', '--dry-run=client', '-o', 'yaml'],
        (cause) => generateExposeService(YAML.parse(fs.readFileSync(path.join(INPUTS, 'objects/deploy-oneport.yaml'), 'utf8')), { changeCause: cause })],
    ];
    for (const [argv, gen] of cases) {
      const r = await runner.runKubectl(argv, srv!.url, home);
      assert.equal(r.stderr, 'Flag --record has been deprecated, --record will be removed in the future\n');
      // the runner puts --server and --cache-dir first; kubectl renders set flags in command-line order
      const rest = argv.slice(1);
      const args = argv[0] === 'run' ? ['nginx'] : [];
      const longName: Record<string, string> = { '-o': 'output', '-f': 'filename' };
      const set: [string, string][] = [['server', srv!.url]];
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i];
        if (longName[a]) set.push([longName[a], rest[++i]]);
        else if (a === '--record') set.push(['record', 'true']);
        else if (a.startsWith('--')) set.push(a.slice(2).split('=') as [string, string]);
      }
      set.splice(1, 0, ['cache-dir', path.join(home, 'cache')]);
      const cause = changeCause('kubectl', argv[0], args, set);
      assert.deepStrictEqual(gen(cause), YAML.parse(r.stdout));
    }
  });
  for (const g of goldens.filter((x) => x.header.startsWith('# kubectl v1.32.4:'))) {
    test(`live: ${g.file}`, { skip: !version && 'kubectl v1.32 not on PATH' }, async () => {
      const r = await runner.runKubectl(g.argv, srv!.url, home);
      if (g.ok) {
        assert.equal(r.status, 0, r.stderr);
        const live = YAML.parseAllDocuments(r.stdout).map((d) => d.toJSON()).filter((o) => o != null) as KObject[];
        const run = invoke(g.argv, suffixesOf(live));
        assert.deepStrictEqual(run.objects, live);
        assert.deepStrictEqual(run.warnings ?? [], r.stderr.split('\n').filter(Boolean));
      } else {
        assert.equal(r.status, g.exitCode);
        assert.equal(r.stderr, g.stderr);
        if (DEVIATIONS[g.file]) return;
        let err: unknown;
        try { invoke(g.argv); } catch (e) { err = e; }
        assert.equal(render(err), r.stderr);
      }
    });
  }
});
