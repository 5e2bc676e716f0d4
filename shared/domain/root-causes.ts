import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { rootCauses, type Category, type Cause, type CauseStatus, type Fishbone } from './fishbone';
import { refKey, RootCauseRef } from './plan';
import { whyRootCauses, type StopReason, type Why, type WhyAnalysis, type WhyStatus } from './whys';

/** A root cause is one thing, wherever it was found. The fishbone and the 5 Whys each mark their
 *  own root causes (a cause, an answer): those are the *places* a root cause was found. This module
 *  groups the places of a case into its DISTINCT root causes, which is what the list in step 2, the
 *  coverage and picker in step 3, the statuses in step 4 and the report count.
 *
 *  Two places are the same root cause when
 *  - AUTOMATIC: a 5-Whys analysis asks why about fishbone cause C, C is marked a root cause, and the
 *    analysis has exactly ONE root cause W: W is where asking why about C ended, so W and C are the
 *    same root cause. When the analysis has several root causes, they are distinct causes found under
 *    C (its branches, each a cause of C), and none is taken to be C; the team can still say one is
 *    (an explicit link), and one that reads like C is offered to merge (see `mergeOffers`).
 *  - EXPLICIT: the team said so (a `same` link, stored per case).
 *  and sameness is transitive. A `distinct` link between two places undoes an automatic identity
 *  ("separate again" on a pair the rule joined), and keeps the pair from being offered again.
 *  Links naming a place that is not (or no longer) marked a root cause are kept but have no effect
 *  until it is marked again.
 *
 *  Each distinct root cause has one canonical place: the first in reading order (fishbone causes
 *  first, in diagram order, then 5-Whys answers, analysis by analysis). Its text is the root
 *  cause's label. Actions keep linking to places; an action addresses a root cause when it links
 *  to ANY of its places. */

// ---------------------------------------------------------------------------------------------
// Links and the command that changes them

export const RootCauseLink = z.object({ a: RootCauseRef, b: RootCauseRef, same: z.boolean() }).strict();
export type RootCauseLink = z.infer<typeof RootCauseLink>;

export const ROOT_CAUSE_LINKS_MAX = 2_000;
export const RootCauseLinks = z.array(RootCauseLink).max(ROOT_CAUSE_LINKS_MAX);
export type RootCauseLinks = z.infer<typeof RootCauseLinks>;

/** One change to a case's links: some removed, then some added, as one undo step. Merging two root
 *  causes and separating a place again are both made of these (see `mergeCommand`,
 *  `separateCommand`); the inverse swaps the two lists. */
export const RootCauseCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('relate'), add: z.array(RootCauseLink).max(200), remove: z.array(RootCauseLink).max(200) }).strict(),
]);
export type RootCauseCommand = z.infer<typeof RootCauseCommand>;

