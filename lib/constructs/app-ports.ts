// The ports of an App: the `port` shorthand or the `ports` list, normalized with default names
// and checked for valid, unique names and numbers. Rendering the Service is service.ts's job.

import { checkPortName } from '../k8s/names.ts';
import { strictObject, zInteger, zOneOf, zString, type PropProblems } from './schema-rules.ts';

/** The protocols a container port or Service port can use. */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

/** One port an App's container listens on, and how its Service exposes it. */
export interface AppPort {
  /** The port the container listens on. */
  readonly containerPort: number;
  /**
   * The port name (an IANA service name: at most 15 lowercase letters, digits and '-').
   * @default 'http' for the first TCP port, else `<protocol>-<containerPort>` (e.g. 'udp-53')
   */
  readonly name?: string;
  /**
   * The port the Service exposes.
   * @default containerPort
   */
  readonly servicePort?: number;
  /** @default 'TCP' */
  readonly protocol?: PortProtocol;
  /**
   * A fixed node port (30000-32767) when the Service type is NodePort or LoadBalancer.
   * @default allocated by the cluster
   */
  readonly nodePort?: number;
}

/** An AppPort with every default filled in. */
export interface ResolvedPort {
  readonly name: string;
  readonly containerPort: number;
  readonly servicePort: number;
  readonly protocol: PortProtocol;
  readonly nodePort: number | undefined;
}

/** The zod schema of one AppPort. */
export const appPortSchema = strictObject({
  containerPort: zInteger({ min: 1, max: 65535 }),
  name: zString().optional(),
  servicePort: zInteger({ min: 1, max: 65535 }).optional(),
  protocol: zOneOf(['TCP', 'UDP', 'SCTP']).optional(),
  nodePort: zInteger({ min: 30000, max: 32767 }).optional(),
});

/** Fills in port defaults and records invalid or duplicate names and numbers. */
export function resolvePorts(ports: readonly AppPort[], problems: PropProblems): ResolvedPort[] {
  const out = ports.map((p, i): ResolvedPort => {
    const protocol = p.protocol ?? 'TCP';
    const name = p.name ?? (i === 0 && protocol === 'TCP' ? 'http' : `${protocol.toLowerCase()}-${p.containerPort}`);
    return { name, containerPort: p.containerPort, servicePort: p.servicePort ?? p.containerPort, protocol, nodePort: p.nodePort };
  });
  out.forEach((port, i) => {
    const where = `ports[${i}]`;
    const earlier = (pick: (p: ResolvedPort) => string): number => out.findIndex((o) => pick(o) === pick(port));
    if (ports[i]?.name !== undefined) {
      for (const m of checkPortName(port.name)) problems.addValue(`${where}.name`, port.name, m);
    }
    const sameName = earlier((p) => p.name);
    if (sameName < i) problems.addValue(`${where}.name`, port.name, `is also the name of ports[${sameName}]; port names must be unique`);
    const sameContainer = earlier((p) => `${p.containerPort}/${p.protocol}`);
    if (sameContainer < i) {
      problems.addValue(`${where}.containerPort`, port.containerPort, `is also used by ports[${sameContainer}] with protocol ${port.protocol}`);
    }
    const sameService = earlier((p) => `${p.servicePort}/${p.protocol}`);
    if (sameService < i) {
      problems.addValue(`${where}.servicePort`, port.servicePort, `is also used by ports[${sameService}] with protocol ${port.protocol}`);
    }
    const sameNode = port.nodePort === undefined ? i : earlier((p) => String(p.nodePort));
    if (sameNode < i) problems.addValue(`${where}.nodePort`, port.nodePort, `is also used by ports[${sameNode}]`);
  });
  return out;
}
