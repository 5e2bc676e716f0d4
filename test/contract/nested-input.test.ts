import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { LIMITS } from '../../shared/domain/vocabulary';
import { defaultWhyFields } from '../../shared/domain/whys';
import { dumpDatabase, useBackend } from '../support/backend';
import { seedFishbone } from '../support/documents';

/** Nested objects are as strict as the top level, and a tree too deep is refused as validation
 *  (too_deep) before anything recurses into it, instead of overflowing the stack. */

const { start } = useBackend();

const cause = (children: unknown[] = [], extra: Record<string, unknown> = {}) => ({ id: randomUUID(), ...defaultCauseFields('c'), children, ...extra });
const why = (children: unknown[] = [], extra: Record<string, unknown> = {}) => ({ id: randomUUID(), ...defaultWhyFields('w'), children, ...extra });

function chain<T>(levels: number, make: (children: T[]) => T): T {
  let node = make([]);
  for (let i = 1; i < levels; i++) node = make([node]);
  return node;
}

describe('an unknown field nested inside a tree', () => {
  it('is refused in a fishbone cause, a category and the fishbone, naming the field, and nothing is written', () => {
    const b = start();
    const categoryId = randomUUID();
    const causeId = randomUUID();
    const caseId = seedFishbone(b, { categoryId, causeId });
    const before = dumpDatabase(b.path);
    const nested = cause([cause([], { owner: 'mallory' })]);
    expect(b.fail('fishbone:apply', { caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: nested } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['command', 'cause', 'children', 0, 'owner'], reason: 'unknown_field' }],
    });
    const fishbone = b.ok('fishbone:get', { caseId }).fishbone;
    expect(b.fail('fishbone:apply', { caseId, command: { type: 'replace', fishbone: { ...fishbone, colour: 'red' } } })).toMatchObject({
      issues: [{ path: ['command', 'fishbone', 'colour'], reason: 'unknown_field' }],
    });
    const categories = fishbone.categories.map((c, i) => (i === 0 ? { ...c, weight: 3 } : c));
    expect(b.fail('fishbone:apply', { caseId, command: { type: 'replace', fishbone: { ...fishbone, categories } } })).toMatchObject({
      issues: [{ path: ['command', 'fishbone', 'categories', 0, 'weight'], reason: 'unknown_field' }],
    });
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('is refused in a why and an analysis', () => {
    const b = start();
    const caseId = b.ok('cases:create', { language: 'en' }).case.id;
    const analysis = { id: randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [why([why([], { blame: 'x' })])] };
    expect(b.fail('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis } })).toMatchObject({
      issues: [{ path: ['command', 'analysis', 'whys', 0, 'children', 0, 'blame'], reason: 'unknown_field' }],
    });
    expect(b.fail('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis: { ...analysis, whys: [], extra: 1 } } })).toMatchObject({
      issues: [{ path: ['command', 'analysis', 'extra'], reason: 'unknown_field' }],
    });
    expect(b.ok('whys:get', { caseId }).analyses).toEqual([]);
  });
});

describe('a tree nested far deeper than any limit', () => {
  it('is refused as validation too_deep, not a stack overflow, for a fishbone and for whys', () => {
    const b = start();
    const categoryId = randomUUID();
    const causeId = randomUUID();
    const caseId = seedFishbone(b, { categoryId, causeId });
    const before = dumpDatabase(b.path);
    const deepCause = chain(20_000, (children) => cause(children));
    const error = b.fail('fishbone:apply', { caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: deepCause } });
    expect(error).toMatchObject({ code: 'validation', issues: [{ reason: 'too_deep' }] });
    const deepWhy = chain(20_000, (children) => why(children));
    const analysis = { id: randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [deepWhy] };
    expect(b.fail('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis } })).toMatchObject({ code: 'validation', issues: [{ reason: 'too_deep' }] });
    expect(b.logged).toEqual([]);
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('still accepts a tree at the deepest level the limits allow', () => {
    const b = start();
    const categoryId = randomUUID();
    const causeId = randomUUID();
    const caseId = seedFishbone(b, { categoryId, causeId });
    const deepest = chain(LIMITS.fishboneDepth, (children) => cause(children));
    expect(b.dispatch('fishbone:apply', { caseId, command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: deepest } })).toMatchObject({ ok: true });
    const whyCase = b.ok('cases:create', { language: 'en' }).case.id;
    const analysis = { id: randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [chain(LIMITS.whyDepth, (children) => why(children))] };
    expect(b.dispatch('whys:apply', { caseId: whyCase, command: { type: 'addAnalysis', index: 0, analysis } })).toMatchObject({ ok: true });
  });
});
