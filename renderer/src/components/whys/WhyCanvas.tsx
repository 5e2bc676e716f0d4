import type { TFunction } from 'i18next';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { contains, locate, withChildren } from '../../../../shared/domain/tree';
import { defaultWhyFields, findWhy, type Why, type WhyAnalysis } from '../../../../shared/domain/whys';
import { layoutWhys, QUESTION_NODE_ID } from '../../../../shared/layout/whys';
import { DRAFT_ID, useWhys, type Editing, type NodeRef, type WhyDraft } from '../../state/whys';
import { DiagramCanvas, type DiagramBox, type DiagramShape, type Drop, type NodeLook } from '../diagram/DiagramCanvas';
import type { Intent } from '../diagram/keys';
import { useTreeCanvas } from '../diagram/tree-canvas';
import { editorActions, navigate, readingOrder, shorten } from './actions';
import { WhyMenu } from './WhyMenu';

/** The analysis as drawn: the stored tree plus what is being typed (a new answer appears where it
 *  will go, an edited answer re-flows as it is typed). */
export function whyViewOf(analysis: WhyAnalysis, draft: WhyDraft | null, editing: Editing | null): WhyAnalysis {
  let whys = analysis.whys;
  if (editing && editing.id !== DRAFT_ID && editing.id !== analysis.id && locate(whys, editing.id)) {
    const found = locate(whys, editing.id)!;
    whys = withChildren(whys, found.parent?.id ?? null, (list) => {
      list[found.index] = { ...list[found.index]!, answer: editing.text };
      return list;
    })!;
  }
  if (draft && draft.analysisId === analysis.id) {
    const why: Why = { ...defaultWhyFields(editing?.text ?? ''), id: DRAFT_ID, children: [] };
    whys =
      withChildren(whys, draft.parentId, (list) => {
        list.splice(draft.index, 0, why);
        return list;
      }) ?? whys;
  }
  return whys === analysis.whys ? analysis : { ...analysis, whys };
}

/** The layout with the question's node named by the analysis's id, as the store names it. */
function shapeOf(analysis: WhyAnalysis, question: string, wideNodeId: string | null): DiagramShape {
  const layout = layoutWhys(analysis, question, { wideNodeId: wideNodeId === analysis.id ? QUESTION_NODE_ID : wideNodeId });
  const rename = (id: string) => (id === QUESTION_NODE_ID ? analysis.id : id);
  return {
    width: layout.width,
    height: layout.height,
    nodes: layout.nodes.map((n) => (n.id === QUESTION_NODE_ID ? { ...n, id: analysis.id } : n)),
    edges: layout.edges.map((e) => ({ ...e, id: `${rename(e.source)}>${e.target}` })),
  };
}

