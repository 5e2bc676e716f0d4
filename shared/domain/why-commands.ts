import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { Id } from './case';
import { contains, count, depth, ids, locate, withChildren } from './tree';
import { Direction, Why, WhyAnalysis, WhyFields, type WhyAnalyses } from './whys';
import { LIMITS } from './vocabulary';

/** Every change to a case's 5-Whys analyses is one of these commands, applied by the same pure
 *  function in the editor (at once, keeping the inverse for undo) and in the backend (in one
 *  transaction). */

const index = z.number().int().min(0).max(LIMITS.whys);

export const WhyCommand = z.discriminatedUnion('type', [
  /** Also restores a removed analysis with all its whys (the inverse of removeAnalysis). */
  z.object({ type: z.literal('addAnalysis'), index, analysis: WhyAnalysis }).strict(),
  z.object({ type: z.literal('updateAnalysis'), id: Id, patch: z.object({ question: WhyAnalysis.shape.question, direction: Direction }).partial().strict() }).strict(),
  z.object({ type: z.literal('removeAnalysis'), id: Id }).strict(),
  /** Adds a why with its subtree: an answer to the question (parentId null) or to another why. */
  z.object({ type: z.literal('addWhy'), analysisId: Id, parentId: Id.nullable(), index, why: Why }).strict(),
  z.object({ type: z.literal('updateWhy'), id: Id, patch: WhyFields.partial().strict() }).strict(),
  /** Re-parents within the same analysis. */
  z.object({ type: z.literal('moveWhy'), id: Id, parentId: Id.nullable(), index }).strict(),
  z.object({ type: z.literal('removeWhy'), id: Id }).strict(),
]);
export type WhyCommand = z.infer<typeof WhyCommand>;

export interface AppliedWhy {
  analyses: WhyAnalyses;
  inverse: WhyCommand;
}

const invalid = (path: Array<string | number>, reason: string, message: string): never => {
  throw new CausewayError('validation', message, { issues: [{ path, reason }] });
};
const missing = (what: string, id: string): never => {
  throw new CausewayError('not_found', `No ${what} ${id} in this case.`);
};
const clamp = (i: number, length: number) => Math.min(Math.max(0, i), length);

function analysisIndex(analyses: WhyAnalyses, id: string): number {
  const i = analyses.findIndex((a) => a.id === id);
  if (i < 0) missing('analysis', id);
  return i;
}

function whereIs(analyses: WhyAnalyses, id: string) {
  for (let a = 0; a < analyses.length; a++) {
    const found = locate(analyses[a]!.whys, id);
    if (found) return { a, found };
  }
  return missing('why', id);
}

function replaceWhys(analyses: WhyAnalyses, a: number, change: (whys: Why[]) => Why[]): WhyAnalyses {
  const copy = [...analyses];
  copy[a] = { ...copy[a]!, whys: change(copy[a]!.whys) };
  return copy;
}

function insert(whys: Why[], parentId: string | null, at: number, why: Why): Why[] {
  const next = withChildren(whys, parentId, (list) => {
    list.splice(clamp(at, list.length), 0, why);
    return list;
  });
  if (!next) missing('why', parentId ?? '');
  return next!;
}

function cut(whys: Why[], parentId: string | null, at: number): Why[] {
  return withChildren(whys, parentId, (list) => {
    list.splice(at, 1);
    return list;
  })!;
}

function allIds(analyses: WhyAnalyses): Set<string> {
  const out = new Set<string>();
  for (const a of analyses) {
    out.add(a.id);
    ids(a.whys, out);
  }
  return out;
}

function checkNew(existing: Set<string>, analysisId: string | null, whys: Why[]): void {
  if (analysisId !== null) {
    if (existing.has(analysisId)) invalid(['id'], 'duplicate', `Id ${analysisId} is already used.`);
    existing.add(analysisId);
  }
  const seen = ids(whys);
  if (seen.size !== count(whys)) invalid(['id'], 'duplicate', 'A why id is used twice.');
  for (const id of seen) if (existing.has(id)) invalid(['id'], 'duplicate', `Id ${id} is already used.`);
}

