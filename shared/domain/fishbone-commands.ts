import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { Id } from './case';
import {
  Category,
  Cause,
  CauseFields,
  CauseParent,
  Fishbone,
  Orientation,
  causeDepth,
  containsCause,
  countCauses,
  findCause,
  type CauseLocation,
} from './fishbone';
import { LIMITS } from './vocabulary';

/** Every change to a fishbone is one of these commands. The backend applies it in one
 *  transaction; the editor applies the same function at once (so the screen never waits) and
 *  keeps the returned inverse for undo. One command is one undo step. */

const index = z.number().int().min(0).max(LIMITS.fishboneCauses);

export const FishboneCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setEffect'), effect: Fishbone.shape.effect }).strict(),
  z.object({ type: z.literal('setOrientation'), orientation: Orientation }).strict(),
  /** Also restores a removed category with all its causes (the inverse of removeCategory). */
  z.object({ type: z.literal('addCategory'), index, category: Category }).strict(),
  z.object({ type: z.literal('renameCategory'), id: Id, label: Category.shape.label }).strict(),
  z.object({ type: z.literal('moveCategory'), id: Id, index }).strict(),
  z.object({ type: z.literal('removeCategory'), id: Id }).strict(),
  /** Adds a cause with its subtree (a single new cause, or a removed subtree coming back). */
  z.object({ type: z.literal('addCause'), parent: CauseParent, index, cause: Cause }).strict(),
  z.object({ type: z.literal('updateCause'), id: Id, patch: CauseFields.partial().strict() }).strict(),
  z.object({ type: z.literal('moveCause'), id: Id, parent: CauseParent, index }).strict(),
  z.object({ type: z.literal('removeCause'), id: Id }).strict(),
  z.object({ type: z.literal('vote'), id: Id, delta: z.union([z.literal(1), z.literal(-1)]) }).strict(),
  z.object({ type: z.literal('setVotes'), votes: z.record(Id, CauseFields.shape.votes) }).strict(),
  z.object({ type: z.literal('resetVotes') }).strict(),
  z.object({ type: z.literal('sortByVotes') }).strict(),
  z.object({ type: z.literal('reorder'), lists: z.array(z.object({ parent: CauseParent, ids: z.array(Id) }).strict()).max(LIMITS.fishboneCauses) }).strict(),
  /** A whole new diagram: a template switch or a Mermaid import. */
  z.object({ type: z.literal('replace'), fishbone: Fishbone }).strict(),
]);
export type FishboneCommand = z.infer<typeof FishboneCommand>;

export interface Applied {
  fishbone: Fishbone;
  /** Applying this to the result gives back the fishbone that was passed in. */
  inverse: FishboneCommand;
}

const invalid = (path: Array<string | number>, reason: string, message: string): never => {
  throw new CausewayError('validation', message, { issues: [{ path, reason }] });
};

const clamp = (i: number, length: number) => Math.min(Math.max(0, i), length);

function locate(fishbone: Fishbone, id: string): CauseLocation {
  const found = findCause(fishbone, id);
  if (!found) throw new CausewayError('not_found', `No cause ${id} in this fishbone.`);
  return found;
}

function categoryIndex(fishbone: Fishbone, id: string): number {
  const i = fishbone.categories.findIndex((c) => c.id === id);
  if (i < 0) throw new CausewayError('not_found', `No category ${id} in this fishbone.`);
  return i;
}

/** Path of indexes from the category down to the list that holds a parent's children. */
function pathTo(fishbone: Fishbone, parent: CauseParent): { category: number; causes: number[] } {
  const category = categoryIndex(fishbone, parent.categoryId);
  if (parent.causeId === null) return { category, causes: [] };
  const causes: number[] = [];
  const search = (list: Cause[]): boolean => {
    for (let i = 0; i < list.length; i++) {
      causes.push(i);
      const cause = list[i]!;
      if (cause.id === parent.causeId || search(cause.children)) return true;
      causes.pop();
    }
    return false;
  };
  if (!search(fishbone.categories[category]!.causes)) throw new CausewayError('not_found', `No cause ${parent.causeId} in category ${parent.categoryId}.`);
  return { category, causes };
}

/** Copies only the path down to one list, so unchanged causes keep their identity (cheap re-renders). */
function withList(fishbone: Fishbone, parent: CauseParent, change: (list: Cause[]) => Cause[]): Fishbone {
  const path = pathTo(fishbone, parent);
  const rewrite = (list: Cause[], depth: number): Cause[] => {
    if (depth === path.causes.length) return change([...list]);
    const copy = [...list];
    const i = path.causes[depth]!;
    const cause = copy[i]!;
    copy[i] = { ...cause, children: rewrite(cause.children, depth + 1) };
    return copy;
  };
  const categories = [...fishbone.categories];
  const category = categories[path.category]!;
  categories[path.category] = { ...category, causes: rewrite(category.causes, 0) };
  return { ...fishbone, categories };
}

