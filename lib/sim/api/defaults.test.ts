import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { applyDefaults, carryDefaultedPodSpec, defaultPullPolicy } from './defaults.ts';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            readinessProbe: { httpGet: { port: 80 } },
            resources: { limits: { memory: '256Mi' } },
          },
        ],
      },
    },
  },
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('applyDefaults()', () => {
  it('applyDefaults() fills a Deployment the way kube-apiserver does', () => {
    const d = applyDefaults(deployment()) as any;
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    const pod = d.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
    expect(pod.serviceAccountName).toBeUndefined();
    const c = pod.containers[0];
    expect(c).toMatchObject({
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } },
    });
  });

  it('applyDefaults() leaves Recreate without rollingUpdate and keeps given values', () => {
    const d = deployment() as any;
    d.spec.strategy = { type: 'Recreate' };
    d.spec.replicas = 0;
    applyDefaults(d);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.replicas).toBe(0);
  });

  it('applyDefaults() gives pods a service account and the not-ready/unreachable tolerations', () => {
    const pod = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as any;
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('applyDefaults() defaults Service ports, affinity and IP families, and targetPort to port', () => {
    const svc = applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }) as any;
    expect(svc.spec).toMatchObject({
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      externalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    });
  });

  it('applyDefaults() gives a PVC the default StorageClass only when it names none', () => {
    const pvc = (sc?: string): any => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: sc === undefined ? {} : { storageClassName: sc } });
    expect(applyDefaults(pvc(), { defaultStorageClass: 'standard' }).spec).toEqual({ volumeMode: 'Filesystem', storageClassName: 'standard' });
    expect((applyDefaults(pvc(''), { defaultStorageClass: 'standard' }) as any).spec.storageClassName).toBe('');
  });

  it('applyDefaults() leaves a PVC whose class the beta storage-class annotation names (even "") without a default', () => {
    for (const value of ['fast', '']) {
      const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', annotations: { 'volume.beta.kubernetes.io/storage-class': value } }, spec: {} };
      expect(applyDefaults(claim as any, { defaultStorageClass: 'standard' }).spec).toEqual({ volumeMode: 'Filesystem' });
    }
    const other = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', annotations: { 'example.com/x': 'y' } }, spec: {} };
    expect((applyDefaults(other as any, { defaultStorageClass: 'standard' }) as any).spec.storageClassName).toBe('standard');
  });

  it('applyDefaults() defaults Jobs and CronJobs', () => {
    const job = applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl:5' }] } } } }) as any;
    expect(job.spec).toMatchObject({ backoffLimit: 6, completions: 1, parallelism: 1, completionMode: 'NonIndexed', suspend: false });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const cj = applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [] } } } } } }) as any;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  });

  it('applyDefaults() copies an RC template labels to its selector and labels', () => {
    const rc = applyDefaults({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { template: { metadata: { labels: { app: 'r' } }, spec: { containers: [] } } } }) as any;
    expect(rc.spec.selector).toEqual({ app: 'r' });
    expect(rc.metadata.labels).toEqual({ app: 'r' });
  });

  it('applyDefaults() with storedSpec leaves a defaulted frozen spec alone, again and again', () => {
    const pod = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as any;
    const spec = deepFreeze(pod.spec);
    for (let i = 0; i < 2; i++) {
      const again = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as KubeObject, { storedSpec: true }) as any;
      expect(again.spec).toBe(spec);
    }
  });

  it('applyDefaults() with storedSpec still throws for a frozen spec that lacks a default', () => {
    const spec = deepFreeze({ containers: [{ name: 'c', image: 'nginx' }] });
    const write = () => applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as KubeObject, { storedSpec: true });
    expect(write).toThrow(TypeError);
    expect(write).toThrow(TypeError);
  });

  it('carryDefaultedPodSpec() counts a bound copy of a checked spec as defaulted', () => {
    const pod = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as any;
    const spec = deepFreeze(pod.spec);
    applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as KubeObject, { storedSpec: true });
    const bound = Object.freeze({ ...spec, nodeName: 'node-1' });
    carryDefaultedPodSpec(spec, bound);
    const again = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: bound } as KubeObject, { storedSpec: true }) as any;
    expect(again.spec).toBe(bound);
    expect(again.spec).toEqual({ ...spec, nodeName: 'node-1' });
  });

  it('carryDefaultedPodSpec() carries nothing from a spec defaulting has not checked', () => {
    const spec = deepFreeze({ containers: [{ name: 'c', image: 'nginx' }] });
    const bound = deepFreeze({ ...spec, nodeName: 'node-1' });
    carryDefaultedPodSpec(spec, bound);
    expect(() => applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: bound } as KubeObject, { storedSpec: true })).toThrow(TypeError);
  });

  it('defaultPullPolicy() reads the tag, not a registry port', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('localhost:5000/app:1.0')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
  });
});
