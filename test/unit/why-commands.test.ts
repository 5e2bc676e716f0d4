import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import { applyWhyCommand, isWhyViewOnly, WhyCommand } from '../../shared/domain/why-commands';
import { defaultWhyFields, findWhy, newAnalysis, type Why, type WhyAnalyses } from '../../shared/domain/whys';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const why = (n: number, children: Why[] = []): Why => ({ ...defaultWhyFields(`because ${n}`), id: uuid(n), children });

/** Two analyses: a chain of three with a branch, and an empty one. */
function base(): WhyAnalyses {
  return [
    { ...newAnalysis(uuid(100)), whys: [why(1, [why(2, [why(3)]), why(4)])] },
    newAnalysis(uuid(200), uuid(999)),
  ];
}

function roundTrip(start: WhyAnalyses, command: WhyCommand): WhyAnalyses {
  expect(WhyCommand.safeParse(command).success).toBe(true);
  const before = structuredClone(start);
  const { analyses, inverse } = applyWhyCommand(start, command);
  expect(start).toEqual(before); // pure
  expect(WhyCommand.safeParse(inverse).success).toBe(true);
  expect(applyWhyCommand(analyses, inverse).analyses).toEqual(before);
  return analyses;
}

describe('5-Whys commands', () => {
  it('adds, updates and removes analyses; removal is undone with every why', () => {
    const added = roundTrip(base(), { type: 'addAnalysis', index: 1, analysis: newAnalysis(uuid(300)) });
    expect(added.map((a) => a.id)).toEqual([uuid(100), uuid(300), uuid(200)]);
    const renamed = roundTrip(base(), { type: 'updateAnalysis', id: uuid(100), patch: { question: '为什么退款重复?', direction: 'LR' } });
    expect(renamed[0]).toMatchObject({ question: '为什么退款重复?', direction: 'LR' });
    expect(roundTrip(base(), { type: 'removeAnalysis', id: uuid(100) })).toHaveLength(1);
  });

  it('adds an answer to the question or to a why, and another answer beside it (a branch)', () => {
    const first = roundTrip(base(), { type: 'addWhy', analysisId: uuid(200), parentId: null, index: 0, why: why(10) });
    expect(first[1]!.whys.map((w) => w.id)).toEqual([uuid(10)]);
    const deeper = roundTrip(base(), { type: 'addWhy', analysisId: uuid(100), parentId: uuid(3), index: 0, why: why(11) });
    expect(findWhy(deeper, uuid(11))!.depth).toBe(4);
    const branch = roundTrip(base(), { type: 'addWhy', analysisId: uuid(100), parentId: uuid(2), index: 1, why: why(12) });
    expect(findWhy(branch, uuid(2))!.why.children.map((w) => w.id)).toEqual([uuid(3), uuid(12)]);
  });

  it('marks a root cause with its stop reason, and undo restores only those fields', () => {
    const next = roundTrip(base(), { type: 'updateWhy', id: uuid(3), patch: { isRootCause: true, stopReason: 'controllable', evidence: 'audit log', status: 'verified' } });
    expect(findWhy(next, uuid(3))!.why).toMatchObject({ isRootCause: true, stopReason: 'controllable', evidence: 'audit log', status: 'verified', answer: 'because 3' });
  });

  it('re-parents a why with its subtree, and refuses a move under itself', () => {
    const moved = roundTrip(base(), { type: 'moveWhy', id: uuid(2), parentId: uuid(4), index: 0 });
    expect(findWhy(moved, uuid(3))!.depth).toBe(4);
    expect(() => applyWhyCommand(base(), { type: 'moveWhy', id: uuid(1), parentId: uuid(3), index: 0 })).toThrow(CausewayError);
    expect(() => applyWhyCommand(base(), { type: 'moveWhy', id: uuid(2), parentId: uuid(2), index: 0 })).toThrow(/under itself/);
  });

  it('removes a why with everything under it; undo puts it back at its place', () => {
    const removed = roundTrip(base(), { type: 'removeWhy', id: uuid(2) });
    expect(findWhy(removed, uuid(3))).toBeNull();
  });

  it('refuses missing ids and duplicates, changing nothing', () => {
    expect(() => applyWhyCommand(base(), { type: 'removeWhy', id: uuid(77) })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => applyWhyCommand(base(), { type: 'addWhy', analysisId: uuid(77), parentId: null, index: 0, why: why(20) })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => applyWhyCommand(base(), { type: 'addWhy', analysisId: uuid(100), parentId: null, index: 0, why: why(3) })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('treats collapsing as a view preference, and its schema refuses empty answers and bad reasons', () => {
    expect(isWhyViewOnly({ type: 'updateWhy', id: uuid(1), patch: { collapsed: true } })).toBe(true);
    expect(WhyCommand.safeParse({ type: 'updateWhy', id: uuid(1), patch: { answer: '  ' } }).success).toBe(false);
    expect(WhyCommand.safeParse({ type: 'updateWhy', id: uuid(1), patch: { stopReason: 'bored' } }).success).toBe(false);
    expect(WhyCommand.safeParse({ type: 'updateWhy', id: uuid(1), patch: { answer: 'x'.repeat(10_001) } }).success).toBe(false);
  });

  it('any sequence of edits undone in reverse gives back the start (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(), fc.nat(), fc.nat()), { maxLength: 25 }), (steps) => {
        const start = base();
        let doc = start;
        const undo: WhyCommand[] = [];
        let fresh = 1000;
        for (const [kind, a, b, c] of steps) {
          const ids: string[] = [];
          const walk = (list: Why[]) => list.forEach((w) => (ids.push(w.id), walk(w.children)));
          doc.forEach((x) => walk(x.whys));
          const analysis = doc[a % doc.length];
          const target = ids[b % Math.max(1, ids.length)];
          let command: WhyCommand | null = null;
          if (kind === 0 && analysis) command = { type: 'addWhy', analysisId: analysis.id, parentId: target && findWhy([analysis], target) ? target : null, index: c, why: why(fresh++) };
          if (kind === 1 && target) command = { type: 'removeWhy', id: target };
          if (kind === 2 && target) command = { type: 'updateWhy', id: target, patch: { isRootCause: c % 2 === 0, stopReason: c % 2 === 0 ? 'needs_data' : null } };
          if (kind === 3 && target) {
            const host = findWhy(doc, target)!.analysis;
            const others: string[] = [];
            const walk2 = (list: Why[]) => list.forEach((w) => (others.push(w.id), walk2(w.children)));
            walk2(host.whys);
            const parent = others[c % Math.max(1, others.length)];
            const under = parent && findWhy(doc, target)!.why;
            if (under && !JSON.stringify(under).includes(parent!)) command = { type: 'moveWhy', id: target, parentId: parent!, index: c % 3 };
          }
          if (kind === 4 && analysis) command = { type: 'updateAnalysis', id: analysis.id, patch: { direction: c % 2 ? 'LR' : 'TB' } };
          if (kind === 5 && doc.length < 4) command = { type: 'addAnalysis', index: c, analysis: newAnalysis(uuid(fresh++)) };
          if (!command) continue;
          const applied = applyWhyCommand(doc, command);
          doc = applied.analyses;
          undo.push(applied.inverse);
        }
        for (const inverse of undo.reverse()) doc = applyWhyCommand(doc, inverse).analyses;
        expect(doc).toEqual(start);
      }),
      { numRuns: 200 },
    );
  });
});
