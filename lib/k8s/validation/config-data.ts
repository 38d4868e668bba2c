// ConfigMap and Secret payloads: key format, base64 encoding of binary values, the 1 MiB total
// size limit, and the keys each built-in Secret type requires. Secret contents are never echoed:
// like the API server, errors show `<secret contents redacted>` instead of the value.

import { checkConfigKey } from './common-checks.ts';
import { invalid, key, required, tooLong, type FieldError } from './field-error.ts';
import { getString, toRecord, type Json } from './fields.ts';

/** Largest total payload of a ConfigMap or Secret, in bytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const REDACTED = '<secret contents redacted>';

/** Go's base64 error for a string, or undefined when it decodes (line breaks are ignored). */
export function checkBase64(value: string): string | undefined {
  const text = value.replace(/[\r\n]/g, '');
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  const padAt = text.indexOf('=');
  if (bad >= 0 && (padAt < 0 || bad < padAt)) return `illegal base64 data at input byte ${bad}`;
  if (padAt >= 0 && (!/^={1,2}$/.test(text.slice(padAt)) || text.length % 4 !== 0)) {
    return `illegal base64 data at input byte ${padAt}`;
  }
  if (text.length % 4 !== 0) return `illegal base64 data at input byte ${text.length - (text.length % 4)}`;
  return undefined;
}

function decodedLength(value: string): number {
  return Buffer.from(value.replace(/[\r\n]/g, ''), 'base64').length;
}

function describeJsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const first = text.trimStart()[0];
    if (first === undefined) return 'unexpected end of JSON input';
    if (!/[[{"\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
}

/** Validates a ConfigMap's `data` and `binaryData` (ValidateConfigMap). */
export function validateConfigMapData(obj: Json): FieldError[] {
  const errs: FieldError[] = [];
  const data = toRecord(obj.data) ?? {};
  const binary = toRecord(obj.binaryData) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of checkConfigKey(k)) errs.push(invalid(key('data', k), k, msg));
    if (Object.hasOwn(binary, k)) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(typeof v === 'string' ? v : String(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const msg of checkConfigKey(k)) errs.push(invalid(key('binaryData', k), k, msg));
    const text = typeof v === 'string' ? v : String(v);
    const problem = checkBase64(text);
    if (problem !== undefined) errs.push(invalid(key('binaryData', k), text, problem));
    else total += decodedLength(text);
  }
  if (total > MAX_CONFIG_BYTES) errs.push(tooLong('[]', MAX_CONFIG_BYTES));
  return errs;
}

function checkDockerConfig(keys: Map<string, string>, name: string): FieldError[] {
  const value = keys.get(name);
  if (value === undefined || value === '') return [required(key('data', name))];
  const problem = describeJsonError(value);
  return problem === undefined ? [] : [invalid(key('data', name), REDACTED, problem)];
}

/** Validates a Secret's `data`/`stringData` and the keys its `type` requires (ValidateSecret). */
export function validateSecretData(obj: Json): FieldError[] {
  const errs: FieldError[] = [];
  const data = toRecord(obj.data) ?? {};
  const stringData = toRecord(obj.stringData) ?? {};
  // The server folds stringData into data before validating, so keys of both are `data[...]`.
  const values = new Map<string, string>();
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    const text = typeof v === 'string' ? v : String(v);
    const problem = checkBase64(text);
    if (problem !== undefined) errs.push(invalid(key('data', k), REDACTED, problem));
    else {
      const decoded = Buffer.from(text.replace(/[\r\n]/g, ''), 'base64').toString('utf8');
      values.set(k, decoded);
      total += decodedLength(text);
    }
  }
  for (const [k, v] of Object.entries(stringData)) {
    const text = typeof v === 'string' ? v : String(v);
    if (values.has(k)) total -= Buffer.byteLength(values.get(k) ?? '');
    values.set(k, text);
    total += Buffer.byteLength(text);
  }
  for (const k of new Set([...Object.keys(data), ...Object.keys(stringData)])) {
    for (const msg of checkConfigKey(k)) errs.push(invalid(key('data', k), k, msg));
  }
  if (total > MAX_CONFIG_BYTES) errs.push(tooLong('data', MAX_CONFIG_BYTES));
  const annotations = toRecord(toRecord(obj.metadata)?.annotations) ?? {};
  switch (getString(obj, 'type') ?? 'Opaque') {
    case 'kubernetes.io/service-account-token':
      if ((getString(annotations, 'kubernetes.io/service-account.name') ?? '') === '') {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
      errs.push(...checkDockerConfig(values, '.dockercfg'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      errs.push(...checkDockerConfig(values, '.dockerconfigjson'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!values.has('username') && !values.has('password')) errs.push(required(key('data', 'username')), required(key('data', 'password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if ((values.get('ssh-privatekey') ?? '') === '') errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!values.has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
      if (!values.has('tls.key')) errs.push(required(key('data', 'tls.key')));
      break;
    default:
      break;
  }
  return errs;
}
