// The simulated cloud's load-balancer address pool: a knob, off by default (a fresh cluster has no
// cloud controller, so LoadBalancer Services stay `<pending>`). When enabled, the service
// load-balancer controller hands out addresses from it. Stored in SimulationKnobs, saved with the cluster.

import type { SimulationKnobs } from '../controllers/controller.ts';
import { formatIpv4Range, parseIpv4Range, type Ipv4Range } from './ip.ts';

/** The pool a kind/MetalLB setup typically uses. */
export const DEFAULT_LB_POOL = '172.18.255.200-172.18.255.250';

const KNOB = 'loadBalancerPool';

/** The pool as saved in the knobs. */
interface PoolKnob {
  range: string;
}

/**
 * Turns on simulated load balancers, with addresses from `range` (a CIDR or `first-last`).
 * @throws RangeError for a malformed range.
 * @example enableLoadBalancers(cluster.knobs, '172.18.255.200-172.18.255.250')
 */
export function enableLoadBalancers(knobs: SimulationKnobs, range: string = DEFAULT_LB_POOL): Ipv4Range {
  const parsed = parseIpv4Range(range);
  knobs.values.set(KNOB, { range: formatIpv4Range(parsed) } satisfies PoolKnob);
  return parsed;
}

/** Turns simulated load balancers off again (addresses already given out stay until released). */
export function disableLoadBalancers(knobs: SimulationKnobs): void {
  knobs.values.delete(KNOB);
}

/** The pool in force, or undefined when load balancers are off. */
export function loadBalancerPoolOf(knobs: SimulationKnobs): Ipv4Range | undefined {
  const knob = knobs.values.get(KNOB) as PoolKnob | undefined;
  if (!knob || typeof knob.range !== 'string') return undefined;
  try {
    return parseIpv4Range(knob.range);
  } catch {
    return undefined;
  }
}
