import { describe, expect, it } from 'vitest';
import type { CasePatch, CaseSummary } from '../../shared/domain/case';
import { STEPS } from '../../shared/domain/vocabulary';
import { manualClock, useBackend, type Backend } from '../support/backend';

const { start } = useBackend();

type Spec = Required<Pick<CasePatch, 'title' | 'step' | 'status' | 'severity' | 'scenarioType' | 'tags' | 'occurredAt'>>;

/** Created in this order, one minute apart, so "updated" order is the list order. */
const SPECS: Spec[] = [
  { title: 'Parcel lost in transit', step: 'identify', status: 'open', severity: 'high', scenarioType: 'emergency', tags: ['logistics'], occurredAt: '2026-01-05T10:00:00.000Z' },
  { title: 'PARCEL damaged at the door', step: 'analyse', status: 'closed', severity: 'low', scenarioType: 'other', tags: ['quality', 'logistics'], occurredAt: null },
  { title: '双十一订单配送延误', step: 'analyse', status: 'open', severity: 'critical', scenarioType: 'emergency', tags: ['物流', '大促'], occurredAt: '2026-11-11T00:00:00.000Z' },
  { title: '100% refund promised by phone', step: 'design', status: 'open', severity: 'medium', scenarioType: 'contract_dispute', tags: [], occurredAt: '2026-03-01T00:00:00.000Z' },
  { title: 'Refund of 100 percent denied', step: 'design', status: 'open', severity: 'high', scenarioType: 'contract_dispute', tags: ['billing'], occurredAt: '2026-02-01T00:00:00.000Z' },
  { title: 'user_name shown to other customers', step: 'improve', status: 'archived', severity: 'critical', scenarioType: 'cross_department', tags: ['privacy'], occurredAt: '2025-12-01T00:00:00.000Z' },
  { title: 'username typo on invoice', step: 'execute', status: 'closed', severity: 'low', scenarioType: 'requirement_change', tags: ['billing'], occurredAt: null },
  { title: 'Back\\slash in address field', step: 'identify', status: 'open', severity: 'medium', scenarioType: 'other', tags: ['data'], occurredAt: '2026-04-01T00:00:00.000Z' },
  { title: '客服态度差导致投诉升级', step: 'execute', status: 'open', severity: 'medium', scenarioType: 'cross_department', tags: ['投诉'], occurredAt: '2026-06-01T00:00:00.000Z' },
];

function seeded() {
  const clock = manualClock('2026-07-01T00:00:00.000Z');
  const b = start({ now: clock.now });
  const ids = new Map<string, string>();
  for (const spec of SPECS) {
    clock.advance(60_000);
    const { id } = b.ok('cases:create', { language: 'en' }).case;
    b.ok('cases:update', { id, revision: 0, patch: spec });
    ids.set(spec.title, id);
  }
  return { ...b, clock, ids };
}

const titles = (items: CaseSummary[]) => items.map((i) => i.title);
/** Titles of the fixture matching `keep`, most recently updated first (the default sort). */
const expected = (keep: (s: Spec) => boolean) =>
  SPECS.filter(keep)
    .map((s) => s.title)
    .reverse();

describe('the default list', () => {
  it('holds every live case, newest change first, with its summary fields', () => {
    const { ok, ids } = seeded();
    const page = ok('cases:list', {});
    expect(page.total).toBe(SPECS.length);
    expect(titles(page.items)).toEqual(expected(() => true));
    const item = page.items.find((i) => i.title.startsWith('PARCEL'))!;
    expect(item).toEqual({
      id: ids.get('PARCEL damaged at the door'),
      title: 'PARCEL damaged at the door',
      step: 'analyse',
      status: 'closed',
      severity: 'low',
      scenarioType: 'other',
      motFailure: 'other',
      department: '',
      occurredAt: null,
      updatedAt: '2026-07-01T00:02:00.000Z',
      deletedAt: null,
      tags: ['logistics', 'quality'],
      overdueActions: 0,
    });
    expect(page.trashCount).toBe(0);
    expect(page.countsByStep).toEqual({ identify: 2, analyse: 2, design: 2, execute: 2, improve: 1 });
  });

  it('is empty for an empty library, with every step counted as zero', () => {
    const { ok } = start();
    expect(ok('cases:list', {})).toEqual({
      items: [],
      total: 0,
      trashCount: 0,
      countsByStep: Object.fromEntries(STEPS.map((s) => [s, 0])),
    });
  });
});

