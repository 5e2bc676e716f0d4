import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import { Fishbone, defaultCauseFields, type Category, type Cause } from '../../shared/domain/fishbone';
import {
  FISHBONE_TEMPLATES,
  applyTemplate,
  fishboneFromTemplate,
  findFishboneTemplate,
  templatePrompts,
} from '../../shared/domain/fishbone-templates';
import { CAUSE_STATUSES, SERVQUAL_DIMENSIONS, TOUCHPOINTS } from '../../shared/domain/vocabulary';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';

const cjk = /[\u4e00-\u9fff]/;

/** Valid v4-shaped UUIDs from a counter; `prefix` keeps separate sequences apart. */
function idSequence(prefix: number): () => string {
  let n = 0;
  return () => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
}

const noNewIds = () => {
  throw new Error('newId should not be called');
};

function cause(id: string, text: string, children: Cause[] = []): Cause {
  return { ...defaultCauseFields(text), id, children };
}

function allIds(fishbone: Fishbone): string[] {
  const ids: string[] = [];
  const visit = (list: Cause[]) => {
    for (const c of list) {
      ids.push(c.id);
      visit(c.children);
    }
  };
  for (const category of fishbone.categories) {
    ids.push(category.id);
    visit(category.causes);
  }
  return ids;
}

function causesById(fishbone: Fishbone): Map<string, Cause> {
  const out = new Map<string, Cause>();
  const visit = (list: Cause[]) => {
    for (const c of list) {
      out.set(c.id, c);
      visit(c.children);
    }
  };
  for (const category of fishbone.categories) visit(category.causes);
  return out;
}

const byKey = (fishbone: Fishbone, key: string) => fishbone.categories.find((c) => c.templateKey === key)!;
const texts = (category: Category) => category.causes.map((c) => c.text);

describe('the fishbone category template file', () => {
  it('loads the six templates, each with both languages and unique keys', () => {
    expect(FISHBONE_TEMPLATES.map((t) => t.id)).toEqual(['5m1e', '4p', '4s', '8p', 'servqual', 'mot']);
    for (const t of FISHBONE_TEMPLATES) {
      expect(cjk.test(t.name['zh-CN']) || /^[A-Z0-9 ]+$/.test(t.name['zh-CN']), t.id).toBe(true);
      expect(t.description['zh-CN'], t.id).toMatch(cjk);
      expect(t.description.en, t.id).not.toMatch(cjk);
      const keys = t.categories.map((c) => c.key);
      expect(new Set(keys).size, t.id).toBe(keys.length);
      for (const c of t.categories) {
        expect(c.label['zh-CN'], `${t.id}.${c.key}`).toMatch(cjk);
        expect(c.label.en, `${t.id}.${c.key}`).not.toMatch(cjk);
        for (const l of LANGUAGES) {
          expect(c.prompts[l].length, `${t.id}.${c.key}.${l}`).toBeGreaterThanOrEqual(2);
          expect(c.prompts[l].length, `${t.id}.${c.key}.${l}`).toBeLessThanOrEqual(3);
        }
        expect(c.prompts['zh-CN'].every((p) => cjk.test(p))).toBe(true);
        expect(c.prompts.en.some((p) => cjk.test(p))).toBe(false);
        expect(c.concepts.length).toBeGreaterThan(0);
      }
    }
  });

  it('uses the labels practitioners use', () => {
    const labels = (id: string, l: Language) => findFishboneTemplate(id)!.categories.map((c) => c.label[l]);
    expect(labels('5m1e', 'zh-CN')).toEqual(['人', '机', '料', '法', '环', '测']);
    expect(labels('4p', 'en')).toEqual(['Policies', 'Procedures', 'People', 'Plant & technology']);
    expect(labels('4s', 'en')).toEqual(['Surroundings', 'Suppliers', 'Systems', 'Skills']);
    expect(labels('8p', 'en')).toHaveLength(8);
    expect(labels('servqual', 'zh-CN')).toEqual(['可靠性', '响应性', '保证性', '移情性', '有形性']);
    expect(labels('mot', 'zh-CN')).toEqual(['授权', '培训', '沟通', '流程', '环境', '产品']);
  });
});

