import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCaseFields } from '../../shared/domain/case';
import { defaultActionFields } from '../../shared/domain/plan';
import { CASE_TEMPLATES, templateGuidance } from '../../shared/domain/templates';
import { LANGUAGES } from '../../shared/i18n/languages';
import templateFile from '../../resources/templates/case-templates.json';
import { dumpDatabase, manualClock, useBackend, withConnection } from '../support/backend';

const { start } = useBackend();

const storedTitle = (path: string, id: string) =>
  withConnection(path, (db) => db.prepare('SELECT title FROM cases WHERE id = ?').pluck().get(id), { readonly: true });

/** Mixed Chinese and English prose, exactly `length` UTF-16 units long. */
function prose(length: number): string {
  const unit = '客户投诉：the parcel arrived 3 days late，客服未回电。\n';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

describe('creating a case', () => {
  it.each([
    ['en', 'Untitled case'],
    ['zh-CN', '未命名案例'],
  ] as const)('without a template gives a blank case titled in the language (%s)', (language, title) => {
    const clock = manualClock('2026-02-02T02:02:02.000Z');
    const { ok } = start({ now: clock.now });
    const detail = ok('cases:create', { language });
    expect(detail.timeline).toEqual([]);
    expect(detail.case).toEqual({
      ...defaultCaseFields(title),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      revision: 0,
      createdAt: '2026-02-02T02:02:02.000Z',
      updatedAt: '2026-02-02T02:02:02.000Z',
      deletedAt: null,
      templateId: null,
    });
    expect(ok('cases:get', { id: detail.case.id })).toEqual(detail);
  });

  it('uses a given title, trimmed', () => {
    const { ok } = start();
    expect(ok('cases:create', { language: 'en', title: '  Refund refused  ' }).case.title).toBe('Refund refused');
  });

  it('covers every template in the template file', () => {
    expect(CASE_TEMPLATES.map((t) => t.id)).toEqual(templateFile.templates.map((t) => t.id));
    expect(CASE_TEMPLATES.length).toBeGreaterThanOrEqual(8);
  });

  for (const template of CASE_TEMPLATES) {
    for (const language of LANGUAGES) {
      it(`from template '${template.id}' (${language}) keeps its prompts as guidance, not text, and sets its fields`, () => {
        const { ok, path } = start();
        const text = template.text[language];
        const created = ok('cases:create', { language, templateId: template.id }).case;
        // Stored as text, the prompts became the fishbone head, the 5-Whys question and report text.
        expect(created).toMatchObject({
          ...defaultCaseFields(text.title),
          ...template.set,
          title: text.title.trim(),
          problem: '',
          customerExperience: '',
          customerImpact: '',
          templateId: template.id,
        });
        expect(text.problem.length).toBeGreaterThan(0);
        for (const field of ['problem', 'customerExperience', 'customerImpact'] as const) {
          expect(templateGuidance(created.templateId, field, language)).toBe(text[field].trim().replace(/\s*[:：]$/, ''));
        }
        if (template.group === 'scenario') expect(created.scenarioType).toBe(template.set.scenarioType);
        if (template.group === 'mot') expect(created.motFailure).toBe(template.set.motFailure);
        expect(ok('cases:get', { id: created.id }).case).toEqual(created);
        expect(storedTitle(path, created.id)).toBe(created.title);
      });
    }
  }

  it('from a template keeps a title the user typed', () => {
    const { ok } = start();
    const created = ok('cases:create', { language: 'zh-CN', templateId: 'contract_dispute', title: '合同条款争议：华东客户' }).case;
    expect(created.title).toBe('合同条款争议：华东客户');
    expect(created.problem).toBe('');
    expect(created.templateId).toBe('contract_dispute');
  });

  it('from an unknown template is a validation error and creates nothing', () => {
    const { ok, fail } = start();
    expect(fail('cases:create', { language: 'en', templateId: 'no_such_template' })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['templateId'], reason: 'invalid_choice' }],
    });
    expect(ok('cases:list', {}).total).toBe(0);
  });

  it.each([
    [{}, ['language'], 'invalid_choice'],
    [{ language: 'fr' }, ['language'], 'invalid_choice'],
    [{ language: 'en', title: '   ' }, ['title'], 'required'],
    [{ language: 'en', title: 'x'.repeat(501) }, ['title'], 'too_long'],
    [{ language: 'en', templateId: 7 }, ['templateId'], 'invalid_type'],
    [{ language: 'en', problem: 'not allowed here' }, ['problem'], 'unknown_field'],
  ])('with %j is refused (%j %s) and creates nothing', (payload, path, reason) => {
    const { ok, fail } = start();
    const error = fail('cases:create', payload);
    expect(error.code).toBe('validation');
    expect(error.issues).toContainEqual({ path, reason });
    expect(ok('cases:list', {}).total).toBe(0);
  });
});

