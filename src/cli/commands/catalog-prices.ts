// `llmplan catalog offers | api | onprem`: the price rows behind `tco`, each with its source date and age.
import { listApiPrices } from '../../app/api-price-listing.ts';
import type { RunContext } from '../../app/context.ts';
import { listOffers, listOnprem } from '../../app/price-listing.ts';
import { renderApiJson, renderApiTable, renderOffersJson, renderOffersTable, renderOnpremJson, renderOnpremTable } from '../../render/catalog-prices.ts';
import { createStyle } from '../../render/style.ts';

export interface CatalogPricesOptions {
  catalogDir?: string[];
  asOf?: string;
  provider?: string;
  gpu?: string;
  region?: string;
  json?: boolean;
}

export async function runCatalogPrices(kind: 'offers' | 'api' | 'onprem', opts: CatalogPricesOptions, ctx: RunContext): Promise<void> {
  const c = createStyle(ctx.stdout, ctx.env);
  if (kind === 'offers') {
    const { asOf, offers } = await listOffers(opts, ctx);
    ctx.stdout.write(opts.json ? renderOffersJson(asOf, offers) : renderOffersTable(asOf, offers, c));
  } else if (kind === 'api') {
    const listing = await listApiPrices(opts, ctx);
    ctx.stdout.write(opts.json ? renderApiJson(listing) : renderApiTable(listing, opts.provider, c));
  } else {
    const { asOf, rows } = await listOnprem(opts, ctx);
    ctx.stdout.write(opts.json ? renderOnpremJson(asOf, rows) : renderOnpremTable(asOf, rows, c));
  }
}