/** The same key for a pair whichever way round it is written. */
export function pairKey(a: RootCauseRef, b: RootCauseRef): string {
  const x = refKey(a);
  const y = refKey(b);
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

const invalid = (reason: string, message: string): never => {
  throw new CausewayError('validation', message, { issues: [{ path: ['links'], reason }] });
};

/** Applies one command: removes each link of `remove` (which must be there, as it is), then adds
 *  each of `add` (a pair of two different places, not linked already). Pure. */
export function applyRootCauseCommand(links: RootCauseLinks, command: RootCauseCommand): { links: RootCauseLinks; inverse: RootCauseCommand } {
  const byPair = new Map(links.map((l) => [pairKey(l.a, l.b), l]));
  for (const l of command.remove) {
    const stored = byPair.get(pairKey(l.a, l.b));
    if (!stored || stored.same !== l.same) throw new CausewayError('not_found', 'No such root-cause link in this case.');
    byPair.delete(pairKey(l.a, l.b));
  }
  for (const l of command.add) {
    if (refKey(l.a) === refKey(l.b)) invalid('same_place', 'A root cause cannot be linked to itself.');
    if (byPair.has(pairKey(l.a, l.b))) invalid('duplicate', 'These two root causes are already linked.');
    byPair.set(pairKey(l.a, l.b), l);
  }
  if (byPair.size > ROOT_CAUSE_LINKS_MAX) invalid('too_many', 'Too many root-cause links.');
  return { links: [...byPair.values()], inverse: { type: 'relate', add: command.remove, remove: command.add } };
}

// ---------------------------------------------------------------------------------------------
// Places and distinct root causes

interface PlaceBase {
  ref: RootCauseRef;
  key: string;
  text: string;
  evidence: string;
}
export interface FishbonePlace extends PlaceBase {
  source: 'fishbone';
  status: CauseStatus;
  cause: Cause;
  category: Category;
}
export interface WhyPlace extends PlaceBase {
  source: 'whys';
  status: WhyStatus;
  stopReason: StopReason | null;
  analysis: WhyAnalysis;
  why: Why;
  /** How many whys deep it was found. */
  depth: number;
}
export type RootCausePlace = FishbonePlace | WhyPlace;

/** One status per root cause, in the fishbone's words: a 5-Whys answer's `verified` is `confirmed`. */
export type RootCauseStatus = CauseStatus;

export interface RootCause {
  /** The canonical place's key (`source:id`). */
  key: string;
  ref: RootCauseRef;
  text: string;
  /** Every place it was found, canonical first, in reading order. */
  places: RootCausePlace[];
  /** The least settled status of its places: reopened (`investigating`) before `hypothesis` before
   *  `confirmed`; `ruled_out` only when every place is ruled out. A "not effective" check reopens
   *  every place, so they agree again after one. */
  status: RootCauseStatus;
  /** 1-based, in reading order: RC1, RC2… */
  n: number;
}

const STATUS_ORDER: readonly RootCauseStatus[] = ['investigating', 'hypothesis', 'confirmed', 'ruled_out'];
const placeStatus = (p: RootCausePlace): RootCauseStatus => (p.source === 'whys' ? (p.status === 'verified' ? 'confirmed' : p.status) : p.status);

/** Every place a root cause was found, in reading order. */
export function rootCausePlaces(fishbone: Fishbone | null, analyses: readonly WhyAnalysis[] | null): RootCausePlace[] {
  const out: RootCausePlace[] = [];
  if (fishbone) {
    for (const { cause, category } of rootCauses(fishbone)) {
      const ref: RootCauseRef = { source: 'fishbone', id: cause.id };
      out.push({ source: 'fishbone', ref, key: refKey(ref), text: cause.text, evidence: cause.evidence, status: cause.status, cause, category });
    }
  }
  if (analyses) {
    for (const { analysis, why, depth } of whyRootCauses(analyses)) {
      const ref: RootCauseRef = { source: 'whys', id: why.id };
      out.push({ source: 'whys', ref, key: refKey(ref), text: why.answer, evidence: why.evidence, status: why.status, stopReason: why.stopReason, analysis, why, depth });
    }
  }
  return out;
}

/** The pairs the automatic rule joins: a fishbone root cause and the one root cause of an analysis
 *  asking why about it. */
export function automaticPairs(places: readonly RootCausePlace[]): Array<[RootCauseRef, RootCauseRef]> {
  const fishboneRoots = new Set(places.filter((p) => p.source === 'fishbone').map((p) => p.ref.id));
  const byAnalysis = new Map<string, WhyPlace[]>();
  for (const p of places) if (p.source === 'whys') byAnalysis.set(p.analysis.id, [...(byAnalysis.get(p.analysis.id) ?? []), p]);
  const out: Array<[RootCauseRef, RootCauseRef]> = [];
  for (const list of byAnalysis.values()) {
    const start = list[0]!.analysis.startCauseId;
    if (list.length === 1 && start && fishboneRoots.has(start)) out.push([{ source: 'fishbone', id: start }, list[0]!.ref]);
  }
  return out;
}

/** The case's distinct root causes, in reading order of their canonical places. */
export function distinctRootCauses(fishbone: Fishbone | null, analyses: readonly WhyAnalysis[] | null, links: readonly RootCauseLink[] = []): RootCause[] {
  const places = rootCausePlaces(fishbone, analyses);
  const index = new Map(places.map((p, i) => [p.key, i]));
  const parent = places.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: RootCauseRef, b: RootCauseRef) => {
    const x = index.get(refKey(a));
    const y = index.get(refKey(b));
    if (x === undefined || y === undefined) return;
    const [rx, ry] = [find(x), find(y)];
    // The smaller index (earlier in reading order) stays the group's root, so it is the canonical place.
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  };
  const distinct = new Set(links.filter((l) => !l.same).map((l) => pairKey(l.a, l.b)));
  for (const [a, b] of automaticPairs(places)) if (!distinct.has(pairKey(a, b))) join(a, b);
  for (const l of links) if (l.same) join(l.a, l.b);

  const groups = new Map<number, RootCausePlace[]>();
  places.forEach((p, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), p]);
  });
  return [...groups.values()].map((group, i) => {
    const first = group[0]!;
    const statuses = new Set(group.map(placeStatus));
    return { key: first.key, ref: first.ref, text: first.text, places: group, status: STATUS_ORDER.find((s) => statuses.has(s))!, n: i + 1 };
  });
}

