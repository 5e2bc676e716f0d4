import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { Id } from './case';
import { KANO_ANSWERS, KANO_CATEGORIES } from './kano';
import { LIMITS } from './vocabulary';

/** Step 1's customer needs (换位思考: what the customer needed, that the incident touched), each
 *  classified by KANO directly or through answer pairs (see kano.ts), and whether the case met it.
 *  Changed by commands, like the plan: one command is one undo step. */

const shortText = z.string().max(LIMITS.shortText, { error: 'too_long' });

export const KanoCategory = z.enum(KANO_CATEGORIES);
export const KanoAnswerValue = z.enum(KANO_ANSWERS);

/** One respondent's pair of answers. */
export const KanoAnswerPair = z
  .object({ id: Id, functional: KanoAnswerValue, dysfunctional: KanoAnswerValue, respondent: shortText })
  .strict();
export type KanoAnswerPair = z.infer<typeof KanoAnswerPair>;

export const NEED_LIMITS = { needs: 200, answers: 500 } as const;

export const NeedFields = z.object({
  text: shortText.trim().min(1, { error: 'required' }),
  /** Chosen directly; null leaves the category to the answers. */
  kano: KanoCategory.nullable(),
  /** Whether the case met the need. An incident usually failed it, so a new need is not met. */
  met: z.boolean(),
});
export type NeedFields = z.infer<typeof NeedFields>;

export const CustomerNeed = NeedFields.extend({ id: Id, answers: z.array(KanoAnswerPair).max(NEED_LIMITS.answers) }).strict();
export type CustomerNeed = z.infer<typeof CustomerNeed>;

export const CustomerNeeds = z.array(CustomerNeed).max(NEED_LIMITS.needs);
export type CustomerNeeds = z.infer<typeof CustomerNeeds>;

const index = z.number().int().min(0).max(NEED_LIMITS.answers);

export const NeedPatch = NeedFields.partial().strict();
export const AnswerPatch = KanoAnswerPair.omit({ id: true }).partial().strict();

export const NeedCommand = z.discriminatedUnion('type', [
  /** Also restores a removed need with its answers (the inverse of removeNeed). */
  z.object({ type: z.literal('addNeed'), index, need: CustomerNeed }).strict(),
  z.object({ type: z.literal('updateNeed'), id: Id, patch: NeedPatch }).strict(),
  z.object({ type: z.literal('moveNeed'), id: Id, index }).strict(),
  z.object({ type: z.literal('removeNeed'), id: Id }).strict(),
  z.object({ type: z.literal('addAnswer'), needId: Id, index, answer: KanoAnswerPair }).strict(),
  z.object({ type: z.literal('updateAnswer'), id: Id, patch: AnswerPatch }).strict(),
  z.object({ type: z.literal('removeAnswer'), id: Id }).strict(),
]);
export type NeedCommand = z.infer<typeof NeedCommand>;

export const newNeed = (id: string, text: string): CustomerNeed => ({ id, text, kano: null, met: false, answers: [] });

const clamp = (i: number, length: number) => Math.min(Math.max(0, i), length);

function needIds(needs: CustomerNeeds): Set<string> {
  const out = new Set<string>();
  for (const n of needs) {
    out.add(n.id);
    for (const a of n.answers) out.add(a.id);
  }
  return out;
}

const duplicate = (id: string): never => {
  throw new CausewayError('validation', `Id ${id} is already used in this case's needs.`, { issues: [{ path: ['id'], reason: 'duplicate' }] });
};
const tooMany = (list: string): never => {
  throw new CausewayError('validation', `Too many ${list}.`, { issues: [{ path: [list], reason: 'too_many' }] });
};

function findNeed(needs: CustomerNeeds, id: string): number {
  const at = needs.findIndex((n) => n.id === id);
  if (at < 0) throw new CausewayError('not_found', `No customer need ${id} in this case.`);
  return at;
}

function findAnswer(needs: CustomerNeeds, id: string): [number, number] {
  for (let n = 0; n < needs.length; n++) {
    const at = needs[n]!.answers.findIndex((a) => a.id === id);
    if (at >= 0) return [n, at];
  }
  throw new CausewayError('not_found', `No KANO answer ${id} in this case.`);
}

