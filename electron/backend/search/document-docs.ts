import type { CaseDocument } from '../../../shared/domain/case-file';
import type { Cause } from '../../../shared/domain/fishbone';
import type { SearchPart } from '../../../shared/domain/search';
import type { Why } from '../../../shared/domain/whys';
import { joinTexts, type SearchDoc } from './search-index';

/** The search documents of a case document (a case file's), without reading anything back: what
 *  `caseDocs` reads from the rows `storeDocument` writes for it, the same parts, ids and texts, in
 *  the same order where that order is fixed. An import indexes each case it stores from its
 *  document this way (about 15 queries a case fewer). A property test holds the two equal. */
export function documentDocs(doc: CaseDocument): SearchDoc[] {
  const { case: c } = doc;
  if (c.deletedAt !== null) return [];
  const docs: SearchDoc[] = [];
  const add = (part: SearchPart, text: string, itemId: string | null = null, analysisId: string | null = null, actionId: string | null = null) => {
    if (text.trim()) docs.push({ part, itemId, analysisId, actionId, text: stored(text) });
  };
  add('title', c.title);
  add('problem', c.problem);
  add('customerExperience', c.customerExperience);
  add('customerImpact', c.customerImpact);
  add('summary', c.summary);
  add('notes', c.notes);
  add('department', c.department);
  add('location', c.location);
  // As case_tags holds them: trimmed, once each, in the database's (code point) order.
  add('tags', [...new Set(c.tags.map((t) => stored(t.trim())))].sort(byCodePoint).join(' '));
  for (const e of doc.timeline) add('timeline', e.description, e.id);
  // Causes as read `ORDER BY category_id, position`: by category id, then by place among their
  // siblings whatever their depth (a stable sort of the tree's order).
  const categories = [...doc.fishbone.categories].sort((a, b) => byCodePoint(a.id, b.id));
  for (const category of categories) {
    for (const { node } of byPosition(category.causes)) add('cause', joinTexts(node.text, node.evidence), node.id);
  }
  for (const a of doc.analyses) add('why', a.question, null, a.id);
  for (const a of doc.analyses) {
    for (const { node } of byPosition(a.whys)) add('why', joinTexts(node.answer, node.evidence, node.stopNote), node.id, a.id);
  }
  const { plan } = doc;
  for (const a of plan.actions) add('action', joinTexts(a.title, a.description, a.expectedEffect, a.cancelReason), a.id);
  for (const a of plan.actions) for (const p of a.progress) add('progress', p.note, p.id, null, a.id);
  for (const a of plan.actions) for (const e of a.checks) add('check', e.evidence, e.id, null, a.id);
  for (const f of plan.feedback) add('feedback', f.note, f.id);
  for (const l of plan.lessons) add('lesson', joinTexts(l.text, l.appliesDepartment), l.id);
  for (const i of plan.improvements) add('improvement', i.text, i.id);
  for (const n of doc.needs) add('need', n.text, n.id);
  return docs;
}

/** A text as SQLite gives it back: stored as UTF-8, a lone surrogate half comes back as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/gu;
const stored = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD');

/** SQLite's BINARY order of UTF-8 texts: code point order (which UTF-16 order is not, past U+FFFF). */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A tree's nodes ordered by their place among their siblings, ties in the tree's own order. */
function byPosition<Node extends Cause | Why>(tops: readonly Node[]): { node: Node; position: number }[] {
  const out: { node: Node; position: number }[] = [];
  const walk = (list: readonly Node[]) =>
    list.forEach((node, position) => {
      out.push({ node, position });
      walk(node.children as Node[]);
    });
  walk(tops);
  return out.sort((a, b) => a.position - b.position);
}
