import { z } from 'zod';
import { Id, Touchpoint } from './case';
import { CAUSE_STATUSES, LIMITS, SERVQUAL_DIMENSIONS } from './vocabulary';

/** A case's fishbone (鱼骨图): the effect at the head, ordered categories (bones), each holding a
 *  tree of causes (ribs and sub-causes to any depth). Positions are never part of it: the layout
 *  function derives them, so the screen, the SVG and the report always agree. */

export const CauseStatus = z.enum(CAUSE_STATUSES);
export type CauseStatus = z.infer<typeof CauseStatus>;
export const ServqualDimension = z.enum(SERVQUAL_DIMENSIONS);
export type ServqualDimension = z.infer<typeof ServqualDimension>;
export const ORIENTATIONS = ['head_right', 'head_left'] as const;
export const Orientation = z.enum(ORIENTATIONS);
export type Orientation = z.infer<typeof Orientation>;

export const causeText = z.string().trim().min(1, { error: 'required' }).max(LIMITS.causeText, { error: 'too_long' });
const categoryLabel = z.string().trim().min(1, { error: 'required' }).max(LIMITS.shortText, { error: 'too_long' });

/** The editable fields of a cause; a patch carries any of them. */
export const CauseFields = z.object({
  text: causeText,
  status: CauseStatus,
  isRootCause: z.boolean(),
  evidence: z.string().max(LIMITS.longText, { error: 'too_long' }),
  votes: z.number().int().min(0).max(1_000_000),
  touchpoint: Touchpoint.nullable(),
  servqual: ServqualDimension.nullable(),
  collapsed: z.boolean(),
});
export type CauseFields = z.infer<typeof CauseFields>;

export interface Cause extends CauseFields {
  id: string;
  children: Cause[];
}

// Strict at every level, as the commands around them are: an unknown field deep in a tree is
// refused, not silently dropped.
export const Cause: z.ZodType<Cause> = CauseFields.extend({
  id: Id,
  get children() {
    return z.array(Cause).max(LIMITS.fishboneCauses);
  },
}).strict();

export const Category = z.object({
  id: Id,
  label: categoryLabel,
  /** The template category it came from, so a later template switch can map it. */
  templateKey: z.string().max(100).nullable(),
  causes: z.array(Cause).max(LIMITS.fishboneCauses),
}).strict();
export type Category = z.infer<typeof Category>;

export const Fishbone = z.object({
  /** The head. Null means "show the problem statement". */
  effect: z.string().max(LIMITS.shortText, { error: 'too_long' }).nullable(),
  template: z.string().max(100).nullable(),
  orientation: Orientation,
  categories: z.array(Category).max(LIMITS.fishboneCategories),
}).strict();
export type Fishbone = z.infer<typeof Fishbone>;

/** Where a cause hangs: directly on a category's bone, or under another cause. */
export const CauseParent = z.object({ categoryId: Id, causeId: Id.nullable() }).strict();
export type CauseParent = z.infer<typeof CauseParent>;

export const emptyFishbone = (): Fishbone => ({ effect: null, template: null, orientation: 'head_right', categories: [] });

export const defaultCauseFields = (text: string): CauseFields => ({
  text,
  status: 'hypothesis',
  isRootCause: false,
  evidence: '',
  votes: 0,
  touchpoint: null,
  servqual: null,
  collapsed: false,
});

/** The text shown at the head: the effect if one was written, else the problem's first line. */
export function effectText(fishbone: Fishbone, problem: string, fallback: string): string {
  if (fishbone.effect && fishbone.effect.trim()) return fishbone.effect;
  const first = problem.split(/\r?\n/).find((l) => l.trim());
  return first?.trim() || fallback;
}

/** Visits every cause depth-first, in reading order. Returning false skips the children. */
export function walkCauses(
  fishbone: Fishbone,
  visit: (cause: Cause, ctx: { category: Category; parent: Cause | null; depth: number; index: number }) => void | boolean,
): void {
  const walk = (list: Cause[], category: Category, parent: Cause | null, depth: number) => {
    list.forEach((cause, index) => {
      if (visit(cause, { category, parent, depth, index }) !== false) walk(cause.children, category, cause, depth + 1);
    });
  };
  for (const category of fishbone.categories) walk(category.causes, category, null, 1);
}

/** Whether `id` is the cause itself or anywhere under it (a move there would make a cycle). */
export function containsCause(cause: Cause, id: string): boolean {
  return cause.id === id || cause.children.some((c) => containsCause(c, id));
}

export function countCauses(list: readonly Cause[]): number {
  let n = 0;
  for (const c of list) n += 1 + countCauses(c.children);
  return n;
}

export function causeDepth(list: readonly Cause[]): number {
  let d = 0;
  for (const c of list) d = Math.max(d, 1 + causeDepth(c.children));
  return d;
}

export interface CauseLocation {
  cause: Cause;
  category: Category;
  parent: Cause | null;
  /** The list that holds the cause and its index in it. */
  siblings: Cause[];
  index: number;
  depth: number;
}

export function findCause(fishbone: Fishbone, id: string): CauseLocation | null {
  for (const category of fishbone.categories) {
    const found = findIn(category.causes, id, category, null, 1);
    if (found) return found;
  }
  return null;
}

function findIn(list: Cause[], id: string, category: Category, parent: Cause | null, depth: number): CauseLocation | null {
  for (let index = 0; index < list.length; index++) {
    const cause = list[index]!;
    if (cause.id === id) return { cause, category, parent, siblings: list, index, depth };
    const found = findIn(cause.children, id, category, cause, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Causes marked as root causes, in reading order. */
export function rootCauses(fishbone: Fishbone): Array<{ cause: Cause; category: Category }> {
  const out: Array<{ cause: Cause; category: Category }> = [];
  walkCauses(fishbone, (cause, { category }) => {
    if (cause.isRootCause) out.push({ cause, category });
  });
  return out;
}

/** The three causes with the most votes (ties go to the one read first); none without votes. */
export function topVoted(fishbone: Fishbone, count = 3): Set<string> {
  const voted: Array<{ id: string; votes: number; order: number }> = [];
  let order = 0;
  walkCauses(fishbone, (cause) => {
    if (cause.votes > 0) voted.push({ id: cause.id, votes: cause.votes, order });
    order++;
  });
  voted.sort((a, b) => b.votes - a.votes || a.order - b.order);
  return new Set(voted.slice(0, count).map((v) => v.id));
}
