// Containers and init containers of a pod spec: names (DNS labels, unique across both lists),
// image, ports, env, probes, volume mounts, pull policy and resources.
// Volumes themselves are checked in volumes.ts; mounts here only need the set of volume names.

import { checkDns1123Label, checkPortName, checkPortNumber } from '../names.ts';
import { validateEnv, validateEnvFrom } from './env.ts';
import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required, type FieldError } from './field-error.ts';
import { getString, hasValue, toRecord, type Json } from './fields.ts';
import { validateLifecycle, validateProbe } from './probe.ts';
import { validateResourceRequirements } from './resources.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(ports) ? ports : []).forEach((raw, i) => {
    const port = toRecord(raw) ?? {};
    const at = index(path, i);
    const name = getString(port, 'name') ?? '';
    if (name !== '') {
      const msgs = checkPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(at, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      errs.push(required(child(at, 'containerPort')));
    } else {
      for (const msg of checkPortNumber(Number(containerPort))) errs.push(invalid(child(at, 'containerPort'), containerPort as number, msg));
    }
    const hostPort = port.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0) {
      for (const msg of checkPortNumber(hostPort)) errs.push(invalid(child(at, 'hostPort'), hostPort, msg));
    }
    const protocol = getString(port, 'protocol');
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) errs.push(notSupported(child(at, 'protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

function checkDescendingPath(value: string, field: string): FieldError[] {
  if (value.startsWith('/')) return [invalid(field, value, 'must be a relative path')];
  if (value.split('/').includes('..')) return [invalid(field, value, "must not contain '..'")];
  return [];
}

function validateVolumeMounts(mounts: unknown, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  (Array.isArray(mounts) ? mounts : []).forEach((raw, i) => {
    const mount = toRecord(raw) ?? {};
    const at = index(path, i);
    const name = getString(mount, 'name') ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(at, 'name'), name));
    const mountPath = getString(mount, 'mountPath') ?? '';
    if (mountPath === '') errs.push(required(child(at, 'mountPath')));
    if (mountPaths.has(mountPath)) errs.push(invalid(child(at, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    // The server reports subPath problems on the list path, not the item path.
    const subPath = getString(mount, 'subPath') ?? '';
    if (subPath !== '') errs.push(...checkDescendingPath(subPath, child(path, 'subPath')));
  });
  return errs;
}

function validateContainer(c: Json, at: string, volumes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  if ((getString(c, 'image') ?? '') === '') errs.push(required(child(at, 'image')));
  // Each check below finds nothing in an absent (or null) field: skip it, and its field path.
  if (hasValue(c, 'lifecycle')) errs.push(...validateLifecycle(c.lifecycle, child(at, 'lifecycle')));
  if (hasValue(c, 'livenessProbe')) errs.push(...validateProbe(c.livenessProbe, child(at, 'livenessProbe'), 'liveness'));
  if (hasValue(c, 'startupProbe')) errs.push(...validateProbe(c.startupProbe, child(at, 'startupProbe'), 'startup'));
  const tmp = getString(c, 'terminationMessagePolicy');
  if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(invalid(child(at, 'terminationMessagePolicy'), tmp, "must be 'File' or 'FallbackToLogsOnError'"));
  }
  if (hasValue(c, 'readinessProbe')) errs.push(...validateProbe(c.readinessProbe, child(at, 'readinessProbe'), 'readiness'));
  if (hasValue(c, 'ports')) errs.push(...validatePorts(c.ports, child(at, 'ports')));
  if (hasValue(c, 'env')) errs.push(...validateEnv(c.env, child(at, 'env')));
  if (hasValue(c, 'envFrom')) errs.push(...validateEnvFrom(c.envFrom, child(at, 'envFrom')));
  if (hasValue(c, 'volumeMounts')) errs.push(...validateVolumeMounts(c.volumeMounts, volumes, child(at, 'volumeMounts')));
  const pull = getString(c, 'imagePullPolicy');
  if (pull !== undefined && !PULL_POLICIES.includes(pull)) errs.push(notSupported(child(at, 'imagePullPolicy'), pull, PULL_POLICIES));
  if (hasValue(c, 'resources')) errs.push(...validateResourceRequirements(c.resources, child(at, 'resources')));
  return errs;
}

/** Host ports may not collide: across all regular containers, or within one init container. */
function checkHostPorts(containers: readonly unknown[], path: string, isShared: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let seen = new Set<string>();
  containers.forEach((raw, ci) => {
    if (!isShared) seen = new Set();
    const ports = (toRecord(raw) ?? {}).ports;
    (Array.isArray(ports) ? ports : []).forEach((p, pi) => {
      const port = toRecord(p) ?? {};
      if (typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const id = `${getString(port, 'protocol') ?? 'TCP'}/${getString(port, 'hostIP') ?? ''}/${port.hostPort}`;
      if (seen.has(id)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

/**
 * Validates `containers` (or `initContainers` when `others` holds the regular containers) at
 * `path`. Names must be DNS labels, unique within the list and across both lists.
 */
export function validateContainers(list: unknown, path: string, volumes: ReadonlySet<string>, others?: readonly unknown[]): FieldError[] {
  const containers = Array.isArray(list) ? list : [];
  const isInit = others !== undefined;
  if (containers.length === 0) return isInit ? [] : [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const otherNames = new Set((others ?? []).map((o) => getString(toRecord(o), 'name') ?? ''));
  containers.forEach((raw, i) => {
    const c = toRecord(raw) ?? {};
    const at = index(path, i);
    const name = getString(c, 'name') ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else for (const msg of checkDns1123Label(name)) errs.push(invalid(child(at, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    else names.add(name);
    errs.push(...validateContainer(c, at, volumes));
    if (isInit) {
      if (otherNames.has(name)) errs.push(duplicate(child(at, 'name'), name));
      if (getString(c, 'restartPolicy') !== 'Always') {
        for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
          if (hasValue(c, probe)) errs.push(forbidden(child(at, probe), 'may not be set for init containers without restartPolicy=Always'));
        }
      }
    }
  });
  errs.push(...checkHostPorts(containers, path, !isInit));
  return errs;
}
