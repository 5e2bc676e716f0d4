import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillCase, InsightsQuery } from '../../../../shared/domain/insights';
import type { Language } from '../../../../shared/i18n/languages';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { useRoute } from '../../state/route';
import { formatDay, formatNumber } from './format';
import type { DrillTarget } from './InsightsScreen';

const PAGE = 50;

/** The cases behind a bar, a table row or a journey cell (insights:drill), each opening its case;
 *  Esc or the back button returns to the figures. */
export function DrillList({ target, title, query, onClose }: { target: DrillTarget; title: string; query: InsightsQuery; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const go = useRoute((s) => s.go);
  const [cases, setCases] = useState<DrillCase[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pages, setPages] = useState(1);
  const heading = useRef<HTMLHeadingElement>(null);
  const key = JSON.stringify([target, query]);

  useEffect(() => setPages(1), [key]);

  useEffect(() => {
    let live = true;
    const [t0, q] = JSON.parse(key) as [DrillTarget, InsightsQuery];
    call('insights:drill', { ...q, ...t0, offset: 0, limit: Math.min(200, PAGE * pages) }).then(
      (r) => {
        if (!live) return;
        setCases(r.cases);
        setTotal(r.total);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [key, pages]);

  useEffect(() => heading.current?.focus(), [key]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <section className="insights-drill" aria-labelledby="insights-drill-title">
      <div className="insights-drill-head">
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          {t('insightsUi.drill.back')}
        </button>
        <h2 id="insights-drill-title" ref={heading} tabIndex={-1}>
          {t('insightsUi.drill.title', { name: title })}
        </h2>
      </div>
      {error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : null}
      <p className="result-count" aria-live="polite">
        {total === null ? '' : t('insightsUi.drill.count', { count: total, n: formatNumber(total, language) })}
      </p>
      {cases.length > 0 && (
        <ul className="insights-drill-cases" aria-label={t('insightsUi.drill.list')}>
          {cases.map((c) => (
            <li key={c.id}>
              <a
                href={`#/case/${c.id}`}
                className="drill-case-title"
                onClick={(e) => {
                  e.preventDefault();
                  go({ name: 'case', id: c.id, step: null });
                }}
              >
                {c.title || t('case.untitled')}
              </a>
              <span className={`badge severity-${c.severity}`}>{t(`enum.severity.${c.severity}`)}</span>
              <span className="muted">
                {[formatDay(c.occurredAt, language), c.department, t(`enum.scenarioType.${c.scenarioType}`), t(`steps.${c.step}`)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {total !== null && cases.length < total && PAGE * pages < 200 && (
        <button type="button" onClick={() => setPages((p) => p + 1)}>
          {t('insightsUi.drill.more')}
        </button>
      )}
    </section>
  );
}
