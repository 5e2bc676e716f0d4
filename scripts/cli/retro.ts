import type { StoredRetroSession } from '../../shared/domain/retro';
import type { Language } from '../../shared/i18n/languages';
import { call, CliError, fromError, openLibrary, parseArgs, required, usageError, type CliIo } from '../cli';

/** `retro list` and `retro show`: the team sessions kept with a case (shared/domain/retro.ts), as
 *  the app stored them when each closed. Read only. */

export const RETRO_HELP = `Usage: npm run cli -- retro list --db FILE --case ID [--json]
       npm run cli -- retro show --db FILE --session ID [--json]

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --session ID       a team session (see: retro list)
  --json             as JSON (the stored session with its summary)

retro list prints one line per session, oldest first: its id, when it started and closed, who took
part and how many votes were cast. retro show prints a session's summary: the participants, each
phase's planned and actual time, and the votes per cause (with who voted, unless the votes were
anonymous). A session that never closed (the app stopped during it) has no summary.`;

const minutes = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function listLine(s: StoredRetroSession): string {
  if (!s.summary) return `${s.id}  ${s.startedAt}  not closed`;
  const votes = s.summary.votes.reduce((a, v) => a + v.votes, 0);
  const people = s.summary.participants.length;
  return `${s.id}  ${s.startedAt}  ${s.closedAt}  ${people} participant${people === 1 ? '' : 's'}  ${votes} vote${votes === 1 ? '' : 's'}${s.summary.voting.anonymous ? ' (anonymous)' : ''}`;
}

function showLines(s: StoredRetroSession, io: CliIo): void {
  io.out(`Team session ${s.id}`);
  io.out(`Started ${s.startedAt}${s.closedAt ? `, closed ${s.closedAt}` : ', never closed'}`);
  const summary = s.summary;
  if (!summary) return;
  const names = summary.participants.map((p, i) => `${p.name ?? `Participant ${i + 1}`} (${p.joinedVia})`);
  io.out(`Participants (${names.length}): ${names.join(', ') || '-'}`);
  io.out('Phases (planned / actual):');
  for (const p of summary.phases) io.out(`  ${p.phase.padEnd(10)}  ${String(p.plannedMinutes).padStart(3)} min  ${p.visited ? minutes(p.actualMs) : '-'}`);
  const v = summary.voting;
  io.out(`Votes (${v.votesPerParticipant} each, at most ${v.maxPerItem} per cause, ${v.anonymous ? 'anonymous' : 'named'}${summary.revealed ? '' : ', never revealed'}):`);
  if (!summary.votes.length) io.out('  none');
  for (const row of summary.votes) {
    const who = row.voters?.length ? `  (${row.voters.map((x) => `${x.name ?? '?'} ${x.votes}`).join(', ')})` : '';
    io.out(`  ${String(row.votes).padStart(3)}  ${row.text.replace(/\s+/g, ' ').trim()}${who}`);
  }
  const pr = summary.proposals;
  io.out(`Proposals: ${pr.accepted} accepted, ${pr.rejected} rejected, ${pr.pending} left pending`);
}

export async function retroCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return io.out(RETRO_HELP);
  if (sub !== 'list' && sub !== 'show') throw usageError(sub === undefined ? 'retro needs a subcommand: list or show.' : `Unknown subcommand "retro ${sub}". Valid: retro list, retro show.`, 'retro');
  const command = `retro ${sub}`;
  const p = parseArgs(rest, command, ['db', sub === 'list' ? 'case' : 'session'], ['json']);
  if (p.flags.has('help')) return io.out(RETRO_HELP);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'retro');
  const db = required(p, 'db', command);
  const id = required(p, sub === 'list' ? 'case' : 'session', command);
  const session = openLibrary(db, language);
  try {
    if (sub === 'list') {
      const { history } = await call<{ history: StoredRetroSession[] }>(session, 'retro:get', { caseId: id });
      if (p.flags.has('json')) return io.out(JSON.stringify(history, null, 2));
      for (const s of history) io.out(listLine(s));
      io.err(`${history.length} team session${history.length === 1 ? '' : 's'}.`);
      return;
    }
    let stored: StoredRetroSession;
    try {
      stored = session.library.retros.get(id);
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'not_found') throw new CliError(`No team session ${id} in ${session.library.dbPath}. List a case's sessions with: retro list --db FILE --case ID`);
      throw e;
    }
    if (p.flags.has('json')) return io.out(JSON.stringify(stored, null, 2));
    showLines(stored, io);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}
