import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields, type Category, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { LIMITS } from '../../shared/domain/vocabulary';
import { WhyCommand } from '../../shared/domain/why-commands';
import { defaultWhyFields, type Why, type WhyAnalysis, type WhyFields } from '../../shared/domain/whys';
import { prng } from '../bench/dataset';
import { manualClock, useBackend, type Backend } from '../support/backend';
import { contentDump, documentChecks, expectContiguousPositions, rewriteRowsInOrder, rowsOf, stampsOf, WHYS } from '../support/documents';

const { start, tempDir } = useBackend();

// ---------------------------------------------------------------------------------------------
// Building analyses and reading the tables

const why = (answer: string, children: Why[] = [], fields: Partial<WhyFields> = {}): Why => ({
  id: randomUUID(),
  ...defaultWhyFields(answer),
  ...fields,
  children,
});

const analysis = (whys: Why[] = [], fields: Partial<Omit<WhyAnalysis, 'whys'>> = {}): WhyAnalysis => ({
  id: randomUUID(),
  startCauseId: null,
  question: '',
  direction: 'LR',
  ...fields,
  whys,
});

const cause = (text: string, children: Cause[] = []): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children });

/** A fishbone to start analyses from: People: B [B1], C · Process: D. */
function fishboneFixture() {
  const B1 = cause('Nobody owns the returns queue');
  const B = cause('客服未回电', [B1]);
  const C = cause('Supervisor on leave');
  const D = cause('Refund needs three approvals');
  const people: Category = { id: randomUUID(), label: 'People', templateKey: 'people', causes: [B, C] };
  const process: Category = { id: randomUUID(), label: 'Process', templateKey: 'process', causes: [D] };
  const fishbone: Fishbone = { effect: 'Refunds take two weeks', template: 'six_m', orientation: 'head_right', categories: [people, process] };
  return { fishbone, people, process, B, B1, C, D };
}

/** Three analyses: P asks about the problem (W1 [W1a [W1a1], W1b], W2); Q starts from cause B
 *  (V1 [V1a], a root cause with its stop reason); R starts from cause C and has no whys yet. */
function fixture() {
  const fb = fishboneFixture();
  const W1a1 = why('The checklist was never updated', [], { status: 'verified', isRootCause: true, stopReason: 'controllable', evidence: 'Checklist v3 (2023)' });
  const W1a = why('Agents did not know the new policy', [W1a1]);
  const W1b = why('The policy page is hard to find', [], { status: 'ruled_out', collapsed: true });
  const W1 = why('Refund requests wait in the queue', [W1a, W1b]);
  const W2 = why('审批人不在岗', [], { stopReason: 'needs_data' });
  const P = analysis([W1, W2]);
  const V1a = why('The courier contract has no callback clause', [], { isRootCause: true, stopReason: 'outside_control', status: 'verified' });
  const V1 = why('Agents cannot reach the courier', [V1a], { evidence: 'Call logs' });
  const Q = analysis([V1], { startCauseId: fb.B.id, question: 'Why did nobody call back?', direction: 'TB' });
  const R = analysis([], { startCauseId: fb.C.id });
  return { ...fb, analyses: [P, Q, R], P, Q, R, W1, W1a, W1a1, W1b, W2, V1, V1a };
}
type Fixture = ReturnType<typeof fixture>;

function newCase(b: Backend, title = '5 Whys'): string {
  return b.ok('cases:create', { language: 'en', title }).case.id;
}

/** A case holding the fixture: the fishbone in one `replace`, then one `addAnalysis` each. */
function caseWithFixture(b: Backend) {
  const f = fixture();
  const caseId = newCase(b);
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: f.fishbone } });
  f.analyses.forEach((a, index) => b.ok('whys:apply', { caseId, command: { type: 'addAnalysis', index, analysis: a } }));
  return { caseId, f };
}

const { stored, applyAndCheck, expectRefused, expectDuplicateRefused, expectInverseRestores, expectEveryCommandType, expectMissingCase, expectTrashedRefused, expectDamaged, expectSameAfterReopen } = documentChecks(WHYS);

