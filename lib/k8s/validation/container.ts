// Containers and init containers of a pod spec: names (DNS labels, unique across both lists),
// image, ports, env, probes, volume mounts, pull policy and resources.
// Volumes themselves are checked in volumes.ts; mounts here only need the set of volume names.

import { checkDns1123Label, checkPortName, checkPortNumber, isDns1123Label, isValidPortNumber } from '../names.ts';
import { validateEnv, validateEnvFrom } from './env.ts';
import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required, type FieldError } from './field-error.ts';
import { getString, hasValue, toRecord, type Json } from './fields.ts';
import { validateLifecycle, validateProbe } from './probe.ts';
import { validateResourceRequirements } from './resources.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  // Made on the first named port; item paths are joined only for an error.
  let names: Set<string> | undefined;
  const list = Array.isArray(ports) ? ports : [];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue; // as forEach(), which skips holes
    const port = toRecord(list[i]) ?? {};
    const name = getString(port, 'name') ?? '';
    if (name !== '') {
      const msgs = checkPortName(name);
      names ??= new Set();
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(index(path, i), 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(index(path, i), 'name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      errs.push(required(child(index(path, i), 'containerPort')));
    } else if (!isValidPortNumber(Number(containerPort))) {
      for (const msg of checkPortNumber(Number(containerPort))) errs.push(invalid(child(index(path, i), 'containerPort'), containerPort as number, msg));
    }
    const hostPort = port.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0) {
      for (const msg of checkPortNumber(hostPort)) errs.push(invalid(child(index(path, i), 'hostPort'), hostPort, msg));
    }
    const protocol = getString(port, 'protocol');
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) errs.push(notSupported(child(index(path, i), 'protocol'), protocol, PROTOCOLS));
  }
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
  // Made on the first host port (most pods have none); a fresh one per container when not shared.
  let seen: Set<string> | undefined;
  for (let ci = 0; ci < containers.length; ci++) {
    if (!(ci in containers)) continue; // as forEach(), which skips holes
    if (!isShared) seen = undefined;
    const ports = (toRecord(containers[ci]) ?? {}).ports;
    if (!Array.isArray(ports)) continue;
    for (let pi = 0; pi < ports.length; pi++) {
      if (!(pi in ports)) continue;
      const port = toRecord(ports[pi]) ?? {};
      if (typeof port.hostPort !== 'number' || port.hostPort === 0) continue;
      const id = `${getString(port, 'protocol') ?? 'TCP'}/${getString(port, 'hostIP') ?? ''}/${port.hostPort}`;
      seen ??= new Set();
      if (seen.has(id)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    }
  }
  return errs;
}

const INIT_PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * Validates `containers` (or `initContainers` when `others` holds the regular containers) at
 * `path`. Names must be DNS labels, unique within the list and across both lists.
 */
export function validateContainers(list: unknown, path: string, volumes: ReadonlySet<string>, others?: readonly unknown[]): FieldError[] {
  const containers = Array.isArray(list) ? list : [];
  const isInit = others !== undefined;
  if (containers.length === 0) return isInit ? [] : [required(path)];
  const errs: FieldError[] = [];
  // A few names per pod: a list's includes() (SameValueZero, as a Set's has()) beats building a Set.
  const names: string[] = [];
  const otherNames = isInit ? others.map((o) => getString(toRecord(o), 'name') ?? '') : undefined;
  for (let i = 0; i < containers.length; i++) {
    if (!(i in containers)) continue; // as forEach(), which skips holes
    const c = toRecord(containers[i]) ?? {};
    const at = index(path, i);
    const name = getString(c, 'name') ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else if (!isDns1123Label(name)) for (const msg of checkDns1123Label(name)) errs.push(invalid(child(at, 'name'), name, msg));
    if (names.includes(name)) errs.push(duplicate(child(at, 'name'), name));
    else names.push(name);
    const containerErrs = validateContainer(c, at, volumes);
    if (containerErrs.length > 0) errs.push(...containerErrs);
    if (otherNames !== undefined) {
      if (otherNames.includes(name)) errs.push(duplicate(child(at, 'name'), name));
      if (getString(c, 'restartPolicy') !== 'Always') {
        for (const probe of INIT_PROBES) {
          if (hasValue(c, probe)) errs.push(forbidden(child(at, probe), 'may not be set for init containers without restartPolicy=Always'));
        }
      }
    }
  }
  const hostPortErrs = checkHostPorts(containers, path, !isInit);
  if (hostPortErrs.length > 0) errs.push(...hostPortErrs);
  return errs;
}
