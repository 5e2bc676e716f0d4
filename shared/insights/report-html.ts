import type { Insights, InsightsQuery, Pareto, ParetoDimension } from '../domain/insights';
import { isFailedMustBe, type KanoChart, type KanoChartNeed } from '../domain/kano-chart';
import { PARETO_DIMENSIONS } from '../domain/insights';
import { SEVERITIES, touchpointText, type Touchpoint } from '../domain/vocabulary';
import { CATALOGS, type Catalog } from '../i18n/catalogs';
import { escapeXml as esc } from '../render/xml';
import { LATIN_PUNCTUATION_CSS, LATIN_PUNCTUATION_FAMILY, withLatinPunctuation } from '../report/latin-punctuation';
import { createFormatter, type Formatter } from '../report/format';
import { CHART_THEMES, type ChartTheme, casesPerMonthOption, durationOption, paretoOption, verifiedShareOption, type InsightsChartOption } from './chart-options';
import { JOURNEYS } from './journeys';
import { kanoOption, placed } from './kano-option';

/** The insights report as one self-contained HTML page: the period and filters, then each figure as
 *  a chart (inline SVG, drawn by the same option builders as the screen) with its table under it,
 *  written in the report's language. Pure apart from the chart renderer it is given. */

export interface InsightsReportOptions {
  language: InsightsQuery['language'];
  timeZone: string;
  generatedAt: string;
  /** Draws a chart option as an SVG string (echarts-svg.ts in Node). */
  renderSvg: (option: InsightsChartOption, width: number, height: number, ariaLabel: string) => string;
  /** @font-face rules for printing (the bundled CJK font), when the page is printed to PDF. */
  fontFaceCss?: string;
  /** The customer needs of the same cases on the KANO Better / Worse chart (kano:chart's answer);
   *  without it the report has no KANO section. */
  kano?: KanoChart;
}

const CHART_W = 680;
const CHART_H = 340;
/** The KANO chart is taller: its points crowd the bottom right, and their labels need room. */
const KANO_H = 420;

