// Opening a cluster: the state file under KCTL_HOME, created and bootstrapped on first use.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStore } from '../store/sqlite';
import { ApiServer, Deps } from './apiserver';

export interface ClusterPaths {
  home: string;
  stateFile: string;
}

export function resolvePaths(stateOverride?: string): ClusterPaths {
  if (stateOverride) {
    const stateFile = path.resolve(stateOverride);
    return { home: path.dirname(stateFile), stateFile };
  }
  const home = process.env.KCTL_HOME ? path.resolve(process.env.KCTL_HOME) : path.join(os.homedir(), '.kctl');
  return { home, stateFile: path.join(home, 'state.db') };
}

export function defaultDeps(): Deps {
  return { now: () => Date.now(), random: Math.random, uuid: () => (require('node:crypto') as typeof import('node:crypto')).randomUUID() };
}

export interface Cluster {
  paths: ClusterPaths;
  store: SqliteStore;
  api: ApiServer;
}

/** Open (and on first use create and bootstrap) the cluster. */
export function openCluster(paths: ClusterPaths, deps: Deps = defaultDeps()): Cluster {
  fs.mkdirSync(paths.home, { recursive: true });
  const store = SqliteStore.open(paths.stateFile);
  const api = new ApiServer(store, deps);
  if (store.getMeta('bootstrapped') !== '1') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { bootstrapCluster } = require('./bootstrap') as typeof import('./bootstrap');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { claimLoopbackBlock } = require('../util/loopback') as typeof import('../util/loopback');
    store.tx(() => {
      if (store.getMeta('bootstrapped') === '1') return;
      const prefix = claimLoopbackBlock(paths.home);
      store.setMeta('loopbackPrefix', prefix);
      bootstrapCluster(api, {
        loopbackPrefix: prefix, kernelVersion: os.release(), osImage: 'kctl simulated node',
        arch: os.arch() === 'x64' ? 'amd64' : os.arch(), cpus: os.cpus().length,
        memoryKi: Math.floor(os.totalmem() / 1024),
      });
      store.setMeta('bootstrapped', '1');
    });
    api.warnings = [];
  }
  return { paths, store, api };
}