function parentOf(location: CauseLocation): CauseParent {
  return { categoryId: location.category.id, causeId: location.parent?.id ?? null };
}

function withCause(fishbone: Fishbone, id: string, change: (cause: Cause) => Cause): Fishbone {
  const location = locate(fishbone, id);
  return withList(fishbone, parentOf(location), (list) => {
    list[location.index] = change(list[location.index]!);
    return list;
  });
}

function allIds(fishbone: Fishbone): Set<string> {
  const ids = new Set<string>();
  const add = (list: Cause[]) => {
    for (const c of list) {
      ids.add(c.id);
      add(c.children);
    }
  };
  for (const category of fishbone.categories) {
    ids.add(category.id);
    add(category.causes);
  }
  return ids;
}

function checkNewIds(existing: Set<string>, incoming: Array<{ id: string; children?: Cause[]; causes?: Cause[] }>): void {
  const visit = (items: Array<{ id: string; children?: Cause[]; causes?: Cause[] }>) => {
    for (const item of items) {
      if (existing.has(item.id)) invalid(['id'], 'duplicate', `Id ${item.id} is already used in this fishbone.`);
      existing.add(item.id);
      visit(item.children ?? item.causes ?? []);
    }
  };
  visit(incoming);
}

/** Limits that hold for every stored fishbone, checked after each command. */
function checkLimits(fishbone: Fishbone): Fishbone {
  if (fishbone.categories.length > LIMITS.fishboneCategories) invalid(['categories'], 'too_many', 'Too many categories.');
  let total = 0;
  for (const category of fishbone.categories) {
    total += countCauses(category.causes);
    if (causeDepth(category.causes) > LIMITS.fishboneDepth) invalid(['causes'], 'too_deep', 'Causes are nested too deep.');
  }
  if (total > LIMITS.fishboneCauses) invalid(['causes'], 'too_many', 'Too many causes.');
  return fishbone;
}

function votesOf(fishbone: Fishbone): Record<string, number> {
  const votes: Record<string, number> = {};
  const visit = (list: Cause[]) => {
    for (const c of list) {
      if (c.votes !== 0) votes[c.id] = c.votes;
      visit(c.children);
    }
  };
  for (const category of fishbone.categories) visit(category.causes);
  return votes;
}

