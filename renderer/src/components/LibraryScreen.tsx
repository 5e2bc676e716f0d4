import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../shared/domain/case';
import { CASE_SORTS } from '../../../shared/domain/case';
import { SCENARIO_TYPES, SEVERITIES, CASE_STATUSES, STEPS } from '../../../shared/domain/vocabulary';
import type { Language } from '../../../shared/i18n/languages';
import { call } from '../api/client';
import { describeError } from '../i18n/errors';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useLibrary } from '../state/library';
import { useRoute } from '../state/route';
import { shownIds, useSelection } from '../state/selection';
import { SearchResults } from './search/SearchResults';
import { useToasts } from './Toast';
import { CaseFileButtons } from './casefile/CaseFileButtons';

const ROW_HEIGHT = 64;

export function LibraryScreen({ onNewCase, onLoadDemo }: { onNewCase: () => void; onLoadDemo: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { filters, total, countsByStep, trashCount, error, setFilters, refresh } = useLibrary();
  const go = useRoute((s) => s.go);
  const [search, setSearch] = useState(filters.search ?? '');

  // The language is part of the query: "Title A-Z" sorts as the reader's language does.
  useEffect(() => {
    void refresh();
  }, [refresh, language]);

  // Search as you type, without a query per keystroke while typing fast.
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => setFilters({ search }), 120);
    return () => clearTimeout(timer);
  }, [search, filters.search, setFilters]);

  const allCount = countsByStep ? Object.values(countsByStep).reduce((a, b) => a + b, 0) : 0;
  const trashed = filters.trashed ?? false;
  const hasFilters = Boolean(filters.search || filters.step || filters.status || filters.severity || filters.scenarioType || filters.tag);
  // Words in the box search every part of every case (search:query); the trash still lists titles.
  const words = (filters.search ?? '').trim();
  const searching = !trashed && words !== '';

  return (
    <main id="main" className="library" aria-labelledby="library-title">
      <div className="library-head">
        <h1 id="library-title">{trashed ? t('library.trashTitle') : t('library.title')}</h1>
        <div className="toolbar">
          {trashed ? (
            <>
              <button type="button" onClick={() => setFilters({ trashed: false })}>
                {t('library.backToLibrary')}
              </button>
              <EmptyTrashButton count={trashCount} />
            </>
          ) : (
            <>
              <button type="button" className="primary" onClick={onNewCase}>
                {t('library.newCase')}
              </button>
              <button type="button" onClick={onLoadDemo}>
                {t('library.loadDemo')}
              </button>
              <button type="button" onClick={() => go({ name: 'lessons' })}>
                {t('lessonsLibrary.open')}
              </button>
              <button type="button" onClick={() => go({ name: 'insights' })}>
                {t('insightsUi.open')}
              </button>
              <CaseFileButtons />
              <button type="button" onClick={() => setFilters({ trashed: true, step: undefined })}>
                {t('library.trash', { count: trashCount })}
              </button>
            </>
          )}
        </div>
      </div>

      <div className="filters" role="search">
        <label className="search">
          <span className="visually-hidden">{trashed ? t('library.search') : t('search.box')}</span>
          <input
            type="search"
            value={search}
            placeholder={trashed ? t('library.searchPlaceholder') : t('search.placeholder')}
            onChange={(e) => setSearch(e.target.value)}
            maxLength={500}
          />
        </label>
        <Select label={t('caseForm.status')} value={filters.status} options={CASE_STATUSES} prefix="enum.status" onChange={(status) => setFilters({ status })} />
        <Select label={t('caseForm.severity')} value={filters.severity} options={SEVERITIES} prefix="enum.severity" onChange={(severity) => setFilters({ severity })} />
        <Select
          label={t('caseForm.scenarioType')}
          value={filters.scenarioType}
          options={SCENARIO_TYPES}
          prefix="enum.scenarioType"
          onChange={(scenarioType) => setFilters({ scenarioType })}
        />
        <TagFilter value={filters.tag} onChange={(tag) => setFilters({ tag })} />
        {!searching && (
          <label className="field-inline">
            <span>{t('library.sort')}</span>
            <select value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value as (typeof CASE_SORTS)[number] })}>
              {CASE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {hasFilters && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setSearch('');
              setFilters({ search: '', step: undefined, status: undefined, severity: undefined, scenarioType: undefined, tag: undefined });
            }}
          >
            {t('library.clearFilters')}
          </button>
        )}
      </div>

      {!trashed && !searching && (
        <nav className="step-tabs" aria-label={t('library.stepCounts')}>
          <button type="button" aria-pressed={!filters.step} onClick={() => setFilters({ step: undefined })}>
            {t('library.allSteps')} <span className="count">{formatNumber(allCount, language)}</span>
          </button>
          {STEPS.map((step, i) => (
            <button key={step} type="button" aria-pressed={filters.step === step} onClick={() => setFilters({ step })}>
              <span className="step-no">{i + 1}</span> {t(`steps.${step}`)}{' '}
              <span className="count">{formatNumber(countsByStep?.[step] ?? 0, language)}</span>
            </button>
          ))}
        </nav>
      )}

      {searching ? (
        <SearchResults q={words} />
      ) : (
        <>
          {error ? (
            <p role="alert" className="error">
              {describeError(t, error)}
            </p>
          ) : null}
          <p className="result-count" aria-live="polite">
            {t('library.count', { count: total })}
          </p>
          {!trashed && total > 0 && <SelectionBar total={total} />}
          {total === 0 ? (
            <p className="empty">{trashed ? t('library.trashEmpty') : hasFilters ? t('library.noMatch') : t('library.empty')}</p>
          ) : (
            <CaseList trashed={trashed} />
          )}
        </>
      )}
    </main>
  );
}