describe('fishboneFromTemplate', () => {
  it('lays out every template in both languages, with no causes', () => {
    for (const t of FISHBONE_TEMPLATES) {
      for (const language of LANGUAGES) {
        const fishbone = fishboneFromTemplate(t.id, language, idSequence(1), language === 'en' ? 'Why?' : null);
        expect(Fishbone.safeParse(fishbone).success, `${t.id} ${language}`).toBe(true);
        expect(fishbone.template).toBe(t.id);
        expect(fishbone.effect).toBe(language === 'en' ? 'Why?' : null);
        expect(fishbone.orientation).toBe('head_right');
        expect(fishbone.categories.map((c) => c.templateKey)).toEqual(t.categories.map((c) => c.key));
        expect(fishbone.categories.map((c) => c.label)).toEqual(t.categories.map((c) => c.label[language]));
        expect(fishbone.categories.every((c) => c.causes.length === 0)).toBe(true);
        expect(new Set(allIds(fishbone)).size).toBe(t.categories.length);
      }
    }
  });

  it('refuses an unknown template with a validation error', () => {
    expect(() => fishboneFromTemplate('6sigma', 'en', idSequence(1))).toThrow(CausewayError);
    try {
      applyTemplate(fishboneFromTemplate('mot', 'en', idSequence(1)), 'nope', 'en', idSequence(2));
      expect.unreachable();
    } catch (e) {
      expect((e as CausewayError).code).toBe('validation');
    }
  });
});

describe('templatePrompts', () => {
  it('gives the questions of a category in the chosen language', () => {
    expect(templatePrompts('mot', 'authority', 'zh-CN')[0]).toMatch(/当场/);
    expect(templatePrompts('mot', 'authority', 'en')[0]).toMatch(/on the spot/);
  });

  it('falls back to another template for a kept key, and gives nothing for a category people added', () => {
    expect(templatePrompts('4p', 'measurement', 'en')).toEqual(findFishboneTemplate('5m1e')!.categories.find((c) => c.key === 'measurement')!.prompts.en);
    expect(templatePrompts('4p', null, 'en')).toEqual([]);
    expect(templatePrompts('no-such', 'no-such', 'zh-CN')).toEqual([]);
  });
});

