// kctl top pod / kctl top node (kubectl v1.32 pkg/cmd/top): the CPU and memory of the pods' real
// processes. The "Metrics API" is available while the node agent (kctl proxy) runs; it has metrics
// for the Running pods whose containers the agent started (runtime.json, matched by uid, so a pod
// deleted and recreated never shows its predecessor's numbers). CPU is averaged over a 500 ms window
// sampled here (src/agent/metrics.ts), memory is the PSS. A node's usage is the sum over its pods;
// every node the agent serves (all of them) has metrics.

import { CliError, StatusError, UsageError, notFound } from '../api/errors';
import type { KObject } from '../api/types';
import type { Ctx } from './context';

/** kubectl's metricsCreationDelay: past this age a pod without metrics is an error of its own. */
const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

function validateSortBy(sortBy: string): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
}

/** labels.Parse / fields.ParseSelector client-side, as kubectl top does before any request. */
function checkSelectors(label: string, field: string): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const sel = require('../api/selectors') as typeof import('../api/selectors');
  try {
    if (label) sel.parseLabelSelector(label);
    if (field) sel.parseFieldSelector(field);
  } catch (e) {
    if (e instanceof StatusError) throw new CliError(e.message);
    throw e;
  }
}

/** The agent's runtime record while the agent runs; otherwise kubectl's "Metrics API not available". */
function metricsApi(ctx: Ctx): import('../agent/runtime').Runtime | undefined {
  const home = ctx.cluster().paths.home;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { runningAgent } = require('./proxy') as typeof import('./proxy');
  if (!runningAgent(home)) throw new CliError('Metrics API not available');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require('../agent/runtime') as typeof import('../agent/runtime')).readRuntime(home);
}

type Usage = import('../agent/metrics').PodUsage;

/** Measure the pods (live objects) that have metrics: Running, and started by the agent (same uid). */
async function measure(rt: import('../agent/runtime').Runtime | undefined, pods: KObject[]): Promise<Usage[]> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const m = require('../agent/metrics') as typeof import('../agent/metrics');
  const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
  const byUid = new Map((await m.measurePods(m.runtimePodsOf(rt, running))).map((u) => [u.uid, u]));
  // in the order of the pods given
  return running.flatMap((p) => (byUid.has(p.metadata.uid!) ? [byUid.get(p.metadata.uid!)!] : []));
}

function byNamespaceAndName(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? '';
  const b1 = b.metadata.name ?? '';
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}

function printers(): typeof import('../printers/top') {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../printers/top') as typeof import('../printers/top');
}

async function topPod(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  if (ctx.args.length > 1) throw new UsageError('pod [NAME | -l label]', 'top pod');
  const name = ctx.args[0] ?? '';
  const label: string = f.selector ?? '';
  const field: string = f['field-selector'] ?? '';
  const sortBy: string = f['sort-by'] ?? '';
  const allNs = !!f['all-namespaces'];
  validateSortBy(sortBy);
  if (name && (label || field)) throw new CliError('only one of NAME or selector can be provided');
  checkSelectors(label, field);
  const api = ctx.cluster().api;
  const rt = metricsApi(ctx);

  let metrics: Usage[];
  if (name) {
    const pod = api.tryGet('pods', ctx.namespace, name);
    if (!pod) throw notFound('pods', '', name);
    metrics = await measure(rt, [pod]);
    if (metrics.length === 0) throw notFound('podmetrics', 'metrics.k8s.io', `${ctx.namespace}/${name}`);
  } else {
    const opts = { labelSelector: label || undefined, fieldSelector: field || undefined };
    const pods = api.list('pods', allNs ? undefined : ctx.namespace, opts).items.slice().sort(byNamespaceAndName);
    metrics = await measure(rt, pods);
    if (metrics.length === 0) {
      // verifyEmptyMetrics: kubectl looks in the current namespace, -A or not
      const here = allNs ? api.list('pods', ctx.namespace, opts).items : pods.filter((p) => p.metadata.namespace === ctx.namespace);
      if (here.length > 0) {
        const now = ctx.now();
        for (const p of here) {
          const age = now - Date.parse(p.metadata.creationTimestamp ?? '');
          if (age > METRICS_CREATION_DELAY_MS) {
            throw new CliError(`Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${printers().goDuration(age)}`);
          }
        }
        throw new CliError('metrics not available yet');
      }
      ctx.io.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      return;
    }
  }
  ctx.io.out(printers().printPodMetrics(metrics, {
    containers: !!f.containers, withNamespace: allNs, noHeaders: !!f['no-headers'], sortBy, sum: !!f.sum,
  }));
}

async function topNode(ctx: Ctx): Promise<void> {
  const f = ctx.flags;
  if (ctx.args.length > 1) throw new UsageError('node [NAME | -l label]', 'top node');
  const name = ctx.args[0] ?? '';
  const label: string = f.selector ?? '';
  const sortBy: string = f['sort-by'] ?? '';
  validateSortBy(sortBy);
  if (name && label) throw new CliError('only one of NAME or --selector can be provided');
  checkSelectors(label, '');
  const api = ctx.cluster().api;
  const rt = metricsApi(ctx);

  let nodes: KObject[];
  if (name) {
    const node = api.tryGet('nodes', '', name);
    if (!node) throw notFound('nodes', '', name);
    nodes = [node];
  } else {
    nodes = api.list('nodes', undefined, { labelSelector: label || undefined }).items.slice().sort(byNamespaceAndName);
  }
  if (nodes.length === 0) throw new CliError('metrics not available yet');

  const names = new Set(nodes.map((n) => n.metadata.name!));
  const pods = api.list('pods', undefined).items.filter((p) => names.has(p.spec?.nodeName ?? ''));
  const usage = await measure(rt, pods);
  const totals = new Map(nodes.map((n) => [n.metadata.name!, { name: n.metadata.name!, cpu: 0, memory: 0 }]));
  const nodeOf = new Map(pods.map((p) => [p.metadata.uid!, p.spec?.nodeName ?? '']));
  for (const u of usage) {
    const t = totals.get(nodeOf.get(u.uid) ?? '');
    if (!t) continue;
    for (const c of u.containers) { t.cpu += c.cpu; t.memory += c.memory; }
  }
  const available: Record<string, Record<string, string>> = {};
  for (const n of nodes) available[n.metadata.name!] = (f['show-capacity'] ? n.status?.capacity : n.status?.allocatable) ?? {};
  ctx.io.out(printers().printNodeMetrics([...totals.values()], available, { noHeaders: !!f['no-headers'], sortBy }));
}

export async function run(ctx: Ctx): Promise<void> {
  if (ctx.path[1] === 'node') return topNode(ctx);
  return topPod(ctx);
}