describe('searching titles', () => {
  it.each([
    ['parcel', (s: Spec) => s.title.toLowerCase().includes('parcel')],
    ['PaRcEl', (s: Spec) => s.title.toLowerCase().includes('parcel')],
    ['配送', (s: Spec) => s.title.includes('配送')],
    ['投诉', (s: Spec) => s.title.includes('投诉')],
    ['refund', (s: Spec) => /refund/i.test(s.title)],
    ['  refund  ', (s: Spec) => /refund/i.test(s.title)],
  ])('finds substrings: %j', (search, keep) => {
    const { ok } = seeded();
    const page = ok('cases:list', { search });
    expect(titles(page.items)).toEqual(expected(keep));
    expect(page.total).toBe(page.items.length);
    expect(page.total).toBeGreaterThan(0);
  });

  it.each([
    ['%', ['100% refund promised by phone']],
    ['100%', ['100% refund promised by phone']],
    ['_', ['user_name shown to other customers']],
    ['user_n', ['user_name shown to other customers']],
    ['r_f', []],
    ['\\', ['Back\\slash in address field']],
    ['%%', []],
  ])('treats LIKE wildcards literally: %j', (search, found) => {
    const { ok } = seeded();
    expect(titles(ok('cases:list', { search }).items)).toEqual(found);
  });

  it('narrows as the user types, character by character', () => {
    const { ok } = seeded();
    const word = 'parcel lost';
    const totals = [...word].map((_, i) => ok('cases:list', { search: word.slice(0, i + 1) }).total);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThanOrEqual(totals[i - 1]!);
    expect(totals.at(-1)).toBe(1);
    expect(totals[0]).toBeGreaterThan(1);
  });

  it('with no match gives an empty page and zero counts', () => {
    const { ok } = seeded();
    const page = ok('cases:list', { search: 'nothing like this' });
    expect(page).toMatchObject({ items: [], total: 0, countsByStep: { identify: 0, analyse: 0, design: 0, execute: 0, improve: 0 } });
  });

  it('does not look into the problem text', () => {
    const { ok, ids } = seeded();
    const id = ids.get('Parcel lost in transit')!;
    ok('cases:update', { id, revision: 1, patch: { problem: 'zebra crossing' } });
    expect(ok('cases:list', { search: 'zebra' }).total).toBe(0);
  });
});

describe('filtering', () => {
  it.each([
    [{ step: 'analyse' }, (s: Spec) => s.step === 'analyse'],
    [{ status: 'closed' }, (s: Spec) => s.status === 'closed'],
    [{ severity: 'critical' }, (s: Spec) => s.severity === 'critical'],
    [{ scenarioType: 'contract_dispute' }, (s: Spec) => s.scenarioType === 'contract_dispute'],
    [{ tag: 'billing' }, (s: Spec) => s.tags.includes('billing')],
    [{ tag: '物流' }, (s: Spec) => s.tags.includes('物流')],
    [{ tag: ' logistics ' }, (s: Spec) => s.tags.includes('logistics')],
    [{ tag: 'Logistics' }, (s: Spec) => s.tags.includes('logistics')],
    [{ tag: 'LOG' }, (s: Spec) => s.tags.includes('logistics')],
    [{ tag: '物' }, (s: Spec) => s.tags.includes('物流')],
    [{ tag: '%' }, () => false],
    [{ status: 'open', severity: 'high' }, (s: Spec) => s.status === 'open' && s.severity === 'high'],
    [{ scenarioType: 'emergency', search: 'parcel', tag: 'logistics' }, (s: Spec) => s.title === 'Parcel lost in transit'],
  ] as const)('by %j', (filter, keep) => {
    const { ok } = seeded();
    const page = ok('cases:list', { ...filter });
    expect(titles(page.items)).toEqual(expected(keep));
    expect(page.total).toBe(page.items.length);
  });

  it('counts by step over the other filters, ignoring the step filter itself', () => {
    const { ok } = seeded();
    const page = ok('cases:list', { status: 'open', step: 'design' });
    expect(titles(page.items)).toEqual(expected((s) => s.status === 'open' && s.step === 'design'));
    const open = SPECS.filter((s) => s.status === 'open');
    expect(page.countsByStep).toEqual(Object.fromEntries(STEPS.map((step) => [step, open.filter((s) => s.step === step).length])));
    expect(page.total).toBe(page.countsByStep.design);

    const bySearch = ok('cases:list', { search: 'refund', step: 'identify' });
    expect(bySearch.items).toEqual([]);
    expect(bySearch.countsByStep).toMatchObject({ design: 2, identify: 0 });
  });

  it('refuses a value outside a vocabulary', () => {
    const { fail } = seeded();
    expect(fail('cases:list', { step: 'done' })).toMatchObject({ code: 'validation', issues: [{ path: ['step'], reason: 'invalid_choice' }] });
    expect(fail('cases:list', { sort: 'random' })).toMatchObject({ code: 'validation', issues: [{ path: ['sort'], reason: 'invalid_choice' }] });
    expect(fail('cases:list', { colour: 'red' })).toMatchObject({ code: 'validation', issues: [{ path: ['colour'], reason: 'unknown_field' }] });
  });
});

