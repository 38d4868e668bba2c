// The fault commands of `shipshape sim`: add, remove, fail and recover nodes; cordon, uncordon
// and drain; kill pods; make images unpullable; crash or OOM-kill containers; set CPU load. Each settles the
// cluster afterwards (unless --no-settle). The work is in cli/sim/fault-actions.ts.

import type { Command } from 'commander';
import type { CliIo } from '../output.ts';
import { addSimOptions, parsePercent, parseWholeNumber, type SimCommandOptions } from './sim-options.ts';

const actions = () => import('../sim/fault-actions.ts');

function nodeCommand(sim: Command, name: string, description: string, example: string): Command {
  return addSimOptions(sim.command(name).description(description))
    .argument('<node>', 'the node')
    .addHelpText('after', `\nExamples:\n  $ shipshape sim ${name} node-1\n${example}`);
}

/** Adds the fault commands to `sim`. */
export function registerSimFaultCommands(sim: Command, io: CliIo): void {
  addSimOptions(sim.command('add-node').description('add a worker node like the others (node-N, the next free number)'))
    .argument('[name]', 'the node name (default: node-N)')
    .option('--cpu <quantity>', 'allocatable CPU (default: 4)')
    .option('--memory <quantity>', 'allocatable memory (default: 16Gi)')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim add-node\n  $ shipshape sim add-node big-1 --cpu 16 --memory 64Gi\n')
    .action(async (name: string | undefined, flags: SimCommandOptions & { cpu?: string; memory?: string }) => (await actions()).runAddNode({ ...flags, name }, io));

  nodeCommand(sim, 'remove-node', 'delete a node; its pods are deleted at once', '  (its Deployments and StatefulSets then recreate the pods elsewhere)\n')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runRemoveNode({ ...flags, node }, io));
  nodeCommand(sim, 'fail-node', "stop a node's kubelet: NotReady after the grace period, then its pods are evicted", '  $ shipshape sim advance 6m    # watch the node controller act\n')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runFailNode({ ...flags, node }, io));
  nodeCommand(sim, 'recover-node', 'bring a failed node back', '')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runRecoverNode({ ...flags, node }, io));
  nodeCommand(sim, 'cordon', 'mark a node unschedulable (like kubectl cordon)', '')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runCordon({ ...flags, node, undo: false }, io));
  nodeCommand(sim, 'uncordon', 'mark a node schedulable again (like kubectl uncordon)', '')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runCordon({ ...flags, node, undo: true }, io));
  nodeCommand(sim, 'drain', 'cordon a node and evict its pods, DaemonSet pods excepted (like kubectl drain --ignore-daemonsets)', '')
    .action(async (node: string, flags: SimCommandOptions) => (await actions()).runDrain({ ...flags, node }, io));

  addSimOptions(sim.command('kill-pod').description('delete a pod at once, without a grace period (its controller replaces it)'))
    .argument('<pod>', 'the pod, or namespace/pod')
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim kill-pod web-7d9c5b8f4-x2k9p -n shop\n  $ shipshape sim kill-pod shop/web-7d9c5b8f4-x2k9p\n')
    .action(async (pod: string, flags: SimCommandOptions & { namespace?: string }) => (await actions()).runKillPod({ ...flags, pod }, io));

  addSimOptions(sim.command('unpullable').description('make pulls of matching images fail (ErrImagePull, then ImagePullBackOff)'))
    .argument('<pattern>', 'an image pattern, * matches anything: nginx:1.99, registry.example.com/*')
    .option('--undo', 'make matching images pullable again')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim unpullable "nginx:1.99"\n  $ shipshape sim unpullable "ghcr.io/acme/*"\n  $ shipshape sim unpullable "ghcr.io/acme/*" --undo\n')
    .action(async (pattern: string, flags: SimCommandOptions & { undo?: boolean }) => (await actions()).runUnpullable({ ...flags, pattern, undo: flags.undo === true }, io));

  addSimOptions(sim.command('crash').description("make a pod's container exit with code 1 the next N times it runs (CrashLoopBackOff)"))
    .argument('<pod>', 'the pod, or namespace/pod')
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .option('-c, --container <name>', "the container (default: the pod's first)")
    .option('--times <n>', 'how many times it crashes', parseWholeNumber(1), 1)
    .addHelpText('after', '\nExamples:\n  $ shipshape sim crash web-7d9c5b8f4-x2k9p -n shop --times 3\n  $ shipshape sim crash shop/web-7d9c5b8f4-x2k9p -c sidecar\n')
    .action(async (pod: string, flags: SimCommandOptions & { namespace?: string; container?: string; times: number }) => (await actions()).runCrash({ ...flags, pod }, io));

  addSimOptions(sim.command('oom-kill').description("make the kernel OOM-kill a pod's container the next N times it runs (OOMKilled, exit code 137, then CrashLoopBackOff)"))
    .argument('<pod>', 'the pod, or namespace/pod')
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .option('-c, --container <name>', "the container (default: the pod's first)")
    .option('--times <n>', 'how many times it is OOM-killed', parseWholeNumber(1), 1)
    .addHelpText('after', '\nExamples:\n  $ shipshape sim oom-kill web-7d9c5b8f4-x2k9p -n shop\n  $ shipshape sim oom-kill shop/web-7d9c5b8f4-x2k9p -c app --times 5\n  (or annotate the pod: sim.shipshape.dev/memory-usage: 250Mi, above its memory limit)\n')
    .action(async (pod: string, flags: SimCommandOptions & { namespace?: string; container?: string; times: number }) => (await actions()).runOomKill({ ...flags, pod }, io));

  addSimOptions(sim.command('load').description("set the CPU use of a workload's pods, in percent of their requests (what the HPA sees)"))
    .argument('<target>', 'kind/name (deploy/web, sts/db) or namespace/Kind/name')
    .argument('<percent>', 'CPU utilization, e.g. 90 or 90%', parsePercent)
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim load deploy/web 90 -n shop   # the HPA scales web up\n  $ shipshape sim advance 5m\n')
    .action(async (target: string, percent: number, flags: SimCommandOptions & { namespace?: string }) => (await actions()).runLoad({ ...flags, target, percent }, io));
}