/** Every place's key to the root cause it belongs to. */
export function rootCauseIndex(roots: readonly RootCause[]): Map<string, RootCause> {
  const out = new Map<string, RootCause>();
  for (const root of roots) for (const p of root.places) out.set(p.key, root);
  return out;
}

/** The distinct root causes a list of refs names, each once, in the order first named; refs to a
 *  place that is no longer a root cause come back apart, as they were given. */
export function resolveRefs<R extends { key: string }>(refs: readonly RootCauseRef[], index: ReadonlyMap<string, R>): Array<{ root: R; ref: RootCauseRef } | { root: null; ref: RootCauseRef }> {
  const seen = new Set<string>();
  const out: Array<{ root: R; ref: RootCauseRef } | { root: null; ref: RootCauseRef }> = [];
  for (const ref of refs) {
    const root = index.get(refKey(ref)) ?? null;
    const key = root ? root.key : refKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(root ? { root, ref } : { root: null, ref });
  }
  return out;
}

/** The keys of the distinct root causes addressed by at least one action that is not cancelled. */
export function coveredRootCauses(actions: ReadonlyArray<{ status: string; rootCauses: readonly RootCauseRef[] }>, index: ReadonlyMap<string, { key: string }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of actions) {
    if (a.status === 'cancelled') continue;
    const named = new Set<string>();
    for (const ref of a.rootCauses) {
      const root = index.get(refKey(ref));
      if (root) named.add(root.key);
    }
    for (const key of named) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Every place of the root causes the refs name (a ref to a place that is not a root cause any
 *  more stands for itself): what a "not effective" check reopens. Each once. */
export function expandRefs(refs: readonly RootCauseRef[], index: ReadonlyMap<string, RootCause>): RootCauseRef[] {
  const out = new Map<string, RootCauseRef>();
  for (const ref of refs) {
    const root = index.get(refKey(ref));
    for (const r of root ? root.places.map((p) => p.ref) : [ref]) out.set(refKey(r), r);
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Look-alikes: the merge offers

/** Text compared for sameness: Unicode-normalised (full-width forms fold to ASCII), case-folded,
 *  without spaces, punctuation or symbols, which neither language's meaning hangs on here. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en').replace(/[\s\p{P}\p{S}]+/gu, '');
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i]! + chars[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** A text made ready for comparing: normalised, and its character pairs counted. */
export interface Comparable {
  text: string;
  pairs: Map<string, number>;
  /** How many pairs in all. */
  size: number;
}

export function comparable(text: string): Comparable {
  const normal = normaliseText(text);
  const pairs = bigrams(normal);
  let size = 0;
  for (const n of pairs.values()) size += n;
  return { text: normal, pairs, size };
}

/** `textSimilarity` of two prepared texts (prepare once, compare many: insights compares across cases). */
export function similarity(x: Comparable, y: Comparable): number {
  if (x.text === y.text) return x.text ? 1 : 0;
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  const [small, large] = x.pairs.size <= y.pairs.size ? [x, y] : [y, x];
  for (const [g, n] of small.pairs) common += Math.min(n, large.pairs.get(g) ?? 0);
  return (2 * common) / (x.size + y.size);
}

/** How alike two texts are, 0..1: the Dice coefficient of their character pairs after
 *  normalisation. Pairs of characters work for Chinese (no spaces between words) and English alike. */
export function textSimilarity(a: string, b: string): number {
  return similarity(comparable(a), comparable(b));
}

/** At or above this, two root causes read as the same and are offered to merge. */
export const LOOK_ALIKE = 0.75;

export interface MergeOffer {
  a: RootCause;
  b: RootCause;
  /** The highest similarity of a place of `a` and a place of `b`. */
  similarity: number;
}

/** Pairs of distinct root causes that may be one because they read alike (same or near-same text,
 *  see `textSimilarity`), most alike first. A pair the team separated (a `distinct` link between two
 *  of their places) is not offered again. */
export function mergeOffers(roots: readonly RootCause[], links: readonly RootCauseLink[] = []): MergeOffer[] {
  const separated = new Set(links.filter((l) => !l.same).map((l) => pairKey(l.a, l.b)));
  const apart = (a: RootCause, b: RootCause) => a.places.some((p) => b.places.some((q) => separated.has(pairKey(p.ref, q.ref))));
  // Each text is prepared once; two texts too different in length cannot reach LOOK_ALIKE (the
  // coefficient is at most 2·short/(short+long)), so they are not compared at all.
  const texts = roots.map((root) => root.places.map((p) => comparable(p.text)));
  const reachable = (x: Comparable, y: Comparable) => x.text === y.text || (2 * Math.min(x.size, y.size)) / (x.size + y.size) >= LOOK_ALIKE;
  const out: MergeOffer[] = [];
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      let best = 0;
      for (const x of texts[i]!) for (const y of texts[j]!) if (reachable(x, y)) best = Math.max(best, similarity(x, y));
      if (best < LOOK_ALIKE) continue;
      const a = roots[i]!;
      const b = roots[j]!;
      if (!apart(a, b)) out.push({ a, b, similarity: best });
    }
  }
  // Stable: equally alike pairs keep reading order.
  return out.sort((x, y) => y.similarity - x.similarity);
}

// ---------------------------------------------------------------------------------------------
// The two edits, as commands

/** Makes root causes `a` and `b` one: clears any `distinct` link between their places, and adds a
 *  `same` link between their canonical places unless clearing was enough (an automatic pair). */
export function mergeCommand(fishbone: Fishbone | null, analyses: readonly WhyAnalysis[] | null, links: readonly RootCauseLink[], a: RootCause, b: RootCause): RootCauseCommand {
  const keysA = new Set(a.places.map((p) => p.key));
  const keysB = new Set(b.places.map((p) => p.key));
  const remove = links.filter((l) => !l.same && ((keysA.has(refKey(l.a)) && keysB.has(refKey(l.b))) || (keysB.has(refKey(l.a)) && keysA.has(refKey(l.b)))));
  const kept = links.filter((l) => !remove.includes(l));
  const joined = rootCauseIndex(distinctRootCauses(fishbone, analyses, kept));
  const [ja, jb] = [joined.get(a.key), joined.get(b.key)];
  const add = ja && jb && ja.key === jb.key ? [] : [{ a: a.ref, b: b.ref, same: true }];
  return { type: 'relate', add, remove };
}

/** Takes one place out of its root cause: removes the `same` links joining it to the others, and
 *  adds a `distinct` link for each automatic pair it is in. */
export function separateCommand(fishbone: Fishbone | null, analyses: readonly WhyAnalysis[] | null, links: readonly RootCauseLink[], root: RootCause, place: RootCausePlace): RootCauseCommand {
  const others = new Set(root.places.filter((p) => p.key !== place.key).map((p) => p.key));
  const touches = (l: RootCauseLink) => (refKey(l.a) === place.key && others.has(refKey(l.b))) || (refKey(l.b) === place.key && others.has(refKey(l.a)));
  const remove = links.filter((l) => l.same && touches(l));
  const pairs = automaticPairs(rootCausePlaces(fishbone, analyses));
  const stored = new Set(links.map((l) => pairKey(l.a, l.b)));
  const add = pairs.filter(([x, y]) => touches({ a: x, b: y, same: false }) && !stored.has(pairKey(x, y))).map(([x, y]) => ({ a: x, b: y, same: false }));
  return { type: 'relate', add, remove };
}
