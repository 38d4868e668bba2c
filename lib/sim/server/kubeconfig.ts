// The kubeconfig `shipshape sim serve` writes: one cluster, user and context named `shipshape`
// (namespace default), trusting the served cluster's CA and carrying its bearer token, written
// with mode 0600. It does not read other kubeconfigs or merge into ~/.kube/config.

import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { stringify } from 'yaml';
import { writeAtomically } from './write-file.ts';

/** The kubeconfig's file name under the state directory. */
export const KUBECONFIG_FILE = 'kubeconfig';
/** The name of the cluster, user and context. */
export const KUBECONFIG_NAME = 'shipshape';

/** What goes into the kubeconfig. */
export interface KubeconfigOptions {
  /** The server URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** The CA certificate (PEM) that signed the server's certificate. */
  readonly caCert: string;
  /** The bearer token. */
  readonly token: string;
  /** The cluster, user and context name. @default 'shipshape' */
  readonly name?: string;
  /** The context's namespace. @default 'default' */
  readonly namespace?: string;
}

/** The kubeconfig as YAML text. */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.name ?? KUBECONFIG_NAME;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name, cluster: { server: options.server, 'certificate-authority-data': Buffer.from(options.caCert, 'utf8').toString('base64') } }],
    users: [{ name, user: { token: options.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace ?? 'default' } }],
    'current-context': name,
  };
  return stringify(config, { lineWidth: 0 });
}

/** Writes the kubeconfig to `path` (mode 0600, replacing any file there atomically). */
export function writeKubeconfig(path: string, options: KubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  writeAtomically(path, renderKubeconfig(options), 0o600);
}

/** The URL a kubeconfig should name for a server listening on `address:port`. */
export function formatServerUrl(address: string, port: number): string {
  if (address === '0.0.0.0' || address === '::' || address === '') return `https://127.0.0.1:${port}`;
  return address.includes(':') ? `https://[${address}]:${port}` : `https://${address}:${port}`;
}