describe('applyTemplate', () => {
  /** A 5M1E diagram with one cause (with a child) on each bone, in Chinese. */
  function fiveM(): Fishbone {
    const newId = idSequence(10);
    const fishbone = fishboneFromTemplate('5m1e', 'zh-CN', newId, '为什么订单超时发货？');
    const keys = ['people', 'machine', 'material', 'method', 'environment', 'measurement'];
    fishbone.categories.forEach((category, i) => {
      category.causes = [cause(newId(), `${keys[i]} cause`, [cause(newId(), `${keys[i]} why`)])];
    });
    fishbone.categories[0]!.causes[0]!.isRootCause = true;
    fishbone.categories[0]!.causes[0]!.evidence = 'Rota for 3x, actual 8x';
    return fishbone;
  }

  it('maps 5M1E onto 4P: people to People, machines and environment to Plant, methods to Procedures', () => {
    const before = fiveM();
    const after = applyTemplate(before, '4p', 'en', idSequence(20));
    expect(after.template).toBe('4p');
    expect(after.effect).toBe(before.effect);
    expect(after.categories.map((c) => c.label)).toEqual(['Policies', 'Procedures', 'People', 'Plant & technology', '料', '测']);
    expect(texts(byKey(after, 'people'))).toEqual(['people cause']);
    expect(texts(byKey(after, 'procedures'))).toEqual(['method cause']);
    expect(texts(byKey(after, 'plant'))).toEqual(['machine cause', 'environment cause']);
    expect(byKey(after, 'policies').causes).toEqual([]);
    // Nothing in 4P for materials or measurement: those bones stay, unchanged, after the template's.
    expect(byKey(after, 'material')).toBe(before.categories[2]);
    expect(byKey(after, 'measurement')).toBe(before.categories[5]);
    // Same key, same id: the People bone is the same bone.
    expect(byKey(after, 'people').id).toBe(byKey(before, 'people').id);
    expect(byKey(after, 'people').causes[0]).toEqual(byKey(before, 'people').causes[0]);
  });

  it('maps the moments-of-truth causes onto SERVQUAL and 4S', () => {
    const newId = idSequence(30);
    const mot = fishboneFromTemplate('mot', 'en', newId);
    for (const category of mot.categories) category.causes = [cause(newId(), category.templateKey!)];
    const servqual = applyTemplate(mot, 'servqual', 'en', idSequence(31));
    expect(texts(byKey(servqual, 'responsiveness'))).toEqual(['authority']);
    expect(texts(byKey(servqual, 'assurance'))).toEqual(['training']);
    expect(texts(byKey(servqual, 'empathy'))).toEqual(['communication']);
    expect(texts(byKey(servqual, 'reliability'))).toEqual(['process', 'product']);
    expect(texts(byKey(servqual, 'tangibles'))).toEqual(['environment']);
    const fourS = applyTemplate(mot, '4s', 'zh-CN', idSequence(32));
    expect(texts(byKey(fourS, 'skills'))).toEqual(['training']);
    expect(texts(byKey(fourS, 'surroundings'))).toEqual(['environment']);
    expect(texts(byKey(fourS, 'systems'))).toEqual(['authority', 'communication', 'process']);
    expect(texts(byKey(fourS, 'suppliers'))).toEqual(['product']);
  });

  it('matches bones people added by their label, in either language and any case', () => {
    const newId = idSequence(40);
    const fishbone: Fishbone = {
      effect: null,
      template: null,
      orientation: 'head_left',
      categories: [
        { id: newId(), label: ' PEOPLE ', templateKey: null, causes: [cause(newId(), 'a')] },
        { id: newId(), label: '培训', templateKey: null, causes: [cause(newId(), 'b')] },
        { id: newId(), label: 'Customers', templateKey: null, causes: [cause(newId(), 'c')] },
        { id: newId(), label: 'Empty', templateKey: null, causes: [] },
      ],
    };
    const after = applyTemplate(fishbone, '4p', 'zh-CN', idSequence(41));
    expect(after.orientation).toBe('head_left');
    // "PEOPLE" is 4P's own label; 培训 is MOT's training label, whose concepts lead to 人员.
    expect(texts(byKey(after, 'people'))).toEqual(['a', 'b']);
    expect(after.categories.slice(4)).toEqual([fishbone.categories[2]]);
  });

  it('does not change a diagram already on that template', () => {
    const before = fiveM();
    expect(applyTemplate(before, '5m1e', 'zh-CN', noNewIds)).toEqual(before);
  });

  it('brings causes back to their bones when switching back', () => {
    const before = fiveM();
    const there = applyTemplate(before, 'mot', 'en', idSequence(50));
    const back = applyTemplate(there, '5m1e', 'zh-CN', idSequence(51));
    expect(new Set(causesById(back).keys())).toEqual(new Set(causesById(before).keys()));
    expect(byKey(back, 'people').causes.map((c) => c.id)).toContain(byKey(before, 'people').causes[0]!.id);
  });

  it('refuses to pass the category limit', () => {
    const newId = idSequence(60);
    const categories = Array.from({ length: 28 }, (_, i) => ({ id: newId(), label: `Custom ${i}`, templateKey: null, causes: [cause(newId(), 'x')] }));
    const fishbone: Fishbone = { effect: null, template: null, orientation: 'head_right', categories };
    expect(() => applyTemplate(fishbone, '8p', 'en', newId)).toThrow(CausewayError);
  });
});

