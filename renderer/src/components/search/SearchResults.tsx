import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit, SearchQuery } from '../../../../shared/domain/search';
import { STEPS } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { describeError } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { useLibrary } from '../../state/library';
import { openPlace, STEP_OF_PART } from '../../state/open-place';
import { SEARCH_PAGE_SIZE, useSearch } from '../../state/search';
import { dayEnd, dayStart } from './date-range';
import { DepartmentFilter, TouchpointFilter } from './filter-fields';
import { SnippetText } from './Snippet';

/** The library's word search: the filters only a search has, the hits of one page, and paging.
 *  The library's own filters (step, status, severity, scenario, tag) apply too. */
export function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const filters = useLibrary((s) => s.filters);
  const setFilters = useLibrary((s) => s.setFilters);
  const { extras, result, error, setExtras, run } = useSearch();
  const [department, setDepartment] = useState(extras.department ?? '');

  // The department is typed: asked once typing pauses, not at every key.
  useEffect(() => {
    const value = department.trim() || undefined;
    if (value === extras.department) return;
    const timer = setTimeout(() => setExtras({ department: value }), 250);
    return () => clearTimeout(timer);
  }, [department, extras.department, setExtras]);

  // A page belongs to the words and filters it was turned for; new ones start again at the first.
  const scope = JSON.stringify([q, filters.step, filters.status, filters.severity, filters.scenarioType, filters.tag]);
  const page = extras.pageScope === scope ? extras.page : 0;
  const turnTo = (next: number) => setExtras({ page: next, pageScope: scope });

  const from = extras.from ? dayStart(extras.from) : undefined;
  const to = extras.to ? dayEnd(extras.to) : undefined;
  const badDates = Boolean(from && to && from > to);

  useEffect(() => {
    if (badDates) return;
    const query: SearchQuery = { q, sort: extras.sort, offset: page * SEARCH_PAGE_SIZE, limit: SEARCH_PAGE_SIZE };
    if (from) query.from = from;
    if (to) query.to = to;
    if (extras.department) query.department = extras.department;
    if (extras.touchpoint) query.touchpoint = extras.touchpoint;
    if (filters.step) query.step = filters.step;
    if (filters.status) query.status = filters.status;
    if (filters.severity) query.severity = filters.severity;
    if (filters.scenarioType) query.scenarioType = filters.scenarioType;
    if (filters.tag) query.tag = filters.tag;
    void run(query);
  }, [q, from, to, badDates, extras.department, extras.touchpoint, extras.sort, page, filters.step, filters.status, filters.severity, filters.scenarioType, filters.tag, run]);

  const pages = result ? Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE)) : 1;

  // While the index is being built (after an upgrade), the same query is asked again every second:
  // the hits grow and the progress moves until the index is complete.
  const indexing = result?.indexing;
  useEffect(() => {
    if (!indexing) return;
    const timer = setTimeout(() => {
      const { lastQuery } = useSearch.getState();
      if (lastQuery) void run(lastQuery);
    }, 1000);
    return () => clearTimeout(timer);
  }, [indexing, run]);

  return (
    <section className="search-results" aria-labelledby="search-results-title">
      <h2 id="search-results-title" className="visually-hidden">
        {t('search.results')}
      </h2>
      <div className="filters search-filters">
        <label className="field-inline">
          <span>{t('search.from')}</span>
          <input type="date" value={extras.from ?? ''} max={extras.to || undefined} onChange={(e) => setExtras({ from: e.target.value || undefined })} aria-invalid={badDates || undefined} />
        </label>
        <label className="field-inline">
          <span>{t('search.to')}</span>
          <input type="date" value={extras.to ?? ''} min={extras.from || undefined} onChange={(e) => setExtras({ to: e.target.value || undefined })} aria-invalid={badDates || undefined} />
        </label>
        <DepartmentFilter label={t('search.department')} value={department} onChange={setDepartment} />
        <TouchpointFilter label={t('search.touchpoint')} value={extras.touchpoint} onChange={(touchpoint) => setExtras({ touchpoint })} />
        <label className="field-inline">
          <span>{t('steps.current')}</span>
          <select value={filters.step ?? ''} onChange={(e) => setFilters({ step: (e.target.value || undefined) as (typeof STEPS)[number] | undefined })}>
            <option value="">{t('library.allSteps')}</option>
            {STEPS.map((x) => (
              <option key={x} value={x}>
                {t(`steps.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('search.sort')}</span>
          <select value={extras.sort} onChange={(e) => setExtras({ sort: e.target.value as 'relevance' | 'date' })}>
            <option value="relevance">{t('search.sorts.relevance')}</option>
            <option value="date">{t('search.sorts.date')}</option>
          </select>
        </label>
      </div>

      {badDates ? (
        <p role="alert" className="error">
          {t('search.badDates')}
        </p>
      ) : error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : null}
      {indexing && !badDates && (
        <p className="search-indexing" role="status">
          {t('search.indexing.building', { done: indexing.done, total: indexing.total })}
        </p>
      )}
      <p className="result-count" aria-live="polite">
        {result && !badDates ? t('search.count', { count: result.total, cases: result.cases }) : ''}
      </p>
      {result && !badDates && result.total === 0 && <p className="empty">{t('search.none')}</p>}
      {result && !badDates && result.hits.length > 0 && (
        <>
          <HitList hits={result.hits} offset={page * SEARCH_PAGE_SIZE} total={result.total} />
          {pages > 1 && (
            <nav className="search-paging" aria-label={t('search.paging')}>
              <button type="button" disabled={page === 0} onClick={() => turnTo(page - 1)}>
                {t('search.previous')}
              </button>
              <span>{t('search.page', { page: page + 1, pages })}</span>
              <button type="button" disabled={page + 1 >= pages} onClick={() => turnTo(page + 1)}>
                {t('search.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function HitList({ hits, offset, total }: { hits: SearchHit[]; offset: number; total: number }) {
  const { t } = useTranslation();
  // Arrow keys move between hits as in the case list; Tab and Enter work as on any link.
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...e.currentTarget.querySelectorAll<HTMLElement>('a.hit')];
    const i = links.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    links[Math.min(links.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };
  return (
    <ol className="hit-list" aria-label={t('search.results')} start={offset + 1} onKeyDown={onKeyDown}>
      {hits.map((hit, i) => (
        <li key={`${hit.caseId}:${hit.part}:${hit.itemId ?? ''}:${i}`} aria-setsize={total} aria-posinset={offset + i + 1}>
          <Hit hit={hit} />
        </li>
      ))}
    </ol>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const step = STEP_OF_PART[hit.part];
  return (
    <a
      className="hit"
      href={`#/case/${hit.caseId}/${step}`}
      onClick={(e) => {
        e.preventDefault();
        void openPlace(hit);
      }}
    >
      <span className="hit-head">
        <span className="hit-title">{hit.caseTitle}</span>
        <span className="hit-part">{t('search.matchedIn', { part: t(`search.parts.${hit.part}`) })}</span>
      </span>
      <span className="hit-snippet">
        <SnippetText snippet={hit.snippet} />
      </span>
      <span className="row-meta">
        <span className={`badge severity-${hit.severity}`}>{t(`enum.severity.${hit.severity}`)}</span>
        <span>{t(`steps.${hit.step}`)}</span>
        <span>{t(`enum.status.${hit.status}`)}</span>
        {hit.occurredAt && <span>{t('search.occurred', { date: formatDateTime(hit.occurredAt, language) })}</span>}
        <span className="muted">{t('library.updated', { date: formatDateTime(hit.updatedAt, language) })}</span>
      </span>
    </a>
  );
}
