import fc from 'fast-check';
import { defaultCauseFields, type Cause, type Category, type Fishbone } from '../../shared/domain/fishbone';

/** Fishbones for tests and the benchmark: random but reproducible. */

const EN = ['staff', 'not', 'trained', 'system', 'outage', 'delivery', 'late', 'peak', 'volume', 'supplier', 'forecast', 'wrong', 'refund', 'approval', 'slow', 'night', 'shift'];
const ZH = ['员工', '培训', '不足', '系统', '故障', '配送', '延迟', '高峰', '订单', '激增', '供应商', '预测', '失误', '退款', '审批', '缓慢', '夜班'];

/** A small deterministic generator (LCG), so a benchmark always measures the same diagram. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function sampleText(rnd: () => number): string {
  const n = 2 + Math.floor(rnd() * 6);
  const chinese = rnd() < 0.5;
  const words = chinese ? ZH : EN;
  const parts = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]!);
  return parts.join(chinese ? '' : ' ');
}

/** `total` causes spread over `categories` categories, nested up to three levels. */
export function generatedFishbone(total: number, { categories = 6, seed = 1, depth = 3 } = {}): Fishbone {
  const rnd = seeded(seed);
  let n = 0;
  const id = () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  const cats: Category[] = Array.from({ length: categories }, (_, i) => ({ id: id(), label: `Category ${i + 1}`, templateKey: null, causes: [] }));
  for (let i = 0; i < total; i++) {
    const cause: Cause = { ...defaultCauseFields(sampleText(rnd)), id: id(), children: [] };
    const category = cats[Math.floor(rnd() * cats.length)]!;
    let list = category.causes;
    for (let level = 1; level < depth && list.length > 0 && rnd() < 0.65; level++) list = list[Math.floor(rnd() * list.length)]!.children;
    list.push(cause);
  }
  return { effect: 'Deliveries were late during the promotion', template: null, orientation: 'head_right', categories: cats };
}

const textArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.array(fc.constantFrom(...ZH, ...EN, ' ', '，', '。', '(', ')', '（', '）'), { minLength: 1, maxLength: 30 }).map((a) => a.join('')),
  fc.constantFrom('x', 'W'.repeat(60), '超长'.repeat(200), 'word '.repeat(300)),
).map((s) => (s.trim() ? s : 'x'));

/** Random fishbones for property tests: any number of categories, ragged trees, long and short texts. */
export function fishboneArb(maxDepth = 4): fc.Arbitrary<Fishbone> {
  const { cause } = fc.letrec<{ cause: Cause }>((tie) => ({
    cause: fc.record({
      id: fc.uuid(),
      text: textArb,
      status: fc.constantFrom('hypothesis', 'investigating', 'confirmed', 'ruled_out'),
      isRootCause: fc.boolean(),
      evidence: fc.constant(''),
      votes: fc.nat(12),
      touchpoint: fc.constant(null),
      servqual: fc.constant(null),
      collapsed: fc.boolean(),
      children: fc.oneof({ depthSize: 'small', maxDepth }, fc.constant([]), fc.array(tie('cause') as fc.Arbitrary<Cause>, { maxLength: 4 })),
    }) as fc.Arbitrary<Cause>,
  }));
  const category = fc.record({ id: fc.uuid(), label: textArb.map((s) => s.slice(0, 60)), templateKey: fc.constant(null), causes: fc.array(cause, { maxLength: 6 }) });
  return fc
    .record({
      effect: fc.option(textArb.map((s) => s.slice(0, 200)), { nil: null }),
      template: fc.constant(null),
      orientation: fc.constantFrom('head_right' as const, 'head_left' as const),
      categories: fc.array(category, { maxLength: 8 }),
    })
    .filter((f) => {
      const ids = new Set<string>();
      let unique = true;
      const visit = (list: Cause[]) => {
        for (const c of list) {
          if (ids.has(c.id)) unique = false;
          ids.add(c.id);
          visit(c.children);
        }
      };
      for (const c of f.categories) {
        if (ids.has(c.id)) unique = false;
        ids.add(c.id);
        visit(c.causes);
      }
      return unique;
    });
}
