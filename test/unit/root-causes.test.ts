import { describe, expect, it } from 'vitest';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import type { RootCauseRef } from '../../shared/domain/plan';
import {
  applyRootCauseCommand,
  coveredRootCauses,
  distinctRootCauses,
  expandRefs,
  mergeCommand,
  mergeOffers,
  normaliseText,
  resolveRefs,
  RootCauseCommand,
  rootCauseIndex,
  separateCommand,
  textSimilarity,
  type RootCauseLink,
} from '../../shared/domain/root-causes';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const C1 = uuid(1);
const C2 = uuid(2);
const C3 = uuid(3);
const cause = (id: string, text: string, fields: Partial<Cause> = {}): Cause => ({ ...defaultCauseFields(text), id, children: [], ...fields });
const why = (id: string, answer: string, fields: Partial<Why> = {}, children: Why[] = []): Why => ({ ...defaultWhyFields(answer), id, children, ...fields });
const root = { isRootCause: true };

function fishbone(): Fishbone {
  return {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      { id: uuid(90), label: 'Method', templateKey: null, causes: [cause(C1, 'No refund approval rule for agents', { ...root, status: 'confirmed' }), cause(C2, 'Queue too long', root)] },
      { id: uuid(91), label: 'Man', templateKey: null, causes: [cause(C3, 'Temporary staff untrained', { ...root, status: 'hypothesis' })] },
    ],
  };
}

/** Analysis A asks about C1 and ends in one root; B asks about C2 and ends in two; P asks about the problem. */
function analyses(): WhyAnalysis[] {
  return [
    { id: uuid(10), startCauseId: C1, question: '', direction: 'TB', whys: [why(uuid(11), 'Agents must ask a manager', {}, [why(uuid(12), 'The refund policy names no agent limit', { ...root, status: 'verified', stopReason: 'controllable' })])] },
    { id: uuid(20), startCauseId: C2, question: '', direction: 'TB', whys: [why(uuid(21), 'Peak not forecast', root), why(uuid(22), 'Overflow routing off', root)] },
    { id: uuid(30), startCauseId: null, question: '', direction: 'TB', whys: [why(uuid(31), 'Temporary staff were not trained.', root)] },
  ];
}

const f = (id: string): RootCauseRef => ({ source: 'fishbone', id });
const w = (id: string): RootCauseRef => ({ source: 'whys', id });
const keysOf = (roots: ReturnType<typeof distinctRootCauses>) => roots.map((r) => r.places.map((p) => p.key));

