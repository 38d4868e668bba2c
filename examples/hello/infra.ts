// The smallest useful shipshape program: nginx as an App. It synthesizes a Namespace, a
// Deployment (with secure defaults, resources and a readiness probe) and a ClusterIP Service.
//   npx shipshape synth examples/hello/infra.ts -o -

import { App, Stack } from 'shipshape';

const stack = new Stack('hello', { namespace: 'hello' });
new App(stack, 'web', { image: 'nginx:1.27', port: 80 });

export default stack;
