import { describe, expect, it } from 'vitest';
import { addDays, formatDayInput, parseDayInput, today } from '../../renderer/src/components/insights/day-input';

/** The insights filters' days, typed and shown in the app's language whatever the browser's is. */

describe('insights day input', () => {
  it('shows a day as the app writes it in each language', () => {
    expect(formatDayInput('2026-12-07', 'en')).toBe('Dec 7, 2026');
    expect(formatDayInput('2026-12-07', 'zh-CN')).toBe('2026年12月7日');
    // The day itself, not shifted by the machine's zone.
    expect(formatDayInput('2026-01-01', 'en')).toBe('Jan 1, 2026');
  });

  it('reads what it shows, and the forms people type, in both languages', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      for (const typed of ['2026-12-07', '2026-12-7', '2026/12/07', '2026.12.7', ' 2026 - 12 - 07 ', '2026年12月7日', '2026年12月07日', '2026年12月7', '２０２６年１２月７日', 'Dec 7, 2026', 'dec 7 2026', 'December 7, 2026', '7 Dec 2026', '7 December, 2026', 'Dec. 7th, 2026'])
        expect(parseDayInput(typed, language), `${typed} (${language})`).toBe('2026-12-07');
      expect(parseDayInput(formatDayInput('2026-03-09', language), language)).toBe('2026-03-09');
    }
    // The numeric form English writes (month first), in English only.
    expect(parseDayInput('12/7/2026', 'en')).toBe('2026-12-07');
    expect(parseDayInput('12/7/2026', 'zh-CN')).toBeUndefined();
  });

  it('tells nothing (clear the filter) from text that is not a day', () => {
    expect(parseDayInput('', 'en')).toBeNull();
    expect(parseDayInput('   ', 'zh-CN')).toBeNull();
    for (const bad of ['2026-02-30', '2026-13-01', '2026年2月30日', 'Feb 30, 2026', 'tomorrow', '12/07', '2026', 'Ju 7, 2026', '31/12/2026', '0999-01-01', '2026-12-07T00:00'])
      expect(parseDayInput(bad, 'en'), bad).toBeUndefined();
    expect(parseDayInput('2028-02-29', 'en')).toBe('2028-02-29');
  });

  it('moves a day at a time across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(today(new Date(2026, 11, 7, 23, 30))).toBe('2026-12-07');
  });
});
