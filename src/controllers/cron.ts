// A cron schedule parser and next-activation calculator: github.com/robfig/cron/v3 ParseStandard
// (the CronJob controller's parser). Five fields (minute hour day-of-month month day-of-week) with
// `*`, `?`, lists, ranges, steps, month/day names; the descriptors @yearly @annually @monthly
// @weekly @daily @midnight @hourly and `@every <duration>`; an optional `TZ=`/`CRON_TZ=` prefix.
// Day-of-month / day-of-week: when both are restricted (neither written with `*`/`?`), a day
// matches if either does (robfig's starBit rule).
//
// Time zones: kctl computes every schedule in UTC (the zone kube-controller-manager runs in on a
// kubeadm cluster). A `TZ=`/`CRON_TZ=` prefix (or spec.timeZone, which the controller turns into
// one) naming UTC (`UTC`, `Etc/UTC`, `GMT`, `Etc/GMT`, `Zulu`, `Etc/Zulu`, `UCT`, `Etc/UCT`,
// `Universal`, `Etc/Universal`) is accepted; any other zone is a parse error
// (`provided bad location X: ...`). Pure: times are ms since the epoch.

export class CronParseError extends Error {}

export interface CronSchedule {
  /** the first activation strictly after `t` (ms since the epoch, whole seconds); null when none within 5 years (e.g. `0 0 31 2 *`) */
  next(t: number): number | null;
}

interface Bounds { min: number; max: number; names?: Record<string, number> }

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Zulu', 'Etc/Zulu', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal']);

/** Whether kctl can schedule in this zone (UTC only; '' = the controller's local zone = UTC). */
export function isSupportedTimeZone(tz: string): boolean {
  return tz === '' || UTC_ZONES.has(tz);
}

/** A field's allowed values (index = value) and whether it was written with `*`/`?` (starBit). */
interface Field { bits: boolean[]; star: boolean }

/** strconv.Atoi + robfig's mustParseInt */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) {
    throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  }
  const n = parseInt(expr, 10);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const k = expr.toLowerCase();
  if (names && Object.prototype.hasOwnProperty.call(names, k)) return names[k];
  return mustParseInt(expr);
}

/** getRange: one `a`, `a-b`, `*`, `?`, with an optional `/step`. */
function parseRange(expr: string, r: Bounds, f: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    // "N/step" means "N-max/step"
    if (single) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) f.bits[i] = true;
  if (star) f.star = true;
}

function parseField(field: string, r: Bounds): Field {
  const f: Field = { bits: new Array(r.max + 1).fill(false), star: false };
  for (const expr of field.split(',')) parseRange(expr, r, f);
  return f;
}

class SpecSchedule implements CronSchedule {
  constructor(readonly minute: Field, readonly hour: Field, readonly dom: Field, readonly month: Field, readonly dow: Field) {}

  private dayMatches(d: Date): boolean {
    const domMatch = this.dom.bits[d.getUTCDate()];
    const dowMatch = this.dow.bits[d.getUTCDay()];
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /** SpecSchedule.Next, in UTC (no DST to handle) */
  next(t: number): number | null {
    let d = new Date(Math.floor(t / 1000) * 1000 + 1000);
    let added = false;
    const yearLimit = d.getUTCFullYear() + 5;
    wrap: for (;;) {
      if (d.getUTCFullYear() > yearLimit) return null;
      while (!this.month.bits[d.getUTCMonth() + 1]) {
        if (!added) {
          added = true;
          d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        }
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
        if (d.getUTCMonth() === 0) continue wrap;
      }
      while (!this.dayMatches(d)) {
        if (!added) {
          added = true;
          d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
        }
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
        if (d.getUTCDate() === 1) continue wrap;
      }
      while (!this.hour.bits[d.getUTCHours()]) {
        if (!added) {
          added = true;
          d = new Date(Math.floor(d.getTime() / 3600000) * 3600000);
        }
        d = new Date(d.getTime() + 3600000);
        if (d.getUTCHours() === 0) continue wrap;
      }
      while (!this.minute.bits[d.getUTCMinutes()]) {
        if (!added) {
          added = true;
          d = new Date(Math.floor(d.getTime() / 60000) * 60000);
        }
        d = new Date(d.getTime() + 60000);
        if (d.getUTCMinutes() === 0) continue wrap;
      }
      // the seconds field of a standard spec is always 0
      while (d.getUTCSeconds() !== 0) {
        added = true;
        d = new Date(d.getTime() + 1000);
        if (d.getUTCSeconds() === 0) continue wrap;
      }
      return d.getTime();
    }
  }
}

/** ConstantDelaySchedule (`@every`): delay rounded down to whole seconds, at least 1s. */
class EverySchedule implements CronSchedule {
  constructor(readonly delayMs: number) {}
  next(t: number): number | null {
    return Math.floor(t / 1000) * 1000 + this.delayMs;
  }
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

/** time.ParseDuration (unsigned), in ms; undefined when invalid. */
function parseDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let i = 0;
  if (s.length === 0) return undefined;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]) * DURATION_UNITS[m[2]];
    i = re.lastIndex;
  }
  return total;
}

/** cron.ParseStandard; throws CronParseError with robfig's message. */
export function parseCron(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let s = spec;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    const eq = s.indexOf('=');
    const tz = s.slice(eq + 1, i < 0 ? undefined : i);
    if (i < 0) throw new CronParseError(`provided bad location ${tz}: unknown time zone ${tz}`);
    if (!UTC_ZONES.has(tz)) {
      throw new CronParseError(`provided bad location ${tz}: unsupported time zone ${tz} (kctl schedules CronJobs in UTC only)`);
    }
    s = s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (s.startsWith('@every ')) {
      const d = s.slice('@every '.length);
      const ms = parseDuration(d);
      if (ms === undefined) throw new CronParseError(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(d)}`);
      return new EverySchedule(ms < 1000 ? 1000 : ms - (ms % 1000));
    }
    const std = DESCRIPTORS[s];
    if (!std) throw new CronParseError(`unrecognized descriptor: ${s}`);
    s = std;
  }
  const fields = s.split(/\s+/).filter((x) => x.length > 0);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(
    parseField(fields[0], MINUTES), parseField(fields[1], HOURS), parseField(fields[2], DOM),
    parseField(fields[3], MONTHS), parseField(fields[4], DOW),
  );
}

/** parseCron without throwing: the schedule, or robfig's error text. */
export function tryParseCron(spec: string): { schedule: CronSchedule; error?: undefined } | { schedule?: undefined; error: string } {
  try {
    return { schedule: parseCron(spec) };
  } catch (e) {
    if (e instanceof CronParseError) return { error: e.message };
    throw e;
  }
}
