import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { listErrors, makeObject, makePod } from './test-fixtures.ts';
import { validateObject } from './validate-object.ts';

const pvcSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
const hpaSpec = {
  scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  minReplicas: 1,
  maxReplicas: 5,
  metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
};

type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a Namespace name with uppercase', makeObject('v1', 'Namespace', {}, 'Team-A'), [
    ['metadata.name', "Invalid value: \"Team-A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
  ]],
  ['a label key with two slashes', makeObject('v1', 'ConfigMap', { metadata: { name: 'c', labels: { 'a/b/c': 'x' } } }), [
    ['metadata.labels[a/b/c]', "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
  ]],
  ['a Role name with a slash', makeObject('rbac.authorization.k8s.io/v1', 'Role', {}, 'a/b'), [
    ['metadata.name', "Invalid value: \"a/b\": may not contain '/'"],
  ]],
  ['a PVC without access modes or storage', makeObject('v1', 'PersistentVolumeClaim', { spec: {} }), [
    ['spec.accessModes', 'Required value: at least 1 access mode is required'],
    ['spec.resources[storage]', 'Required value'],
  ]],
  ['a PVC with an unknown access mode', makeObject('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, accessModes: ['ReadWriteAll'] } }), [
    ['spec.accessModes', 'Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
  ]],
  ['a PVC requesting zero storage', makeObject('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, resources: { requests: { storage: '0Gi' } } } }), [
    ['spec.resources[storage]', 'Invalid value: "0": must be greater than zero'],
  ]],
  ['a PVC with a malformed storage quantity', makeObject('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, resources: { requests: { storage: '10GB' } } } }), [
    ['spec.resources[storage]', "Invalid value: \"10GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ]],
  ['a PV without a volume source', makeObject('v1', 'PersistentVolume', { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } }), [
    ['spec', 'Required value: must specify a volume type'],
  ]],
  ['a local PV without node affinity', makeObject('v1', 'PersistentVolume', { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, local: { path: '/mnt' } } }), [
    ['spec.nodeAffinity', 'Required value: Local volume requires node affinity'],
  ]],
  ['an HPA without scaleTargetRef name', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, scaleTargetRef: { kind: 'Deployment' } } }), [
    ['spec.scaleTargetRef.name', 'Required value'],
  ]],
  ['an HPA with maxReplicas below minReplicas', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, minReplicas: 3, maxReplicas: 2 } }), [
    ['spec.maxReplicas', 'Invalid value: 2: must be greater than or equal to `minReplicas`'],
  ]],
  ['an HPA with maxReplicas 0', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, minReplicas: undefined, maxReplicas: 0 } }), [
    ['spec.maxReplicas', 'Invalid value: 0: must be greater than 0'],
    ['spec.maxReplicas', 'Invalid value: 0: must be greater than or equal to `minReplicas`'],
  ]],
  ['an HPA metric of unknown type', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, metrics: [{ type: 'Memory' }] } }), [
    ['spec.metrics[0].type', 'Unsupported value: "Memory": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'],
  ]],
  ['an HPA metric whose source does not match its type', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, metrics: [{ type: 'Pods', resource: { name: 'cpu' } }] } }), [
    ['spec.metrics[0].pods', 'Required value: must populate information for the given metric source'],
    ['spec.metrics[0].resource', 'Forbidden: must populate the given metric source only'],
  ]],
  ['an HPA resource metric without target value', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { ...hpaSpec, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }] } }), [
    ['spec.metrics[0].resource.target.averageUtilization', 'Required value: must set either a target raw value or a target utilization'],
  ]],
  ['an autoscaling/v1 HPA with a zero CPU target', makeObject('autoscaling/v1', 'HorizontalPodAutoscaler', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 0 } }), [
    ['spec.targetCPUUtilizationPercentage', 'Invalid value: 0: must be greater than or equal to 1'],
  ]],
  ['a PDB with both minAvailable and maxUnavailable', makeObject('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } }), [
    ['spec', 'Invalid value: {"minAvailable":1,"maxUnavailable":1,"selector":{"matchLabels":{"app":"web"}}}: minAvailable and maxUnavailable cannot be both set'],
  ]],
  ['a PDB with a malformed percent', makeObject('policy/v1', 'PodDisruptionBudget', { spec: { maxUnavailable: '10 %' } }), [
    ['spec.maxUnavailable', "Invalid value: 10 %: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
  ]],
  ['a PDB selector with In and no values', makeObject('policy/v1', 'PodDisruptionBudget', { spec: { minAvailable: 2, selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } } }), [
    ['spec.selector.matchExpressions[0].values', "Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  ]],
];

describe('validateObject()', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() returns each error with its Kubernetes reason', () => {
    const errs = validateObject(makePod({ containers: [{ name: 'web' }], restartPolicy: 'Sometimes' }));
    expect(errs.map((e) => e.type)).toEqual(['FieldValueRequired', 'FieldValueNotSupported']);
  });

  it('validateObject() ignores kinds it does not serve', () => {
    expect(validateObject(makeObject('monitoring.coreos.com/v1', 'ServiceMonitor', { spec: { nonsense: true } }, 'Bad_Name'))).toEqual([]);
    expect(validateObject(makeObject('extensions/v1beta1', 'Deployment', { spec: {} }))).toEqual([]);
  });

  it('validateObject() does not reject a namespace on a cluster-scoped object', () => {
    expect(listErrors(makeObject('v1', 'Namespace', { metadata: { name: 'shop', namespace: 'Whatever_' } }))).toEqual([]);
  });

  it('validateObject() accepts valid PVCs, PVs, HPAs and PDBs', () => {
    expect(listErrors(makeObject('v1', 'PersistentVolumeClaim', { spec: { ...pvcSpec, storageClassName: 'standard', volumeMode: 'Filesystem' } }))).toEqual([]);
    expect(listErrors(makeObject('v1', 'PersistentVolume', { spec: { accessModes: ['ReadOnlyMany'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' }, persistentVolumeReclaimPolicy: 'Retain' } }))).toEqual([]);
    expect(listErrors(makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: hpaSpec }))).toEqual([]);
    expect(listErrors(makeObject('policy/v1', 'PodDisruptionBudget', { spec: { maxUnavailable: '10%', selector: { matchLabels: { app: 'web' } } } }))).toEqual([]);
  });
});
