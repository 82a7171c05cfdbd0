// pflag-compatible parsing of the generator commands' flags, cobra's required-flag check and
// kubectl's NameFromCommandArgs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, UsageError } from '../../../src/api/errors';
import { COMMAND_SPECS, FlagSpec, checkRequiredFlags, nameFromArgs, parseArgs, parseDuration, readCSV } from '../../../src/generators';

const NS: FlagSpec[] = [{ name: 'namespace', short: 'n', type: 'string', default: '', help: '' }];
const deploy = COMMAND_SPECS['create deployment'].flags;
const run = COMMAND_SPECS.run.flags;
const cm = COMMAND_SPECS['create configmap'].flags;
const cr = COMMAND_SPECS['create clusterrole'].flags;

describe('parseArgs', () => {
  const ok: [string, FlagSpec[], string[], Record<string, unknown>, string[], number][] = [
    ['slice splits on commas and accumulates', deploy, ['web', '--image=a,b', '--image', 'c'], { image: ['a', 'b', 'c'] }, ['web'], -1],
    ['short int with separate value', deploy, ['web', '-r', '3'], { replicas: 3 }, ['web'], -1],
    ['short int glued', deploy, ['-r3', 'web'], { replicas: 3 }, ['web'], -1],
    ['short with =', deploy, ['-r=4', 'web'], { replicas: 4 }, ['web'], -1],
    ['negative int', deploy, ['web', '--port=-1'], { port: -1 }, ['web'], -1],
    ['dash ends flags', deploy, ['web', '--image=x', '--', 'date', '--image=y'], { image: ['x'] }, ['web', 'date', '--image=y'], 1],
    ['dash first', deploy, ['--', 'web'], {}, ['web'], 0],
    ['--dry-run alone is unchanged', deploy, ['web', '--dry-run'], { 'dry-run': 'unchanged' }, ['web'], -1],
    ['-o value', deploy, ['web', '-o', 'yaml'], { output: 'yaml' }, ['web'], -1],
    ['array keeps commas', cm, ['x', '--from-literal=a=b,c', '--from-literal=d=e'], { 'from-literal': ['a=b,c', 'd=e'] }, ['x'], -1],
    ['csv quoting', cm, ['x', '--from-file="a,b",c'], { 'from-file': ['a,b', 'c'] }, ['x'], -1],
    ['combined bool shorthands', run, ['sh', '-it', '--image=busybox'], { stdin: true, tty: true, image: 'busybox' }, ['sh'], -1],
    ['bool =false', run, ['sh', '--command=false', '--image=b'], { command: false }, ['sh'], -1],
    ['bool does not eat the next word', run, ['--command', 'sh', '--image=b'], { command: true }, ['sh'], -1],
    ['global -n', deploy, ['web', '-n', 'dev'], { namespace: 'dev' }, ['web'], -1],
    ['duration', run, ['x', '--pod-running-timeout=2m'], { 'pod-running-timeout': '2m' }, ['x'], -1],
    ['map string string', cr, ['m', '--aggregation-rule=b=2, a=1', '--aggregation-rule=c=3'], { 'aggregation-rule': { b: '2', a: '1', c: '3' } }, ['m'], -1],
  ];
  for (const [name, specs, argv, flags, args, dash] of ok) {
    test(name, () => {
      const p = parseArgs(argv, specs, NS);
      for (const [k, v] of Object.entries(flags)) assert.deepStrictEqual(p.flags[k], v, k);
      assert.deepStrictEqual(p.args, args);
      assert.equal(p.argsLenAtDash, dash);
    });
  }
  test('defaults are filled in and changed is tracked', () => {
    const p = parseArgs(['web', '--image=x'], deploy, NS);
    assert.equal(p.flags.replicas, 1);
    assert.equal(p.flags.port, -1);
    assert.deepStrictEqual([...p.changed], ['image']);
  });
  test('deprecated flags warn', () => {
    assert.deepStrictEqual(parseArgs(['x', '--record'], run, NS).warnings, ['Flag --record has been deprecated, --record will be removed in the future']);
  });
  const bad: [string, FlagSpec[], string[], string][] = [
    ['unknown long', run, ['x', '--replicas=3'], 'unknown flag: --replicas'],
    ['unknown short', deploy, ['x', '-z'], "unknown shorthand flag: 'z' in -z"],
    ['missing value', deploy, ['x', '--image'], 'flag needs an argument: --image'],
    ['missing short value', deploy, ['x', '-r'], "flag needs an argument: 'r' in -r"],
    ['bad int', deploy, ['x', '--port=abc'], 'invalid argument "abc" for "--port" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
    ['bad short int', deploy, ['x', '-r', 'x'], 'invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    ['int range', deploy, ['x', '--port=99999999999'], 'invalid argument "99999999999" for "--port" flag: strconv.ParseInt: parsing "99999999999": value out of range'],
    ['bad bool', run, ['x', '--command=maybe'], 'invalid argument "maybe" for "--command" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    ['bad duration', run, ['x', '--pod-running-timeout=soon'], 'invalid argument "soon" for "--pod-running-timeout" flag: time: invalid duration "soon"'],
    ['bad map', cr, ['x', '--aggregation-rule=nokey'], 'invalid argument "nokey" for "--aggregation-rule" flag: malformed pair, expect string=string'],
  ];
  for (const [name, specs, argv, msg] of bad) {
    test(`error: ${name}`, () => {
      assert.throws(() => parseArgs(argv, specs, NS), (e: unknown) => e instanceof CliError && e.message === msg);
    });
  }
});

describe('cobra and kubectl argument checks', () => {
  test('required flags, sorted', () => {
    const specs = COMMAND_SPECS['create cronjob'].flags;
    assert.throws(() => checkRequiredFlags(specs, new Set()), { message: 'required flag(s) "image", "schedule" not set' });
    assert.throws(() => checkRequiredFlags(specs, new Set(['image'])), { message: 'required flag(s) "schedule" not set' });
    checkRequiredFlags(specs, new Set(['image', 'schedule']));
  });
  const names: [string[], number, string | { name: string; command: string[] }][] = [
    [['web'], -1, { name: 'web', command: [] }],
    [['web', 'date', '-u'], 1, { name: 'web', command: ['date', '-u'] }],
    [['a', 'b'], -1, 'exactly one NAME is required, got 2'],
    [[], -1, 'exactly one NAME is required, got 0'],
    [['web'], 0, 'exactly one NAME is required, got 0'],
  ];
  for (const [args, dash, want] of names) {
    test(`nameFromArgs ${JSON.stringify(args)} dash=${dash}`, () => {
      if (typeof want === 'string') {
        assert.throws(() => nameFromArgs(args, dash, 'create deployment'),
          (e: unknown) => e instanceof UsageError && e.message === want && e.command === 'create deployment');
      } else {
        assert.deepStrictEqual(nameFromArgs(args, dash, 'create deployment'), want);
      }
    });
  }
  test('readCSV', () => {
    assert.deepStrictEqual(readCSV(''), []);
    assert.deepStrictEqual(readCSV('a,,b'), ['a', '', 'b']);
    assert.deepStrictEqual(readCSV('"x,y",z'), ['x,y', 'z']);
    assert.deepStrictEqual(readCSV('"a""b"'), ['a"b']);
    assert.throws(() => readCSV('a"b'));
  });
  test('parseDuration', () => {
    assert.equal(parseDuration('1m0s'), 60000);
    assert.equal(parseDuration('1.5h'), 5400000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('300ms'), 300);
    assert.equal(parseDuration('5'), undefined);
    assert.equal(parseDuration('x'), undefined);
  });
});
