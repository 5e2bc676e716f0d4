import { describe, expect, it } from 'vitest';
import { demoCases } from '../../shared/domain/demo';
import { demoFishbones } from '../../shared/domain/demo-fishbones';
import { Fishbone, causeDepth, countCauses, rootCauses, walkCauses, type Cause } from '../../shared/domain/fishbone';
import { FISHBONE_TEMPLATES, applyTemplate, findFishboneTemplate } from '../../shared/domain/fishbone-templates';
import { LANGUAGES } from '../../shared/i18n/languages';

const cjk = /[\u4e00-\u9fff]/;

function idSequence(prefix: number): () => string {
  let n = 0;
  return () => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
}

function causes(fishbone: Fishbone): Cause[] {
  const out: Cause[] = [];
  walkCauses(fishbone, (c) => {
    out.push(c);
  });
  return out;
}

/** Everything but the words: ids, fields, tree structure, template keys. */
function shape(fishbone: Fishbone): unknown {
  const strip = (c: Cause): unknown => ({ ...c, text: null, evidence: c.evidence !== '', children: c.children.map(strip) });
  return {
    ...fishbone,
    effect: null,
    categories: fishbone.categories.map((c) => ({ ...c, label: null, causes: c.causes.map(strip) })),
  };
}

describe('demo fishbones', () => {
  it('are one per demo case, in both languages, and valid', () => {
    for (const language of LANGUAGES) {
      const fishbones = demoFishbones(language);
      expect(fishbones).toHaveLength(demoCases(language).length);
      for (const f of fishbones) {
        const parsed = Fishbone.safeParse(f);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
  });

  it('use unique ids', () => {
    for (const language of LANGUAGES) {
      const ids: string[] = [];
      for (const f of demoFishbones(language)) {
        for (const c of f.categories) ids.push(c.id);
        for (const c of causes(f)) ids.push(c.id);
      }
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('have the same tree in both languages', () => {
    const zh = demoFishbones('zh-CN', idSequence(1));
    const en = demoFishbones('en', idSequence(1));
    expect(zh.map(shape)).toEqual(en.map(shape));
  });

  it('look like a real retrospective: 5-6 bones, 14-24 causes, 2-3 levels, votes, checked causes', () => {
    for (const f of demoFishbones('en')) {
      expect(f.categories.length).toBeGreaterThanOrEqual(5);
      expect(f.categories.length).toBeLessThanOrEqual(6);
      const total = f.categories.reduce((n, c) => n + countCauses(c.causes), 0);
      expect(total).toBeGreaterThanOrEqual(14);
      expect(total).toBeLessThanOrEqual(24);
      const depth = Math.max(...f.categories.map((c) => causeDepth(c.causes)));
      expect([2, 3]).toContain(depth);
      const all = causes(f);
      for (const status of ['confirmed', 'ruled_out', 'investigating'] as const) expect(all.some((c) => c.status === status), status).toBe(true);
      expect(all.filter((c) => c.votes > 0).length).toBeGreaterThanOrEqual(3);
      expect(all.some((c) => c.touchpoint !== null || c.servqual !== null)).toBe(true);
      expect(findFishboneTemplate(f.template)).not.toBeNull();
    }
  });

  it('have one or two root causes, each confirmed with evidence', () => {
    for (const language of LANGUAGES) {
      for (const f of demoFishbones(language)) {
        const roots = rootCauses(f);
        expect(roots.length).toBeGreaterThanOrEqual(1);
        expect(roots.length).toBeLessThanOrEqual(2);
        for (const { cause } of roots) {
          expect(cause.evidence.trim().length, cause.text).toBeGreaterThan(20);
          expect(cause.status).toBe('confirmed');
        }
        expect(causes(f).filter((c) => !c.isRootCause).every((c) => c.evidence === '')).toBe(true);
      }
    }
  });

  it('read as sticky notes in the language of the case', () => {
    const zh = demoFishbones('zh-CN');
    const en = demoFishbones('en');
    zh.forEach((f, i) => {
      expect(f.effect).toMatch(/^为什么.+？$/);
      expect(en[i]!.effect).toMatch(/^Why .+\?$/);
      const zhTexts = causes(f).map((c) => c.text);
      const enTexts = causes(en[i]!).map((c) => c.text);
      expect(zhTexts.every((t) => cjk.test(t))).toBe(true);
      expect(enTexts.some((t) => cjk.test(t))).toBe(false);
      const shortZh = zhTexts.filter((t) => [...t].length <= 16).length;
      const shortEn = enTexts.filter((t) => t.split(/\s+/).length <= 8).length;
      expect(shortZh / zhTexts.length).toBeGreaterThanOrEqual(0.8);
      expect(shortEn / enTexts.length).toBeGreaterThanOrEqual(0.8);
    });
  });

  it('tell the story of the demo case at the same place', () => {
    const words = { 'zh-CN': ['发货', '入住', '本地化部署'], en: ['dispatch', 'check in', 'on-premises'] } as const;
    for (const language of LANGUAGES) {
      const cases = demoCases(language);
      demoFishbones(language).forEach((f, i) => {
        expect(cases[i]!.fields.problem).toContain(words[language][i]);
        expect(f.effect).toContain(words[language][i]);
      });
    }
    expect(demoFishbones('en').map((f) => f.template)).toEqual(['5m1e', 'mot', '4p']);
  });

  it('survive a switch to any other template with every cause kept', () => {
    for (const language of LANGUAGES) {
      for (const f of demoFishbones(language, idSequence(2))) {
        for (const t of FISHBONE_TEMPLATES) {
          const after = applyTemplate(f, t.id, language, idSequence(3));
          expect(Fishbone.safeParse(after).success).toBe(true);
          expect(causes(after).map((c) => c.id).sort()).toEqual(causes(f).map((c) => c.id).sort());
        }
      }
    }
  });
});
