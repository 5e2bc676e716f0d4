import { randomUUID } from 'node:crypto';
import { CausewayError } from '../../shared/contract/errors';
import type { PhoneProposal, PhoneState } from '../../shared/domain/retro-phones';
import type { PhoneSession } from '../../electron/backend/retro/lan-host';

/** A small in-memory session with the voting rules (votes per person, per cause), for testing the
 *  phones' transport on its own; what it was sent is kept to assert on. */
export class TestSession implements PhoneSession {
  phase = 'brainstorm';
  anonymous = true;
  revealed = false;
  votesPerPerson = 3;
  maxPerCause = 2;
  readonly people = new Map<string, { name: string; votes: Map<string, number> }>();
  readonly proposals: Array<{ id: string; by: string } & PhoneProposal> = [];
  readonly categories = [{ id: randomUUID(), label: 'Method' }];
  readonly causes = [
    { id: randomUUID(), text: 'Unclear hand-over', category: 'Method' },
    { id: randomUUID(), text: 'No alert', category: 'Method' },
  ];

  join(name: string): string {
    const id = randomUUID();
    this.people.set(id, { name, votes: new Map() });
    return id;
  }
  has(id: string): boolean {
    return this.people.has(id);
  }
  remove(id: string): void {
    this.people.delete(id);
  }
  private person(id: string) {
    const p = this.people.get(id);
    if (!p) throw new CausewayError('unauthorized', 'Not in the session.');
    return p;
  }
  view(id: string): PhoneState {
    const p = this.person(id);
    const used = [...p.votes.values()].reduce((a, b) => a + b, 0);
    const tallies: Record<string, number> = {};
    for (const q of this.people.values()) for (const [c, n] of q.votes) tallies[c] = (tallies[c] ?? 0) + n;
    return {
      phase: this.phase,
      remainingMs: 60_000,
      paused: false,
      categories: this.categories,
      causes: this.causes.map((c) => ({ ...c, mine: p.votes.get(c.id) ?? 0 })),
      votesLeft: this.votesPerPerson - used,
      votesPerPerson: this.votesPerPerson,
      maxPerCause: this.maxPerCause,
      revealed: this.revealed ? tallies : null,
      proposals: this.proposals.filter((x) => x.by === id).map((x) => ({ id: x.id, text: x.text, status: 'pending' as const })),
    };
  }
  propose(id: string, proposal: PhoneProposal): void {
    this.person(id);
    if (this.phase !== 'brainstorm') throw new CausewayError('conflict', 'Not brainstorming.', { reason: 'wrong_phase' });
    this.proposals.push({ id: randomUUID(), by: id, ...proposal });
  }
  vote(id: string, causeId: string): void {
    const p = this.person(id);
    if (this.phase !== 'vote') throw new CausewayError('conflict', 'Not voting.', { reason: 'wrong_phase' });
    if (!this.causes.some((c) => c.id === causeId)) throw new CausewayError('not_found', 'No such cause.', { reason: 'not_found' });
    const used = [...p.votes.values()].reduce((a, b) => a + b, 0);
    if (used >= this.votesPerPerson) throw new CausewayError('conflict', 'No votes left.', { reason: 'no_votes_left' });
    if ((p.votes.get(causeId) ?? 0) >= this.maxPerCause) throw new CausewayError('conflict', 'Max per cause.', { reason: 'max_per_cause' });
    p.votes.set(causeId, (p.votes.get(causeId) ?? 0) + 1);
  }
  unvote(id: string, causeId: string): void {
    const p = this.person(id);
    const n = p.votes.get(causeId) ?? 0;
    if (n > 0) p.votes.set(causeId, n - 1);
  }
}
