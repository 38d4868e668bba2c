// kubectl's columns for configuration, identity and policy kinds: ConfigMaps, Secrets,
// ServiceAccounts, Namespaces, RoleBindings, ClusterRoleBindings, Leases, PriorityClasses and
// ResourceQuotas. Roles and ClusterRoles have no printer upstream (NAME CREATED AT).

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge, int } from './format.ts';
import { AGE_COLUMN, column, NAME_COLUMN, type Obj, type Printer } from './table.ts';

const age = (o: KubeObject, now: number) => formatAge(o.metadata.creationTimestamp, now);
const count = (map: unknown) => (map && typeof map === 'object' ? Object.keys(map).length : 0);

/** ConfigMaps: NAME DATA AGE. */
export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, column('Data', 'Data contains the configuration data.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', count((o as Obj).data) + count((o as Obj).binaryData), age(o, now)],
};

/** Secrets: NAME TYPE DATA AGE. */
export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells: (o, { now }) => [o.metadata.name ?? '', String((o as Obj).type ?? 'Opaque'), count((o as Obj).data), age(o, now)],
};

/** ServiceAccounts: NAME SECRETS AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', ((o as Obj).secrets ?? []).length, age(o, now)],
};

/** Namespaces: NAME STATUS AGE. */
export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', String((o as Obj).status?.phase ?? ''), age(o, now)],
};

function subjectStrings(subjects: readonly Obj[] | undefined): [users: string, groups: string, serviceAccounts: string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(String(s.name));
    else if (s.kind === 'Group') groups.push(String(s.name));
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(kind: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
      AGE_COLUMN,
      column('Users', `Users in the ${kind}`, { wide: true }),
      column('Groups', `Groups in the ${kind}`, { wide: true }),
      column('ServiceAccounts', `ServiceAccounts in the ${kind}`, { wide: true }),
    ],
    cells(o, { now }) {
      const b = o as Obj;
      return [o.metadata.name ?? '', `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(o, now), ...subjectStrings(b.subjects)];
    },
  };
}

/** RoleBindings: NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS. */
export const roleBindingPrinter: Printer = bindingPrinter('roleBinding');
/** ClusterRoleBindings: NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS. */
export const clusterRoleBindingPrinter: Printer = bindingPrinter('clusterRoleBinding');

/** Leases: NAME HOLDER AGE. */
export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', String((o as Obj).spec?.holderIdentity ?? ''), age(o, now)],
};

/** PriorityClasses: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Value', 'value represents the integer value of this priority class.', { type: 'integer' }),
    column('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.', { type: 'boolean' }),
    AGE_COLUMN,
    column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells(o, { now }) {
    const p = o as Obj;
    return [o.metadata.name ?? '', int(p.value), p.globalDefault === true, age(o, now), String(p.preemptionPolicy ?? '')];
  },
};

/** ResourceQuotas: NAME AGE REQUEST LIMIT (`cpu: 500m/2, pods: 3/10`). */
export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const q = o as Obj;
    const hard: Record<string, unknown> = q.status?.hard ?? {};
    const used: Record<string, unknown> = q.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const text = `${resource}: ${String(used[resource] ?? '0')}/${String(hard[resource])}`;
      (resource.split('.')[0] === 'limits' && resource.includes('.') ? limits : requests).push(text);
    }
    return [o.metadata.name ?? '', requests.join(', '), limits.join(', '), age(o, now)];
  },
};
