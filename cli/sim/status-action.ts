// What `shipshape sim status` prints: the virtual time, each node with its status and the CPU,
// memory and pod slots its pods request against what it can allocate (as `kubectl describe node`
// adds them up), a pod count by phase, and the faults in force.

import { formatBytes, formatMillis, parseMillis, parseQuantity } from '../../lib/k8s/quantity.ts';
import type { KubeObject } from '../../lib/k8s/types.ts';
import { faultsOf } from '../../lib/sim/knobs.ts';
import { displayPath } from '../../lib/sim/persist.ts';
import { formatNodeStatus } from '../../lib/sim/printers/cluster-printers.ts';
import { alignColumns } from '../../lib/sim/printers/render-table.ts';
import type { CliIo } from '../output.ts';
import { type SimOptions, stateDirOf, withSimCluster } from './session.ts';

type Obj = Record<string, any>;

/** CPU (millicores) and memory (bytes) a pod requests: its containers and sidecars, or its largest init container. */
export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  const spec: Obj = (pod as Obj).spec ?? {};
  const sum = (containers: Obj[]) => {
    let cpu = 0;
    let memory = 0;
    for (const c of containers) {
      const r: Obj = c.resources?.requests ?? {};
      if (r.cpu !== undefined) cpu += parseMillis(r.cpu);
      if (r.memory !== undefined) memory += parseQuantity(r.memory);
    }
    return { cpu, memory };
  };
  const inits: Obj[] = spec.initContainers ?? [];
  const running = sum([...(spec.containers ?? []), ...inits.filter((c) => c.restartPolicy === 'Always')]);
  for (const init of inits.filter((c) => c.restartPolicy !== 'Always')) {
    const one = sum([init]);
    running.cpu = Math.max(running.cpu, one.cpu);
    running.memory = Math.max(running.memory, one.memory);
  }
  const overhead: Obj = spec.overhead ?? {};
  if (overhead.cpu !== undefined) running.cpu += parseMillis(overhead.cpu);
  if (overhead.memory !== undefined) running.memory += parseQuantity(overhead.memory);
  return running;
}

function formatMemory(bytes: number): string {
  const exact = formatBytes(bytes);
  return /^\d+$/.test(exact) && bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)}Mi` : exact;
}

function percent(used: number, total: number): string {
  return total > 0 ? `${Math.trunc((used / total) * 100)}%` : '0%';
}

function isTerminal(pod: Obj): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Lines of the node table: name, status, cpu, memory, pods. */
export function summarizeNodes(nodes: readonly KubeObject[], pods: readonly KubeObject[]): string[][] {
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = (pod as Obj).spec?.nodeName;
    if (!node || isTerminal(pod as Obj)) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  const lines = [['NAME', 'STATUS', 'CPU REQUESTS', 'MEMORY REQUESTS', 'PODS']];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const allocatable: Obj = (node as Obj).status?.allocatable ?? {};
    const cpuTotal = allocatable.cpu !== undefined ? parseMillis(allocatable.cpu) : 0;
    const memTotal = allocatable.memory !== undefined ? parseQuantity(allocatable.memory) : 0;
    const onNode = byNode.get(name) ?? [];
    let cpu = 0;
    let memory = 0;
    for (const pod of onNode) {
      const r = podRequests(pod);
      cpu += r.cpu;
      memory += r.memory;
    }
    lines.push([
      name,
      formatNodeStatus(node),
      `${formatMillis(cpu)}/${formatMillis(cpuTotal)} (${percent(cpu, cpuTotal)})`,
      `${formatMemory(memory)}/${formatMemory(memTotal)} (${percent(memory, memTotal)})`,
      `${onNode.length}/${String(allocatable.pods ?? '0')}`,
    ]);
  }
  return lines;
}

function summarizePods(pods: readonly KubeObject[]): string {
  const phases = new Map<string, number>();
  let unscheduled = 0;
  for (const pod of pods) {
    const p = pod as Obj;
    const phase = String(p.status?.phase ?? 'Pending');
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    if (!p.spec?.nodeName) unscheduled++;
  }
  const parts = [...phases].sort(([a], [b]) => a.localeCompare(b)).map(([phase, n]) => `${n} ${phase}`);
  const detail = parts.length === 0 ? '' : ` (${parts.join(', ')}${unscheduled > 0 ? `; ${unscheduled} not scheduled` : ''})`;
  return `Pods: ${pods.length}${detail}`;
}

function summarizeFaults(knobs: Parameters<typeof faultsOf>[0]): string[] {
  const f = faultsOf(knobs);
  const lines: string[] = [];
  if (f.failedNodes.length > 0) lines.push(`  failed nodes: ${f.failedNodes.join(', ')}`);
  if (f.unpullableImages.length > 0) lines.push(`  unpullable images: ${f.unpullableImages.join(', ')}`);
  const crashes = Object.entries(f.crashes).filter(([, n]) => n > 0);
  if (crashes.length > 0) lines.push(`  crashing containers: ${crashes.map(([k, n]) => `${k} (${n} more)`).join(', ')}`);
  const oomKills = Object.entries(f.oomKills).filter(([, n]) => n > 0);
  if (oomKills.length > 0) lines.push(`  OOM-killed containers: ${oomKills.map(([k, n]) => `${k} (${n} more)`).join(', ')}`);
  const load = Object.entries(f.cpuLoad);
  if (load.length > 0) lines.push(`  cpu load: ${load.map(([k, p]) => `${k} ${p}%`).join(', ')}`);
  return lines.length === 0 ? [] : ['Faults:', ...lines];
}

/** Runs `shipshape sim status`. */
export async function runStatus(request: SimOptions, io: CliIo): Promise<void> {
  const stateDir = stateDirOf(request, io);
  await withSimCluster(request, io, { command: 'status', settle: 'read' }, (cluster) => {
    const nodes = cluster.api.list({ apiVersion: 'v1', kind: 'Node' }).items;
    const pods = cluster.api.list({ apiVersion: 'v1', kind: 'Pod' }).items;
    const out = [`Cluster: ${displayPath(stateDir)} (virtual time ${cluster.clock.nowIso()})`, ''];
    io.stdout(`${out.join('\n')}\n${alignColumns(summarizeNodes(nodes, pods))}\n${[summarizePods(pods), ...summarizeFaults(cluster.knobs)].join('\n')}\n`);
  });
}
