import type { TFunction } from 'i18next';
import { memo, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countCauses, type Cause, type Fishbone } from '../../../../shared/domain/fishbone';
import { DRAFT_ID, useFishbone, type Draft } from '../../state/fishbone';
import { OutlineView, TreeItem, type OutlineKit, type OutlineMenu, type OutlineRowBase, type OutlineRowState } from '../editor/outline-tree';
import { FishboneMenu } from './FishboneMenu';
import { editorActions, navigate, readingOrder } from './actions';

/** The whole diagram as a tree view (WAI-ARIA tree pattern, flat markup with levels): the way to
 *  read and edit the fishbone with a screen reader, or as a list. Same keys as the diagram. Rows
 *  are memoised and get only primitives and the cause itself, so an edit re-renders the changed
 *  row and its ancestors, not a thousand rows. The tree's behaviour is editor/outline-tree.tsx. */

type RowKind = 'head' | 'category' | 'cause' | 'draft';

interface Row extends OutlineRowBase {
  kind: RowKind;
  text: string;
  cause: Cause | null;
  /** Causes in a category (for a category row). */
  count: number;
  /** What the in-place editor edits on this row. */
  edits: 'head' | 'category' | 'cause';
}

function buildRows(fishbone: Fishbone, effect: string, draft: Draft | null): Row[] {
  const rows: Row[] = [];
  let draftPlaced = draft === null;
  const draftRow = (level: number, setSize: number, posInSet: number, edits: 'category' | 'cause'): Row => {
    draftPlaced = true;
    return { kind: 'draft', id: DRAFT_ID, level, setSize, posInSet, text: '', cause: null, count: 0, expanded: undefined, edits };
  };
  const causeDraftIn = (categoryId: string, causeId: string | null) =>
    draft?.kind === 'cause' && draft.categoryId === categoryId && draft.causeId === causeId ? draft : null;

  const walk = (list: Cause[], categoryId: string, parentId: string | null, level: number) => {
    const here = causeDraftIn(categoryId, parentId);
    const size = list.length + (here ? 1 : 0);
    const at = here ? Math.min(Math.max(0, here.index), list.length) : -1;
    let pos = 1;
    list.forEach((cause, i) => {
      if (i === at) rows.push(draftRow(level, size, pos++, 'cause'));
      const withChildren = cause.children.length > 0 || causeDraftIn(categoryId, cause.id) !== null;
      rows.push({
        kind: 'cause',
        id: cause.id,
        level,
        setSize: size,
        posInSet: pos++,
        text: cause.text,
        cause,
        count: 0,
        expanded: withChildren ? !cause.collapsed : undefined,
        edits: 'cause',
      });
      if (!cause.collapsed) walk(cause.children, categoryId, cause.id, level + 1);
    });
    if (at === list.length) rows.push(draftRow(level, size, pos, 'cause'));
  };

  const categoryDraft = draft?.kind === 'category' ? draft : null;
  const categories = fishbone.categories;
  const size = categories.length + (categoryDraft ? 1 : 0);
  const at = categoryDraft ? Math.min(Math.max(0, categoryDraft.index), categories.length) : -1;
  rows.push({
    kind: 'head',
    id: 'head',
    level: 1,
    setSize: 1,
    posInSet: 1,
    text: effect,
    cause: null,
    count: 0,
    expanded: size > 0 ? true : undefined,
    edits: 'head',
  });
  let pos = 1;
  categories.forEach((category, i) => {
    if (i === at) rows.push(draftRow(2, size, pos++, 'category'));
    const withChildren = category.causes.length > 0 || causeDraftIn(category.id, null) !== null;
    rows.push({
      kind: 'category',
      id: category.id,
      level: 2,
      setSize: size,
      posInSet: pos++,
      text: category.label,
      cause: null,
      count: countCauses(category.causes),
      expanded: withChildren ? true : undefined,
      edits: 'category',
    });
    walk(category.causes, category.id, null, 3);
  });
  if (at === categories.length) rows.push(draftRow(2, size, pos, 'category'));
  // A draft under something hidden still needs its editor: put it at the end.
  if (!draftPlaced && draft) rows.push(draftRow(draft.kind === 'category' ? 2 : 3, 1, 1, draft.kind));
  return rows;
}

