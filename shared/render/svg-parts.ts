import { DIAGRAM_FONT } from './palette';
import { escapeXml } from './xml';

/** Pieces of the standalone SVG documents (fishbone, 5 Whys): each returns markup, and every text
 *  that reaches the output goes through `escapeXml`. Pure. */

/** A coordinate as written: integers as they are, anything else to one decimal. */
export const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export interface SvgDocument {
  width: number;
  height: number;
  background: string;
  /** Accessible title of the drawing; none leaves the title out. */
  title?: string;
  /** Id of the <title> element (what aria-labelledby points at). */
  titleId: string;
}

/** The opening tag, the title and the background. */
export function svgOpen({ width, height, background, title, titleId }: SvgDocument): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"${
      title ? ` aria-labelledby="${escapeXml(titleId)}"` : ''
    } font-family="${escapeXml(DIAGRAM_FONT)}">` +
    (title ? `<title id="${escapeXml(titleId)}">${escapeXml(title)}</title>` : '') +
    `<rect width="100%" height="100%" fill="${background}"/>`
  );
}

export function svgClose(): string {
  return '</svg>';
}

/** A polyline through `points`, with round caps and joins. */
export function polylinePath(points: ReadonlyArray<readonly [number, number]>, stroke: string, width: number): string {
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${fmt(x)} ${fmt(y)}`).join(' ');
  return `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** Lines of text, one <tspan> each, the first baseline at `firstBaseline`. `attrs` is markup the
 *  caller builds from its own values (never user text). */
export function textBlock(lines: readonly string[], x: number, firstBaseline: number, lineHeight: number, attrs: string): string {
  const spans = lines.map((line, i) => `<tspan x="${fmt(x)}" y="${fmt(firstBaseline + i * lineHeight)}">${escapeXml(line)}</tspan>`).join('');
  return `<text ${attrs}>${spans}</text>`;
}

/** A small pill with a short label (a count), `width` wide and 14 high, its top left at (x, y). */
export function badge(x: number, y: number, width: number, label: string, fill: string, textFill: string): string {
  return (
    `<rect x="${fmt(x)}" y="${fmt(y)}" width="${width}" height="14" rx="7" fill="${fill}"/>` +
    `<text x="${fmt(x + width / 2)}" y="${fmt(y + 10.5)}" font-size="10" font-weight="700" text-anchor="middle" fill="${textFill}">${escapeXml(label)}</text>`
  );
}
