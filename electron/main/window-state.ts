import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
const MAX_SIDE = 100_000;

const Coordinate = z.number().int().min(-MAX_SIDE).max(MAX_SIDE);
export const WindowState = z.object({
  x: Coordinate.optional(),
  y: Coordinate.optional(),
  width: z.number().int().min(1).max(MAX_SIDE),
  height: z.number().int().min(1).max(MAX_SIDE),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The slice of Electron's `screen` this needs. */
export interface ScreenLike {
  getDisplayMatching(rect: Rect): { workArea: Rect };
  getPrimaryDisplay(): { workArea: Rect };
}

/** The saved state, or the default when the file is missing, unreadable or not what we wrote:
 *  a bad file must never keep the window from opening. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return { ...DEFAULT_WINDOW_STATE };
    const { x, y, ...rest } = parsed.data;
    // A position is only meaningful as a pair.
    return x !== undefined && y !== undefined ? { x, y, ...rest } : rest;
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** Written beside and renamed over, so a crash mid-write leaves the previous state. */
export function writeWindowState(file: string, state: WindowState): void {
  const checked = WindowState.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(checked));
  renameSync(temp, file);
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

/** Fits the state onto a display that exists now: the screen it was on may have been unplugged. */
export function fitToDisplay(state: WindowState, screen: ScreenLike): WindowState {
  const hasPosition = state.x !== undefined && state.y !== undefined;
  const area = hasPosition
    ? screen.getDisplayMatching({ x: state.x!, y: state.y!, width: state.width, height: state.height }).workArea
    : screen.getPrimaryDisplay().workArea;
  const width = clamp(state.width, Math.min(MIN_WIDTH, area.width), area.width);
  const height = clamp(state.height, Math.min(MIN_HEIGHT, area.height), area.height);
  if (!hasPosition) return { width, height, maximized: state.maximized };
  return {
    x: clamp(state.x!, area.x, area.x + area.width - width),
    y: clamp(state.y!, area.y, area.y + area.height - height),
    width,
    height,
    maximized: state.maximized,
  };
}
