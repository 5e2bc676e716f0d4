import type { Why, WhyAnalysis } from '../domain/whys';
import { badgeWidth } from '../layout/text';
import { ROOT_MARK_WIDTH, WHY_LAYOUT, type WhyLaidOutNode, type WhyLayout } from '../layout/whys';
import { diagramPalette, type DiagramPalette, type DiagramTheme } from './palette';
import { badge, fmt, polylinePath, svgClose, svgOpen, textBlock } from './svg-parts';

export interface WhysSvgOptions {
  theme?: DiagramTheme;
  /** Accessible title of the drawing (the question, say). */
  title?: string;
}

/** The 5-Whys tree as a standalone SVG document: what the report embeds and the image export
 *  saves. Draws exactly the boxes and lines of the layout (made with the default options), so it
 *  matches the editor. Pure.
 *
 *  The question is a dark box like the fishbone's head. An answer's look says its status: a
 *  hypothesis plain, a verified answer with a green bar on its left, a ruled-out one muted, struck
 *  through and dashed. A root cause is bold and red in a red frame, with a target mark. */
export function renderWhysSvg(analysis: WhyAnalysis, layout: WhyLayout, options: WhysSvgOptions = {}): string {
  const p = diagramPalette(options.theme ?? 'light');
  const whys = new Map<string, Why>();
  const index = (list: readonly Why[]) => {
    for (const why of list) {
      whys.set(why.id, why);
      index(why.children);
    }
  };
  index(analysis.whys);

  const out: string[] = [];
  out.push(svgOpen({ width: layout.width, height: layout.height, background: p.background, title: options.title, titleId: 'whys-title' }));
  for (const edge of layout.edges) out.push(polylinePath(edge.points, p.rib, 1.4));
  for (const node of layout.nodes) {
    if (node.kind === 'question') out.push(question(node, p));
    else out.push(answer(node, whys.get(node.id) ?? null, p));
  }
  out.push(svgClose());
  return out.join('');
}

function rect(node: WhyLaidOutNode, rx: number, attrs: string): string {
  return `<rect x="${fmt(node.x)}" y="${fmt(node.y)}" width="${fmt(node.width)}" height="${fmt(node.height)}" rx="${rx}" ${attrs}/>`;
}

function question(node: WhyLaidOutNode, p: DiagramPalette): string {
  const s = WHY_LAYOUT.question;
  return (
    rect(node, 10, `fill="${p.headFill}" stroke="${p.bone}" stroke-width="2"`) +
    textBlock(node.lines, node.x + s.padX, node.y + s.padY + s.fontSize, s.lineHeight, `font-size="${s.fontSize}" font-weight="700" fill="${p.headText}"`)
  );
}

function answer(node: WhyLaidOutNode, why: Why | null, p: DiagramPalette): string {
  const s = WHY_LAYOUT.why;
  const status = why?.status ?? 'hypothesis';
  const root = why?.isRootCause ?? false;
  const ruledOut = status === 'ruled_out';
  const out: string[] = [];

  const frame = root
    ? `fill="${p.background}" stroke="${p.root}" stroke-width="2"`
    : ruledOut
      ? `fill="${p.background}" stroke="${p.muted}" stroke-width="1" stroke-dasharray="4 3"`
      : `fill="${p.background}" stroke="${p.rib}" stroke-width="1"`;
  out.push(rect(node, 5, frame));
  if (status === 'verified') out.push(`<rect x="${fmt(node.x)}" y="${fmt(node.y)}" width="4" height="${fmt(node.height)}" fill="${p.confirmed}"/>`);

  const color = ruledOut ? p.muted : root ? p.root : p.text;
  const weight = root ? ' font-weight="700"' : '';
  const decoration = ruledOut ? ' text-decoration="line-through"' : '';
  out.push(textBlock(node.lines, node.x + s.padX, node.y + s.padY + s.fontSize, s.lineHeight, `font-size="${s.fontSize}" fill="${color}"${weight}${decoration}`));

  // Badges sit inside the box's right end, where the layout kept room for them (right to left:
  // the root-cause mark, then the count of hidden whys).
  let right = node.x + node.width - s.padX;
  const top = node.y + s.padY + 2;
  if (root) {
    const cx = right - ROOT_MARK_WIDTH / 2;
    const cy = top + 7;
    out.push(`<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="6" fill="none" stroke="${p.root}" stroke-width="1.5"/>`);
    out.push(`<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="2.5" fill="${p.root}"/>`);
    right -= ROOT_MARK_WIDTH + 2;
  }
  if (node.hidden > 0) {
    const w = badgeWidth(node.hidden);
    out.push(badge(right - w, top, w, `…${node.hidden}`, p.muted, p.badgeText));
  }
  return out.join('');
}
