import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { Id, Instant } from './case';
import { LIMITS } from './vocabulary';

/** A retrospective (team session) run on the room's screen, with participants' phones if the team
 *  wants them. This module is the whole session model: schemas and pure reducers. Nothing here
 *  reads a clock: every function that depends on time takes `now` (milliseconds since the epoch),
 *  so the session manager injects its clock and the tests a fake one.
 *
 *  Rules, in one place (the README's "Retrospective mode" repeats them):
 *  - Phases run brainstorm -> group -> vote -> discuss -> actions; the facilitator may jump to any
 *    phase. Durations default to Parabol's (5, 5, 2, 20 minutes) and 10 minutes for actions.
 *  - Each participant has N votes (default 5) and may put at most M on one cause (default 3);
 *    M never exceeds N. Votes are cast only in the vote phase and only before the reveal.
 *  - The voting rules are fixed once the first vote is cast: lowering N below what someone has
 *    used, or turning anonymous votes into named ones, would change what people agreed to.
 *  - Leaving the vote phase for a later one reveals the results (the end of the phase).
 *  - Before the reveal nobody sees anyone else's votes; an anonymous tally or summary carries no
 *    participant id or name at all (only counts per cause). Who took part is still listed.
 *  - A removed participant's votes go with them and their pending proposals are rejected. */

export const RETRO_PHASES = ['brainstorm', 'group', 'vote', 'discuss', 'actions'] as const;
export const RetroPhase = z.enum(RETRO_PHASES);
export type RetroPhase = z.infer<typeof RetroPhase>;

/** Minutes per phase: Parabol's defaults, and ten minutes to agree actions. */
export const DEFAULT_DURATIONS: Readonly<Record<RetroPhase, number>> = { brainstorm: 5, group: 5, vote: 2, discuss: 20, actions: 10 };

export const RETRO_LIMITS = {
  participants: 100,
  nameLength: 60,
  maxVotes: 50,
  durationMinutes: 240,
  extendMinutes: 60,
  proposals: 1_000,
  proposalsPerParticipant: 100,
  proposalText: LIMITS.shortText,
} as const;

const minute = 60_000;

export const PhaseDuration = z.number().int().min(1).max(RETRO_LIMITS.durationMinutes);
export const Durations = z.object({
  brainstorm: PhaseDuration,
  group: PhaseDuration,
  vote: PhaseDuration,
  discuss: PhaseDuration,
  actions: PhaseDuration,
}).strict();
export type Durations = z.infer<typeof Durations>;

const voteCount = z.number().int().min(1).max(RETRO_LIMITS.maxVotes);
export const VotingConfig = z
  .object({
    /** Votes (dots) each participant has. */
    votesPerParticipant: voteCount,
    /** The most one participant may put on one cause. */
    maxPerItem: voteCount,
    /** Anonymous: results carry counts only, never who voted. */
    anonymous: z.boolean(),
  })
  .strict()
  .refine((v) => v.maxPerItem <= v.votesPerParticipant, { error: 'retro_per_item_above_total', path: ['maxPerItem'] });
export type VotingConfig = z.infer<typeof VotingConfig>;
export const DEFAULT_VOTING: Readonly<VotingConfig> = { votesPerParticipant: 5, maxPerItem: 3, anonymous: true };

/** Running: counts down to `endsAt`. Paused: `remainingMs` stays put. Times are epoch milliseconds. */
export const Timer = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running'), endsAt: z.number().int() }).strict(),
  z.object({ state: z.literal('paused'), remainingMs: z.number().int().min(0) }).strict(),
]);
export type Timer = z.infer<typeof Timer>;

export const ParticipantName = z.string().trim().min(1, { error: 'required' }).max(RETRO_LIMITS.nameLength, { error: 'too_long' });
export const JOINED_VIA = ['room', 'phone'] as const;
export const JoinedVia = z.enum(JOINED_VIA);
export type JoinedVia = z.infer<typeof JoinedVia>;

