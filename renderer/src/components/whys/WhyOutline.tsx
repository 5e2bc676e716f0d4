import type { TFunction } from 'i18next';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countWhys, type Why, type WhyAnalysis } from '../../../../shared/domain/whys';
import { DRAFT_ID, useWhys, type WhyDraft } from '../../state/whys';
import { OutlineView, TreeItem, type OutlineKit, type OutlineMenu, type OutlineRowBase, type OutlineRowState } from '../editor/outline-tree';
import { WhyMenu } from './WhyMenu';
import { editorActions, navigate, readingOrder } from './actions';

/** One analysis as a tree view (WAI-ARIA tree pattern, flat markup with levels), as the
 *  fishbone's outline: the question, then the answers, each answer's answers one level deeper.
 *  Same keys as the diagram; the tree's behaviour is editor/outline-tree.tsx. Rows are memoised
 *  and get only primitives and the why itself, so an edit re-renders the changed row and its
 *  ancestors. */

type RowKind = 'question' | 'why' | 'draft';

interface Row extends OutlineRowBase {
  kind: RowKind;
  text: string;
  why: Why | null;
}

function buildRows(analysis: WhyAnalysis, question: string, draft: WhyDraft | null): Row[] {
  const rows: Row[] = [];
  let draftPlaced = draft === null;
  const draftRow = (level: number, setSize: number, posInSet: number): Row => {
    draftPlaced = true;
    return { kind: 'draft', id: DRAFT_ID, level, setSize, posInSet, text: '', why: null, expanded: undefined };
  };
  const draftIn = (parentId: string | null) => (draft && draft.parentId === parentId ? draft : null);

  const walk = (list: Why[], parentId: string | null, level: number) => {
    const here = draftIn(parentId);
    const size = list.length + (here ? 1 : 0);
    const at = here ? Math.min(Math.max(0, here.index), list.length) : -1;
    let pos = 1;
    list.forEach((why, i) => {
      if (i === at) rows.push(draftRow(level, size, pos++));
      const withChildren = why.children.length > 0 || draftIn(why.id) !== null;
      rows.push({ kind: 'why', id: why.id, level, setSize: size, posInSet: pos++, text: why.answer, why, expanded: withChildren ? !why.collapsed : undefined });
      if (!why.collapsed) walk(why.children, why.id, level + 1);
    });
    if (at === list.length) rows.push(draftRow(level, size, pos));
  };

  const withChildren = analysis.whys.length > 0 || draftIn(null) !== null;
  rows.push({ kind: 'question', id: analysis.id, level: 1, setSize: 1, posInSet: 1, text: question, why: null, expanded: withChildren ? true : undefined });
  walk(analysis.whys, null, 2);
  // A draft under something hidden still needs its editor: put it at the end.
  if (!draftPlaced && draft) rows.push(draftRow(2, 1, 1));
  return rows;
}

function accessibleName(t: TFunction, row: Row): string {
  if (row.kind === 'question') return t('whys.outline.question', { text: row.text });
  if (row.kind === 'draft') return t('whys.canvas.newWhy');
  const why = row.why!;
  const parts = [why.answer, t('whys.outline.status', { status: t(`enum.whyStatus.${why.status}`) })];
  if (why.isRootCause) parts.push(t('whys.canvas.rootCause'));
  if (why.isRootCause && why.stopReason) parts.push(t('whys.outline.stopReason', { reason: t(`enum.stopReason.${why.stopReason}`) }));
  if (why.isRootCause && why.stopNote.trim()) parts.push(why.stopNote.trim());
  if (why.collapsed && why.children.length > 0) parts.push(t('whys.canvas.hiddenWhys', { count: countWhys(why.children) }));
  return parts.join(t('whys.outline.separator'));
}

const OutlineRow = memo(function OutlineRow(props: Row & OutlineRowState) {
  const { t, kind, text, why, expanded } = props;
  const statusClass = why ? ` status-${why.status}${why.isRootCause ? ' is-root' : ''}` : '';
  const question = kind === 'question';
  return (
    <TreeItem
      {...props}
      className={`outline-item outline-${kind}${statusClass}`}
      toggle={kind === 'why' && expanded !== undefined}
      name={accessibleName(t, props)}
      text={kind === 'draft' ? '' : text}
      marker={why && <span className="outline-status" aria-hidden="true" title={t(`enum.whyStatus.${why.status}`)} />}
      edit={{ label: question ? t('whys.panel.questionText') : t('whys.panel.answer'), multiline: !question, allowEmpty: question }}
      trail={
        why && (
          <span className="outline-marks" aria-hidden="true">
            {why.isRootCause && <span className="outline-root">{t('whys.outline.rootMark')}</span>}
            {why.isRootCause && why.stopReason && <span className="outline-stop">{t(`enum.stopReason.${why.stopReason}`)}</span>}
            {why.collapsed && why.children.length > 0 && <span className="outline-hidden">…{countWhys(why.children)}</span>}
          </span>
        )
      }
    />
  );
});

const analyses = () => useWhys.getState().doc ?? [];

/** An analysis in the shared outline (editor/outline-tree.tsx). */
const OUTLINE: OutlineKit<Row> = {
  store: useWhys,
  actions: editorActions,
  navigate: (analysisId, from, direction) => navigate(analyses(), analysisId, from, direction),
  last: (analysisId) => {
    const shown = analyses().find((a) => a.id === analysisId);
    return shown ? (readingOrder(shown).at(-1) ?? null) : null;
  },
  Row: OutlineRow,
  collapsible: (row) => row.kind === 'why',
  keys: { label: 'whys.outline.label', help: 'whys.outline.help', empty: 'whys.emptyTree' },
  className: 'whys-outline',
};

export function WhyOutline({ analysisId, question }: { analysisId: string; question: string }) {
  const { t } = useTranslation();
  const analysis = useWhys((s) => s.doc?.find((a) => a.id === analysisId) ?? null);
  const anyDraft = useWhys((s) => s.draft);
  const draft = anyDraft?.analysisId === analysisId ? anyDraft : null;
  // Nothing to show (no wording, no cause, no problem statement yet): say what it asks about.
  const shownQuestion = question.trim() ? question : t('whys.fromProblem');
  const rows = useMemo(() => (analysis ? buildRows(analysis, shownQuestion, draft) : []), [analysis, shownQuestion, draft]);
  if (!analysis) return null;
  return <OutlineView kit={OUTLINE} rows={rows} rootId={analysisId} menu={whyMenu} />;
}

const whyMenu: OutlineMenu = (id, x, y, close) => <WhyMenu id={id} x={x} y={y} onClose={close} />;
