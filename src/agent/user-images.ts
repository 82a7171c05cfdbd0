// Images a user maps to local programs: $KCTL_HOME/images.yaml (or images.json), e.g.
//
//   images:
//     mycorp/api:                     # any tag; "mycorp/api:v2" matches that tag only
//       command: ["python3", "-m", "http.server", "$(PORT)"]
//       ports: [8000]                 # the containerPorts it listens on ($PORT = the first's real port)
//
// A pod container with that image and no command runs the mapped command (its `args`, when the pod
// gives them, replace the mapping's args). Consulted before the built-in catalogue.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseImageRef } from './images/catalogue';

export interface UserImage {
  command: string[];
  args?: string[];
  ports?: number[];
}

let cache: { file: string; mtime: number; map: Record<string, UserImage> } | undefined;

function load(home: string): Record<string, UserImage> {
  for (const name of ['images.yaml', 'images.yml', 'images.json']) {
    const file = path.join(home, name);
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { continue; }
    if (cache && cache.file === file && cache.mtime === st.mtimeMs) return cache.map;
    const text = fs.readFileSync(file, 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const doc = name.endsWith('.json') ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text);
    const images = (doc && typeof doc === 'object' && doc.images) || {};
    const map: Record<string, UserImage> = {};
    for (const [k, v] of Object.entries(images as Record<string, any>)) {
      const command = typeof v === 'string' ? ['/bin/sh', '-c', v] : v?.command;
      if (!Array.isArray(command) || command.length === 0) throw new Error(`${file}: image "${k}" needs a command (a list, or a shell string)`);
      map[k] = { command: command.map(String), args: Array.isArray(v?.args) ? v.args.map(String) : undefined, ports: Array.isArray(v?.ports) ? v.ports.map(Number) : undefined };
    }
    cache = { file, mtime: st.mtimeMs, map };
    return map;
  }
  return {};
}

/** The user's mapping for an image reference (exact `name:tag` first, then the name with any tag). */
export function resolveUserImage(home: string, ref: string): UserImage | undefined {
  const map = load(home);
  if (Object.keys(map).length === 0) return undefined;
  const r = parseImageRef(ref);
  const tag = r.tag || 'latest';
  const keys = Object.keys(map).map((k) => ({ k, r: parseImageRef(k) }))
    .filter(({ r: kr }) => kr.name === r.name && (!kr.tag || kr.tag === tag) && !(kr.registry && r.registry && kr.registry !== r.registry))
    .sort((a, b) => Number(!!b.r.tag) - Number(!!a.r.tag));
  return keys.length ? map[keys[0].k] : undefined;
}
