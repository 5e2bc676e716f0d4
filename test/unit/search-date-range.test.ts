import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart } from '../../renderer/src/components/search/date-range';

describe('search date range', () => {
  it('covers whole local days, from the first moment of the first to the last of the last', () => {
    expect(new Date(dayStart('2026-03-05')!).getTime()).toBe(new Date(2026, 2, 5).getTime());
    expect(new Date(dayEnd('2026-03-05')!).getTime()).toBe(new Date(2026, 2, 5, 23, 59, 59, 999).getTime());
    expect(dayStart('2026-03-05')! < dayEnd('2026-03-05')!).toBe(true);
  });

  it('gives nothing for an empty or malformed day rather than a wrong date', () => {
    for (const bad of ['', '2026-3-5', '05/03/2026', 'x']) {
      expect(dayStart(bad)).toBeUndefined();
      expect(dayEnd(bad)).toBeUndefined();
    }
  });
});
