import type { Language } from '../i18n/languages';
import type { ReportLayout } from './snapshot';

/** The report as a neutral document tree, in the report's language, that every output format
 *  (Markdown, HTML, PDF through HTML, DOCX) renders without knowing the domain.
 *
 *  Every string in it is plain text, exactly as it should read: user text is never pre-escaped
 *  and never carries markup, so each renderer escapes all of it for its own format. The one
 *  exception is `DiagramBlock.svg`, a complete SVG document made by the diagram renderers (which
 *  escape the user text they draw). Texts may hold line breaks ("\n"); a blank line separates
 *  paragraphs. */

export interface ReportDoc {
  /** Bumped when the shape changes, for consumers that store or send the tree. */
  version: 1;
  language: Language;
  layout: ReportLayout;
  /** The kind of report ("Lessons-learned report", "8D 报告" …). */
  title: string;
  /** The case title. */
  subtitle: string;
  /** The instant given by the caller, as given (ISO-8601). */
  generatedAt: string;
  /** The IANA zone every date and time in the document was written in. */
  timeZone: string;
  /** Label / value lines under the title: structure, generation time, time zone. */
  meta: KeyValueRow[];
  /** What every printed page carries at its foot: `text`, the case title and the report's date,
   *  and `page`, the page number as a template with {{page}} and {{pages}} ("Page 2 of 9"). */
  footer: { text: string; page: string };
  /** Top-level sections, in reading order. */
  sections: ReportSection[];
}

export interface ReportSection {
  kind: 'section';
  /** Stable anchor, unique in the document: letters, digits and dashes only. */
  id: string;
  /** 1 for a top-level section (a step, a D, an A3 box), 2 and 3 below. */
  level: 1 | 2 | 3;
  /** The heading as shown, numbering included ("1. Problem identification", "D4 …"). */
  title: string;
  /** Start this section on a new page when printed (each step and each D). */
  breakBefore: boolean;
  /** A3 only: the column of the one-page sheet the section belongs to. */
  column?: 'left' | 'right';
  blocks: ReportBlock[];
}

export type ReportBlock = ReportSection | ParagraphBlock | KeyValueBlock | TableBlock | ListBlock | DiagramBlock | SignOffBlock;

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  /** 'muted' for notes and empty states ("No action planned."). */
  tone: 'normal' | 'muted';
}

export interface KeyValueRow {
  label: string;
  value: string;
}

/** Labelled facts, one per row (an overview, a team). */
export interface KeyValueBlock {
  kind: 'keyValue';
  rows: KeyValueRow[];
}

export interface TableColumn {
  /** Stable key of the column (for DOCX widths, tests), e.g. 'title', 'owner', 'due'. */
  key: string;
  label: string;
  /** Relative width, for formats that size columns themselves. */
  weight: number;
  align: 'start' | 'end';
}

/** A data table. Never empty: a section with nothing to list says so in a paragraph instead. */
export interface TableBlock {
  kind: 'table';
  /** Stable key of the table, e.g. 'timeline', 'actions', 'root-causes', 'checks'. */
  key: string;
  caption: string | null;
  columns: TableColumn[];
  /** One cell per column, plain text. */
  rows: string[][];
}

export interface ListItem {
  /** Lead-in shown strong before the text: a number ("1.2."), a date, a name. */
  label?: string;
  text: string;
  /** Secondary text shown after the text, subdued: marks, "Applies to: …". */
  detail?: string;
  children: ListItem[];
}

export interface ListBlock {
  kind: 'list';
  /** Stable key of the list, e.g. 'fishbone-outline', 'progress', 'lessons-went_well'. */
  key: string;
  ordered: boolean;
  items: ListItem[];
}

/** The lines a report is signed on: who prepared it (filled in) and who reviewed it and when
 *  (left blank, to be signed on paper). A row with an empty value is printed as a line to write on. */
export interface SignOffBlock {
  kind: 'signOff';
  rows: KeyValueRow[];
}

/** A drawing with its text equivalent. HTML and PDF show the SVG; Markdown (which cannot embed
 *  SVG portably) and screen readers use the outline: for a fishbone, categories with their causes
 *  nested; for a 5-Whys tree, the answers numbered like the text outline (1, 1.1, 1.2 …). */
export interface DiagramBlock {
  kind: 'diagram';
  diagram: 'fishbone' | 'whys';
  /** Unique in the document; the SVG's own ids are made unique with it. */
  id: string;
  title: string;
  svg: string;
  /** The SVG's natural size in CSS pixels. */
  width: number;
  height: number;
  /** Printed on a landscape page of its own: the drawing is too wide to keep its text legible
   *  (at least 8 pt) across a portrait page. */
  landscape?: boolean;
  outline: ListItem[];
}

/** Every section of the document, depth-first in reading order. */
export function walkSections(doc: Pick<ReportDoc, 'sections'>, visit: (section: ReportSection, parent: ReportSection | null) => void): void {
  const walk = (section: ReportSection, parent: ReportSection | null) => {
    visit(section, parent);
    for (const block of section.blocks) if (block.kind === 'section') walk(block, section);
  };
  for (const section of doc.sections) walk(section, null);
}

/** Every block of the document (sections included), depth-first in reading order, with the
 *  section that holds it (null for a top-level section). */
export function walkBlocks(doc: Pick<ReportDoc, 'sections'>, visit: (block: ReportBlock, parent: ReportSection | null) => void): void {
  const walk = (block: ReportBlock, parent: ReportSection | null) => {
    visit(block, parent);
    if (block.kind === 'section') for (const child of block.blocks) walk(child, block);
  };
  for (const section of doc.sections) walk(section, null);
}
