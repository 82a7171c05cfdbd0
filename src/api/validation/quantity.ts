// resource.Quantity: parsing, comparison and canonical formatting (Quantity.String()), so that
// `cpu: 0.5` is stored as `500m` and `memory: 1024Mi` as `1Gi`, as a real API server does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa * 10^scale */
  mantissa: bigint;
  scale: number;
  format: QuantityFormat;
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
export const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DEC_SUFFIX: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parse a quantity (string or JSON number). Returns null when the API server would reject it. */
export function parseQuantity(input: unknown): Quantity | null {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    s = String(input);
    if (/e/i.test(s)) {
      // JSON numbers like 1e-7 arrive as DecimalExponent-ish strings
      const m = /^(-?[0-9.]+)e([+-]?[0-9]+)$/i.exec(s);
      if (!m) return null;
      s = `${m[1]}e${m[2]}`;
    }
  } else if (typeof input === 'string') {
    s = input.trim() === input ? input : '';
  } else return null;
  if (!s) return null;
  const m = QUANTITY_RE.exec(s);
  if (!m) return null;
  let numPart = m[1];
  const suffix = m[2];
  let neg = false;
  if (numPart[0] === '+' || numPart[0] === '-') {
    neg = numPart[0] === '-';
    numPart = numPart.slice(1);
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(numPart)) return null;
  const [ip, fp = ''] = numPart.split('.');
  let mantissa = BigInt((ip || '0') + fp);
  let scale = -fp.length;
  let format: QuantityFormat;
  if (suffix in DEC_SUFFIX) {
    format = 'DecimalSI';
    scale += DEC_SUFFIX[suffix];
  } else if (suffix in BIN_SUFFIX) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BIN_SUFFIX[suffix]);
  } else {
    const em = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
    if (!em) return null;
    format = 'DecimalExponent';
    scale += Number(em[1]);
  }
  if (neg) mantissa = -mantissa;
  const q: Quantity = { mantissa, scale, format };
  // values more precise than nano are rounded up (away from zero) on parse
  return roundUp(q, -9);
}

/** Quantity.RoundUp(scale): round away from zero to the given decimal scale. */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  const d = pow10(scale - q.scale);
  let m = q.mantissa / d;
  if (q.mantissa % d !== 0n) m += q.mantissa < 0n ? -1n : 1n;
  return { mantissa: m, scale, format: q.format };
}

export function isZero(q: Quantity): boolean {
  return q.mantissa === 0n;
}

export function sign(q: Quantity): number {
  return q.mantissa === 0n ? 0 : q.mantissa < 0n ? -1 : 1;
}

export function cmp(a: Quantity, b: Quantity): number {
  const s = Math.min(a.scale, b.scale);
  const am = a.mantissa * pow10(a.scale - s);
  const bm = b.mantissa * pow10(b.scale - s);
  return am === bm ? 0 : am < bm ? -1 : 1;
}

/** MilliValue (rounded up) as a bigint. */
export function milliValue(q: Quantity): bigint {
  return roundUp(q, -3).mantissa * pow10(roundUp(q, -3).scale + 3);
}

function removeFactors(m: bigint, base: bigint): [bigint, number] {
  let times = 0;
  if (m === 0n) return [m, 0];
  while (m % base === 0n) {
    m /= base;
    times++;
  }
  return [m, times];
}

/** Quantity.String() */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const v = q.scale >= 0 ? q.mantissa * pow10(q.scale) : null;
    const exact = q.scale >= 0 || q.mantissa % pow10(-q.scale) === 0n;
    const intVal = v ?? (exact ? q.mantissa / pow10(-q.scale) : null);
    if (intVal === null || (intVal > -1024n && intVal < 1024n)) format = 'DecimalSI';
    else {
      let [m, e] = [intVal, 0];
      while (e < 6 && m % 1024n === 0n) {
        m /= 1024n;
        e++;
      }
      return m.toString() + ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][e];
    }
  }
  let [m, times] = removeFactors(q.mantissa, 10n);
  let exp = q.scale + times;
  const r = ((exp % 3) + 3) % 3;
  if (r === 1) {
    m *= 10n;
    exp -= 1;
  } else if (r === 2) {
    m *= 100n;
    exp -= 2;
  }
  if (format === 'DecimalExponent') return m.toString() + (exp === 0 ? '' : `e${exp}`);
  const suffixes: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
  if (exp in suffixes) return m.toString() + suffixes[exp];
  // out of SI range: fall back to exponent notation
  return m.toString() + `e${exp}`;
}

/** Canonical form of a quantity value, or the input unchanged when it does not parse. */
export function canonicalQuantity(v: unknown, roundToMilli = false): unknown {
  let q = parseQuantity(v);
  if (!q) return v;
  if (roundToMilli) q = roundUp(q, -3);
  return formatQuantity(q);
}
