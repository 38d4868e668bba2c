// The error resolve() and lookup() raise when a request would not reach a pod: a bad URL, a name
// nothing answers to, an address only reachable from inside, a port not exposed, no ready
// endpoints, an ExternalName, no matching Ingress rule. The code says which; the message says why.

import { ShipshapeError } from '../../k8s/errors.ts';

/** Why a request would not reach a pod. */
export type NetworkErrorCode =
  | 'InvalidUrl'
  | 'UnknownHost'
  | 'InsideOnly'
  | 'PortNotExposed'
  | 'NoReadyEndpoints'
  | 'ExternalName'
  | 'NoIngressController'
  | 'NoIngressRule'
  | 'NoSuchService';

/** A request the simulated network would not deliver to a pod. */
export class NetworkError extends ShipshapeError {
  readonly code: NetworkErrorCode;
  constructor(code: NetworkErrorCode, message: string, options?: { hint?: string }) {
    super(message, options);
    this.code = code;
  }
}
