import { describe, expect, it } from 'vitest';
import { demoCases } from '../../shared/domain/demo';
import { demoFishbones } from '../../shared/domain/demo-fishbones';
import { demoWhys } from '../../shared/domain/demo-whys';
import { findCause, topVoted, walkCauses } from '../../shared/domain/fishbone';
import { caseHints } from '../../shared/domain/why-hints';
import { applyWhyCommand } from '../../shared/domain/why-commands';
import { WhyAnalyses, WhyAnalysis, whyDepth, whyRootCauses, type Why, type WhyAnalyses as Analyses } from '../../shared/domain/whys';
import { walk } from '../../shared/domain/tree';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';

const cjk = /[\u4e00-\u9fff]/;

function idSequence(prefix: number): () => string {
  let n = 0;
  return () => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
}

function whys(analysis: WhyAnalysis): Array<{ why: Why; depth: number }> {
  const out: Array<{ why: Why; depth: number }> = [];
  walk(analysis.whys, (why, depth) => out.push({ why, depth }));
  return out;
}

/** The fishbones and analyses of one language, ids from separate sequences. */
function sample(language: Language) {
  const fishbones = demoFishbones(language, idSequence(1));
  return { fishbones, cases: demoWhys(language, fishbones, idSequence(2)) };
}

/** Everything but the words: ids, fields, tree structure, whether evidence was written. */
function shape(analysis: WhyAnalysis): unknown {
  const strip = (w: Why): unknown => ({ ...w, answer: null, evidence: w.evidence !== '', children: w.children.map(strip) });
  return { ...analysis, question: analysis.question !== '', whys: analysis.whys.map(strip) };
}

