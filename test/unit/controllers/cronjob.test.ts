import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '../../../src/api/defaults';
import { kindByResource } from '../../../src/api/kinds';
import type { KObject } from '../../../src/api/types';
import { cronJobController, SCHEDULED_TIMESTAMP_ANNOTATION } from '../../../src/controllers/cronjob';
import { jobController } from '../../../src/controllers/job';
import type { Action } from '../../../src/controllers/types';
import { SqliteStore } from '../../../src/store/sqlite';
import { ApiServer } from '../../../src/controlplane/apiserver';
import { bootstrapCluster } from '../../../src/controlplane/bootstrap';
import { viewOf } from '../../helpers/view';

// */5: activations 11:55 (job hello-28928875), 12:00 (hello-28928880), 12:05 ...
const NOW = Date.parse('2025-01-01T12:02:00Z');
const J1155 = 'hello-28928875';
const J1200 = 'hello-28928880';

const TEMPLATE_SPEC = { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } };

function cronJob(spec: any = {}, status: any = {}, meta: any = {}): KObject {
  const cj: KObject = {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'uid-hello', resourceVersion: '5', creationTimestamp: '2025-01-01T11:50:00Z', ...meta },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { metadata: { labels: { app: 'hello' }, annotations: { team: 'a' } }, spec: JSON.parse(JSON.stringify(TEMPLATE_SPEC)) },
      ...spec,
    },
    status,
  };
  applyDefaults(cj, kindByResource('cronjobs')!);
  return cj;
}

function job(name: string, o: { finished?: 'Complete' | 'Failed'; start?: string; completion?: string; owner?: string } = {}): KObject {
  const j: KObject = {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7',
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: o.owner ?? 'uid-hello', controller: true, blockOwnerDeletion: true }],
    },
    spec: JSON.parse(JSON.stringify(TEMPLATE_SPEC)),
    status: {},
  };
  if (o.start) j.status.startTime = o.start;
  if (o.finished) j.status.conditions = [{ type: o.finished, status: 'True' }];
  if (o.completion) j.status.completionTime = o.completion;
  return j;
}

const ref = (name: string, uid = true) => ({ kind: 'Job', namespace: 'default', name, ...(uid ? { uid: `uid-${name}` } : {}), apiVersion: 'batch/v1', ...(uid ? { resourceVersion: '7' } : {}) });

function summary(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'create': return `create ${a.resource}/${a.object.metadata.name}`;
      case 'update': return `update ${a.resource}/${a.object.metadata.name}`;
      case 'updateStatus': return 'status';
      case 'delete': return `delete ${a.resource}/${a.name} ${a.propagationPolicy ?? ''}`.trim();
      case 'event': return `event ${a.event.type} ${a.event.reason}: ${a.event.message}`;
      default: return '?';
    }
  });
}

const run = (objs: KObject[], now = NOW) => cronJobController.reconcile(viewOf(objs), { now, random: () => 0.5 });
const statusOf = (actions: Action[]): any => (actions.find((a) => a.type === 'updateStatus') as any)?.status;

interface Row { name: string; objs: KObject[]; now?: number; expect: string[]; status?: any }

