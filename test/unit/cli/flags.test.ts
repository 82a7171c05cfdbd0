// kctl's flag parser (src/cli/flags.ts) against kubectl v1.32.4 (cobra + pflag): flag types and
// defaults read from the captured help screens, `--flag=value` / `--flag value` / shorthands,
// repeated flags, `--`, and pflag's error messages. The error cases are also run against a real
// kubectl when v1.32 is on PATH (flag errors come before any server contact).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { FlagError, FlagSpec, globalFlagSpecs, helpText, parseArgs, parseDuration, parseFlagSpecs } from '../../../src/cli/flags';

/** The flags of a command as main.ts assembles them (the command's own, then the global options). */
const specsOf = (cmd: string): FlagSpec[] => [...parseFlagSpecs(helpText(cmd.split(' ')) ?? ''), ...globalFlagSpecs()];
const parse = (cmd: string, argv: string[]) => parseArgs(argv, specsOf(cmd), `kctl ${cmd}`);

describe('flag types and defaults from the help screens', () => {
  const cases: [string, string, FlagSpec['type'], unknown, string?][] = [
    ['create deployment', 'image', 'stringSlice', []],
    ['create deployment', 'port', 'int32', -1],
    ['create deployment', 'replicas', 'int32', 1, 'r'],
    ['create deployment', 'field-manager', 'string', 'kubectl-create'],
    ['create deployment', 'dry-run', 'string', 'none'],
    ['create deployment', 'output', 'string', '', 'o'],
    ['create configmap', 'from-literal', 'stringArray', []],
    ['create configmap', 'from-file', 'stringSlice', []],
    ['create configmap', 'from-env-file', 'stringSlice', []],
    ['create secret generic', 'from-file', 'stringSlice', []],
    ['create secret docker-registry', 'from-file', 'stringSlice', []],
    ['create ingress', 'rule', 'stringArray', []],
    ['create service clusterip', 'tcp', 'stringSlice', []],
    ['create service nodeport', 'node-port', 'int', 0],
    ['create priorityclass', 'value', 'int32', 0],
    ['create role', 'verb', 'stringSlice', []],
    ['create role', 'resource-name', 'stringArray', []],
    ['create rolebinding', 'user', 'stringArray', []],
    ['create clusterrole', 'aggregation-rule', 'mapStringString', {}],
    ['create cronjob', 'schedule', 'string', ''],
    ['run', 'env', 'stringArray', []],
    ['run', 'image', 'string', ''],
    ['run', 'pod-running-timeout', 'duration', '1m0s'],
    ['run', 'stdin', 'bool', false, 'i'],
    ['expose', 'filename', 'stringSlice', [], 'f'],
    ['expose', 'port', 'string', ''],
    ['logs', 'tail', 'int', -1],
    ['options', 'as-group', 'stringArray', []],
  ];
  for (const [cmd, name, type, def, short] of cases) {
    test(`${cmd} --${name}`, () => {
      const f = parseFlagSpecs(helpText(cmd.split(' '))!).find((s) => s.name === name)!;
      assert.deepStrictEqual({ type: f.type, default: f.default, short: f.short }, { type, default: def, short });
    });
  }
});

