import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { useBackend } from '../support/backend';
import { cli } from '../support/cli';

const { start, tempDir } = useBackend();
const LONG = { timeout: 90_000 };

/** A library file with one case and two team sessions: a named one that closed with votes, and an
 *  anonymous one. */
function library() {
  const path = join(tempDir(), 'library.sqlite');
  const b = start({ path });
  const caseId = b.ok('cases:create', { language: 'en', title: 'Missed callbacks' }).case.id;
  const causeId = randomUUID();
  b.ok('fishbone:apply', {
    caseId,
    command: { type: 'addCategory', index: 0, category: { id: randomUUID(), label: 'People', templateKey: null, causes: [{ id: causeId, ...defaultCauseFields('Roster gap'), children: [] }] } },
  });
  const session = (anonymous: boolean, name: string) => {
    b.ok('retro:start', { caseId, voting: { anonymous } });
    const pid = b.ok('retro:addParticipant', { caseId, name }).participants[0]!.id;
    b.ok('retro:update', { caseId, update: { type: 'phase', phase: 'vote' } });
    b.ok('retro:vote', { caseId, participantId: pid, causeId, delta: 1 });
    b.ok('retro:vote', { caseId, participantId: pid, causeId, delta: 1 });
    return b.ok('retro:close', { caseId });
  };
  const named = session(false, 'Ana Lee');
  const anonymous = session(true, 'Bo Chen');
  b.library.close();
  return { path, caseId, named, anonymous };
}

describe('causeway retro', () => {
  it('lists a case’s sessions and shows one, named or anonymous, in text and JSON', LONG, async () => {
    const { path, caseId, named, anonymous } = library();
    const [list, json, show, showAnon, showJson] = await Promise.all([
      cli(['retro', 'list', '--db', path, '--case', caseId]),
      cli(['retro', 'list', '--db', path, '--case', caseId, '--json']),
      cli(['retro', 'show', '--db', path, '--session', named.id]),
      cli(['retro', 'show', '--db', path, '--session', anonymous.id]),
      cli(['retro', 'show', '--db', path, '--session', named.id, '--json']),
    ]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${named.id}  \\S+  \\S+  1 participant  2 votes$`));
    expect(lines[1]).toContain('(anonymous)');
    expect(list.stderr).toContain('2 team sessions.');
    expect(JSON.parse(json.stdout)).toEqual([named, anonymous]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Participants (1): Ana Lee (room)');
    expect(show.stdout).toMatch(/vote\s+2 min/);
    expect(show.stdout).toContain('  2  Roster gap  (Ana Lee 2)');
    expect(showAnon.stdout).toContain('  2  Roster gap\n');
    expect(showAnon.stdout).toContain('anonymous');
    expect(JSON.parse(showJson.stdout)).toEqual(named);
  });

  it('says what is wrong: no subcommand, a missing option, an unknown session', LONG, async () => {
    const { path } = library();
    const [none, missing, unknown, help] = await Promise.all([
      cli(['retro']),
      cli(['retro', 'show', '--db', path]),
      cli(['retro', 'show', '--db', path, '--session', randomUUID()]),
      cli(['retro', '--help']),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('retro needs a subcommand');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('retro show needs --session');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No team session');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('retro list --db FILE --case ID');
  });
});
