// `kubectl create priorityclass NAME --value=N [--global-default] [--description] [--preemption-policy]`
// (kubectl/pkg/cmd/create/create_priorityclass.go, v1.32).
import type { KObject } from '../api/types';
import { int32, objectMeta } from './common';

export interface CreatePriorityClassOptions {
  name: string;
  /** --value (default 0) */
  value?: number;
  /** --global-default (default false) */
  globalDefault?: boolean;
  /** --description */
  description?: string;
  /** --preemption-policy (default 'PreemptLowerPriority') */
  preemptionPolicy?: string;
}

/** A PriorityClass is cluster-scoped: no namespace, even with -n. */
export function generatePriorityClass(o: CreatePriorityClassOptions): KObject {
  const pc: KObject = {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    metadata: objectMeta(o.name),
    value: int32(o.value ?? 0),
  };
  if (o.globalDefault) pc.globalDefault = true;
  if (o.description) pc.description = o.description;
  pc.preemptionPolicy = o.preemptionPolicy ?? 'PreemptLowerPriority';
  return pc;
}
