/**
 * The `insights` command: the figures of the insights screen for a library (or the cases the
 * filters select), as text or JSON, and `insights report` writing the insights report (HTML, PDF).
 * Registered in scripts/cli.ts, which hands in its shared command-line pieces (`CliKit`).
 */
import { htmlToPdf } from '../../electron/backend/pdf';
import { contract } from '../../shared/contract/contract';
import { CausewayError, issuesFromZod } from '../../shared/contract/errors';
import { insightsReportDocument, insightsReportFileName } from '../../electron/backend/insights/report';
import { localTimeZone } from '../../electron/backend/report-export';
import type { Library } from '../../electron/backend/library';
import { INSIGHTS_REPORT_FORMATS, PARETO_DIMENSIONS, type Insights } from '../../shared/domain/insights';
import { touchpointText, type Touchpoint } from '../../shared/domain/vocabulary';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { LANGUAGES, type Language } from '../../shared/i18n/languages';
import { createFormatter } from '../../shared/report/format';
import { monthLabel, percentFormat } from '../../shared/insights/report-html';

interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

interface Session {
  library: Library;
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** What the command borrows from scripts/cli.ts, so both parse, open and fail the same way. */
export interface CliKit<S extends Session> {
  parseArgs(argv: string[], command: string, valueOptions: readonly string[], flagOptions: readonly string[]): Parsed;
  required(p: Parsed, name: string, command: string): string;
  choice<T extends string>(value: string | undefined, choices: readonly T[], name: string, command: string, fallback: T): T;
  usageError(message: string, command?: string): Error;
  openLibrary(dbPath: string, language: Language): S;
  call<T>(session: S, method: string, input: unknown): Promise<T>;
  fromError(session: S, e: unknown): never;
  filtersOf(p: Parsed): Record<string, string>;
  FILTER_OPTIONS: readonly string[];
  outOption(p: Parsed, command: string): string | undefined;
  target(out: string | undefined, dbPath: string, defaultName: string): string;
  checkTarget(session: S, path: string, force: boolean): void;
  write(session: S, io: Io, path: string, bytes: Uint8Array): void;
  fit(text: string, width: number): string;
}

export const INSIGHTS_HELP = `Usage: npm run cli -- insights --db FILE [filters] [--lang LANG] [--json]
       npm run cli -- insights report --db FILE [--format html|pdf] [--out PATH] [filters] [--lang LANG] [--tz ZONE] [--force]

  --db FILE          the case library (.sqlite)
  --from DATE, --to DATE   the period: cases that happened (else were recorded) in it (YYYY-MM-DD or an instant)
  --department D, --touchpoint T, --severity S, --scenario S, --mot M, --step S, --status S, --tag T
                     only cases with these, as in search
  --lang LANG        zh-CN | en: the language of labels that are data and of the text (default: the system's)
  --json             every figure as JSON (the same as the app's insights:get)
  report             write the insights report instead: --format html | pdf (default: from --out's
                     extension, else pdf), --out a file or folder (default: the exports folder next to
                     the database), --tz the zone dates are written in

Prints the Pareto of root causes by cause theme and SERVQUAL dimension and of cases by
moment-of-truth failure, scenario and department (the bars up to 80% marked *), the recurring root
causes (! where a fix verified effective did not hold), the monthly trends, the overdue actions and
the touchpoints with cases. PDF needs Chromium (CHROMIUM_PATH, else /usr/bin/chromium).`;

const VALUE_OPTIONS = ['db', 'lang', 'format', 'out', 'tz'] as const;

export async function insightsCommand<S extends Session>(argv: string[], io: Io, language: Language, kit: CliKit<S>): Promise<void> {
  const p = kit.parseArgs(argv, 'insights', [...VALUE_OPTIONS, ...kit.FILTER_OPTIONS], ['json', 'force']);
  if (p.flags.has('help')) return io.out(INSIGHTS_HELP);
  const [sub, ...extra] = p.positional;
  if (extra.length || (sub !== undefined && sub !== 'report')) throw kit.usageError(`Unexpected argument "${extra[0] ?? sub}".`, 'insights');
  const db = kit.required(p, 'db', 'insights');
  const lang = kit.choice(p.options.get('lang'), LANGUAGES, 'lang', 'insights', language);
  const query = { language: lang, ...kit.filtersOf(p) };
  if (sub === 'report') return report(p, io, db, query, kit);
  for (const o of ['format', 'out', 'tz'] as const) if (p.options.has(o)) throw kit.usageError(`--${o} is for "insights report".`, 'insights');
  if (p.flags.has('force')) throw kit.usageError('--force is for "insights report".', 'insights');
  const session = kit.openLibrary(db, language);
  try {
    const insights = await kit.call<Insights>(session, 'insights:get', query);
    if (p.flags.has('json')) return io.out(JSON.stringify(insights, null, 2));
    for (const line of insightsText(insights, lang, kit.fit)) io.out(line);
  } finally {
    session.library.close();
  }
}

async function report<S extends Session>(p: Parsed, io: Io, db: string, query: { language: Language } & Record<string, string>, kit: CliKit<S>): Promise<void> {
  if (p.flags.has('json')) throw kit.usageError('--json is not for "insights report".', 'insights');
  const out = kit.outOption(p, 'insights');
  const ext = out?.toLowerCase().match(/\.(html?|pdf)$/)?.[1];
  const format = kit.choice(p.options.get('format'), INSIGHTS_REPORT_FORMATS, 'format', 'insights', ext === 'pdf' ? 'pdf' : ext ? 'html' : 'pdf');
  const timeZone = p.options.get('tz') ?? localTimeZone();
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw kit.usageError(`--tz "${timeZone}" is not a time zone (try UTC or Asia/Shanghai).`, 'insights');
  }
  const session = kit.openLibrary(db, query.language);
  try {
    const now = new Date();
    // Checked as the app's insights:report is: a bad filter is refused with its reason.
    const parsed = contract['insights:report'].input.safeParse({ ...query, format, timeZone });
    if (!parsed.success) throw new CausewayError('validation', 'The filters are not valid.', { issues: issuesFromZod(parsed.error) });
    const request = parsed.data;
    const html = insightsReportDocument(session.library, request, now, format === 'pdf');
    const bytes = format === 'html' ? new TextEncoder().encode(html) : await htmlToPdf(html).catch((e: unknown) => kit.fromError(session, e));
    const path = kit.target(out, session.library.dbPath, insightsReportFileName(session.library.dbPath, request, now));
    kit.checkTarget(session, path, p.flags.has('force'));
    kit.write(session, io, path, bytes);
  } catch (e) {
    kit.fromError(session, e);
  } finally {
    session.library.close();
  }
}

