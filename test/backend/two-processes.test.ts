import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../support/backend';

const { tempDir, start } = useBackend();
const CHILD = join(import.meta.dirname, '..', 'support', 'store-child.ts');

/** Runs the child's `update` mode and resolves with its summary. */
function childUpdates(path: string, count: number, cases: string[], onOpen: () => void): Promise<{ ok: number; failures: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'update', path, String(count)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CAUSEWAY_CHILD_CASES: cases.join(',') } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/^open \d+$/m.test(out) && !out.includes('{')) onOpen();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`child exited ${code}: ${out}`))));
  });
}

describe('two processes writing the same library', () => {
  it('lose no write to SQLITE_BUSY or BUSY_SNAPSHOT: write transactions start immediate', async () => {
    const b = start({ path: join(tempDir(), 'shared.sqlite') });
    const all = b.ok('demo:load', { language: 'zh-CN' }).caseIds;
    const half = Math.ceil(all.length / 2);
    const ids = all.slice(0, half);
    const COUNT = 300;
    const failures: Record<string, number> = {};
    let ok = 0;
    let began: () => void = () => undefined;
    const childOpen = new Promise<void>((r) => (began = r));
    const child = childUpdates(b.path, COUNT, all.slice(half), () => began());
    await childOpen;
    for (let i = 0; i < COUNT; i++) {
      // The same read-then-write edits as the child's (see store-child.ts).
      const id = ids[i % ids.length]!;
      const detail = b.ok('cases:get', { id });
      for (const r of [
        b.call('cases:update', { id, revision: detail.case.revision, patch: { title: `parent ${i}` } }),
        b.call('fishbone:apply', { caseId: id, command: { type: 'setEffect', effect: `parent ${i}` } }),
        b.call('fishbone:apply', { caseId: id, command: { type: 'resetVotes' } }),
      ]) {
        if (r.ok) ok++;
        else failures[r.error.reason ?? r.error.code] = (failures[r.error.reason ?? r.error.code] ?? 0) + 1;
      }
    }
    const theirs = await child;
    console.log(`two processes: parent ${ok} ok, failures ${JSON.stringify(failures)}; child ${theirs.ok} ok, failures ${JSON.stringify(theirs.failures)}`);
    expect(failures).toEqual({});
    expect(theirs.failures).toEqual({});
    expect(ok + theirs.ok).toBe(COUNT * 6);
  }, 60_000);
});
