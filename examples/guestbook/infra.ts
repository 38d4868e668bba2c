// The classic Kubernetes guestbook in constructs: a redis leader, two redis followers that
// replicate from it, and three PHP frontends that write to the leader and read from the
// followers. The PHP app (gb-frontend:v5) finds redis by the Service names `redis-leader` and
// `redis-follower` (GET_HOSTS_FROM=dns), so those names are fixed with `name`.
//
// What differs from the upstream YAML (kubernetes/examples web/guestbook), and why:
// - Names and redis images: upstream names the redis objects redis-master and redis-replica,
//   but gb-frontend:v5 looks up redis-leader and redis-follower, so upstream's frontend cannot
//   reach redis. We use the names the image needs, with the redis images of the kubernetes.io
//   tutorial that go with them: redis:6.0.5 as the leader, and gb-redis-follower:v2, which
//   replicates from `redis-leader` (upstream's gb-redisslave:v1 looks for `redis-master`).
// - Our defaults: allowPrivilegeEscalation false, the RuntimeDefault seccomp profile, no service
//   account token, a 256Mi memory limit (upstream sets requests only), and the standard labels
//   as selectors instead of app/role/tier.
// - Probes: upstream has none. Redis gets a TCP readiness probe (it speaks no HTTP); the
//   frontend gets the App default, an HTTP GET of '/' on its port.
// - A namespace of its own, `guestbook`, instead of whatever the current one is.

import { App, Stack } from 'shipshape';

const stack = new Stack('guestbook', { namespace: 'guestbook' });
// Upstream requests 100m and 100Mi per container; the memory limit is our default.
const resources = { requests: { cpu: '100m', memory: '100Mi' } };
const redisPort = { containerPort: 6379, name: 'redis' };

new App(stack, 'leader', {
  name: 'redis-leader',
  image: 'docker.io/redis:6.0.5',
  replicas: 1,
  ports: [redisPort],
  readiness: { tcp: {} },
  resources,
});

new App(stack, 'follower', {
  name: 'redis-follower',
  image: 'gcr.io/google_samples/gb-redis-follower:v2',
  replicas: 2,
  ports: [redisPort],
  readiness: { tcp: {} },
  env: { GET_HOSTS_FROM: 'dns' },
  resources,
});

new App(stack, 'frontend', {
  name: 'frontend',
  image: 'gcr.io/google-samples/gb-frontend:v5',
  replicas: 3,
  port: 80,
  env: { GET_HOSTS_FROM: 'dns' },
  resources,
  // Upstream's frontend Service is a NodePort, to reach it from outside without an Ingress.
  service: { type: 'NodePort' },
});

export default stack;
