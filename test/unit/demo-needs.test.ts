import { describe, expect, it } from 'vitest';
import { demoCases } from '../../shared/domain/demo';
import { demoNeeds } from '../../shared/domain/demo-needs';
import { betterWorse, countAnswers, needCategory } from '../../shared/domain/kano';
import { isFailedMustBe, kanoChart } from '../../shared/domain/kano-chart';
import { CustomerNeeds } from '../../shared/domain/needs';
import { LANGUAGES } from '../../shared/i18n/languages';

const cjk = /[\u4e00-\u9fff]/;

describe('sample customer needs', () => {
  it.each(LANGUAGES)('%s: valid, one list per sample case, in the language, with both ways of classifying', (language) => {
    const lists = demoNeeds(language);
    expect(lists.length).toBe(demoCases(language).length);
    for (const list of lists) {
      expect(CustomerNeeds.safeParse(list).success).toBe(true);
      for (const need of list) expect(cjk.test(need.text)).toBe(language === 'zh-CN');
      // Every case failed a must-be need.
      expect(list.some((n) => needCategory(n) === 'M' && !n.met)).toBe(true);
    }
    const all = lists.flat();
    expect(all.some((n) => n.kano !== null)).toBe(true);
    expect(all.some((n) => n.kano === null && n.answers.length >= 2 && betterWorse(countAnswers(n.answers)) !== null)).toBe(true);
    const chart = kanoChart(lists.map((needs, i) => ({ caseId: `00000000-0000-4000-8000-00000000000${i}`, needs })));
    expect(chart.needs.filter(isFailedMustBe).length).toBeGreaterThanOrEqual(3);
    expect(chart.needs.some((n) => n.cases === 2)).toBe(true);
  });

  it('has the same needs in both languages', () => {
    const [zh, en] = LANGUAGES.map((l) => demoNeeds(l));
    const shape = (lists: CustomerNeeds[]) => lists.map((l) => l.map((n) => [n.kano, n.met, n.answers.map((a) => `${a.functional}/${a.dysfunctional}`)]));
    expect(shape(zh!)).toEqual(shape(en!));
  });
});
