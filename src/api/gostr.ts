// Go's string and duration formats that kubectl's messages and flags use (cheap: the CLI's flag
// parser loads it on every command).

import { CliError } from './errors';

/** Go's %q of a string (close enough: JSON escaping without HTML escaping). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

/**
 * Go's time.ParseDuration (`1m0s`, `1.5h`, `300ms`, `-2s`, `0`) in milliseconds; throws Go's error
 * text (`time: missing unit in duration "5"`, `time: unknown unit "x" in duration "5x"`,
 * `time: invalid duration "soon"`). Used by pflag's duration flags and the generators' checks.
 */
export function parseGoDuration(orig: string): number {
  const invalid = () => new CliError(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s !== '') {
    // [0-9]*(\.[0-9]*)? with at least one digit, then a unit
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (!num[1] && !num[2]) throw invalid();
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (!unit) throw new CliError(`time: missing unit in duration ${goQuote(orig)}`);
    if (!(unit in DURATION_UNITS)) throw new CliError(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`);
    total += Number(`${num[1] || '0'}.${num[2] || '0'}`) * DURATION_UNITS[unit];
    s = s.slice(unit.length);
  }
  if (total * 1e6 > 9223372036854775807) throw invalid();
  return neg ? -total : total;
}

