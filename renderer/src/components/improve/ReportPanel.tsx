import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../shared/i18n/languages';
import { REPORT_FORMATS, REPORT_LAYOUTS, type ReportFormat, type ReportLayout } from '../../../../shared/report/snapshot';
import { call, fetchExport } from '../../api/client';
import { describeError, toApiError } from '../../i18n/errors';
import { useWorkspace } from '../../state/workspace';
import { Dialog } from '../Dialog';
import { downloadBlob } from '../diagram/export';
import { applyPreviewStyles, forPreview, type PreviewDoc } from './preview-html';

/** How long after the last saved edit the preview is made again. */
const PREVIEW_DELAY_MS = 600;

const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The desktop shell can show an exported file in its folder; the browser cannot. */
const showExport = () => (window.causeway as { showExportInFolder?: (path: string) => unknown } | undefined)?.showExportInFolder;

function failureText(t: ReturnType<typeof useTranslation>['t'], e: unknown): string {
  const reason = toApiError(e).reason;
  if (reason === 'pdf_unavailable') return t('reportUi.errors.pdf_unavailable');
  return describeError(t, e);
}

function formatBytes(bytes: number, language: Language): string {
  const units: Array<[string, number]> = [
    ['megabyte', 1024 * 1024],
    ['kilobyte', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / size);
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'byte' }).format(bytes);
}

/** The lessons-learned report of step 5: a live preview and the export dialog. The report's
 *  language starts as the UI's but is chosen on its own. */
