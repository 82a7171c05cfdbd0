// `kubectl create serviceaccount NAME` (kubectl/pkg/cmd/create/create_serviceaccount.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import { CommonOptions, objectMeta } from './common';

export interface CreateServiceAccountOptions extends CommonOptions {
  name: string;
}

export function generateServiceAccount(o: CreateServiceAccountOptions): KObject {
  if (!o.name) throw new CliError('name must be specified');
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: objectMeta(o.name, { namespace: o.namespace }) };
}
