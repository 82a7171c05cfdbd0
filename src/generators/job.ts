// `kubectl create job NAME --image=... [-- COMMAND]`, `kubectl create job NAME --from=cronjob/NAME`,
// `kubectl create cronjob NAME --image=... --schedule=... [--restart] [-- COMMAND]`
// (kubectl/pkg/cmd/create/create_job.go, create_cronjob.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { deepClone } from '../api/types';
import { CommonOptions, objectMeta } from './common';
import { normalizeJobSpec } from './goshape';

export interface CreateJobOptions extends CommonOptions {
  name: string;
  /** --image */
  image?: string;
  /** --from, e.g. `cronjob/nightly` (the caller fetches the CronJob; see generateJobFromCronJob) */
  from?: string;
  /** arguments after `--` following NAME */
  command?: string[];
}

function container(name: string, image: string, command?: string[]): Record<string, unknown> {
  const c: Record<string, unknown> = { name, image };
  if (command && command.length) c.command = [...command];
  c.resources = {};
  return c;
}

/** create_job.go Validate(): the checks made before --from is resolved. */
export function validateCreateJob(o: CreateJobOptions): void {
  const image = o.image ?? '';
  const from = o.from ?? '';
  if ((!image && !from) || (image && from)) throw new CliError('either --image or --from must be specified');
  if (o.command && o.command.length && from) throw new CliError('cannot specify --from and command');
}

/** The Job for `--image` (throws kubectl's errors; with --from use generateJobFromCronJob). */
export function generateJob(o: CreateJobOptions): KObject {
  validateCreateJob(o);
  if (o.from) throw new CliError('generateJob: --from needs the CronJob object; use generateJobFromCronJob');
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: objectMeta(o.name, { namespace: o.namespace }),
    spec: {
      template: {
        metadata: { creationTimestamp: null },
        spec: { containers: [container(o.name, o.image!, o.command)], restartPolicy: 'Never' },
      },
    },
    status: {},
  };
}

/**
 * createJobFromCronJob: the Job `kubectl create job NAME --from=cronjob/X` makes from the CronJob
 * as read from the server. Pass `found` = the objects the --from argument resolved to
 * (kubectl: `from must be an existing cronjob` unless exactly one; `unknown object type *v1.Kind` for a non-CronJob).
 */
export function generateJobFromCronJob(o: CreateJobOptions, found: KObject[]): KObject {
  validateCreateJob({ ...o, image: undefined });
  if (found.length !== 1) throw new CliError('from must be an existing cronjob');
  const cj = found[0];
  if (cj.kind !== 'CronJob') throw new CliError(`unknown object type *${goTypeName(cj)}`);
  const jt = cj.spec?.jobTemplate ?? {};
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(jt.metadata?.annotations ?? {}) };
  const spec = normalizeJobSpec(deepClone(jt.spec ?? {}));
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: objectMeta(o.name, {
      namespace: o.namespace,
      labels: jt.metadata?.labels,
      annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid ?? '', controller: true }],
    }),
    spec,
    status: {},
  };
}

function goTypeName(o: KObject): string {
  const v = (o.apiVersion ?? '').split('/').pop();
  const group = (o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/')[0].split('.')[0] : '';
  return `${group}${v}.${o.kind}`;
}

export interface CreateCronJobOptions extends CommonOptions {
  name: string;
  /** --image (required). undefined = flag not given */
  image?: string;
  /** --schedule (required). undefined = flag not given */
  schedule?: string;
  /** --restart (default '' → OnFailure) */
  restart?: string;
  command?: string[];
}

export function generateCronJob(o: CreateCronJobOptions): KObject {
  const missing = [o.image === undefined && 'image', o.schedule === undefined && 'schedule'].filter(Boolean);
  if (missing.length) throw new CliError(`required flag(s) "${missing.join('", "')}" not set`);
  const restart = o.restart || 'OnFailure';
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: objectMeta(o.name, { namespace: o.namespace }),
    spec: {
      schedule: o.schedule,
      jobTemplate: {
        metadata: { name: o.name, creationTimestamp: null },
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: { containers: [container(o.name, o.image!, o.command)], restartPolicy: restart },
          },
        },
      },
    },
    status: {},
  };
}
