// What a command runs in: arguments, environment, working directory and the two streams. `bin/llmplan.js` builds
// one from `process`; tests build one with captured streams. The application layer reads files relative to `cwd`
// and writes diagnostics (notes, warnings) to `stderr`; the answer is rendered by the command.

export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface RunContext {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Stream;
  stderr: Stream;
}