function checkLimits(analyses: WhyAnalyses): WhyAnalyses {
  if (analyses.length > LIMITS.whyAnalyses) invalid(['analyses'], 'too_many', 'Too many analyses.');
  let total = 0;
  for (const a of analyses) {
    total += count(a.whys);
    if (depth(a.whys) > LIMITS.whyDepth) invalid(['whys'], 'too_deep', 'Whys are nested too deep.');
  }
  if (total > LIMITS.whys) invalid(['whys'], 'too_many', 'Too many whys.');
  return analyses;
}

/** Applies one command. Throws `not_found` for a missing analysis or why and `validation` for
 *  one that would break a tree (a cycle, a duplicate id, a limit). Pure. */
export function applyWhyCommand(analyses: WhyAnalyses, command: WhyCommand): AppliedWhy {
  switch (command.type) {
    case 'addAnalysis': {
      checkNew(allIds(analyses), command.analysis.id, command.analysis.whys);
      const next = [...analyses];
      next.splice(clamp(command.index, next.length), 0, command.analysis);
      return { analyses: checkLimits(next), inverse: { type: 'removeAnalysis', id: command.analysis.id } };
    }
    case 'updateAnalysis': {
      const a = analysisIndex(analyses, command.id);
      const before = analyses[a]!;
      const old: { question?: string; direction?: Direction } = {};
      if (command.patch.question !== undefined) old.question = before.question;
      if (command.patch.direction !== undefined) old.direction = before.direction;
      const next = [...analyses];
      next[a] = { ...before, ...command.patch };
      return { analyses: next, inverse: { type: 'updateAnalysis', id: command.id, patch: old } };
    }
    case 'removeAnalysis': {
      const a = analysisIndex(analyses, command.id);
      return { analyses: analyses.filter((x) => x.id !== command.id), inverse: { type: 'addAnalysis', index: a, analysis: analyses[a]! } };
    }
    case 'addWhy': {
      const a = analysisIndex(analyses, command.analysisId);
      checkNew(allIds(analyses), null, [command.why]);
      const next = replaceWhys(analyses, a, (whys) => insert(whys, command.parentId, command.index, command.why));
      return { analyses: checkLimits(next), inverse: { type: 'removeWhy', id: command.why.id } };
    }
    case 'updateWhy': {
      const { a, found } = whereIs(analyses, command.id);
      const old: Record<string, unknown> = {};
      for (const key of Object.keys(command.patch)) old[key] = found.node[key as keyof WhyFields];
      const next = replaceWhys(analyses, a, (whys) =>
        withChildren(whys, found.parent?.id ?? null, (list) => {
          list[found.index] = { ...list[found.index]!, ...command.patch };
          return list;
        })!,
      );
      return { analyses: next, inverse: { type: 'updateWhy', id: command.id, patch: old as Partial<WhyFields> } };
    }
    case 'moveWhy': {
      const { a, found } = whereIs(analyses, command.id);
      if (command.parentId !== null) {
        if (contains(found.node, command.parentId)) invalid(['parentId'], 'cycle', 'A why cannot move under itself.');
        if (!locate(analyses[a]!.whys, command.parentId)) missing('why', command.parentId);
      }
      const from = found.parent?.id ?? null;
      const next = replaceWhys(analyses, a, (whys) => insert(cut(whys, from, found.index), command.parentId, command.index, found.node));
      return { analyses: checkLimits(next), inverse: { type: 'moveWhy', id: command.id, parentId: from, index: found.index } };
    }
    case 'removeWhy': {
      const { a, found } = whereIs(analyses, command.id);
      const parentId = found.parent?.id ?? null;
      return {
        analyses: replaceWhys(analyses, a, (whys) => cut(whys, parentId, found.index)),
        inverse: { type: 'addWhy', analysisId: analyses[a]!.id, parentId, index: found.index, why: found.node },
      };
    }
  }
}

export function isWhyViewOnly(command: WhyCommand): boolean {
  return command.type === 'updateWhy' && Object.keys(command.patch).every((k) => k === 'collapsed');
}