/** Positions are 0..n-1 among the analyses of a case and in every sibling list of whys. */
function expectContiguous(b: Backend, caseId: string) {
  expectContiguousPositions(rowsOf(b.path, `SELECT 'analyses' AS grp, position FROM why_analyses WHERE case_id = ? ORDER BY position`, caseId));
  expectContiguousPositions(
    rowsOf(
      b.path,
      `SELECT w.analysis_id || '/' || ifnull(w.parent_id, '') AS grp, w.position FROM whys w JOIN why_analyses a ON a.id = w.analysis_id
       WHERE a.case_id = ? ORDER BY grp, w.position`,
      caseId,
    ),
  );
}

// ---------------------------------------------------------------------------------------------

describe('reading the 5-Whys analyses', () => {
  it('of a new case gives none, at the case revision', () => {
    const b = start();
    const caseId = newCase(b);
    b.ok('cases:update', { id: caseId, revision: 0, patch: { problem: 'x' } });
    expect(stored(b, caseId)).toEqual({ analyses: [], revision: 1 });
  });

  it('of a missing case is not_found', () => {
    expectMissingCase(start(), { type: 'addAnalysis', index: 0, analysis: analysis() });
  });

  it('gives back exactly what was stored, in order', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expect(stored(b, caseId)).toEqual({ analyses: f.analyses, revision: 4 });
  });

  it('is the same after the file is closed and opened again by a new connection', () => {
    expectSameAfterReopen(start, tempDir(), (first) => {
      const { caseId, f } = caseWithFixture(first);
      applyAndCheck(first, caseId, { type: 'moveWhy', id: f.W1b.id, parentId: f.W1a1.id, index: 0 });
      applyAndCheck(first, caseId, { type: 'updateAnalysis', id: f.R.id, patch: { question: '为什么主管不在？', direction: 'TB' } });
      return caseId;
    });
  });

  it('orders analyses and whys by position whatever order the rows were written in', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    // Rewrite both tables in reverse id order: the read must not depend on rowid or id order.
    rewriteRowsInOrder(b.path, ['why_analyses', 'whys'], 'id DESC');
    expect(stored(b, caseId).analyses).toEqual(f.analyses);
  });
});

