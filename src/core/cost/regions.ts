// Regions as data-residency constraints: a scenario names exact cloud region ids ("us-east-1" matches us-east-1
// only) or jurisdictions written as such ("us", "eu", "ca", "apac": every region that lies in one).
// Provider naming: AWS us-east-1 / eu-west-1, GCP us-central1 / europe-west4, Azure eastus / westeurope,
// neoclouds "us" / "eu-north1" / "FIN-03" / "NORWAY-1". "global" (price valid anywhere, location chosen at order time) matches nothing
// but "global" itself: it gives no residency guarantee.

const JURISDICTIONS: Array<[RegExp, string]> = [
  [/^(us|usa)$/, 'us'],
  [/^us-/, 'us'],
  [/^(east|west|central|north|south|northcentral|southcentral|westcentral)us\d*$/, 'us'],
  [/^(eu|europe)$/, 'eu'],
  [/^(eu|europe)-/, 'eu'],
  [/^(north|west)europe$/, 'eu'],
  [/^(france|germany|sweden|italy|poland|spain|switzerland|norway|finland|netherlands)(central|north|south|west)?(-\d+)?$/, 'eu'],
  [/^(france|germany|sweden|italy|poland|spain|norway|finland|netherlands)-/, 'eu'],
  // Verda (DataCrunch) data centres: FIN-01..03 in Finland.
  [/^fin-\d+$/, 'eu'],
  [/^(ca|canada)/, 'ca'],
  [/^(ap|asia)-/, 'apac'],
];

export function jurisdictionOf(region: string): string | null {
  const r = region.toLowerCase();
  for (const [re, j] of JURISDICTIONS) if (re.test(r)) return j;
  return null;
}

/** Jurisdictions a scenario may name instead of a region: each matches every offer region that lies in it. */
export const JURISDICTION_NAMES = ['us', 'eu', 'ca', 'apac'] as const;

/**
 * Whether an offer's region satisfies `constraints.regions`: a jurisdiction written as such (`eu`) admits every
 * region in it; a region id admits that region only (`us-east-1` is not us-west-2). "global" offers (location
 * chosen at order time) satisfy no constraint but "global" itself.
 */
export function regionAllowed(offerRegion: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const o = offerRegion.toLowerCase();
  return allowed.some((a) => {
    const al = a.toLowerCase();
    return (JURISDICTION_NAMES as readonly string[]).includes(al) ? o !== 'global' && jurisdictionOf(o) === al : al === o;
  });
}
