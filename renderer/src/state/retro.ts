import { create } from 'zustand';
import type { Input, Output } from '../../../shared/contract/contract';
import type { MethodName } from '../../../shared/contract/methods';
import type { FishboneCommand } from '../../../shared/domain/fishbone-commands';
import type { FacilitatorView, StoredRetroSession } from '../../../shared/domain/retro';
import { call } from '../api/client';
import { useFishbone } from './fishbone';

/** The facilitator's screen of a team session (see shared/domain/retro.ts): the open session as the
 *  backend last answered it, the sessions kept with the case, and whether the presentation is
 *  showing. The countdown ticks on this page from `remainingMs` and `receivedAt`; polling picks up
 *  what participants' phones change. */

type FacilitatorMethod = 'retro:update' | 'retro:addParticipant' | 'retro:removeParticipant' | 'retro:vote' | 'retro:reveal' | 'retro:rejectProposal';

interface RetroState {
  caseId: string | null;
  session: FacilitatorView | null;
  history: StoredRetroSession[];
  /** performance.now() when `session` arrived: the countdown counts from there. */
  receivedAt: number;
  presenting: boolean;
  /** Who votes at the screen now (a participant id). */
  voterId: string | null;
  /** The last refusal (or a translated sentence about bad input), shown in the session's alert
   *  line until the next action. */
  error: unknown;
  /** The undo entry of the last "apply votes", so its Undo takes back exactly that step. */
  appliedEntry: unknown;
  load(caseId: string): Promise<void>;
  refresh(): Promise<void>;
  start(): Promise<boolean>;
  leave(): void;
  act<M extends FacilitatorMethod>(method: M, input: Omit<Input<M>, 'caseId'>): Promise<boolean>;
  setVoter(id: string | null): void;
  /** Bad input caught on the page: shown, nothing sent. */
  refuse(message: string): void;
  acceptProposal(proposalId: string, categoryId: string): Promise<boolean>;
  applyVotes(): Promise<boolean>;
  undoApply(): void;
  close(): Promise<StoredRetroSession | null>;
}

export const useRetro = create<RetroState>((set, get) => {
  // A poll's answer may arrive after the answer to an action the facilitator took meanwhile (two
  // requests, two connections): it would put back the state from before the action. Every action
  // moves `epoch` on when it starts and counts itself in `acting` until answered; a poll is not
  // sent while one is in flight, and its answer is dropped when an action started after it.
  let epoch = 0;
  let acting = 0;
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    epoch++;
    acting++;
    try {
      return await work();
    } finally {
      acting--;
    }
  };

  const fresh = (session: FacilitatorView | null) => {
    const voterId = get().voterId;
    set({
      session,
      receivedAt: performance.now(),
      voterId: session && voterId && session.participants.some((p) => p.id === voterId) ? voterId : null,
    });
  };

  /** Runs a command the backend answered through the fishbone editor: one undo step there. */
  const runOnFishbone = async (caseId: string, command: FishboneCommand): Promise<boolean> => {
    const fishbone = useFishbone.getState();
    if (fishbone.caseId !== caseId || !fishbone.doc) await fishbone.load(caseId);
    return useFishbone.getState().run(command);
  };

  const guarded = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      const value = await work();
      set({ error: null });
      return value;
    } catch (e) {
      set({ error: e });
      return null;
    }
  };

  return {
    caseId: null,
    session: null,
    history: [],
    receivedAt: 0,
    presenting: false,
    voterId: null,
    error: null,
    appliedEntry: null,

    async load(caseId) {
      if (get().caseId !== caseId) set({ caseId, session: null, history: [], presenting: false, voterId: null, error: null, appliedEntry: null });
      await guarded(async () => {
        const { session, history } = await call('retro:get', { caseId });
        if (get().caseId !== caseId) return;
        fresh(session);
        set({ history });
      });
    },

    async refresh() {
      const { caseId } = get();
      if (!caseId || acting > 0) return;
      const sentAt = epoch;
      try {
        const { session, history } = await call('retro:get', { caseId });
        if (get().caseId === caseId && sentAt === epoch) {
          fresh(session);
          set({ history });
        }
      } catch {
        // A missed poll is retried by the next one; the connection banner says when the host is away.
      }
    },

    async start() {
      const { caseId } = get();
      if (!caseId) return false;
      const session = await guarded(() => tracked(() => call('retro:start', { caseId })));
      if (!session) return false;
      fresh(session);
      set({ presenting: true });
      return true;
    },

    leave() {
      set({ presenting: false });
    },

    async act(method, input) {
      const { caseId } = get();
      if (!caseId) return false;
      const session = await guarded(() => tracked(() => call(method as MethodName, { ...input, caseId } as never) as Promise<Output<FacilitatorMethod>>));
      if (!session) return false;
      fresh(session);
      return true;
    },

    setVoter(id) {
      set({ voterId: id });
    },

    refuse(message) {
      set({ error: message });
    },

    async acceptProposal(proposalId, categoryId) {
      const { caseId } = get();
      if (!caseId) return false;
      const answer = await guarded(() => tracked(() => call('retro:acceptProposal', { caseId, proposalId, categoryId })));
      if (!answer) return false;
      fresh(answer.session);
      return runOnFishbone(caseId, answer.command as FishboneCommand);
    },

    async applyVotes() {
      const { caseId } = get();
      if (!caseId) return false;
      const answer = await guarded(() => tracked(() => call('retro:applyVotes', { caseId })));
      if (!answer) return false;
      const ok = await runOnFishbone(caseId, answer.command as FishboneCommand);
      set({ appliedEntry: ok ? useFishbone.getState().undoStack.at(-1) : null });
      return ok;
    },

    undoApply() {
      const s = useFishbone.getState();
      // Only while that step is still the last one: an edit made since would be taken back instead.
      if (get().appliedEntry && s.undoStack.at(-1) === get().appliedEntry) s.undo();
      set({ appliedEntry: null });
    },

    async close() {
      const { caseId } = get();
      if (!caseId) return null;
      const stored = await guarded(() => tracked(() => call('retro:close', { caseId })));
      if (!stored) return null;
      set({ session: null, presenting: false, voterId: null, appliedEntry: null, history: [...get().history, stored], receivedAt: performance.now() });
      return stored;
    },
  };
});
