import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields, emptyFishbone, type Category, type Cause, type CauseFields, type Fishbone } from '../../shared/domain/fishbone';
import { FishboneCommand } from '../../shared/domain/fishbone-commands';
import { LIMITS } from '../../shared/domain/vocabulary';
import { prng } from '../bench/dataset';
import { manualClock, useBackend, withConnection, type Backend } from '../support/backend';
import { contentDump, documentChecks, expectContiguousPositions, FISHBONE, rewriteRowsInOrder, rowsOf, stampsOf } from '../support/documents';

const { start, tempDir } = useBackend();

// ---------------------------------------------------------------------------------------------
// Building trees and reading the tables

const cause = (text: string, children: Cause[] = [], fields: Partial<CauseFields> = {}): Cause => ({
  id: randomUUID(),
  ...defaultCauseFields(text),
  ...fields,
  children,
});

const category = (label: string, causes: Cause[] = [], templateKey: string | null = null): Category => ({
  id: randomUUID(),
  label,
  templateKey,
  causes,
});

/** People: A [A1, A2 [A2a]], B, C · Process: D [D1], E · Tools: (none). Some votes, one root cause. */
function fixture() {
  const A2a = cause('Shift handover note is optional', [], { votes: 1 });
  const A1 = cause('New hires skip the returns training', [], { votes: 2, status: 'confirmed', isRootCause: true, evidence: 'HR records' });
  const A2 = cause('No handover between shifts', [A2a], { touchpoint: 'delivery', servqual: 'reliability' });
  const A = cause('Staff unaware of the policy', [A1, A2], { votes: 1 });
  const B = cause('客服未回电', [], { votes: 3 });
  const C = cause('Supervisor on leave');
  const D1 = cause('Form has no reason field', [], { collapsed: true });
  const D = cause('Refund needs three approvals', [D1], { votes: 3 });
  const E = cause('Courier cut-off at 15:00');
  const people = category('People', [A, B, C], 'people');
  const process = category('Process', [D, E], 'process');
  const tools = category('Tools', [], null);
  const fishbone: Fishbone = { effect: 'Refunds take two weeks', template: 'six_m', orientation: 'head_right', categories: [people, process, tools] };
  return { fishbone, people, process, tools, A, A1, A2, A2a, B, C, D, D1, E };
}
type Fixture = ReturnType<typeof fixture>;

function newCase(b: Backend, title = 'Fishbone'): string {
  return b.ok('cases:create', { language: 'en', title }).case.id;
}

/** A case holding the fixture (written with one `replace`). */
function caseWithFixture(b: Backend) {
  const f = fixture();
  const caseId = newCase(b);
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: f.fishbone } });
  return { caseId, f };
}

const { stored, applyAndCheck, expectRefused, expectDuplicateRefused, expectInverseRestores, expectEveryCommandType, expectMissingCase, expectTrashedRefused, expectDamaged, expectSameAfterReopen } = documentChecks(FISHBONE);

/** In every sibling list (a category's top causes, a cause's children) positions are 0..n-1. */
function expectContiguous(b: Backend, caseId: string) {
  expectContiguousPositions(rowsOf(b.path, `SELECT 'categories' AS grp, position FROM fishbone_categories WHERE case_id = ? ORDER BY position`, caseId));
  expectContiguousPositions(rowsOf(b.path, `SELECT category_id || '/' || ifnull(parent_id, '') AS grp, position FROM causes WHERE case_id = ? ORDER BY grp, position`, caseId));
}

// ---------------------------------------------------------------------------------------------

