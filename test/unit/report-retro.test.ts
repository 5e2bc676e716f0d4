import { describe, expect, it } from 'vitest';
import { RetroSummary, type StoredRetroSession } from '../../shared/domain/retro';
import { reportDocx } from '../../shared/report/docx';
import { buildReport, reportHtml, reportMarkdown, walkSections, type CaseSnapshot, type ReportLayout } from '../../shared/report';
import { docxParagraphs, readZip, zipText } from '../support/zip';
import { fullSnapshot, GENERATED_AT } from '../support/report-fixtures';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function stored(anonymous: boolean, n = 1): StoredRetroSession {
  const summary = RetroSummary.parse({
    version: 1,
    sessionId: id(n),
    startedAt: '2026-12-01T09:00:00.000Z',
    closedAt: '2026-12-01T09:40:00.000Z',
    participants: [
      { name: 'Wang Fang', joinedVia: 'room' },
      { name: 'Li Lei', joinedVia: 'phone' },
      { name: null, joinedVia: 'room' },
    ],
    phases: [
      { phase: 'brainstorm', plannedMinutes: 5, actualMs: 7 * 60_000, visited: true },
      { phase: 'group', plannedMinutes: 5, actualMs: 4 * 60_000, visited: true },
      { phase: 'vote', plannedMinutes: 2, actualMs: 3 * 60_000, visited: true },
      { phase: 'discuss', plannedMinutes: 20, actualMs: 26 * 60_000, visited: true },
      { phase: 'actions', plannedMinutes: 10, actualMs: 0, visited: false },
    ],
    voting: { votesPerParticipant: 5, maxPerItem: 3, anonymous },
    revealed: true,
    votes: anonymous
      ? [{ causeId: id(100), text: 'Roster has no cover for sick leave', votes: 4 }]
      : [{ causeId: id(100), text: 'Roster has no cover for sick leave', votes: 4, voters: [{ name: 'Wang Fang', votes: 3 }, { name: 'Li Lei', votes: 1 }] }],
    proposals: { accepted: 2, rejected: 1, pending: 0 },
  });
  return { id: id(n), caseId: id(999), startedAt: summary.startedAt, closedAt: summary.closedAt, summary };
}

const snapshotWith = (sessions: StoredRetroSession[], language: 'en' | 'zh-CN' = 'en'): CaseSnapshot => ({ ...fullSnapshot(language), retroSessions: sessions });
const build = (snap: CaseSnapshot, layout: ReportLayout = 'steps', language: 'en' | 'zh-CN' = 'en') =>
  buildReport(snap, { language, layout, generatedAt: GENERATED_AT, timeZone: 'UTC', diagrams: false });

describe("the report's team session (step 2)", () => {
  it('is absent without a closed session', () => {
    const titles: string[] = [];
    walkSections(build(snapshotWith([{ ...stored(false), closedAt: null, summary: null }])), (s) => titles.push(s.title));
    expect(titles).not.toContain('Team session');
  });

  it('appears in step 2, in 8D and in A3, with participants, phase timings and named votes', () => {
    for (const layout of ['steps', '8d', 'a3'] as const) {
      const doc = build(snapshotWith([stored(false)]), layout);
      const found: string[] = [];
      walkSections(doc, (s, parent) => {
        if (s.title === 'Team session') found.push(parent?.id ?? '');
      });
      expect(found.length, layout).toBe(1);
    }
    const md = reportMarkdown(build(snapshotWith([stored(false)])));
    const step2 = md.slice(md.indexOf('2. Cause analysis'), md.indexOf('3. Solution design'));
    expect(step2).toContain('Team session');
    expect(step2).toContain('Wang Fang, Li Lei (phone), Participant 3');
    expect(step2).toMatch(/Discuss \| 20 min \| 26 min/);
    expect(step2).toMatch(/Agree actions \| 10 min \| Not reached/);
    expect(step2).toContain('Wang Fang (3), Li Lei (1)');
    expect(step2).toContain('5 votes each, at most 3 per cause, named');
  });

  it('anonymous: counts only, no one named beside the votes, in every format', async () => {
    const doc = build(snapshotWith([stored(true)]));
    const md = reportMarkdown(doc);
    const votesTable = md.slice(md.indexOf('| Cause | Votes |'));
    expect(votesTable).toContain('| Roster has no cover for sick leave | 4 |');
    expect(votesTable.slice(0, votesTable.indexOf('Votes were anonymous'))).not.toMatch(/Wang Fang|Li Lei|Voted by/);
    const html = reportHtml(doc);
    expect(html).toContain('Votes were anonymous: only counts are kept.');
    expect(html).not.toContain('Voted by');
    const zip = readZip(await reportDocx(doc));
    const paragraphs = docxParagraphs(zipText(zip, 'word/document.xml')).map((p) => p.text);
    expect(paragraphs).toContain('Team session');
    expect(paragraphs).toContain('Votes were anonymous: only counts are kept.');
  });

  it('in Chinese, with several sessions numbered', () => {
    const md = reportMarkdown(build(snapshotWith([stored(false, 1), stored(true, 2)], 'zh-CN'), 'steps', 'zh-CN'));
    expect(md).toContain('团队会议 1');
    expect(md).toContain('团队会议 2');
    expect(md).toContain('各阶段用时');
    expect(md).toMatch(/讨论 \| 20 分钟 \| 26 分钟/);
    expect(md).toContain('Li Lei（手机）');
  });
});
