// A pod spec (for Pods and every pod template): volumes, containers, init containers and the
// pod-level fields users get wrong (restartPolicy, dnsPolicy, tolerations, spread constraints).
// Which restartPolicy a workload's template may use is checked by the workload, not here.

import { checkDns1123Label, checkDns1123Subdomain, checkLabelValue, checkQualifiedName, isQualifiedName } from '../names.ts';
import { pushLabelErrors } from './common-checks.ts';
import { validateContainers } from './container.ts';
import { child, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';
import { validateLabelSelector } from './label-selector.ts';
import { validateTemplateMeta } from './metadata.ts';
import { validateVolumes } from './volumes.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const MAX_INT32 = 2147483647;

/** Options for pod spec validation. */
export interface PodSpecOptions {
  /** Volume names provided outside the spec (StatefulSet volumeClaimTemplates). */
  readonly extraVolumes?: readonly string[];
}

/** `<specPath>.tolerations[i]`. */
function tolerationPath(specPath: string, i: number): string {
  return index(child(specPath, 'tolerations'), i);
}

/** Tolerations at `<specPath>.tolerations`; item paths are joined only for an error (every pod has two). */
function validateTolerations(list: unknown[], specPath: string): FieldError[] {
  const errs: FieldError[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue; // as forEach(), which skips holes
    const t = toRecord(list[i]) ?? {};
    const k = getString(t, 'key') ?? '';
    const op = getString(t, 'operator') ?? '';
    const value = getString(t, 'value') ?? '';
    const effect = getString(t, 'effect') ?? '';
    if (k !== '' && !isQualifiedName(k)) for (const msg of checkQualifiedName(k)) errs.push(invalid(child(tolerationPath(specPath, i), 'key'), k, msg));
    if (k === '' && op !== 'Exists') {
      errs.push(invalid(child(tolerationPath(specPath, i), 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (hasValue(t, 'tolerationSeconds') && effect !== 'NoExecute') {
      errs.push(invalid(child(tolerationPath(specPath, i), 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = checkLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(child(tolerationPath(specPath, i), 'operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value !== '') errs.push(invalid(child(tolerationPath(specPath, i), 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(tolerationPath(specPath, i), 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(tolerationPath(specPath, i), 'effect'), effect, TAINT_EFFECTS));
  }
  return errs;
}

function validateSpreadConstraints(list: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((raw, i) => {
    const c = toRecord(raw) ?? {};
    const at = index(path, i);
    const skew = c.maxSkew;
    if (typeof skew !== 'number' || skew <= 0) errs.push(invalid(child(at, 'maxSkew'), typeof skew === 'number' ? skew : 0, 'must be greater than zero'));
    if ((getString(c, 'topologyKey') ?? '') === '') errs.push(required(child(at, 'topologyKey'), 'can not be empty'));
    const when = getString(c, 'whenUnsatisfiable') ?? '';
    if (!WHEN_UNSATISFIABLE.includes(when)) errs.push(notSupported(child(at, 'whenUnsatisfiable'), when, WHEN_UNSATISFIABLE));
    if (hasValue(c, 'labelSelector')) errs.push(...validateLabelSelector(c.labelSelector, child(at, 'labelSelector')));
  });
  return errs;
}

function validateHostNetworkPorts(containers: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((raw, ci) => {
    getList(toRecord(raw), 'ports').forEach((p, pi) => {
      const port = toRecord(p) ?? {};
      if (typeof port.hostPort === 'number' && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
        const field = child(index(child(index(path, ci), 'ports'), pi), 'containerPort');
        errs.push(invalid(field, port.containerPort as number, 'must match `hostPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

/** Appends the errors of `spec[name]`, a name `check` must pass when it is set. */
function pushNameErrors(errs: FieldError[], spec: Json, name: string, path: string, check: (v: string) => string[]): void {
  const value = getString(spec, name) ?? '';
  if (value === '') return;
  for (const m of check(value)) errs.push(invalid(child(path, name), value, m));
}

const NO_OPTIONS: PodSpecOptions = Object.freeze({});
const NO_SPEC: Json = Object.freeze({});

/**
 * Validates a PodSpec at `path` (`spec` for a Pod, `spec.template.spec` for a workload). Every pod
 * create runs this: a list or map that is absent is skipped, its field path not even joined.
 */
export function validatePodSpec(specValue: unknown, path: string, options: PodSpecOptions = NO_OPTIONS): FieldError[] {
  const spec = toRecord(specValue) ?? NO_SPEC;
  // validateVolumes() returns a fresh list and set: added to here.
  const { errors: errs, names } = validateVolumes(spec.volumes, child(path, 'volumes'));
  if (options.extraVolumes !== undefined) for (const extra of options.extraVolumes) names.add(extra);
  errs.push(...validateContainers(spec.containers, child(path, 'containers'), names));
  // Init containers: validateContainers() finds nothing in an empty or absent list.
  if (Array.isArray(spec.initContainers) && spec.initContainers.length > 0) {
    errs.push(...validateContainers(spec.initContainers, child(path, 'initContainers'), names, getList(spec, 'containers')));
  }
  const restart = getString(spec, 'restartPolicy');
  if (restart !== undefined && restart !== '' && !RESTART_POLICIES.includes(restart)) {
    errs.push(notSupported(child(path, 'restartPolicy'), restart, RESTART_POLICIES));
  }
  const dns = getString(spec, 'dnsPolicy');
  if (dns !== undefined && dns !== '' && !DNS_POLICIES.includes(dns)) errs.push(notSupported(child(path, 'dnsPolicy'), dns, DNS_POLICIES));
  if (dns === 'None' && !hasValue(spec, 'dnsConfig')) {
    errs.push(required(child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  }
  if (hasValue(spec, 'nodeSelector')) pushLabelErrors(errs, spec.nodeSelector, child(path, 'nodeSelector'));
  const constraints = getList(spec, 'topologySpreadConstraints');
  if (constraints.length > 0) errs.push(...validateSpreadConstraints(constraints, child(path, 'topologySpreadConstraints')));
  pushNameErrors(errs, spec, 'serviceAccountName', path, checkDns1123Subdomain);
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  pushNameErrors(errs, spec, 'hostname', path, checkDns1123Label);
  pushNameErrors(errs, spec, 'subdomain', path, checkDns1123Label);
  const tolerations = getList(spec, 'tolerations');
  if (tolerations.length > 0) errs.push(...validateTolerations(tolerations, path));
  pushNameErrors(errs, spec, 'priorityClassName', path, checkDns1123Subdomain);
  if (spec.hostNetwork === true) errs.push(...validateHostNetworkPorts(getList(spec, 'containers'), child(path, 'containers')));
  return errs;
}

/** Validates a PodTemplateSpec at `path` (`spec.template`): template labels/annotations and its spec; absent counts as empty. */
export function validatePodTemplate(templateValue: unknown, path: string, options: PodSpecOptions = {}): FieldError[] {
  const template = toRecord(templateValue) ?? {};
  const errs = validateTemplateMeta(template.metadata, path);
  errs.push(...validatePodSpec(template.spec, child(path, 'spec'), options));
  if (getList(toRecord(template.spec), 'ephemeralContainers').length > 0) {
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
