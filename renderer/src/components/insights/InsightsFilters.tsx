import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SCENARIO_TYPES, SEVERITIES } from '../../../../shared/domain/vocabulary';
import { badRange, type InsightsView } from '../../state/insights-view';
import { DepartmentFilter, TouchpointFilter } from '../search/filter-fields';
import { DayInput } from './DayInput';

/** Typed text is asked for once typing pauses, not at every key. */
function useTyped(value: string | undefined, onChange: (value: string | undefined) => void): [string, (v: string) => void] {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === value) return;
    const timer = setTimeout(() => onChange(next), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return [text, setText];
}

/** The filters of search and the lessons library (date range, department, severity, scenario,
 *  touchpoint, tag); each change is a new address, so Back undoes it. */
export function InsightsFilters({ view, onChange }: { view: InsightsView; onChange(patch: Partial<InsightsView>): void }) {
  const { t } = useTranslation();
  const [department, setDepartment] = useTyped(view.department, (department) => onChange({ department, drill: undefined }));
  const [tag, setTag] = useTyped(view.tag, (tag) => onChange({ tag, drill: undefined }));
  const bad = badRange(view);
  const any = Boolean(view.from || view.to || view.department || view.touchpoint || view.severity || view.scenarioType || view.tag);
  return (
    <div className="filters insights-filters" role="search" aria-label={t('library.filters')}>
      <DayInput label={t('search.from')} value={view.from} invalid={bad} onCommit={(from) => onChange({ from, drill: undefined })} />
      <DayInput label={t('search.to')} value={view.to} invalid={bad} onCommit={(to) => onChange({ to, drill: undefined })} />
      <DepartmentFilter label={t('search.department')} value={department} onChange={setDepartment} />
      <label className="field-inline">
        <span>{t('caseForm.severity')}</span>
        <select value={view.severity ?? ''} onChange={(e) => onChange({ severity: (e.target.value || undefined) as InsightsView['severity'], drill: undefined })}>
          <option value="">{t('library.all')}</option>
          {SEVERITIES.map((x) => (
            <option key={x} value={x}>
              {t(`enum.severity.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>{t('caseForm.scenarioType')}</span>
        <select value={view.scenarioType ?? ''} onChange={(e) => onChange({ scenarioType: (e.target.value || undefined) as InsightsView['scenarioType'], drill: undefined })}>
          <option value="">{t('library.all')}</option>
          {SCENARIO_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`enum.scenarioType.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <TouchpointFilter label={t('search.touchpoint')} value={view.touchpoint} onChange={(touchpoint) => onChange({ touchpoint, drill: undefined })} />
      <label className="field-inline">
        <span>{t('insightsUi.tag')}</span>
        <input type="text" value={tag} maxLength={60} size={10} onChange={(e) => setTag(e.target.value)} />
      </label>
      {any && (
        <button
          type="button"
          className="link"
          onClick={() => onChange({ from: undefined, to: undefined, department: undefined, touchpoint: undefined, severity: undefined, scenarioType: undefined, tag: undefined, drill: undefined })}
        >
          {t('library.clearFilters')}
        </button>
      )}
    </div>
  );
}
