import { randomUUID } from 'node:crypto';
import { CausewayError } from '../../../shared/contract/errors';
import { walkCauses, type Fishbone } from '../../../shared/domain/fishbone';
import {
  ParticipantName,
  acceptProposal,
  addParticipant,
  applyUpdate,
  castVote,
  dropVotesOutside,
  facilitatorView,
  findParticipant,
  participantView,
  propose,
  rejectProposal,
  removeParticipant,
  reveal,
  startSession,
  summarize,
  type FacilitatorView,
  type JoinedVia,
  type Participant,
  type ParticipantView,
  type Proposal,
  type RetroSession,
  type RetroSummary,
  type RetroUpdate,
  type StartOptions,
} from '../../../shared/domain/retro';

/** The live retrospectives, in memory: at most one open session per case. The facilitator's
 *  screen calls the methods keyed by case id (through the contract's `retro:*` handlers); the
 *  participants' LAN layer gets a `RetroParticipantApi` bound to one session id and never sees the
 *  others. Storing the summary is the caller's business (see retro-repo.ts): this class only
 *  holds state, so it is tested with a fake clock and a fishbone in memory. */

export interface RetroManagerDeps {
  /** Epoch milliseconds; a test passes a fake clock. */
  now?: () => number;
  newId?: () => string;
  /** The case's fishbone: votes must name one of its causes, proposals one of its categories.
   *  Throws `not_found` for an unknown case. */
  fishbone: (caseId: string) => Fishbone;
}

/** What a participant's phone sees: `ParticipantView` plus the causes to vote on. Cause votes
 *  stored in the diagram (earlier sessions, the +1/-1 buttons) are deliberately not shown. */
export interface BallotCategory {
  id: string;
  label: string;
  causes: Array<{ id: string; text: string; depth: number }>;
}
export interface PublicState extends ParticipantView {
  ballot: BallotCategory[];
}

export type RetroEvent = { kind: 'changed' | 'closed'; caseId: string; sessionId: string };

/** The calls the participants' LAN layer makes, bound to one open session. Every call on a closed
 *  session throws `not_found`; inputs are validated here as well (names, texts, ids). */
export interface RetroParticipantApi {
  readonly sessionId: string;
  readonly caseId: string;
  isOpen(): boolean;
  join(name: string | null): Participant;
  propose(participantId: string, text: string, categoryId?: string | null): Proposal;
  vote(participantId: string, causeId: string, delta: 1 | -1): PublicState;
  remove(participantId: string): void;
  /** What that participant may see (or anyone, without an id: no votes, no "me"). */
  publicState(participantId?: string | null): PublicState;
}

function readingOrder(fishbone: Fishbone): string[] {
  const ids: string[] = [];
  walkCauses(fishbone, (cause) => {
    ids.push(cause.id);
  });
  return ids;
}

export class RetroSessionManager {
  private readonly sessions = new Map<string, RetroSession>();
  private readonly listeners = new Set<(event: RetroEvent) => void>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly fishboneOf: (caseId: string) => Fishbone;

  constructor(deps: RetroManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
    this.fishboneOf = deps.fishbone;
  }

  // ------------------------------------------------------------ facilitator (by case)

  /** Starts a session for the case, or returns the one already open (the facilitator came back). */
  start(caseId: string, options: StartOptions = {}): { session: RetroSession; created: boolean } {
    const open = this.sessions.get(caseId);
    if (open) return { session: open, created: false };
    this.fishboneOf(caseId); // an unknown case is refused before anything is held for it
    const session = startSession(this.newId(), caseId, this.now(), options);
    this.sessions.set(caseId, session);
    this.emit('changed', session);
    return { session, created: true };
  }

  get(caseId: string): RetroSession | null {
    return this.sessions.get(caseId) ?? null;
  }

  view(caseId: string): FacilitatorView | null {
    const session = this.sessions.get(caseId);
    if (!session) return null;
    return facilitatorView(this.prune(session), this.now(), readingOrder(this.fishboneOf(caseId)));
  }

  update(caseId: string, update: RetroUpdate): RetroSession {
    return this.change(caseId, (s) => applyUpdate(s, update, this.now()));
  }

  addParticipant(caseId: string, name: string | null, joinedVia: JoinedVia = 'room'): Participant {
    const participant: Participant = {
      id: this.newId(),
      name: name === null ? null : ParticipantName.parse(name),
      joinedVia,
      joinedAt: this.now(),
    };
    this.change(caseId, (s) => addParticipant(s, participant));
    return participant;
  }

  removeParticipant(caseId: string, participantId: string): RetroSession {
    return this.change(caseId, (s) => removeParticipant(s, participantId));
  }

  vote(caseId: string, participantId: string, causeId: string, delta: 1 | -1): RetroSession {
    if (delta === 1) this.checkCause(caseId, causeId);
    return this.change(caseId, (s) => castVote(s, participantId, causeId, delta));
  }

  reveal(caseId: string): RetroSession {
    return this.change(caseId, reveal);
  }

