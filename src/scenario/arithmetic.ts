// The common case of a scenario expression, read without mathjs: numbers, field names, + - * /, unary ± and
// parentheses (`(400 * 8 + 50 * 16) * 3600 / (dailyActiveUsers * requestsPerUserPerDay)`). mathjs resolves its
// factories on the first parse, ~60 ms of a 0.5 s `recommend`; a scenario that uses nothing else never pays it.
// Anything this grammar does not cover (^, functions, implicit multiplication, a syntax error, words mathjs reads
// as operators or constants) returns null and goes to mathjs, which evaluates or reports it as before.
// Same tree, same order of IEEE operations as mathjs's number arithmetic (add, subtract, multiply, divide are
// a+b, a−b, a×b, a/b; left-associative; unary minus binds tighter than * and /): a property test checks that both
// give the same number for generated expressions.

export interface Arithmetic {
  /** Field names the expression uses, each once, in order of appearance. */
  symbols: string[];
  evaluate(vars: ReadonlyMap<string, number>): number;
}

type Expr = (vars: ReadonlyMap<string, number>) => number;

// mathjs reads these as operators or constants, not as field names: leave them to it.
const MATHJS_WORDS = new Set(['mod', 'to', 'in', 'and', 'or', 'not', 'xor', 'end', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

type Token = { kind: 'num'; value: number } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if ('+-*/()'.includes(ch)) {
      tokens.push({ kind: 'op', op: ch });
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      // "2e" or "2x" (implicit multiplication, units): mathjs's business.
      if (/^[A-Za-z_$.]/.test(rest.slice(num[0].length))) return null;
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name && !MATHJS_WORDS.has(name[0]) && !/^[$.]/.test(rest.slice(name[0].length))) {
      tokens.push({ kind: 'name', name: name[0] });
      i += name[0].length;
      continue;
    }
    return null;
  }
  return tokens;
}

/** The expression as a function of its fields, or null when mathjs must read it. `maxNodes` as mathjs counts them. */
export function parseArithmetic(text: string, maxNodes: number): Arithmetic | null {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return null;
  let pos = 0;
  let nodes = 0;
  const symbols: string[] = [];
  const fail = (): never => {
    throw new NotArithmetic();
  };
  const isOp = (op: string): boolean => {
    const t = tokens[pos];
    return t !== undefined && t.kind === 'op' && t.op === op;
  };
  const node = (): void => {
    if (++nodes > maxNodes) fail();
  };

  // One precedence level, left-associative: `next (op next)*`.
  const level = (next: () => Expr, ops: Record<string, (a: number, b: number) => number>) => (): Expr => {
    let left = next();
    for (let t = tokens[pos]; t !== undefined && t.kind === 'op' && Object.hasOwn(ops, t.op); t = tokens[pos]) {
      pos++;
      const apply = ops[t.op]!;
      const right = next();
      node();
      const l = left;
      left = (v) => apply(l(v), right(v));
    }
    return left;
  };
  const product = level(() => unary(), { '*': (a, b) => a * b, '/': (a, b) => a / b });
  const sum = level(product, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const unary = (): Expr => {
    if (isOp('-') || isOp('+')) {
      const op = (tokens[pos++] as { op: string }).op;
      const inner = unary();
      node();
      return op === '-' ? (v) => -inner(v) : inner;
    }
    return primary();
  };
  const primary = (): Expr => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    node();
    if (t.kind === 'num') {
      const value = t.value;
      return () => value;
    }
    if (t.kind === 'name') {
      const name = t.name;
      if (!symbols.includes(name)) symbols.push(name);
      return (v) => v.get(name) ?? Number.NaN;
    }
    if (t.op !== '(') return fail();
    const inner = sum();
    if (!isOp(')')) return fail();
    pos++;
    return inner;
  };

  try {
    const expr = sum();
    if (pos !== tokens.length) return null;
    return { symbols, evaluate: expr };
  } catch (e) {
    if (e instanceof NotArithmetic) return null;
    throw e;
  }
}

class NotArithmetic extends Error {}