export function WhyCanvas({ analysisId, question }: { analysisId: string; question: string }) {
  const { t } = useTranslation();
  const analysis = useWhys((s) => s.doc?.find((a) => a.id === analysisId) ?? null);
  const draft = useWhys((s) => s.draft);

  const direction = analysis?.direction ?? 'LR';
  const moveTo = useCallback(
    (kind: Intent['kind'], current: NodeRef | null) => {
      const doc = useWhys.getState().doc!;
      // Left to right: children are to the right. Top to bottom: below, and Left/Right go back/forth.
      const toChild = direction === 'LR' ? 'right' : 'down';
      const toParent = direction === 'LR' ? 'left' : 'up';
      switch (kind) {
        case 'home':
          return analysisId;
        case 'end': {
          const a = doc.find((x) => x.id === analysisId);
          return a ? (readingOrder(a).at(-1) ?? analysisId) : analysisId;
        }
        case 'up':
        case 'down':
        case 'left':
        case 'right': {
          const move = kind === toChild ? 'child' : kind === toParent ? 'parent' : kind === 'up' || kind === 'left' ? 'up' : 'down';
          return navigate(doc, analysisId, current, move);
        }
      }
      return undefined;
    },
    [analysisId, direction],
  );
  const canvas = useTreeCanvas({ store: useWhys, actions: editorActions, rootId: analysisId, draggable: 'why', moveTo, t });
  const { selected, editing } = canvas;

  const view = useMemo(() => (analysis ? whyViewOf(analysis, draft, editing) : null), [analysis, draft, editing]);
  const questionText = editing?.id === analysisId ? editing.text || question : question;
  const shape = useMemo(() => (view ? shapeOf(view, questionText, editing?.id ?? null) : null), [view, questionText, editing?.id]);
  const whys = useMemo(() => {
    const map = new Map<string, Why>();
    const visit = (list: Why[]) => list.forEach((w) => (map.set(w.id, w), visit(w.children)));
    if (view) visit(view.whys);
    return map;
  }, [view]);

  const look = useCallback(
    (box: DiagramBox): NodeLook => {
      const why = whys.get(box.id);
      return {
        full: why ? why.answer : questionText,
        status: why?.status ?? null,
        root: why?.isRootCause ?? false,
        votes: 0,
        top: false,
        hasChildren: (why?.children.length ?? 0) > 0,
        votesLabel: '',
        hiddenLabel: box.hidden ? t('whys.canvas.hiddenWhys', { count: box.hidden }) : '',
      };
    },
    [whys, questionText, t],
  );

  const dropTarget = useCallback(
    (draggedId: string, over: DiagramBox, relativeY: number): Drop | null => {
      if (over.kind === 'question') return { id: over.id, mode: 'inside' };
      const moving = findWhy(useWhys.getState().doc ?? [], draggedId);
      if (!moving || contains(moving.why, over.id)) return null;
      return { id: over.id, mode: relativeY < 0.3 ? 'before' : relativeY > 0.7 ? 'after' : 'inside' };
    },
    [],
  );

  const onDrop = useCallback(
    (draggedId: string, target: Drop) => {
      const { doc, run, select } = useWhys.getState();
      if (!doc) return;
      const moving = findWhy(doc, draggedId);
      if (!moving) return;
      let parentId: string | null;
      let index: number;
      if (target.id === analysisId) {
        parentId = null;
        index = moving.analysis.whys.length;
      } else {
        const onto = findWhy(doc, target.id);
        if (!onto || onto.analysis.id !== moving.analysis.id) return;
        if (target.mode === 'inside') {
          parentId = onto.why.id;
          index = onto.why.children.length;
        } else {
          parentId = onto.parent?.id ?? null;
          index = onto.index + (target.mode === 'after' ? 1 : 0);
          if (onto.siblings === moving.siblings && moving.index < index) index -= 1;
          if (onto.siblings === moving.siblings && moving.index === index) return;
        }
      }
      if (run({ type: 'moveWhy', id: draggedId, parentId, index })) select(draggedId);
    },
    [analysisId],
  );

  const renderMenu = useCallback((id: NodeRef, x: number, y: number, close: () => void) => <WhyMenu id={id} x={x} y={y} onClose={close} />, []);

  if (!analysis || !shape) return null;
  return (
    <DiagramCanvas
      key={analysisId}
      {...canvas}
      label={t('whys.canvas.label')}
      help={t('whys.canvas.help')}
      shape={shape}
      look={look}
      dropTarget={dropTarget}
      onDrop={onDrop}
      renderMenu={renderMenu}
      announce={selected && selected !== DRAFT_ID ? describeWhy(analysis, selected, question, t) : ''}
    />
  );
}

/** One sentence a screen reader says when the selection moves. */
export function describeWhy(analysis: WhyAnalysis, id: NodeRef, question: string, t: TFunction): string {
  if (id === analysis.id) return t('whys.question', { text: shorten(question, 120) });
  const found = locate(analysis.whys, id);
  if (!found) return '';
  const parts = [shorten(found.node.answer, 120), t(`enum.whyStatus.${found.node.status}`)];
  if (found.node.isRootCause) parts.push(t('whys.canvas.rootCause'));
  if (found.node.isRootCause && found.node.stopReason) parts.push(t(`enum.stopReason.${found.node.stopReason}`));
  return parts.join(', ');
}
