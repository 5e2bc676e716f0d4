import { useTranslation } from 'react-i18next';
import type { FrequencyLabel, RecurrenceTheme } from '../../../../shared/domain/insights';
import type { Language } from '../../../../shared/i18n/languages';
import { useRoute } from '../../state/route';
import { formatDay, formatNumber, formatShare } from './format';
import type { SectionProps } from './InsightsScreen';

function Labels({ labels }: { labels: readonly FrequencyLabel[] }) {
  const { t } = useTranslation();
  if (labels.length === 0) return null;
  return (
    <>
      {labels.map((l) => (
        <span key={l} className={`badge frequency-${l}`}>
          {t(`insightsUi.recurrence.labels.${l}`)}
        </span>
      ))}
    </>
  );
}

/** Root causes that came back in several cases (a fix that did not hold flagged), and how often
 *  each cause theme turns up, labelled frequent / rare / new. */
export function RecurrenceSection({ data, drill }: SectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { themes, frequencies } = data.recurrence;
  return (
    <>
      <h3>{t('insightsUi.recurrence.themesTitle')}</h3>
      {themes.length === 0 ? (
        <p className="empty">{t('insightsUi.recurrence.none')}</p>
      ) : (
        <ul className="recurrence-list">
          {themes.map((r) => (
            <li key={r.id} className={r.heldNot ? 'fix-did-not-hold' : undefined}>
              <Recurring theme={r} onOpen={() => drill({ dimension: 'recurrence', key: r.id }, r.text)} />
            </li>
          ))}
        </ul>
      )}
      <h3>{t('insightsUi.recurrence.frequencyTitle')}</h3>
      <div className="insights-table-wrap">
        <table className="insights-table">
          <caption className="visually-hidden">{t('insightsUi.recurrence.frequencyTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('insightsUi.pareto.dimensions.theme')}</th>
              <th scope="col">{t('insightsUi.recurrence.cases')}</th>
              <th scope="col">{t('insightsUi.recurrence.share')}</th>
              <th scope="col">{t('insightsUi.recurrence.label')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('insightsUi.chart.casesColumn')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {frequencies.map((f) => (
              <tr key={f.theme}>
                <th scope="row">{f.label}</th>
                <td>{formatNumber(f.cases, language)}</td>
                <td>{formatShare(f.share, language)}</td>
                <td>
                  <Labels labels={f.labels} />
                </td>
                <td>
                  {f.cases > 0 && (
                    <button type="button" className="link" onClick={() => drill({ dimension: 'theme', key: f.theme }, f.label)}>
                      {t('insightsUi.chart.openCases', { name: f.label })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Recurring({ theme: r, onOpen }: { theme: RecurrenceTheme; onOpen(): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const go = useRoute((s) => s.go);
  return (
    <article>
      <p className="recurrence-text">
        <strong>{r.text}</strong> <span className="muted">· {r.themeLabel}</span> <Labels labels={r.labels} />
      </p>
      {r.heldNot && (
        <p className="recurrence-warning">
          <span className="badge fix-badge">{t('insightsUi.recurrence.fixDidNotHold')}</span>{' '}
          {r.verifiedIn && r.recurredIn
            ? t('insightsUi.recurrence.fixDetail', { verifiedIn: r.verifiedIn.case.title, checkedAt: formatDay(r.verifiedIn.checkedAt, language), recurredIn: r.recurredIn.title })
            : null}
        </p>
      )}
      <p className="muted">
        {t('insightsUi.recurrence.inCases', { count: r.caseCount, n: formatNumber(r.caseCount, language) })}{' '}
        {r.cases.map((c, i) => (
          <span key={c.id}>
            {i > 0 ? ', ' : ''}
            <a
              href={`#/case/${c.id}`}
              onClick={(e) => {
                e.preventDefault();
                go({ name: 'case', id: c.id, step: null });
              }}
            >
              {c.title || t('case.untitled')}
            </a>
          </span>
        ))}
        {r.caseCount > r.cases.length ? ' …' : ''}{' '}
        <button type="button" className="link" onClick={onOpen}>
          {t('insightsUi.recurrence.openAll', { count: r.caseCount, n: formatNumber(r.caseCount, language) })}
        </button>
      </p>
    </article>
  );
}
