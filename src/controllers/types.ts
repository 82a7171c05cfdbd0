// The controller contract: a controller reads a snapshot of the cluster (inside the writer's
// transaction) and returns the actions that bring it closer to the desired state. Controllers are
// pure: time and randomness come in through the context; only the runner writes.

import type { KObject } from '../api/types';

/** Read access to the cluster's current state (the store, inside the transaction). */
export interface ClusterView {
  /** objects of a resource (plural), in namespace/name order; namespace undefined = all */
  list(resource: string, namespace?: string): KObject[];
  get(resource: string, namespace: string, name: string): KObject | undefined;
}

export interface ControllerContext {
  /** ms since the epoch */
  now: number;
  /** uniform [0, 1): for generated names */
  random: () => number;
}

/** An Event to record (the runner names it, sets timestamps and aggregates repeats into `count`). */
export interface EventSpec {
  /** the object the event is about */
  involved: KObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `deployment-controller`, `replicaset-controller`, `default-scheduler`, `kubelet`, ... */
  component: string;
  /** for kubelet events: the node */
  host?: string;
  /** e.g. `spec.containers{nginx}` */
  fieldPath?: string;
}

export type Action =
  /** create an object (generateName is honoured; the API server defaults and validates it) */
  | { type: 'create'; resource: string; object: KObject }
  /** replace metadata/spec of an object (status is kept); the object carries its resourceVersion */
  | { type: 'update'; resource: string; object: KObject }
  /** replace only the status */
  | { type: 'updateStatus'; resource: string; namespace: string; name: string; status: unknown }
  /** delete (with the API server's garbage collection of dependents) */
  | { type: 'delete'; resource: string; namespace: string; name: string; propagationPolicy?: 'Background' | 'Orphan' | 'Foreground' }
  | { type: 'event'; event: EventSpec }
  /** bind a pod to a node (the pods/binding subresource: sets spec.nodeName once, PodScheduled=True) */
  | { type: 'bind'; namespace: string; name: string; uid?: string; node: string };

export interface Controller {
  name: string;
  /** resources whose changes make this controller run */
  watches: string[];
  reconcile(view: ClusterView, ctx: ControllerContext): Action[];
}
