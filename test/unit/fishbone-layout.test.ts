import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { DEFAULT_LAYOUT, layoutFishbone, type FishboneLayout } from '../../shared/layout/fishbone';
import { overlappingPairs, segmentCrossesRect } from '../../shared/layout/geometry';
import { measure, wrapText } from '../../shared/layout/text';
import { fishboneArb, generatedFishbone } from '../support/fishbones';

const style = DEFAULT_LAYOUT.cause;

/** Every segment of every line, against every box it does not belong to. */
function edgeCrossings(layout: FishboneLayout): string[] {
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
const cause = (text: string, children: Cause[] = [], extra: Partial<Cause> = {}): Cause => ({
  ...defaultCauseFields(text),
  id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
  children,
  ...extra,
});

function sample(): Fishbone {
  return {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', label: '人', templateKey: null, causes: [cause('客服新人未受培训', [cause('入职培训被取消'), cause('没有话术手册')]), cause('高峰期人手不足')] },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', label: '机', templateKey: null, causes: [cause('订单系统崩溃', [cause('连接池耗尽', [cause('配置三年未改')])])] },
      { id: 'aaaaaaaa-0000-4000-8000-000000000003', label: '法', templateKey: null, causes: [] },
    ],
  };
}

describe('text wrapping', () => {
  it('breaks Chinese between characters and keeps closing punctuation off the line start', () => {
    const w = wrapText('客服新人未受培训，导致回答错误。然后客户投诉升级到经理', 80, 10, style);
    expect(w.lines.length).toBeGreaterThan(2);
    for (const line of w.lines) {
      expect(measure(line, style)).toBeLessThanOrEqual(80 + 0.001);
      expect(line[0]).not.toMatch(/[，。、）]/);
    }
    expect(w.lines.join('')).toBe('客服新人未受培训，导致回答错误。然后客户投诉升级到经理');
  });

  it('breaks Latin text between words, and mixed text at both', () => {
    const w = wrapText('Night shift staff could not approve refunds 退款审批需要三级签字', 120, 10, style);
    expect(w.lines.join(' ').replace(/ (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) /g, '')).toBe('Night shift staff could not approve refunds 退款审批需要三级签字'.replace(/ (?=[\u4e00-\u9fff])/g, ''));
    for (const line of w.lines) expect(line).not.toMatch(/^\s|\s$/);
    expect(w.lines.some((l) => /approve/.test(l) && !/appro$/.test(l))).toBe(true);
  });

  it('breaks a word longer than the line at characters', () => {
    const w = wrapText('x'.repeat(100), 60, 10, style);
    expect(w.lines.length).toBeGreaterThan(1);
    for (const line of w.lines) expect(measure(line, style)).toBeLessThanOrEqual(60);
  });

  it('clips a 5,000-character text to the allowed lines with an ellipsis', () => {
    const long = '因为'.repeat(2500);
    const w = wrapText(long, style.maxWidth, style.maxLines, style);
    expect(w.lines).toHaveLength(style.maxLines);
    expect(w.clipped).toBe(true);
    expect(w.lines.at(-1)!.endsWith('…')).toBe(true);
    for (const line of w.lines) expect(measure(line, style)).toBeLessThanOrEqual(style.maxWidth + 0.001);
  });

  it('keeps explicit line breaks', () => {
    expect(wrapText('a\nb', 200, 4, style).lines).toEqual(['a', 'b']);
  });
});

