// The Ingress construct: HTTP routes from hosts and paths to Services or Apps (IServiceBackend),
// with TLS from Secrets and an ingress class. It renders networking.k8s.io/v1 objects; it does
// not install an ingress controller or create the TLS Secret.

import { z } from 'zod';
import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { checkDns1123Subdomain } from '../k8s/names.ts';
import type { IServiceBackend } from './contracts.ts';
import { instanceLabels } from './instance-labels.ts';
import { parseProps } from './props.ts';
import { PropProblems, strictObject, zCustom, zOneOf, zString, zStringMap, zStrings } from './schema-rules.ts';

/** How an Ingress path matches request paths. */
export type PathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

/** One route: requests for `host` whose path matches `path` go to `backend`. */
export interface IngressRule {
  /** A DNS name, optionally with a leading '*.' wildcard. @default every host */
  readonly host?: string;
  /** @default '/' */
  readonly path?: string;
  /** @default 'Prefix' */
  readonly pathType?: PathType;
  /** The Service (or App) that serves the route. */
  readonly backend: IServiceBackend;
}

/** A TLS certificate from a Secret of type kubernetes.io/tls. */
export interface IngressTls {
  /** The Secret: its name, or a construct with a `name` (a Secret construct). */
  readonly secret: string | { readonly name: string };
  /** @default every host of the Ingress's rules */
  readonly hosts?: readonly string[];
}

/** Options of an Ingress. */
export interface IngressProps {
  /** @default the construct path below the stack, joined by '-' */
  readonly name?: string;
  /** The IngressClass (`ingressClassName`). @default the cluster's default class */
  readonly className?: string;
  /** @default [] (add more with addRule()) */
  readonly rules?: readonly IngressRule[];
  /** Where requests that match no rule go. @default none */
  readonly defaultBackend?: IServiceBackend;
  /** @default [] (add more with addTls()) */
  readonly tls?: readonly IngressTls[];
  /** Annotations for the ingress controller. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

const backendSchema = zCustom<IServiceBackend>(isServiceBackend, 'a Service or an App with a Service');
const ruleSchema = strictObject({
  host: zString().optional(),
  path: zString().optional(),
  pathType: zOneOf(['Prefix', 'Exact', 'ImplementationSpecific']).optional(),
  backend: backendSchema,
});
const tlsSchema = strictObject({
  secret: zCustom<string | { name: string }>(
    (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string'),
    'a Secret name or a Secret',
  ),
  hosts: zStrings().optional(),
});
const ingressSchema = strictObject({
  name: zString().optional(),
  className: zString().optional(),
  rules: z.array(ruleSchema, { error: 'must be an array of rules' }).optional(),
  defaultBackend: backendSchema.optional(),
  tls: z.array(tlsSchema, { error: 'must be an array' }).optional(),
  annotations: zStringMap().optional(),
});

/** True when a value is an IServiceBackend. */
export function isServiceBackend(value: unknown): value is IServiceBackend {
  return typeof value === 'object' && value !== null && 'serviceName' in value && 'servicePort' in value;
}

/** Messages for an Ingress host: a DNS subdomain with an optional leading '*.', not an IP. */
export function checkIngressHost(host: string): string[] {
  if (/^[0-9.]+$/.test(host) || /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(host)) return ['must be a DNS name, not an IP address'];
  if (host.includes(':')) return ["must be a DNS name without a port (no ':')"];
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return checkDns1123Subdomain(name).map((m) => (host.startsWith('*.') ? `after '*.': ${m}` : m));
}

/** Messages for an Ingress path of a given type. */
export function checkIngressPath(path: string, pathType: PathType): string[] {
  if (!path.startsWith('/')) return ["must be an absolute path starting with '/'"];
  if (pathType === 'ImplementationSpecific') return [];
  for (const bad of ['//', '/./', '/../', '%2f', '%2F']) if (path.includes(bad)) return [`must not contain '${bad}'`];
  for (const bad of ['/..', '/.']) if (path.endsWith(bad)) return [`must not end with '${bad}'`];
  return [];
}

/**
 * An Ingress.
 * @example
 * new Ingress(stack, 'edge', { rules: [{ host: 'shop.example.com', backend: web }], tls: [{ secret: 'shop-tls' }] });
 */
export class Ingress extends Construct {
  /** The Ingress object. */
  readonly resource: Resource;
  /** The Ingress name. */
  readonly name: string;
  readonly className: string | undefined;
  private readonly ruleList: IngressRule[] = [];
  private readonly tlsList: IngressTls[] = [];
  private readonly defaultBackend: IServiceBackend | undefined;

  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id);
    const p = parseProps(this, 'Ingress', ingressSchema, props);
    const problems = new PropProblems(this, 'Ingress');
    if (p.name !== undefined) for (const m of checkDns1123Subdomain(p.name)) problems.addValue('name', p.name, m);
    if (p.className !== undefined) for (const m of checkDns1123Subdomain(p.className)) problems.addValue('className', p.className, m);
    this.name = p.name ?? Resource.nameFromPath(this);
    this.className = p.className;
    this.defaultBackend = props.defaultBackend;
    for (const [i, rule] of (props.rules ?? []).entries()) this.pushRule(rule, `rules[${i}]`, problems);
    for (const [i, tls] of (props.tls ?? []).entries()) this.pushTls(tls, `tls[${i}]`, problems);
    problems.throwIfAny();
    if (props.defaultBackend) this.recordDependencies(props.defaultBackend);

