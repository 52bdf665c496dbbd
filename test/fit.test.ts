// The fit's weak prior on the API servers' cost (src/core/perf/fit.ts, FIT_KNOBS.requestPrior): where no row informs
// that cost, the loss is flat in it and the prior alone decides; where rows do, the prior is a rounding error.
import { describe, expect, test } from 'vitest';
import { BUILTIN_CATALOG_DIR, loadCatalog } from '../src/catalog/load.ts';
import { readMeasurementCsv } from '../src/calibration/csv.ts';
import { enginesById, mapCsv } from '../src/calibration/run.ts';
import { DEFAULT_EFFICIENCY, FIT_KNOBS, fitEfficiencies, initialVector, objective } from '../src/core/perf/fit.ts';
import { isFitted } from '../src/core/perf/calibration-report.ts';
import { sharedPath } from '../src/tools/shared-path.ts';

const catalog = await loadCatalog([BUILTIN_CATALOG_DIR]);
const engines = enginesById(catalog);
const { mapped } = mapCsv(readMeasurementCsv(sharedPath('calibration/throughput-latency.csv')), catalog);
// TensorRT-LLM v0.9's static batches run in process: no API server stands between them and their timings.
const inProcess = mapped.filter((r) => isFitted(r) && r.frontEnd === 'runtime' && r.record.engine_version === '0.9.0').slice(0, 24);
const withServer = mapped.filter((r) => isFitted(r) && r.frontEnd === 'api-server' && r.metric === 'ttft_ms');

describe('the API servers\' cost in a fit', () => {
  test('rows without an API server do not inform it: the loss at 12 ms and at 119 ms differs by the prior alone', () => {
    expect(inProcess.length).toBeGreaterThan(10);
    const at = (seconds: number) => { const v = initialVector(); v[3] = Math.log(seconds); return v; };
    const prior = (seconds: number) => FIT_KNOBS.requestPrior * Math.log(seconds / DEFAULT_EFFICIENCY.requestOverheadSeconds) ** 2;
    const dataLoss = (seconds: number) => objective(at(seconds), inProcess, engines) - prior(seconds);
    expect(dataLoss(0.012)).toBeCloseTo(dataLoss(0.119), 12);
    expect(objective(at(0.119), inProcess, engines)).toBeGreaterThan(objective(at(0.02), inProcess, engines));
  });
  test('so a fit on those rows leaves every API server at the 20 ms prior, wherever the optimiser would drift', () => {
    const t = fitEfficiencies(inProcess, engines, 400);
    for (const e of ['vllm', 'sglang', 'trtllm'] as const) expect(t[e].requestOverheadSeconds).toBeGreaterThan(0.015), expect(t[e].requestOverheadSeconds).toBeLessThan(0.027);
  });
  test('rows that measure TTFT through a server outweigh it: moving 20 → 40 ms changes their loss by far more than the prior adds', () => {
    expect(withServer.length).toBeGreaterThan(3);
    const at = (seconds: number) => { const v = initialVector(); v[3] = Math.log(seconds); return v; };
    const change = Math.abs(objective(at(0.04), withServer, engines) - objective(at(0.02), withServer, engines));
    expect(change).toBeGreaterThan(100 * FIT_KNOBS.requestPrior * Math.log(2) ** 2);
  });
});
