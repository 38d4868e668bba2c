import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { supportsStrategicMerge } from './merge-keys.ts';
import { PatchError } from './patch-error.ts';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, finalizers: ['example.com/guard'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              args: ['--port', '8080'],
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: 'false' }],
              volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
            },
            { name: 'log', image: 'fluent-bit:3.0' },
          ],
          volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

function podSpec(patchSpec: JsonValue): JsonValue {
  return { spec: { template: { spec: patchSpec } } };
}

function errorOf(action: () => unknown): PatchError {
  try {
    action();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('applyStrategicMergePatch()', () => {
  it('applyStrategicMergePatch() merges a container by name, keeping the other container and fields', () => {
    const out = applyStrategicMergePatch(deployment(), podSpec({ containers: [{ name: 'web', image: 'nginx:1.27' }] }), DEPLOYMENT) as any;
    const [web, log] = out.spec.template.spec.containers;
    expect(web.image).toBe('nginx:1.27');
    expect(web.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(log).toEqual({ name: 'log', image: 'fluent-bit:3.0' });
  });

  it('applyStrategicMergePatch() appends a new container and merges env by name', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      podSpec({ containers: [{ name: 'web', env: [{ name: 'DEBUG', value: 'true' }, { name: 'REGION', value: 'eu' }] }, { name: 'proxy', image: 'envoy:1.29' }] }),
      DEPLOYMENT,
    ) as any;
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'log', 'proxy']);
    expect(out.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'DEBUG', value: 'true' },
      { name: 'REGION', value: 'eu' },
    ]);
  });

  it('applyStrategicMergePatch() merges ports by containerPort and volumeMounts by mountPath', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      podSpec({ containers: [{ name: 'web', ports: [{ containerPort: 9090, name: 'metrics' }], volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }] }] }),
      DEPLOYMENT,
    ) as any;
    const web = out.spec.template.spec.containers[0];
    expect(web.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, name: 'metrics' }]);
    expect(web.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/web', readOnly: true }]);
  });

  it('applyStrategicMergePatch() replaces atomic lists such as args and tolerations whole', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      podSpec({ containers: [{ name: 'web', args: ['--verbose'] }], tolerations: [{ key: 'spot', operator: 'Exists' }] }),
      DEPLOYMENT,
    ) as any;
    expect(out.spec.template.spec.containers[0].args).toEqual(['--verbose']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'spot', operator: 'Exists' }]);
  });

  it('applyStrategicMergePatch() deletes keys set to null and list items marked $patch: delete', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      { metadata: { labels: { app: null } }, spec: { template: { spec: { containers: [{ name: 'log', $patch: 'delete' }] } } } },
      DEPLOYMENT,
    ) as any;
    expect(out.metadata.labels).toEqual({});
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
  });

  it('applyStrategicMergePatch() switches the strategy to Recreate with $retainKeys', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }, DEPLOYMENT) as any;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('applyStrategicMergePatch() rejects a patch key missing from $retainKeys with 422', () => {
    const error = errorOf(() => applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } }, DEPLOYMENT));
    expect(error.message).toBe("patch content doesn't match retainKeys list");
    expect(error.code).toBe(422);
  });

  it('applyStrategicMergePatch() replaces a map with $patch: replace and a list with a replace element', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        metadata: { labels: { $patch: 'replace', team: 'payments' } },
        spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'busybox' }] } } },
      },
      DEPLOYMENT,
    ) as any;
    expect(out.metadata.labels).toEqual({ team: 'payments' });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('applyStrategicMergePatch() orders containers by $setElementOrder as client-side apply sends it', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      podSpec({ '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }], containers: [{ name: 'sidecar', image: 'envoy:1.29' }] }),
      DEPLOYMENT,
    ) as any;
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'web', 'log']);
  });

  it('applyStrategicMergePatch() treats finalizers as a set and honours $deleteFromPrimitiveList', () => {
    const added = applyStrategicMergePatch(deployment(), { metadata: { finalizers: ['example.com/guard', 'example.com/backup'] } }, DEPLOYMENT) as any;
    expect(added.metadata.finalizers).toEqual(['example.com/guard', 'example.com/backup']);
    const removed = applyStrategicMergePatch(added, { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/guard'] } }, DEPLOYMENT) as any;
    expect(removed.metadata.finalizers).toEqual(['example.com/backup']);
  });

  it('applyStrategicMergePatch() merges Service ports by port', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    };
    const out = applyStrategicMergePatch(service, { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443, targetPort: 8443 }] } }, { apiVersion: 'v1', kind: 'Service' }) as any;
    expect(out.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 8443 },
    ]);
  });

  it('applyStrategicMergePatch() finds the pod spec of a CronJob under jobTemplate', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'report:1' }, { name: 'push', image: 'push:1' }] } } } } },
    };
    const out = applyStrategicMergePatch(cronJob, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'report:2' }] } } } } } }, { apiVersion: 'batch/v1', kind: 'CronJob' }) as any;
    expect(out.spec.jobTemplate.spec.template.spec.containers).toEqual([
      { name: 'report', image: 'report:2' },
      { name: 'push', image: 'push:1' },
    ]);
  });

  it('applyStrategicMergePatch() merges a bare Pod spec', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } };
    const out = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'b', image: 'b:2' }] } }, { apiVersion: 'v1', kind: 'Pod' }) as any;
    expect(out.spec.containers).toEqual([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }]);
  });

  it('applyStrategicMergePatch() reports a list item without its merge key with the server wording', () => {
    const error = errorOf(() => applyStrategicMergePatch(deployment(), podSpec({ containers: [{ image: 'httpd' }] }), DEPLOYMENT));
    expect(error.message).toBe('map: map[image:httpd] does not contain declared merge key: name');
  });

  it('applyStrategicMergePatch() falls back to merge patch semantics for a custom resource', () => {
    expect(supportsStrategicMerge('example.com/v1', 'Database')).toBe(false);
    expect(supportsStrategicMerge('apps/v1', 'Deployment')).toBe(true);
    const db = { apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'orders' }, spec: { replicas: [{ name: 'a' }, { name: 'b' }], size: '10Gi' } };
    const out = applyStrategicMergePatch(db, { spec: { replicas: [{ name: 'c' }], size: null } }, { apiVersion: 'example.com/v1', kind: 'Database' });
    expect(out).toEqual({ apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'orders' }, spec: { replicas: [{ name: 'c' }] } });
  });

  it('applyStrategicMergePatch() strips directives from values the original did not have', () => {
    const out = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { initContainers: [{ name: 'migrate', image: 'migrate:1', env: [{ name: 'X', value: '1' }] }], nodeSelector: { disk: 'ssd', zone: null } } } } }, DEPLOYMENT) as any;
    expect(out.spec.template.spec.initContainers).toEqual([{ name: 'migrate', image: 'migrate:1', env: [{ name: 'X', value: '1' }] }]);
    expect(out.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });
});
