// `-o` handling shared by the verbs: yaml, json, name, jsonpath, custom-columns, and the
// success lines (`deployment.apps/web created`).

import * as fs from 'node:fs';
import { CliError } from '../api/errors';
import { KindInfo, kindGroupName, resolveApiVersionKind } from '../api/kinds';
import type { KObject } from '../api/types';
import type { Ctx } from './context';

export type OutputKind = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'custom-columns';

export interface OutputFormat {
  kind: OutputKind;
  /** jsonpath template or custom-columns spec */
  arg?: string;
  /** -o jsonpath-as-json */
  asJson?: boolean;
}

const FORMATS_FOR_ERROR = 'custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml';

/** Parse `-o`. `allowed` lists what the command accepts (e.g. mutation commands have no wide). */
export function parseOutput(o: string | undefined, allowWide = true): OutputFormat {
  if (!o) return { kind: 'table' };
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : undefined;
  switch (name) {
    case 'yaml': case 'json': case 'name': return { kind: name };
    case 'wide': if (allowWide) return { kind: 'wide' }; break;
    case 'jsonpath': case 'jsonpath-as-json':
      if (!arg) throw new CliError('template format specified but no template given');
      return { kind: 'jsonpath', arg, asJson: name === 'jsonpath-as-json' };
    case 'jsonpath-file':
      if (!arg) throw new CliError('template format specified but no template file given');
      return { kind: 'jsonpath', arg: readFileOrFail(arg) };
    case 'custom-columns': {
      if (!arg) throw new CliError('custom-columns format specified but no custom columns given');
      // a bad spec is refused before anything is fetched
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require('../printers/custom-columns') as typeof import('../printers/custom-columns')).parseCustomColumnsSpec(arg);
      return { kind: 'custom-columns', arg };
    }
    case 'custom-columns-file': {
      if (!arg) throw new CliError('custom-columns-file format specified but no file given');
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const cc = require('../printers/custom-columns') as typeof import('../printers/custom-columns');
      return { kind: 'custom-columns', arg: cc.parseCustomColumnsFile(readFileOrFail(arg)) };
    }
    case 'go-template': case 'go-template-file': case 'template': case 'templatefile':
      throw new CliError(`output format "${name}" (Go templates) is not supported by kctl; use -o jsonpath=... instead`);
    default: break;
  }
  throw new CliError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowWide ? FORMATS_FOR_ERROR : FORMATS_FOR_ERROR.replace('wide, ', '')}`);
}

function readFileOrFail(f: string): string {
  try { return fs.readFileSync(f, 'utf8'); } catch (e: any) {
    throw new CliError(`error reading template ${f}, ${e.message}`);
  }
}

/** The object as kubectl shows it: without managedFields unless asked. */
export function forDisplay(obj: KObject, showManagedFields = false): KObject {
  if (showManagedFields || !obj.metadata?.managedFields) return obj;
  const { managedFields, ...md } = obj.metadata;
  void managedFields;
  return { ...obj, metadata: md };
}

export function asList(items: KObject[]): KObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } as unknown as KObject;
}

/** `deployment.apps/web` */
export function nameOf(obj: KObject, info?: KindInfo): string {
  const ki = info ?? resolveApiVersionKind(obj.apiVersion ?? '', obj.kind ?? '')?.info;
  const prefix = ki ? kindGroupName(ki) : String(obj.kind ?? '').toLowerCase();
  return `${prefix}/${obj.metadata?.name ?? ''}`;
}

/**
 * Print objects in a non-table format. `single` prints a lone object as itself rather than
 * wrapped in a List (kubectl does that when exactly one object came back for one name).
 */
export function printObjects(ctx: Ctx, objs: KObject[], fmt: OutputFormat, single: boolean): void {
  const show = objs.map((o) => forDisplay(o, !!ctx.flags['show-managed-fields']));
  const data = single && show.length === 1 ? show[0] : asList(show);
  switch (fmt.kind) {
    case 'yaml': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const p = require('../printers/output') as typeof import('../printers/output');
      ctx.io.out(p.toYAML(data));
      return;
    }
    case 'json': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const p = require('../printers/output') as typeof import('../printers/output');
      ctx.io.out(p.toJSON(data));
      return;
    }
    case 'name':
      for (const o of show) ctx.io.out(nameOf(o) + '\n');
      return;
    case 'jsonpath': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const jp = require('../printers/jsonpath') as typeof import('../printers/jsonpath');
      ctx.io.out(jp.executeJsonPath(fmt.arg!, data, { allowMissingKeys: ctx.flags['allow-missing-template-keys'] !== false, asJson: fmt.asJson }));
      return;
    }
    case 'custom-columns': {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const cc = require('../printers/custom-columns') as typeof import('../printers/custom-columns');
      ctx.io.out(cc.printCustomColumns(fmt.arg!, show, { noHeaders: !!ctx.flags['no-headers'] }));
      return;
    }
    default:
      throw new CliError(`output format ${fmt.kind} is not supported here`);
  }
}

/** `deployment.apps/web created`, with ` (dry run)` / ` (server dry run)`. */
export function successLine(info: KindInfo, name: string, verb: string, dryRun: string): string {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${kindGroupName(info)}/${name} ${verb}${suffix}\n`;
}

/** --dry-run's value: none | client | server (kubectl also takes a bare --dry-run as client). */
export function dryRunMode(ctx: Ctx): 'none' | 'client' | 'server' {
  const v = ctx.flags['dry-run'];
  if (v === undefined || v === '' || v === 'none' || v === 'false') return 'none';
  if (v === 'client' || v === 'true' || v === 'unchanged') return 'client';
  if (v === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** --validate: strict (or true, the default) | warn | ignore (or false) → the API's fieldValidation. */
export function fieldValidation(ctx: Ctx): 'Strict' | 'Warn' | 'Ignore' {
  const v = String(ctx.flags.validate ?? 'strict').toLowerCase();
  if (v === 'strict' || v === 'true') return 'Strict';
  if (v === 'warn') return 'Warn';
  if (v === 'ignore' || v === 'false') return 'Ignore';
  throw new CliError(`invalid - validate option "${ctx.flags.validate}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** Print the result of a mutation: the object in the -o format, or the success line. */
export function printResult(ctx: Ctx, info: KindInfo, obj: KObject, verb: string, fmt: OutputFormat, dryRun: string): void {
  if (fmt.kind === 'table' || fmt.kind === 'wide') ctx.io.out(successLine(info, obj.metadata.name ?? '', verb, dryRun));
  else printObjects(ctx, [obj], fmt, true);
}
