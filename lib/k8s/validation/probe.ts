// Probes and lifecycle hooks: exactly one handler, well-formed ports (number or IANA name),
// HTTP scheme, non-negative timings, and successThreshold 1 for liveness and startup probes.
// Values are read as written; server defaults (path "/", scheme HTTP) count as set.

import { checkPortName, checkPortNumber } from '../names.ts';
import { child, forbidden, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { checkNonNegative } from './common-checks.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
const PROBE_TIMINGS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** ValidatePortNumOrName: an int 1-65535 or an IANA service name. */
export function checkPortNumOrName(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string') return checkPortName(value).map((m) => invalid(field, value, m));
  const port = typeof value === 'number' ? value : 0;
  return checkPortNumber(port).map((m) => invalid(field, port, m));
}

function validateAction(name: string, action: Json, path: string): FieldError[] {
  switch (name) {
    case 'exec':
      return getList(action, 'command').length === 0 ? [required(child(path, 'command'))] : [];
    case 'httpGet': {
      const errs = checkPortNumOrName(action.port, child(path, 'port'));
      const scheme = getString(action, 'scheme');
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        errs.push(notSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
      }
      return errs;
    }
    case 'tcpSocket':
      return checkPortNumOrName(action.port, child(path, 'port'));
    case 'grpc':
      return checkPortNumOrName(typeof action.port === 'number' ? action.port : 0, child(path, 'port'));
    default:
      return [];
  }
}

function validateHandler(handler: Json, handlers: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const name of handlers) {
    if (!hasValue(handler, name)) continue;
    if (count > 0) {
      errs.push(forbidden(child(path, name), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    errs.push(...validateAction(name, toRecord(handler[name]) ?? {}, child(path, name)));
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

/** Validates one probe (liveness, readiness or startup) at `path`, e.g. `...containers[0].livenessProbe`. */
export function validateProbe(probe: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const p = toRecord(probe);
  if (!p) return [];
  const errs = validateHandler(p, PROBE_HANDLERS, path);
  for (const timing of PROBE_TIMINGS) errs.push(...checkNonNegative(p, timing, path));
  const threshold = p.successThreshold;
  if (kind !== 'readiness' && typeof threshold === 'number' && threshold !== 1 && threshold !== 0) {
    errs.push(invalid(child(path, 'successThreshold'), threshold, 'must be 1'));
  }
  return errs;
}

/** Validates `lifecycle.postStart` and `lifecycle.preStop` at `path`. */
export function validateLifecycle(lifecycle: unknown, path: string): FieldError[] {
  const l = toRecord(lifecycle);
  if (!l) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = toRecord(l[hook]);
    if (h) errs.push(...validateHandler(h, LIFECYCLE_HANDLERS, child(path, hook)));
  }
  return errs;
}
