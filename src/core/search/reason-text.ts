// Prose for rejections (one formatter, as core/finding-text.ts is for findings): tests match codes, not this text.
import type { Rejection } from './types.ts';
import { groupedInteger } from '../units.ts';

const usd = (v: unknown) => (typeof v === 'number' ? `$${groupedInteger(v)}` : 'n/a');
const sec = (v: unknown) => (typeof v === 'number' ? (v < 1 ? `${(v * 1000).toFixed(0)} ms` : `${v.toFixed(2)} s`) : 'n/a');

export function formatRejection(r: Rejection): string {
  const a = r.args;
  switch (r.code) {
    case 'DOES_NOT_FIT':
      if (a.reason) return String(a.reason);
      return `does not fit up to ${a.maxTensorParallel} GPUs with ${a.contextTokens} tokens of context${a.fitsWith ? `; it fits on ${a.fitsAtTensorParallel} GPUs with ${a.fitsWith}` : ''}`;
    case 'FORMAT_NOT_SUPPORTED':
      return `${a.weights} weights / ${a.kvDtype} KV do not run on ${a.gpu} (${a.architecture})`;
    case 'ENGINE_NOT_SUPPORTED':
      return `${a.engine} does not run on ${a.vendor} GPUs`;
    case 'NO_SPEED_DATA':
      return `no speed prediction: ${a.reason}`;
    case 'TTFT_P95_MISSED':
      return `TTFT p95 ${sec(a.predictedSeconds)} at light load > target ${sec(a.targetSeconds)} (TP ${a.tensorParallel})`;
    case 'TPOT_P95_MISSED':
      return `TPOT p95 ${sec(a.predictedSeconds)} at light load > target ${sec(a.targetSeconds)} (TP ${a.tensorParallel})`;
    case 'E2E_P95_MISSED':
      return `end-to-end p95 ${sec(a.predictedSeconds)} at light load > target ${sec(a.targetSeconds)} (TP ${a.tensorParallel})`;
    case 'DEADLINE_MISSED':
      return `cannot meet the batch deadline: ${a.reason}`;
    case 'AVAILABILITY_MISSED':
      return String(a.reason);
    case 'REGION_NOT_ALLOWED':
      return String(a.reason);
    case 'DATA_RESIDENCY_UNKNOWN':
      return String(a.reason);
    case 'ON_PREM_ONLY':
      return 'constraints.onPremOnly: data must stay on-premise';
    case 'GPU_NOT_ALLOWED':
      return a.reason ? String(a.reason) : `not in constraints.allowedGpus (${a.allowedGpus})`;
    case 'INSTANCE_TOO_SMALL':
      return String(a.reason);
    case 'NO_PRICE':
      return `no price: ${a.reason}`;
    case 'OVER_MONTHLY_BUDGET':
      return 'lowerBoundMonthlyUsd' in a
        ? `at least ${usd(a.lowerBoundMonthlyUsd)}/month on any cloud offer${a.lowerBoundCapitalUsd !== null && a.lowerBoundCapitalUsd !== undefined ? ` and ${usd(a.lowerBoundCapitalUsd)} to buy` : ''}: over the budget`
        : `${usd(a.monthlyUsd)}/month > budget ${usd(a.budgetMonthlyUsd)}/month`;
    case 'OVER_CAPITAL_BUDGET':
      return 'lowerBoundCapitalUsd' in a ? `at least ${usd(a.lowerBoundCapitalUsd)} to buy > capital budget ${usd(a.budgetCapitalUsd)}` : `${usd(a.capitalUsd)} capital > budget ${usd(a.budgetCapitalUsd)}`;
    case 'COST_BOUND':
      return `cannot cost less than ${usd(a.lowerBoundTotalUsd)} over the horizon; the runners-up cost ${usd(a.barTotalUsd)} or less`;
    case 'DOMINATED':
      return `${usd(a.extraTotalUsd)} more over the horizon than ${a.byId}, and no faster on any target`;
    case 'OUTRANKED':
      return `${usd(a.extraTotalUsd)} more over the horizon than the recommendation${typeof a.extraMonthlyUsd === 'number' ? ` (${usd(a.extraMonthlyUsd)}/month)` : ''}`;
  }
}
