// The Service construct: a stable name and virtual IP (or DNS alias) in front of pods chosen by
// a selector. Covers ClusterIP, headless, NodePort, LoadBalancer and ExternalName. It does not
// create Endpoints; a Service without a selector is for endpoints managed elsewhere.

import { z } from 'zod';
import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { checkDns1035Label, checkDns1123Subdomain, checkLabels, checkPortName } from '../k8s/names.ts';
import type { ISelectable, IServiceBackend } from './contracts.ts';
import { instanceLabels } from './instance-labels.ts';
import { parseProps } from './props.ts';
import { PropProblems, strictObject, zBoolean, zCustom, zInteger, zOneOf, zString, zStringMap } from './schema-rules.ts';

/** The kinds of Service. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** One port of a Service. */
export interface ServicePortOptions {
  /** The port the Service listens on. */
  readonly port: number;
  /** The pod port traffic goes to: a number or a container port name. @default port */
  readonly targetPort?: number | string;
  /** The port name; required when the Service has more than one port. @default none */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** A fixed node port (30000-32767) for NodePort and LoadBalancer Services. @default allocated by the cluster */
  readonly nodePort?: number;
}

/** Options of a Service. */
export interface ServiceProps {
  /** @default the construct path below the stack, joined by '-' */
  readonly name?: string;
  /** @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** A headless Service (`clusterIP: None`): DNS returns the pod IPs. ClusterIP only. @default false */
  readonly headless?: boolean;
  /** The pods to send traffic to: an App (or anything ISelectable) or labels. @default none */
  readonly selector?: ISelectable | Readonly<Record<string, string>>;
  /** @default [] (add more with addPort()) */
  readonly ports?: readonly ServicePortOptions[];
  /** The DNS name an ExternalName Service aliases; required for, and only for, that type. @default undefined */
  readonly externalName?: string;
  /** Annotations on the Service (load balancer settings, for example). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

const servicePortSchema = strictObject({
  port: zInteger({ min: 1, max: 65535 }),
  targetPort: z.union([zInteger({ min: 1, max: 65535 }), zString()], { error: 'must be a port number or a port name' }).optional(),
  name: zString().optional(),
  protocol: zOneOf(['TCP', 'UDP', 'SCTP']).optional(),
  nodePort: zInteger({ min: 30000, max: 32767 }).optional(),
});

const serviceSchema = strictObject({
  name: zString().optional(),
  type: zOneOf(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
  headless: zBoolean().optional(),
  selector: zCustom<ISelectable | Record<string, string>>((v) => typeof v === 'object' && v !== null, 'an App or a map of labels').optional(),
  ports: z.array(servicePortSchema, { error: 'must be an array of ports' }).optional(),
  externalName: zString().optional(),
  annotations: zStringMap().optional(),
});

function isSelectable(value: unknown): value is ISelectable {
  return typeof value === 'object' && value !== null && typeof (value as ISelectable).podSelector === 'object';
}

/**
 * A Service. Implements IServiceBackend (its first port), so an Ingress can route to it.
 * @example
 * new Service(stack, 'cache', { selector: redis, ports: [{ port: 6379 }] });
 */
export class Service extends Construct implements IServiceBackend {
  /** The Service object. */
  readonly resource: Resource;
  /** The Service name. */
  readonly name: string;
  readonly type: ServiceType;
  readonly headless: boolean;
  readonly externalName: string | undefined;
  private readonly selectorSource: ISelectable | Readonly<Record<string, string>> | undefined;
  private readonly portList: ServicePortOptions[] = [];

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, id);
    const p = parseProps(this, 'Service', serviceSchema, props);
    const problems = new PropProblems(this, 'Service');
    this.type = p.type ?? 'ClusterIP';
    this.headless = p.headless ?? false;
    this.externalName = p.externalName;
    this.selectorSource = props.selector;
    if (p.name !== undefined) for (const m of checkDns1035Label(p.name)) problems.addValue('name', p.name, m);
    this.name = p.name ?? Resource.nameFromPath(this);
    checkTypeProps(props, this.type, problems);
    if (props.selector !== undefined && !isSelectable(props.selector)) {
      for (const [suffix, m] of checkLabels(props.selector)) problems.add(`'selector${suffix}' ${m}`);
    }
    for (const [i, port] of (props.ports ?? []).entries()) {
      this.checkPort(port, `ports[${i}]`, problems);
      this.portList.push(port);
    }
    problems.throwIfAny();

