import { findCause, countCauses, effectText, type Cause, type Fishbone } from '../domain/fishbone';
import { isOverdue, refKey, type Action, type RootCauseRef } from '../domain/plan';
import { ACTION_STATUSES, IMPROVEMENT_AREAS, LESSON_KINDS, touchpointText } from '../domain/vocabulary';
import { distinctRootCauses, type RootCausePlace } from '../domain/root-causes';
import { countWhys, findWhy, questionText, type Why, type WhyAnalysis } from '../domain/whys';
import { mapTree } from '../domain/tree';
import { CATALOGS, type Catalog } from '../i18n/catalogs';
import type { Language } from '../i18n/languages';
import { layoutFishbone } from '../layout/fishbone';
import { retroSections } from './retro';
import { layoutWhys } from '../layout/whys';
import { renderFishboneSvg } from '../render/fishbone-svg';
import { renderWhysSvg } from '../render/whys-svg';
import type { DiagramBlock, KeyValueRow, ListBlock, ListItem, ParagraphBlock, ReportBlock, ReportDoc, ReportSection, SignOffBlock, TableBlock, TableColumn } from './doc';
import { createFormatter, type Formatter } from './format';
import { fitWidth, keySentences, textWidth } from './summary';
import type { CaseSnapshot, ReportLayout } from './snapshot';
import { cleanText, oneLine, paragraphs } from './text';

export interface BuildReportOptions {
  /** The report's language, independent of the UI's. */
  language: Language;
  layout: ReportLayout;
  /** The instant the report is made (ISO-8601), given by the caller: shown in the report and used
   *  as "now" to tell overdue actions. */
  generatedAt: string;
  /** IANA zone for every date and time; UTC when absent. */
  timeZone?: string;
  /** Draw the diagrams as SVG (default true). Formats that show only the outline (Markdown) may
   *  turn it off: the diagram blocks are kept, with an empty `svg` and a size of 0. */
  diagrams?: boolean;
}

/** Marks in the tables for "nothing here" (a cell) and "not applicable". */
const DASH = '—';

/** One distinct root cause (see shared/domain/root-causes.ts): found in one place or several. */
interface RootEntry {
  /** The canonical place's key. */
  key: string;
  code: string;
  text: string;
  /** Every place it was found, one line each. */
  source: string;
  status: string;
  evidence: string;
  stopReason: string;
  places: Array<{ key: string; text: string; source: string }>;
}

interface Ctx {
  snap: CaseSnapshot;
  c: Catalog;
  r: Catalog['report'];
  f: Formatter;
  now: Date;
  diagrams: boolean;
  roots: RootEntry[];
  rootByKey: Map<string, RootEntry>;
  question: (analysis: WhyAnalysis) => string;
  /** The layout being built: it decides the printed page size the diagrams must fit. */
  layout: ReportLayout;
}

/** The report of one case as a document tree, in `options.language`, arranged by `options.layout`.
 *  Pure and deterministic: the same snapshot and options always give the same tree. */
export function buildReportDoc(snapshot: CaseSnapshot, options: BuildReportOptions): ReportDoc {
  const c = CATALOGS[options.language];
  const f = createFormatter(options.language, options.timeZone ?? 'UTC');
  const ctx: Ctx = { ...context(snapshot, c, f, options), layout: options.layout };
  const r = c.report;
  const sections =
    options.layout === '8d' ? eightD(ctx) : options.layout === 'a3' ? a3(ctx) : steps(ctx);
  uniqueIds(sections);
  cleanSections(sections);
  return {
    version: 1,
    language: options.language,
    layout: options.layout,
    title: r.title[options.layout],
    subtitle: oneLine(snapshot.case.title) || c.case.untitled,
    generatedAt: options.generatedAt,
    timeZone: f.timeZone,
    meta: [
      { label: r.meta.layout, value: r.layout[options.layout] },
      { label: r.meta.generatedAt, value: f.dateTime(options.generatedAt) },
      { label: r.meta.timeZone, value: f.timeZone },
    ],
    footer: {
      text: cleanText(f.fill(r.print.footer, { title: fitWidth(oneLine(snapshot.case.title) || c.case.untitled, 64), date: f.date(options.generatedAt) })),
      page: r.print.page,
    },
    sections,
  };
}

function context(snap: CaseSnapshot, c: Catalog, f: Formatter, options: BuildReportOptions): Omit<Ctx, 'layout'> {
  const r = c.report;
  const now = new Date(Date.parse(options.generatedAt));
  if (Number.isNaN(now.getTime())) throw new RangeError(`generatedAt is not an ISO-8601 instant: ${options.generatedAt}`);
  const problem = snap.case.problem;
  const question = (analysis: WhyAnalysis) =>
    oneLine(questionText(analysis, (id) => findCause(snap.fishbone, id)?.cause.text ?? null, problem)) || r.analysis.effectFallback;
  const sourceOf = (p: RootCausePlace) =>
    p.source === 'fishbone'
      ? f.fill(r.rootCause.fromFishbone, { category: oneLine(p.category.label) })
      : `${f.fill(r.rootCause.fromWhys, { question: question(p.analysis) })}\n${f.plural(r.rootCause, 'depth', p.depth)}`;
  // A root cause found by both tools is one entry, counted once, with every place it was found.
  const distinct = distinctRootCauses(snap.fishbone, snap.analyses, snap.rootCauseLinks ?? []);
  const unique = (texts: string[]) => [...new Set(texts.filter((t) => t.trim()))];
  const roots: RootEntry[] = distinct.map((root) => ({
    key: root.key,
    code: f.fill(r.rootCause.id, { n: String(root.n) }),
    text: root.text,
    source: root.places.map(sourceOf).join('\n'),
    status: c.enum.causeStatus[root.status],
    evidence: unique(root.places.map((p) => p.evidence)).join('\n'),
    // The category, then the team's own words for it.
    stopReason: unique(
      root.places.map((p) =>
        p.source === 'whys' ? [p.stopReason ? c.enum.stopReason[p.stopReason] : '', p.why.stopNote.trim()].filter(Boolean).join(colon(f.language)) : '',
      ),
    ).join('\n'),
    places: root.places.map((p) => ({ key: p.key, text: p.text, source: sourceOf(p) })),
  }));
  const rootByKey = new Map<string, RootEntry>();
  for (const e of roots) for (const p of e.places) rootByKey.set(p.key, e);
  return { snap, c, r, f, now, diagrams: options.diagrams ?? true, roots, rootByKey, question };
}

// ---------------------------------------------------------------------------------------------
// Blocks

const section = (id: string, level: 1 | 2 | 3, title: string, blocks: ReportBlock[], extra: Partial<Pick<ReportSection, 'breakBefore' | 'column'>> = {}): ReportSection => ({
  kind: 'section',
  id,
  level,
  title,
  breakBefore: extra.breakBefore ?? false,
  ...(extra.column ? { column: extra.column } : {}),
  blocks,
});

