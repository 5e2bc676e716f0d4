import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSIGHTS_REPORT_FORMATS, type InsightsQuery } from '../../../../shared/domain/insights';
import { call, fetchExport } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { downloadBlob } from '../diagram/export';

type Format = (typeof INSIGHTS_REPORT_FORMATS)[number];
type Outcome = { kind: 'idle' } | { kind: 'busy'; format: Format } | { kind: 'done'; fileName: string; path: string } | { kind: 'failed'; error: unknown };

const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** The desktop app can show a saved file in its folder; in a browser the file is downloaded. */
const showExport = () => (window.causeway as { showExportInFolder?: (path: string) => unknown } | undefined)?.showExportInFolder;

/** The insights report of the filtered period (insights:report), as HTML or PDF: saved in the
 *  exports folder, then shown in its folder (desktop) or downloaded (browser mode). */
export function ReportButtons({ query, disabled }: { query: InsightsQuery; disabled: boolean }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const reveal = showExport();

  const run = async (format: Format) => {
    setOutcome({ kind: 'busy', format });
    try {
      const saved = await call('insights:report', { ...query, format, timeZone: timeZone() });
      setOutcome({ kind: 'done', fileName: saved.fileName, path: saved.path });
      if (!reveal) downloadBlob(await fetchExport(saved.fileName), saved.fileName);
    } catch (e) {
      setOutcome({ kind: 'failed', error: e });
    }
  };

  const busy = outcome.kind === 'busy';
  return (
    <>
      {INSIGHTS_REPORT_FORMATS.map((f) => (
        <button key={f} type="button" disabled={disabled || busy} aria-busy={(busy && outcome.format === f) || undefined} onClick={() => void run(f)}>
          {t(`insightsUi.report.${f}`)}
        </button>
      ))}
      <span className="insights-report-status" role="status" aria-live="polite">
        {busy ? t('insightsUi.report.busy') : outcome.kind === 'done' ? t('insightsUi.report.saved', { file: outcome.fileName }) : ''}
        {outcome.kind === 'done' && reveal && (
          <button type="button" className="link" onClick={() => void reveal(outcome.path)}>
            {t('insightsUi.report.openFolder')}
          </button>
        )}
      </span>
      {outcome.kind === 'failed' && (
        <span role="alert" className="error">
          {describeError(t, outcome.error)}
        </span>
      )}
    </>
  );
}
