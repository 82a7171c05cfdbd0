// `kubectl run NAME --image=...` (kubectl/pkg/cmd/run/run.go + generate/versioned/run.go BasicPod,
// v1.32), the Service of `run --expose` (generate/versioned/service.go ServiceGeneratorV2), and the
// legacy `run --replicas` Deployment of kubectl ≤ 1.17 (DeploymentAppsV1 generator, release-1.16).
import { CliError, UsageError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, atoi, atoiError, int32, isEnvVarName, objectMeta, parseGoDuration, recordChangeCause, sortKeys } from './common';
import { applyOverrides } from './overrides';

/** github.com/distribution/reference v0.6.0 ReferenceRegexp */
const REFERENCE_RE = (() => {
  const alnum = '[a-z0-9]+';
  const sep = '(?:[._]|__|[-]+)';
  const comp = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
  const domainName = `${comp}(?:\\.${comp})*`;
  const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
  const domainAndPort = `${host}(?::[0-9]+)?`;
  const pathComponent = `${alnum}(?:${sep}${alnum})*`;
  const remoteName = `${pathComponent}(?:/${pathComponent})*`;
  const name = `(?:${domainAndPort}/)?${remoteName}`;
  const tag = '[\\w][\\w.-]{0,127}';
  const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
})();

/** Whether kubectl run accepts the image reference. */
export function isValidImageReference(image: string): boolean {
  return REFERENCE_RE.test(image);
}

export interface RunOptions extends CommonOptions {
  /**
   * NAME: the first positional argument, even when it comes after `--` (kubectl v1.32 run takes
   * `kubectl run --image=nginx -- sh` as a pod named "sh"); undefined/empty when there is none.
   */
  name?: string;
  /** arguments after NAME (after `--` or not) */
  args?: string[];
  /** --image (required). undefined = flag not given */
  image?: string;
  /** --port (a string flag in run) */
  port?: string;
  /** -l/--labels `k=v,k2=v2` (default: run=NAME) */
  labels?: string;
  /** --env (StringArray) */
  env?: string[];
  /** --annotations (StringArray) */
  annotations?: string[];
  /** --restart (default 'Always') */
  restart?: string;
  /** --command: use args as the container command instead of args */
  command?: boolean;
  /** --image-pull-policy */
  imagePullPolicy?: string;
  /** --privileged */
  privileged?: boolean;
  /** -i/--stdin */
  stdin?: boolean;
  /** -t/--tty */
  tty?: boolean;
  /** --leave-stdin-open */
  leaveStdinOpen?: boolean;
  /** --attach; undefined = not given (then it follows --stdin) */
  attach?: boolean;
  /** --rm */
  rm?: boolean;
  /** --expose */
  expose?: boolean;
  /** --dry-run strategy: 'none' | 'client' | 'server' (default 'none') */
  dryRun?: string;
  /** --pod-running-timeout (Go duration, default 1m0s) */
  podRunningTimeout?: string;
  /** --overrides inline JSON */
  overrides?: string;
  /** --override-type (default merge) */
  overrideType?: string;
  /** full strategic-merge implementation to use for --override-type=strategic */
  strategicMerge?: (obj: KObject, patch: unknown) => KObject;
  /** --record: the change cause to annotate (see changeCause()) */
  changeCause?: string;
}

/** generate.ParseLabels: `k=v,k2=v2` (no spaces trimmed, exactly one '=' each). */
export function parseLabelSpec(spec: string): Record<string, string> {
  if (!spec) throw new CliError('no label spec passed');
  const labels: Record<string, string> = {};
  for (const s of spec.split(',')) {
    const kv = s.split('=');
    if (kv.length !== 2) throw new CliError(`unexpected label spec: ${s}`);
    if (!kv[0]) throw new CliError('unexpected empty label key');
    labels[kv[0]] = kv[1];
  }
  return labels;
}

/** cmdutil.ParsePairs(…, "annotations", false) */
function parseAnnotations(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes('=') && p[0] !== '=') {
      const i = p.indexOf('=');
      out[p.slice(0, i)] = p.slice(i + 1);
    } else {
      invalid.push(p);
    }
  }
  if (invalid.length) throw new CliError(`invalid annotations format: ${invalid.join(', ')}`);
  return out;
}