export function insightsReportHtml(insights: Insights, query: InsightsQuery, options: InsightsReportOptions): string {
  const c = CATALOGS[options.language];
  const r = c.insightsReport;
  const f = createFormatter(options.language, options.timeZone);
  const percent = percentFormat(options.language);
  // The charts' text in the report's stack: Latin punctuation first in English (see latin-punctuation.ts).
  const theme = { ...CHART_THEMES.light, fontFamily: withLatinPunctuation(CHART_THEMES.light.fontFamily, options.language) };
  // The heading above each chart names it; the chart itself does not repeat it.
  const chartOptions = { showTitle: false };
  const chart = (option: InsightsChartOption, title: string, height = CHART_H) => `<figure class="chart">${options.renderSvg(option, CHART_W, height, title)}</figure>`;

  const head = [
    `<h1>${esc(r.title)}</h1>`,
    `<p class="meta">${esc(periodText(insights, r, f))}<br>${esc(filtersText(query, c, f))}<br>${esc(f.fill(r.generatedAt, { date: f.dateTime(options.generatedAt) }))}</p>`,
    `<p>${esc(f.fill(r.totals, insights.totals as unknown as Record<string, number>))}</p>`,
  ];
  if (insights.totals.cases === 0) head.push(`<p class="empty">${esc(r.noCases)}</p>`);

  const paretoLabel = (dimension: ParetoDimension, key: string, label?: string) => label ?? enumLabel(c, dimension, key);
  const paretoSection = PARETO_DIMENSIONS.map((dimension) => {
    const p = insights.pareto[dimension];
    const title = r.pareto[dimension];
    if (p.bars.length === 0) return `<section class="figure"><h3>${esc(title)}</h3><p class="empty">${esc(r.pareto.empty)}</p></section>`;
    const categories = p.bars.map((b) => paretoLabel(dimension, b.key, b.label));
    const option = paretoOption(p, { title, categories, count: unitLabel(r, p), cumulative: r.pareto.cumulative, cutLine: r.pareto.cutLine, percent }, theme, chartOptions);
    return `<section class="figure"><h3>${esc(title)}</h3>${chart(option, title)}
<p class="note">${esc(f.plural(r.pareto as unknown as Record<string, string>, 'cutNote', p.cut))}</p>
${table(f.fill(r.tableOf, { title }), [r.pareto.key, unitLabel(r, p), r.pareto.share, r.pareto.cumulative, r.pareto.vitalFew], p.bars.map((b, i) => [categories[i]!, f.number(b.count), percent(b.share), percent(b.cumulativeShare), i < p.cut ? '●' : '']), [1, 2, 3])}</section>`;
  }).join('\n');

  const rec = insights.recurrence;
  const recurrenceRows = rec.themes.map((t) => [
    t.themeLabel,
    t.text,
    // The answer names the newest few cases; the count says how many there are in all.
    t.cases.map((x) => x.title).join(options.language === 'zh-CN' ? '；' : '; ') + (t.caseCount > t.cases.length ? ` … (${f.number(t.caseCount)})` : ''),
    t.labels.map((l) => r.label[l]).join(' '),
    t.heldNot && t.verifiedIn && t.recurredIn ? f.fill(r.recurrence.heldNotDetail, { verified: t.verifiedIn.case.title, date: f.date(t.verifiedIn.checkedAt), recurred: t.recurredIn.title }) : '',
  ]);
  const recurrenceSection = `<h2>${esc(r.recurrence.heading)}</h2><p class="note">${esc(r.recurrence.intro)}</p>
${rec.themes.length ? table(r.recurrence.heading, [r.recurrence.theme, r.recurrence.text, r.recurrence.cases, r.recurrence.labels, r.recurrence.heldNot], recurrenceRows, [], (row) => (row[4] ? 'held-not' : '')) : `<p class="empty">${esc(r.recurrence.none)}</p>`}
<h3>${esc(r.recurrence.frequencies)}</h3><p class="note">${esc(r.recurrence.frequencyIntro)}</p>
${table(r.recurrence.frequencies, [r.recurrence.theme, r.recurrence.cases, r.recurrence.share, r.recurrence.labels], rec.frequencies.map((x) => [x.label, f.number(x.cases), percent(x.share), x.labels.map((l) => r.label[l]).join(' ')]), [1, 2])}`;

  const t = insights.trends;
  const months = t.casesPerMonth.map((m) => monthLabel(m.month, options.language));
  const severity = c.enum.severity;
  const hours = (v: number | null) => (v === null ? '–' : f.number(Math.round(v * 10) / 10));
  const trendSection = [
    `<h2>${esc(r.trends.heading)}</h2>`,
    t.casesPerMonth.length
      ? `<section class="figure"><h3>${esc(r.trends.casesPerMonth)}</h3>${chart(casesPerMonthOption(t.casesPerMonth, { title: r.trends.casesPerMonth, months, severity, cases: r.pareto.cases }, theme, chartOptions), r.trends.casesPerMonth)}
${table(f.fill(r.tableOf, { title: r.trends.casesPerMonth }), [r.trends.month, ...SEVERITIES.map((s) => severity[s]), r.trends.total], t.casesPerMonth.map((m, i) => [months[i]!, ...SEVERITIES.map((s) => f.number(m.bySeverity[s] ?? 0)), f.number(m.total)]), [1, 2, 3, 4, 5])}</section>
<section class="figure"><h3>${esc(r.trends.duration)}</h3>${chart(
          durationOption(t, { title: r.trends.duration, months, detectMedian: r.trends.detectMedian, detectP90: r.trends.detectP90, resolveMedian: r.trends.resolveMedian, resolveP90: r.trends.resolveP90, hours: r.trends.hours, duration: (v) => f.fill(r.trends.hoursValue, { value: f.number(v) }) }, theme, chartOptions),
          r.trends.duration,
        )}
${table(
  f.fill(r.tableOf, { title: r.trends.duration }),
  [r.trends.month, r.trends.detectMedian, r.trends.detectP90, r.trends.resolveMedian, r.trends.resolveP90],
  t.timeToDetect.map((d, i) => [months[i]!, hours(d.median), hours(d.p90), hours(t.timeToResolve[i]!.median), hours(t.timeToResolve[i]!.p90)]),
  [1, 2, 3, 4],
)}</section>`
      : '',
    `<section class="figure"><h3>${esc(r.trends.verified)}</h3>${chart(verifiedShareOption(t.verifiedEffective, { title: r.trends.verified, kind: c.enum.actionKind, share: r.pareto.share, percent }, theme, chartOptions), r.trends.verified)}
${table(f.fill(r.tableOf, { title: r.trends.verified }), [r.trends.kind, r.trends.actions, r.trends.effective, r.pareto.share], t.verifiedEffective.map((k) => [c.enum.actionKind[k.kind], f.number(k.actions), f.number(k.effective), percent(k.share)]), [1, 2, 3])}</section>`,
    `<section class="figure"><h3>${esc(r.trends.overdue)}</h3>${
      t.overdue.count === 0
        ? `<p class="empty">${esc(r.trends.noOverdue)}</p>`
        : `<p>${esc(f.plural(r.trends as unknown as Record<string, string>, 'overdueCount', t.overdue.count))}</p>
${table(r.trends.overdue, [r.trends.action, r.trends.owner, r.trends.due, r.trends.daysOverdue, r.trends.case], t.overdue.top.map((a) => [a.title, a.owner, f.date(a.dueAt), f.number(a.daysOverdue), a.case.title]), [3])}`
    }</section>`,
  ].join('\n');

  const journeySection = journeyTable(insights, c, f, options.language);
  const kanoSection = options.kano ? kanoReport(options.kano, c, f, theme, chart) : '';

  return `<!doctype html>
<html lang="${esc(options.language)}"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>${options.fontFaceCss ?? ''}${options.language === 'en' ? LATIN_PUNCTUATION_CSS : ''}${CSS}</style></head>
<body>
<main>
${head.join('\n')}
<h2>${esc(r.pareto.heading)}</h2><p class="note">${esc(r.pareto.intro)}</p>
${paretoSection}
${recurrenceSection}
${trendSection}
${journeySection}
${kanoSection}
</main>
</body></html>`;
}

