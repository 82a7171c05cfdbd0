// The object generators of kubectl's imperative commands (create <kind>, run, expose): pure
// functions from parsed flag values to the object kubectl would send, and the argument checks
// kubectl makes before them (required flags, NAME). Flags are parsed by src/cli/flags.ts.
export * from './args';
export * from './common';
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
