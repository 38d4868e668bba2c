import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { toTable } from '../printers/registry.ts';
import type { EncodedJson } from './json-body.ts';
import { encodeTable } from './table-body.ts';

const NOW = Date.parse('2026-01-01T01:00:00Z');

function textOf(body: EncodedJson): string {
  return Buffer.concat(body.chunks as Buffer[]).toString('utf8');
}

function freezeDeep<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) freezeDeep(v);
    Object.freeze(value);
  }
  return value;
}

function pod(name: string, phase: string, restarts: number): KubeObject {
  return freezeDeep({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web', note: 'ünïcödé' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'nginx:1.27' }] },
    status: {
      phase,
      podIP: '10.0.0.7',
      containerStatuses: [
        {
          name: 'main',
          ready: phase === 'Running',
          restartCount: restarts,
          state: phase === 'Running' ? { running: { startedAt: '2026-01-01T00:00:05Z' } } : { terminated: { exitCode: phase === 'Failed' ? 1 : 0, reason: phase === 'Failed' ? 'Error' : 'Completed' } },
          ...(restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:30:00Z' } } } : {}),
        },
      ],
    },
  }) as unknown as KubeObject;
}

describe('encodeTable()', () => {
  const api = new ApiServer();
  const pods = [pod('a', 'Running', 0), pod('b', 'Succeeded', 0), pod('c', 'Failed', 2), pod('d', 'Running', 3)];
  const info = api.resources.findKind('v1', 'Pod');

  it('encodeTable() writes the same text as JSON.stringify(toTable()) for every includeObject', () => {
    for (const include of ['Metadata', 'Object', 'None', 'bogus']) {
      const meta = { resourceVersion: '12', continue: 'next', remainingItemCount: 4 };
      expect(textOf(encodeTable(info, pods, meta, include, NOW))).toBe(JSON.stringify(toTable(info, pods, meta, include, NOW)));
    }
  });

  it('encodeTable() matches toTable() with no rows, and for kinds without a printer of their own', () => {
    expect(textOf(encodeTable(info, [], { resourceVersion: '3' }, 'Metadata', NOW))).toBe(JSON.stringify(toTable(info, [], { resourceVersion: '3' }, 'Metadata', NOW)));
    const lease = api.resources.findKind('coordination.k8s.io/v1', 'Lease');
    const leases = [freezeDeep({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'default', creationTimestamp: '2026-01-01T00:59:00Z' }, spec: { holderIdentity: 'me' } }) as KubeObject];
    expect(textOf(encodeTable(lease, leases, {}, 'Metadata', NOW))).toBe(JSON.stringify(toTable(lease, leases, {}, 'Metadata', NOW)));
  });

  it('encodeTable() recomputes the cells of cached rows at each request time', () => {
    const later = NOW + 3 * 3600_000;
    encodeTable(info, pods, {}, 'Metadata', NOW);
    const again = JSON.parse(textOf(encodeTable(info, pods, {}, 'Metadata', later)));
    expect(again.rows.map((r: { cells: unknown[] }) => [r.cells[3], r.cells[4]])).toEqual([
      ['0', '4h'],
      ['0', '4h'],
      ['2 (3h30m ago)', '4h'],
      ['3 (3h30m ago)', '4h'],
    ]);
    expect(textOf(encodeTable(info, pods, {}, 'Metadata', later))).toBe(JSON.stringify(toTable(info, pods, {}, 'Metadata', later)));
  });
});