function journeyTable(insights: Insights, c: Catalog, f: Formatter, language: InsightsQuery['language']): string {
  const r = c.insightsReport;
  const cells = new Map(insights.journey.cells.map((cell) => [cell.touchpoint, cell]));
  const tp = (t: string) => touchpointText(t, c.enum.touchpoint as Record<Touchpoint, string>);
  const rows: string[][] = [];
  const classes: string[] = [];
  const push = (journey: string, stage: string, touchpoint: string) => {
    const cell = cells.get(touchpoint);
    if (!cell || (cell.cases === 0 && cell.emotion === null)) return;
    rows.push([
      journey,
      stage,
      tp(touchpoint),
      f.number(cell.cases),
      percentFormat(language)(cell.heat.score),
      cell.heat.worst ? c.enum.severity[cell.heat.worst] : '–',
      // "Process (4), Other (1)" / "流程（4）、其他（1）": the language's own brackets and separator.
      f.join(cell.topThemes.map((x) => f.fill(r.journey.countOf, { label: x.label ?? x.key, count: x.count }))),
      f.join(cell.topServqual.map((x) => f.fill(r.journey.countOf, { label: c.enum.servqual[x.key as keyof Catalog['enum']['servqual']] ?? x.key, count: x.count }))),
      cell.emotion === null ? '–' : (cell.emotion > 0 ? '+' : '') + f.number(cell.emotion),
    ]);
    classes.push(cell.heat.worst === 'critical' || cell.heat.worst === 'high' ? 'hot' : '');
  };
  for (const j of JOURNEYS) for (const s of j.stages) for (const t of s.touchpoints) push(j.name[language], s.label[language], t);
  for (const t of insights.journey.ownTouchpoints) push('', r.journey.ownStage, t);
  const body = rows.length
    ? table(r.journey.heading, [r.journey.journey, r.journey.stage, r.journey.touchpoint, r.journey.cases, r.journey.heat, r.journey.worst, r.journey.themes, r.journey.servqual, r.journey.emotion], rows, [3, 4, 8], (_row, i) => classes[i]!)
    : `<p class="empty">${esc(r.journey.empty)}</p>`;
  return `<h2>${esc(r.journey.heading)}</h2><p class="note">${esc(r.journey.intro)}</p>\n${body}`;
}

