// The text layout of `kubectl describe`: lines indented two spaces per level with tab-separated
// cells aligned by Go's tabwriter (padding 2), multi-line Labels and Annotations, RFC 1123
// times, and the Events table (oldest first). The describers for each kind use it.

import type { KubeObject } from '../../../lib/k8s/types.ts';
import type { ApiServer } from '../../../lib/sim/api/api-server.ts';
import { formatEventInterval, sortEvents } from '../../../lib/sim/printers/cluster-printers.ts';
import { formatTabbed } from '../../../lib/sim/printers/tab-writer.ts';

/** The loose view describers read objects through. */
export type Obj = Record<string, any>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu, 01 Jan 2026 00:00:00 +0000` (Go's RFC1123Z, in UTC), or `<unset>`. */
export function formatRfc1123(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (!Number.isFinite(ms)) return '<unset>';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Collects describe lines; toString() aligns them. */
export class DescribeWriter {
  private text = '';

  /** One line at `level` (two spaces each) of tab-separated cells. */
  line(level: number, ...cells: readonly (string | number | boolean)[]): this {
    this.text += `${'  '.repeat(level)}${cells.map(String).join('\t')}\n`;
    return this;
  }

  /** `Title:\tfirst` then `\tnext` lines, or `<none>`: how describe lists labels and selectors. */
  list(level: number, title: string, items: readonly string[]): this {
    if (items.length === 0) return this.line(level, `${title}:`, '<none>');
    this.line(level, `${title}:`, items[0]!);
    for (const item of items.slice(1)) this.line(level, '', item);
    return this;
  }

  /** Labels (`k=v`, sorted). */
  labels(level: number, title: string, labels: Record<string, string> | undefined): this {
    return this.list(level, title, Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`));
  }

  /** Annotations (`k: v`, sorted, without kubectl's last-applied-configuration). */
  annotations(level: number, annotations: Record<string, string> | undefined): this {
    const keys = Object.keys(annotations ?? {}).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort();
    return this.list(level, 'Annotations', keys.map((k) => `${k}: ${annotations![k]}`));
  }

  /** The Events section about `obj`, oldest first. */
  events(api: ApiServer, obj: KubeObject, now: number): this {
    const events = findEvents(api, obj);
    if (events.length === 0) return this.line(0, 'Events:', '<none>');
    this.line(0, 'Events:').line(1, 'Type', 'Reason', 'Age', 'From', 'Message').line(1, '----', '------', '----', '----', '-------');
    for (const event of sortEvents(events)) {
      const e = event as Obj;
      this.line(1, String(e.type ?? ''), String(e.reason ?? ''), formatEventInterval(event, now), String(e.source?.component || e.reportingComponent || ''), String(e.message ?? '').trim());
    }
    return this;
  }

  toString(): string {
    return formatTabbed(this.text, { minWidth: 0, padding: 2 });
  }
}

/** Events about an object: by uid, else by kind and name (cluster-scoped objects: every namespace). */
export function findEvents(api: ApiServer, obj: KubeObject): KubeObject[] {
  const fields = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.kind=${obj.kind}`];
  if (obj.metadata.namespace) fields.push(`involvedObject.namespace=${obj.metadata.namespace}`);
  const events = api.list({ apiVersion: 'v1', kind: 'Event', namespace: obj.metadata.namespace, fieldSelector: fields.join(',') }).items;
  const uid = obj.metadata.uid;
  return events.filter((e) => !uid || !(e as Obj).involvedObject?.uid || (e as Obj).involvedObject.uid === uid);
}

/** `ReplicaSet/web-7d9c5b8f4`: the controller owner, or undefined. */
export function controllerOf(obj: KubeObject): string | undefined {
  const owner = obj.metadata.ownerReferences?.find((o) => o.controller);
  return owner ? `${owner.kind}/${owner.name}` : undefined;
}

/** `80/TCP` ports of a container, or `<none>`. */
export function formatContainerPorts(container: Obj, field: 'containerPort' | 'hostPort'): string {
  const ports: Obj[] = container.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p[field] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
}

/** The Requests/Limits, Environment and Mounts lines of a container (pod and template describers). */
export function writeContainerResources(w: DescribeWriter, level: number, container: Obj): void {
  for (const which of ['limits', 'requests'] as const) {
    const values: Obj = container.resources?.[which] ?? {};
    const keys = Object.keys(values).sort();
    if (keys.length === 0) continue;
    w.line(level, which === 'limits' ? 'Limits:' : 'Requests:');
    for (const key of keys) w.line(level + 1, `${key}:`, String(values[key]));
  }
  const env: Obj[] = container.env ?? [];
  if (env.length === 0) w.line(level, 'Environment:', '<none>');
  else {
    w.line(level, 'Environment:');
    for (const e of env) w.line(level + 1, `${e.name}:`, e.value !== undefined ? String(e.value) : e.valueFrom ? `<set from ${Object.keys(e.valueFrom)[0]}>` : '');
  }
  const mounts: Obj[] = container.volumeMounts ?? [];
  if (mounts.length === 0) w.line(level, 'Mounts:', '<none>');
  else {
    w.line(level, 'Mounts:');
    for (const m of mounts) w.line(level + 1, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
  }
}
