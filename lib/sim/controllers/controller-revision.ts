// Revisions of StatefulSet and DaemonSet pod templates, computed as upstream names them
// (`<set>-<hash>`, the hash being a safe-encoded FNV-32a of the template and collision count).
// The simulated API server does not serve ControllerRevision, so the templates of the revisions
// a StatefulSet still needs are kept in the simulation knobs (saved with the cluster) instead.

import type { SimulationKnobs } from './controller.ts';

/** The alphabet of apimachinery's `rand.SafeEncodeString` (no vowels, no confusable digits). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HISTORY_KEY = 'statefulSetRevisions';

type Json = Record<string, unknown>;

/** JSON with object keys sorted, so equal templates always serialize the same way. */
export function stringifySorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stringifySorted(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifySorted(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The revision hash of a pod template: FNV-32a of its sorted JSON and the collision count, safe-encoded. */
export function computeTemplateHash(template: unknown, collisionCount = 0): string {
  const text = stringifySorted(template) + (collisionCount > 0 ? `#${collisionCount}` : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (const digit of String(h)) out += SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** The revision name of a workload's template: `<name>-<hash>`. */
export function revisionName(owner: string, template: unknown, collisionCount = 0): string {
  return `${owner}-${computeTemplateHash(template, collisionCount)}`;
}

function historyOf(knobs: SimulationKnobs): Record<string, Record<string, unknown>> {
  let history = knobs.values.get(HISTORY_KEY) as Record<string, Record<string, unknown>> | undefined;
  if (!history) {
    history = {};
    knobs.values.set(HISTORY_KEY, history);
  }
  return history;
}

/** Remembers the template of a revision of the StatefulSet `key` (`namespace/name`). */
export function rememberRevision(knobs: SimulationKnobs, key: string, revision: string, template: unknown): void {
  const history = historyOf(knobs);
  const revisions = (history[key] ??= {});
  if (!(revision in revisions)) revisions[revision] = structuredClone(template);
}

/** The template of a revision, when it is still known. */
export function findRevisionTemplate(knobs: SimulationKnobs, key: string, revision: string): unknown {
  return historyOf(knobs)[key]?.[revision];
}

/** Drops every revision of `key` but the ones listed (all of them when none are). */
export function pruneRevisions(knobs: SimulationKnobs, key: string, keep: readonly string[]): void {
  const history = historyOf(knobs);
  const revisions = history[key];
  if (!revisions) return;
  if (keep.length === 0) {
    delete history[key];
    return;
  }
  for (const name of Object.keys(revisions)) if (!keep.includes(name)) delete revisions[name];
}
