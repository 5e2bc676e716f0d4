import type { Input, Output } from '../../../shared/contract/contract';
import { CausewayError } from '../../../shared/contract/errors';
import { defaultCauseFields, walkCauses } from '../../../shared/domain/fishbone';
import { findProposal, tallyVotes, type RetroSession } from '../../../shared/domain/retro';
import type { Library } from '../library';
import { RetroSessionManager } from './session-manager';

type RetroMethod =
  | 'retro:start'
  | 'retro:get'
  | 'retro:update'
  | 'retro:addParticipant'
  | 'retro:removeParticipant'
  | 'retro:vote'
  | 'retro:reveal'
  | 'retro:acceptProposal'
  | 'retro:rejectProposal'
  | 'retro:applyVotes'
  | 'retro:close';

export type RetroHandlers = { [M in RetroMethod]: (input: Input<M>) => Output<M> };

/** A manager reading fishbones from the open library (one per process: the LAN layer shares it). */
export function libraryRetroManager(library: Library, now?: () => number): RetroSessionManager {
  return new RetroSessionManager({ fishbone: (caseId) => library.fishbones.get(caseId).fishbone, ...(now ? { now } : {}) });
}

/** The facilitator's `retro:*` methods over a session manager and the open library. Changes to the
 *  diagram are answered as fishbone commands the page runs through its editor (one undo step each),
 *  never written here behind the editor's back. */
export function createRetroHandlers(library: Library, manager: RetroSessionManager): RetroHandlers {
  const view = (caseId: string) => manager.view(caseId)!;
  return {
    'retro:start': ({ caseId, durations, voting }) => {
      const { session, created } = manager.start(caseId, { ...(durations ? { durations } : {}), ...(voting ? { voting } : {}) });
      if (created) {
        try {
          library.retros.started(session.id, caseId, new Date(session.startedAt).toISOString());
        } catch (e) {
          manager.discard(caseId);
          throw e;
        }
      }
      return view(caseId);
    },
    'retro:get': ({ caseId }) => {
      const history = library.retros.list(caseId);
      return { session: manager.view(caseId), history };
    },
    'retro:update': ({ caseId, update }) => {
      manager.update(caseId, update);
      return view(caseId);
    },
    'retro:addParticipant': ({ caseId, name }) => {
      manager.addParticipant(caseId, name, 'room');
      return view(caseId);
    },
    'retro:removeParticipant': ({ caseId, participantId }) => {
      manager.removeParticipant(caseId, participantId);
      return view(caseId);
    },
    'retro:vote': ({ caseId, participantId, causeId, delta }) => {
      manager.vote(caseId, participantId, causeId, delta);
      return view(caseId);
    },
    'retro:reveal': ({ caseId }) => {
      manager.reveal(caseId);
      return view(caseId);
    },
    'retro:acceptProposal': ({ caseId, proposalId, categoryId }) => {
      const session = open(manager, caseId);
      const proposal = findProposal(session, proposalId);
      const category = library.fishbones.get(caseId).fishbone.categories.find((c) => c.id === categoryId);
      if (!category) throw new CausewayError('validation', `No category ${categoryId} in this fishbone.`, { issues: [{ path: ['categoryId'], reason: 'invalid_reference' }] });
      const causeId = crypto.randomUUID();
      manager.acceptProposal(caseId, proposalId, causeId, categoryId);
      return {
        session: view(caseId),
        command: {
          type: 'addCause',
          parent: { categoryId, causeId: null },
          index: category.causes.length,
          cause: { id: causeId, ...defaultCauseFields(proposal.text), children: [] },
        },
      };
    },
    'retro:rejectProposal': ({ caseId, proposalId }) => {
      manager.rejectProposal(caseId, proposalId);
      return view(caseId);
    },
    'retro:applyVotes': ({ caseId }) => {
      const session = open(manager, caseId);
      if (!session.revealed) throw new CausewayError('validation', 'Reveal the votes before applying them.', { reason: 'retro_not_revealed', issues: [{ path: ['votes'], reason: 'retro_not_revealed' }] });
      const ids = new Set<string>();
      walkCauses(library.fishbones.get(caseId).fishbone, (c) => {
        ids.add(c.id);
      });
      const votes = Object.fromEntries(Object.entries(tallyVotes(session)).filter(([id]) => ids.has(id)));
      return { command: { type: 'setVotes', votes } };
    },
    'retro:close': ({ caseId }) => {
      const { session, summary } = manager.close(caseId);
      return library.retros.closed(session.id, summary);
    },
  };
}

function open(manager: RetroSessionManager, caseId: string): RetroSession {
  const session = manager.get(caseId);
  if (!session) throw new CausewayError('not_found', `No open team session for case ${caseId}.`);
  return session;
}