describe('reading a fishbone', () => {
  it('of a new case gives the empty diagram at the case revision', () => {
    const b = start();
    const caseId = newCase(b);
    b.ok('cases:update', { id: caseId, revision: 0, patch: { problem: 'x' } });
    expect(stored(b, caseId)).toEqual({ fishbone: emptyFishbone(), revision: 1 });
  });

  it('of a missing case is not_found', () => {
    expectMissingCase(start(), { type: 'setEffect', effect: 'x' });
  });

  it('gives back exactly what was stored, in order', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expect(stored(b, caseId)).toEqual({ fishbone: f.fishbone, revision: 1 });
  });

  it('is the same after the file is closed and opened again by a new connection', () => {
    expectSameAfterReopen(start, tempDir(), (first) => {
      const { caseId, f } = caseWithFixture(first);
      applyAndCheck(first, caseId, { type: 'moveCause', id: f.A2.id, parent: { categoryId: f.process.id, causeId: f.D.id }, index: 0 });
      return caseId;
    });
  });

  it('orders siblings by position whatever order the rows were written in', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    // Rewrite the rows in reverse id order: the read must not depend on rowid or id order.
    rewriteRowsInOrder(b.path, ['causes'], 'id DESC');
    expect(stored(b, caseId).fishbone).toEqual(f.fishbone);
  });
});

describe('every command', () => {
  const cases: Array<[string, (f: Fixture) => FishboneCommand]> = [
    ['setEffect', () => ({ type: 'setEffect', effect: '退款需要两周' })],
    ['setEffect to null', () => ({ type: 'setEffect', effect: null })],
    ['setOrientation', () => ({ type: 'setOrientation', orientation: 'head_left' })],
    ['addCategory (empty)', () => ({ type: 'addCategory', index: 1, category: category('Environment') })],
    [
      'addCategory (with causes, index past the end)',
      () => ({ type: 'addCategory', index: 99, category: category('  Measurement  ', [cause('No KPI', [cause('Nobody owns it')]), cause('Stale dashboard')], 'measurement') }),
    ],
    ['renameCategory', (f) => ({ type: 'renameCategory', id: f.people.id, label: '人员' })],
    ['moveCategory (last to first)', (f) => ({ type: 'moveCategory', id: f.tools.id, index: 0 })],
    ['moveCategory (first to last)', (f) => ({ type: 'moveCategory', id: f.people.id, index: 2 })],
    ['removeCategory (with its causes)', (f) => ({ type: 'removeCategory', id: f.people.id })],
    ['removeCategory (empty)', (f) => ({ type: 'removeCategory', id: f.tools.id })],
    ['addCause (on a bone, first)', (f) => ({ type: 'addCause', parent: { categoryId: f.people.id, causeId: null }, index: 0, cause: cause('Understaffed') })],
    ['addCause (in an empty category)', (f) => ({ type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: cause('CRM is slow') })],
    [
      'addCause (a subtree, under a sub-cause)',
      (f) => ({ type: 'addCause', parent: { categoryId: f.people.id, causeId: f.A2.id }, index: 0, cause: cause('Rota', [cause('Made by hand', [cause('Nobody trained')])]) }),
    ],
    [
      'updateCause (every field)',
      (f) => ({
        type: 'updateCause',
        id: f.A2a.id,
        patch: { text: 'Handover is verbal only', status: 'ruled_out', isRootCause: true, evidence: 'Interviews', votes: 7, touchpoint: 'inquiry', servqual: 'empathy', collapsed: true },
      }),
    ],
    ['updateCause (clearing fields)', (f) => ({ type: 'updateCause', id: f.A2.id, patch: { touchpoint: null, servqual: null, evidence: '' } })],
    ['updateCause (collapsed only)', (f) => ({ type: 'updateCause', id: f.A.id, patch: { collapsed: true } })],
    ['moveCause (within its list)', (f) => ({ type: 'moveCause', id: f.C.id, parent: { categoryId: f.people.id, causeId: null }, index: 0 })],
    ['moveCause (a subtree to another category)', (f) => ({ type: 'moveCause', id: f.A2.id, parent: { categoryId: f.process.id, causeId: f.D.id }, index: 0 })],
    // Same category, same position: only the parent differs.
    ['moveCause (to another parent only)', (f) => ({ type: 'moveCause', id: f.C.id, parent: { categoryId: f.people.id, causeId: f.A.id }, index: 2 })],
    ['moveCause (up to the bone)', (f) => ({ type: 'moveCause', id: f.A2a.id, parent: { categoryId: f.people.id, causeId: null }, index: 1 })],
    ['moveCause (into an empty category)', (f) => ({ type: 'moveCause', id: f.A.id, parent: { categoryId: f.tools.id, causeId: null }, index: 0 })],
    ['removeCause (a leaf)', (f) => ({ type: 'removeCause', id: f.B.id })],
    ['removeCause (a subtree)', (f) => ({ type: 'removeCause', id: f.A.id })],
    ['vote +1', (f) => ({ type: 'vote', id: f.C.id, delta: 1 })],
    ['vote -1', (f) => ({ type: 'vote', id: f.B.id, delta: -1 })],
    ['vote -1 at zero', (f) => ({ type: 'vote', id: f.E.id, delta: -1 })],
    ['setVotes', (f) => ({ type: 'setVotes', votes: { [f.E.id]: 4, [f.A1.id]: 2 } })],
    ['resetVotes', () => ({ type: 'resetVotes' })],
    ['sortByVotes', () => ({ type: 'sortByVotes' })],
    [
      'reorder',
      (f) => ({
        type: 'reorder',
        lists: [
          { parent: { categoryId: f.people.id, causeId: null }, ids: [f.C.id, f.A.id, f.B.id] },
          { parent: { categoryId: f.people.id, causeId: f.A.id }, ids: [f.A2.id, f.A1.id] },
        ],
      }),
    ],
    ['replace (with the empty diagram)', () => ({ type: 'replace', fishbone: emptyFishbone() })],
    [
      // Keeps some ids but moves them: A2 (with A2a) leaves People for a new category, People goes,
      // D becomes a child of a new cause. The write order must keep these rows alive.
      'replace (keeping and moving ids)',
      (f) => ({
        type: 'replace',
        fishbone: {
          effect: null,
          template: 'eight_p',
          orientation: 'head_left',
          categories: [
            { ...f.process, label: 'Procedure', templateKey: 'procedure', causes: [cause('Approval chain', [{ ...f.D, text: 'Three approvals' }]), f.E] },
            { id: randomUUID(), label: 'Policies', templateKey: 'policies', causes: [f.A2, f.C] },
          ],
        },
      }),
    ],
  ];

  it.each(cases)('%s: is stored as the pure function gives it, and its inverse restores the rows', (_name, make) => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    const { caseId, f } = caseWithFixture(b);
    expectInverseRestores(b, caseId, make(f), clock, () => expectContiguous(b, caseId));
  });

  it('covers every command type', () => {
    expectEveryCommandType(cases.map(([name]) => name));
  });
});

