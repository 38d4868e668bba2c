// Shared fixtures of the ApiServer test files: a bootstrapped server, builders for the objects
// the tests write (Deployment, ConfigMap, Service, Pod, Job, StatefulSet, a CRD and its custom
// resources) and expectStatus(), which checks a StatusError's code, reason and exact message.
// Test support only; nothing outside the api-server*.test.ts files imports it.

import { expect } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { StatusError, type Status } from '../errors.ts';
import { ApiServer } from './api-server.ts';

/** A server with the system namespaces, StorageClass `standard` and 3 nodes, plus namespace `shop`. */
export function createApi(): ApiServer {
  const api = new ApiServer();
  bootstrapCluster(api);
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  return api;
}

/** Runs `fn`, expects a StatusError and checks its code, reason and message; returns its Status. */
export function expectStatus(fn: () => unknown, code: number, reason: string, message: string): Status {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof StatusError)) throw new Error(`expected a StatusError ${code} ${reason}, got ${String(thrown)}`);
  expect({ code: thrown.status.code, reason: thrown.status.reason, message: thrown.status.message }).toEqual({ code, reason, message });
  expect(thrown.message).toBe(message);
  return thrown.status;
}

/** A mutable copy of a (frozen) object the server returned. */
export function thaw<T extends KubeObject>(obj: T): T {
  return structuredClone(obj) as T;
}

/** Shortcut keys of the objects these tests use. */
export const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;
export const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
export const CM = { apiVersion: 'v1', kind: 'ConfigMap' } as const;
export const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
export const SVC = { apiVersion: 'v1', kind: 'Service' } as const;
export const NS = { apiVersion: 'v1', kind: 'Namespace' } as const;

/** A Deployment `name` in `shop` running one nginx container. */
export function deployment(name = 'web', namespace = 'shop', replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** A ReplicaSet owned by `owner` (with the ownerReference a controller sets). */
export function ownedReplicaSet(owner: KubeObject, name = `${owner.metadata.name}-rs`): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { app: owner.metadata.name ?? '' },
      ownerReferences: [
        { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: owner.metadata.name ?? '' } },
      template: {
        metadata: { labels: { app: owner.metadata.name ?? '' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
}

/** A ConfigMap `name` in `shop`. */
export function configMap(name = 'settings', data: Record<string, string> = { LOG_LEVEL: 'info' }, namespace = 'shop'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

/** A ClusterIP Service `name` in `shop` on port 80. */
export function service(name = 'web', namespace = 'shop'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] },
  };
}

/** An unscheduled Pod `name` in `shop`. */
export function pod(name = 'web-1', namespace = 'shop', image = 'nginx'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } };
}

/** A Job `name` in `shop`. */
export function job(name = 'migrate', namespace = 'shop'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'busybox:1.36', command: ['true'] }] } } },
  };
}

/** A StatefulSet `name` in `shop`. */
export function statefulSet(name = 'db', namespace = 'shop'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
    },
  };
}

/** The CRD `widgets.example.com` (kind Widget), with status and scale subresources. */
export function widgetCrd(scope: 'Namespaced' | 'Cluster' = 'Namespaced'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope,
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'string', enum: ['small', 'large'] },
                    replicas: { type: 'integer', minimum: 0 },
                    color: { type: 'string', default: 'blue' },
                  },
                },
                status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
              },
            },
          },
        },
      ],
    },
  };
}

/** The custom resource key of Widgets. */
export const WIDGET = { apiVersion: 'example.com/v1', kind: 'Widget' } as const;

/** A Widget `name` in `shop` (or cluster-scoped when `namespace` is undefined). */
export function widget(name = 'w1', spec: Record<string, unknown> = { size: 'small', replicas: 1 }, namespace: string | undefined = 'shop'): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: namespace ? { name, namespace } : { name }, spec };
}
