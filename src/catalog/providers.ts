// The cloud providers an offer can name, apart from the price schema (price-schema.ts) so that the scenario loader
// can check `pricing.cloudDiscounts` keys without building the price catalogs' zod schemas.

/**
 * Cloud providers an offer can name. 'other' is for your own quotes (colo, reseller) in a user catalog. Verda is the
 * former DataCrunch; oci is Oracle Cloud Infrastructure.
 */
export const CLOUD_PROVIDERS = [
  'aws', 'gcp', 'azure', 'oci', 'lambda', 'runpod', 'coreweave', 'nebius', 'hyperstack', 'verda', 'vast', 'together', 'crusoe',
  'fluidstack', 'paperspace', 'scaleway', 'ovhcloud', 'seeweb', 'other',
] as const;
