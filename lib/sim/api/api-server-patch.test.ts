import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { CM, DEPLOY, configMap, createApi, deployment, expectStatus } from './test-objects.ts';

type Obj = Record<string, any>;
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };

/** The Deployment of the kubectl patch task: one container, a toleration, two labels. */
function patchDemo(): KubeObject {
  const d = deployment() as Obj;
  d.metadata.labels = { app: 'web', tier: 'front' };
  d.spec.template.spec.tolerations = [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }];
  return d as KubeObject;
}

const containersOf = (o: KubeObject): Array<[string, string]> => (o as Obj).spec.template.spec.containers.map((c: Obj) => [c.name, c.image]);

describe('ApiServer.patch() strategic merge', () => {
  it('ApiServer.patch() strategic merges the container list by name', () => {
    const api = createApi();
    api.create(patchDemo());
    const patched = api.patch(WEB, 'strategic', { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } });
    expect(containersOf(patched)).toEqual([['web', 'nginx:1.27'], ['patch-demo-ctr-2', 'redis']]);
    const second = (patched as Obj).spec.template.spec.containers[1];
    expect(second).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' });
    const updated = api.patch(WEB, 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    expect(containersOf(updated)).toEqual([['web', 'nginx:1.28'], ['patch-demo-ctr-2', 'redis']]);
  });

  it('ApiServer.patch() strategic merge replaces a list without a patch strategy (tolerations)', () => {
    const api = createApi();
    api.create(patchDemo());
    const patched = api.patch(WEB, 'strategic', { spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } } });
    expect((patched as Obj).spec.template.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
  });

  it('ApiServer.patch() honours $retainKeys when switching a Deployment to Recreate', () => {
    const api = createApi();
    api.create(patchDemo());
    const patched = api.patch(WEB, 'strategic', { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect((patched as Obj).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('ApiServer.patch() deletes list items with $patch: delete and keys with null, and orders with $setElementOrder', () => {
    const api = createApi();
    const d = patchDemo() as Obj;
    d.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy:1.30' }, { name: 'logger', image: 'fluentbit:3' });
    api.create(d as KubeObject);
    const patched = api.patch(WEB, 'strategic', {
      metadata: { labels: { tier: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'logger' }, { name: 'web' }],
            containers: [{ name: 'sidecar', $patch: 'delete' }],
          },
        },
      },
    });
    expect(patched.metadata.labels).toEqual({ app: 'web' });
    expect(containersOf(patched)).toEqual([['logger', 'fluentbit:3'], ['web', 'nginx:1.27']]);
  });

  it('ApiServer.patch() answers 400 for a strategic merge patch that is not an object', () => {
    const api = createApi();
    api.create(deployment());
    expectStatus(() => api.patch(WEB, 'strategic', [1]), 400, 'BadRequest', 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('ApiServer.patch() answers 422 when content does not match $retainKeys', () => {
    const api = createApi();
    api.create(deployment());
    const status = expectStatus(
      () => api.patch(WEB, 'strategic', { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 1 } } } }),
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
    );
    expect(status.details).toEqual({ causes: [{ reason: 'UnexpectedServerResponse', message: "patch content doesn't match retainKeys list" }] });
  });
});

describe('ApiServer.patch() merge and JSON patch', () => {
  it('ApiServer.patch() merge patch replaces lists whole and deletes keys set to null', () => {
    const api = createApi();
    api.create(patchDemo());
    const patched = api.patch(WEB, 'merge', {
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'only', image: 'redis:7' }] } } },
    });
    expect(patched.metadata.labels).toEqual({ app: 'web' });
    expect(containersOf(patched)).toEqual([['only', 'redis:7']]);
  });

  it('ApiServer.patch() applies JSON patch operations in order', () => {
    const api = createApi();
    api.create(configMap('settings', { A: '1' }));
    const key = { ...CM, namespace: 'shop', name: 'settings' };
    const patched = api.patch(key, 'json', [
      { op: 'add', path: '/data/B', value: '2' },
      { op: 'remove', path: '/data/A' },
      { op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/name': 'shop' } },
    ]);
    expect(patched.data).toEqual({ B: '2' });
    expect(patched.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'shop' });
  });

  it('ApiServer.patch() answers 422 with the generic message when a JSON patch operation fails', () => {
    const api = createApi();
    api.create(deployment());
    const failedTest = expectStatus(
      () => api.patch(WEB, 'json', [{ op: 'test', path: '/spec/replicas', value: 9 }, { op: 'replace', path: '/spec/replicas', value: 1 }]),
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
    );
    expect(failedTest.details?.causes).toEqual([{ reason: 'UnexpectedServerResponse', message: 'testing value /spec/replicas failed: test failed' }]);
    const missing = expectStatus(() => api.patch(WEB, 'json', [{ op: 'remove', path: '/spec/paused' }]), 422, 'Invalid', 'the server rejected our request due to an error in our request');
    expect(missing.details?.causes?.[0]?.message).toBe("error in remove for path: '/spec/paused': Unable to remove nonexistent key: paused: missing value");
    expect((api.get(WEB) as Obj).spec.replicas).toBe(2);
  });

  it('ApiServer.patch() answers 400 for a JSON patch that is not a list of operations', () => {
    const api = createApi();
    api.create(deployment());
    expectStatus(() => api.patch(WEB, 'json', { op: 'add' }), 400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });
});

