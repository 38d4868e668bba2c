// The plan-apply benchmark model: N Apps, each with a ConfigMap and a Secret it reads, a
// Deployment (1 replica), a Service, an Ingress and a PodDisruptionBudget, six objects per App,
// plus the Namespace. Built with the public constructs, as a user program would. The same text
// is the generated program the whole-process measurement runs (see renderProgram()).

import { App } from '../../lib/constructs/app.ts';
import { ConfigMap } from '../../lib/constructs/config-map.ts';
import { Secret } from '../../lib/constructs/secret.ts';
import { Stack } from '../../lib/core/stack.ts';

/** The stack and namespace of the model. */
export const STACK_NAME = 'bench';
/** Objects each App contributes. */
export const OBJECTS_PER_APP = 6;
/** Worker nodes of the simulated cluster: room for 1,000+ pods at 110 per node. */
export const BENCH_NODES = 20;

/** The image of App `i`; `changed` Apps (the first ones) get a new tag. */
export function imageOf(i: number, changed: number): string {
  return i < changed ? 'registry.example.com/shop/web:1.5.0' : 'registry.example.com/shop/web:1.4.2';
}

/** Builds the model: `apps` Apps, the first `changed` of them on a new image; `pdb: false` leaves out the budgets (for profiling). */
export function buildModel(apps: number, changed = 0, options: { pdb?: boolean } = {}): Stack {
  const stack = new Stack(STACK_NAME, { namespace: STACK_NAME });
  for (let i = 0; i < apps; i++) {
    const name = `app-${String(i).padStart(4, '0')}`;
    const config = new ConfigMap(stack, `${name}-config`, { data: { LOG_LEVEL: 'info', APP_INDEX: String(i) } });
    const secret = new Secret(stack, `${name}-secret`, { stringData: { token: `token-${i}` } });
    new App(stack, name, {
      image: imageOf(i, changed),
      replicas: 1,
      port: 8080,
      env: { LOG_LEVEL: config.keyRef('LOG_LEVEL'), API_TOKEN: secret.keyRef('token') },
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      ingress: { host: `${name}.bench.example.com` },
      ...(options.pdb === false ? {} : { disruptionBudget: { maxUnavailable: 1 } }),
    });
  }
  return stack;
}

/** The model as a user program (`infra.ts`) for `shipshape apply`, reading `apps`, `changed` and `pdb` from the context. */
export function renderProgram(): string {
  return `import { App, ConfigMap, Secret, Stack } from 'shipshape';
export default (ctx) => {
  const apps = Number(ctx.get('apps', '1000'));
  const changed = Number(ctx.get('changed', '0'));
  const stack = new Stack('${STACK_NAME}', { namespace: '${STACK_NAME}' });
  for (let i = 0; i < apps; i++) {
    const name = 'app-' + String(i).padStart(4, '0');
    const config = new ConfigMap(stack, name + '-config', { data: { LOG_LEVEL: 'info', APP_INDEX: String(i) } });
    const secret = new Secret(stack, name + '-secret', { stringData: { token: 'token-' + i } });
    new App(stack, name, {
      image: i < changed ? 'registry.example.com/shop/web:1.5.0' : 'registry.example.com/shop/web:1.4.2',
      replicas: 1,
      port: 8080,
      env: { LOG_LEVEL: config.keyRef('LOG_LEVEL'), API_TOKEN: secret.keyRef('token') },
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      ingress: { host: name + '.bench.example.com' },
      ...(ctx.get('pdb', 'yes') === 'yes' ? { disruptionBudget: { maxUnavailable: 1 } } : {}),
    });
  }
  return stack;
};
`;
}
