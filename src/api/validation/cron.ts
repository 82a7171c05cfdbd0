// cron.ParseStandard (github.com/robfig/cron/v3) error messages, for CronJob spec.schedule.
// Returns '' when the schedule parses.

interface Bounds { min: number; max: number; names?: Record<string, number> }

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function parseIntOrName(expr: string, names?: Record<string, number>): number | string {
  if (names && Object.prototype.hasOwnProperty.call(names, expr.toLowerCase())) return names[expr.toLowerCase()];
  if (!/^-?\d+$/.test(expr) && !/^\+?\d+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = parseInt(expr, 10);
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function parseRange(expr: string, r: Bounds): string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], r.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], r.names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = parseIntOrName(rangeAndStep[1]);
    if (typeof st === 'string') return st;
    step = st;
    if (lowAndHigh.length === 1 && lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') end = r.max;
    if (step > 1) { /* extra star bit cleared */ }
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return '';
}

function parseField(field: string, r: Bounds): string {
  for (const expr of field.split(',')) {
    const e = parseRange(expr, r);
    if (e) return e;
  }
  return '';
}

/** Empty string when valid, otherwise robfig/cron's error text. */
export function cronParseError(spec: string): string {
  if (spec.length === 0) return 'empty spec string';
  let s = spec;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    const tz = s.slice(s.indexOf('=') + 1, i < 0 ? undefined : i);
    if (i < 0) return `provided bad location ${tz}: unknown time zone ${tz}`;
    s = s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      const d = s.slice(7);
      return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(d) ? '' : `failed to parse duration ${s}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return DESCRIPTORS.has(s) ? '' : `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter((x) => x.length > 0);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  for (let i = 0; i < 5; i++) {
    const e = parseField(fields[i], bounds[i]);
    if (e) return e;
  }
  return '';
}
