// Issue 11: the host of an on-prem build follows the GPU's form factor. Before, every GPU was costed with one
// 8-GPU DGX-class host ($32,000 per node, a 2023 bill of materials) and $4,500 of fabric per node, so a one-card L4
// box carried a DGX host. Figures are the bundled catalogs', checkable by hand against catalogs/onprem.yaml.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { onpremInputs } from '../src/app/prices.ts';
import { BUILTIN_CATALOG_DIR } from '../src/catalog/load.ts';
import { loadPriceCatalogs } from '../src/catalog/prices.ts';
import { hostShareUsdPerGpu, priceOnprem, usableGpusPerServer } from '../src/core/cost/onprem.ts';
import { BASE_MULTIPLIERS } from '../src/core/cost/types.ts';
import { InputError } from '../src/errors.ts';
import { curve, makeOnprem, makePlan, makeServerType } from './factories.ts';
import { catalog, cli } from './helpers.ts';

const gpuIds = catalog().gpus.map((g) => g.id);
const bundled = await loadPriceCatalogs([BUILTIN_CATALOG_DIR], gpuIds, '2026-11-30');
const inp = onpremInputs(bundled.onprem, catalog());
const capex = (gpuId: string, replicas: number, gpusPerReplica = 1) => {
  const r = priceOnprem(makePlan({ gpuId, gpusPerReplica, hourly: curve(() => replicas, 0, 10, gpusPerReplica) }), inp, [1], BASE_MULTIPLIERS, 'own');
  if (!r.ok) throw new Error(r.reason);
  return r.result;
};

// Catalog figures: PCIe server $50,000 (10 slots), 8-GPU baseboard server $300,000 − 8 × $31,250 = $50,000,
// QM9700 $21,000 / 64 ports = $328.125 a port; 1 port per PCIe server, 8 per baseboard server.
const PORT_USD = 21_000 / 64;