describe('demo 5 Whys', () => {
  it('give each demo case one or two valid analyses, in both languages', () => {
    for (const language of LANGUAGES) {
      const { cases } = sample(language);
      expect(cases).toHaveLength(demoCases(language).length);
      for (const analyses of cases) {
        expect(analyses.length).toBeGreaterThanOrEqual(1);
        expect(analyses.length).toBeLessThanOrEqual(2);
        const parsed = WhyAnalyses.safeParse(analyses);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
  });

  it('can be added to a case with the same commands the editor uses', () => {
    for (const language of LANGUAGES) {
      for (const analyses of demoWhys(language, demoFishbones(language))) {
        let state: Analyses = [];
        for (const analysis of analyses) state = applyWhyCommand(state, { type: 'addAnalysis', index: state.length, analysis }).analyses;
        expect(state).toEqual(analyses);
      }
    }
  });

  it('have the same trees in both languages', () => {
    expect(sample('zh-CN').cases.map((c) => c.map(shape))).toEqual(sample('en').cases.map((c) => c.map(shape)));
  });

  it('use unique ids', () => {
    for (const language of LANGUAGES) {
      const ids: string[] = [];
      for (const analyses of demoWhys(language, demoFishbones(language))) {
        for (const a of analyses) ids.push(a.id, ...whys(a).map(({ why }) => why.id));
      }
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('ask about the problem first, then about a root cause or top-voted cause of the same case’s fishbone', () => {
    for (const language of LANGUAGES) {
      const { fishbones, cases } = sample(language);
      cases.forEach((analyses, i) => {
        expect(analyses[0]!.startCauseId).toBeNull();
        expect(analyses[0]!.question).not.toBe('');
        const fromCause = analyses.filter((a) => a.startCauseId !== null);
        expect(fromCause).toHaveLength(1);
        for (const a of fromCause) {
          const found = findCause(fishbones[i]!, a.startCauseId!);
          expect(found, a.startCauseId!).not.toBeNull();
          expect(found!.cause.isRootCause || topVoted(fishbones[i]!, 1).has(found!.cause.id)).toBe(true);
          fishbones.forEach((other, j) => j !== i && expect(findCause(other, a.startCauseId!)).toBeNull());
          expect(a.question).toBe('');
        }
      });
    }
  });

  it('start from the same causes in both languages', () => {
    const text = (language: Language) => {
      const { fishbones, cases } = sample(language);
      return cases.map((analyses, i) => analyses.map((a) => (a.startCauseId ? findCause(fishbones[i]!, a.startCauseId)!.cause.id : null)));
    };
    expect(text('zh-CN')).toEqual(text('en'));
  });

  it('need the demo fishbones', () => {
    expect(() => demoWhys('en', [])).toThrow(/fishbone/);
    const wrong = demoFishbones('en').map((f) => ({ ...f, categories: f.categories.slice(0, 1) }));
    expect(() => demoWhys('en', wrong)).toThrow(/fishbone/);
  });

  it('look like a real analysis: 5-7 whys deep, a branch at level 2 or 3, mixed statuses', () => {
    for (const language of LANGUAGES) {
      for (const analyses of sample(language).cases) {
        for (const a of analyses) {
          expect(whyDepth(a.whys)).toBeGreaterThanOrEqual(5);
          expect(whyDepth(a.whys)).toBeLessThanOrEqual(7);
          const all = whys(a);
          // The deepest answer is a verified root cause at the end of a main chain.
          const deepest = all.find(({ depth }) => depth === whyDepth(a.whys))!.why;
          expect(deepest.isRootCause).toBe(true);
          expect(deepest.status).toBe('verified');
          expect(all.some(({ why, depth }) => (depth === 2 || depth === 3) && why.children.length >= 2)).toBe(true);
          for (const status of ['verified', 'hypothesis', 'ruled_out'] as const) expect(all.some(({ why }) => why.status === status), status).toBe(true);
          expect(all.length).toBeLessThanOrEqual(16);
        }
      }
    }
  });

  it('have one or two root causes per analysis, at least one controllable with evidence', () => {
    for (const language of LANGUAGES) {
      for (const analyses of sample(language).cases) {
        for (const a of analyses) {
          const roots = whyRootCauses([a]);
          expect(roots.length).toBeGreaterThanOrEqual(1);
          expect(roots.length).toBeLessThanOrEqual(2);
          expect(roots.some(({ why }) => why.stopReason === 'controllable' && why.evidence.trim().length > 20)).toBe(true);
          expect(roots.every(({ why }) => why.status !== 'ruled_out')).toBe(true);
        }
      }
    }
  });

  it('leave something for the hints in every case, the same in both languages', () => {
    const hints = (language: Language) => sample(language).cases.map((analyses) => caseHints(analyses, language));
    const zh = hints('zh-CN');
    const en = hints('en');
    const key = (list: ReturnType<typeof caseHints>) => list.map((h) => `${h.analysisId}/${h.whyId}/${h.ruleId}`);
    expect(zh.map(key)).toEqual(en.map(key));
    for (const list of en) expect(list.length).toBeGreaterThan(0);
    // Between them the samples show every kind of hint.
    expect(new Set(en.flat().map((h) => h.kind))).toEqual(new Set(['blames_person', 'short_chain', 'no_evidence', 'stop_without_reason', 'needs_data_root']));
    // The well-founded root causes at the end of the main chains get none.
    for (const language of LANGUAGES) {
      const { cases } = sample(language);
      const flagged = new Set(hints(language).flat().map((h) => h.whyId));
      for (const a of cases.flat()) {
        const deepest = whys(a).find(({ depth }) => depth === whyDepth(a.whys))!.why;
        expect(flagged.has(deepest.id)).toBe(false);
      }
    }
  });

  it('read in the language of the case', () => {
    const zh = sample('zh-CN').cases.flat();
    const en = sample('en').cases.flat();
    for (const a of zh) {
      for (const { why } of whys(a)) {
        expect(cjk.test(why.answer), why.answer).toBe(true);
        if (why.evidence) expect(cjk.test(why.evidence)).toBe(true);
      }
      if (a.question) expect(a.question).toMatch(/^为什么.+？$/);
    }
    for (const a of en) {
      for (const { why } of whys(a)) {
        expect(cjk.test(why.answer), why.answer).toBe(false);
        expect(cjk.test(why.evidence)).toBe(false);
      }
      if (a.question) expect(a.question).toMatch(/^Why .+\?$/);
    }
  });

  it('do not reuse the ids of the fishbones they are given', () => {
    for (const language of LANGUAGES) {
      const fishbones = demoFishbones(language);
      const fishboneIds = new Set<string>();
      for (const f of fishbones) {
        for (const c of f.categories) fishboneIds.add(c.id);
        walkCauses(f, (c) => {
          fishboneIds.add(c.id);
        });
      }
      for (const a of demoWhys(language, fishbones).flat()) {
        expect(fishboneIds.has(a.id)).toBe(false);
        for (const { why } of whys(a)) expect(fishboneIds.has(why.id)).toBe(false);
      }
    }
  });
});
