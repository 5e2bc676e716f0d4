import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import {
  DEFAULT_DURATIONS,
  DEFAULT_VOTING,
  RetroSession,
  RetroSummary,
  addParticipant,
  applyUpdate,
  castVote,
  dropVotesOutside,
  extendTimer,
  facilitatorView,
  nextPhase,
  participantView,
  pauseTimer,
  propose,
  acceptProposal,
  rejectProposal,
  remainingMs,
  remainingVotes,
  removeParticipant,
  resumeTimer,
  retractVote,
  reveal,
  setDurations,
  setPhase,
  setVoting,
  startSession,
  summarize,
  tally,
  tallyVotes,
  type Participant,
} from '../../shared/domain/retro';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const CASE = '00000000-0000-4000-8000-000000000001';
const SESSION = '00000000-0000-4000-8000-000000000002';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const A = id(101);
const B = id(102);
const C = id(103);
const CAUSE1 = id(201);
const CAUSE2 = id(202);
const CAUSE3 = id(203);

const person = (pid: string, name: string | null, joinedVia: Participant['joinedVia'] = 'room'): Participant => ({ id: pid, name, joinedVia, joinedAt: T0 });

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof CausewayError) return e.extra.reason ?? e.code;
    throw e;
  }
  return undefined;
}

function withPeople(options: Parameters<typeof startSession>[3] = {}): RetroSession {
  let s = startSession(SESSION, CASE, T0, options);
  s = addParticipant(s, person(A, 'Ana'));
  s = addParticipant(s, person(B, 'Bo', 'phone'));
  s = addParticipant(s, person(C, null));
  return s;
}

const inVote = (s: RetroSession) => setPhase(s, 'vote', T0 + 10 * MIN);

describe('starting a session', () => {
  it('starts in brainstorm with the Parabol defaults, its countdown running', () => {
    const s = startSession(SESSION, CASE, T0);
    expect(RetroSession.parse(s)).toEqual(s);
    expect(s.phase).toBe('brainstorm');
    expect(s.durations).toEqual({ brainstorm: 5, group: 5, vote: 2, discuss: 20, actions: 10 });
    expect(s.voting).toEqual({ votesPerParticipant: 5, maxPerItem: 3, anonymous: true });
    expect(remainingMs(s.timer, T0 + 90_000)).toBe(5 * MIN - 90_000);
    expect(s.revealed).toBe(false);
  });

  it('takes the facilitator durations and voting rules, and refuses M above N', () => {
    const s = startSession(SESSION, CASE, T0, { durations: { vote: 4 }, voting: { votesPerParticipant: 3, maxPerItem: 1, anonymous: false } });
    expect(s.durations.vote).toBe(4);
    expect(s.durations.brainstorm).toBe(DEFAULT_DURATIONS.brainstorm);
    expect(s.voting).toEqual({ votesPerParticipant: 3, maxPerItem: 1, anonymous: false });
    expect(refusal(() => startSession(SESSION, CASE, T0, { voting: { votesPerParticipant: 2, maxPerItem: 3 } }))).toBe('retro_per_item_above_total');
    expect(() => startSession(SESSION, CASE, T0, { durations: { vote: 0 } })).toThrow();
    expect(() => startSession(SESSION, CASE, T0, { durations: { vote: 241 } })).toThrow();
  });
});