describe('host server per server type', () => {
  test('a one-card L4 build buys one PCIe GPU server, not a share of an 8-GPU DGX-class host', () => {
    const r = capex('l4-24gb', 1);
    // L4 card midpoint (2,500 + 3,266.43) / 2 = 2,883.215; + host 50,000 + one fabric port 328.125.
    expect(r.capexUsd).toBeCloseTo(2_883.215 + 50_000 + PORT_USD, 6);
    expect(r.server).toEqual({ id: 'pcie-gpu-server', label: expect.stringContaining('PCIe'), gpusPerServer: 10, usableGpusPerServer: 10 });
    expect(r.prices.map((p) => p.what)).toContain('host server (pcie-gpu-server, no GPUs)');
    expect(r.months[0]!.nodes).toBe(1);
  });

  test('an H100 SXM build is hosted on the 8-GPU baseboard server with one fabric port per GPU', () => {
    const r = capex('h100-sxm-80gb', 8);
    // 8 × card midpoint (22,000 + 30,000) / 2 + host 50,000 + 8 ports × 328.125 = 208,000 + 50,000 + 2,625.
    expect(r.capexUsd).toBeCloseTo(208_000 + 50_000 + 2_625, 6);
    expect(r.server.id).toBe('hgx-8gpu');
  });

  test('the per-GPU share of a full server, by hand', () => {
    const hgx = inp.serverTypeByGpu['h100-sxm-80gb']!;
    const pcie = inp.serverTypeByGpu['l4-24gb']!;
    expect(hgx.hostUsdPerServer.value).toBe(50_000);
    expect(hgx.networkingUsdPerServer.value).toBe(2_625);
    expect(hostShareUsdPerGpu(hgx)).toBe(6_578.125); // (50,000 + 2,625) / 8
    expect(pcie.networkingUsdPerServer.value).toBe(328.125);
    expect(hostShareUsdPerGpu(pcie)).toBe(5_032.8125); // (50,000 + 328.125) / 10
    // The old model: (32,000 + 4,500) / 8 = 4,562.5 per GPU for every GPU, DGX host included.
  });

  test('the server type follows the GPU form factor in catalogs/gpus.yaml', () => {
    const hostOf = (id: string) => inp.serverTypeByGpu[id]?.id;
    for (const id of ['l4-24gb', 'a10-24gb', 'l40s-48gb', 'a100-pcie-80gb', 'h100-pcie-80gb', 'h100-nvl-94gb', 't4-16gb']) expect(hostOf(id), id).toBe('pcie-gpu-server');
    for (const id of ['h100-sxm-80gb', 'h200-sxm-141gb', 'b200-180gb', 'a100-sxm-80gb', 'mi300x-192gb']) expect(hostOf(id), id).toBe('hgx-8gpu');
    for (const g of catalog().gpus) expect(inp.serverTypeByGpu[g.id], g.id).toBeDefined();
  });

  test('a replica never spans servers: a 10-slot server holds two 4-GPU replicas', () => {
    expect(usableGpusPerServer(10, 1)).toBe(10);
    expect(usableGpusPerServer(10, 4)).toBe(8);
    expect(usableGpusPerServer(10, 8)).toBe(8);
    expect(usableGpusPerServer(8, 2)).toBe(8);
    // 3 replicas of 4 L4s = 12 GPUs: 2 per server, so 2 servers (not ceil(12 / 10) = 2 by luck: 5 replicas need 3).
    expect(capex('l4-24gb', 3, 4).months[0]!.nodes).toBe(2);
    expect(capex('l4-24gb', 5, 4).months[0]!.nodes).toBe(3);
  });

  test('a replica bigger than its server is not priced, with the reason', () => {
    const r = priceOnprem(makePlan({ gpusPerReplica: 16, hourly: curve(() => 1, 0, 10, 16) }), makeOnprem(), [1], BASE_MULTIPLIERS, 'own');
    expect(r).toEqual({ ok: false, reason: 'a replica needs 16 GPUs; a 8-GPU baseboard server holds 8' });
    const none = priceOnprem(makePlan(), makeOnprem({ serverTypeByGpu: {} }), [1], BASE_MULTIPLIERS, 'own');
    expect(none.ok).toBe(false);
  });

  test('GPUs already owned come with their servers: only the servers beyond them are bought', () => {
    // 20 GPUs on 8-GPU servers, 8 owned: 12 cards and ceil(20 / 8) − 1 = 2 servers bought.
    const r = priceOnprem(makePlan({ hourly: curve(() => 20) }), makeOnprem({ ownedGpus: { 'h100-sxm-80gb': 8 }, serverTypeByGpu: { 'h100-sxm-80gb': makeServerType() } }), [1], BASE_MULTIPLIERS, 'own');
    expect(r.ok && r.result.capexUsd).toBe(12 * 20_000 + 2 * 30_000);
  });

  test('a user catalog that lists one form factor in two server types is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-servers-'));
    writeFileSync(join(dir, 'onprem.yaml'), stringify({ schemaVersion: 1, serverTypes: [{ ...bundled.onprem.serverTypes[1], id: 'my-2u', formFactors: ['pcie'] }] }));
    let err: unknown;
    try {
      await loadPriceCatalogs([BUILTIN_CATALOG_DIR, dir], gpuIds, '2026-11-30');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.message)).toContain('form factor "pcie" is listed by both "pcie-gpu-server" and "my-2u"');
  });

  test('a user catalog with the retired per-node keys is refused with what replaced them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmplan-oldkeys-'));
    writeFileSync(join(dir, 'onprem.yaml'), 'schemaVersion: 1\nhostServerUsdPer8GpuNode: { value: 30000, source: "my quote", readOn: 2026-10-01 }\n');
    const r = await cli(['tco', '--scenario', 'scenarios/onprem-classification.yaml', '--as-of', '2026-11-23', '--catalog-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('onprem.yaml:2:1');
    expect(r.stderr).toContain('replaced by serverTypes[].hostUsdPerServer');
  });
});
