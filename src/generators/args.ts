// The argument checks kubectl makes before a generator runs: cobra's required flags (which
// `--help` does not show, so they are listed here) and NameFromCommandArgs. Flag parsing itself is
// src/cli/flags.ts (types and defaults from the captured kubectl help screens).
import { CliError, UsageError } from '../api/errors';

export interface RequiredFlag { name: string; required: true }

const required = (...names: string[]): { flags: RequiredFlag[] } => ({ flags: names.map((name) => ({ name, required: true })) });

/**
 * The flags each generator command marks required (cobra MarkFlagRequired, kubectl v1.32), keyed
 * by command path. Commands not listed have none.
 */
export const COMMAND_SPECS: Record<string, { flags: RequiredFlag[] }> = {
  'create deployment': required('image'),
  'create service externalname': required('external-name'),
  'create cronjob': required('image', 'schedule'),
  'create clusterrolebinding': required('clusterrole'),
  run: required('image'),
};

/** cobra's check of MarkFlagRequired flags: `required flag(s) "a", "b" not set` (plain error). */
export function checkRequiredFlags(specs: { name: string; required?: boolean }[], changed: Set<string>): void {
  const missing = specs.filter((f) => f.required && !changed.has(f.name)).map((f) => f.name).sort();
  if (missing.length) throw new CliError(`required flag(s) "${missing.join('", "')}" not set`);
}

/**
 * kubectl's NameFromCommandArgs for `create <kind> NAME`: exactly one positional argument before
 * `--`. Returns the name and the command (arguments after the name).
 */
export function nameFromArgs(args: string[], argsLenAtDash: number, commandPath: string): { name: string; command: string[] } {
  const n = argsLenAtDash === -1 ? args.length : argsLenAtDash;
  if (n !== 1) throw new UsageError(`exactly one NAME is required, got ${n}`, commandPath);
  return { name: args[0], command: args.slice(1) };
}
