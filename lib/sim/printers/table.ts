// The meta.k8s.io/v1 Table that `kubectl get` asks for: column definitions, rows of cells, and
// the shape of one kind's printer. Printers build cells; registry.ts turns lists into Tables and
// render-table.ts prints them as text. Nothing here knows a particular kind.

import type { KubeObject } from '../../k8s/types.ts';

/** One column of a Table; `priority: 1` columns show only with `-o wide`. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** One cell: what the server sends (strings, integers, booleans; null for a missing value). */
export type TableCell = string | number | boolean | null;

/** A row condition (pods that completed carry `Completed`). */
export interface TableRowCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** One row: its cells in column order and the object (PartialObjectMetadata, the full object, or null). */
export interface TableRow {
  readonly cells: TableCell[];
  readonly conditions?: TableRowCondition[];
  readonly object: unknown;
}

/** List metadata a Table carries. */
export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A meta.k8s.io/v1 Table. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: TableListMeta;
  readonly columnDefinitions: TableColumnDefinition[];
  readonly rows: TableRow[];
}

/** What a printer knows besides the object: the current (virtual) time. */
export interface PrintContext {
  /** Milliseconds since the epoch, from the cluster's clock. */
  readonly now: number;
}

/** The columns of one kind and how to fill them for one object (all columns, wide included). */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  cells(obj: KubeObject, ctx: PrintContext): TableCell[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/** The loose view printers read objects through. */
export type Obj = Record<string, any>;

/** Description of the Name column, as the server sends it. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of a name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** Description of the Age column, as the server sends it. */
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column definition; `wide` makes it a priority-1 column. */
export function column(name: string, description: string, options: { type?: string; format?: string; wide?: boolean } = {}): TableColumnDefinition {
  return { name, type: options.type ?? 'string', format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

/** The Name column every printer starts with. */
export const NAME_COLUMN = column('Name', NAME_DESCRIPTION, { format: 'name' });
/** The Age column. */
export const AGE_COLUMN = column('Age', AGE_DESCRIPTION);
/** Wide Containers column of workloads. */
export const CONTAINERS_COLUMN = column('Containers', 'Names of each container in the template.', { wide: true });
/** Wide Images column of workloads. */
export const IMAGES_COLUMN = column('Images', 'Images referenced by each container in the template.', { wide: true });
