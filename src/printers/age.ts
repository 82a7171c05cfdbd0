// Durations as kubectl prints them: k8s.io/apimachinery/pkg/util/duration (HumanDuration,
// ShortHumanDuration) and the printers' translateTimestampSince. Pure: `now` is a parameter.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x) for a float: truncation toward zero. */
const trunc = Math.trunc;

/** duration.HumanDuration: `0s`..`119s`, `5m10s`, `10m`, `3h5m`, `8h`, `2d3h`, `45d`, `3y100d`, `9y`. */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = trunc(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = trunc(ms / MINUTE) % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const y = trunc(trunc(hours / 24) / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${trunc(trunc(hours / 24) / 365)}y`;
}

/** duration.ShortHumanDuration: `Ns` (<60s), `Nm` (<60m), `Nh` (<24h), `Nd` (<365d), else `Ny`. */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`;
  return `${trunc(ms / HOUR / 24 / 365)}y`;
}

const ZERO_TIME = -62135596800000; // 0001-01-01T00:00:00Z (Go's zero time)

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp (`2024-12-02T10:00:00Z`, also with a
 * fraction or an offset, as metav1.Time / MicroTime serialise), or undefined when missing or
 * unparseable. Go's zero time (`0001-01-01T00:00:00Z`) counts as missing, as metav1.Time.IsZero.
 */
export function parseTime(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return undefined;
  if (t === ZERO_TIME) return undefined;
  return t;
}

/** translateTimestampSince: HumanDuration(now - ts), `<unknown>` for a missing timestamp. */
export function age(timestamp: string | undefined | null, now: number): string {
  const t = parseTime(timestamp);
  if (t === undefined) return '<unknown>';
  return humanDuration(now - t);
}

/** translateTimestampUntil: HumanDuration(ts - now), `<unknown>` for a missing timestamp. */
export function until(timestamp: string | undefined | null, now: number): string {
  const t = parseTime(timestamp);
  if (t === undefined) return '<unknown>';
  return humanDuration(t - now);
}
