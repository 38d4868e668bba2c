// The small formatters kubectl's columns share: HumanDuration ages (`5s`, `3m20s`, `2d3h`),
// label maps and selectors, containers and images of a pod template, int-or-string values.
// They format values; which value goes in which column is each printer's business.

import { formatSelector } from '../selectors.ts';
import type { Obj } from './table.ts';

/** A duration the way kubectl shows ages (apimachinery's HumanDuration). */
export function formatHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

/** How long ago an RFC 3339 timestamp was, or `<unknown>` when it is unset. */
export function formatAge(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const at = Date.parse(timestamp);
  return Number.isFinite(at) ? formatHumanDuration(now - at) : '<unknown>';
}

/** `k=v,k2=v2` with keys sorted, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** A LabelSelector as `app=web,tier in (a,b)`, or `<none>` (metav1.FormatLabelSelector). */
export function formatLabelSelector(selector: unknown): string {
  return formatSelector((selector ?? undefined) as Parameters<typeof formatSelector>[0]);
}

/** The container names and images of a pod spec, comma-separated (layoutContainerCells). */
export function formatContainerCells(podSpec: Obj | undefined): [names: string, images: string] {
  const containers: Obj[] = podSpec?.containers ?? [];
  return [containers.map((c) => String(c.name ?? '')).join(','), containers.map((c) => String(c.image ?? '')).join(',')];
}

/** An IntOrString value as text (`1`, `50%`). */
export function formatIntOrString(value: unknown): string {
  return typeof value === 'number' ? String(value) : String(value ?? '');
}

/** A `.join(',')` of the first `max` items and ` + N more...` (listWithMoreString). */
export function formatListWithMore(items: readonly string[], max: number, empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** An integer cell: the value when it is a number, else 0 (Go's zero value). */
export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