describe('reading a case', () => {
  it('that does not exist is not_found', () => {
    const { fail } = start();
    expect(fail('cases:get', { id: randomUUID() })).toMatchObject({ code: 'not_found' });
  });

  it('with an id that is not a uuid is a validation error', () => {
    const { fail } = start();
    expect(fail('cases:get', { id: '42' })).toMatchObject({ code: 'validation', issues: [{ path: ['id'], reason: 'invalid_format' }] });
  });
});

describe('updating a case', () => {
  it('at the current revision saves the patch and moves the revision and updatedAt on', () => {
    const clock = manualClock('2026-01-10T00:00:00.000Z');
    const { ok } = start({ now: clock.now });
    const created = ok('cases:create', { language: 'en' }).case;
    clock.advance(5_000);

    const patch = {
      title: 'Wrong invoice sent twice',
      severity: 'high',
      scenarioType: 'contract_dispute',
      motFailure: 'information_asymmetry',
      touchpoint: 'after_sales_first_contact',
      occurredAt: '2026-01-09T08:30:00.000+08:00',
      detectedAt: '2026-01-09T01:00:00.000Z',
      department: '财务部',
      step: 'analyse',
      status: 'open',
    } as const;
    const updated = ok('cases:update', { id: created.id, revision: 0, patch });
    expect(updated).toEqual({ ...created, ...patch, revision: 1, updatedAt: '2026-01-10T00:00:05.000Z' });
    expect(ok('cases:get', { id: created.id }).case).toEqual(updated);

    const again = ok('cases:update', { id: created.id, revision: 1, patch: { occurredAt: null, touchpoint: null } });
    expect(again).toMatchObject({ revision: 2, occurredAt: null, touchpoint: null, detectedAt: patch.detectedAt, title: patch.title });
    expect(again.createdAt).toBe(created.createdAt);
  });

  it('with an empty patch still moves the revision on', () => {
    const { ok } = start();
    const { id } = ok('cases:create', { language: 'en' }).case;
    expect(ok('cases:update', { id, revision: 0, patch: {} }).revision).toBe(1);
  });

  it('at a stale revision is a conflict and changes nothing', () => {
    const { ok, fail, path } = start();
    const { id } = ok('cases:create', { language: 'en', title: 'Original' }).case;
    ok('cases:update', { id, revision: 0, patch: { title: 'First editor' } });
    const before = dumpDatabase(path);

    const error = fail('cases:update', { id, revision: 0, patch: { title: 'Second editor', tags: ['lost'] } });
    expect(error).toMatchObject({ code: 'conflict', reason: 'stale' });
    expect(dumpDatabase(path)).toEqual(before);
    expect(ok('cases:get', { id }).case).toMatchObject({ title: 'First editor', revision: 1, tags: [] });
  });

  it('of a trashed case is a conflict and changes nothing', () => {
    const { ok, fail, path } = start();
    const { id } = ok('cases:create', { language: 'en', title: 'Binned' }).case;
    const trashed = ok('cases:trash', { id });
    const before = dumpDatabase(path);
    expect(fail('cases:update', { id, revision: trashed.revision, patch: { title: 'Edited in the bin', tags: ['x'] } })).toMatchObject({
      code: 'conflict',
      reason: 'trashed',
    });
    expect(dumpDatabase(path)).toEqual(before);
  });

  it('of an unknown case is not_found', () => {
    const { fail } = start();
    expect(fail('cases:update', { id: randomUUID(), revision: 0, patch: { title: 'x' } })).toMatchObject({ code: 'not_found' });
  });

  describe('with an invalid payload', () => {
    const invalid: [name: string, payload: (id: string) => unknown, path: (string | number)[], reason: string][] = [
      ['an unknown field', (id) => ({ id, revision: 0, patch: { colour: 'red' } }), ['patch', 'colour'], 'unknown_field'],
      ['an unknown top-level field', (id) => ({ id, revision: 0, patch: {}, force: true }), ['force'], 'unknown_field'],
      ['a severity outside the list', (id) => ({ id, revision: 0, patch: { severity: 'urgent' } }), ['patch', 'severity'], 'invalid_choice'],
      ['a step outside the list', (id) => ({ id, revision: 0, patch: { step: 'Identify' } }), ['patch', 'step'], 'invalid_choice'],
      ['an empty title', (id) => ({ id, revision: 0, patch: { title: '' } }), ['patch', 'title'], 'required'],
      ['a blank title', (id) => ({ id, revision: 0, patch: { title: '   ' } }), ['patch', 'title'], 'required'],
      ['a 501-character title', (id) => ({ id, revision: 0, patch: { title: 'x'.repeat(501) } }), ['patch', 'title'], 'too_long'],
      ['a 100,001-character problem', (id) => ({ id, revision: 0, patch: { problem: prose(100_001) } }), ['patch', 'problem'], 'too_long'],
      ['a number as title', (id) => ({ id, revision: 0, patch: { title: 42 } }), ['patch', 'title'], 'invalid_type'],
      ['participants as a string', (id) => ({ id, revision: 0, patch: { participants: 'Wang Min' } }), ['patch', 'participants'], 'invalid_type'],
      ['a revision as a string', (id) => ({ id, revision: '0', patch: {} }), ['revision'], 'invalid_type'],
      ['a missing revision', (id) => ({ id, patch: {} }), ['revision'], 'invalid_type'],
      ['a patch that is null', (id) => ({ id, revision: 0, patch: null }), ['patch'], 'invalid_type'],
      ['a non-uuid id', () => ({ id: 'case-1', revision: 0, patch: { title: 'x' } }), ['id'], 'invalid_format'],
      ['a date that is not an instant', (id) => ({ id, revision: 0, patch: { occurredAt: 'yesterday' } }), ['patch', 'occurredAt'], 'invalid_format'],
      ['a date without offset', (id) => ({ id, revision: 0, patch: { occurredAt: '2026-01-01T10:00:00' } }), ['patch', 'occurredAt'], 'invalid_format'],
      ['a 61-character tag', (id) => ({ id, revision: 0, patch: { tags: ['ok', 'x'.repeat(61)] } }), ['patch', 'tags', 1], 'too_long'],
      ['a blank tag', (id) => ({ id, revision: 0, patch: { tags: ['  '] } }), ['patch', 'tags', 0], 'required'],
      ['51 tags', (id) => ({ id, revision: 0, patch: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } }), ['patch', 'tags'], 'too_long'],
      ['101 participants', (id) => ({ id, revision: 0, patch: { participants: Array.from({ length: 101 }, (_, i) => `p${i}`) } }), ['patch', 'participants'], 'too_long'],
    ];

    it.each(invalid)('(%s) is a validation error naming the field, and the database is unchanged', (_name, payload, path, reason) => {
      const { ok, fail, path: file } = start();
      const { id } = ok('cases:create', { language: 'en', templateId: 'service_delay' }).case;
      ok('cases:update', { id, revision: 0, patch: { tags: ['keep'], participants: ['A'] } });
      const before = dumpDatabase(file);

      const error = fail('cases:update', payload(id));
      expect(error.code).toBe('validation');
      expect(error.issues).toContainEqual({ path, reason });
      expect(dumpDatabase(file)).toEqual(before);
    });
  });

  it('saves a 100,000-character problem of mixed Chinese and English and reads it back identical', () => {
    const { ok } = start();
    const { id } = ok('cases:create', { language: 'zh-CN' }).case;
    const problem = prose(100_000);
    const impact = prose(99_999).split('').reverse().join('');
    expect(problem.length).toBe(100_000);
    ok('cases:update', { id, revision: 0, patch: { problem, customerImpact: impact } });
    const read = ok('cases:get', { id }).case;
    expect(read.problem).toBe(problem);
    expect(read.customerImpact).toBe(impact);
  });

  it('replaces the tags as a whole, trimming them and dropping duplicates', () => {
    const { ok } = start();
    const { id } = ok('cases:create', { language: 'en' }).case;
    expect(ok('cases:update', { id, revision: 0, patch: { tags: ['物流', ' late ', 'late'] } }).tags).toEqual(['late', '物流']);
    expect(ok('cases:update', { id, revision: 1, patch: { tags: ['billing', 'late'] } }).tags).toEqual(['billing', 'late']);
    expect(ok('cases:update', { id, revision: 2, patch: { title: 'Tags untouched' } }).tags).toEqual(['billing', 'late']);
    expect(ok('cases:update', { id, revision: 3, patch: { tags: [] } }).tags).toEqual([]);
    expect(ok('cases:get', { id }).case.tags).toEqual([]);
  });

  it('round-trips participants in their order, including Chinese names and duplicates', () => {
    const { ok } = start();
    const { id } = ok('cases:create', { language: 'zh-CN' }).case;
    const participants = ['王敏（客服主管）', 'Qiang Li', 'Zhao Lei', 'Qiang Li', 'O\'Brien "ops"'];
    ok('cases:update', { id, revision: 0, patch: { participants } });
    expect(ok('cases:get', { id }).case.participants).toEqual(participants);
    ok('cases:update', { id, revision: 1, patch: { participants: [] } });
    expect(ok('cases:get', { id }).case.participants).toEqual([]);
  });
});

