import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ValidationError } from '../k8s/errors.ts';
import { parseYamlDocuments } from '../k8s/yaml.ts';
import { Construct } from './construct.ts';
import { Resource } from './resource.ts';
import { Stack } from './stack.ts';
import { synth, synthesizeStack, synthYaml } from './synth.ts';

function deploymentProps(replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
}

function configMap(scope: Construct, id: string, data: Record<string, string> = { a: '1' }, name?: string): Resource {
  return new Resource(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', ...(name ? { metadata: { name } } : {}), data });
}

describe('synth()', () => {
  it('synth() names objects after the construct path and puts them in the stack namespace', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    const team = new Construct(stack, 'team');
    configMap(team, 'settings');
    const [ns, cm] = synth(stack);
    expect(ns).toMatchObject({ kind: 'Namespace', metadata: { name: 'shop' } });
    expect(cm!.metadata).toMatchObject({ name: 'team-settings', namespace: 'shop' });
  });

  it('synth() applies the standard and stack labels without overriding explicit ones', () => {
    const stack = new Stack('shop', { labels: { team: 'payments' } });
    new Resource(stack, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { team: 'mine' } } });
    const [cm] = synth(stack);
    expect(cm!.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'shipshape',
      'app.kubernetes.io/part-of': 'shop',
      team: 'mine',
    });
  });

  it('synth() leaves cluster-scoped objects without a namespace', () => {
    const stack = new Stack('infra', { namespace: 'infra' });
    new Resource(stack, 'reader', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rules: [] });
    const role = synth(stack).find((o) => o.kind === 'ClusterRole')!;
    expect(role.metadata.namespace).toBeUndefined();
  });

  it('synth() adds no Namespace object for the default namespace or when told not to', () => {
    const a = new Stack('a', { namespace: 'default' });
    configMap(a, 'x');
    expect(synth(a).map((o) => o.kind)).toEqual(['ConfigMap']);
    const b = new Stack('b', { namespace: 'b', createNamespace: false });
    configMap(b, 'x');
    expect(synth(b).map((o) => o.kind)).toEqual(['ConfigMap']);
  });

  it('synth() orders objects by apply wave: namespaces, config, services, workloads, ingress', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    new Resource(stack, 'ing', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', spec: { defaultBackend: { service: { name: 'svc', port: { number: 80 } } } } });
    new Resource(stack, 'web', deploymentProps());
    new Resource(stack, 'svc', { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } });
    configMap(stack, 'cfg');
    new Resource(stack, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount' });
    expect(synth(stack).map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount', 'ConfigMap', 'Service', 'Deployment', 'Ingress']);
  });

  it('synth() puts an object after the constructs it depends on', () => {
    const stack = new Stack('shop');
    const late = configMap(stack, 'a-first-by-name');
    const early = new Resource(stack, 'z-dep', { apiVersion: 'v1', kind: 'ConfigMap' });
    late.dependsOn(early);
    const result = synthesizeStack(stack);
    expect(result.objects.map((o) => o.object.metadata.name)).toEqual(['z-dep', 'a-first-by-name']);
    expect(result.objects[1]!.dependsOn).toEqual(['/ConfigMap//z-dep']);
  });

  it('synth() makes custom resources depend on their CRD in the same stack', () => {
    const stack = new Stack('ops');
    new Resource(stack, 'foo', { apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'example-foo' } });
    new Resource(stack, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'foos.samplecontroller.k8s.io' },
      spec: { group: 'samplecontroller.k8s.io', names: { kind: 'Foo', plural: 'foos' }, scope: 'Namespaced', versions: [] },
    });
    const result = synthesizeStack(stack);
    expect(result.objects.map((o) => o.object.kind)).toEqual(['CustomResourceDefinition', 'Foo']);
    expect(result.objects[1]!.dependsOn).toEqual(['apiextensions.k8s.io/CustomResourceDefinition//foos.samplecontroller.k8s.io']);
  });

  it('synth() reports a dependency cycle with the construct paths', () => {
    const stack = new Stack('shop');
    const a = configMap(stack, 'a');
    const b = configMap(stack, 'b');
    a.dependsOn(b);
    b.dependsOn(a);
    expect(() => synth(stack)).toThrow('ConfigMap a: dependency cycle: shop/a → shop/b → shop/a');
  });

  it('synth() rejects two constructs producing the same object, naming both paths', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    configMap(stack, 'one', {}, 'settings');
    configMap(new Construct(stack, 'team'), 'two', {}, 'settings');
    expect(() => synth(stack)).toThrow(
      "ConfigMap shop/settings: defined twice, by 'shop/one' and by 'shop/team/two'; give one of them another name",
    );
  });

  it('synth() reports every invalid name and label in one error', () => {
    const stack = new Stack('shop');
    new Resource(stack, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', labels: { 'a b': 'x' } } });
    new Resource(stack, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc' } });
    let error: ValidationError | undefined;
    try {
      synth(stack);
    } catch (err) {
      error = err as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.issues.map((i) => `${i.object}: ${i.path}`)).toEqual([
      'ConfigMap Bad_Name: metadata.name',
      'ConfigMap Bad_Name: metadata.labels[a b]',
      'Service 1svc: metadata.name',
    ]);
    expect(error!.message).toContain(
      `Service 1svc: metadata.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character`,
    );
  });

  it('synth() reports what the API server would reject in a built-in kind, with the field path', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    const props = deploymentProps(-1);
    new Resource(stack, 'web', props);
    expect(() => synth(stack)).toThrow('Deployment shop/web: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('synth() drops a namespace given on a cluster-scoped object, as the API server ignores it', () => {
    const stack = new Stack('infra');
    new Resource(stack, 'ns', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x', namespace: 'y' } });
    expect(synth(stack)[0]!.metadata).not.toHaveProperty('namespace');
  });

  it('synthYaml() gives identical bytes across runs and round-trips to the same objects', () => {
    const build = (): Stack => {
      const stack = new Stack('shop', { namespace: 'shop', annotations: { owner: 'team-a' } });
      configMap(stack, 'cfg', { z: '1', a: 'multi\nline' });
      new Resource(stack, 'web', deploymentProps(2));
      return stack;
    };
    const first = synthYaml(build());
    expect(synthYaml(build())).toBe(first);
    expect(parseYamlDocuments(first)).toEqual(JSON.parse(JSON.stringify(synth(build()))));
    expect(first.split('\n')[0]).toBe('apiVersion: v1');
    expect(parse(first.split('---\n')[1]!)).toMatchObject({ kind: 'ConfigMap', data: { a: 'multi\nline' } });
  });

  it('Resource renders lazily, so changes after construction are synthesized', () => {
    const stack = new Stack('shop');
    const env: string[] = [];
    new Resource(stack, 'cfg', { apiVersion: 'v1', kind: 'ConfigMap' }).renderWith(() => ({ data: { keys: env.join(',') } }));
    env.push('A', 'B');
    expect(synth(stack)[0]!.data).toEqual({ keys: 'A,B' });
  });
});

describe('construct tree', () => {
  it('Construct rejects duplicate sibling ids and invalid ids', () => {
    const stack = new Stack('shop');
    new Construct(stack, 'web');
    expect(() => new Construct(stack, 'web')).toThrow("shop: there is already a construct with id 'web' here; ids must be unique among siblings");
    expect(() => new Construct(stack, 'a/b')).toThrow(`shop: construct id "a/b" is not valid`);
  });

  it('Stack rejects a name or namespace that is not a DNS label', () => {
    expect(() => new Stack('Shop')).toThrow('Stack "Shop": name: a lowercase RFC 1123 label must consist of');
    expect(() => new Stack('shop', { namespace: 'a.b' })).toThrow(`Stack shop: 'namespace' ("a.b"): a lowercase RFC 1123 label`);
  });

  it('Node.findChild() throws and tryFindChild() returns undefined for a missing child', () => {
    const stack = new Stack('shop');
    expect(stack.node.tryFindChild('x')).toBeUndefined();
    expect(() => stack.node.findChild('x')).toThrow("shop: has no child 'x'");
  });

  it('Stack.of() finds the stack of a nested construct', () => {
    const stack = new Stack('shop');
    const inner = new Construct(new Construct(stack, 'a'), 'b');
    expect(Stack.of(inner)).toBe(stack);
    expect(inner.node.path).toBe('shop/a/b');
  });
});
