import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, onNode, runFilter } from '../test-fixtures.ts';
import { nodePortsPlugin } from './node-ports.ts';

const node = makeNode('node-1');
const CONFLICT = "node(s) didn't have free ports for the requested pod ports";
const existing = [onNode(makePod('a', { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }] }), 'node-1')];

describe('NodePorts', () => {
  it.each([
    ['no host ports', makePod('p'), 'ok'],
    ['a free port', makePod('p', { ports: [{ containerPort: 80, hostPort: 9090 }] }), 'ok'],
    ['a taken port', makePod('p', { ports: [{ containerPort: 80, hostPort: 8080 }] }), CONFLICT],
    ['the same port over another protocol', makePod('p', { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }] }), 'ok'],
    ['a port taken on another host IP', makePod('p', { ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' }] }), 'ok'],
    ['a port on 0.0.0.0 taken on one IP', makePod('p', { ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }), CONFLICT],
    ['a container port without hostPort', makePod('p', { ports: [{ containerPort: 8080 }] }), 'ok'],
  ])('NodePorts filter: %s', (_name, pod, expected) => {
    expect(runFilter(nodePortsPlugin, pod, node, makeCluster([node], existing))).toBe(expected);
  });
});
