import { describe, expect, it } from 'vitest';
import { Resource, Stack, ValidationError } from 'shipshape';
import { expectStackSnapshot, findObject, synthObjects, synthToYaml, tryFindObject } from 'shipshape/testing';

function buildShop(): Stack {
  const stack = new Stack('shop', { namespace: 'shop' });
  new Resource(stack, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', data: { env: 'test' } });
  new Resource(stack, 'web', { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } });
  new Resource(stack, 'other-web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'other' }, spec: { ports: [{ port: 8080 }] } });
  return stack;
}

describe('shipshape/testing', () => {
  it('synthObjects() returns the stack objects in apply order, namespace first', () => {
    const objects = synthObjects(buildShop());
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /shop',
      'ConfigMap shop/settings',
      'Service other/web',
      'Service shop/web',
    ]);
  });

  it('synthObjects() throws the ValidationError of an invalid stack', () => {
    const stack = new Stack('bad');
    new Resource(stack, 'cfg', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } });
    expect(() => synthObjects(stack)).toThrow(ValidationError);
  });

  it('synthToYaml() returns multi-document YAML', () => {
    const yaml = synthToYaml(buildShop());
    expect(yaml.split('---\n')).toHaveLength(4);
    expect(yaml.startsWith('apiVersion: v1\nkind: Namespace\n')).toBe(true);
  });

  it('findObject() finds an object by kind and name, or namespace/name', () => {
    const objects = synthObjects(buildShop());
    expect(findObject(objects, 'ConfigMap', 'settings').data).toEqual({ env: 'test' });
    expect(findObject(objects, 'Service', 'other/web').metadata.namespace).toBe('other');
  });

  it('findObject() names the objects of that kind when there is no match', () => {
    const objects = synthObjects(buildShop());
    expect(() => findObject(objects, 'ConfigMap', 'missing')).toThrow(
      "No ConfigMap named 'missing': the ConfigMap objects are: ConfigMap shop/settings",
    );
    expect(() => findObject(objects, 'Secret', 'db')).toThrow("No Secret named 'db': there is no Secret among the 4 objects");
  });

  it('tryFindObject() returns undefined for no match and throws when a name is ambiguous', () => {
    const objects = synthObjects(buildShop());
    expect(tryFindObject(objects, 'Service', 'nope')).toBeUndefined();
    expect(() => tryFindObject(objects, 'Service', 'web')).toThrow(
      "2 objects match Service 'web': Service other/web, Service shop/web; pass 'namespace/name' to pick one",
    );
  });

  it('expectStackSnapshot() matches the stack against its YAML file', async () => {
    await expectStackSnapshot(buildShop(), 'testdata/shop.yaml');
  });
});
