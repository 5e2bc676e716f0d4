import { runCli, type CliIo } from '../../scripts/cli';

/** Runs the command line in this process (no child, no tsx start-up), in English, collecting what it
 *  prints: for tests of many short commands on one library. `cli` in ./cli.ts runs it as its own
 *  process, the way a user's shell does. */
export async function runInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { LANG: 'en_US.UTF-8' } };
  const code = await runCli(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
