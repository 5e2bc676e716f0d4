/** Colours and font of the diagrams outside the app (SVG, PNG, reports). The editor's CSS uses
 *  the same values through custom properties, so an export looks like the screen. */
export type DiagramTheme = 'light' | 'dark';

export const DIAGRAM_FONT = '"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export interface DiagramPalette {
  background: string;
  bone: string;
  rib: string;
  text: string;
  muted: string;
  headFill: string;
  headText: string;
  categoryFill: string;
  categoryText: string;
  root: string;
  confirmed: string;
  topFill: string;
  badge: string;
  topBadge: string;
  badgeText: string;
}

const LIGHT: DiagramPalette = {
  background: '#ffffff',
  bone: '#1f3a5f',
  rib: '#5b6b7f',
  text: '#1b2430',
  muted: '#6b7686',
  headFill: '#1f3a5f',
  headText: '#ffffff',
  categoryFill: '#e3ebf6',
  categoryText: '#13294b',
  root: '#b42318',
  confirmed: '#1f7a3e',
  topFill: '#fff4cc',
  badge: '#5b6b7f',
  topBadge: '#8a4d00',
  badgeText: '#ffffff',
};

const DARK: DiagramPalette = {
  background: '#14181f',
  bone: '#9db7dc',
  rib: '#8592a3',
  text: '#e6ebf2',
  muted: '#97a1ae',
  headFill: '#2c4a73',
  headText: '#ffffff',
  categoryFill: '#223247',
  categoryText: '#e3ebf6',
  root: '#ff8a80',
  confirmed: '#6fd08c',
  topFill: '#4a3b12',
  badge: '#5b6b7f',
  topBadge: '#8a4d00',
  badgeText: '#ffffff',
};

export function diagramPalette(theme: DiagramTheme): DiagramPalette {
  return theme === 'dark' ? DARK : LIGHT;
}