export const Participant = z.object({
  id: Id,
  /** Null: an anonymous participant, shown as "Participant n" in the reader's language. */
  name: ParticipantName.nullable(),
  joinedVia: JoinedVia,
  joinedAt: z.number().int(),
}).strict();
export type Participant = z.infer<typeof Participant>;

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const ProposalText = z.string().trim().min(1, { error: 'required' }).max(RETRO_LIMITS.proposalText, { error: 'too_long' });
export const Proposal = z.object({
  id: Id,
  participantId: Id,
  text: ProposalText,
  /** The category the participant suggests; the facilitator chooses when accepting. */
  categoryId: Id.nullable(),
  status: z.enum(PROPOSAL_STATUSES),
  createdAt: z.number().int(),
  /** The cause it became, once accepted. */
  causeId: Id.nullable(),
}).strict();
export type Proposal = z.infer<typeof Proposal>;

export const PhaseVisit = z.object({ phase: RetroPhase, startedAt: z.number().int(), endedAt: z.number().int().nullable() }).strict();
export type PhaseVisit = z.infer<typeof PhaseVisit>;

/** participant id -> cause id -> votes (only positive counts are kept). */
export const Votes = z.record(Id, z.record(Id, z.number().int().min(1).max(RETRO_LIMITS.maxVotes)));
export type Votes = z.infer<typeof Votes>;

export const RetroSession = z.object({
  id: Id,
  caseId: Id,
  startedAt: z.number().int(),
  phase: RetroPhase,
  durations: Durations,
  timer: Timer,
  /** Every stay in a phase, in order (a phase visited twice appears twice). */
  phaseLog: z.array(PhaseVisit),
  participants: z.array(Participant).max(RETRO_LIMITS.participants),
  voting: VotingConfig,
  votes: Votes,
  revealed: z.boolean(),
  proposals: z.array(Proposal).max(RETRO_LIMITS.proposals),
}).strict();
export type RetroSession = z.infer<typeof RetroSession>;

/** Some of the voting rules (M above N is refused when merged with the rest, see setVoting). */
export const VotingPatch = z.object({ votesPerParticipant: voteCount, maxPerItem: voteCount, anonymous: z.boolean() }).partial().strict();

/** What the facilitator may change in one `retro:update`. */
export const RetroUpdate = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), phase: RetroPhase }).strict(),
  z.object({ type: z.literal('nextPhase') }).strict(),
  z.object({ type: z.literal('pause') }).strict(),
  z.object({ type: z.literal('resume') }).strict(),
  z.object({ type: z.literal('extend'), minutes: z.number().int().min(1).max(RETRO_LIMITS.extendMinutes) }).strict(),
  z.object({ type: z.literal('durations'), durations: Durations.partial().strict() }).strict(),
  z.object({ type: z.literal('voting'), voting: VotingPatch }).strict(),
]);
export type RetroUpdate = z.infer<typeof RetroUpdate>;

/** Refusals carry a stable reason the screen translates (`retro.error.<reason without retro_>`). */
export const RETRO_REFUSALS = [
  'retro_not_vote_phase',
  'retro_revealed',
  'retro_no_votes_left',
  'retro_item_limit',
  'retro_nothing_to_retract',
  'retro_voting_locked',
  'retro_per_item_above_total',
  'retro_too_many_participants',
  'retro_name_taken',
  'retro_too_many_proposals',
  'retro_proposal_decided',
] as const;
export type RetroRefusal = (typeof RETRO_REFUSALS)[number];

export function refuse(reason: RetroRefusal, message: string, path: Array<string | number> = []): never {
  throw new CausewayError('validation', message, { reason, issues: [{ path, reason }] });
}

// ---------------------------------------------------------------- starting and the timer

export interface StartOptions {
  durations?: Partial<Durations>;
  voting?: Partial<VotingConfig>;
}

export function startSession(id: string, caseId: string, now: number, options: StartOptions = {}): RetroSession {
  const durations = Durations.parse({ ...DEFAULT_DURATIONS, ...options.durations });
  const voting = checkVoting({ ...DEFAULT_VOTING, ...options.voting });
  return {
    id,
    caseId,
    startedAt: now,
    phase: 'brainstorm',
    durations,
    timer: { state: 'running', endsAt: now + durations.brainstorm * minute },
    phaseLog: [{ phase: 'brainstorm', startedAt: now, endedAt: null }],
    participants: [],
    voting,
    votes: {},
    revealed: false,
    proposals: [],
  };
}