describe('parsing as kubectl parses', () => {
  const ok: [string, string, string[], Record<string, unknown>, string[], string[]?][] = [
    ['slice splits on commas and accumulates', 'create deployment', ['web', '--image=a,b', '--image', 'c'], { image: ['a', 'b', 'c'] }, ['web']],
    ['short int with separate value', 'create deployment', ['web', '-r', '3'], { replicas: 3 }, ['web']],
    ['short int glued', 'create deployment', ['-r3', 'web'], { replicas: 3 }, ['web']],
    ['short with =', 'create deployment', ['-r=4', 'web'], { replicas: 4 }, ['web']],
    ['negative int', 'create deployment', ['web', '--port=-1'], { port: -1 }, ['web']],
    ['int with base prefixes and underscores (strconv.ParseInt base 0)', 'create deployment',
      ['w', '--replicas=0x10', '--port=010'], { replicas: 16, port: 8 }, ['w']],
    ['int 0b, 0o, 1_0, +3', 'logs', ['p', '--tail=0b11', '--limit-bytes=0o17', '--max-log-requests=1_0', '--since=+3s'],
      { tail: 3, 'limit-bytes': 15, 'max-log-requests': 10, since: '+3s' }, ['p']],
    ['a Go int is 64-bit', 'create service nodeport', ['n', '--node-port=2147483648'], { 'node-port': 2147483648 }, ['n']],
    ['-- ends flags', 'create deployment', ['web', '--image=x', '--', 'date', '--image=y'], { image: ['x'] }, ['web', 'date', '--image=y'], ['date', '--image=y']],
    ['-- first', 'create deployment', ['--', 'web'], {}, ['web'], ['web']],
    ['--dry-run alone is "unchanged"', 'create deployment', ['web', '--dry-run'], { 'dry-run': 'unchanged' }, ['web']],
    ['-o value', 'create deployment', ['web', '-o', 'yaml'], { output: 'yaml' }, ['web']],
    ['array keeps commas', 'create configmap', ['x', '--from-literal=a=b,c', '--from-literal=d=e'], { 'from-literal': ['a=b,c', 'd=e'] }, ['x']],
    ['--from-file is a slice', 'create configmap', ['x', '--from-file=a,k=b', '--from-env-file=e1,e2'], { 'from-file': ['a', 'k=b'], 'from-env-file': ['e1', 'e2'] }, ['x']],
    ['CSV quoting', 'create secret generic', ['x', '--from-file="a,b",c'], { 'from-file': ['a,b', 'c'] }, ['x']],
    ['CSV: "" is a quote, empty fields kept', 'create deployment', ['x', '--image="a""b",,c'], { image: ['a"b', '', 'c'] }, ['x']],
    ['CSV: one record (the first line)', 'create deployment', ['x', '--image=a\nb'], { image: ['a'] }, ['x']],
    ['empty slice value', 'create deployment', ['x', '--image='], { image: [] }, ['x']],
    ['array flags keep commas (role, rolebinding)', 'create rolebinding', ['b', '--user=a,b', '--group=c,d'], { user: ['a,b'], group: ['c,d'] }, ['b']],
    ['--resource-name is an array', 'create role', ['r', '--resource-name=a,b'], { 'resource-name': ['a,b'] }, ['r']],
    ['global --as-group is an array', 'get', ['pods', '--as-group=a,b'], { 'as-group': ['a,b'] }, ['pods']],
    ['combined bool shorthands', 'run', ['sh', '-it', '--image=busybox'], { stdin: true, tty: true, image: 'busybox' }, ['sh']],
    ['bool =false', 'run', ['sh', '--command=false', '--image=b'], { command: false }, ['sh']],
    ['bool does not take the next word', 'run', ['--command', 'sh', '--image=b'], { command: true }, ['sh']],
    ['global -n', 'create deployment', ['web', '-n', 'dev'], { namespace: 'dev' }, ['web']],
    ['duration', 'run', ['x', '--pod-running-timeout=2m'], { 'pod-running-timeout': '2m' }, ['x']],
    ['durations Go accepts', 'run', ['x', '--pod-running-timeout=.5s', '--timeout=1h2m3s4ms5us6ns'], { 'pod-running-timeout': '.5s', timeout: '1h2m3s4ms5us6ns' }, ['x']],
    ['map string string', 'create clusterrole', ['m', '--aggregation-rule=b=2, a=1', '--aggregation-rule=c=3'], { 'aggregation-rule': { b: '2', a: '1', c: '3' } }, ['m']],
    ["a command's own flag hides the global one", 'config set-context', ['c', '--namespace=ns', '--user=u'], { namespace: 'ns', user: 'u' }, ['c']],
    ["the command's default, not the global's", 'debug', ['p'], { profile: 'legacy' }, ['p']],
  ];
  for (const [name, cmd, argv, flags, args, dash] of ok) {
    test(name, () => {
      const p = parse(cmd, argv);
      for (const [k, v] of Object.entries(flags)) assert.deepStrictEqual(p.flags[k], v, k);
      assert.deepStrictEqual(p.args, args);
      assert.deepStrictEqual(p.dashArgs, dash);
    });
  }
  test('defaults are filled in and changed is tracked', () => {
    const p = parse('create deployment', ['web', '--image=x']);
    assert.equal(p.flags.replicas, 1);
    assert.equal(p.flags.port, -1);
    assert.equal(p.flags['field-manager'], 'kubectl-create');
    assert.deepStrictEqual([...p.changed], ['image']);
  });
  test('defaults are copies', () => {
    parse('create clusterrole', ['m', '--aggregation-rule=a=1']);
    assert.deepStrictEqual(parse('create clusterrole', ['m']).flags['aggregation-rule'], {});
  });
});