describe('every command', () => {
  const cases: Array<[string, (f: Fixture) => WhyCommand]> = [
    ['addAnalysis (empty, about the problem, first)', () => ({ type: 'addAnalysis', index: 0, analysis: analysis() })],
    [
      'addAnalysis (with whys, from a nested cause, index past the end)',
      (f) => ({
        type: 'addAnalysis',
        index: 99,
        analysis: analysis([why('No owner', [why('Team was reorganised', [why('Budget cut')])]), why('Queue is invisible')], {
          startCauseId: f.B1.id,
          question: 'Why does nobody own it?',
          direction: 'TB',
        }),
      }),
    ],
    ['addAnalysis (in the middle, from a cause another analysis also starts from)', (f) => ({ type: 'addAnalysis', index: 1, analysis: analysis([why('x')], { startCauseId: f.B.id }) })],
    ['updateAnalysis (question and direction)', (f) => ({ type: 'updateAnalysis', id: f.P.id, patch: { question: '为什么退款要两周？', direction: 'TB' } })],
    ['updateAnalysis (clearing the question)', (f) => ({ type: 'updateAnalysis', id: f.Q.id, patch: { question: '' } })],
    ['updateAnalysis (direction only)', (f) => ({ type: 'updateAnalysis', id: f.Q.id, patch: { direction: 'LR' } })],
    ['removeAnalysis (with its whys)', (f) => ({ type: 'removeAnalysis', id: f.P.id })],
    ['removeAnalysis (empty, the last)', (f) => ({ type: 'removeAnalysis', id: f.R.id })],
    ['removeAnalysis (from a cause, in the middle)', (f) => ({ type: 'removeAnalysis', id: f.Q.id })],
    ['addWhy (an answer to the question, first)', (f) => ({ type: 'addWhy', analysisId: f.P.id, parentId: null, index: 0, why: why('Peak season') })],
    ['addWhy (into an empty analysis)', (f) => ({ type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: why('Holiday rota') })],
    [
      'addWhy (a subtree, under a nested why)',
      (f) => ({ type: 'addWhy', analysisId: f.P.id, parentId: f.W1a.id, index: 1, why: why('Training skipped', [why('No time', [why('Understaffed')])]) }),
    ],
    ['addWhy (index past the end)', (f) => ({ type: 'addWhy', analysisId: f.Q.id, parentId: f.V1.id, index: 40, why: why('Another branch') })],
    [
      'updateWhy (every field)',
      (f) => ({
        type: 'updateWhy',
        id: f.W1b.id,
        patch: { answer: 'The page moved in the redesign', evidence: 'Analytics', status: 'verified', isRootCause: true, stopReason: 'controllable', collapsed: false },
      }),
    ],
    ['updateWhy (clearing fields)', (f) => ({ type: 'updateWhy', id: f.W1a1.id, patch: { isRootCause: false, stopReason: null, evidence: '' } })],
    ['updateWhy (collapsed only)', (f) => ({ type: 'updateWhy', id: f.W1.id, patch: { collapsed: true } })],
    ['moveWhy (within its list)', (f) => ({ type: 'moveWhy', id: f.W2.id, parentId: null, index: 0 })],
    ['moveWhy (a subtree under another why)', (f) => ({ type: 'moveWhy', id: f.W1a.id, parentId: f.W2.id, index: 0 })],
    // Same analysis, same position: only the parent differs.
    ['moveWhy (to another parent only)', (f) => ({ type: 'moveWhy', id: f.W1b.id, parentId: f.W1a.id, index: 1 })],
    ['moveWhy (up to the question)', (f) => ({ type: 'moveWhy', id: f.W1a1.id, parentId: null, index: 1 })],
    ['moveWhy (down from the question)', (f) => ({ type: 'moveWhy', id: f.W1.id, parentId: f.W2.id, index: 0 })],
    ['removeWhy (a leaf)', (f) => ({ type: 'removeWhy', id: f.W2.id })],
    ['removeWhy (a subtree)', (f) => ({ type: 'removeWhy', id: f.W1.id })],
    ['removeWhy (the only one)', (f) => ({ type: 'removeWhy', id: f.V1.id })],
  ];

  it.each(cases)('%s: is stored as the pure function gives it, and its inverse restores the rows', (_name, make) => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    const { caseId, f } = caseWithFixture(b);
    const fishboneBefore = b.ok('fishbone:get', { caseId }).fishbone;
    expectInverseRestores(b, caseId, make(f), clock, () => expectContiguous(b, caseId));
    expect(b.ok('fishbone:get', { caseId }).fishbone).toEqual(fishboneBefore);
  });

  it('covers every command type', () => {
    expectEveryCommandType(cases.map(([name]) => name));
  });
});