/** The figures as lines of text in `language`. */
export function insightsText(insights: Insights, language: Language, fit: (text: string, width: number) => string): string[] {
  const c = CATALOGS[language];
  const r = c.insightsReport;
  const f = createFormatter(language, 'UTC');
  const percent = percentFormat(language);
  const out: string[] = [r.title];
  const { from, to } = insights.totals;
  out.push(from && to ? f.fill(r.period, { from: f.date(from), to: f.date(to) }) : r.periodAll);
  out.push(f.fill(r.totals, insights.totals as unknown as Record<string, number>));
  const label = (dimension: string, key: string, given?: string) =>
    given ?? (({ servqual: c.enum.servqual, motFailure: c.enum.motFailure, scenarioType: c.enum.scenarioType }) as Record<string, Record<string, string> | undefined>)[dimension]?.[key] ?? key;
  for (const dimension of PARETO_DIMENSIONS) {
    const p = insights.pareto[dimension];
    out.push('', `${r.pareto[dimension]} (${f.number(p.total)})`);
    if (p.bars.length === 0) out.push(`  ${r.pareto.empty}`);
    p.bars.forEach((b, i) => out.push(`  ${i < p.cut ? '*' : ' '} ${fit(label(dimension, b.key, b.label), 28)} ${f.number(b.count).padStart(6)} ${percent(b.share).padStart(5)} ${percent(b.cumulativeShare).padStart(5)}`));
  }
  out.push('', r.recurrence.heading);
  if (insights.recurrence.themes.length === 0) out.push(`  ${r.recurrence.none}`);
  for (const t of insights.recurrence.themes) {
    const labels = t.labels.map((l) => r.label[l]).join(', ');
    out.push(`  ${t.heldNot ? '!' : ' '} ${t.themeLabel}: ${t.text.replace(/\s+/g, ' ').trim()}  (${f.number(t.caseCount)} ${r.recurrence.cases}${labels ? `; ${labels}` : ''})`);
    if (t.heldNot && t.verifiedIn && t.recurredIn) out.push(`      ${f.fill(r.recurrence.heldNotDetail, { verified: t.verifiedIn.case.title, date: f.date(t.verifiedIn.checkedAt), recurred: t.recurredIn.title })}`);
  }
  out.push('', r.recurrence.frequencies);
  for (const x of insights.recurrence.frequencies) out.push(`  ${fit(x.label, 20)} ${f.number(x.cases).padStart(6)} ${percent(x.share).padStart(5)}  ${x.labels.map((l) => r.label[l]).join(', ')}`);
  const t = insights.trends;
  out.push('', r.trends.casesPerMonth);
  const hours = (v: number | null) => (v === null ? '–' : f.number(Math.round(v * 10) / 10));
  t.casesPerMonth.forEach((m, i) => {
    const d = t.timeToDetect[i]!;
    const s = t.timeToResolve[i]!;
    const bySeverity = (['low', 'medium', 'high', 'critical'] as const).map((k) => `${c.enum.severity[k]} ${f.number(m.bySeverity[k] ?? 0)}`).join(', ');
    out.push(`  ${fit(monthLabel(m.month, language), 12)} ${f.number(m.total).padStart(5)}  (${bySeverity})  ${r.trends.detectMedian} ${hours(d.median)} / ${hours(d.p90)}  ${r.trends.resolveMedian} ${hours(s.median)} / ${hours(s.p90)} ${r.trends.hours}`);
  });
  out.push('', r.trends.verified);
  for (const k of t.verifiedEffective) out.push(`  ${fit(c.enum.actionKind[k.kind], 14)} ${f.number(k.effective)} / ${f.number(k.actions)}  ${percent(k.share)}`);
  out.push('', r.trends.overdue);
  if (t.overdue.count === 0) out.push(`  ${r.trends.noOverdue}`);
  else out.push(`  ${f.plural(r.trends as unknown as Record<string, string>, 'overdueCount', t.overdue.count)}`);
  for (const a of t.overdue.top) out.push(`  ${f.date(a.dueAt)}  +${f.number(a.daysOverdue)}  ${fit(a.title, 40)}  ${a.owner}  (${a.case.title})`);
  out.push('', r.journey.heading);
  const cells = insights.journey.cells.filter((x) => x.cases > 0 || x.emotion !== null);
  if (cells.length === 0) out.push(`  ${r.journey.empty}`);
  for (const x of cells) {
    const themes = x.topThemes.map((y) => y.label ?? y.key).join(', ');
    out.push(
      `  ${fit(touchpointText(x.touchpoint, c.enum.touchpoint as Record<Touchpoint, string>), 30)} ${f.number(x.cases).padStart(5)}  ${r.journey.heat} ${percent(x.heat.score)}${x.heat.worst ? ` (${c.enum.severity[x.heat.worst]})` : ''}${themes ? `  ${themes}` : ''}${x.emotion !== null ? `  ${r.journey.emotion} ${x.emotion > 0 ? '+' : ''}${x.emotion}` : ''}`,
    );
  }
  return out;
}