describe('timer', () => {
  it('pauses and resumes without losing or gaining time', () => {
    let s = startSession(SESSION, CASE, T0);
    s = pauseTimer(s, T0 + 1 * MIN);
    expect(s.timer).toEqual({ state: 'paused', remainingMs: 4 * MIN });
    expect(remainingMs(s.timer, T0 + 30 * MIN)).toBe(4 * MIN);
    expect(pauseTimer(s, T0 + 2 * MIN)).toBe(s);
    s = resumeTimer(s, T0 + 10 * MIN);
    expect(s.timer).toEqual({ state: 'running', endsAt: T0 + 14 * MIN });
    expect(resumeTimer(s, T0 + 11 * MIN)).toBe(s);
  });

  it('never goes below zero and extends from now once time is up', () => {
    let s = startSession(SESSION, CASE, T0);
    expect(remainingMs(s.timer, T0 + 9 * MIN)).toBe(0);
    s = extendTimer(s, 2, T0 + 9 * MIN);
    expect(remainingMs(s.timer, T0 + 9 * MIN)).toBe(2 * MIN);
  });

  it('extends a running and a paused countdown', () => {
    let s = startSession(SESSION, CASE, T0);
    s = extendTimer(s, 3, T0 + MIN);
    expect(remainingMs(s.timer, T0 + MIN)).toBe(7 * MIN);
    s = pauseTimer(s, T0 + 2 * MIN);
    s = extendTimer(s, 1, T0 + 5 * MIN);
    expect(s.timer).toEqual({ state: 'paused', remainingMs: 7 * MIN });
  });

  it('moving to a phase restarts the countdown with that phase duration, running', () => {
    let s = pauseTimer(startSession(SESSION, CASE, T0), T0 + MIN);
    s = setPhase(s, 'discuss', T0 + 2 * MIN);
    expect(s.timer).toEqual({ state: 'running', endsAt: T0 + 22 * MIN });
    expect(s.phaseLog).toEqual([
      { phase: 'brainstorm', startedAt: T0, endedAt: T0 + 2 * MIN },
      { phase: 'discuss', startedAt: T0 + 2 * MIN, endedAt: null },
    ]);
    expect(setPhase(s, 'discuss', T0 + 3 * MIN)).toBe(s);
  });

  it('a changed duration of the current phase moves its countdown by the difference', () => {
    let s = startSession(SESSION, CASE, T0);
    s = setDurations(s, { brainstorm: 8, vote: 3 });
    expect(remainingMs(s.timer, T0)).toBe(8 * MIN);
    expect(s.durations.vote).toBe(3);
    s = pauseTimer(s, T0 + 7 * MIN);
    s = setDurations(s, { brainstorm: 2 });
    expect(s.timer).toEqual({ state: 'paused', remainingMs: 0 });
  });

  it('nextPhase walks the phases in order and stops at actions', () => {
    let s = startSession(SESSION, CASE, T0);
    const seen = [s.phase];
    for (let i = 1; i <= 5; i++) {
      s = nextPhase(s, T0 + i * MIN);
      seen.push(s.phase);
    }
    expect(seen).toEqual(['brainstorm', 'group', 'vote', 'discuss', 'actions', 'actions']);
  });

  it('applyUpdate routes every kind of update', () => {
    let s = startSession(SESSION, CASE, T0);
    s = applyUpdate(s, { type: 'pause' }, T0 + MIN);
    expect(s.timer.state).toBe('paused');
    s = applyUpdate(s, { type: 'resume' }, T0 + 2 * MIN);
    s = applyUpdate(s, { type: 'extend', minutes: 5 }, T0 + 2 * MIN);
    expect(remainingMs(s.timer, T0 + 2 * MIN)).toBe(9 * MIN);
    s = applyUpdate(s, { type: 'nextPhase' }, T0 + 3 * MIN);
    expect(s.phase).toBe('group');
    s = applyUpdate(s, { type: 'phase', phase: 'actions' }, T0 + 4 * MIN);
    expect(s.phase).toBe('actions');
    s = applyUpdate(s, { type: 'durations', durations: { discuss: 15 } }, T0);
    expect(s.durations.discuss).toBe(15);
    s = applyUpdate(s, { type: 'voting', voting: { anonymous: false } }, T0);
    expect(s.voting.anonymous).toBe(false);
  });
});

describe('participants', () => {
  it('refuses a second person with the same name (any case), a duplicate id and a full room', () => {
    const s = withPeople();
    expect(refusal(() => addParticipant(s, person(id(999), ' ana ')))).toBe('retro_name_taken');
    expect(refusal(() => addParticipant(s, person(A, 'Zed')))).toBe('validation');
    // Anonymous participants never clash.
    expect(addParticipant(s, person(id(998), null)).participants).toHaveLength(4);
    let full = startSession(SESSION, CASE, T0);
    for (let i = 0; i < 100; i++) full = addParticipant(full, person(id(1000 + i), `P${i}`));
    expect(refusal(() => addParticipant(full, person(id(2000), 'one more')))).toBe('retro_too_many_participants');
  });

  it('refuses hostile names: empty, too long', () => {
    const s = startSession(SESSION, CASE, T0);
    expect(() => addParticipant(s, person(A, '   '))).toThrow();
    expect(() => addParticipant(s, person(A, 'x'.repeat(61)))).toThrow();
  });

  it('removing a participant takes their votes with them and rejects their pending proposals', () => {
    let s = inVote(withPeople());
    s = propose(s, { id: id(301), participantId: B, text: 'Handover notes missing', categoryId: null }, T0);
    s = castVote(s, B, CAUSE1);
    s = castVote(s, A, CAUSE1);
    s = removeParticipant(s, B);
    expect(s.participants.map((p) => p.id)).toEqual([A, C]);
    expect(s.votes[B]).toBeUndefined();
    expect(s.proposals[0]!.status).toBe('rejected');
    expect(tally(s).rows).toEqual([{ causeId: CAUSE1, votes: 1 }]);
    expect(refusal(() => removeParticipant(s, B))).toBe('not_found');
  });
});

