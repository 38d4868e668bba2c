// Container resource requirements: resource names, quantity format and sign, requests <= limits,
// and requests == limits for resources that cannot be overcommitted (GPUs, hugepages).
// Quantities are shown in Kubernetes' canonical form (`0.5` → `500m`, `2048Mi` → `2Gi`).

import { QUANTITY_FORMAT_MESSAGE, isQuantity, parseQuantity } from '../quantity.ts';
import { checkQualifiedName, isQualifiedName } from '../names.ts';
import { child, invalid, key, required, type FieldError } from './field-error.ts';
import { toRecord } from './fields.ts';

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  ...CONTAINER_RESOURCES,
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
]);
const DECIMAL_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3], ['', 1], ['m', 1e-3], ['u', 1e-6], ['n', 1e-9],
];
const BINARY_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10],
];

function isWhole(q: number): boolean {
  return Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, Math.abs(q));
}

/** A quantity in Kubernetes' canonical String() form, keeping binary suffixes binary. */
export function formatCanonicalQuantity(raw: string | number): string {
  const value = parseQuantity(raw);
  if (value === 0) return '0';
  const isBinary = typeof raw === 'string' && /[KMGTPE]i$/.test(raw.trim());
  if (isBinary && isWhole(value) && Math.abs(value) >= 1024) {
    for (const [suffix, mult] of BINARY_SUFFIXES) {
      if (Math.abs(value) >= mult && isWhole(value / mult)) return `${Math.round(value / mult)}${suffix}`;
    }
  }
  for (const [suffix, mult] of DECIMAL_SUFFIXES) {
    if (Math.abs(value) >= mult && isWhole(value / mult)) return `${Math.round(value / mult)}${suffix}`;
  }
  return `${Math.ceil(value * 1e9)}n`;
}

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Native resources (no domain, or a kubernetes.io domain) except hugepages may be overcommitted. */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !isHugePages(name);
}

function checkResourceName(name: string, field: string): FieldError[] {
  const msgs = checkQualifiedName(name);
  if (msgs.length > 0) return msgs.map((m) => invalid(field, name, m));
  if (name.includes('/')) return [];
  if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    return [invalid(field, name, 'must be a standard resource type or fully qualified')];
  }
  if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    return [invalid(field, name, 'must be a standard resource for containers')];
  }
  return [];
}

/** Quantity strings seen before and their values (null: malformed); a bounded memo of a pure parse. */
const quantityValues = new Map<string, number | null>();
const MAX_QUANTITY_VALUES = 10_000;

/** The value of a quantity (isQuantity() then parseQuantity()); undefined when it is none. */
function readQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  let parsed = quantityValues.get(value);
  if (parsed === undefined) {
    parsed = isQuantity(value) ? parseQuantity(value) : null;
    if (quantityValues.size < MAX_QUANTITY_VALUES) quantityValues.set(value, parsed);
  }
  return parsed ?? undefined;
}

function checkQuantity(value: unknown, field: string): FieldError[] {
  const q = readQuantity(value);
  if (q === undefined) return [invalid(field, typeof value === 'number' ? value : String(value), QUANTITY_FORMAT_MESSAGE)];
  if (q < 0) return [invalid(field, formatCanonicalQuantity(value as string | number), 'must be greater than or equal to 0')];
  return [];
}

/** True when checkResourceName(name, field) finds nothing. */
function isContainerResourceName(name: string): boolean {
  // CONTAINER_RESOURCES lie within STANDARD_RESOURCES: a qualified name passes with a domain, or as one of them, or as hugepages.
  return isQualifiedName(name) && (name.includes('/') || CONTAINER_RESOURCES.has(name) || isHugePages(name));
}

/** True when checkQuantity(value, field) finds nothing. */
function isValidQuantity(value: unknown): boolean {
  const q = readQuantity(value);
  return q !== undefined && q >= 0;
}

const NO_RESOURCES: Record<string, unknown> = Object.freeze({});

/**
 * Validates `resources` (limits and requests) of a container at `path`. Every pod runs this: the
 * yes/no checks come first, and field paths and messages are built only for a bad entry.
 */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const res = toRecord(resources);
  if (!res) return [];
  const errs: FieldError[] = [];
  const limits = toRecord(res.limits) ?? NO_RESOURCES;
  const requests = toRecord(res.requests) ?? NO_RESOURCES;
  // for-in with hasOwn visits the keys Object.keys() lists, in its order, without building the list.
  for (const name in limits) {
    if (!Object.hasOwn(limits, name)) continue;
    const value = limits[name];
    if (!isContainerResourceName(name)) errs.push(...checkResourceName(name, key(child(path, 'limits'), name)));
    if (!isValidQuantity(value)) errs.push(...checkQuantity(value, key(child(path, 'limits'), name)));
  }
  for (const name in requests) {
    if (!Object.hasOwn(requests, name)) continue;
    const value = requests[name] as string | number;
    if (!isContainerResourceName(name)) errs.push(...checkResourceName(name, key(child(path, 'requests'), name)));
    if (!isValidQuantity(value)) {
      errs.push(...checkQuantity(value, key(child(path, 'requests'), name)));
      continue;
    }
    const limit = limits[name];
    // The canonical forms are for the messages: only formatted when there is one to write.
    const limitValue = limit === undefined ? undefined : readQuantity(limit);
    if (limitValue !== undefined) {
      const cmp = readQuantity(value)! - limitValue;
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(child(path, 'requests'), formatCanonicalQuantity(value), `must be equal to ${name} limit of ${formatCanonicalQuantity(limit as string | number)}`));
      } else if (cmp > 0) {
        errs.push(invalid(child(path, 'requests'), formatCanonicalQuantity(value), `must be less than or equal to ${name} limit of ${formatCanonicalQuantity(limit as string | number)}`));
      }
    } else if (limit === undefined && !isOvercommitAllowed(name)) {
      errs.push(required(child(path, 'limits'), 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