const muted = (text: string): ParagraphBlock => ({ kind: 'paragraph', text, tone: 'muted' });

/** A user's long text as paragraphs, or a muted "empty" note. */
function prose(text: string, empty: string): ParagraphBlock[] {
  const parts = paragraphs(text);
  return parts.length ? parts.map((p) => ({ kind: 'paragraph', text: p, tone: 'normal' })) : [muted(empty)];
}

const col = (key: string, label: string, weight = 1, align: TableColumn['align'] = 'start'): TableColumn => ({ key, label, weight, align });

const table = (key: string, columns: TableColumn[], rows: string[][], caption: string | null = null): TableBlock => ({ kind: 'table', key, caption, columns, rows });

const list = (key: string, items: ListItem[], ordered = false): ListBlock => ({ kind: 'list', key, ordered, items });

/** A cell's text: the value, or a dash when there is none. */
const cell = (value: string | null | undefined) => (value && value.trim() ? value : DASH);

/** A value in a key/value block: the value, or "Not recorded". */
const value = (ctx: Ctx, v: string | null | undefined) => (v && v.trim() ? v : ctx.r.empty);

const when = (ctx: Ctx, iso: string | null | undefined) => (iso ? ctx.f.dateTime(iso) : ctx.r.empty);

// --- Case facts

function factRows(ctx: Ctx): KeyValueRow[] {
  const { snap, c, r } = ctx;
  const k = snap.case;
  const rows: KeyValueRow[] = [
    { label: r.fields.severity, value: c.enum.severity[k.severity] },
    { label: r.fields.scenarioType, value: c.enum.scenarioType[k.scenarioType] },
    { label: r.fields.motFailure, value: c.enum.motFailure[k.motFailure] },
    { label: r.fields.touchpoint, value: k.touchpoint ? touchpointText(k.touchpoint, c.enum.touchpoint) : r.empty },
    { label: r.fields.location, value: value(ctx, k.location) },
    { label: r.fields.department, value: value(ctx, k.department) },
    { label: r.fields.occurredAt, value: when(ctx, k.occurredAt) },
    { label: r.fields.detectedAt, value: when(ctx, k.detectedAt) },
    { label: r.fields.resolvedAt, value: when(ctx, k.resolvedAt) },
    { label: r.fields.status, value: c.enum.status[k.status] },
  ];
  if (k.closeReason.trim()) rows.push({ label: r.fields.closeReason, value: k.closeReason });
  rows.push({ label: r.fields.step, value: c.steps[k.step] });
  if (k.reference.trim()) rows.push({ label: c.caseMore.reference, value: k.reference.trim() });
  rows.push({ label: r.fields.followUpAt, value: k.followUpAt ? ctx.f.date(k.followUpAt) : r.empty });
  rows.push({ label: r.fields.tags, value: k.tags.length ? ctx.f.join(k.tags) : r.empty });
  return rows;
}

function owners(ctx: Ctx): string[] {
  const seen = new Set<string>();
  for (const a of ctx.snap.plan.actions) if (a.owner.trim()) seen.add(a.owner.trim());
  return [...seen];
}

function peopleRows(ctx: Ctx, withOwners = false): KeyValueRow[] {
  const { r } = ctx;
  const k = ctx.snap.case;
  const participants = k.participants.filter((p) => p.trim());
  const rows: KeyValueRow[] = [
    { label: r.fields.reporter, value: value(ctx, k.reporter) },
    { label: r.fields.facilitator, value: value(ctx, k.facilitator) },
    { label: r.fields.participants, value: participants.length ? ctx.f.list(participants) : r.empty },
  ];
  if (withOwners) {
    const names = owners(ctx);
    rows.push({ label: r.fields.owners, value: names.length ? ctx.f.list(names) : r.empty });
  }
  return rows;
}

function figureRows(ctx: Ctx): KeyValueRow[] {
  const { r, f, snap } = ctx;
  const n = (label: string, count: number) => ({ label, value: f.number(count) });
  const actions = snap.plan.actions;
  let causes = 0;
  for (const category of snap.fishbone.categories) causes += countCauses(category.causes);
  return [
    n(r.counts.causes, causes),
    n(r.counts.rootCauses, ctx.roots.length),
    n(r.counts.analyses, snap.analyses.length),
    n(r.counts.whys, snap.analyses.reduce((sum, a) => sum + countWhys(a.whys), 0)),
    n(r.counts.actions, actions.length),
    n(r.counts.actionsDone, actions.filter((a) => a.status === 'done' || a.status === 'verified').length),
    n(r.counts.actionsOverdue, actions.filter((a) => isOverdue(a, ctx.now)).length),
    n(r.counts.feedback, snap.plan.feedback.length),
    n(r.counts.lessons, snap.plan.lessons.length),
    n(r.counts.improvements, snap.plan.improvements.length),
  ];
}

// --- Step 1

function problemSections(ctx: Ctx, prefix: string, level: 2 | 3, which: Array<'statement' | 'experience' | 'impact'> = ['statement', 'experience', 'impact']): ReportSection[] {
  const { r } = ctx;
  const k = ctx.snap.case;
  const texts = { statement: k.problem, experience: k.customerExperience, impact: k.customerImpact };
  return which.map((w) => section(`${prefix}-${w}`, level, r.problem[w], prose(texts[w], r.empty)));
}

function timelineBlocks(ctx: Ctx): ReportBlock[] {
  const { r, c, f } = ctx;
  const events = ctx.snap.timeline;
  if (events.length === 0) return [muted(r.problem.timelineEmpty)];
  return [
    table(
      'timeline',
      [col('at', r.problem.at, 2), col('kind', r.problem.kind, 1), col('description', r.problem.description, 5)],
      events.map((e) => [e.at ? f.dateTime(e.at) : r.problem.noDate, c.enum.timelineKind[e.kind], cell(e.description)]),
    ),
  ];
}

// --- Step 2

function expandedCauses(list: Cause[]): Cause[] {
  return mapTree(list, (c) => (c.collapsed ? { ...c, collapsed: false } : c));
}

function expandedWhys(list: Why[]): Why[] {
  return mapTree(list, (w) => (w.collapsed ? { ...w, collapsed: false } : w));
}

/** Gives the ids of one SVG document (its <title>) a prefix unique in the report. The SVG's user
 *  text is escaped, so the quoted id only ever matches the attribute. */
function withIdPrefix(svg: string, oldId: string, newId: string): string {
  return svg.replace(`id="${oldId}"`, `id="${newId}"`).replace(`aria-labelledby="${oldId}"`, `aria-labelledby="${newId}"`);
}

