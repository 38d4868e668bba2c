import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { toTable } from './registry.ts';
import { renderTable } from './render-table.ts';

const CREATED = '2026-01-01T00:00:00Z';
const NOW = Date.parse('2026-01-01T00:10:00Z');

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: CREATED }, ...body } as KubeObject;
}

function cellsOf(api: ApiServer, apiVersion: string, kind: string, items: KubeObject[]): unknown[][] {
  const info = api.resources.findKind(apiVersion, kind);
  return toTable(info, items, {}, 'None', NOW, { crds: api }).rows.map((r) => r.cells);
}

function print(api: ApiServer, items: KubeObject[], options: Parameters<typeof renderTable>[1] = {}): string {
  const info = api.resources.findKind(items[0]!.apiVersion, items[0]!.kind);
  return renderTable(toTable(info, items, {}, 'Metadata', NOW, { crds: api }), options);
}

const api = new ApiServer();

describe('node printer', () => {
  const node = (name: string, ready: 'True' | 'False' | undefined, unschedulable = false, labels: Record<string, string> = {}) =>
    ({
      ...obj('v1', 'Node', name, {
        spec: unschedulable ? { unschedulable: true } : {},
        status: { conditions: ready ? [{ type: 'Ready', status: ready }] : [], nodeInfo: { kubeletVersion: 'v1.32.0' }, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
      }),
      metadata: { name, creationTimestamp: CREATED, labels },
    }) as KubeObject;

  it('node printer shows Ready, NotReady, Unknown and SchedulingDisabled like kubectl', () => {
    const text = print(api, [node('node-1', 'True'), node('node-2', 'False'), node('node-3', undefined), node('node-4', 'True', true, { 'node-role.kubernetes.io/control-plane': '' })]);
    expect(text).toBe(
      [
        'NAME     STATUS                     ROLES           AGE   VERSION',
        'node-1   Ready                      <none>          10m   v1.32.0',
        'node-2   NotReady                   <none>          10m   v1.32.0',
        'node-3   Unknown                    <none>          10m   v1.32.0',
        'node-4   Ready,SchedulingDisabled   control-plane   10m   v1.32.0',
        '',
      ].join('\n'),
    );
  });

  it('node printer fills the wide columns from addresses and node info', () => {
    expect(cellsOf(api, 'v1', 'Node', [node('node-1', 'True')])[0]).toEqual(['node-1', 'Ready', '<none>', '10m', 'v1.32.0', '172.18.0.2', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('service printer', () => {
  const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) => obj('v1', 'Service', name, { spec, status }, 'default');

  it('service printer shows a LoadBalancer without an address as <pending> and node ports as port:nodePort', () => {
    const rows = cellsOf(api, 'v1', 'Service', [
      svc('web', { type: 'LoadBalancer', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web' } }),
      svc('api', { type: 'ClusterIP', clusterIPs: ['10.96.0.11'], ports: [{ port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }),
      svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '172.18.255.1' }] } }),
      svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
      svc('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
    ]);
    expect(rows).toEqual([
      ['web', 'LoadBalancer', '10.96.0.10', '<pending>', '80:30080/TCP', '10m', 'app=web'],
      ['api', 'ClusterIP', '10.96.0.11', '<none>', '8080/TCP,53/UDP', '10m', '<none>'],
      ['lb', 'LoadBalancer', '10.96.0.12', '172.18.255.1', '443:30443/TCP', '10m', '<none>'],
      ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '10m', '<none>'],
      ['headless', 'ClusterIP', 'None', '<none>', '<none>', '10m', '<none>'],
    ]);
  });
});

describe('workload printers', () => {
  it('deployment printer shows READY as ready/desired and the wide selector', () => {
    const d = obj('apps/v1', 'Deployment', 'web', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    }, 'default');
    expect(cellsOf(api, 'apps/v1', 'Deployment', [d])[0]).toEqual(['web', '2/3', 3, 2, '10m', 'web,log', 'nginx:1.27,busybox', 'app=web']);
    expect(print(api, [d], { wide: true })).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES               SELECTOR\nweb    2/3     3            2           10m   web,log      nginx:1.27,busybox   app=web\n');
  });

  it('job printer shows status, completions and duration', () => {
    const running = obj('batch/v1', 'Job', 'migrate', { spec: { completions: 1, template: { spec: { containers: [] } } }, status: { startTime: '2026-01-01T00:07:00Z' } }, 'default');
    const done = obj('batch/v1', 'Job', 'seed', {
      spec: { completions: 3, template: { spec: { containers: [] } } },
      status: { succeeded: 3, startTime: '2026-01-01T00:01:00Z', completionTime: '2026-01-01T00:01:45Z', conditions: [{ type: 'Complete', status: 'True' }] },
    }, 'default');
    const parallel = obj('batch/v1', 'Job', 'work', { spec: { parallelism: 4, template: { spec: { containers: [] } } }, status: { conditions: [{ type: 'Failed', status: 'True' }] } }, 'default');
    expect(cellsOf(api, 'batch/v1', 'Job', [running, done, parallel]).map((c) => c.slice(0, 4))).toEqual([
      ['migrate', 'Running', '0/1', '3m'],
      ['seed', 'Complete', '3/3', '45s'],
      ['work', 'Failed', '0/1 of 4', ''],
    ]);
  });

  it('hpa printer shows the CPU target with <unknown> until metrics arrive', () => {
    const spec = { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] };
    const fresh = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec, status: {} }, 'default');
    const measured = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec, status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }] } }, 'default');
    expect(cellsOf(api, 'autoscaling/v2', 'HorizontalPodAutoscaler', [fresh, measured])).toEqual([
      ['web', 'Deployment/web', 'cpu: <unknown>/80%', '2', 10, 0, '10m'],
      ['web', 'Deployment/web', 'cpu: 45%/80%', '2', 10, 3, '10m'],
    ]);
  });

  it('pdb printer shows N/A for the bound that is not set', () => {
    const pdb = obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, 'default');
    expect(cellsOf(api, 'policy/v1', 'PodDisruptionBudget', [pdb])[0]).toEqual(['web', '50%', 'N/A', 1, '10m']);
  });
});

