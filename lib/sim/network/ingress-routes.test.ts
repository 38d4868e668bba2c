import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { isRoute, matchIngressRoute } from './ingress-routes.ts';

type Obj = Record<string, any>;

function ingress(name: string, spec: Obj, createdAt = '2026-01-01T00:00:00Z'): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default', creationTimestamp: createdAt }, spec } as KubeObject;
}

const path = (p: string, pathType: string, service: string): Obj => ({ path: p, pathType, backend: { service: { name: service, port: { number: 80 } } } });

function target(ingresses: KubeObject[], host: string | undefined, requestPath: string): string {
  const r = matchIngressRoute(ingresses, host, requestPath);
  return isRoute(r) ? `${r.ingress.metadata.name}/${r.serviceName}` : r.reason;
}

describe('matchIngressRoute()', () => {
  const prefixes = [ingress('a', { rules: [{ host: 'h.test', http: { paths: [path('/aaa/bbb/', 'Prefix', 'bbb'), path('/aaa', 'Prefix', 'aaa'), path('/', 'Prefix', 'root'), path('/aaa', 'Exact', 'exact')] } }] })];

  it('matchIngressRoute() matches Prefix paths element by element and prefers the longest, then Exact', () => {
    expect(target(prefixes, 'h.test', '/aaa/bbb')).toBe('a/bbb');
    expect(target(prefixes, 'h.test', '/aaa/bbb/ccc')).toBe('a/bbb');
    expect(target(prefixes, 'h.test', '/aaa/bbbxyz')).toBe('a/aaa');
    expect(target(prefixes, 'h.test', '/aaa')).toBe('a/exact');
    expect(target(prefixes, 'h.test', '/aaa/')).toBe('a/aaa');
    expect(target(prefixes, 'h.test', '/other')).toBe('a/root');
  });

  it('matchIngressRoute() treats ImplementationSpecific as a plain prefix and Exact as equality', () => {
    const ings = [ingress('a', { rules: [{ host: 'h.test', http: { paths: [path('/v2', 'ImplementationSpecific', 'v2'), path('/login', 'Exact', 'login')] } }] })];
    expect(target(ings, 'h.test', '/v2beta')).toBe('a/v2');
    expect(target(ings, 'h.test', '/login/')).toBe('no Ingress path for host h.test matches /login/ and there is no default backend');
  });

  it('matchIngressRoute() prefers the exact host, then a one-label wildcard, then host-less rules', () => {
    const ings = [
      ingress('exact', { rules: [{ host: 'shop.example.com', http: { paths: [path('/', 'Prefix', 'shop')] } }] }),
      ingress('wild', { rules: [{ host: '*.example.com', http: { paths: [path('/', 'Prefix', 'wild')] } }] }),
      ingress('any', { rules: [{ http: { paths: [path('/', 'Prefix', 'any')] } }] }),
    ];
    expect(target(ings, 'shop.example.com', '/')).toBe('exact/shop');
    expect(target(ings, 'blog.example.com', '/')).toBe('wild/wild');
    expect(target(ings, 'a.blog.example.com', '/')).toBe('any/any');
    expect(target(ings, undefined, '/')).toBe('any/any');
  });

  it('matchIngressRoute() falls back to the rule owner’s default backend, then a catch-all, and the oldest Ingress wins', () => {
    const ings = [
      ingress('newer', { rules: [{ host: 'h.test', http: { paths: [path('/x', 'Prefix', 'newer')] } }] }, '2026-01-02T00:00:00Z'),
      ingress('older', { defaultBackend: { service: { name: 'fallback', port: { number: 80 } } }, rules: [{ host: 'h.test', http: { paths: [path('/x', 'Prefix', 'older')] } }] }),
      ingress('catch-all', { defaultBackend: { service: { name: 'everything', port: { number: 80 } } } }),
    ];
    expect(target(ings, 'h.test', '/x')).toBe('older/older');
    expect(target(ings, 'h.test', '/y')).toBe('older/fallback');
    expect(target(ings, 'other.test', '/')).toBe('catch-all/everything');
    expect(target([ings[0]!], 'other.test', '/')).toBe('no Ingress rule serves host other.test and no Ingress has a catch-all default backend');
  });
});
