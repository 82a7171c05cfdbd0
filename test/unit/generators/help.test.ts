// The command descriptions (src/generators/help.ts) and renderHelp reproduce `kubectl <cmd> --help`
// (fixtures/golden/generators/help/, kubectl v1.32.4) with kubectl replaced by kctl.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { COMMAND_SPECS, formatDefault, renderHelp } from '../../../src/generators';

const HELP = path.resolve(__dirname, '../../../../fixtures/golden/generators/help');
const kctl = (s: string) => s.replace(/\bkubectl(?![-.\w])/g, 'kctl');

describe('help screens match kubectl v1.32.4 --help', () => {
  const files = fs.readdirSync(HELP).filter((f) => f.endsWith('.txt') && f !== 'kubectl.txt' && f !== 'create.txt');
  test('one golden per command spec', () => {
    assert.deepStrictEqual(files.map((f) => f.replace(/\.txt$/, '').replace(/_/g, ' ')).sort(), Object.keys(COMMAND_SPECS).sort());
  });
  for (const f of files) {
    const cmd = f.replace(/\.txt$/, '').replace(/_/g, ' ');
    test(cmd, () => {
      const golden = fs.readFileSync(path.join(HELP, f), 'utf8').replace(/^# .*\n/, '');
      assert.equal(renderHelp(COMMAND_SPECS[cmd]), kctl(golden));
    });
  }
  test('short descriptions come from the parent command listings', () => {
    assert.equal(COMMAND_SPECS['create deployment'].short, 'Create a deployment with the specified name');
    assert.equal(COMMAND_SPECS.run.short, 'Run a particular image on the cluster');
    assert.equal(COMMAND_SPECS['create secret tls'].short, 'Create a TLS secret');
    assert.equal(COMMAND_SPECS.expose.short, 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service');
  });
  test('flag types and required flags', () => {
    const flag = (cmd: string, name: string) => COMMAND_SPECS[cmd].flags.find((x) => x.name === name)!;
    const cases: [string, string, string, boolean | undefined][] = [
      ['create deployment', 'image', 'stringSlice', true],
      ['create deployment', 'port', 'int', undefined],
      ['create configmap', 'from-literal', 'stringArray', undefined],
      ['create configmap', 'from-file', 'stringSlice', undefined],
      ['create ingress', 'rule', 'stringArray', undefined],
      ['run', 'env', 'stringArray', undefined],
      ['run', 'image', 'string', true],
      ['run', 'pod-running-timeout', 'duration', undefined],
      ['create cronjob', 'schedule', 'string', true],
      ['create clusterrole', 'aggregation-rule', 'mapStringString', undefined],
      ['create clusterrolebinding', 'clusterrole', 'string', true],
      ['create service externalname', 'external-name', 'string', true],
    ];
    for (const [cmd, name, type, required] of cases) {
      assert.equal(flag(cmd, name).type, type, `${cmd} --${name}`);
      assert.equal(flag(cmd, name).required, required, `${cmd} --${name} required`);
    }
    assert.equal(flag('run', 'record').hidden, true);
    assert.equal(flag('create deployment', 'dry-run').noOptDefault, 'unchanged');
    assert.equal(formatDefault(flag('create deployment', 'field-manager')), "'kubectl-create'");
    assert.equal(formatDefault(flag('run', 'pod-running-timeout')), '1m0s');
  });
});