function checkVoting(voting: VotingConfig): VotingConfig {
  const parsed = VotingConfig.safeParse(voting);
  if (!parsed.success) {
    if (voting.maxPerItem > voting.votesPerParticipant) refuse('retro_per_item_above_total', 'At most M per item cannot exceed N per participant.', ['maxPerItem']);
    throw new CausewayError('validation', 'Invalid voting rules.');
  }
  return parsed.data;
}

/** Milliseconds left in the phase; never below zero (time up shows 0:00 and waits for the facilitator). */
export function remainingMs(timer: Timer, now: number): number {
  return timer.state === 'running' ? Math.max(0, timer.endsAt - now) : timer.remainingMs;
}

export function pauseTimer(session: RetroSession, now: number): RetroSession {
  if (session.timer.state === 'paused') return session;
  return { ...session, timer: { state: 'paused', remainingMs: remainingMs(session.timer, now) } };
}

export function resumeTimer(session: RetroSession, now: number): RetroSession {
  if (session.timer.state === 'running') return session;
  return { ...session, timer: { state: 'running', endsAt: now + session.timer.remainingMs } };
}

/** Adds minutes to the phase's countdown, running or paused (also after time ran out). */
export function extendTimer(session: RetroSession, minutes: number, now: number): RetroSession {
  const add = minutes * minute;
  const timer: Timer =
    session.timer.state === 'running'
      ? { state: 'running', endsAt: Math.max(session.timer.endsAt, now) + add }
      : { state: 'paused', remainingMs: session.timer.remainingMs + add };
  return { ...session, timer };
}

/** Moves to a phase: closes the current stay, starts that phase's countdown (running), and
 *  reveals the votes when leaving the vote phase for a later one. */
export function setPhase(session: RetroSession, phase: RetroPhase, now: number): RetroSession {
  if (phase === session.phase) return session;
  const phaseLog = session.phaseLog.map((v, i) => (i === session.phaseLog.length - 1 && v.endedAt === null ? { ...v, endedAt: now } : v));
  phaseLog.push({ phase, startedAt: now, endedAt: null });
  const leavingVote = session.phase === 'vote' && RETRO_PHASES.indexOf(phase) > RETRO_PHASES.indexOf('vote');
  return {
    ...session,
    phase,
    phaseLog,
    timer: { state: 'running', endsAt: now + session.durations[phase] * minute },
    revealed: session.revealed || leavingVote,
  };
}

export function nextPhase(session: RetroSession, now: number): RetroSession {
  const i = RETRO_PHASES.indexOf(session.phase);
  return i + 1 < RETRO_PHASES.length ? setPhase(session, RETRO_PHASES[i + 1]!, now) : session;
}

/** New durations; a change to the current phase moves its countdown by the difference. */
export function setDurations(session: RetroSession, patch: Partial<Durations>): RetroSession {
  const durations = Durations.parse({ ...session.durations, ...patch });
  const delta = (durations[session.phase] - session.durations[session.phase]) * minute;
  const timer: Timer =
    delta === 0
      ? session.timer
      : session.timer.state === 'running'
        ? { state: 'running', endsAt: session.timer.endsAt + delta }
        : { state: 'paused', remainingMs: Math.max(0, session.timer.remainingMs + delta) };
  return { ...session, durations, timer };
}

export function votesCast(session: RetroSession): number {
  let n = 0;
  for (const byCause of Object.values(session.votes)) for (const c of Object.values(byCause)) n += c;
  return n;
}

/** The voting rules; refused once a vote has been cast (see the module comment). */
export function setVoting(session: RetroSession, patch: Partial<VotingConfig>): RetroSession {
  const voting = checkVoting({ ...session.voting, ...patch });
  const same = voting.votesPerParticipant === session.voting.votesPerParticipant && voting.maxPerItem === session.voting.maxPerItem && voting.anonymous === session.voting.anonymous;
  if (same) return session;
  if (votesCast(session) > 0) refuse('retro_voting_locked', 'The voting rules are fixed once the first vote is cast.', ['voting']);
  return { ...session, voting };
}

