import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../lib/k8s/types.ts';
import { SimCluster } from '../../../lib/sim/sim-cluster.ts';
import { renderEvents } from '../events-action.ts';
import { describeNode } from './describe-node.ts';
import { describePod } from './describe-pod.ts';
import { describeSecret } from './describe-secret.ts';
import { formatRfc1123 } from './describe-writer.ts';

function clusterWithPod(): { cluster: SimCluster; pod: KubeObject } {
  const cluster = SimCluster.create({ shape: { nodes: 1 } });
  cluster.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'solo', namespace: 'default', labels: { app: 'web', tier: 'front' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
  } as KubeObject);
  cluster.settle();
  return { cluster, pod: cluster.api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'solo' }) };
}

describe('describe', () => {
  it('formatRfc1123() writes times as Go RFC1123Z in UTC', () => {
    expect(formatRfc1123('2026-01-01T00:08:58Z')).toBe('Thu, 01 Jan 2026 00:08:58 +0000');
    expect(formatRfc1123(undefined)).toBe('<unset>');
  });

  it('describePod() aligns the header fields and lists labels one per line', () => {
    const { cluster, pod } = clusterWithPod();
    const text = describePod(cluster.api, pod, cluster.clock.nowMillis());
    expect(text.split('\n').slice(0, 9)).toEqual([
      'Name:             solo',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node-1/172.18.0.2',
      `Start Time:       ${formatRfc1123((pod as Record<string, any>).status.startTime)}`,
      'Labels:           app=web',
      '                  tier=front',
      'Annotations:      <none>',
    ]);
    expect(text).toContain('    Port:           80/TCP\n');
    expect(text).toContain('    Requests:\n      cpu:        500m\n      memory:     1Gi\n');
    expect(text).toMatch(/\nQoS Class: +Burstable\n/);
  });

  it('describePod() ends with the events table, oldest first', () => {
    const { cluster, pod } = clusterWithPod();
    const events = describePod(cluster.api, pod, cluster.clock.nowMillis()).split('Events:\n')[1]!.split('\n');
    expect(events[0]).toMatch(/^ {2}Type +Reason +Age +From +Message$/);
    expect(events[2]).toMatch(/^ {2}Normal +Scheduled +\d+s +default-scheduler +Successfully assigned default\/solo to node-1$/);
  });

  it('describeNode() adds up the requests of the pods on the node', () => {
    const { cluster } = clusterWithPod();
    const node = cluster.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' });
    const text = describeNode(cluster.api, node, cluster.clock.nowMillis());
    expect(text).toContain('Non-terminated Pods:          (1 in total)\n');
    expect(text).toMatch(/\n {2}cpu +500m \(12%\) +0 \(0%\)\n {2}memory +1Gi \(6%\) +0 \(0%\)\n/);
  });

  it('describeSecret() lists each data key with its size in bytes, never the value', () => {
    const cluster = SimCluster.create({ shape: { nodes: 0 } });
    const secret = cluster.api.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
      type: 'kubernetes.io/basic-auth',
      data: { username: Buffer.from('admin').toString('base64'), password: Buffer.from('s3cr3t-pa55').toString('base64') },
    } as KubeObject);
    const text = describeSecret(cluster.api, secret, cluster.clock.nowMillis());
    expect(text).toBe(
      [
        'Name:         db',
        'Namespace:    default',
        'Labels:       app=db',
        'Annotations:  <none>',
        '',
        'Type:  kubernetes.io/basic-auth',
        '',
        'Data',
        '====',
        'password:  11 bytes',
        'username:  5 bytes',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain(Buffer.from('admin').toString('base64'));
  });

  it('describeSecret() prints a service-account token secret\'s token, as kubectl does', () => {
    const cluster = SimCluster.create({ shape: { nodes: 0 } });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sa-token', namespace: 'default' }, type: 'kubernetes.io/service-account-token', data: { token: Buffer.from('eyJhbGciOi').toString('base64'), 'ca.crt': Buffer.from('----').toString('base64') } } as unknown as KubeObject;
    const data = describeSecret(cluster.api, secret, 0).split('====\n')[1];
    expect(data).toBe('ca.crt:  4 bytes\ntoken:   eyJhbGciOi\n');
  });

  it('renderEvents() shows repeats as `last (xN over first)` and the kind as written', () => {
    const at = (s: string) => `2026-01-01T00:${s}Z`;
    const event = (name: string, reason: string, first: string, last: string, count: number, rv: string) =>
      ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default', resourceVersion: rv }, involvedObject: { kind: 'Pod', name: 'web-1' }, type: reason === 'BackOff' ? 'Warning' : 'Normal', reason, message: `${reason} message`, firstTimestamp: at(first), lastTimestamp: at(last), count }) as KubeObject;
    const text = renderEvents([event('b', 'BackOff', '01:00', '09:00', 5, '9'), event('a', 'Started', '00:30', '00:30', 1, '3')], Date.parse(at('10:00')), true);
    expect(text).toBe(
      [
        'NAMESPACE   LAST SEEN          TYPE      REASON    OBJECT      MESSAGE',
        'default     9m30s              Normal    Started   Pod/web-1   Started message',
        'default     60s (x5 over 9m)   Warning   BackOff   Pod/web-1   BackOff message',
        '',
      ].join('\n'),
    );
  });
});