function fieldName(t: TFunction, edits: Row['edits']): string {
  return edits === 'head' ? t('fishbone.panel.effect') : edits === 'category' ? t('fishbone.panel.label') : t('fishbone.panel.text');
}

function accessibleName(t: TFunction, row: Row): string {
  const sep = t('fishbone.outline.separator');
  if (row.kind === 'head') return t('fishbone.outline.head', { text: row.text });
  if (row.kind === 'category') return [t('fishbone.outline.category', { text: row.text }), t('fishbone.panel.causeCount', { count: row.count })].join(sep);
  if (row.kind === 'draft') return row.edits === 'category' ? t('fishbone.canvas.newCategory') : t('fishbone.canvas.newCause');
  const cause = row.cause!;
  const parts = [cause.text, t('fishbone.outline.status', { status: t(`enum.causeStatus.${cause.status}`) })];
  if (cause.isRootCause) parts.push(t('fishbone.canvas.rootCause'));
  if (cause.votes > 0) parts.push(t('fishbone.canvas.votes', { count: cause.votes }));
  if (cause.collapsed && cause.children.length > 0) parts.push(t('fishbone.canvas.hiddenCauses', { count: countCauses(cause.children) }));
  return parts.join(sep);
}

const OutlineRow = memo(function OutlineRow(props: Row & OutlineRowState) {
  const { t, kind, text, cause, count, expanded, edits } = props;
  const statusClass = cause ? ` status-${cause.status}${cause.isRootCause ? ' is-root' : ''}` : '';
  return (
    <TreeItem
      {...props}
      className={`outline-item outline-${kind}${statusClass}`}
      toggle={kind === 'cause' && expanded !== undefined}
      name={accessibleName(t, props)}
      text={kind === 'draft' ? '' : text}
      marker={kind === 'cause' && cause && <span className="outline-status" aria-hidden="true" title={t(`enum.causeStatus.${cause.status}`)} />}
      edit={{ label: fieldName(t, edits), multiline: edits === 'cause', allowEmpty: edits === 'head' }}
      trail={
        <>
          {kind === 'category' && (
            <span className="outline-count muted" aria-hidden="true">
              {count}
            </span>
          )}
          {cause && (
            <span className="outline-marks" aria-hidden="true">
              {cause.isRootCause && <span className="outline-root">{t('fishbone.outline.rootMark')}</span>}
              {cause.votes > 0 && <span className="outline-votes">+{cause.votes}</span>}
              {cause.collapsed && cause.children.length > 0 && <span className="outline-hidden">…{countCauses(cause.children)}</span>}
            </span>
          )}
        </>
      }
    />
  );
});

const doc = () => useFishbone.getState().doc!;

/** The fishbone in the shared outline (editor/outline-tree.tsx). */
const OUTLINE: OutlineKit<Row> = {
  store: useFishbone,
  actions: editorActions,
  navigate: (_head, from, direction) => navigate(doc(), from, direction),
  last: () => readingOrder(doc()).at(-1) ?? null,
  Row: OutlineRow,
  collapsible: (row) => row.kind === 'cause',
  keys: { label: 'fishbone.outline.label', help: 'fishbone.outline.help', empty: 'fishbone.empty' },
  className: 'fishbone-outline',
};

export function FishboneOutline({ effect, onAskWhy }: { effect: string; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const draft = useFishbone((s) => s.draft);
  const rows = useMemo(() => (fishbone ? buildRows(fishbone, effect, draft) : []), [fishbone, effect, draft]);
  // The diagram's menu, "Ask why" included.
  const menu = useCallback<OutlineMenu>((id, x, y, close) => <FishboneMenu id={id} x={x} y={y} onClose={close} onAskWhy={onAskWhy} />, [onAskWhy]);
  if (!fishbone) return <p aria-busy="true">{t('fishbone.loading')}</p>;
  return <OutlineView kit={OUTLINE} rows={rows} rootId="head" menu={menu} />;
}
