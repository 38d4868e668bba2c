import { describe, expect, it } from 'vitest';
import { Stack } from '../core/stack.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest, V1Container } from '../k8s/types.ts';
import { synth, synthesizeStack, synthYaml } from '../core/synth.ts';
import { App } from './app.ts';
import { ConfigMap } from './config-map.ts';
import { Database, type DatabaseProps } from './database.ts';
import { GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION } from './secret.ts';

function build(props: DatabaseProps, id = 'orders', namespace: string | null = 'shop'): { stack: Stack; db: Database; objects: Manifest[] } {
  const stack = new Stack('shop', namespace === null ? {} : { namespace });
  const db = new Database(stack, id, props);
  return { stack, db, objects: synth(stack) };
}

function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

function containerOf(objects: Manifest[], name = 'orders'): V1Container {
  const sts = find(objects, 'StatefulSet', name) as unknown as { spec: { template: { spec: { containers: V1Container[] } } } };
  return sts.spec.template.spec.containers[0]!;
}

const SELECTOR = { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'shop-orders' };

describe('Database', () => {
  it('Database (postgres) synthesizes a StatefulSet with one replica, a 10Gi claim per replica and the engine defaults', () => {
    const { objects } = build({ engine: 'postgres' });
    const sts = find(objects, 'StatefulSet', 'orders');
    expect(validateManifest(sts)).toEqual([]);
    expect(sts.metadata.namespace).toBe('shop');
    const spec = sts.spec as Record<string, unknown>;
    expect(spec.serviceName).toBe('orders-headless');
    expect(spec.replicas).toBe(1);
    expect(spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
    ]);
    const container = containerOf(objects);
    expect(container.name).toBe('postgres');
    expect(container.image).toBe('postgres:16');
    expect(container.ports).toEqual([{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }]);
    expect(container.env).toEqual([
      { name: 'POSTGRES_USER', value: 'app' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'password' } } },
      { name: 'POSTGRES_DB', value: 'orders' },
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
    ]);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data' }]);
    expect(container.readinessProbe?.exec?.command).toEqual(['pg_isready', '-U', 'app', '-d', 'orders', '-h', '127.0.0.1', '-p', '5432']);
    expect(container.livenessProbe?.tcpSocket).toEqual({ port: 'postgres' });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } });
    expect(container.args).toBeUndefined();
  });

  it('Database pod template carries the selector labels, the managed-by and part-of labels and the stack labels; the selector only its own two', () => {
    const stack = new Stack('shop', { labels: { team: 'core' } });
    new Database(stack, 'orders', { engine: 'postgres' });
    const sts = find(synth(stack), 'StatefulSet', 'orders') as unknown as {
      spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    };
    expect(sts.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'shipshape',
      'app.kubernetes.io/part-of': 'shop',
      team: 'core',
      ...SELECTOR,
    });
    expect(sts.spec.selector.matchLabels).toEqual(SELECTOR);
  });

  it('Database synthesizes a headless Service for pod DNS and a ClusterIP Service for clients', () => {
    const { objects, db } = build({ engine: 'postgres' });
    const ports = [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }];
    expect(find(objects, 'Service', 'orders-headless').spec).toEqual({ clusterIP: 'None', publishNotReadyAddresses: true, selector: SELECTOR, ports });
    expect(find(objects, 'Service', 'orders').spec).toEqual({ type: 'ClusterIP', selector: SELECTOR, ports });
    expect(db.podHost(0)).toBe('orders-0.orders-headless.shop.svc');
    expect(() => db.podHost(1)).toThrow('Database shop/orders: podHost(): ordinal (1) must be between 0 and 0, inclusive');
    for (const o of objects) expect(validateManifest(o)).toEqual([]);
  });

  it('Database keeps credentials in a Secret whose password the apply engine generates: no password in the output', () => {
    const { objects, stack } = build({ engine: 'postgres' });
    const secret = find(objects, 'Secret', 'orders-credentials');
    expect(secret.metadata.annotations).toEqual({ [GENERATE_KEYS_ANNOTATION]: 'password', [GENERATE_LENGTH_ANNOTATION]: '32' });
    expect(secret.metadata.labels).toMatchObject(SELECTOR);
    expect(secret.stringData).toEqual({ database: 'orders', username: 'app' });
    expect(secret.data).toBeUndefined();
    expect(synthYaml(stack)).not.toMatch(/^\s+password:/m);
  });

  it('Database (mysql) uses the mysql preset and generates a separate root password', () => {
    const { objects } = build({ engine: 'mysql' });
    const container = containerOf(objects);
    expect(container.image).toBe('mysql:8.4');
    expect(container.env).toEqual([
      { name: 'MYSQL_USER', value: 'app' },
      { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'password' } } },
      { name: 'MYSQL_DATABASE', value: 'orders' },
      { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'root-password' } } },
    ]);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' }]);
    expect(container.readinessProbe?.exec?.command).toEqual(['mysqladmin', 'ping', '--silent', '-h', '127.0.0.1', '-P', '3306']);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    expect(find(objects, 'Secret', 'orders-credentials').metadata.annotations?.[GENERATE_KEYS_ANNOTATION]).toBe('password,root-password');
  });

  it('Database (redis) passes the password through args and has no database name', () => {
    const { objects, db } = build({ engine: 'redis' }, 'cache');
    const container = containerOf(objects, 'cache');
    expect(container.image).toBe('redis:7.4');
    expect(container.args).toEqual(['redis-server', '--port', '6379', '--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data']);
    expect(container.env).toEqual([
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'cache-credentials', key: 'password' } } },
      { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: 'cache-credentials', key: 'password' } } },
    ]);
    expect(container.readinessProbe?.exec?.command).toEqual(['sh', '-c', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG']);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(find(objects, 'Secret', 'cache-credentials').stringData).toEqual({ username: 'default' });
    expect(db.connection.databaseName).toBeUndefined();
    expect(db.connection.renderEnvGroup('CACHE_').map((e) => e.name)).toEqual(['CACHE_HOST', 'CACHE_PORT', 'CACHE_USER', 'CACHE_PASSWORD', 'CACHE_URL']);
    expect(db.connection.renderUrl('CACHE_')).toBe('redis://default:$(CACHE_PASSWORD)@cache.shop.svc:6379');
  });

  it('Database (generic) runs the given image with a TCP readiness check and no URL', () => {
    const { objects, db } = build({ engine: 'generic', image: 'example/kv:2.1', port: 7000, dataPath: '/var/lib/kv' }, 'kv');
    const container = containerOf(objects, 'kv');
    expect(container).toMatchObject({
      name: 'database',
      image: 'example/kv:2.1',
      ports: [{ name: 'db', containerPort: 7000, protocol: 'TCP' }],
      env: [],
      readinessProbe: { tcpSocket: { port: 'db' } },
      volumeMounts: [{ name: 'data', mountPath: '/var/lib/kv' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    });
    expect(db.connection.renderEnvGroup('KV_').map((e) => e.name)).toEqual(['KV_HOST', 'KV_PORT', 'KV_USER', 'KV_PASSWORD', 'KV_NAME']);
  });

  it('Database takes replicas, storage, version, image, names, resources and extra env', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    const config = new ConfigMap(stack, 'pg-config', { data: { mode: 'fast' } });
    const db = new Database(stack, 'orders', {
      engine: 'postgres',
      version: '17.2',
      replicas: 3,
      storage: { size: '50Gi', storageClassName: 'fast-ssd' },
      databaseName: 'shop_orders',
      username: 'shop',
      resources: { requests: { memory: '2Gi' } },
      env: { TZ: 'UTC' },
    });
    db.addEnv('MODE', config.keyRef('mode'));
    const objects = synth(stack);
    const sts = find(objects, 'StatefulSet', 'orders') as unknown as { spec: { replicas: number; volumeClaimTemplates: unknown } };
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } } },
    ]);
    const container = containerOf(objects);
    expect(container.image).toBe('postgres:17.2');
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(container.env?.slice(-2)).toEqual([
      { name: 'TZ', value: 'UTC' },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'pg-config', key: 'mode' } } },
    ]);
    expect(db.node.dependencies).toEqual([config]);
    expect(find(objects, 'Secret', 'orders-credentials').stringData).toEqual({ database: 'shop_orders', username: 'shop' });
    expect(new Database(stack, 'other', { engine: 'mysql', image: 'mirror.example.com/mysql:8.4.3' }).image).toBe('mirror.example.com/mysql:8.4.3');
  });

  it('Database with passwordSecret creates no Secret and renders no URL', () => {
    const { objects, db } = build({ engine: 'postgres', passwordSecret: { name: 'pg-admin', key: 'pw' } });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(db.credentials).toBeUndefined();
    expect(containerOf(objects).env?.[1]).toEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'pg-admin', key: 'pw' } } });
    expect(db.connection.renderEnvGroup('DB_').map((e) => e.name)).toEqual(['DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME']);
    expect(build({ engine: 'mysql', passwordSecret: { name: 'my', key: 'pw' } }).objects.length).toBe(4);
  });

  it('Database.connection renders host, port, user, password reference, name and a URL that expands the password', () => {
    const { db } = build({ engine: 'postgres' });
    expect(db.connection.host).toBe('orders.shop.svc');
    expect(db.connection.port).toBe(5432);
    expect(db.connection.username).toBe('app');
    expect(db.connection.dependencies).toEqual([db]);
    expect(db.connection.password.dependencies).toEqual([db]);
    expect(db.connection.renderEnvGroup('DB_')).toEqual([
      { name: 'DB_HOST', value: 'orders.shop.svc' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'DB_USER', value: 'app' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-credentials', key: 'password' } } },
      { name: 'DB_NAME', value: 'orders' },
      { name: 'DB_URL', value: 'postgres://app:$(DB_PASSWORD)@orders.shop.svc:5432/orders' },
    ]);
  });

  it("Database.connection in an App renders the variables and orders the App's Deployment, not its Service, after every Database object", () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    const db = new Database(stack, 'orders', { engine: 'postgres' });
    new App(stack, 'api', { image: 'api:1.0', port: 8080, envGroups: { DB_: db.connection } });
    const synthesized = synthesizeStack(stack);
    const deployment = synthesized.objects.find((o) => o.object.kind === 'Deployment')!;
    const env = (deployment.object as unknown as { spec: { template: { spec: { containers: V1Container[] } } } }).spec.template.spec.containers[0]!.env;
    expect(env?.map((e) => e.name)).toEqual(['DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME', 'DB_URL']);
    expect(deployment.dependsOn).toEqual(expect.arrayContaining(['/Secret/shop/orders-credentials', '/Service/shop/orders', 'apps/StatefulSet/shop/orders']));
    const apiService = synthesized.objects.find((o) => o.object.kind === 'Service' && o.object.metadata.name === 'api')!;
    expect(apiService.dependsOn).toEqual(['/Namespace//shop']);
    const order = synthesized.objects.map((o) => o.object.kind);
    expect(order.indexOf('StatefulSet')).toBeLessThan(order.indexOf('Deployment'));
  });

  it('Database.connection uses the short Service name when the stack has no namespace', () => {
    const { db } = build({ engine: 'postgres' }, 'orders', null);
    expect(db.connection.host).toBe('orders');
    expect(db.podHost(0)).toBe('orders-0.orders-headless');
  });

  it('Database derives the database name from a path-derived name', () => {
    const stack = new Stack('shop');
    const db = new Database(stack, 'order-store', { engine: 'postgres' });
    expect(db.connection.databaseName).toBe('order_store');
  });

  it('Database rejects fewer than one replica and a storage size that is not a quantity', () => {
    expect(() => build({ engine: 'postgres', replicas: 0 })).toThrow("Database shop/orders: 'replicas' (0) must be at least 1");
    expect(() => build({ engine: 'postgres', storage: { size: 'ten' } })).toThrow(
      "Database shop/orders: 'storage.size' (\"ten\") must be a positive quantity such as '10Gi'",
    );
    expect(() => build({ engine: 'oracle' as never })).toThrow("Database shop/orders: 'engine' (\"oracle\") must be one of 'postgres', 'mysql', 'redis', 'generic'");
  });

  it('Database (generic) requires image, port and dataPath and takes no version', () => {
    expect(() => build({ engine: 'generic', image: 'x:1' })).toThrow(
      "Database shop/orders: engine 'generic' requires 'image', 'port' and 'dataPath'; missing: 'port', 'dataPath'",
    );
    expect(() => build({ engine: 'generic', image: 'x:1', port: 1, dataPath: '/d', version: '2' })).toThrow(
      "Database shop/orders: 'version' (\"2\") cannot be used with engine 'generic': put the tag in 'image'",
    );
  });

  it('Database rejects props that contradict the engine, showing both values', () => {
    expect(() => build({ engine: 'postgres', image: 'postgres:15', version: '16' })).toThrow(
      "Database shop/orders: 'image' (\"postgres:15\") and 'version' (\"16\") cannot both be set: put the tag in 'image'",
    );
    expect(() => build({ engine: 'postgres', port: 5433 })).toThrow(
      "Database shop/orders: 'port' (5433) can only be set with engine 'generic'; engine 'postgres' listens on its standard port",
    );
    expect(() => build({ engine: 'redis', databaseName: 'x' })).toThrow(
      "Database shop/orders: 'databaseName' (\"x\") cannot be used with engine 'redis': it has numbered databases, not named ones",
    );
    expect(() => build({ engine: 'redis', username: 'app' })).toThrow(
      "Database shop/orders: 'username' (\"app\") cannot be used with engine 'redis': clients authenticate as the 'default' user",
    );
    expect(() => build({ engine: 'mysql', username: 'root' })).toThrow(
      "Database shop/orders: 'username' (\"root\") cannot be used with engine 'mysql': the image creates that user itself",
    );
  });

  it('Database rejects bad names, identifiers, references, resources and env', () => {
    expect(() => build({ engine: 'postgres', name: '1orders' })).toThrow(
      "Database shop/orders: 'name' (\"1orders\") a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character",
    );
    expect(() => build({ engine: 'postgres', name: 'a'.repeat(53) })).toThrow(
      'must be no more than 52 characters: pod names and their controller-revision-hash label need the rest of 63',
    );
    expect(() => build({ engine: 'postgres' }, '9lives')).toThrow(
      "Database shop/9lives: the name derived from the construct path (\"9lives\") a DNS-1035 label must consist",
    );
    expect(() => build({ engine: 'postgres', username: 'my-user' })).toThrow(
      "Database shop/orders: 'username' (\"my-user\") must start with a letter or '_' and hold only letters, digits and '_' (at most 32 characters)",
    );
    expect(() => build({ engine: 'postgres', databaseName: 'shop.orders' })).toThrow(
      "Database shop/orders: 'databaseName' (\"shop.orders\") must start with a letter or '_' and hold only letters, digits and '_' (at most 63 characters)",
    );
    expect(() => build({ engine: 'postgres', passwordSecret: { name: 'pg', key: 'bad key' } })).toThrow(
      "Database shop/orders: 'passwordSecret.key' (\"bad key\") a valid config key must consist of alphanumeric characters",
    );
    expect(() => build({ engine: 'postgres', storage: { storageClassName: 'Fast' } })).toThrow(
      "Database shop/orders: 'storage.storageClassName' (\"Fast\") a lowercase RFC 1123 subdomain",
    );
    expect(() => build({ engine: 'postgres', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })).toThrow(
      "Database shop/orders: 'resources.requests.cpu' (\"2\") must be less than or equal to 'resources.limits.cpu' (\"1\")",
    );
    expect(() => build({ engine: 'postgres', env: { POSTGRES_USER: 'x' } })).toThrow(
      "Database shop/orders: env 'POSTGRES_USER' is set by engine 'postgres'; use 'username', 'databaseName' or 'passwordSecret' instead",
    );
  });

  it('Database reports every problem at once', () => {
    expect(() => build({ engine: 'redis', port: 1, databaseName: 'x' })).toThrow(
      "2 validation errors:\n  - Database shop/orders: 'port' (1) can only be set with engine 'generic'; engine 'redis' listens on its standard port\n  - Database shop/orders: 'databaseName' (\"x\") cannot be used with engine 'redis': it has numbered databases, not named ones",
    );
  });

  it('Database synthesizes the same YAML twice', () => {
    const yaml = (): string => synthYaml(build({ engine: 'mysql', replicas: 2 }).stack);
    expect(yaml()).toBe(yaml());
  });
});
