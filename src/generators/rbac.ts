// `kubectl create role|clusterrole|rolebinding|clusterrolebinding` (kubectl/pkg/cmd/create/
// create_role.go, create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go, v1.32).
import { CliError } from '../api/errors';
import { resolveResource } from '../api/kinds';
import type { KObject } from '../api/types';
import { CommonOptions, objectMeta, sortKeys } from './common';

const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection',
  'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const SPECIAL_VERBS: Record<string, [string, string][]> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles']],
  escalate: [['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};

/**
 * The RESTMapper lookup kubectl does for --resource (`pods`, `po`, `rs.apps`, `deployments.apps`):
 * the full resource and group, or an error message. Defaults to kctl's kind registry.
 */
export type ResourceResolver = (resource: string, group: string) => { resource: string; group: string } | { error: string };

export const defaultResourceResolver: ResourceResolver = (resource, group) => {
  const ki = resolveResource(group ? `${resource}.${group}` : resource);
  if (!ki || (group && ki.group !== group)) {
    return { error: `the server doesn't have a resource type "${resource}"` };
  }
  return { resource: ki.resource, group: ki.group };
};

interface ResourceOption { resource: string; group: string; subResource: string }

export interface CreateRoleOptions extends CommonOptions {
  name: string;
  /** --verb (StringSlice) */
  verb?: string[];
  /** --resource (StringSlice): resource[.group][/subresource] */
  resource?: string[];
  /** --resource-name (StringArray) */
  resourceName?: string[];
  resolve?: ResourceResolver;
}

export interface CreateClusterRoleOptions extends CreateRoleOptions {
  /** --non-resource-url (StringSlice) */
  nonResourceUrl?: string[];
  /** --aggregation-rule (map) */
  aggregationRule?: Record<string, string>;
}

/** Warnings kubectl prints on stderr (`Warning: 'foo' is not a standard resource verb`). */
export interface RoleResult { object: KObject; warnings: string[] }

function uniq(a: string[]): string[] {
  const out: string[] = [];
  for (const x of a) if (!out.includes(x)) out.push(x);
  return out;
}

/** CreateRoleOptions.Complete: verbs (`*` wins), resources, resource names. */
function complete(o: CreateRoleOptions): { verbs: string[]; resources: ResourceOption[]; resourceNames: string[] } {
  let verbs: string[] = [];
  for (const v of o.verb ?? []) {
    if (v === '*') { verbs = ['*']; break; }
    if (!verbs.includes(v)) verbs.push(v);
  }
  let resources: ResourceOption[] = [];
  for (const r of o.resource ?? []) {
    const slash = r.indexOf('/');
    const sections = slash < 0 ? [r] : [r.slice(0, slash), r.slice(slash + 1)];
    const dot = sections[0].indexOf('.');
    const parts = dot < 0 ? [sections[0]] : [sections[0].slice(0, dot), sections[0].slice(dot + 1)];
    const ro: ResourceOption = { resource: parts[0], group: parts[1] ?? '', subResource: sections[1] ?? '' };
    if (ro.resource === '*' && parts.length === 1 && sections.length === 1) { resources = [ro]; break; }
    resources.push(ro);
  }
  return { verbs, resources, resourceNames: uniq(o.resourceName ?? []) };
}

function validateResources(verbs: string[], resources: ResourceOption[], resolve: ResourceResolver): void {
  for (const r of resources) {
    if (!r.resource) throw new CliError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const got = resolve(r.resource, r.group);
    let res = 'error' in got ? { resource: r.resource, group: r.group } : got;
    let err = 'error' in got ? got.error : undefined;
    for (const v of verbs) {
      const special = SPECIAL_VERBS[v];
      if (!special) continue;
      if (!special.some(([g, rr]) => res.resource === rr && res.group === g)) {
        throw new CliError(`can not perform '${v}' on '${res.resource}' in group '${res.group}'`);
      }
      err = undefined;
    }
    // kubectl prints a RESTMapper no-match error without the `error: ` prefix
    if (err) throw new CliError(err, { raw: true });
    res = res as { resource: string; group: string };
  }
}

function policyRules(verbs: string[], resources: ResourceOption[], resourceNames: string[], nonResourceURLs: string[],
  resolve: ResourceResolver): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const got = resolve(r.resource, r.group);
    const res = 'error' in got ? { resource: r.resource, group: r.group } : { ...got };
    if (r.subResource) res.resource = `${res.resource}/${r.subResource}`;
    const list = byGroup.get(res.group) ?? [];
    if (!list.includes(res.resource)) list.push(res.resource);
    byGroup.set(res.group, list);
  }
  const rules: Record<string, unknown>[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: Record<string, unknown> = { verbs: [...verbs], apiGroups: [g], resources: byGroup.get(g) };
    if (resourceNames.length) rule.resourceNames = [...resourceNames];
    rules.push(rule);
  }
  if (nonResourceURLs.length) rules.push({ verbs: [...verbs], nonResourceURLs: [...nonResourceURLs] });
  return rules;
}

