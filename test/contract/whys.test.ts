import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/domain/vocabulary';
import { defaultWhyFields } from '../../shared/domain/whys';
import { useBackend, type Backend } from '../support/backend';
import { expectMalformedRefused, malformedGetPayloads, seedFishbone, type ExpectedIssues } from '../support/documents';

const { start } = useBackend();

/** A case with one fishbone cause and one analysis (from that cause) holding one why, so commands
 *  have real ids to name. */
function seeded(b: Backend) {
  const causeId = randomUUID();
  const analysisId = randomUUID();
  const whyId = randomUUID();
  const caseId = seedFishbone(b, { causeId });
  b.ok('whys:apply', {
    caseId,
    command: {
      type: 'addAnalysis',
      index: 0,
      analysis: { id: analysisId, startCauseId: causeId, question: '', direction: 'LR', whys: [{ id: whyId, ...defaultWhyFields('No training budget'), children: [] }] },
    },
  });
  return { caseId, causeId, analysisId, whyId };
}

const newWhy = (fields: Record<string, unknown> = {}) => ({ id: randomUUID(), ...defaultWhyFields('New'), children: [], ...fields });
const newAnalysis = (fields: Record<string, unknown> = {}) => ({ id: randomUUID(), startCauseId: null, question: '', direction: 'LR' as const, whys: [], ...fields });

