import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../../../../shared/domain/plan';
import { usePlan } from '../../state/plan';
import { MATRIX_EFFORT, MATRIX_IMPACT } from './model';

/** The impact / effort matrix: high impact at the top, low effort on the left, each cell named
 *  (快速见效 "quick wins" at the top left) and listing its actions as buttons that select them.
 *  Tab reaches every action; the arrow keys move between the actions of neighbouring cells. */
export function ImpactEffortMatrix({ actions, order }: { actions: Action[]; order: Map<string, number> }) {
  const { t } = useTranslation();
  const selected = usePlan((s) => s.selected);
  const select = usePlan((s) => s.select);
  const gridRef = useRef<HTMLDivElement>(null);

  const level = (l: string) => t(`enum.level.${l}`);

  /** Arrow keys: up and down within a cell's list and on to the cells above and below; left and
   *  right to the next cell along the row that has actions. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('.plan-matrix-action');
    if (!button || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    const cell = button.closest<HTMLElement>('.plan-cell')!;
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const buttonsOf = (row: number, col: number) => [...(gridRef.current?.querySelectorAll<HTMLButtonElement>(`.plan-cell[data-row="${row}"][data-col="${col}"] .plan-matrix-action`) ?? [])];
    const mine = buttonsOf(r, c);
    const i = mine.indexOf(button);
    let target: HTMLButtonElement | undefined;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const step = e.key === 'ArrowUp' ? -1 : 1;
      target = mine[i + step];
      for (let row = r + step; !target && row >= 0 && row < 3; row += step) {
        const list = buttonsOf(row, c);
        target = step > 0 ? list[0] : list.at(-1);
      }
    } else {
      const step = e.key === 'ArrowLeft' ? -1 : 1;
      for (let col = c + step; !target && col >= 0 && col < 3; col += step) target = buttonsOf(r, col)[0];
    }
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };

  return (
    <section className="plan-matrix" aria-labelledby="plan-matrix-title">
      <h3 id="plan-matrix-title">{t('plan.matrix.heading')}</h3>
      <p className="muted">{t('plan.matrix.intro')}</p>
      <div className="plan-matrix-frame">
        <div className="plan-matrix-grid" ref={gridRef} onKeyDown={onKeyDown}>
          <span className="plan-corner" aria-hidden="true" />
          {MATRIX_EFFORT.map((effort) => (
            <span key={effort} className="plan-col-head" aria-hidden="true">
              {t('plan.matrix.effortLevel', { level: level(effort) })}
            </span>
          ))}
          {MATRIX_IMPACT.map((impact, row) => (
            <Row key={impact} impact={impact} row={row}>
              {MATRIX_EFFORT.map((effort, col) => {
                const inCell = actions.filter((a) => a.impact === impact && a.effort === effort);
                const name = t(`plan.matrix.cells.${impact}_${effort}`);
                return (
                  <div
                    key={effort}
                    className={`plan-cell cell-${impact}-${effort}`}
                    role="group"
                    aria-label={t('plan.matrix.cellName', {
                      name,
                      impact: t('plan.matrix.impactLevel', { level: level(impact) }),
                      effort: t('plan.matrix.effortLevel', { level: level(effort) }),
                      count: t('plan.roots.actions', { count: inCell.length }),
                    })}
                    data-row={row}
                    data-col={col}
                  >
                    <span className="plan-cell-name" aria-hidden="true">
                      {name}
                      <span className="plan-cell-count">{inCell.length}</span>
                    </span>
                    {inCell.length === 0 ? (
                      <span className="plan-cell-empty muted">{t('plan.matrix.empty')}</span>
                    ) : (
                      <ul>
                        {inCell.map((a) => (
                          <li key={a.id}>
                            <button
                              type="button"
                              className={`plan-matrix-action status-${a.status}`}
                              data-id={a.id}
                              aria-current={selected === a.id ? true : undefined}
                              onClick={() => select(a.id)}
                            >
                              <span className="plan-matrix-no">{(order.get(a.id) ?? 0) + 1}</span>
                              <span className="plan-matrix-title">{a.title}</span>
                              {(a.status === 'cancelled' || a.status === 'done' || a.status === 'verified') && (
                                <span className="plan-matrix-status">{t(`enum.actionStatus.${a.status}`)}</span>
                              )}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                );
              })}
            </Row>
          ))}
        </div>
      </div>
    </section>
  );
}

function Row({ impact, row, children }: { impact: string; row: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="plan-row-head" aria-hidden="true" data-row={row}>
        {t('plan.matrix.impactLevel', { level: t(`enum.level.${impact}`) })}
      </span>
      {children}
    </>
  );
}