describe('fields a real case needed', () => {
  it('keeps a reference number and notes, and refuses an over-long reference without changing anything', () => {
    const { ok, fail } = start();
    const { id } = ok('cases:create', { language: 'zh-CN', title: '支付回调丢失' }).case;
    const saved = ok('cases:update', { id, revision: 0, patch: { reference: ' INC-2026-0415 ', notes: '客户要求书面说明。\n法务已知情。' } });
    expect(saved).toMatchObject({ reference: ' INC-2026-0415 ', notes: '客户要求书面说明。\n法务已知情。', revision: 1 });
    expect(fail('cases:update', { id, revision: 1, patch: { reference: 'x'.repeat(501) } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['patch', 'reference'], reason: 'too_long' }],
    });
    expect(ok('cases:get', { id }).case).toMatchObject({ reference: ' INC-2026-0415 ', revision: 1 });
  });

  it('takes a touchpoint of its own beside the fixed ones, and offers the library\'s own again', () => {
    const { ok, fail } = start();
    const ids = ['a', 'b', 'c', 'd'].map((t) => ok('cases:create', { language: 'zh-CN', title: t }).case.id);
    ok('cases:update', { id: ids[0]!, revision: 0, patch: { touchpoint: '小程序预约' } });
    ok('cases:update', { id: ids[1]!, revision: 0, patch: { touchpoint: '  小程序预约 ' } });
    ok('cases:update', { id: ids[2]!, revision: 0, patch: { touchpoint: 'Hotline IVR' } });
    ok('cases:update', { id: ids[3]!, revision: 0, patch: { touchpoint: 'delivery' } });
    expect(ok('cases:get', { id: ids[1]! }).case.touchpoint).toBe('小程序预约');
    // Most used first; the fixed journeys' keys are not "own" touchpoints.
    expect(ok('cases:touchpoints', {})).toEqual(['小程序预约', 'Hotline IVR']);
    ok('cases:trash', { id: ids[2]! });
    expect(ok('cases:touchpoints', {})).toEqual(['小程序预约']);

    expect(fail('cases:update', { id: ids[3]!, revision: 1, patch: { touchpoint: 'x'.repeat(61) } })).toMatchObject({ code: 'validation' });
    expect(fail('cases:update', { id: ids[3]!, revision: 1, patch: { touchpoint: '   ' } })).toMatchObject({ code: 'validation' });
    expect(ok('cases:get', { id: ids[3]! }).case).toMatchObject({ touchpoint: 'delivery', revision: 1 });
  });

  it('keeps a 5-Whys stop reason in words and a vote count typed as a number', () => {
    const { ok, fail } = start();
    const caseId = ok('cases:create', { language: 'en', title: 'Callbacks lost' }).case.id;
    const analysisId = randomUUID();
    const whyId = randomUUID();
    ok('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis: { id: analysisId, startCauseId: null, question: '', direction: 'TB', whys: [] } } });
    ok('whys:apply', {
      caseId,
      command: {
        type: 'addWhy',
        analysisId,
        parentId: null,
        index: 0,
        why: { id: whyId, answer: 'Retries were set to one', evidence: '', status: 'verified', isRootCause: true, stopReason: 'controllable', stopNote: 'The retry count is ours to change', collapsed: false, children: [] },
      },
    });
    expect(ok('whys:get', { caseId }).analyses[0]!.whys[0]).toMatchObject({ stopReason: 'controllable', stopNote: 'The retry count is ours to change' });
    expect(fail('whys:apply', { caseId, command: { type: 'updateWhy', id: whyId, patch: { stopNote: 'x'.repeat(501) } } })).toMatchObject({ code: 'validation' });

    const categoryId = randomUUID();
    const causeId = randomUUID();
    ok('fishbone:apply', { caseId, command: { type: 'addCategory', index: 0, category: { id: categoryId, label: 'Method', templateKey: null, causes: [] } } });
    ok('fishbone:apply', {
      caseId,
      command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: { id: causeId, text: 'No reconciliation', status: 'hypothesis', isRootCause: false, evidence: '', votes: 0, touchpoint: '小程序预约', servqual: null, collapsed: false, children: [] } },
    });
    ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: causeId, patch: { votes: 12 } } });
    const cause = ok('fishbone:get', { caseId }).fishbone.categories[0]!.causes[0]!;
    expect(cause).toMatchObject({ votes: 12, touchpoint: '小程序预约' });
    expect(fail('fishbone:apply', { caseId, command: { type: 'updateCause', id: causeId, patch: { votes: -1 } } })).toMatchObject({ code: 'validation' });
  });
});

