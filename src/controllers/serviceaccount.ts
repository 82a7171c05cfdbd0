// Per-namespace defaults the controller manager keeps in place:
// - serviceaccounts-controller (pkg/controller/serviceaccount): the `default` ServiceAccount in every
//   active namespace — recreated when deleted (the API server also creates it with the namespace);
// - root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher): the `kube-root-ca.crt`
//   ConfigMap with the cluster's CA bundle under `ca.crt` in every active namespace, restored when
//   deleted or edited.

import type { KObject } from '../api/types';
import type { Action, ClusterView, Controller, ControllerContext } from './types';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const ROOT_CA_DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints '
  + 'such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

function activeNamespaces(view: ClusterView): string[] {
  return view.list('namespaces')
    .filter((ns) => !ns.metadata.deletionTimestamp && ns.status?.phase !== 'Terminating')
    .map((ns) => ns.metadata.name ?? '');
}

export function serviceAccountsController(): Controller {
  return {
    name: 'serviceaccount',
    watches: ['namespaces', 'serviceaccounts'],
    reconcile(view: ClusterView, _ctx: ControllerContext): Action[] {
      const have = new Set(view.list('serviceaccounts')
        .filter((sa) => sa.metadata.name === DEFAULT_SERVICE_ACCOUNT)
        .map((sa) => sa.metadata.namespace ?? ''));
      return activeNamespaces(view).filter((ns) => !have.has(ns)).map((ns) => ({
        type: 'create', resource: 'serviceaccounts',
        object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: ns } },
      }));
    },
  };
}

/**
 * The root CA publisher. `rootCA` is the PEM bundle (or a function returning it, read on each pass);
 * while it is empty the controller does nothing.
 */
export function rootCACertPublisher(rootCA: string | (() => string | undefined)): Controller {
  return {
    name: 'root-ca-cert-publisher',
    watches: ['namespaces', 'configmaps'],
    reconcile(view: ClusterView, _ctx: ControllerContext): Action[] {
      const ca = typeof rootCA === 'function' ? rootCA() : rootCA;
      if (!ca) return [];
      const byNs = new Map<string, KObject>();
      for (const cm of view.list('configmaps')) if (cm.metadata.name === ROOT_CA_CONFIGMAP) byNs.set(cm.metadata.namespace ?? '', cm);
      const actions: Action[] = [];
      for (const ns of activeNamespaces(view)) {
        const cm = byNs.get(ns);
        if (!cm) {
          actions.push({
            type: 'create', resource: 'configmaps',
            object: {
              apiVersion: 'v1', kind: 'ConfigMap',
              metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } },
              data: { 'ca.crt': ca },
            },
          });
          continue;
        }
        const data = cm.data ?? {};
        const dataOk = Object.keys(data).length === 1 && data['ca.crt'] === ca;
        if (dataOk && (cm.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '').length > 0) continue;
        const upd: KObject = JSON.parse(JSON.stringify(cm));
        upd.data = { 'ca.crt': ca };
        upd.metadata.annotations = { ...(upd.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION };
        actions.push({ type: 'update', resource: 'configmaps', object: upd });
      }
      return actions;
    },
  };
}
