// What `shipshape sim resolve URL` prints: which Service, port and ready pod a request would
// reach in the simulated cluster, and how it got in (ClusterIP, NodePort, LoadBalancer, Ingress).
// The answer comes from lib/sim/network/resolve.ts; its round-robin cursor is saved.

import { resolve } from '../../lib/sim/network/resolve.ts';
import type { CliIo } from '../output.ts';
import { type SimOptions, withSimCluster } from './session.ts';

/** Everything `sim resolve` was asked to do. */
export interface ResolveRequest extends SimOptions {
  readonly url: string;
  readonly from?: 'inside' | 'outside' | undefined;
  readonly namespace?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Runs `shipshape sim resolve`. */
export async function runResolve(request: ResolveRequest, io: CliIo): Promise<void> {
  const r = await withSimCluster(request, io, { command: 'resolve', settle: 'read' }, (cluster) =>
    resolve(cluster, request.url, { from: request.from ?? 'inside', namespace: request.namespace ?? 'default' }),
  );
  if (request.json) {
    io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  const entry = r.via === 'Ingress' ? `Ingress ${r.ingress} → ` : r.via === 'NodePort' ? `NodePort ${r.nodePort} → ` : '';
  const pod = r.pod ? `pod ${r.pod} (${r.podIP}:${r.targetPort})` : `endpoint ${r.podIP}:${r.targetPort}`;
  io.stdout(`${request.url} → ${entry}Service ${r.service} port ${r.port} (${r.via}) → ${pod}${r.node ? ` on ${r.node}` : ''}\n`);
}
