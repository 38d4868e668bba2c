// What `shipshape sim describe KIND NAME` does: find the object (kubectl's kind names) and print
// a `kubectl describe`-like text: dedicated describers for Pods, Deployments, Nodes,
// Services and Secrets, a generic one (fields as YAML) for the rest, each ending with the Events table.

import type { KubeObject } from '../../lib/k8s/types.ts';
import type { ApiServer } from '../../lib/sim/api/api-server.ts';
import type { CliIo } from '../output.ts';
import { describeGeneric, describeNode } from './describe/describe-node.ts';
import { describePod } from './describe/describe-pod.ts';
import { describeSecret } from './describe/describe-secret.ts';
import { describeDeployment, describeService } from './describe/describe-workloads.ts';
import { splitKindArgument } from './get-action.ts';
import { notFoundError, resolveServedKind } from './resolve-kind.ts';
import { type SimOptions, withSimCluster } from './session.ts';

/** Everything `sim describe` was asked to do. */
export interface DescribeRequest extends SimOptions {
  readonly kind: string;
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
}

type Describer = (api: ApiServer, obj: KubeObject, now: number) => string;

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePod,
  'apps/Deployment': describeDeployment,
  '/Node': describeNode,
  '/Service': describeService,
  '/Secret': describeSecret,
};

/** Runs `shipshape sim describe`; without a name it describes every object of the kind. */
export async function runDescribe(request: DescribeRequest, io: CliIo): Promise<void> {
  const { kind, name } = splitKindArgument(request.kind, request.name);
  await withSimCluster(request, io, { command: 'describe', settle: 'read' }, (cluster) => {
    const api = cluster.api;
    const info = resolveServedKind(api, kind);
    const namespace = info.namespaced ? (request.namespace ?? 'default') : undefined;
    let objects: KubeObject[];
    if (name !== undefined) {
      const obj = api.tryGet({ apiVersion: info.apiVersion, kind: info.kind, namespace, name });
      if (!obj) throw notFoundError(api, info, name, namespace);
      objects = [obj];
    } else {
      objects = api.list({ apiVersion: info.apiVersion, kind: info.kind, namespace }).items;
      if (objects.length === 0) {
        io.stderr(namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
        return;
      }
    }
    const describe = DESCRIBERS[`${info.group}/${info.kind}`] ?? describeGeneric;
    io.stdout(objects.map((o) => describe(api, o, cluster.clock.nowMillis())).join('\n\n'));
  });
}
