// Build step: validate catalogs/*.yaml and write dist/catalog.json, which the CLI reads at start-up.
import { COMPILED_CATALOG, compileBuiltinCatalog } from '../catalog/load.ts';
import { COMPILED_PRICES, compileBuiltinPrices } from '../catalog/prices.ts';
import { InputError, formatProblem } from '../errors.ts';
import { writeFileAtomic } from '../io/write.ts';

export default async function main(): Promise<void> {
  try {
    writeFileAtomic(COMPILED_CATALOG, JSON.stringify(await compileBuiltinCatalog()));
    writeFileAtomic(COMPILED_PRICES, JSON.stringify(await compileBuiltinPrices()));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) process.stderr.write(`error: ${formatProblem(p)}\n`);
    process.exitCode = 2;
  }
}
