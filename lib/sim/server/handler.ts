// The request handler of the served simulation: authenticates, routes, maps each REST verb on
// each resource (and the status/scale subresources) to the in-process ApiServer, and streams
// watches. Tables, OpenAPI, protobuf and logs plug in through the ServeOptions hooks.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue, KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { PatchType } from '../api/request-types.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { bindPod } from '../api/binding.ts';
import { evictPod } from '../api/eviction.ts';
import { applyJsonPatch } from '../api/patch/json-patch.ts';
import { applyMergePatch } from '../api/patch/merge-patch.ts';
import { badRequest, methodNotSupported, StatusError, unauthorized, unsupportedMediaType } from '../errors.ts';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_TYPE, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.ts';
import { decodeBody, readBody, sendError, sendJson, successStatus } from './http-io.ts';
import { EncodedJson, encodeList, encodeObject, sendEncoded } from './json-body.ts';
import { servePodLog, type PodLogHook } from './pod-log.ts';
import { parseRoute, type ResourceRoute } from './routes.ts';
import { streamWatch } from './watch-stream.ts';

/** What the handler serves and the hooks that extend it. */
export interface ServeOptions {
  readonly api: ApiServer;
  /** Runs after every write (lets controllers act before the answer in tests). */
  readonly afterWrite?: () => void;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** `host:port` the server is reachable at, for legacy discovery. */
  readonly serverAddress?: string;
  /** The `/version` answer. */
  readonly version?: Record<string, string>;
  /** Renders a list or object as a meta.k8s.io Table (`kubectl get`): the Table, or its encoded bytes. */
  readonly table?: (info: ResourceInfo, items: KubeObject[], listMeta: Record<string, unknown>, includeObject: string) => unknown;
  /** OpenAPI v3 documents: the root listing, or one group-version (undefined: 404). */
  readonly openapi?: (group: string | undefined, version: string | undefined) => unknown;
  /** Decodes a protobuf request body (`kubectl create <generator>`) into an object. */
  readonly decodeProtobuf?: (body: Buffer) => KubeObject;
  /** A pod's container log. */
  readonly logs?: PodLogHook;
  /** Subscribes to the simulation's progress (the clock catching up); returns the unsubscribe. Log follows re-read on it. */
  readonly onProgress?: (listener: () => void) => () => void;
}

const DEFAULT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-shipshape',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

function notServed(): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
}

