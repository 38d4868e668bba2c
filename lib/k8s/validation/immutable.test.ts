import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { validateUpdate } from './immutable.ts';
import { makeContainer, makeObject, makeTemplate, makeWorkload } from './test-fixtures.ts';

function listUpdateErrors(oldObj: KubeObject, newObj: KubeObject): Array<[string, string]> {
  return validateUpdate(oldObj, newObj).map((e) => [e.field, e.message]);
}

function withSpec(obj: KubeObject, spec: Record<string, unknown>): KubeObject {
  return { ...obj, spec: { ...(obj.spec as object), ...spec } };
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('validateUpdate()', () => {
  it('validateUpdate() forbids changing a Deployment selector', () => {
    const before = makeWorkload('Deployment');
    const after = withSpec(before, { selector: { matchLabels: { app: 'web', tier: 'fe' } }, template: makeTemplate({}, { app: 'web', tier: 'fe' }) });
    expect(listUpdateErrors(before, after)).toEqual([
      ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'],
    ]);
  });

  it('validateUpdate() allows template and replica changes of a Deployment', () => {
    const before = makeWorkload('Deployment');
    const after = withSpec(before, { replicas: 3, template: makeTemplate({ containers: [makeContainer({ image: 'nginx:1.28' })] }) });
    expect(listUpdateErrors(before, after)).toEqual([]);
  });

  it('validateUpdate() also reports the new object\'s own errors', () => {
    const before = makeWorkload('ReplicaSet');
    expect(listUpdateErrors(before, withSpec(before, { replicas: -1 }))).toEqual([
      ['spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'],
    ]);
  });

  it('validateUpdate() forbids StatefulSet changes outside the updatable fields', () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const before = makeWorkload('StatefulSet', { serviceName: 'web', volumeClaimTemplates: [claim] });
    const bigger = { ...claim, spec: { ...claim.spec, resources: { requests: { storage: '2Gi' } } } };
    expect(listUpdateErrors(before, withSpec(before, { volumeClaimTemplates: [bigger] }))).toEqual([
      ['spec', "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"],
    ]);
    expect(listUpdateErrors(before, withSpec(before, { replicas: 5, minReadySeconds: 10, updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
  });

  it('validateUpdate() treats StatefulSet server defaults in the stored object as unchanged', () => {
    const stored = makeWorkload('StatefulSet', { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10 });
    expect(listUpdateErrors(stored, makeWorkload('StatefulSet', { replicas: 2 }))).toEqual([]);
  });

  it('validateUpdate() forbids changing an assigned clusterIP but allows omitting it', () => {
    const before = makeObject('v1', 'Service', { spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] } });
    const moved = makeObject('v1', 'Service', { spec: { clusterIP: '10.96.0.11', ports: [{ port: 80 }] } });
    expect(listUpdateErrors(before, moved)).toEqual([['spec.clusterIPs[0]', 'Invalid value: []string{"10.96.0.11"}: may not change once set']]);
    expect(listUpdateErrors(before, makeObject('v1', 'Service', { spec: { ports: [{ port: 8080 }] } }))).toEqual([]);
  });

  it('validateUpdate() forbids changing a Job template but ignores generated labels', () => {
    const template = makeTemplate({ restartPolicy: 'Never' }, {});
    const stored = makeObject('batch/v1', 'Job', {
      spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { ...template, metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u1', 'job-name': 'web' } } } },
    });
    expect(listUpdateErrors(stored, makeObject('batch/v1', 'Job', { spec: { template } }))).toEqual([]);
    const changed = makeTemplate({ restartPolicy: 'Never', containers: [makeContainer({ image: 'busybox' })] }, {});
    const errs = listUpdateErrors(stored, makeObject('batch/v1', 'Job', { spec: { template: changed } }));
    expect(errs.map(([field]) => field)).toEqual(['spec.template']);
    expect(errs[0]![1]).toMatch(/^Invalid value: \{.*\}: field is immutable$/);
  });

  it('validateUpdate() lets a PVC grow but not shrink or change class', () => {
    const spec = { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } };
    const before = makeObject('v1', 'PersistentVolumeClaim', { spec: { ...spec, volumeName: 'pv-1' } });
    const grown = makeObject('v1', 'PersistentVolumeClaim', { spec: { ...spec, resources: { requests: { storage: '2Gi' } } } });
    expect(listUpdateErrors(before, grown)).toEqual([]);
    const shrunk = makeObject('v1', 'PersistentVolumeClaim', { spec: { ...spec, resources: { requests: { storage: '512Mi' } } } });
    expect(listUpdateErrors(before, shrunk)).toEqual([['spec.resources.requests.storage', 'Forbidden: field can not be less than previous value']]);
    const reclassed = makeObject('v1', 'PersistentVolumeClaim', { spec: { ...spec, storageClassName: 'fast' } });
    expect(listUpdateErrors(before, reclassed)).toEqual([
      ['spec', 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    ]);
  });

  it('validateUpdate() freezes the data of an immutable ConfigMap', () => {
    const before = makeObject('v1', 'ConfigMap', { immutable: true, data: { a: '1' } });
    expect(listUpdateErrors(before, makeObject('v1', 'ConfigMap', { immutable: true, data: { a: '2' } }))).toEqual([
      ['data', 'Forbidden: field is immutable when `immutable` is set'],
    ]);
    expect(listUpdateErrors(before, makeObject('v1', 'ConfigMap', { data: { a: '1' } }))).toEqual([
      ['immutable', 'Forbidden: field is immutable when `immutable` is set'],
    ]);
  });

  it('validateUpdate() freezes a Secret type, and data given as stringData when immutable', () => {
    const before = makeObject('v1', 'Secret', { immutable: true, data: { a: b64('x') } });
    expect(listUpdateErrors(before, makeObject('v1', 'Secret', { immutable: true, stringData: { a: 'x' } }))).toEqual([]);
    expect(listUpdateErrors(before, makeObject('v1', 'Secret', { immutable: true, type: 'kubernetes.io/basic-auth', stringData: { a: 'y', username: 'u' } }))).toEqual([
      ['type', 'Invalid value: "kubernetes.io/basic-auth": field is immutable'],
      ['data', 'Forbidden: field is immutable when `immutable` is set'],
    ]);
  });

  it('validateUpdate() forbids changing a PersistentVolume source', () => {
    const spec = { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/a' } };
    const before = makeObject('v1', 'PersistentVolume', { spec });
    expect(listUpdateErrors(before, makeObject('v1', 'PersistentVolume', { spec: { ...spec, hostPath: { path: '/b' } } }))).toEqual([
      ['spec.persistentvolumesource', 'Forbidden: spec.persistentvolumesource is immutable after creation'],
    ]);
    expect(listUpdateErrors(before, makeObject('v1', 'PersistentVolume', { spec: { ...spec, persistentVolumeReclaimPolicy: 'Delete' } }))).toEqual([]);
  });

  it('validateUpdate() forbids renaming and allows any Namespace change', () => {
    const ns = makeObject('v1', 'Namespace', { metadata: { name: 'shop', labels: { a: 'b' } } });
    expect(listUpdateErrors(ns, makeObject('v1', 'Namespace', { metadata: { name: 'shop', labels: { a: 'c' } } }))).toEqual([]);
    expect(listUpdateErrors(ns, makeObject('v1', 'Namespace', {}, 'store'))).toEqual([['metadata.name', 'Invalid value: "store": field is immutable']]);
  });
});