function mapAllCauses(fishbone: Fishbone, change: (cause: Cause) => Cause): Fishbone {
  const rewrite = (list: Cause[]): Cause[] => list.map((c) => change({ ...c, children: rewrite(c.children) }));
  return { ...fishbone, categories: fishbone.categories.map((category) => ({ ...category, causes: rewrite(category.causes) })) };
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Applies one command. Throws `not_found` for a missing cause or category and `validation`
 *  for a command that would break the tree (a cycle, a duplicate id, a limit). Pure. */
export function applyCommand(fishbone: Fishbone, command: FishboneCommand): Applied {
  switch (command.type) {
    case 'setEffect':
      return { fishbone: { ...fishbone, effect: command.effect }, inverse: { type: 'setEffect', effect: fishbone.effect } };

    case 'setOrientation':
      return {
        fishbone: { ...fishbone, orientation: command.orientation },
        inverse: { type: 'setOrientation', orientation: fishbone.orientation },
      };

    case 'addCategory': {
      checkNewIds(allIds(fishbone), [command.category]);
      const categories = [...fishbone.categories];
      categories.splice(clamp(command.index, categories.length), 0, command.category);
      return { fishbone: checkLimits({ ...fishbone, categories }), inverse: { type: 'removeCategory', id: command.category.id } };
    }

    case 'renameCategory': {
      const i = categoryIndex(fishbone, command.id);
      const categories = [...fishbone.categories];
      const before = categories[i]!;
      categories[i] = { ...before, label: command.label };
      return { fishbone: { ...fishbone, categories }, inverse: { type: 'renameCategory', id: command.id, label: before.label } };
    }

    case 'moveCategory': {
      const from = categoryIndex(fishbone, command.id);
      const categories = [...fishbone.categories];
      const moved = categories.splice(from, 1)[0]!;
      categories.splice(clamp(command.index, categories.length), 0, moved);
      return { fishbone: { ...fishbone, categories }, inverse: { type: 'moveCategory', id: command.id, index: from } };
    }

    case 'removeCategory': {
      const i = categoryIndex(fishbone, command.id);
      const category = fishbone.categories[i]!;
      return {
        fishbone: { ...fishbone, categories: fishbone.categories.filter((c) => c.id !== command.id) },
        inverse: { type: 'addCategory', index: i, category },
      };
    }

    case 'addCause': {
      checkNewIds(allIds(fishbone), [command.cause]);
      const next = withList(fishbone, command.parent, (list) => {
        list.splice(clamp(command.index, list.length), 0, command.cause);
        return list;
      });
      return { fishbone: checkLimits(next), inverse: { type: 'removeCause', id: command.cause.id } };
    }

    case 'updateCause': {
      const { cause } = locate(fishbone, command.id);
      const before: Partial<CauseFields> = {};
      for (const key of Object.keys(command.patch) as Array<keyof CauseFields>) (before as Record<string, unknown>)[key] = cause[key];
      return {
        fishbone: withCause(fishbone, command.id, (c) => ({ ...c, ...command.patch })),
        inverse: { type: 'updateCause', id: command.id, patch: before },
      };
    }

    case 'moveCause': {
      const location = locate(fishbone, command.id);
      if (command.parent.causeId !== null) {
        if (containsCause(location.cause, command.parent.causeId)) {
          invalid(['parent'], 'cycle', 'A cause cannot move under itself.');
        }
      }
      const from = parentOf(location);
      const removed = withList(fishbone, from, (list) => {
        list.splice(location.index, 1);
        return list;
      });
      const next = withList(removed, command.parent, (list) => {
        list.splice(clamp(command.index, list.length), 0, location.cause);
        return list;
      });
      return { fishbone: checkLimits(next), inverse: { type: 'moveCause', id: command.id, parent: from, index: location.index } };
    }

    case 'removeCause': {
      const location = locate(fishbone, command.id);
      const parent = parentOf(location);
      return {
        fishbone: withList(fishbone, parent, (list) => {
          list.splice(location.index, 1);
          return list;
        }),
        inverse: { type: 'addCause', parent, index: location.index, cause: location.cause },
      };
    }

    case 'vote': {
      const { cause } = locate(fishbone, command.id);
      const votes = Math.max(0, cause.votes + command.delta);
      return {
        fishbone: withCause(fishbone, command.id, (c) => ({ ...c, votes })),
        inverse: { type: 'updateCause', id: command.id, patch: { votes: cause.votes } },
      };
    }

    case 'setVotes':
    case 'resetVotes': {
      const wanted = command.type === 'setVotes' ? command.votes : {};
      if (command.type === 'setVotes') {
        const ids = allIds(fishbone);
        for (const id of Object.keys(wanted)) if (!ids.has(id)) throw new CausewayError('not_found', `No cause ${id} in this fishbone.`);
      }
      return {
        fishbone: mapAllCauses(fishbone, (c) => {
          const votes = wanted[c.id] ?? 0;
          return c.votes === votes ? c : { ...c, votes };
        }),
        inverse: { type: 'setVotes', votes: votesOf(fishbone) },
      };
    }

    case 'sortByVotes': {
      const lists: Array<{ parent: CauseParent; ids: string[] }> = [];
      const rewrite = (list: Cause[], parent: CauseParent): Cause[] => {
        // Stable: equal votes keep the order people gave them.
        const sorted = [...list].sort((a, b) => b.votes - a.votes).map((c) => ({ ...c, children: rewrite(c.children, { categoryId: parent.categoryId, causeId: c.id }) }));
        if (!sameOrder(list.map((c) => c.id), sorted.map((c) => c.id))) lists.push({ parent, ids: list.map((c) => c.id) });
        return sorted;
      };
      const categories = fishbone.categories.map((category) => ({ ...category, causes: rewrite(category.causes, { categoryId: category.id, causeId: null }) }));
      return { fishbone: { ...fishbone, categories }, inverse: { type: 'reorder', lists } };
    }

    case 'reorder': {
      let next = fishbone;
      const before: Array<{ parent: CauseParent; ids: string[] }> = [];
      command.lists.forEach(({ parent, ids }, n) => {
        next = withList(next, parent, (list) => {
          const current = list.map((c) => c.id);
          if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => current.includes(id))) {
            invalid(['lists', n, 'ids'], 'not_a_permutation', 'A reorder must name every cause of the list once.');
          }
          before.push({ parent, ids: current });
          const byId = new Map(list.map((c) => [c.id, c]));
          return ids.map((id) => byId.get(id)!);
        });
      });
      return { fishbone: next, inverse: { type: 'reorder', lists: before.reverse() } };
    }

    case 'replace': {
      checkNewIds(new Set(), command.fishbone.categories);
      return { fishbone: checkLimits(command.fishbone), inverse: { type: 'replace', fishbone } };
    }
  }
}

/** Whether a command changes what a reader sees as content (collapsing a subtree is only a view
 *  preference: it is saved, but it is not an undo step). */
export function isViewOnly(command: FishboneCommand): boolean {
  return command.type === 'updateCause' && Object.keys(command.patch).every((k) => k === 'collapsed');
}
