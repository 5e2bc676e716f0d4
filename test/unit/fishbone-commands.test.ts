import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import { defaultCauseFields, findCause, Fishbone, topVoted, type Cause } from '../../shared/domain/fishbone';
import { applyCommand, FishboneCommand, isViewOnly } from '../../shared/domain/fishbone-commands';
import { fishboneArb, generatedFishbone } from '../support/fishbones';

const uuid = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
const newCause = (n: number, text = `cause ${n}`): Cause => ({ ...defaultCauseFields(text), id: uuid(n), children: [] });

function base(): Fishbone {
  const f = generatedFishbone(12, { categories: 3, seed: 3 });
  return Fishbone.parse(f);
}

/** Applies, checks the command is valid by the API schema, undoes, and checks the round trip. */
function roundTrip(f: Fishbone, command: FishboneCommand): Fishbone {
  expect(FishboneCommand.safeParse(command).success).toBe(true);
  const before = structuredClone(f);
  const { fishbone, inverse } = applyCommand(f, command);
  expect(f).toEqual(before); // pure: the input is untouched
  expect(FishboneCommand.safeParse(inverse).success).toBe(true);
  expect(applyCommand(fishbone, inverse).fishbone).toEqual(before);
  return fishbone;
}

describe('fishbone commands', () => {
  it('setEffect and setOrientation', () => {
    const f = base();
    expect(roundTrip(f, { type: 'setEffect', effect: '为什么配送延误?' }).effect).toBe('为什么配送延误?');
    expect(roundTrip(f, { type: 'setOrientation', orientation: 'head_left' }).orientation).toBe('head_left');
  });

  it('adds, renames, moves and removes categories (removal restores every cause on undo)', () => {
    const f = base();
    const added = roundTrip(f, { type: 'addCategory', index: 1, category: { id: uuid(900), label: '环境', templateKey: null, causes: [] } });
    expect(added.categories[1]!.label).toBe('环境');
    expect(roundTrip(f, { type: 'renameCategory', id: f.categories[0]!.id, label: 'People' }).categories[0]!.label).toBe('People');
    const moved = roundTrip(f, { type: 'moveCategory', id: f.categories[0]!.id, index: 2 });
    expect(moved.categories[2]!.id).toBe(f.categories[0]!.id);
    const removed = roundTrip(f, { type: 'removeCategory', id: f.categories[1]!.id });
    expect(removed.categories).toHaveLength(2);
  });

  it('adds a cause at a place, as a sibling or under another cause', () => {
    const f = base();
    const category = f.categories[0]!;
    const top = roundTrip(f, { type: 'addCause', parent: { categoryId: category.id, causeId: null }, index: 0, cause: newCause(1) });
    expect(top.categories[0]!.causes[0]!.id).toBe(uuid(1));
    const parent = category.causes[0]!;
    const under = roundTrip(f, { type: 'addCause', parent: { categoryId: category.id, causeId: parent.id }, index: 99, cause: newCause(2) });
    expect(findCause(under, uuid(2))!.parent!.id).toBe(parent.id);
    expect(findCause(under, uuid(2))!.index).toBe(parent.children.length);
  });

  it('updates cause fields, and the inverse restores only those fields', () => {
    const f = base();
    const id = f.categories[0]!.causes[0]!.id;
    const next = roundTrip(f, { type: 'updateCause', id, patch: { text: '新文字', status: 'confirmed', isRootCause: true, evidence: 'logs', servqual: 'reliability', touchpoint: 'delivery' } });
    expect(findCause(next, id)!.cause).toMatchObject({ text: '新文字', status: 'confirmed', isRootCause: true, evidence: 'logs' });
  });

  it('moves a cause within and across categories, and refuses a move under itself', () => {
    const f = base();
    const cause = f.categories[0]!.causes[0]!;
    const across = roundTrip(f, { type: 'moveCause', id: cause.id, parent: { categoryId: f.categories[2]!.id, causeId: null }, index: 0 });
    expect(findCause(across, cause.id)!.category.id).toBe(f.categories[2]!.id);
    expect(findCause(across, cause.id)!.cause.children).toEqual(cause.children); // the subtree travels along
    if (cause.children[0]) {
      expect(() => applyCommand(f, { type: 'moveCause', id: cause.id, parent: { categoryId: f.categories[0]!.id, causeId: cause.children[0]!.id }, index: 0 })).toThrow(CausewayError);
    }
    expect(() => applyCommand(f, { type: 'moveCause', id: cause.id, parent: { categoryId: f.categories[0]!.id, causeId: cause.id }, index: 0 })).toThrow(/under itself/);
  });

  it('removes a cause with its subtree; undo puts it back at the same place', () => {
    const f = base();
    const cause = f.categories[0]!.causes[0]!;
    const removed = roundTrip(f, { type: 'removeCause', id: cause.id });
    expect(findCause(removed, cause.id)).toBeNull();
    for (const c of cause.children) expect(findCause(removed, c.id)).toBeNull();
  });

  it('votes +1 and -1 (never below zero), resets, sorts by votes and highlights the top three', () => {
    let f = base();
    const ids = f.categories.flatMap((c) => c.causes.map((x) => x.id));
    f = roundTrip(f, { type: 'vote', id: ids[1]!, delta: 1 });
    f = roundTrip(f, { type: 'vote', id: ids[1]!, delta: 1 });
    f = roundTrip(f, { type: 'vote', id: ids[0]!, delta: 1 });
    const down = roundTrip(f, { type: 'vote', id: ids[2]!, delta: -1 });
    expect(findCause(down, ids[2]!)!.cause.votes).toBe(0);
    expect(topVoted(f)).toEqual(new Set([ids[1], ids[0]]));
    const sorted = roundTrip(f, { type: 'sortByVotes' });
    const list = findCause(sorted, ids[1]!)!.siblings;
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.votes).toBeGreaterThanOrEqual(list[i]!.votes);
    const reset = roundTrip(f, { type: 'resetVotes' });
    expect(topVoted(reset).size).toBe(0);
  });

  it('replaces the whole diagram (template switch or import), undoable', () => {
    const f = base();
    const other = generatedFishbone(5, { categories: 2, seed: 9 });
    expect(roundTrip(f, { type: 'replace', fishbone: Fishbone.parse({ ...other, categories: other.categories.map((c) => ({ ...c, id: uuid(500 + other.categories.indexOf(c)) })) }) }).categories).toHaveLength(2);
  });

  it('refuses missing ids, duplicate ids and bad reorders without changing anything', () => {
    const f = base();
    const missing = uuid(12345);
    expect(() => applyCommand(f, { type: 'removeCause', id: missing })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => applyCommand(f, { type: 'renameCategory', id: missing, label: 'x' })).toThrow(expect.objectContaining({ code: 'not_found' }));
    const existing = f.categories[0]!.causes[0]!.id;
    expect(() => applyCommand(f, { type: 'addCause', parent: { categoryId: f.categories[0]!.id, causeId: null }, index: 0, cause: { ...newCause(1), id: existing } })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    const list = f.categories[0]!.causes.map((c) => c.id);
    expect(() => applyCommand(f, { type: 'reorder', lists: [{ parent: { categoryId: f.categories[0]!.id, causeId: null }, ids: list.slice(1) }] })).toThrow(/every cause/);
  });

  it('treats collapsing as a view preference, not an undo step', () => {
    expect(isViewOnly({ type: 'updateCause', id: uuid(1), patch: { collapsed: true } })).toBe(true);
    expect(isViewOnly({ type: 'updateCause', id: uuid(1), patch: { collapsed: true, text: 'x' } })).toBe(false);
  });

  it('the API schema refuses empty text, 10,001 characters and unknown keys', () => {
    const id = uuid(1);
    expect(FishboneCommand.safeParse({ type: 'updateCause', id, patch: { text: '   ' } }).success).toBe(false);
    expect(FishboneCommand.safeParse({ type: 'updateCause', id, patch: { text: 'x'.repeat(10_001) } }).success).toBe(false);
    expect(FishboneCommand.safeParse({ type: 'updateCause', id, patch: { text: 'x'.repeat(5_000) } }).success).toBe(true);
    expect(FishboneCommand.safeParse({ type: 'removeCause', id, extra: 1 }).success).toBe(false);
  });

  it('any sequence of commands undone in reverse gives back the start (property)', () => {
    fc.assert(
      fc.property(fishboneArb(3), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(6)), { maxLength: 12 }), (start, picks) => {
        let f = start;
        const undo: FishboneCommand[] = [];
        let fresh = 0;
        for (const [a, b, c, kind] of picks) {
          const causes: string[] = [];
          const walk = (list: Cause[]) => list.forEach((x) => (causes.push(x.id), walk(x.children)));
          f.categories.forEach((cat) => walk(cat.causes));
          const cat = f.categories[a % Math.max(1, f.categories.length)];
          const cause = causes[b % Math.max(1, causes.length)];
          let command: FishboneCommand | null = null;
          if (kind === 0 && cat) command = { type: 'addCause', parent: { categoryId: cat.id, causeId: null }, index: c, cause: newCause(100_000 + fresh++) };
          if (kind === 1 && cause) command = { type: 'removeCause', id: cause };
          if (kind === 2 && cause && cat) command = { type: 'moveCause', id: cause, parent: { categoryId: cat.id, causeId: null }, index: c };
          if (kind === 3 && cause) command = { type: 'vote', id: cause, delta: c % 2 ? 1 : -1 };
          if (kind === 4 && cat) command = { type: 'moveCategory', id: cat.id, index: c % 5 };
          if (kind === 5) command = { type: 'sortByVotes' };
          if (kind === 6 && cat) command = { type: 'removeCategory', id: cat.id };
          if (!command) continue;
          const applied = applyCommand(f, command);
          f = applied.fishbone;
          undo.push(applied.inverse);
        }
        for (const inverse of undo.reverse()) f = applyCommand(f, inverse).fishbone;
        expect(f).toEqual(start);
      }),
      { numRuns: 200 },
    );
  });
});
