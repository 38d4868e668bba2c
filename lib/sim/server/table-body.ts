// The meta.k8s.io/v1 Table `kubectl get` asks for, encoded straight to bytes: the same text as
// JSON.stringify(toTable(…)), but each row's object (the full object, or its
// PartialObjectMetadata) comes from a per-object cache. Cells are computed per request (ages move).

import type { KubeObject } from '../../k8s/types.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { buildEmptyTable, buildRowCells, findPrinter, toIncludeObject, type IncludeObject, type ToTableOptions } from '../printers/registry.ts';
import type { TableListMeta } from '../printers/table.ts';
import { encodeObject, JsonWriter, type EncodedJson } from './json-body.ts';
import { isDeeplyFrozen } from '../json-cache.ts';

// A row's PartialObjectMetadata, by object: objects are frozen, so their metadata never changes.
const partials = new WeakMap<object, Buffer>();

function encodePartialMetadata(obj: KubeObject): Buffer {
  let bytes = partials.get(obj);
  if (bytes) return bytes;
  bytes = Buffer.from(JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }));
  if (Object.isFrozen(obj) && isDeeplyFrozen(obj.metadata)) partials.set(obj, bytes);
  return bytes;
}

const NULL = Buffer.from('null');

function encodeRowObject(obj: KubeObject, include: IncludeObject): Buffer {
  if (include === 'None') return NULL;
  return include === 'Object' ? encodeObject(obj) : encodePartialMetadata(obj);
}

/**
 * The Table of `items` as toTable() builds it (registry.ts), encoded; `now` (ms) is the cluster
 * clock ages are measured against.
 */
export function encodeTable(
  info: ResourceInfo,
  items: readonly KubeObject[],
  listMeta: TableListMeta | Record<string, unknown>,
  includeObject: IncludeObject | string,
  now: number,
  options: ToTableOptions = {},
): EncodedJson {
  const printer = findPrinter(info, options);
  const include = toIncludeObject(includeObject);
  const head = JSON.stringify(buildEmptyTable(printer, listMeta));
  // `rows` is the Table's last key: open its array and append the rows.
  const out = new JsonWriter();
  out.writeString(head.slice(0, -2));
  for (let i = 0; i < items.length; i++) {
    const obj = items[i]!;
    const { cells, conditions } = buildRowCells(printer, obj, now);
    out.writeString(`${i > 0 ? '},' : ''}{"cells":${JSON.stringify(cells)}${conditions ? `,"conditions":${JSON.stringify(conditions)}` : ''},"object":`);
    out.writeBytes(encodeRowObject(obj, include));
  }
  out.writeString(items.length > 0 ? '}]}' : ']}');
  return out.finish();
}