function parseEnvs(envs: string[]): { name: string; value?: string }[] {
  return envs.map((e) => {
    const pos = e.indexOf('=');
    if (pos === -1) throw new CliError(`invalid env: ${e}`);
    const name = e.slice(0, pos);
    const value = e.slice(pos + 1);
    if (!name || isEnvVarName(name).length) throw new CliError(`invalid env: ${e}`);
    return value ? { name, value } : { name };
  });
}

/** The checks of RunOptions.Run before the generator runs, in kubectl's order. */
export function validateRun(o: RunOptions): void {
  if (o.image === undefined) throw new CliError('required flag(s) "image" not set');
  if (!o.name) throw new UsageError('NAME is required for run', 'run');
  let timeout = 0;
  try { timeout = parseGoDuration(o.podRunningTimeout ?? '1m0s'); } catch { /* flag parsing rejects it before */ }
  if (timeout <= 0) throw new UsageError('--pod-running-timeout must be higher than zero', 'run');
  if (o.image === '') throw new CliError('--image is required');
  if (!isValidImageReference(o.image!)) throw new CliError(`Invalid image name ${JSON.stringify(o.image)}: invalid reference format`);
  const interactive = !!o.stdin;
  if (o.tty && !interactive) throw new UsageError('-i/--stdin is required for containers with -t/--tty=true', 'run');
  if (o.expose && !o.port) throw new UsageError('--port must be set when exposing a service', 'run');
  const restart = o.restart ?? 'Always';
  if (restart && !['Always', 'OnFailure', 'Never'].includes(restart)) throw new UsageError(`invalid restart policy: ${restart}`, 'run');
  const attach = o.attach ?? interactive;
  if (!attach && o.rm) throw new UsageError('--rm should only be used for attached containers', 'run');
  if (attach && (o.dryRun ?? 'none') !== 'none') {
    throw new UsageError("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)", 'run');
  }
  const pp = o.imagePullPolicy ?? '';
  if (pp && !['Always', 'IfNotPresent', 'Never'].includes(pp)) throw new UsageError(`invalid image pull policy: ${pp}`, 'run');
}

/** A container's ports/command/args/env/imagePullPolicy as updatePodContainers/updatePodPorts set them. */
function containerExtras(o: RunOptions, c: Record<string, unknown>, envs: { name: string; value?: string }[]): void {
  const args = o.args ?? [];
  if (args.length) {
    if (o.command) c.command = [...args];
    else c.args = [...args];
  }
  if (envs.length) c.env = envs;
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  if (o.port) {
    const n = atoi(o.port);
    if (n === undefined) throw new CliError(atoiError(o.port));
    c.ports = [{ containerPort: int32(n) }];
  }
}

const CONTAINER_ORDER = ['name', 'image', 'command', 'args', 'ports', 'env', 'resources', 'imagePullPolicy', 'securityContext',
  'stdin', 'stdinOnce', 'tty'];
function ordered(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONTAINER_ORDER) if (k in c) out[k] = c[k];
  return out;
}

