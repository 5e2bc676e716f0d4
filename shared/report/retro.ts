import type { RetroSummary } from '../domain/retro';
import type { Catalog } from '../i18n/en';
import type { ReportBlock, ReportSection, TableColumn } from './doc';
import type { Formatter } from './format';
import type { CaseSnapshot } from './snapshot';
import { oneLine } from './text';

/** Step 2's "Team session": for each session that closed, who took part, the phase timings
 *  (planned and actual) and the votes per cause, named or anonymous as the session chose. An
 *  anonymous session's table has no "voted by" column at all: its summary holds no names. */

interface RetroCtx {
  snap: CaseSnapshot;
  c: Catalog;
  f: Formatter;
}

const col = (key: string, label: string, weight = 1, align: TableColumn['align'] = 'start'): TableColumn => ({ key, label, weight, align });

function participantNames(ctx: RetroCtx, summary: RetroSummary): string {
  const { c, f } = ctx;
  const t = c.retro;
  if (!summary.participants.length) return t.report.none;
  return f.join(
    summary.participants.map((p, i) => {
      const name = p.name ?? f.fill(t.participants.anonymousName, { n: i + 1 });
      return p.joinedVia === 'phone' ? f.fill(t.report.phone, { name }) : name;
    }),
  );
}

function sessionBlocks(ctx: RetroCtx, summary: RetroSummary): ReportBlock[] {
  const { c, f } = ctx;
  const t = c.retro;
  const minutes = (n: number) => f.plural({ m_one: t.report.minutes, m_other: t.report.minutes }, 'm', n);
  const kind = summary.voting.anonymous ? t.voting.anonymous : t.voting.named;
  const blocks: ReportBlock[] = [
    {
      kind: 'keyValue',
      rows: [
        { label: t.report.when, value: f.fill(t.report.whenValue, { start: f.dateTime(summary.startedAt), end: f.dateTime(summary.closedAt) }) },
        { label: t.report.participants, value: participantNames(ctx, summary) },
        { label: t.report.voting, value: f.fill(t.voting.rules, { n: summary.voting.votesPerParticipant, m: summary.voting.maxPerItem, kind }) },
        { label: t.report.proposals, value: f.fill(t.report.proposalsValue, summary.proposals) },
      ],
    },
    {
      kind: 'table',
      key: 'retro-phases',
      caption: t.report.phases,
      columns: [col('phase', t.report.phase, 2), col('planned', t.report.planned, 1, 'end'), col('actual', t.report.actual, 1, 'end')],
      rows: summary.phases.map((p) => [t.phases[p.phase], minutes(p.plannedMinutes), p.visited ? minutes(Math.round(p.actualMs / 60_000)) : t.report.notReached]),
    },
  ];
  if (!summary.votes.length) {
    blocks.push({ kind: 'paragraph', text: t.report.noVotes, tone: 'muted' });
    return blocks;
  }
  const columns = [col('cause', t.report.cause, 4), col('votes', t.report.count, 1, 'end')];
  if (!summary.voting.anonymous) columns.push(col('voters', t.report.voters, 3));
  blocks.push({
    kind: 'table',
    key: 'retro-votes',
    caption: t.report.votes,
    columns,
    rows: summary.votes.map((v) => {
      const row = [oneLine(v.text), f.number(v.votes)];
      if (!summary.voting.anonymous) row.push(f.join((v.voters ?? []).map((x) => `${x.name ?? '—'} (${f.number(x.votes)})`)));
      return row;
    }),
  });
  if (summary.voting.anonymous) blocks.push({ kind: 'paragraph', text: t.report.anonymous, tone: 'muted' });
  return blocks;
}

/** None when no session closed; one section with every closed session otherwise. */
export function retroSections(ctx: RetroCtx, id: string, level: 2 | 3): ReportSection[] {
  const closed = (ctx.snap.retroSessions ?? []).flatMap((s) => (s.summary ? [s.summary] : []));
  if (!closed.length) return [];
  const t = ctx.c.retro.report;
  const blocks: ReportBlock[] =
    closed.length === 1
      ? sessionBlocks(ctx, closed[0]!)
      : closed.flatMap((summary, i): ReportBlock[] => [{ kind: 'paragraph', text: ctx.f.fill(t.titleN, { n: i + 1 }), tone: 'normal' }, ...sessionBlocks(ctx, summary)]);
  return [{ kind: 'section', id, level, title: t.title, breakBefore: false, blocks }];
}