describe('the rows written', () => {
  const stamps = (path: string, caseId: string) =>
    stampsOf(path, caseId, [
      'SELECT id, created_at, updated_at FROM why_analyses WHERE case_id = ?',
      'SELECT w.id, w.created_at, w.updated_at FROM whys w JOIN why_analyses a ON a.id = w.analysis_id WHERE a.case_id = ?',
    ]);

  it('are only those that changed, stamped with the clock', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, f } = caseWithFixture(b);
    const t0 = '2026-04-01T10:00:00.000Z';
    const initial = stamps(b.path, caseId);
    expect(Object.keys(initial)).toHaveLength(3 + 7);
    expect(Object.values(initial).every((s) => s === `${t0} ${t0}`)).toBe(true);

    clock.advance(60_000);
    const t1 = '2026-04-01T10:01:00.000Z';
    b.ok('whys:apply', { caseId, command: { type: 'updateWhy', id: f.W1a1.id, patch: { answer: 'Changed' } } });
    const afterT1 = { ...initial, [f.W1a1.id]: `${t0} ${t1}` };
    expect(stamps(b.path, caseId)).toEqual(afterT1);

    // W2 moves to the front: W2 and W1 change position; nothing else is written.
    clock.advance(60_000);
    const t2 = '2026-04-01T10:02:00.000Z';
    b.ok('whys:apply', { caseId, command: { type: 'moveWhy', id: f.W2.id, parentId: null, index: 0 } });
    const afterT2 = { ...afterT1, [f.W2.id]: `${t0} ${t2}`, [f.W1.id]: `${t0} ${t2}` };
    expect(stamps(b.path, caseId)).toEqual(afterT2);

    // R moves to the front as a new analysis goes in: P, Q and R change position.
    clock.advance(60_000);
    const t3 = '2026-04-01T10:03:00.000Z';
    const added = analysis([why('First answer')]);
    b.ok('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis: added } });
    expect(stamps(b.path, caseId)).toEqual({
      ...afterT2,
      [added.id]: `${t3} ${t3}`,
      [added.whys[0]!.id]: `${t3} ${t3}`,
      [f.P.id]: `${t0} ${t3}`,
      [f.Q.id]: `${t0} ${t3}`,
      [f.R.id]: `${t0} ${t3}`,
    });

    clock.advance(60_000);
    const t4 = '2026-04-01T10:04:00.000Z';
    b.ok('whys:apply', { caseId, command: { type: 'updateAnalysis', id: f.Q.id, patch: { direction: 'LR' } } });
    expect(stamps(b.path, caseId)[f.Q.id]).toBe(`${t0} ${t4}`);

    expect(b.ok('cases:get', { id: caseId }).case).toMatchObject({ revision: 8, updatedAt: t4 });
  });

  it('are exactly the analysis and its whys, in the columns of the schema', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const q = rowsOf<Record<string, unknown>>(b.path, 'SELECT id, case_id, start_cause_id, question, position, direction FROM why_analyses WHERE id = ?', f.Q.id);
    expect(q).toEqual([{ id: f.Q.id, case_id: caseId, start_cause_id: f.B.id, question: 'Why did nobody call back?', position: 1, direction: 'TB' }]);
    const w = rowsOf<Record<string, unknown>>(
      b.path,
      'SELECT id, analysis_id, parent_id, position, answer, evidence, status, is_root_cause, stop_reason, collapsed FROM whys WHERE id = ?',
      f.W1a1.id,
    );
    expect(w).toEqual([
      {
        id: f.W1a1.id,
        analysis_id: f.P.id,
        parent_id: f.W1a.id,
        position: 0,
        answer: 'The checklist was never updated',
        evidence: 'Checklist v3 (2023)',
        status: 'verified',
        is_root_cause: 1,
        stop_reason: 'controllable',
        collapsed: 0,
      },
    ]);
  });

  it('bump the revision once per command, even one that changes no row', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const r = stored(b, caseId).revision;
    b.ok('whys:apply', { caseId, command: { type: 'updateWhy', id: f.W1.id, patch: { answer: f.W1.answer } } });
    b.ok('whys:apply', { caseId, command: { type: 'moveWhy', id: f.W1.id, parentId: null, index: 0 } });
    b.ok('whys:apply', { caseId, command: { type: 'updateAnalysis', id: f.P.id, patch: {} } });
    expect(stored(b, caseId).revision).toBe(r + 3);
    expect(b.ok('cases:get', { id: caseId }).case.revision).toBe(r + 3);
  });

  it('leave other cases, and the fishbone, alone', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    const otherBefore = stored(b, other.caseId);
    const fishbone = b.ok('fishbone:get', { caseId: one.caseId });
    applyAndCheck(b, one.caseId, { type: 'removeAnalysis', id: one.f.P.id });
    applyAndCheck(b, one.caseId, { type: 'addAnalysis', index: 0, analysis: analysis([why('y')], { startCauseId: one.f.D.id }) });
    expect(stored(b, other.caseId)).toEqual(otherBefore);
    expect(b.ok('fishbone:get', { caseId: one.caseId })).toEqual({ ...fishbone, revision: fishbone.revision + 2 });
  });
});