/** The Pod `kubectl run` creates (after validateRun's checks; --overrides applied). */
export function generateRunPod(o: RunOptions): KObject {
  validateRun(o);
  const envs = parseEnvs(o.env ?? []);
  const annotations = parseAnnotations(o.annotations ?? []);
  const name = o.name!;
  const labels = o.labels ? parseLabelSpec(o.labels) : { run: name };
  const stdin = !!o.stdin;
  const c: Record<string, unknown> = { name, image: o.image, resources: {} };
  if (o.privileged) c.securityContext = { privileged: true };
  if (stdin) c.stdin = true;
  if (!o.leaveStdinOpen && stdin) c.stdinOnce = true;
  if (o.tty) c.tty = true;
  containerExtras(o, c, envs);
  const pod: KObject = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: objectMeta(name, { labels, annotations }),
    spec: { containers: [ordered(c)], restartPolicy: o.restart || 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
  const out = recordChangeCause(applyOverrides(pod, o.overrides, o.overrideType, o.strategicMerge), o.changeCause);
  if (o.namespace) out.metadata = reorderMeta(out.metadata, o.namespace);
  return out;
}

function reorderMeta(md: KObject['metadata'], namespace: string): KObject['metadata'] {
  const { name, generateName, namespace: _ns, ...rest } = md;
  const out: KObject['metadata'] = {};
  if (name !== undefined) out.name = name;
  if (generateName !== undefined) out.generateName = generateName;
  out.namespace = namespace;
  return { ...out, ...rest };
}

/**
 * The Service of `kubectl run --expose --port=P` (ServiceGeneratorV2 with the pod's params):
 * selector = --labels or run=NAME, labels = --labels, port P, protocol TCP, targetPort P.
 */
export function generateRunService(o: RunOptions): KObject {
  validateRun(o);
  const name = o.name!;
  const selector = o.labels ? parseLabelSpec(o.labels) : { run: name };
  const labels = o.labels ? parseLabelSpec(o.labels) : undefined;
  const ports = (o.port ?? '').split(',').filter((s, _i, a) => a.length > 1 || s !== '').map((p, i, all) => {
    const n = atoi(p);
    if (n === undefined) throw new CliError(atoiError(p));
    const sp: Record<string, unknown> = {};
    if (all.length > 1) sp.name = `port-${i + 1}`;
    sp.protocol = 'TCP';
    sp.port = int32(n);
    sp.targetPort = int32(n);
    return sp;
  });
  const svc: KObject = {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: objectMeta(name, { namespace: o.namespace, labels }),
    spec: { ports, selector: sortKeys(selector) },
    status: { loadBalancer: {} },
  };
  return recordChangeCause(svc, o.changeCause);
}

/** What kubectl ≤ 1.17 printed on stderr for `run` with the deployment generator. */
export const LEGACY_RUN_DEPLOYMENT_WARNING =
  'kubectl run --generator=deployment/apps.v1 is DEPRECATED and will be removed in a future version. Use kubectl run --generator=run-pod/v1 or kubectl create instead.';

export interface RunDeploymentOptions extends RunOptions {
  /** -r/--replicas (legacy kubectl run; default 1) */
  replicas?: number;
}

/**
 * The legacy `kubectl run NAME --image=IMG --replicas=N` of kubectl ≤ 1.17 (generator
 * deployment/apps.v1, the default for --restart=Always): a Deployment labelled run=NAME
 * (or --labels) with selector.matchLabels = labels, N replicas and one container named NAME.
 * Modern kubectl rejects --replicas (`unknown flag: --replicas`); kctl accepts it.
 */
export function generateRunDeployment(o: RunDeploymentOptions): KObject {
  if (o.image === undefined) throw new CliError('required flag(s) "image" not set');
  if (!o.name) throw new UsageError('NAME is required for run', 'run');
  if (o.image === '') throw new CliError('--image is required');
  if (!isValidImageReference(o.image)) throw new CliError(`Invalid image name ${JSON.stringify(o.image)}: invalid reference format`);
  const replicas = o.replicas ?? 1;
  if (o.stdin && replicas !== 1) throw new UsageError(`-i/--stdin requires that replicas is 1, found ${replicas}`, 'run');
  const restart = o.restart || 'Always';
  if (restart !== 'Always' && replicas !== 1) throw new UsageError(`--restart=${restart} requires that --replicas=1, found ${replicas}`, 'run');
  const envs = parseEnvs(o.env ?? []);
  const name = o.name;
  const labels = o.labels ? parseLabelSpec(o.labels) : { run: name };
  const c: Record<string, unknown> = { name, image: o.image, resources: {} };
  if (o.stdin) c.stdin = true;
  if (o.tty) c.tty = true;
  containerExtras(o, c, envs);
  const dep: KObject = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: objectMeta(name, { namespace: o.namespace, labels }),
    spec: {
      replicas: int32(replicas),
      selector: { matchLabels: sortKeys(labels) },
      template: {
        metadata: { creationTimestamp: null, labels: sortKeys(labels) },
        spec: { containers: [ordered(c)] },
      },
      strategy: {},
    },
    status: {},
  };
  return dep;
}
