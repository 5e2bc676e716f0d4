import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_KINDS, ACTION_STATUSES } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { describeError } from '../../i18n/errors';
import { useFishbone } from '../../state/fishbone';
import { usePlan } from '../../state/plan';
import { loadRootCauseLinks } from '../../state/root-causes';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';
import { useToasts } from '../Toast';
import { ActionEditor } from './ActionEditor';
import { ActionTable } from './ActionTable';
import { Countermeasures } from './Countermeasures';
import { ImpactEffortMatrix } from './ImpactEffortMatrix';
import { filterActions, hasFilters, sortActions, usePlanView, useRootCauses, type ActionKind, type ActionStatus, type View } from './model';
import { NewActionForm } from './NewActionForm';
import { RootCauseCoverage } from './RootCauseCoverage';

/** Step 3, solution design (制定方案): countermeasures for the root causes found in step 2, as a
 *  table or on an impact / effort matrix, with the selected action's editor beside them, which
 *  root causes still lack an action, and countermeasure ideas to start from. Every change is a
 *  plan command: Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z undo and redo them while the step is open. */
export function ActionPlanStep() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const doc = usePlan((s) => s.doc);
  const loadedFor = usePlan((s) => s.caseId);
  const loadError = usePlan((s) => s.loadError);
  const lastError = usePlan((s) => s.lastError);
  const show = useToasts((s) => s.show);

  useEffect(() => {
    if (!caseId) return;
    usePlanView.getState().forCase(caseId);
    // The workspace may have started these with the case; load here only what it did not.
    if (usePlan.getState().caseId !== caseId) void usePlan.getState().load(caseId);
    if (useFishbone.getState().caseId !== caseId) void useFishbone.getState().load(caseId);
    if (useWhys.getState().caseId !== caseId) void useWhys.getState().load(caseId);
    loadRootCauseLinks(caseId);
  }, [caseId]);

  // A new-action form left open is not waiting when the step is opened again.
  useEffect(() => () => usePlanView.getState().closeDraft(), []);

  useEffect(() => {
    if (lastError) show(describeError(t, lastError));
  }, [lastError, show, t]);

  useUndoKeys();

  return (
    <section className="plan-step" aria-labelledby="plan-step-title">
      <h2 id="plan-step-title" tabIndex={-1}>
        {t('steps.design')}
      </h2>
      <p className="intro muted">{t('plan.intro')}</p>
      {loadError ? (
        <p role="alert" className="error">
          {describeError(t, loadError)}
        </p>
      ) : !doc || loadedFor !== caseId ? (
        <p aria-busy="true">{t('plan.loading')}</p>
      ) : (
        <PlanBody />
      )}
    </section>
  );
}

/** Undo and redo from anywhere in the step but a text field (which keeps its own undo). */
function useUndoKeys() {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.defaultPrevented) return;
      const key = e.key.toLowerCase();
      if (key !== 'z' && key !== 'y') return;
      const el = e.target as HTMLElement | null;
      if (el instanceof HTMLTextAreaElement || el?.isContentEditable) return;
      if (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) return;
      if (el?.closest('dialog, [role="dialog"]')) return;
      e.preventDefault();
      const { undo, redo } = usePlan.getState();
      if (key === 'y' || e.shiftKey) redo();
      else undo();
      // The control that had focus may have gone with the change.
      requestAnimationFrame(() => {
        if (!el?.isConnected) document.getElementById('plan-actions-title')?.focus();
      });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