describe('fishbone layout', () => {
  it('is deterministic: the same tree gives the same positions', () => {
    const f = sample();
    expect(layoutFishbone(f, 'Effect')).toEqual(layoutFishbone(structuredClone(f), 'Effect'));
  });

  it('puts the head on the right, categories alternating above and below the spine', () => {
    const layout = layoutFishbone(sample(), '为什么配送延误?');
    const head = layout.nodes.find((x) => x.kind === 'head')!;
    const spine = layout.edges.find((e) => e.kind === 'spine')!;
    const spineY = spine.points[0]![1];
    for (const x of layout.nodes) if (x.kind !== 'head') expect(x.x + x.width).toBeLessThanOrEqual(head.x);
    const cats = layout.nodes.filter((x) => x.kind === 'category');
    expect(cats.map((c) => c.side)).toEqual(['top', 'bottom', 'top']);
    expect(cats[0]!.y + cats[0]!.height).toBeLessThan(spineY);
    expect(cats[1]!.y).toBeGreaterThan(spineY);
    // Bones are slanted: the far end is further from the head than the foot on the spine.
    for (const bone of layout.edges.filter((e) => e.kind === 'bone')) {
      const [[x1, y1], [x2, y2]] = bone.points as [[number, number], [number, number]];
      expect(y1).toBe(spineY);
      expect(x2).toBeLessThan(x1);
      expect(Math.abs(y2 - y1)).toBeGreaterThan(Math.abs(x2 - x1));
    }
  });

  it('reads left to right in category order on each side', () => {
    const layout = layoutFishbone(generatedFishbone(40, { categories: 6 }), 'E');
    const cats = layout.nodes.filter((x) => x.kind === 'category');
    const top = cats.filter((c) => c.side === 'top').map((c) => c.x);
    const bottom = cats.filter((c) => c.side === 'bottom').map((c) => c.x);
    expect(top).toEqual([...top].sort((a, b) => a - b));
    expect(bottom).toEqual([...bottom].sort((a, b) => a - b));
  });

  it('places ribs horizontally, each sibling below the previous sibling’s deepest descendant', () => {
    const f = sample();
    const layout = layoutFishbone(f, 'E');
    const at = (id: string) => layout.nodes.find((x) => x.id === id)!;
    const [trained, noTraining, noScript] = [f.categories[0]!.causes[0]!, f.categories[0]!.causes[0]!.children[0]!, f.categories[0]!.causes[0]!.children[1]!];
    const understaffed = f.categories[0]!.causes[1]!;
    expect(at(noTraining.id).y).toBeGreaterThan(at(trained.id).y);
    expect(at(noScript.id).y).toBeGreaterThan(at(noTraining.id).y);
    expect(at(understaffed.id).y).toBeGreaterThan(at(noScript.id).y + at(noScript.id).height - 0.01);
    // A sub-cause hangs left of its parent's right end.
    expect(at(noTraining.id).x + at(noTraining.id).width).toBeLessThan(at(trained.id).x + at(trained.id).width);
    for (const rib of layout.edges.filter((e) => e.kind === 'rib')) {
      const last = rib.points.at(-1)!;
      const before = rib.points.at(-2)!;
      expect(last[1]).toBe(before[1]); // the rib itself is horizontal
    }
  });

  it('mirrors for head-left (对策型)', () => {
    const f = sample();
    const right = layoutFishbone(f, 'E');
    const left = layoutFishbone({ ...f, orientation: 'head_left' }, 'E');
    const head = left.nodes.find((x) => x.kind === 'head')!;
    for (const x of left.nodes) if (x.kind !== 'head') expect(x.x).toBeGreaterThanOrEqual(head.x + head.width);
    expect(left.width).toBe(right.width);
    expect(left.height).toBe(right.height);
    for (const x of right.nodes) {
      const m = left.nodes.find((y) => y.id === x.id)!;
      expect(m.y).toBe(x.y);
      // Mirrored about the drawing's centre (within the 1 px the size is rounded up by).
      expect(Math.abs(m.x + m.width / 2 - (right.width - (x.x + x.width / 2)))).toBeLessThanOrEqual(1);
    }
  });

  it('hides the causes under a collapsed cause and counts them', () => {
    const f = sample();
    f.categories[1]!.causes[0]!.collapsed = true;
    const layout = layoutFishbone(f, 'E');
    const node = layout.nodes.find((x) => x.id === f.categories[1]!.causes[0]!.id)!;
    expect(node.hidden).toBe(2);
    expect(layout.nodes.find((x) => x.id === f.categories[1]!.causes[0]!.children[0]!.id)).toBeUndefined();
  });

  it('never overlaps a box or crosses a line through one, for any tree (property)', () => {
    fc.assert(
      fc.property(fishboneArb(), (f) => {
        const layout = layoutFishbone(f, f.effect ?? 'Effect');
        expect(overlappingPairs(layout.nodes)).toEqual([]);
        expect(edgeCrossings(layout)).toEqual([]);
        for (const x of layout.nodes) {
          expect(x.x).toBeGreaterThanOrEqual(0);
          expect(x.y).toBeGreaterThanOrEqual(0);
          expect(x.x + x.width).toBeLessThanOrEqual(layout.width);
          expect(x.y + x.height).toBeLessThanOrEqual(layout.height);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('stays overlap-free and compact at 300 and 1,000 causes', () => {
    const three = layoutFishbone(generatedFishbone(300), 'Effect');
    expect(overlappingPairs(three.nodes)).toEqual([]);
    expect(edgeCrossings(three)).toEqual([]);
    // Mermaid draws 300 causes in about 1,800 × 4,400 px; the target is at most 1.5 times that area.
    expect(three.width * three.height).toBeLessThanOrEqual(1.5 * 1800 * 4400);
    const thousand = layoutFishbone(generatedFishbone(1000, { seed: 7 }), 'Effect');
    expect(overlappingPairs(thousand.nodes)).toEqual([]);
  });

  it('gives a node being typed into the full width', () => {
    const f = sample();
    const id = f.categories[0]!.causes[1]!.id;
    const normal = layoutFishbone(f, 'E').nodes.find((x) => x.id === id)!;
    const wide = layoutFishbone(f, 'E', { wideNodeId: id }).nodes.find((x) => x.id === id)!;
    expect(wide.width).toBe(style.maxWidth + 2 * style.padX);
    expect(wide.width).toBeGreaterThan(normal.width);
  });
});