    this.resource = new Resource(this, MAIN_RESOURCE_ID, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: this.name,
        labels: instanceLabels(this, this.name),
        ...(p.annotations ? { annotations: { ...p.annotations } } : {}),
      },
    });
    this.resource.renderWith(() => ({ spec: this.renderSpec() }));
  }

  /** The rules, in the order they were added. */
  get rules(): readonly IngressRule[] {
    return [...this.ruleList];
  }

  /** Adds a route. @throws ValidationError when the host or path is not valid or is already routed. */
  addRule(rule: IngressRule): this {
    const where = `rules[${this.ruleList.length}]`;
    parseProps(this, 'Ingress', strictObject({ [where]: ruleSchema }), { [where]: rule });
    const problems = new PropProblems(this, 'Ingress');
    this.pushRule(rule, where, problems);
    problems.throwIfAny();
    return this;
  }

  /** Adds a TLS certificate. @throws ValidationError when the Secret name or a host is not valid. */
  addTls(tls: IngressTls): this {
    const where = `tls[${this.tlsList.length}]`;
    parseProps(this, 'Ingress', strictObject({ [where]: tlsSchema }), { [where]: tls });
    const problems = new PropProblems(this, 'Ingress');
    this.pushTls(tls, where, problems);
    problems.throwIfAny();
    return this;
  }

  private pushRule(rule: IngressRule, where: string, problems: PropProblems): void {
    const before = problems.count;
    const path = rule.path ?? '/';
    const pathType = rule.pathType ?? 'Prefix';
    if (rule.host !== undefined) for (const m of checkIngressHost(rule.host)) problems.addValue(`${where}.host`, rule.host, m);
    for (const m of checkIngressPath(path, pathType)) problems.addValue(`${where}.path`, path, m);
    const same = this.ruleList.findIndex((r) => r.host === rule.host && (r.path ?? '/') === path && (r.pathType ?? 'Prefix') === pathType);
    if (same >= 0) problems.addValue(`${where}.path`, path, `is already routed by rules[${same}] for the same host and pathType`);
    if (problems.count > before) return;
    this.ruleList.push(rule);
    this.recordDependencies(rule.backend);
  }

  private pushTls(tls: IngressTls, where: string, problems: PropProblems): void {
    const before = problems.count;
    const secretName = typeof tls.secret === 'string' ? tls.secret : tls.secret.name;
    for (const m of checkDns1123Subdomain(secretName)) problems.addValue(`${where}.secret`, secretName, m);
    for (const [i, host] of (tls.hosts ?? []).entries()) {
      for (const m of checkIngressHost(host)) problems.addValue(`${where}.hosts[${i}]`, host, m);
    }
    if (problems.count > before) return;
    this.tlsList.push(tls);
    if (tls.secret instanceof Construct) this.recordDependencies({ dependencies: [tls.secret] });
  }

  /** Depends on the backends' constructs, except on an ancestor (an App's own Ingress). */
  private recordDependencies(backend: { readonly dependencies: readonly Construct[] }): void {
    const ancestors = new Set(this.node.scopes);
    this.node.addDependency(...backend.dependencies.filter((d) => !ancestors.has(d)));
  }

  private renderSpec(): Record<string, unknown> {
    if (this.ruleList.length === 0 && !this.defaultBackend) {
      throw new Error("an Ingress needs at least one rule or a 'defaultBackend'; add one with 'rules' or addRule()");
    }
    const spec: Record<string, unknown> = {};
    if (this.className !== undefined) spec.ingressClassName = this.className;
    if (this.defaultBackend) spec.defaultBackend = renderBackend(this.defaultBackend);
    const hosts = new Map<string | undefined, Array<Record<string, unknown>>>();
    for (const rule of this.ruleList) {
      const paths = hosts.get(rule.host) ?? [];
      paths.push({ path: rule.path ?? '/', pathType: rule.pathType ?? 'Prefix', backend: renderBackend(rule.backend) });
      hosts.set(rule.host, paths);
    }
    if (hosts.size > 0) {
      spec.rules = [...hosts].map(([host, paths]) => ({ ...(host !== undefined ? { host } : {}), http: { paths } }));
    }
    const ruleHosts = [...hosts.keys()].filter((h): h is string => h !== undefined);
    if (this.tlsList.length > 0) {
      spec.tls = this.tlsList.map((tls) => {
        const tlsHosts = tls.hosts ?? ruleHosts;
        return { ...(tlsHosts.length > 0 ? { hosts: [...tlsHosts] } : {}), secretName: typeof tls.secret === 'string' ? tls.secret : tls.secret.name };
      });
    }
    return spec;
  }
}

function renderBackend(backend: IServiceBackend): Record<string, unknown> {
  const port = backend.servicePort;
  return { service: { name: backend.serviceName, port: typeof port === 'number' ? { number: port } : { name: port } } };
}
