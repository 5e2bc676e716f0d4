import { z } from 'zod';
import { Id } from './case';
import { ParticipantName, ProposalText, RetroPhase } from './retro';

/** What participants' phones send and see during a retrospective opened to the local network.
 *  The phone endpoints (electron/backend/retro/lan-host.ts) and the contract validate with these
 *  very schemas, so a phone can send nothing the app itself would refuse. */

export const PhoneJoin = z.object({ name: ParticipantName }).strict();
export type PhoneJoin = z.infer<typeof PhoneJoin>;

/** A cause proposed from a phone, for the facilitator to accept into the diagram (the session's
 *  own schema for the text; the category is a suggestion the facilitator may change). */
export const PhoneProposal = z.object({ text: ProposalText, categoryId: Id.nullable().optional() }).strict();
export type PhoneProposal = z.infer<typeof PhoneProposal>;

export const PhoneVote = z.object({ causeId: Id }).strict();
export type PhoneVote = z.infer<typeof PhoneVote>;

/** What one participant's phone may see: the open session's phase, timer, the causes to vote on,
 *  their own votes and, once revealed, the tallies as counts. Never anyone's name, nor who voted
 *  for what, anonymous or not: the projector shows that to the room. */
export const PhoneState = z.object({
  phase: RetroPhase,
  /** Milliseconds left in the phase, null without a timer. */
  remainingMs: z.number().int().nonnegative().nullable(),
  paused: z.boolean(),
  categories: z.array(z.object({ id: Id, label: z.string() })),
  /** Every cause of the diagram in reading order, with the category it hangs on and this participant's votes. */
  causes: z.array(z.object({ id: Id, text: z.string(), category: z.string(), mine: z.number().int().nonnegative() })),
  votesLeft: z.number().int().nonnegative(),
  votesPerPerson: z.number().int().nonnegative(),
  maxPerCause: z.number().int().nonnegative(),
  /** Tallies per cause id once the facilitator reveals them; null before. */
  revealed: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  /** The participant's own proposals, with whether the facilitator took them. */
  proposals: z.array(z.object({ id: Id, text: z.string(), status: z.enum(['pending', 'accepted', 'rejected']) })),
  anonymous: z.boolean(),
});
export type PhoneState = z.infer<typeof PhoneState>;

/** Join codes: no 0/O, 1/I/L, 5/S or 2/Z to mix up when read off a projector. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';
export const JOIN_CODE_LENGTH = 6;
export const JoinCode = z.string().length(JOIN_CODE_LENGTH).regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]+$`));

export const LanInterface = z.object({ name: z.string(), address: z.ipv4() });
export type LanInterface = z.infer<typeof LanInterface>;

export const LanParticipant = z.object({ id: Id, name: z.string(), joinedAt: z.string(), proposals: z.number().int().nonnegative(), votesUsed: z.number().int().nonnegative() });
export type LanParticipant = z.infer<typeof LanParticipant>;
