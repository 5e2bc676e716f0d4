import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonEntry, LessonsQuery } from '../../../../shared/domain/search';
import { SCENARIO_TYPES } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { useRoute } from '../../state/route';
import { DepartmentFilter, TouchpointFilter } from './filter-fields';

const PAGE = 50;
const KINDS = ['went_well', 'went_wrong', 'got_lucky', 'improvement'] as const;
type Kind = (typeof KINDS)[number];

interface Filters {
  kind?: Kind;
  department?: string;
  touchpoint?: string;
  scenarioType?: (typeof SCENARIO_TYPES)[number];
}

/** Every lesson and improvement written in step 5 of any case (lessons:list), filtered by kind and
 *  by where it applies; each leads back to its case's step 5. */
export function LessonsScreen() {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [filters, setFilters] = useState<Filters>({});
  const [department, setDepartment] = useState('');
  const [items, setItems] = useState<LessonEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pages, setPages] = useState(1);

  useEffect(() => {
    const value = department.trim() || undefined;
    if (value === filters.department) return;
    const timer = setTimeout(() => {
      setPages(1);
      setFilters((f) => ({ ...f, department: value }));
    }, 250);
    return () => clearTimeout(timer);
  }, [department, filters.department]);

  useEffect(() => {
    let live = true;
    const query: LessonsQuery = { offset: 0, limit: Math.min(200, PAGE * pages) };
    if (filters.kind) query.kind = filters.kind;
    if (filters.department) query.department = filters.department;
    if (filters.touchpoint) query.touchpoint = filters.touchpoint;
    if (filters.scenarioType) query.scenarioType = filters.scenarioType;
    call('lessons:list', query).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setTotal(r.total);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [filters, pages]);

  const change = (patch: Partial<Filters>) => {
    setPages(1);
    setFilters((f) => ({ ...f, ...patch }));
  };

  return (
    <main id="main" className="library lessons-library" aria-labelledby="lessons-title" tabIndex={-1}>
      <div className="library-head">
        <h1 id="lessons-title">{t('lessonsLibrary.title')}</h1>
        <div className="toolbar">
          <button type="button" onClick={() => go({ name: 'library' })}>
            {t('library.backToLibrary')}
          </button>
        </div>
      </div>
      <p className="intro muted">{t('lessonsLibrary.intro')}</p>
      <div className="filters" role="search" aria-label={t('library.filters')}>
        <label className="field-inline">
          <span>{t('lessonsLibrary.kind')}</span>
          <select value={filters.kind ?? ''} onChange={(e) => change({ kind: (e.target.value || undefined) as Kind | undefined })}>
            <option value="">{t('library.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`lessonsLibrary.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <DepartmentFilter label={t('lessonsLibrary.department')} value={department} onChange={setDepartment} />
        <TouchpointFilter label={t('lessonsLibrary.touchpoint')} value={filters.touchpoint} onChange={(touchpoint) => change({ touchpoint })} />
        <label className="field-inline">
          <span>{t('lessonsLibrary.scenarioType')}</span>
          <select value={filters.scenarioType ?? ''} onChange={(e) => change({ scenarioType: (e.target.value || undefined) as Filters['scenarioType'] })}>
            <option value="">{t('library.all')}</option>
            {SCENARIO_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`enum.scenarioType.${x}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : null}
      <p className="result-count" aria-live="polite">
        {total === null ? '' : t('lessonsLibrary.count', { count: total })}
      </p>
      {total === 0 && <p className="empty">{t('lessonsLibrary.none')}</p>}
      {items.length > 0 && (
        <ul className="lesson-entries" aria-label={t('lessonsLibrary.list')}>
          {items.map((entry) => (
            <li key={`${entry.caseId}:${entry.lesson?.id ?? entry.improvement?.id}`}>
              <Entry entry={entry} />
            </li>
          ))}
        </ul>
      )}
      {total !== null && items.length < total && pages * PAGE < 200 && (
        <button type="button" onClick={() => setPages((p) => p + 1)}>
          {t('lessonsLibrary.more')}
        </button>
      )}
    </main>
  );
}

function Entry({ entry }: { entry: LessonEntry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const go = useRoute((s) => s.go);
  const { lesson, improvement } = entry;
  const kind = lesson ? t(`lessonsLibrary.kinds.${lesson.kind}`) : improvement ? `${t('lessonsLibrary.kinds.improvement')} · ${t(`enum.improvementArea.${improvement.area}`)}` : '';
  const applies = lesson
    ? [lesson.appliesDepartment, lesson.appliesTouchpoint && t(`enum.touchpoint.${lesson.appliesTouchpoint}`, { defaultValue: lesson.appliesTouchpoint }), lesson.appliesScenario && t(`enum.scenarioType.${lesson.appliesScenario}`)].filter(Boolean)
    : [];
  return (
    <article className={`lesson-entry kind-${lesson?.kind ?? 'improvement'}`}>
      <p className="lesson-kind">
        <span className="badge">{kind}</span>
      </p>
      <p className="lesson-text">{lesson?.text ?? improvement?.text}</p>
      {applies.length > 0 && (
        <p className="muted">
          {t('lessonsLibrary.applies')}: {applies.join(' · ')}
        </p>
      )}
      <p className="lesson-from">
        <a
          href={`#/case/${entry.caseId}/improve`}
          onClick={(e) => {
            e.preventDefault();
            go({ name: 'case', id: entry.caseId, step: 'improve' });
          }}
        >
          {t('lessonsLibrary.fromCase', { title: entry.caseTitle })}
        </a>{' '}
        <span className="muted">{t('library.updated', { date: formatDateTime(entry.caseUpdatedAt, language) })}</span>
      </p>
    </article>
  );
}