    this.resource = new Resource(this, MAIN_RESOURCE_ID, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: this.name,
        labels: instanceLabels(this, this.name),
        ...(p.annotations ? { annotations: { ...p.annotations } } : {}),
      },
    });
    this.resource.renderWith(() => ({ spec: this.renderSpec() }));
  }

  /** The ports, in the order they were added. */
  get ports(): readonly ServicePortOptions[] {
    return [...this.portList];
  }

  /** The pod selector, or undefined when the Service selects no pods. */
  get selector(): Readonly<Record<string, string>> | undefined {
    const s = this.selectorSource;
    if (s === undefined) return undefined;
    return { ...(isSelectable(s) ? s.podSelector : s) };
  }

  /** The Service name, for an Ingress backend. */
  get serviceName(): string {
    return this.name;
  }

  /** The first port's number. @throws TypeError when the Service has no ports. */
  get servicePort(): number {
    const first = this.portList[0];
    if (!first) throw new TypeError(`Service ${this.node.path}: has no ports, so it cannot be a backend; add one with addPort()`);
    return first.port;
  }

  /** The constructs a user of this Service depends on: the Service itself. */
  get dependencies(): Construct[] {
    return [this];
  }

  /** Adds a port. @throws ValidationError when it is not valid or clashes with an existing one. */
  addPort(port: ServicePortOptions): this {
    const where = `ports[${this.portList.length}]`;
    parseProps(this, 'Service', strictObject({ [where]: servicePortSchema }), { [where]: port });
    const problems = new PropProblems(this, 'Service');
    this.checkPort(port, where, problems);
    problems.throwIfAny();
    this.portList.push(port);
    return this;
  }

  private checkPort(port: ServicePortOptions, where: string, problems: PropProblems): void {
    if (port.name !== undefined) for (const m of checkPortName(port.name)) problems.addValue(`${where}.name`, port.name, m);
    if (typeof port.targetPort === 'string') for (const m of checkPortName(port.targetPort)) problems.addValue(`${where}.targetPort`, port.targetPort, m);
    if (port.nodePort !== undefined && this.type !== 'NodePort' && this.type !== 'LoadBalancer') {
      problems.addValue(`${where}.nodePort`, port.nodePort, `needs type 'NodePort' or 'LoadBalancer' (type is '${this.type}')`);
    }
    const earlier = this.portList;
    const protocol = port.protocol ?? 'TCP';
    const clash = earlier.findIndex((o) => o.port === port.port && (o.protocol ?? 'TCP') === protocol);
    if (clash >= 0) problems.addValue(`${where}.port`, port.port, `is also used by ports[${clash}] with protocol ${protocol}`);
    const sameName = port.name === undefined ? -1 : earlier.findIndex((o) => o.name === port.name);
    if (sameName >= 0) problems.addValue(`${where}.name`, port.name, `is also the name of ports[${sameName}]; port names must be unique`);
  }

  private renderSpec(): Record<string, unknown> {
    const ports = this.portList;
    if (ports.length === 0 && this.type !== 'ExternalName' && !this.headless) {
      throw new Error(`a ${this.type} Service needs at least one port; add one with 'ports' or addPort()`);
    }
    if (ports.length > 1) {
      const unnamed = ports.findIndex((port) => port.name === undefined);
      if (unnamed >= 0) throw new Error(`ports[${unnamed}] needs a name: every port must be named when a Service has more than one`);
    }
    const spec: Record<string, unknown> = { type: this.type };
    if (this.headless) spec.clusterIP = 'None';
    if (this.externalName !== undefined) spec.externalName = this.externalName;
    const selector = this.selector;
    if (selector !== undefined) spec.selector = selector;
    if (ports.length > 0) {
      spec.ports = ports.map((port) => ({
        ...(port.name !== undefined ? { name: port.name } : {}),
        port: port.port,
        targetPort: port.targetPort ?? port.port,
        protocol: port.protocol ?? 'TCP',
        ...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
      }));
    }
    return spec;
  }
}

function checkTypeProps(props: ServiceProps, type: ServiceType, problems: PropProblems): void {
  if (type === 'ExternalName') {
    if (props.externalName === undefined) problems.add("'externalName' is required when 'type' is 'ExternalName'");
    else for (const m of checkDns1123Subdomain(props.externalName)) problems.addValue('externalName', props.externalName, m);
    if (props.selector !== undefined) problems.add("'selector' cannot be set when 'type' is 'ExternalName': such a Service selects no pods");
    if (props.headless) problems.add("'headless' (true) cannot be set when 'type' is 'ExternalName'");
  } else if (props.externalName !== undefined) {
    problems.addValue('externalName', props.externalName, `can only be set when 'type' is 'ExternalName' (type is '${type}')`);
  }
  if (props.headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    problems.add(`'headless' (true) cannot be combined with 'type' '${type}'; a headless Service must be of type 'ClusterIP'`);
  }
}
