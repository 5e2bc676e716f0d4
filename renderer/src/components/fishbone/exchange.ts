import type { Fishbone } from '../../../../shared/domain/fishbone';
import { exceedsMermaidTextSize, fishboneToMermaid } from '../../../../shared/exchange/mermaid-ishikawa';
import { layoutFishbone } from '../../../../shared/layout/fishbone';
import { renderFishboneSvg } from '../../../../shared/render/fishbone-svg';
import type { DiagramTheme } from '../../../../shared/render/palette';
import { downloadBlob, exportFileName as diagramFileName, svgToPng } from '../diagram/export';

export { currentDiagramTheme, downloadBlob, pngScale, safeFileName } from '../diagram/export';

/** Getting the fishbone out of the app: SVG and PNG images and Mermaid text, saved as downloads
 *  named after the case. The drawing is the same pure layout and renderer the report uses. */

export type ExportKind = 'svg' | 'png' | 'mmd';

/** `<title>-fishbone.<ext>`, or `fishbone.<ext>` for a case without a usable title. */
export function exportFileName(title: string, kind: ExportKind): string {
  return diagramFileName(title, 'fishbone', kind);
}

function drawing(fishbone: Fishbone, effect: string, title: string, theme: DiagramTheme) {
  const layout = layoutFishbone(fishbone, effect);
  return { svg: renderFishboneSvg(fishbone, layout, { title: title.trim() || undefined, theme }), width: layout.width, height: layout.height };
}

/** The diagram as a standalone SVG document. */
export function fishboneSvg(fishbone: Fishbone, effect: string, title: string, theme: DiagramTheme): string {
  return drawing(fishbone, effect, title, theme).svg;
}

/** Saves the SVG; returns the file name. */
export function downloadSvg(fishbone: Fishbone, effect: string, title: string, theme: DiagramTheme): string {
  const name = exportFileName(title, 'svg');
  downloadBlob(new Blob([fishboneSvg(fishbone, effect, title, theme)], { type: 'image/svg+xml;charset=utf-8' }), name);
  return name;
}

/** Saves the Mermaid `ishikawa` text; returns the file name and whether Mermaid, as it comes,
 *  would refuse to draw a text that long (with the length, to say so). */
export function downloadMermaid(fishbone: Fishbone, effect: string, title: string): { file: string; length: number; tooLong: boolean } {
  const file = exportFileName(title, 'mmd');
  const text = fishboneToMermaid(fishbone, effect);
  downloadBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), file);
  return { file, length: text.length, tooLong: exceedsMermaidTextSize(text) };
}

/** The diagram as a PNG. */
export async function fishbonePng(fishbone: Fishbone, effect: string, title: string, theme: DiagramTheme): Promise<Blob> {
  const { svg, width, height } = drawing(fishbone, effect, title, theme);
  return svgToPng(svg, width, height, theme);
}

/** Saves the PNG; resolves to the file name. */
export async function downloadPng(fishbone: Fishbone, effect: string, title: string, theme: DiagramTheme): Promise<string> {
  const name = exportFileName(title, 'png');
  downloadBlob(await fishbonePng(fishbone, effect, title, theme), name);
  return name;
}
