// `kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key=value] [--from-env-file=path]`
// (kubectl/pkg/cmd/create/create_configmap.go, v1.32).
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import {
  CommonOptions, PathLoader, encodeHash, forEachEnvFileSource, forEachFileSource, goJSON, goQuote, isConfigMapKey,
  isValidUTF8, objectMeta, parseLiteralSource, sortKeys,
} from './common';

export interface CreateConfigMapOptions extends CommonOptions {
  name: string;
  /** --from-file values (StringSlice): `path` or `key=path` */
  fromFile?: string[];
  /** --from-literal values (StringArray): `key=value` */
  fromLiteral?: string[];
  /** --from-env-file values (StringSlice) */
  fromEnvFile?: string[];
  /** --append-hash */
  appendHash?: boolean;
  /** reads the paths named by --from-file/--from-env-file (see LoadedPath) */
  files?: PathLoader;
  /** the environment, for env-file lines without `=` (kubectl uses its own environment) */
  env?: Record<string, string | undefined>;
}

export function generateConfigMap(o: CreateConfigMapOptions): KObject {
  const fromFile = o.fromFile ?? [];
  const fromLiteral = o.fromLiteral ?? [];
  const fromEnvFile = o.fromEnvFile ?? [];
  if (!o.name) throw new CliError('name must be specified');
  if (fromEnvFile.length > 0 && (fromFile.length > 0 || fromLiteral.length > 0)) {
    throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  }
  const data: Record<string, string> = {};
  const binaryData: Record<string, Buffer> = {};
  const validate = (key: string) => {
    const errs = isConfigMapKey(key);
    if (errs.length) throw new CliError(`${goQuote(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
    if (key in data) throw new CliError(`cannot add key ${goQuote(key)}, another key by that name already exists in Data for ConfigMap ${goQuote(o.name)}`);
    if (key in binaryData) throw new CliError(`cannot add key ${goQuote(key)}, another key by that name already exists in BinaryData for ConfigMap ${goQuote(o.name)}`);
  };
  const addLiteral = (key: string, value: string) => { validate(key); data[key] = value; };

  forEachFileSource(fromFile, o.files, (key, content) => {
    if (isValidUTF8(content)) addLiteral(key, content.toString('utf8'));
    else { validate(key); binaryData[key] = content; }
  });
  for (const src of fromLiteral) {
    const { key, value } = parseLiteralSource(src);
    addLiteral(key, value);
  }
  forEachEnvFileSource(fromEnvFile, o.files, 'env config file cannot be a directory', o.env ?? {}, addLiteral);

  let name = o.name;
  if (o.appendHash) {
    // pkg/util/hash encodeConfigMap: {"data":…,"kind":"ConfigMap","name":…} (+ binaryData when present)
    const m: Record<string, unknown> = { kind: 'ConfigMap', name, data };
    if (Object.keys(binaryData).length) {
      m.binaryData = Object.fromEntries(Object.entries(binaryData).map(([k, v]) => [k, v.toString('base64')]));
    }
    name = `${name}-${encodeHash(goJSON(m))}`;
  }
  const cm: KObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: objectMeta(name, { namespace: o.namespace }) };
  if (Object.keys(data).length) cm.data = sortKeys(data);
  if (Object.keys(binaryData).length) {
    cm.binaryData = sortKeys(Object.fromEntries(Object.entries(binaryData).map(([k, v]) => [k, v.toString('base64')])));
  }
  return cm;
}
