import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseCron, tryParseCron, CronParseError } from '../../../src/controllers/cron';
import { cronParseError } from '../../../src/api/validation/cron';

const ms = (s: string) => Date.parse(s);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));

/** the next `n` activations after `from` */
function nexts(spec: string, from: string, n: number): (string | null)[] {
  const s = parseCron(spec);
  const out: (string | null)[] = [];
  let t: number | null = ms(from);
  for (let i = 0; i < n && t !== null; i++) {
    t = s.next(t);
    out.push(iso(t));
  }
  return out;
}

interface Row { name: string; spec: string; from: string; expect: (string | null)[] }

// 2025-01-01 is a Wednesday; 2025-01-03 a Friday; 2026-01-02 a Friday.
const rows: Row[] = [
  { name: 'every 5 minutes', spec: '*/5 * * * *', from: '2025-01-01T12:03:30Z', expect: ['2025-01-01T12:05:00Z', '2025-01-01T12:10:00Z'] },
  { name: 'strictly after an activation', spec: '0 * * * *', from: '2025-01-01T12:00:00Z', expect: ['2025-01-01T13:00:00Z'] },
  { name: 'sub-second: still the next minute', spec: '* * * * *', from: '2025-01-01T12:00:59.999Z', expect: ['2025-01-01T12:01:00Z'] },
  { name: 'N/step = N-max/step', spec: '5/15 * * * *', from: '2025-01-01T12:50:00Z', expect: ['2025-01-01T13:05:00Z', '2025-01-01T13:20:00Z'] },
  {
    name: 'range with step',
    spec: '1-10/4 * * * *', from: '2025-01-01T12:00:00Z', expect: ['2025-01-01T12:01:00Z', '2025-01-01T12:05:00Z', '2025-01-01T12:09:00Z', '2025-01-01T13:01:00Z'],
  },
  {
    name: 'hours with step, weekdays (Friday evening → Monday)',
    spec: '30 6-16/4 * * 1-5', from: '2025-01-03T17:00:00Z', expect: ['2025-01-06T06:30:00Z', '2025-01-06T10:30:00Z', '2025-01-06T14:30:00Z', '2025-01-07T06:30:00Z'],
  },
  { name: 'lists', spec: '0,30 8,20 * * *', from: '2025-01-01T08:30:00Z', expect: ['2025-01-01T20:00:00Z', '2025-01-01T20:30:00Z', '2025-01-02T08:00:00Z'] },
  { name: 'day 31 skips short months', spec: '0 0 31 * *', from: '2025-01-31T00:00:00Z', expect: ['2025-03-31T00:00:00Z', '2025-05-31T00:00:00Z', '2025-07-31T00:00:00Z', '2025-08-31T00:00:00Z'] },
  { name: 'day 29 skips a non-leap February', spec: '0 0 29 * *', from: '2025-02-01T00:00:00Z', expect: ['2025-03-29T00:00:00Z'] },
  { name: 'Feb 29: the next leap year', spec: '0 0 29 2 *', from: '2025-01-01T00:00:00Z', expect: ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'] },
  { name: 'Feb 31 never fires', spec: '0 0 31 2 *', from: '2025-01-01T00:00:00Z', expect: [null] },
  { name: 'year wrap', spec: '59 23 31 12 *', from: '2025-12-31T23:59:00Z', expect: ['2026-12-31T23:59:00Z'] },
  {
    name: 'dom and dow both restricted: either matches (OR)',
    spec: '0 0 1 * MON', from: '2025-01-01T00:00:00Z',
    expect: ['2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', '2025-01-20T00:00:00Z', '2025-01-27T00:00:00Z', '2025-02-01T00:00:00Z', '2025-02-03T00:00:00Z'],
  },
  { name: 'dom *: dow alone (AND)', spec: '0 0 * * MON', from: '2025-01-01T00:00:00Z', expect: ['2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z'] },
  { name: 'dow */2 is restricted (step > 1 clears the star)', spec: '0 0 1 * */2', from: '2025-01-01T00:00:00Z', expect: ['2025-01-02T00:00:00Z', '2025-01-04T00:00:00Z', '2025-01-05T00:00:00Z'] },
  { name: 'dow */1 keeps the star (AND with dom)', spec: '0 0 1 * */1', from: '2025-01-01T00:00:00Z', expect: ['2025-02-01T00:00:00Z'] },
  { name: '? is *', spec: '0 12 ? * SUN', from: '2025-01-01T00:00:00Z', expect: ['2025-01-05T12:00:00Z', '2025-01-12T12:00:00Z'] },
  { name: 'names, any case, month range', spec: '15 10 * JAN-mar mon,FRI', from: '2025-03-28T11:00:00Z', expect: ['2025-03-31T10:15:00Z', '2026-01-02T10:15:00Z'] },
  { name: 'Sunday is 0', spec: '0 0 * * 0', from: '2025-01-01T00:00:00Z', expect: ['2025-01-05T00:00:00Z'] },
  { name: '@yearly', spec: '@yearly', from: '2025-06-01T00:00:00Z', expect: ['2026-01-01T00:00:00Z'] },
  { name: '@annually', spec: '@annually', from: '2025-01-01T00:00:00Z', expect: ['2026-01-01T00:00:00Z'] },
  { name: '@monthly', spec: '@monthly', from: '2025-01-31T10:00:00Z', expect: ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'] },
  { name: '@weekly (Sunday midnight)', spec: '@weekly', from: '2025-01-01T00:00:00Z', expect: ['2025-01-05T00:00:00Z', '2025-01-12T00:00:00Z'] },
  { name: '@daily', spec: '@daily', from: '2025-01-01T00:00:00Z', expect: ['2025-01-02T00:00:00Z'] },
  { name: '@midnight', spec: '@midnight', from: '2025-01-01T23:59:59Z', expect: ['2025-01-02T00:00:00Z'] },
  { name: '@hourly', spec: '@hourly', from: '2025-01-01T12:59:59Z', expect: ['2025-01-01T13:00:00Z'] },
  { name: '@every 90s', spec: '@every 90s', from: '2025-01-01T12:00:00.500Z', expect: ['2025-01-01T12:01:30Z', '2025-01-01T12:03:00Z'] },
  { name: '@every 1h30m', spec: '@every 1h30m', from: '2025-01-01T12:00:00Z', expect: ['2025-01-01T13:30:00Z'] },
  { name: 'CRON_TZ=UTC prefix', spec: 'CRON_TZ=UTC 0 9 * * *', from: '2025-01-01T10:00:00Z', expect: ['2025-01-02T09:00:00Z'] },
  { name: 'TZ=Etc/UTC with a descriptor', spec: 'TZ=Etc/UTC @daily', from: '2025-01-01T10:00:00Z', expect: ['2025-01-02T00:00:00Z'] },
  { name: 'extra whitespace between fields', spec: '  0   0  * *   * ', from: '2025-01-01T10:00:00Z', expect: ['2025-01-02T00:00:00Z'] },
];

interface BadRow { spec: string; error: string }

const bad: BadRow[] = [
  { spec: '', error: 'empty spec string' },
  { spec: '* * * *', error: 'expected exactly 5 fields, found 4: [* * * *]' },
  { spec: '0 * * * * *', error: 'expected exactly 5 fields, found 6: [0 * * * * *]' },
  { spec: '60 * * * *', error: 'end of range (60) above maximum (59): 60' },
  { spec: '* 24 * * *', error: 'end of range (24) above maximum (23): 24' },
  { spec: '* * 0 * *', error: 'beginning of range (0) below minimum (1): 0' },
  { spec: '* * * 13 *', error: 'end of range (13) above maximum (12): 13' },
  { spec: '* * * * 7', error: 'end of range (7) above maximum (6): 7' },
  { spec: '5-1 * * * *', error: 'beginning of range (5) beyond end of range (1): 5-1' },
  { spec: '*/0 * * * *', error: 'step of range should be a positive number: */0' },
  { spec: '* * * FOO *', error: 'failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax' },
  { spec: '1,,2 * * * *', error: 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax' },
  { spec: '1-2-3 * * * *', error: 'too many hyphens: 1-2-3' },
  { spec: '*/2/3 * * * *', error: 'too many slashes: */2/3' },
  { spec: '@fortnightly', error: 'unrecognized descriptor: @fortnightly' },
  { spec: '@every 5x', error: 'failed to parse duration @every 5x: time: invalid duration "5x"' },
];

describe('cron: next activations', () => {
  for (const r of rows) {
    test(`${r.name}: ${r.spec}`, () => {
      assert.deepEqual(nexts(r.spec, r.from, r.expect.length), r.expect);
    });
  }
});

describe('cron: invalid specs (robfig/cron messages)', () => {
  for (const r of bad) {
    test(JSON.stringify(r.spec), () => {
      assert.throws(() => parseCron(r.spec), (e: unknown) => e instanceof CronParseError && e.message === r.error);
      assert.deepEqual(tryParseCron(r.spec), { error: r.error });
      // the API server's validation says the same
      assert.equal(cronParseError(r.spec), r.error);
    });
  }

  test('time zones other than UTC are refused', () => {
    for (const spec of ['TZ=America/New_York 0 * * * *', 'CRON_TZ=Europe/Berlin @daily']) {
      const r = tryParseCron(spec);
      assert.ok(r.error?.startsWith(`provided bad location ${spec.slice(spec.indexOf('=') + 1, spec.indexOf(' '))}: `), r.error);
    }
    assert.equal(tryParseCron('TZ=UTC').error, 'provided bad location UTC: unknown time zone UTC');
  });

  test('valid specs are valid for the API server too', () => {
    for (const r of rows) assert.equal(cronParseError(r.spec.trim()), '', r.spec);
  });
});
