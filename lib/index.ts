// The public API of shipshape: everything users import comes from here. A symbol exported from
// its own file but not from here is internal.

export { Construct, Node } from './core/construct.ts';
export { SynthContext } from './core/context.ts';
export { Include, type IncludeProps } from './core/include.ts';
export { Resource, type ResourceProps } from './core/resource.ts';
export { Stack, type StackProps } from './core/stack.ts';
export { STANDARD_LABELS, synth, synthYaml, synthesizeStack, type SynthesizedObject, type SynthesizedStack } from './core/synth.ts';
export {
  PodField,
  type IEnvGroup,
  type IEnvSource,
  type IEnvValue,
  type IServiceBackend,
  type ISelectable,
  type IVolumeSource,
} from './constructs/contracts.ts';
export { App } from './constructs/app.ts';
export type { AppProps, AppServiceOptions, AppIngressOptions, RollingUpdateOptions, EnvFromEntry } from './constructs/app-props.ts';
export type { AppPort, PortProtocol } from './constructs/app-ports.ts';
export type { EnvValue } from './constructs/app-env.ts';
export type { FileMount, MountOptions } from './constructs/app-files.ts';
export type { ProbeSpec, ProbeOptions, ProbeTiming, HttpCheck, TcpCheck } from './constructs/probes.ts';
export { DEFAULT_RESOURCES, type AppResources, type ResourceAmounts } from './constructs/resources.ts';
export type { AutoscalingOptions } from './constructs/autoscaling.ts';
export type { DisruptionBudgetOptions } from './constructs/disruption-budget.ts';
export { DEFAULT_CONTAINER_SECURITY_CONTEXT, DEFAULT_POD_SECURITY_CONTEXT } from './constructs/pod-security.ts';
export { Service, type ServiceProps, type ServicePortOptions, type ServiceType } from './constructs/service.ts';
export { Ingress, type IngressProps, type IngressRule, type IngressTls, type PathType } from './constructs/ingress.ts';
export { ConfigMap, type ConfigMapProps, type KeyRefOptions } from './constructs/config-map.ts';
export { Secret, type SecretProps, type SecretType, type TlsSecretProps, type DockerConfigSecretProps } from './constructs/secret.ts';
export type { RegistryCredentials } from './constructs/secret-types.ts';
export { Namespace, type NamespaceProps, type NamespacePodSecurity, type PodSecurityLevel } from './constructs/namespace.ts';
export { Database, type DatabaseProps, type DatabaseStorage, type DatabaseEngine } from './constructs/database.ts';
export { DatabaseConnection } from './constructs/database-connection.ts';
export { GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION, GENERATOR_FIELD_MANAGER } from './k8s/annotations.ts';
export { ShipshapeError, ValidationError, type ValidationIssue } from './k8s/errors.ts';
export { parseQuantity } from './k8s/quantity.ts';
export type { KubeObject, Manifest } from './k8s/types.ts';
export { manifestsToYaml, parseYamlDocuments } from './k8s/yaml.ts';