/** [command, argv, pflag's message] — kubectl prints `Error: <message>` and `See 'kubectl <command> --help' for usage.` */
const bad: [string, string[], string][] = [
  ['create deployment', ['x', '--bogus'], 'unknown flag: --bogus'],
  ['run', ['x', '--image=i', '--replicas=3'], 'unknown flag: --replicas'],
  ['create deployment', ['x', '-z'], "unknown shorthand flag: 'z' in -z"],
  ['config set-context', ['x', '-n', 'foo'], "unknown shorthand flag: 'n' in -n"],
  ['create deployment', ['x', '--image'], 'flag needs an argument: --image'],
  ['create deployment', ['x', '-r'], "flag needs an argument: 'r' in -r"],
  ['create deployment', ['x', '--port=abc'], 'invalid argument "abc" for "--port" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
  ['create deployment', ['x', '-r', 'x'], 'invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
  ['create deployment', ['x', '--replicas=x'], 'invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'],
  ['create deployment', ['x', '--replicas= 3'], 'invalid argument " 3" for "-r, --replicas" flag: strconv.ParseInt: parsing " 3": invalid syntax'],
  ['create deployment', ['x', '--replicas=3.0'], 'invalid argument "3.0" for "-r, --replicas" flag: strconv.ParseInt: parsing "3.0": invalid syntax'],
  ['create deployment', ['x', '--port=99999999999'], 'invalid argument "99999999999" for "--port" flag: strconv.ParseInt: parsing "99999999999": value out of range'],
  ['create deployment', ['x', '--replicas=2147483648'], 'invalid argument "2147483648" for "-r, --replicas" flag: strconv.ParseInt: parsing "2147483648": value out of range'],
  ['create deployment', ['x', '--replicas=-2147483649'], 'invalid argument "-2147483649" for "-r, --replicas" flag: strconv.ParseInt: parsing "-2147483649": value out of range'],
  ['create priorityclass', ['x', '--value=2147483648'], 'invalid argument "2147483648" for "--value" flag: strconv.ParseInt: parsing "2147483648": value out of range'],
  ['logs', ['x', '--tail=9223372036854775808'], 'invalid argument "9223372036854775808" for "--tail" flag: strconv.ParseInt: parsing "9223372036854775808": value out of range'],
  ['run', ['x', '--command=maybe'], 'invalid argument "maybe" for "--command" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ['run', ['x', '--pod-running-timeout=soon'], 'invalid argument "soon" for "--pod-running-timeout" flag: time: invalid duration "soon"'],
  ['run', ['x', '--pod-running-timeout=5'], 'invalid argument "5" for "--pod-running-timeout" flag: time: missing unit in duration "5"'],
  ['run', ['x', '--pod-running-timeout=5x'], 'invalid argument "5x" for "--pod-running-timeout" flag: time: unknown unit "x" in duration "5x"'],
  ['run', ['x', '--pod-running-timeout=1e3s'], 'invalid argument "1e3s" for "--pod-running-timeout" flag: time: unknown unit "e" in duration "1e3s"'],
  ['run', ['x', '--pod-running-timeout=5s5'], 'invalid argument "5s5" for "--pod-running-timeout" flag: time: missing unit in duration "5s5"'],
  ['run', ['x', '--pod-running-timeout='], 'invalid argument "" for "--pod-running-timeout" flag: time: invalid duration ""'],
  ['create clusterrole', ['x', '--aggregation-rule=nokey'], 'invalid argument "nokey" for "--aggregation-rule" flag: malformed pair, expect string=string'],
  ['create deployment', ['x', '--image=a"b'], 'invalid argument "a\\"b" for "--image" flag: parse error on line 1, column 2: bare " in non-quoted-field'],
  ['create deployment', ['x', '--image=x, "a"'], 'invalid argument "x, \\"a\\"" for "--image" flag: parse error on line 1, column 4: bare " in non-quoted-field'],
  ['create deployment', ['x', '--image="a"b'], 'invalid argument "\\"a\\"b" for "--image" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
  ['create deployment', ['x', '--image="a'], 'invalid argument "\\"a" for "--image" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
  ['create deployment', ['x', '--image=x,"a'], 'invalid argument "x,\\"a" for "--image" flag: parse error on line 1, column 5: extraneous or missing " in quoted-field'],
  ['get', ['-f', '"x'], 'invalid argument "\\"x" for "-f, --filename" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
  ['api-resources', ['--verbs="x'], 'invalid argument "\\"x" for "--verbs" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
];

describe('pflag errors', () => {
  for (const [cmd, argv, msg] of bad) {
    test(`${cmd} ${argv.join(' ')}`, () => {
      assert.throws(() => parse(cmd, argv), (e: unknown) => e instanceof FlagError && e.message === msg);
    });
  }
});

describe('pflag errors vs live kubectl (skipped without kubectl v1.32 on PATH)', () => {
  const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout ?? '';
  const skip = !/Client Version: v1\.32\./.test(version) && 'kubectl v1.32 not on PATH';
  for (const [cmd, argv, msg] of bad) {
    test(`kubectl ${cmd} ${argv.join(' ')}`, { skip }, () => {
      const r = spawnSync('kubectl', [...cmd.split(' '), ...argv], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, KUBECONFIG: '/dev/null' } });
      assert.equal(r.stderr, `Error: ${msg}\nSee 'kubectl ${cmd} --help' for usage.\n`);
      assert.equal(r.status, 1);
    });
  }
});

describe('parseDuration (Go time.ParseDuration, in ms)', () => {
  const cases: [string, number | string][] = [
    ['1m0s', 60000], ['1.5h', 5400000], ['0', 0], ['300ms', 300], ['-2s', -2000], ['+.5s', 500], ['1us', 0.001], ['', 0],
    ['5', 'time: missing unit in duration "5"'], ['x', 'time: invalid duration "x"'], ['.s', 'time: invalid duration ".s"'],
  ];
  for (const [v, want] of cases) {
    test(JSON.stringify(v), () => {
      if (typeof want === 'number') assert.equal(parseDuration(v), want);
      else assert.throws(() => parseDuration(v), { message: want });
    });
  }
});
