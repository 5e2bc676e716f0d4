import { describe, expect, it } from 'vitest';
import { FISHBONE_TEMPLATES } from '../../shared/domain/fishbone-templates';
import { CAUSE_THEMES } from '../../shared/domain/insights';
import { TOUCHPOINTS } from '../../shared/domain/vocabulary';
import { JOURNEYS, JOURNEY_TOUCHPOINTS, journeyView } from '../../shared/insights/journeys';
import { KEY_THEMES, TEMPLATE_THEMES, THEME_DEFINITIONS, themeLabel, themeOfCategory, themeOfLabel } from '../../shared/insights/themes';

describe('shared cause themes', () => {
  it('maps every category of every fishbone template onto a theme', () => {
    for (const template of FISHBONE_TEMPLATES) {
      for (const category of template.categories) {
        const theme = TEMPLATE_THEMES[template.id]?.[category.key];
        expect(theme, `${template.id}/${category.key}`).toBeDefined();
        expect(CAUSE_THEMES).toContain(theme);
        // By key alone (a category kept after a template switch) it is the same theme.
        expect(themeOfCategory(category.key, 'whatever')).toBe(theme);
      }
    }
    expect(KEY_THEMES.size).toBe(new Set(FISHBONE_TEMPLATES.flatMap((t) => t.categories.map((c) => c.key))).size);
  });

  it('maps the categories as the brief reads them', () => {
    expect(TEMPLATE_THEMES['5m1e']).toEqual({ people: 'people', machine: 'machine', material: 'material', method: 'method', environment: 'environment', measurement: 'measurement' });
    expect(TEMPLATE_THEMES.mot).toEqual({ authority: 'authority', training: 'training', communication: 'communication', process: 'process', environment: 'environment', product: 'product' });
    expect(TEMPLATE_THEMES['4s']!.skills).toBe('training');
    expect(TEMPLATE_THEMES.servqual!.empathy).toBe('communication');
  });

  it('labels every theme in both languages', () => {
    expect(THEME_DEFINITIONS.map((t) => t.key).sort()).toEqual([...CAUSE_THEMES].sort());
    expect(themeLabel('authority', 'zh-CN')).toBe('授权');
    expect(themeLabel('people', 'en')).toBe('People');
  });

  it('reads custom category labels by keyword, in both languages', () => {
    expect(themeOfLabel('人员')).toBe('people');
    expect(themeOfLabel('员工')).toBe('people');
    expect(themeOfLabel(' Staff ')).toBe('people');
    expect(themeOfLabel('门店员工')).toBe('people');
    expect(themeOfLabel('IT systems')).toBe('machine');
    expect(themeOfLabel('The change process does not require a load test')).toBe('process');
    expect(themeOfLabel('Supplier issues')).toBe('material');
    expect(themeOfLabel('沟通不畅')).toBe('communication');
    expect(themeOfLabel('审批权限')).toBe('authority');
    expect(themeOfLabel('人')).toBe('people');
    // A single character only matches the whole label: 客人 (a guest) is not "people".
    expect(themeOfLabel('客人')).toBe('other');
    // A Latin keyword matches a whole word only: "itinerary" holds "it" but is not IT.
    expect(themeOfLabel('itinerary')).toBe('other');
    expect(themeOfLabel('')).toBe('other');
    expect(themeOfCategory(null, '培训不足')).toBe('training');
    expect(themeOfCategory('unknown_key', 'Quality')).toBe('product');
  });
});

describe('customer journeys', () => {
  it('has the generic, retail, restaurant, e-commerce and after-sales journeys with fixed touchpoints', () => {
    expect(JOURNEYS.map((j) => j.id)).toEqual(['service', 'retail', 'restaurant', 'ecommerce', 'after_sales']);
    // Every fixed touchpoint but `other` is on a journey.
    expect([...JOURNEY_TOUCHPOINTS].sort()).toEqual(TOUCHPOINTS.filter((t) => t !== 'other').sort());
    for (const j of JOURNEYS) for (const s of j.stages) expect(s.label['zh-CN'] && s.label.en).toBeTruthy();
  });

  it("adds the library's own touchpoints as a last stage", () => {
    const view = journeyView('restaurant', 'zh-CN', ['小程序预约'], '自有接触点')!;
    expect(view.name).toBe('餐饮');
    expect(view.stages.map((s) => s.label)).toEqual(['入座', '点餐', '上菜', '结账', '自有接触点']);
    expect(view.stages.at(-1)!.touchpoints).toEqual(['小程序预约']);
    expect(journeyView('service', 'en', [], 'Own')!.stages).toHaveLength(3);
    expect(journeyView('nope', 'en', [], 'Own')).toBeNull();
  });
});
