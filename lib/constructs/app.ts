// The App construct: a stateless service as an apps/v1 Deployment with, as needed, a Service,
// an Ingress, a HorizontalPodAutoscaler and a PodDisruptionBudget. It is not for stateful
// workloads (see Database) and it does not build images.

import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { checkDns1035Label, checkDns1123Label } from '../k8s/names.ts';
import { ContainerEnv, type EnvValue } from './app-env.ts';
import { ContainerFiles, type MountOptions } from './app-files.ts';
import { resolvePorts, type ResolvedPort } from './app-ports.ts';
import { appPropsSchema, checkImage, checkIngressOptions, type AppProps } from './app-props.ts';
import { checkAutoscaling, renderAutoscalerSpec } from './autoscaling.ts';
import type { IEnvGroup, IEnvSource, ISelectable, IServiceBackend, IVolumeSource } from './contracts.ts';
import { checkDisruptionBudget, renderDisruptionBudgetSpec } from './disruption-budget.ts';
import { Ingress } from './ingress.ts';
import { instanceLabels, podTemplateLabels } from './instance-labels.ts';
import {
  checkContainerSecurityContext,
  DEFAULT_AUTOMOUNT_SERVICE_ACCOUNT_TOKEN,
  resolveContainerSecurityContext,
  resolvePodSecurityContext,
} from './pod-security.ts';
import { checkProbe, renderProbe } from './probes.ts';
import { parseProps } from './props.ts';
import { checkResources, renderResources } from './resources.ts';
import { checkStrategy, renderStrategy } from './app-strategy.ts';
import { PropProblems } from './schema-rules.ts';
import { Service } from './service.ts';

const KIND = 'App';

/**
 * A stateless service: a Deployment, plus a Service when it has ports, and optionally an
 * Ingress, an autoscaler and a disruption budget. Usable as an Ingress backend and a selector.
 * @example
 * const web = new App(stack, 'web', { image: 'nginx:1.27', port: 80, ingress: { host: 'shop.example.com' } });
 * web.addEnv('DB_PASSWORD', secret.key('password'));
 */
export class App extends Construct implements ISelectable, IServiceBackend {
  /** The name of the App's objects. */
  readonly name: string;
  /** The Deployment (construct id `Resource`). */
  readonly deployment: Resource;
  /** The Service, unless the App has no ports or `service` is false. */
  readonly service: Service | undefined;
  /** The Ingress, when `ingress` is set. */
  readonly ingress: Ingress | undefined;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  readonly autoscaler: Resource | undefined;
  /** The PodDisruptionBudget, when `disruptionBudget` is set. */
  readonly disruptionBudget: Resource | undefined;
  /** The container ports, with defaults filled in. */
  readonly ports: readonly ResolvedPort[];
  private readonly props: AppProps;
  private readonly env = new ContainerEnv();
  private readonly files = new ContainerFiles();