const rows: Row[] = [
  {
    name: 'first run: the most recent missed time (12:00) → one Job, active, lastScheduleTime',
    objs: [cronJob()],
    expect: [`create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
    status: { active: [ref(J1200, false)], lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'next round: the created Job is found → its uid/resourceVersion fill the active reference',
    objs: [cronJob({}, { active: [ref(J1200, false)], lastScheduleTime: '2025-01-01T12:00:00Z' }), job(J1200)],
    expect: ['status'],
    status: { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'no missed schedule since lastScheduleTime → nothing',
    objs: [cronJob({}, { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' }), job(J1200)],
    expect: [],
  },
  {
    name: 'created after the last activation → nothing yet',
    objs: [cronJob({}, {}, { creationTimestamp: '2025-01-01T12:01:00Z' })],
    expect: [],
  },
  {
    name: 'Forbid with an active Job → JobAlreadyActive, no Job',
    objs: [cronJob({ concurrencyPolicy: 'Forbid' }, { active: [ref(J1155)], lastScheduleTime: '2025-01-01T11:55:00Z' }), job(J1155)],
    expect: ['event Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid'],
  },
  {
    name: 'Forbid without an active Job → creates',
    objs: [cronJob({ concurrencyPolicy: 'Forbid' }, { lastScheduleTime: '2025-01-01T11:55:00Z' })],
    expect: [`create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
  },
  {
    name: 'Replace: the active Job is deleted (Background), then the new one created',
    objs: [cronJob({ concurrencyPolicy: 'Replace' }, { active: [ref(J1155)], lastScheduleTime: '2025-01-01T11:55:00Z' }), job(J1155)],
    expect: [`delete jobs/${J1155} Background`, `event Normal SuccessfulDelete: Deleted job ${J1155}`,
      `create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
    status: { active: [ref(J1200, false)], lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'Allow: runs alongside the active Job',
    objs: [cronJob({}, { active: [ref(J1155)], lastScheduleTime: '2025-01-01T11:55:00Z' }), job(J1155)],
    expect: [`create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
    status: { active: [ref(J1155), ref(J1200, false)], lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'suspended → nothing',
    objs: [cronJob({ suspend: true })],
    expect: [],
  },
  {
    name: 'suspended still tracks a finished Job',
    objs: [cronJob({ suspend: true }, { active: [ref(J1155)], lastScheduleTime: '2025-01-01T11:55:00Z' }),
      job(J1155, { finished: 'Complete', start: '2025-01-01T11:55:01Z', completion: '2025-01-01T11:56:00Z' })],
    expect: [`event Normal SawCompletedJob: Saw completed job: ${J1155}, condition: Complete`, 'status'],
    status: { lastScheduleTime: '2025-01-01T11:55:00Z', lastSuccessfulTime: '2025-01-01T11:56:00Z' },
  },
  {
    // upstream clamps the earliest time to now - startingDeadlineSeconds, so a late activation is
    // never found (its MissSchedule branch cannot fire): nothing, no event
    name: 'startingDeadlineSeconds exceeded (12:00 + 60s < 12:02) → nothing',
    objs: [cronJob({ startingDeadlineSeconds: 60 }, { lastScheduleTime: '2025-01-01T11:55:00Z' })],
    expect: [],
  },
  {
    name: 'within startingDeadlineSeconds → creates',
    objs: [cronJob({ startingDeadlineSeconds: 200 }, { lastScheduleTime: '2025-01-01T11:55:00Z' })],
    expect: [`create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
  },
  {
    name: 'history limits: oldest finished Jobs beyond 2 succeeded / 1 failed are deleted; lastSuccessfulTime',
    objs: [
      cronJob({ successfulJobsHistoryLimit: 2 }, { lastScheduleTime: '2025-01-01T12:00:00Z' }),
      job('hello-a', { finished: 'Complete', start: '2025-01-01T11:40:00Z', completion: '2025-01-01T11:41:00Z' }),
      job('hello-b', { finished: 'Complete', start: '2025-01-01T11:30:00Z', completion: '2025-01-01T11:31:00Z' }),
      job('hello-c', { finished: 'Complete', start: '2025-01-01T11:50:00Z', completion: '2025-01-01T11:51:00Z' }),
      job('hello-f1', { finished: 'Failed', start: '2025-01-01T11:45:00Z' }),
      job('hello-f2', { finished: 'Failed', start: '2025-01-01T11:35:00Z' }),
      job('other', { finished: 'Complete', start: '2025-01-01T10:00:00Z', owner: 'uid-other' }),
    ],
    expect: ['delete jobs/hello-b Background', 'event Normal SuccessfulDelete: Deleted job hello-b',
      'delete jobs/hello-f2 Background', 'event Normal SuccessfulDelete: Deleted job hello-f2', 'status'],
    status: { lastScheduleTime: '2025-01-01T12:00:00Z', lastSuccessfulTime: '2025-01-01T11:51:00Z' },
  },
  {
    name: 'default limits (3 / 1): nothing to delete',
    objs: [
      cronJob({}, { lastScheduleTime: '2025-01-01T12:00:00Z', lastSuccessfulTime: '2025-01-01T11:51:00Z' }),
      job('hello-a', { finished: 'Complete', start: '2025-01-01T11:40:00Z', completion: '2025-01-01T11:41:00Z' }),
      job('hello-c', { finished: 'Complete', start: '2025-01-01T11:50:00Z', completion: '2025-01-01T11:51:00Z' }),
      job('hello-f1', { finished: 'Failed', start: '2025-01-01T11:45:00Z' }),
    ],
    expect: [],
  },
  {
    name: 'active Job failed → SawCompletedJob (Failed), removed from active, and (limit 0) deleted',
    objs: [cronJob({ failedJobsHistoryLimit: 0 }, { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' }),
      job(J1200, { finished: 'Failed', start: '2025-01-01T12:00:01Z' })],
    expect: [`delete jobs/${J1200} Background`, `event Normal SuccessfulDelete: Deleted job ${J1200}`, 'status'],
    status: { lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'active Job failed (kept) → SawCompletedJob, condition: Failed',
    objs: [cronJob({}, { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' }), job(J1200, { finished: 'Failed', start: '2025-01-01T12:00:01Z' })],
    expect: [`event Normal SawCompletedJob: Saw completed job: ${J1200}, condition: Failed`, 'status'],
    status: { lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'an active Job that no longer exists → MissingJob',
    objs: [cronJob({}, { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' })],
    expect: [`event Normal MissingJob: Active job went missing: ${J1200}`, 'status'],
    status: { lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
  {
    name: 'a running Job it controls but does not list → UnexpectedJob',
    objs: [cronJob({}, { lastScheduleTime: '2025-01-01T12:00:00Z' }), job('hello-manual')],
    expect: ['event Warning UnexpectedJob: Saw a job that the controller did not create or forgot: hello-manual'],
  },
  {
    name: 'unparseable schedule → UnparseableSchedule',
    objs: [cronJob({ schedule: 'every minute' })],
    expect: ['event Warning UnparseableSchedule: unparseable schedule: "every minute" : expected exactly 5 fields, found 2: [every minute]'],
  },
  {
    name: 'a schedule that never fires → InvalidSchedule',
    objs: [cronJob({ schedule: '0 0 31 2 *' })],
    expect: ['event Warning InvalidSchedule: invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second'],
  },
  {
    name: 'more than 100 missed times → TooManyMissedTimes, and the most recent still runs',
    objs: [cronJob({ schedule: '* * * * *' }, {}, { creationTimestamp: '2024-12-31T00:00:00Z' })],
    expect: ['event Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      'create jobs/hello-28928882', 'event Normal SuccessfulCreate: Created job hello-28928882', 'status'],
    status: { active: [ref('hello-28928882', false)], lastScheduleTime: '2025-01-01T12:02:00Z' },
  },
  {
    name: 'being deleted → no new Job',
    objs: [cronJob({}, {}, { deletionTimestamp: '2025-01-01T12:01:00Z' })],
    expect: [],
  },
  {
    name: 'timeZone Etc/UTC is honoured',
    objs: [cronJob({ timeZone: 'Etc/UTC' })],
    expect: [`create jobs/${J1200}`, `event Normal SuccessfulCreate: Created job ${J1200}`, 'status'],
  },
  {
    name: 'a time zone kctl cannot schedule in → UnknownTimeZone',
    objs: [cronJob({ timeZone: 'Europe/Berlin' })],
    expect: ['event Warning UnknownTimeZone: invalid timeZone: "Europe/Berlin": unknown time zone Europe/Berlin (kctl schedules CronJobs in UTC only)'],
  },
  {
    name: 'the Job name exists, controlled by us but not listed → recorded, not created again',
    objs: [cronJob({}, { lastScheduleTime: '2025-01-01T11:55:00Z' }), job(J1200)],
    expect: [`event Warning UnexpectedJob: Saw a job that the controller did not create or forgot: ${J1200}`, 'status'],
    status: { active: [ref(J1200)], lastScheduleTime: '2025-01-01T12:00:00Z' },
  },
];

describe('cronjob: reconcile', () => {
  for (const r of rows) {
    test(r.name, () => {
      const actions = run(r.objs, r.now);
      assert.deepEqual(summary(actions), r.expect);
      if (r.status) assert.deepEqual(statusOf(actions), r.status);
    });
  }

  test('the Job: name, template labels/annotations, scheduled-timestamp annotation, owner reference, spec', () => {
    const created = (run([cronJob()])[0] as any).object as KObject;
    assert.deepEqual(created.metadata, {
      name: J1200, namespace: 'default', labels: { app: 'hello' },
      annotations: { team: 'a', [SCHEDULED_TIMESTAMP_ANNOTATION]: '2025-01-01T12:00:00Z' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'uid-hello', controller: true, blockOwnerDeletion: true }],
    });
    assert.deepEqual(created.spec, cronJob().spec.jobTemplate.spec);
  });
});

describe('cronjob: through the API server', () => {
  test('a Job per activation, pods by the Job controller, a fixpoint, history kept', () => {
    let now = Date.parse('2025-01-01T11:58:10Z');
    let u = 0;
    const api = new ApiServer(SqliteStore.open(':memory:'), { now: () => now, random: () => 0.25, uuid: () => `uid-${++u}` });
    api.controllers = [cronJobController, jobController];
    api.store.tx(() => bootstrapCluster(api, { loopbackPrefix: '127.0.0', kernelVersion: 't', osImage: 't', arch: 'amd64', cpus: 1, memoryKi: 1 << 20 }));
    const cj = cronJob();
    delete (cj.metadata as any).uid;
    delete (cj.metadata as any).resourceVersion;
    delete (cj.metadata as any).creationTimestamp;
    delete cj.status;
    api.create('cronjobs', 'default', cj);
    assert.equal(api.store.count('jobs', 'default'), 0);

    // the node agent's minute tick
    const tick = () => api.write(() => api.noteChange('cronjobs'));
    now = Date.parse('2025-01-01T12:00:05Z');
    tick();
    const jobs = api.store.list('jobs', 'default');
    assert.deepEqual(jobs.map((j) => j.metadata.name), [J1200]);
    assert.equal(api.store.count('pods', 'default'), 1);
    const st = api.store.get('cronjobs', 'default', 'hello')!.status;
    assert.equal(st.lastScheduleTime, '2025-01-01T12:00:00Z');
    // the reference carries the Job's uid and the resourceVersion it had when the controller recorded it
    assert.deepEqual(st.active, [{ kind: 'Job', namespace: 'default', name: J1200, uid: jobs[0].metadata.uid, apiVersion: 'batch/v1', resourceVersion: st.active[0].resourceVersion }]);
    assert.ok(st.active[0].resourceVersion);

    // idempotent: another tick in the same minute writes nothing
    const rv = api.store.get('cronjobs', 'default', 'hello')!.metadata.resourceVersion;
    tick();
    assert.equal(api.store.count('jobs', 'default'), 1);
    assert.equal(api.store.get('cronjobs', 'default', 'hello')!.metadata.resourceVersion, rv);

    now = Date.parse('2025-01-01T12:05:01Z');
    tick();
    assert.deepEqual(api.store.list('jobs', 'default').map((j) => j.metadata.name), [J1200, 'hello-28928885']);
    assert.equal(api.store.get('cronjobs', 'default', 'hello')!.status.active.length, 2);
    const reasons = api.store.list('events', 'default').filter((e) => e.source?.component === 'cronjob-controller').map((e) => e.reason);
    assert.deepEqual(reasons, ['SuccessfulCreate', 'SuccessfulCreate']);
  });
});