/** The KANO section: the Better / Worse chart (the screen's option builder, kano-option.ts), the
 *  must-be needs some case failed called out by name with their cases, and every need in a table
 *  (those without answers too, which the chart cannot place). */
function kanoReport(kano: KanoChart, c: Catalog, f: Formatter, theme: ChartTheme, chart: (option: InsightsChartOption, title: string, height: number) => string): string {
  const r = c.insightsReport.kano;
  const n = c.needs.chart;
  const two = new Intl.NumberFormat(f.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // -0 would print as "-0.00".
  const coefficient = (v: number | null) => (v === null ? n.noValue : two.format(v === 0 ? 0 : v));
  const category = (need: KanoChartNeed) => (need.category ? c.needs.category[need.category] : n.noValue);
  const head = `<h2>${esc(n.heading)}</h2><p class="note">${esc(n.intro)}</p>`;
  if (kano.needs.length === 0) return `${head}\n<p class="empty">${esc(r.empty)}</p>`;
  const failed = kano.needs.filter(isFailedMustBe);
  const summary = f.fill(n.summary, { needs: kano.needs.length, cases: kano.cases, failedMustBe: failed.length });
  const option = kanoOption(
    kano.needs,
    {
      title: n.heading,
      xAxis: n.xAxis,
      yAxis: n.yAxis,
      quadrant: n.quadrant,
      describe: (need) => f.fill(n.point, { need: need.text, category: category(need), better: coefficient(need.better), worse: coefficient(need.worse), cases: need.cases, failed: need.failed }),
    },
    theme,
    { showTitle: false, height: KANO_H },
  );
  const drawn = placed(kano.needs).length > 0 ? chart(option, n.heading, KANO_H) : `<p class="empty">${esc(r.nothingPlaced)}</p>`;
  // Named cases: the answer carries the first few of each need; the count says how many in all.
  const casesOf = (need: KanoChartNeed) =>
    need.caseIds.map((id) => kano.titles[id] ?? id).join(f.language === 'zh-CN' ? '；' : '; ') + (need.cases > need.caseIds.length ? ` … (${f.number(need.cases)})` : '');
  const callout = failed.length
    ? `<section class="callout" aria-labelledby="kano-failed"><h3 id="kano-failed">${esc(r.failedHeading)}</h3><p class="note">${esc(r.failedIntro)}</p><ul>${failed
        .map((need) => `<li><strong>${esc(need.text)}</strong>${esc(r.needSeparator)}${esc(f.fill(r.failedIn, { failed: need.failed, cases: need.cases }))} ${esc(casesOf(need))}</li>`)
        .join('')}</ul></section>`
    : `<p class="note">${esc(r.noFailed)}</p>`;
  const rows = kano.needs.map((need) => [
    isFailedMustBe(need) ? `${need.text} (${r.failedMark})` : need.text,
    category(need),
    [need.counts.A, need.counts.O, need.counts.M, need.counts.I, need.counts.R, need.counts.Q].map((x) => f.number(x)).join(' / '),
    coefficient(need.better),
    coefficient(need.worse),
    f.number(need.cases),
    f.number(need.failed),
  ]);
  return `${head}
<p>${esc(summary)}</p>
<section class="figure">${drawn}</section>
${callout}
${table(f.fill(c.insightsReport.tableOf, { title: n.heading }), [n.need, n.category, n.counts, n.better, n.worse, n.cases, n.failed], rows, [2, 3, 4, 5, 6], (_row, i) => (isFailedMustBe(kano.needs[i]!) ? 'held-not' : ''))}`;
}

function table(caption: string, headers: string[], rows: string[][], numeric: number[] = [], rowClass?: (row: string[], i: number) => string): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${headers.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows
  .map((row, ri) => {
    const rc = rowClass?.(row, ri);
    return `<tr${rc ? ` class="${rc}"` : ''}>${row.map((v, i) => (i === 0 ? `<th scope="row">${esc(v)}</th>` : `<td${cls(i)}>${esc(v)}</td>`)).join('')}</tr>`;
  })
  .join('\n')}</tbody></table>`;
}

const unitLabel = (r: Catalog['insightsReport'], p: Pareto) => (p.unit === 'rootCauses' ? r.pareto.rootCauses : r.pareto.cases);

/** A Pareto key in the reader's language: themes come labelled; the case fields from the catalogs;
 *  departments are their own names. */
function enumLabel(c: Catalog, dimension: ParetoDimension, key: string): string {
  const table: Record<string, Record<string, string> | undefined> = { servqual: c.enum.servqual, motFailure: c.enum.motFailure, scenarioType: c.enum.scenarioType };
  return table[dimension]?.[key] ?? key;
}

export function percentFormat(language: string): (share: number) => string {
  const nf = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  return (share) => nf.format(share);
}

/** "Mar 2026" / "2026年3月" for a YYYY-MM month. */
export function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.parse(`${month}-01T00:00:00Z`));
}

function periodText(insights: Insights, r: Catalog['insightsReport'], f: Formatter): string {
  const { from, to } = insights.totals;
  return from && to ? f.fill(r.period, { from: f.date(from), to: f.date(to) }) : r.periodAll;
}

function filtersText(q: InsightsQuery, c: Catalog, f: Formatter): string {
  const r = c.insightsReport;
  const parts: string[] = [];
  const add = (key: keyof Catalog['insightsReport']['filter'], value: string | undefined) => {
    if (value) parts.push(f.fill(r.filter[key], { value }));
  };
  add('department', q.department);
  add('touchpoint', q.touchpoint && touchpointText(q.touchpoint, c.enum.touchpoint as Record<Touchpoint, string>));
  add('severity', q.severity && c.enum.severity[q.severity]);
  add('scenarioType', q.scenarioType && c.enum.scenarioType[q.scenarioType]);
  add('motFailure', q.motFailure && c.enum.motFailure[q.motFailure]);
  add('step', q.step && c.steps[q.step]);
  add('status', q.status && c.enum.status[q.status]);
  add('tag', q.tag);
  return parts.length ? f.fill(r.filters, { filters: f.join(parts) }) : r.noFilters;
}

const CSS = `
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: #1b2430; margin: 0; background: #fff; }
html:lang(en) body { font-family: "${LATIN_PUNCTUATION_FAMILY}", "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
main { max-width: 760px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 6px; border-bottom: 2px solid #1f4e8c; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #4a5563; font-size: 13px; }
.note { color: #4a5563; font-size: 12.5px; }
.empty { color: #4a5563; font-style: italic; }
figure.chart { margin: 8px 0; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0 12px; }
caption { text-align: left; font-size: 12px; color: #4a5563; padding-bottom: 2px; }
th, td { border: 1px solid #d5dbe3; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #eef2f7; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.held-not td, tr.held-not th { background: #fdecea; }
tr.hot td, tr.hot th { background: #fff4e5; }
.callout { border-left: 4px solid #b42318; background: #fdecea; padding: 4px 12px; margin: 8px 0 12px; break-inside: avoid; page-break-inside: avoid; }
.callout h3 { margin-top: 6px; color: #8f1d14; }
.callout ul { margin: 4px 0 8px; padding-left: 20px; font-size: 13px; }
section.figure { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print { main { padding: 0; max-width: none; } h2 { break-after: avoid; } }
`;
