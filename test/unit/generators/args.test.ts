// The checks kubectl makes before a generator runs: cobra's required flags and NameFromCommandArgs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/api/errors';
import { COMMAND_SPECS, checkRequiredFlags, nameFromArgs } from '../../../src/generators';

describe('required flags (cobra MarkFlagRequired)', () => {
  const cases: [string, string[], string | undefined][] = [
    ['create cronjob', [], 'required flag(s) "image", "schedule" not set'],
    ['create cronjob', ['image'], 'required flag(s) "schedule" not set'],
    ['create cronjob', ['image', 'schedule'], undefined],
    ['create deployment', [], 'required flag(s) "image" not set'],
    ['create service externalname', ['tcp'], 'required flag(s) "external-name" not set'],
    ['create clusterrolebinding', [], 'required flag(s) "clusterrole" not set'],
    ['run', [], 'required flag(s) "image" not set'],
    ['create configmap', [], undefined],
  ];
  for (const [cmd, changed, want] of cases) {
    test(`${cmd} with ${JSON.stringify(changed)}`, () => {
      const check = () => checkRequiredFlags(COMMAND_SPECS[cmd]?.flags ?? [], new Set(changed));
      if (want) assert.throws(check, { message: want });
      else check();
    });
  }
});

describe('NameFromCommandArgs', () => {
  const names: [string[], number, string | { name: string; command: string[] }][] = [
    [['web'], -1, { name: 'web', command: [] }],
    [['web', 'date', '-u'], 1, { name: 'web', command: ['date', '-u'] }],
    [['a', 'b'], -1, 'exactly one NAME is required, got 2'],
    [[], -1, 'exactly one NAME is required, got 0'],
    [['web'], 0, 'exactly one NAME is required, got 0'],
  ];
  for (const [args, dash, want] of names) {
    test(`${JSON.stringify(args)} dash=${dash}`, () => {
      if (typeof want === 'string') {
        assert.throws(() => nameFromArgs(args, dash, 'create deployment'),
          (e: unknown) => e instanceof UsageError && e.message === want && e.command === 'create deployment');
      } else {
        assert.deepStrictEqual(nameFromArgs(args, dash, 'create deployment'), want);
      }
    });
  }
});
