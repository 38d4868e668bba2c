import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../errors.ts';
import { decodeProtobufObject, decodeUnknown, formatTimestamp } from './decode.ts';
import { bytesField, doubleField, fixed32Field, intField, mapEntry, protobufBody, stringField } from './encode-testing.ts';

/** Bodies recorded from kubectl 1.32 (`create deployment web --image=nginx --port=80 --replicas=0 -- sh -c "echo hi"`, …). */
const KUBECTL_DEPLOYMENT =
  'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EskBCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEpcBCAASDAoKCgNhcHASA3dlYhp9ChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEl0SPwoFbmdpbngSBW5naW54GgJzaBoCLWMaB2VjaG8gaGkqADIKCgAQABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==';
const KUBECTL_HPA =
  'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISPwoTCgN3ZWISABoAIgAqADIAOABCABIiChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAMgMhoEGAAgABoAIgA=';
const KUBECTL_SECRET = 'azhzAAoMCgJ2MRIGU2VjcmV0Eh0KEQoBcxIAGgAiACoAMgA4AEIAEgYKAXASAXEaABoAIgA=';
const KUBECTL_SERVICE =
  'azhzAAoNCgJ2MRIHU2VydmljZRJpCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEkIKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABIKCgNhcHASA3dlYhoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==';

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

function statusOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return { code: err.status.code, message: err.status.message };
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('decodeProtobufObject', () => {
  it('decodeProtobufObject() decodes the Deployment kubectl create sends, keeping an explicit zero replicas', () => {
    expect(decodeProtobufObject(fromBase64(KUBECTL_DEPLOYMENT))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', command: ['sh', '-c', 'echo hi'], ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('decodeProtobufObject() decodes the autoscaling/v1 HorizontalPodAutoscaler kubectl autoscale sends', () => {
    const hpa = decodeProtobufObject(fromBase64(KUBECTL_HPA));
    expect(hpa.apiVersion).toBe('autoscaling/v1');
    expect((hpa as { spec?: unknown }).spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 3,
      targetCPUUtilizationPercentage: 50,
    });
  });

  it('decodeProtobufObject() renders Secret bytes as base64 and a Service targetPort as an integer', () => {
    expect(decodeProtobufObject(fromBase64(KUBECTL_SECRET))).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { p: 'cQ==' } });
    expect((decodeProtobufObject(fromBase64(KUBECTL_SERVICE)) as { spec?: unknown }).spec).toEqual({
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: 'web' },
      type: 'ClusterIP',
    });
  });

  it('decodeProtobufObject() decodes quantities, pointer zeros, embedded volume sources and string int-or-string', () => {
    const container = [
      ...stringField(1, 'app'),
      ...bytesField(8, mapEntry(1, 'cpu', bytesField(2, stringField(1, '500m')))),
      ...bytesField(6, [...stringField(1, 'http'), ...intField(3, 8080)]),
    ];
    const podSpec = [
      ...bytesField(1, [...stringField(1, 'scratch'), ...bytesField(2, bytesField(2, []))]),
      ...bytesField(2, container),
      ...intField(11, false),
      ...intField(21, false),
      ...bytesField(14, intField(2, 0)),
    ];
    const pod = decodeProtobufObject(protobufBody('v1', 'Pod', [...bytesField(1, stringField(1, 'p')), ...bytesField(2, podSpec)]));
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [{ name: 'app', resources: { limits: { cpu: '500m' } }, ports: [{ name: 'http', containerPort: 8080 }] }],
        automountServiceAccountToken: false,
        securityContext: { runAsUser: 0 },
      },
    });
    const port = [...intField(3, 80), ...bytesField(4, [...intField(1, 1), ...stringField(3, 'http')])];
    const svc = decodeProtobufObject(protobufBody('v1', 'Service', bytesField(2, bytesField(1, port))));
    expect((svc as { spec?: unknown }).spec).toEqual({ ports: [{ port: 80, targetPort: 'http' }] });
  });

  it('decodeProtobufObject() formats Time and MicroTime, reads negative varints and skips unknown fields of every wire type', () => {
    const meta = [
      ...stringField(1, 'e'),
      ...bytesField(8, [...intField(1, 1704067200), ...intField(2, 0)]),
      ...intField(99, 7),
      ...doubleField(98, 1.5),
      ...fixed32Field(97, 3),
      ...stringField(96, 'ignored'),
    ];
    const event = [...bytesField(1, meta), ...intField(8, -1), ...bytesField(10, [...intField(1, 1704067200), ...intField(2, 123456789)])];
    expect(decodeProtobufObject(protobufBody('v1', 'Event', event))).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', creationTimestamp: '2024-01-01T00:00:00Z' },
      count: -1,
      eventTime: '2024-01-01T00:00:00.123456Z',
    });
  });

  it('decodeProtobufObject() drops zero timestamps and zero scalars of non-pointer fields', () => {
    const meta = [...stringField(1, 'x'), ...stringField(2, ''), ...intField(7, 0), ...bytesField(8, [])];
    expect(decodeProtobufObject(protobufBody('v1', 'Namespace', bytesField(1, meta)))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
  });

  it('decodeProtobufObject() answers 400 for a body without the k8s prefix, a kind it cannot decode, and truncated bytes', () => {
    expect(statusOf(() => decodeProtobufObject(Uint8Array.from([1, 2, 3, 4, 5])))).toEqual({
      code: 400,
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    });
    expect(statusOf(() => decodeProtobufObject(protobufBody('example.com/v1', 'Widget', [])))).toEqual({
      code: 400,
      message: 'no kind "Widget" is registered for version "example.com/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    });
    expect(statusOf(() => decodeProtobufObject(protobufBody('v1', 'ConfigMap', [0x0a, 0x05, 0x0a])))).toEqual({
      code: 400,
      message: 'the body of the request could not be decoded: length-delimited field runs past the end of the message',
    });
  });
});

describe('decodeUnknown', () => {
  it('decodeUnknown() reads the runtime.Unknown envelope', () => {
    const body = Uint8Array.from([...protobufBody('v1', 'ConfigMap', [1, 2]), ...stringField(4, 'application/vnd.kubernetes.protobuf')]);
    const envelope = decodeUnknown(body);
    expect({ ...envelope, raw: Array.from(envelope.raw) }).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      raw: [1, 2],
      contentEncoding: '',
      contentType: 'application/vnd.kubernetes.protobuf',
    });
  });

  it('formatTimestamp() prints RFC 3339 seconds, or microseconds for MicroTime', () => {
    expect(formatTimestamp(0, 5_000, true)).toBe('1970-01-01T00:00:00.000005Z');
    expect(formatTimestamp(1_700_000_000, 999_999_999)).toBe('2023-11-14T22:13:20Z');
  });
});
