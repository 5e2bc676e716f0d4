import { diagramPalette, type DiagramTheme } from '../../../../shared/render/palette';

/** File names are made in shared/ so the backend's exports are named the same way. */
export { exportFileName, safeFileName } from '../../../../shared/exchange/file-name';

/** Saving a diagram out of the app: safe file names, downloads, SVG to PNG. */

/** The theme the screen shows now (the user's choice, else the OS), for exports that should match it. */
export function currentDiagramTheme(): DiagramTheme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Saves a blob through a temporary download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download reads the URL after the click returns; give it time before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Chromium refuses canvases beyond 16,384 px a side; memory is the tighter bound for big diagrams. */
const MAX_SIDE = 16_384;
const MAX_PIXELS = 64_000_000;

/** The scale of the PNG: twice the screen's density, reduced so a big diagram still fits a canvas. */
export function pngScale(width: number, height: number, deviceScale: number): number {
  const wanted = 2 * Math.max(1, deviceScale || 1);
  const fits = Math.min(MAX_SIDE / Math.max(1, width), MAX_SIDE / Math.max(1, height), Math.sqrt(MAX_PIXELS / Math.max(1, width * height)));
  return Math.max(0.1, Math.min(wanted, fits));
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The diagram image could not be loaded.'));
    img.src = url;
  });
}

/** An SVG drawing as a PNG: drawn on a canvas at twice the device scale, on the drawing's own
 *  background (white, or dark for the dark theme). */
export async function svgToPng(svg: string, width: number, height: number, theme: DiagramTheme): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await loadImage(url);
    const scale = pngScale(width, height, window.devicePixelRatio);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas for the PNG export.');
    ctx.fillStyle = diagramPalette(theme).background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The PNG could not be encoded.');
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
