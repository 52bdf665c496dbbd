// The capacity plan of one deployment option (a model on a GPU type at a TP degree) over a week: what
// `llmplan plan` computes and `llmplan tco` prices. Base units: requests/second, GPU-hours, tokens.

export type BindingConstraint = 'memory' | 'ttft' | 'tpot' | 'e2e' | 'throughput' | 'deadline' | 'availability';

export interface HourPlan {
  /** 0 = Monday 00:00-01:00 in the scenario's timezone, 167 = Sunday 23:00-24:00. */
  hourOfWeek: number;
  arrivalRequestsPerSecond: number;
  /** Replicas the load needs so the p95 targets hold. */
  replicasForLoad: number;
  /** Plus redundancy for the availability target and headroom for scale-up lag. */
  replicas: number;
  gpus: number;
  /** Arrival rate / (replicasForLoad × per-replica capacity). */
  utilisation: number;
}

export interface CapacityPlan {
  modelId: string;
  gpuId: string;
  engine: string;
  tensorParallel: number;
  weightFormat: string;
  kvDtype: string;
  gpusPerReplica: number;
  /** Highest request rate one replica serves with the p95 targets met. */
  replicaCapacityRequestsPerSecond: number;
  /** Output tokens/s of one replica at that rate. */
  replicaOutputTokensPerSecond: number;
  hourly: HourPlan[];
  peakReplicas: number;
  minReplicas: number;
  /** Extra replicas kept for the availability target (N + k), included in every hour's `replicas`. */
  redundancyReplicas: number;
  /** GPUs running in every hour of the week: the committed/reserved base. */
  baseGpus: number;
  gpuHoursPerMonth: number;
  baseGpuHoursPerMonth: number;
  variableGpuHoursPerMonth: number;
  requestsPerMonth: number;
  inputTokensPerMonth: number;
  outputTokensPerMonth: number;
  /** One-time work outside the weekly curve (an embedding corpus pass): GPU-hours, and what it is. */
  oneTimeGpuHours: number;
  oneTimeNote: string | null;
  /** Which target sets the replica count at the peak. */
  binding: BindingConstraint;
  feasible: boolean;
  /** Why the option cannot serve the scenario (does not fit, misses the TTFT target at any load...). */
  infeasibleReason: string | null;
}
