import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../../../shared/domain/case';
import { TIMELINE_KINDS } from '../../../shared/domain/vocabulary';
import { fromLocalInput, toLocalInput } from '../i18n/format';
import { useWorkspace } from '../state/workspace';
import { hasVeryLongLine } from './long-lines';

export function TimelineEditor() {
  const { t } = useTranslation();
  const timeline = useWorkspace((s) => s.timeline);
  const addEvent = useWorkspace((s) => s.addEvent);
  const listRef = useRef<HTMLOListElement>(null);
  const focusNew = useRef(false);
  const count = timeline.length;

  useEffect(() => {
    if (!focusNew.current) return;
    focusNew.current = false;
    listRef.current?.querySelector<HTMLTextAreaElement>('li:last-child textarea')?.focus();
  }, [count]);

  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">{t('timeline.heading')}</h3>
      {count === 0 && <p className="muted">{t('timeline.empty')}</p>}
      <ol ref={listRef}>
        {timeline.map((event, i) => (
          <TimelineRow key={event.id} event={event} index={i} count={count} />
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          focusNew.current = true;
          const last = timeline.at(-1);
          addEvent({ at: last?.at ?? null, description: '', kind: count === 0 ? 'occurred' : 'other' });
        }}
      >
        {t('timeline.add')}
      </button>
    </section>
  );
}

const TimelineRow = memo(function TimelineRow({ event, index, count }: { event: TimelineEvent; index: number; count: number }) {
  const { t } = useTranslation();
  const editEvent = useWorkspace((s) => s.editEvent);
  const moveEvent = useWorkspace((s) => s.moveEvent);
  const removeEvent = useWorkspace((s) => s.removeEvent);
  const rowRef = useRef<HTMLLIElement>(null);
  const label = t('timeline.event', { n: index + 1 });
  const move = (to: number) => {
    if (to < 0 || to >= count) return;
    // Reordering moves DOM nodes, which drops focus; give it back to the control the user was on.
    const active = document.activeElement as HTMLElement | null;
    moveEvent(event.id, to);
    requestAnimationFrame(() => {
      if (active?.isConnected && !(active as HTMLButtonElement).disabled) active.focus();
      else rowRef.current?.querySelector<HTMLElement>('textarea')?.focus();
    });
  };

  return (
    <li
      ref={rowRef}
      className="timeline-row"
      aria-label={label}
      onKeyDown={(e) => {
        // Alt+Arrow reorders without reaching for the buttons.
        if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
        e.preventDefault();
        move(index + (e.key === 'ArrowUp' ? -1 : 1));
      }}
    >
      <span className="timeline-no" aria-hidden="true">
        {index + 1}
      </span>
      <div className="timeline-fields">
        <label className="field-inline">
          <span>{t('timeline.at')}</span>
          <input type="datetime-local" value={toLocalInput(event.at)} onChange={(e) => editEvent(event.id, { at: fromLocalInput(e.target.value) }, true)} />
        </label>
        <label className="field-inline">
          <span>{t('timeline.kind')}</span>
          <select value={event.kind} onChange={(e) => editEvent(event.id, { kind: e.target.value as TimelineEvent['kind'] }, true)}>
            {TIMELINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enum.timelineKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field timeline-description">
          <span className="visually-hidden">
            {label}: {t('timeline.description')}
          </span>
          <textarea
            value={event.description}
            rows={2}
            wrap={hasVeryLongLine(event.description) ? 'off' : 'soft'}
            placeholder={t('timeline.description')}
            onChange={(e) => editEvent(event.id, { description: e.target.value })}
          />
        </label>
      </div>
      <div className="timeline-actions">
        <button type="button" onClick={() => move(index - 1)} disabled={index === 0} aria-label={`${t('timeline.moveUp')}: ${label}`} title={t('timeline.moveUp')}>
          ↑
        </button>
        <button type="button" onClick={() => move(index + 1)} disabled={index === count - 1} aria-label={`${t('timeline.moveDown')}: ${label}`} title={t('timeline.moveDown')}>
          ↓
        </button>
        <button
          type="button"
          className="danger"
          aria-label={`${t('timeline.remove')}: ${label}`}
          title={t('timeline.remove')}
          onClick={() => {
            if (event.description.trim() && !window.confirm(t('timeline.removeConfirm'))) return;
            removeEvent(event.id);
          }}
        >
          ✕
        </button>
      </div>
    </li>
  );
});
