// Each cluster (each KCTL_HOME) takes its own block of loopback addresses for its nodes, so two
// clusters' NodePorts never collide on node addresses. Blocks are claimed with exclusive-create
// files in a machine-wide registry directory; a block whose owner home is gone is reclaimed.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function registryDir(): string {
  return process.env.KCTL_LOOPBACK_REGISTRY || path.join(os.tmpdir(), 'kctl-loopback-blocks');
}

/** Claim a free 127.B.C.0/24 block for `home`; returns its prefix, e.g. `127.0.7`. */
export function claimLoopbackBlock(home: string): string {
  if (process.platform !== 'linux') return '127.0.0';
  const dir = registryDir();
  fs.mkdirSync(dir, { recursive: true });
  const real = fs.realpathSync(home);
  for (let i = 0; i < 250 * 250; i++) {
    // 127.0.0.x is left to the host; blocks start at 127.0.1
    const b = Math.floor((i + 1) / 250);
    const c = (i + 1) % 250;
    if (c === 0) continue;
    const prefix = `127.${b}.${c}`;
    const file = path.join(dir, prefix);
    try {
      fs.writeFileSync(file, real, { flag: 'wx' });
      return prefix;
    } catch (e: any) {
      if (e.code === 'ENOENT') {
        // the registry directory was removed under us (its last claim released): make it again
        fs.mkdirSync(dir, { recursive: true });
        i--;
        continue;
      }
      if (e.code !== 'EEXIST') throw e;
      let owner = '';
      try { owner = fs.readFileSync(file, 'utf8'); } catch { continue; }
      if (owner === real) return prefix;
      if (owner && !fs.existsSync(path.join(owner, 'state.db'))) {
        // stale claim: the cluster that held it is gone
        try { fs.unlinkSync(file); i--; } catch { /* raced: try the next block */ }
      }
    }
  }
  return '127.0.0';
}

/** Release the block of a cluster whose home is being removed. */
export function releaseLoopbackBlock(prefix: string, home: string): void {
  const file = path.join(registryDir(), prefix);
  try {
    if (fs.readFileSync(file, 'utf8') === fs.realpathSync(home)) fs.unlinkSync(file);
  } catch { /* already gone */ }
}
