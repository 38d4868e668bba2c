import { describe, expect, it } from 'vitest';
import { resolveFieldSchema, supportsStrategicMerge } from './merge-keys.ts';

describe('resolveFieldSchema()', () => {
  it('resolveFieldSchema() finds container fields under every pod template location', () => {
    const ports = { type: 'map', keys: ['containerPort', 'protocol'], mergeKey: 'containerPort', keyDefaults: { protocol: 'TCP' } };
    expect(resolveFieldSchema('v1', 'Pod', ['spec', 'containers', 'ports']).list).toEqual(ports);
    expect(resolveFieldSchema('apps/v1', 'StatefulSet', ['spec', 'template', 'spec', 'initContainers', 'ports']).list).toEqual(ports);
    expect(resolveFieldSchema('batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 'env']).list).toMatchObject({ mergeKey: 'name' });
    expect(resolveFieldSchema('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 'volumeMounts']).list).toMatchObject({ mergeKey: 'mountPath' });
  });

  it('resolveFieldSchema() knows Service ports, metadata lists and atomic selectors', () => {
    expect(resolveFieldSchema('v1', 'Service', ['spec', 'ports']).list).toMatchObject({ keys: ['port', 'protocol'], mergeKey: 'port' });
    expect(resolveFieldSchema('v1', 'ConfigMap', ['metadata', 'finalizers']).list).toEqual({ type: 'set' });
    expect(resolveFieldSchema('example.com/v1', 'Database', ['metadata', 'ownerReferences']).list).toMatchObject({ mergeKey: 'uid' });
    expect(resolveFieldSchema('apps/v1', 'Deployment', ['spec', 'selector']).atomic).toBe(true);
    expect(resolveFieldSchema('v1', 'Service', ['spec', 'selector']).atomic).toBe(true);
    expect(resolveFieldSchema('apps/v1', 'Deployment', ['status', 'conditions']).list).toMatchObject({ mergeKey: 'type' });
  });

  it('resolveFieldSchema() treats untagged lists as atomic, tolerations and args included', () => {
    expect(resolveFieldSchema('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'tolerations']).list).toEqual({ type: 'atomic' });
    expect(resolveFieldSchema('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 'args']).list).toEqual({ type: 'atomic' });
    expect(resolveFieldSchema('example.com/v1', 'Deployment', ['spec', 'template', 'spec', 'containers']).list).toEqual({ type: 'atomic' });
  });

  it('supportsStrategicMerge() is true for built-in kinds only', () => {
    expect(supportsStrategicMerge('v1', 'ConfigMap')).toBe(true);
    expect(supportsStrategicMerge('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe(true);
    expect(supportsStrategicMerge('stable.example.com/v1', 'CronTab')).toBe(false);
  });
});
