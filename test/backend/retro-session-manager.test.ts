import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import type { Fishbone } from '../../shared/domain/fishbone';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { RetroSessionManager, type RetroEvent } from '../../electron/backend/retro/session-manager';

const MIN = 60_000;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CASE = id(1);
const OTHER_CASE = id(2);
const CAT = id(10);
const CAUSE1 = id(11);
const CAUSE2 = id(12);
const SUB = id(13);

const fishbone: Fishbone = {
  effect: null,
  template: null,
  orientation: 'head_right',
  categories: [
    {
      id: CAT,
      label: 'People',
      templateKey: null,
      causes: [
        { id: CAUSE1, ...defaultCauseFields('Roster gap'), votes: 7, children: [{ id: SUB, ...defaultCauseFields('Sick leave'), children: [] }] },
        { id: CAUSE2, ...defaultCauseFields('No handover'), children: [] },
      ],
    },
  ],
};

function setup() {
  let clock = Date.UTC(2026, 11, 7, 9, 0, 0);
  let n = 100;
  const fishbones = new Map<string, Fishbone>([
    [CASE, fishbone],
    [OTHER_CASE, fishbone],
  ]);
  const manager = new RetroSessionManager({
    now: () => clock,
    newId: () => id(n++),
    fishbone: (caseId) => {
      const f = fishbones.get(caseId);
      if (!f) throw new CausewayError('not_found', 'no case');
      return f;
    },
  });
  const events: RetroEvent[] = [];
  manager.subscribe((e) => events.push(e));
  return { manager, events, fishbones, tick: (ms: number) => (clock += ms) };
}

const reason = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e instanceof CausewayError ? (e.extra.reason ?? e.code) : String(e);
  }
  return undefined;
};

describe('RetroSessionManager', () => {
  it('holds one open session per case; starting again returns it', () => {
    const { manager } = setup();
    const first = manager.start(CASE, { durations: { vote: 3 } });
    expect(first.created).toBe(true);
    const again = manager.start(CASE);
    expect(again).toEqual({ session: first.session, created: false });
    expect(manager.start(OTHER_CASE).session.id).not.toBe(first.session.id);
    expect(reason(() => manager.start(id(999)))).toBe('not_found');
    expect(manager.get(id(999))).toBeNull();
  });

  it('drives the timer with its injected clock', () => {
    const { manager, tick } = setup();
    manager.start(CASE);
    tick(2 * MIN);
    expect(manager.view(CASE)!.remainingMs).toBe(3 * MIN);
    manager.update(CASE, { type: 'pause' });
    tick(10 * MIN);
    expect(manager.view(CASE)!.remainingMs).toBe(3 * MIN);
    manager.update(CASE, { type: 'extend', minutes: 2 });
    manager.update(CASE, { type: 'resume' });
    tick(MIN);
    expect(manager.view(CASE)!.remainingMs).toBe(4 * MIN);
    expect(manager.view(CASE)!.timerRunning).toBe(true);
  });

  it('votes only on causes of the case fishbone, sub-causes included', () => {
    const { manager } = setup();
    manager.start(CASE);
    const ana = manager.addParticipant(CASE, 'Ana');
    manager.update(CASE, { type: 'phase', phase: 'vote' });
    manager.vote(CASE, ana.id, SUB, 1);
    expect(reason(() => manager.vote(CASE, ana.id, id(777), 1))).toBe('validation');
    expect(manager.get(CASE)!.votes).toEqual({ [ana.id]: { [SUB]: 1 } });
  });

  it('the participant API: join, propose, vote, see only what a participant may, be removed', () => {
    const { manager, events } = setup();
    const { session } = manager.start(CASE, { voting: { anonymous: true } });
    const api = manager.participantApi(session.id)!;
    expect(api.caseId).toBe(CASE);
    const ana = api.join('Ana');
    const bo = api.join('Bo');
    expect(ana.joinedVia).toBe('phone');
    const proposal = api.propose(bo.id, 'Queue too long', CAT);
    expect(proposal.status).toBe('pending');
    expect(reason(() => api.propose(bo.id, 'x', id(555)))).toBe('validation');
    expect(reason(() => api.vote(ana.id, CAUSE1, 1))).toBe('retro_not_vote_phase');
    manager.update(CASE, { type: 'nextPhase' });
    manager.update(CASE, { type: 'nextPhase' });
    const mine = api.vote(ana.id, CAUSE1, 1);
    expect(mine.me!.votes).toEqual({ [CAUSE1]: 1 });
    api.vote(bo.id, CAUSE2, 1);
    const anasView = api.publicState(ana.id);
    // The ballot lists every cause, without the votes stored in the diagram.
    expect(anasView.ballot).toEqual([
      { id: CAT, label: 'People', causes: [{ id: CAUSE1, text: 'Roster gap', depth: 1 }, { id: SUB, text: 'Sick leave', depth: 2 }, { id: CAUSE2, text: 'No handover', depth: 1 }] },
    ]);
    expect(JSON.stringify({ ...anasView, ballot: [] })).not.toContain(CAUSE2);
    expect(anasView.names).toEqual([]);
    expect(reason(() => api.publicState(id(999)))).toBe('not_found');
    manager.reveal(CASE);
    const after = JSON.stringify(api.publicState(ana.id).tally);
    expect(after).toContain(CAUSE2);
    expect(after).not.toContain(bo.id);
    expect(after).not.toContain('Bo');
    api.remove(bo.id);
    expect(manager.get(CASE)!.participants.map((p) => p.name)).toEqual(['Ana']);
    expect(events.filter((e) => e.kind === 'changed').length).toBeGreaterThan(5);
  });

  it('after closing, the session and every participant call are gone', () => {
    const { manager, events, tick } = setup();
    const { session } = manager.start(CASE, { voting: { anonymous: false } });
    const api = manager.participantApi(session.id)!;
    const ana = api.join('Ana');
    manager.update(CASE, { type: 'phase', phase: 'vote' });
    api.vote(ana.id, CAUSE1, 1);
    tick(3 * MIN);
    const { summary } = manager.close(CASE);
    expect(summary.votes).toEqual([{ causeId: CAUSE1, text: 'Roster gap', votes: 1, voters: [{ name: 'Ana', votes: 1 }] }]);
    expect(summary.phases.find((p) => p.phase === 'vote')!.actualMs).toBe(3 * MIN);
    expect(events.at(-1)).toEqual({ kind: 'closed', caseId: CASE, sessionId: session.id });
    expect(api.isOpen()).toBe(false);
    expect(manager.participantApi(session.id)).toBeNull();
    expect(manager.get(CASE)).toBeNull();
    for (const call of [() => api.join('Eve'), () => api.publicState(), () => api.vote(ana.id, CAUSE1, 1), () => api.propose(ana.id, 'x'), () => api.remove(ana.id)]) {
      expect(reason(call)).toBe('not_found');
    }
    expect(reason(() => manager.close(CASE))).toBe('not_found');
  });

  it('a cause deleted from the diagram during the session loses its votes', () => {
    const { manager, fishbones } = setup();
    manager.start(CASE);
    const ana = manager.addParticipant(CASE, 'Ana');
    manager.update(CASE, { type: 'phase', phase: 'vote' });
    manager.vote(CASE, ana.id, CAUSE2, 1);
    fishbones.set(CASE, { ...fishbone, categories: [{ ...fishbone.categories[0]!, causes: [fishbone.categories[0]!.causes[0]!] }] });
    expect(manager.view(CASE)!.participants[0]!.remainingVotes).toBe(5);
  });
});
