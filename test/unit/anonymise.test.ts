import { describe, expect, it } from 'vitest';
import { anonymise, caseNames, NON_TEXT_KEYS, splitNames, TEXT_KEYS } from '../../shared/anonymise/anonymise';
import { findPatterns, luhn, NameFinder, validResidentId } from '../../shared/anonymise/detectors';
import { defaultCaseFields } from '../../shared/domain/case';
import { CaseDocument } from '../../shared/domain/case-file';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { defaultWhyFields } from '../../shared/domain/whys';
import { newAction, newCheck, newFeedback, newLesson, newNote, newImprovement } from '../support/plans';

const found = (text: string) => findPatterns(text).map((s) => [s.kind, s.text]);

// A valid resident ID (check digit X) and the same with a wrong check digit.
const ID_OK = '11010519491231002X';
const ID_BAD = '110105194912310021';
// Luhn-valid test card numbers, and one failing Luhn.
function withLuhn(prefix: string): string {
  for (let d = 0; d < 10; d++) if (luhn(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}
const CARD16 = withLuhn('622202123456789');
const CARD19 = withLuhn('621700123456789012');

describe('detectors: true positives', () => {
  it('finds Chinese mobiles with spaces, dashes and +86', () => {
    expect(found('客户电话13800138000，请回电')).toEqual([['phone', '13800138000']]);
    expect(found('call 138 0013 8000 now')).toEqual([['phone', '138 0013 8000']]);
    expect(found('手机：138-0013-8000')).toEqual([['phone', '138-0013-8000']]);
    expect(found('+86 138 0013 8000')).toEqual([['phone', '+86 138 0013 8000']]);
    expect(found('+86-13800138000')).toEqual([['phone', '+86-13800138000']]);
  });
  it('finds international numbers in +CC form', () => {
    expect(found('ring +44 20 7946 0958 today')).toEqual([['phone', '+44 20 7946 0958']]);
    expect(found('US desk +1 (415) 555-2671.')).toEqual([['phone', '+1 (415) 555-2671']]);
  });
  it('finds e-mail addresses', () => {
    expect(found('写信给 zhang.san@example.com.cn 吧')).toEqual([['email', 'zhang.san@example.com.cn']]);
    expect(found('Mail ann+ops@corp.example.org.')).toEqual([['email', 'ann+ops@corp.example.org']]);
  });
  it('finds resident ID numbers whose check digit is right', () => {
    expect(validResidentId(ID_OK)).toBe(true);
    expect(found(`身份证号${ID_OK}。`)).toEqual([['id_number', ID_OK]]);
    expect(found(`id ${ID_OK.toLowerCase()}`)).toEqual([['id_number', ID_OK.toLowerCase()]]);
  });
  it('finds bank card numbers passing Luhn, grouped or not', () => {
    expect(found(`卡号${CARD16}`)).toEqual([['bank_card', CARD16]]);
    const grouped = CARD16.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(found(`card ${grouped} on file`)).toEqual([['bank_card', grouped]]);
    expect(found(`卡 ${CARD19}`)).toEqual([['bank_card', CARD19]]);
  });
});

describe('detectors: false positives avoided', () => {
  it('an order number that looks like a phone but is not one', () => {
    // Second digit 2: no mobile starts 12.
    expect(found('订单号12812345678已发货')).toEqual([]);
    // Part of a longer token.
    expect(found('order SO13800138000 shipped')).toEqual([]);
    // Twelve digits: one too many for a mobile, too few for a card.
    expect(found('单号138001380001')).toEqual([]);
  });
  it('a 16-digit number failing Luhn is not a card', () => {
    const bad = CARD16.slice(0, 15) + String((Number(CARD16[15]) + 1) % 10);
    expect(luhn(bad)).toBe(false);
    expect(found(`流水号${bad}`)).toEqual([]);
  });
  it('an 18-digit ID with a wrong check digit is not an ID', () => {
    expect(validResidentId(ID_BAD)).toBe(false);
    expect(found(`编号${ID_BAD}`).filter(([k]) => k === 'id_number')).toEqual([]);
  });
  it('dates, amounts, versions and short numbers are left alone', () => {
    expect(found('2026-03-05 08:30 退款 1299.00 元, v2.13.8, 工单 4521, +3 votes')).toEqual([]);
  });
  it('a name inside a longer English word is not that name', () => {
    const finder = new NameFinder(['Ann']);
    expect(finder.find('Annual review with Ann.').map((s) => s.text)).toEqual(['Ann']);
  });
});

function doc(title: string, fields: Partial<ReturnType<typeof defaultCaseFields>>, extra: Partial<CaseDocument> = {}): CaseDocument {
  const caseId = crypto.randomUUID();
  return CaseDocument.parse({
    case: { ...defaultCaseFields(title), ...fields, id: caseId, revision: 3, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-02T08:00:00.000Z', deletedAt: null, templateId: null },
    timeline: [],
    fishbone: { effect: null, template: null, orientation: 'head_right', categories: [] },
    analyses: [],
    plan: { actions: [], feedback: [], lessons: [], improvements: [] },
    rootCauseLinks: [],
    ...extra,
  });
}

describe('anonymise', () => {
  it('splits name fields into names', () => {
    expect(splitNames('张三、李四（客服主管）')).toEqual(['张三', '李四']);
    expect(splitNames('Ann Lee (lead), Bo Chen and Carl Diaz')).toEqual(['Ann Lee', 'Bo Chen', 'Carl Diaz']);
  });

  it('in Chinese: 张三 becomes 人员A in every field, diagram, analysis and plan part', () => {
    const causeId = crypto.randomUUID();
    const d = doc('张三接待的客户投诉', {
      problem: '客户王五投诉：张三未回电，电话13800138000无人接听。',
      reporter: '李四',
      facilitator: '张三',
      participants: ['张三', '王五'],
    }, {
      fishbone: {
        effect: '张三的回访延误',
        template: null,
        orientation: 'head_right',
        categories: [{ id: crypto.randomUUID(), label: '人', templateKey: null, causes: [{ ...defaultCauseFields('张三未接受培训'), id: causeId, evidence: '李四说的', children: [] }] }],
      },
      analyses: [{ id: crypto.randomUUID(), startCauseId: causeId, question: '为什么张三没回电？', direction: 'TB', whys: [{ ...defaultWhyFields('王五的号码记错了'), id: crypto.randomUUID(), stopNote: '问李四', children: [] }] }],
      plan: {
        actions: [newAction(crypto.randomUUID(), '培训张三', { owner: '赵六', description: '联系 zhaoliu@example.cn' }, { progress: [newNote(crypto.randomUUID(), '赵六已安排')], checks: [newCheck(crypto.randomUUID(), 'effective', { checkedBy: '孙七', evidence: '孙七抽查' })] })],
        feedback: [newFeedback(crypto.randomUUID(), '王五满意')],
        lessons: [newLesson(crypto.randomUUID(), '张三需要备用电话')],
        improvements: [newImprovement(crypto.randomUUID(), '李四更新话术')],
      },
    });
    const before = JSON.stringify(d);
    const run = anonymise([d]);
    expect(JSON.stringify(d)).toBe(before); // the input is not changed
    const out = run.docs[0]!;
    const text = JSON.stringify(out);
    for (const value of ['张三', '李四', '王五', '赵六', '孙七', '13800138000', 'zhaoliu@example.cn']) expect(text).not.toContain(value);
    // The first name met is A, and the same everywhere.
    expect(out.case.title).toBe('人员A接待的客户投诉');
    expect(out.case.facilitator).toBe('人员A');
    expect(out.fishbone.effect).toBe('人员A的回访延误');
    expect(out.fishbone.categories[0]!.causes[0]!.text).toBe('人员A未接受培训');
    expect(out.analyses[0]!.question).toBe('为什么人员A没回电？');
    expect(out.case.problem).toBe('客户人员B投诉：人员A未回电，电话电话1无人接听。');
    expect(out.plan.actions[0]!.title).toBe('培训人员A');
    expect(out.plan.actions[0]!.description).toBe('联系 邮箱1');
    // Ids, dates and choices are untouched.
    expect(out.case.id).toBe(d.case.id);
    expect(out.analyses[0]!.startCauseId).toBe(causeId);
    expect(CaseDocument.safeParse(out).success).toBe(true);
    expect(run.hits.every((h) => h.caseId === d.case.id)).toBe(true);
    expect(run.hits.find((h) => h.text === '13800138000')).toMatchObject({ kind: 'phone', pseudonym: '电话1', field: 'problem', path: ['case', 'problem'] });
  });

  it('in English: Person A, Phone 1 …, with the letters shared across the file and the words by case language', () => {
    const en = doc('Ann Lee missed the callback', { problem: 'Customer rang +44 20 7946 0958 and wrote to ann.lee@example.com', participants: ['Ann Lee'], reporter: 'Bo Chen' });
    const zh = doc('Ann Lee 的回访', { problem: '客户打了 +44 20 7946 0958' });
    const run = anonymise([en, zh]);
    expect(run.docs[0]!.case.title).toBe('Person A missed the callback');
    expect(run.docs[0]!.case.problem).toBe('Customer rang Phone 1 and wrote to Email 1');
    expect(run.docs[1]!.case.title).toBe('人员A 的回访');
    expect(run.docs[1]!.case.problem).toBe('客户打了 电话1');
  });

  it('the user dictionary adds names; a skipped hit is kept as it is', () => {
    const d = doc('Refund for Mr Okafor', { problem: 'Okafor called twice; Okafor again.' });
    const scan = anonymise([d], { dictionary: ['Okafor'] });
    expect(scan.hits.map((h) => h.text)).toEqual(['Okafor', 'Okafor', 'Okafor']);
    const keep = scan.hits[1]!.id;
    const run = anonymise([d], { dictionary: ['Okafor'], skip: [keep] });
    expect(run.docs[0]!.case.problem).toBe('Okafor called twice; Person A again.');
    expect(run.replaced).toBe(2);
  });

  it('collects names from owners and checkers too', () => {
    const d = doc('t', {}, { plan: { actions: [newAction(crypto.randomUUID(), 'x', { owner: '周八' }, { checks: [newCheck(crypto.randomUUID(), 'effective', { checkedBy: 'Dee Park' })] })], feedback: [], lessons: [], improvements: [] } });
    expect(caseNames(d)).toEqual(['周八', 'Dee Park']);
  });

  it('every string key of a full document is known to be text or not', () => {
    const keys = new Set<string>();
    const walk = (v: unknown, key: string | null) => {
      if (typeof v === 'string' && key) keys.add(key);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    // The shapes of every schema: every key of every object.
    const shapeKeys = (schema: unknown, seen = new Set<unknown>()): void => {
      if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
      seen.add(schema);
      const def = (schema as { def?: Record<string, unknown> }).def ?? (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      const shape = (schema as { shape?: Record<string, unknown> }).shape;
      if (shape && typeof shape === 'object') for (const [k, s] of Object.entries(shape)) {
        keys.add(k);
        shapeKeys(s, seen);
      }
      if (def) for (const v of Object.values(def)) {
        if (Array.isArray(v)) v.forEach((x) => shapeKeys(x, seen));
        else shapeKeys(v, seen);
      }
    };
    shapeKeys(CaseDocument);
    walk(doc('t', {}), null);
    const structural = new Set(['case', 'timeline', 'fishbone', 'analyses', 'plan', 'rootCauseLinks', 'categories', 'causes', 'children', 'whys', 'actions', 'progress', 'checks', 'feedback', 'lessons', 'improvements', 'rootCauses', 'a', 'b', 'retroSessions', 'phases', 'voting', 'voters', 'proposals']);
    const unknown = [...keys].filter((k) => !TEXT_KEYS.has(k) && !NON_TEXT_KEYS.has(k) && !structural.has(k));
    expect(unknown).toEqual([]);
    expect(keys.size).toBeGreaterThan(60);
  });
});
