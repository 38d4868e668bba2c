// Turns the ways callers name a kind into the store's keys (group/kind), and finds the resource
// plural error messages need (`deployments.apps "web" not found`). No storage here.

import { BUILTIN_KINDS, splitApiVersion } from '../../k8s/kinds.ts';
import type { KindRef } from './types.ts';

const builtinByGroupKind = new Map(BUILTIN_KINDS.map((info) => [`${info.group}/${info.kind}`, info]));

/** The API group of a kind reference; TypeError when it names neither apiVersion nor group. */
export function resolveGroup(ref: KindRef): string {
  if (ref.group !== undefined) return ref.group;
  if (ref.apiVersion !== undefined) return splitApiVersion(ref.apiVersion).group;
  throw new TypeError(`${ref.kind}: a kind reference needs an apiVersion or a group`);
}

/** The key of a kind in the store: `group/Kind`. */
export function formatKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** A kind reference resolved to its group and store key. */
export interface ResolvedKind {
  readonly group: string;
  readonly kindKey: string;
}

/** Resolved kinds by group (or, with a leading space, apiVersion) and kind; a bounded memo. */
const resolvedKinds = new Map<string, Map<string, ResolvedKind>>();
const MAX_RESOLVED = 2_000;
let resolvedCount = 0;

/**
 * The group and store key of a kind reference (resolveGroup() and formatKindKey()), remembered
 * per apiVersion or group and kind: every store read and write resolves one.
 */
export function resolveKindKey(ref: KindRef): ResolvedKind {
  const by = ref.group !== undefined ? ref.group : ref.apiVersion !== undefined ? ` ${ref.apiVersion}` : undefined;
  const known = by === undefined ? undefined : resolvedKinds.get(by)?.get(ref.kind);
  if (known !== undefined) return known;
  const group = resolveGroup(ref);
  const resolved: ResolvedKind = { group, kindKey: formatKindKey(group, ref.kind) };
  if (by !== undefined && resolvedCount < MAX_RESOLVED) {
    let kinds = resolvedKinds.get(by);
    if (kinds === undefined) resolvedKinds.set(by, (kinds = new Map()));
    kinds.set(ref.kind, resolved);
    resolvedCount++;
  }
  return resolved;
}

/** kubectl's guess for an unknown kind's plural (meta.UnsafeGuessKindToResource). */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The resource plural of a kind: the registry's, the caller's, or a guess. */
export function findResourceName(group: string, kind: string, custom?: (group: string, kind: string) => string | undefined): string {
  return builtinByGroupKind.get(`${group}/${kind}`)?.plural ?? custom?.(group, kind) ?? guessPlural(kind);
}

/** The apiVersion a bookmark names: the caller's, the registry's, or `<group>/v1`. */
export function findApiVersion(ref: KindRef, group: string): string {
  if (ref.apiVersion !== undefined) return ref.apiVersion;
  return builtinByGroupKind.get(`${group}/${ref.kind}`)?.apiVersion ?? (group === '' ? 'v1' : `${group}/v1`);
}