describe('the rows written', () => {
  const stamps = (path: string, caseId: string) =>
    stampsOf(path, caseId, [
      'SELECT id, created_at, updated_at FROM causes WHERE case_id = ?',
      'SELECT id, created_at, updated_at FROM fishbone_categories WHERE case_id = ?',
    ]);

  it('are only those that changed, stamped with the clock', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, f } = caseWithFixture(b);
    const t0 = '2026-04-01T10:00:00.000Z';
    const initial = stamps(b.path, caseId);
    expect(Object.values(initial).every((s) => s === `${t0} ${t0}`)).toBe(true);

    clock.advance(60_000);
    const t1 = '2026-04-01T10:01:00.000Z';
    b.ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: f.A1.id, patch: { text: 'Changed' } } });
    expect(stamps(b.path, caseId)).toEqual({ ...initial, [f.A1.id]: `${t0} ${t1}` });

    // C moves to the front: C, A and B each change position; nothing else is written.
    clock.advance(60_000);
    const t2 = '2026-04-01T10:02:00.000Z';
    b.ok('fishbone:apply', { caseId, command: { type: 'moveCause', id: f.C.id, parent: { categoryId: f.people.id, causeId: null }, index: 0 } });
    expect(stamps(b.path, caseId)).toEqual({ ...initial, [f.A1.id]: `${t0} ${t1}`, [f.C.id]: `${t0} ${t2}`, [f.A.id]: `${t0} ${t2}`, [f.B.id]: `${t0} ${t2}` });

    clock.advance(60_000);
    const t3 = '2026-04-01T10:03:00.000Z';
    const added = cause('New one');
    b.ok('fishbone:apply', { caseId, command: { type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: added } });
    expect(stamps(b.path, caseId)[added.id]).toBe(`${t3} ${t3}`);

    expect(b.ok('cases:get', { id: caseId }).case).toMatchObject({ revision: 4, updatedAt: t3 });
  });

  it('keep the effect, template and orientation on the case row, and nothing else of it changes', () => {
    const b = start();
    const caseId = newCase(b);
    const caseBefore = b.ok('cases:get', { id: caseId }).case;
    b.ok('fishbone:apply', { caseId, command: { type: 'setEffect', effect: 'Head text' } });
    b.ok('fishbone:apply', { caseId, command: { type: 'setOrientation', orientation: 'head_left' } });
    b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: { ...emptyFishbone(), effect: 'E', template: 'six_m', orientation: 'head_left' } } });
    const row = withConnection(b.path, (db) => db.prepare('SELECT fishbone_effect, fishbone_template, fishbone_orientation FROM cases WHERE id = ?').get(caseId), {
      readonly: true,
    });
    expect(row).toEqual({ fishbone_effect: 'E', fishbone_template: 'six_m', fishbone_orientation: 'head_left' });
    expect(b.ok('cases:get', { id: caseId }).case).toEqual({ ...caseBefore, revision: 3, updatedAt: expect.any(String) });
  });

  it('bump the revision once per command, even one that changes no row', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const r = stored(b, caseId).revision;
    b.ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: f.A.id, patch: { text: f.A.text } } });
    b.ok('fishbone:apply', { caseId, command: { type: 'sortByVotes' } });
    b.ok('fishbone:apply', { caseId, command: { type: 'sortByVotes' } });
    expect(stored(b, caseId).revision).toBe(r + 3);
  });

  it('leave other cases alone', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    const otherBefore = stored(b, other.caseId);
    applyAndCheck(b, one.caseId, { type: 'replace', fishbone: emptyFishbone() });
    applyAndCheck(b, one.caseId, { type: 'addCategory', index: 0, category: category('X', [cause('y')]) });
    expect(stored(b, other.caseId)).toEqual(otherBefore);
  });
});