export function applyUpdate(session: RetroSession, update: RetroUpdate, now: number): RetroSession {
  switch (update.type) {
    case 'phase':
      return setPhase(session, update.phase, now);
    case 'nextPhase':
      return nextPhase(session, now);
    case 'pause':
      return pauseTimer(session, now);
    case 'resume':
      return resumeTimer(session, now);
    case 'extend':
      return extendTimer(session, update.minutes, now);
    case 'durations':
      return setDurations(session, update.durations);
    case 'voting':
      return setVoting(session, update.voting);
  }
}

// ---------------------------------------------------------------- participants

export function findParticipant(session: RetroSession, participantId: string): Participant {
  const p = session.participants.find((x) => x.id === participantId);
  if (!p) throw new CausewayError('not_found', `No participant ${participantId} in this session.`);
  return p;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export function addParticipant(session: RetroSession, participant: Participant): RetroSession {
  const parsed = Participant.parse(participant);
  if (session.participants.length >= RETRO_LIMITS.participants) refuse('retro_too_many_participants', 'The session is full.', ['participants']);
  if (session.participants.some((p) => p.id === parsed.id)) throw new CausewayError('validation', 'Duplicate participant id.', { issues: [{ path: ['id'], reason: 'duplicate' }] });
  if (parsed.name !== null && session.participants.some((p) => p.name !== null && sameName(p.name, parsed.name!))) {
    refuse('retro_name_taken', 'Someone in this session already has that name.', ['name']);
  }
  return { ...session, participants: [...session.participants, parsed] };
}

/** Removes a participant with their votes; their pending proposals are rejected. */
export function removeParticipant(session: RetroSession, participantId: string): RetroSession {
  findParticipant(session, participantId);
  const votes = { ...session.votes };
  delete votes[participantId];
  return {
    ...session,
    participants: session.participants.filter((p) => p.id !== participantId),
    votes,
    proposals: session.proposals.map((p) => (p.participantId === participantId && p.status === 'pending' ? { ...p, status: 'rejected' } : p)),
  };
}

// ---------------------------------------------------------------- votes

export function usedVotes(session: RetroSession, participantId: string): number {
  return Object.values(session.votes[participantId] ?? {}).reduce((a, b) => a + b, 0);
}

export function remainingVotes(session: RetroSession, participantId: string): number {
  return session.voting.votesPerParticipant - usedVotes(session, participantId);
}

/** One more (+1) or one fewer (-1) vote from a participant on a cause. Whether the cause exists
 *  is the caller's check (the session does not hold the fishbone). */
export function castVote(session: RetroSession, participantId: string, causeId: string, delta: 1 | -1 = 1): RetroSession {
  findParticipant(session, participantId);
  if (session.revealed) refuse('retro_revealed', 'The votes have been revealed; voting is over.', ['votes']);
  if (session.phase !== 'vote') refuse('retro_not_vote_phase', 'Votes are cast in the vote phase.', ['votes']);
  const mine = { ...(session.votes[participantId] ?? {}) };
  const current = mine[causeId] ?? 0;
  if (delta === 1) {
    if (remainingVotes(session, participantId) <= 0) refuse('retro_no_votes_left', 'This participant has used all their votes.', ['votes']);
    if (current >= session.voting.maxPerItem) refuse('retro_item_limit', 'This participant has put the most votes allowed on this cause.', ['votes', causeId]);
    mine[causeId] = current + 1;
  } else {
    if (current <= 0) refuse('retro_nothing_to_retract', 'This participant has no vote on this cause.', ['votes', causeId]);
    if (current === 1) delete mine[causeId];
    else mine[causeId] = current - 1;
  }
  const votes = { ...session.votes };
  if (Object.keys(mine).length) votes[participantId] = mine;
  else delete votes[participantId];
  return { ...session, votes };
}

export const retractVote = (session: RetroSession, participantId: string, causeId: string) => castVote(session, participantId, causeId, -1);

export function reveal(session: RetroSession): RetroSession {
  return session.revealed ? session : { ...session, revealed: true };
}

/** Drops votes on causes that no longer exist (deleted from the diagram during the session). */
export function dropVotesOutside(session: RetroSession, causeIds: ReadonlySet<string>): RetroSession {
  let changed = false;
  const votes: Votes = {};
  for (const [pid, byCause] of Object.entries(session.votes)) {
    const kept: Record<string, number> = {};
    for (const [cid, n] of Object.entries(byCause)) {
      if (causeIds.has(cid)) kept[cid] = n;
      else changed = true;
    }
    if (Object.keys(kept).length) votes[pid] = kept;
  }
  return changed ? { ...session, votes } : session;
}

export const Voter = z.object({ participantId: Id, name: ParticipantName.nullable(), votes: z.number().int().min(1) }).strict();
export type Voter = z.infer<typeof Voter>;
export const TallyRow = z.object({ causeId: Id, votes: z.number().int().min(1), voters: z.array(Voter).optional() }).strict();
export type TallyRow = z.infer<typeof TallyRow>;
export const Tally = z.object({ anonymous: z.boolean(), total: z.number().int().min(0), rows: z.array(TallyRow) }).strict();
export type Tally = z.infer<typeof Tally>;

/** Votes per cause, most first; ties in `order` (the diagram's reading order) when given, else by
 *  id. Anonymous: counts only, no participant id or name anywhere in the result. */
export function tally(session: RetroSession, order: readonly string[] = []): Tally {
  const counts = new Map<string, number>();
  const voters = new Map<string, Voter[]>();
  for (const p of session.participants) {
    for (const [causeId, n] of Object.entries(session.votes[p.id] ?? {})) {
      counts.set(causeId, (counts.get(causeId) ?? 0) + n);
      if (!session.voting.anonymous) {
        const list = voters.get(causeId) ?? [];
        list.push({ participantId: p.id, name: p.name, votes: n });
        voters.set(causeId, list);
      }
    }
  }
  const position = new Map(order.map((id, i) => [id, i]));
  const rank = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  const rows: TallyRow[] = [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([causeId, votes]) => (session.voting.anonymous ? { causeId, votes } : { causeId, votes, voters: voters.get(causeId)! }));
  return { anonymous: session.voting.anonymous, total: rows.reduce((a, r) => a + r.votes, 0), rows };
}

/** Cause id -> votes, for the one `setVotes` fishbone command that applies them. */
export function tallyVotes(session: RetroSession): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of tally(session).rows) out[row.causeId] = row.votes;
  return out;
}