describe('a blocked action', () => {
  it('is its own status, stored in progress with the blocked flag, and still counts as open', () => {
    const clock = manualClock('2026-06-10T00:00:00.000Z');
    const { ok, fail, path } = start({ now: clock.now });
    const { id: caseId } = ok('cases:create', { language: 'en', title: 'Vendor API down' }).case;
    const actionId = randomUUID();
    ok('plan:apply', {
      caseId,
      command: { type: 'addAction', index: 0, action: { ...defaultActionFields('Switch the SMS vendor'), dueAt: '2026-06-01T00:00:00.000Z', id: actionId, progress: [], checks: [] } },
    });
    ok('plan:apply', { caseId, command: { type: 'updateAction', id: actionId, patch: { status: 'blocked' } } });
    expect(ok('plan:get', { caseId }).plan.actions[0]!.status).toBe('blocked');
    expect(withConnection(path, (db) => db.prepare('SELECT status, blocked FROM actions WHERE id = ?').get(actionId))).toEqual({ status: 'in_progress', blocked: 1 });
    // Open: overdue in the library, and closing the case asks for a reason.
    expect(ok('cases:list', {}).items[0]!.overdueActions).toBe(1);
    const revision = ok('cases:get', { id: caseId }).case.revision;
    expect(fail('cases:update', { id: caseId, revision, patch: { status: 'closed' } })).toMatchObject({ issues: [{ reason: 'close_reason_required' }] });
    // Unblocked: an ordinary status again.
    ok('plan:apply', { caseId, command: { type: 'updateAction', id: actionId, patch: { status: 'done' } } });
    expect(withConnection(path, (db) => db.prepare('SELECT status, blocked FROM actions WHERE id = ?').get(actionId))).toEqual({ status: 'done', blocked: 0 });
    expect(ok('plan:get', { caseId }).plan.actions[0]!.status).toBe('done');
  });
});
