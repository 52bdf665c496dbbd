// Regions as data-residency constraints: a scenario may name a cloud region ("us-east-1") or a jurisdiction
// ("us", "eu"); an offer matches when its region is that region, or lies in the same jurisdiction.
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

export function regionAllowed(offerRegion: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const o = offerRegion.toLowerCase();
  if (o === 'global') return allowed.some((a) => a.toLowerCase() === 'global');
  const oj = jurisdictionOf(o);
  return allowed.some((a) => {
    const al = a.toLowerCase();
    return al === o || (oj !== null && (al === oj || jurisdictionOf(al) === oj));
  });
}
