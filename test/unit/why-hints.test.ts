import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import data from '../../resources/whys/hint-rules.json';
import {
  HINT_KINDS,
  HINT_RULES,
  blamesPerson,
  caseHints,
  parseHintRules,
  whyHints,
  type BlamesPersonParams,
  type HintRule,
} from '../../shared/domain/why-hints';
import { WhyAnalysis, defaultWhyFields, type Why, type WhyFields } from '../../shared/domain/whys';
import { WHY_STATUSES, WHY_STOP_REASONS } from '../../shared/domain/vocabulary';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';

const cjk = /[\u4e00-\u9fff]/;

function idSequence(prefix: number): () => string {
  let n = 0;
  return () => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
}

/** A root cause that passes every rule: deep enough, with evidence and a reason to stop. */
const goodRoot: Partial<WhyFields> = { isRootCause: true, status: 'verified', evidence: 'Logs from 10:28 show it.', stopReason: 'controllable' };

let nextId = idSequence(9);
function why(answer: string, set: Partial<WhyFields> = {}, children: Why[] = []): Why {
  return { ...defaultWhyFields(answer), ...set, id: nextId(), children };
}

/** A chain of plain whys `depth - 1` long ending in `leaf`. */
function chain(depth: number, leaf: Why): Why[] {
  let list = [leaf];
  for (let d = depth - 1; d >= 1; d--) list = [why(`Because ${d}`, { status: 'verified' }, list)];
  return list;
}

function analysis(whys: Why[], startCauseId: string | null = null): WhyAnalysis {
  return { id: nextId(), startCauseId, question: '', direction: 'LR', whys };
}

/** The hint kinds a single root cause with this answer and these fields gets at `depth`. */
function kindsFor(answer: string, set: Partial<WhyFields> = {}, depth = 4, language: Language = 'en'): string[] {
  const leaf = why(answer, { ...goodRoot, ...set });
  return whyHints(analysis(chain(depth, leaf)), language)
    .filter((h) => h.whyId === leaf.id)
    .map((h) => h.kind);
}

const blames = (answer: string) => kindsFor(answer).includes('blames_person');
const blameRule = HINT_RULES.find((r): r is Extract<HintRule, { kind: 'blames_person' }> => r.kind === 'blames_person')!;