describe('ApiServer.patch() errors', () => {
  it('ApiServer.patch() answers 404 for an object that does not exist', () => {
    const api = createApi();
    expectStatus(() => api.patch({ ...WEB, name: 'ghost' }, 'merge', { spec: { replicas: 1 } }), 404, 'NotFound', 'deployments.apps "ghost" not found');
  });

  it('ApiServer.patch() checks a resourceVersion the patch carries (optimistic concurrency)', () => {
    const api = createApi();
    const created = api.create(deployment());
    const rv = created.metadata.resourceVersion;
    const patched = api.patch(WEB, 'merge', { metadata: { resourceVersion: rv }, spec: { replicas: 3 } });
    expect((patched as Obj).spec.replicas).toBe(3);
    expectStatus(
      () => api.patch(WEB, 'merge', { metadata: { resourceVersion: rv }, spec: { replicas: 4 } }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('ApiServer.patch() answers 422 for a patched object that fails validation', () => {
    const api = createApi();
    api.create(deployment());
    expectStatus(
      () => api.patch(WEB, 'merge', { spec: { replicas: -2 } }),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0',
    );
  });

  it('ApiServer.patch() refuses a patch that renames the object or changes its uid', () => {
    const api = createApi();
    api.create(deployment());
    expectStatus(() => api.patch(WEB, 'merge', { metadata: { name: 'other' } }), 400, 'BadRequest', 'the name of the object (other) does not match the name on the URL (web)');
    expectStatus(
      () => api.patch(WEB, 'merge', { metadata: { namespace: 'default' } }),
      400,
      'BadRequest',
      'the namespace of the object (default) does not match the namespace on the URL (shop)',
    );
    expectStatus(
      () => api.patch(WEB, 'merge', { metadata: { uid: 'abc' } }),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: metadata.uid: Invalid value: "abc": field is immutable',
    );
  });

  it('ApiServer.patch() answers 422 for force on a patch that is not an apply', () => {
    const api = createApi();
    api.create(deployment());
    const status = expectStatus(
      () => api.patch(WEB, 'strategic', { spec: { replicas: 1 } }, { force: true }),
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    expect(status.details).toEqual({
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }],
    });
  });

  it('ApiServer.patch() records the patching manager as an Update entry', () => {
    const api = createApi();
    api.create(deployment(), { fieldManager: 'kubectl-create' });
    const patched = api.patch(WEB, 'strategic', { spec: { replicas: 5 } }, { fieldManager: 'kubectl-patch' });
    const entries = patched.metadata.managedFields ?? [];
    expect(entries.map((m) => [m.manager, m.operation])).toEqual([['kubectl-create', 'Update'], ['kubectl-patch', 'Update']]);
    expect(entries[1]?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect((entries[0]?.fieldsV1 as Obj)['f:spec']['f:replicas']).toBeUndefined();
  });

  it('ApiServer.patch() keeps the managedFields entries a patch leaves alone as stored', () => {
    const api = createApi();
    const created = api.create(configMap(), { fieldManager: 'kubectl-create' });
    const key = { ...CM, namespace: 'shop', name: created.metadata.name ?? '' };
    for (const [type, body] of [['merge', { metadata: { labels: { a: 'b' } } }], ['strategic', { data: { extra: 'x' } }], ['json', [{ op: 'add', path: '/data/more', value: 'y' }]]] as const) {
      const before = api.get(key);
      const patched = api.patch(key, type, body, { fieldManager: `kubectl-${type}` });
      expect(patched.metadata.managedFields?.[0]?.fieldsV1).toBe(before.metadata.managedFields?.[0]?.fieldsV1);
    }
    expect(api.get(key).metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl-create', 'kubectl-json', 'kubectl-merge', 'kubectl-strategic']);
  });

  it('ApiServer.patch() honours a patch that replaces metadata.managedFields', () => {
    const api = createApi();
    const created = api.create(configMap(), { fieldManager: 'kubectl-create' });
    const key = { ...CM, namespace: 'shop', name: created.metadata.name ?? '' };
    const entry = { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } };
    const replaced = api.patch(key, 'json', [{ op: 'replace', path: '/metadata/managedFields', value: [entry] }], { fieldManager: 'kubectl-client-side-apply' });
    expect(replaced.metadata.managedFields).toEqual([entry]);
    const merged = api.patch(key, 'merge', { metadata: { managedFields: [{ ...entry, manager: 'other' }] } });
    expect(merged.metadata.managedFields?.map((m) => m.manager)).toEqual(['other']);
  });
});
