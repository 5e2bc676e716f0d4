import { describe, expect, it } from 'vitest';
import {
  betterWorse,
  classify,
  countAnswers,
  emptyCounts,
  evaluate,
  KANO_ANSWERS,
  needCategory,
  quadrant,
  type KanoAnswer,
  type KanoCategory,
} from '../../shared/domain/kano';
import { isFailedMustBe, kanoChart } from '../../shared/domain/kano-chart';
import { applyNeedCommand, CustomerNeeds, NeedCommand, newNeed, normaliseNeedText, type CustomerNeed } from '../../shared/domain/needs';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

/** Berger et al. 1993, written out cell by cell (functional row, dysfunctional column). */
const EXPECTED: [KanoAnswer, KanoAnswer, KanoCategory][] = [
  ['like', 'like', 'Q'], ['like', 'expect', 'A'], ['like', 'neutral', 'A'], ['like', 'live_with', 'A'], ['like', 'dislike', 'O'],
  ['expect', 'like', 'R'], ['expect', 'expect', 'I'], ['expect', 'neutral', 'I'], ['expect', 'live_with', 'I'], ['expect', 'dislike', 'M'],
  ['neutral', 'like', 'R'], ['neutral', 'expect', 'I'], ['neutral', 'neutral', 'I'], ['neutral', 'live_with', 'I'], ['neutral', 'dislike', 'M'],
  ['live_with', 'like', 'R'], ['live_with', 'expect', 'I'], ['live_with', 'neutral', 'I'], ['live_with', 'live_with', 'I'], ['live_with', 'dislike', 'M'],
  ['dislike', 'like', 'R'], ['dislike', 'expect', 'R'], ['dislike', 'neutral', 'R'], ['dislike', 'live_with', 'R'], ['dislike', 'dislike', 'Q'],
];

const pairs = (...cells: [KanoAnswer, KanoAnswer][]) => cells.map(([functional, dysfunctional]) => ({ functional, dysfunctional }));
const counts = (c: Partial<Record<KanoCategory, number>>) => ({ ...emptyCounts(), ...c });

describe('the KANO evaluation table', () => {
  it.each(EXPECTED)('functional %s, dysfunctional %s is %s', (f, d, category) => {
    expect(evaluate(f, d)).toBe(category);
  });

  it('has all 25 cells, each listed once', () => {
    expect(new Set(EXPECTED.map(([f, d]) => `${f}/${d}`)).size).toBe(KANO_ANSWERS.length ** 2);
  });
});

describe('classifying several answers', () => {
  it('takes the most frequent category', () => {
    expect(classify(countAnswers(pairs(['like', 'dislike'], ['like', 'dislike'], ['neutral', 'dislike'])))).toBe('O');
    expect(classify(counts({ I: 3, A: 2, R: 1 }))).toBe('I');
    expect(classify(counts({ Q: 4, R: 1 }))).toBe('Q');
  });

  it('breaks ties M > O > A > I, then R, Q', () => {
    expect(classify(counts({ A: 2, O: 2, M: 2, I: 2 }))).toBe('M');
    expect(classify(counts({ A: 2, O: 2, I: 2 }))).toBe('O');
    expect(classify(counts({ A: 1, I: 1 }))).toBe('A');
    expect(classify(counts({ I: 1, R: 1, Q: 1 }))).toBe('I');
    expect(classify(counts({ R: 1, Q: 1 }))).toBe('R');
  });

  it('is null without answers; a direct category wins over the answers', () => {
    expect(classify(emptyCounts())).toBeNull();
    expect(needCategory({ kano: null, answers: [] })).toBeNull();
    expect(needCategory({ kano: null, answers: pairs(['neutral', 'dislike']) })).toBe('M');
    expect(needCategory({ kano: 'A', answers: pairs(['neutral', 'dislike']) })).toBe('A');
  });
});

describe('Better and Worse', () => {
  it('are (A+O)/(A+O+M+I) and -(O+M)/(A+O+M+I), leaving R and Q out', () => {
    // A 3, O 2, M 4, I 1 (+ R 5, Q 7 ignored): Better 5/10, Worse -6/10.
    expect(betterWorse(counts({ A: 3, O: 2, M: 4, I: 1, R: 5, Q: 7 }))).toEqual({ better: 5 / 10, worse: -6 / 10 });
    expect(betterWorse(counts({ A: 1, O: 1, M: 1 }))).toEqual({ better: 2 / 3, worse: -2 / 3 });
    expect(betterWorse(counts({ M: 7 }))).toEqual({ better: 0, worse: -1 });
    expect(betterWorse(counts({ A: 2, I: 5 }))).toEqual({ better: 2 / 7, worse: 0 });
    expect(Object.is(betterWorse(counts({ A: 2 }))!.worse, 0)).toBe(true);
  });

  it('are null when no A, O, M or I answer was counted', () => {
    expect(betterWorse(emptyCounts())).toBeNull();
    expect(betterWorse(counts({ R: 3, Q: 2 }))).toBeNull();
  });

  it('place a need in its quadrant with the lines at 0.5', () => {
    expect(quadrant(0.2, -0.9)).toBe('M');
    expect(quadrant(0.8, -0.8)).toBe('O');
    expect(quadrant(0.7, -0.1)).toBe('A');
    expect(quadrant(0.1, -0.1)).toBe('I');
    expect(quadrant(0.5, -0.5)).toBe('O');
  });
});

