// The fault commands of `shipshape sim`: thin wrappers over lib/sim/faults.ts that open the
// cluster, inject the fault, let the cluster settle and say what happened in kubectl's words
// (`node/node-1 cordoned`, `pod/web-1 evicted`).

import { addNode, cordon, crashContainer, drain, failNode, killPod, makePullable, makeUnpullable, oomKillContainer, recoverNode, removeNode, setCpuLoad, uncordon } from '../../lib/sim/faults.ts';
import type { CliIo } from '../output.ts';
import { resolveServedKind } from './resolve-kind.ts';
import { type SimOptions, withSimCluster } from './session.ts';

type Obj = Record<string, any>;

const change = (command: string) => ({ command, settle: 'change' as const });

/** Runs `sim add-node [NAME]`. */
export async function runAddNode(request: SimOptions & { name?: string | undefined; cpu?: string | undefined; memory?: string | undefined }, io: CliIo): Promise<void> {
  const name = await withSimCluster(request, io, change('add-node'), (c) => {
    const shape = { ...(request.cpu ? { cpu: request.cpu } : {}), ...(request.memory ? { memory: request.memory } : {}) };
    return addNode(c.api, { ...(request.name ? { name: request.name } : {}), shape }).metadata.name;
  });
  io.stdout(`node/${name} added\n`);
}

/** Runs `sim remove-node NODE`. */
export async function runRemoveNode(request: SimOptions & { node: string }, io: CliIo): Promise<void> {
  const pods = await withSimCluster(request, io, change('remove-node'), (c) => removeNode(c, request.node));
  io.stdout(`node/${request.node} removed${pods.length > 0 ? `; its pods were deleted: ${pods.join(', ')}` : ''}\n`);
}

/** Runs `sim fail-node NODE`. */
export async function runFailNode(request: SimOptions & { node: string }, io: CliIo): Promise<void> {
  await withSimCluster(request, io, change('fail-node'), (c) => failNode(c, request.node));
  io.stdout(`node/${request.node} failed: its kubelet stopped posting status\n`);
}

/** Runs `sim recover-node NODE`. */
export async function runRecoverNode(request: SimOptions & { node: string }, io: CliIo): Promise<void> {
  await withSimCluster(request, io, change('recover-node'), (c) => recoverNode(c, request.node));
  io.stdout(`node/${request.node} recovered\n`);
}

/** Runs `sim cordon NODE` and `sim uncordon NODE`. */
export async function runCordon(request: SimOptions & { node: string; undo: boolean }, io: CliIo): Promise<void> {
  const verb = request.undo ? 'uncordoned' : 'cordoned';
  const already = await withSimCluster(request, io, change(request.undo ? 'uncordon' : 'cordon'), (c) => {
    const before = c.api.tryGet({ apiVersion: 'v1', kind: 'Node', name: request.node }) as Obj | undefined;
    const was = before?.spec?.unschedulable === true;
    if (request.undo) uncordon(c.api, request.node);
    else cordon(c.api, request.node);
    return was === !request.undo;
  });
  io.stdout(`node/${request.node} ${already ? 'already ' : ''}${verb}\n`);
}

/** Runs `sim drain NODE`. */
export async function runDrain(request: SimOptions & { node: string }, io: CliIo): Promise<void> {
  const result = await withSimCluster(request, io, change('drain'), (c) => drain(c, request.node));
  const lines = [`node/${request.node} cordoned`];
  if (result.ignored.length > 0) lines.push(`Warning: ignoring DaemonSet-managed Pods: ${result.ignored.join(', ')}`);
  for (const pod of result.evicted) lines.push(`evicting pod ${pod}`);
  for (const pod of result.evicted) lines.push(`pod/${pod.slice(pod.indexOf('/') + 1)} evicted`);
  lines.push(`node/${request.node} drained`);
  io.stdout(`${lines.join('\n')}\n`);
}

/** Runs `sim kill-pod POD`. */
export async function runKillPod(request: SimOptions & { pod: string; namespace?: string | undefined }, io: CliIo): Promise<void> {
  const ref = request.pod.includes('/') ? request.pod : `${request.namespace ?? 'default'}/${request.pod}`;
  await withSimCluster(request, io, change('kill-pod'), (c) => killPod(c.api, ref));
  io.stdout(`pod/${ref.slice(ref.indexOf('/') + 1)} killed\n`);
}

/** Runs `sim unpullable PATTERN` (or, with undo, makes it pullable again). */
export async function runUnpullable(request: SimOptions & { pattern: string; undo: boolean }, io: CliIo): Promise<void> {
  const patterns = await withSimCluster(request, io, change('unpullable'), (c) => (request.undo ? makePullable(c, request.pattern) : makeUnpullable(c, request.pattern)));
  const inForce = patterns.length > 0 ? patterns.join(', ') : 'none';
  io.stdout(`${request.undo ? `Images matching "${request.pattern}" pull again` : `Pulls of images matching "${request.pattern}" now fail`} (unpullable patterns: ${inForce})\n`);
}

/** Runs `sim crash POD`. */
export async function runCrash(request: SimOptions & { pod: string; namespace?: string | undefined; container?: string | undefined; times: number }, io: CliIo): Promise<void> {
  const ref = request.pod.includes('/') ? request.pod : `${request.namespace ?? 'default'}/${request.pod}`;
  const key = await withSimCluster(request, io, change('crash'), (c) => crashContainer(c, { pod: ref, times: request.times, ...(request.container ? { container: request.container } : {}) }));
  const container = key.slice(key.lastIndexOf('/') + 1);
  io.stdout(`Container ${container} of pod ${ref} crashes (exit code 1) the next ${request.times === 1 ? 'time it runs' : `${request.times} times it runs`}\n`);
}

/** Runs `sim oom-kill POD`. */
export async function runOomKill(request: SimOptions & { pod: string; namespace?: string | undefined; container?: string | undefined; times: number }, io: CliIo): Promise<void> {
  const ref = request.pod.includes('/') ? request.pod : `${request.namespace ?? 'default'}/${request.pod}`;
  const key = await withSimCluster(request, io, change('oom-kill'), (c) => oomKillContainer(c, { pod: ref, times: request.times, ...(request.container ? { container: request.container } : {}) }));
  const container = key.slice(key.lastIndexOf('/') + 1);
  io.stdout(`Container ${container} of pod ${ref} is OOM-killed (exit code 137) the next ${request.times === 1 ? 'time it runs' : `${request.times} times it runs`}\n`);
}

/** Runs `sim load TARGET PERCENT`: TARGET is `deploy/web` (kubectl kind names) or `ns/Kind/name`. */
export async function runLoad(request: SimOptions & { target: string; percent: number; namespace?: string | undefined }, io: CliIo): Promise<void> {
  const key = await withSimCluster(request, io, change('load'), (c) => {
    const parts = request.target.split('/');
    let workload = request.target;
    if (parts.length === 2) workload = `${request.namespace ?? 'default'}/${resolveServedKind(c.api, parts[0]!).kind}/${parts[1]}`;
    else if (parts.length === 3) workload = `${parts[0]}/${resolveServedKind(c.api, parts[1]!).kind}/${parts[2]}`;
    return setCpuLoad(c, { workload, percent: request.percent });
  });
  const [namespace, kind, name] = key.split('/');
  io.stdout(`Pods of ${kind} ${namespace}/${name} now use ${request.percent}% of their CPU requests\n`);
}
