import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Input, Output } from '../../shared/contract/contract';
import type { MethodName } from '../../shared/contract/methods';
import { defaultCauseFields, walkCauses, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { applyCommand, type FishboneCommand } from '../../shared/domain/fishbone-commands';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { RetroSessionManager } from '../../electron/backend/retro/session-manager';
import { useBackend, withConnection } from '../support/backend';

const { start, tempDir } = useBackend();
const MIN = 60_000;

const cause = (text: string, children: Cause[] = []): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children });

/** A library with one case whose fishbone has two categories and four causes, served by handlers
 *  sharing a session manager the test also holds (as the participants' LAN layer does). */
function setup(path?: string) {
  const b = start(path ? { path } : {});
  let clock = Date.UTC(2026, 11, 7, 9, 0, 0);
  const manager = new RetroSessionManager({ now: () => clock, fishbone: (caseId) => b.library.fishbones.get(caseId).fishbone });
  const dispatch = createDispatch(createHandlers({ library: b.library, version: 'test', shell: 'browser', retro: manager }), { log: () => undefined });
  const call = <M extends MethodName>(method: M, input: Input<M>) => dispatch(method, input) as ReturnType<typeof dispatch> & { ok: boolean };
  const ok = <M extends MethodName>(method: M, input: Input<M>): Output<M> => {
    const r = dispatch(method, input) as { ok: true; value: Output<M> } | { ok: false; error: unknown };
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const fail = (method: string, input: unknown) => {
    const r = dispatch(method as MethodName, input as never) as { ok: boolean; error?: { code: string; reason?: string; issues?: unknown[] } };
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error!;
  };
  const caseId = b.ok('cases:create', { language: 'en', title: 'Missed callbacks' }).case.id;
  const roster = cause('Roster gap', [cause('Sick leave')]);
  const handover = cause('No handover');
  const script = cause('Script unclear');
  const fishbone: Fishbone = {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      { id: randomUUID(), label: 'People', templateKey: null, causes: [roster, handover] },
      { id: randomUUID(), label: 'Method', templateKey: null, causes: [script] },
    ],
  };
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
  return { b, manager, call, ok, fail, caseId, roster, handover, script, fishbone, tick: (ms: number) => (clock += ms) };
}

const fishboneOf = (b: ReturnType<typeof setup>['b'], caseId: string) => b.library.fishbones.get(caseId).fishbone;
const votesOf = (f: Fishbone) => {
  const out: Record<string, number> = {};
  walkCauses(f, (c) => {
    out[c.text] = c.votes;
  });
  return out;
};

