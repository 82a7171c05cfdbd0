// A ClusterView over plain objects, for table-driven controller and describer tests.

import { kindByResource, resolveApiVersionKind } from '../../src/api/kinds';
import type { KObject } from '../../src/api/types';
import type { ClusterView } from '../../src/controllers/types';

function resourceOf(o: KObject): string {
  const rt = resolveApiVersionKind(o.apiVersion ?? '', o.kind ?? '');
  if (!rt) throw new Error(`unknown kind ${o.apiVersion} ${o.kind}`);
  return rt.info.resource;
}

export function viewOf(objects: KObject[]): ClusterView {
  const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return {
    list(resource, namespace) {
      const namespaced = kindByResource(resource)?.namespaced;
      return objects
        .filter((o) => resourceOf(o) === resource && (namespace === undefined || !namespaced || (o.metadata.namespace ?? '') === namespace))
        .sort((a, b) => key(a).localeCompare(key(b)));
    },
    get(resource, namespace, name) {
      return objects.find((o) => resourceOf(o) === resource && o.metadata.name === name
        && (!kindByResource(resource)?.namespaced || (o.metadata.namespace ?? '') === namespace));
    },
  };
}
