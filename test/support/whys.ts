import fc from 'fast-check';
import { defaultWhyFields, type Direction, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { WHY_STATUSES, WHY_STOP_REASONS } from '../../shared/domain/vocabulary';
import { sampleText, seeded } from './fishbones';

/** 5-Whys trees for tests and the benchmark: random but reproducible. */

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** `total` whys under one question, `depth` levels at most: each new why answers a random why
 *  already in the tree (or the question), so the tree branches and runs deep like a real one. */
export function generatedWhys(
  total: number,
  { seed = 1, depth = 8, direction = 'LR' as Direction, collapsed = 0 }: { seed?: number; depth?: number; direction?: Direction; collapsed?: number } = {},
): WhyAnalysis {
  const rnd = seeded(seed);
  let n = 0;
  const whys: Why[] = [];
  const all: Array<{ why: Why; depth: number }> = [];
  for (let i = 0; i < total; i++) {
    const why: Why = { ...defaultWhyFields(`Because ${sampleText(rnd)}`), id: uuid(n++), children: [] };
    why.status = WHY_STATUSES[Math.floor(rnd() * WHY_STATUSES.length)]!;
    // Pick a parent among the whys not yet at the deepest level, favouring recent ones (chains).
    const open = all.filter((w) => w.depth < depth);
    const r = rnd();
    if (open.length === 0 || r < 0.08) {
      whys.push(why);
      all.push({ why, depth: 1 });
    } else {
      const parent = r < 0.55 ? open[open.length - 1]! : open[Math.floor(rnd() * open.length)]!;
      parent.why.children.push(why);
      all.push({ why, depth: parent.depth + 1 });
    }
  }
  for (const { why } of all) {
    if (why.children.length === 0 && rnd() < 0.3) {
      why.isRootCause = true;
      why.stopReason = WHY_STOP_REASONS[Math.floor(rnd() * WHY_STOP_REASONS.length)]!;
    } else if (why.children.length > 0 && rnd() < collapsed) why.collapsed = true;
  }
  return { id: uuid(999_999), startCauseId: null, question: 'Why were deliveries late during the promotion? 为什么促销期间配送延误？', direction, whys };
}

const ZH = ['因为', '员工', '培训', '不足', '系统', '故障', '配送', '延迟', '高峰', '订单', '激增', '供应商', '预测', '失误'];
const EN = ['because', 'staff', 'not', 'trained', 'system', 'outage', 'late', 'peak', 'volume', 'forecast', 'wrong'];

/** Answers of every shape: short, long, Chinese, mixed, with punctuation, line breaks and markup. */
export const answerArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...ZH, ...EN, ' ', '，', '。', '(', ')', '（', '）', '\n'), { minLength: 1, maxLength: 30 }).map((a) => a.join('')) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('x', 'W'.repeat(80), '超长的原因'.repeat(120), 'word '.repeat(400), '<script>alert("x")</script> & \'q\'') },
  )
  .map((s) => (s.trim() ? s : 'x'));

/** Random analyses for property tests: ragged trees up to `maxDepth` deep, any branching, any
 *  statuses, collapsed whys with and without children, both directions. Ids are unique. */
export function whyAnalysisArb(maxDepth = 8): fc.Arbitrary<WhyAnalysis> {
  const { why } = fc.letrec<{ why: Why }>((tie) => ({
    why: fc.record({
      id: fc.constant(''),
      answer: answerArb,
      evidence: fc.constant(''),
      status: fc.constantFrom(...WHY_STATUSES),
      isRootCause: fc.boolean(),
      stopReason: fc.option(fc.constantFrom(...WHY_STOP_REASONS), { nil: null }),
      collapsed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      children: fc.oneof({ depthSize: 'medium', maxDepth: maxDepth - 1 }, fc.constant([]), fc.array(tie('why') as fc.Arbitrary<Why>, { maxLength: 4 })),
    }) as fc.Arbitrary<Why>,
  }));
  return fc
    .record({
      question: fc.oneof(fc.constant(''), answerArb.map((s) => s.slice(0, 500))),
      direction: fc.constantFrom('LR' as const, 'TB' as const),
      whys: fc.array(why, { maxLength: 6 }),
    })
    .map(({ question, direction, whys }) => {
      // Fresh ids in reading order (records may share subtrees' objects, so copy while numbering).
      let n = 0;
      const number = (list: Why[]): Why[] => list.map((w) => ({ ...w, id: uuid(n++), children: number(w.children) }));
      return { id: uuid(999_999), startCauseId: null, question, direction, whys: number(whys) };
    });
}