function causeMarks(ctx: Ctx, cause: Cause): string | undefined {
  const { c, r, f } = ctx;
  const marks: string[] = [];
  if (cause.status !== 'hypothesis') marks.push(c.enum.causeStatus[cause.status]);
  if (cause.isRootCause) marks.push(r.analysis.rootMark);
  if (cause.votes > 0) marks.push(f.plural(r.analysis, 'votes', cause.votes));
  return marks.length ? marks.join(' · ') : undefined;
}

function fishboneBlocks(ctx: Ctx, id: string): ReportBlock[] {
  const { snap, r, f } = ctx;
  if (snap.fishbone.categories.length === 0) return [muted(r.analysis.fishboneEmpty)];
  const fishbone: Fishbone = { ...snap.fishbone, categories: snap.fishbone.categories.map((cat) => ({ ...cat, causes: expandedCauses(cat.causes) })) };
  const effect = oneLine(effectText(fishbone, snap.case.problem, r.analysis.effectFallback));
  const title = f.fill(r.analysis.fishboneTitle, { effect });
  const causeItem = (cause: Cause): ListItem => {
    const detail = causeMarks(ctx, cause);
    return { text: cause.text, ...(detail ? { detail } : {}), children: cause.children.map(causeItem) };
  };
  const outline: ListItem[] = [
    {
      text: f.fill(r.analysis.effect, { text: effect }),
      children: fishbone.categories.map((cat) => ({ text: oneLine(cat.label), children: cat.causes.map(causeItem) })),
    },
  ];
  if (!ctx.diagrams) return [{ kind: 'diagram', diagram: 'fishbone', id, title, svg: '', width: 0, height: 0, outline }];
  // Vote badges are drawn at 10 px, below 8 pt: the printed drawing leaves them out (the outline
  // under it keeps the votes).
  const drawn: Fishbone = { ...fishbone, categories: fishbone.categories.map((cat) => ({ ...cat, causes: mapTree(cat.causes, (c) => (c.votes ? { ...c, votes: 0 } : c)) })) };
  const draw = (of: Fishbone, blockId: string, blockTitle: string, blockOutline: ListItem[], layout = layoutFishbone(of, effect)): DiagramBlock => {
    const svg = withIdPrefix(renderFishboneSvg(of, layout, { title: blockTitle }), 'fishbone-title', `${blockId}-title`);
    return { kind: 'diagram', diagram: 'fishbone', id: blockId, title: blockTitle, svg, width: layout.width, height: layout.height, ...placement(ctx, layout.width, layout.height), outline: blockOutline };
  };
  // Laid out first, drawn only if it is the one printed.
  const layout = layoutFishbone(drawn, effect);
  if (fitsPrinted(ctx, layout.width, layout.height) || drawn.categories.length < 2) return [draw(drawn, id, title, outline, layout)];
  // Too big for even a landscape page at a legible size: one drawing per category, each with its
  // own outline, so every cause stays readable in print.
  return drawn.categories.map((cat, i) =>
    draw(
      { ...drawn, categories: [cat] },
      `${id}-${i + 1}`,
      f.fill(r.printLayout.fishbonePart, { title, category: oneLine(cat.label) }),
      [{ text: f.fill(r.analysis.effect, { text: effect }), children: [{ text: oneLine(cat.label), children: fishbone.categories[i]!.causes.map(causeItem) }] }],
    ),
  );
}

/** The printable area of a report page for a drawing, in CSS pixels (96 per inch), less room for
 *  the heading and caption: A4 portrait and landscape (18 mm / 16 mm margins), or A3 landscape. */
const PRINT_AREA = {
  portrait: { width: 672, height: 860 },
  landscape: { width: 1000, height: 560 },
  a3: { width: 1490, height: 900 },
} as const;

/** The smallest scale at which the diagrams' smallest text (13 px) still prints at 8 pt. */
const MIN_PRINT_SCALE = (8 * 96) / 72 / 13;

const printScale = (area: { width: number; height: number }, width: number, height: number) => Math.min(1, area.width / Math.max(1, width), area.height / Math.max(1, height));

/** Whether a drawing of this size prints legibly on the layout's pages (turning an A4 page if need be). */
function fitsPrinted(ctx: Ctx, width: number, height: number): boolean {
  if (ctx.layout === 'a3') return printScale(PRINT_AREA.a3, width, height) >= MIN_PRINT_SCALE;
  return printScale(PRINT_AREA.portrait, width, height) >= MIN_PRINT_SCALE || printScale(PRINT_AREA.landscape, width, height) >= MIN_PRINT_SCALE;
}

/** A drawing too wide for a portrait A4 page at a legible size goes on a landscape page, when it
 *  is legible there (and gains from it). A3 pages are landscape already. */
function placement(ctx: Ctx, width: number, height: number): { landscape?: true } {
  if (ctx.layout === 'a3') return {};
  const portrait = printScale(PRINT_AREA.portrait, width, height);
  const landscape = printScale(PRINT_AREA.landscape, width, height);
  return portrait < MIN_PRINT_SCALE && landscape > portrait ? { landscape: true } : {};
}

function whyMarks(ctx: Ctx, why: Why): string | undefined {
  const { c, r, f } = ctx;
  const marks: string[] = [];
  if (why.status !== 'hypothesis') marks.push(c.enum.whyStatus[why.status]);
  if (why.isRootCause) marks.push(why.stopReason ? `${r.analysis.rootMark}${colon(f.language)}${c.enum.stopReason[why.stopReason]}` : r.analysis.rootMark);
  return marks.length ? marks.join(' · ') : undefined;
}

const colon = (language: Language) => (language === 'zh-CN' ? '：' : ': ');

function whySections(ctx: Ctx, prefix: string, level: 3): ReportSection[] {
  const { snap, r, f } = ctx;
  return snap.analyses.map((analysis, i) => {
    const id = `${prefix}-${i + 1}`;
    const q = ctx.question(analysis);
    const blocks: ReportBlock[] = [{ kind: 'paragraph', text: f.fill(r.analysis.question, { text: q }), tone: 'normal' }];
    if (analysis.whys.length === 0) blocks.push(muted(r.analysis.whyEmptyTree));
    else {
      const expanded: WhyAnalysis = { ...analysis, whys: expandedWhys(analysis.whys) };
      const title = f.fill(r.analysis.whyTitle, { question: q });
      const item = (why: Why, number: string): ListItem => {
        const detail = whyMarks(ctx, why);
        return { label: `${number}.`, text: why.answer, ...(detail ? { detail } : {}), children: why.children.map((w, j) => item(w, `${number}.${j + 1}`)) };
      };
      const draw = (of: WhyAnalysis, blockId: string, blockTitle: string, outline: ListItem[], layout = ctx.diagrams ? layoutWhys(of, q) : null): DiagramBlock => {
        if (!layout) return { kind: 'diagram', diagram: 'whys', id: blockId, title: blockTitle, svg: '', width: 0, height: 0, outline };
        const svg = withIdPrefix(renderWhysSvg(of, layout, { title: blockTitle }), 'whys-title', `${blockId}-title`);
        return { kind: 'diagram', diagram: 'whys', id: blockId, title: blockTitle, svg, width: layout.width, height: layout.height, ...placement(ctx, layout.width, layout.height), outline };
      };
      const layout = ctx.diagrams ? layoutWhys(expanded, q) : null;
      if (!layout || fitsPrinted(ctx, layout.width, layout.height) || expanded.whys.length < 2) {
        blocks.push(draw(expanded, `${id}-diagram`, title, [{ text: q, children: expanded.whys.map((w, j) => item(w, String(j + 1))) }], layout));
      }
      else {
        // Too big to print legibly even on a landscape page: one drawing per first answer, each
        // with the question, numbered as in the whole tree.
        expanded.whys.forEach((w, j) =>
          blocks.push(
            draw({ ...expanded, whys: [w] }, `${id}-diagram-${j + 1}`, f.fill(r.printLayout.whysPart, { title, n: j + 1 }), [{ text: q, children: [item(w, String(j + 1))] }]),
          ),
        );
      }
    }
    return section(id, level, f.fill(r.analysis.whyHeading, { n: i + 1 }), blocks);
  });
}