  constructor(scope: Construct, id: string, props: AppProps) {
    super(scope, id);
    parseProps(this, KIND, appPropsSchema, props);
    this.props = props;
    const problems = new PropProblems(this, KIND);
    for (const m of checkImage(props.image)) problems.addValue('image', props.image, m);
    const hasService = this.checkRelations(problems);
    if (props.name !== undefined) {
      const errs = hasService ? checkDns1035Label(props.name) : checkDns1123Label(props.name);
      for (const m of errs) problems.addValue('name', props.name, m);
    }
    this.ports = resolvePorts(props.ports ?? (props.port !== undefined ? [{ containerPort: props.port }] : []), problems);
    for (const probe of ['readiness', 'liveness', 'startup'] as const) checkProbe(probe, props[probe], this.ports.map((p) => p.name), problems);
    checkResources(props.resources, problems);
    checkAutoscaling(props.autoscaling, problems);
    checkDisruptionBudget(props.disruptionBudget, props.autoscaling?.minReplicas ?? props.replicas ?? 1, problems);
    checkStrategy(props.strategy, problems);
    checkIngressOptions(props.ingress, problems);
    checkContainerSecurityContext(props.securityContext, problems);
    for (const [name, value] of Object.entries(props.env ?? {})) problems.add(this.env.addVariable(name, value));
    for (const [prefix, group] of Object.entries(props.envGroups ?? {})) problems.add(this.env.addGroup(prefix, group));
    for (const entry of props.envFrom ?? []) {
      const [source, prefix] = 'source' in entry ? [entry.source, entry.prefix] : [entry, undefined];
      problems.add(this.env.addSource(source, prefix));
    }
    for (const [i, file] of (props.files ?? []).entries()) for (const m of this.files.add(file, `files[${i}]`)) problems.add(m);
    problems.throwIfAny();

    this.name = props.name ?? Resource.nameFromPath(this);
    this.deployment = new Resource(this, MAIN_RESOURCE_ID, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: this.metadata() });
    // Only the pods need what env and files reference: the Service, Ingress, HPA and PDB don't wait.
    this.deployment.node.addDependency(...this.env.dependencies, ...this.files.dependencies);
    this.deployment.renderWith(() => ({ spec: this.renderDeploymentSpec() }));
    this.service = hasService ? this.createService() : undefined;
    this.ingress = props.ingress ? this.createIngress() : undefined;
    this.autoscaler = this.createAutoscaler();
    this.disruptionBudget = this.createDisruptionBudget();
  }

  /** The labels that select this App's pods: `app.kubernetes.io/name` and `app.kubernetes.io/instance`. */
  get podSelector(): Readonly<Record<string, string>> {
    return instanceLabels(this, this.name);
  }

  /** The Service name. @throws TypeError when the App has no Service. */
  get serviceName(): string {
    return this.requireService().serviceName;
  }

  /** The Service's first port. @throws TypeError when the App has no Service. */
  get servicePort(): number {
    return this.requireService().servicePort;
  }

  /** What a user of this App (an Ingress) depends on: the App. */
  get dependencies(): Construct[] {
    return [this];
  }

  /** Sets an environment variable to a literal or a typed reference, and depends on what it references. */
  addEnv(name: string, value: EnvValue): this {
    return this.record(this.env.addVariable(name, value), () => (typeof value === 'string' ? [] : value.dependencies));
  }

  /** Adds a group of variables under a prefix: `addEnvGroup('DB_', db.connection)` sets DB_HOST, DB_PORT, … */
  addEnvGroup(prefix: string, group: IEnvGroup): this {
    return this.record(this.env.addGroup(prefix, group), () => group.dependencies);
  }

  /** Adds every key of a ConfigMap or Secret as a variable, optionally prefixed. */
  addEnvFrom(source: IEnvSource, prefix?: string): this {
    return this.record(this.env.addSource(source, prefix), () => source.dependencies);
  }

  /** Mounts a ConfigMap or Secret as files under `path` (read-only unless told otherwise). */
  mount(path: string, source: IVolumeSource, options: MountOptions = {}): this {
    const problems = this.files.add({ ...options, path, source }, `mount(${JSON.stringify(path)})`);
    return this.record(problems[0], () => source.dependencies);
  }

  private record(problem: string | undefined, dependencies: () => readonly Construct[]): this {
    if (problem !== undefined) {
      const problems = new PropProblems(this, KIND);
      problems.add(problem);
      problems.throwIfAny();
    }
    this.deployment.node.addDependency(...dependencies());
    return this;
  }

  private requireService(): Service {
    if (!this.service) throw new TypeError(`App ${this.node.path}: has no Service (no ports, or 'service' is false), so it cannot be a backend`);
    return this.service;
  }

  /** Records props that contradict each other; returns whether the App gets a Service. */
  private checkRelations(problems: PropProblems): boolean {
    const p = this.props;
    if (p.port !== undefined && p.ports !== undefined) problems.add(`'port' (${p.port}) and 'ports' cannot both be set; use 'ports' for several ports`);
    if (p.replicas !== undefined && p.autoscaling !== undefined) {
      problems.add(`'replicas' (${p.replicas}) cannot be set together with 'autoscaling': the autoscaler owns the replica count; use 'autoscaling.minReplicas'`);
    }
    const hasPorts = p.port !== undefined || (p.ports?.length ?? 0) > 0;
    if (p.service && !hasPorts) problems.add("'service' needs at least one port; set 'port' or 'ports', or remove 'service'");
    const hasService = hasPorts && p.service !== false;
    if (p.ingress && !hasService) {
      problems.add(p.service === false ? "'ingress' needs the App's Service, but 'service' is false" : "'ingress' needs the App's Service; set 'port' or 'ports'");
    }
    const nodePorts = (p.ports ?? []).some((port) => port.nodePort !== undefined);
    const type = p.service ? (p.service.type ?? 'ClusterIP') : 'ClusterIP';
    if (nodePorts && type === 'ClusterIP') problems.add(`'ports[].nodePort' needs 'service.type' 'NodePort' or 'LoadBalancer' (type is 'ClusterIP')`);
    return hasService;
  }

  private metadata(): { name: string; labels: Record<string, string> } {
    return { name: this.name, labels: { ...this.podSelector } };
  }

  private renderDeploymentSpec(): Record<string, unknown> {
    const p = this.props;
    const { volumes, volumeMounts } = this.files.render();
    const podSpec: Record<string, unknown> = {
      automountServiceAccountToken: p.automountServiceAccountToken ?? DEFAULT_AUTOMOUNT_SERVICE_ACCOUNT_TOKEN,
      ...(p.serviceAccountName !== undefined ? { serviceAccountName: p.serviceAccountName } : {}),
      securityContext: resolvePodSecurityContext(p.podSecurityContext),
      containers: [this.renderContainer(volumeMounts)],
      ...(volumes.length > 0 ? { volumes } : {}),
    };
    const selector = this.podSelector;
    return {
      ...(p.autoscaling ? {} : { replicas: p.replicas ?? 1 }),
      selector: { matchLabels: { ...selector } },
      strategy: renderStrategy(p.strategy),
      template: {
        metadata: {
          labels: podTemplateLabels(this, this.name),
          ...(p.podAnnotations ? { annotations: { ...p.podAnnotations } } : {}),
        },
        spec: podSpec,
      },
    };
  }

  private renderContainer(volumeMounts: unknown[]): Record<string, unknown> {
    const p = this.props;
    const firstPort = this.ports[0]?.containerPort;
    const env = this.env.renderEnv();
    const envFrom = this.env.renderEnvFrom();
    const probes = {
      readinessProbe: renderProbe(p.readiness ?? (this.ports.length > 0 ? '/' : false), firstPort),
      livenessProbe: renderProbe(p.liveness, firstPort),
      startupProbe: renderProbe(p.startup, firstPort),
    };
    const container: Record<string, unknown> = {
      name: this.name,
      image: p.image,
      ...(p.imagePullPolicy ? { imagePullPolicy: p.imagePullPolicy } : {}),
      ...(p.command ? { command: [...p.command] } : {}),
      ...(p.args ? { args: [...p.args] } : {}),
      ...(this.ports.length > 0
        ? { ports: this.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: port.protocol })) }
        : {}),
      ...(env.length > 0 ? { env } : {}),
      ...(envFrom.length > 0 ? { envFrom } : {}),
      resources: renderResources(p.resources),
      ...Object.fromEntries(Object.entries(probes).filter(([, probe]) => probe !== undefined)),
      securityContext: resolveContainerSecurityContext(p.securityContext),
      ...(volumeMounts.length > 0 ? { volumeMounts } : {}),
    };
    return container;
  }

  private createService(): Service {
    const options = this.props.service || {};
    return new Service(this, 'Service', {
      name: this.name,
      type: options.type ?? 'ClusterIP',
      selector: this,
      ports: this.ports.map((port) => ({
        name: port.name,
        port: port.servicePort,
        targetPort: port.containerPort,
        protocol: port.protocol,
        ...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
      })),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    });
  }

  private createIngress(): Ingress {
    const options = this.props.ingress!;
    const paths = options.paths ?? ['/'];
    return new Ingress(this, 'Ingress', {
      name: this.name,
      ...(options.className !== undefined ? { className: options.className } : {}),
      rules: paths.map((path) => ({
        ...(options.host !== undefined ? { host: options.host } : {}),
        path,
        pathType: options.pathType ?? 'Prefix',
        backend: this,
      })),
      ...(options.tlsSecret !== undefined ? { tls: [{ secret: options.tlsSecret }] } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    });
  }

  private createAutoscaler(): Resource | undefined {
    const options = this.props.autoscaling;
    if (!options) return undefined;
    const hpa = new Resource(this, 'Autoscaler', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: this.metadata() });
    return hpa.renderWith(() => ({ spec: renderAutoscalerSpec(options, this.name) }));
  }

  private createDisruptionBudget(): Resource | undefined {
    const budget = this.props.disruptionBudget;
    if (!budget) return undefined;
    const pdb = new Resource(this, 'DisruptionBudget', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: this.metadata() });
    return pdb.renderWith(() => ({ spec: renderDisruptionBudgetSpec(budget, this.podSelector) }));
  }
}
