import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KanoAnswer } from '../../shared/domain/kano';
import type { CustomerNeed } from '../../shared/domain/needs';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { manualClock, useBackend, withConnection, type Backend } from '../support/backend';

const { start } = useBackend();

const need = (text: string, fields: Partial<CustomerNeed> = {}): CustomerNeed => ({ id: randomUUID(), text, kano: null, met: false, answers: [], ...fields });
const answer = (functional: KanoAnswer, dysfunctional: KanoAnswer, respondent = '') => ({ id: randomUUID(), functional, dysfunctional, respondent });

function newCase(b: Backend, title: string, fields: Record<string, unknown> = {}): string {
  const id = b.ok('cases:create', { language: 'en', title }).case.id;
  if (Object.keys(fields).length) {
    const { revision } = b.ok('cases:get', { id }).case;
    b.ok('cases:update', { id, revision, patch: fields });
  }
  return id;
}

function addNeeds(b: Backend, caseId: string, needs: CustomerNeed[]): void {
  needs.forEach((n, index) => b.ok('needs:apply', { caseId, command: { type: 'addNeed', index, need: n } }));
}

describe('needs:get and needs:apply', () => {
  it('stores needs and answers through commands, each undone by its inverse, moving the revision on', () => {
    const b = start({ now: manualClock().now });
    const caseId = newCase(b, 'Refund refused');
    const first = need('A call back within two hours');
    let { revision } = b.ok('needs:get', { caseId });
    const firstReply = b.ok('needs:apply', { caseId, revision, opId: 'op-need-0001', command: { type: 'addNeed', index: 0, need: first } });
    ({ revision } = firstReply);
    const a1 = answer('neutral', 'dislike', '张女士');
    ({ revision } = b.ok('needs:apply', { caseId, revision, command: { type: 'addAnswer', needId: first.id, index: 0, answer: a1 } }));
    ({ revision } = b.ok('needs:apply', { caseId, revision, command: { type: 'updateNeed', id: first.id, patch: { text: '当天回电', met: true } } }));
    const second = need('Refund the same day', { kano: 'O' });
    ({ revision } = b.ok('needs:apply', { caseId, revision, command: { type: 'addNeed', index: 0, need: second } }));
    ({ revision } = b.ok('needs:apply', { caseId, revision, command: { type: 'moveNeed', id: second.id, index: 1 } }));
    const got = b.ok('needs:get', { caseId });
    expect(got.revision).toBe(revision);
    expect(got.needs).toEqual([{ ...first, text: '当天回电', met: true, answers: [a1] }, second]);
    expect(b.ok('cases:get', { id: caseId }).case.revision).toBe(revision);

    // Undo: the inverse commands the editor sends.
    b.ok('needs:apply', { caseId, command: { type: 'moveNeed', id: second.id, index: 0 } });
    b.ok('needs:apply', { caseId, command: { type: 'removeNeed', id: second.id } });
    b.ok('needs:apply', { caseId, command: { type: 'updateNeed', id: first.id, patch: { text: first.text, met: false } } });
    b.ok('needs:apply', { caseId, command: { type: 'removeAnswer', id: a1.id } });
    expect(b.ok('needs:get', { caseId }).needs).toEqual([first]);
    // Removing a need removes its answers (and the rows go).
    b.ok('needs:apply', { caseId, command: { type: 'addAnswer', needId: first.id, index: 0, answer: a1 } });
    b.ok('needs:apply', { caseId, command: { type: 'removeNeed', id: first.id } });
    withConnection(b.path, (db) => {
      expect(db.prepare('SELECT count(*) AS n FROM customer_needs').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM kano_answers').get()).toEqual({ n: 0 });
    });
    // A repeated operation id is answered with the first reply, not applied twice.
    expect(b.ok('needs:apply', { caseId, revision: 0, opId: 'op-need-0001', command: { type: 'addNeed', index: 0, need: first } })).toEqual(firstReply);
    expect(b.ok('needs:get', { caseId }).needs).toEqual([]);
  });

  it('refuses bad input with a reason the interface translates, changing nothing', () => {
    const b = start();
    const caseId = newCase(b, 'Refund refused');
    const kept = need('Refund the same day');
    addNeeds(b, caseId, [kept]);
    const before = b.ok('needs:get', { caseId });
    const refusals = [
      b.fail('needs:apply', { caseId, command: { type: 'addNeed', index: 0, need: { ...need(' '), text: '   ' } } }),
      b.fail('needs:apply', { caseId, command: { type: 'addNeed', index: 0, need: need('x'.repeat(501)) } }),
      b.fail('needs:apply', { caseId, command: { type: 'updateNeed', id: kept.id, patch: { kano: 'Z' } } }),
      b.fail('needs:apply', { caseId, command: { type: 'addAnswer', needId: kept.id, index: 0, answer: { ...answer('like', 'like'), functional: 'love' } } }),
      b.fail('needs:apply', { caseId, command: { type: 'addNeed', index: 0, need: { ...need('dup'), id: kept.id } } }),
      b.fail('needs:apply', { caseId, command: { type: 'updateNeed', id: randomUUID(), patch: { met: true } } }),
      b.fail('needs:apply', { caseId, revision: 0, command: { type: 'updateNeed', id: kept.id, patch: { met: true } } }),
      b.fail('needs:apply', { caseId: randomUUID(), command: { type: 'addNeed', index: 0, need: need('x') } }),
    ];
    expect(refusals.map((e) => [e.code, e.issues?.[0]?.reason ?? e.reason ?? null])).toEqual([
      ['validation', 'required'],
      ['validation', 'too_long'],
      ['validation', 'invalid_choice'],
      ['validation', 'invalid_choice'],
      ['validation', 'duplicate'],
      ['not_found', null],
      ['conflict', 'stale'],
      ['not_found', null],
    ]);
    expect(b.ok('needs:get', { caseId })).toEqual(before);
    // Each has its words in both catalogs (the interface reads issue.<reason>, or error.<code>).
    for (const language of ['en', 'zh-CN'] as const) {
      const catalog = CATALOGS[language] as unknown as { issue: Record<string, string>; error: Record<string, string> };
      for (const e of refusals) {
        const words = e.issues?.[0] ? catalog.issue[e.issues[0].reason] : e.reason === 'stale' ? catalog.error.conflict : catalog.error[e.code];
        expect(words, `${language} ${e.code} ${e.issues?.[0]?.reason ?? e.reason}`).toMatch(/\S/);
      }
    }
  });
});

describe('kano:chart', () => {
  it('gives the exact figures of a constructed library, and follows the filters', () => {
    const b = start();
    const high = { severity: 'high', department: 'Customer service', occurredAt: '2026-03-10T08:00:00.000Z' };
    const c1 = newCase(b, 'Refund refused', high);
    const c2 = newCase(b, '退款被拒', { ...high, occurredAt: '2026-03-20T08:00:00.000Z' });
    const c3 = newCase(b, 'Late delivery', { severity: 'low', department: 'Logistics', occurredAt: '2026-04-02T08:00:00.000Z' });
    const trashed = newCase(b, 'Trashed');
    // "Call back the same day": must-be by answers in c1 (M, M, O) and c2 (M, I); failed in both.
    // The newest case's words name the point.
    addNeeds(b, c1, [
      need('Call back the same day', { answers: [answer('neutral', 'dislike'), answer('expect', 'dislike'), answer('like', 'dislike')] }),
      need('A free voucher', { kano: 'A', met: true }),
    ]);
    addNeeds(b, c2, [need('call back the same day.', { answers: [answer('live_with', 'dislike'), answer('neutral', 'neutral')] })]);
    // In c3 the same words are met and read as one-dimensional: another point.
    addNeeds(b, c3, [need('Call back the same day', { kano: 'O', met: true }), need('A free voucher', { kano: 'A' })]);
    addNeeds(b, trashed, [need('Call back the same day', { kano: 'M' })]);
    b.ok('cases:trash', { id: trashed });

    const all = b.ok('kano:chart', {});
    expect(all.cases).toBe(3);
    expect(all.titles).toEqual({ [c1]: 'Refund refused', [c2]: '退款被拒', [c3]: 'Late delivery' });
    expect(all.needs.map(({ key: _k, ...n }) => n)).toEqual([
      // M 3, O 1, I 1: Better 1/5, Worse -4/5.
      { text: 'call back the same day.', category: 'M', counts: { A: 0, O: 1, M: 3, I: 1, R: 0, Q: 0 }, better: 1 / 5, worse: -4 / 5, cases: 2, failed: 2, caseIds: [c2, c1] },
      { text: 'A free voucher', category: 'A', counts: { A: 2, O: 0, M: 0, I: 0, R: 0, Q: 0 }, better: 1, worse: 0, cases: 2, failed: 1, caseIds: [c3, c1] },
      { text: 'Call back the same day', category: 'O', counts: { A: 0, O: 1, M: 0, I: 0, R: 0, Q: 0 }, better: 1, worse: -1, cases: 1, failed: 0, caseIds: [c3] },
    ]);
    const highOnly = b.ok('kano:chart', { severity: 'high' });
    expect(highOnly.cases).toBe(2);
    expect(highOnly.needs.map((n) => [n.category, n.cases, n.failed])).toEqual([
      ['M', 2, 2],
      ['A', 1, 0],
    ]);
    expect(b.ok('kano:chart', { from: '2026-03-15T00:00:00.000Z', department: 'Customer service' }).needs.map((n) => n.caseIds)).toEqual([[c2]]);
    expect(b.ok('kano:chart', { tag: 'nothing-tagged' })).toEqual({ needs: [], cases: 0, titles: {} });
    expect(b.fail('kano:chart', { severity: 'huge' })).toMatchObject({ code: 'validation' });
  });

  it('names only the 3 newest cases of a point, with the count of all; kano:drill lists every one under the filters', () => {
    const b = start();
    const ids = Array.from({ length: 5 }, (_, i) => {
      const id = newCase(b, `Case ${i}`, { severity: i < 2 ? 'low' : 'high', occurredAt: `2026-0${i + 1}-10T08:00:00.000Z` });
      addNeeds(b, id, [need('Call back the same day', { kano: 'M' })]);
      return id;
    });
    const chart = b.ok('kano:chart', {});
    const [point] = chart.needs;
    expect(point).toMatchObject({ cases: 5, failed: 5, counts: { M: 5 }, caseIds: [ids[4], ids[3], ids[2]] });
    expect(chart.titles).toEqual({ [ids[4]!]: 'Case 4', [ids[3]!]: 'Case 3', [ids[2]!]: 'Case 2' });
    const drill = b.ok('kano:drill', { key: point!.key });
    expect(drill.total).toBe(5);
    expect(drill.cases).toEqual([...ids].reverse().map((id) => ({ id, title: `Case ${ids.indexOf(id)}` })));
    expect(b.ok('kano:drill', { key: point!.key, offset: 1, limit: 2 })).toEqual({ total: 5, cases: [{ id: ids[3], title: 'Case 3' }, { id: ids[2], title: 'Case 2' }] });
    // The same filters as the chart: only the low-severity cases.
    expect(b.ok('kano:drill', { key: point!.key, severity: 'low' }).cases.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(b.ok('kano:drill', { key: 'nothing\u0000M' })).toEqual({ total: 0, cases: [] });
    expect(b.fail('kano:drill', { key: '' })).toMatchObject({ code: 'validation' });
  });
});
