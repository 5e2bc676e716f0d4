import { describe, expect, it } from 'vitest';
import { CaseRecord, TimelineEvent } from '../../shared/domain/case';
import { Fishbone, emptyFishbone } from '../../shared/domain/fishbone';
import { CasePlan, emptyPlan } from '../../shared/domain/plan';
import { WhyAnalyses } from '../../shared/domain/whys';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';
import {
  buildReport,
  escapeMarkdown,
  neutralizeFormula,
  REPORT_CSP,
  REPORT_FORMATS,
  REPORT_LAYOUTS,
  reportHtml,
  reportMarkdown,
  walkBlocks,
  walkSections,
  type CaseSnapshot,
  type DiagramBlock,
  type ReportDoc,
  paragraphs,
  type ReportLayout,
  type ReportSection,
  type TableBlock,
} from '../../shared/report';
import { escapeXml } from '../../shared/render/xml';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { caseRecord, fullSnapshot, GENERATED_AT, hostileSnapshot, largeSnapshot, LONG_PAYLOAD, PAYLOADS } from '../support/report-fixtures';

// ---------------------------------------------------------------------------------------------
// Helpers: read the outputs back.

/** Markdown text with its backslash escapes undone. */
const unescapeMd = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Splits at characters that are not backslash-escaped (a backslash escapes the next char). */
function splitUnescaped(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      cur += ch + line[i + 1];
      i++;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The text left when every escaped pair is removed. */
const unescapedOnly = (s: string) => s.replace(/\\[\s\S]/g, '');

const mdHeadings = (md: string, level: number) =>
  md
    .split('\n')
    .filter((l) => l.startsWith(`${'#'.repeat(level)} `))
    .map((l) => unescapeMd(l.slice(level + 1)));

interface MdTable {
  header: string[];
  rows: string[][];
}

/** GFM tables of a Markdown text, cells unescaped (with <br> as "\n"). */
function mdTables(md: string): MdTable[] {
  const lines = md.split('\n');
  const tables: MdTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('| ') || !lines[i + 1]?.startsWith('| ---')) continue;
    const cells = (line: string) => splitUnescaped(line, '|').slice(1, -1).map((c) => unescapeMd(c.trim()).replace(/<br>/g, '\n'));
    const header = cells(lines[i]!);
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(cells(lines[j]!));
    tables.push({ header, rows });
    i = j;
  }
  return tables;
}

const decode = (s: string) => s.replace(/<br>/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const htmlHeadings = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag} id="[^"]*">(.*?)</${tag}>`, 'g'))].map((m) => decode(m[1]!));

