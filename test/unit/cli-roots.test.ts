import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';
import { sha256 } from '../support/backend';
import { cli } from '../support/cli';

/** `roots list / merge / separate` on the command line, run as a child process on real library
 *  files loaded with the sample cases: the hotel case has the same root cause in its fishbone and
 *  in a 5-Whys tree, and it is offered for merging. */

const LONG = { timeout: 120_000 };

interface Listed {
  case: { id: string; title: string };
  rootCauses: Array<{ n: number; code: string; ref: string; text: string; status: string; places: Array<{ ref: string; source: string; text: string; category?: string; analysis?: number; depth?: number }> }>;
  offers: Array<{ a: { code: string; ref: string; text: string }; b: { code: string; ref: string; text: string }; similarity: number }>;
}

async function list(db: string, caseId: string): Promise<Listed> {
  const run = await cli(['roots', 'list', '--db', db, '--case', caseId, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Listed;
}

/** The number of root causes the Markdown report counts, and the RC codes its root-cause table lists. */
async function reported(db: string, caseId: string, lang: Language, out: string): Promise<{ count: number; codes: string[]; text: string }> {
  const run = await cli(['report', '--db', db, '--case', caseId, '--format', 'md', '--lang', lang, '--out', out, '--force']);
  expect(run.code).toBe(0);
  const text = readFileSync(out, 'utf8');
  const label = CATALOGS[lang].report.counts.rootCauses;
  const count = new RegExp(`\\*\\*${label}\\*\\*[:：] ?(\\d+)`).exec(text);
  expect(count, `the counts line "${label}"`).not.toBeNull();
  return { count: Number(count![1]), codes: [...text.matchAll(/^\| (RC\d+) \|/gm)].map((m) => m[1]!), text };
}

const POOL: Record<Language, { fishbone: string; whys: string }> = {
  'zh-CN': { fishbone: '连接池上限多年没随房量调整', whys: '连接池上限多年没随房量调整' },
  en: { fishbone: 'Pool limit never raised as rooms were added', whys: 'The pool limit was never raised as rooms were added' },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-roots-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads the samples into a new library; the hotel case is the one offering the pool-limit pair. */
async function hotelLibrary(lang: Language, name: string = lang): Promise<{ db: string; hotel: string; before: Listed }> {
  const db = join(dir, `${name}.sqlite`);
  const demo = await cli(['demo', '--db', db, '--lang', lang]);
  expect(demo.code).toBe(0);
  const ids = demo.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
  for (const id of ids) {
    const listed = await list(db, id);
    if (listed.offers.some((o) => o.a.text === POOL[lang].fishbone)) return { db, hotel: id, before: listed };
  }
  throw new Error(`No sample case offers the pool-limit pair in ${lang}.`);
}

describe('roots', () => {
  it('explains itself with --help and is listed among the commands', LONG, async () => {
    const [main, help, sub] = await Promise.all([cli(['--help']), cli(['roots', '--help']), cli(['roots', 'merge', '--help'])]);
    expect(main.stdout).toMatch(/^ {2}roots {2,}/m);
    expect(help.code).toBe(0);
    for (const text of ['roots list', 'roots merge', 'roots separate', '--json', 'fishbone:<id> or whys:<id>']) expect(help.stdout).toContain(text);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toBe(help.stdout);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`lists, merges and separates the hotel case's look-alike root causes (${lang})`, LONG, async () => {
      const { db, hotel, before } = await hotelLibrary(lang);
      const offer = before.offers.find((o) => o.a.text === POOL[lang].fishbone)!;
      expect(offer.a.ref).toMatch(/^fishbone:[0-9a-f-]{36}$/);
      expect(offer.b.ref).toMatch(/^whys:[0-9a-f-]{36}$/);
      expect(offer.b.text).toBe(POOL[lang].whys);
      expect(offer.similarity).toBeGreaterThanOrEqual(0.75);
      // Each place says where it was found: the fishbone category, the analysis and its depth.
      const whysPlace = before.rootCauses.flatMap((r) => r.places).find((p) => p.ref === offer.b.ref)!;
      expect(whysPlace).toMatchObject({ source: 'whys', analysis: 1, depth: 3 });
      expect(before.rootCauses.flatMap((r) => r.places).find((p) => p.ref === offer.a.ref)).toMatchObject({ source: 'fishbone', category: expect.any(String) });

      // The text form names the pair by its RC codes and gives the refs to merge it with.
      const text = await cli(['roots', 'list', '--db', db, '--case', hotel]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`^RC1 +\\w+ +\\S`, 'm'));
      expect(text.stdout).toContain(`${offer.a.code} ≈ ${offer.b.code}`);
      expect(text.stdout).toContain(`--a ${offer.a.ref} --b ${offer.b.ref}`);
      const md = join(dir, `${lang}.md`);
      const reportBefore = await reported(db, hotel, lang, md);
      expect(reportBefore.count).toBe(before.rootCauses.length);

      const merged = await cli(['roots', 'merge', '--db', db, '--case', hotel, '--a', offer.a.ref, '--b', offer.b.ref]);
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(0);
      expect(merged.stdout).toContain(`Merged ${offer.a.code}`);
      expect(merged.stdout).toContain(`the case has ${before.rootCauses.length - 1} root causes`);

      const after = await list(db, hotel);
      expect(after.rootCauses).toHaveLength(before.rootCauses.length - 1);
      const one = after.rootCauses.find((r) => r.places.some((p) => p.ref === offer.a.ref))!;
      expect(one.places.map((p) => p.ref)).toEqual([offer.a.ref, offer.b.ref]);
      expect(one.code).toBe(offer.a.code);
      expect(after.offers.some((o) => o.a.ref === offer.a.ref || o.b.ref === offer.b.ref)).toBe(false);
      // The report counts it once, and lists one RC row fewer.
      const reportAfter = await reported(db, hotel, lang, md);
      expect(reportAfter.count).toBe(before.rootCauses.length - 1);
      expect(reportAfter.codes).toEqual(reportBefore.codes.slice(0, -1));

      // Merging them again has nothing to do and writes nothing.
      const hash = sha256(db);
      const again = await cli(['roots', 'merge', '--db', db, '--case', hotel, '--a', offer.b.ref, '--b', offer.a.ref]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('are already one root cause');
      expect(again.stderr).toContain('nothing to merge');
      expect(sha256(db)).toBe(hash);

      const separated = await cli(['roots', 'separate', '--db', db, '--case', hotel, '--a', offer.a.ref, '--b', offer.b.ref]);
      expect(separated.stderr).toBe('');
      expect(separated.code).toBe(0);
      expect(separated.stdout).toContain(`Separated ${offer.b.ref}`);
      expect(separated.stdout).toContain(`The case has ${before.rootCauses.length} root causes.`);
      // As it was: the same root causes in the same order, and the pair offered again.
      expect(await list(db, hotel)).toEqual(before);
      expect((await reported(db, hotel, lang, md)).count).toBe(before.rootCauses.length);
    });
  }

  it('refuses bad places, an unknown case and a separate with nothing to separate, writing nothing', LONG, async () => {
    const { db, hotel, before } = await hotelLibrary('en', 'refused');
    const offer = before.offers.find((o) => o.a.text === POOL.en.fishbone)!;
    const lone = before.rootCauses.find((r) => r.places.length === 1 && r.ref !== offer.a.ref && r.ref !== offer.b.ref)!;
    const hash = sha256(db);
    const base = ['--db', db, '--case', hotel];
    const runs = await Promise.all([
      cli(['roots', 'merge', ...base, '--a', offer.a.ref, '--b', 'pool-limit']),
      cli(['roots', 'merge', ...base, '--a', offer.a.ref, '--b', 'whys:00000000-0000-4000-8000-000000000000']),
      cli(['roots', 'merge', '--db', db, '--case', '00000000-0000-4000-8000-000000000000', '--a', offer.a.ref, '--b', offer.b.ref]),
      cli(['roots', 'separate', ...base, '--a', offer.a.ref, '--b', offer.b.ref]),
      cli(['roots', 'separate', ...base, '--a', lone.ref, '--b', lone.ref]),
      cli(['roots', 'merge', ...base, '--a', offer.a.ref]),
      cli(['roots', 'list', ...base, '--a', offer.a.ref]),
      cli(['roots', 'join', ...base]),
      cli(['roots']),
      cli(['roots', 'list', '--db', join(dir, 'nowhere.sqlite'), '--case', hotel]),
    ]);
    const [shape, unknownPlace, unknownCase, twoRoots, samePlace, missingB, listOption, subcommand, none, nowhere] = runs;
    expect(shape!.code).toBe(2);
    expect(shape!.stderr).toContain('--b must name a place as roots list prints it: fishbone:<id> or whys:<id> (got "pool-limit")');
    expect(unknownPlace!.code).toBe(1);
    expect(unknownPlace!.stderr).toContain('whys:00000000-0000-4000-8000-000000000000 is not a root cause of this case');
    expect(unknownCase!.code).toBe(1);
    expect(unknownCase!.stderr).toContain('There is no case 00000000-0000-4000-8000-000000000000');
    expect(twoRoots!.code).toBe(1);
    expect(twoRoots!.stderr).toContain(`(${offer.a.code}) and ${offer.b.ref} (${offer.b.code}) are two root causes already: nothing to separate.`);
    expect(samePlace!.code).toBe(1);
    expect(samePlace!.stderr).toContain(`--a and --b name the same place, ${lone.ref}: nothing to separate.`);
    expect(missingB!.code).toBe(2);
    expect(missingB!.stderr).toContain('roots merge needs --b.');
    expect(listOption!.code).toBe(2);
    expect(listOption!.stderr).toContain('Unknown option --a for roots list.');
    expect(subcommand!.code).toBe(2);
    expect(subcommand!.stderr).toContain('Valid: roots list, roots merge, roots separate.');
    expect(none!.code).toBe(2);
    expect(nowhere!.code).toBe(1);
    expect(existsSync(join(dir, 'nowhere.sqlite'))).toBe(false);
    for (const run of runs) expect(run.stdout).toBe('');
    expect(sha256(db)).toBe(hash);
    expect(await list(db, hotel)).toEqual(before);
  });

  it('separates a pair the automatic rule joined, and merges it back', LONG, async () => {
    const { db, hotel, before } = await hotelLibrary('en', 'automatic');
    const drill = before.rootCauses.find((r) => r.text === 'Paper check-in never drilled')!;
    const causeId = drill.ref.slice('fishbone:'.length);
    const whyId = '6f1c2a4e-8d3b-4c5a-9e7f-1a2b3c4d5e6f';
    // A new analysis asking why about that fishbone root cause, with one root cause: the same one.
    const library = new Library(db);
    try {
      const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }));
      const why = { id: whyId, answer: 'Nobody scheduled the drills', evidence: '', status: 'verified', isRootCause: true, stopReason: 'controllable', stopNote: '', collapsed: false, children: [] };
      const analysis = { id: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', startCauseId: causeId, question: '', direction: 'TB', whys: [why] };
      const added = dispatch('whys:apply', { caseId: hotel, command: { type: 'addAnalysis', index: 2, analysis } });
      expect(added.ok).toBe(true);
    } finally {
      library.close();
    }
    const joined = await list(db, hotel);
    expect(joined.rootCauses).toHaveLength(before.rootCauses.length);
    expect(joined.rootCauses[0]!.places.map((p) => p.ref)).toEqual([drill.ref, `whys:${whyId}`]);

    const separated = await cli(['roots', 'separate', '--db', db, '--case', hotel, '--a', drill.ref, '--b', `whys:${whyId}`]);
    expect(separated.stderr).toBe('');
    expect(separated.code).toBe(0);
    const apart = await list(db, hotel);
    expect(apart.rootCauses).toHaveLength(before.rootCauses.length + 1);
    expect(apart.rootCauses[0]!.places.map((p) => p.ref)).toEqual([drill.ref]);

    const merged = await cli(['roots', 'merge', '--db', db, '--case', hotel, '--a', `whys:${whyId}`, '--b', drill.ref]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('It is RC1 now, found in 2 places');
    expect(await list(db, hotel)).toEqual(joined);
  });
});
