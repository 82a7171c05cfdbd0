// `-o custom-columns=<spec>` and `-o custom-columns-file=<file>`: a port of kubectl's
// pkg/cmd/get/customcolumn.go (CustomColumnsPrinter) and customcolumn_flags.go.
//
// Each cell is every value the column's JSONPath finds, fmt.Sprint'ed (`%v`: maps print as
// `map[k:v]`, slices as `[a b]`, null as `<nil>`) and comma-joined; `<none>` when the path finds
// nothing. Rows go through the `kubectl get` tabwriter (minwidth 6, padding 3).

import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import {
  findJsonPathResults, goSprint, JsonPathError, parseJsonPath, relaxedJsonPathExpression,
  type ParsedJsonPath,
} from './jsonpath';
import { newGetTabWriter } from './tabwriter';

export interface CustomColumn {
  /** header as given (kubectl prints it verbatim, no upper-casing) */
  header: string;
  /** the JSONPath template, already relaxed to `{.a.b}` form */
  fieldSpec: string;
}

/** Marks a spec string made by parseCustomColumnsFile (kubectl ignores --no-headers for those). */
const FILE_SPEC_PREFIX = '\u0000custom-columns-file\u0000';

function relaxed(expr: string): string {
  try {
    return relaxedJsonPathExpression(expr);
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * NewCustomColumnsPrinterFromSpec: `NAME:.metadata.name,IP:.status.podIP`. Throws CliError with
 * kubectl's messages (`unexpected custom-columns spec: ..., expected <header>:<json-path-expr>`).
 */
export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (spec.startsWith(FILE_SPEC_PREFIX)) return JSON.parse(spec.slice(FILE_SPEC_PREFIX.length)) as CustomColumn[];
  if (spec.length === 0) throw new CliError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxed(part.slice(i + 1)) };
  });
}

/**
 * NewCustomColumnsPrinterFromTemplate: a header line and a spec line, each whitespace-separated.
 * Returns a spec string for printCustomColumns (opaque: the columns are carried as parsed, and the
 * printer will, as kubectl does for a file, print the header even with --no-headers).
 */
export function parseCustomColumnsFile(text: string): string {
  return FILE_SPEC_PREFIX + JSON.stringify(parseCustomColumnsTemplate(text));
}

/** The columns of a custom-columns file (see parseCustomColumnsFile). */
export function parseCustomColumnsTemplate(text: string): CustomColumn[] {
  const lines = scanLines(text);
  const missing = (what: string) => new CliError(`invalid template, missing ${what} line. Expected format is one line of space separated headers, one line of space separated column specs.`);
  if (lines.length < 1) throw missing('header');
  const headers = splitOnWhitespace(lines[0]);
  if (lines.length < 2) throw missing('spec');
  const specs = splitOnWhitespace(lines[1]);
  if (headers.length !== specs.length) {
    throw new CliError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxed(specs[i]) }));
}

/** bufio.Scanner with ScanLines: lines without their `\n` (and a trailing `\r`); no final empty line. */
function scanLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** bufio.ScanWords: split on Unicode white space. */
function splitOnWhitespace(line: string): string[] {
  return line.split(/[\s\u0085\u00a0]+/u).filter((w) => w.length > 0);
}

/** printers.EscapeTerminal */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export interface CustomColumnsOptions {
  noHeaders?: boolean;
}

/**
 * Render objects (already flattened: a List's items, one by one) as kubectl's custom-columns
 * printer does. `spec` is a `-o custom-columns=` value, a parseCustomColumnsFile() result, or
 * columns. Errors (bad spec, JSONPath parse or execution errors) are CliErrors with kubectl's text.
 * On an execution error kubectl has already flushed the header and earlier rows to stdout; that
 * partial output is on the error as `stdout`.
 */
export function printCustomColumns(spec: string | CustomColumn[], objects: KObject[], opts: CustomColumnsOptions = {}): string {
  const fromFile = typeof spec === 'string' && spec.startsWith(FILE_SPEC_PREFIX);
  const columns = typeof spec === 'string' ? parseCustomColumnsSpec(spec) : spec;
  const noHeaders = fromFile ? false : !!opts.noHeaders;

  const tw = newGetTabWriter();
  if (!noHeaders) tw.write(columns.map((c) => c.header).join('\t') + '\n');

  const parsers: ParsedJsonPath[] = columns.map((c) => {
    try {
      return parseJsonPath(c.fieldSpec);
    } catch (e) {
      if (e instanceof JsonPathError) throw withStdout(new CliError(e.message), tw.flush());
      throw e;
    }
  });

  for (const obj of objects) {
    const cells = parsers.map((p) => {
      let values: unknown[][];
      try {
        values = findJsonPathResults(p, obj, { allowMissingKeys: true });
      } catch (e) {
        if (e instanceof JsonPathError) throw withStdout(new CliError(e.message), tw.flush());
        throw e;
      }
      const strs: string[] = [];
      if (values.length === 0 || values[0].length === 0) strs.push('<none>');
      for (const group of values) for (const v of group) strs.push(escapeTerminal(goSprint(v)));
      return strs.join(',');
    });
    tw.write(cells.join('\t') + '\n');
  }
  return tw.flush();
}

function withStdout(err: CliError, stdout: string): CliError {
  (err as CliError & { stdout?: string }).stdout = stdout;
  return err;
}
