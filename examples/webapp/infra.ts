// A typical web shop: a stateless App behind an Ingress with TLS, autoscaled, with a disruption
// budget, a postgres Database whose password the apply engine generates, configuration in a
// hashed ConfigMap and an API key in a Secret. Settings come from the synth context:
//   npx shipshape synth examples/webapp/infra.ts -o - -c image=ghcr.io/example/shop:1.5.0 -c host=shop.test
// Real secret values (paymentsApiKey, tlsCert, tlsKey) come from an env file kept out of the repository:
//   npx shipshape synth examples/webapp/infra.ts --env-file prod.env

import { App, ConfigMap, Database, Secret, Stack, type SynthContext } from 'shipshape';

// Placeholders so the example synthesizes without any input. They are PEM-shaped only because
// Secret.tls() checks for a '-----BEGIN …-----' block; they are not a certificate or a key (and
// not labelled PRIVATE KEY, which secret scanners flag). Pass real ones as `tlsCert` and `tlsKey`
// in --env-file (or let cert-manager own the Secret).
const FAKE_TLS_CERT = '-----BEGIN FAKE CERTIFICATE-----\nfake-certificate-pass-real-one-with-env-file\n-----END FAKE CERTIFICATE-----\n';
const FAKE_TLS_KEY = '-----BEGIN FAKE KEY-----\nfake-key-pass-real-one-with-env-file\n-----END FAKE KEY-----\n';

export default function shop(ctx: SynthContext): Stack {
  const image = ctx.get('image', 'ghcr.io/example/shop:1.4.2');
  const host = ctx.get('host', 'shop.example.com');
  const stack = new Stack('shop', { namespace: 'shop' });

  // A StatefulSet with a 20Gi volume, two Services and a credentials Secret. The password is
  // not in the synthesized YAML: apply generates it once (the generate-keys annotation).
  const db = new Database(stack, 'db', { engine: 'postgres', storage: { size: '20Gi' } });

  // hashSuffix names the ConfigMap after its content, so changing a value rolls the pods.
  const config = new ConfigMap(stack, 'config', {
    data: { LOG_LEVEL: ctx.get('logLevel', 'info'), CURRENCY: 'EUR' },
    hashSuffix: true,
  });

  const payments = new Secret(stack, 'payments', {
    stringData: { 'api-key': ctx.get('paymentsApiKey', 'not-a-real-key') },
  });
  const tls = Secret.tls(stack, 'web-tls', {
    cert: ctx.get('tlsCert', FAKE_TLS_CERT),
    key: ctx.get('tlsKey', FAKE_TLS_KEY),
  });

  new App(stack, 'web', {
    image,
    port: 8080,
    readiness: '/healthz',
    env: {
      LOG_LEVEL: config.keyRef('LOG_LEVEL'),
      CURRENCY: config.keyRef('CURRENCY'),
      PAYMENTS_API_KEY: payments.keyRef('api-key'),
    },
    // DB_HOST, DB_PORT, DB_USER, DB_PASSWORD (a secretKeyRef), DB_NAME and DB_URL.
    envGroups: { DB_: db.connection },
    ingress: { host, tlsSecret: tls },
    autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
    disruptionBudget: { minAvailable: 1 },
  });

  return stack;
}
