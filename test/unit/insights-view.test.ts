import { describe, expect, it } from 'vitest';
import { InsightsQuery } from '../../shared/domain/insights';
import { dayEnd, dayStart } from '../../renderer/src/components/search/date-range';
import { formatMonth, formatShare } from '../../renderer/src/components/insights/format';
import { badRange, insightsQuery, parseInsightsView, viewFilters, type InsightsView } from '../../renderer/src/state/insights-view';

// The route module listens to the page's address at load; in Node it is given an address of its own.
Object.assign(globalThis, { window: { location: { hash: '' }, addEventListener() {} } });
const { parseRoute, routeHash } = await import('../../renderer/src/state/route');

describe('insights view in the address', () => {
  const full: InsightsView = {
    from: '2026-01-01',
    to: '2026-03-31',
    department: '客服部',
    touchpoint: 'delivery',
    severity: 'high',
    scenarioType: 'emergency',
    tag: 'promo & sale',
    by: 'servqual',
    journey: 'retail',
    drill: { input: { dimension: 'servqual', key: 'reliability' }, title: 'Reliability' },
  };

  it('comes back the same from its query string, through the route (so Back and reload keep it)', () => {
    const query = insightsQuery(full);
    expect(parseInsightsView(query)).toEqual(full);
    const hash = routeHash({ name: 'insights', query });
    expect(hash.startsWith('#/insights?')).toBe(true);
    expect(parseRoute(hash)).toEqual({ name: 'insights', query });
    expect(parseRoute('#/insights')).toEqual({ name: 'insights' });
    expect(routeHash({ name: 'insights' })).toBe('#/insights');
  });

  it('writes the same view as the same address, whatever order the fields were set in', () => {
    const a = insightsQuery({ severity: 'low', from: '2026-02-01' });
    const b = insightsQuery({ from: '2026-02-01', severity: 'low' });
    expect(a).toBe(b);
  });

  it('drops what it cannot trust: unknown choices, malformed days, a mangled drill-down', () => {
    const view = parseInsightsView('from=2026-2-1&to=yesterday&severity=huge&scenarioType=x&department=%20%20&drill=%7Bnot-json&extra=1');
    expect(view).toEqual({});
    expect(parseInsightsView('drill=' + encodeURIComponent(JSON.stringify({ title: 'no input' })))).toEqual({});
    expect(parseInsightsView(undefined)).toEqual({});
  });

  it('flags a backwards range and turns days into the API’s filters, which the contract accepts', () => {
    expect(badRange({ from: '2026-03-02', to: '2026-03-01' })).toBe(true);
    expect(badRange({ from: '2026-03-01', to: '2026-03-01' })).toBe(false);
    const filters = viewFilters(full);
    expect(filters).toEqual({
      from: dayStart('2026-01-01'),
      to: dayEnd('2026-03-31'),
      department: '客服部',
      touchpoint: 'delivery',
      severity: 'high',
      scenarioType: 'emergency',
      tag: 'promo & sale',
    });
    expect(InsightsQuery.strict().safeParse({ ...filters, language: 'zh-CN' }).success).toBe(true);
  });
});

describe('insights figures by locale', () => {
  it('writes months and shares as each language does', () => {
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026');
    expect(formatMonth('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(formatShare(0.8, 'en')).toBe('80%');
    expect(formatShare(0.255, 'zh-CN')).toBe('26%');
  });
});
