import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/contract';
import { METHOD_NAMES } from '../../shared/contract/methods';
import { CaseFields, CasePatch } from '../../shared/domain/case';
import { demoCases } from '../../shared/domain/demo';
import { CASE_TEMPLATES, fieldsFromTemplate, templateGuidance } from '../../shared/domain/templates';
import { MOT_FAILURES, SCENARIO_TYPES } from '../../shared/domain/vocabulary';

describe('the contract', () => {
  it('defines every method once, named domain:verb', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
  });

  it('refuses unknown fields in a case patch', () => {
    expect(CasePatch.strict().safeParse({ title: 'x', sql: 'DROP TABLE cases' }).success).toBe(false);
  });
});

describe('case templates', () => {
  it('cover every scenario type and every moment-of-truth failure type', () => {
    for (const s of SCENARIO_TYPES.filter((s) => s !== 'other')) expect(CASE_TEMPLATES.some((t) => t.set.scenarioType === s), s).toBe(true);
    for (const m of MOT_FAILURES.filter((m) => m !== 'other')) expect(CASE_TEMPLATES.some((t) => t.set.motFailure === m), m).toBe(true);
  });

  it('produce valid case fields, with prompts in the chosen language as guidance only', () => {
    for (const t of CASE_TEMPLATES) {
      const zh = fieldsFromTemplate(t.id, 'zh-CN')!;
      const en = fieldsFromTemplate(t.id, 'en')!;
      expect(CaseFields.safeParse(zh).success).toBe(true);
      expect([zh.problem, zh.customerExperience, zh.customerImpact, en.problem]).toEqual(['', '', '', '']);
      expect(templateGuidance(t.id, 'problem', 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(templateGuidance(t.id, 'problem', 'en')).not.toMatch(/[\u4e00-\u9fff]/);
      expect(templateGuidance(t.id, 'problem', 'en')!.length).toBeGreaterThan(20);
    }
    expect(templateGuidance(null, 'problem', 'en')).toBeNull();
    expect(fieldsFromTemplate('no-such-template', 'en')).toBeNull();
  });
});

describe('demo cases', () => {
  it('are the three cases of the brief, valid, in each language', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const cases = demoCases(language);
      expect(cases).toHaveLength(3);
      for (const c of cases) {
        expect(CaseFields.safeParse(c.fields).success).toBe(true);
        expect(c.timeline.length).toBeGreaterThanOrEqual(5);
        expect(c.timeline.every((e) => e.description.length > 0)).toBe(true);
        const times = c.timeline.map((e) => Date.parse(e.at!));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
      }
      const cjk = /[\u4e00-\u9fff]/;
      expect(cases.every((c) => cjk.test(c.fields.title))).toBe(language === 'zh-CN');
    }
    expect(demoCases('en').map((c) => c.fields.scenarioType)).toEqual(['emergency', 'emergency', 'cross_department']);
  });
});

describe('very long lines', () => {
  it('are found only when one line alone passes the limit', async () => {
    const { hasVeryLongLine } = await import('../../renderer/src/components/long-lines');
    expect(hasVeryLongLine('short')).toBe(false);
    expect(hasVeryLongLine(('a'.repeat(9_000) + '\n').repeat(20))).toBe(false);
    expect(hasVeryLongLine('a'.repeat(10_000))).toBe(true);
    expect(hasVeryLongLine('line\n' + 'b'.repeat(12_000) + '\nend')).toBe(true);
  });
});