describe('a command that cannot apply changes nothing', () => {
  it.each<[string, (f: Fixture) => WhyCommand]>([
    ['updateAnalysis', () => ({ type: 'updateAnalysis', id: randomUUID(), patch: { question: 'x' } })],
    ['removeAnalysis', () => ({ type: 'removeAnalysis', id: randomUUID() })],
    ['addWhy (missing analysis)', () => ({ type: 'addWhy', analysisId: randomUUID(), parentId: null, index: 0, why: why('x') })],
    ['addWhy (missing parent)', (f) => ({ type: 'addWhy', analysisId: f.P.id, parentId: randomUUID(), index: 0, why: why('x') })],
    ['addWhy (parent in another analysis)', (f) => ({ type: 'addWhy', analysisId: f.P.id, parentId: f.V1.id, index: 0, why: why('x') })],
    ['updateWhy', () => ({ type: 'updateWhy', id: randomUUID(), patch: { answer: 'x' } })],
    ['moveWhy (missing why)', () => ({ type: 'moveWhy', id: randomUUID(), parentId: null, index: 0 })],
    ['moveWhy (missing parent)', (f) => ({ type: 'moveWhy', id: f.W2.id, parentId: randomUUID(), index: 0 })],
    ['moveWhy (parent in another analysis)', (f) => ({ type: 'moveWhy', id: f.W2.id, parentId: f.V1a.id, index: 0 })],
    ['removeWhy', () => ({ type: 'removeWhy', id: randomUUID() })],
    ['removeWhy (an analysis id)', (f) => ({ type: 'removeWhy', id: f.R.id })],
  ])('naming something missing (%s) is not_found', (_name, make) => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expectRefused(b, caseId, make(f), { code: 'not_found' });
  });

  it.each<[string, (f: Fixture) => WhyCommand, string]>([
    ['moving a why under itself', (f) => ({ type: 'moveWhy', id: f.W1.id, parentId: f.W1.id, index: 0 }), 'cycle'],
    ['moving a why under its own descendant', (f) => ({ type: 'moveWhy', id: f.W1.id, parentId: f.W1a1.id, index: 0 }), 'cycle'],
    ['adding a why with a used id', (f) => ({ type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: { ...why('x'), id: f.V1a.id } }), 'duplicate'],
    ['adding a subtree with a used id deep inside', (f) => ({ type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: why('x', [why('y', [{ ...why('z'), id: f.W2.id }])]) }), 'duplicate'],
    ['adding a why with an analysis id', (f) => ({ type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: { ...why('x'), id: f.Q.id } }), 'duplicate'],
    ['adding a subtree that repeats an id', (f) => {
      const twice = why('twice');
      return { type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: why('x', [twice, twice]) };
    }, 'duplicate'],
    ['adding an analysis with a used id', (f) => ({ type: 'addAnalysis', index: 0, analysis: { ...analysis(), id: f.P.id } }), 'duplicate'],
    ['adding an analysis whose why reuses a why id', (f) => ({ type: 'addAnalysis', index: 0, analysis: analysis([why('y', [{ ...why('z'), id: f.W1b.id }])]) }), 'duplicate'],
    ['adding an analysis whose why has its own id', () => {
      const a = analysis();
      return { type: 'addAnalysis', index: 0, analysis: { ...a, whys: [{ ...why('y'), id: a.id }] } };
    }, 'duplicate'],
    [
      'adding a chain deeper than the limit',
      (f) => {
        let deep = why('leaf');
        for (let i = 0; i < LIMITS.whyDepth; i++) deep = why(`level ${i}`, [deep]);
        return { type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: deep };
      },
      'too_deep',
    ],
    [
      'adding a chain that would pass the limit under an existing why',
      (f) => {
        // W1a1 is at depth 3: a chain of whyDepth - 2 under it ends at whyDepth + 1.
        let deep = why('leaf');
        for (let i = 1; i < LIMITS.whyDepth - 2; i++) deep = why(`level ${i}`, [deep]);
        return { type: 'addWhy', analysisId: f.P.id, parentId: f.W1a1.id, index: 0, why: deep };
      },
      'too_deep',
    ],
  ])('%s is a validation error', (_name, make, reason) => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expectRefused(b, caseId, make(f), { code: 'validation', issues: [expect.objectContaining({ reason })] });
  });

  it('moving a chain where it would pass the depth limit is a validation error', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    let chain = why('leaf');
    for (let i = 1; i < LIMITS.whyDepth - 1; i++) chain = why(`level ${i}`, [chain]);
    // As deep as allowed less one, on its own: fine.
    applyAndCheck(b, caseId, { type: 'addWhy', analysisId: f.P.id, parentId: null, index: 2, why: chain });
    // Under W1a (depth 2) it would reach whyDepth + 1.
    expectRefused(b, caseId, { type: 'moveWhy', id: chain.id, parentId: f.W1a.id, index: 0 }, { code: 'validation', issues: [{ path: ['whys'], reason: 'too_deep' }] });
  });

  it.each<[string, (f: Fixture, other: Fixture) => WhyCommand]>([
    ['a cause of another case', (_f, other) => ({ type: 'addAnalysis', index: 0, analysis: analysis([], { startCauseId: other.B.id }) })],
    ['a cause that does not exist', () => ({ type: 'addAnalysis', index: 0, analysis: analysis([why('x')], { startCauseId: randomUUID() }) })],
    ['a fishbone category', (f) => ({ type: 'addAnalysis', index: 3, analysis: analysis([], { startCauseId: f.people.id }) })],
    ['a why', (f) => ({ type: 'addAnalysis', index: 1, analysis: analysis([], { startCauseId: f.W1.id }) })],
    ['an analysis', (f) => ({ type: 'addAnalysis', index: 0, analysis: analysis([], { startCauseId: f.Q.id }) })],
  ])('starting an analysis from %s is a validation error', (_name, make) => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const other = caseWithFixture(b);
    expectRefused(b, caseId, make(f, other.f), {
      code: 'validation',
      issues: [{ path: ['startCauseId'], reason: 'invalid_reference' }],
    });
  });

  it('adding an analysis or a why whose id another case uses is a validation error, and nothing is left behind', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    const refused = (command: WhyCommand) => expectDuplicateRefused(b, other.caseId, command);
    // Ids are unique across the library: pasted whys must come with fresh ids. The refusal comes
    // from the insert, after earlier rows of the same command were written: they are rolled back.
    refused({ type: 'addWhy', analysisId: other.f.R.id, parentId: null, index: 0, why: why('fresh parent', [{ ...why('stolen', [why('fresh child')]), id: one.f.W1a.id }]) });
    refused({ type: 'addAnalysis', index: 0, analysis: { ...analysis([why('y')]), id: one.f.R.id } });
    refused({ type: 'addAnalysis', index: 3, analysis: analysis([why('fresh'), { ...why('stolen'), id: one.f.V1.id }], { startCauseId: other.f.D.id }) });
    expect(b.logged).toEqual([]);
  });

  it('on a case in the trash is a conflict, though the analyses can still be read', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const update: WhyCommand = { type: 'updateWhy', id: f.W1.id, patch: { answer: 'x' } };
    expectTrashedRefused(
      b,
      caseId,
      f.analyses,
      // Checked before the command: a trashed case is a conflict even for a command that would not apply.
      [update, { type: 'removeWhy', id: randomUUID() }, { type: 'addAnalysis', index: 0, analysis: analysis([], { startCauseId: randomUUID() }) }],
      update,
    );
  });

  it('on a damaged file is refused as damaged', () => {
    expectDamaged(start, tempDir(), { type: 'removeWhy', id: randomUUID() });
  });
});

