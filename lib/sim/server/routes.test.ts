import { describe, expect, it } from 'vitest';
import { parseRoute } from './routes.ts';

describe('parseRoute()', () => {
  it.each([
    ['/version', { type: 'version' }],
    ['/api', { type: 'api-versions' }],
    ['/apis', { type: 'api-groups' }],
    ['/api/v1', { type: 'group-version', group: '', version: 'v1' }],
    ['/apis/apps/v1', { type: 'group-version', group: 'apps', version: 'v1' }],
    ['/api/v1/pods', { type: 'resource', group: '', version: 'v1', plural: 'pods' }],
    ['/api/v1/namespaces', { type: 'resource', group: '', version: 'v1', plural: 'namespaces' }],
    ['/api/v1/namespaces/shop', { type: 'resource', group: '', version: 'v1', plural: 'namespaces', name: 'shop' }],
    ['/api/v1/namespaces/shop/status', { type: 'resource', group: '', version: 'v1', plural: 'namespaces', name: 'shop', subresource: 'status' }],
    ['/api/v1/namespaces/shop/pods', { type: 'resource', group: '', version: 'v1', plural: 'pods', namespace: 'shop' }],
    ['/api/v1/namespaces/shop/pods/web-1/log', { type: 'resource', group: '', version: 'v1', plural: 'pods', namespace: 'shop', name: 'web-1', subresource: 'log' }],
    ['/apis/apps/v1/namespaces/shop/deployments/web/scale', { type: 'resource', group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop', name: 'web', subresource: 'scale' }],
    ['/api/v1/nodes/node-1', { type: 'resource', group: '', version: 'v1', plural: 'nodes', name: 'node-1' }],
    ['/openapi/v3', { type: 'openapi-v3-root' }],
    ['/openapi/v3/apis/apps/v1', { type: 'openapi-v3', group: 'apps', version: 'v1' }],
    ['/openapi/v3/api/v1', { type: 'openapi-v3', group: '', version: 'v1' }],
  ])('parseRoute(%j)', (path, expected) => {
    const route = parseRoute(path) as Record<string, unknown>;
    const defined = Object.fromEntries(Object.entries(route).filter(([, v]) => v !== undefined));
    expect(defined).toEqual(expected);
  });

  it('parseRoute() rejects unknown and over-long paths', () => {
    expect(parseRoute('/')).toBeUndefined();
    expect(parseRoute('/foo')).toBeUndefined();
    expect(parseRoute('/api/v1/namespaces/a/pods/b/log/extra')).toBeUndefined();
  });
});