describe('need commands', () => {
  const base = (): CustomerNeeds => [
    { ...newNeed(uuid(1), 'A call back within two hours'), answers: [{ id: uuid(11), functional: 'neutral', dysfunctional: 'dislike', respondent: '张女士' }] },
    { ...newNeed(uuid(2), '退款当天到账'), kano: 'O', met: true },
  ];
  const roundTrip = (command: NeedCommand) => {
    expect(NeedCommand.safeParse(command).success).toBe(true);
    const start = base();
    const before = structuredClone(start);
    const { needs, inverse } = applyNeedCommand(start, command);
    expect(start).toEqual(before);
    expect(CustomerNeeds.safeParse(needs).success).toBe(true);
    expect(applyNeedCommand(needs, inverse).needs).toEqual(before);
    return needs;
  };

  it('add, update, move and remove needs and answers, each undone by its inverse', () => {
    expect(roundTrip({ type: 'addNeed', index: 1, need: newNeed(uuid(3), 'Someone who listens') }).map((n) => n.id)).toEqual([uuid(1), uuid(3), uuid(2)]);
    expect(roundTrip({ type: 'updateNeed', id: uuid(1), patch: { kano: 'M', met: true } })[0]).toMatchObject({ kano: 'M', met: true, text: 'A call back within two hours' });
    expect(roundTrip({ type: 'moveNeed', id: uuid(1), index: 1 }).map((n) => n.id)).toEqual([uuid(2), uuid(1)]);
    expect(roundTrip({ type: 'removeNeed', id: uuid(1) }).map((n) => n.id)).toEqual([uuid(2)]);
    const answered = roundTrip({ type: 'addAnswer', needId: uuid(2), index: 0, answer: { id: uuid(21), functional: 'like', dysfunctional: 'neutral', respondent: '' } });
    expect(needCategory({ ...answered[1]!, kano: null })).toBe('A');
    expect(roundTrip({ type: 'updateAnswer', id: uuid(11), patch: { functional: 'like' } })[0]!.answers[0]).toMatchObject({ functional: 'like', dysfunctional: 'dislike' });
    expect(roundTrip({ type: 'removeAnswer', id: uuid(11) })[0]!.answers).toEqual([]);
  });

  it('refuses a missing need or answer, a duplicate id and an empty text, changing nothing', () => {
    const start = base();
    expect(() => applyNeedCommand(start, { type: 'updateNeed', id: uuid(9), patch: { met: true } })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => applyNeedCommand(start, { type: 'removeAnswer', id: uuid(9) })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => applyNeedCommand(start, { type: 'addNeed', index: 0, need: newNeed(uuid(11), 'x') })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(NeedCommand.safeParse({ type: 'updateNeed', id: uuid(1), patch: { text: '   ' } }).success).toBe(false);
    expect(NeedCommand.safeParse({ type: 'updateNeed', id: uuid(1), patch: { kano: 'X' } }).success).toBe(false);
    expect(start).toEqual(base());
  });
});

describe('the chart across cases', () => {
  const need = (id: number, text: string, fields: Partial<CustomerNeed> = {}): CustomerNeed => ({ ...newNeed(uuid(id), text), ...fields });
  const answer = (id: number, functional: KanoAnswer, dysfunctional: KanoAnswer) => ({ id: uuid(id), functional, dysfunctional, respondent: '' });

  it('groups needs by normalised text and category, adds their answers and counts failed cases', () => {
    const chart = kanoChart([
      { caseId: uuid(101), needs: [need(1, 'Call back quickly.', { answers: [answer(11, 'neutral', 'dislike'), answer(12, 'like', 'dislike')] }), need(2, 'Free coffee', { kano: 'A', met: true })] },
      { caseId: uuid(102), needs: [need(3, 'call back  QUICKLY', { answers: [answer(13, 'expect', 'dislike')] })] },
      { caseId: uuid(103), needs: [need(4, 'Call back quickly', { kano: 'O', met: true }), need(5, 'Free coffee', { kano: 'A' })] },
      { caseId: uuid(104), needs: [] },
    ]);
    expect(chart.cases).toBe(3);
    expect(Object.keys(chart.titles)).toEqual([uuid(101), uuid(102), uuid(103)]);
    expect(chart.needs).toEqual([
      // Two M answers and one O: M; Better 1/3, Worse -3/3; failed in both cases.
      { key: 'call back quickly\u0000M', text: 'Call back quickly.', category: 'M', counts: counts({ M: 2, O: 1 }), better: 1 / 3, worse: -1, cases: 2, failed: 2, caseIds: [uuid(101), uuid(102)] },
      { key: 'free coffee\u0000A', text: 'Free coffee', category: 'A', counts: counts({ A: 2 }), better: 1, worse: 0, cases: 2, failed: 1, caseIds: [uuid(101), uuid(103)] },
      { key: 'call back quickly\u0000O', text: 'Call back quickly', category: 'O', counts: counts({ O: 1 }), better: 1, worse: -1, cases: 1, failed: 0, caseIds: [uuid(103)] },
    ]);
    expect(chart.needs.filter(isFailedMustBe).map((n) => n.text)).toEqual(['Call back quickly.']);
  });

  it('normalises width, case, spaces and trailing punctuation', () => {
    expect(normaliseNeedText('  ＲＥＦＵＮＤ   today！ ')).toBe('refund today');
    expect(normaliseNeedText('当天退款。')).toBe('当天退款');
  });
});
