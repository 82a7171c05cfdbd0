// Test helper: load the lab's manifests copied to fixtures/manifests/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KObject } from '../../../src/api/types';

function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'fixtures', 'manifests'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures/manifests not found');
}

export const MANIFEST_DIR = path.join(repoRoot(), 'fixtures', 'manifests');

export function loadManifest(file: string): KObject[] {
  const YAML = require('yaml') as typeof import('yaml');
  const text = fs.readFileSync(path.join(MANIFEST_DIR, file), 'utf8');
  return YAML.parseAllDocuments(text).map((d) => d.toJSON()).filter((o) => o && typeof o === 'object') as KObject[];
}

export function manifestFiles(): string[] {
  return fs.readdirSync(MANIFEST_DIR).filter((f) => f.endsWith('.yaml')).sort();
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}
