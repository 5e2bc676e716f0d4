import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KanoChartNeed, KanoDrill } from '../../../../shared/domain/kano-chart';
import type { LibraryFilters } from '../../../../shared/domain/search';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { useRoute } from '../../state/route';

const PAGE = 50;

/** Every case behind one point of the KANO chart (kano:drill under the chart's filters), each a
 *  link to its case. The chart's answer names only a few cases per point, so the list is asked for
 *  when a point is opened, a page at a time. */
export function KanoCases({ need, filters }: { need: KanoChartNeed; filters: LibraryFilters }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [drill, setDrill] = useState<KanoDrill | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pages, setPages] = useState(1);
  const key = JSON.stringify([need.key, filters]);

  useEffect(() => setPages(1), [key]);

  useEffect(() => {
    let live = true;
    const [needKey, f] = JSON.parse(key) as [string, LibraryFilters];
    // One request for every page shown so far (at most the API's page size): the list stays in order.
    call('kano:drill', { ...f, key: needKey, offset: 0, limit: Math.min(200, PAGE * pages) }).then(
      (r) => {
        if (!live) return;
        setDrill(r);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [key, pages]);

  const heading = t('needs.chart.casesOf', { need: need.text });
  return (
    <div className="kano-cases" role="region" aria-label={heading}>
      <h3>{heading}</h3>
      {error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : !drill ? (
        <p className="muted" aria-busy="true">
          {t('kanoDrill.loading')}
        </p>
      ) : (
        <>
          <p className="result-count" aria-live="polite">
            {t('kanoDrill.count', { count: drill.total })}
          </p>
          <ul>
            {drill.cases.map((c) => (
              <li key={c.id}>
                <a
                  href={`#/case/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go({ name: 'case', id: c.id, step: 'identify' });
                  }}
                >
                  {c.title || t('case.untitled')}
                </a>
              </li>
            ))}
          </ul>
          {drill.cases.length < drill.total && PAGE * pages < 200 && (
            <button type="button" onClick={() => setPages((p) => p + 1)}>
              {t('kanoDrill.more')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