  propose(caseId: string, participantId: string, text: string, categoryId: string | null = null): Proposal {
    if (categoryId !== null && !this.fishboneOf(caseId).categories.some((c) => c.id === categoryId)) {
      throw new CausewayError('validation', `No category ${categoryId} in this fishbone.`, { issues: [{ path: ['categoryId'], reason: 'invalid_reference' }] });
    }
    const id = this.newId();
    const session = this.change(caseId, (s) => propose(s, { id, participantId, text, categoryId }, this.now()));
    return session.proposals.find((p) => p.id === id)!;
  }

  acceptProposal(caseId: string, proposalId: string, causeId: string, categoryId: string): RetroSession {
    return this.change(caseId, (s) => acceptProposal(s, proposalId, causeId, categoryId));
  }

  rejectProposal(caseId: string, proposalId: string): RetroSession {
    return this.change(caseId, (s) => rejectProposal(s, proposalId));
  }

  /** Ends the session and returns its summary; the session is gone from memory afterwards, so
   *  every participant call on it is refused from then on. */
  close(caseId: string): { session: RetroSession; summary: RetroSummary } {
    const session = this.open(caseId);
    const fishbone = this.fishboneOf(caseId);
    const texts = new Map<string, string>();
    walkCauses(fishbone, (cause) => {
      texts.set(cause.id, cause.text);
    });
    const summary = summarize(session, this.now(), (id) => texts.get(id) ?? null, readingOrder(fishbone));
    this.sessions.delete(caseId);
    this.emit('closed', session);
    return { session, summary };
  }

  /** Forgets a session without a summary (its row could not be written). */
  discard(caseId: string): void {
    const session = this.sessions.get(caseId);
    if (!session) return;
    this.sessions.delete(caseId);
    this.emit('closed', session);
  }

  /** Forgets every session without a summary (the library they belong to was closed). */
  discardAll(): void {
    for (const session of [...this.sessions.values()]) {
      this.sessions.delete(session.caseId);
      this.emit('closed', session);
    }
  }

  subscribe(listener: (event: RetroEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------ participants' LAN layer (by session)

  /** The open session with this id, or null (closed, or never existed). */
  bySession(sessionId: string): RetroSession | null {
    for (const s of this.sessions.values()) if (s.id === sessionId) return s;
    return null;
  }

  /** The participant-side calls bound to one session; null when it is not open. */
  participantApi(sessionId: string): RetroParticipantApi | null {
    const session = this.bySession(sessionId);
    if (!session) return null;
    const caseId = session.caseId;
    const live = () => {
      const s = this.bySession(sessionId);
      if (!s) throw new CausewayError('not_found', 'This session is closed.');
      return s;
    };
    return {
      sessionId,
      caseId,
      isOpen: () => this.bySession(sessionId) !== null,
      join: (name) => {
        live();
        return this.addParticipant(caseId, name, 'phone');
      },
      propose: (participantId, text, categoryId = null) => {
        live();
        return this.propose(caseId, participantId, text, categoryId);
      },
      vote: (participantId, causeId, delta) => {
        live();
        this.vote(caseId, participantId, causeId, delta);
        return this.publicState(caseId, participantId);
      },
      remove: (participantId) => {
        live();
        this.removeParticipant(caseId, participantId);
      },
      publicState: (participantId = null) => {
        live();
        return this.publicState(caseId, participantId);
      },
    };
  }

  publicState(caseId: string, participantId: string | null = null): PublicState {
    const session = this.prune(this.open(caseId));
    if (participantId !== null) findParticipant(session, participantId);
    const fishbone = this.fishboneOf(caseId);
    const ballot: BallotCategory[] = fishbone.categories.map((category) => ({ id: category.id, label: category.label, causes: [] }));
    walkCauses(fishbone, (cause, { category, depth }) => {
      ballot.find((b) => b.id === category.id)!.causes.push({ id: cause.id, text: cause.text, depth });
    });
    return { ...participantView(session, participantId, this.now(), readingOrder(fishbone)), ballot };
  }

  // ------------------------------------------------------------ internals

  private open(caseId: string): RetroSession {
    const session = this.sessions.get(caseId);
    if (!session) throw new CausewayError('not_found', `No open team session for case ${caseId}.`);
    return session;
  }

  private change(caseId: string, reduce: (session: RetroSession) => RetroSession): RetroSession {
    const before = this.open(caseId);
    const after = reduce(before);
    if (after !== before) {
      this.sessions.set(caseId, after);
      this.emit('changed', after);
    }
    return after;
  }

  private checkCause(caseId: string, causeId: string): void {
    let found = false;
    walkCauses(this.fishboneOf(caseId), (cause) => {
      if (cause.id === causeId) found = true;
      return !found;
    });
    if (!found) throw new CausewayError('validation', `No cause ${causeId} in this fishbone.`, { issues: [{ path: ['causeId'], reason: 'invalid_reference' }] });
  }

  /** Votes on a cause deleted from the diagram during the session no longer count. */
  private prune(session: RetroSession): RetroSession {
    const ids = new Set(readingOrder(this.fishboneOf(session.caseId)));
    const pruned = dropVotesOutside(session, ids);
    if (pruned !== session) this.sessions.set(session.caseId, pruned);
    return pruned;
  }

  private emit(kind: RetroEvent['kind'], session: RetroSession): void {
    for (const listener of this.listeners) listener({ kind, caseId: session.caseId, sessionId: session.id });
  }
}
