import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionFields, refKey, type Action, type RootCauseRef } from '../../../../shared/domain/plan';
import { ACTION_KINDS, ACTION_STATUSES, LEVELS } from '../../../../shared/domain/vocabulary';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { issueText } from '../../i18n/errors';
import { usePlan } from '../../state/plan';
import { queue } from '../../state/workspace';
import { Choice } from '../editor/Choice';
import { checkWith, CommitText } from '../editor/CommitText';
import { fromDayInput, refocus, refText, rootsByPlace, toDayInput, updateAction, type ActionKind, type ActionStatus, type Level, type RootCauseItem } from './model';

/** The editor of step 3: every field of the selected action. Each change is one command (one
 *  undo step): a text when the user leaves the field, a choice when it is made. */

const checkTitle = checkWith(ActionFields.shape.title);
const checkDescription = checkWith(ActionFields.shape.description);
const checkOwner = checkWith(ActionFields.shape.owner);
const checkEffect = checkWith(ActionFields.shape.expectedEffect);
const checkReason = checkWith(ActionFields.shape.cancelReason.trim().min(1, { error: 'required' }));

export function ActionEditor({ id, n, roots, layout, onRemoved, onClose }: {
  id: string;
  n: number;
  roots: RootCauseItem[];
  /** `row`: under the action's row in the table, the fields in three columns; `side`: beside the matrix. */
  layout: 'row' | 'side';
  onRemoved: () => void;
  /** Closed with its button or Escape: the caller puts focus back on the action. */
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const action = usePlan((s) => s.doc?.actions.find((a) => a.id === id) ?? null);
  if (!action) return null;
  const set = <K extends keyof ActionFields>(key: K, value: ActionFields[K]) => {
    if (action[key] !== value) updateAction(id, { [key]: value } as Partial<ActionFields>);
  };

  return (
    <section
      className={`plan-editor layout-${layout}`}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        // Escape that no field used (to put back its text, say) closes the editor.
        if (e.key !== 'Escape' || e.defaultPrevented || e.nativeEvent.isComposing) return;
        e.preventDefault();
        onClose();
      }}
    >
      <div className="plan-editor-head">
        <h4 id={headingId} tabIndex={-1}>
          {t('plan.editor.heading', { n })}
        </h4>
        <button type="button" className="subtle" onClick={onClose} aria-keyshortcuts="Escape">
          {t('plan.editor.close')}
        </button>
      </div>
      <div className="plan-editor-body">
        <div className="plan-editor-col">
          <CommitText label={t('plan.editor.title')} value={action.title} single check={checkTitle} save={(title) => updateAction(id, { title })} />
          <CommitText
            label={t('plan.editor.description')}
            hint={t('plan.editor.descriptionHint')}
            value={action.description}
            rows={3}
            check={checkDescription}
            save={(description) => updateAction(id, { description })}
          />
          <CommitText
            label={t('plan.editor.expectedEffect')}
            hint={t('plan.editor.expectedEffectHint')}
            value={action.expectedEffect}
            rows={4}
            check={checkEffect}
            save={(expectedEffect) => updateAction(id, { expectedEffect })}
          />
        </div>
        <div className="plan-editor-col">
          <Choice<ActionKind> label={t('plan.editor.kind')} value={action.kind} options={ACTION_KINDS} prefix="enum.actionKind" onChange={(v) => v && set('kind', v)} />
          <CommitText label={t('plan.editor.owner')} hint={t('plan.editor.ownerHint')} value={action.owner} single check={checkOwner} save={(owner) => updateAction(id, { owner })} />
          <DueDate action={action} />
          <div className="plan-levels">
            <Choice<Level> label={t('plan.editor.priority')} value={action.priority} options={LEVELS} prefix="enum.level" onChange={(v) => v && set('priority', v)} />
            <Choice<Level> label={t('plan.editor.impact')} value={action.impact} options={LEVELS} prefix="enum.level" onChange={(v) => v && set('impact', v)} />
            <Choice<Level> label={t('plan.editor.effort')} value={action.effort} options={LEVELS} prefix="enum.level" onChange={(v) => v && set('effort', v)} />
          </div>
        </div>
        <div className="plan-editor-col">
          <LinkedRootCauses action={action} roots={roots} />
          <StatusField action={action} />
          <div className="panel-actions">
            <MoveButtons id={id} />
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (!window.confirm(t('plan.editor.removeConfirm', { title: action.title }))) return;
                if (usePlan.getState().run({ type: 'removeAction', id })) onRemoved();
              }}
            >
              {t('plan.editor.remove')}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

/** Up and down in the plan's own order (the table may be sorted or filtered otherwise). */
function MoveButtons({ id }: { id: string }) {
  const { t } = useTranslation();
  const index = usePlan((s) => s.doc?.actions.findIndex((a) => a.id === id) ?? -1);
  const count = usePlan((s) => s.doc?.actions.length ?? 0);
  const move = (to: number, e: { currentTarget: HTMLButtonElement }) => {
    const button = e.currentTarget;
    usePlan.getState().run({ type: 'moveAction', id, index: to });
    refocus(button, () => button.parentElement?.querySelector<HTMLButtonElement>('button:not(:disabled)'));
  };
  return (
    <>
      <button type="button" disabled={index <= 0} onClick={(e) => move(index - 1, e)}>
        {t('plan.editor.moveUp')}
      </button>
      <button type="button" disabled={index < 0 || index >= count - 1} onClick={(e) => move(index + 1, e)}>
        {t('plan.editor.moveDown')}
      </button>
    </>
  );
}