describe('sorting', () => {
  const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  const order = SPECS.map((s, i) => ({ ...s, updated: i }));

  it.each([
    ['updated_desc', [...order].sort((a, b) => b.updated - a.updated)],
    ['updated_asc', [...order].sort((a, b) => a.updated - b.updated)],
    ['title_asc', [...order].sort((a, b) => new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare(a.title, b.title))],
    [
      'occurred_desc',
      [...order].sort((a, b) => (a.occurredAt === null ? 1 : 0) - (b.occurredAt === null ? 1 : 0) || (b.occurredAt ?? '').localeCompare(a.occurredAt ?? '') || 0),
    ],
    ['severity_desc', [...order].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || b.updated - a.updated)],
  ] as const)('by %s', (sort, want) => {
    const { ok } = seeded();
    const got = titles(ok('cases:list', { sort }).items);
    if (sort === 'occurred_desc') {
      // The two cases without a date come last; their order between themselves is by id.
      expect(got.slice(0, -2)).toEqual(want.slice(0, -2).map((s) => s.title));
      expect(new Set(got.slice(-2))).toEqual(new Set(want.slice(-2).map((s) => s.title)));
    } else {
      expect(got).toEqual(want.map((s) => s.title));
    }
  });

  it('sorts titles A-Z as the reader\'s language does: pinyin for Chinese, numbers by value', () => {
    const { ok } = start();
    for (const title of ['探店服务投诉', '春节配送延误', 'Case 10', 'case 2', '安装预约失约']) {
      const { id } = ok('cases:create', { language: 'zh-CN' }).case;
      ok('cases:update', { id, revision: 0, patch: { title } });
    }
    // an (安) < chun (春) < tan (探); code points would put 探 (U+63A2) before 春 (U+6625).
    expect(titles(ok('cases:list', { sort: 'title_asc', language: 'zh-CN' }).items).filter((t) => /\p{Script=Han}/u.test(t))).toEqual([
      '安装预约失约',
      '春节配送延误',
      '探店服务投诉',
    ]);
    expect(titles(ok('cases:list', { sort: 'title_asc', language: 'en' }).items).slice(0, 2)).toEqual(['case 2', 'Case 10']);
  });

  it('keeps the title order current after a rename, in pages', () => {
    const { ok, ids } = seeded();
    const id = ids.get('username typo on invoice')!;
    ok('cases:update', { id, revision: 1, patch: { title: 'Aardvark invoice' } });
    const first = ok('cases:list', { sort: 'title_asc', language: 'en', limit: 2 });
    // Digits sort before letters: only "100% refund..." comes before the renamed case.
    expect(titles(first.items)).toEqual(['100% refund promised by phone', 'Aardvark invoice']);
    const second = ok('cases:list', { sort: 'title_asc', language: 'en', limit: 2, offset: 2 });
    const all = titles(ok('cases:list', { sort: 'title_asc', language: 'en' }).items);
    expect([...titles(first.items), ...titles(second.items)]).toEqual(all.slice(0, 4));
  });

  it('puts a case edited just now first in the default order', () => {
    const { ok, ids, clock } = seeded();
    clock.advance(60_000);
    const id = ids.get('PARCEL damaged at the door')!;
    ok('cases:update', { id, revision: 1, patch: { location: 'Shanghai' } });
    expect(ok('cases:list', {}).items[0]!.id).toBe(id);
    expect(ok('cases:list', { sort: 'updated_asc' }).items.at(-1)!.id).toBe(id);
  });
});