describe('votes', () => {
  it('are refused outside the vote phase', () => {
    const s = withPeople();
    expect(refusal(() => castVote(s, A, CAUSE1))).toBe('retro_not_vote_phase');
    expect(refusal(() => castVote(setPhase(s, 'discuss', T0), A, CAUSE1))).toBe('retro_not_vote_phase');
  });

  it('enforce N per participant (default 5)', () => {
    let s = inVote(withPeople());
    for (const cause of [CAUSE1, CAUSE1, CAUSE2, CAUSE2, CAUSE3]) s = castVote(s, A, cause);
    expect(remainingVotes(s, A)).toBe(0);
    expect(refusal(() => castVote(s, A, CAUSE3))).toBe('retro_no_votes_left');
    // Another participant's budget is their own.
    expect(remainingVotes(castVote(s, B, CAUSE3), B)).toBe(4);
  });

  it('enforce M per item (default 3) per participant, not per cause overall', () => {
    let s = inVote(withPeople());
    for (let i = 0; i < 3; i++) s = castVote(s, A, CAUSE1);
    expect(refusal(() => castVote(s, A, CAUSE1))).toBe('retro_item_limit');
    for (let i = 0; i < 3; i++) s = castVote(s, B, CAUSE1);
    expect(tally(s).rows[0]).toEqual({ causeId: CAUSE1, votes: 6 });
  });

  it('can be taken back, one at a time, and never below zero', () => {
    let s = inVote(withPeople());
    s = castVote(s, A, CAUSE1);
    s = castVote(s, A, CAUSE1);
    s = retractVote(s, A, CAUSE1);
    expect(s.votes[A]).toEqual({ [CAUSE1]: 1 });
    s = retractVote(s, A, CAUSE1);
    expect(s.votes[A]).toBeUndefined();
    expect(refusal(() => retractVote(s, A, CAUSE1))).toBe('retro_nothing_to_retract');
    expect(remainingVotes(s, A)).toBe(5);
  });

  it('are refused from someone not in the session', () => {
    expect(refusal(() => castVote(inVote(withPeople()), id(999), CAUSE1))).toBe('not_found');
  });

  it('stop at the reveal, and leaving the vote phase reveals', () => {
    let s = inVote(withPeople());
    s = castVote(s, A, CAUSE1);
    const revealed = reveal(s);
    expect(revealed.revealed).toBe(true);
    expect(reveal(revealed)).toBe(revealed);
    expect(refusal(() => castVote(revealed, A, CAUSE2))).toBe('retro_revealed');
    expect(refusal(() => retractVote(revealed, A, CAUSE1))).toBe('retro_revealed');
    expect(setPhase(s, 'discuss', T0 + 20 * MIN).revealed).toBe(true);
    // Going back to an earlier phase does not reveal.
    expect(setPhase(s, 'group', T0 + 20 * MIN).revealed).toBe(false);
  });

  it('voting rules are fixed once the first vote is cast', () => {
    let s = inVote(withPeople());
    s = setVoting(s, { votesPerParticipant: 3, maxPerItem: 2 });
    expect(s.voting).toEqual({ votesPerParticipant: 3, maxPerItem: 2, anonymous: true });
    expect(refusal(() => setVoting(s, { maxPerItem: 4 }))).toBe('retro_per_item_above_total');
    s = castVote(s, A, CAUSE1);
    expect(refusal(() => setVoting(s, { votesPerParticipant: 1, maxPerItem: 1 }))).toBe('retro_voting_locked');
    expect(refusal(() => setVoting(s, { anonymous: false }))).toBe('retro_voting_locked');
    expect(setVoting(s, { votesPerParticipant: 3 })).toBe(s);
  });

  it('votes on causes gone from the diagram are dropped', () => {
    let s = inVote(withPeople());
    s = castVote(castVote(s, A, CAUSE1), A, CAUSE2);
    s = castVote(s, B, CAUSE2);
    const pruned = dropVotesOutside(s, new Set([CAUSE1]));
    expect(pruned.votes).toEqual({ [A]: { [CAUSE1]: 1 } });
    expect(dropVotesOutside(pruned, new Set([CAUSE1]))).toBe(pruned);
  });
});