describe('removing', () => {
  it('a fishbone cause leaves the analyses that started from it without a start cause, with their whys', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const nested = analysis([why('n')], { startCauseId: f.B1.id });
    const onD = analysis([], { startCauseId: f.D.id });
    applyAndCheck(b, caseId, { type: 'addAnalysis', index: 3, analysis: nested });
    applyAndCheck(b, caseId, { type: 'addAnalysis', index: 4, analysis: onD });
    const before = stored(b, caseId);

    // B goes, and B1 with it: Q (from B) and `nested` (from B1) lose their start cause; R (from C) and onD keep theirs.
    const { revision } = b.ok('fishbone:apply', { caseId, command: { type: 'removeCause', id: f.B.id } });
    const after = stored(b, caseId);
    expect(after.revision).toBe(revision);
    expect(after.analyses).toEqual(before.analyses.map((a) => (a.id === f.Q.id || a.id === nested.id ? { ...a, startCauseId: null } : a)));
    expect(after.analyses.map((a) => a.startCauseId)).toEqual([null, null, f.C.id, null, f.D.id]);

    // And a whole category.
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCategory', id: f.process.id } });
    expect(stored(b, caseId).analyses.map((a) => a.startCauseId)).toEqual([null, null, f.C.id, null, null]);
  });

  it('an analysis started from a cause can be undone while the cause is there, and is refused once it is gone', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const { inverse } = applyAndCheck(b, caseId, { type: 'removeAnalysis', id: f.R.id });
    applyAndCheck(b, caseId, inverse);
    const again = applyAndCheck(b, caseId, { type: 'removeAnalysis', id: f.R.id });
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCause', id: f.C.id } });
    expectRefused(b, caseId, again.inverse, { code: 'validation', issues: [{ path: ['startCauseId'], reason: 'invalid_reference' }] });
  });

  it('an analysis takes all its whys with it', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    applyAndCheck(b, caseId, { type: 'removeAnalysis', id: f.P.id });
    expect(rowsOf(b.path, 'SELECT id FROM whys WHERE analysis_id = ?', f.P.id)).toEqual([]);
    expect(rowsOf<{ id: string }>(b.path, 'SELECT id FROM whys ORDER BY id').map((r) => r.id)).toEqual([f.V1.id, f.V1a.id].sort());
  });

  it('the top of a chain as deep as allowed removes the whole chain', () => {
    const b = start();
    const caseId = newCase(b);
    let chain = why('leaf');
    for (let i = 1; i < LIMITS.whyDepth; i++) chain = why(`level ${i}`, [chain]);
    const a = analysis([chain]);
    applyAndCheck(b, caseId, { type: 'addAnalysis', index: 0, analysis: a });
    expect(rowsOf(b.path, 'SELECT id FROM whys')).toHaveLength(LIMITS.whyDepth);
    applyAndCheck(b, caseId, { type: 'removeWhy', id: chain.id });
    expect(rowsOf(b.path, 'SELECT id FROM whys')).toEqual([]);
    expect(stored(b, caseId).analyses).toEqual([{ ...a, whys: [] }]);
  });

  it('the trash, emptied, takes the analyses and whys with the case', () => {
    const b = start();
    const { caseId } = caseWithFixture(b);
    const kept = caseWithFixture(b);
    b.ok('cases:trash', { id: caseId });
    b.ok('cases:emptyTrash', {});
    expect(rowsOf(b.path, 'SELECT id FROM why_analyses WHERE case_id = ?', caseId)).toEqual([]);
    expect(rowsOf(b.path, 'SELECT id FROM whys')).toHaveLength(7);
    expect(stored(b, kept.caseId).analyses).toEqual(kept.f.analyses);
  });
});

