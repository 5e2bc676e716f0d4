import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { caseFileBytes, importOpened, openCaseFile, storeDocument } from '../../electron/backend/case-file';
import { Library } from '../../electron/backend/library';
import { realisticDocs } from './case-file-docs';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const file = '/tmp/prof/plain.causeway';
if (!existsSync(file)) {
  const docs = realisticDocs(1000);
  const source = new Library(join(dir, 'source.sqlite'));
  source.transaction(() => docs.forEach((d) => storeDocument(source, d)));
  const plain = await caseFileBytes(source, { all: true }, { now: () => new Date(), version: 'x' });
  writeFileSync(file, plain.bytes);
}
const bytes = new Uint8Array(readFileSync(file));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
const modes = (process.env.MODES ?? 'copy,copy,merge').split(',') as ('copy' | 'merge')[];
let started = false;
const stat = new Map<string, [number, number]>();
if (process.env.STMT) {
  const probe = new Library(join(dir, 'probe.sqlite'));
  const proto = Object.getPrototypeOf((probe as any).state.db.prepare('select 1'));
  for (const m of ['run', 'get', 'all']) {
    const orig = proto[m];
    proto[m] = function (...args: unknown[]) {
      const t = performance.now();
      try { return orig.apply(this, args); } finally {
        const k = this.source.replace(/\s+/g, ' ').slice(0, 110);
        const e = stat.get(k) ?? [0, 0]; e[0] += performance.now() - t; e[1]++; stat.set(k, e);
      }
    };
  }
}
for (const [i, mode] of modes.entries()) {
  const target = new Library(join(dir, `${mode}-${Math.random()}.sqlite`));
  const db = (target as any).state.db;
  if (process.env.EXP_CACHE) db.pragma(`cache_size = ${process.env.EXP_CACHE}`);
  if (process.env.EXP_NOTRIG) for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE '%_changed_%'").all()) db.exec(`DROP TRIGGER ${name}`);
  if (process.env.EXP_NOFK) db.pragma('foreign_keys = OFF');
  if (process.env.EXP_SYNC) db.pragma('synchronous = OFF');
  if (process.env.EXP_NOFTS) { db.exec("DROP TRIGGER search_docs_gone; DROP TABLE search_vocab; DROP TABLE search_fts; CREATE TABLE search_fts(body)"); }
  if (process.env.EXP_TEMP) db.pragma('temp_store = memory');
  let t = performance.now();
  const opened = await openCaseFile(bytes);
  const tOpen = performance.now() - t;
  if (i === 1 && process.env.PROF) { await session.post('Profiler.start'); started = true; }
  t = performance.now();
  const c0 = process.cpuUsage();
  importOpened(target, opened, { mode });
  const c = process.cpuUsage(c0);
  console.log(mode, 'open', tOpen.toFixed(0), 'import', (performance.now() - t).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0));
  if (started) { const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/prof/import.cpuprofile', JSON.stringify(profile)); started = false; }
  target.close();
  if (i === 0) stat.clear();
}
if (process.env.STMT) { const rows=[...stat].sort((a,b)=>b[1][0]-a[1][0]).slice(0,35); let tot=0; for (const [,v] of stat) tot+=v[0]; console.log('total stmt ms', (tot/(modes.length-1)).toFixed(0)); for (const [k,[t,n]] of rows) console.log((t/(modes.length-1)).toFixed(0).padStart(6), String(n/(modes.length-1)).padStart(7), k); }