/** The rows (cells decoded) of the HTML table with data-table="key", in order; one list per table. */
function htmlTables(html: string, key: string): string[][][] {
  return [...html.matchAll(new RegExp(`<table class="data" data-table="${key}">([\\s\\S]*?)</table>`, 'g'))].map((m) =>
    [...m[1]!.matchAll(/<tr>(.*?)<\/tr>/g)].filter((r) => r[1]!.includes('<td')).map((r) => [...r[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => decode(c[1]!))),
  );
}

const tablesOf = (doc: ReportDoc, key: string) => {
  const out: TableBlock[] = [];
  walkBlocks(doc, (b) => b.kind === 'table' && b.key === key && out.push(b));
  return out;
};

const build = (snapshot: CaseSnapshot, language: Language, layout: ReportLayout, extra: { timeZone?: string } = {}) =>
  buildReport(snapshot, { language, layout, generatedAt: GENERATED_AT, ...extra });

// ---------------------------------------------------------------------------------------------
// What each layout must say, in each language.

const TOP_HEADINGS: Record<Language, Record<ReportLayout, string[]>> = {
  en: {
    steps: ['Executive summary', 'Overview and key facts', '1. Problem identification', '2. Cause analysis', '3. Solution design', '4. Execution and feedback', '5. Summary and improvement', 'Appendix'],
    '8d': [
      'Executive summary',
      'D1 Establish the team',
      'D2 Describe the problem',
      'D3 Contain the problem',
      'D4 Find the root causes',
      'D5 Choose corrective actions',
      'D6 Implement and validate',
      'D7 Prevent recurrence',
      'D8 Recognise the team and record lessons',
    ],
    a3: ['Background', 'Current condition', 'Analysis', 'Sign-off', 'Countermeasures', 'Follow-up', 'Appendix'],
  },
  'zh-CN': {
    steps: ['执行摘要', '概况与关键信息', '1、问题识别', '2、原因分析', '3、制定方案', '4、执行与反馈', '5、总结与改进', '附录'],
    '8d': ['执行摘要', 'D1 成立小组', 'D2 描述问题', 'D3 临时围堵措施', 'D4 分析根本原因', 'D5 选定永久纠正措施', 'D6 实施并验证纠正措施', 'D7 预防再发生', 'D8 总结经验、表彰团队'],
    a3: ['背景', '现状', '原因分析', '签字确认', '对策', '效果确认与跟进', '附录'],
  },
};

/** Second-level headings of the steps layout, in order. */
const STEP_SUBHEADINGS: Record<Language, string[]> = {
  en: [
    'What happened', 'Root causes', 'Actions', 'Key lessons', 'Sign-off',
    'Key facts', 'People',
    'Problem statement', 'What the customer experienced', 'Customer impact', 'Timeline', 'Customer needs (KANO)',
    'Fishbone diagram', '5 Whys', 'Root causes',
    'Action plan', 'Action details', 'Root causes without an action',
    'Status of the actions', 'Progress notes', 'Effectiveness checks', 'Customer feedback',
    'Summary', 'Lessons learned', 'Improvements', 'Follow-up',
    'In figures',
  ],
  'zh-CN': [
    '事件经过', '根本原因', '改进措施', '主要经验', '签字确认',
    '关键信息', '相关人员',
    '问题描述', '客户经历', '客户影响', '时间线', '客户需求（KANO）',
    '鱼骨图', '5个为什么', '根本原因',
    '行动计划', '措施详情', '尚无措施的根本原因',
    '措施执行状态', '进展记录', '效果验证', '客户反馈',
    '总结', '经验教训', '改进项', '跟进',
    '数据一览',
  ],
};

const FORMATS: Record<Language, { generated: RegExp; day: string; votes: string; participants: string; overdue: string; statuses: string[] }> = {
  en: {
    generated: /Dec 1, 2026, 9:30\sAM/u,
    day: 'Nov 11, 2026',
    votes: '5 votes',
    participants: 'Min Wang, Qiang Li, Lei Zhao, and Jing Chen',
    overdue: 'In progress (overdue)',
    statuses: ['Verified', 'In progress (overdue)', 'Done', 'Planned', 'Cancelled', 'Verified'],
  },
  'zh-CN': {
    generated: /2026年12月1日 09:30/u,
    day: '2026年11月11日',
    votes: '5 票',
    participants: '王敏、李强、赵磊和陈静',
    overdue: '进行中（已逾期）',
    statuses: ['已验证', '进行中（已逾期）', '已完成', '计划中', '已取消', '已验证'],
  },
};

// ---------------------------------------------------------------------------------------------

const CATALOGS_FOR = { en: CATALOGS.en.report, 'zh-CN': CATALOGS['zh-CN'].report } as const;

describe('report fixtures', () => {
  it('are valid domain data', () => {
    for (const snap of [fullSnapshot('en'), fullSnapshot('zh-CN'), hostileSnapshot()]) {
      expect(() => CaseRecord.parse(snap.case)).not.toThrow();
      for (const e of snap.timeline) expect(() => TimelineEvent.parse(e)).not.toThrow();
      expect(() => Fishbone.parse(snap.fishbone)).not.toThrow();
      expect(() => WhyAnalyses.parse(snap.analyses)).not.toThrow();
      expect(() => CasePlan.parse(snap.plan)).not.toThrow();
    }
    expect(LONG_PAYLOAD).toHaveLength(5000);
  });
});

describe('report vocabulary', () => {
  it('offers three layouts and four formats', () => {
    expect(REPORT_LAYOUTS).toEqual(['steps', '8d', 'a3']);
    expect(REPORT_FORMATS).toEqual(['md', 'html', 'pdf', 'docx']);
  });
});

describe.each(LANGUAGES)('report in %s', (language) => {
  const snap = fullSnapshot(language);
  const f = FORMATS[language];
  const actionTitles = snap.plan.actions.map((a) => a.title);
  const rootTexts = [snap.fishbone.categories[0]!.causes[0]!.text, snap.fishbone.categories[1]!.causes[0]!.text, snap.fishbone.categories[3]!.causes[0]!.text];
  const whyRootTexts = [snap.analyses[0]!.whys[0]!.children[0]!.answer, snap.analyses[0]!.whys[1]!.children[0]!.answer, snap.analyses[1]!.whys[0]!.children[0]!.answer];
  const allRoots = [...rootTexts, ...whyRootTexts];

  describe.each(REPORT_LAYOUTS)('%s layout', (layout) => {
    const doc = build(snap, language, layout);
    const md = reportMarkdown(doc);
    const html = reportHtml(doc);

    it('has the layout’s top-level headings in order, in the tree, the Markdown and the HTML', () => {
      expect(doc.sections.map((s) => s.title)).toEqual(TOP_HEADINGS[language][layout]);
      expect(mdHeadings(md, 2)).toEqual(TOP_HEADINGS[language][layout]);
      expect(htmlHeadings(html, 'h2')).toEqual(TOP_HEADINGS[language][layout]);
      expect(mdHeadings(md, 1)).toEqual([doc.title]);
      expect(html.match(/<h1>/g)).toHaveLength(1);
    });

    it('writes every section of the tree as a heading, in order', () => {
      const titles: string[] = [];
      walkSections(doc, (s) => titles.push(s.title));
      const mdAll = md
        .split('\n')
        .filter((l) => /^#{2,4} /.test(l))
        .map((l) => unescapeMd(l.replace(/^#+ /, '')));
      expect(mdAll).toEqual(titles);
      const htmlAll = [...html.matchAll(/<h([2-4]) id="[^"]*">(.*?)<\/h\1>/g)].map((m) => decode(m[2]!));
      expect(htmlAll).toEqual(titles);
    });

    it('lists every action, in plan order, with its status', () => {
      const key = layout === '8d' ? 'action-status' : layout === 'a3' ? 'action-status' : 'actions';
      const [table] = tablesOf(doc, key);
      expect(table!.rows.map((r) => r[0])).toEqual(actionTitles);
      const statusCol = table!.columns.findIndex((c) => c.key === 'status');
      expect(table!.rows.map((r) => r[statusCol])).toEqual(f.statuses);
      // The same rows reach both formats.
      const mdTable = mdTables(md).find((t) => t.header.join() === table!.columns.map((c) => c.label).join())!;
      expect(mdTable.rows.map((r) => r[0])).toEqual(actionTitles);
      expect(mdTable.rows.map((r) => r[statusCol])).toEqual(f.statuses);
      const htmlRows = htmlTables(html, key)[0]!;
      expect(htmlRows.map((r) => r[0])).toEqual(actionTitles);
      expect(htmlRows.map((r) => r[statusCol])).toEqual(f.statuses);
    });

    it('names every root cause, with its source, evidence and reason to stop', () => {
      const [table] = tablesOf(doc, 'root-causes');
      expect(table!.rows.map((r) => r[1])).toEqual(allRoots);
      expect(table!.rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6].map((n) => `RC${n}`));
      expect(table!.rows[0]![4]).toBe(snap.fishbone.categories[0]!.causes[0]!.evidence);
      expect(table!.rows[3]![5]).toBe(language === 'en' ? 'We can control and fix it' : '可控，我们能解决');
      expect(table!.rows[5]![5]).toBe(language === 'en' ? 'Needs more data' : '需要更多数据');
      expect(table!.rows[0]![2]).toBe(language === 'en' ? 'Fishbone · People' : '鱼骨图 · 人员');
      // Where a 5-Whys root cause was found, without the question again (often the whole problem statement).
      expect(table!.rows[4]![2]).toBe(language === 'en' ? '5 Whys, analysis 1\nfound 2 whys deep' : '5个为什么 · 分析 1\n追问 2 层得出');
      expect(table!.rows[5]![2]).toBe(language === 'en' ? '5 Whys, analysis 2\nfound 2 whys deep' : '5个为什么 · 分析 2\n追问 2 层得出');
      for (const row of table!.rows) expect(row[2]).not.toContain(snap.case.problem.split('\n')[0]!.slice(0, 20));
      const mdRows = mdTables(md).find((t) => t.rows.length === 6 && t.rows[0]![1] === allRoots[0])!.rows;
      expect(mdRows.map((r) => r[1])).toEqual(allRoots);
      const htmlRows = htmlTables(html, 'root-causes')[0]!;
      expect(htmlRows.map((r) => r[1])).toEqual(allRoots);
    });

    it('embeds the fishbone and both 5-Whys trees as SVG in HTML, and as outlines in Markdown', () => {
      expect(html.match(/<svg /g)).toHaveLength(3);
      expect(html.match(/<figure class="diagram diagram-fishbone"/g)).toHaveLength(1);
      expect(html.match(/<figure class="diagram diagram-whys"/g)).toHaveLength(2);
      // The SVG ids are unique across the document.
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
      // The diagram texts are escaped text inside the SVG.
      expect(html).toContain(`>${snap.fishbone.categories[0]!.label}</tspan>`);
      expect(md).not.toContain('<svg');
      // Fishbone outline: effect, categories, causes nested.
      expect(md).toContain(`- ${language === 'en' ? 'Effect: ' : '结果（问题）：'}${escapeMarkdown(snap.fishbone.effect!)}`);
      expect(md).toContain(`  - ${escapeMarkdown(snap.fishbone.categories[1]!.label)}\n    - ${escapeMarkdown(rootTexts[1]!)}`);
      // A collapsed cause's children are written all the same.
      expect(md).toContain(`      - ${escapeMarkdown(snap.fishbone.categories[0]!.causes[1]!.children[0]!.text)}`);
      // 5-Whys outline: numbered like the text outline.
      expect(md).toContain(`    - **1.1.** ${escapeMarkdown(whyRootTexts[0]!)}`);
      expect(md).toContain(`    - **2.1.** ${escapeMarkdown(whyRootTexts[1]!)}`);
    });

    it('writes dates, numbers and lists the way the language does', () => {
      for (const out of [md, html]) {
        expect(out).toMatch(f.generated);
        expect(out).toContain(f.day);
        expect(out).toContain(f.participants);
      }
      expect(md).toContain(f.votes);
      expect(unescapeMd(md)).toContain(f.overdue);
    });

    it('is deterministic', () => {
      const before = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        const again = build(fullSnapshot(language), language, layout);
        expect(again).toEqual(doc);
        expect(reportMarkdown(again)).toBe(md);
        expect(reportHtml(again)).toBe(html);
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    });
  });

  it('steps: has the expected second-level headings in order', () => {
    const md = reportMarkdown(build(snap, language, 'steps'));
    expect(mdHeadings(md, 3)).toEqual(STEP_SUBHEADINGS[language]);
  });

  it('steps: groups lessons by kind and improvements by area, with where they apply', () => {
    const doc = build(snap, language, 'steps');
    const md = reportMarkdown(doc);
    expect(mdHeadings(md, 4)).toEqual(
      language === 'en'
        ? ['5 Whys, analysis 1', '5 Whys, analysis 2', 'What went well', 'What went wrong', 'Where we got lucky', 'Process', 'Training', 'Communication']
        : ['5个为什么：分析 1', '5个为什么：分析 2', '做得好的', '出问题的', '侥幸之处', '流程', '培训', '沟通'],
    );
    expect(unescapeMd(md)).toContain(language === 'en' ? 'Applies to: E-commerce operations · E-commerce: delivery tracking' : '适用于：电商运营部 · 电商：物流跟踪');
    expect(unescapeMd(md)).toContain(language === 'en' ? 'Follow-up review due Dec 15, 2026.' : '跟进复查日期：2026年12月15日。');
  });

  it('steps: lists the root causes no live action addresses, and marks links to causes no longer root', () => {
    const doc = build(snap, language, 'steps');
    const md = unescapeMd(reportMarkdown(doc));
    const uncovered = doc.sections.find((s) => s.id === 'step-3')!.blocks.find((b) => b.kind === 'section' && b.id === 'step-3-uncovered');
    expect(JSON.stringify(uncovered)).toContain(whyRootTexts[2]!);
    expect(JSON.stringify(uncovered)).not.toContain(rootTexts[0]!);
    expect(md).toContain(language === 'en' ? 'Agents could not decide on compensation (no longer marked as a root cause)' : '客服无权决定补偿（已不再标记为根本原因）');
  });

  it('8d: puts each action kind in its D', () => {
    const doc = build(snap, language, '8d');
    const titles = (key: string) => tablesOf(doc, key)[0]!.rows.map((r) => r[0]);
    expect(titles('actions-containment')).toEqual([actionTitles[0]]);
    expect(titles('actions-corrective')).toEqual([actionTitles[1], actionTitles[2]]);
    expect(titles('actions-preventive')).toEqual([actionTitles[3], actionTitles[4], actionTitles[5]]);
  });

  it('writes times in the zone asked for', () => {
    const md = reportMarkdown(build(snap, language, 'steps', { timeZone: 'Asia/Shanghai' }));
    expect(md).toMatch(language === 'en' ? /Dec 1, 2026, 5:30\sPM/u : /2026年12月1日 17:30/u);
    expect(md).toContain('Asia/Shanghai');
  });
});

describe('report HTML', () => {
  const doc = build(fullSnapshot('zh-CN'), 'zh-CN', 'steps');

  it('is one self-contained, print-ready document under a strict CSP', () => {
    const html = reportHtml(doc);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data: file:">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data: file:");
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(html).not.toMatch(/\s(?:href|src)=/i);
    expect(html).toContain('@page { size: A4;');
    // The overview, each of the five steps and the appendix start a page; the executive summary is page 1.
    expect(html.match(/class="section level-1 break-before"/g)).toHaveLength(7);
    expect(html).toContain('tr { break-inside: avoid;');
    expect(html).toContain('figure svg { display: block; max-width: 100%; height: auto;');
    expect(html).toMatch(/html \{ font-family: "Noto Sans SC", /);
  });

  it('puts the given @font-face rules first, unable to close the style element', () => {
    const css = '@font-face { font-family: "Noto Sans SC"; src: url(data:font/woff2;base64,AAAA) format("woff2"); }';
    const html = reportHtml(doc, { fontFaceCss: `${css}</style><script>alert(1)</script>` });
    expect(html).toContain(`<style>\n${css}<\\/style><script>`);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html.indexOf(css)).toBeLessThan(html.indexOf('@page'));
  });

  it('lays A3 out as one landscape sheet in two columns without page breaks, then the appendix', () => {
    const html = reportHtml(build(fullSnapshot('en'), 'en', 'a3'));
    expect(html).toContain('@page { size: A3 landscape;');
    const sheet = html.slice(html.indexOf('<div class="a3-sheet">'), html.indexOf('<section id="appendix"'));
    expect(sheet).not.toContain('break-before"');
    expect(html.match(/break-before"/g)).toHaveLength(1);
    const left = sheet.slice(sheet.indexOf('<div class="a3-column a3-left">'), sheet.indexOf('<div class="a3-column a3-right">'));
    const right = sheet.slice(sheet.indexOf('<div class="a3-column a3-right">'));
    expect(htmlHeadings(left, 'h2')).toEqual(['Background', 'Current condition', 'Analysis']);
    // The approval box heads the right column, as on a paper A3.
    expect(htmlHeadings(right, 'h2')).toEqual(['Sign-off', 'Countermeasures', 'Follow-up']);
    // The sheet says where the rest is, and the appendix holds the diagrams and every table in full.
    expect(sheet).toContain('follows in the appendix');
    const appendix = html.slice(html.indexOf('<section id="appendix"'));
    expect(appendix.match(/<svg /g)).toHaveLength(3);
    for (const key of ['timeline', 'root-causes', 'actions', 'action-status', 'checks']) expect(appendix).toContain(`data-table="${key}"`);
  });
});

describe('an empty case', () => {
  const snap: CaseSnapshot = { case: caseRecord({ title: 'Blank' }), timeline: [], fishbone: emptyFishbone(), analyses: [], plan: emptyPlan() };

  it.each(REPORT_LAYOUTS)('%s: says what is missing instead of drawing empty tables', (layout) => {
    const doc = build(snap, 'en', layout);
    walkBlocks(doc, (b) => {
      if (b.kind === 'table') expect(b.rows.length, b.key).toBeGreaterThan(0);
      if (b.kind === 'diagram') throw new Error('no diagram expected');
    });
    const md = reportMarkdown(doc);
    expect(md).toContain('*No root cause has been marked.*');
    expect(md).toContain('*No action planned.*');
    expect(reportHtml(doc)).not.toContain('<svg');
  });

  it('can skip drawing the diagrams, keeping their outlines', () => {
    const doc = buildReport(fullSnapshot('en'), { language: 'en', layout: 'steps', generatedAt: GENERATED_AT, diagrams: false });
    const diagrams: string[] = [];
    walkBlocks(doc, (b) => b.kind === 'diagram' && diagrams.push(b.svg));
    expect(diagrams).toEqual(['', '', '']);
    expect(reportMarkdown(doc)).toBe(reportMarkdown(build(fullSnapshot('en'), 'en', 'steps')));
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile input: every text field a payload.

const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

describe.each(LANGUAGES)('hostile case in %s', (language) => {
  const snap = hostileSnapshot();

  describe.each(REPORT_LAYOUTS)('%s layout', (layout) => {
    const doc = build(snap, language, layout);
    const md = reportMarkdown(doc);
    const html = reportHtml(doc);

    it('HTML: only the renderer’s own tags and attributes, nothing that runs or loads', () => {
      const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'div', 'section', 'h1', 'h2', 'h3', 'h4', 'p', 'br', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'ol', 'li', 'strong', 'span', 'figure', 'figcaption', 'svg', 'rect', 'path', 'text', 'tspan', 'circle']);
      const styleStart = html.indexOf('<style>');
      const styleEnd = html.indexOf('</style>');
      const markup = html.slice(0, styleStart) + html.slice(styleEnd);
      for (const m of markup.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
        expect(allowed.has(m[1]!.toLowerCase()), m[0]).toBe(true);
        const attrs = [...m[2]!.matchAll(/([\w:-]+)=/g)].map((a) => a[1]!.toLowerCase());
        for (const a of attrs) {
          expect(a.startsWith('on'), m[0]).toBe(false);
          expect(['href', 'src', 'xlink:href', 'action', 'formaction'].includes(a), m[0]).toBe(false);
        }
        expect(m[0]).not.toMatch(/javascript:/i);
      }
      expect(html).not.toMatch(/<script|<img|<a\s|<!--|<!\[CDATA\[|<svg onload/i);
      expect(html.match(/<style>/g)).toHaveLength(1);
      expect(html.match(/<\/style>/g)).toHaveLength(1);
      let diagrams = 0;
      walkBlocks(doc, (b) => b.kind === 'diagram' && diagrams++);
      expect(html.match(/<svg /g)?.length ?? 0).toBe(diagrams);
      // The payloads are kept, as text.
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    });

    it('HTML: table cells cannot start a spreadsheet formula', () => {
      const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => decode(m[1]!));
      expect(cells.length).toBeGreaterThan(50);
      for (const c of cells) expect(FORMULA.test(c), c).toBe(false);
      expect(cells).toContain(`'=HYPERLINK("http://x")`);
    });

    it('Markdown: no link, image, HTML, code or emphasis from user text', () => {
      const bare = unescapedOnly(md).replace(/<br>/g, '');
      // No link or image, no code span, no tag, comment or entity, no strikethrough or math pair.
      expect(bare).not.toMatch(/\]\(|\]\[|`|<[A-Za-z/!?]|&(?:#\w+|[A-Za-z]\w*);|~~|\$x\$/);
      expect(md).toContain('\\*\\*bold\\*\\*');
      expect(md).toContain('\\~\\~strike\\~\\~ \\$x\\$');
      expect(md).toContain('\\&amp; \\&lt;b\\&gt; \\&#x3C;');
      expect(md).toContain('\\`code\\`');
      // Every heading line is one of the document's headings.
      let sections = 0;
      walkSections(doc, () => sections++);
      expect(md.split('\n').filter((l) => /^#/.test(l))).toHaveLength(sections + 1);
      // A line starts with the renderer's own markers, or with something that starts no block.
      for (const line of md.split('\n')) {
        const trimmed = line.replace(/^ +/, '');
        if (!trimmed || /^(?:#{1,4} |[-*] |\| |\*\*?[^*\s])/.test(trimmed)) continue;
        expect(/^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|[-=*_]+\s*$|\d{1,9}[.)](?:\s|$)|`|~~~|<[A-Za-z/!?]|\t)/.test(trimmed), line.slice(0, 80)).toBe(false);
      }
      expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
      expect(unescapeMd(md)).toContain('[click](javascript:alert(1))');
    });

    it('Markdown: no raw | breaks a table row, and formula cells get an apostrophe', () => {
      const lines = md.split('\n');
      let columns = 0;
      let tables = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (!line.startsWith('|')) {
          columns = 0;
          continue;
        }
        const cells = splitUnescaped(line, '|').slice(1, -1);
        if (columns === 0) {
          columns = cells.length;
          tables++;
        }
        expect(cells.length, line.slice(0, 120)).toBe(columns);
        if (/^\|(?: -{3,}:? \|)+$/.test(line)) continue;
        for (const c of cells) expect(FORMULA.test(unescapeMd(c.trim())), c).toBe(false);
      }
      expect(tables).toBeGreaterThan(3);
      // Only the apostrophe: = + - @ ( ) mean nothing in a Markdown table cell.
      expect(md).toContain(`| '=HYPERLINK("http://x") |`);
      expect(md).toContain(`'+1+1`);
      expect(md).toContain(`'@SUM(A1)`);
      expect(md).toContain(`'-1-1`);
    });

    it('names an action’s root causes by code and a shortened text, the table holding them whole', () => {
      const key = layout === '8d' ? 'actions-corrective' : 'actions';
      const [t] = tablesOf(doc, key);
      const col = t!.columns.findIndex((c) => c.key === 'rootCauses');
      const cellText = t!.rows.find((r) => r[0] === snap.plan.actions[2]!.title)![col]!;
      expect(cellText.startsWith('RC1 ')).toBe(true);
      expect(cellText.endsWith('…')).toBe(true);
      expect([...cellText].length).toBeLessThanOrEqual(4 + 80);
      expect(tablesOf(doc, 'root-causes')[0]!.rows[0]![1]).toBe(LONG_PAYLOAD);
    });

    it('keeps long texts whole', () => {
      let statement: ReportSection | null = null;
      walkSections(doc, (s) => {
        if (s.id.endsWith('-statement')) statement = s;
      });
      expect(statement!.blocks).toEqual(paragraphs(LONG_PAYLOAD).map((text) => ({ kind: 'paragraph', text, tone: 'normal' })));
      expect(paragraphs(LONG_PAYLOAD).join('\n').length).toBeGreaterThan(4900);
      const firstLine = LONG_PAYLOAD.split('\n')[0]!;
      expect(html).toContain(escapeXml(firstLine));
      expect(unescapeMd(md)).toContain(firstLine.replace(/\t/g, ' ').trim());
    });
  });
});

describe('escaping helpers', () => {
  it('escapeMarkdown makes any line plain text, escaping only what would change its meaning', () => {
    // Links, images, headings, lists, code, tags, entities, emphasis, strikethrough, math.
    expect(escapeMarkdown('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
    expect(escapeMarkdown('see [click](x) and ![img](y)')).toBe('see [click\\](x) and ![img\\](y)');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('#hashtag and issue #12')).toBe('#hashtag and issue #12');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('2) item')).toBe('2\\) item');
    expect(escapeMarkdown('1.5 days late')).toBe('1.5 days late');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('===')).toBe('\\===');
    expect(escapeMarkdown('    code')).toBe('code');
    expect(escapeMarkdown('**bold** _it_ `c` <b> &amp; ~~s~~ $x$')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`c\\` \\<b> \\&amp; \\~\\~s\\~\\~ \\$x\\$');
    expect(escapeMarkdown('a \\ b, C:\\Users, a\\*b')).toBe('a \\ b, C:\\Users, a\\\\\\*b');
    // Ordinary punctuation stays as typed.
    const plain = 'Orders (about 12,000) were late - by 2 * 3 days; snake_case, "quotes", a | b, 5 < 6 & 7 > 3, 100% $5, ~10 min!';
    expect(escapeMarkdown(plain, { start: false })).toBe(plain);
    expect(escapeMarkdown('中文，“引号”（括号）【方括号】！')).toBe('中文，“引号”（括号）【方括号】！');
    // Inside a line (after a marker or a label), a leading # or 1. means nothing.
    expect(escapeMarkdown('# not a heading here', { start: false })).toBe('# not a heading here');
    expect(escapeMarkdown('1. not a list here', { start: false })).toBe('1. not a list here');
  });

  it('escapes | only in a table cell', () => {
    expect(escapeMarkdown('a | b', { start: false, cell: true })).toBe('a \\| b');
    expect(escapeMarkdown('a | b', { start: false })).toBe('a | b');
  });

  it('Markdown: a table cell with |, and lines starting with # or 1., keep their meaning and no more', () => {
    const snap = fullSnapshot('en');
    snap.timeline[0] = { ...snap.timeline[0]!, description: 'Carrier A | Carrier B (both late)' };
    snap.case = { ...snap.case, problem: '# Orders were late\n1. first wave (about 12,000)\nit cost 2 * 3 days' };
    const md = reportMarkdown(build(snap, 'en', 'steps'));
    expect(md).toContain('| Carrier A \\| Carrier B (both late) |');
    expect(md).toContain('\\# Orders were late\\\n1\\. first wave (about 12,000)\\\nit cost 2 * 3 days');
    const timeline = mdTables(md).find((t) => t.rows.some((r) => r.includes('Carrier A | Carrier B (both late)')));
    expect(timeline!.rows[0]).toHaveLength(3);
  });

  it('neutralizeFormula prefixes cells that a spreadsheet would run', () => {
    for (const p of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', ' =1', '＝1']) expect(neutralizeFormula(p)).toBe(`'${p}`);
    for (const p of ['1+1', 'a=b', '—', '', 'RC1', '2026年']) expect(neutralizeFormula(p)).toBe(p);
  });

  it('covers every payload of the hostile fixture', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
  });
});

describe('the executive summary', () => {
  it.each(LANGUAGES)('comes first in steps and 8D (%s), with what happened, root causes, actions, lessons and the sign-off, and no counts', (language) => {
    const snap = fullSnapshot(language);
    const t = CATALOGS_FOR[language];
    for (const layout of ['steps', '8d'] as const) {
      const doc = build(snap, language, layout);
      const first = doc.sections[0]!;
      expect(first.id).toBe('summary');
      expect(first.title).toBe(t.summaryPage.heading);
      const text = JSON.stringify(first);
      expect(text).not.toContain(t.counts.whys);
      expect(text).not.toContain(t.overview.figures);
      const signOff: unknown[] = [];
      walkBlocks({ sections: [first] }, (b) => b.kind === 'signOff' && signOff.push(b));
      expect(signOff).toEqual([{ kind: 'signOff', rows: [{ label: t.signOff.preparedBy, value: snap.case.facilitator }, { label: t.signOff.reviewedBy, value: '' }, { label: t.signOff.date, value: '' }] }]);
      // Actions with owner, status and verified effect.
      const [actions] = tablesOf({ sections: [first] } as ReportDoc, 'summary-actions');
      expect(actions!.columns.map((c) => c.key)).toEqual(['title', 'owner', 'status', 'effect']);
      const verified = snap.plan.actions.find((a) => a.checks.length)!;
      const row = actions!.rows.find((r) => r[0] === verified.title)!;
      expect(row[3]).toContain(language === 'en' ? 'Effective' : '有效');
    }
    // The counts live in the steps report's appendix.
    const steps = build(snap, language, 'steps');
    expect(steps.sections.at(-1)!.id).toBe('appendix');
    expect(JSON.stringify(steps.sections.at(-1))).toContain(t.counts.whys);
  });

  it('falls back to the reporter when there is no facilitator, and says what happened in at most three sentences', () => {
    const snap = fullSnapshot('en');
    snap.case = { ...snap.case, facilitator: '', reporter: 'Ann Lee', problem: 'One. Two. Three. Four. Five.', customerImpact: 'Impact one. Impact two.' };
    const doc = build(snap, 'en', 'steps');
    const what = doc.sections[0]!.blocks[0] as ReportSection;
    expect((what.blocks[0] as { text: string }).text).toBe('One. Two. Impact one.');
    const rows: unknown[] = [];
    walkBlocks(doc, (b) => b.kind === 'signOff' && rows.push(b.rows[0]));
    expect(rows).toEqual([{ label: 'Prepared by (analysis lead)', value: 'Ann Lee' }]);
  });
});

describe('diagrams in print', () => {
  const MIN = (8 * 96) / 72;
  /** The printed size of the drawing's smallest text, in CSS px, on the page the report gives it. */
  const printedText = (d: DiagramBlock) => {
    const area = d.landscape ? { w: 1000, h: 560 } : { w: 672, h: 860 };
    const sizes = [...d.svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    return Math.min(...sizes) * Math.min(1, area.w / d.width, area.h / d.height);
  };

  it('keeps every fishbone drawing of a large case at 8 pt or more, splitting it by category, and draws no 10 px vote badges', () => {
    const doc = build(largeSnapshot({ causes: 40, whys: 10, trees: 1, actions: 5 }), 'zh-CN', 'steps');
    const fishbones: DiagramBlock[] = [];
    walkBlocks(doc, (b) => b.kind === 'diagram' && b.diagram === 'fishbone' && fishbones.push(b));
    expect(fishbones.length).toBeGreaterThan(1);
    for (const d of fishbones) expect(printedText(d), d.id).toBeGreaterThanOrEqual(MIN);
    for (const d of fishbones) expect(d.svg).not.toContain('font-size="10"');
  });

  it('puts a drawing too wide for portrait on a landscape page (CSS named page), and the full fishbone when it fits', () => {
    const small = build(fullSnapshot('en'), 'en', 'steps');
    const whole: DiagramBlock[] = [];
    walkBlocks(small, (b) => b.kind === 'diagram' && whole.push(b));
    expect(whole.filter((d) => d.diagram === 'fishbone')).toHaveLength(1);
    const doc = build(largeSnapshot({ causes: 40, whys: 30, trees: 2, actions: 5 }), 'en', 'steps');
    const wide: DiagramBlock[] = [];
    walkBlocks(doc, (b) => b.kind === 'diagram' && b.landscape === true && wide.push(b));
    expect(wide.length).toBeGreaterThan(0);
    const html = reportHtml(doc);
    expect(html).toContain('@page landscape { size: A4 landscape;');
    expect(html).toContain('figure.landscape { page: landscape; }');
    expect(html).toContain(`<figure class="diagram diagram-${wide[0]!.diagram} landscape" id="${wide[0]!.id}">`);
  });
});

describe('print styles', () => {
  it('breaks Latin text only between words and keeps short values on one line', () => {
    const html = reportHtml(build(fullSnapshot('zh-CN'), 'zh-CN', 'steps'));
    expect(html).not.toContain('overflow-wrap: anywhere');
    expect(html).toContain('overflow-wrap: break-word; word-break: normal; line-break: strict;');
    expect(html).toMatch(/<td class="nowrap">已验证<\/td>/);
    // A long URL gets break opportunities, an ordinary word none.
    const snap = fullSnapshot('en');
    snap.timeline[0] = { ...snap.timeline[0]!, description: 'Containment via https://example.com/a/very/long/path/to/the/incident/report?id=12345' };
    const en = reportHtml(build(snap, 'en', 'steps'));
    expect(en).toContain('Containment via https://<wbr>example.<wbr>com/<wbr>');
    expect(en).not.toMatch(/Contain<wbr>/);
  });

  it('prints the running footer and page numbers from the catalog, with the title as a safe CSS string', () => {
    const snap = fullSnapshot('en');
    snap.case = { ...snap.case, title: 'Refunds "late" \\ </style><script>x</script>' };
    const html = reportHtml(build(snap, 'en', 'steps'));
    const bottomLeft = /@bottom-left \{ content: ("[^"]*");/.exec(html)![1]!;
    expect(bottomLeft).not.toMatch(/<|\\"/);
    expect(bottomLeft).toContain('Refunds \\22 late\\22');
    expect(html).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });
});

describe.each(LANGUAGES)('new case fields in the report (%s)', (language) => {
  it('shows the reference number, an own touchpoint as typed and a stop reason in words', () => {
    const snap = fullSnapshot(language);
    const whyRoot = snap.analyses[0]!.whys[0]!.children[0]!;
    const snapshot: CaseSnapshot = {
      ...snap,
      case: { ...snap.case, reference: 'INC-2026-0415', touchpoint: '小程序预约' },
      analyses: snap.analyses.map((a, i) =>
        i === 0 ? { ...a, whys: a.whys.map((w, j) => (j === 0 ? { ...w, children: w.children.map((c, k) => (k === 0 ? { ...c, stopNote: 'Retries are ours to set' } : c)) } : w)) } : a,
      ),
    };
    expect(whyRoot.isRootCause).toBe(true);
    const md = unescapeMd(reportMarkdown(build(snapshot, language, 'steps')));
    expect(md).toContain('INC-2026-0415');
    expect(md).toContain('小程序预约');
    expect(md).toContain('Retries are ours to set');
  });
});
