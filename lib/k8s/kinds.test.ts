import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, findRemovedApiVersion, resolveKindName, splitApiVersion, tryFindKind, tryFindResource } from './kinds.ts';

describe('kinds registry', () => {
  it('the registry holds every kind the project needs, each once', () => {
    const kinds = BUILTIN_KINDS.map((k) => k.kind);
    for (const kind of [
      'Namespace', 'ConfigMap', 'Secret', 'Service', 'Endpoints', 'EndpointSlice', 'Pod', 'Node', 'Event', 'Deployment',
      'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass',
      'Ingress', 'IngressClass', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceAccount', 'Role', 'RoleBinding',
      'ClusterRole', 'ClusterRoleBinding', 'NetworkPolicy', 'CustomResourceDefinition',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('tryFindKind() knows scope, plural and wave', () => {
    expect(tryFindKind('apps/v1', 'Deployment')).toMatchObject({ group: 'apps', plural: 'deployments', namespaced: true, wave: 3, shortNames: ['deploy'] });
    expect(tryFindKind('v1', 'Namespace')).toMatchObject({ group: '', namespaced: false, wave: 0, nameRule: 'label' });
    expect(tryFindKind('autoscaling/v2', 'HorizontalPodAutoscaler')?.wave).toBe(4);
    expect(tryFindKind('extensions/v1beta1', 'Deployment')).toBeUndefined();
  });

  it('tryFindResource() and resolveKindName() resolve what users type', () => {
    expect(tryFindResource('apps', 'statefulsets')?.kind).toBe('StatefulSet');
    expect(resolveKindName('deploy')?.kind).toBe('Deployment');
    expect(resolveKindName('svc')?.kind).toBe('Service');
    expect(resolveKindName('deployments.apps')?.kind).toBe('Deployment');
    expect(resolveKindName('Ingress')?.apiVersion).toBe('networking.k8s.io/v1');
    expect(resolveKindName('nope')).toBeUndefined();
  });

  it('findRemovedApiVersion() names the release and the replacement', () => {
    expect(findRemovedApiVersion('extensions/v1beta1', 'Deployment')).toMatchObject({ removedIn: '1.16', replacement: { apiVersion: 'apps/v1' } });
    expect(findRemovedApiVersion('policy/v1beta1', 'PodDisruptionBudget')?.removedIn).toBe('1.25');
    expect(findRemovedApiVersion('apps/v1', 'Deployment')).toBeUndefined();
  });

  it('splitApiVersion() handles the core group', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
  });
});