describe('storage and config printers', () => {
  it('pvc printer shows capacity and access modes only once bound', () => {
    const pending = obj('v1', 'PersistentVolumeClaim', 'data-db-0', { spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } }, 'default');
    const bound = obj('v1', 'PersistentVolumeClaim', 'data-db-1', { spec: { storageClassName: 'standard', volumeName: 'pvc-123' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }, 'default');
    expect(cellsOf(api, 'v1', 'PersistentVolumeClaim', [pending, bound])).toEqual([
      ['data-db-0', 'Pending', '', '', '', 'standard', '<unset>', '10m', '<unset>'],
      ['data-db-1', 'Bound', 'pvc-123', '1Gi', 'RWO', 'standard', '<unset>', '10m', '<unset>'],
    ]);
  });

  it('storage class printer marks the default class', () => {
    const cluster = new ApiServer();
    bootstrapCluster(cluster);
    const classes = cluster.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' }).items;
    expect(cellsOf(cluster, 'storage.k8s.io/v1', 'StorageClass', classes)[0]).toEqual(['standard (default)', 'shipshape.dev/sim-provisioner', 'Delete', 'WaitForFirstConsumer', true, '10m']);
  });

  it('configmap and secret printers count data keys', () => {
    expect(cellsOf(api, 'v1', 'ConfigMap', [obj('v1', 'ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, 'default')])[0]).toEqual(['cfg', 3, '10m']);
    expect(cellsOf(api, 'v1', 'Secret', [obj('v1', 'Secret', 'db', { type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } }, 'default')])[0]).toEqual(['db', 'kubernetes.io/basic-auth', 1, '10m']);
  });

  it('kinds without an upstream printer get NAME CREATED AT', () => {
    const role = obj('rbac.authorization.k8s.io/v1', 'Role', 'reader', { rules: [] }, 'default');
    expect(print(api, [role])).toBe('NAME     CREATED AT\nreader   2026-01-01T00:00:00Z\n');
  });
});

describe('event printer', () => {
  it('event printer shows last seen, type, reason, object and message', () => {
    const event = obj('v1', 'Event', 'web.1', {
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container web in pod web-1_default(uid)\n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2026-01-01T00:02:00Z',
      lastTimestamp: '2026-01-01T00:09:00Z',
      count: 5,
    }, 'default');
    expect(cellsOf(api, 'v1', 'Event', [event])[0]).toEqual(['60s', 'Warning', 'BackOff', 'pod/web-1', '', 'kubelet, node-1', 'Back-off restarting failed container web in pod web-1_default(uid)', '8m', 5, 'web.1']);
  });
});

describe('custom resource printer', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          additionalPrinterColumns: [
            { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
            { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  } as unknown as KubeObject;

  it('custom resource printer uses the CRD version additionalPrinterColumns, <none> for missing values', () => {
    const cluster = new ApiServer();
    bootstrapCluster(cluster);
    cluster.create(crd);
    const ready = obj('example.com/v1', 'Widget', 'a', { spec: { size: 3 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'default');
    const bare = obj('example.com/v1', 'Widget', 'b', { spec: {} }, 'default');
    expect(print(cluster, [ready, bare])).toBe('NAME   SIZE     READY    AGE\na      3        True     10m\nb      <none>   <none>   10m\n');
  });

  it('custom resource printer shows NAME AGE for a version without printer columns', () => {
    const cluster = new ApiServer();
    cluster.create(crd);
    const table = toTable(cluster.resources.findKind('example.com/v2', 'Widget'), [obj('example.com/v2', 'Widget', 'a', {}, 'default')], {}, 'None', NOW, { crds: cluster });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Age', 'date']]);
    expect(table.rows[0]!.cells).toEqual(['a', '10m']);
  });
});

describe('toTable()', () => {
  const cm = obj('v1', 'ConfigMap', 'cfg', { data: {} }, 'shop');
  const info = api.resources.findKind('v1', 'ConfigMap');

  it('toTable() sends PartialObjectMetadata rows by default and copies the list metadata', () => {
    const table = toTable(info, [cm], { resourceVersion: '42', continue: 'abc' }, 'Metadata', NOW);
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '42', continue: 'abc' } });
    expect(table.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
  });

  it('toTable() sends the full object with includeObject=Object and none with None', () => {
    expect(toTable(info, [cm], {}, 'Object', NOW).rows[0]!.object).toBe(cm);
    expect(toTable(info, [cm], {}, 'None', NOW).rows[0]!.object).toBeNull();
  });
});
