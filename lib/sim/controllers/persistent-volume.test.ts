import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { ControllerManager } from './manager.ts';
import { persistentVolumeController } from './persistent-volume.ts';

type Obj = Record<string, any>;

function setup(): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const manager = new ControllerManager(api, [persistentVolumeController]).start();
  return { api, manager };
}

function claim(name: string, extra: Obj = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
  } as KubeObject;
}

function volume(name: string, size: string, extra: Obj = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: size }, hostPath: { path: `/data/${name}` }, storageClassName: 'manual', ...extra },
  } as KubeObject;
}

function immediateClass(name: string, reclaimPolicy = 'Delete'): KubeObject {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'shipshape.dev/sim-provisioner', reclaimPolicy, volumeBindingMode: 'Immediate' } as KubeObject;
}

function getClaim(api: ApiServer, name: string): Obj {
  return api.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name }) as Obj;
}

function getVolume(api: ApiServer, name: string): Obj | undefined {
  return api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolume', name }) as Obj | undefined;
}

/** Events about `obj`, oldest first (events are created in order; their names are random). */
function eventsOf(api: ApiServer, obj: Obj): string[] {
  return api
    .list({ apiVersion: 'v1', kind: 'Event', namespace: 'default', fieldSelector: `involvedObject.uid=${obj.metadata.uid}` })
    .items.map((e) => e as Obj)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.type} ${e.reason} (${e.source.component}): ${e.message}`);
}

describe('persistentVolumeController', () => {
  it('persistentVolumeController provisions and binds a volume at once for an Immediate class', () => {
    const { api, manager } = setup();
    api.create(immediateClass('fast'));
    const created = api.create(claim('data', { storageClassName: 'fast', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }));
    expect(manager.settle().settled).toBe(true);

    const pvName = `pvc-${created.metadata.uid}`;
    const pvc = getClaim(api, 'data');
    expect(pvc.spec.volumeName).toBe(pvName);
    expect(pvc.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '1Gi' } });
    expect(pvc.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'shipshape.dev/sim-provisioner',
      'volume.kubernetes.io/storage-provisioner': 'shipshape.dev/sim-provisioner',
    });
    const pv = getVolume(api, pvName)!;
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/provisioned-by': 'shipshape.dev/sim-provisioner' });
    expect(pv.spec).toMatchObject({
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      capacity: { storage: '1Gi' },
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: created.metadata.uid, apiVersion: 'v1' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'fast',
      volumeMode: 'Filesystem',
      hostPath: { path: `/var/lib/shipshape/volumes/${pvName}_default_data`, type: 'DirectoryOrCreate' },
    });
    expect(pv.spec.nodeAffinity).toBeUndefined();
    expect(pv.status.phase).toBe('Bound');
    expect(eventsOf(api, pvc)).toEqual([
      "Normal ExternalProvisioning (persistentvolume-controller): Waiting for a volume to be created either by the external provisioner 'shipshape.dev/sim-provisioner' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning (shipshape.dev/sim-provisioner): External provisioner is provisioning volume for claim "default/data"',
      `Normal ProvisioningSucceeded (shipshape.dev/sim-provisioner): Successfully provisioned volume ${pvName} using shipshape.dev/sim-provisioner`,
    ]);
  });

  it('persistentVolumeController waits for the selected node on a WaitForFirstConsumer class, then provisions on that node', () => {
    const { api, manager } = setup();
    const created = api.create(claim('data'));
    manager.settle();
    let pvc = getClaim(api, 'data');
    expect(pvc.spec.storageClassName).toBe('standard');
    expect(pvc.status.phase).toBe('Pending');
    expect(getVolume(api, `pvc-${created.metadata.uid}`)).toBeUndefined();
    expect(eventsOf(api, pvc)).toEqual(['Normal WaitForFirstConsumer (persistentvolume-controller): waiting for first consumer to be created before binding']);

    const annotated = structuredClone(pvc);
    annotated.metadata.annotations = { 'volume.kubernetes.io/selected-node': 'node-2' };
    api.update(annotated as KubeObject);
    manager.settle();
    pvc = getClaim(api, 'data');
    expect(pvc.status.phase).toBe('Bound');
    const pv = getVolume(api, `pvc-${created.metadata.uid}`)!;
    expect(pv.spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] },
    });
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  it('persistentVolumeController names the waiting pod of a WaitForFirstConsumer claim', () => {
    const { api, manager } = setup();
    api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db', namespace: 'default' },
      spec: { containers: [{ name: 'db', image: 'postgres:16' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
    } as KubeObject);
    api.create(claim('data'));
    manager.settle();
    expect(eventsOf(api, getClaim(api, 'data'))).toEqual(['Normal WaitForPodScheduled (persistentvolume-controller): waiting for pod db to be scheduled']);
  });

  it('persistentVolumeController binds the smallest static volume that fits the class, size and access modes', () => {
    const { api, manager } = setup();
    api.create(volume('big', '10Gi'));
    api.create(volume('small', '500Mi'));
    api.create(volume('rwx', '2Gi', { accessModes: ['ReadWriteMany'] }));
    api.create(volume('fits', '2Gi'));
    api.create(volume('other-class', '1Gi', { storageClassName: 'slow' }));
    api.create(claim('data', { storageClassName: 'manual' }));
    manager.settle();

    const pvc = getClaim(api, 'data');
    expect(pvc.spec.volumeName).toBe('fits');
    expect(pvc.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
    const pv = getVolume(api, 'fits')!;
    expect(pv.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(pv.status.phase).toBe('Bound');
    expect(getVolume(api, 'big')!.status.phase).toBe('Available');
    expect(getVolume(api, 'small')!.status.phase).toBe('Available');
  });

  it('persistentVolumeController honours a claimRef on a static volume and a volumeName on a claim', () => {
    const { api, manager } = setup();
    api.create(volume('small', '1Gi'));
    api.create(volume('reserved', '5Gi', { claimRef: { namespace: 'default', name: 'data' } }));
    api.create(volume('named', '3Gi'));
    api.create(claim('data', { storageClassName: 'manual' }));
    api.create(claim('logs', { storageClassName: 'manual', volumeName: 'named' }));
    manager.settle();

    expect(getClaim(api, 'data').spec.volumeName).toBe('reserved');
    expect(getClaim(api, 'data').status.phase).toBe('Bound');
    expect(getVolume(api, 'reserved')!.metadata.annotations).toBeUndefined();
    const logs = getClaim(api, 'logs');
    expect(logs.status.phase).toBe('Bound');
    expect(logs.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' });
    expect(getVolume(api, 'named')!.spec.claimRef).toMatchObject({ name: 'logs', uid: logs.metadata.uid });
    expect(getVolume(api, 'small')!.status.phase).toBe('Available');
  });

  it('persistentVolumeController binds a pending claim when a matching volume appears later', () => {
    const { api, manager } = setup();
    api.create(claim('data', { storageClassName: '' }));
    manager.settle();
    expect(getClaim(api, 'data').status.phase).toBe('Pending');
    expect(eventsOf(api, getClaim(api, 'data'))).toEqual(['Normal FailedBinding (persistentvolume-controller): no persistent volumes available for this claim and no storage class is set']);

    api.create(volume('late', '1Gi', { storageClassName: '' }));
    manager.settle();
    expect(getClaim(api, 'data').status.phase).toBe('Bound');
    expect(getVolume(api, 'late')!.status.phase).toBe('Bound');
  });

  it('persistentVolumeController deletes a Delete volume and releases a Retain volume when the claim goes', () => {
    const { api, manager } = setup();
    api.create(immediateClass('fast'));
    api.create(immediateClass('keep', 'Retain'));
    const a = api.create(claim('a', { storageClassName: 'fast' }));
    const b = api.create(claim('b', { storageClassName: 'keep' }));
    manager.settle();
    expect(getVolume(api, `pvc-${a.metadata.uid}`)!.status.phase).toBe('Bound');
    expect(getVolume(api, `pvc-${b.metadata.uid}`)!.spec.persistentVolumeReclaimPolicy).toBe('Retain');

    api.delete({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'a' });
    api.delete({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'b' });
    manager.settle();
    expect(getVolume(api, `pvc-${a.metadata.uid}`)).toBeUndefined();
    const retained = getVolume(api, `pvc-${b.metadata.uid}`)!;
    expect(retained.status.phase).toBe('Released');
    expect(retained.spec.claimRef).toMatchObject({ name: 'b', uid: b.metadata.uid });

    // A new claim of the same name does not get the released volume back.
    api.create(claim('b', { storageClassName: 'keep' }));
    manager.settle();
    expect(getClaim(api, 'b').spec.volumeName).not.toBe(`pvc-${b.metadata.uid}`);
    expect(getVolume(api, `pvc-${b.metadata.uid}`)!.status.phase).toBe('Released');
  });

  it('persistentVolumeController leaves a claim of a missing class Pending until the class exists', () => {
    const { api, manager } = setup();
    api.create(claim('data', { storageClassName: 'x' }));
    manager.settle();
    const pvc = getClaim(api, 'data');
    expect(pvc.status.phase).toBe('Pending');
    expect(eventsOf(api, pvc)).toEqual(['Warning ProvisioningFailed (persistentvolume-controller): storageclass.storage.k8s.io "x" not found']);

    api.create(immediateClass('x'));
    manager.settle();
    expect(getClaim(api, 'data').status.phase).toBe('Bound');
  });

  it('persistentVolumeController marks a bound claim Lost when its volume is deleted', () => {
    const { api, manager } = setup();
    api.create(volume('pv1', '1Gi'));
    api.create(claim('data', { storageClassName: 'manual' }));
    manager.settle();
    api.delete({ apiVersion: 'v1', kind: 'PersistentVolume', name: 'pv1' });
    manager.settle();
    const pvc = getClaim(api, 'data');
    expect(pvc.status.phase).toBe('Lost');
    expect(eventsOf(api, pvc)).toContain('Warning ClaimLost (persistentvolume-controller): Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  });

  it('persistentVolumeController leaves a claim of another provisioner Pending, waiting for that external provisioner', () => {
    const { api, manager } = setup();
    api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'Immediate' } as KubeObject);
    api.create(claim('data', { storageClassName: 'fast' }));
    expect(manager.settle().settled).toBe(true);
    const pvc = getClaim(api, 'data');
    expect(pvc.status.phase).toBe('Pending');
    expect(api.list({ apiVersion: 'v1', kind: 'PersistentVolume' }).items).toEqual([]);
    expect(pvc.metadata.annotations['volume.kubernetes.io/storage-provisioner']).toBe('k8s.io/minikube-hostpath');
    expect(eventsOf(api, pvc)).toEqual([
      "Normal ExternalProvisioning (persistentvolume-controller): Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]);
  });

  it('persistentVolumeController takes the class from the volume.beta.kubernetes.io/storage-class annotation over the spec', () => {
    const { api, manager } = setup();
    api.create(immediateClass('fast'));
    const created = api.create({ ...claim('data', { storageClassName: 'standard' }), metadata: { name: 'data', namespace: 'default', annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } } } as KubeObject);
    manager.settle();
    expect(getClaim(api, 'data').status.phase).toBe('Bound');
    expect(getVolume(api, `pvc-${created.metadata.uid}`)!.spec.storageClassName).toBe('fast');
  });

  it('persistentVolumeController does not provision for a claim with a selector: the provisioner refuses it', () => {
    const { api, manager } = setup();
    api.create(immediateClass('fast'));
    api.create(claim('data', { storageClassName: 'fast', selector: { matchLabels: { pv: 'local' } } }));
    manager.settle();
    const pvc = getClaim(api, 'data');
    expect(pvc.status.phase).toBe('Pending');
    expect(api.list({ apiVersion: 'v1', kind: 'PersistentVolume' }).items).toEqual([]);
    expect(eventsOf(api, pvc).slice(1)).toEqual([
      'Normal Provisioning (shipshape.dev/sim-provisioner): External provisioner is provisioning volume for claim "default/data"',
      'Warning ProvisioningFailed (shipshape.dev/sim-provisioner): failed to provision volume with StorageClass "fast": claim Selector is not supported',
    ]);
  });
});