function PlanBody() {
  const { t, i18n } = useTranslation();
  const language = (i18n.language === 'zh-CN' ? 'zh-CN' : 'en') as Language;
  const actions = usePlan((s) => s.doc?.actions ?? []);
  const selected = usePlan((s) => s.selected);
  const canUndo = usePlan((s) => s.undoStack.length > 0);
  const canRedo = usePlan((s) => s.redoStack.length > 0);
  const { view, sort, filters, draft } = usePlanView();
  const { setView, setFilters, clearFilters, openDraft } = usePlanView.getState();
  const roots = useRootCauses();
  const filterId = useId();

  const order = useMemo(() => new Map(actions.map((a, i) => [a.id, i])), [actions]);
  const shown = useMemo(() => filterActions(actions, filters), [actions, filters]);
  const rows = useMemo(() => sortActions(shown, sort, language), [shown, sort, language]);
  const editing = selected !== null && order.has(selected) ? selected : null;
  const inRows = editing !== null && rows.some((a) => a.id === editing);
  const filtered = hasFilters(filters);

  const editor = (layout: 'row' | 'side') =>
    editing && (
      <ActionEditor
        key={editing}
        id={editing}
        n={(order.get(editing) ?? 0) + 1}
        roots={roots}
        layout={layout}
        onRemoved={() => requestAnimationFrame(() => document.getElementById('plan-actions-title')?.focus())}
        onClose={() => {
          const id = editing;
          usePlan.getState().select(null);
          requestAnimationFrame(() =>
            document.querySelector<HTMLElement>(`.plan-table tr[data-id="${id}"] .plan-row-title, .plan-matrix-action[data-id="${id}"]`)?.focus(),
          );
        }}
      />
    );

  return (
    <>
      <RootCauseCoverage roots={roots} actions={actions} />

      <section className="plan-actions" aria-labelledby="plan-actions-title">
        <div className="plan-actions-head">
          <h3 id="plan-actions-title" tabIndex={-1}>
            {t('plan.list.heading')} <span className="muted">({actions.length})</span>
          </h3>
          <div className="plan-toolbar" role="group" aria-label={t('plan.toolbar.label')}>
            <button type="button" className="primary" aria-expanded={draft !== null && draft.rootCause === null} onClick={() => openDraft({ rootCause: null })}>
              {t('plan.toolbar.add')}
            </button>
            <button type="button" onClick={() => usePlan.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z">
              {t('plan.toolbar.undo')}
            </button>
            <button type="button" onClick={() => usePlan.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z">
              {t('plan.toolbar.redo')}
            </button>
            <div className="plan-views" role="group" aria-label={t('plan.toolbar.view')}>
              {(['table', 'matrix'] as const satisfies readonly View[]).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                  {t(`plan.toolbar.${v}`)}
                </button>
              ))}
            </div>
          </div>
        </div>

        {draft !== null && draft.rootCause === null && <NewActionForm rootCause={null} />}

        {actions.length > 0 && (
          <div className="filters plan-filters" role="search" aria-label={t('plan.list.filters')}>
            <label className="search" htmlFor={`${filterId}-text`}>
              <span className="visually-hidden">{t('plan.list.search')}</span>
              <input
                id={`${filterId}-text`}
                type="search"
                value={filters.text}
                placeholder={t('plan.list.searchPlaceholder')}
                onChange={(e) => setFilters({ text: e.target.value })}
              />
            </label>
            <label className="field-inline">
              <span>{t('plan.columns.kind')}</span>
              <select value={filters.kind ?? ''} onChange={(e) => setFilters({ kind: (e.target.value || null) as ActionKind | null })}>
                <option value="">{t('plan.list.allKinds')}</option>
                {ACTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`enum.actionKind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field-inline">
              <span>{t('plan.columns.status')}</span>
              <select value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as ActionStatus | null })}>
                <option value="">{t('plan.list.allStatuses')}</option>
                {ACTION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`enum.actionStatus.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            {filtered && (
              <button type="button" className="link" onClick={clearFilters}>
                {t('plan.list.clearFilters')}
              </button>
            )}
            <p className="result-count" role="status">
              {t('plan.list.shown', { shown: rows.length, total: actions.length })}
            </p>
          </div>
        )}

        <div className={editing && view === 'matrix' ? 'plan-body with-editor' : 'plan-body'}>
          <div className="plan-main">
            {actions.length === 0 ? (
              <p className="empty">{t('plan.list.empty')}</p>
            ) : view === 'table' ? (
              rows.length === 0 ? (
                <p className="empty">{t('plan.list.noMatch')}</p>
              ) : (
                <ActionTable rows={rows} order={order} roots={roots} editor={editing && inRows ? { id: editing, node: editor('row') } : null} />
              )
            ) : (
              <ImpactEffortMatrix actions={rows} order={order} />
            )}
            {/* The selected action is hidden by the filters: its editor stays open under the table. */}
            {editing && view === 'table' && !inRows && editor('row')}
          </div>
          {editing && view === 'matrix' && editor('side')}
        </div>
      </section>

      <Countermeasures />
    </>
  );
}