/** Where a root cause was found, without repeating the question it answers (a 5-Whys question
 *  is often the whole problem statement): for each of its places, the fishbone's category, or which
 *  5-Whys analysis and how many whys deep. */
function whereFound(ctx: Ctx, root: RootEntry): string {
  const { r, f, snap } = ctx;
  return root.places
    .map((place) => {
      const at = place.key.indexOf(':');
      if (place.key.slice(0, at) !== 'whys') return place.source;
      const found = findWhy(snap.analyses, place.key.slice(at + 1));
      if (!found) return place.source;
      const n = snap.analyses.indexOf(found.analysis) + 1;
      return `${f.fill(r.summaryPage.inWhys, { n })}\n${f.plural(r.rootCause, 'depth', found.depth)}`;
    })
    .join('\n');
}

function rootCauseBlocks(ctx: Ctx): ReportBlock[] {
  const { r } = ctx;
  if (ctx.roots.length === 0) return [muted(r.analysis.rootCausesEmpty)];
  const rc = r.rootCause;
  return [
    table(
      'root-causes',
      [col('code', rc.number, 1), col('text', rc.text, 5), col('source', r.summaryPage.where, 2.6), col('status', rc.status, 1.4), col('evidence', rc.evidence, 3.5), col('stopReason', rc.stopReason, 1.8)],
      ctx.roots.map((e) => [e.code, e.text, whereFound(ctx, e), e.status, cell(e.evidence), cell(e.stopReason)]),
    ),
  ];
}

function analysisSections(ctx: Ctx, prefix: string, level: 2 | 3): ReportSection[] {
  const { r } = ctx;
  const whys = whySections(ctx, `${prefix}-whys`, 3);
  return [
    section(`${prefix}-fishbone`, level, r.analysis.fishbone, fishboneBlocks(ctx, `${prefix}-fishbone-diagram`)),
    section(`${prefix}-whys`, level, r.analysis.whys, whys.length ? whys : [muted(r.analysis.whysEmpty)]),
    section(`${prefix}-root-causes`, level, r.analysis.rootCauses, rootCauseBlocks(ctx)),
    ...retroSections(ctx, `${prefix}-team-session`, level),
  ];
}

// --- Step 3

type ActionColumn = 'title' | 'kind' | 'owner' | 'due' | 'priority' | 'impactEffort' | 'rootCauses' | 'status' | 'lastProgress';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `max` characters (whole graphemes, so no emoji is cut in two), with an ellipsis when
 *  cut. An action's root causes are named by code and a short text; the root-cause table holds
 *  them in full. */
function shorten(text: string, max = 80): string {
  if (text.length <= max) return text;
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count === max) return `${kept.trimEnd()}…`;
    if (count < max - 1) kept += segment;
    count++;
  }
  return text;
}

function refText(ctx: Ctx, ref: RootCauseRef): string {
  const { r, f, snap } = ctx;
  const entry = ctx.rootByKey.get(refKey(ref));
  if (entry) return `${entry.code} ${shorten(oneLine(entry.text))}`;
  const text = ref.source === 'fishbone' ? findCause(snap.fishbone, ref.id)?.cause.text : findWhy(snap.analyses, ref.id)?.why.answer;
  return text !== undefined ? f.fill(r.rootCause.notRoot, { text: shorten(oneLine(text)) }) : r.rootCause.removed;
}