describe('tally', () => {
  function voted(anonymous: boolean) {
    let s = inVote(withPeople({ voting: { anonymous } }));
    s = castVote(s, A, CAUSE2);
    s = castVote(s, A, CAUSE1);
    s = castVote(s, B, CAUSE1);
    s = castVote(s, C, CAUSE3);
    return s;
  }

  it('ranks most first, ties in the diagram order', () => {
    const s = voted(true);
    expect(tally(s, [CAUSE3, CAUSE2, CAUSE1]).rows.map((r) => r.causeId)).toEqual([CAUSE1, CAUSE3, CAUSE2]);
    expect(tally(s, [CAUSE2, CAUSE3]).rows.map((r) => r.causeId)).toEqual([CAUSE1, CAUSE2, CAUSE3]);
    expect(tally(s).total).toBe(4);
    expect(tallyVotes(s)).toEqual({ [CAUSE1]: 2, [CAUSE2]: 1, [CAUSE3]: 1 });
  });

  it('anonymous: carries no participant id or name anywhere', () => {
    const s = voted(true);
    const text = JSON.stringify(tally(s));
    for (const secret of [A, B, C, 'Ana', 'Bo']) expect(text).not.toContain(secret);
    const summary = JSON.stringify(summarize(s, T0 + 30 * MIN, () => 'a cause').votes);
    for (const secret of [A, B, C, 'Ana', 'Bo']) expect(summary).not.toContain(secret);
  });

  it('named: says who put how many votes where', () => {
    const s = voted(false);
    const row = tally(s).rows.find((r) => r.causeId === CAUSE1)!;
    expect(row.voters).toEqual([
      { participantId: A, name: 'Ana', votes: 1 },
      { participantId: B, name: 'Bo', votes: 1 },
    ]);
  });
});

describe('views', () => {
  it("a participant sees their own votes only, and the tally after the reveal", () => {
    let s = inVote(withPeople({ voting: { anonymous: false } }));
    s = castVote(castVote(s, A, CAUSE1), B, CAUSE2);
    const bo = participantView(s, B, T0 + 10 * MIN);
    expect(bo.me!.votes).toEqual({ [CAUSE2]: 1 });
    expect(bo.me!.remainingVotes).toBe(4);
    expect(bo.tally).toBeNull();
    expect(JSON.stringify(bo)).not.toContain(CAUSE1);
    const after = participantView(reveal(s), B, T0 + 10 * MIN);
    expect(after.tally!.rows).toHaveLength(2);
    expect(after.names).toEqual(['Ana', 'Bo']);
  });

  it('anonymous: a participant sees no names, and the revealed tally no ids', () => {
    let s = inVote(withPeople());
    s = reveal(castVote(castVote(s, A, CAUSE1), B, CAUSE2));
    const view = participantView(s, B, T0);
    expect(view.names).toEqual([]);
    const others = JSON.stringify({ ...view, me: null });
    for (const secret of [A, C, 'Ana']) expect(others).not.toContain(secret);
  });

  it('the facilitator sees used votes per person and room dots, never phone votes or totals before the reveal', () => {
    let s = inVote(withPeople());
    s = castVote(castVote(s, A, CAUSE1), B, CAUSE2);
    const view = facilitatorView(s, T0 + 11 * MIN);
    expect(view.participants.map((p) => [p.name, p.usedVotes, p.remainingVotes])).toEqual([
      ['Ana', 1, 4],
      ['Bo', 1, 4],
      [null, 0, 5],
    ]);
    expect(view.roomVotes).toEqual({ [A]: { [CAUSE1]: 1 } });
    expect(view.tally).toBeNull();
    expect(JSON.stringify(view)).not.toContain(CAUSE2);
    expect(view.remainingMs).toBe(MIN);
    expect(facilitatorView(reveal(s), T0).tally!.total).toBe(2);
  });
});