function Select<T extends string>({ label, value, options, prefix, onChange }: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  prefix: string;
  onChange: (value: T | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="field-inline">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}>
        <option value="">{t('library.all')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${prefix}.${o}` as string)}
          </option>
        ))}
      </select>
    </label>
  );
}

function TagFilter({ value, onChange }: { value: string | undefined; onChange: (tag: string | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const [known, setKnown] = useState<{ tag: string; count: number }[]>([]);
  const generation = useLibrary((s) => s.generation);
  // Suggestions follow the library: refreshed whenever the list is.
  useEffect(() => {
    call('cases:tags', {}).then(setKnown, () => setKnown([]));
  }, [generation]);
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    const tag = text.trim() || undefined;
    if (tag === value) return;
    const timer = setTimeout(() => onChange(tag), 250);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className="field-inline">
      <span>{t('library.tag')}</span>
      <input type="text" list="known-tags" value={text} placeholder={t('library.tagPlaceholder')} maxLength={60} size={10} onChange={(e) => setText(e.target.value)} />
      <datalist id="known-tags">
        {known.map((k) => (
          <option key={k.tag} value={k.tag} />
        ))}
      </datalist>
    </label>
  );
}

function EmptyTrashButton({ count }: { count: number }) {
  const { t } = useTranslation();
  const refresh = useLibrary((s) => s.refresh);
  const show = useToasts((s) => s.show);
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="danger"
      onClick={async () => {
        if (!window.confirm(t('library.emptyTrashConfirm', { count }))) return;
        try {
          await call('cases:emptyTrash', {});
        } catch (e) {
          show(describeError(t, e));
        }
        void refresh();
      }}
    >
      {t('library.emptyTrash')}
    </button>
  );
}

function CaseList({ trashed }: { trashed: boolean }) {
  const { t } = useTranslation();
  const rows = useLibrary((s) => s.rows);
  const total = useLibrary((s) => s.total);
  const ensureRange = useLibrary((s) => s.ensureRange);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => ensureRange(first, last), [first, last, ensureRange]);

  // Arrow keys move between rows, so the whole list works from the keyboard.
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const current = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (!current) return;
      e.preventDefault();
      const index = Number(current.dataset.index) + (e.key === 'ArrowDown' ? 1 : -1);
      if (index < 0 || index >= total) return;
      virtualizer.scrollToIndex(index);
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] .row-main`)?.focus());
    },
    [total, virtualizer],
  );

  return (
    <div ref={scrollRef} className="case-list" onKeyDown={onKeyDown}>
      <ul aria-label={t('library.list')} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <li key={item.key} data-index={item.index} aria-setsize={total} aria-posinset={item.index + 1} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
            <CaseRow summary={rows[item.index]} index={item.index} trashed={trashed} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How many cases are selected for "Export cases…", with select-all of the filtered list and clear. */
function SelectionBar({ total }: { total: number }) {
  const { t } = useTranslation();
  const count = useSelection((s) => s.ids.size);
  const select = useSelection((s) => s.set);
  const clear = useSelection((s) => s.clear);
  const show = useToasts((s) => s.show);
  const [busy, setBusy] = useState(false);
  return (
    <div className="selection-bar" role="group" aria-label={t('caseSelection.group')}>
      <span aria-live="polite">{count > 0 ? t('caseSelection.count', { count }) : t('caseSelection.hint')}</span>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            select(await shownIds());
          } catch (e) {
            show(describeError(t, e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('caseSelection.selectAll', { count: total })}
      </button>
      {count > 0 && (
        <button type="button" onClick={clear}>
          {t('caseSelection.clear')}
        </button>
      )}
    </div>
  );
}

/** A row's checkbox: Space toggles it (the browser's own), a click too; Shift+click and
 *  Shift+Space select every row from the last one toggled to this one. */
function SelectBox({ id, index, title }: { id: string; index: number; title: string }) {
  const { t } = useTranslation();
  const checked = useSelection((s) => s.ids.has(id));
  const toggle = useSelection((s) => s.toggle);
  const extendTo = useSelection((s) => s.extendTo);
  return (
    <input
      type="checkbox"
      className="row-select"
      checked={checked}
      aria-label={t('caseSelection.row', { title })}
      // The click decides (a plain one toggles, with Shift it extends), so onChange has nothing to add.
      onClick={(e) => {
        if (!e.shiftKey) return toggle(id, index);
        e.preventDefault();
        void extendTo(index);
      }}
      onChange={() => {}}
      onKeyDown={(e) => {
        if (e.key !== ' ' || !e.shiftKey) return;
        // Handled here rather than as the click Space would make, whose Shift state is not reliable.
        e.preventDefault();
        void extendTo(index);
      }}
      onKeyUp={(e) => {
        if (e.key === ' ' && e.shiftKey) e.preventDefault();
      }}
    />
  );
}

const CaseRow = memo(function CaseRow({ summary, index, trashed }: { summary: CaseSummary | undefined; index: number; trashed: boolean }) {
  const { t, i18n } = useTranslation();
  const go = useRoute((s) => s.go);
  const refresh = useLibrary((s) => s.refresh);
  const show = useToasts((s) => s.show);
  if (!summary) return <div className="row row-loading" aria-hidden="true" />;
  const language = i18n.language as Language;

  const restore = async () => {
    try {
      await call('cases:restore', { id: summary.id });
      show(t('library.restored'));
    } catch (e) {
      show(describeError(t, e));
    }
    void refresh();
  };
  const trash = async () => {
    try {
      await call('cases:trash', { id: summary.id });
      // A case in the trash is not exported with the selection.
      if (useSelection.getState().ids.has(summary.id)) useSelection.getState().set([...useSelection.getState().ids].filter((id) => id !== summary.id));
      show(t('library.movedToTrash'), { label: t('library.undo'), run: () => void call('cases:restore', { id: summary.id }).then(refresh) });
    } catch (e) {
      show(describeError(t, e));
    }
    void refresh();
  };

  const body = (
    <>
      <span className="row-title">{summary.title}</span>
      <span className="row-meta">
        <span className={`badge severity-${summary.severity}`}>{t(`enum.severity.${summary.severity}`)}</span>
        <span>{t(`steps.${summary.step}`)}</span>
        <span>{t(`enum.status.${summary.status}`)}</span>
        {summary.overdueActions > 0 && (
          <span className="badge overdue-badge" title={t('execute.overdueActions', { count: summary.overdueActions })}>
            <span aria-hidden="true">{t('execute.overdueCount', { count: summary.overdueActions })}</span>
            <span className="visually-hidden">{t('execute.overdueActions', { count: summary.overdueActions })}</span>
          </span>
        )}
        {summary.department && <span>{summary.department}</span>}
        {summary.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
        <span className="muted">{t('library.updated', { date: formatDateTime(summary.updatedAt, language) })}</span>
      </span>
    </>
  );

  return (
    <div className="row">
      {!trashed && <SelectBox id={summary.id} index={index} title={summary.title} />}
      {trashed ? (
        <div className="row-main" tabIndex={0}>
          {body}
        </div>
      ) : (
        <a
          className="row-main"
          href={`#/case/${summary.id}`}
          onClick={(e) => {
            e.preventDefault();
            go({ name: 'case', id: summary.id, step: null });
          }}
        >
          {body}
        </a>
      )}
      <button type="button" className="row-action" onClick={trashed ? restore : trash} aria-label={`${trashed ? t('library.restore') : t('library.moveToTrash')}: ${summary.title}`}>
        {trashed ? t('library.restore') : t('library.moveToTrash')}
      </button>
    </div>
  );
});
