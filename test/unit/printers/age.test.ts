import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { age, humanDuration, parseTime, shortHumanDuration, until } from '../../../src/printers/age';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration (duration.HumanDuration)', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1999, '0s'], // int(d.Seconds()) truncates toward zero: -1
    [-1 * S, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * S, '1s'],
    [59 * S, '59s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [5 * M + 10 * S, '5m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 59 * S, '10m'],
    [112 * M, '112m'],
    [179 * M + 59 * S, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [5 * H + 12 * M, '5h12m'],
    [6 * H + 39 * M, '6h39m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [18 * H, '18h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [27 * D + 5 * H, '27d'],
    [45 * D, '45d'],
    [729 * D + 23 * H, '729d'],
    [730 * D, '2y'],
    [3 * Y + 100 * D, '3y100d'],
    [8 * Y - D, '7y364d'],
    [8 * Y, '8y'],
    [20 * Y + 200 * D, '20y'],
  ];
  for (const [ms, want] of cases) test(`${ms}ms -> ${want}`, () => assert.equal(humanDuration(ms), want));
});

describe('shortHumanDuration', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'], [-1 * S, '0s'], [0, '0s'], [59 * S, '59s'], [60 * S, '1m'], [59 * M + 59 * S, '59m'],
    [H, '1h'], [23 * H + 59 * M, '23h'], [D, '1d'], [364 * D, '364d'], [365 * D, '1y'], [3 * Y + 5 * D, '3y'],
  ];
  for (const [ms, want] of cases) test(`${ms}ms -> ${want}`, () => assert.equal(shortHumanDuration(ms), want));
});

describe('age (translateTimestampSince)', () => {
  const now = Date.parse('2024-12-02T10:00:00Z');
  const cases: [string | undefined | null, string][] = [
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2024-12-02T10:00:00Z', '0s'],
    ['2024-12-02T09:59:47Z', '13s'],
    ['2024-12-02T09:59:59.5Z', '0s'],
    ['2024-12-02T10:00:01Z', '0s'],
    ['2024-12-02T10:00:05Z', '<invalid>'],
    ['2024-12-02T04:48:00Z', '5h12m'],
    ['2024-11-05T10:00:00Z', '27d'],
    ['2024-12-02T12:00:00+02:00', '0s'],
    ['2024-12-02T09:58:00.123456Z', '119s'],
  ];
  for (const [ts, want] of cases) test(`${ts} -> ${want}`, () => assert.equal(age(ts, now), want));

  test('until', () => {
    assert.equal(until('2024-12-02T10:05:00Z', now), '5m');
    assert.equal(until(undefined, now), '<unknown>');
  });
  test('parseTime', () => {
    assert.equal(parseTime('2024-12-02T10:00:00Z'), now);
    assert.equal(parseTime('0001-01-01T00:00:00Z'), undefined);
  });
});