describe('proposals', () => {
  it('are pending until the facilitator accepts or rejects them, once', () => {
    let s = withPeople();
    s = propose(s, { id: id(301), participantId: B, text: '  No handover checklist ', categoryId: id(401) }, T0 + MIN);
    s = propose(s, { id: id(302), participantId: B, text: 'Queue too long', categoryId: null }, T0 + MIN);
    expect(s.proposals[0]).toMatchObject({ text: 'No handover checklist', status: 'pending', causeId: null });
    s = acceptProposal(s, id(301), CAUSE1, id(402));
    expect(s.proposals[0]).toMatchObject({ status: 'accepted', causeId: CAUSE1, categoryId: id(402) });
    expect(refusal(() => rejectProposal(s, id(301)))).toBe('retro_proposal_decided');
    s = rejectProposal(s, id(302));
    expect(s.proposals[1]!.status).toBe('rejected');
    expect(refusal(() => rejectProposal(s, id(999)))).toBe('not_found');
  });

  it('refuse empty or oversized text, strangers and floods', () => {
    const s = withPeople();
    expect(() => propose(s, { id: id(301), participantId: B, text: ' ', categoryId: null }, T0)).toThrow();
    expect(() => propose(s, { id: id(301), participantId: B, text: 'x'.repeat(501), categoryId: null }, T0)).toThrow();
    expect(refusal(() => propose(s, { id: id(301), participantId: id(999), text: 'hi', categoryId: null }, T0))).toBe('not_found');
    let flooded = s;
    for (let i = 0; i < 100; i++) flooded = propose(flooded, { id: id(5000 + i), participantId: B, text: `idea ${i}`, categoryId: null }, T0);
    expect(refusal(() => propose(flooded, { id: id(6000), participantId: B, text: 'one more', categoryId: null }, T0))).toBe('retro_too_many_proposals');
    // Someone else can still propose.
    expect(propose(flooded, { id: id(6001), participantId: A, text: 'mine', categoryId: null }, T0).proposals).toHaveLength(101);
  });
});

describe('summary', () => {
  it('lists who took part, planned and actual phase times, and votes per cause with their words', () => {
    let s = withPeople({ voting: { anonymous: false } });
    s = setPhase(s, 'group', T0 + 6 * MIN);
    s = setPhase(s, 'vote', T0 + 10 * MIN);
    s = castVote(castVote(s, A, CAUSE1), B, CAUSE1);
    s = castVote(s, A, CAUSE2);
    s = setPhase(s, 'discuss', T0 + 13 * MIN);
    s = setPhase(s, 'group', T0 + 20 * MIN);
    s = propose(s, { id: id(301), participantId: B, text: 'idea', categoryId: null }, T0);
    const summary = summarize(s, T0 + 25 * MIN, (cid) => (cid === CAUSE1 ? 'Roster gap' : null), [CAUSE1, CAUSE2]);
    expect(RetroSummary.parse(summary)).toEqual(summary);
    expect(summary.participants).toEqual([
      { name: 'Ana', joinedVia: 'room' },
      { name: 'Bo', joinedVia: 'phone' },
      { name: null, joinedVia: 'room' },
    ]);
    expect(summary.phases).toEqual([
      { phase: 'brainstorm', plannedMinutes: 5, actualMs: 6 * MIN, visited: true },
      { phase: 'group', plannedMinutes: 5, actualMs: 4 * MIN + 5 * MIN, visited: true },
      { phase: 'vote', plannedMinutes: 2, actualMs: 3 * MIN, visited: true },
      { phase: 'discuss', plannedMinutes: 20, actualMs: 7 * MIN, visited: true },
      { phase: 'actions', plannedMinutes: 10, actualMs: 0, visited: false },
    ]);
    // CAUSE2 was deleted from the diagram: its votes are left out.
    expect(summary.votes).toEqual([
      { causeId: CAUSE1, text: 'Roster gap', votes: 2, voters: [{ name: 'Ana', votes: 1 }, { name: 'Bo', votes: 1 }] },
    ]);
    expect(summary.revealed).toBe(true);
    expect(summary.proposals).toEqual({ accepted: 0, rejected: 0, pending: 1 });
    expect(summary.startedAt).toBe('2026-12-07T09:00:00.000Z');
    expect(summary.closedAt).toBe('2026-12-07T09:25:00.000Z');
  });

  it('the stored summary schema refuses unknown fields and voters when they are malformed', () => {
    const s = summarize(withPeople(), T0, () => null);
    expect(RetroSummary.safeParse({ ...s, extra: 1 }).success).toBe(false);
    expect(RetroSummary.safeParse({ ...s, version: 2 }).success).toBe(false);
    expect(s.voting).toEqual(DEFAULT_VOTING);
  });
});