// ---------------------------------------------------------------- proposals

export function propose(session: RetroSession, proposal: { id: string; participantId: string; text: string; categoryId: string | null }, now: number): RetroSession {
  findParticipant(session, proposal.participantId);
  const text = ProposalText.parse(proposal.text);
  if (session.proposals.length >= RETRO_LIMITS.proposals) refuse('retro_too_many_proposals', 'This session holds no more proposals.', ['proposals']);
  if (session.proposals.filter((p) => p.participantId === proposal.participantId).length >= RETRO_LIMITS.proposalsPerParticipant) {
    refuse('retro_too_many_proposals', 'This participant has proposed the most causes allowed.', ['proposals']);
  }
  const added: Proposal = { id: proposal.id, participantId: proposal.participantId, text, categoryId: proposal.categoryId, status: 'pending', createdAt: now, causeId: null };
  return { ...session, proposals: [...session.proposals, Proposal.parse(added)] };
}

export function findProposal(session: RetroSession, proposalId: string): Proposal {
  const p = session.proposals.find((x) => x.id === proposalId);
  if (!p) throw new CausewayError('not_found', `No proposal ${proposalId} in this session.`);
  return p;
}

function decide(session: RetroSession, proposalId: string, change: Partial<Proposal>): RetroSession {
  const p = findProposal(session, proposalId);
  if (p.status !== 'pending') refuse('retro_proposal_decided', 'This proposal has already been accepted or rejected.', ['proposals']);
  return { ...session, proposals: session.proposals.map((x) => (x.id === proposalId ? { ...x, ...change } : x)) };
}

