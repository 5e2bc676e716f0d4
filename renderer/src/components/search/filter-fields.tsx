import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOUCHPOINTS } from '../../../../shared/domain/vocabulary';
import { call } from '../../api/client';

/** Filter fields the search results and the lessons library share. */

/** A department to filter by, typed. */
export function DepartmentFilter({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <label className="field-inline">
      <span>{label}</span>
      <input type="text" value={value} placeholder={t('search.departmentPlaceholder')} maxLength={200} size={12} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** A touchpoint to filter by: the fixed journeys' and the library's own (see `cases:touchpoints`). */
export function TouchpointFilter({ label, value, onChange }: { label: string; value: string | undefined; onChange(value: string | undefined): void }) {
  const { t } = useTranslation();
  const [own, setOwn] = useState<string[]>([]);
  useEffect(() => {
    call('cases:touchpoints', {}).then(setOwn, () => setOwn([]));
  }, []);
  return (
    <label className="field-inline">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('library.all')}</option>
        {TOUCHPOINTS.map((x) => (
          <option key={x} value={x}>
            {t(`enum.touchpoint.${x}`)}
          </option>
        ))}
        {own.map((x) => (
          <option key={`own:${x}`} value={x}>
            {x}
          </option>
        ))}
      </select>
    </label>
  );
}