describe('paging', () => {
  it('walks the whole list in pages, with the same total on every page', () => {
    const { ok } = seeded();
    const all = titles(ok('cases:list', {}).items);
    const walked: string[] = [];
    for (let offset = 0; offset < SPECS.length; offset += 2) {
      const page = ok('cases:list', { offset, limit: 2 });
      expect(page.total).toBe(SPECS.length);
      expect(page.items.length).toBe(Math.min(2, SPECS.length - offset));
      walked.push(...titles(page.items));
    }
    expect(walked).toEqual(all);
  });

  it('past the end gives no items but the true total', () => {
    const { ok } = seeded();
    expect(ok('cases:list', { offset: 100, limit: 10 })).toMatchObject({ items: [], total: SPECS.length });
  });

  it('pages a filtered list within the filter', () => {
    const { ok } = seeded();
    const page = ok('cases:list', { status: 'open', sort: 'title_asc', offset: 1, limit: 2 });
    const open = SPECS.filter((s) => s.status === 'open').map((s) => s.title).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(titles(page.items)).toEqual(open.slice(1, 3));
    expect(page.total).toBe(open.length);
  });

  it.each([
    [{ limit: 0 }, ['limit']],
    [{ limit: 201 }, ['limit']],
    [{ offset: -1 }, ['offset']],
    [{ limit: 1.5 }, ['limit']],
  ])('refuses %j', (query, path) => {
    const { fail } = seeded();
    const error = fail('cases:list', query);
    expect(error.code).toBe('validation');
    expect(error.issues?.map((i) => i.path)).toEqual([path]);
  });

  it('serves the largest page size', () => {
    const { ok } = seeded();
    expect(ok('cases:list', { limit: 200 }).items).toHaveLength(SPECS.length);
  });
});

describe('trashed cases', () => {
  function withTrash(): Backend & { trashed: string[] } {
    const b = seeded();
    const trashed = ['Parcel lost in transit', '双十一订单配送延误'];
    for (const t of trashed) b.ok('cases:trash', { id: b.ids.get(t)! });
    return { ...b, trashed };
  }

  it('are left out of the normal list, its total and its step counts', () => {
    const { ok, trashed } = withTrash();
    const page = ok('cases:list', {});
    expect(titles(page.items)).toEqual(expected((s) => !trashed.includes(s.title)));
    expect(page.total).toBe(SPECS.length - 2);
    expect(page.countsByStep).toMatchObject({ identify: 1, analyse: 1 });
    expect(page.trashCount).toBe(2);
    expect(ok('cases:list', { search: 'parcel' }).items.map((i) => i.title)).toEqual(['PARCEL damaged at the door']);
  });

  it('are listed with trashed: true, marked with when they were trashed', () => {
    const { ok, trashed } = withTrash();
    const page = ok('cases:list', { trashed: true });
    expect(new Set(titles(page.items))).toEqual(new Set(trashed));
    expect(page.total).toBe(2);
    expect(page.trashCount).toBe(2);
    for (const item of page.items) expect(item.deletedAt).toEqual(expect.any(String));
    expect(titles(ok('cases:list', { trashed: true, search: '双十一' }).items)).toEqual(['双十一订单配送延误']);
  });

  it('are counted in the trash whatever the filters', () => {
    const { ok } = withTrash();
    expect(ok('cases:list', { search: 'no such title', severity: 'low' }).trashCount).toBe(2);
  });
});

describe('tags in use', () => {
  it('lists the tags of live cases, most used first, for the tag filter', () => {
    const { ok, ids } = seeded();
    expect(ok('cases:tags', {}).slice(0, 2)).toEqual([
      { tag: 'billing', count: 2 },
      { tag: 'logistics', count: 2 },
    ]);
    ok('cases:trash', { id: ids.get('Parcel lost in transit')! });
    const tags = ok('cases:tags', {});
    expect(tags.find((t) => t.tag === 'logistics')).toEqual({ tag: 'logistics', count: 1 });
    expect(tags.map((t) => t.tag)).toEqual(expect.arrayContaining(['物流', '大促', '投诉', 'privacy', 'quality', 'data']));
    expect(tags.reduce((n, t) => n + t.count, 0)).toBe(SPECS.flatMap((s) => s.tags).length - 1);
  });
});
