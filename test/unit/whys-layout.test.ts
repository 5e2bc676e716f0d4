import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, walk } from '../../shared/domain/tree';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { overlappingPairs, segmentCrossesRect } from '../../shared/layout/geometry';
import { measure } from '../../shared/layout/text';
import { layoutWhys, QUESTION_NODE_ID, WHY_LAYOUT, whyBadgesWidth, type WhyLayout } from '../../shared/layout/whys';
import { generatedWhys, whyAnalysisArb } from '../support/whys';

const style = WHY_LAYOUT.why;

/** Every segment of every line, against every box it does not belong to. */
function edgeCrossings(layout: WhyLayout): string[] {
  const out: string[] = [];
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      for (const n of layout.nodes) {
        if (n.id === e.source || n.id === e.target) continue;
        if (segmentCrossesRect(e.points[i]!, e.points[i + 1]!, n)) out.push(`${e.id} × ${n.id}`);
      }
    }
  }
  return out;
}

let n = 0;
const why = (answer: string, children: Why[] = [], extra: Partial<Why> = {}): Why => ({
  ...defaultWhyFields(answer),
  id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
  children,
  ...extra,
});

function sample(direction: 'LR' | 'TB' = 'LR'): WhyAnalysis {
  return {
    id: 'aaaaaaaa-0000-4000-8000-000000000001',
    startCauseId: null,
    question: '',
    direction,
    whys: [
      why('客服新人未受培训', [why('入职培训被取消', [why('培训预算被砍', [], { isRootCause: true, stopReason: 'controllable' })]), why('没有话术手册')]),
      why('The order system was down for two hours', [why('Connection pool exhausted', [why('Pool size unchanged for three years')])], { status: 'verified' }),
      why('Courier lost the parcels', [], { status: 'ruled_out' }),
    ],
  };
}

const at = (layout: WhyLayout, id: string) => layout.nodes.find((x) => x.id === id)!;

