// Golden tests against kubectl's own -o yaml / -o json output (fixtures/golden/printers, captured
// with fixtures/golden/printers/capture.js; manifest.json names each command and the kubectl
// version). Parsing kubectl's output and printing it again must give the same bytes. When kubectl
// is on PATH, each command is also re-run and compared with its golden file.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toJSON, toYAML } from '../../../src/printers/output';
import { kubectlAvailable } from './fake-apiserver';

const DIR = path.resolve(__dirname, '../../../../fixtures/golden/printers');
const manifest: { kubectl: string; cases: { file: string; args: string[] }[] } = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));
const hasKubectl = kubectlAvailable();

/** kubectl label --local prints one document per object without separators */
const splitYAML = (text: string) => text.split(/^(?=apiVersion: )/m).filter(Boolean);
const splitJSON = (text: string) => text.split(/^(?=\{)/m).filter(Boolean);

/** Parse kubectl's YAML back to the JSON data it came from (plain 1e400 is a string there, not Infinity). */
function parseYAML(text: string): unknown {
  const YAML = require('yaml') as typeof import('yaml');
  const doc = YAML.parseDocument(text);
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) node.value = (node as any).source;
    },
  });
  return doc.toJS();
}

describe('golden: kubectl -o yaml|json', () => {
  for (const c of manifest.cases) {
    const file = path.join(DIR, c.file);
    const want = fs.readFileSync(file, 'utf8');
    const unstructured = c.args.includes('--local'); // typed generators keep struct order in JSON
    test(`${c.file}: reprint is byte-identical`, () => {
      let got: string;
      if (c.file.endsWith('.json')) {
        got = splitJSON(want).map((d) => toJSON(JSON.parse(d), { sortKeys: unstructured })).join('');
      } else {
        // Prefer the exact data of the JSON twin (a YAML 1.2 parser reads a few scalars differently from go-yaml).
        const twin = file.replace(/\.yaml$/, '.json');
        const objs = unstructured && fs.existsSync(twin)
          ? splitJSON(fs.readFileSync(twin, 'utf8')).map((d) => JSON.parse(d))
          : splitYAML(want).map(parseYAML);
        got = objs.map((o) => toYAML(o)).join('');
      }
      assert.equal(got, want);
    });
    test(`${c.file}: live kubectl still prints the golden text`, { skip: !hasKubectl && 'kubectl not on PATH' }, () => {
      const out = execFileSync('kubectl', c.args, { cwd: DIR, encoding: 'utf8' });
      assert.equal(out, want);
    });
  }
});
