// Kubernetes Events as controllers, the scheduler and kubelets record them: core/v1 Event
// objects with involvedObject, reason, message, type, source and counts. Repeats of the same
// event within ten minutes are folded into one with a higher count, as the event correlator does.

import type { KubeObject } from '../k8s/types.ts';
import type { ApiServer } from './api/api-server.ts';

/** `Normal` or `Warning`, as in `kubectl get events`. */
export type EventType = 'Normal' | 'Warning';

const FOLD_WINDOW_MS = 10 * 60 * 1000;
/** Fold keys remembered; the oldest-remembered is forgotten first. */
const MAX_RECENT = 10_000;

interface Recent {
  name: string;
  namespace: string;
  lastAt: number;
}

/** Records events into the API server. */
export class EventRecorder {
  private readonly api: ApiServer;
  private readonly recent = new Map<string, Recent>();
  /** Fold keys in the order they were first remembered (a queue read from `head`). */
  private order: string[] = [];
  private head = 0;

  constructor(api: ApiServer) {
    this.api = api;
  }

  /**
   * Records an event about `obj` from `component` (e.g. `default-scheduler`, `kubelet`).
   * @example events.record(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: …', 'default-scheduler')
   */
  record(obj: KubeObject, type: EventType, reason: string, message: string, component: string, host?: string): void {
    const namespace = obj.metadata.namespace || 'default';
    const uid = obj.metadata.uid ?? '';
    const now = this.api.clock.nowMillis();
    const nowIso = this.api.clock.nowIso();
    const foldKey = `${uid}|${reason}|${message}|${component}`;
    const recent = this.recent.get(foldKey);
    if (recent && now - recent.lastAt <= FOLD_WINDOW_MS) {
      const existing = this.api.tryGet({ apiVersion: 'v1', kind: 'Event', namespace: recent.namespace, name: recent.name });
      if (existing) {
        const next = structuredClone(existing) as Record<string, any>;
        next.count = (next.count ?? 1) + 1;
        next.lastTimestamp = nowIso;
        this.api.update(next as KubeObject, { fieldManager: component });
        recent.lastAt = now;
        return;
      }
    }
    const name = `${obj.metadata.name}.${this.api.random.int(0x7fffffff).toString(16).padStart(8, '0')}${this.api.random.int(0xffff).toString(16).padStart(4, '0')}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: host ?? '',
      firstTimestamp: nowIso,
      lastTimestamp: nowIso,
      count: 1,
    };
    try {
      this.api.create(event, { fieldManager: component });
    } catch {
      // The namespace may be terminating; a real recorder drops such events too.
      return;
    }
    if (recent) Object.assign(recent, { name, namespace, lastAt: now });
    else this.remember(foldKey, { name, namespace, lastAt: now });
  }

  /** Remembers a new fold key, forgetting the oldest-remembered one beyond MAX_RECENT. */
  private remember(foldKey: string, entry: Recent): void {
    this.recent.set(foldKey, entry);
    this.order.push(foldKey);
    if (this.recent.size > MAX_RECENT) this.recent.delete(this.order[this.head++]!);
    if (this.head > MAX_RECENT) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  /** Events about one object, oldest first (as `kubectl describe` lists them). */
  eventsFor(obj: KubeObject): KubeObject[] {
    const namespace = obj.metadata.namespace || 'default';
    const items = this.api.list({ apiVersion: 'v1', kind: 'Event', namespace, fieldSelector: `involvedObject.uid=${obj.metadata.uid ?? ''}` }).items;
    return [...items].sort((a, b) => String((a as any).firstTimestamp).localeCompare(String((b as any).firstTimestamp)));
  }
}
