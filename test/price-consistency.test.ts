// Per-GPU price consistency of catalogs/cloud-gpu-prices.yaml (issue 11, "Prices that are wrong or old").
//
// Within a family (same provider, same GPU, same region) a bigger instance of the same host shape must not charge
// more per GPU than a smaller one: the GPUs are the same parts, so a per-GPU price that rises with size means the
// bigger row carries something the smaller one does not. That is how three Azure rows carrying Windows prices were
// found: Standard_NC48ads_A100_v4 at $9.554/h was the Linux $7.346 + 48 vCPU × $0.046 Windows licence, i.e. $4.777
// per GPU against $3.673 for the 1-GPU NC24ads in the same family (+30%).
//
// Tolerance: 1%. Instance prices are published rounded (SkyPilot's AWS/Azure catalogs print 3-4 decimals; GCP's
// a2-highgpu-2g is exactly 2 × 1g), so two sizes with the same per-GPU price can differ in the 4th digit. 1% is far
// above that rounding and far below the smallest licence uplift that matters (Windows on NC A100 v4: +30%; on
// NC H100 v5: +26%).
//
// The one exception is a host that grows faster than the GPU count, which providers do charge for. AWS G-series
// sizes give each GPU 4, 12 and then 24 vCPUs (g5.xlarge, g5.12xlarge, g5.48xlarge) with RAM in step, so their
// per-GPU price rises legitimately (g5: $1.006 → $1.418 → $2.036). A pair is exempt only when both vCPU counts are
// in VCPUS below and the bigger size has more vCPUs per GPU; a row without a vCPU count is always checked.
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR } from '../src/catalog/load.ts';
import type { CloudGpuOfferEntry } from '../src/catalog/price-schema.ts';
import { loadPriceCatalogs } from '../src/catalog/prices.ts';
import { catalog } from './helpers.ts';

/** Relative rise in USD per GPU-hour above which a bigger size of the same family is reported. */
const TOLERANCE = 0.01;

/**
 * vCPUs per instance, for the sizes whose host share per GPU matters to the rule. AWS: the accelerated-computing
 * instance specifications on aws.amazon.com/ec2/instance-types (g5/g6/g6e xlarge 4, 12xlarge 48, 48xlarge 192;
 * p5.4xlarge 16, p5.48xlarge 192). Azure: the vCPUs column of skypilot-catalog catalogs/v8/azure/vms.csv (fork
 * coopslarhette/skypilot-catalog @20291d7), which agrees with the NC A100 v4 / NC H100 v5 size tables on
 * learn.microsoft.com. Azure NC sizes keep vCPUs per GPU constant (24, 40), so the rule applies to them in full.
 */
const VCPUS: Record<string, number> = {
  'g5.xlarge': 4, 'g5.12xlarge': 48, 'g5.48xlarge': 192,
  'g6.xlarge': 4, 'g6.12xlarge': 48, 'g6.48xlarge': 192,
  'g6e.xlarge': 4, 'g6e.12xlarge': 48, 'g6e.48xlarge': 192,
  'p5.4xlarge': 16, 'p5.48xlarge': 192,
  Standard_NC24ads_A100_v4: 24, Standard_NC48ads_A100_v4: 48, Standard_NC96ads_A100_v4: 96,
  Standard_NC40ads_H100_v5: 40, Standard_NC80adis_H100_v5: 80,
  // Nebius presets name their vCPUs (skypilot-catalog catalogs/v8/nebius/vms.csv): type a has 8 per L40S, type d 32.
  'gpu-l40s-a_1gpu-8vcpu-32gb (preset)': 8, 'gpu-l40s-d_1gpu-32vcpu-192gb (preset)': 32, 'gpu-l40s-d_4gpu-128vcpu-768gb (preset)': 128,
};

interface Rise {
  family: string;
  smaller: string;
  bigger: string;
  smallerUsdPerGpuHour: number;
  biggerUsdPerGpuHour: number;
}

const perGpu = (o: CloudGpuOfferEntry): number | null => (o.onDemandUsdPerHour.value === null ? null : o.onDemandUsdPerHour.value / o.gpuCount);
const vcpusPerGpu = (o: CloudGpuOfferEntry): number | undefined => {
  const v = VCPUS[o.instanceType];
  return v === undefined ? undefined : v / o.gpuCount;
};