/** An action's refs with each root cause named once (it may link several places of one). */
function actionRefs(ctx: Ctx, refs: readonly RootCauseRef[]): RootCauseRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = ctx.rootByKey.get(refKey(ref))?.key ?? refKey(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function statusText(ctx: Ctx, action: Action): string {
  const label = ctx.c.enum.actionStatus[action.status];
  return isOverdue(action, ctx.now) ? ctx.f.fill(ctx.r.execution.overdue, { status: label }) : label;
}

function actionTable(ctx: Ctx, key: string, actions: readonly Action[], columns: ActionColumn[]): TableBlock {
  const { r, c, f } = ctx;
  const p = r.plan;
  const spec: Record<ActionColumn, [TableColumn, (a: Action) => string]> = {
    title: [col('title', p.title, 4), (a) => a.title],
    kind: [col('kind', p.kind, 1.6), (a) => c.enum.actionKind[a.kind]],
    owner: [col('owner', p.owner, 2), (a) => cell(a.owner)],
    due: [col('due', p.due, 2), (a) => (a.dueAt ? f.date(a.dueAt) : DASH)],
    priority: [col('priority', p.priority, 1.6), (a) => c.enum.level[a.priority]],
    impactEffort: [col('impactEffort', p.impactEffort, 2), (a) => f.fill(p.impactEffortValue, { impact: c.enum.level[a.impact], effort: c.enum.level[a.effort] })],
    rootCauses: [col('rootCauses', p.rootCauses, 4), (a) => (a.rootCauses.length ? actionRefs(ctx, a.rootCauses).map((ref) => refText(ctx, ref)).join('\n') : DASH)],
    status: [col('status', p.status, 1.5), (a) => statusText(ctx, a)],
    lastProgress: [
      col('lastProgress', r.execution.lastProgress, 4),
      (a) => {
        const last = a.progress[a.progress.length - 1];
        return last ? `${f.dateTime(last.at)}${colon(f.language)}${last.note}` : DASH;
      },
    ],
  };
  return table(
    key,
    columns.map((k) => spec[k][0]),
    actions.map((a) => columns.map((k) => spec[k][1](a))),
  );
}

/** Description, expected effect and reason for cancelling of the actions that have any. */
function actionDetails(ctx: Ctx, id: string, level: 2 | 3, actions: readonly Action[]): ReportSection[] {
  const p = ctx.r.plan;
  const c = colon(ctx.f.language);
  const items: ListItem[] = [];
  for (const a of actions) {
    const children: ListItem[] = [];
    if (a.description.trim()) children.push({ label: `${p.description}${c}`.trim(), text: a.description, children: [] });
    if (a.expectedEffect.trim()) children.push({ label: `${p.expectedEffect}${c}`.trim(), text: a.expectedEffect, children: [] });
    if (a.status === 'cancelled' && a.cancelReason.trim()) children.push({ label: `${p.cancelReason}${c}`.trim(), text: a.cancelReason, children: [] });
    if (children.length) items.push({ text: a.title, children });
  }
  return items.length ? [section(id, level, p.details, [list(`${id}-list`, items)])] : [];
}

function uncoveredBlocks(ctx: Ctx): ReportBlock[] {
  const p = ctx.r.plan;
  const covered = new Set<string>();
  // Covered when an action addresses any place the root cause was found.
  for (const a of ctx.snap.plan.actions) if (a.status !== 'cancelled') for (const ref of a.rootCauses) covered.add(ctx.rootByKey.get(refKey(ref))?.key ?? refKey(ref));
  const open = ctx.roots.filter((e) => !covered.has(e.key));
  if (ctx.roots.length === 0) return [muted(ctx.r.analysis.rootCausesEmpty)];
  if (open.length === 0) return [muted(p.uncoveredNone)];
  return [muted(p.uncoveredIntro), list('uncovered', open.map((e) => ({ label: e.code, text: e.text, detail: e.source.replace(/\n/g, ' · '), children: [] })))];
}

const PLAN_COLUMNS: ActionColumn[] = ['title', 'kind', 'owner', 'due', 'priority', 'impactEffort', 'rootCauses', 'status'];

function planSections(ctx: Ctx, prefix: string, level: 2 | 3): ReportSection[] {
  const p = ctx.r.plan;
  const actions = ctx.snap.plan.actions;
  return [
    section(`${prefix}-actions`, level, p.actions, actions.length ? [actionTable(ctx, 'actions', actions, PLAN_COLUMNS)] : [muted(p.actionsEmpty)]),
    ...actionDetails(ctx, `${prefix}-details`, level, actions),
    section(`${prefix}-uncovered`, level, p.uncovered, uncoveredBlocks(ctx)),
  ];
}

// --- Step 4

function statusBlocks(ctx: Ctx, actions: readonly Action[]): ReportBlock[] {
  const { c, f, r } = ctx;
  if (actions.length === 0) return [muted(r.plan.actionsEmpty)];
  const counts: KeyValueRow[] = ACTION_STATUSES.map((s) => ({ label: c.enum.actionStatus[s], value: f.number(actions.filter((a) => a.status === s).length) }));
  return [{ kind: 'keyValue', rows: counts }, actionTable(ctx, 'action-status', actions, ['title', 'status', 'owner', 'due', 'lastProgress'])];
}

function progressBlocks(ctx: Ctx, actions: readonly Action[]): ReportBlock[] {
  const { f } = ctx;
  const items = actions
    .filter((a) => a.progress.length)
    .map((a) => ({ text: a.title, children: a.progress.map((n) => ({ label: f.dateTime(n.at), text: n.note, children: [] })) }));
  return items.length ? [list('progress', items)] : [muted(ctx.r.execution.progressEmpty)];
}

function checkBlocks(ctx: Ctx, actions: readonly Action[]): ReportBlock[] {
  const { c, f } = ctx;
  const e = ctx.r.execution;
  const rows: string[][] = [];
  for (const a of actions) for (const k of a.checks) rows.push([a.title, c.enum.effectiveness[k.result], cell(k.evidence), f.dateTime(k.checkedAt), cell(k.checkedBy)]);
  if (rows.length === 0) return [muted(e.checksEmpty)];
  return [table('checks', [col('action', e.action, 3), col('result', e.result, 1.5), col('evidence', e.evidence, 4), col('checkedAt', e.checkedAt, 2), col('checkedBy', e.checkedBy, 1.5)], rows)];
}

function feedbackBlocks(ctx: Ctx): ReportBlock[] {
  const e = ctx.r.execution;
  const feedback = ctx.snap.plan.feedback;
  if (feedback.length === 0) return [muted(e.feedbackEmpty)];
  return [list('feedback', feedback.map((fb) => ({ label: fb.at ? ctx.f.dateTime(fb.at) : e.noDate, text: fb.note, children: [] })))];
}

function executionSections(ctx: Ctx, prefix: string, level: 2 | 3): ReportSection[] {
  const e = ctx.r.execution;
  const actions = ctx.snap.plan.actions;
  return [
    section(`${prefix}-status`, level, e.status, statusBlocks(ctx, actions)),
    section(`${prefix}-progress`, level, e.progress, progressBlocks(ctx, actions)),
    section(`${prefix}-checks`, level, e.checks, checkBlocks(ctx, actions)),
    section(`${prefix}-feedback`, level, e.feedback, feedbackBlocks(ctx)),
  ];
}

// --- Step 5

function lessonBlocks(ctx: Ctx, prefix: string, level: 2 | 3): ReportBlock[] {
  const { c, r, f } = ctx;
  const lessons = ctx.snap.plan.lessons;
  if (lessons.length === 0) return [muted(r.improve.lessonsEmpty)];
  const sub = (level + 1) as 3;
  return LESSON_KINDS.flatMap((kind) => {
    const of = lessons.filter((l) => l.kind === kind);
    if (of.length === 0) return [];
    const items = of.map((l): ListItem => {
      const where = [l.appliesDepartment.trim(), l.appliesTouchpoint ? touchpointText(l.appliesTouchpoint, c.enum.touchpoint) : '', l.appliesScenario ? c.enum.scenarioType[l.appliesScenario] : ''].filter(Boolean);
      return { text: l.text, ...(where.length ? { detail: f.fill(r.improve.appliesTo, { where: where.join(' · ') }) } : {}), children: [] };
    });
    return [section(`${prefix}-${kind.replace(/_/g, '-')}`, Math.min(sub, 3) as 3, c.enum.lessonKind[kind], [list(`lessons-${kind}`, items)])];
  });
}

function improvementBlocks(ctx: Ctx, prefix: string, level: 2 | 3): ReportBlock[] {
  const { c, r } = ctx;
  const all = ctx.snap.plan.improvements;
  if (all.length === 0) return [muted(r.improve.improvementsEmpty)];
  const sub = Math.min(level + 1, 3) as 3;
  return IMPROVEMENT_AREAS.flatMap((area) => {
    const of = all.filter((i) => i.area === area);
    return of.length ? [section(`${prefix}-${area}`, sub, c.enum.improvementArea[area], [list(`improvements-${area}`, of.map((i) => ({ text: i.text, children: [] })))])] : [];
  });
}

function followUpBlocks(ctx: Ctx): ReportBlock[] {
  const { r, f } = ctx;
  const k = ctx.snap.case;
  const out: ReportBlock[] = [k.followUpAt ? { kind: 'paragraph', text: f.fill(r.improve.followUpAt, { date: f.date(k.followUpAt) }), tone: 'normal' } : muted(r.improve.followUpNone)];
  if (k.closeReason.trim()) out.push({ kind: 'paragraph', text: f.fill(r.improve.closed, { reason: k.closeReason }), tone: 'normal' });
  return out;
}

function improveSections(ctx: Ctx, prefix: string, level: 2 | 3): ReportSection[] {
  const i = ctx.r.improve;
  return [
    section(`${prefix}-summary`, level, i.summary, prose(ctx.snap.case.summary, i.summaryEmpty)),
    section(`${prefix}-lessons`, level, i.lessons, lessonBlocks(ctx, `${prefix}-lessons`, level)),
    section(`${prefix}-improvements`, level, i.improvements, improvementBlocks(ctx, `${prefix}-improvements`, level)),
    section(`${prefix}-follow-up`, level, i.followUp, followUpBlocks(ctx)),
  ];
}

// --- Executive summary (page 1), sign-off and appendix

/** Page 1 has to stay one page whatever the case holds: it lists at most this many of each, each
 *  cut to a width (in Latin letters; a Chinese character counts two, see textWidth) that keeps a
 *  root cause on one line, an action's title on two, and says where the rest is. Every text is
 *  printed in full further on. */
const SUMMARY_LIMITS = { roots: 6, actions: 5, lessons: 3, root: 88, title: 60, owner: 30, lesson: 120, sentence: 150, happened: 300 } as const;

/** What happened and what it did to customers, in two or three sentences of the team's own words:
 *  the first sentences of the problem statement (or of the summary when there is none), then the
 *  first of the customer impact. */
function whatHappened(ctx: Ctx): string {
  const k = ctx.snap.case;
  const lang = ctx.f.language;
  const happened = keySentences(k.problem.trim() ? k.problem : k.summary, lang, k.customerImpact.trim() ? 2 : 3, SUMMARY_LIMITS.sentence);
  const impact = keySentences(k.customerImpact, lang, 1, SUMMARY_LIMITS.sentence);
  return fitWidth([...happened, ...impact].join(lang === 'zh-CN' ? '' : ' '), SUMMARY_LIMITS.happened);
}

/** The latest effectiveness check of an action, or "not checked yet". */
function verifiedEffect(ctx: Ctx, action: Action): string {
  const e = ctx.r.summaryPage;
  const last = [...action.checks].sort((a, b) => a.checkedAt.localeCompare(b.checkedAt)).pop();
  return last ? ctx.f.fill(e.checkValue, { result: ctx.c.enum.effectiveness[last.result], date: ctx.f.date(last.checkedAt) }) : e.notChecked;
}

/** "… and 3 more, in full in …": the muted line under a capped list. */
function moreNote(ctx: Ctx, hidden: number, where: string): ParagraphBlock[] {
  return hidden > 0 ? [muted(ctx.f.plural(ctx.r.summaryPage, 'more', hidden, { where }))] : [];
}

function summaryRootBlocks(ctx: Ctx, where: string, max: number = SUMMARY_LIMITS.roots): ReportBlock[] {
  if (ctx.roots.length === 0) return [muted(ctx.r.analysis.rootCausesEmpty)];
  const shown = ctx.roots.slice(0, max);
  return [
    list('summary-root-causes', shown.map((root) => ({ label: root.code, text: fitWidth(oneLine(root.text), SUMMARY_LIMITS.root), children: [] }))),
    ...moreNote(ctx, ctx.roots.length - shown.length, where),
  ];
}

const liveActions = (ctx: Ctx) => ctx.snap.plan.actions.filter((a) => a.status !== 'cancelled');

function summaryActionBlocks(ctx: Ctx, where: string, max: number = SUMMARY_LIMITS.actions): ReportBlock[] {
  const { r } = ctx;
  const actions = liveActions(ctx);
  if (actions.length === 0) return [muted(r.plan.actionsEmpty)];
  const shown = actions.slice(0, max);
  return [
    table(
      'summary-actions',
      [col('title', r.plan.title, 4), col('owner', r.plan.owner, 2), col('status', r.plan.status, 1.6), col('effect', r.summaryPage.verifiedEffect, 2.4)],
      shown.map((a) => [fitWidth(oneLine(a.title), SUMMARY_LIMITS.title), cell(fitWidth(oneLine(a.owner), SUMMARY_LIMITS.owner)), statusText(ctx, a), verifiedEffect(ctx, a)]),
    ),
    ...moreNote(ctx, actions.length - shown.length, where),
  ];
}

const orderedLessons = (ctx: Ctx) => LESSON_KINDS.flatMap((kind) => ctx.snap.plan.lessons.filter((l) => l.kind === kind));

function summaryLessonBlocks(ctx: Ctx, where: string, max: number = SUMMARY_LIMITS.lessons): ReportBlock[] {
  const lessons = ctx.snap.plan.lessons;
  if (lessons.length === 0) return [muted(ctx.r.improve.lessonsEmpty)];
  const ordered = orderedLessons(ctx);
  const shown = ordered.slice(0, max);
  return [
    list('summary-lessons', shown.map((l) => ({ text: fitWidth(oneLine(l.text), SUMMARY_LIMITS.lesson), detail: ctx.c.enum.lessonKind[l.kind], children: [] }))),
    ...moreNote(ctx, lessons.length - shown.length, where),
  ];
}

/** Who led the analysis: the facilitator, else the reporter. */
const leader = (ctx: Ctx) => ctx.snap.case.facilitator.trim() || ctx.snap.case.reporter.trim();

/** Prepared by (the analysis's leader: the facilitator, else the reporter) and blank lines for the
 *  reviewer's name and the date. */
function signOff(ctx: Ctx): SignOffBlock {
  const s = ctx.r.signOff;
  return {
    kind: 'signOff',
    rows: [
      { label: s.preparedBy, value: fitWidth(oneLine(leader(ctx)), 40) },
      { label: s.reviewedBy, value: '' },
      { label: s.date, value: '' },
    ],
  };
}

/** Lines of body text page 1 has for the title, what happened, root causes, actions and lessons,
 *  once the headings, the meta table, the "more" notes and the sign-off are placed (A4, 10 pt). */
const PAGE_ONE_LINES = 25;

/** How many root causes, actions and lessons page 1 lists: the caps, then fewer (lessons first,
 *  then actions, then root causes, never below two, one lesson) while an estimate of their lines
 *  (a line holds ~95 Latin letters; the action columns ~40 and ~22) exceeds PAGE_ONE_LINES. */
function pageOneCounts(ctx: Ctx, happened: string): { roots: number; actions: number; lessons: number } {
  const lines = (text: string, perLine: number) => Math.max(1, Math.ceil(textWidth(text) / perLine));
  // The title is set larger (13 pt): a line of it counts one and a half.
  const title = 1.5 * Math.min(3, lines(oneLine(ctx.snap.case.title), 80));
  const rootLines = ctx.roots.map(() => 1);
  const actionLines = liveActions(ctx).map((a) => Math.max(lines(fitWidth(oneLine(a.title), SUMMARY_LIMITS.title), 38), lines(fitWidth(oneLine(a.owner), SUMMARY_LIMITS.owner), 20)) + 0.3);
  const lessonLines = orderedLessons(ctx).map((l) => lines(`${fitWidth(oneLine(l.text), SUMMARY_LIMITS.lesson)} — ${ctx.c.enum.lessonKind[l.kind]}`, 95));
  const counts = { roots: Math.min(SUMMARY_LIMITS.roots, rootLines.length), actions: Math.min(SUMMARY_LIMITS.actions, actionLines.length), lessons: Math.min(SUMMARY_LIMITS.lessons, lessonLines.length) };
  const sum = (list: number[], n: number) => list.slice(0, n).reduce((a, b) => a + b, 0);
  const total = () => title + lines(happened, 95) + sum(rootLines, counts.roots) + sum(actionLines, counts.actions) + sum(lessonLines, counts.lessons);
  while (total() > PAGE_ONE_LINES) {
    if (counts.lessons > 1) counts.lessons--;
    else if (counts.actions > 2) counts.actions--;
    else if (counts.roots > 2) counts.roots--;
    else break;
  }
  return counts;
}

/** The executive summary, the report's first page: what happened, the root causes, the actions
 *  with owner, status and verified effect, the key lessons, who led the analysis, and the sign-off.
 *  `where` names the part of the report that holds everything in full. */
function summarySection(ctx: Ctx, id: string, where: { roots: string; actions: string; lessons: string }, extra: Partial<Pick<ReportSection, 'breakBefore' | 'column'>> = {}): ReportSection {
  const e = ctx.r.summaryPage;
  const happened = whatHappened(ctx);
  const fit = pageOneCounts(ctx, happened);
  return section(
    id,
    1,
    e.heading,
    [
      section(`${id}-what`, 2, e.whatHappened, happened ? [{ kind: 'paragraph', text: happened, tone: 'normal' }] : [muted(e.nothingHappened)]),
      section(`${id}-root-causes`, 2, e.rootCauses, summaryRootBlocks(ctx, where.roots, fit.roots)),
      section(`${id}-actions`, 2, e.actions, summaryActionBlocks(ctx, where.actions, fit.actions)),
      section(`${id}-lessons`, 2, e.lessons, summaryLessonBlocks(ctx, where.lessons, fit.lessons)),
      section(`${id}-sign-off`, 2, ctx.r.signOff.heading, [signOff(ctx)]),
    ],
    extra,
  );
}

// ---------------------------------------------------------------------------------------------
// Layouts

/** The product's own structure: the executive summary, an overview, then the five handling steps,
 *  each on a new page, and the figures in an appendix. */
function steps(ctx: Ctx): ReportSection[] {
  const { r, c, f } = ctx;
  const step = (n: number, title: string) => f.fill(r.numbered, { number: n, title });
  return [
    summarySection(ctx, 'summary', { roots: step(2, c.steps.analyse), actions: step(3, c.steps.design), lessons: step(5, c.steps.improve) }),
    section(
      'overview',
      1,
      r.overview.heading,
      [
        section('overview-facts', 2, r.overview.facts, [{ kind: 'keyValue', rows: factRows(ctx) }]),
        section('overview-people', 2, r.overview.people, [{ kind: 'keyValue', rows: peopleRows(ctx, true) }]),
      ],
      { breakBefore: true },
    ),
    section('step-1', 1, step(1, c.steps.identify), [...problemSections(ctx, 'step-1', 2), section('step-1-timeline', 2, r.problem.timeline, timelineBlocks(ctx))], { breakBefore: true }),
    section('step-2', 1, step(2, c.steps.analyse), analysisSections(ctx, 'step-2', 2), { breakBefore: true }),
    section('step-3', 1, step(3, c.steps.design), planSections(ctx, 'step-3', 2), { breakBefore: true }),
    section('step-4', 1, step(4, c.steps.execute), executionSections(ctx, 'step-4', 2), { breakBefore: true }),
    section('step-5', 1, step(5, c.steps.improve), improveSections(ctx, 'step-5', 2), { breakBefore: true }),
    section('appendix', 1, r.summaryPage.appendix, [section('appendix-figures', 2, r.overview.figures, [{ kind: 'keyValue', rows: figureRows(ctx) }])], { breakBefore: true }),
  ];
}

/** 8D: D1 team, D2 problem, D3 containment, D4 root causes, D5 corrective actions, D6 implemented
 *  and validated, D7 prevention, D8 recognition and lessons. Each D on a new page. */
function eightD(ctx: Ctx): ReportSection[] {
  const { r } = ctx;
  const d = r.eightD;
  const actions = ctx.snap.plan.actions;
  const containment = actions.filter((a) => a.kind === 'containment');
  const corrective = actions.filter((a) => a.kind === 'corrective');
  const preventive = actions.filter((a) => a.kind === 'preventive' || a.kind === 'improvement');
  const brk = { breakBefore: true };
  const group = (key: string, of: Action[], empty: string, columns: ActionColumn[]) => (of.length ? [actionTable(ctx, key, of, columns)] : [muted(empty)]);
  return [
    summarySection(ctx, 'summary', { roots: d.d4, actions: d.d5, lessons: d.d8 }),
    section('d1', 1, d.d1, [{ kind: 'keyValue', rows: [{ label: ctx.r.fields.department, value: value(ctx, ctx.snap.case.department) }, ...peopleRows(ctx, true)] }], brk),
    section('d2', 1, d.d2, [...problemSections(ctx, 'd2', 2), section('d2-facts', 2, r.overview.facts, [{ kind: 'keyValue', rows: factRows(ctx) }]), section('d2-timeline', 2, r.problem.timeline, timelineBlocks(ctx))], brk),
    section('d3', 1, d.d3, [...group('actions-containment', containment, d.containmentEmpty, ['title', 'owner', 'due', 'rootCauses', 'status']), ...actionDetails(ctx, 'd3-details', 2, containment)], brk),
    section('d4', 1, d.d4, analysisSections(ctx, 'd4', 2), brk),
    section(
      'd5',
      1,
      d.d5,
      [
        ...group('actions-corrective', corrective, d.correctiveEmpty, ['title', 'owner', 'due', 'priority', 'impactEffort', 'rootCauses', 'status']),
        ...actionDetails(ctx, 'd5-details', 2, corrective),
        section('d5-uncovered', 2, r.plan.uncovered, uncoveredBlocks(ctx)),
      ],
      brk,
    ),
    section('d6', 1, d.d6, executionSections(ctx, 'd6', 2), brk),
    section(
      'd7',
      1,
      d.d7,
      [
        section('d7-actions', 2, d.preventive, [...group('actions-preventive', preventive, d.preventiveEmpty, ['title', 'kind', 'owner', 'due', 'rootCauses', 'status'])]),
        ...actionDetails(ctx, 'd7-details', 2, preventive),
        section('d7-improvements', 2, r.improve.improvements, improvementBlocks(ctx, 'd7-improvements', 2)),
      ],
      brk,
    ),
    section(
      'd8',
      1,
      d.d8,
      [
        section('d8-team', 2, d.team, [{ kind: 'keyValue', rows: peopleRows(ctx, true) }]),
        section('d8-summary', 2, r.improve.summary, prose(ctx.snap.case.summary, r.improve.summaryEmpty)),
        section('d8-lessons', 2, r.improve.lessons, lessonBlocks(ctx, 'd8-lessons', 2)),
        section('d8-follow-up', 2, r.improve.followUp, followUpBlocks(ctx)),
      ],
      brk,
    ),
  ];
}

/** A3: one landscape A3 sheet, as the name promises. Left: background, current condition and the
 *  root causes; right: countermeasures with owner, status and verified effect, the key lessons and
 *  the sign-off. Every box is short by construction (a few sentences, capped lists); everything in
 *  full (facts, timeline, diagrams, details) follows in an appendix, which the sheet points to. */
function a3(ctx: Ctx): ReportSection[] {
  const { r } = ctx;
  const a = r.a3;
  const e = r.summaryPage;
  const k = ctx.snap.case;
  const actions = ctx.snap.plan.actions;
  const left = { column: 'left' as const };
  const right = { column: 'right' as const };
  const happened = whatHappened(ctx);
  const brief = (text: string) => keySentences(text, ctx.f.language, 3).join(ctx.f.language === 'zh-CN' ? '' : ' ');
  const experience = brief(k.customerExperience);
  const facts: KeyValueRow[] = factRows(ctx).filter((row) => [r.fields.severity, r.fields.scenarioType, r.fields.occurredAt, r.fields.resolvedAt, r.fields.status].includes(row.label));
  const appendixTitle = a.appendix;
  const appendix = (id: string, title: string, blocks: ReportBlock[]) => section(`appendix-${id}`, 2, title, blocks);
  return [
    section('a3-background', 1, a.background, [happened ? { kind: 'paragraph', text: happened, tone: 'normal' } : muted(e.nothingHappened), { kind: 'keyValue', rows: facts.map((row) => ({ ...row, value: shorten(oneLine(row.value), 80) })) }], left),
    section('a3-current', 1, a.current, [experience ? { kind: 'paragraph', text: experience, tone: 'normal' } : muted(r.empty)], left),
    // The sheet has room for more than page 1 of the other layouts; its box clips the rare overflow.
    section('a3-analysis', 1, a.analysis, summaryRootBlocks(ctx, appendixTitle, 10), left),
    // The approval box heads the right column, as on a paper A3: always on the sheet.
    section('a3-sign-off', 1, r.signOff.heading, [signOff(ctx), muted(a.continued)], right),
    section('a3-countermeasures', 1, a.countermeasures, summaryActionBlocks(ctx, appendixTitle, 10), right),
    section('a3-follow-up', 1, a.followUp, [...summaryLessonBlocks(ctx, appendixTitle, 6), ...followUpBlocks(ctx).slice(0, 1)], right),
    section(
      'appendix',
      1,
      appendixTitle,
      [
        muted(a.appendixIntro),
        appendix('facts', r.overview.facts, [{ kind: 'keyValue', rows: [...factRows(ctx), ...peopleRows(ctx, true)] }]),
        ...problemSections(ctx, 'appendix-problem', 2),
        appendix('timeline', r.problem.timeline, timelineBlocks(ctx)),
        appendix('analysis', a.analysis, analysisSections(ctx, 'appendix-analysis', 3)),
        appendix('countermeasures', a.countermeasures, [
          ...(actions.length ? [actionTable(ctx, 'actions', actions, ['title', 'kind', 'owner', 'due', 'priority', 'impactEffort', 'rootCauses', 'status'])] : [muted(r.plan.actionsEmpty)]),
          ...actionDetails(ctx, 'appendix-countermeasures-details', 3, actions),
          section('appendix-countermeasures-uncovered', 3, r.plan.uncovered, uncoveredBlocks(ctx)),
        ]),
        appendix('plan', a.plan, executionSections(ctx, 'appendix-plan', 3)),
        appendix('follow-up', a.followUp, improveSections(ctx, 'appendix-follow-up', 3)),
      ],
      { breakBefore: true },
    ),
  ];
}

/** Section ids are built from fixed words and indexes, so they are unique by construction; this
 *  guards against a future clash (an anchor twice would confuse links and DOCX bookmarks). */
function uniqueIds(sections: ReportSection[]): void {
  const seen = new Set<string>();
  const visit = (s: ReportSection) => {
    if (seen.has(s.id)) throw new Error(`duplicate report section id ${s.id}`);
    seen.add(s.id);
    for (const b of s.blocks) if (b.kind === 'section') visit(b);
  };
  sections.forEach(visit);
}

/** Every text of the tree as `cleanText` leaves it (line breaks as "\n", no control characters), so
 *  that every format — DOCX's XML above all — can take it as it is. The SVGs are clean already. */
function cleanSections(sections: ReportSection[]): void {
  const items = (list: ListItem[]) => {
    for (const item of list) {
      item.text = cleanText(item.text);
      if (item.label !== undefined) item.label = cleanText(item.label);
      if (item.detail !== undefined) item.detail = cleanText(item.detail);
      items(item.children);
    }
  };
  const visit = (block: ReportBlock) => {
    switch (block.kind) {
      case 'section':
        block.title = cleanText(block.title);
        block.blocks.forEach(visit);
        return;
      case 'paragraph':
        block.text = cleanText(block.text);
        return;
      case 'keyValue':
        for (const row of block.rows) {
          row.label = cleanText(row.label);
          row.value = cleanText(row.value);
        }
        return;
      case 'table':
        block.rows = block.rows.map((cells) => cells.map(cleanText));
        if (block.caption !== null) block.caption = cleanText(block.caption);
        return;
      case 'list':
        items(block.items);
        return;
      case 'diagram':
        block.title = cleanText(block.title);
        items(block.outline);
        return;
    }
  };
  sections.forEach(visit);
}
