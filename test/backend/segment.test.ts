import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoSegmented, segmented, tokens } from '../../electron/backend/search/segment';

/** The index holds `segmented(text)` and queries go through `tokens`: the fast path must give
 *  exactly what the tokens joined by spaces give, or a library indexed by one would not be found
 *  by the other. */
describe('segmented', () => {
  const samples = [
    '',
    '   ',
    '客户投诉回滚冻结期间的供应商延误',
    'Customer Backups failed, e-mail ops1@example.com at 14:05 (+44 20 7946 1234).',
    '张三（13812345678）来电：退款未到账！Refund NOT received…',
    'ΟΔΟΣ ΟΔΟΣ. Σ ΑΣ: ΣΑ', // Greek capital sigma lower-cases by its neighbours
    'İstanbul ǅemal ß ẞ ﬃ', // characters whose lower case is longer or special
    'e\u0301cole cafe\u0301 na\u00efve', // combining marks
    '👩‍👩‍👧 emoji 😀 and 中文 mixed\u3000全角空格\t\ttabs\nnew lines',
    '\ud800 lone surrogate \udc00 here',
    'x'.repeat(5000),
  ];

  it('equals tokens joined by spaces on tricky texts', () => {
    for (const text of samples) expect(segmented(text), JSON.stringify(text.slice(0, 40))).toBe(tokens(text).join(' '));
  });

  it('equals tokens joined by spaces on random texts', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('回滚', '冻结', '供应商', 'ΟΔΟΣ', 'Σ', '.', ' ', 'İ', 'ß', '-', '\u0301', '１２３', 'Backups'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(segmented(text)).toBe(tokens(text).join(' '));
      }),
      { numRuns: 1500 },
    );
  });

  it('a memo gives the same cut, and stops remembering past its size', () => {
    const memo = memoSegmented(20);
    for (const text of samples) {
      expect(memo(text)).toBe(segmented(text));
      expect(memo(text)).toBe(segmented(text));
    }
  });
});
