import { describe, expect, it } from 'vitest';
import { demoCases } from '../../shared/domain/demo';
import { demoFishbones } from '../../shared/domain/demo-fishbones';
import { LANGUAGES } from '../../shared/i18n/languages';
import { useBackend } from '../support/backend';

const { start } = useBackend();

const HAN = /[\u4e00-\u9fff]/;

describe.each(LANGUAGES)('loading the demo cases in %s', (language) => {
  it('stores the three brief cases, fields and timelines as written', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    expect(caseIds).toHaveLength(3);
    expect(new Set(caseIds).size).toBe(3);

    const specs = demoCases(language);
    caseIds.forEach((id, i) => {
      const { case: stored, timeline } = ok('cases:get', { id });
      const spec = specs[i]!;
      // The fishbone and the 5-Whys analyses are written right after the case, in the same transaction.
      expect(stored).toMatchObject({ ...spec.fields, tags: [...spec.fields.tags].sort(), deletedAt: null });
      expect(timeline.map(({ at, description, kind }) => ({ at, description, kind }))).toEqual(spec.timeline);
      expect(timeline.map((e) => e.position)).toEqual(spec.timeline.map((_, p) => p));
      expect(timeline.length).toBeGreaterThanOrEqual(5);
    });
  });

  it('stores each case’s sample fishbone, with its template, votes and root causes', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    const specs = demoFishbones(language);
    const shape = (f: { categories: Array<{ label: string; causes: unknown[] }> }) => JSON.stringify(f, (k, v) => (k === 'id' ? undefined : v));
    caseIds.forEach((caseId, i) => {
      const { fishbone } = ok('fishbone:get', { caseId });
      expect(shape(fishbone)).toBe(shape(specs[i]!));
      expect(fishbone.categories.length).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(fishbone)).toContain('"isRootCause":true');
    });
  });

  it('stores each case’s 5-Whys analyses, one started from a fishbone root cause', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    for (const caseId of caseIds) {
      const { analyses } = ok('whys:get', { caseId });
      const { fishbone } = ok('fishbone:get', { caseId });
      expect(analyses.length).toBeGreaterThanOrEqual(1);
      const fromCause = analyses.find((a) => a.startCauseId);
      expect(fromCause).toBeDefined();
      expect(JSON.stringify(fishbone)).toContain(fromCause!.startCauseId!);
      expect(JSON.stringify(analyses)).toContain('"isRootCause":true');
    }
  });

  it('writes every text in that language', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    for (const id of caseIds) {
      const { case: stored, timeline } = ok('cases:get', { id });
      for (const text of [stored.title, stored.problem, stored.customerImpact, ...timeline.map((e) => e.description)]) {
        expect(text.length).toBeGreaterThan(0);
        expect(HAN.test(text), text).toBe(language === 'zh-CN');
      }
    }
  });

  it('shows them in the library list', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    const page = ok('cases:list', {});
    expect(page.total).toBe(3);
    expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(caseIds));
    expect(Object.values(page.countsByStep).reduce((a, n) => a + n, 0)).toBe(3);
  });
});

it('refuses a language it has no text for', () => {
  const { ok, fail } = start();
  expect(fail('demo:load', { language: 'de' })).toMatchObject({ code: 'validation', issues: [{ path: ['language'], reason: 'invalid_choice' }] });
  expect(ok('cases:list', {}).total).toBe(0);
});
