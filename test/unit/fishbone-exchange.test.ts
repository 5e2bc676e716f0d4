import { describe, expect, it } from 'vitest';
import { exportFileName, pngScale, safeFileName } from '../../renderer/src/components/fishbone/exchange';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('safeFileName', () => {
  it('keeps Chinese and ordinary punctuation', () => {
    expect(safeFileName('门店排队投诉 (2024 年 5 月)')).toBe('门店排队投诉 (2024 年 5 月)');
    expect(safeFileName('Late delivery – Q2, v1.2')).toBe('Late delivery – Q2, v1.2');
  });

  it('drops characters that are not allowed in file names on some OS', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('abcdefghij');
    expect(safeFileName('订单:丢失?')).toBe('订单丢失');
  });

  it('drops control and direction-override characters and collapses white space', () => {
    expect(safeFileName('line one\nline\ttwo\u0000')).toBe('line one line two');
    expect(safeFileName('evil\u202Egvs.exe')).toBe('evilgvs.exe');
    expect(safeFileName('  spaced   out  ')).toBe('spaced out');
  });

  it('trims leading and trailing dots and spaces', () => {
    expect(safeFileName('..hidden')).toBe('hidden');
    expect(safeFileName('trailing. . ')).toBe('trailing');
  });

  it('falls back when nothing usable is left', () => {
    expect(safeFileName('')).toBe('fishbone');
    expect(safeFileName('  / : * ?  ')).toBe('fishbone');
    expect(safeFileName('...', 'x')).toBe('x');
  });

  it('avoids Windows device names', () => {
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('lpt1')).toBe('_lpt1');
    expect(safeFileName('Console')).toBe('Console');
  });

  it('cuts long titles at 80 characters without splitting a character', () => {
    const chinese = '长'.repeat(200);
    expect(safeFileName(chinese)).toBe('长'.repeat(80));
    const emoji = '😀'.repeat(100);
    const cut = safeFileName(emoji);
    expect([...cut].every((c) => c === '😀')).toBe(true);
    expect(bytes(`${cut}-fishbone.png`)).toBeLessThanOrEqual(255);
    expect(safeFileName('a'.repeat(300))).toHaveLength(80);
  });
});

describe('exportFileName', () => {
  it('adds the suffix and extension', () => {
    expect(exportFileName('门店投诉', 'svg')).toBe('门店投诉-fishbone.svg');
    expect(exportFileName('a/b', 'png')).toBe('ab-fishbone.png');
    expect(exportFileName('', 'mmd')).toBe('fishbone.mmd');
    expect(exportFileName('???', 'svg')).toBe('fishbone.svg');
  });
});

describe('pngScale', () => {
  it('is twice the device scale for ordinary diagrams', () => {
    expect(pngScale(1200, 800, 1)).toBe(2);
    expect(pngScale(1200, 800, 2)).toBe(4);
  });

  it('shrinks for diagrams too big for a canvas', () => {
    const s = pngScale(20_000, 3_000, 1);
    expect(20_000 * s).toBeLessThanOrEqual(16_384);
    expect(20_000 * 3_000 * s * s).toBeLessThanOrEqual(64_000_000);
  });
});