/** A day, typed or picked; saved when the user leaves the field (typing a year would otherwise save
 *  every digit), or at once when cleared. Until then it holds the save queue (see save-queue.ts). */
function DueDate({ action }: { action: Action }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const stored = toDayInput(action.dueAt);
  const holdKey = `due:${id}`;
  const commit = () => {
    queue.release(holdKey);
    if (draft === null) return;
    if (draft === '') {
      if (action.dueAt !== null) updateAction(action.id, { dueAt: null });
    } else {
      const iso = fromDayInput(draft);
      if (iso && draft !== stored) updateAction(action.id, { dueAt: iso });
    }
    setDraft(null);
  };
  const commitRef = useRef(commit);
  useLayoutEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => () => commitRef.current(), []);

  return (
    <div className="field">
      <label htmlFor={id}>{t('plan.editor.due')}</label>
      <input
        id={id}
        type="date"
        value={draft ?? stored}
        onChange={(e) => {
          setDraft(e.target.value);
          queue.hold(holdKey, () => commitRef.current());
        }}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
    </div>
  );
}

/** The case's root causes as checkboxes; links to causes that are no longer root causes (or were
 *  removed) stay listed so they can be unlinked. Each tick is one command. */
function LinkedRootCauses({ action, roots }: { action: Action; roots: RootCauseItem[] }) {
  const { t } = useTranslation();
  const byPlace = rootsByPlace(roots);
  // A root cause is ticked when the action links any place it was found; unticking it unlinks them all.
  const linked = new Set(action.rootCauses.map((ref) => byPlace.get(refKey(ref))?.key ?? refKey(ref)));
  const stale = action.rootCauses.filter((ref) => !byPlace.has(refKey(ref)));
  const toggle = (ref: RootCauseRef) => {
    const key = refKey(ref);
    const root = byPlace.get(key);
    const places = new Set(root ? root.places.map((p) => p.key) : [key]);
    const next = linked.has(root?.key ?? key) ? action.rootCauses.filter((r) => !places.has(refKey(r))) : [...action.rootCauses, ref];
    updateAction(action.id, { rootCauses: next });
  };

  return (
    <fieldset className="plan-links">
      <legend>{t('plan.editor.rootCauses')}</legend>
      {roots.length === 0 && stale.length === 0 && <p className="muted">{t('plan.editor.rootCausesNone')}</p>}
      {roots.map((root) => (
        <label key={root.key} className="plan-link">
          <input type="checkbox" checked={linked.has(root.key)} onChange={() => toggle(root.ref)} />
          <span>
            <span className="plan-root-id">{t('plan.roots.id', { n: root.n })}</span> {root.text}
          </span>
        </label>
      ))}
      {stale.map((ref) => {
        const text = refText(ref);
        return (
          <label key={refKey(ref)} className="plan-link stale">
            <input type="checkbox" checked onChange={() => toggle(ref)} />
            <span>{text ? `${text} (${t('plan.roots.notRoot')})` : t('plan.roots.removed')}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** The status. Cancelling asks for the reason first (a cancelled action without one is refused),
 *  and saves both as one command; leaving `cancelled` clears the reason with the status. */
function StatusField({ action }: { action: Action }) {
  const { t } = useTranslation();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const label = t('plan.editor.cancelReason');

  useEffect(() => {
    if (asking) reasonRef.current?.focus();
  }, [asking]);

  const choose = (status: ActionStatus | null) => {
    if (!status || status === action.status) {
      setAsking(false);
      return;
    }
    if (status === 'cancelled') {
      setAsking(true);
      setReason('');
      setError(null);
      return;
    }
    setAsking(false);
    updateAction(action.id, action.status === 'cancelled' ? { status, cancelReason: '' } : { status });
  };

  const confirm = () => {
    const parsed = ActionFields.shape.cancelReason.trim().min(1, { error: 'required' }).safeParse(reason);
    if (!parsed.success) {
      setError(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
      reasonRef.current?.focus();
      return;
    }
    if (updateAction(action.id, { status: 'cancelled', cancelReason: parsed.data })) setAsking(false);
    else setError('generic');
  };

  const message = error ? issueText(t, error, label) : null;

  return (
    <>
      <Choice<ActionStatus>
        label={t('plan.editor.status')}
        value={asking ? 'cancelled' : action.status}
        options={ACTION_STATUSES}
        prefix="enum.actionStatus"
        onChange={choose}
      />
      {asking && (
        <div className="plan-cancel">
          <div className="field">
            <label htmlFor={id}>
              {label}
            </label>
            <input
              ref={reasonRef}
              id={id}
              type="text"
              value={reason}
              aria-invalid={message ? true : undefined}
              aria-describedby={[`${id}-hint`, message ? `${id}-error` : ''].filter(Boolean).join(' ')}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                if (e.nativeEvent.isComposing) return;
                if (e.key === 'Enter') {
                  e.preventDefault();
                  confirm();
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setAsking(false);
                }
              }}
            />
            <span className="hint" id={`${id}-hint`}>
              {t('plan.editor.cancelReasonHint')}
            </span>
            {message && (
              <span className="field-error" id={`${id}-error`} role="alert">
                {message}
              </span>
            )}
          </div>
          <div className="panel-actions">
            <button type="button" className="danger" onClick={confirm}>
              {t('plan.editor.confirmCancel')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('plan.editor.keep')}
            </button>
          </div>
        </div>
      )}
      {!asking && action.status === 'cancelled' && (
        <CommitText label={label} hint={t('plan.editor.cancelReasonHint')} value={action.cancelReason} single check={checkReason} save={(cancelReason) => updateAction(action.id, { cancelReason })} />
      )}
    </>
  );
}
