// `llmplan catalog …`: what the catalogs know (gpus, models, engines), the price rows (offers, api, onprem) and
// `import`, which turns a Hugging Face config.json into a models entry. Registered by buildProgram (main.ts).
import type { Command, Option } from 'commander';
import type { RunContext } from '../app/context.ts';

export function addCatalogCommands(program: Command, ctx: RunContext, catalogDirOption: () => Option): void {
  const catalog = program.command('catalog').summary('what the catalogs know, with each row\'s source and age');
  for (const kind of ['gpus', 'models', 'engines'] as const) {
    catalog
      .command(kind)
      .description(`list catalog ${kind} with their source and the age of the data`)
      .addOption(catalogDirOption())
      .option('--as-of <date>', 'date the ages are computed against (YYYY-MM-DD; default today)')
      .option('--json', 'machine-readable output')
      .action(async (opts) => {
        const { runCatalog } = await import('./commands/catalog.ts');
        await runCatalog(kind, opts, ctx);
      });
  }
  const priceListings = {
    offers: ['cloud GPU offers (catalogs/cloud-gpu-prices.yaml): USD per hour and per GPU-hour, spot, commitments', '--gpu h100-sxm-80gb --region eu'],
    api: ['hosted-API prices: @pydantic/genai-prices models and catalogs/api-extras.yaml rows and multipliers', '--provider openai'],
    onprem: ['on-prem inputs (catalogs/onprem.yaml): card and server prices, power, PUE, electricity, staff', '--json'],
  } as const;
  for (const [kind, [what, example]] of Object.entries(priceListings) as Array<[keyof typeof priceListings, readonly [string, string]]>) {
    const cmd = catalog
      .command(kind)
      .description(`list ${what}, with the date each price was read and its age`)
      .addOption(catalogDirOption())
      .option('--as-of <date>', 'price on and count ages to this date (YYYY-MM-DD; default today)')
      .option('--json', `machine-readable output (schema: schemas/catalog-${kind}-output.schema.json)`);
    if (kind === 'offers') {
      cmd.option('--provider <id>', 'only this provider\'s offers').option('-g, --gpu <id>', 'only offers of this GPU').option('--region <region>', 'only this region or jurisdiction (us-east-1, eu, apac)');
    }
    if (kind === 'api') cmd.option('--provider <id>', 'only this provider, each model listed');
    cmd.addHelpText('after', `\nExample:\n  $ llmplan catalog ${kind} ${example}`).action(async (opts) => {
      const { runCatalogPrices } = await import('./commands/catalog-prices.ts');
      await runCatalogPrices(kind, opts, ctx);
    });
  }
  catalog
    .command('import')
    .description('turn a local Hugging Face config.json into a models catalog entry (models.yaml format): dense, GQA, MoE, MLA, sliding-window layers; prints what it could not read')
    .option('--hf-config <file>', 'the model\'s config.json')
    .option('--id <id>', 'catalog id (default: from _name_or_path or the directory name)')
    .option('--name <name>', 'display name (default: the id)')
    .option('--out <file>', 'write to this models.yaml (created, or the entry added / replaced); default: print the YAML')
    .option('--as-of <date>', 'readOn date of the entry (YYYY-MM-DD; default today)')
    .addHelpText(
      'after',
      `
Examples:
  $ llmplan catalog import --hf-config ~/models/Llama-3.1-8B/config.json --id my-llama --out my-catalog/models.yaml
  $ llmplan size --catalog-dir my-catalog --model my-llama --gpu l40s-48gb
  $ llmplan size --model ~/models/Llama-3.1-8B/config.json --gpu l40s-48gb    (imported on the fly)`,
    )
    .action(async (opts) => {
      const { runCatalogImport } = await import('./commands/catalog-import.ts');
      await runCatalogImport(opts, ctx);
    });
}
