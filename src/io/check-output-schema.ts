// The `check --json` contract: the verdict, each check, the baseline and the change attributed to its drivers,
// and the full recommendation it was made from (the `recommend --json` document, usable as the next baseline).
import { z } from 'zod';
import { isoDate, m, nullable, num, scenarioHead, str } from './schema-helpers.ts';
import { recommendOutputSchema } from './recommend-output-schema.ts';

export const checkOutputSchema = z
  .strictObject({
    ...scenarioHead('check'),
    verdict: m(z.enum(['pass', 'fail']), 'pass: every check passed (exit 0); fail: at least one failed (exit 1).'),
    checks: m(
      z.array(
        z.strictObject({
          id: m(z.enum(['targets-and-budget', 'max-monthly', 'max-increase', 'price-age']), 'Which check.'),
          passed: m(z.boolean(), 'Whether it passed.'),
          message: str('The check with its numbers, in words.'),
          args: m(z.record(z.string(), z.union([z.number(), z.string(), z.null()])), 'The numbers (units in the names).'),
        }),
      ),
      'Every check run, failing ones first.',
    ),
    baseline: nullable(
      z.strictObject({ file: str('The --baseline file.'), asOf: isoDate('Its price date.'), scenario: str('Its scenario name.'), monthlyUsd: num('Its recommendation, USD/month.'), label: str('Its deployment.') }),
      'The baseline compared with; null without --baseline.',
    ),
    change: nullable(
      z.strictObject({
        oldMonthlyUsd: num('Baseline USD/month.'),
        newMonthlyUsd: num('Now, USD/month.'),
        deltaMonthlyUsd: num('newMonthlyUsd − oldMonthlyUsd; the drivers add up to it.'),
        drivers: m(
          z.array(
            z.strictObject({
              driver: m(z.enum(['prices', 'traffic', 'token-lengths', 'targets', 'decision']), 'What changed, applied in this order.'),
              deltaMonthlyUsd: num('USD/month this change adds (negative: saves).'),
              detail: str('What changed, in words.'),
              priceChanges: m(
                z.array(z.strictObject({ what: str('Which price.'), unit: str('Unit.'), oldValue: num('Baseline value.'), newValue: num('Value now.'), oldReadOn: nullable(isoDate('Date.'), 'Baseline read date.'), newReadOn: nullable(isoDate('Date.'), 'Read date now.') })),
                'Each price that changed, with both dates (prices driver only).',
              ),
            }),
          ),
          'A waterfall from the baseline to now, one driver at a time.',
        ),
      }),
      'The change since the baseline; null without --baseline.',
    ),
    recommend: recommendOutputSchema,
  })
  .meta({ title: 'llmplan check --json', description: 'The CI gate: each check with its numbers, the change since a baseline by driver, and the recommendation checked.' });
