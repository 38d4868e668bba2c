// Secure-by-default settings for an App's pods that still run common images (nginx, redis,
// postgres) unchanged, and how user overrides merge with them. Not a policy engine: it does
// not enforce Pod Security Standards, it only picks safe defaults.

import type { V1PodSecurityContext, V1SecurityContext } from '../k8s/types.ts';
import type { PropProblems } from './schema-rules.ts';

/**
 * The container securityContext defaults.
 * - `allowPrivilegeEscalation: false` sets no_new_privs: setuid binaries and file capabilities
 *   cannot gain privileges. Images that start as root and drop to a user (nginx, redis) still
 *   work, because dropping privileges is not an escalation.
 *
 * Deliberately not set, because they break common images: `runAsNonRoot` (nginx and redis
 * start as root), `readOnlyRootFilesystem` (nginx writes /var/cache/nginx) and
 * `capabilities.drop: ['ALL']` (nginx needs NET_BIND_SERVICE for port 80, and CHOWN, SETUID and
 * SETGID to switch to its user). Set them through `securityContext` when your image allows.
 */
export const DEFAULT_CONTAINER_SECURITY_CONTEXT: Readonly<V1SecurityContext> = Object.freeze({ allowPrivilegeEscalation: false });

/**
 * The pod securityContext defaults.
 * - `seccompProfile: RuntimeDefault`: the container runtime's syscall filter (Docker's default
 *   for years) blocks rarely used, dangerous syscalls that ordinary servers never make.
 */
export const DEFAULT_POD_SECURITY_CONTEXT: Readonly<V1PodSecurityContext> = Object.freeze({ seccompProfile: { type: 'RuntimeDefault' } });

/**
 * Whether pods get a service account token mounted. Off: most apps never call the Kubernetes
 * API, and a mounted token is a credential for anyone who gets into the container.
 */
export const DEFAULT_AUTOMOUNT_SERVICE_ACCOUNT_TOKEN = false;

function isPrivileged(context: V1SecurityContext): boolean {
  const added = context.capabilities?.add ?? [];
  return context.privileged === true || added.some((c) => c === 'SYS_ADMIN' || c === 'CAP_SYS_ADMIN');
}

/**
 * The container securityContext: the user's fields over the defaults. A privileged container
 * (or one adding SYS_ADMIN) does not get `allowPrivilegeEscalation: false`, which the API server
 * would reject in that combination.
 */
export function resolveContainerSecurityContext(user: V1SecurityContext | undefined): V1SecurityContext {
  const merged: V1SecurityContext = { ...DEFAULT_CONTAINER_SECURITY_CONTEXT, ...(user ?? {}) };
  if (user?.allowPrivilegeEscalation === undefined && isPrivileged(merged)) delete merged.allowPrivilegeEscalation;
  return structuredClone(merged);
}

/** The pod securityContext: the user's fields over the defaults. */
export function resolvePodSecurityContext(user: V1PodSecurityContext | undefined): V1PodSecurityContext {
  return structuredClone({ ...DEFAULT_POD_SECURITY_CONTEXT, ...(user ?? {}) });
}

/** Records an explicit `allowPrivilegeEscalation: false` on a privileged container. */
export function checkContainerSecurityContext(user: V1SecurityContext | undefined, problems: PropProblems): void {
  if (user?.allowPrivilegeEscalation === false && isPrivileged(user)) {
    problems.add(
      "'securityContext.allowPrivilegeEscalation' (false) cannot be combined with 'securityContext.privileged' (true) or the SYS_ADMIN capability",
    );
  }
}
