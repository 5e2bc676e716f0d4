import { topVoted, type Cause, type Fishbone } from '../domain/fishbone';
import type { FishboneLayout, LaidOutNode } from '../layout/fishbone';
import { DEFAULT_LAYOUT } from '../layout/fishbone';
import { badgeWidth } from '../layout/text';
import { diagramPalette, type DiagramTheme } from './palette';
import { badge as badgeMarkup, fmt, polylinePath, svgClose, svgOpen, textBlock } from './svg-parts';

export interface FishboneSvgOptions {
  theme?: DiagramTheme;
  /** Accessible title of the drawing (the case title, say). */
  title?: string;
}

function textLines(node: LaidOutNode, x: number, firstBaseline: number, lineHeight: number, attrs: string): string {
  return textBlock(node.lines, x, firstBaseline, lineHeight, attrs);
}

/** The fishbone as a standalone SVG document: what the report embeds and the image export saves.
 *  Draws exactly the boxes and lines of the layout, so it matches the editor. Pure. */
export function renderFishboneSvg(fishbone: Fishbone, layout: FishboneLayout, options: FishboneSvgOptions = {}): string {
  const p = diagramPalette(options.theme ?? 'light');
  const causes = new Map<string, Cause>();
  const index = (list: Cause[]) => {
    for (const c of list) {
      causes.set(c.id, c);
      index(c.children);
    }
  };
  for (const category of fishbone.categories) index(category.causes);
  const top = topVoted(fishbone);
  const { cause: cs, category: cat, head: hs } = DEFAULT_LAYOUT;

  const out: string[] = [];
  out.push(svgOpen({ width: layout.width, height: layout.height, background: p.background, title: options.title, titleId: 'fishbone-title' }));

  for (const edge of layout.edges) {
    const width = edge.kind === 'spine' ? 3 : edge.kind === 'bone' ? 2 : 1.2;
    out.push(polylinePath(edge.points, edge.kind === 'rib' ? p.rib : p.bone, width));
  }

  for (const node of layout.nodes) {
    if (node.kind === 'head') {
      out.push(`<rect x="${fmt(node.x)}" y="${fmt(node.y)}" width="${fmt(node.width)}" height="${fmt(node.height)}" rx="10" fill="${p.headFill}" stroke="${p.bone}" stroke-width="2"/>`);
      out.push(textLines(node, node.x + hs.padX, node.y + hs.padY + hs.fontSize, hs.lineHeight, `font-size="${hs.fontSize}" font-weight="700" fill="${p.headText}"`));
      continue;
    }
    if (node.kind === 'category') {
      out.push(`<rect x="${fmt(node.x)}" y="${fmt(node.y)}" width="${fmt(node.width)}" height="${fmt(node.height)}" rx="6" fill="${p.categoryFill}" stroke="${p.bone}" stroke-width="1.5"/>`);
      out.push(textLines(node, node.x + cat.padX, node.y + cat.padY + cat.fontSize, cat.lineHeight, `font-size="${cat.fontSize}" font-weight="700" fill="${p.categoryText}"`));
      continue;
    }
    const cause = causes.get(node.id);
    if (!cause) continue;
    const highlighted = top.has(node.id);
    if (highlighted || cause.isRootCause) {
      out.push(
        `<rect x="${fmt(node.x - 2)}" y="${fmt(node.y - 1)}" width="${fmt(node.width + 4)}" height="${fmt(node.height)}" rx="4" fill="${highlighted ? p.topFill : 'none'}"${
          cause.isRootCause ? ` stroke="${p.root}" stroke-width="1.5"` : ''
        }/>`,
      );
    }
    const color = cause.status === 'ruled_out' ? p.muted : cause.isRootCause ? p.root : p.text;
    const weight = cause.isRootCause ? ' font-weight="700"' : '';
    if (cause.status === 'confirmed') out.push(`<rect x="${fmt(node.x)}" y="${fmt(node.y)}" width="3" height="${fmt(node.height)}" fill="${p.confirmed}"/>`);
    const decoration = cause.status === 'ruled_out' ? ' text-decoration="line-through"' : '';
    const italic = cause.status === 'hypothesis' ? '' : cause.status === 'investigating' ? ' font-style="italic"' : '';
    out.push(textLines(node, node.x + cs.padX, node.y + cs.padY + cs.fontSize, cs.lineHeight, `font-size="${cs.fontSize}" fill="${color}"${weight}${decoration}${italic}`));
    // Badges sit inside the box's right end, where the layout kept room for them.
    let right = node.x + node.width - cs.padX;
    const badge = (count: number, fill: string, prefix: string) => {
      const w = badgeWidth(count);
      const x = right - w;
      const y = node.y + cs.padY + 2;
      out.push(badgeMarkup(x, y, w, `${prefix}${count}`, fill, p.badgeText));
      right = x - 2;
    };
    if (cause.votes > 0) badge(cause.votes, highlighted ? p.topBadge : p.badge, '+');
    if (node.hidden > 0) badge(node.hidden, p.muted, '…');
  }
  out.push(svgClose());
  return out.join('');
}