describe('whys:apply refuses a malformed command as validation, and writes nothing', () => {
  type Ids = ReturnType<typeof seeded>;
  const payloads: Array<[string, (ids: Ids) => unknown, ExpectedIssues]> = [
    ['an unknown command type', ({ caseId }) => ({ caseId, command: { type: 'explode' } }), [{ path: ['command', 'type'] }]],
    ['a fishbone command', ({ caseId }) => ({ caseId, command: { type: 'resetVotes' } }), [{ path: ['command', 'type'] }]],
    ['a command without a type', ({ caseId, whyId }) => ({ caseId, command: { id: whyId } }), [{ path: ['command', 'type'] }]],
    ['no command', ({ caseId }) => ({ caseId }), [{ path: ['command'], reason: 'invalid_type' }]],
    ['a string as command', ({ caseId }) => ({ caseId, command: 'removeWhy' }), [{ path: ['command'], reason: 'invalid_type' }]],
    ['no caseId', ({ whyId }) => ({ command: { type: 'removeWhy', id: whyId } }), [{ path: ['caseId'], reason: 'invalid_type' }]],
    ['a missing field (updateWhy without patch)', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId } }), [{ path: ['command', 'patch'], reason: 'invalid_type' }]],
    ['a missing field (addWhy without index)', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, parentId: null, why: newWhy() } }), [{ path: ['command', 'index'], reason: 'invalid_type' }]],
    ['a missing field (addWhy without parentId)', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, index: 0, why: newWhy() } }), [{ path: ['command', 'parentId'], reason: 'invalid_type' }]],
    ['a missing field (moveWhy without parentId)', ({ caseId, whyId }) => ({ caseId, command: { type: 'moveWhy', id: whyId, index: 0 } }), [{ path: ['command', 'parentId'], reason: 'invalid_type' }]],
    ['a why without children', ({ caseId, analysisId }) => {
      const { children: _, ...why } = newWhy();
      return { caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why } };
    }, [{ path: ['command', 'why', 'children'], reason: 'invalid_type' }]],
    ['a why without stopReason', ({ caseId, analysisId }) => {
      const { stopReason: _, ...why } = newWhy();
      return { caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why } };
      // A missing enum is reported as a value outside the choices.
    }, [{ path: ['command', 'why', 'stopReason'] }]],
    ['an analysis without whys', ({ caseId }) => {
      const { whys: _, ...analysis } = newAnalysis();
      return { caseId, command: { type: 'addAnalysis', index: 0, analysis } };
    }, [{ path: ['command', 'analysis', 'whys'], reason: 'invalid_type' }]],
    ['an analysis without startCauseId', ({ caseId }) => {
      const { startCauseId: _, ...analysis } = newAnalysis();
      return { caseId, command: { type: 'addAnalysis', index: 0, analysis } };
    }, [{ path: ['command', 'analysis', 'startCauseId'], reason: 'invalid_type' }]],
    ['an extra key on the payload', ({ caseId, whyId }) => ({ caseId, command: { type: 'removeWhy', id: whyId }, by: 'me' }), [{ path: ['by'], reason: 'unknown_field' }]],
    ['an extra key on the command', ({ caseId, whyId }) => ({ caseId, command: { type: 'removeWhy', id: whyId, by: 'me' } }), [{ path: ['command', 'by'], reason: 'unknown_field' }]],
    ['an extra key in a why patch', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { answer: 'x', colour: 'red' } } }), [{ path: ['command', 'patch', 'colour'], reason: 'unknown_field' }]],
    ['children in a why patch', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { children: [] } } }), [{ path: ['command', 'patch', 'children'], reason: 'unknown_field' }]],
    ['startCauseId in an analysis patch', ({ caseId, analysisId, causeId }) => ({ caseId, command: { type: 'updateAnalysis', id: analysisId, patch: { startCauseId: causeId } } }), [{ path: ['command', 'patch', 'startCauseId'], reason: 'unknown_field' }]],
    ['an empty answer', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { answer: '' } } }), [{ path: ['command', 'patch', 'answer'], reason: 'required' }]],
    ['a blank answer', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why: newWhy({ answer: ' \n\t ' }) } }), [{ path: ['command', 'why', 'answer'], reason: 'required' }]],
    ['an answer of 10,001 characters', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { answer: 'x'.repeat(LIMITS.causeText + 1) } } }), [{ path: ['command', 'patch', 'answer'], reason: 'too_long' }]],
    ['a nested answer of 10,001 characters', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why: newWhy({ children: [newWhy({ answer: '因'.repeat(LIMITS.causeText + 1) })] }) } }), [{ path: ['command', 'why', 'children', 0, 'answer'], reason: 'too_long' }]],
    ['an answer of 10,001 characters in a new analysis', ({ caseId }) => ({ caseId, command: { type: 'addAnalysis', index: 0, analysis: newAnalysis({ whys: [newWhy({ answer: 'y'.repeat(LIMITS.causeText + 1) })] }) } }), [{ path: ['command', 'analysis', 'whys', 0, 'answer'], reason: 'too_long' }]],
    ['evidence over the limit', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { evidence: 'e'.repeat(LIMITS.longText + 1) } } }), [{ path: ['command', 'patch', 'evidence'], reason: 'too_long' }]],
    ['a question over the limit', ({ caseId, analysisId }) => ({ caseId, command: { type: 'updateAnalysis', id: analysisId, patch: { question: 'q'.repeat(LIMITS.shortText + 1) } } }), [{ path: ['command', 'patch', 'question'], reason: 'too_long' }]],
    ['an unknown direction', ({ caseId, analysisId }) => ({ caseId, command: { type: 'updateAnalysis', id: analysisId, patch: { direction: 'RL' } } }), [{ path: ['command', 'patch', 'direction'], reason: 'invalid_choice' }]],
    ['an unknown direction in a new analysis', ({ caseId }) => ({ caseId, command: { type: 'addAnalysis', index: 0, analysis: newAnalysis({ direction: 'up' }) } }), [{ path: ['command', 'analysis', 'direction'], reason: 'invalid_choice' }]],
    ['an unknown status', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { status: 'confirmed' } } }), [{ path: ['command', 'patch', 'status'], reason: 'invalid_choice' }]],
    ['an unknown stopReason', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { stopReason: 'bored' } } }), [{ path: ['command', 'patch', 'stopReason'], reason: 'invalid_choice' }]],
    ['an unknown stopReason in a new why', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why: newWhy({ stopReason: '' }) } }), [{ path: ['command', 'why', 'stopReason'], reason: 'invalid_choice' }]],
    ['a string for isRootCause', ({ caseId, whyId }) => ({ caseId, command: { type: 'updateWhy', id: whyId, patch: { isRootCause: 'yes' } } }), [{ path: ['command', 'patch', 'isRootCause'], reason: 'invalid_type' }]],
    ['a non-uuid caseId', ({ whyId }) => ({ caseId: 'case-1', command: { type: 'removeWhy', id: whyId } }), [{ path: ['caseId'], reason: 'invalid_format' }]],
    ['a non-uuid why id', ({ caseId }) => ({ caseId, command: { type: 'removeWhy', id: '42' } }), [{ path: ['command', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid analysis id', ({ caseId }) => ({ caseId, command: { type: 'removeAnalysis', id: 'first' } }), [{ path: ['command', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid analysisId', ({ caseId }) => ({ caseId, command: { type: 'addWhy', analysisId: 'a', parentId: null, index: 0, why: newWhy() } }), [{ path: ['command', 'analysisId'], reason: 'invalid_format' }]],
    ['a non-uuid parentId', ({ caseId, whyId }) => ({ caseId, command: { type: 'moveWhy', id: whyId, parentId: 'root', index: 0 } }), [{ path: ['command', 'parentId'], reason: 'invalid_format' }]],
    ['a non-uuid new why id', ({ caseId, analysisId }) => ({ caseId, command: { type: 'addWhy', analysisId, parentId: null, index: 0, why: newWhy({ id: 'mine' }) } }), [{ path: ['command', 'why', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid new analysis id', ({ caseId }) => ({ caseId, command: { type: 'addAnalysis', index: 0, analysis: newAnalysis({ id: 'mine' }) } }), [{ path: ['command', 'analysis', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid startCauseId', ({ caseId }) => ({ caseId, command: { type: 'addAnalysis', index: 0, analysis: newAnalysis({ startCauseId: 'cause-1' }) } }), [{ path: ['command', 'analysis', 'startCauseId'], reason: 'invalid_format' }]],
    ['a negative index', ({ caseId, whyId }) => ({ caseId, command: { type: 'moveWhy', id: whyId, parentId: null, index: -1 } }), [{ path: ['command', 'index'] }]],
    ['a fractional index', ({ caseId }) => ({ caseId, command: { type: 'addAnalysis', index: 0.5, analysis: newAnalysis() } }), [{ path: ['command', 'index'] }]],
  ];

  it.each(payloads)('%s', (_name, make, expected) => {
    const b = start();
    expectMalformedRefused(b, 'whys:apply', make(seeded(b)), expected);
  });
});

describe('whys:get', () => {
  it.each(malformedGetPayloads())('refuses %s as validation', (_name, payload, issue) => {
    const b = start();
    expect(b.fail('whys:get', payload)).toMatchObject({ code: 'validation', issues: [issue] });
  });

  it('answers in the output contract after every kind of write', () => {
    const b = start();
    const { caseId, analysisId, whyId } = seeded(b);
    b.ok('whys:apply', {
      caseId,
      command: { type: 'updateWhy', id: whyId, patch: { status: 'verified', isRootCause: true, stopReason: 'outside_control', collapsed: true, evidence: 'Budget sheet' } },
    });
    b.ok('whys:apply', { caseId, command: { type: 'addWhy', analysisId, parentId: whyId, index: 0, why: newWhy() } });
    b.ok('whys:apply', { caseId, command: { type: 'updateAnalysis', id: analysisId, patch: { question: 'Why?', direction: 'TB' } } });
    b.ok('whys:apply', { caseId, command: { type: 'addAnalysis', index: 1, analysis: newAnalysis() } });
    // The test backend checks every output against its schema: a row mapped wrongly fails here.
    expect(b.ok('whys:get', { caseId })).toMatchObject({
      revision: 6,
      analyses: [{ id: analysisId, question: 'Why?', direction: 'TB', whys: [{ id: whyId, stopReason: 'outside_control', children: [{}] }] }, { startCauseId: null }],
    });
  });
});
