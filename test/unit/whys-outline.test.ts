import { describe, expect, it } from 'vitest';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { whysToOutline, type WhyOutlineLabels } from '../../shared/exchange/whys-outline';

let n = 0;
const why = (answer: string, children: Why[] = [], extra: Partial<Why> = {}): Why => ({
  ...defaultWhyFields(answer),
  id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
  children,
  ...extra,
});

const analysis = (whys: Why[]): WhyAnalysis => ({ id: 'aaaaaaaa-0000-4000-8000-000000000001', startCauseId: null, question: '', direction: 'LR', whys });

/** What the app passes in English and in Chinese (the words of its catalogs). */
const EN: WhyOutlineLabels = {
  status: { hypothesis: 'Hypothesis', verified: 'Verified', ruled_out: 'Ruled out' },
  stopReason: { controllable: 'We can control and fix it', outside_control: 'Outside our control', needs_data: 'Needs more data' },
  rootCause: 'Root cause',
};
const ZH: WhyOutlineLabels = {
  status: { hypothesis: '假设', verified: '已验证', ruled_out: '已排除' },
  stopReason: { controllable: '可控、可改进', outside_control: '超出我们的控制', needs_data: '需要更多数据' },
  rootCause: '根本原因',
};

function deliveries(): WhyAnalysis {
  return analysis([
    why('Because the warehouse was short of staff', [
      why('Because the rota was made for normal weeks', [], { isRootCause: true, stopReason: 'controllable' }),
      why('Because two pickers were ill', [why('Because of the flu season')]),
    ], { status: 'verified' }),
    why('Because the courier lost parcels', [], { status: 'ruled_out' }),
  ]);
}

describe('5 Whys as a text outline', () => {
  it('numbers whys by their place in the tree and lines children up under their parent’s text', () => {
    expect(whysToOutline(deliveries(), 'Why were deliveries late?', EN)).toBe(
      [
        'Why were deliveries late?',
        '  1. Because the warehouse was short of staff [Verified]',
        '     1.1. Because the rota was made for normal weeks [Root cause: We can control and fix it]',
        '     1.2. Because two pickers were ill',
        '          1.2.1. Because of the flu season',
        '  2. Because the courier lost parcels [Ruled out]',
        '',
      ].join('\n'),
    );
  });

  it('takes its words from the labels: Chinese', () => {
    const a = analysis([
      why('仓库人手不足', [why('排班按平常周安排', [], { isRootCause: true, stopReason: 'controllable' }), why('快递丢件', [], { status: 'ruled_out', isRootCause: true, stopReason: null })], { status: 'verified' }),
    ]);
    expect(whysToOutline(a, '为什么配送延误？', { ...ZH, question: (text) => `为什么会发生：${text}` })).toBe(
      ['为什么会发生：为什么配送延误？', '  1. 仓库人手不足 [已验证]', '     1.1. 排班按平常周安排 [根本原因：可控、可改进]', '     1.2. 快递丢件 [已排除] [根本原因]', ''].join('\n'),
    );
  });

  it('takes its words from the labels: English, with a question line and evidence', () => {
    const a = analysis([why('Because the pool was exhausted', [], { status: 'verified', isRootCause: true, stopReason: 'needs_data', evidence: 'Pool graphs\nfrom 14:02 to 16:10' })]);
    const labels: WhyOutlineLabels = { ...EN, question: (text) => `Why did this happen: ${text}`, evidence: 'Evidence' };
    expect(whysToOutline(a, 'Orders failed', labels)).toBe(
      [
        'Why did this happen: Orders failed',
        '  1. Because the pool was exhausted [Verified] [Root cause: Needs more data]',
        '     Evidence: Pool graphs',
        '               from 14:02 to 16:10',
        '',
      ].join('\n'),
    );
    // Without the evidence label, evidence stays out.
    expect(whysToOutline(a, 'Orders failed', EN)).not.toContain('Pool graphs');
  });

  it('indents an answer’s further lines under its first, dropping blank lines', () => {
    const a = analysis([why('First line\r\nsecond line\n\n   \nthird line   ', [why('Child\nof it', [], { status: 'verified' })])]);
    expect(whysToOutline(a, 'Q', EN)).toBe(
      ['Q', '  1. First line', '     second line', '     third line', '     1.1. Child', '          of it [Verified]', ''].join('\n'),
    );
  });

  it('widens the indent with the number: ten siblings and more', () => {
    const a = analysis(Array.from({ length: 11 }, (_, i) => why(`Answer ${i + 1}`, i === 10 ? [why('Deep\nanswer')] : [])));
    const lines = whysToOutline(a, 'Q', EN).split('\n');
    expect(lines[1]).toBe('  1. Answer 1');
    expect(lines[10]).toBe('  10. Answer 10');
    expect(lines[11]).toBe('  11. Answer 11');
    expect(lines[12]).toBe('      11.1. Deep');
    expect(lines[13]).toBe('            answer');
  });

  it('writes collapsed whys too, and an empty analysis as its question alone', () => {
    const a = deliveries();
    a.whys[0]!.collapsed = true;
    expect(whysToOutline(a, 'Q', EN)).toContain('          1.2.1. Because of the flu season\n');
    expect(whysToOutline(analysis([]), 'Why?', EN)).toBe('Why?\n');
    expect(whysToOutline(analysis([why('A')]), '', EN)).toBe('  1. A\n');
  });

  it('keeps the text as typed: no escaping, no markup', () => {
    const a = analysis([why('<b>A</b> & "B"')]);
    expect(whysToOutline(a, 'Q & A', EN)).toBe('Q & A\n  1. <b>A</b> & "B"\n');
  });
});
