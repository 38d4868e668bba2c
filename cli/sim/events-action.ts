// What `shipshape sim events` prints: the events of a namespace (or all, -A) oldest first, in
// `kubectl events` columns (LAST SEEN TYPE REASON OBJECT MESSAGE, `3m (x5 over 10m)` repeats).

import type { KubeObject } from '../../lib/k8s/types.ts';
import { formatEventInterval, sortEvents } from '../../lib/sim/printers/cluster-printers.ts';
import { alignColumns } from '../../lib/sim/printers/render-table.ts';
import type { CliIo } from '../output.ts';
import { type SimOptions, withSimCluster } from './session.ts';

type Obj = Record<string, any>;

/** Everything `sim events` was asked to do. */
export interface EventsRequest extends SimOptions {
  readonly namespace?: string | undefined;
  readonly allNamespaces?: boolean | undefined;
  /** Only events about this object, `kind/name` (e.g. `pod/web-1`, `Deployment/web`). */
  readonly forObject?: string | undefined;
}

/** The `kubectl events` table of `events` (already filtered), oldest first. */
export function renderEvents(events: readonly KubeObject[], now: number, showNamespace: boolean): string {
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const lines = [showNamespace ? ['NAMESPACE', ...header] : header];
  for (const event of sortEvents(events)) {
    const e = event as Obj;
    const line = [formatEventInterval(event, now), String(e.type ?? ''), String(e.reason ?? ''), `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`, String(e.message ?? '').trim()];
    lines.push(showNamespace ? [event.metadata.namespace ?? '', ...line] : line);
  }
  return alignColumns(lines);
}

function matchesObject(event: Obj, forObject: string): boolean {
  const slash = forObject.indexOf('/');
  const kind = slash < 0 ? '' : forObject.slice(0, slash).toLowerCase();
  const name = slash < 0 ? forObject : forObject.slice(slash + 1);
  const eventKind = String(event.involvedObject?.kind ?? '').toLowerCase();
  return event.involvedObject?.name === name && (kind === '' || eventKind === kind || `${eventKind}s` === kind);
}

/** Runs `shipshape sim events`. */
export async function runEvents(request: EventsRequest, io: CliIo): Promise<void> {
  await withSimCluster(request, io, { command: 'events', settle: 'read' }, (cluster) => {
    const all = request.allNamespaces === true;
    const namespace = all ? undefined : (request.namespace ?? 'default');
    let events = cluster.api.list({ apiVersion: 'v1', kind: 'Event', namespace }).items;
    if (request.forObject) events = events.filter((e) => matchesObject(e as Obj, request.forObject!));
    if (events.length === 0) {
      io.stderr(all ? 'No events found.\n' : `No events found in ${namespace} namespace.\n`);
      return;
    }
    io.stdout(renderEvents(events, cluster.clock.nowMillis(), all));
  });
}
