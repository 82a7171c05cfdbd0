// `kubectl create namespace NAME` (kubectl/pkg/cmd/create/create_namespace.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { objectMeta } from './common';

export interface CreateNamespaceOptions {
  name: string;
}

/** A Namespace never carries a namespace, even with -n. */
export function generateNamespace(o: CreateNamespaceOptions): KObject {
  if (!o.name) throw new CliError('name must be specified');
  return { kind: 'Namespace', apiVersion: 'v1', metadata: objectMeta(o.name), spec: {}, status: {} };
}
