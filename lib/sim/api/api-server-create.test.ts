import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { CM, DEPLOY, POD, SVC, configMap, createApi, deployment, expectStatus, pod, service } from './test-objects.ts';

type Obj = Record<string, any>;

describe('ApiServer.create()', () => {
  it('ApiServer.create() stores the object with uid, creationTimestamp, a string resourceVersion and generation 1', () => {
    const api = createApi();
    const before = api.store.resourceVersion;
    const created = api.create(deployment());
    expect(created.metadata).toMatchObject({
      name: 'web',
      namespace: 'shop',
      creationTimestamp: '2026-01-01T00:00:00Z',
      generation: 1,
      resourceVersion: String(before + 1),
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((created as Obj).status).toEqual({});
    expect(Object.isFrozen(created)).toBe(true);
    expect(api.get({ ...DEPLOY, namespace: 'shop', name: 'web' })).toEqual(created);
  });

  it('ApiServer.create() never sets generation on a ConfigMap and takes the namespace from the options', () => {
    const api = createApi();
    const { metadata } = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: {} }, { namespace: 'shop' });
    expect(metadata.generation).toBeUndefined();
    expect(metadata.namespace).toBe('shop');
  });

  it('ApiServer.create() puts an object without a namespace in `default` and drops the namespace of a cluster-scoped kind', () => {
    const api = createApi();
    expect(api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }).metadata.namespace).toBe('default');
    const ns = api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', namespace: 'shop' } });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it('ApiServer.create() names an object from generateName with five characters of the Kubernetes alphabet', () => {
    const api = createApi();
    const created = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'job-', namespace: 'shop' } });
    expect(created.metadata.name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata.generateName).toBe('job-');
  });

  it('ApiServer.create() answers 404 for a namespace that does not exist', () => {
    const api = createApi();
    const status = expectStatus(() => api.create(deployment('web', 'nope')), 404, 'NotFound', 'namespaces "nope" not found');
    expect(status.details).toEqual({ name: 'nope', kind: 'namespaces' });
    expect(api.store.list({ ...DEPLOY }).items).toEqual([]);
  });

  it('ApiServer.create() answers 404 "no matches for kind" for removed and unknown API versions', () => {
    const api = createApi();
    const status = expectStatus(
      () => api.create({ ...deployment(), apiVersion: 'extensions/v1beta1' }),
      404,
      'NotFound',
      'no matches for kind "Deployment" in version "extensions/v1beta1"',
    );
    expect(status.details).toEqual({ group: 'extensions', kind: 'Deployment' });
    expectStatus(() => api.create({ ...deployment(), apiVersion: 'apps/v1beta2' }), 404, 'NotFound', 'no matches for kind "Deployment" in version "apps/v1beta2"');
    expectStatus(
      () => api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
      404,
      'NotFound',
      'no matches for kind "Widget" in version "example.com/v1"',
    );
  });

  it('ApiServer.create() refuses new objects in a terminating namespace with 403', () => {
    const api = createApi();
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'doomed', finalizers: ['example.com/hold'] } });
    api.delete({ ...{ apiVersion: 'v1', kind: 'Namespace' }, name: 'doomed' });
    const status = expectStatus(
      () => api.create(configMap('late', {}, 'doomed')),
      403,
      'Forbidden',
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    expect(status.details).toEqual({ name: 'late', kind: 'configmaps' });
    expectStatus(
      () => api.create(deployment('web', 'doomed')),
      403,
      'Forbidden',
      'deployments.apps "web" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    expectStatus(
      () => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-', namespace: 'doomed' } }),
      403,
      'Forbidden',
      'configmaps is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
  });

  it('ApiServer.create() answers 409 AlreadyExists for a taken name', () => {
    const api = createApi();
    api.create(deployment());
    const status = expectStatus(() => api.create(deployment()), 409, 'AlreadyExists', 'deployments.apps "web" already exists');
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
    api.create(configMap());
    expectStatus(() => api.create(configMap()), 409, 'AlreadyExists', 'configmaps "settings" already exists');
  });

  it('ApiServer.create() answers 400 for a body with a resourceVersion or a namespace other than the request\'s', () => {
    const api = createApi();
    expectStatus(
      () => api.create({ ...configMap(), metadata: { name: 'x', namespace: 'shop', resourceVersion: '5' } }),
      400,
      'BadRequest',
      'resourceVersion should not be set on objects to be created',
    );
    expectStatus(
      () => api.create(configMap('x', {}, 'shop'), { namespace: 'default' }),
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('ApiServer.create() answers 422 when neither name nor generateName is given', () => {
    const api = createApi();
    const status = expectStatus(
      () => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } }),
      422,
      'Invalid',
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    expect(status.details?.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  });

  it('ApiServer.create() answers 422 Invalid with every cause and the Kubernetes message', () => {
    const api = createApi();
    const bad = deployment('bad') as Obj;
    bad.spec.replicas = -1;
    const status = expectStatus(
      () => api.create(bad as KubeObject),
      422,
      'Invalid',
      'Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(status.details).toEqual({
      name: 'bad',
      group: 'apps',
      kind: 'Deployment',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }],
    });
    const two = pod('two') as Obj;
    two.spec.containers = [{ name: 'a', image: 'nginx' }, { name: 'a', image: '' }];
    const many = expectStatus(
      () => api.create(two as KubeObject),
      422,
      'Invalid',
      'Pod "two" is invalid: [spec.containers[1].name: Duplicate value: "a", spec.containers[1].image: Required value]',
    );
    expect(many.details?.causes?.map((c) => c.field)).toEqual(['spec.containers[1].name', 'spec.containers[1].image']);
  });

  it('ApiServer.create() rejects an invalid object name with the DNS-1123 message', () => {
    const api = createApi();
    expectStatus(
      () => api.create(configMap('Bad_Name')),
      422,
      'Invalid',
      `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });
});

describe('ApiServer.create() defaults', () => {
  it('ApiServer.create() shows a Deployment with its strategy and pod template defaults', () => {
    const api = createApi();
    const spec = (api.create(deployment()) as Obj).spec;
    expect(spec).toMatchObject({
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
    expect(spec.template.spec.containers[0]).toEqual({
      name: 'web',
      image: 'nginx:1.27',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
      resources: {},
    });
  });

  it('ApiServer.create() derives imagePullPolicy from the image tag', () => {
    const api = createApi();
    const policies = ['nginx', 'nginx:latest', 'nginx:1.27', 'registry:5000/app', 'nginx@sha256:' + 'a'.repeat(64)].map(
      (image, i) => (api.create(pod(`p${i}`, 'shop', image)) as Obj).spec.containers[0].imagePullPolicy,
    );
    expect(policies).toEqual(['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent']);
  });

  it('ApiServer.create() gives a Pod its scheduling defaults and a Pending status with its QoS class', () => {
    const api = createApi();
    const created = api.create(pod()) as Obj;
    expect(created.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      enableServiceLinks: true,
      priority: 0,
    });
    expect(created.spec.tolerations.map((t: Obj) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(api.get({ ...POD, namespace: 'shop', name: 'web-1' })).toEqual(created);
  });

  it('ApiServer.create() gives a Service its defaults and a cluster IP from 10.96.0.0/12', () => {
    // default/kubernetes (bootstrapped) holds 10.96.0.1.
    const api = createApi();
    const spec = (api.create(service()) as Obj).spec;
    expect(spec).toEqual({
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      clusterIP: '10.96.0.2',
      clusterIPs: ['10.96.0.2'],
    });
    expect((api.create(service('api')) as Obj).spec.clusterIP).toBe('10.96.0.3');
    const headless = service('db') as Obj;
    headless.spec.clusterIP = 'None';
    expect((api.create(headless as KubeObject) as Obj).spec.clusterIPs).toEqual(['None']);
  });

  it('ApiServer.create() allocates node ports for a NodePort Service and refuses a taken one', () => {
    const api = createApi();
    const first = service('a') as Obj;
    first.spec.type = 'NodePort';
    first.spec.ports = [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30000 }];
    expect((api.create(first as KubeObject) as Obj).spec.ports.map((p: Obj) => p.nodePort)).toEqual([30001, 30000]);
    const second = service('b') as Obj;
    second.spec.type = 'NodePort';
    second.spec.ports = [{ name: 'http', port: 80, nodePort: 30001 }];
    expectStatus(() => api.create(second as KubeObject), 422, 'Invalid', 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated');
  });

  it('ApiServer.create() refuses a cluster IP that is taken or outside the service CIDR', () => {
    const api = createApi();
    api.create(service('a'));
    const taken = service('b') as Obj;
    taken.spec.clusterIP = '10.96.0.1';
    expectStatus(
      () => api.create(taken as KubeObject),
      422,
      'Invalid',
      'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    const outside = service('c') as Obj;
    outside.spec.clusterIP = '192.168.0.10';
    expectStatus(
      () => api.create(outside as KubeObject),
      422,
      'Invalid',
      'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.10"}: failed to allocate IP 192.168.0.10: the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });
});

describe('ApiServer.create() managedFields', () => {
  it('ApiServer.create() records one Update entry for the field manager, owning the defaults but not server-set fields', () => {
    const api = createApi();
    const created = api.create(configMap(), { fieldManager: 'kubectl-create' });
    expect(created.metadata.managedFields).toEqual([
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:LOG_LEVEL': {} } } },
    ]);
    const deploy = api.create(deployment());
    const [entry, ...rest] = deploy.metadata.managedFields ?? [];
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ manager: 'unknown', operation: 'Update', apiVersion: 'apps/v1' });
    const spec = (entry?.fieldsV1 as Obj)['f:spec'];
    expect(Object.keys(spec)).toEqual(['f:progressDeadlineSeconds', 'f:replicas', 'f:revisionHistoryLimit', 'f:selector', 'f:strategy', 'f:template']);
    expect((entry?.fieldsV1 as Obj)['f:status']).toBeUndefined();
  });

  it('ApiServer.create() leaves the allocated cluster IP of a Service to no manager', () => {
    const api = createApi();
    const created = api.create(service(), { fieldManager: 'kubectl-create' });
    const spec = (created.metadata.managedFields?.[0]?.fieldsV1 as Obj)['f:spec'];
    expect(Object.keys(spec)).toEqual(['f:internalTrafficPolicy', 'f:ports', 'f:selector', 'f:sessionAffinity', 'f:type']);
    expect(api.get({ ...SVC, namespace: 'shop', name: 'web' }).metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('ApiServer.create() publishes one ADDED event per object at the new resourceVersion', () => {
    const api = createApi();
    const from = String(api.store.resourceVersion);
    const events: string[] = [];
    api.watch({ ...CM, namespace: 'shop', resourceVersion: from }, (e) => events.push(`${e.type} ${(e.object as KubeObject).metadata.name} ${(e.object as KubeObject).metadata.resourceVersion}`));
    api.create(configMap('a'));
    api.create(configMap('b'));
    expect(events).toEqual([`ADDED a ${Number(from) + 1}`, `ADDED b ${Number(from) + 2}`]);
  });
});

describe('ApiServer.createOwned()', () => {
  function event(name: string): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'shop' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop', uid: 'u-1' },
      reason: 'Pulled',
      message: 'Successfully pulled image',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      count: 1,
    } as KubeObject;
  }

  it('ApiServer.createOwned() stores what create() stores, taking the handed-over parts without a copy', () => {
    const copied = createApi().create(event('e'), { fieldManager: 'kubelet' });
    const body = event('e');
    const owned = createApi().createOwned(body, { fieldManager: 'kubelet' });
    expect(JSON.stringify(owned)).toBe(JSON.stringify(copied));
    expect((owned as Obj).involvedObject).toBe((body as Obj).involvedObject);
    expect(Object.isFrozen((body as Obj).involvedObject)).toBe(true);
  });

  it('ApiServer.createOwned() answers a taken name with AlreadyExists, as create() does', () => {
    const api = createApi();
    api.createOwned(event('e'));
    expectStatus(() => api.createOwned(event('e')), 409, 'AlreadyExists', 'events "e" already exists');
  });
});
