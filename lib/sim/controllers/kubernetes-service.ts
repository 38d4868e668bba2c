// The API server's own reconciler of Service `default/kubernetes` (kube-apiserver's
// "bootstrap-controller"): it recreates the Service, its Endpoints and its EndpointSlice when
// they are deleted and resets them when changed. It is not the Endpoints or EndpointSlice
// controller, which leave this selector-less Service alone.

import { ensureKubernetesService, KUBERNETES_SERVICE } from '../bootstrap.ts';
import { done, mapped, type Controller } from './controller.ts';

const KEY = `${KUBERNETES_SERVICE.namespace}/${KUBERNETES_SERVICE.name}`;

function keyIfKubernetes(obj: { metadata: { namespace?: string; name?: string } }): string[] {
  return obj.metadata.namespace === KUBERNETES_SERVICE.namespace && obj.metadata.name === KUBERNETES_SERVICE.name ? [KEY] : [];
}

/** Keeps Service, Endpoints and EndpointSlice `default/kubernetes` as the API server publishes them. */
export const kubernetesServiceController: Controller = {
  name: 'kube-apiserver-kubernetes-service',
  watches: [
    mapped('v1', 'Service', keyIfKubernetes),
    mapped('v1', 'Endpoints', keyIfKubernetes),
    mapped('discovery.k8s.io/v1', 'EndpointSlice', (slice) => (slice.metadata.namespace === KUBERNETES_SERVICE.namespace && slice.metadata.labels?.['kubernetes.io/service-name'] === KUBERNETES_SERVICE.name ? [KEY] : [])),
    // A cluster saved before the Service existed gets it on its first settle.
    mapped('v1', 'Namespace', (ns) => (ns.metadata.name === KUBERNETES_SERVICE.namespace ? [KEY] : [])),
  ],
  reconcile(_key, ctx) {
    ensureKubernetesService(ctx.api);
    return done();
  },
};