const put = (needs: CustomerNeeds, at: number, need: CustomerNeed): CustomerNeeds => needs.map((n, i) => (i === at ? need : n));

/** Applies one command and returns the needs after it with the command that undoes it. Throws
 *  `not_found` for a missing need or answer and `validation` for a duplicate id or a limit. Pure. */
export function applyNeedCommand(needs: CustomerNeeds, command: NeedCommand): { needs: CustomerNeeds; inverse: NeedCommand } {
  switch (command.type) {
    case 'addNeed': {
      const taken = needIds(needs);
      for (const id of [command.need.id, ...command.need.answers.map((a) => a.id)]) {
        if (taken.has(id)) duplicate(id);
        taken.add(id);
      }
      if (needs.length >= NEED_LIMITS.needs) tooMany('needs');
      const next = [...needs];
      next.splice(clamp(command.index, next.length), 0, command.need);
      return { needs: next, inverse: { type: 'removeNeed', id: command.need.id } };
    }
    case 'updateNeed': {
      const at = findNeed(needs, command.id);
      const before = needs[at]!;
      const patch = Object.fromEntries(Object.entries(command.patch).filter(([, v]) => v !== undefined)) as Partial<NeedFields>;
      const old: Record<string, unknown> = {};
      for (const key of Object.keys(patch) as (keyof NeedFields)[]) old[key] = before[key];
      return { needs: put(needs, at, { ...before, ...patch }), inverse: { type: 'updateNeed', id: before.id, patch: old } };
    }
    case 'moveNeed': {
      const at = findNeed(needs, command.id);
      const next = [...needs];
      const [moved] = next.splice(at, 1);
      next.splice(clamp(command.index, next.length), 0, moved!);
      return { needs: next, inverse: { type: 'moveNeed', id: command.id, index: at } };
    }
    case 'removeNeed': {
      const at = findNeed(needs, command.id);
      return { needs: needs.filter((_, i) => i !== at), inverse: { type: 'addNeed', index: at, need: needs[at]! } };
    }
    case 'addAnswer': {
      const at = findNeed(needs, command.needId);
      if (needIds(needs).has(command.answer.id)) duplicate(command.answer.id);
      const need = needs[at]!;
      if (need.answers.length >= NEED_LIMITS.answers) tooMany('answers');
      const answers = [...need.answers];
      answers.splice(clamp(command.index, answers.length), 0, command.answer);
      return { needs: put(needs, at, { ...need, answers }), inverse: { type: 'removeAnswer', id: command.answer.id } };
    }
    case 'updateAnswer': {
      const [n, at] = findAnswer(needs, command.id);
      const need = needs[n]!;
      const before = need.answers[at]!;
      const patch = Object.fromEntries(Object.entries(command.patch).filter(([, v]) => v !== undefined));
      const old: Record<string, unknown> = {};
      for (const key of Object.keys(patch)) old[key] = before[key as keyof KanoAnswerPair];
      const answers = need.answers.map((a, i) => (i === at ? { ...a, ...patch } : a));
      return { needs: put(needs, n, { ...need, answers }), inverse: { type: 'updateAnswer', id: before.id, patch: old } };
    }
    case 'removeAnswer': {
      const [n, at] = findAnswer(needs, command.id);
      const need = needs[n]!;
      return {
        needs: put(needs, n, { ...need, answers: need.answers.filter((_, i) => i !== at) }),
        inverse: { type: 'addAnswer', needId: need.id, index: at, answer: need.answers[at]! },
      };
    }
  }
}

/** Whether an id names a need or an answer of these needs. */
export const hasNeedId = (needs: CustomerNeeds, id: string): boolean => needIds(needs).has(id);

/** The text a need is grouped by across cases: trimmed, lower case, inner spaces as one, and
 *  trailing punctuation dropped ("Call back quickly." and "call back  quickly" are one need). */
export function normaliseNeedText(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.,;:!?。，；：！？、]+$/u, '');
}
