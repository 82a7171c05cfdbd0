// The read access the describers need (structurally the controllers' ClusterView: list/get by
// resource plural), declared here so that src/printers depends on src/api only.

import type { KObject } from '../../api/types';

export interface DescribeView {
  /** objects of a resource (plural), in namespace/name order; namespace undefined = all */
  list(resource: string, namespace?: string): KObject[];
  get(resource: string, namespace: string, name: string): KObject | undefined;
}

export interface DescribeOptions {
  /** include the Events section (kubectl --show-events, default true) */
  showEvents?: boolean;
  /** kubectl --chunk-size (lists are read whole here; accepted for signature compatibility) */
  chunkSize?: number;
}
