// A command's stdout as text, run in process without colour and with stderr dropped: the generated docs quote it.
export async function commandStdout(args: string[]): Promise<string> {
  const { run } = await import('../cli/main.ts');
  let out = '';
  await run({ argv: args, env: { NO_COLOR: '1' }, cwd: process.cwd(), stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } });
  return out;
}
