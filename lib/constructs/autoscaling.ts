// Autoscaling of an App: the props, their checks, and the autoscaling/v2 HorizontalPodAutoscaler
// spec that scales its Deployment. When autoscaling is on, the Deployment leaves out
// `spec.replicas` so that applying the stack never fights the autoscaler.

import { strictObject, zInteger, type PropProblems } from './schema-rules.ts';

/** How an App scales with load. */
export interface AutoscalingOptions {
  /** @default 1 */
  readonly minReplicas?: number;
  /** The most replicas the autoscaler may run. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 80 (also when `memoryUtilization` is set: both targets apply)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * @default undefined: memory does not drive scaling
   */
  readonly memoryUtilization?: number;
}

/** The default CPU utilization target, in percent. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** The zod schema of AutoscalingOptions. */
export const autoscalingSchema = strictObject({
  minReplicas: zInteger({ min: 1 }).optional(),
  maxReplicas: zInteger({ min: 1 }),
  cpuUtilization: zInteger({ min: 1, max: 1000 }).optional(),
  memoryUtilization: zInteger({ min: 1, max: 1000 }).optional(),
});

/** Records a minimum above the maximum. */
export function checkAutoscaling(options: AutoscalingOptions | undefined, problems: PropProblems): void {
  if (!options) return;
  const min = options.minReplicas ?? 1;
  if (min > options.maxReplicas) {
    problems.addValue('autoscaling.minReplicas', min, `must be less than or equal to 'autoscaling.maxReplicas' (${options.maxReplicas})`);
  }
}

/** Renders the HorizontalPodAutoscaler spec for the Deployment named `deploymentName`. */
export function renderAutoscalerSpec(options: AutoscalingOptions, deploymentName: string): Record<string, unknown> {
  const target = (name: string, utilization: number): Record<string, unknown> => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization: utilization } },
  });
  const metrics = [target('cpu', options.cpuUtilization ?? DEFAULT_CPU_UTILIZATION)];
  if (options.memoryUtilization !== undefined) metrics.push(target('memory', options.memoryUtilization));
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName },
    minReplicas: options.minReplicas ?? 1,
    maxReplicas: options.maxReplicas,
    metrics,
  };
}