describe('5 Whys layout', () => {
  it('is deterministic: the same tree gives the same positions, whatever was laid out before', () => {
    const a = sample();
    const first = layoutWhys(a, 'Why were deliveries late?');
    layoutWhys(generatedWhys(120, { seed: 3, direction: 'TB' }), 'Other');
    expect(layoutWhys(structuredClone(a), 'Why were deliveries late?')).toEqual(first);
  });

  it('has the question and every visible why, each line from its parent to it', () => {
    const a = sample();
    const layout = layoutWhys(a, 'Q');
    expect(layout.direction).toBe('LR');
    expect(layout.nodes[0]).toMatchObject({ id: QUESTION_NODE_ID, kind: 'question', depth: 0, parentId: null, hidden: 0 });
    const ids: string[] = [];
    walk(a.whys, (w) => ids.push(w.id));
    expect(layout.nodes.slice(1).map((x) => x.id)).toEqual(ids);
    walk(a.whys, (w, depth, parent) => {
      expect(at(layout, w.id)).toMatchObject({ kind: 'why', depth, parentId: parent ? parent.id : QUESTION_NODE_ID });
    });
    expect(layout.edges).toHaveLength(ids.length);
    for (const e of layout.edges) {
      expect(e.kind).toBe('why');
      expect(e.source).toBe(at(layout, e.target).parentId);
      expect(e.id).toBe(`why:${e.target}`);
    }
  });

  it('left to right: children right of their parent, siblings top to bottom in reading order', () => {
    const a = sample('LR');
    const layout = layoutWhys(a, 'Why were deliveries late?');
    for (const x of layout.nodes) {
      if (!x.parentId) continue;
      const parent = at(layout, x.parentId);
      expect(x.x).toBeGreaterThanOrEqual(parent.x + parent.width + WHY_LAYOUT.rankGap - 0.2);
    }
    const tops = a.whys.map((w) => at(layout, w.id).y);
    expect(tops).toEqual([...tops].sort((p, q) => p - q));
    const kids = a.whys[0]!.children.map((w) => at(layout, w.id).y);
    expect(kids[0]).toBeLessThan(kids[1]!);
  });

  it('top to bottom: children below their parent, siblings left to right in reading order', () => {
    const a = sample('TB');
    const layout = layoutWhys(a, 'Why were deliveries late?');
    expect(layout.direction).toBe('TB');
    for (const x of layout.nodes) {
      if (!x.parentId) continue;
      const parent = at(layout, x.parentId);
      expect(x.y).toBeGreaterThanOrEqual(parent.y + parent.height + WHY_LAYOUT.rankGap - 0.2);
    }
    const lefts = a.whys.map((w) => at(layout, w.id).x);
    expect(lefts).toEqual([...lefts].sort((p, q) => p - q));
  });

  it('draws lines straight or with right-angled bends, from the parent’s far side to the child’s near side', () => {
    for (const direction of ['LR', 'TB'] as const) {
      const layout = layoutWhys(generatedWhys(80, { seed: 9, direction }), 'Q');
      for (const e of layout.edges) {
        const s = at(layout, e.source);
        const t = at(layout, e.target);
        const first = e.points[0]!;
        const last = e.points.at(-1)!;
        if (direction === 'LR') {
          expect(first[0]).toBeCloseTo(s.x + s.width, 1);
          expect(first[1]).toBeCloseTo(s.y + s.height / 2, 1);
          expect(last[0]).toBeCloseTo(t.x, 1);
        } else {
          expect(first[1]).toBeCloseTo(s.y + s.height, 1);
          expect(first[0]).toBeCloseTo(s.x + s.width / 2, 1);
          expect(last[1]).toBeCloseTo(t.y, 1);
        }
        for (let i = 0; i + 1 < e.points.length; i++) {
          const [p, q] = [e.points[i]!, e.points[i + 1]!];
          expect(p[0] === q[0] || p[1] === q[1]).toBe(true);
        }
      }
    }
  });

  it('hides the whys under a collapsed why and counts them', () => {
    const a = sample();
    a.whys[0]!.collapsed = true;
    const layout = layoutWhys(a, 'Q');
    expect(at(layout, a.whys[0]!.id).hidden).toBe(3);
    for (const hidden of [a.whys[0]!.children[0]!, a.whys[0]!.children[0]!.children[0]!, a.whys[0]!.children[1]!]) {
      expect(layout.nodes.find((x) => x.id === hidden.id)).toBeUndefined();
      expect(layout.edges.find((e) => e.target === hidden.id || e.source === hidden.id)).toBeUndefined();
    }
    // Room is kept for the count's badge.
    const open = layoutWhys({ ...a, whys: [{ ...a.whys[0]!, collapsed: false }] }, 'Q');
    expect(at(layout, a.whys[0]!.id).width).toBe(at(open, a.whys[0]!.id).width + whyBadgesWidth(false, 3));
    // A collapsed why without children hides nothing.
    a.whys[2]!.collapsed = true;
    expect(at(layoutWhys(a, 'Q'), a.whys[2]!.id).hidden).toBe(0);
  });

  it('clips a 5,000-character answer to five lines with an ellipsis', () => {
    const a = sample();
    a.whys[1]!.answer = '因为系统'.repeat(1250);
    a.whys[2]!.answer = 'because '.repeat(625);
    const layout = layoutWhys(a, 'Q');
    for (const w of [a.whys[1]!, a.whys[2]!]) {
      const node = at(layout, w.id);
      expect(node.clipped).toBe(true);
      expect(node.lines).toHaveLength(style.maxLines);
      expect(node.lines.at(-1)!.endsWith('…')).toBe(true);
      for (const line of node.lines) expect(measure(line, style)).toBeLessThanOrEqual(style.maxWidth + 0.001);
      expect(node.width).toBeLessThanOrEqual(style.maxWidth + 2 * style.padX);
      expect(node.height).toBe(style.maxLines * style.lineHeight + 2 * style.padY);
    }
    expect(at(layout, a.whys[0]!.id).clipped).toBe(false);
  });

  it('measures root causes bold and keeps room for the root-cause mark', () => {
    const text = 'Budget was cut';
    const plain = layoutWhys({ ...sample(), whys: [why(text)] }, 'Q').nodes[1]!;
    const root = layoutWhys({ ...sample(), whys: [why(text, [], { isRootCause: true })] }, 'Q').nodes[1]!;
    expect(root.width).toBeGreaterThanOrEqual(Math.ceil(measure(text, { ...style, bold: true })) + whyBadgesWidth(true, 0) + 2 * style.padX);
    expect(root.width).toBeGreaterThan(plain.width + whyBadgesWidth(true, 0));
  });

  it('gives a node being typed into the full width, the question too', () => {
    const a = sample();
    const id = a.whys[2]!.id;
    expect(at(layoutWhys(a, 'Q', { wideNodeId: id }), id).width).toBe(style.maxWidth + 2 * style.padX);
    const q = WHY_LAYOUT.question;
    expect(layoutWhys(a, 'Q', { wideNodeId: QUESTION_NODE_ID }).nodes[0]!.width).toBe(q.maxWidth + 2 * q.padX);
  });

  it('lays out an analysis without whys as the question alone', () => {
    const layout = layoutWhys({ ...sample(), whys: [] }, '');
    expect(layout.nodes).toHaveLength(1);
    expect(layout.edges).toEqual([]);
    expect(layout.nodes[0]).toMatchObject({ x: WHY_LAYOUT.margin, y: WHY_LAYOUT.margin, lines: [''] });
    expect(layout.width).toBe(layout.nodes[0]!.width + 2 * WHY_LAYOUT.margin);
  });

  it('never overlaps two boxes or runs a line through a box, for any tree (property)', () => {
    fc.assert(
      fc.property(whyAnalysisArb(8), (a) => {
        const layout = layoutWhys(a, a.question);
        expect(overlappingPairs(layout.nodes)).toEqual([]);
        expect(edgeCrossings(layout)).toEqual([]);
        for (const x of layout.nodes) {
          expect(x.x).toBeGreaterThanOrEqual(WHY_LAYOUT.margin - 0.05);
          expect(x.y).toBeGreaterThanOrEqual(WHY_LAYOUT.margin - 0.05);
          expect(x.x + x.width).toBeLessThanOrEqual(layout.width);
          expect(x.y + x.height).toBeLessThanOrEqual(layout.height);
          expect(x.lines.length).toBeLessThanOrEqual(x.kind === 'why' ? style.maxLines : WHY_LAYOUT.question.maxLines);
        }
        for (const e of layout.edges) for (const [x, y] of e.points) expect(x >= 0 && y >= 0 && x <= layout.width && y <= layout.height).toBe(true);
        // Visible whys are laid out, hidden ones counted on their collapsed ancestor.
        let visible = 0;
        const check = (list: Why[]) => {
          for (const w of list) {
            visible++;
            expect(at(layout, w.id).hidden).toBe(w.collapsed ? count(w.children) : 0);
            if (!w.collapsed) check(w.children);
          }
        };
        check(a.whys);
        expect(layout.nodes).toHaveLength(visible + 1);
        expect(layout.edges).toHaveLength(visible);
      }),
      { numRuns: 200 },
    );
  });

  it('stays overlap-free at 500 whys in both directions', () => {
    for (const direction of ['LR', 'TB'] as const) {
      const layout = layoutWhys(generatedWhys(500, { seed: 11, direction, collapsed: 0.05 }), 'Why?');
      expect(overlappingPairs(layout.nodes)).toEqual([]);
      expect(edgeCrossings(layout)).toEqual([]);
    }
  });
});
