import { describe, expect, it } from 'vitest';
import { demoCases } from '../../shared/domain/demo';
import { demoFishbones } from '../../shared/domain/demo-fishbones';
import { demoPlans } from '../../shared/domain/demo-plans';
import { demoWhys } from '../../shared/domain/demo-whys';
import { isOverdue, refKey } from '../../shared/domain/plan';
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

  it('stores each case’s sample plan, linked to the root causes of that case', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    const fishbones = demoFishbones(language);
    const specs = demoPlans(language, fishbones, demoWhys(language, fishbones));
    const noIds = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'id' ? undefined : v));
    const uncovered: string[] = [];
    caseIds.forEach((caseId, i) => {
      const { plan } = ok('plan:get', { caseId });
      expect(noIds(plan)).toBe(noIds(specs[i]!));
      expect(plan.actions.length).toBeGreaterThanOrEqual(4);
      expect(plan.feedback.length).toBeGreaterThanOrEqual(1);
      expect(plan.lessons.length).toBeGreaterThanOrEqual(3);
      expect(plan.improvements.length).toBeGreaterThanOrEqual(2);
      expect(plan.actions[0]!.kind).toBe('containment');

      const { fishbone } = ok('fishbone:get', { caseId });
      const { analyses } = ok('whys:get', { caseId });
      const roots = new Set<string>();
      JSON.stringify(fishbone, (_, v: { id?: string; isRootCause?: boolean }) => {
        if (v?.isRootCause) roots.add(refKey({ source: 'fishbone', id: v.id! }));
        return v;
      });
      JSON.stringify(analyses, (_, v: { id?: string; isRootCause?: boolean }) => {
        if (v?.isRootCause) roots.add(refKey({ source: 'whys', id: v.id! }));
        return v;
      });
      const covered = new Set(plan.actions.filter((a) => a.status !== 'cancelled').flatMap((a) => a.rootCauses.map(refKey)));
      for (const key of covered) expect(roots.has(key), key).toBe(true);
      uncovered.push(...[...roots].filter((key) => !covered.has(key)));
    });
    // One root cause is left without an action, so the sample shows the marker.
    expect(uncovered).toHaveLength(1);
    const actions = caseIds.flatMap((caseId) => ok('plan:get', { caseId }).plan.actions);
    expect(actions.filter((a) => isOverdue(a, new Date('2026-11-22T00:00:00.000Z')))).toHaveLength(1);
  });

  it('leaves the diagrams as they were: the plan reopens no root cause', () => {
    const { ok } = start();
    const { caseIds } = ok('demo:load', { language });
    const fishbones = demoFishbones(language);
    const specs = demoWhys(language, fishbones);
    const shape = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'id' || k === 'startCauseId' ? undefined : v));
    caseIds.forEach((caseId, i) => {
      expect(shape(ok('whys:get', { caseId }).analyses)).toBe(shape(specs[i]));
    });
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