describe('a command that cannot apply changes nothing', () => {
  it.each<[string, (f: Fixture) => FishboneCommand]>([
    ['updateCause', () => ({ type: 'updateCause', id: randomUUID(), patch: { text: 'x' } })],
    ['removeCause', () => ({ type: 'removeCause', id: randomUUID() })],
    ['moveCause (missing cause)', (f) => ({ type: 'moveCause', id: randomUUID(), parent: { categoryId: f.people.id, causeId: null }, index: 0 })],
    ['moveCause (missing parent)', (f) => ({ type: 'moveCause', id: f.B.id, parent: { categoryId: f.people.id, causeId: randomUUID() }, index: 0 })],
    ['moveCause (parent in another category)', (f) => ({ type: 'moveCause', id: f.B.id, parent: { categoryId: f.process.id, causeId: f.A.id }, index: 0 })],
    ['addCause (missing category)', () => ({ type: 'addCause', parent: { categoryId: randomUUID(), causeId: null }, index: 0, cause: cause('x') })],
    ['vote', () => ({ type: 'vote', id: randomUUID(), delta: 1 })],
    ['setVotes', (f) => ({ type: 'setVotes', votes: { [f.A.id]: 1, [randomUUID()]: 2 } })],
    ['renameCategory', () => ({ type: 'renameCategory', id: randomUUID(), label: 'x' })],
    ['moveCategory', () => ({ type: 'moveCategory', id: randomUUID(), index: 0 })],
    ['removeCategory', () => ({ type: 'removeCategory', id: randomUUID() })],
    ['reorder (missing list)', (f) => ({ type: 'reorder', lists: [{ parent: { categoryId: f.people.id, causeId: null }, ids: [f.C.id, f.A.id, f.B.id] }, { parent: { categoryId: f.people.id, causeId: randomUUID() }, ids: [] }] })],
  ])('naming something missing (%s) is not_found', (_name, make) => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expectRefused(b, caseId, make(f), { code: 'not_found' });
  });

  it.each<[string, (f: Fixture) => FishboneCommand, string]>([
    ['moving a cause under itself', (f) => ({ type: 'moveCause', id: f.A.id, parent: { categoryId: f.people.id, causeId: f.A.id }, index: 0 }), 'cycle'],
    ['moving a cause under its own descendant', (f) => ({ type: 'moveCause', id: f.A.id, parent: { categoryId: f.people.id, causeId: f.A2a.id }, index: 0 }), 'cycle'],
    ['adding a cause with a used id', (f) => ({ type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: { ...cause('x'), id: f.A1.id } }), 'duplicate'],
    ['adding a subtree with a used id deep inside', (f) => ({ type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: cause('x', [cause('y', [{ ...cause('z'), id: f.E.id }])]) }), 'duplicate'],
    ['adding a category with a used id', (f) => ({ type: 'addCategory', index: 0, category: { ...category('x'), id: f.people.id } }), 'duplicate'],
    ['adding a category whose cause reuses a category id', (f) => ({ type: 'addCategory', index: 0, category: category('x', [{ ...cause('y'), id: f.tools.id }]) }), 'duplicate'],
    ['replacing with a tree that repeats an id', (f) => ({ type: 'replace', fishbone: { ...emptyFishbone(), categories: [category('x', [f.B, f.B])] } }), 'duplicate'],
    ['a reorder that is not a permutation', (f) => ({ type: 'reorder', lists: [{ parent: { categoryId: f.people.id, causeId: null }, ids: [f.A.id, f.B.id] }] }), 'not_a_permutation'],
    [
      'a subtree deeper than the limit',
      (f) => {
        let deep = cause('leaf');
        for (let i = 0; i < LIMITS.fishboneDepth; i++) deep = cause(`level ${i}`, [deep]);
        return { type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: deep };
      },
      'too_deep',
    ],
  ])('%s is a validation error', (_name, make, reason) => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expectRefused(b, caseId, make(f), { code: 'validation', issues: [expect.objectContaining({ reason })] });
  });

  it('adding a cause or category whose id another case uses is a validation error, and nothing is left behind', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    // Ids are unique across the library: a pasted subtree must come with fresh ids.
    const stolen = { ...cause('x', [cause('fresh child')]), id: one.f.A1.id };
    const subtree = cause('fresh parent', [stolen]);
    expectDuplicateRefused(b, other.caseId, { type: 'addCause', parent: { categoryId: other.f.tools.id, causeId: null }, index: 0, cause: subtree });
    expectDuplicateRefused(b, other.caseId, { type: 'addCategory', index: 0, category: { ...category('x', [cause('y')]), id: one.f.process.id } });
    expect(b.logged).toEqual([]);
  });

  it('on a case in the trash is a conflict, though the fishbone can still be read', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expectTrashedRefused(
      b,
      caseId,
      f.fishbone,
      // Checked before the command: a trashed case is a conflict even for a command that would not apply.
      [{ type: 'setEffect', effect: 'x' }, { type: 'removeCause', id: randomUUID() }],
      { type: 'setEffect', effect: 'x' },
    );
  });

  it('on a damaged file is refused as damaged', () => {
    expectDamaged(start, tempDir(), { type: 'resetVotes' });
  });
});

