import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';
import { buildReport, REPORT_LAYOUTS, reportHtml, reportMarkdown, walkBlocks, type CaseSnapshot, type TableBlock } from '../../shared/report';
import { reportDocx } from '../../shared/report/docx';
import { fullSnapshot, GENERATED_AT } from '../support/report-fixtures';
import { docxParagraphs, readZip, zipText } from '../support/zip';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

/** The fixture case with three needs: one classified by four answers (M 2, O 1, A 1), one chosen
 *  directly and met, one not classified. */
function withNeeds(language: Language): CaseSnapshot {
  const zh = language === 'zh-CN';
  return {
    ...fullSnapshot(language),
    needs: [
      {
        id: uuid(1),
        text: zh ? '当天回电' : 'A call back the same day',
        kano: null,
        met: false,
        answers: [
          { id: uuid(11), functional: 'neutral', dysfunctional: 'dislike', respondent: '' },
          { id: uuid(12), functional: 'expect', dysfunctional: 'dislike', respondent: '' },
          { id: uuid(13), functional: 'like', dysfunctional: 'dislike', respondent: '' },
          { id: uuid(14), functional: 'like', dysfunctional: 'neutral', respondent: '' },
        ],
      },
      { id: uuid(2), text: zh ? '等候时有饮品' : 'A drink while waiting', kano: 'A', met: true, answers: [] },
      { id: uuid(3), text: zh ? '有人倾听' : 'Someone who listens', kano: null, met: false, answers: [] },
    ],
  };
}

/** Better (A+O)/(A+O+M+I) = 2/4, Worse -(O+M)/(A+O+M+I) = -3/4. */
const ROWS: Record<Language, string[][]> = {
  en: [
    ['A call back the same day', 'Must-be (M)', 'Not met', '4', '0.50', '-0.75'],
    ['A drink while waiting', 'Attractive (A)', 'Met', '0', '—', '—'],
    ['Someone who listens', 'Not classified', 'Not met', '0', '—', '—'],
  ],
  'zh-CN': [
    ['当天回电', '基本需求（M）', '未满足', '4', '0.50', '-0.75'],
    ['等候时有饮品', '兴奋需求 / 魅力（A）', '已满足', '0', '—', '—'],
    ['有人倾听', '未分类', '未满足', '0', '—', '—'],
  ],
};

describe.each(LANGUAGES)('customer needs in the report, in %s', (language) => {
  it.each(REPORT_LAYOUTS)('%s: a table of the needs with their KANO category and Better / Worse', (layout) => {
    const doc = buildReport(withNeeds(language), { language, layout, generatedAt: GENERATED_AT });
    const tables: TableBlock[] = [];
    walkBlocks(doc, (b) => b.kind === 'table' && b.key === 'needs' && tables.push(b));
    expect(tables.length).toBe(1);
    expect(tables[0]!.rows).toEqual(ROWS[language]);
  });

  it('is written into Markdown, HTML and Word', async () => {
    const doc = buildReport(withNeeds(language), { language, layout: 'steps', generatedAt: GENERATED_AT });
    const heading = language === 'en' ? 'Customer needs (KANO)' : '客户需求（KANO）';
    const md = reportMarkdown(doc);
    expect(md).toContain(`### ${heading}`);
    expect(md).toMatch(new RegExp(`\\|\\s*${ROWS[language][0]![0]}\\s*\\|\\s*${ROWS[language][0]![1]!.replace(/[()（）]/g, '.')}`));
    const html = reportHtml(doc);
    expect(html).toContain(heading);
    expect(html).toContain('0.50');
    const xml = zipText(readZip(await reportDocx(doc)), 'word/document.xml');
    const text = docxParagraphs(xml).map((p) => p.text).join('\n');
    for (const cell of ROWS[language][0]!) expect(text).toContain(cell);
  });

  it('says so when the case has no needs', () => {
    const doc = buildReport(fullSnapshot(language), { language, layout: 'steps', generatedAt: GENERATED_AT });
    expect(reportMarkdown(doc)).toContain(language === 'en' ? 'No customer need recorded.' : '未记录客户需求。');
  });
});
