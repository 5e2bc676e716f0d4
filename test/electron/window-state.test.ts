import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplay,
  MIN_HEIGHT,
  MIN_WIDTH,
  readWindowState,
  writeWindowState,
  type Rect,
  type ScreenLike,
  type WindowState,
} from '../../electron/main/window-state';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

function screenWith(...areas: Rect[]): ScreenLike & { asked: Rect[] } {
  const asked: Rect[] = [];
  const overlap = (a: Rect, b: Rect) =>
    Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return {
    asked,
    getPrimaryDisplay: () => ({ workArea: areas[0]! }),
    // Like Electron: the display that overlaps most, else the first.
    getDisplayMatching: (rect) => {
      asked.push(rect);
      const best = [...areas].sort((a, b) => overlap(b, rect) - overlap(a, rect))[0]!;
      return { workArea: best };
    },
  };
}

describe('window state file', () => {
  it('round-trips what was written', () => {
    const file = join(tempDir(), 'nested', 'window-state.json');
    const state: WindowState = { x: 40, y: 60, width: 1000, height: 700, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('gives the default when the file is missing', () => {
    expect(readWindowState(join(tempDir(), 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('ignores garbage instead of failing', () => {
    const file = join(tempDir(), 'window-state.json');
    const garbage = [
      'not json at all',
      '',
      'null',
      '[1,2,3]',
      '{"width":"wide","height":700,"maximized":false}',
      '{"width":-5,"height":700,"maximized":false}',
      '{"width":1e12,"height":700,"maximized":false}',
      '{"width":1000.5,"height":700,"maximized":false}',
      '{"width":1000,"height":700}',
      '{"x":"0","y":0,"width":1000,"height":700,"maximized":false}',
    ];
    for (const text of garbage) {
      writeFileSync(file, text);
      expect(readWindowState(file), text).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('drops half a position and unknown keys', () => {
    const file = join(tempDir(), 'window-state.json');
    writeFileSync(file, JSON.stringify({ x: 5, width: 1000, height: 700, maximized: false, evil: '__proto__' }));
    expect(readWindowState(file)).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('refuses to write an invalid state', () => {
    const file = join(tempDir(), 'window-state.json');
    expect(() => writeWindowState(file, { width: Number.NaN, height: 1, maximized: false })).toThrow();
    expect(existsSync(file)).toBe(false);
  });

  it('writes plain JSON', () => {
    const file = join(tempDir(), 'window-state.json');
    writeWindowState(file, { width: 900, height: 600, maximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ width: 900, height: 600, maximized: false });
  });
});

describe('fitting to a display', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 900 };
  const external = { x: 1440, y: 0, width: 2560, height: 1440 };

  it('keeps a window that is already visible where it was', () => {
    const state = { x: 100, y: 80, width: 1200, height: 800, maximized: false };
    expect(fitToDisplay(state, screenWith(laptop, external))).toEqual(state);
  });

  it('brings back a window left on a display that was unplugged', () => {
    const fitted = fitToDisplay({ x: 3000, y: 200, width: 1600, height: 1000, maximized: false }, screenWith(laptop));
    expect(fitted).toEqual({ x: 0, y: 0, width: 1440, height: 900, maximized: false });
  });

  it('pulls a window hanging off the edge back inside the work area', () => {
    const fitted = fitToDisplay({ x: 1000, y: -300, width: 1000, height: 700, maximized: true }, screenWith(laptop));
    expect(fitted).toEqual({ x: 440, y: 0, width: 1000, height: 700, maximized: true });
  });

  it('uses the display the window overlaps most', () => {
    const fitted = fitToDisplay({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false }, screenWith(laptop, external));
    expect(fitted).toEqual({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false });
  });

  it('sizes a window without a position for the primary display and lets the OS centre it', () => {
    const fitted = fitToDisplay({ width: 5000, height: 200, maximized: false }, screenWith(laptop));
    expect(fitted).toEqual({ width: 1440, height: MIN_HEIGHT, maximized: false });
    expect(fitted).not.toHaveProperty('x');
  });

  it('never asks for more than a tiny screen offers', () => {
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    const fitted = fitToDisplay({ x: 0, y: 0, width: MIN_WIDTH, height: MIN_HEIGHT, maximized: false }, screenWith(tiny));
    expect(fitted).toEqual({ x: 0, y: 0, width: 640, height: 480, maximized: false });
  });
});