/** Every pair in a family where the bigger size costs more per GPU than the smaller one, beyond TOLERANCE. */
function perGpuPriceRises(offers: readonly CloudGpuOfferEntry[], tolerance = TOLERANCE): Rise[] {
  const families = new Map<string, CloudGpuOfferEntry[]>();
  for (const o of offers) {
    const key = `${o.provider} ${o.gpuId} ${o.region}`;
    families.set(key, [...(families.get(key) ?? []), o]);
  }
  const rises: Rise[] = [];
  for (const [family, members] of families)
    for (const small of members)
      for (const big of members) {
        const [ps, pb] = [perGpu(small), perGpu(big)];
        if (big.gpuCount <= small.gpuCount || ps === null || pb === null || pb <= ps * (1 + tolerance)) continue;
        const [hs, hb] = [vcpusPerGpu(small), vcpusPerGpu(big)];
        if (hs !== undefined && hb !== undefined && hb > hs) continue; // more host per GPU: a dearer GPU-hour is expected
        rises.push({ family, smaller: small.id, bigger: big.id, smallerUsdPerGpuHour: ps, biggerUsdPerGpuHour: pb });
      }
  return rises;
}

const entries = async (): Promise<CloudGpuOfferEntry[]> => (await loadPriceCatalogs([BUILTIN_CATALOG_DIR], catalog().gpus.map((g) => g.id), '2026-11-30')).offerEntries;
const withPrice = (list: CloudGpuOfferEntry[], id: string, value: number): CloudGpuOfferEntry[] =>
  list.map((o) => (o.id === id ? { ...o, onDemandUsdPerHour: { ...o.onDemandUsdPerHour, value } } : o));

describe('cloud price catalog: per-GPU price within an instance family', () => {
  it('no bigger size costs more per GPU-hour than a smaller one of the same provider, GPU and region (1% tolerance)', async () => {
    expect(perGpuPriceRises(await entries())).toEqual([]);
  });

  it('catches the Windows prices the catalog carried before issue 11 (NC48ads/NC96ads A100 v4, NC80adis H100 v5)', async () => {
    let old = await entries();
    for (const [id, windowsPrice] of [
      ['azure-standard-nc48ads-a100-v4-eastus', 9.554],
      ['azure-standard-nc96ads-a100-v4-eastus', 19.108],
      ['azure-standard-nc80adis-h100-v5-eastus', 17.64],
    ] as const)
      old = withPrice(old, id, windowsPrice);
    const rises = perGpuPriceRises(old);
    expect(rises.map((r) => `${r.smaller} < ${r.bigger}`).sort()).toEqual([
      'azure-standard-nc24ads-a100-v4-eastus < azure-standard-nc48ads-a100-v4-eastus',
      'azure-standard-nc24ads-a100-v4-eastus < azure-standard-nc96ads-a100-v4-eastus',
      'azure-standard-nc40ads-h100-v5-eastus < azure-standard-nc80adis-h100-v5-eastus',
    ]);
    // $9.554 / 2 = $4.777 per GPU-hour against $3.673: the 48 × $0.046 licence spread over 2 GPUs.
    expect(rises.find((r) => r.bigger.includes('nc48ads'))!.biggerUsdPerGpuHour).toBeCloseTo(4.777, 6);
  });

  it('a 1% rounding difference passes, a 2% rise does not', async () => {
    const base = await entries();
    expect(perGpuPriceRises(withPrice(base, 'azure-standard-nc48ads-a100-v4-eastus', 3.673 * 2 * 1.009))).toEqual([]);
    expect(perGpuPriceRises(withPrice(base, 'azure-standard-nc48ads-a100-v4-eastus', 3.673 * 2 * 1.02))).toHaveLength(1);
  });

  it('exempts only sizes whose host grows per GPU (AWS G-series: 4 -> 12 -> 24 vCPUs per GPU)', async () => {
    const base = await entries();
    const g5 = ['aws-g5.xlarge-us-west-2', 'aws-g5.12xlarge-us-west-2', 'aws-g5.48xlarge-us-west-2'].map((id) => perGpu(base.find((o) => o.id === id)!)!);
    expect(g5[0]).toBeLessThan(g5[1]!); // $1.006 < $1.418 < $2.036 per GPU-hour
    expect(g5[1]).toBeLessThan(g5[2]!);
    // Without its vCPU count the same row is reported: the exemption is the VCPUS table and nothing else.
    const unknownHost = base.map((o) => (o.id === 'aws-g5.12xlarge-us-west-2' ? { ...o, instanceType: 'g5.unlisted' } : o));
    expect(perGpuPriceRises(unknownHost).map((r) => `${r.smaller} < ${r.bigger}`)).toContain('aws-g5.xlarge-us-west-2 < aws-g5.12xlarge-us-west-2');
  });
});
