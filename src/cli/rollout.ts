// kctl rollout status | history | undo | restart | pause | resume.

import { CliError, silentFailure, formatError } from '../api/errors';
import { kindGroupName, resourceGroupName } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { dryRunMode } from './output';
import { collectObjects } from './resource';

const ROLLABLE = new Set(['deployments', 'daemonsets', 'statefulsets']);

/** The history objects a workload owns: ReplicaSets of a Deployment, ControllerRevisions of a DaemonSet/StatefulSet. */
function ownedHistory(ctx: Ctx, obj: KObject): KObject[] {
  const resource = obj.kind === 'Deployment' ? 'replicasets' : 'controllerrevisions';
  return ctx.cluster().api.store.list(resource, obj.metadata.namespace)
    .filter((x) => x.metadata.ownerReferences?.some((r) => r.uid === obj.metadata.uid && r.controller));
}

export async function run(ctx: Ctx): Promise<void> {
  const sub = ctx.path[1];
  const f = ctx.flags;
  const { found, errors } = collectObjects(ctx, { noNamesError: 'resource(s) were provided, but no name was specified' });
  const api = ctx.cluster().api;
  const dry = dryRunMode(ctx);
  const suffix = dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ro = require('../controllers/rollout') as typeof import('../controllers/rollout');
  for (const { info, obj } of found) {
    const ref = `${kindGroupName(info)}/${obj.metadata.name}`;
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name!;
    try {
      if (!ROLLABLE.has(info.resource) && !(sub === 'restart' && info.resource === 'statefulsets')) {
        throw new CliError(`no ${sub === 'status' ? 'status viewer' : sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : 'updater'} has been implemented for ${info.kind === 'ReplicaSet' ? 'ReplicaSet.apps' : info.group ? `${info.kind}.${info.group}` : info.kind}`);
      }
      switch (sub) {
        case 'restart': {
          if (obj.spec?.paused) throw new CliError(`can't restart paused deployment (run rollout resume first)`);
          const at = new Date(ctx.now()).toISOString().replace(/\.\d+Z$/, 'Z');
          if (dry === 'none') api.patch(info.resource, ns, name, 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });
          ctx.io.out(`${ref} restarted${suffix}\n`);
          break;
        }
        case 'pause': case 'resume': {
          if (info.resource !== 'deployments') throw new CliError(`${sub === 'pause' ? 'pausing' : 'resuming'} is not supported`);
          const want = sub === 'pause';
          if (!!obj.spec?.paused === want) throw new CliError(`${resourceGroupName(info)} "${name}" is ${want ? 'already paused' : 'not paused'}`);
          if (dry === 'none') api.patch(info.resource, ns, name, 'merge', { spec: { paused: want } });
          ctx.io.out(`${ref} ${want ? 'paused' : 'resumed'}${suffix}\n`);
          break;
        }
        case 'history': {
          ctx.io.out(ro.historyText(info, obj, ownedHistory(ctx, obj), f.revision ?? 0));
          break;
        }
        case 'undo': {
          const clientDry = dry === 'client';
          if (info.resource === 'deployments') {
            const tpl = ro.deploymentRollbackTemplate(obj, ownedHistory(ctx, obj), f['to-revision'] ?? 0, clientDry);
            if (clientDry && tpl.dryRunText !== undefined) { ctx.io.out(tpl.dryRunText); break; }
            if (tpl.skipped) { ctx.io.out(`${ref} skipped rollback (current template already matches revision ${tpl.revision})\n`); break; }
            if (dry === 'none') {
              // kubectl replaces the annotations with the revision's (its change-cause comes back too)
              const cur = api.get(info.resource, ns, name);
              cur.spec.template = tpl.template;
              cur.metadata.annotations = tpl.annotations;
              api.update(info.resource, ns, name, cur);
            }
          } else {
            const rb = ro.controllerRevisionRollback(obj, ownedHistory(ctx, obj), f['to-revision'] ?? 0, clientDry);
            if (clientDry && rb.dryRunText !== undefined) { ctx.io.out(rb.dryRunText); break; }
            if (rb.skipped) { ctx.io.out(`${ref} skipped rollback (current template already matches revision ${rb.revision})\n`); break; }
            if (dry === 'none') api.patch(info.resource, ns, name, 'strategic', rb.patch);
          }
          ctx.io.out(`${ref} rolled back${suffix}\n`);
          break;
        }
        case 'status': {
          await rolloutStatus(ctx, info.resource, ns, name, f.revision ?? 0);
          break;
        }
        default:
          throw new CliError(`"${ctx.cmdName}" is not supported by this version of kctl`);
      }
    } catch (e) {
      errors.push(formatError(e));
    }
  }
  if (errors.length) {
    ctx.io.err(errors.join('\n') + '\n');
    throw silentFailure();
  }
}

async function rolloutStatus(ctx: Ctx, resource: string, ns: string, name: string, revision: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ro = require('../controllers/rollout') as typeof import('../controllers/rollout');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { parseDuration } = require('./flags') as typeof import('./flags');
  const api = ctx.cluster().api;
  const watch = ctx.flags.watch !== false;
  const timeout = parseDuration(String(ctx.flags.timeout ?? '0s'));
  const deadline = timeout > 0 ? Date.now() + timeout : Infinity;
  let last = '';
  for (;;) {
    const obj = api.get(resource, ns, name);
    const st = ro.rolloutStatus(obj, revision, ctx.now());
    if (st.message !== last) {
      ctx.io.out(st.message.endsWith('\n') ? st.message : st.message + '\n');
      last = st.message;
    }
    if (st.done || !watch) return;
    if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}