describe('texts', () => {
  it('a 10,000-character answer and a 100,000-character evidence round-trip exactly', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const answer = '客户投诉：the parcel arrived 3 days late，客服未回电。😀\n'.repeat(400).slice(0, LIMITS.causeText).trim();
    expect(answer.length).toBeGreaterThan(LIMITS.causeText - 10);
    applyAndCheck(b, caseId, { type: 'updateWhy', id: f.W2.id, patch: { answer } });
    const big = why(answer, [], { evidence: 'e'.repeat(LIMITS.longText) });
    applyAndCheck(b, caseId, { type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: big });
    const read = stored(b, caseId).analyses;
    expect(read[0]!.whys[1]!.answer).toBe(answer);
    expect(read[2]!.whys[0]).toEqual(big);
  });

  it('are trimmed as the contract trims them, and stored that way', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    b.ok('whys:apply', { caseId, command: { type: 'updateWhy', id: f.W2.id, patch: { answer: '  padded \n' } } });
    b.ok('whys:apply', { caseId, command: { type: 'addWhy', analysisId: f.R.id, parentId: null, index: 0, why: why(' 新的 ', [why('\tchild ')]) } });
    const read = stored(b, caseId).analyses;
    expect([read[0]!.whys[1]!.answer, read[2]!.whys[0]!.answer, read[2]!.whys[0]!.children[0]!.answer]).toEqual(['padded', '新的', 'child']);
    // The question is kept as written.
    b.ok('whys:apply', { caseId, command: { type: 'updateAnalysis', id: f.P.id, patch: { question: ' Why? ' } } });
    expect(stored(b, caseId).analyses[0]!.question).toBe(' Why? ');
  });
});

