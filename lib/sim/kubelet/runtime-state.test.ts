import { describe, expect, it } from 'vitest';
import { allocatePodIp, describeRange, releasePodIp, type NodeRecord } from './runtime-state.ts';

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

  it('allocatePodIp() refuses an invalid CIDR', () => {
    expect(allocatePodIp(fresh(), '10.244.256.0/24', 'a')).toBeUndefined();
  });
});