describe('removing', () => {
  const insertWhy = (b: Backend, caseId: string, causeId: string) => {
    const id = randomUUID();
    withConnection(b.path, (db) =>
      db
        .prepare(`INSERT INTO why_analyses (id, case_id, start_cause_id, question, position, created_at, updated_at) VALUES (?, ?, ?, 'Why?', 0, 'x', 'x')`)
        .run(id, caseId, causeId),
    );
    return id;
  };
  const startOf = (b: Backend, whyId: string) =>
    withConnection(b.path, (db) => db.prepare('SELECT start_cause_id FROM why_analyses WHERE id = ?').pluck().get(whyId), { readonly: true });

  it('a cause leaves a 5 Whys analysis that started from it without a start cause', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const direct = insertWhy(b, caseId, f.B.id);
    const nested = insertWhy(b, caseId, f.A2a.id);
    const untouched = insertWhy(b, caseId, f.C.id);
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCause', id: f.B.id } });
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCause', id: f.A.id } }); // A2a goes with its ancestor
    expect([startOf(b, direct), startOf(b, nested), startOf(b, untouched)]).toEqual([null, null, f.C.id]);
  });

  it('a category removes its causes, and only those', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const why = insertWhy(b, caseId, f.A1.id);
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCategory', id: f.people.id } });
    expect(rowsOf(b.path, 'SELECT id FROM causes WHERE category_id = ?', f.people.id)).toEqual([]);
    expect(rowsOf<{ id: string }>(b.path, 'SELECT id FROM causes WHERE case_id = ? ORDER BY id', caseId).map((r) => r.id)).toEqual([f.D.id, f.D1.id, f.E.id].sort());
    expect(startOf(b, why)).toBeNull();
  });

  it('the top of a chain as deep as allowed removes the whole chain', () => {
    const b = start();
    const caseId = newCase(b);
    let chain = cause('leaf');
    for (let i = 1; i < LIMITS.fishboneDepth; i++) chain = cause(`level ${i}`, [chain]);
    const bone = category('Deep', [chain]);
    applyAndCheck(b, caseId, { type: 'addCategory', index: 0, category: bone });
    expect(rowsOf(b.path, 'SELECT id FROM causes')).toHaveLength(LIMITS.fishboneDepth);
    applyAndCheck(b, caseId, { type: 'removeCause', id: chain.id });
    expect(rowsOf(b.path, 'SELECT id FROM causes')).toEqual([]);
  });

  it('the trash, emptied, takes the fishbone rows with the case', () => {
    const b = start();
    const { caseId } = caseWithFixture(b);
    b.ok('cases:trash', { id: caseId });
    b.ok('cases:emptyTrash', {});
    expect(rowsOf(b.path, 'SELECT id FROM causes')).toEqual([]);
    expect(rowsOf(b.path, 'SELECT id FROM fishbone_categories')).toEqual([]);
  });
});

