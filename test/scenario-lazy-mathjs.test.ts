// Startup budget (STYLE.md §12, §25): a scenario of plain numbers or plain arithmetic never imports mathjs; an
// expression with a function or a power does.
// Its own file so that no other test has loaded mathjs into this module graph first. Two witnesses: the flag the
// module sets, and a pass-through mock that counts real imports of 'mathjs'.
import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import { hasLoadedMathjs } from '../src/scenario/expressions.ts';
import { loadScenario } from '../src/scenario/load.ts';

const imports = vi.hoisted(() => ({ count: 0 }));
vi.mock('mathjs', async (importOriginal) => {
  imports.count++;
  return importOriginal();
});

it('plain numbers and arithmetic leave mathjs unloaded; the first function loads it', async () => {
  // chatbot derives its think time with + - * / and parentheses; the other shipped scenarios are plain numbers.
  for (const f of ['chatbot', 'code-assistant', 'content-generation', 'semantic-search', 'onprem-classification', 'large-scale-70b']) {
    await loadScenario(readFileSync(`scenarios/${f}.yaml`, 'utf8'), `${f}.yaml`);
  }
  await loadScenario(readFileSync('test/fixtures/scenarios/valid-minimal.yaml', 'utf8'), 'v.yaml');
  expect(hasLoadedMathjs()).toBe(false);
  expect(imports.count).toBe(0);
  const withFunction = readFileSync('scenarios/chatbot.yaml', 'utf8').replace('thinkTimeSeconds: (400', 'thinkTimeSeconds: max(1, 400');
  expect(withFunction).toContain('max(1, 400');
  const plain = await loadScenario(readFileSync('scenarios/chatbot.yaml', 'utf8'), 'chatbot.yaml');
  const viaMathjs = await loadScenario(withFunction, 'chatbot.yaml');
  expect(viaMathjs).toEqual(plain);
  expect(hasLoadedMathjs()).toBe(true);
  expect(imports.count).toBe(1);
});
