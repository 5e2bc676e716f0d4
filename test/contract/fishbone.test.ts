import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { LIMITS } from '../../shared/domain/vocabulary';
import { useBackend, type Backend } from '../support/backend';
import { expectMalformedRefused, malformedGetPayloads, seedFishbone, type ExpectedIssues } from '../support/documents';

const { start } = useBackend();

/** A case with one category holding one cause, so commands have real ids to name. */
function seeded(b: Backend) {
  const categoryId = randomUUID();
  const causeId = randomUUID();
  return { caseId: seedFishbone(b, { categoryId, causeId }), categoryId, causeId };
}

const newCause = (fields: Record<string, unknown> = {}) => ({ id: randomUUID(), ...defaultCauseFields('New'), children: [], ...fields });

describe('fishbone:apply refuses a malformed command as validation, and writes nothing', () => {
  type Ids = ReturnType<typeof seeded>;
  const payloads: Array<[string, (ids: Ids) => unknown, ExpectedIssues]> = [
    ['an unknown command type', ({ caseId }) => ({ caseId, command: { type: 'explode' } }), [{ path: ['command', 'type'] }]],
    ['a command without a type', ({ caseId }) => ({ caseId, command: { effect: 'x' } }), [{ path: ['command', 'type'] }]],
    ['no command', ({ caseId }) => ({ caseId }), [{ path: ['command'], reason: 'invalid_type' }]],
    ['no caseId', () => ({ command: { type: 'resetVotes' } }), [{ path: ['caseId'], reason: 'invalid_type' }]],
    ['a missing field (updateCause without patch)', ({ caseId, causeId }) => ({ caseId, command: { type: 'updateCause', id: causeId } }), [{ path: ['command', 'patch'], reason: 'invalid_type' }]],
    ['a missing field (addCause without index)', ({ caseId, categoryId }) => ({ caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, cause: newCause() } }), [{ path: ['command', 'index'], reason: 'invalid_type' }]],
    ['a cause without children', ({ caseId, categoryId }) => {
      const { children: _, ...cause } = newCause();
      return { caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause } };
    }, [{ path: ['command', 'cause', 'children'], reason: 'invalid_type' }]],
    ['an extra key on the payload', ({ caseId }) => ({ caseId, command: { type: 'resetVotes' }, by: 'me' }), [{ path: ['by'], reason: 'unknown_field' }]],
    ['an extra key on the command', ({ caseId }) => ({ caseId, command: { type: 'setEffect', effect: 'x', by: 'me' } }), [{ path: ['command', 'by'], reason: 'unknown_field' }]],
    ['an extra key in a patch', ({ caseId, causeId }) => ({ caseId, command: { type: 'updateCause', id: causeId, patch: { text: 'x', colour: 'red' } } }), [{ path: ['command', 'patch', 'colour'], reason: 'unknown_field' }]],
    ['an extra key in a parent', ({ caseId, categoryId, causeId }) => ({ caseId, command: { type: 'moveCause', id: causeId, parent: { categoryId, causeId: null, x: 1 }, index: 0 } }), [{ path: ['command', 'parent', 'x'], reason: 'unknown_field' }]],
    ['an empty cause text', ({ caseId, causeId }) => ({ caseId, command: { type: 'updateCause', id: causeId, patch: { text: '' } } }), [{ path: ['command', 'patch', 'text'], reason: 'required' }]],
    ['a blank cause text', ({ caseId, categoryId }) => ({ caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: newCause({ text: ' \n\t ' }) } }), [{ path: ['command', 'cause', 'text'], reason: 'required' }]],
    ['a cause text of 10,001 characters', ({ caseId, causeId }) => ({ caseId, command: { type: 'updateCause', id: causeId, patch: { text: 'x'.repeat(LIMITS.causeText + 1) } } }), [{ path: ['command', 'patch', 'text'], reason: 'too_long' }]],
    ['a child cause text of 10,001 characters', ({ caseId, categoryId }) => ({ caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: newCause({ children: [newCause({ text: '因'.repeat(LIMITS.causeText + 1) })] }) } }), [{ path: ['command', 'cause', 'children', 0, 'text'], reason: 'too_long' }]],
    ['an empty category label', ({ caseId, categoryId }) => ({ caseId, command: { type: 'renameCategory', id: categoryId, label: '  ' } }), [{ path: ['command', 'label'], reason: 'required' }]],
    ['a non-uuid caseId', () => ({ caseId: 'case-1', command: { type: 'resetVotes' } }), [{ path: ['caseId'], reason: 'invalid_format' }]],
    ['a non-uuid cause id', ({ caseId }) => ({ caseId, command: { type: 'removeCause', id: '42' } }), [{ path: ['command', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid new cause id', ({ caseId, categoryId }) => ({ caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: newCause({ id: 'mine' }) } }), [{ path: ['command', 'cause', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid parent', ({ caseId, causeId }) => ({ caseId, command: { type: 'moveCause', id: causeId, parent: { categoryId: 'people', causeId: null }, index: 0 } }), [{ path: ['command', 'parent', 'categoryId'], reason: 'invalid_format' }]],
    ['a non-uuid key in setVotes', ({ caseId }) => ({ caseId, command: { type: 'setVotes', votes: { nope: 1 } } }), [{ path: ['command', 'votes', 'nope'] }]],
    ['a negative index', ({ caseId, categoryId }) => ({ caseId, command: { type: 'moveCategory', id: categoryId, index: -1 } }), [{ path: ['command', 'index'] }]],
    ['a vote of 2', ({ caseId, causeId }) => ({ caseId, command: { type: 'vote', id: causeId, delta: 2 } }), [{ path: ['command', 'delta'] }]],
    ['an unknown status', ({ caseId, causeId }) => ({ caseId, command: { type: 'updateCause', id: causeId, patch: { status: 'maybe' } } }), [{ path: ['command', 'patch', 'status'], reason: 'invalid_choice' }]],
    ['an unknown orientation', ({ caseId }) => ({ caseId, command: { type: 'setOrientation', orientation: 'up' } }), [{ path: ['command', 'orientation'], reason: 'invalid_choice' }]],
    ['a string as command', ({ caseId }) => ({ caseId, command: 'setEffect' }), [{ path: ['command'], reason: 'invalid_type' }]],
  ];

  it.each(payloads)('%s', (_name, make, expected) => {
    const b = start();
    expectMalformedRefused(b, 'fishbone:apply', make(seeded(b)), expected);
  });
});

describe('fishbone:get', () => {
  it.each(malformedGetPayloads())('refuses %s as validation', (_name, payload, issue) => {
    const b = start();
    expect(b.fail('fishbone:get', payload)).toMatchObject({ code: 'validation', issues: [issue] });
  });

  it('answers in the output contract after every kind of write', () => {
    const b = start();
    const { caseId, categoryId, causeId } = seeded(b);
    b.ok('fishbone:apply', {
      caseId,
      command: { type: 'updateCause', id: causeId, patch: { touchpoint: 'delivery', servqual: 'assurance', isRootCause: true, collapsed: true, votes: 3 } },
    });
    b.ok('fishbone:apply', { caseId, command: { type: 'addCause', parent: { categoryId, causeId }, index: 0, cause: newCause() } });
    // The test backend checks every output against its schema: a row mapped wrongly fails here.
    expect(b.ok('fishbone:get', { caseId })).toMatchObject({ revision: 3, fishbone: { categories: [{ causes: [{ id: causeId, children: [{}] }] }] } });
  });
});
