// `npm run docs`: regenerate the generated sections of docs/ from the code and the calibration data.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/write.ts';
import { BUILTIN_CATALOG_DIR, VLLM_09_CATALOG_DIR, loadCatalog } from '../catalog/load.ts';
import { computeMemoryFacts, computeVllmLogFacts, loadMemoryFactsCsv, renderMemoryFactsMarkdown, renderVllmLogMarkdown } from './memory-facts.ts';
import { compareSeedCalculator, renderSeedComparison } from './seed-calculator.ts';
import { sharedPath } from './shared-path.ts';
import { readCalibration } from '../calibration/file.ts';
import { renderBandTable, renderEfficiencyTable, renderWorkedExample } from './perf-doc.ts';
import { renderLimitsTable } from './limits-doc.ts';
import { renderCapacityWalkthrough } from './capacity-doc.ts';
import { commandStdout } from './command-stdout.ts';

/** Replace a generated block of a doc (`<!-- generated[:name]:begin -->` … end), keeping the hand-written prose. */
export function replaceGenerated(doc: string, generated: string, name = ''): string {
  const tag = name ? `generated:${name}` : 'generated';
  const BEGIN = `<!-- ${tag}:begin -->`;
  const END = `<!-- ${tag}:end -->`;
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`doc has no ${tag} block markers`);
  return doc.slice(0, a + BEGIN.length) + '\n' + generated + doc.slice(b);
}

/** A command's stdout as a person sees it without colour, in a fenced block. */
async function commandOutput(args: string[]): Promise<string> {
  return ['```', `$ llmplan ${args.join(' ')}`, (await commandStdout(args)).trimEnd(), '```', ''].join('\n');
}

/** The decision paragraph of a recommend run's output (up to its first blank line), in its fenced block. */
function recommendationHead(block: string): string {
  const lines = block.split('\n');
  const end = lines.findIndex((l, i) => i > 2 && l.trim() === '');
  return [...lines.slice(0, end < 0 ? lines.length : end), '```', ''].join('\n');
}

export async function generatedDocs(): Promise<Array<[file: string, block: string, content: string]>> {
  const catalog = await loadCatalog([BUILTIN_CATALOG_DIR]);
  // The 2025 logs of memory-facts.csv ran vLLM 0.9-0.10: they are checked against that release's profile.
  const vllm09 = await loadCatalog([BUILTIN_CATALOG_DIR, VLLM_09_CATALOG_DIR]);
  const calibration = readCalibration();
  return [
    ['docs/memory-facts.md', '', renderMemoryFactsMarkdown(computeMemoryFacts(loadMemoryFactsCsv(sharedPath('calibration/memory-facts.csv')), vllm09))],
    ['docs/memory-facts.md', 'vllm-0.19', renderVllmLogMarkdown(computeVllmLogFacts(readFileSync('calibration/vllm-0.19-memory.csv', 'utf8'), catalog))],
    ['docs/seed-002-memory-calculator.md', '', renderSeedComparison(compareSeedCalculator(catalog))],
    ['docs/perf-model.md', 'efficiency', renderEfficiencyTable(calibration)],
    ['docs/perf-model.md', 'bands', renderBandTable(calibration)],
    ['docs/perf-model.md', 'example', renderWorkedExample(calibration, catalog)],
    ['docs/limits.md', 'limits', renderLimitsTable()],
    ['docs/capacity.md', 'plan', await commandOutput(['plan', '--scenario', 'scenarios/chatbot.yaml', '--gpu', 'h100-sxm-80gb'])],
    ['docs/capacity.md', 'walkthrough', await renderCapacityWalkthrough()],
    ['docs/recommend.md', 'example', recommendationHead(await commandOutput(['recommend', '--scenario', 'scenarios/chatbot.yaml', '--as-of', '2026-11-23']))],
  ];
}

export default async function main(): Promise<void> {
  for (const [file, block, generated] of await generatedDocs()) {
    writeFileAtomic(file, replaceGenerated(readFileSync(file, 'utf8'), generated, block));
    process.stdout.write(`updated ${file}${block ? ` (${block})` : ''}\n`);
  }
}