export function ReportPanel() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const caseId = useWorkspace((s) => s.caseId);
  // Every stored change of the case (its fields, timeline, diagrams, plan) moves the revision on.
  const revision = useWorkspace((s) => s.revision);
  const [language, setLanguage] = useState<Language>(() => (LANGUAGES.includes(i18n.language as Language) ? (i18n.language as Language) : 'en'));
  const [layout, setLayout] = useState<ReportLayout>('steps');
  const [preview, setPreview] = useState<PreviewDoc | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const scrollRef = useRef(0);

  useEffect(() => {
    if (!caseId) return;
    let stale = false;
    setBusy(true);
    const timer = setTimeout(() => {
      call('report:preview', { caseId, language, layout, timeZone: timeZone() }).then(
        ({ html }) => {
          if (stale) return;
          // Keep the reader's place across refreshes.
          scrollRef.current = frameRef.current?.contentWindow?.scrollY ?? scrollRef.current;
          setPreview(forPreview(html));
          setError(null);
          setBusy(false);
        },
        (e: unknown) => {
          if (stale) return;
          setError(e);
          setBusy(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [caseId, language, layout, revision]);

  const onFrameLoad = () => {
    const frame = frameRef.current;
    if (!frame || !preview) return;
    applyPreviewStyles(frame, preview.css);
    frame.contentWindow?.scrollTo(0, scrollRef.current);
    frame.dataset.ready = 'true';
  };

  const languageName = t(`reportUi.languages.${language}`);
  const layoutName = t(`reportUi.layouts.${layout}`);

  return (
    <section className="report-panel" aria-labelledby={`${id}-heading`}>
      <div className="report-head">
        <h3 id={`${id}-heading`}>{t('reportUi.heading')}</h3>
        <div className="report-options">
          <label className="field-inline">
            <span>{t('reportUi.language')}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`reportUi.languages.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <span>{t('reportUi.layout')}</span>
            <select value={layout} onChange={(e) => setLayout(e.target.value as ReportLayout)}>
              {REPORT_LAYOUTS.map((l) => (
                <option key={l} value={l}>
                  {t(`reportUi.layouts.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" onClick={() => setExporting(true)}>
            {t('reportUi.export')}
          </button>
        </div>
      </div>
      <p className="muted">{t('reportUi.intro')}</p>
      {/* Not a live region: it changes with every saved keystroke. The frame is marked busy instead. */}
      <p className="report-status muted">
        {busy ? t('reportUi.updating') : ''}
      </p>
      {error ? (
        <p role="alert" className="error">
          {t('reportUi.previewFailed', { reason: failureText(t, error) })}
        </p>
      ) : null}
      <div className="report-frame" aria-busy={busy || undefined}>
        {preview && (
          <iframe
            ref={frameRef}
            // Styles are given to the frame from here (see preview-html.ts), so it shares the app's
            // origin; it never runs script.
            sandbox="allow-same-origin"
            srcDoc={preview.html}
            title={t('reportUi.previewTitle', { layout: layoutName, language: languageName })}
            onLoad={onFrameLoad}
          />
        )}
      </div>
      <ExportDialog open={exporting} onClose={() => setExporting(false)} initialLanguage={language} initialLayout={layout} />
    </section>
  );
}

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; fileName: string; path: string; bytes: number } | { kind: 'failed'; error: unknown };

function ExportDialog({ open, onClose, initialLanguage, initialLayout }: {
  open: boolean;
  onClose: () => void;
  initialLanguage: Language;
  initialLayout: ReportLayout;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const caseId = useWorkspace((s) => s.caseId);
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [layout, setLayout] = useState<ReportLayout>(initialLayout);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const reveal = showExport();

  // Each opening starts from the preview's choices, with no result shown.
  useEffect(() => {
    if (!open) return;
    setLanguage(initialLanguage);
    setLayout(initialLayout);
    setOutcome({ kind: 'idle' });
  }, [open, initialLanguage, initialLayout]);

  const run = async () => {
    if (!caseId || outcome.kind === 'busy') return;
    setOutcome({ kind: 'busy' });
    try {
      const saved = await call('report:export', { caseId, format, language, layout, timeZone: timeZone() });
      setOutcome({ kind: 'done', ...saved });
    } catch (e) {
      setOutcome({ kind: 'failed', error: e });
    }
  };

  // Browser mode: the file is in the exports folder on the host; this offers a copy where the
  // browser saves downloads (or asks where, "Save as").
  const download = async (fileName: string) => {
    try {
      downloadBlob(await fetchExport(fileName), fileName);
    } catch (e) {
      setOutcome({ kind: 'failed', error: e });
    }
  };

  const busy = outcome.kind === 'busy';
  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`} className="export-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <h2 id={`${id}-title`}>{t('reportUi.exportTitle')}</h2>
        <fieldset disabled={busy}>
          <legend>{t('reportUi.format')}</legend>
          {REPORT_FORMATS.map((f) => (
            <label key={f} className="radio export-format">
              <input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => setFormat(f)} aria-describedby={`${id}-hint-${f}`} />
              <span>
                <span className="export-format-name">{t(`reportUi.formats.${f}`)}</span>{' '}
                <span className="muted" id={`${id}-hint-${f}`}>
                  {t(`reportUi.formatHints.${f}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset disabled={busy}>
          <legend>{t('reportUi.layout')}</legend>
          {REPORT_LAYOUTS.map((l) => (
            <label key={l} className="radio">
              <input type="radio" name={`${id}-layout`} value={l} checked={layout === l} onChange={() => setLayout(l)} />
              <span>{t(`reportUi.layouts.${l}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('reportUi.language')}</label>
          <select id={`${id}-language`} value={language} disabled={busy} aria-describedby={`${id}-language-hint`} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`reportUi.languages.${l}`)}
              </option>
            ))}
          </select>
          <span className="hint" id={`${id}-language-hint`}>
            {t('reportUi.languageHint')}
          </span>
        </div>
        <div className="export-result" role="status" aria-live="polite">
          {busy && <span className="busy">{t('reportUi.exporting')}</span>}
          {outcome.kind === 'done' && (
            <>
              <span className="export-saved">{t('reportUi.savedAs', { file: outcome.fileName, size: formatBytes(outcome.bytes, i18n.language as Language) })}</span>
              {!reveal && (
<span className="export-path">{t('reportUi.savedTo', { path: outcome.path })}</span>
              )}
            </>
          )}
        </div>
        {outcome.kind === 'failed' && (
          <p role="alert" className="error">
            {failureText(t, outcome.error)}
          </p>
        )}
        <div className="dialog-actions">
          {outcome.kind === 'done' && reveal && (
            <button type="button" onClick={() => void reveal(outcome.path)}>
              {t('reportUi.openFolder')}
            </button>
          )}
          {outcome.kind === 'done' && !reveal && (
            <button type="button" className="export-download" onClick={() => void download(outcome.fileName)}>
              {t('reportUi.download.button')}
            </button>
          )}
          <button type="button" onClick={onClose} disabled={busy}>
            {t('reportUi.close')}
          </button>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('reportUi.exporting') : t('reportUi.exportButton')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