/** Builds the `(req, res)` handler. */
export function createHandler(options: ServeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      // After a refused oversized body the connection's framing is unknown: do not reuse it.
      if ((err as { status?: { code?: number } }).status?.code === 413 && !res.headersSent) res.setHeader('Connection', 'close');
      sendError(res, err, req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH');
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, o: ServeOptions): Promise<void> {
  if (o.token) {
    const auth = String(req.headers.authorization ?? '');
    if (auth !== `Bearer ${o.token}`) throw unauthorized();
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let route: ReturnType<typeof parseRoute>;
  try {
    route = parseRoute(url.pathname);
  } catch (err) {
    if (err instanceof URIError) throw badRequest(`the request path is not valid: ${url.pathname}`);
    throw err;
  }
  if (!route) throw notServed();
  const api = o.api;
  const resources = route.type === 'resource' ? [] : api.resources.all();
  const accept = String(req.headers.accept ?? '');
  switch (route.type) {
    case 'version':
      return sendJson(res, 200, o.version ?? DEFAULT_VERSION);
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end('ok');
    case 'api-versions':
      if (wantsAggregated(accept)) return sendJson(res, 200, aggregatedDiscovery(resources, true), AGGREGATED_DISCOVERY_TYPE);
      return sendJson(res, 200, apiVersions(o.serverAddress ?? '127.0.0.1:6443'));
    case 'api-groups':
      if (wantsAggregated(accept)) return sendJson(res, 200, aggregatedDiscovery(resources, false), AGGREGATED_DISCOVERY_TYPE);
      return sendJson(res, 200, apiGroupList(resources));
    case 'group': {
      const body = apiGroup(resources, route.group);
      if (!body) throw notServed();
      return sendJson(res, 200, body);
    }
    case 'group-version': {
      const body = apiResourceList(resources, route.group, route.version);
      if (!body) throw notServed();
      return sendJson(res, 200, body);
    }
    case 'openapi-v2':
      throw notServed();
    case 'openapi-v3-root':
    case 'openapi-v3': {
      const doc = o.openapi?.(route.type === 'openapi-v3' ? route.group : undefined, route.type === 'openapi-v3' ? route.version : undefined);
      if (!doc) throw notServed();
      return sendJson(res, 200, doc);
    }
    case 'resource':
      return handleResource(req, res, o, route, url.searchParams);
  }
}

async function handleResource(req: IncomingMessage, res: ServerResponse, o: ServeOptions, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  const api = o.api;
  const info = api.resources.tryFindResource(route.group, route.version, route.plural);
  if (!info) throw notServed();
  if (route.namespace !== undefined && !info.namespaced) throw notServed();
  const method = req.method ?? 'GET';
  const key = { apiVersion: info.apiVersion, kind: info.kind, namespace: info.namespaced ? route.namespace : undefined, name: route.name ?? '' };
  const write = {
    dryRun: q.getAll('dryRun').includes('All'),
    fieldManager: q.get('fieldManager') ?? fieldManagerFromAgent(req),
    fieldValidation: (q.get('fieldValidation') as 'Strict' | 'Warn' | 'Ignore' | null) ?? undefined,
    warnings: [] as string[],
  };
  const done = (code: number, body: unknown): void => {
    if (!write.dryRun && method !== 'GET') o.afterWrite?.();
    // fieldValidation=Warn: kubectl prints each as `Warning: unknown field "spec.x"`.
    if (write.warnings.length > 0) res.setHeader('Warning', write.warnings);
    sendJson(res, code, body);
  };

  // Collections.
  if (!route.name) {
    if (method === 'GET') {
      const listOpts = {
        apiVersion: info.apiVersion,
        kind: info.kind,
        namespace: route.namespace,
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
      };
      if (q.get('watch') === 'true' || q.get('watch') === '1') {
        return streamWatch(req, res, api, { ...listOpts, resourceVersion: q.get('resourceVersion') ?? undefined, allowBookmarks: q.get('allowWatchBookmarks') === 'true', timeoutSeconds: Number(q.get('timeoutSeconds') ?? 0) || undefined, table: wantsTable(req) ? (items) => o.table?.(info, items, {}, q.get('includeObject') ?? 'Metadata') : undefined });
      }
      const list = api.list({ ...listOpts, limit: Number(q.get('limit') ?? 0) || undefined, continue: q.get('continue') ?? undefined });
      if (wantsTable(req) && o.table) return sendTable(res, o.table(info, list.items, list.metadata, q.get('includeObject') ?? 'Metadata'));
      return sendEncoded(res, 200, encodeList(list));
    }
    if (method === 'POST') {
      const obj = await readObject(req, o);
      if (obj.kind !== undefined && obj.kind !== info.kind) {
        throw badRequest(`the object's kind ${JSON.stringify(obj.kind)} does not match the resource ${info.plural} (kind ${JSON.stringify(info.kind)})`);
      }
      const created = api.create({ ...obj, apiVersion: obj.apiVersion ?? info.apiVersion, kind: obj.kind ?? info.kind }, { ...write, namespace: route.namespace });
      return done(201, created);
    }
    if (method === 'DELETE') {
      const opts = await readDeleteOptions(req, q);
      const results = api.deleteCollection({ apiVersion: info.apiVersion, kind: info.kind, namespace: route.namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined }, opts);
      return done(200, { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: {}, items: results.map((r) => r.object) });
    }
    throw methodNotSupported(info.plural, info.group, method.toLowerCase());
  }

  const sub = route.subresource;
  if (sub === 'scale') {
    if (method === 'GET') return sendJson(res, 200, api.getScale(key));
    if (method === 'PUT' || method === 'PATCH') {
      const body = (method === 'PUT' ? await readJson(req) : await readScalePatch(req, api.getScale(key))) as { spec?: { replicas?: number }; metadata?: { resourceVersion?: string } };
      const replicas = body?.spec?.replicas;
      if (typeof replicas !== 'number') throw badRequest('spec.replicas is required');
      return done(200, api.updateScale(key, replicas, { ...write, ...(method === 'PUT' && body.metadata?.resourceVersion ? { resourceVersion: body.metadata.resourceVersion } : {}) }));
    }
    throw methodNotSupported(`${info.plural}/scale`, info.group, method.toLowerCase());
  }
  if (sub === 'log') {
    if (!(info.kind === 'Pod' && info.group === '') || method !== 'GET') throw notServed();
    return servePodLog(req, res, { api, logs: o.logs, onProgress: o.onProgress }, key, q);
  }
  if ((sub === 'eviction' || sub === 'binding') && info.kind === 'Pod' && info.group === '') {
    if (method !== 'POST') throw methodNotSupported(`pods/${sub}`, '', method.toLowerCase());
    const body = (await readJson(req)) as Record<string, any>;
    if (body?.metadata?.name && body.metadata.name !== key.name) {
      throw badRequest(sub === 'eviction' ? 'name in URL does not match name in Eviction object' : 'name in URL does not match name in Binding object');
    }
    const podKey = { namespace: key.namespace ?? 'default', name: key.name };
    if (sub === 'binding') {
      const target = body?.target?.name;
      if (!target) throw badRequest('Binding target.name is required');
      bindPod(api, podKey, target, { dryRun: write.dryRun });
      return done(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    return done(201, evictPod(api, podKey, { dryRun: write.dryRun, ...(body?.deleteOptions ? { deleteOptions: body.deleteOptions } : {}) }));
  }
  if (sub !== undefined && sub !== 'status') throw notServed();
  const subresource = sub === 'status' ? ('status' as const) : undefined;

  if (method === 'GET') {
    const obj = api.get(key);
    if (wantsTable(req) && o.table) return sendTable(res, o.table(info, [obj], { resourceVersion: obj.metadata.resourceVersion }, q.get('includeObject') ?? 'Metadata'));
    return sendEncoded(res, 200, new EncodedJson([encodeObject(obj)]));
  }
  if (method === 'PUT') {
    const obj = await readObject(req, o);
    if (obj.metadata?.name && obj.metadata.name !== key.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${key.name})`);
    const merged = { ...obj, apiVersion: info.apiVersion, kind: info.kind, metadata: { ...obj.metadata, name: key.name, ...(key.namespace ? { namespace: key.namespace } : {}) } };
    return done(200, api.update(merged, { ...write, subresource }));
  }
  if (method === 'PATCH') {
    const type = PATCH_TYPES[mediaType(req)];
    if (!type) throw unsupportedMediaType(Object.keys(PATCH_TYPES));
    const body = decodeBody(await readBody(req), { yaml: type === 'apply' });
    // force is only for apply patches: pass it on only when the client sent it.
    const force = q.has('force') ? q.get('force') === 'true' : undefined;
    const existed = type === 'apply' ? api.tryGet(key) !== undefined : true;
    const patched = api.patch(key, type, body, { ...write, subresource, force });
    return done(existed ? 200 : 201, patched);
  }
  if (method === 'DELETE') {
    const opts = await readDeleteOptions(req, q);
    const result = api.delete(key, opts);
    if (result.deleted && !result.object.metadata.finalizers?.length) {
      return done(200, successStatus({ name: key.name, ...(info.group ? { group: info.group } : {}), kind: info.plural, uid: result.object.metadata.uid }));
    }
    return done(result.deleted ? 200 : 202, result.object);
  }
  throw methodNotSupported(info.plural, info.group, method.toLowerCase());
}

const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Writes what the table hook made: encoded bytes as they are, a Table object as JSON. */
function sendTable(res: ServerResponse, table: unknown): void {
  if (table instanceof EncodedJson) return sendEncoded(res, 200, table, TABLE_TYPE);
  return sendJson(res, 200, table, TABLE_TYPE);
}

function wantsTable(req: IncomingMessage): boolean {
  return String(req.headers.accept ?? '').includes('as=Table');
}

function fieldManagerFromAgent(req: IncomingMessage): string {
  // The API server names an unnamed manager after the client's user agent (up to the first '/').
  const agent = String(req.headers['user-agent'] ?? 'unknown');
  return agent.split('/')[0]!.slice(0, 128) || 'unknown';
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = mediaType(req);
  if (type !== 'application/json' && type !== 'application/yaml' && type !== '*/*') throw unsupportedMediaType(['application/json', 'application/yaml']);
  return decodeBody(await readBody(req), { yaml: type === 'application/yaml' });
}

/** The Scale a PATCH on `/scale` makes of `current` (kubectl scale sends a merge patch). */
async function readScalePatch(req: IncomingMessage, current: unknown): Promise<unknown> {
  const type = PATCH_TYPES[mediaType(req)];
  if (!type || type === 'apply') throw unsupportedMediaType(Object.keys(PATCH_TYPES).filter((t) => t !== 'application/apply-patch+yaml'));
  const body = decodeBody(await readBody(req)) as JsonValue;
  try {
    return type === 'json' ? applyJsonPatch(current as JsonValue, body) : applyMergePatch(current as JsonValue, body);
  } catch (err) {
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
}

async function readObject(req: IncomingMessage, o: ServeOptions): Promise<KubeObject> {
  const type = mediaType(req);
  if (type === 'application/vnd.kubernetes.protobuf') {
    if (!o.decodeProtobuf) throw unsupportedMediaType(['application/json', 'application/yaml']);
    return o.decodeProtobuf(await readBody(req));
  }
  const body = await readJson(req);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
  const obj = body as KubeObject;
  obj.metadata = obj.metadata ?? {};
  return obj;
}

async function readDeleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<Parameters<ApiServer['delete']>[1]> {
  const raw = await readBody(req);
  const body = raw.length > 0 ? ((decodeBody(raw) as Record<string, any>) ?? {}) : {};
  const policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? (body.orphanDependents === true ? 'Orphan' : undefined);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const grace = body.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  const dryRun = (Array.isArray(body.dryRun) && body.dryRun.includes('All')) || q.getAll('dryRun').includes('All');
  return {
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(body.preconditions ? { preconditions: body.preconditions } : {}),
    dryRun,
  };
}

