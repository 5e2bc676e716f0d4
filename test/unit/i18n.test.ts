import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { languageFromLocale } from '../../shared/i18n/languages';
import * as vocabulary from '../../shared/domain/vocabulary';
import { CASE_SORTS } from '../../shared/domain/case';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const en = flatten(CATALOGS.en as unknown as Tree);
const zh = flatten(CATALOGS['zh-CN'] as unknown as Tree);
const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the same keys in zh-CN and en, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of [...en, ...zh]) expect(v.trim(), k).not.toBe('');
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [k, v] of en) expect(vars(zh.get(k)!), k).toEqual(vars(v));
  });

  it('translate Chinese UI text into Chinese', () => {
    const cjk = /[\u4e00-\u9fff]/;
    // Root-cause codes (RC1, RC2 …) read the same in both languages, in the app and in the report;
    // so do the Pareto chart's 80% line and an emotion score's number before its label.
    const untranslated = [...zh].filter(([k, v]) => !cjk.test(v) && v === en.get(k) && !/^app\.name$|^sorts\.title_asc$|^plan\.roots\.id$|^report\.rootCause\.id$|^insightsReport\.pareto\.cutLine$|^insightsUi\.pareto\.line80$|^insightsUi\.journey\.emotionValue$/.test(k));
    expect(untranslated).toEqual([]);
  });

  it('label every value of every closed vocabulary', () => {
    const groups: [string, readonly string[]][] = [
      ['enum.severity', vocabulary.SEVERITIES],
      ['enum.status', vocabulary.CASE_STATUSES],
      ['enum.scenarioType', vocabulary.SCENARIO_TYPES],
      ['enum.motFailure', vocabulary.MOT_FAILURES],
      ['enum.touchpoint', vocabulary.TOUCHPOINTS],
      ['enum.timelineKind', vocabulary.TIMELINE_KINDS],
      ['enum.actionKind', vocabulary.ACTION_KINDS],
      ['enum.actionStatus', vocabulary.ACTION_STATUSES],
      ['enum.level', vocabulary.LEVELS],
      ['enum.effectiveness', vocabulary.EFFECTIVENESS],
      ['enum.lessonKind', vocabulary.LESSON_KINDS],
      ['enum.improvementArea', vocabulary.IMPROVEMENT_AREAS],
      ['enum.causeStatus', vocabulary.CAUSE_STATUSES],
      ['enum.whyStatus', vocabulary.WHY_STATUSES],
      ['enum.stopReason', vocabulary.WHY_STOP_REASONS],
      ['steps', vocabulary.STEPS],
      ['sorts', CASE_SORTS],
    ];
    for (const [prefix, values] of groups) {
      for (const v of values) {
        expect(en.has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
        expect(zh.has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
      }
    }
  });

  it('uses the domain vocabulary in Chinese', () => {
    expect(zh.get('steps.identify')).toBe('问题识别');
    expect(zh.get('steps.analyse')).toBe('原因分析');
    expect(zh.get('steps.design')).toBe('制定方案');
    expect(zh.get('steps.execute')).toBe('执行与反馈');
    expect(zh.get('steps.improve')).toBe('总结与改进');
    expect(zh.get('enum.motFailure.service_delay')).toBe('服务延误');
  });
});

describe('languageFromLocale', () => {
  it('picks zh-CN for any Chinese locale and English otherwise', () => {
    expect(languageFromLocale('zh-CN')).toBe('zh-CN');
    expect(languageFromLocale('zh-TW')).toBe('zh-CN');
    expect(languageFromLocale('zh')).toBe('zh-CN');
    expect(languageFromLocale('zh_CN.UTF-8')).toBe('zh-CN');
    expect(languageFromLocale('zu-ZA')).toBe('en');
    expect(languageFromLocale('en-GB')).toBe('en');
    expect(languageFromLocale('de')).toBe('en');
    expect(languageFromLocale(undefined)).toBe('en');
  });
});
