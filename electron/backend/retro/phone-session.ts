import { CausewayError } from '../../../shared/contract/errors';
import type { PhoneProposal, PhoneState } from '../../../shared/domain/retro-phones';
import type { PhoneSession } from './lan-host';
import type { PublicState, RetroParticipantApi } from './session-manager';

/** What a phone is shown of the session's public state: its own votes and proposals, the causes
 *  to vote on and, after the reveal, counts per cause. Names and voters are left out even when
 *  voting is named: the projector shows those to the room, the network does not carry them. */
export function phoneState(state: PublicState): PhoneState {
  const me = state.me;
  return {
    phase: state.phase,
    remainingMs: state.remainingMs,
    paused: !state.timerRunning,
    categories: state.ballot.map((c) => ({ id: c.id, label: c.label })),
    causes: state.ballot.flatMap((c) => c.causes.map((cause) => ({ id: cause.id, text: cause.text, category: c.label, mine: me?.votes[cause.id] ?? 0 }))),
    votesLeft: me?.remainingVotes ?? 0,
    votesPerPerson: state.voting.votesPerParticipant,
    maxPerCause: state.voting.maxPerItem,
    revealed: state.tally ? Object.fromEntries(state.tally.rows.map((row) => [row.causeId, row.votes])) : null,
    proposals: (me?.proposals ?? []).map((p) => ({ id: p.id, text: p.text, status: p.status })),
    anonymous: state.voting.anonymous,
  };
}

/** The session's participant calls as the phones' server uses them. */
export function phoneSession(api: RetroParticipantApi): PhoneSession {
  return {
    join: (name) => api.join(name).id,
    view: (participantId) => phoneState(api.publicState(participantId)),
    propose: (participantId, proposal: PhoneProposal) => void api.propose(participantId, proposal.text, proposal.categoryId ?? null),
    vote: (participantId, causeId) => void api.vote(participantId, causeId, 1),
    unvote: (participantId, causeId) => void api.vote(participantId, causeId, -1),
    has: (participantId) => {
      if (!api.isOpen()) return false;
      try {
        return api.publicState(participantId).me !== null;
      } catch (e) {
        if (e instanceof CausewayError && e.code === 'not_found') return false;
        throw e;
      }
    },
  };
}