describe('retro:* over a real library', () => {
  it('runs a whole session: phases, per-person limits, reveal, apply votes as one undoable command, close and keep the summary', () => {
    const { b, ok, fail, caseId, roster, handover, script, tick } = setup();
    const started = ok('retro:start', { caseId, durations: { vote: 3 }, voting: { votesPerParticipant: 3, maxPerItem: 2, anonymous: false } });
    expect(started.phase).toBe('brainstorm');
    expect(ok('retro:start', { caseId }).sessionId).toBe(started.sessionId);
    let view = ok('retro:addParticipant', { caseId, name: 'Ana' });
    view = ok('retro:addParticipant', { caseId, name: 'Bo' });
    view = ok('retro:addParticipant', { caseId, name: null });
    const [ana, bo, anon] = view.participants.map((p) => p.id) as [string, string, string];
    expect(fail('retro:addParticipant', { caseId, name: 'ana' }).reason).toBe('retro_name_taken');

    expect(fail('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 }).reason).toBe('retro_not_vote_phase');
    tick(5 * MIN);
    ok('retro:update', { caseId, update: { type: 'nextPhase' } });
    tick(4 * MIN);
    view = ok('retro:update', { caseId, update: { type: 'nextPhase' } });
    expect(view.phase).toBe('vote');
    expect(view.remainingMs).toBe(3 * MIN);

    ok('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 });
    ok('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 });
    expect(fail('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 }).reason).toBe('retro_item_limit');
    ok('retro:vote', { caseId, participantId: ana, causeId: handover.id, delta: 1 });
    expect(fail('retro:vote', { caseId, participantId: ana, causeId: script.id, delta: 1 }).reason).toBe('retro_no_votes_left');
    ok('retro:vote', { caseId, participantId: bo, causeId: script.id, delta: 1 });
    ok('retro:vote', { caseId, participantId: anon, causeId: roster.id, delta: 1 });
    view = ok('retro:vote', { caseId, participantId: anon, causeId: roster.children[0]!.id, delta: 1 });
    view = ok('retro:vote', { caseId, participantId: anon, causeId: roster.children[0]!.id, delta: -1 });
    expect(view.tally).toBeNull();
    expect(view.participants.map((p) => p.remainingVotes)).toEqual([0, 2, 2]);
    // A cause of another case, a made-up id, a vote of 2: refused, nothing changes.
    expect(fail('retro:vote', { caseId, participantId: bo, causeId: randomUUID(), delta: 1 }).code).toBe('validation');
    expect(fail('retro:vote', { caseId, participantId: bo, causeId: script.id, delta: 2 }).code).toBe('validation');
    expect(fail('retro:applyVotes', { caseId }).reason).toBe('retro_not_revealed');

    view = ok('retro:reveal', { caseId });
    expect(view.tally!.rows.map((r) => r.votes)).toEqual([3, 1, 1]);
    expect(fail('retro:vote', { caseId, participantId: bo, causeId: script.id, delta: 1 }).reason).toBe('retro_revealed');

    // The tallies become the causes' votes as ONE fishbone command; its inverse takes them all back.
    const before = fishboneOf(b, caseId);
    const { command } = ok('retro:applyVotes', { caseId });
    expect(command.type).toBe('setVotes');
    const applied = applyCommand(before, command as FishboneCommand);
    b.ok('fishbone:apply', { caseId, command });
    expect(votesOf(fishboneOf(b, caseId))).toEqual({ 'Roster gap': 3, 'Sick leave': 0, 'No handover': 1, 'Script unclear': 1 });
    b.ok('fishbone:apply', { caseId, command: applied.inverse });
    expect(fishboneOf(b, caseId)).toEqual(before);

    tick(2 * MIN);
    ok('retro:update', { caseId, update: { type: 'phase', phase: 'discuss' } });
    tick(10 * MIN);
    const stored = ok('retro:close', { caseId });
    expect(stored.closedAt).toBe('2026-12-07T09:21:00.000Z');
    expect(stored.summary!.participants.map((p) => p.name)).toEqual(['Ana', 'Bo', null]);
    expect(stored.summary!.phases.map((p) => [p.phase, p.plannedMinutes, p.actualMs / MIN])).toEqual([
      ['brainstorm', 5, 5],
      ['group', 5, 4],
      ['vote', 3, 2],
      ['discuss', 20, 10],
      ['actions', 10, 0],
    ]);
    expect(stored.summary!.votes[0]).toEqual({ causeId: roster.id, text: 'Roster gap', votes: 3, voters: [{ name: 'Ana', votes: 2 }, { name: null, votes: 1 }] });

    const got = ok('retro:get', { caseId });
    expect(got.session).toBeNull();
    expect(got.history).toEqual([stored]);
    expect(fail('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 }).code).toBe('not_found');
    // A new session can start after the last one closed.
    expect(ok('retro:start', { caseId }).sessionId).not.toBe(started.sessionId);
  });

  it('an anonymous session stores and answers counts only', () => {
    const { ok, caseId, roster } = setup();
    ok('retro:start', { caseId });
    const ana = ok('retro:addParticipant', { caseId, name: 'Ana Secret' }).participants[0]!.id;
    ok('retro:update', { caseId, update: { type: 'phase', phase: 'vote' } });
    ok('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 });
    const revealed = ok('retro:reveal', { caseId });
    expect(JSON.stringify(revealed.tally)).not.toContain(ana);
    const stored = ok('retro:close', { caseId });
    expect(JSON.stringify(stored.summary!.votes)).not.toContain('Ana');
    expect(stored.summary!.votes).toEqual([{ causeId: roster.id, text: 'Roster gap', votes: 1 }]);
  });

  it('accepting a proposal answers the addCause command for the chosen category; rejecting changes nothing', () => {
    const { b, ok, fail, manager, caseId, fishbone } = setup();
    const { sessionId } = ok('retro:start', { caseId });
    const phone = manager.participantApi(sessionId)!;
    const bo = phone.join('Bo');
    const p1 = phone.propose(bo.id, 'Callback queue not monitored', fishbone.categories[0]!.id);
    const p2 = phone.propose(bo.id, 'Weather');
    const method = fishbone.categories[1]!;
    const { session, command } = ok('retro:acceptProposal', { caseId, proposalId: p1.id, categoryId: method.id });
    expect(command).toMatchObject({ type: 'addCause', parent: { categoryId: method.id, causeId: null }, index: 1, cause: { text: 'Callback queue not monitored', votes: 0 } });
    expect(session.proposals.find((p) => p.id === p1.id)).toMatchObject({ status: 'accepted', categoryId: method.id, participantName: 'Bo' });
    b.ok('fishbone:apply', { caseId, command });
    expect(fishboneOf(b, caseId).categories[1]!.causes.map((c) => c.text)).toEqual(['Script unclear', 'Callback queue not monitored']);
    expect(fail('retro:acceptProposal', { caseId, proposalId: p1.id, categoryId: method.id }).reason).toBe('retro_proposal_decided');
    expect(fail('retro:acceptProposal', { caseId, proposalId: p2.id, categoryId: randomUUID() }).code).toBe('validation');
    expect(ok('retro:rejectProposal', { caseId, proposalId: p2.id }).proposals.find((p) => p.id === p2.id)!.status).toBe('rejected');
    expect(ok('retro:close', { caseId }).summary!.proposals).toEqual({ accepted: 1, rejected: 1, pending: 0 });
  });

  it('refuses bad input with validation and unknown cases with not_found, holding nothing', () => {
    const { ok, fail, caseId } = setup();
    expect(fail('retro:start', { caseId: randomUUID() }).code).toBe('not_found');
    expect(fail('retro:start', { caseId, voting: { votesPerParticipant: 2, maxPerItem: 3 } }).reason).toBe('retro_per_item_above_total');
    expect(fail('retro:start', { caseId, durations: { vote: 0 } }).code).toBe('validation');
    expect(fail('retro:start', { caseId, extra: 1 }).code).toBe('validation');
    expect(ok('retro:get', { caseId })).toEqual({ session: null, history: [] });
    ok('retro:start', { caseId });
    expect(fail('retro:addParticipant', { caseId, name: 'x'.repeat(61) }).code).toBe('validation');
    expect(fail('retro:addParticipant', { caseId, name: '   ' }).code).toBe('validation');
    expect(fail('retro:update', { caseId, update: { type: 'extend', minutes: 0 } }).code).toBe('validation');
    expect(fail('retro:update', { caseId, update: { type: 'phase', phase: 'party' } }).code).toBe('validation');
    expect(fail('retro:removeParticipant', { caseId, participantId: randomUUID() }).code).toBe('not_found');
    expect(ok('retro:get', { caseId }).session!.participants).toEqual([]);
  });

  it('a damaged stored summary is refused as damaged, not shown', () => {
    const { b, ok, caseId } = setup();
    ok('retro:start', { caseId });
    const stored = ok('retro:close', { caseId });
    withConnection(b.path, (db) => db.prepare('UPDATE retro_sessions SET summary = ? WHERE id = ?').run(JSON.stringify({ ...stored.summary, votes: 'many' }), stored.id));
    const r = b.call('retro:get', { caseId });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('damaged');
  });

  it('sessions go with their case when it is deleted, and travel in case files', async () => {
    const { b, ok, caseId, roster } = setup();
    ok('retro:start', { caseId, voting: { anonymous: false } });
    const ana = ok('retro:addParticipant', { caseId, name: 'Ana' }).participants[0]!.id;
    ok('retro:update', { caseId, update: { type: 'phase', phase: 'vote' } });
    ok('retro:vote', { caseId, participantId: ana, causeId: roster.id, delta: 1 });
    const stored = ok('retro:close', { caseId });

    const exported = await b.okAsync('casefile:export', { caseIds: [caseId] });
    const other = new Library(join(tempDir(), 'other.sqlite'));
    try {
      const target = createDispatch(createHandlers({ library: other, version: 'test', shell: 'browser' }));
      const imported = (await target('casefile:import', { source: { path: exported.path } })) as { ok: true; value: Output<'casefile:import'> };
      const newCase = imported.value.imported[0]!;
      const copy = other.retros.list(newCase);
      expect(copy).toHaveLength(1);
      // A copy has new ids everywhere, and the voted cause's id is the copy's cause.
      expect(copy[0]!.id).not.toBe(stored.id);
      const copiedRoster = other.fishbones.get(newCase).fishbone.categories[0]!.causes[0]!;
      expect(copy[0]!.summary!.votes).toEqual([{ causeId: copiedRoster.id, text: 'Roster gap', votes: 1, voters: [{ name: 'Ana', votes: 1 }] }]);
      expect(copy[0]!.summary!.sessionId).toBe(copy[0]!.id);
    } finally {
      other.close();
    }

    b.ok('cases:trash', { id: caseId });
    b.ok('cases:emptyTrash', {});
    expect(withConnection(b.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM retro_sessions').get())).toEqual({ n: 0 });
  });
});
