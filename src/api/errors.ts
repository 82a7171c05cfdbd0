// Errors shaped like the API server's Status and kubectl's client-side errors.
// One place for reasons, codes and the way kubectl prints them (cmd/util/helpers.go checkErr).

export type Reason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Forbidden'
  | 'MethodNotAllowed' | 'Gone' | 'Expired' | 'InternalError' | 'Timeout' | 'NotAcceptable'
  | 'UnsupportedMediaType' | 'RequestEntityTooLarge' | '';

export const REASON_CODES: Record<string, number> = {
  NotFound: 404, AlreadyExists: 409, Conflict: 409, Invalid: 422, BadRequest: 400, Forbidden: 403,
  MethodNotAllowed: 405, Gone: 410, Expired: 410, InternalError: 500, Timeout: 504, NotAcceptable: 406,
  UnsupportedMediaType: 415, RequestEntityTooLarge: 413,
};

/** One field.Error of apimachinery: `<field>: <type>: <detail>` */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueDuplicate'
    | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'FieldValueNotFound' | 'InternalError';
  field: string;
  /** the rendered message after the field name, e.g. `Invalid value: "x": must be ...` */
  message: string;
}

/** Go's %#v-ish rendering that apimachinery uses for bad values in field errors. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && Object.values(v as object).every((x) => typeof x === 'string')) {
    const keys = Object.keys(v as object).sort();
    return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify((v as any)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

export const field = {
  invalid: (f: string, value: unknown, detail: string): FieldError =>
    ({ type: 'FieldValueInvalid', field: f, message: `Invalid value: ${renderValue(value)}${detail ? ': ' + detail : ''}` }),
  required: (f: string, detail = ''): FieldError =>
    ({ type: 'FieldValueRequired', field: f, message: `Required value${detail ? ': ' + detail : ''}` }),
  notSupported: (f: string, value: unknown, valid: string[]): FieldError =>
    ({ type: 'FieldValueNotSupported', field: f, message: `Unsupported value: ${renderValue(value)}${valid.length ? ': supported values: ' + valid.map((x) => JSON.stringify(x)).join(', ') : ''}` }),
  duplicate: (f: string, value: unknown): FieldError =>
    ({ type: 'FieldValueDuplicate', field: f, message: `Duplicate value: ${renderValue(value)}` }),
  forbidden: (f: string, detail: string): FieldError =>
    ({ type: 'FieldValueForbidden', field: f, message: `Forbidden: ${detail}` }),
  tooLong: (f: string, max: number): FieldError =>
    ({ type: 'FieldValueTooLong', field: f, message: `Too long: may not be more than ${max} bytes` }),
};

export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}

/** A Kubernetes `Status` failure, thrown by the API layer. */
export class StatusError extends Error {
  reason: Reason;
  code: number;
  details?: { name?: string; group?: string; kind?: string; causes?: FieldError[] };
  constructor(reason: Reason, message: string, details?: StatusError['details'], code?: number) {
    super(message);
    this.reason = reason;
    this.code = code ?? REASON_CODES[reason] ?? 500;
    this.details = details;
  }
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message,
      reason: this.reason || undefined, details: this.details, code: this.code,
    };
  }
}

/** `<resource>[.<group>]` as the API server names a resource in messages: `deployments.apps`. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(resource: string, group: string, name: string): StatusError {
  return new StatusError('NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, group: string, name: string): StatusError {
  return new StatusError('AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(resource: string, group: string, name: string): StatusError {
  return new StatusError('Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource });
}

/** 422 Invalid: `<Kind> "<name>" is invalid: ...` (message as the API server builds it). */
export function invalid(kind: string, name: string, causes: FieldError[]): StatusError {
  const list = causes.map(fieldErrorString);
  const msg = list.length === 1
    ? `${kind} "${name}" is invalid: ${list[0]}`
    : `${kind} "${name}" is invalid: [${list.join(', ')}]`;
  return new StatusError('Invalid', msg, { name, kind, causes });
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function internalError(message: string): StatusError {
  return new StatusError('InternalError', `Internal error occurred: ${message}`);
}

/** A client-side error (kubectl prints `error: <msg>`). */
export class CliError extends Error {
  exitCode: number;
  /** printed verbatim (no `error: ` prefix) */
  raw: boolean;
  constructor(message: string, opts: { exitCode?: number; raw?: boolean } = {}) {
    super(message);
    this.exitCode = opts.exitCode ?? 1;
    this.raw = opts.raw ?? false;
  }
}

/** A usage error: `error: <msg>` + `See 'kctl <cmd> -h' for help and examples`. */
export class UsageError extends CliError {
  command: string;
  constructor(message: string, command: string) {
    super(message);
    this.command = command;
  }
}

/**
 * Render an error the way kubectl's CheckErr prints it.
 * `context` is the `error when creating "file.yaml": ` style prefix that resource builders add.
 */
export function formatError(err: unknown, context = ''): string {
  if (err instanceof StatusError) {
    if (err.reason === 'Invalid' && err.details?.causes?.length) {
      const d = err.details;
      const causes = d.causes!;
      // kubectl rebuilds the message from the details, dropping the "error when creating" context
      if (causes.length === 1) return `The ${d.kind} "${d.name}" is invalid: ${fieldErrorString(causes[0])}`;
      return `The ${d.kind} "${d.name}" is invalid: \n${causes.map((c) => '* ' + fieldErrorString(c)).join('\n')}`;
    }
    if (err.reason === 'Invalid') {
      // kubectl never prints the server's message for Invalid: it rebuilds it from the details
      const d = err.details;
      return d?.kind || d?.name ? `The ${d.kind} "${d.name}" is invalid` : 'The request is invalid';
    }
    return err.reason ? `Error from server (${err.reason}): ${context}${err.message}` : `Error from server: ${context}${err.message}`;
  }
  if (err instanceof UsageError) return `error: ${err.message}\nSee 'kctl ${err.command} -h' for help and examples`;
  if (err instanceof CliError) return err.raw ? err.message : `error: ${err.message}`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** Exit 1 without printing (the command has already reported its errors). */
export function silentFailure(exitCode = 1): CliError {
  return new CliError('', { raw: true, exitCode });
}

/**
 * kubectl's StandardErrorMessage with a source context, used when several errors are reported at
 * once (each on its own line) — unlike formatError, Invalid keeps its context here.
 */
export function standardErrorMessage(err: unknown, context = ''): string {
  if (err instanceof StatusError) {
    const msg = err.reason === 'Invalid' && err.details?.causes?.length
      ? `${err.details.kind} "${err.details.name}" is invalid: ${err.details.causes.length === 1 ? fieldErrorString(err.details.causes[0]) : '[' + err.details.causes.map(fieldErrorString).join(', ') + ']'}`
      : err.message;
    return err.reason ? `Error from server (${err.reason}): ${context}${msg}` : `Error from server: ${context}${msg}`;
  }
  return formatError(err);
}

/** Report a batch of errors as kubectl's CheckErr does (one: formatted alone; several: one per line). */
export function formatErrors(errs: { err: unknown; context?: string }[]): string {
  if (errs.length === 1) return formatError(errs[0].err, errs[0].context ?? '');
  return errs.map((e) => standardErrorMessage(e.err, e.context ?? '')).join('\n');
}