describe('hint rules file', () => {
  it('loads, with unique ids and every kind', () => {
    expect(new Set(HINT_RULES.map((r) => r.id)).size).toBe(HINT_RULES.length);
    expect([...new Set(HINT_RULES.map((r) => r.kind))].sort()).toEqual([...HINT_KINDS].sort());
    expect(HINT_RULES.find((r) => r.kind === 'short_chain')?.params).toEqual({ minDepth: 3 });
  });

  it('has a message in each language, non-empty, different, in that language', () => {
    for (const rule of HINT_RULES) {
      const zh = rule.message['zh-CN'];
      const en = rule.message.en;
      expect(zh.trim().length, rule.id).toBeGreaterThan(10);
      expect(en.trim().length, rule.id).toBeGreaterThan(10);
      expect(zh).not.toBe(en);
      expect(cjk.test(zh), rule.id).toBe(true);
      expect(cjk.test(en), rule.id).toBe(false);
    }
  });

  it('fails loudly on a broken file', () => {
    const good = structuredClone(data) as { rules: Array<Record<string, unknown>> };
    const broken = (change: (file: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return () => parseHintRules(copy);
    };
    expect(() => parseHintRules(good)).not.toThrow();
    expect(broken((f) => (f.rules[0]!.kind = 'blames_robot'))).toThrow(/hint rules/);
    expect(broken((f) => delete (f.rules[1]!.message as Record<string, string>).en)).toThrow();
    expect(broken((f) => ((f.rules[2]!.message as Record<string, string>)['zh-CN'] = '  '))).toThrow();
    expect(broken((f) => (f.rules[1]!.id = f.rules[0]!.id))).toThrow(/Duplicate rule id/);
    expect(broken((f) => (f.rules[1]!.params = { minDepth: 0 }))).toThrow();
    expect(broken((f) => (f.rules[1]!.params = {}))).toThrow();
    expect(broken((f) => (f.rules[2]!.params = { minDepth: 3 }))).toThrow();
    expect(broken((f) => ((f.rules[2]!.message as Record<string, string>).en = 'Only {minDepth} deep.'))).toThrow(/placeholder/);
    expect(broken((f) => ((f.rules[0]!.params as BlamesPersonParams).phrases.en = []))).toThrow();
    expect(broken((f) => ((f.rules[0]!.params as BlamesPersonParams).phrases['zh-CN'].push('')))).toThrow();
    expect(broken((f) => (f.rules = []))).toThrow();
    expect(() => parseHintRules(null)).toThrow();
  });
});

describe('blames_person', () => {
  it('flags a root cause that blames a person, in either language', () => {
    expect(kindsFor('员工粗心导致错发', {}, 4, 'zh-CN')).toEqual(['blames_person']);
    expect(blames('员工粗心导致错发')).toBe(true);
    expect(blames('人为失误')).toBe(true);
    expect(blames('仓库员工操作失误，马虎了')).toBe(true);
    expect(blames('值班经理责任心不强')).toBe(true);
    expect(blames('Human error at the packing station')).toBe(true);
    expect(blames('The agent forgot to log the call')).toBe(true);
    expect(blames('Operator error')).toBe(true);
    expect(blames('Staff need to be more careful')).toBe(true);
  });

  it('does not flag answers that point at people without blaming them', () => {
    expect(blames('临时工上岗前没有培训')).toBe(false);
    expect(blames('夜班人手不足')).toBe(false);
    expect(blames('Temp pickers were not trained before the shift')).toBe(false);
    expect(blames('The on-call engineer was covering two sites')).toBe(false);
  });

  it('does not flag an answer that already points at the system', () => {
    expect(blames('系统允许粗心操作而不报警')).toBe(false);
    expect(blames('粗心的录入没有被校验拦住')).toBe(false);
    expect(blames('培训不到位，员工容易疏忽')).toBe(false);
    expect(blames('The process lets a careless entry through unchecked')).toBe(false);
    expect(blames('Human error the tool should have caught')).toBe(false);
    expect(blames('Careless edits slip past because there is no checklist')).toBe(false);
  });

  it('still flags "did not follow the procedure": the system word is part of the blame', () => {
    expect(blames('员工没按流程操作')).toBe(true);
    expect(blames('员工没有按照规定操作')).toBe(true);
    expect(blames('Staff did not follow the procedure')).toBe(true);
    expect(blames('Staff didn’t follow the process')).toBe(true);
    expect(blames('员工没按流程操作，系统也没报警')).toBe(false);
  });

  it('ignores case and width', () => {
    expect(blames('HUMAN ERROR')).toBe(true);
    expect(blames('Careless')).toBe(true);
    expect(blames('ＣＡＲＥＬＥＳＳ picking')).toBe(true);
    expect(blames('Human\n  error')).toBe(true);
    expect(blames('Careless handling by the SYSTEM')).toBe(false);
  });

  it('matches Latin phrases as whole words only; inflections are listed', () => {
    const onlyCareless: BlamesPersonParams = { phrases: { 'zh-CN': [], en: ['careless'] }, systemWords: { 'zh-CN': [], en: [] }, ignore: { 'zh-CN': [], en: [] } };
    expect(blamesPerson('careless', onlyCareless)).toBe(true);
    expect(blamesPerson('a careless, hasty pick', onlyCareless)).toBe(true);
    expect(blamesPerson('carelessly', onlyCareless)).toBe(false);
    expect(blamesPerson('uncareless', onlyCareless)).toBe(false);
    expect(blamesPerson('操作员careless', onlyCareless)).toBe(true);
    // The file lists the forms people write, so each of them flags.
    expect(blames('The picker carelessly scanned the wrong shelf')).toBe(true);
    expect(blames('Pure carelessness')).toBe(true);
    expect(blames('Lazy loading of the arrivals list timed out')).toBe(false);
    expect(blames('The forgot-password page was down')).toBe(false);
    expect(blames('Staff were lazy')).toBe(true);
    // System words are whole words too: "systemically" is not "systemic".
    expect(blames('Systemically lazy')).toBe(true);
  });

  it('matches Chinese phrases inside a sentence, without word boundaries', () => {
    const zh: BlamesPersonParams = { phrases: { 'zh-CN': ['粗心'], en: [] }, systemWords: { 'zh-CN': ['系统'], en: [] }, ignore: { 'zh-CN': [], en: [] } };
    expect(blamesPerson('他粗心大意', zh)).toBe(true);
    expect(blamesPerson('careless', zh)).toBe(false);
    expect(blamesPerson('系统粗心', zh)).toBe(false);
    expect(blames('客户忘记密码，重置邮件没收到')).toBe(false);
  });

  it('applies both languages’ phrases to every answer', () => {
    expect(blames('Picker 粗心, wrong shelf')).toBe(true);
    expect(blames('拣货员 human error')).toBe(true);
    expect(blames('Careless picking, 流程 had no double check')).toBe(false);
    expect(kindsFor('员工粗心导致错发', {}, 4, 'en')).toEqual(['blames_person']);
    expect(blamesPerson('粗心', blameRule.params)).toBe(true);
  });

  it('looks at root causes only, and never at a ruled-out one', () => {
    const notRoot = why('员工粗心导致错发', { status: 'verified' });
    const ruledOut = why('Salesperson simply forgot', { ...goodRoot, status: 'ruled_out' });
    expect(whyHints(analysis(chain(4, notRoot)), 'zh-CN')).toEqual([]);
    expect(whyHints(analysis(chain(1, ruledOut)), 'en')).toEqual([]);
  });
});

describe('the other rules', () => {
  it('short_chain: a root cause found fewer than 3 whys deep', () => {
    expect(kindsFor('Forecast missed live-stream sales', {}, 1)).toEqual(['short_chain']);
    expect(kindsFor('Forecast missed live-stream sales', {}, 2)).toEqual(['short_chain']);
    expect(kindsFor('Forecast missed live-stream sales', {}, 3)).toEqual([]);
    expect(kindsFor('Forecast missed live-stream sales', {}, 7)).toEqual([]);
    const leaf = why('预测没算直播', goodRoot);
    const [zh] = whyHints(analysis(chain(2, leaf)), 'zh-CN');
    const [en] = whyHints(analysis(chain(2, leaf)), 'en');
    expect(zh?.message).toContain('第 2 层');
    expect(zh?.message).toContain('第 3 层');
    expect(en?.message).toContain('3 whys');
    expect(en?.message).not.toMatch(/\{\w+\}/);
  });

  it('no_evidence: a root cause with no evidence note (blank counts as none)', () => {
    expect(kindsFor('No load test before peak', { evidence: '' })).toEqual(['no_evidence']);
    expect(kindsFor('No load test before peak', { evidence: '  \n ' })).toEqual(['no_evidence']);
    expect(kindsFor('No load test before peak', { evidence: 'Change form CR-0912.' })).toEqual([]);
  });

  it('stop_without_reason: a root cause with no reason to stop', () => {
    expect(kindsFor('No load test before peak', { stopReason: null })).toEqual(['stop_without_reason']);
    for (const reason of WHY_STOP_REASONS.filter((r) => r !== 'needs_data')) expect(kindsFor('No load test before peak', { stopReason: reason })).toEqual([]);
  });

  it('needs_data_root: a root cause that still needs data', () => {
    expect(kindsFor('No load test before peak', { stopReason: 'needs_data' })).toEqual(['needs_data_root']);
    expect(kindsFor('No load test before peak', { stopReason: 'needs_data', isRootCause: false })).toEqual([]);
  });

  it('no rule looks at a why that is not a root cause', () => {
    const plain = why('员工粗心', { evidence: '', stopReason: 'needs_data' });
    expect(whyHints(analysis([plain]), 'zh-CN')).toEqual([]);
  });
});

describe('whyHints and caseHints', () => {
  it('give hints in reading order of the tree, then in rule order', () => {
    nextId = idSequence(7);
    const a = why('Human error', { isRootCause: true, evidence: '', stopReason: 'needs_data' }); // depth 1
    const b1 = why('Deep cause', { ...goodRoot, stopReason: null }); // depth 3
    const b = why('Middle', { status: 'verified' }, [b1]);
    const c = why('Careless at depth 2', { ...goodRoot }); // depth 2
    const top = why('Top', { status: 'verified' }, [b, c]);
    const hints = whyHints(analysis([a, top]), 'en');
    expect(hints.map((h) => [h.whyId, h.ruleId])).toEqual([
      [a.id, 'blames_person'],
      [a.id, 'short_chain'],
      [a.id, 'no_evidence'],
      [a.id, 'needs_data_root'],
      [b1.id, 'stop_without_reason'],
      [c.id, 'blames_person'],
      [c.id, 'short_chain'],
    ]);
    expect(hints.map((h) => h.message)).toEqual(hints.map((h) => HINT_RULES.find((r) => r.id === h.ruleId)!.message.en.replace('{minDepth}', '3')));
  });

  it('skip everything under a ruled-out why: that branch is set aside', () => {
    const deep = why('Human error', { isRootCause: true, evidence: '', stopReason: null });
    const ruledOut = why('Hardware fault', { status: 'ruled_out' }, [why('Disk', {}, [deep])]);
    expect(whyHints(analysis([ruledOut]), 'en')).toEqual([]);
  });

  it('give the same hints in both languages, with each language’s message', () => {
    const leaf = why('员工粗心', { isRootCause: true });
    const a = analysis(chain(2, leaf));
    const zh = whyHints(a, 'zh-CN');
    const en = whyHints(a, 'en');
    expect(zh.map(({ ruleId, kind, whyId }) => ({ ruleId, kind, whyId }))).toEqual(en.map(({ ruleId, kind, whyId }) => ({ ruleId, kind, whyId })));
    expect(zh.length).toBe(4);
    zh.forEach((h, i) => {
      expect(cjk.test(h.message)).toBe(true);
      expect(cjk.test(en[i]!.message)).toBe(false);
    });
  });

  it('caseHints: every analysis in order, each hint with its analysis', () => {
    const first = analysis(chain(1, why('Human error', { ...goodRoot })));
    const empty = analysis([]);
    const second = analysis(chain(5, why('No owner for review actions', { ...goodRoot, evidence: '' })));
    const hints = caseHints([first, empty, second], 'en');
    expect(hints.map((h) => [h.analysisId, h.kind])).toEqual([
      [first.id, 'blames_person'],
      [first.id, 'short_chain'],
      [second.id, 'no_evidence'],
    ]);
    expect(caseHints([], 'zh-CN')).toEqual([]);
  });

  it('are pure: the analysis is not changed and the answer is the same every time', () => {
    const a = analysis(chain(2, why('粗心', { isRootCause: true })));
    const before = structuredClone(a);
    const once = whyHints(Object.freeze(a), 'zh-CN');
    expect(whyHints(a, 'zh-CN')).toEqual(once);
    expect(a).toEqual(before);
  });
});

describe('property', () => {
  const answers = ['员工粗心导致错发', '系统允许粗心操作而不报警', 'Human error', 'The process let it through', 'No load test', '没按流程操作', 'lazy loading', '预测没算直播'];
  const fields = fc.record({
    answer: fc.oneof(fc.constantFrom(...answers), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0)),
    evidence: fc.constantFrom('', ' ', 'Logs show it.'),
    status: fc.constantFrom(...WHY_STATUSES),
    isRootCause: fc.boolean(),
    stopReason: fc.constantFrom(null, ...WHY_STOP_REASONS),
    stopNote: fc.constant(''),
    collapsed: fc.boolean(),
  });
  type Shape = { fields: WhyFields; children: Shape[] };
  const { tree } = fc.letrec<{ tree: Shape; forest: Shape[] }>((tie) => ({
    tree: fc.record({ fields, children: tie('forest') }),
    forest: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<Shape[]>([]), fc.array(tie('tree'), { maxLength: 3 })),
  }));

  function build(shapes: Shape[], newId: () => string): Why[] {
    return shapes.map((s) => ({ ...s.fields, id: newId(), children: build(s.children, newId) }));
  }

  it('hints only reference whys that exist, are root causes, and are neither ruled out nor under one', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), fc.constantFrom(...LANGUAGES), (shapes, language) => {
        const a: WhyAnalysis = { id: '00000000-0000-4000-8000-000000000000', startCauseId: null, question: '', direction: 'LR', whys: build(shapes, idSequence(1)) };
        expect(WhyAnalysis.safeParse(a).success).toBe(true);
        const live = new Map<string, Why>();
        const visit = (list: Why[]) => {
          for (const w of list) {
            if (w.status === 'ruled_out') continue;
            live.set(w.id, w);
            visit(w.children);
          }
        };
        visit(a.whys);
        const hints = whyHints(a, language);
        for (const h of hints) {
          const w = live.get(h.whyId);
          expect(w, h.whyId).toBeDefined();
          expect(w!.isRootCause).toBe(true);
          expect(h.message.trim()).not.toBe('');
          expect(HINT_RULES.some((r) => r.id === h.ruleId && r.kind === h.kind)).toBe(true);
        }
        const other = whyHints(a, language === 'en' ? 'zh-CN' : 'en');
        expect(other.map((h) => `${h.whyId}/${h.ruleId}`)).toEqual(hints.map((h) => `${h.whyId}/${h.ruleId}`));
        expect(whyHints(a, language)).toEqual(hints);
      }),
      { numRuns: 300 },
    );
  });
});