describe('a long random session', () => {
  it('stays equal to the pure function after every command, with contiguous positions, and undoes back to the start', () => {
    const rnd = prng(20260402);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const startRows = contentDump(b.path);
    const startAnalyses = stored(b, caseId).analyses;
    const causeIds = [f.B.id, f.B1.id, f.C.id, f.D.id];
    const undo: WhyCommand[] = [];
    const seen = new Set<string>();

    const allWhys = (analyses: WhyAnalysis[]) => {
      const out: { why: Why; analysisId: string }[] = [];
      const walk = (list: Why[], analysisId: string) => list.forEach((w) => (out.push({ why: w, analysisId }), walk(w.children, analysisId)));
      for (const a of analyses) walk(a.whys, a.id);
      return out;
    };
    const under = (node: Why, id: string): boolean => node.id === id || node.children.some((c) => under(c, id));

    for (let step = 0; step < 150; step++) {
      const analyses = stored(b, caseId).analyses;
      const whys = allWhys(analyses);
      const kinds =
        analyses.length === 0
          ? ['addAnalysis']
          : whys.length === 0
            ? ['addAnalysis', 'addWhy', 'addWhy']
            : ['addWhy', 'addWhy', 'addWhy', 'updateWhy', 'updateWhy', 'moveWhy', 'moveWhy', 'removeWhy', 'addAnalysis', 'updateAnalysis', 'removeAnalysis'];
      const kind = pick(kinds);
      seen.add(kind);
      let command: WhyCommand;
      switch (kind) {
        case 'addAnalysis':
          command = {
            type: 'addAnalysis',
            index: int(analyses.length + 2),
            analysis: analysis(rnd() < 0.5 ? [why(`a${step}`, [why(`b${step}`)])] : [], { startCauseId: rnd() < 0.5 ? pick(causeIds) : null, direction: rnd() < 0.5 ? 'LR' : 'TB' }),
          };
          break;
        case 'updateAnalysis':
          command = { type: 'updateAnalysis', id: pick(analyses).id, patch: rnd() < 0.5 ? { question: `Why ${step}?` } : { direction: rnd() < 0.5 ? 'LR' : 'TB', question: '' } };
          break;
        case 'removeAnalysis':
          command = { type: 'removeAnalysis', id: pick(analyses).id };
          break;
        case 'addWhy': {
          const target = pick(analyses);
          const inside = whys.filter((w) => w.analysisId === target.id);
          const parentId = inside.length && rnd() < 0.6 ? pick(inside).why.id : null;
          command = { type: 'addWhy', analysisId: target.id, parentId, index: int(4), why: why(`why ${step}`, rnd() < 0.3 ? [why(`because ${step}`)] : []) };
          break;
        }
        case 'updateWhy':
          command = {
            type: 'updateWhy',
            id: pick(whys).why.id,
            patch: {
              answer: `edited ${step}`,
              status: pick(['hypothesis', 'verified', 'ruled_out'] as const),
              isRootCause: rnd() < 0.5,
              stopReason: pick([null, 'controllable', 'outside_control', 'needs_data'] as const),
              collapsed: rnd() < 0.2,
            },
          };
          break;
        case 'moveWhy': {
          const moving = pick(whys);
          const inside = whys.filter((w) => w.analysisId === moving.analysisId);
          let parentId = inside.length && rnd() < 0.6 ? pick(inside).why.id : null;
          // Keep it valid most of the time; a cycle must simply be refused.
          if (parentId && under(moving.why, parentId)) {
            expectRefused(b, caseId, { type: 'moveWhy', id: moving.why.id, parentId, index: 0 }, { code: 'validation' });
            parentId = null;
          }
          command = { type: 'moveWhy', id: moving.why.id, parentId, index: int(5) };
          break;
        }
        default:
          command = { type: 'removeWhy', id: pick(whys).why.id };
      }
      undo.push(applyAndCheck(b, caseId, command).inverse);
      expectContiguous(b, caseId);
    }
    expect([...seen].sort()).toEqual(WhyCommand.options.map((o) => o.shape.type.value).sort());
    while (undo.length) applyAndCheck(b, caseId, undo.pop()!);
    expectContiguous(b, caseId);
    expect(stored(b, caseId).analyses).toEqual(startAnalyses);
    expect(contentDump(b.path)).toEqual(startRows);
  });
});
