// `kubectl describe secret`: identity, labels and annotations, the type, and under `Data` each
// key with its size in bytes — never the value (except a service-account token's `token`, which
// kubectl prints). Secrets have no Events section, as in kubectl.

import type { KubeObject } from '../../../lib/k8s/types.ts';
import type { ApiServer } from '../../../lib/sim/api/api-server.ts';
import { DescribeWriter, type Obj } from './describe-writer.ts';

const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/** Describes a Secret as kubectl does: `key:  N bytes` per data key, sorted. */
export function describeSecret(_api: ApiServer, secret: KubeObject, _now: number): string {
  const s = secret as Obj;
  const w = new DescribeWriter();
  w.line(0, 'Name:', secret.metadata.name ?? '');
  w.line(0, 'Namespace:', secret.metadata.namespace ?? '');
  w.labels(0, 'Labels', secret.metadata.labels).annotations(0, secret.metadata.annotations);
  w.line(0, '').line(0, 'Type:', String(s.type ?? ''));
  w.line(0, '').line(0, 'Data').line(0, '====');
  const data = (s.data ?? {}) as Record<string, string>;
  for (const key of Object.keys(data).sort()) {
    const bytes = Buffer.from(String(data[key] ?? ''), 'base64');
    if (key === 'token' && s.type === SERVICE_ACCOUNT_TOKEN_TYPE) w.line(0, `${key}:`, bytes.toString('utf8'));
    else w.line(0, `${key}:`, `${bytes.length} bytes`);
  }
  return w.toString();
}