describe('applyTemplate, for any diagram and any template', () => {
  const allKeys = [...new Set(FISHBONE_TEMPLATES.flatMap((t) => t.categories.map((c) => c.key)))];
  const allLabels = FISHBONE_TEMPLATES.flatMap((t) => t.categories.flatMap((c) => [c.label['zh-CN'], c.label.en]));

  const label = fc.oneof(
    fc.constantFrom(...allLabels),
    fc.constantFrom(...allLabels).map((l) => l.toUpperCase()),
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
  );
  const templateKey = fc.option(fc.oneof(fc.constantFrom(...allKeys), fc.constantFrom('custom', 'legacy_bone')), { nil: null });

  type Shape = { fields: Omit<Cause, 'id' | 'children'>; children: Shape[] };
  const fields = fc.record({
    text: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
    status: fc.constantFrom(...CAUSE_STATUSES),
    isRootCause: fc.boolean(),
    evidence: fc.string({ maxLength: 20 }),
    votes: fc.nat({ max: 20 }),
    touchpoint: fc.option(fc.constantFrom(...TOUCHPOINTS), { nil: null }),
    servqual: fc.option(fc.constantFrom(...SERVQUAL_DIMENSIONS), { nil: null }),
    collapsed: fc.boolean(),
  });
  /** Causes up to four levels deep. */
  const shapeAt = (depth: number): fc.Arbitrary<Shape> =>
    fc.record({ fields, children: depth === 0 ? fc.constant([]) : fc.array(shapeAt(depth - 1), { maxLength: 3 }) });
  const shape = shapeAt(3);

  const fishbone = fc
    .record({
      effect: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
      template: fc.option(fc.constantFrom(...FISHBONE_TEMPLATES.map((t) => t.id), 'old'), { nil: null }),
      orientation: fc.constantFrom('head_right' as const, 'head_left' as const),
      categories: fc.array(fc.record({ label, templateKey, causes: fc.array(shape, { maxLength: 4 }) }), { maxLength: 12 }),
    })
    .map((raw): Fishbone => {
      const newId = idSequence(100);
      const build = (s: Shape): Cause => ({ ...s.fields, id: newId(), children: s.children.map(build) });
      return { ...raw, categories: raw.categories.map((c) => ({ id: newId(), label: c.label, templateKey: c.templateKey, causes: c.causes.map(build) })) };
    });

  const templateId = fc.constantFrom(...FISHBONE_TEMPLATES.map((t) => t.id));
  const language = fc.constantFrom(...LANGUAGES);

  it('keeps every cause with its subtree and fields, and gives a valid diagram with unique ids', () => {
    fc.assert(
      fc.property(fishbone, templateId, language, (before, id, lang) => {
        expect(Fishbone.safeParse(before).success).toBe(true);
        const after = applyTemplate(before, id, lang, idSequence(200));
        expect(Fishbone.safeParse(after).success).toBe(true);
        const ids = allIds(after);
        expect(new Set(ids).size).toBe(ids.length);
        const was = causesById(before);
        const now = causesById(after);
        expect([...now.keys()].sort()).toEqual([...was.keys()].sort());
        for (const [causeId, c] of was) expect(now.get(causeId)).toEqual(c);
        // The template's bones come first, in its order, in the chosen language.
        const template = findFishboneTemplate(id)!;
        expect(after.categories.slice(0, template.categories.length).map((c) => c.label)).toEqual(template.categories.map((c) => c.label[lang]));
        expect(after.categories.slice(template.categories.length).every((c) => c.causes.length > 0)).toBe(true);
        expect(after.template).toBe(id);
        expect(after.effect).toBe(before.effect);
      }),
      { numRuns: 300 },
    );
  });

  it('changes nothing when the same template is applied a second time', () => {
    fc.assert(
      fc.property(fishbone, templateId, language, (before, id, lang) => {
        const once = applyTemplate(before, id, lang, idSequence(200));
        expect(applyTemplate(once, id, lang, noNewIds)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});
