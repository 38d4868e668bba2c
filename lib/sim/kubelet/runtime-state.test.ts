import { describe, expect, it } from 'vitest';
import { allocatePodIp, describeRange, nodeRecordOf, releasePodIp, type NodeRecord } from './runtime-state.ts';

const fresh = (): NodeRecord => ({ images: [], ipCursor: 1, ips: {} });

describe('pod IP allocation', () => {
  it('allocatePodIp() starts at .2 and moves on instead of reusing a freed IP at once', () => {
    const node = fresh();
    expect(allocatePodIp(node, '10.244.3.0/24', 'a')).toBe('10.244.3.2');
    expect(allocatePodIp(node, '10.244.3.0/24', 'b')).toBe('10.244.3.3');
    releasePodIp(node, '10.244.3.2');
    expect(allocatePodIp(node, '10.244.3.0/24', 'c')).toBe('10.244.3.4');
  });

  it('allocatePodIp() wraps around to freed IPs and reports an exhausted range', () => {
    const node = fresh();
    const ips = Array.from({ length: 5 }, (_, i) => allocatePodIp(node, '192.168.7.0/29', `p${i}`));
    expect(ips).toEqual(['192.168.7.2', '192.168.7.3', '192.168.7.4', '192.168.7.5', '192.168.7.6']);
    expect(allocatePodIp(node, '192.168.7.0/29', 'full')).toBeUndefined();
    releasePodIp(node, '192.168.7.3');
    expect(allocatePodIp(node, '192.168.7.0/29', 'again')).toBe('192.168.7.3');
    expect(describeRange('192.168.7.0/29')).toBe('192.168.7.1-192.168.7.6');
  });

  it('allocatePodIp() refuses an invalid CIDR, every time it is asked', () => {
    for (const cidr of ['10.244.256.0/24', '10.244.256.0/24', '10.244.1.0/31', '10.244.1.0', 'bogus']) expect(allocatePodIp(fresh(), cidr, 'a')).toBeUndefined();
  });

  it('allocatePodIp() hands out from the network of a CIDR written with host bits set', () => {
    const node = fresh();
    expect(allocatePodIp(node, '10.244.3.77/24', 'a')).toBe('10.244.3.2');
    expect(allocatePodIp(fresh(), '10.244.3.77/24', 'b')).toBe('10.244.3.2');
  });

  it('nodeRecordOf() keeps pod IPs in a map that serializes as JSON does', () => {
    const state = { pods: {}, nodes: {} };
    const node = nodeRecordOf(state, 'node-1');
    allocatePodIp(node, '10.244.3.0/24', 'ns/a');
    expect(JSON.stringify(state)).toBe('{"pods":{},"nodes":{"node-1":{"images":[],"ipCursor":2,"ips":{"10.244.3.2":"ns/a"}}}}');
  });
});
