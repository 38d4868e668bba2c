// Test doubles for the typed references an App consumes: a ConfigMap- or Secret-like construct
// (IEnvSource, IVolumeSource, key references) and a Database-like connection (IEnvGroup).
// Used only by the App, Service and Ingress tests; not exported from lib/index.ts.

import { Construct } from '../core/construct.ts';
import { Resource } from '../core/resource.ts';
import type { V1EnvFromSource, V1EnvVar, V1Volume } from '../k8s/types.ts';
import type { IEnvGroup, IEnvSource, IEnvValue, IVolumeSource } from './contracts.ts';

/** A ConfigMap (or, with `kind: 'Secret'`, a Secret) with one raw object and typed references. */
export class FakeSource extends Construct implements IEnvSource, IVolumeSource {
  readonly name: string;
  readonly kind: 'ConfigMap' | 'Secret';

  constructor(scope: Construct, id: string, kind: 'ConfigMap' | 'Secret' = 'ConfigMap') {
    super(scope, id);
    this.name = id;
    this.kind = kind;
    new Resource(this, 'Resource', { apiVersion: 'v1', kind, metadata: { name: id }, data: {} });
  }

  /** A reference to one key. */
  key(key: string): IEnvValue {
    const ref = this.kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
    return { renderEnv: (name) => ({ name, valueFrom: { [ref]: { name: this.name, key } } }), dependencies: [this] };
  }

  renderEnvFrom(prefix?: string): V1EnvFromSource {
    const ref = this.kind === 'ConfigMap' ? { configMapRef: { name: this.name } } : { secretRef: { name: this.name } };
    return { ...(prefix ? { prefix } : {}), ...ref };
  }

  renderVolume(volumeName: string, options: { items?: Readonly<Record<string, string>>; defaultMode?: number } = {}): V1Volume {
    const items = options.items ? Object.entries(options.items).map(([key, path]) => ({ key, path })) : undefined;
    const body = { ...(items ? { items } : {}), ...(options.defaultMode !== undefined ? { defaultMode: options.defaultMode } : {}) };
    return this.kind === 'ConfigMap'
      ? { name: volumeName, configMap: { name: this.name, ...body } }
      : { name: volumeName, secret: { secretName: this.name, ...body } };
  }

  get dependencies(): Construct[] {
    return [this];
  }
}

/** A database-like construct whose `connection` renders HOST, PORT and PASSWORD under a prefix. */
export class FakeDatabase extends Construct {
  readonly connection: IEnvGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new Resource(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: id },
      spec: {
        serviceName: id,
        selector: { matchLabels: { db: id } },
        template: { metadata: { labels: { db: id } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      },
    });
    this.connection = {
      renderEnvGroup: (prefix: string): V1EnvVar[] => [
        { name: `${prefix}HOST`, value: id },
        { name: `${prefix}PORT`, value: '5432' },
        { name: `${prefix}PASSWORD`, valueFrom: { secretKeyRef: { name: `${id}-auth`, key: 'password' } } },
      ],
      dependencies: [this],
    };
  }
}