export const acceptProposal = (session: RetroSession, proposalId: string, causeId: string, categoryId: string) =>
  decide(session, proposalId, { status: 'accepted', causeId, categoryId });
export const rejectProposal = (session: RetroSession, proposalId: string) => decide(session, proposalId, { status: 'rejected' });

// ---------------------------------------------------------------- views

export const ParticipantSummary = z.object({ id: Id, name: ParticipantName.nullable(), joinedVia: JoinedVia }).strict();

/** What one participant's phone may see: the phase and timer, their own votes, and the results
 *  only after the reveal (anonymous: counts only). Never another participant's votes before it. */
export interface ParticipantView {
  sessionId: string;
  phase: RetroPhase;
  durations: Durations;
  remainingMs: number;
  timerRunning: boolean;
  voting: VotingConfig;
  revealed: boolean;
  participantCount: number;
  /** Names of who is here; empty when voting is anonymous. */
  names: string[];
  me: { id: string; name: string | null; remainingVotes: number; votes: Record<string, number>; proposals: Proposal[] } | null;
  tally: Tally | null;
}

export function participantView(session: RetroSession, participantId: string | null, now: number, order: readonly string[] = []): ParticipantView {
  const me = participantId ? findParticipant(session, participantId) : null;
  return {
    sessionId: session.id,
    phase: session.phase,
    durations: session.durations,
    remainingMs: remainingMs(session.timer, now),
    timerRunning: session.timer.state === 'running',
    voting: session.voting,
    revealed: session.revealed,
    participantCount: session.participants.length,
    names: session.voting.anonymous ? [] : session.participants.flatMap((p) => (p.name ? [p.name] : [])),
    me: me && {
      id: me.id,
      name: me.name,
      remainingVotes: remainingVotes(session, me.id),
      votes: { ...(session.votes[me.id] ?? {}) },
      proposals: session.proposals.filter((p) => p.participantId === me.id),
    },
    tally: session.revealed ? tally(session, order) : null,
  };
}

/** The facilitator's screen. Before the reveal it shows how many votes each participant has used
 *  (the room sees who still has to vote) and the dots of people voting at the screen itself, but
 *  no totals and nothing of what phone participants chose. */
export const FacilitatorView = z.object({
  sessionId: Id,
  caseId: Id,
  startedAt: Instant,
  phase: RetroPhase,
  durations: Durations,
  remainingMs: z.number().int().min(0),
  timerRunning: z.boolean(),
  phaseLog: z.array(z.object({ phase: RetroPhase, startedAt: Instant, endedAt: Instant.nullable() }).strict()),
  voting: VotingConfig,
  revealed: z.boolean(),
  participants: z.array(ParticipantSummary.extend({ usedVotes: z.number().int().min(0), remainingVotes: z.number().int().min(0) }).strict()),
  /** Votes of the participants voting at the room's screen, to show and take back their dots. */
  roomVotes: Votes,
  tally: Tally.nullable(),
  proposals: z.array(Proposal.omit({ createdAt: true }).extend({ createdAt: Instant, participantName: ParticipantName.nullable() }).strict()),
}).strict();
export type FacilitatorView = z.infer<typeof FacilitatorView>;

const iso = (ms: number) => new Date(ms).toISOString();

export function facilitatorView(session: RetroSession, now: number, order: readonly string[] = []): FacilitatorView {
  const names = new Map(session.participants.map((p) => [p.id, p.name]));
  const roomVotes: Votes = {};
  for (const p of session.participants) if (p.joinedVia === 'room' && session.votes[p.id]) roomVotes[p.id] = { ...session.votes[p.id] };
  return {
    sessionId: session.id,
    caseId: session.caseId,
    startedAt: iso(session.startedAt),
    phase: session.phase,
    durations: session.durations,
    remainingMs: remainingMs(session.timer, now),
    timerRunning: session.timer.state === 'running',
    phaseLog: session.phaseLog.map((v) => ({ phase: v.phase, startedAt: iso(v.startedAt), endedAt: v.endedAt === null ? null : iso(v.endedAt) })),
    voting: session.voting,
    revealed: session.revealed,
    participants: session.participants.map((p) => ({
      id: p.id,
      name: p.name,
      joinedVia: p.joinedVia,
      usedVotes: usedVotes(session, p.id),
      remainingVotes: remainingVotes(session, p.id),
    })),
    roomVotes,
    tally: session.revealed ? tally(session, order) : null,
    proposals: session.proposals.map((p) => ({ ...p, createdAt: iso(p.createdAt), participantName: names.get(p.participantId) ?? null })),
  };
}