describe('distinct root causes', () => {
  it('joins a fishbone root cause with the one root cause of an analysis asking why about it', () => {
    const roots = distinctRootCauses(fishbone(), analyses());
    // C1 + its analysis's single root are one; C2's analysis has two roots, which stay apart.
    expect(keysOf(roots)).toEqual([[`fishbone:${C1}`, `whys:${uuid(12)}`], [`fishbone:${C2}`], [`fishbone:${C3}`], [`whys:${uuid(21)}`], [`whys:${uuid(22)}`], [`whys:${uuid(31)}`]]);
    const first = roots[0]!;
    expect(first).toMatchObject({ key: `fishbone:${C1}`, ref: f(C1), text: 'No refund approval rule for agents', n: 1, status: 'confirmed' });
    const place = first.places[1]!;
    expect(place.source === 'whys' && [place.analysis.id, place.depth, place.stopReason]).toEqual([uuid(10), 2, 'controllable']);
    expect(first.places[0]!.source === 'fishbone' && first.places[0]!.category.label).toBe('Method');
    expect(roots.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('does not join when the fishbone cause is not marked a root cause, and a status is the least settled of its places', () => {
    const fb = fishbone();
    fb.categories[0]!.causes[0]!.isRootCause = false;
    expect(distinctRootCauses(fb, analyses()).map((r) => r.key)).not.toContain(`fishbone:${C1}`);
    const list = analyses();
    list[0]!.whys[0]!.children[0]!.status = 'hypothesis';
    expect(distinctRootCauses(fishbone(), list)[0]!.status).toBe('hypothesis');
    const reopened = fishbone();
    reopened.categories[0]!.causes[0]!.status = 'investigating';
    expect(distinctRootCauses(reopened, analyses())[0]!.status).toBe('investigating');
  });

  it('merges explicitly (transitively), and separating again undoes it; both are undoable commands', () => {
    const fb = fishbone();
    const list = analyses();
    const roots = distinctRootCauses(fb, list);
    const staff = roots.find((r) => r.key === `fishbone:${C3}`)!;
    const untrained = roots.find((r) => r.key === `whys:${uuid(31)}`)!;
    const merge = mergeCommand(fb, list, [], staff, untrained);
    expect(RootCauseCommand.safeParse(merge).success).toBe(true);
    expect(merge).toEqual({ type: 'relate', add: [{ a: f(C3), b: w(uuid(31)), same: true }], remove: [] });
    const merged = applyRootCauseCommand([], merge);
    const after = distinctRootCauses(fb, list, merged.links);
    expect(after).toHaveLength(5);
    const one = after.find((r) => r.key === `fishbone:${C3}`)!;
    expect(one.places.map((p) => p.key)).toEqual([`fishbone:${C3}`, `whys:${uuid(31)}`]);
    // Undo gives back no links.
    expect(applyRootCauseCommand(merged.links, merged.inverse).links).toEqual([]);

    // Separating the 5-Whys place again removes the link; its inverse merges them back.
    const separate = separateCommand(fb, list, merged.links, one, one.places[1]!);
    expect(separate).toEqual({ type: 'relate', add: [], remove: [{ a: f(C3), b: w(uuid(31)), same: true }] });
    const separated = applyRootCauseCommand(merged.links, separate);
    expect(distinctRootCauses(fb, list, separated.links)).toHaveLength(6);
    expect(distinctRootCauses(fb, list, applyRootCauseCommand(separated.links, separated.inverse).links)).toHaveLength(5);

    // Transitive: C2 = why 21 and why 21 = why 22 make one root cause of three places.
    const links: RootCauseLink[] = [{ a: f(C2), b: w(uuid(21)), same: true }, { a: w(uuid(22)), b: w(uuid(21)), same: true }];
    expect(distinctRootCauses(fb, list, links).find((r) => r.key === `fishbone:${C2}`)!.places).toHaveLength(3);
  });

  it('separates an automatic pair with a distinct link, which is not offered again and can be merged back', () => {
    const fb = fishbone();
    const list = analyses();
    const auto = distinctRootCauses(fb, list)[0]!;
    const separate = separateCommand(fb, list, [], auto, auto.places[1]!);
    expect(separate).toEqual({ type: 'relate', add: [{ a: f(C1), b: w(uuid(12)), same: false }], remove: [] });
    const { links } = applyRootCauseCommand([], separate);
    const apart = distinctRootCauses(fb, list, links);
    expect(apart).toHaveLength(7);
    const a = apart.find((r) => r.key === `fishbone:${C1}`)!;
    const b = apart.find((r) => r.key === `whys:${uuid(12)}`)!;
    expect(mergeOffers(apart, links).some((o) => o.a.key === a.key && o.b.key === b.key)).toBe(false);
    // Merging back only removes the distinct link: the automatic rule joins them again.
    const back = mergeCommand(fb, list, links, a, b);
    expect(back).toEqual({ type: 'relate', add: [], remove: [{ a: f(C1), b: w(uuid(12)), same: false }] });
    expect(distinctRootCauses(fb, list, applyRootCauseCommand(links, back).links)).toHaveLength(6);
  });

  it('refuses a link to itself, a duplicate, and removing a link that is not there, changing nothing', () => {
    const links: RootCauseLink[] = [{ a: f(C1), b: f(C2), same: true }];
    const before = structuredClone(links);
    expect(() => applyRootCauseCommand(links, { type: 'relate', add: [{ a: f(C1), b: f(C1), same: true }], remove: [] })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => applyRootCauseCommand(links, { type: 'relate', add: [{ a: f(C2), b: f(C1), same: true }], remove: [] })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => applyRootCauseCommand(links, { type: 'relate', add: [], remove: [{ a: f(C1), b: f(C2), same: false }] })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(links).toEqual(before);
  });

  it('covers a root cause when an action links any of its places, names it once, and reopens every place', () => {
    const roots = distinctRootCauses(fishbone(), analyses());
    const index = rootCauseIndex(roots);
    const actions = [
      { status: 'planned', rootCauses: [w(uuid(12))] },
      { status: 'planned', rootCauses: [f(C1), w(uuid(12))] },
      { status: 'cancelled', rootCauses: [f(C2)] },
    ];
    const covered = coveredRootCauses(actions, index);
    expect([...covered]).toEqual([[`fishbone:${C1}`, 2]]);
    expect(resolveRefs([f(C1), w(uuid(12)), f(uuid(99))], index).map((x) => (x.root ? x.root.key : `stale ${x.ref.id}`))).toEqual([`fishbone:${C1}`, `stale ${uuid(99)}`]);
    expect(expandRefs([w(uuid(12))], index)).toEqual([f(C1), w(uuid(12))]);
  });
});

describe('look-alike root causes', () => {
  it('normalises width, case, spaces and punctuation', () => {
    expect(normaliseText(' Temporary  staff, UNTRAINED! ')).toBe('temporarystaffuntrained');
    expect(normaliseText('临时工未经培训。')).toBe(normaliseText('临时工 未经培训'));
    expect(normaliseText('ＡＢＣ１２３')).toBe('abc123');
  });

  it('finds near-same texts in English and Chinese, and not different ones', () => {
    expect(textSimilarity('Temporary staff untrained', 'Temporary staff were not trained.')).toBeGreaterThanOrEqual(0.75);
    expect(textSimilarity('Temporary staff untrained', 'Temporary warehouse racks full')).toBeLessThan(0.75);
    expect(textSimilarity('Temporary staff untrained', 'Temporary staff untrained.')).toBe(1);
    expect(textSimilarity('Refund approval needs a manager', 'Refund approval needs the manager')).toBeGreaterThanOrEqual(0.75);
    expect(textSimilarity('退款审批需要经理签字', '退款审批需经理签字')).toBeGreaterThanOrEqual(0.75);
    expect(textSimilarity('退款审批需要经理签字', '仓库系统未同步库存')).toBeLessThan(0.3);
    expect(textSimilarity('Queue too long', 'Peak not forecast')).toBeLessThan(0.3);
  });

  it('offers merges for look-alikes in both languages, and not for the several roots found asking why about a cause', () => {
    const fb = fishbone();
    fb.categories[1]!.causes[0]!.text = '临时工未经培训';
    const list = analyses();
    list[2]!.whys[0]!.answer = '临时工未经培训。';
    const roots = distinctRootCauses(fb, list);
    const offers = mergeOffers(roots);
    // C2's analysis found two roots, causes of C2 that do not read like it: not offered.
    expect(offers.map((o) => [o.a.key, o.b.key, o.similarity])).toEqual([[`fishbone:${C3}`, `whys:${uuid(31)}`, 1]]);

    const en = analyses();
    en[0]!.whys[0]!.children[0]!.answer = 'No refund approval rule for agents.';
    en[0]!.startCauseId = null;
    const enOffers = mergeOffers(distinctRootCauses(fishbone(), en)).map((o) => [o.a.key, o.b.key]);
    expect(enOffers).toContainEqual([`fishbone:${C1}`, `whys:${uuid(12)}`]);
    // Near-same, not equal: the sample hotel case's two texts of one root cause.
    expect(textSimilarity('Pool limit never raised as rooms were added', 'The pool limit was never raised as rooms were added')).toBeGreaterThanOrEqual(0.75);
    expect(textSimilarity('销售到交付的交接没有清单', '销售到交付的交接没有清单，也没有签收')).toBeGreaterThanOrEqual(0.75);
  });
});
