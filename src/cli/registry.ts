// The verbs kctl implements: command path → module, loaded lazily. Names, short help and flags
// come from the captured kubectl help (fixtures/kubectl-help), so this file holds only wiring.

import type { Ctx } from './context';

export interface CommandModule {
  run(ctx: Ctx): void | Promise<void>;
}

type Loader = () => CommandModule;

/* eslint-disable @typescript-eslint/no-var-requires */
export const COMMANDS: Record<string, Loader> = {
  'get': () => require('./get'),
  'apply': () => require('./apply'),
  'create': () => require('./create'),
  'create deployment': () => require('./create'),
  'create service clusterip': () => require('./create'),
  'create service nodeport': () => require('./create'),
  'create service loadbalancer': () => require('./create'),
  'create service externalname': () => require('./create'),
  'create namespace': () => require('./create'),
  'create configmap': () => require('./create'),
  'create secret generic': () => require('./create'),
  'create secret tls': () => require('./create'),
  'create secret docker-registry': () => require('./create'),
  'create ingress': () => require('./create'),
  'create job': () => require('./create'),
  'create cronjob': () => require('./create'),
  'create serviceaccount': () => require('./create'),
  'delete': () => require('./delete'),
  'run': () => require('./run'),
  'scale': () => require('./scale'),
  'set image': () => require('./set'),
  'wait': () => require('./wait'),
  'rollout status': () => require('./rollout'),
  'rollout history': () => require('./rollout'),
  'rollout undo': () => require('./rollout'),
  'rollout restart': () => require('./rollout'),
  'rollout pause': () => require('./rollout'),
  'rollout resume': () => require('./rollout'),
  'describe': () => require('./describe'),
  'proxy': () => require('./proxy'),
  'logs': () => require('./logs'),
  'exec': () => require('./exec'),
  'port-forward': () => require('./port-forward'),
  'attach': () => require('./attach'),
  'debug': () => require('./debug'),
  'expose': () => require('./expose'),
  'patch': () => require('./patch'),
  'replace': () => require('./replace'),
  'label': () => require('./label'),
  'annotate': () => require('./label'),
  'edit': () => require('./edit'),
  'explain': () => require('./explain'),
  'version': () => require('./version'),
  'cluster-info': () => require('./cluster-info'),
  'config view': () => require('./config'),
  'config current-context': () => require('./config'),
  'config get-contexts': () => require('./config'),
  'config use-context': () => require('./config'),
  'completion': () => require('./completion'),
  '__complete': () => require('./completion'),
  'api-resources': () => require('./api-resources'),
  'api-versions': () => require('./api-resources'),
  'top pod': () => require('./top'),
  'top node': () => require('./top'),
};

/** command aliases kubectl accepts */
export const ALIASES: Record<string, string> = {
  'top pods': 'top pod', 'top po': 'top pod', 'top nodes': 'top node', 'top no': 'top node',
  'create deploy': 'create deployment',
  'create svc': 'create service',
  'create ns': 'create namespace',
  'create cm': 'create configmap',
  'create ing': 'create ingress',
  'create cj': 'create cronjob',
  'create sa': 'create serviceaccount',
  'create pdb': 'create poddisruptionbudget',
  'create pc': 'create priorityclass',
  'create quota': 'create quota',
  'create resourcequota': 'create quota',
};
