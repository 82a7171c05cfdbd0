// The object generators of kubectl's imperative commands (create <kind>, run, expose): pure
// functions from parsed flag values to the object kubectl would send, plus each command's
// flags/help description (COMMAND_SPECS, keyed by command path such as 'create deployment').
export * from './flags';
export * from './common';
export { COMMAND_SPECS } from './help';
export * from './deployment';
export * from './service';
export * from './namespace';
export * from './configmap';
export * from './secret';
export * from './ingress';
export * from './job';
export * from './serviceaccount';
export * from './priorityclass';
export * from './run';
export * from './expose';
export * from './overrides';
export * from './rbac';
