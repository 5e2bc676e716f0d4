import { describe, expect, it } from 'vitest';
import { defaultWhyFields, type WhyAnalysis } from '../../shared/domain/whys';
import { DEFAULT_LAYOUT } from '../../shared/layout/fishbone';
import { wrapText } from '../../shared/layout/text';
import { layoutWhys } from '../../shared/layout/whys';
import { renderWhysSvg } from '../../shared/render/whys-svg';

const style = DEFAULT_LAYOUT.cause;

describe('spaces between Latin text or numbers and Chinese', () => {
  it('keeps the space on both sides of a number between Chinese characters', () => {
    expect(wrapText('近 21 小时', 400, 4, style).lines).toEqual(['近 21 小时']);
  });

  it('keeps the spaces in mixed English and Chinese on one line', () => {
    expect(wrapText('Redis 主从切换 took 3 min', 600, 4, style).lines).toEqual(['Redis 主从切换 took 3 min']);
  });

  it('drops only the space a line break falls on', () => {
    const w = wrapText('Redis 主从切换 took 3 min', 60, 10, style);
    expect(w.lines.length).toBeGreaterThan(1);
    // Joined back with the dropped spaces, the text reads as typed.
    expect(w.lines.join(' ').replace(/(\p{Script=Han}) (\p{Script=Han})/gu, '$1$2')).toBe('Redis 主从切换 took 3 min');
    for (const line of w.lines) expect(line).toBe(line.trim());
  });

  it('draws the spaces in the SVG export too', () => {
    const analysis: WhyAnalysis = {
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      startCauseId: null,
      question: '',
      direction: 'LR',
      whys: [{ ...defaultWhyFields('近 21 小时无人处理'), id: '00000000-0000-4000-8000-000000000001', children: [] }],
    };
    const svg = renderWhysSvg(analysis, layoutWhys(analysis, '为什么?'));
    expect(svg).toContain('近 21 小时无人处理');
  });
});