export function generateRole(o: CreateRoleOptions): RoleResult {
  const { verbs, resources, resourceNames } = complete(o);
  const resolve = o.resolve ?? defaultResourceResolver;
  if (!o.name) throw new CliError('name must be specified');
  if (!verbs.length) throw new CliError('at least one verb must be specified');
  const warnings = verbs.filter((v) => !VALID_RESOURCE_VERBS.includes(v)).map((v) => `Warning: '${v}' is not a standard resource verb`);
  if (!resources.length) throw new CliError('at least one resource must be specified');
  validateResources(verbs, resources, resolve);
  const role: KObject = {
    kind: 'Role',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: objectMeta(o.name, { namespace: o.namespace }),
    rules: policyRules(verbs, resources, resourceNames, [], resolve),
  };
  return { object: role, warnings };
}

export function generateClusterRole(o: CreateClusterRoleOptions): RoleResult {
  const nonResourceURLs = uniq(o.nonResourceUrl ?? []);
  const { verbs, resources, resourceNames } = complete(o);
  const resolve = o.resolve ?? defaultResourceResolver;
  const agg = o.aggregationRule ?? {};
  const warnings: string[] = [];
  if (!o.name) throw new CliError('name must be specified');
  if (Object.keys(agg).length) {
    if (nonResourceURLs.length || verbs.length || resources.length || resourceNames.length) {
      throw new CliError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
    }
  } else {
    if (!verbs.length) throw new CliError('at least one verb must be specified');
    if (!resources.length && !nonResourceURLs.length) throw new CliError('one of resource or nonResourceURL must be specified');
    if (resources.length) {
      for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) warnings.push(`Warning: '${v}' is not a standard resource verb`);
      validateResources(verbs, resources, resolve);
    }
    if (nonResourceURLs.length) {
      for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new CliError(`invalid verb: '${v}' for nonResourceURL`);
      for (const u of nonResourceURLs) {
        if (u === '*') continue;
        if (!u.startsWith('/')) throw new CliError('nonResourceURL should start with /');
        if (u.slice(0, -1).includes('*')) throw new CliError("nonResourceURL only supports wildcard matches when '*' is at the end");
      }
    }
  }
  const cr: KObject = { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: objectMeta(o.name) };
  if (Object.keys(agg).length) {
    cr.aggregationRule = { clusterRoleSelectors: [{ matchLabels: sortKeys(agg) }] };
    cr.rules = null;
  } else {
    cr.rules = policyRules(verbs, resources, resourceNames, nonResourceURLs, resolve);
  }
  // Go field order: rules, aggregationRule
  const { aggregationRule, ...rest } = cr;
  return { object: aggregationRule ? { ...rest, aggregationRule } : rest as KObject, warnings };
}

export interface CreateRoleBindingOptions extends CommonOptions {
  name: string;
  /** --role */
  role?: string;
  /** --clusterrole */
  clusterrole?: string;
  /** --user (StringArray) */
  user?: string[];
  /** --group (StringArray) */
  group?: string[];
  /** --serviceaccount (StringArray) `namespace:name` */
  serviceaccount?: string[];
}

function subjects(o: CreateRoleBindingOptions): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  for (const u of o.user ?? []) out.push({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: u });
  for (const g of o.group ?? []) out.push({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g });
  for (const sa of o.serviceaccount ?? []) {
    const t = sa.split(':');
    if (t.length !== 2 || !t[0] || !t[1]) throw new CliError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: t[1], namespace: t[0] });
  }
  return out.length ? out : undefined;
}

export function generateRoleBinding(o: CreateRoleBindingOptions): KObject {
  if (!o.name) throw new CliError('name must be specified');
  if (!o.clusterrole === !o.role) throw new CliError('exactly one of clusterrole or role must be specified');
  const rb: KObject = { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: objectMeta(o.name, { namespace: o.namespace }) };
  const subs = subjects(o);
  if (subs) rb.subjects = subs;
  rb.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: o.role ? 'Role' : 'ClusterRole', name: o.role || o.clusterrole };
  return rb;
}

export interface CreateClusterRoleBindingOptions {
  name: string;
  /** --clusterrole (required). undefined = flag not given */
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

export function generateClusterRoleBinding(o: CreateClusterRoleBindingOptions): KObject {
  if (o.clusterrole === undefined) throw new CliError('required flag(s) "clusterrole" not set');
  const crb: KObject = { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: objectMeta(o.name) };
  const subs = subjects(o);
  if (subs) crb.subjects = subs;
  crb.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: o.clusterrole };
  return crb;
}
