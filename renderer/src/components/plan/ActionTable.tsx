import { Fragment, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isOverdue, refKey, type Action } from '../../../../shared/domain/plan';
import { resolveRefs } from '../../../../shared/domain/root-causes';
import type { Language } from '../../../../shared/i18n/languages';
import { usePlan } from '../../state/plan';
import { shorten } from '../whys/actions';
import { COLUMNS, formatDay, moveActionTo, refocus, refText, rootsByPlace, usePlanView, type Column, type RootCauseItem } from './model';

/** The actions as a table: click a column header to sort by it (again to reverse), an action to
 *  open its editor in a row under it (again to close it). In the plan's own order (No.) the rows
 *  can be moved with their buttons or Alt+Up / Alt+Down. */
export function ActionTable({ rows, order, roots, editor }: {
  rows: Action[];
  order: Map<string, number>;
  roots: RootCauseItem[];
  /** The editor of the selected action, shown under its row. */
  editor: { id: string; node: ReactNode } | null;
}) {
  const { t } = useTranslation();
  const sort = usePlanView((s) => s.sort);
  const sortBy = usePlanView((s) => s.sortBy);
  const byOrder = sort.column === 'order';
  // By every place: an action links places, and names each root cause once.
  const rootsByKey = rootsByPlace(roots);

  return (
    <div className="plan-table-wrap">
      <table className="plan-table">
        <caption className="visually-hidden">{t('plan.list.caption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className={`col-${c}`} aria-sort={sort.column === c ? sort.direction : undefined}>
                <button type="button" className="plan-sort" onClick={() => sortBy(c)} title={t('plan.list.sortBy', { column: t(`plan.columns.${c}`) })}>
                  {t(`plan.columns.${c}`)}
                  <span className="plan-sort-mark" aria-hidden="true">
                    {sort.column === c ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col" className="col-move">
              <span className="visually-hidden">{t('plan.list.rowActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((action, i) => (
            <Fragment key={action.id}>
              <ActionRow
                action={action}
                n={(order.get(action.id) ?? 0) + 1}
                prev={byOrder ? (rows[i - 1]?.id ?? null) : null}
                next={byOrder ? (rows[i + 1]?.id ?? null) : null}
                canMove={byOrder}
                rootsByKey={rootsByKey}
              />
              {editor?.id === action.id && (
                <tr className="plan-editor-row">
                  <td colSpan={COLUMNS.length + 1}>{editor.node}</td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {!byOrder && rows.length > 1 && (
        <p className="plan-note muted">{t('plan.list.sortedHint', { column: t(`plan.columns.${sort.column}`), order: t('plan.columns.order') })}</p>
      )}
      {byOrder && rows.length > 1 && <p className="plan-note muted">{t('plan.list.reorderHint')}</p>}
    </div>
  );
}

function ActionRow({ action, n, prev, next, canMove, rootsByKey }: {
  action: Action;
  n: number;
  /** The rows shown above and below (in the plan's order only). Moving to a neighbour's index
   *  swaps the two, whichever way the order runs and whatever the filters hide between them. */
  prev: string | null;
  next: string | null;
  canMove: boolean;
  rootsByKey: Map<string, RootCauseItem>;
}) {
  const { t, i18n } = useTranslation();
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') as Language;
  const selected = usePlan((s) => s.selected === action.id);
  const select = usePlan((s) => s.select);
  const overdue = isOverdue(action, new Date());
  const rowLabel = `${t('plan.columns.order')} ${n}: ${action.title}`;
  const upTarget = prev;
  const downTarget = next;

  const move = (target: string | null, e: { currentTarget: HTMLElement }) => {
    if (!target) return;
    const active = document.activeElement as HTMLElement | null;
    const row = e.currentTarget.closest('tr');
    moveActionTo(action.id, target);
    refocus(active, () => row?.querySelector<HTMLElement>('.plan-row-title'));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !canMove) return;
    e.preventDefault();
    move(e.key === 'ArrowUp' ? upTarget : downTarget, e);
  };

  return (
    <tr
      className={`plan-row status-${action.status}${selected ? ' selected' : ''}`}
      data-id={action.id}
      onKeyDown={onKeyDown}
      onClick={(e: MouseEvent) => {
        // A click on a control inside the row does its own thing.
        if ((e.target as HTMLElement).closest('button, a, input, select, textarea')) return;
        select(selected ? null : action.id);
      }}
    >
      <td className="col-order">{n}</td>
      <th scope="row" className="col-title">
        <button type="button" className="link plan-row-title" aria-expanded={selected} onClick={() => select(selected ? null : action.id)}>
          {action.title}
        </button>
      </th>
      <td className="col-kind">{t(`enum.actionKind.${action.kind}`)}</td>
      <td className="col-owner">{action.owner.trim() ? action.owner : <span className="muted">{t('plan.list.noOwner')}</span>}</td>
      <td className="col-due">
        {action.dueAt ? <span className="plan-day">{formatDay(action.dueAt, language)}</span> : <span className="muted">{t('plan.list.noDue')}</span>}
        {overdue && (
          <>
            {' '}
            <span className="badge plan-overdue">{t('plan.list.overdue')}</span>
          </>
        )}
      </td>
      <td className="col-priority">
        <span className={`plan-level level-${action.priority}`}>{t(`enum.level.${action.priority}`)}</span>
      </td>
      <td className="col-impact">
        <span className={`plan-level level-${action.impact}`}>{t(`enum.level.${action.impact}`)}</span>
      </td>
      <td className="col-effort">
        <span className={`plan-level effort-${action.effort}`}>{t(`enum.level.${action.effort}`)}</span>
      </td>
      <td className="col-status">
        <span className={`plan-status status-${action.status}`}>{t(`enum.actionStatus.${action.status}`)}</span>
      </td>
      <td className="col-rootCauses">
        {action.rootCauses.length === 0 ? (
          <span className="muted">{t('plan.list.noRootCause')}</span>
        ) : (
          <ul className="plan-row-roots">
            {resolveRefs(action.rootCauses, rootsByKey).map(({ root, ref }) => {
              if (root) {
                return (
                  <li key={root.key}>
                    <span className="plan-root-id">{t('plan.roots.id', { n: root.n })}</span> {shorten(root.text, 28)}
                  </li>
                );
              }
              const text = refText(ref);
              return (
                <li key={refKey(ref)} className="muted">
                  {text ? `${shorten(text, 28)} (${t('plan.roots.notRoot')})` : t('plan.roots.removed')}
                </li>
              );
            })}
          </ul>
        )}
      </td>
      <td className="col-move">
        <div className="plan-move">
          <button
            type="button"
            disabled={!canMove || !upTarget}
            aria-label={`${t('plan.list.moveUp')}: ${rowLabel}`}
            title={t('plan.list.moveUp')}
            aria-keyshortcuts="Alt+ArrowUp"
            onClick={(e) => move(upTarget, e)}
          >
            ↑
          </button>
          <button
            type="button"
            disabled={!canMove || !downTarget}
            aria-label={`${t('plan.list.moveDown')}: ${rowLabel}`}
            title={t('plan.list.moveDown')}
            aria-keyshortcuts="Alt+ArrowDown"
            onClick={(e) => move(downTarget, e)}
          >
            ↓
          </button>
        </div>
      </td>
    </tr>
  );
}
