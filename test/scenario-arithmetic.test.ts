// Plain arithmetic is read without mathjs (src/scenario/arithmetic.ts); mathjs reads everything else. Both must give
// the same number for the same text, and the fast reader must hand over, not misread, what it does not cover.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArithmetic } from '../src/scenario/arithmetic.ts';
import { parse as mathjsParse } from '../src/scenario/mathjs-lite.ts';

const vars = new Map([
  ['dailyActiveUsers', 10_000],
  ['requestsPerUserPerDay', 20],
  ['responseSeconds', 5],
  ['x', 0.1],
]);

function viaMathjs(text: string): number {
  return mathjsParse(text).compile().evaluate(new Map(vars)) as number;
}

describe('parseArithmetic', () => {
  it("evaluates the chatbot's think time as by hand: 4,000 user-hours × 3,600 s / 200,000 messages − 5 s = 67 s", () => {
    const e = parseArithmetic('(400 * 8 + 50 * 16) * 3600 / (dailyActiveUsers * requestsPerUserPerDay) - responseSeconds', 200)!;
    expect(e.symbols).toEqual(['dailyActiveUsers', 'requestsPerUserPerDay', 'responseSeconds']);
    expect(e.evaluate(vars)).toBe(67);
  });

  it('keeps precedence and left associativity: 10 - 4 - 3 = 3, 8 / 4 / 2 = 1, -2 * 3 + 1 = -5, 2 * -3 = -6', () => {
    expect(parseArithmetic('10 - 4 - 3', 200)!.evaluate(vars)).toBe(3);
    expect(parseArithmetic('8 / 4 / 2', 200)!.evaluate(vars)).toBe(1);
    expect(parseArithmetic('-2 * 3 + 1', 200)!.evaluate(vars)).toBe(-5);
    expect(parseArithmetic('2 * -3', 200)!.evaluate(vars)).toBe(-6);
    expect(parseArithmetic('1.5e3 + .5', 200)!.evaluate(vars)).toBe(1500.5);
  });

  it('hands to mathjs what it does not cover: powers, functions, implicit products, operator words, separators, syntax errors', () => {
    for (const text of ['2 ^ 3', 'max(1, 2)', '2x', '2 dailyActiveUsers', 'x mod 2', 'true', 'Infinity', '10,000', '3 +', '(1 + 2', '1 + 2)', '', 'a.b', '5 cm', '1\n2']) {
      expect(parseArithmetic(text, 200), text).toBeNull();
    }
  });

  it('counts terms as mathjs does and hands over an expression over the limit', () => {
    // 3 numbers, 2 operators, 1 parenthesis = 6 nodes.
    expect(parseArithmetic('(1 + 2) * 3', 6)).not.toBeNull();
    expect(parseArithmetic('(1 + 2) * 3', 5)).toBeNull();
    let n = 0;
    mathjsParse('(1 + 2) * 3').traverse(() => n++);
    expect(n).toBe(6);
  });

  it('gives the same number as mathjs for generated expressions', () => {
    const leaf = fc.oneof(
      fc.constantFrom('dailyActiveUsers', 'requestsPerUserPerDay', 'responseSeconds', 'x'),
      fc.integer({ min: 0, max: 100_000 }).map(String),
      fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => String(d)).filter((s) => !s.includes('e-')),
    );
    const { expr } = fc.letrec((tie) => ({
      expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('bin'), tie('neg'), tie('paren')),
      bin: fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
      neg: tie('expr').map((a) => `-${a}`),
      paren: tie('expr').map((a) => `(${a})`),
    }));
    fc.assert(
      fc.property(expr as fc.Arbitrary<string>, (text) => {
        const fast = parseArithmetic(text, 10_000);
        expect(fast, text).not.toBeNull();
        expect(Object.is(fast!.evaluate(vars), viaMathjs(text)), text).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
