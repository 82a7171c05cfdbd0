// `kctl <cmd> --help` for the generator commands: kubectl v1.32.4's captured help screen
// (fixtures/kubectl-help/) with the program named kctl.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { helpText } from '../../../src/cli/flags';
import { kctlHelp } from '../../../src/main';

const GENERATORS = [
  'create deployment', 'create service', 'create service clusterip', 'create service nodeport', 'create service loadbalancer',
  'create service externalname', 'create namespace', 'create configmap', 'create secret', 'create secret generic',
  'create secret tls', 'create secret docker-registry', 'create ingress', 'create job', 'create cronjob',
  'create serviceaccount', 'create priorityclass', 'create role', 'create clusterrole', 'create rolebinding',
  'create clusterrolebinding', 'run', 'expose',
];

/** the one-line descriptions of a command group's subcommands */
function listing(group: string[]): Record<string, string> {
  return Object.fromEntries([...kctlHelp(group)!.matchAll(/^ {2}([a-z-]+) {2,}(.*)$/gm)].map((m) => [m[1], m[2]]));
}

describe('help screens of the generator commands', () => {
  for (const cmd of GENERATORS) {
    test(cmd, () => {
      const help = kctlHelp(cmd.split(' '));
      assert.ok(help, `no captured help for ${cmd}`);
      assert.equal(help.split('\n')[0], helpText(cmd.split(' '))!.split('\n')[0].replace(/\bkubectl\b/g, 'kctl'));
      assert.match(help, new RegExp(`\\nUsage:\\n {2}kctl ${cmd} .*\\[options\\]\\n`));
      assert.match(help, /\nUse "kctl options" for a list of global command-line options \(applies to all commands\)\.\n$/);
      assert.doesNotMatch(help.replace(/kubectl[-.]|\/kubectl/g, ''), /\bkubectl\b/);
    });
  }
  test('examples name kctl', () => {
    assert.match(kctlHelp(['create', 'deployment'])!, /\n {2}kctl create deployment my-dep --image=busybox\n/);
  });
  test('short descriptions in the parent command listings', () => {
    assert.equal(listing(['create']).deployment, 'Create a deployment with the specified name');
    assert.equal(listing(['create', 'secret']).tls, 'Create a TLS secret');
    assert.equal(listing([]).run, 'Run a particular image on the cluster');
    assert.equal(listing([]).expose, 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service');
  });
  // kubectl's names that are data, not the program: the field manager default and annotation keys
  test('defaults and annotation keys keep "kubectl"', () => {
    assert.match(kctlHelp(['create', 'deployment'])!, /--field-manager='kubectl-create':/);
    assert.match(kctlHelp(['attach'])!, / kubectl\.kubernetes\.io\/default-container /);
  });
});