describe('texts', () => {
  it('a 5,000-character cause text round-trips exactly', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const text = '客户投诉：the parcel arrived 3 days late，客服未回电。😀\n'.repeat(200).slice(0, 5000).trim();
    expect(text.length).toBeGreaterThan(4990);
    applyAndCheck(b, caseId, { type: 'updateCause', id: f.C.id, patch: { text } });
    const big = cause(text, [], { evidence: 'e'.repeat(LIMITS.longText) });
    applyAndCheck(b, caseId, { type: 'addCause', parent: { categoryId: f.tools.id, causeId: null }, index: 0, cause: big });
    const read = stored(b, caseId).fishbone;
    expect(read.categories[0]!.causes[2]!.text).toBe(text);
    expect(read.categories[2]!.causes[0]).toEqual(big);
  });

  it('are trimmed as the contract trims them, and stored that way', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    b.ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: f.C.id, patch: { text: '  padded  ' } } });
    b.ok('fishbone:apply', { caseId, command: { type: 'renameCategory', id: f.tools.id, label: ' Tools & systems ' } });
    const read = stored(b, caseId).fishbone;
    expect([read.categories[0]!.causes[2]!.text, read.categories[2]!.label]).toEqual(['padded', 'Tools & systems']);
  });
});

describe('a long random session', () => {
  it('stays equal to the pure function after every command, with contiguous positions, and undoes back to the start', () => {
    const rnd = prng(20260401);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
    const b = start();
    const { caseId } = caseWithFixture(b);
    const startRows = contentDump(b.path);
    const undo: FishboneCommand[] = [];

    const allCauses = (fb: Fishbone) => {
      const out: { cause: Cause; categoryId: string }[] = [];
      const walk = (list: Cause[], categoryId: string) => list.forEach((c) => (out.push({ cause: c, categoryId }), walk(c.children, categoryId)));
      for (const c of fb.categories) walk(c.causes, c.id);
      return out;
    };

    for (let step = 0; step < 150; step++) {
      const fb = stored(b, caseId).fishbone;
      const causes = allCauses(fb);
      const somewhere = () => {
        const category = pick(fb.categories);
        const under = causes.filter((c) => c.categoryId === category.id);
        return { categoryId: category.id, causeId: under.length && rnd() < 0.6 ? pick(under).cause.id : null };
      };
      const kinds = fb.categories.length === 0 ? ['addCategory'] : causes.length === 0 ? ['addCause', 'addCategory'] : [
        'addCause', 'addCause', 'addCause', 'updateCause', 'moveCause', 'moveCause', 'removeCause', 'vote', 'sortByVotes', 'moveCategory', 'renameCategory', 'addCategory', 'removeCategory', 'resetVotes', 'setEffect',
      ];
      const kind = pick(kinds);
      let command: FishboneCommand;
      switch (kind) {
        case 'addCategory':
          command = { type: 'addCategory', index: int(fb.categories.length + 1), category: category(`Bone ${step}`, rnd() < 0.5 ? [cause(`c${step}`, [cause(`d${step}`)])] : []) };
          break;
        case 'addCause':
          command = { type: 'addCause', parent: somewhere(), index: int(4), cause: cause(`cause ${step}`, rnd() < 0.3 ? [cause(`child ${step}`)] : []) };
          break;
        case 'updateCause':
          command = { type: 'updateCause', id: pick(causes).cause.id, patch: { text: `edited ${step}`, status: pick(['hypothesis', 'investigating', 'confirmed', 'ruled_out'] as const), isRootCause: rnd() < 0.5 } };
          break;
        case 'moveCause': {
          const moving = pick(causes).cause;
          let parent = somewhere();
          // Keep it valid most of the time; a cycle must simply be refused.
          if (parent.causeId && allCauses({ ...emptyFishbone(), categories: [{ ...category('x'), causes: [moving] }] }).some((c) => c.cause.id === parent.causeId)) {
            expect(b.fail('fishbone:apply', { caseId, command: { type: 'moveCause', id: moving.id, parent, index: 0 } })).toMatchObject({ code: 'validation' });
            parent = { categoryId: parent.categoryId, causeId: null };
          }
          command = { type: 'moveCause', id: moving.id, parent, index: int(5) };
          break;
        }
        case 'removeCause':
          command = { type: 'removeCause', id: pick(causes).cause.id };
          break;
        case 'vote':
          command = { type: 'vote', id: pick(causes).cause.id, delta: rnd() < 0.7 ? 1 : -1 };
          break;
        case 'moveCategory':
          command = { type: 'moveCategory', id: pick(fb.categories).id, index: int(fb.categories.length) };
          break;
        case 'renameCategory':
          command = { type: 'renameCategory', id: pick(fb.categories).id, label: `Renamed ${step}` };
          break;
        case 'removeCategory':
          command = { type: 'removeCategory', id: pick(fb.categories).id };
          break;
        case 'setEffect':
          command = { type: 'setEffect', effect: rnd() < 0.3 ? null : `Effect ${step}` };
          break;
        default:
          command = { type: kind as 'sortByVotes' | 'resetVotes' };
      }
      undo.push(applyAndCheck(b, caseId, command).inverse);
      expectContiguous(b, caseId);
    }
    while (undo.length) applyAndCheck(b, caseId, undo.pop()!);
    expect(contentDump(b.path)).toEqual(startRows);
  });
});
