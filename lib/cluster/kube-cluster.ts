// KubeCluster: a real Kubernetes cluster (any kubeconfig context) as a plan/apply target,
// through @kubernetes/client-node. Server-side apply with field manager `shipshape`, dry runs,
// discovery-based kind → resource mapping (CRDs included). Time is the wall clock.

import { ApiException, ApisApi, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { FIELD_MANAGER } from '../k8s/annotations.ts';
import { ShipshapeError } from '../k8s/errors.ts';
import type { KubeObject } from '../k8s/types.ts';
import type { ApplyOptions, Cluster, ClusterRef, DeleteOptions, ServedKind } from './cluster.ts';

/** Where to find the cluster. */
export interface KubeClusterOptions {
  /** The kubeconfig file. @default $KUBECONFIG, else ~/.kube/config */
  readonly kubeconfig?: string | undefined;
  /** The context to use. @default the kubeconfig's current context */
  readonly context?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

/** A Kubernetes API error with the server's Status, as thrown by cluster methods. */
export class KubeApiError extends ShipshapeError {
  readonly status: { code: number; reason?: string; message?: string; details?: unknown };
  constructor(status: KubeApiError['status'], options?: { cause?: unknown }) {
    super(status.message ?? `the API server answered ${status.code}`, options);
    this.status = status;
  }
}

function toApiError(err: unknown): unknown {
  if (!(err instanceof ApiException)) return err;
  let body: Record<string, unknown> = {};
  try {
    body = typeof err.body === 'string' ? JSON.parse(err.body) : (err.body as Record<string, unknown>);
  } catch {
    body = { message: String(err.body) };
  }
  return new KubeApiError({ code: err.code, reason: body.reason as string | undefined, message: (body.message as string | undefined) ?? err.message, details: body.details }, { cause: err });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(err);
  }
}

function header(ref: ClusterRef): KubeObject {
  const metadata: KubeObject['metadata'] = { name: ref.name };
  if (ref.namespace) metadata.namespace = ref.namespace;
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata };
}

/** A real cluster as a target. */
export class KubeCluster implements Cluster {
  readonly description: string;
  readonly defaultNamespace: string;
  private readonly kc: KubeConfig;
  private readonly objects: KubernetesObjectApi;

  constructor(kc: KubeConfig) {
    this.kc = kc;
    this.objects = KubernetesObjectApi.makeApiClient(kc);
    const context = kc.getContextObject(kc.getCurrentContext());
    this.defaultNamespace = context?.namespace ?? 'default';
    this.description = `context ${kc.getCurrentContext()} (${kc.getCurrentCluster()?.server ?? 'unknown server'})`;
  }

  /** Loads a kubeconfig and picks the context. @throws ShipshapeError naming the file or the context. */
  static fromKubeconfig(options: KubeClusterOptions = {}): KubeCluster {
    const kc = new KubeConfig();
    try {
      if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
      else kc.loadFromDefault();
    } catch (err) {
      throw new ShipshapeError(`Cannot read kubeconfig ${options.kubeconfig ?? '(default)'}: ${(err as Error).message}`, { cause: err });
    }
    if (options.context) {
      const names = kc.getContexts().map((c) => c.name);
      if (!names.includes(options.context)) {
        throw new ShipshapeError(`No context '${options.context}' in the kubeconfig; it has: ${names.join(', ') || '(none)'}`);
      }
      kc.setCurrentContext(options.context);
    }
    if (!kc.getCurrentCluster()) throw new ShipshapeError('The kubeconfig names no cluster for the current context', { hint: 'pass --context or --kubeconfig' });
    return new KubeCluster(kc);
  }

  async discover(): Promise<ServedKind[]> {
    const out: ServedKind[] = [];
    const core = await call(() => this.kc.makeApiClient(CoreV1Api).getAPIResources());
    for (const r of core.resources) if (!r.name.includes('/')) out.push({ apiVersion: 'v1', kind: r.kind, plural: r.name, namespaced: r.namespaced });
    const groups = await call(() => this.kc.makeApiClient(ApisApi).getAPIVersions());
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    for (const g of groups.groups) {
      for (const v of g.versions) {
        const list = (await call(() => custom.getAPIResources({ group: g.name, version: v.version }))) as { resources: Array<{ name: string; kind: string; namespaced: boolean }> };
        for (const r of list.resources) if (!r.name.includes('/')) out.push({ apiVersion: v.groupVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced });
      }
    }
    return out;
  }

  async get(ref: ClusterRef): Promise<KubeObject | undefined> {
    try {
      return (await this.objects.read(header(ref) as never)) as unknown as KubeObject;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw toApiError(err);
    }
  }

  async list(kind: { apiVersion: string; kind: string }, options: { namespace?: string; labelSelector?: string } = {}): Promise<KubeObject[]> {
    const res = await call(() => this.objects.list(kind.apiVersion, kind.kind, options.namespace, undefined, undefined, undefined, undefined, options.labelSelector));
    return (res.items as unknown as KubeObject[]).map((o) => ({ ...o, apiVersion: kind.apiVersion, kind: kind.kind }));
  }

  async apply(obj: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    return (await call(() =>
      this.objects.patch(obj as never, undefined, options.dryRun ? 'All' : undefined, options.fieldManager ?? FIELD_MANAGER, options.force ?? false, PatchStrategy.ServerSideApply),
    )) as unknown as KubeObject;
  }

  async delete(ref: ClusterRef, options: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.objects.delete(header(ref) as never, undefined, options.dryRun ? 'All' : undefined, undefined, undefined, options.propagationPolicy ?? 'Background');
      return true;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return false;
      throw toApiError(err);
    }
  }

  async eventsFor(obj: KubeObject): Promise<KubeObject[]> {
    const core = this.kc.makeApiClient(CoreV1Api);
    const list = await call(() => core.listNamespacedEvent({ namespace: obj.metadata.namespace ?? 'default', fieldSelector: `involvedObject.uid=${obj.metadata.uid ?? ''}` }));
    return list.items as unknown as KubeObject[];
  }

  async advance(ms: number): Promise<{ idle: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { idle: false };
  }

  async close(): Promise<void> {}
}