// ---------------------------------------------------------------- the summary kept with the case

export const SummaryVoter = z.object({ name: ParticipantName.nullable(), votes: z.number().int().min(1) }).strict();
export const RetroSummary = z.object({
  version: z.literal(1),
  sessionId: Id,
  startedAt: Instant,
  closedAt: Instant,
  participants: z.array(z.object({ name: ParticipantName.nullable(), joinedVia: JoinedVia }).strict()).max(RETRO_LIMITS.participants),
  phases: z.array(z.object({ phase: RetroPhase, plannedMinutes: PhaseDuration, actualMs: z.number().int().min(0), visited: z.boolean() }).strict()),
  voting: VotingConfig,
  revealed: z.boolean(),
  /** Votes per cause, most first, with the cause's words when the session closed (the cause may
   *  be edited or deleted later). Anonymous: no voters, only counts. */
  votes: z.array(z.object({ causeId: Id, text: z.string().max(LIMITS.causeText), votes: z.number().int().min(1), voters: z.array(SummaryVoter).optional() }).strict()),
  proposals: z.object({ accepted: z.number().int().min(0), rejected: z.number().int().min(0), pending: z.number().int().min(0) }).strict(),
}).strict();
export type RetroSummary = z.infer<typeof RetroSummary>;

/** Wall time spent in each phase, summed over its stays; the open stay ends at `now`. */
export function phaseTimings(session: RetroSession, now: number): RetroSummary['phases'] {
  return RETRO_PHASES.map((phase) => {
    const visits = session.phaseLog.filter((v) => v.phase === phase);
    const actualMs = visits.reduce((a, v) => a + Math.max(0, (v.endedAt ?? now) - v.startedAt), 0);
    return { phase, plannedMinutes: session.durations[phase], actualMs, visited: visits.length > 0 };
  });
}

/** The summary written when the session closes. `causeText` gives a cause's words (null: the
 *  cause is gone, its votes are left out). */
export function summarize(session: RetroSession, now: number, causeText: (causeId: string) => string | null, order: readonly string[] = []): RetroSummary {
  const t = tally(session, order);
  const votes: RetroSummary['votes'] = [];
  for (const row of t.rows) {
    const text = causeText(row.causeId);
    if (text === null) continue;
    votes.push(
      t.anonymous
        ? { causeId: row.causeId, text, votes: row.votes }
        : { causeId: row.causeId, text, votes: row.votes, voters: row.voters!.map((v) => ({ name: v.name, votes: v.votes })) },
    );
  }
  const count = (s: Proposal['status']) => session.proposals.filter((p) => p.status === s).length;
  return RetroSummary.parse({
    version: 1,
    sessionId: session.id,
    startedAt: iso(session.startedAt),
    closedAt: iso(now),
    participants: session.participants.map((p) => ({ name: p.name, joinedVia: p.joinedVia })),
    phases: phaseTimings(session, now),
    voting: session.voting,
    revealed: session.revealed,
    votes,
    proposals: { accepted: count('accepted'), rejected: count('rejected'), pending: count('pending') },
  });
}

/** A session as kept with its case: its row, and the summary once it closed (null: it never
 *  closed, the app stopped during it). */
export const StoredRetroSession = z.object({
  id: Id,
  caseId: Id,
  startedAt: Instant,
  closedAt: Instant.nullable(),
  summary: RetroSummary.nullable(),
}).strict();
export type StoredRetroSession = z.infer<typeof StoredRetroSession>;
